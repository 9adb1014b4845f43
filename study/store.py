"""The progress store: answers, flashcard schedules, exam results and the running exam,
per profile, in SQLite or PostgreSQL (SQLAlchemy Core). Pure Python, no Streamlit.

How it behaves as a database should:

* every write is its own committed transaction (an answer is kept the moment it is given,
  whatever happens to the server afterwards);
* every write is idempotent: an answer carries a key (a double click or a retried request
  sends the same one and is stored once), an exam result too, and a profile is created
  with `INSERT … ON CONFLICT DO NOTHING`, then read, so two first answers at once make
  one profile; two different answers to one question given in the same microsecond (two
  tabs, two servers) are both kept, the second a microsecond later;
* a flashcard schedule is changed with compare-and-set on its version, so two replicas
  rating the same card never lose a review;
* a busy database is retried with a bounded wait; imports go in chunks so answers
  are never stuck behind a big file;
* a SQLite file that exists without the Stepwise tables (emptied, replaced) is reported
  as damaged, never silently started afresh.

Errors are the `StoreError` tree of `study.database`; their messages are for learners.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from study.answers_csv import (
    CSV_COLUMNS,
    MODES,
    CSVImportError,
    parse_answers_csv,
    write_answers_csv,
)
from study.database import (
    POOL_CAPACITY,
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    FairGate,
    StoreError,
    database_url,
    describe,
    parse_url,
    postgres_engine,
    run_transaction,
    sqlite_engine,
    sqlite_url,
    translate,
)
from study.profiles import validate_profile_name
from study.schema import (
    answers,
    cards,
    current_revision,
    exams,
    fold_name,
    has_stepwise_tables,
    head_revision,
    known_revision,
    profiles,
    running_exams,
    upgrade,
)

IMPORT_CHUNK = 500  # answers per transaction when importing
CARD_TRIES = 20  # compare-and-set attempts for one flashcard rating
SAME_MOMENT_TRIES = 50  # answers to one question kept apart within the same microsecond


@dataclass(frozen=True)
class TopicStat:
    topic: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class DayStat:
    day: str  # YYYY-MM-DD (UTC)
    answered: int
    correct: int


@dataclass(frozen=True)
class ExamRecord:
    started_at: str
    finished_at: str
    correct: int
    total: int
    details: dict

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Summary:
    answered: int
    correct: int
    exams: int
    best_exam_percent: float | None
    last_answer_at: str | None
    cards: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _next_microsecond(stamp: str) -> str:
    return (datetime.fromisoformat(stamp) + timedelta(microseconds=1)).isoformat(timespec="microseconds")


def _iso(when: datetime | None) -> str:
    if when is None:
        return _now_iso()
    if when.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware (UTC)")
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


class ProgressStore:
    """Every profile's progress in one database.

    `ProgressStore()` opens the configured database (`STEPWISE_DATABASE_URL`, or else the
    SQLite file of `STEPWISE_DB` / `STEPWISE_DATA_DIR`); `ProgressStore(path)` a SQLite
    file; `ProgressStore(url=...)` any supported URL. Opening brings the schema up to date.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        url: str | None = None,
        read_only: bool = False,
        timeout: float = 3.0,
        busy_wait: float = 10.0,
    ):
        if url is None:
            url = sqlite_url(path) if path is not None else database_url()
        self.url = parse_url(url)
        self.backend = self.url.get_backend_name()  # "sqlite" or "postgresql"
        self.path = Path(self.url.database) if self.backend == "sqlite" else None
        self.read_only = read_only
        self.timeout = timeout
        self.busy_wait = busy_wait
        self._engine: Engine | None = None
        # SQLite: one writer at a time (a plain lock: handing each turn to the longest waiter
        # measured a third fewer answers a second, and this lock never kept one past its wait);
        # PostgreSQL: as many transactions as the pool holds connections, the rest in turn.
        self._readers = FairGate(POOL_CAPACITY) if self.backend == "postgresql" else None
        self._writers = threading.Lock() if self.backend == "sqlite" else self._readers
        try:
            if self.backend == "sqlite":
                self._open_sqlite()
            else:
                self._engine = postgres_engine(self.url, timeout=timeout, queue_wait=busy_wait)
                self._migrate()
        except BaseException:
            self.close()
            raise
        self._insert = sqlite_insert if self.backend == "sqlite" else pg_insert

    def __repr__(self) -> str:
        return f"ProgressStore({self.backend}: {self.where})"

    @property
    def where(self) -> str:
        """The database for a message: the file name, or database and server (no password)."""
        return describe(self.url)

    def close(self) -> None:
        """Close pooled connections (a new call reopens them)."""
        if self._engine is not None:
            self._engine.dispose()

    # opening -----------------------------------------------------------------------

    def _open_sqlite(self) -> None:
        path = self.path
        if self.read_only:
            if not path.exists():
                raise DatabaseUnavailableError(
                    f"There is no progress database {path.name} to read.", path)
            self._engine = sqlite_engine(path, timeout=self.timeout, read_only=True)
            rev = self._read(current_revision)
            if rev != head_revision():
                raise StoreError(f"The progress database {path.name} needs an upgrade; open "
                                 "it once with the app (not read-only).", path)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailableError(
                f"Can't create the folder {path.parent} for the progress database "
                f"({exc.strerror}). Set STEPWISE_DATA_DIR to a writable folder.",
                path,
            ) from exc
        if not path.exists():
            self._create_sqlite_file(path)
        self._engine = sqlite_engine(path, timeout=self.timeout, queue_wait=self.busy_wait)
        self._migrate()  # first: it only reads a file that turns out to be damaged
        self._wal(self._engine)

    def _create_sqlite_file(self, path: Path) -> None:
        """Make a new database file whole: built beside it, then linked into place, so no
        process ever sees a file without its tables (that would be damage)."""
        tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
        engine = sqlite_engine(tmp, timeout=self.timeout, create=True)
        try:
            self._wal(engine)
            run_transaction(engine, upgrade, write=True, url=self.url, path=path,
                            busy_wait=self.busy_wait)
            engine.dispose()  # the last connection closes: the WAL is folded into the file
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it at the same moment: use theirs
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(tmp, path)
        except OSError as exc:
            raise DatabaseUnavailableError(
                f"Can't create the progress database {path.name} in {path.parent} "
                f"({exc.strerror}). Set STEPWISE_DATA_DIR to a writable folder.",
                path,
            ) from exc
        finally:
            engine.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(tmp) + suffix).unlink(missing_ok=True)

    def _wal(self, engine: Engine) -> None:
        try:
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL").fetchall()
            finally:
                raw.close()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise translate(exc, self.url, self.path) from exc

    def _migrate(self) -> None:
        existing = self.backend == "sqlite"

        def state(conn: Connection) -> str | None:
            if existing and not has_stepwise_tables(conn):
                raise DatabaseCorruptError(
                    f"The progress database {self.where} has none of Stepwise's tables (it "
                    "may have been emptied or replaced). Move it aside to start fresh; "
                    "nothing is deleted.",
                    self.path,
                )
            return current_revision(conn)

        def migrate(conn: Connection) -> None:
            rev = state(conn)
            if rev == head_revision():
                return  # another process got there first
            if rev is not None and not known_revision(rev):
                raise DatabaseTooNewError(
                    f"The progress database {self.where} was upgraded by a newer version of "
                    "Stepwise. Update this app to use it.",
                    self.path,
                )
            upgrade(conn)

        if self._read(state) != head_revision():
            self._write(migrate)

    # transactions -------------------------------------------------------------------

    def _read(self, work: Callable):
        return run_transaction(self._engine, work, write=False, url=self.url,
                               path=self.path, busy_wait=self.busy_wait, queue=self._readers)

    def _write(self, work: Callable):
        if self.read_only:
            raise DatabaseUnavailableError(
                f"The progress database {self.where} was opened read-only.", self.path)
        return run_transaction(self._engine, work, write=True, url=self.url,
                               path=self.path, busy_wait=self.busy_wait, queue=self._writers)

    def check(self) -> None:
        """Raise a StoreError if the database can't be used right now (one small query)."""
        if self.backend == "sqlite" and not self.path.exists():
            raise DatabaseCorruptError(
                f"The progress database {self.where} has disappeared (moved or deleted "
                "while the app was running). Start a fresh file to keep saving.",
                self.path,
            )
        self._read(lambda conn: conn.execute(text("SELECT version_num FROM alembic_version"))
                   .all())

    # profiles -------------------------------------------------------------------------

    def _profile_id(self, conn: Connection, clean: str, *, create: bool) -> int | None:
        key = fold_name(clean)
        find = select(profiles.c.id).where(profiles.c.name_key == key)
        pid = conn.execute(find).scalar()
        if pid is None and create:
            conn.execute(self._insert(profiles)
                         .values(name=clean, name_key=key, created_at=_now_iso())
                         .on_conflict_do_nothing())
            pid = conn.execute(find).scalar()
        return pid

    def profiles(self) -> list[str]:
        """All profile names, alphabetically (ignoring case)."""
        return self._read(lambda conn: list(conn.execute(
            select(profiles.c.name).order_by(profiles.c.name_key, profiles.c.name)).scalars()))

    def ensure_profile(self, name: str) -> str:
        """Create the profile if needed (atomically); returns the stored spelling of its name."""
        clean = validate_profile_name(name)

        def work(conn: Connection) -> str:
            pid = self._profile_id(conn, clean, create=True)
            return conn.execute(select(profiles.c.name).where(profiles.c.id == pid)).scalar_one()

        return self._write(work)

    def _reading(self, profile: str, work: Callable, empty):
        """Run `work(conn, profile_id)` in one read transaction, or return `empty` for an
        unknown profile (reading never creates one)."""
        clean = validate_profile_name(profile)

        def run(conn: Connection):
            pid = self._profile_id(conn, clean, create=False)
            return empty if pid is None else work(conn, pid)

        return self._read(run)

    def _writing(self, profile: str, work: Callable):
        """Run `work(conn, profile_id)` in one write transaction, creating the profile."""
        clean = validate_profile_name(profile)
        return self._write(lambda conn: work(conn, self._profile_id(conn, clean, create=True)))

    # answers ------------------------------------------------------------------------

    def record_answer(
        self,
        profile: str,
        question_id: str,
        topic: str,
        correct: bool,
        selected: Iterable[str] = (),
        *,
        mode: str = "practice",
        at: datetime | None = None,
        key: str | None = None,
    ) -> bool:
        """Store one answer in its own transaction; True if it is a new answer.

        `key` identifies the answer: sending the same key again (a double click, a retried
        request) changes nothing new. Without one, the key is the time and the question, so
        an exam (which passes its start time as `at`) keeps one row per question, and
        changing an exam answer replaces it.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        answered_at = _iso(at)
        key = key or f"{answered_at}|{question_id}"
        given = {"topic": topic, "correct": int(bool(correct)),
                 "selected": ";".join(selected), "mode": mode}

        def work(conn: Connection, pid: int) -> bool:
            stamp = answered_at
            for _ in range(SAME_MOMENT_TRIES):
                added = conn.execute(
                    self._insert(answers)
                    .values(profile_id=pid, answered_at=stamp, question_id=question_id,
                            answer_key=key, **given)
                    .on_conflict_do_nothing().returning(answers.c.id)
                ).first()
                if added is not None:
                    return True
                repeated = conn.execute(
                    update(answers).where(answers.c.profile_id == pid, answers.c.answer_key == key)
                    .values(**given)).rowcount
                if repeated:  # this answer again (a double click, a retry, a changed exam answer)
                    return False
                # Another answer to this question (another tab, another server) was given at
                # this very microsecond: it is a second answer, kept one microsecond later.
                stamp = _next_microsecond(stamp)
            raise DatabaseLockedError(
                "The answer could not be saved: too many answers to this question arrived at "
                "the same moment. Try again in a moment.", self.path)

        return self._writing(profile, work)

    def answers(self, profile: str) -> list[dict]:
        """Every answer of `profile`, oldest first, as dicts with the CSV columns."""
        columns = [answers.c[name] for name in CSV_COLUMNS]
        return self._reading(profile, lambda conn, pid: [
            dict(row._mapping) for row in conn.execute(
                select(*columns).where(answers.c.profile_id == pid)
                .order_by(answers.c.answered_at, answers.c.id))
        ], [])

    def answer_count(self, profile: str) -> int:
        """How many answers `profile` has stored."""
        return self._reading(profile, lambda conn, pid: conn.execute(
            select(func.count()).select_from(answers).where(answers.c.profile_id == pid)
        ).scalar_one(), 0)

    def topic_stats(self, profile: str) -> list[TopicStat]:
        """Right/total per topic, topics alphabetically."""
        return self._reading(profile, lambda conn, pid: [
            TopicStat(t, int(c), int(n)) for t, c, n in conn.execute(
                select(answers.c.topic, func.sum(answers.c.correct), func.count())
                .where(answers.c.profile_id == pid)
                .group_by(answers.c.topic).order_by(answers.c.topic))
        ], [])

    def weak_topics(
        self, profile: str, *, min_answers: int = 3, threshold: float = 0.7
    ) -> list[TopicStat]:
        """Topics with at least `min_answers` answers and accuracy below `threshold`,
        weakest first."""
        stats = [
            s for s in self.topic_stats(profile)
            if s.total >= min_answers and s.accuracy < threshold
        ]
        return sorted(stats, key=lambda s: (s.accuracy, -s.total, s.topic))

    def daily_history(self, profile: str) -> list[DayStat]:
        """Answers and right answers per UTC day, oldest first."""
        day = func.substr(answers.c.answered_at, 1, 10).label("day")
        return self._reading(profile, lambda conn, pid: [
            DayStat(d, int(n), int(c)) for d, n, c in conn.execute(
                select(day, func.count(), func.sum(answers.c.correct))
                .where(answers.c.profile_id == pid).group_by(day).order_by(day))
        ], [])

    def summary(self, profile: str) -> Summary:
        """Totals for the home page (one consistent read)."""

        def work(conn: Connection, pid: int) -> Summary:
            answered, correct, last = conn.execute(
                select(func.count(), func.coalesce(func.sum(answers.c.correct), 0),
                       func.max(answers.c.answered_at))
                .where(answers.c.profile_id == pid)).one()
            taken, best = conn.execute(
                select(func.count(), func.max(100.0 * exams.c.correct / exams.c.total))
                .where(exams.c.profile_id == pid, exams.c.total > 0)).one()
            rated = conn.execute(select(func.count()).select_from(cards)
                                 .where(cards.c.profile_id == pid)).scalar_one()
            return Summary(int(answered), int(correct), int(taken),
                           None if best is None else float(best), last, int(rated))

        return self._reading(profile, work, Summary(0, 0, 0, None, None, 0))

    # flashcards ------------------------------------------------------------------------

    def save_card(self, profile: str, term_id: str, card_json: str) -> None:
        """Store the fsrs card state (JSON text) of one term, whatever was there before.
        To change a schedule from what it was, use `update_card`."""

        def work(conn: Connection, pid: int) -> None:
            stmt = self._insert(cards).values(profile_id=pid, term_id=term_id, card=card_json,
                                              updated_at=_now_iso(), version=1)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[cards.c.profile_id, cards.c.term_id],
                set_={"card": stmt.excluded.card, "updated_at": stmt.excluded.updated_at,
                      "version": cards.c.version + 1}))

        self._writing(profile, work)

    def update_card(self, profile: str, term_id: str,
                    change: Callable[[str | None], str]) -> str:
        """Change one term's card with `change(old card JSON or None) -> new card JSON`,
        applied to the stored card and saved only if nobody changed it meanwhile (else read
        again and re-apply): two ratings at once both count. Returns the saved JSON."""

        def attempt(conn: Connection, pid: int) -> str | None:
            row = conn.execute(select(cards.c.card, cards.c.version)
                               .where(cards.c.profile_id == pid,
                                      cards.c.term_id == term_id)).first()
            new = change(row.card if row else None)
            now = _now_iso()
            if row is None:
                done = conn.execute(self._insert(cards).values(
                    profile_id=pid, term_id=term_id, card=new, updated_at=now, version=1)
                    .on_conflict_do_nothing().returning(cards.c.version)).first() is not None
            else:
                done = conn.execute(
                    update(cards).where(cards.c.profile_id == pid, cards.c.term_id == term_id,
                                        cards.c.version == row.version)
                    .values(card=new, updated_at=now, version=row.version + 1)).rowcount
            return new if done else None

        for _ in range(CARD_TRIES):
            saved = self._writing(profile, attempt)
            if saved is not None:
                return saved
        raise DatabaseLockedError(
            f"The flashcard could not be saved: it kept changing in another window. Try "
            "again in a moment.", self.path)

    def load_cards(self, profile: str) -> dict[str, str]:
        """term id → fsrs card JSON for every card `profile` has rated."""
        return self._reading(profile, lambda conn, pid: dict(conn.execute(
            select(cards.c.term_id, cards.c.card).where(cards.c.profile_id == pid)).all()), {})

    # exams ------------------------------------------------------------------------------

    def record_exam(
        self,
        profile: str,
        correct: int,
        total: int,
        *,
        started_at: datetime | None = None,
        finished_at: datetime | None = None,
        details: dict | None = None,
        key: str | None = None,
    ) -> bool:
        """Store an exam's score (and e.g. per-topic details) once; True if it was new.

        An exam is known by `key`, or else by its start time: recording it again (a reload
        of the results page) keeps the first record."""
        key = key or (f"exam:{_iso(started_at)}" if started_at else f"exam:{uuid.uuid4()}")
        values = {"started_at": _iso(started_at), "finished_at": _iso(finished_at),
                  "correct": int(correct), "total": int(total), "exam_key": key,
                  "details": json.dumps(details or {}, sort_keys=True)}
        return self._writing(profile, lambda conn, pid: conn.execute(
            self._insert(exams).values(profile_id=pid, **values)
            .on_conflict_do_nothing().returning(exams.c.id)
        ).first() is not None)

    def exams(self, profile: str) -> list[ExamRecord]:
        """Exam results of `profile`, oldest first."""
        return self._reading(profile, lambda conn, pid: [
            ExamRecord(s, f, int(c), int(t), json.loads(d or "{}")) for s, f, c, t, d in
            conn.execute(select(exams.c.started_at, exams.c.finished_at, exams.c.correct,
                                exams.c.total, exams.c.details)
                         .where(exams.c.profile_id == pid)
                         .order_by(exams.c.finished_at, exams.c.id))
        ], [])

    # the running exam (one per profile, so a reload can resume it) -----------------------

    def save_running_exam(self, profile: str, state: dict) -> None:
        """Store the profile's running exam (ids, answers, flagged, started, deadline,
        index: anything JSON can hold), replacing the one stored before."""
        try:
            state_json = json.dumps(state, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"a running exam must be JSON-serialisable: {exc}") from None

        def work(conn: Connection, pid: int) -> None:
            stmt = self._insert(running_exams).values(profile_id=pid, state=state_json,
                                                      updated_at=_now_iso())
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[running_exams.c.profile_id],
                set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at}))

        self._writing(profile, work)

    def running_exam(self, profile: str) -> dict | None:
        """The profile's running exam as saved, or None if there is none."""
        found = self._reading(profile, lambda conn, pid: conn.execute(
            select(running_exams.c.state).where(running_exams.c.profile_id == pid)).scalar(),
            None)
        return json.loads(found) if found else None

    def drop_running_exam(self, profile: str) -> None:
        """Forget the profile's running exam (finished or abandoned); no error if none."""
        clean = validate_profile_name(profile)

        def work(conn: Connection) -> None:
            pid = self._profile_id(conn, clean, create=False)
            if pid is not None:
                conn.execute(running_exams.delete().where(running_exams.c.profile_id == pid))

        self._write(work)

    # CSV ---------------------------------------------------------------------------------

    def export_csv(self, profile: str) -> str:
        """The profile's answers as CSV text, every formula-like cell neutralised."""
        return write_answers_csv(self.answers(profile))

    def import_csv(
        self,
        profile: str,
        data: str | bytes,
        *,
        known_topics: Iterable[str] | None = None,
        questions=None,
        skip_bad: bool = False,
    ) -> int:
        """Add the answers in `data` to `profile`; returns how many were new.

        A file with any bad row imports nothing (CSVImportError lists each bad line and
        column) unless `skip_bad`: then the good rows are imported and the bad ones left
        out. Rows already present (same time and question) are skipped, so importing the
        same file twice is harmless.
        """
        try:
            rows = parse_answers_csv(data, known_topics=known_topics, questions=questions)
        except CSVImportError as exc:
            if not (skip_bad and exc.rows):
                raise
            rows = exc.rows
        return self.add_answers(profile, rows)

    def add_answers(self, profile: str, rows: Sequence[dict]) -> int:
        """Insert checked answer rows, IMPORT_CHUNK per transaction (other learners' answers
        go in between); returns how many were new."""
        added = 0
        for start in range(0, len(rows), IMPORT_CHUNK):
            chunk = rows[start:start + IMPORT_CHUNK]

            def work(conn: Connection, pid: int, chunk=chunk) -> int:
                count = select(func.count()).select_from(answers).where(
                    answers.c.profile_id == pid)
                before = conn.execute(count).scalar_one()
                conn.execute(self._insert(answers).on_conflict_do_nothing(), [
                    {"profile_id": pid, "answer_key": f"{r['answered_at']}|{r['question_id']}",
                     **{c: r[c] for c in CSV_COLUMNS}} for r in chunk])
                return conn.execute(count).scalar_one() - before

            added += self._writing(profile, work)
        return added
