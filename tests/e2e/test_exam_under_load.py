"""Eight learners saving exam answers at the same moment: every save is confirmed on
screen (the countdown redraws only itself, so nothing races the save) and stored once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e_helpers import LAPTOP, question_id
from study import load_content
from study.progress import ProgressStore

pytestmark = pytest.mark.e2e
SESSIONS = 8
QUESTIONS = 2
CONFIRM_WITHIN_MS = 120_000  # a bound on waiting for the DOM, not a speed assertion


def pick_right_answer(page: Page, q: dict) -> None:
    form = page.locator(f'[data-testid="stMain"] [class*="_q_{q["id"]}"] [data-testid="stForm"]')
    kind = '[data-testid="stCheckbox"] label' if q["type"] == "multiple" else '[data-testid="stRadioOption"]'
    options = form.locator(kind)
    expect(options).to_have_count(len(q["choices"]), timeout=CONFIRM_WITHIN_MS)
    right = {str(a) for a in q["answer"]}
    for i, c in enumerate(q["choices"]):
        if str(c["id"]) in right:
            options.nth(i).click()


def test_eight_sessions_saving_at_once_all_see_their_save_confirmed(browser: Browser,
                                                                     base_url, app_db):
    questions = {q["id"]: q for q in load_content().questions}
    contexts = [browser.new_context(base_url=base_url, viewport=LAPTOP) for _ in range(SESSIONS)]
    for c in contexts:  # eight clocks ticking on two cores: every wait gets the same bound
        c.set_default_timeout(CONFIRM_WITHIN_MS)
        c.set_default_navigation_timeout(CONFIRM_WITHIN_MS)
    try:
        pages = [c.new_page() for c in contexts]
        for i, page in enumerate(pages):
            page.goto(f"/quiz?quiz_mode=Exam&profile=Load{i}", wait_until="commit")
            size = page.get_by_label("Number of questions")
            expect(size).to_be_visible(timeout=CONFIRM_WITHIN_MS)
            size.fill(str(QUESTIONS))
            page.get_by_role("button", name="Start exam").click()
        for n in range(1, QUESTIONS + 1):
            asked = []
            for page in pages:
                expect(page.get_by_text(f"Question {n} of {QUESTIONS} ·")).to_be_visible(
                    timeout=CONFIRM_WITHIN_MS)
                qid = question_id(page, "exam")
                pick_right_answer(page, questions[qid])
                asked.append(qid)
            for page in pages:  # all eight saves go out together
                page.get_by_role("button", name="Save answer").click(no_wait_after=True)
            for i, page in enumerate(pages):
                expect(page.get_by_text(f"Answered {n} of {QUESTIONS}")).to_be_visible(
                    timeout=CONFIRM_WITHIN_MS)
                expect(page.get_by_text(f"✓ Answer to question {n} saved.")).to_be_visible(
                    timeout=CONFIRM_WITHIN_MS)
                expect(page.get_by_text("Not saved")).to_have_count(0)
        store = ProgressStore(app_db)
        for i in range(SESSIONS):
            rows = [r for r in store.answers(f"Load{i}") if r["mode"] == "exam"]
            assert len(rows) == QUESTIONS, (i, rows)  # each answer stored once
            assert all(r["correct"] for r in rows)
            assert len(store.running_exam(f"Load{i}")["answers"]) == QUESTIONS
    finally:
        for c in contexts:
            c.close()
