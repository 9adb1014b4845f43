"""AppTest fixtures: every UI test gets its own progress database (STEPWISE_DB in
tmp_path); `fixture_content` points the app at the small content in fixture_content/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui_helpers import FIXTURE_CONTENT


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
