"""Helpers for the browser tests (imported by the test modules as `e2e_helpers`).

Every wait here is on the page's real state (Streamlit's script state, stale elements,
text that appears), never a sleep.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
LAPTOP = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def registered_pages() -> list[tuple[str, str]]:
    """(title, address path) of every page in app.py's navigation, read from its source,
    so a page added there is covered by every test parametrised over this list."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Page" and node.args
                and isinstance(node.args[0], ast.Constant)):
            continue
        kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        path = str(node.args[0].value)
        url = "" if kw.get("default") else str(kw.get("url_path") or Path(path).stem)
        pages.append((str(kw.get("title") or Path(path).stem), url))
    assert pages, "no st.Page(...) found in app.py"
    return pages


SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stMain"] [data-stale="true"]');
}"""


def settled(page: Page, timeout: float = 60_000) -> Page:
    """Wait until the script has finished and nothing on the page is stale. Not for a page
    with a running clock (the exam): wait on the text you expect there instead."""
    page.wait_for_function(SETTLED, timeout=timeout)
    return page


def open_page(page: Page, path: str, query: str = "") -> Page:
    page.goto(f"/{path}" + (f"?{query}" if query else ""))
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=60_000)
    return settled(page)


def question_id(page: Page, kind: str) -> str:
    """The id of the question on screen: its container's class (never shown as text)."""
    box = page.locator(f'[data-testid="stMain"] [class*="st-key-{kind}_q_"]')
    expect(box).to_have_count(1, timeout=60_000)
    match = re.search(rf"st-key-{kind}_q_(\S+)", box.get_attribute("class") or "")
    assert match, box.get_attribute("class")
    return match.group(1)


# In presenter mode on a 1280 x 720 projector: anything running off the right edge, text
# cut short (buttons, metric labels and values, table cells, widget labels), a table wider
# than its box, a figure not clearly larger than its label, or a page that scrolls sideways.
FIT_PROBLEMS = (Path(__file__).resolve().parent / "fit_problems.js").read_text(encoding="utf-8")


def fit_problems(page: Page) -> list[list[str]]:
    return page.evaluate(FIT_PROBLEMS)
