"""Answers as CSV: the export a learner downloads, and the checks an import must pass.

Pure Python, no database. Export neutralises every cell a spreadsheet would read as a
formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
`'`, which spreadsheets show as text); import takes that mark off again, so a file
round-trips. Import names every bad row by its line in the file (the header is line 1)
and refuses question and choice ids the question bank does not have.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

CSV_COLUMNS = ("answered_at", "question_id", "topic", "correct", "selected", "mode")
MODES = ("practice", "exam")
CSV_MAX_BYTES = 5_000_000
CSV_MAX_ROWS = 20_000  # answers in one import; the store writes them in chunks
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


@dataclass(frozen=True)
class CSVProblem:
    line: int  # the line of the file where the row starts (header = 1); 0 = the whole file
    column: str  # column name, or "" for a problem with the whole row/file
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"The file {self.message}"
        if self.line == 1:
            where = "Line 1 (the header)"
        else:
            where = f"Line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class CSVImportError(ValueError):
    """The CSV can't be imported as it is.

    `.problems` lists every bad row and column; `.rows` holds the rows that passed every
    check (empty when the file as a whole is unreadable), for a learner who chooses to
    import those and skip the rest; `.bad_lines` are the lines of the rows left out.
    """

    def __init__(self, problems: list[CSVProblem], rows: list[dict] | None = None):
        self.problems = problems
        self.rows = rows or []
        self.bad_lines = sorted({p.line for p in problems if p.line > 1})
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"Nothing was imported. {shown}{more}")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def restore(cell: str) -> str:
    """Undo `neutralise` (a leading ' before a formula character)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def write_answers_csv(rows: Iterable[Mapping]) -> str:
    """Header plus one row per answer, every cell neutralised. Lines end in CRLF (RFC
    4180), so a cell holding a carriage return is quoted and read back whole."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([neutralise(str(row[c])) for c in CSV_COLUMNS])
    return out.getvalue()


def parse_answers_csv(
    data: str | bytes,
    *,
    known_topics: Iterable[str] | None = None,
    questions: Mapping[str, Mapping] | None = None,
) -> list[dict]:
    """Parse and check exported answers; raises CSVImportError naming each bad cell.

    `known_topics` limits the topics; `questions` (id → question with its `choices`) is
    the bank: a row whose question, or one of whose chosen choices, it doesn't have is bad.
    """
    text = _text(data)
    topics = set(known_topics) if known_topics is not None else None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise CSVImportError([CSVProblem(1, "", f"not readable as CSV ({exc})")]) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise CSVImportError(
            [CSVProblem(1, c, "this column is missing from the header "
                        f"(expected: {','.join(CSV_COLUMNS)})") for c in missing]
        )
    where = {c: header.index(c) for c in CSV_COLUMNS}
    problems: list[CSVProblem] = []
    rows: list[dict] = []
    last_line = reader.line_num
    count = 0
    try:
        for raw in reader:
            line, last_line = last_line + 1, reader.line_num
            if not raw or raw == [""]:
                continue  # a blank line
            count += 1
            if count > CSV_MAX_ROWS:
                raise CSVImportError([CSVProblem(
                    0, "", f"has more than {CSV_MAX_ROWS:,} answers, the most one import "
                           "takes; split it into smaller files and import each")])
            if len(raw) > len(header):
                problems.append(CSVProblem(line, "", "this row has more cells than the header"))
                continue
            cell = {c: restore(raw[i].strip()) if i < len(raw) else ""
                    for c, i in where.items()}
            row, bad = _check_row(line, cell, topics, questions)
            problems.extend(bad)
            if not bad:
                rows.append(row)
    except csv.Error as exc:
        problems.append(CSVProblem(last_line + 1, "", f"not readable as CSV ({exc})"))
    if problems:
        raise CSVImportError(problems, rows)
    return rows


def _text(data: str | bytes) -> str:
    too_big = CSVProblem(0, "", f"is larger than {CSV_MAX_BYTES // 1_000_000} MB, the most "
                                "one import takes; split it into smaller files")
    if isinstance(data, bytes):
        if len(data) > CSV_MAX_BYTES:
            raise CSVImportError([too_big])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CSVImportError(
                [CSVProblem(0, "", "is not UTF-8 text (is it a CSV?)")]) from None
    if len(data) > CSV_MAX_BYTES:
        raise CSVImportError([too_big])
    data = data.lstrip("\ufeff")
    if not data.strip():
        raise CSVImportError([CSVProblem(0, "", "is empty")])
    return data


def _check_row(
    line: int, cell: dict[str, str], topics: set[str] | None,
    questions: Mapping[str, Mapping] | None,
) -> tuple[dict, list[CSVProblem]]:
    bad: list[CSVProblem] = []
    row: dict = {}
    stamp = cell["answered_at"]
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        row["answered_at"] = when.astimezone(timezone.utc).isoformat(timespec="microseconds")
    except ValueError:
        bad.append(CSVProblem(line, "answered_at",
                              f"expected a date-time like 2026-01-31T12:00:00+00:00, got {stamp!r}"))
    qid = cell["question_id"]
    question = None
    if not qid or len(qid) > 100:
        bad.append(CSVProblem(line, "question_id", "expected a question id (1-100 characters)"))
    elif questions is not None:
        question = questions.get(qid)
        if question is None:
            bad.append(CSVProblem(line, "question_id",
                                  f"unknown question {qid!r} (not in this app's questions)"))
    row["question_id"] = qid
    topic = cell["topic"]
    if not topic:
        bad.append(CSVProblem(line, "topic", "the topic is empty"))
    elif topics is not None and topic not in topics:
        bad.append(CSVProblem(line, "topic", f"unknown topic {topic!r}"))
    elif question is not None and question.get("topic") and topic != question["topic"]:
        bad.append(CSVProblem(line, "topic", f"question {qid!r} is in topic "
                                             f"{question['topic']!r}, not {topic!r}"))
    row["topic"] = topic
    flag = cell["correct"].lower()
    if flag in _TRUE:
        row["correct"] = 1
    elif flag in _FALSE:
        row["correct"] = 0
    else:
        bad.append(CSVProblem(line, "correct",
                              f"expected 1 or 0 (or true/false), got {cell['correct']!r}"))
    selected = cell["selected"]
    if len(selected) > 200:
        bad.append(CSVProblem(line, "selected", "too long (at most 200 characters)"))
    elif question is not None and selected:
        have = {str(c.get("id")) for c in question.get("choices") or []}
        unknown = [s for s in selected.split(";") if s not in have]
        if unknown:
            shown = ", ".join(repr(s) for s in unknown)
            bad.append(CSVProblem(line, "selected",
                                  f"question {qid!r} has no choice {shown} "
                                  f"(its choices: {', '.join(sorted(have))})"))
    row["selected"] = selected
    mode = cell["mode"].lower() or "practice"
    if mode not in MODES:
        bad.append(CSVProblem(line, "mode", f"expected practice or exam, got {cell['mode']!r}"))
    row["mode"] = mode
    return row, bad
