"""ui/cache: the content is read once and shared, so no page may change it."""

import copy

from ui_helpers import PAGES, open_app

from study import load_content
from ui import cache


def test_the_shared_content_is_the_same_object_on_every_call():
    assert cache.content() is cache.content()
    assert cache.questions_by_id() is cache.questions_by_id()


def test_no_page_changes_the_shared_content():
    before = copy.deepcopy(cache.content())
    for page in PAGES:
        at = open_app(page, profile="Cache check")
        for button in at.button:  # one click of each button a learner sees first
            if button.key in ("quiz_next", "sim_forward", "sim_last"):
                button.click().run()
                assert not at.exception, at.exception
    after = cache.content()
    assert after.questions == before.questions
    assert after.workflows == before.workflows
    assert after == before
    assert cache.questions_by_id() == {q["id"]: q for q in load_content().questions}


def test_a_drawing_is_made_once_per_definition():
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    first = cache.dot(definition)
    assert "A" in first
    assert cache.dot(dict(definition)) is first  # an equal definition: the same drawing


def test_the_store_is_asked_again_only_when_its_file_changed(db_path, monkeypatch):
    import pytest
    from study.progress import DatabaseCorruptError, ProgressStore

    cache.forget_store()
    store = cache.checked_store()
    asked = []
    real_check = ProgressStore.check
    monkeypatch.setattr(ProgressStore, "check", lambda self: (asked.append(1), real_check(self))[1])
    for _ in range(3):
        assert cache.checked_store() is store
    assert asked == []  # nothing changed: no query
    db_path.touch()  # the file changed: it is asked once, then not again
    cache.checked_store()
    cache.checked_store()
    assert len(asked) == 1
    with open(db_path, "r+b") as f:
        f.truncate(0)
    with pytest.raises(DatabaseCorruptError):
        cache.checked_store()  # emptied: noticed at once
    cache.forget_store()
