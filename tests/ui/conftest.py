"""AppTest helpers: every UI test gets its own progress database (STEPWISE_DB in tmp_path)
and, unless it asks for the real content, the small fixture content in fixture_content/."""

from __future__ import annotations

from pathlib import Path

import pytest
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
    "quiz": "ui/pages/quiz.py",
    "progress": "ui/pages/progress.py",
}


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch) -> Path:
    """Each test writes its progress to its own file, never to the repository's data/."""
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("STEPWISE_DB", str(path))
    monkeypatch.delenv("STEPWISE_DATA_DIR", raising=False)
    return path


@pytest.fixture
def fixture_content(monkeypatch) -> Path:
    monkeypatch.setenv("STEPWISE_CONTENT_DIR", str(FIXTURE_CONTENT))
    return FIXTURE_CONTENT


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


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)
