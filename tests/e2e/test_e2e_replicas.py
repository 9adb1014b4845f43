"""Real servers, real browsers, one database: two `streamlit run` replicas on two ports where
learners answer on both (every answer stored once); a server killed with `kill -9`
mid-write again and again (every answer shown is stored, nothing committed is lost); the
database file emptied while the server runs (damage offered a way out, "Not saved" shown).

The browsers click as learners do, including a double click; several pages act at once
(each is sent its click before any is waited on), so the servers really write together.
"""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from study.progress import DatabaseCorruptError, ProgressStore

pytestmark = pytest.mark.e2e

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "ui" / "fixture_content"
WAIT = 30_000  # ms: a page on a loaded 2-core machine
# The fixture quiz in order: its prompt, the kind of widget, the positions to pick.
QUIZ = [
    ("How long can an Express workflow run?", "radio", [0]),
    ("Which TWO integration patterns does Express NOT support?", "checkbox", [1, 2]),
    ("You can change a state machine from Standard to Express", "radio", [1]),
]
CYCLES = 4  # kill -9 and restart this many times
FEEDBACK = re.compile(r"^(✓ Correct|✗ Not quite)")


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database(request, tmp_path) -> tuple[dict, str]:
    """The environment that points a server at one shared database, and its URL."""
    if request.param == "sqlite":
        folder = tmp_path / "data"  # one data folder for both servers
        return {"STEPWISE_DATA_DIR": str(folder)}, f"sqlite:///{folder / 'stepwise.sqlite3'}"
    url = request.getfixturevalue("postgres").new_database()
    return {"STEPWISE_DATABASE_URL": url}, url


def open_quiz(browser: Browser, server, profile: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/quiz?profile={profile}")
    expect(page.get_by_text(QUIZ[0][0])).to_be_visible(timeout=WAIT)
    return page


def pick(page: Page, kind: str, positions: list[int]) -> None:
    form = page.locator('[data-testid="stMain"] [data-testid="stForm"]')
    options = form.locator('[data-testid="stCheckbox"] label' if kind == "checkbox"
                           else '[data-testid="stRadioOption"]')
    expect(options.first).to_be_visible(timeout=WAIT)
    for i in positions:
        options.nth(i).click()


def check_button(page: Page):
    return page.get_by_role("button", name="Check answer")


def test_two_servers_one_database_every_answer_once(app_servers, browser, shared_database):
    env, url = shared_database
    env = {**env, "STEPWISE_CONTENT_DIR": str(FIXTURE_CONTENT)}
    servers = [app_servers(env, "a"), app_servers(env, "b")]
    # Four learners' tabs, two on each server, all under one new profile at the same time
    # (the hardest case: the profile is created by whichever answer comes first).
    pages = [open_quiz(browser, servers[n % 2], "Class 3B") for n in range(4)]
    for step, (prompt, kind, positions) in enumerate(QUIZ):
        for page in pages:
            expect(page.get_by_text(prompt)).to_be_visible(timeout=WAIT)
            pick(page, kind, positions)
        for n, page in enumerate(pages):  # all clicks first: the servers write together
            if n == step % 4:
                check_button(page).dblclick()  # an impatient learner
            else:
                check_button(page).click()
        for page in pages:
            expect(page.get_by_text(FEEDBACK)).to_be_visible(timeout=WAIT)
            expect(page.get_by_text("Not saved.")).to_have_count(0)
        for page in pages:
            page.get_by_role("button", name="Next question →").click()
    store = ProgressStore(url=url)
    assert store.profiles() == ["Class 3B"]
    stored = [a["question_id"] for a in store.answers("Class 3B")]
    assert sorted(stored) == sorted(["fx-single", "fx-two", "fx-tf"] * 4)
    # and a second profile on the other server sees nothing of them
    other = open_quiz(browser, servers[1], "Solo")
    pick(other, "radio", [1])
    check_button(other).click()
    expect(other.get_by_text("✗ Not quite.")).to_be_visible(timeout=WAIT)
    assert store.answer_count("Class 3B") == 12
    assert [a["selected"] for a in store.answers("Solo")] == ["b"]


def test_kill_9_mid_write_loses_nothing_committed(app_servers, browser, tmp_path):
    """Answers shown to the learner are stored; answers stored stay stored across kills."""
    data = tmp_path / "data"
    path = data / "stepwise.sqlite3"
    server = app_servers({"STEPWISE_DATA_DIR": str(data),
                          "STEPWISE_CONTENT_DIR": str(FIXTURE_CONTENT)}, "crash")
    shown = 0
    in_flight = 0  # answers clicked when the server was killed: stored or not, not shown
    committed = 0  # answers known to be in the file before a kill
    right = True
    for cycle in range(CYCLES):
        page = open_quiz(browser, server, "Kim")
        for k in range(3):
            before = ProgressStore(path).answer_count("Kim")
            pick(page, "radio", [0 if right else 1])
            check_button(page).click()
            last = k == 2
            if last and cycle % 2 == 0:
                # Mid-write: kill the instant the answer is committed, before the browser
                # can be told. It was never shown; it must survive.
                store = ProgressStore(path)
                deadline = time.monotonic() + WAIT / 1000
                while store.answer_count("Kim") == before:  # polls the file: real state
                    assert server.proc.poll() is None and time.monotonic() < deadline
                committed = before + 1
                server.kill()
                in_flight += 1
            elif last:
                server.kill()  # right after the click: before, during or after the write
                in_flight += 1
            else:
                expect(page.get_by_text("✓ Correct." if right else "✗ Not quite.")).to_be_visible(
                    timeout=WAIT)
                shown += 1
            right = not right
        page.context.close()
        stored = ProgressStore(path).answer_count("Kim")
        assert stored >= max(shown, committed), (cycle, shown, committed, stored)
        assert stored <= shown + in_flight, (cycle, shown, in_flight, stored)
        server.start()  # same data folder, a new process
    assert shown == 2 * CYCLES
    final = ProgressStore(path).answers("Kim")
    waited = (CYCLES + 1) // 2  # the kills that waited for the commit
    assert shown + waited <= len(final) <= shown + in_flight
    assert len({(a["answered_at"], a["question_id"]) for a in final}) == len(final)


def test_database_file_emptied_while_the_server_runs(app_servers, browser, tmp_path):
    data = tmp_path / "data"
    path = data / "stepwise.sqlite3"
    server = app_servers({"STEPWISE_DATA_DIR": str(data),
                          "STEPWISE_CONTENT_DIR": str(FIXTURE_CONTENT)}, "truncate")
    page = open_quiz(browser, server, "Lee")
    pick(page, "radio", [0])
    check_button(page).click()
    expect(page.get_by_text("✓ Correct.")).to_be_visible(timeout=WAIT)
    assert ProgressStore(path).answer_count("Lee") == 1
    with open(path, "r+b") as f:
        f.truncate(0)
    pick(page, "radio", [1])
    check_button(page).click()
    expect(page.get_by_text("✗ Not quite.")).to_be_visible(timeout=WAIT)  # still graded
    expect(page.get_by_text("Not saved.")).to_be_visible(timeout=WAIT)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("is damaged or was emptied")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("no such table")).to_have_count(0)
    with pytest.raises(DatabaseCorruptError):
        ProgressStore(path)  # still the damaged file: not quietly started afresh
    sidebar.get_by_role("button", name="Move the broken file aside and start fresh").click()
    expect(sidebar.get_by_text("Started a fresh progress file")).to_be_visible(timeout=WAIT)
    pick(page, "radio", [0])
    check_button(page).click()
    expect(page.get_by_text("✓ Correct.")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Not saved.")).to_have_count(0)
    assert [a["selected"] for a in ProgressStore(path).answers("Lee")] == ["a"]
    assert list(data.glob("stepwise.sqlite3.broken-*"))
