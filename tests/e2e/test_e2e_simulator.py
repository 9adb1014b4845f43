"""The Simulator in a real browser: the graph, the path taken, steering the input, Play."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

GRAPH = '.sw-diagram svg'


def node(page: Page, name: str):
    """The drawn node whose label starts with the state's name."""
    return page.locator(f"{GRAPH} g.node").filter(has=page.locator("text", has_text=re.compile(rf"^{name}$")))


def test_the_worked_examples_failing_resize_ends_with_notify_admin_and_the_catch_taken(page: Page):
    page.goto("/simulator?workflow=image-processing&scenario=resize-keeps-failing-with-a-service-error&step=end")
    expect(page.locator(GRAPH)).to_be_visible(timeout=30_000)
    expect(node(page, "NotifyAdmin")).to_contain_text("succeeded")
    expect(node(page, "ResizeImage")).to_contain_text("caught")
    expect(page.locator(f"{GRAPH} g.edge", has_text="⚠ fired: Catch: States.ALL")).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^Run: SUCCEEDED · last state Finalized"))).to_be_visible()


def test_a_score_of_650_steps_through_to_manual_review(page: Page):
    page.goto("/simulator?workflow=credit-check&scenario=strong-applicant-score-780")
    expect(page.locator(GRAPH)).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Input").click()
    editor = page.get_by_label("Execution input (JSON)")
    editor.fill('{"applicantId": "A-2001", "creditScore": 650}')
    editor.press("Control+Enter")
    expect(page.get_by_text("Press Ctrl+Enter to apply")).to_have_count(0)
    page.get_by_role("button", name="Run again with this input").click()
    expect(page.get_by_text("This run uses your edited input.")).to_be_visible()
    forward = page.get_by_role("button", name="Forward")
    forward.click()
    expect(page.get_by_text(re.compile(r"^Moment 1 of 3"))).to_be_visible()
    expect(page.get_by_text("CheckCreditScore took its Default, ManualReview: no rule matched.")).to_be_visible()
    forward.click()
    expect(page.get_by_text(re.compile(r"^Moment 2 of 3"))).to_be_visible()
    expect(page.get_by_text("ManualReview succeeded.", exact=True)).to_be_visible()
    expect(node(page, "ManualReview")).to_contain_text("current step")
    expect(node(page, "AutoApprove")).not_to_contain_text("succeeded")
    expect(page).to_have_url(re.compile(r"step=2"))


def test_play_moves_the_current_state_and_stops_at_the_end(page: Page):
    page.goto("/simulator?workflow=credit-check&scenario=weak-applicant-score-640")
    expect(page.get_by_text(re.compile(r"^Moment 0 of 3"))).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Play").click()
    # Wait on what the page shows, with room for a loaded machine: Play turns into Pause,
    # the moment moves on by itself, and at the end Pause turns back into Play.
    expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"^Moment [123] of 3"))).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"^Moment 3 of 3"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Play")).to_be_visible(timeout=30_000)
    expect(node(page, "ManualReview")).to_contain_text("succeeded", timeout=30_000)
    expect(page).to_have_url(re.compile(r"step=end"))
