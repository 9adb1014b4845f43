"""Real browser: the home page renders, a workflow graph draws, a quiz is answered and scored."""

import re

import pytest
from playwright.sync_api import Page, expect

from study import load_content

pytestmark = pytest.mark.e2e
GRAPH_SVG = '[data-testid="stGraphVizChart"] svg'


@pytest.fixture(scope="module")
def questions():
    return {q["id"]: q for q in load_content().questions}


def test_home_page_renders(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Stepwise: AWS Step Functions")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text("Where to start")).to_be_visible()
    for link in ("Home", "Study guide", "Glossary", "Standard vs Express", "Simulator", "Quiz", "Progress"):
        expect(page.get_by_role("link", name=link, exact=True).first).to_be_visible()


def test_study_guide_draws_the_worked_example(page: Page):
    page.goto("/guide")
    shown = page.locator(f"{GRAPH_SVG} >> visible=true").first  # others sit in closed expanders
    expect(shown).to_be_visible(timeout=30_000)
    assert shown.locator("g.node").count() >= 3


def current_id(page: Page, pattern: str = r"^Question \d+ of \d+ · ") -> str:
    """The question on screen: its id ends the caption line above the prompt."""
    caption = page.get_by_text(re.compile(pattern))
    expect(caption).to_be_visible(timeout=30_000)
    return caption.inner_text().rsplit(" · ", 1)[-1].strip()


def answer(page: Page, q: dict, *, right: bool = True) -> None:
    """Pick the right (or a wrong) choice by position: choice texts may hold markdown."""
    ids = [str(a) for a in q["answer"]]
    if not right:
        ids = [next(str(c["id"]) for c in q["choices"] if str(c["id"]) not in ids)] + ids[1:]
    form = page.locator('[data-testid="stMain"] [data-testid="stForm"]')
    if q["type"] == "multiple":
        options = form.locator('[data-testid="stCheckbox"] label')
    else:
        options = form.locator('[data-testid="stRadioOption"]')
    expect(options).to_have_count(len(q["choices"]))
    for i, c in enumerate(q["choices"]):
        if str(c["id"]) in ids:
            options.nth(i).click()


def test_practice_question_gets_feedback(page: Page, questions):
    page.goto("/quiz")
    q = questions[current_id(page)]
    answer(page, q, right=False)
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("✗ Not quite.")).to_be_visible()
    answer(page, q)
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("✓ Correct.")).to_be_visible()


def test_exam_is_scored_at_the_end(page: Page, questions):
    page.goto("/quiz")
    page.get_by_role("radio", name="Exam").click()
    size = page.get_by_label("Number of questions")
    expect(size).to_be_visible(timeout=30_000)
    size.fill("2")
    page.get_by_role("button", name="Start exam").click()
    for n in (1, 2):
        q = questions[current_id(page, r"^Question \d of 2 · ")]
        answer(page, q)
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_text(f"Answered {n} of 2")).to_be_visible()
        expect(page.get_by_text("✓ Correct")).to_have_count(0)  # no feedback before the end
    page.get_by_role("button", name="Finish exam").click()
    expect(page.get_by_role("heading", name="Exam results")).to_be_visible()
    expect(page.get_by_text("2 / 2")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").get_by_text("100%", exact=True)).to_be_visible()
