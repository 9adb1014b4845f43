"""Glossary page: search, and flashcards rated Again/Hard/Good/Easy with fsrs due dates."""

from datetime import datetime, timedelta, timezone

import pytest

from ui_helpers import open_app, texts
from study.progress import ProgressStore
from study.review import card_from_json
from ui import state as S


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def test_search_filters_terms():
    at = open_app("glossary")
    assert [e.label for e in at.expander] == ["State machine", "Task token", "Express workflow"]
    at.text_input(key=S.GLOSSARY_SEARCH).input("callback").run()
    assert [e.label for e in at.expander] == ["Task token"]
    assert any(c.startswith("1 of 3 terms match") for c in texts(at.caption))
    at.text_input(key=S.GLOSSARY_SEARCH).input("zzz").run()
    assert not at.expander
    assert texts(at.info) == ["No term matches. Try a shorter word, or check the spelling."]


def rate(at, name):
    at.button(key="glossary_show").click().run()
    button = at.button(key=f"glossary_rate_{name}")
    label = button.label
    button.click().run()
    assert not at.exception
    return label


def test_flashcard_rating_is_saved_with_its_next_due_date(db_path):
    at = open_app("glossary", profile="Ana")
    assert at.subheader[0].value == "State machine"
    assert "**0** due for review · **3** new" in at.markdown[0].value
    before = datetime.now(timezone.utc)
    label = rate(at, "Good")
    assert label == "Good · 10 min"
    assert texts(at.success)[0] == "“State machine” rated Good: next review in 10 min."
    cards = ProgressStore(db_path).load_cards("Ana")
    assert list(cards) == ["state-machine"]
    due = card_from_json(cards["state-machine"]).due
    assert timedelta(minutes=9) < due - before < timedelta(minutes=11)
    # the next card comes up
    assert at.subheader[0].value == "Task token"


def test_easy_is_scheduled_later_than_again(db_path):
    at = open_app("glossary", profile="Ana")
    rate(at, "Again")
    rate(at, "Easy")
    cards = {k: card_from_json(v) for k, v in ProgressStore(db_path).load_cards("Ana").items()}
    assert cards["state-machine"].due < cards["task-token"].due
    assert cards["task-token"].due - datetime.now(timezone.utc) > timedelta(days=1)


def test_without_a_profile_ratings_last_for_the_session(db_path):
    at = open_app("glossary")
    rate(at, "Easy")
    assert list(at.session_state[S.FLASH_LOCAL_CARDS]) == ["state-machine"]
    assert ProgressStore(db_path).profiles() == []


def test_all_caught_up():
    at = open_app("glossary")
    for _ in range(3):
        rate(at, "Easy")
    assert any(s.startswith("All caught up! The next card is due in") for s in texts(at.success))
