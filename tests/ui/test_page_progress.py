"""Progress page: history, weak topics, exams, CSV export and import through the page;
persistence across sessions; profile names."""

from datetime import datetime, timezone

import pytest

from ui_helpers import open_app, texts
from study.progress import ProgressStore
from ui import state as S

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def seed(db_path):
    store = ProgressStore(db_path)
    for i, ok in enumerate([False, False, True]):
        store.record_answer("Ana", f"q{i}", "map", ok, ["a"], at=T0.replace(minute=i))
    store.record_answer("Ana", "q9", "data-flow", True, ["b"], at=T0.replace(day=6))
    store.record_exam("Ana", 7, 10, finished_at=T0)
    return store


def test_no_profile_says_how_to_start():
    at = open_app("progress")
    assert texts(at.info)[0].startswith("Type your name in the sidebar")


def test_history_weak_topics_and_exams(db_path):
    seed(db_path)
    at = open_app("progress", profile="Ana")
    assert {m.label: m.value for m in at.metric} == {
        "Questions answered": "4", "Right": "50%", "Exams taken": "1"}
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    md = "\n".join(m.value for m in at.markdown)
    assert "✗ **Map state: inline and distributed**: 1 of 3 right (33%)" in md
    exams = at.table[-1].value
    assert exams.iloc[0].tolist() == ["2026-01-05 09:30", "7 / 10", "70%"]


def test_export_button_carries_the_csv(db_path):
    seed(db_path)
    at = open_app("progress", profile="Ana")
    assert at.get("download_button")


HEADER = "answered_at,question_id,topic,correct,selected,mode\n"
GOOD = "2026-01-05T09:30:00+00:00,fx-single,standard-vs-express,1,a,practice\n"


def upload(at, name, text):
    at.file_uploader(key=S.PROGRESS_UPLOAD).set_value((name, text.encode(), "text/csv")).run()


def test_import_good_and_bad_csv(db_path):
    at = open_app("progress", profile="Ben")
    upload(at, "a.csv", HEADER + GOOD)
    at.button(key="progress_import").click().run()
    assert not at.exception
    assert texts(at.success)[-1] == "✓ Imported 1 new answer."
    assert len(ProgressStore(db_path).answers("Ben")) == 1

    bad = HEADER + GOOD + "2026-01-06T09:30:00+00:00,fx-tf,nonsense,maybe,a,practice\n"
    upload(at, "b.csv", bad)
    at.button(key="progress_import").click().run()
    assert not at.exception
    message = texts(at.error)[0]
    assert "Nothing was imported" in message
    assert "Line 3, column 'topic': unknown topic 'nonsense'" in message  # header = line 1
    assert "Line 3, column 'correct'" in message
    assert len(ProgressStore(db_path).answers("Ben")) == 1


def test_import_refuses_unknown_ids_unless_the_learner_keeps_the_good_rows(db_path):
    at = open_app("progress", profile="Ben")
    text = (HEADER + GOOD
            + "2026-01-05T09:31:00+00:00,no-such-question,map,1,a,practice\n"
            + "2026-01-05T09:32:00+00:00,fx-two,integration-patterns,1,b;z,practice\n"
            + "2026-01-05T09:33:00+00:00,fx-tf,standard-vs-express,1,false,exam\n")
    upload(at, "mixed.csv", text)
    at.button(key="progress_import").click().run()
    message = texts(at.error)[0]
    assert "Line 3, column 'question_id': unknown question 'no-such-question'" in message
    assert "Line 4, column 'selected': question 'fx-two' has no choice 'z'" in message
    assert ProgressStore(db_path).answers("Ben") == []  # a bad row: nothing imported
    keep = at.button(key="progress_import_good")
    assert keep.label == "Import the 2 good rows and leave out the 2 bad ones"
    keep.click().run()
    assert not at.exception
    assert texts(at.success)[-1] == "✓ Imported 2 new answers. Left out 2 bad rows."
    assert [a["question_id"] for a in ProgressStore(db_path).answers("Ben")] == [
        "fx-single", "fx-tf"]
    assert not at.error and not [b for b in at.button if b.key == "progress_import_good"]


def test_progress_survives_a_new_session(db_path):
    # session 1: choose a profile through the sidebar, answer a question
    at = open_app("quiz")
    at.text_input(key=S.PROFILE_INPUT).input("Cleo")
    next(b for b in at.button if b.label.startswith("Save my progress")).click().run()
    assert at.session_state[S.PROFILE] == "Cleo"
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("a")
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert texts(at.success) == ["**✓ Correct.**"]
    # session 2: a new tab (fresh session state), same database file
    again = open_app("progress", profile="Cleo")
    assert {m.label: m.value for m in again.metric}["Questions answered"] == "1"
    other = open_app("progress", profile="Dan")
    assert {m.label: m.value for m in other.metric}["Questions answered"] == "0"


@pytest.mark.parametrize(
    "name, message",
    [("", "can't be empty"), ("a/b", "not '/'"), ("x" * 41, "at most 40 characters")],
)
def test_bad_profile_names_are_explained(name, message):
    at = open_app("home")
    at.text_input(key=S.PROFILE_INPUT).input(name)
    next(b for b in at.button if b.label.startswith("Save my progress")).click().run()
    assert not at.exception
    assert S.PROFILE not in at.session_state
    assert any(message in e for e in texts(at.sidebar.error)), texts(at.sidebar.error)


def test_switch_profile():
    at = open_app("home", profile="Ana")
    at.button(key="sidebar_switch_profile").click().run()
    assert S.PROFILE not in at.session_state
