"""Helpers for the AppTest suite (imported by the test modules as `ui_helpers`)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import state as S

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixture_content"
TIMEOUT = 30

PAGES = {
    "home": "ui/pages/home.py",
    "guide": "ui/pages/guide.py",
    "glossary": "ui/pages/glossary.py",
    "compare": "ui/pages/compare.py",
    "simulator": "ui/pages/simulator.py",
    "quiz": "ui/pages/quiz.py",
    "progress": "ui/pages/progress.py",
}


def open_app(page: str | None = None, *, profile: str | None = None,
             presenter: bool = False) -> AppTest:
    """A fresh session (as a new browser tab) on `page`, optionally with a profile chosen."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if profile:
        at.session_state[S.PROFILE] = profile
    if presenter:
        at.session_state[S.PRESENTER] = True
    at.run()
    if page and page != "home":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """Choose one of the Simulator's tabs (only the open one is drawn), as a click on it does."""
    at.session_state[S.SIM_TAB] = label
    at.run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def diagrams(at: AppTest) -> list[str]:
    """The SVG of every workflow diagram on the page (drawn on the server by ui.diagram)."""
    return [m.value for m in at.markdown if 'class="sw-diagram' in m.value]


def node_texts(svg: str, name: str) -> list[str]:
    """The lines drawn in the diagram's box for the state `name` (its name first)."""
    for group in re.split(r'<g id="(?:node|edge|clust)\d+" class="(?:node|edge|cluster)">', svg)[1:]:
        lines = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", group)]
        if lines and lines[0] == name:
            return lines
    raise AssertionError(f"no state {name!r} in the diagram")
