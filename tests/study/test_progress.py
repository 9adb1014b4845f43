"""The progress store on both backends (SQLite and PostgreSQL): location, profiles,
answers, cards, exams, the running exam, CSV; and a SQLite file's bad states."""

import sqlite3
from datetime import datetime, timezone

import pytest

from study.progress import (
    CSV_COLUMNS,
    CSVImportError,
    DatabaseCorruptError,
    DatabaseLockedError,
    ProfileNameError,
    ProgressStore,
    default_db_path,
    move_aside,
    validate_profile_name,
)

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def store(store_url):
    return ProgressStore(url=store_url)


@pytest.fixture
def other(request, tmp_path):
    """A second, separate database on the same backend as `store`."""
    if "postgresql" in request.node.callspec.params.get("store_url", ""):
        return ProgressStore(url=request.getfixturevalue("postgres").new_database())
    return ProgressStore(tmp_path / "other.sqlite3")


def test_location_from_environment(tmp_path):
    assert default_db_path({"STEPWISE_DB": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert default_db_path({"STEPWISE_DATA_DIR": str(tmp_path)}) == tmp_path / "stepwise.sqlite3"
    default = default_db_path({})
    assert default.parent.name == "data" and default.name == "stepwise.sqlite3"


def test_wal_mode_and_folder_created(tmp_path):
    path = tmp_path / "deep" / "er" / "p.sqlite3"
    ProgressStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "name, cleaned", [("  Ana  ", "Ana"), ("Jo  Smith", "Jo Smith"), ("Zoë-2", "Zoë-2"),
                      ("o'brien_1.x", "o'brien_1.x")],
)
def test_profile_names_ok(name, cleaned):
    assert validate_profile_name(name) == cleaned


@pytest.mark.parametrize(
    "name, message",
    [("", "can't be empty"), ("   ", "can't be empty"), (None, "Type a profile name"),
     ("x" * 41, "at most 40 characters (this one has 41)"),
     ("ana/../etc", "not '/'"), ("<script>", "not '<' '>'"),
     ("-dash", "must start with a letter or a digit")],
)
def test_profile_names_bad(name, message):
    with pytest.raises(ProfileNameError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate_profile_name(name)


def test_profiles_are_case_insensitive_and_separate(store):
    assert store.ensure_profile("Ana") == "Ana"
    assert store.ensure_profile("ana") == "Ana"
    store.record_answer("Ana", "q1", "map", True, ["a"], at=T0)
    store.record_answer("Ben", "q1", "map", False, ["b"], at=T0)
    assert store.profiles() == ["Ana", "Ben"]
    assert [a["correct"] for a in store.answers("ana")] == [1]
    assert [a["selected"] for a in store.answers("Ben")] == ["b"]
    assert store.answers("Nobody") == []


def test_every_answer_is_committed_at_once(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).record_answer("Ana", "q1", "map", True, ["a", "c"])
    # A different connection (as after a server restart) sees it with no close/flush.
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT question_id, selected FROM answers").fetchall() == [
            ("q1", "a;c")
        ]
    assert len(ProgressStore(path).answers("Ana")) == 1


def test_stats_weak_topics_and_history(store):
    for i, (topic, ok) in enumerate(
        [("map", True), ("map", False), ("map", False), ("data-flow", True),
         ("data-flow", True), ("data-flow", True), ("error-handling", False)]
    ):
        store.record_answer("Ana", f"q{i}", topic, ok, at=T0.replace(day=5 + i % 2))
    stats = {s.topic: (s.correct, s.total) for s in store.topic_stats("Ana")}
    assert stats == {"data-flow": (3, 3), "error-handling": (0, 1), "map": (1, 3)}
    assert [s.topic for s in store.weak_topics("Ana")] == ["map"]
    assert [s.topic for s in store.weak_topics("Ana", min_answers=1)] == ["error-handling", "map"]
    days = store.daily_history("Ana")
    assert [(d.day, d.answered) for d in days] == [("2026-01-05", 4), ("2026-01-06", 3)]
    s = store.summary("Ana")
    assert (s.answered, s.correct) == (7, 4)


def test_cards_per_profile_per_term(store):
    store.save_card("Ana", "task-token", '{"v": 1}')
    store.save_card("Ana", "task-token", '{"v": 2}')
    store.save_card("Ben", "task-token", '{"v": 9}')
    assert store.load_cards("Ana") == {"task-token": '{"v": 2}'}
    assert store.load_cards("Ben") == {"task-token": '{"v": 9}'}
    assert store.summary("Ana").cards == 1


def test_exams(store):
    store.record_exam("Ana", 7, 10, details={"by_topic": {"map": [1, 2]}})
    store.record_exam("Ana", 9, 10)
    exams = store.exams("Ana")
    assert [e.percent for e in exams] == [70.0, 90.0]
    assert exams[0].details == {"by_topic": {"map": [1, 2]}}
    assert store.summary("Ana").best_exam_percent == 90.0


def test_csv_round_trip_and_idempotent_import(store, other):
    store.record_answer("Ana", "q1", "map", True, ["a"], at=T0)
    store.record_answer("Ana", "q2", "data-flow", False, ["b", "d"], mode="exam", at=T0)
    text = store.export_csv("Ana")
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert other.import_csv("Cleo", text) == 2
    assert other.import_csv("Cleo", text.encode("utf-8")) == 0  # same rows: skipped
    assert other.answers("Cleo") == store.answers("Ana")


def test_csv_import_names_bad_row_and_column(store):
    text = (
        "answered_at,question_id,topic,correct,selected,mode\n"
        "2026-01-05T09:30:00+00:00,q1,map,1,a,practice\n"
        "yesterday,q2,map,1,a,practice\n"
        "2026-01-05T09:31:00+00:00,q3,map,maybe,a,practice\n"
        "2026-01-05T09:32:00+00:00,q4,nope,0,a,quiz\n"
    )
    with pytest.raises(CSVImportError) as err:
        store.import_csv("Ana", text, known_topics=["map"])
    problems = [(p.line, p.column) for p in err.value.problems]
    assert problems == [(3, "answered_at"), (4, "correct"), (5, "topic"), (5, "mode")]
    assert "Line 3, column 'answered_at'" in str(err.value)
    assert store.answers("Ana") == []  # all or nothing


@pytest.mark.parametrize(
    "data, message",
    [
        ("", "The file is empty"),
        ("a,b\n1,2\n", "Line 1 \\(the header\\), column 'answered_at': this column is missing"),
        (b"\xff\xfe\x00junk", "The file is not UTF-8"),
        ("answered_at,question_id,topic,correct,selected,mode\n"
         "2026-01-05T09:30:00,q1,map,1,a,practice,extra\n", "Line 2: this row has more cells"),
    ],
)
def test_csv_import_bad_files(store, data, message):
    with pytest.raises(CSVImportError, match=message):
        store.import_csv("Ana", data)


def test_corrupt_file_gives_clear_error_and_can_be_moved_aside(tmp_path):
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseCorruptError, match="damaged.*Move the broken file aside"):
        ProgressStore(path)
    moved = move_aside(path)
    assert moved is not None and moved.exists() and not path.exists()
    assert ".broken-" in moved.name
    ProgressStore(path).record_answer("Ana", "q1", "map", True)  # fresh start works


def test_locked_database_gives_clear_error(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path, timeout=0.05, busy_wait=0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="busy"):
            store.record_answer("Ana", "q1", "map", True)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    store.record_answer("Ana", "q1", "map", True)


def test_read_only_store_reads(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).record_answer("Ana", "q1", "map", True)
    ro = ProgressStore(path, read_only=True)
    assert len(ro.answers("Ana")) == 1


def test_same_time_and_question_replaces_the_answer(store):
    store.record_answer("Ana", "q1", "map", False, ["b"], mode="exam", at=T0)
    store.record_answer("Ana", "q1", "map", True, ["a"], mode="exam", at=T0)
    assert [(a["correct"], a["selected"]) for a in store.answers("Ana")] == [(1, "a")]


def test_two_answers_to_one_question_in_the_same_microsecond_are_both_kept(store):
    # Two tabs or two servers answering the same question of one profile at the very same
    # moment: each answer has its own key, so neither replaces the other.
    assert store.record_answer("Ana", "q1", "map", True, ["a"], at=T0, key="tab-1")
    assert store.record_answer("Ana", "q1", "map", False, ["b"], at=T0, key="tab-2")
    assert store.record_answer("Ana", "q1", "map", False, ["c"], at=T0, key="tab-3")
    assert not store.record_answer("Ana", "q1", "map", False, ["b"], at=T0, key="tab-2")  # a retry
    kept = store.answers("Ana")
    assert sorted((a["correct"], a["selected"]) for a in kept) == [(0, "b"), (0, "c"), (1, "a")]
    by_time = sorted(kept, key=lambda a: a["answered_at"])
    assert [a["selected"] for a in by_time] == ["a", "b", "c"]  # a microsecond apart, in order given
    assert len({a["answered_at"] for a in kept}) == 3
    assert store.answer_count("Ana") == 3


def test_running_exam_saved_per_profile(store):
    state = {"ids": ["q1", "q2"], "answers": {"q1": ["a"]}, "flagged": ["q2"],
             "started": 1767605400.25, "deadline": 1767606300.25, "index": 1}
    assert store.running_exam("Ana") is None
    store.save_running_exam("Ana", state)
    store.save_running_exam("Ana", state)  # idempotent: still one exam
    assert store.running_exam("ana") == state
    assert store.running_exam("Ben") is None
    moved = {**state, "answers": {"q1": ["a"], "q2": ["b", "c"]}, "index": 0}
    store.save_running_exam("Ana", moved)
    # a new store on the same file (as after a reload on another server) sees the latest
    assert ProgressStore(url=str(store.url.render_as_string(hide_password=False))
                         ).running_exam("Ana") == moved
    store.drop_running_exam("Ana")
    store.drop_running_exam("Ana")  # nothing left: no error
    store.drop_running_exam("Nobody")
    assert store.running_exam("Ana") is None


def test_running_exam_must_be_json(store):
    with pytest.raises(ValueError, match="JSON-serialisable"):
        store.save_running_exam("Ana", {"started": object()})
    assert store.running_exam("Ana") is None
