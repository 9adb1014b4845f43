"""The progress store's public names, in one place (what the UI and tests import).

The work is done in flat modules beside this one:

* `study.store`: `ProgressStore` (profiles, answers, flashcards, exams, the running exam)
  on SQLAlchemy Core, SQLite or PostgreSQL;
* `study.database`: where the database is (`STEPWISE_DATABASE_URL`, `STEPWISE_DB`,
  `STEPWISE_DATA_DIR`), engines, the `StoreError` tree, bounded retries, moving a broken
  file aside;
* `study.schema` and `study/migrations/`: the tables and their Alembic migrations;
* `study.answers_csv`: CSV export (formula cells neutralised) and import checks;
* `study.profiles`: profile names.
"""

from study.answers_csv import (
    CSV_COLUMNS,
    CSV_MAX_BYTES,
    CSV_MAX_ROWS,
    CSVImportError,
    CSVProblem,
    parse_answers_csv,
)
from study.database import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    StoreError,
    database_url,
    default_db_path,
    move_aside,
)
from study.profiles import PROFILE_NAME_MAX, ProfileNameError, validate_profile_name
from study.store import DayStat, ExamRecord, ProgressStore, Summary, TopicStat

__all__ = [
    "CSV_COLUMNS",
    "CSV_MAX_BYTES",
    "CSV_MAX_ROWS",
    "CSVImportError",
    "CSVProblem",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DatabaseTooNewError",
    "DatabaseUnavailableError",
    "DayStat",
    "ExamRecord",
    "PROFILE_NAME_MAX",
    "ProfileNameError",
    "ProgressStore",
    "StoreError",
    "Summary",
    "TopicStat",
    "database_url",
    "default_db_path",
    "move_aside",
    "parse_answers_csv",
    "validate_profile_name",
]
