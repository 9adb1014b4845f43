"""Migrations: a SQLite file written by the version before migrations opens with every
answer, card and exam; the migrated schema is the one the queries expect, on both
backends; a file without the schema is damage; a newer schema is refused plainly."""

import json
import multiprocessing
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from study.progress import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    ProgressStore,
    move_aside,
)
from study.schema import head_revision, metadata

# What the version before migrations ran when it opened a file (study/progress.py, _SCHEMA).
BEFORE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS profiles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    id           INTEGER PRIMARY KEY,
    profile_id   INTEGER NOT NULL REFERENCES profiles(id),
    answered_at  TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    topic        TEXT NOT NULL,
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    selected     TEXT NOT NULL,
    mode         TEXT NOT NULL,
    UNIQUE (profile_id, answered_at, question_id)
);
CREATE INDEX IF NOT EXISTS answers_by_profile ON answers (profile_id, answered_at);
CREATE TABLE IF NOT EXISTS cards (
    profile_id  INTEGER NOT NULL REFERENCES profiles(id),
    term_id     TEXT NOT NULL,
    card        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (profile_id, term_id)
);
CREATE TABLE IF NOT EXISTS exams (
    id           INTEGER PRIMARY KEY,
    profile_id   INTEGER NOT NULL REFERENCES profiles(id),
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    correct      INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    details      TEXT NOT NULL
);
"""


def file_before_migrations(path, *, with_running_exams=False):
    """A progress file exactly as the version before migrations left it, with data."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(BEFORE_MIGRATIONS)
    if with_running_exams:  # a build between the two versions added this table
        conn.execute("CREATE TABLE running_exams (profile_id INTEGER PRIMARY KEY "
                     "REFERENCES profiles(id), state TEXT NOT NULL, updated_at TEXT NOT NULL)")
        conn.execute("INSERT INTO running_exams VALUES (1, '{\"ids\": [\"q1\"]}', "
                     "'2026-01-05T10:00:00.000000+00:00')")
    conn.executemany("INSERT INTO profiles (name, created_at) VALUES (?, ?)",
                     [("Ana", "2026-01-01T00:00:00+00:00"), ("Zoë", "2026-01-02T00:00:00+00:00")])
    conn.executemany(
        "INSERT INTO answers (profile_id, answered_at, question_id, topic, correct, selected, "
        "mode) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(1, "2026-01-05T09:30:00.000000+00:00", "q1", "map", 1, "a", "practice"),
         (1, "2026-01-05T09:31:00.000000+00:00", "q2", "map", 0, "b;d", "practice"),
         (1, "2026-01-05T09:00:00.000000+00:00", "q3", "data-flow", 1, "c", "exam"),
         (2, "2026-01-06T08:00:00.000000+00:00", "q1", "map", 0, "b", "practice")])
    conn.execute("INSERT INTO cards VALUES (1, 'task-token', '{\"v\": 3}', "
                 "'2026-01-05T09:40:00+00:00')")
    conn.execute("INSERT INTO exams (profile_id, started_at, finished_at, correct, total, "
                 "details) VALUES (1, '2026-01-05T09:00:00.000000+00:00', "
                 "'2026-01-05T09:15:00.000000+00:00', 7, 10, '{\"ids\": [\"q3\"]}')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("with_running_exams", [False, True])
def test_a_file_from_before_migrations_opens_with_everything(tmp_path, with_running_exams):
    path = tmp_path / "old.sqlite3"
    file_before_migrations(path, with_running_exams=with_running_exams)
    store = ProgressStore(path)
    assert store.profiles() == ["Ana", "Zoë"]
    assert [(a["question_id"], a["correct"], a["selected"], a["mode"])
            for a in store.answers("ana")] == [
        ("q3", 1, "c", "exam"), ("q1", 1, "a", "practice"), ("q2", 0, "b;d", "practice")]
    assert store.load_cards("Ana") == {"task-token": '{"v": 3}'}
    [exam] = store.exams("Ana")
    assert (exam.correct, exam.total, exam.details) == (7, 10, {"ids": ["q3"]})
    assert store.summary("Zoë").answered == 1
    assert store.running_exam("Ana") == ({"ids": ["q1"]} if with_running_exams else None)
    # the old identities still hold: the same exam answer replaces, a re-import adds nothing
    from datetime import datetime, timezone
    store.record_answer("Ana", "q3", "data-flow", False, ["d"], mode="exam",
                        at=datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc))
    assert store.answer_count("Ana") == 3
    assert store.import_csv("Ana", store.export_csv("Ana")) == 0
    assert store.ensure_profile("ANA") == "Ana"
    # and new writes work, on a store opened again (already migrated: nothing to do)
    again = ProgressStore(path)
    again.record_answer("Ana", "q4", "map", True, ["a"])
    assert again.answer_count("Ana") == 4
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrated_schema_is_what_the_queries_expect(store_url):
    store = ProgressStore(url=store_url)
    engine = create_engine(store.url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    store.close()
    assert diff == []


def test_an_old_file_migrates_to_the_same_schema_as_a_new_one(tmp_path):
    path = tmp_path / "old.sqlite3"
    file_before_migrations(path)
    ProgressStore(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    # The old file declared `id INTEGER PRIMARY KEY` without NOT NULL; in SQLite that
    # column is the rowid, which is never NULL, so the two are the same.
    rowid = [d for d in diff if isinstance(d, list) and d[0][0] == "modify_nullable"
             and d[0][3] == "id"]
    assert sorted(d[0][2] for d in rowid) == ["answers", "exams", "profiles"]
    assert [d for d in diff if d not in rowid] == []


@pytest.mark.parametrize("damage", ["empty", "no tables", "other tables"])
def test_an_existing_file_without_the_schema_is_damage(tmp_path, damage):
    path = tmp_path / "p.sqlite3"
    if damage == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version=1")
            if damage == "other tables":
                conn.execute("CREATE TABLE notes (x TEXT)")
    with pytest.raises(DatabaseCorruptError, match="none of Stepwise's tables.*Move it aside"):
        ProgressStore(path)
    assert path.exists()  # nothing replaced or deleted
    assert move_aside(path) is not None
    ProgressStore(path).record_answer("Ana", "q1", "map", True)


def test_a_file_emptied_while_in_use_is_damage_not_a_fresh_start(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    store.record_answer("Ana", "q1", "map", True)
    with open(path, "r+b") as f:
        f.truncate(0)
    with pytest.raises(DatabaseCorruptError, match="damaged or was emptied"):
        store.check()
    with pytest.raises(DatabaseCorruptError):
        store.record_answer("Ana", "q2", "map", True)
    # Opening it again does not quietly start an empty database. (Closing the pooled
    # connections may fold their last pages back in: still damage, never a fresh start.)
    with pytest.raises(DatabaseCorruptError, match="(none of Stepwise's tables|damaged)"):
        ProgressStore(path)
    with pytest.raises(DatabaseCorruptError):
        ProgressStore(path)


def test_a_file_deleted_while_in_use_is_reported(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    path.unlink()
    with pytest.raises(DatabaseCorruptError, match="disappeared"):
        store.check()
    with pytest.raises(DatabaseCorruptError, match="disappeared"):
        store.record_answer("Ana", "q1", "map", True)
    assert not path.exists()  # never silently re-created


def test_a_schema_from_a_newer_version_is_refused_plainly(store_url):
    store = ProgressStore(url=store_url)
    engine = create_engine(store.url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(DatabaseTooNewError, match="newer version of Stepwise"):
        ProgressStore(url=store_url)


def _open_each(urls, barrier, results):
    failures = []
    for url in urls:
        barrier.wait(timeout=60)
        try:
            ProgressStore(url=url).record_answer("Ana", "q1", "map", True)
        except Exception as exc:  # sent to the parent, which fails the test
            failures.append(f"{url}: {type(exc).__name__}: {exc}")
    results.put(failures)


def test_two_processes_opening_a_new_database_at_once(tmp_path, request, store_url):
    # Two app servers started together on a new data folder (or an empty PostgreSQL
    # database): one creates the schema, the other waits for it; neither sees "damage".
    if store_url.startswith("sqlite"):
        urls = [f"sqlite:///{tmp_path / f'new-{n}.sqlite3'}" for n in range(10)]
    else:
        urls = [request.getfixturevalue("postgres").new_database() for _ in range(10)]
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_open_each, args=(urls, barrier, results)) for _ in range(2)]
    for p in procs:
        p.start()
    failures = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert failures == [[], []]
    assert {ProgressStore(url=url).answer_count("Ana") for url in urls} == {2}
