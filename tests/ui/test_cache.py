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
