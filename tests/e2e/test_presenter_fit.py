"""Presenter mode on a 1280 x 720 projector, checked from element bounds in the browser:
on every page of app.py's navigation, and in the quiz's states, nothing runs off the
right edge, no text is cut short, tables wrap, and figures are larger than their labels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e_helpers import PROJECTOR, fit_problems, open_page, registered_pages, settled

pytestmark = pytest.mark.e2e
PAGES = registered_pages()


@pytest.mark.parametrize("title, path", PAGES, ids=[t for t, _ in PAGES])
def test_every_page_fits_a_projector_in_presenter_mode(page: Page, title, path):
    page.set_viewport_size(PROJECTOR)
    open_page(page, path, "presenter=true&profile=Projector")
    expect(page.get_by_role("switch", name="Presenter mode")).to_be_checked()
    assert fit_problems(page) == []


def test_the_quiz_fits_a_projector_revealed_running_and_scored(page: Page):
    page.set_viewport_size(PROJECTOR)
    open_page(page, "quiz", "presenter=true")
    page.get_by_role("button", name="Reveal answer").click()
    expect(page.get_by_text("Nobody locked in an answer to this question.")).to_be_visible(
        timeout=60_000)
    assert fit_problems(settled(page)) == [], "a revealed answer"
    open_page(page, "quiz", "presenter=true&quiz_mode=Exam")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_text("Answered 0 of 3")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name=re.compile("^Finish exam")).click()
    expect(page.get_by_text("Finish the exam now?")).to_be_visible(timeout=60_000)
    assert fit_problems(page) == [], "the running exam, asking before it finishes"
    page.get_by_role("button", name="Finish anyway").click()
    expect(page.get_by_role("heading", name="Exam results")).to_be_visible(timeout=60_000)
    assert fit_problems(settled(page)) == [], "the exam results"


def test_the_calculator_fits_a_projector_with_a_problem_shown(page: Page):
    page.set_viewport_size(PROJECTOR)
    open_page(page, "compare", "presenter=true")
    field = page.get_by_role("textbox", name="Executions per month")
    field.fill("1e21")
    field.press("Enter")
    expect(page.get_by_text("the most this calculator handles")).to_be_visible(timeout=60_000)
    assert fit_problems(settled(page)) == []
