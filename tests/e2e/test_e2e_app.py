"""Real browser: the home page renders, a workflow graph draws, a quiz is answered and scored."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e_helpers import question_id
from study import load_content

pytestmark = pytest.mark.e2e
GRAPH_SVG = '.sw-diagram svg'


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


def current_id(page: Page, kind: str, number: int, total: int | None = None) -> str:
    """The id of question `number` once it is on screen (its own caption, not a stale
    one from the question before: both match a loose pattern while the page redraws)."""
    of = str(total) if total else r"\d+"
    expect(page.get_by_text(re.compile(rf"^Question {number} of {of} · "))).to_be_visible(
        timeout=60_000)
    return question_id(page, kind)


def answer(page: Page, q: dict, *, right: bool = True) -> None:
    """Pick the right (or a wrong) choice by position: choice texts may hold markdown."""
    ids = [str(a) for a in q["answer"]]
    if not right:
        ids = [next(str(c["id"]) for c in q["choices"] if str(c["id"]) not in ids)] + ids[1:]
    form = page.locator(f'[data-testid="stMain"] [class*="_q_{q["id"]}"] [data-testid="stForm"]')
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
    q = questions[current_id(page, "practice", 1)]
    answer(page, q, right=False)
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("✗ Not quite.")).to_be_visible()
    answer(page, q)
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("✓ Correct.")).to_be_visible()


def test_exam_is_scored_at_the_end(page: Page, questions):
    page.goto("/quiz?quiz_mode=Exam")
    size = page.get_by_label("Number of questions")
    expect(size).to_be_visible(timeout=60_000)
    size.fill("2")
    page.get_by_role("button", name="Start exam").click()
    for n in (1, 2):
        q = questions[current_id(page, "exam", n, 2)]
        answer(page, q)
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_text(f"Answered {n} of 2")).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"✓ Answer to question {n} saved.")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("✓ Correct")).to_have_count(0)  # no feedback before the end
    page.get_by_role("button", name="Finish exam").click()
    expect(page.get_by_role("heading", name="Exam results")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stMetricValue").get_by_text("1000 / 1000")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").get_by_text("✓ Pass")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").get_by_text("2 / 2 (100%)")).to_be_visible()


def test_a_reload_keeps_the_practice_topic_and_question(page: Page):
    page.goto("/quiz?quiz_topic=map&quiz_question=3&presenter=true")
    expect(page.get_by_text(re.compile(r"^Question 3 of \d+ · Map state"))).to_be_visible(
        timeout=60_000)
    page.get_by_role("button", name="Next question →").click()
    expect(page.get_by_text(re.compile(r"^Question 4 of \d+ · Map state"))).to_be_visible(
        timeout=60_000)
    expect(page).to_have_url(re.compile(r"quiz_question=4"))
    page.reload()
    expect(page.get_by_text(re.compile(r"^Question 4 of \d+ · Map state"))).to_be_visible(
        timeout=60_000)
    expect(page.get_by_role("switch", name="Presenter mode")).to_be_checked()


def seconds_left(page: Page) -> int:
    minutes, seconds = page.get_by_text(re.compile(r"^Time left: ")).inner_text().split(": ")[1].split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_reload_mid_exam_resumes_its_answers_and_its_clock(page: Page, questions):
    page.goto("/quiz?quiz_mode=Exam&profile=Resumer")
    size = page.get_by_label("Number of questions")
    expect(size).to_be_visible(timeout=60_000)
    size.fill("3")
    page.get_by_role("button", name="Start exam").click()
    first = current_id(page, "exam", 1, 3)
    answer(page, questions[first])
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Answered 1 of 3")).to_be_visible(timeout=60_000)
    second = current_id(page, "exam", 2, 3)
    page.get_by_text("Flag for review").click()
    expect(page.get_by_text("⚑ flagged 1 (2)")).to_be_visible(timeout=60_000)
    before = seconds_left(page)
    page.reload()
    expect(page.get_by_text("Welcome back: your exam continues")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Answered 1 of 3")).to_be_visible()
    assert current_id(page, "exam", 2, 3) == second
    expect(page.get_by_role("checkbox", name="⚑ Flag for review")).to_be_checked()
    assert seconds_left(page) <= before  # the same deadline: the clock kept running
    page.get_by_role("radio", name="1 ✓").click()  # the navigator: answered, so marked ✓
    assert current_id(page, "exam", 1, 3) == first
