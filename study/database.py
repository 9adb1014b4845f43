"""Where the progress database is and how to reach it (pure Python, no Streamlit).

Two backends, chosen by `STEPWISE_DATABASE_URL`:

* unset: an embedded SQLite file (WAL mode) at `STEPWISE_DB`, or else
  `STEPWISE_DATA_DIR`/stepwise.sqlite3, or else `data/stepwise.sqlite3` in the repository;
* `postgresql+psycopg://user:password@host:5432/dbname`: a PostgreSQL server shared by
  several app replicas (`postgresql://` and `postgres://` mean the same; `sqlite:///PATH`
  names a SQLite file).

Everything a driver can raise is turned into a `StoreError` whose `.message` says, in plain
words, what happened and what to do. The driver's own text never reaches a learner: it goes
to the `stepwise.store` log for whoever runs the server.

    StoreError
    ├── DatabaseCorruptError      the SQLite file is damaged, emptied or lost its tables
    ├── DatabaseLockedError       busy for longer than the bounded wait (retried first)
    ├── DatabaseUnavailableError  can't be opened or reached (permissions, server down)
    └── DatabaseTooNewError       migrated by a newer version of Stepwise
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.pool import QueuePool

DB_FILENAME = "stepwise.sqlite3"
REPO_ROOT = Path(__file__).resolve().parent.parent
URL_SETTING = "STEPWISE_DATABASE_URL"
WRITE = "stepwise_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
POOL_SIZE, POOL_OVERFLOW = 5, 10  # connections kept per engine, and how many more it may open
POOL_CAPACITY = POOL_SIZE + POOL_OVERFLOW

log = logging.getLogger("stepwise.store")
T = TypeVar("T")


# --- errors ---------------------------------------------------------------------------


class StoreError(Exception):
    """The progress database can't be used; `.message` says why and what to do."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseCorruptError(StoreError):
    """The SQLite file exists but is not a readable Stepwise database (damaged, emptied)."""


class DatabaseLockedError(StoreError):
    """The database stayed busy (locked by other writers) for longer than the bounded wait."""


class DatabaseUnavailableError(StoreError):
    """The file or server can't be opened or reached (permissions, read-only disk, down)."""


class DatabaseTooNewError(StoreError):
    """The database was upgraded by a newer version of Stepwise than this one."""


# --- where ---------------------------------------------------------------------------------


def default_db_path(environ: dict[str, str] | None = None) -> Path:
    """Where the SQLite file lives, from STEPWISE_DB / STEPWISE_DATA_DIR / data/."""
    env = os.environ if environ is None else environ
    if env.get("STEPWISE_DB"):
        return Path(env["STEPWISE_DB"]).expanduser()
    if env.get("STEPWISE_DATA_DIR"):
        return Path(env["STEPWISE_DATA_DIR"]).expanduser() / DB_FILENAME
    return REPO_ROOT / "data" / DB_FILENAME


def database_url(environ: dict[str, str] | None = None) -> str:
    """The configured database: STEPWISE_DATABASE_URL, or else the SQLite file's URL."""
    env = os.environ if environ is None else environ
    configured = (env.get(URL_SETTING) or "").strip()
    if configured:
        return configured
    return sqlite_url(default_db_path(env))


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def parse_url(url: str | URL) -> URL:
    """A checked SQLAlchemy URL for one of the two supported backends."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        raise StoreError(
            f"{URL_SETTING} is not a database address. Use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE."
        ) from None
    driver = parsed.drivername
    if driver in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if driver in ("sqlite", "sqlite+pysqlite"):
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError(f"{URL_SETTING} must name a SQLite file (sqlite:///PATH).")
        return parsed.set(drivername="sqlite+pysqlite")
    raise StoreError(
        f"{URL_SETTING} must start with sqlite:/// or postgresql+psycopg:// "
        f"(this one starts with {driver}://)."
    )


def describe(url: URL) -> str:
    """The database for a message: the file's name, or the PostgreSQL database's name
    (never the server's address or a password)."""
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").name
    return f"'{url.database or ''}'"


# --- engines ---------------------------------------------------------------------------


def _file_identity(path: Path) -> tuple | None:
    """Which file is at `path` now (device, inode, non-empty), or None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size > 0)


def sqlite_engine(path: Path, *, timeout: float, read_only: bool = False,
                  create: bool = False, queue_wait: float = 10.0) -> Engine:
    """An engine for one SQLite file, its connections pooled (so each transaction doesn't
    reopen the file and fold the WAL back in). A pooled connection is used only while the
    file it opened is still the one at `path`, not emptied: a file moved aside, deleted,
    replaced or truncated gets a new connection, which then finds it gone or damaged.
    `create=False` never makes a new file."""
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=timeout,
                                        check_same_thread=False),
        poolclass=QueuePool,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=max(queue_wait, 1.0),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, record):
        dbapi_conn.isolation_level = None  # we say BEGIN ourselves (below)
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across a crash
        record.info["file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def _on_checkout(_dbapi_conn, record, _proxy):
        if record.info.get("file") != _file_identity(path):
            raise DisconnectionError("the database file was moved, deleted or emptied")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer takes the write lock up front, so waiting for it goes through SQLite's
        # busy timeout instead of failing when a read transaction tries to upgrade.
        immediate = conn.get_execution_options().get(WRITE) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def postgres_engine(url: URL, *, timeout: float, queue_wait: float) -> Engine:
    """A pooled engine for a PostgreSQL server; a dropped connection is replaced unseen.
    At most POOL_CAPACITY connections per app process; the store lines up the
    transactions beyond that in a FairGate, and the pool's own wait (`queue_wait`
    seconds) is only a backstop."""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=max(queue_wait, 1.0),
        connect_args={"connect_timeout": max(1, round(timeout)),
                      "application_name": "stepwise"},
    )


# --- errors from drivers ----------------------------------------------------------------


_PG_BUSY = {"40001", "40P01", "55P03", "53300", "57014"}  # serialization, deadlock, lock, too many, cancelled
_PG_DOWN_CLASSES = ("08", "57P")  # connection exceptions, operator intervention


def translate(exc: BaseException, url: URL, path: Path | None = None) -> StoreError:
    """A StoreError for a driver or pool exception; the raw text is logged, never shown."""
    if isinstance(exc, StoreError):
        return exc
    where = describe(url)
    if isinstance(exc, PoolTimeoutError):
        error: StoreError = _busy(where, path)
    else:
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        error = (_sqlite_error(orig, where, path) if url.get_backend_name() == "sqlite"
                 else _postgres_error(exc, orig, where))
    # Busy is routine (it is retried): say it quietly; anything else is for the operator.
    level = logging.INFO if isinstance(error, DatabaseLockedError) else logging.WARNING
    log.log(level, "progress database %s: %s: %s", where, type(exc).__name__, exc)
    return error


def _busy(where: str, path: Path | None) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"The progress database {where} is too busy right now (other learners are saving). "
        "Try again in a moment, or continue without saving.",
        path,
    )


def _sqlite_error(orig: BaseException, where: str, path: Path | None) -> StoreError:
    text = str(orig).lower()
    code = getattr(orig, "sqlite_errorname", "") or ""
    if "locked" in text or "busy" in text or code.startswith("SQLITE_BUSY"):
        return _busy(where, path)
    if ("not a database" in text or "malformed" in text or "corrupt" in text
            or "no such table" in text or "no such column" in text):
        return DatabaseCorruptError(
            f"The progress database {where} is damaged or was emptied, and can't be read. "
            "Move the broken file aside to start fresh; nothing is deleted.",
            path,
        )
    if "unable to open" in text and path is not None and not path.exists():
        return DatabaseCorruptError(
            f"The progress database {where} has disappeared (moved or deleted while the app "
            "was running). Start a fresh file to keep saving.",
            path,
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DatabaseUnavailableError(
            f"The disk holding the progress database {where} is full. Free some space, "
            "then try again.",
            path,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text or "i/o" in text:
        return DatabaseUnavailableError(
            f"Can't write the progress database {where}. Check the folder's permissions, or "
            "set STEPWISE_DATA_DIR to a writable folder.",
            path,
        )
    return StoreError(f"The progress database {where} failed. Try again, or continue "
                      "without saving.", path)


def _postgres_error(exc: BaseException, orig: BaseException, where: str) -> StoreError:
    code = getattr(getattr(orig, "diag", None), "sqlstate", None) or getattr(orig, "sqlstate", None)
    code = code or ""
    if code in _PG_BUSY:
        return _busy(where, None)
    if code in ("28P01", "28000"):
        return DatabaseUnavailableError(
            f"The progress database server refused the login to {where}. Check the user "
            f"and password in {URL_SETTING}.")
    if code == "3D000":
        return DatabaseUnavailableError(
            f"The progress database {where} does not exist on its server. Create it "
            "(createdb), then try again.")
    if code == "42P01":
        return StoreError(
            f"The progress database {where} is missing its tables. Try again: the app "
            "creates them when it reconnects.")
    connection_lost = code.startswith(_PG_DOWN_CLASSES) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated)
    if connection_lost or not code:
        return DatabaseUnavailableError(
            "The progress database server can't be reached right now. Answers are still "
            "graded; saving starts again by itself when the server is back.")
    return StoreError(f"The progress database {where} failed. Try again, or continue "
                      "without saving.")


# --- transactions with a bounded wait when busy --------------------------------------------


class FairGate:
    """At most `size` holders at once, let in in the order they asked.

    threading's locks and semaphores, and SQLAlchemy's connection pool, let a thread that
    has just given its place back take it again ahead of those already waiting; under steady
    load that kept one writer waiting past its bounded wait (a "too busy" answer in
    `bench/store_bench.py` with 30 writers on PostgreSQL). Here a place given back goes
    straight to the longest waiter. `acquire(timeout)` is True once in, False when the wait
    ran out (nothing is held then)."""

    def __init__(self, size: int):
        self._lock = threading.Lock()
        self._free = size
        self._waiting: deque[threading.Lock] = deque()  # one held lock per waiter, in order

    def acquire(self, timeout: float) -> bool:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=max(0.0, timeout)):
            return True  # release() handed its place to this waiter
        with self._lock:
            try:
                self._waiting.remove(turn)
            except ValueError:  # handed a place just as the wait ran out: it is ours
                return True
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()  # the place goes to the longest waiter
            else:
                self._free += 1

    def waiting(self) -> int:
        """How many are waiting for a place now."""
        with self._lock:
            return len(self._waiting)


def run_transaction(engine: Engine, work: Callable, *, write: bool, url: URL,
                    path: Path | None, busy_wait: float,
                    queue: FairGate | threading.Lock | None = None) -> T:
    """Run `work(conn)` in one transaction; commit, or roll back and raise a StoreError.

    A busy database (SQLite's lock, PostgreSQL's serialization failures, deadlocks, lock
    timeouts, a full pool) is retried with a growing, jittered pause for at most
    `busy_wait` seconds in all; anything else is raised at once. `queue` lines up the
    transactions of one process in the order they came: SQLite's writers one at a time
    (they would otherwise poll SQLite's lock in turn), PostgreSQL's as many as the pool
    holds.
    """
    deadline = time.monotonic() + busy_wait
    pause = 0.02
    while True:
        if queue is not None and not queue.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _busy(describe(url), path)
        try:
            with engine.connect() as conn:
                if write:
                    conn.execution_options(**{WRITE: True})
                with conn.begin():
                    return work(conn)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            error = translate(exc, url, path)
        finally:
            if queue is not None:
                queue.release()
        if not isinstance(error, DatabaseLockedError) or time.monotonic() + pause > deadline:
            raise error
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, 0.5)


# --- a broken file ---------------------------------------------------------------------------


def move_aside(path: Path | str) -> Path | None:
    """Rename a broken database (and its -wal/-shm files) so a fresh one can start.

    Returns the new name of the main file, or None if there was no file to move.
    Nothing is deleted: the learner (or a teacher) can still try to rescue it.
    """
    path = Path(path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    moved = None
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            try:
                src.rename(Path(str(target) + suffix))
            except OSError as exc:
                raise DatabaseUnavailableError(
                    f"Could not move {src.name} aside ({exc.strerror}). "
                    "Move or delete it by hand, then reload.",
                    path,
                ) from exc
            if suffix == "":
                moved = target
    return moved
