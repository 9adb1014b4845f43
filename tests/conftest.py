"""Fixtures every test folder may use: a throwaway PostgreSQL server for the session, and
`store_url`, one fresh progress database per test on each backend (SQLite and PostgreSQL).

Without PostgreSQL installed the PostgreSQL cases are skipped locally (with the reason) but
fail in CI (CI set), where .ci/run installs it.
"""

from __future__ import annotations

import os

import pytest

import pgcluster

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():
    """The session's PostgreSQL server (started on first use, stopped at the end)."""
    if pgcluster.bindir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    cluster = pgcluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """A new, empty progress database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()
