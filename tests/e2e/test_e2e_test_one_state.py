"""Real browser: on the Simulator, test one state with a mocked error, then with its retries spent."""

import pytest
from playwright.sync_api import Page, expect

from study import load_content

pytestmark = pytest.mark.e2e


def test_a_mocked_error_is_retried_then_caught(page: Page):
    workflow = next(w for w in load_content().workflows.values() if w["id"] == "order-retry")
    state = workflow["definition"]["StartAt"]
    spec = workflow["definition"]["States"][state]
    error = spec["Retry"][0]["ErrorEquals"][0]
    catcher = next(i for i, c in enumerate(spec["Catch"]) if error in c["ErrorEquals"] or "States.ALL" in c["ErrorEquals"])

    page.goto("/simulator?workflow=order-retry")
    tab = page.get_by_role("tab", name="Test one state")
    expect(tab).to_be_visible(timeout=60_000)  # the page ran to its tabs (the graph may still be drawing)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    page.locator(".st-key-teststate_mock").get_by_text("Mocked error", exact=True).click()
    expect(page.locator(".st-key-teststate_error input")).to_have_value(error)
    page.locator(".st-key-teststate_run button").click()
    expect(page.get_by_text("RETRIABLE · retrier #1, wait")).to_be_visible(timeout=15_000)

    retries = page.locator(".st-key-teststate_retries input")
    retries.fill(str(spec["Retry"][0]["MaxAttempts"]))
    retries.press("Enter")
    expect(page.get_by_text("You changed the test since this answer")).to_be_visible(timeout=15_000)
    page.locator(".st-key-teststate_run button").click()
    headline = f"CAUGHT_ERROR · catcher #{catcher + 1}, next state {spec['Catch'][catcher]['Next']}"
    expect(page.get_by_text(headline)).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Data flow of " + state)).to_be_visible()
