"""The progress database's tables, and bringing a database up to them (Alembic migrations).

The tables below are the schema at the newest migration; the queries in `study.store` are
written against them. `migrate()` runs the versioned migrations in `study/migrations/` (one
transaction, one replica at a time), so a SQLite file written by an earlier version of
Stepwise opens with all its answers, cards and exams, and a new PostgreSQL database gets
the same tables.

Keys that make every write idempotent:

* `profiles.name_key`: the name with ASCII letters lowered (as SQLite's NOCASE compares),
  so "Ana" and "ana" are one profile on both backends;
* `answers.answer_key`: one answer, once (a double click or a retried request sends the
  same key; an exam answer's key is its exam and question, so changing it replaces it);
* `exams.exam_key`: one finished exam, once;
* `cards.version`: a flashcard schedule is changed only from the version it was read at.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 0x5354_4550  # "STEP": one replica migrates at a time
BASELINE_TABLES = ("profiles", "answers", "cards", "exams")

metadata = MetaData()
_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite: the rowid alias

profiles = Table(
    "profiles", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("name"),
    Index("profiles_by_name_key", "name_key", unique=True),
)

answers = Table(
    "answers", metadata,
    Column("id", _ID, primary_key=True),
    Column("profile_id", Integer, ForeignKey("profiles.id"), nullable=False),
    Column("answered_at", Text, nullable=False),
    Column("question_id", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("selected", Text, nullable=False),
    Column("mode", Text, nullable=False),
    Column("answer_key", Text, nullable=False),
    UniqueConstraint("profile_id", "answered_at", "question_id"),
    Index("answers_by_key", "profile_id", "answer_key", unique=True),
    Index("answers_by_profile", "profile_id", "answered_at"),
)

cards = Table(
    "cards", metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id"), primary_key=True),
    Column("term_id", Text, primary_key=True),
    Column("card", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

exams = Table(
    "exams", metadata,
    Column("id", _ID, primary_key=True),
    Column("profile_id", Integer, ForeignKey("profiles.id"), nullable=False),
    Column("started_at", Text, nullable=False),
    Column("finished_at", Text, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("details", Text, nullable=False),
    Column("exam_key", Text, nullable=False),
    Index("exams_by_key", "profile_id", "exam_key", unique=True),
)

running_exams = Table(
    "running_exams", metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id"), primary_key=True),
    Column("state", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)


def fold_name(name: str) -> str:
    """The profile's key: ASCII letters lowered, the rest as typed (SQLite's NOCASE rule)."""
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# --- migrations -----------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def has_stepwise_tables(connection: Connection) -> bool:
    """Does this database hold a Stepwise schema (migrated, or from before migrations)?"""
    names = set(inspect(connection).get_table_names())
    return "alembic_version" in names or "profiles" in names


def known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(connection: Connection) -> None:
    """Run every migration not yet applied, inside the caller's transaction.

    The caller holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory
    lock below), so two app processes starting at once migrate one after the other.
    """
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), "head")
