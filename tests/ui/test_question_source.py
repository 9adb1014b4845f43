"""Under each explanation the quiz shows the AWS documentation page its fact comes from."""

import pytest

from ui_helpers import open_app, texts
from ui import state as S

SOURCE = ("Source: [Choosing workflow type in Step Functions]"
          "(https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html)")


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def test_feedback_names_and_links_the_source():
    at = open_app("quiz")
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert not at.exception, at.exception
    assert SOURCE in texts(at.caption)


def test_presenter_reveal_names_the_source_too():
    at = open_app("quiz", presenter=True)
    at.button(key="quiz_reveal").click().run()
    assert not at.exception, at.exception
    assert SOURCE in texts(at.caption)
