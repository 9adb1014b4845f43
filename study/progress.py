"""The progress store: answers, flashcard states and exam results per profile (SQLite).

Pure Python (stdlib `sqlite3`), no Streamlit. Where the file lives:

* `STEPWISE_DB`: the full path of the database file, or else
* `STEPWISE_DATA_DIR`/stepwise.sqlite3, or else
* `data/stepwise.sqlite3` in the repository root.

Every write is its own committed transaction, so a server killed mid-session loses
nothing already answered. The database runs in WAL mode so that several learners on one
server can read while one writes. Each call opens its own short-lived connection, which
keeps the store safe to share between threads (Streamlit runs each session in its own).

Everything that can go wrong with the file surfaces as a `StoreError` subclass whose
message says what happened and what to do; callers never see a raw sqlite3 traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

DB_FILENAME = "stepwise.sqlite3"
REPO_ROOT = Path(__file__).resolve().parent.parent

PROFILE_NAME_MAX = 40
_PROFILE_RE = re.compile(r"^[\w][\w .'-]*$")

CSV_COLUMNS = ("answered_at", "question_id", "topic", "correct", "selected", "mode")
MODES = ("practice", "exam")
CSV_MAX_BYTES = 5_000_000
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}

_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS running_exams (
    profile_id  INTEGER PRIMARY KEY REFERENCES profiles(id),
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
"""


# --- errors ---------------------------------------------------------------------------


class StoreError(Exception):
    """The progress database can't be used; `.message` says why and what to do."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseCorruptError(StoreError):
    """The file exists but is not a readable SQLite database (or is damaged)."""


class DatabaseLockedError(StoreError):
    """Another process holds a lock on the database for too long."""


class DatabaseUnavailableError(StoreError):
    """The file or its folder can't be opened or written (permissions, read-only disk)."""


class ProfileNameError(ValueError):
    """A profile name that is empty, too long or uses characters we don't accept."""


@dataclass(frozen=True)
class CSVProblem:
    row: int  # data row number, 1-based (the header is not counted)
    column: str  # column name, or "" for a problem with the whole row/file
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "header"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where[0].upper()}{where[1:]}: {self.message}"


class CSVImportError(ValueError):
    """The CSV can't be imported; `.problems` lists every bad row and column."""

    def __init__(self, problems: list[CSVProblem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"Nothing was imported. {shown}{more}")


# --- paths and names ------------------------------------------------------------------


def default_db_path(environ: dict[str, str] | None = None) -> Path:
    """Where the database lives, from STEPWISE_DB / STEPWISE_DATA_DIR / data/."""
    env = os.environ if environ is None else environ
    if env.get("STEPWISE_DB"):
        return Path(env["STEPWISE_DB"]).expanduser()
    if env.get("STEPWISE_DATA_DIR"):
        return Path(env["STEPWISE_DATA_DIR"]).expanduser() / DB_FILENAME
    return REPO_ROOT / "data" / DB_FILENAME


def validate_profile_name(name: str | None) -> str:
    """Return the cleaned name (trimmed, inner spaces collapsed) or raise ProfileNameError."""
    if name is None:
        raise ProfileNameError("Type a profile name first.")
    cleaned = " ".join(unicodedata.normalize("NFC", str(name)).split())
    if not cleaned:
        raise ProfileNameError("Type a profile name first (it can't be empty).")
    if len(cleaned) > PROFILE_NAME_MAX:
        raise ProfileNameError(
            f"A profile name can be at most {PROFILE_NAME_MAX} characters "
            f"(this one has {len(cleaned)})."
        )
    if not _PROFILE_RE.match(cleaned):
        bad = sorted({ch for ch in cleaned if not (ch.isalnum() or ch in " _.'-")})
        if bad:
            shown = " ".join(repr(ch) for ch in bad)
            raise ProfileNameError(
                f"Profile names may use letters, digits, spaces and - _ . ' only "
                f"(not {shown})."
            )
        raise ProfileNameError("A profile name must start with a letter or a digit.")
    return cleaned


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _iso(when: datetime | None) -> str:
    if when is None:
        return _now_iso()
    if when.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware (UTC)")
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


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


# --- the store ------------------------------------------------------------------------


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


class ProgressStore:
    """One SQLite file holding every profile's progress."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        timeout: float = 3.0,
    ):
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.timeout = timeout
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailableError(
                    f"Can't create the folder {self.path.parent} for the progress "
                    f"database ({exc.strerror}). Set STEPWISE_DATA_DIR to a writable "
                    "folder.",
                    self.path,
                ) from exc
        with self._connect() as conn:
            if not read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
            else:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

    # connections ------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = None
        try:
            if self.read_only:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=self.timeout)
            else:
                conn = sqlite3.connect(self.path, timeout=self.timeout)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
            conn.commit()
        except sqlite3.Error as exc:
            if conn is not None:
                try:
                    conn.rollback()
                except sqlite3.Error:
                    pass
            raise self._translate(exc) from exc
        finally:
            if conn is not None:
                conn.close()

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc).lower()
        name = self.path.name
        if "locked" in text or "busy" in text:
            return DatabaseLockedError(
                f"The progress database {name} is busy (locked by another program). "
                "Try again in a moment, or continue without saving.",
                self.path,
            )
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return DatabaseCorruptError(
                f"The progress database {name} is damaged and can't be read "
                f"({exc}). Move the broken file aside to start fresh; nothing is "
                "deleted.",
                self.path,
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return DatabaseUnavailableError(
                f"Can't write the progress database {self.path} ({exc}). Check the "
                "folder's permissions or set STEPWISE_DATA_DIR to a writable folder.",
                self.path,
            )
        return StoreError(f"The progress database failed: {exc}.", self.path)

    def _profile_id(self, conn: sqlite3.Connection, name: str, create: bool) -> int | None:
        clean = validate_profile_name(name)
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (clean,)).fetchone()
        if row:
            return int(row[0])
        if not create:
            return None
        cur = conn.execute(
            "INSERT INTO profiles (name, created_at) VALUES (?, ?)", (clean, _now_iso())
        )
        return int(cur.lastrowid)

    # profiles ---------------------------------------------------------------------

    def profiles(self) -> list[str]:
        """All profile names, alphabetically."""
        with self._connect() as conn:
            rows = conn.execute("SELECT name FROM profiles ORDER BY name COLLATE NOCASE")
            return [r[0] for r in rows]

    def ensure_profile(self, name: str) -> str:
        """Create the profile if needed; returns the stored spelling of its name."""
        clean = validate_profile_name(name)
        with self._connect() as conn:
            self._profile_id(conn, clean, create=True)
            row = conn.execute("SELECT name FROM profiles WHERE name = ?", (clean,))
            return row.fetchone()[0]

    # answers ----------------------------------------------------------------------

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
    ) -> None:
        """Store one answer, committed at once.

        An answer with the same profile, time and question replaces the earlier one: an
        exam passes its start time as `at`, so changing an exam answer keeps one row.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=True)
            conn.execute(
                "INSERT INTO answers "
                "(profile_id, answered_at, question_id, topic, correct, selected, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, answered_at, question_id) DO UPDATE SET "
                "topic = excluded.topic, correct = excluded.correct, "
                "selected = excluded.selected, mode = excluded.mode",
                (pid, _iso(at), question_id, topic, int(bool(correct)),
                 ";".join(selected), mode),
            )

    def answers(self, profile: str) -> list[dict]:
        """Every answer of `profile`, oldest first, as dicts with the CSV columns."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT answered_at, question_id, topic, correct, selected, mode "
                "FROM answers WHERE profile_id = ? ORDER BY answered_at, id",
                (pid,),
            ).fetchall()
        return [dict(zip(CSV_COLUMNS, r)) for r in rows]

    def topic_stats(self, profile: str) -> list[TopicStat]:
        """Right/total per topic, topics alphabetically."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT topic, SUM(correct), COUNT(*) FROM answers WHERE profile_id = ? "
                "GROUP BY topic ORDER BY topic",
                (pid,),
            ).fetchall()
        return [TopicStat(t, int(c), int(n)) for t, c, n in rows]

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
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT substr(answered_at, 1, 10) AS day, COUNT(*), SUM(correct) "
                "FROM answers WHERE profile_id = ? GROUP BY day ORDER BY day",
                (pid,),
            ).fetchall()
        return [DayStat(d, int(n), int(c)) for d, n, c in rows]

    def summary(self, profile: str) -> Summary:
        """Totals for the home page."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return Summary(0, 0, 0, None, None, 0)
            answered, correct, last = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(correct), 0), MAX(answered_at) "
                "FROM answers WHERE profile_id = ?",
                (pid,),
            ).fetchone()
            exams, best = conn.execute(
                "SELECT COUNT(*), MAX(100.0 * correct / total) FROM exams "
                "WHERE profile_id = ? AND total > 0",
                (pid,),
            ).fetchone()
            cards = conn.execute(
                "SELECT COUNT(*) FROM cards WHERE profile_id = ?", (pid,)
            ).fetchone()[0]
        return Summary(int(answered), int(correct), int(exams), best, last, int(cards))

    # flashcards -------------------------------------------------------------------

    def save_card(self, profile: str, term_id: str, card_json: str) -> None:
        """Store the fsrs card state (JSON text) of one term, committed at once."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=True)
            conn.execute(
                "INSERT INTO cards (profile_id, term_id, card, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (profile_id, term_id) "
                "DO UPDATE SET card = excluded.card, updated_at = excluded.updated_at",
                (pid, term_id, card_json, _now_iso()),
            )

    def load_cards(self, profile: str) -> dict[str, str]:
        """term id → fsrs card JSON for every card `profile` has rated."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return {}
            rows = conn.execute(
                "SELECT term_id, card FROM cards WHERE profile_id = ?", (pid,)
            ).fetchall()
        return dict(rows)

    # exams ------------------------------------------------------------------------

    def record_exam(
        self,
        profile: str,
        correct: int,
        total: int,
        *,
        started_at: datetime | None = None,
        finished_at: datetime | None = None,
        details: dict | None = None,
    ) -> None:
        """Store an exam's score (and e.g. per-topic details), committed at once."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=True)
            conn.execute(
                "INSERT INTO exams (profile_id, started_at, finished_at, correct, total, "
                "details) VALUES (?, ?, ?, ?, ?, ?)",
                (pid, _iso(started_at), _iso(finished_at), int(correct), int(total),
                 json.dumps(details or {}, sort_keys=True)),
            )

    def exams(self, profile: str) -> list[ExamRecord]:
        """Exam results of `profile`, oldest first."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return []
            rows = conn.execute(
                "SELECT started_at, finished_at, correct, total, details FROM exams "
                "WHERE profile_id = ? ORDER BY finished_at, id",
                (pid,),
            ).fetchall()
        return [ExamRecord(s, f, int(c), int(t), json.loads(d or "{}")) for s, f, c, t, d in rows]

    # the running exam (one per profile, so a reload can resume it) ---------------

    def save_running_exam(self, profile: str, state: dict) -> None:
        """Store the profile's running exam (ids, answers, flagged, started, deadline,
        index: anything JSON can hold), replacing the one stored before."""
        try:
            text = json.dumps(state, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"a running exam must be JSON-serialisable: {exc}") from None
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=True)
            conn.execute(
                "INSERT INTO running_exams (profile_id, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                (pid, text, _now_iso()),
            )

    def running_exam(self, profile: str) -> dict | None:
        """The profile's running exam as saved, or None if there is none."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is None:
                return None
            row = conn.execute(
                "SELECT state FROM running_exams WHERE profile_id = ?", (pid,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def drop_running_exam(self, profile: str) -> None:
        """Forget the profile's running exam (finished or abandoned); no error if none."""
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=False)
            if pid is not None:
                conn.execute("DELETE FROM running_exams WHERE profile_id = ?", (pid,))

    # CSV ----------------------------------------------------------------------------

    def export_csv(self, profile: str) -> str:
        """The profile's answers as CSV text (header + one row per answer)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.answers(profile):
            writer.writerow(row)
        return out.getvalue()

    def import_csv(
        self, profile: str, data: str | bytes, *, known_topics: Iterable[str] | None = None
    ) -> int:
        """Add the answers in `data` to `profile`; returns how many were new.

        All or nothing: if any row is bad, CSVImportError lists each bad row and column
        and nothing is written. Rows already present (same time and question) are skipped,
        so importing the same file twice is harmless.
        """
        rows = parse_answers_csv(data, known_topics=known_topics)
        with self._connect() as conn:
            pid = self._profile_id(conn, profile, create=True)
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO answers "
                "(profile_id, answered_at, question_id, topic, correct, selected, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (pid, r["answered_at"], r["question_id"], r["topic"], r["correct"],
                     r["selected"], r["mode"])
                    for r in rows
                ],
            )
            return conn.total_changes - before


def parse_answers_csv(
    data: str | bytes, *, known_topics: Iterable[str] | None = None
) -> list[dict]:
    """Parse and validate exported answers; raises CSVImportError naming each bad cell."""
    if isinstance(data, bytes):
        if len(data) > CSV_MAX_BYTES:
            raise CSVImportError([CSVProblem(0, "", f"the file is larger than {CSV_MAX_BYTES // 1_000_000} MB")])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CSVImportError([CSVProblem(0, "", "the file is not UTF-8 text (is it a CSV?)")]) from None
    if len(data) > CSV_MAX_BYTES:
        raise CSVImportError([CSVProblem(0, "", f"the file is larger than {CSV_MAX_BYTES // 1_000_000} MB")])
    data = data.lstrip("\ufeff")
    if not data.strip():
        raise CSVImportError([CSVProblem(0, "", "the file is empty")])
    topics = set(known_topics) if known_topics is not None else None
    try:
        reader = csv.DictReader(io.StringIO(data, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise CSVImportError([CSVProblem(0, "", f"not readable as CSV ({exc})")]) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise CSVImportError(
            [CSVProblem(0, c, "this column is missing from the header "
                        f"(expected: {','.join(CSV_COLUMNS)})") for c in missing]
        )
    reader.fieldnames = header
    problems: list[CSVProblem] = []
    rows: list[dict] = []
    try:
        for n, raw in enumerate(reader, start=1):
            if None in raw:
                problems.append(CSVProblem(n, "", "this row has more cells than the header"))
                continue
            cell = {k: (v or "").strip() for k, v in raw.items() if k in CSV_COLUMNS}
            row, bad = _check_row(n, cell, topics)
            problems.extend(bad)
            if not bad:
                rows.append(row)
            if len(problems) >= 50:
                break
    except csv.Error as exc:
        problems.append(CSVProblem(reader.line_num, "", f"not readable as CSV ({exc})"))
    if problems:
        raise CSVImportError(problems)
    return rows


def _check_row(
    n: int, cell: dict[str, str], topics: set[str] | None
) -> tuple[dict, list[CSVProblem]]:
    bad: list[CSVProblem] = []
    row: dict = {}
    stamp = cell.get("answered_at", "")
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        row["answered_at"] = when.astimezone(timezone.utc).isoformat(timespec="microseconds")
    except ValueError:
        bad.append(CSVProblem(n, "answered_at",
                              f"expected a date-time like 2026-01-31T12:00:00+00:00, got {stamp!r}"))
    qid = cell.get("question_id", "")
    if not qid or len(qid) > 100:
        bad.append(CSVProblem(n, "question_id", "expected a question id (1-100 characters)"))
    row["question_id"] = qid
    topic = cell.get("topic", "")
    if not topic:
        bad.append(CSVProblem(n, "topic", "the topic is empty"))
    elif topics is not None and topic not in topics:
        bad.append(CSVProblem(n, "topic", f"unknown topic {topic!r}"))
    row["topic"] = topic
    flag = cell.get("correct", "").lower()
    if flag in _TRUE:
        row["correct"] = 1
    elif flag in _FALSE:
        row["correct"] = 0
    else:
        bad.append(CSVProblem(n, "correct", f"expected 1 or 0 (or true/false), got {cell.get('correct', '')!r}"))
    selected = cell.get("selected", "")
    if len(selected) > 200:
        bad.append(CSVProblem(n, "selected", "too long (at most 200 characters)"))
    row["selected"] = selected
    mode = cell.get("mode", "").lower() or "practice"
    if mode not in MODES:
        bad.append(CSVProblem(n, "mode", f"expected practice or exam, got {cell.get('mode')!r}"))
    row["mode"] = mode
    return row, bad


__all__ = [
    "CSV_COLUMNS",
    "CSVImportError",
    "CSVProblem",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DatabaseUnavailableError",
    "DayStat",
    "ExamRecord",
    "ProfileNameError",
    "ProgressStore",
    "StoreError",
    "Summary",
    "TopicStat",
    "default_db_path",
    "move_aside",
    "parse_answers_csv",
    "validate_profile_name",
]
