"""The only caching in the app: study content (read once, shared), runs, drawings and the progress store
(one per database URL and process; its engine pools PostgreSQL connections).

`STEPWISE_CONTENT_DIR` (optional) points the loader at another content root, which is
how tests show a broken content file without touching the repository's files.
"""

from __future__ import annotations

import os
import threading
import time

import streamlit as st

from study import TOPICS, Content, load_content
from study.progress import ProgressStore, database_url, default_db_path


def content_root() -> str | None:
    return os.environ.get("STEPWISE_CONTENT_DIR") or None


# Content is read once per process and shared by every session, never copied: st.cache_data
# would unpickle the whole bank on every rerun of every page. Nothing may change it.
@st.cache_resource(show_spinner=False)
def _content(root: str | None) -> Content:
    return load_content(root)


def content() -> Content:
    """All study content; problems are in `.errors`, the rest still loads."""
    return _content(content_root())


@st.cache_resource(show_spinner=False)
def _questions_by_id(root: str | None) -> dict[str, dict]:
    return {q["id"]: q for q in _content(root).questions or []}


def questions_by_id() -> dict[str, dict]:
    return _questions_by_id(content_root())


@st.cache_resource(show_spinner=False, max_entries=256)
def _dot(definition: dict) -> str:
    from engine.graph import to_dot

    return to_dot(definition, links=True)


def dot(definition: dict) -> str:
    """A definition's DOT drawing (engine.graph.to_dot), made once per definition."""
    return _dot(definition)


def topic_title(topic: str) -> str:
    return TOPICS.get(topic, topic)


@st.cache_resource(show_spinner=False, max_entries=64)
def _simulation(definition_json: str, input_json: str, mocks_json: str, workflow_type: str,
                redeliver: tuple[str, ...]):
    # A run is computed once per (definition, input, mocks, type, redelivery) and shared by
    # every step, scrub and tick; nothing returned here is ever mutated.
    from ui.simulation import simulate

    return simulate(definition_json, input_json, mocks_json, workflow_type, redeliver)


def simulation(definition_json: str, input_json: str, mocks_json: str, workflow_type: str,
               redeliver: tuple[str, ...] = ()):
    """The run (and its replay) of a definition, input and mocks, as ui.simulation.Simulation."""
    return _simulation(definition_json, input_json, mocks_json, workflow_type, tuple(redeliver))


@st.cache_resource(show_spinner=False, max_entries=32)
def _derived(kind: str, key: tuple, name: str = "", case: str = ""):
    # What a page derives from a run, built once per run: the history table, the history as
    # AWS's JSON, the retry timelines, the exports. The run comes from the cache above.
    import json

    from engine import export
    from engine.scenarios import Scenario
    from ui import retry_timeline, simulation

    sim = _simulation(*key)
    if kind == "table":
        return simulation.history_table(sim.execution)
    if kind == "history_json":
        return json.dumps(simulation.get_execution_history(sim.execution), indent=2, ensure_ascii=False)
    if kind == "timelines":
        return retry_timeline.timelines(sim.execution, sim.replay, sim.specs)
    definition, value, mocks, workflow_type = sim.definition, json.loads(key[1]), json.loads(key[2]), key[3]
    scenario = Scenario(case, case, "input", value, mocks)
    if kind == "mockconfig":
        return json.dumps(export.mock_config(definition, scenario, name=name, workflow_type=workflow_type), indent=2)
    if kind == "sam":
        return export.sam_template(definition, workflow_type=workflow_type, name=name)
    if kind == "teststate":
        requests = export.requests_for_test_state(definition, scenario, workflow_type=workflow_type)
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in requests) + "\n"
    raise ValueError(kind)


def history_table(sim):
    """The run's history as a table indexed by event id (built once per run)."""
    return _derived("table", sim.key)


def history_json(sim) -> str:
    """The run's history as GetExecutionHistory JSON text (built once per run)."""
    return _derived("history_json", sim.key)


def timelines(sim):
    """The run's retry timelines (built once per run)."""
    return _derived("timelines", sim.key)


def export_text(sim, kind: str, name: str, case: str = "") -> str:
    """An export of the run on screen ("sam", "mockconfig", "teststate"), built once per run."""
    return _derived(kind, sim.key, name, case)


def db_path() -> str:
    """The SQLite file (what a broken file's move-aside moves)."""
    return str(default_db_path())


def db_url() -> str:
    """The configured database: STEPWISE_DATABASE_URL, or the SQLite file's URL."""
    return database_url()


def _close(store: ProgressStore) -> None:
    store.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def _store(url: str) -> ProgressStore:
    # Opening brings the schema up to date; a failure is not cached, so the next rerun
    # tries again (which is how the app recovers by itself when the database is back).
    return ProgressStore(url=url)


def store() -> ProgressStore:
    """The progress store for the configured database; raises study.progress.StoreError."""
    return _store(db_url())


def forget_store() -> None:
    """Drop the cached store (after a failure, or after its file was moved aside)."""
    _store.clear()
    with _CHECKS_LOCK:
        _CHECKED.clear()


SERVER_CHECK_SECONDS = 5.0  # a database server is asked at most this often whether it is there
_CHECKED: dict[str, tuple] = {}  # URL -> what the database looked like when it last passed check()
_CHECKS_LOCK = threading.Lock()


def _look(s: ProgressStore) -> tuple:
    """What must stay the same for the last check to still hold: a SQLite file's identity,
    size and modification time (emptying, replacing or deleting it changes them), or for a
    server the time slot of the check. A failed write is handled where it happens."""
    if s.backend == "sqlite" and s.path is not None:
        try:
            st_ = os.stat(s.path)
        except OSError:
            return ("gone",)
        return (st_.st_ino, st_.st_size, st_.st_mtime_ns)
    return ("server", int(time.monotonic() // SERVER_CHECK_SECONDS))


def checked_store() -> ProgressStore:
    """The store, checked with a query only when the database may have changed since the
    last check (raises study.progress.StoreError). A rerun that changed nothing costs a
    stat of the file, not a query; a file emptied, replaced or deleted is noticed on the
    next rerun, and a server that went away within SERVER_CHECK_SECONDS."""
    s = store()  # opening checks the schema; a failed open is not cached
    url, look = db_url(), _look(s)
    with _CHECKS_LOCK:
        if _CHECKED.get(url) == look:
            return s
    s.check()
    with _CHECKS_LOCK:
        _CHECKED[url] = _look(s)
    return s
