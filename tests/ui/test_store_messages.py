"""The sidebar's store messages and "Not saved" beside answers, through the app (AppTest):
a file emptied while the app runs, a database unusable from the start, a PostgreSQL server
that refuses connections or goes away and comes back, a double click saved once."""

import socket

import pytest

from ui_helpers import open_app, texts
from study.progress import DatabaseCorruptError, ProgressStore
from ui import state as S


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def check(at, choice="a"):
    at.radio(key=S.choice_key("practice", "fx-single")).set_value(choice)
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert not at.exception, at.exception


def not_saved(at) -> list[str]:
    return [w for w in texts(at.warning) if w.startswith("**Not saved.**")]


def test_a_double_click_is_saved_once(db_path):
    at = open_app("quiz", profile="Ana")
    check(at)
    next(b for b in at.button if b.label == "Check answer").click().run()  # the second click
    assert ProgressStore(db_path).answer_count("Ana") == 1
    check(at, "b")  # a different answer is a new answer
    check(at, "a")  # and so is going back to the first one
    assert [a["selected"] for a in ProgressStore(db_path).answers("Ana")] == ["a", "b", "a"]
    assert not_saved(at) == []


def test_a_file_emptied_while_the_app_runs(db_path):
    at = open_app("quiz", profile="Ana")
    check(at)
    assert ProgressStore(db_path).answer_count("Ana") == 1
    with open(db_path, "r+b") as f:
        f.truncate(0)
    check(at, "b")
    assert texts(at.error)[0].startswith("**✗ Not quite.**")  # still graded
    assert len(not_saved(at)) == 1
    errors = texts(at.sidebar.error)
    assert any("damaged or was emptied" in e for e in errors), errors
    for e in errors + texts(at.warning):
        assert "no such table" not in e and "OperationalError" not in e
    # the next run too (the sidebar checks), and nothing quietly starts afresh
    at.run()
    assert any("Move" in b.label for b in at.sidebar.button)
    with pytest.raises(DatabaseCorruptError):
        ProgressStore(db_path)  # still the damaged file: nothing started afresh unasked
    at.button(key="sidebar_move_aside").click().run()
    assert any(s.startswith("Started a fresh progress file") for s in texts(at.sidebar.success))
    check(at)
    assert not_saved(at) == []
    assert ProgressStore(db_path).answer_count("Ana") == 1
    assert list(db_path.parent.glob("progress.sqlite3.broken-*"))


def test_unusable_from_the_start_marks_every_answer_not_saved(db_path):
    db_path.write_bytes(b"definitely not SQLite " * 200)
    at = open_app("quiz", profile="Ana")
    check(at)
    assert texts(at.success) == ["**✓ Correct.**"]
    [note] = not_saved(at)
    assert "the sidebar says why" in note
    at.button(key="sidebar_carry_on").click().run()
    at.run()  # the choice lasts (its state key is not a widget's)
    assert texts(at.sidebar.warning) == ["Progress is not being saved (database unavailable)."]
    check(at, "b")
    assert "You chose to carry on without saving." in not_saved(at)[0]


def test_no_profile_no_not_saved_mark(db_path):
    db_path.write_bytes(b"definitely not SQLite " * 200)
    at = open_app("quiz")
    check(at)
    assert not_saved(at) == []  # nothing was meant to be saved


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connecting is refused
    return f"postgresql+psycopg://stepwise@127.0.0.1:{port}/progress"


def test_a_server_that_refuses_connections(monkeypatch):
    monkeypatch.setenv("STEPWISE_DATABASE_URL", _refused_url())
    at = open_app("quiz", profile="Ana")
    errors = texts(at.sidebar.error)
    assert errors == ["The progress database server can't be reached right now. Answers are "
                      "still graded; saving starts again by itself when the server is back."]
    assert {b.label for b in at.sidebar.button} >= {"Try again", "Continue without saving"}
    check(at)
    assert texts(at.success) == ["**✓ Correct.**"]
    assert len(not_saved(at)) == 1


@pytest.fixture
def own_postgres():
    import pgcluster

    if pgcluster.bindir() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    cluster = pgcluster.start()
    yield cluster
    cluster.stop()


def test_the_app_recovers_by_itself_when_the_server_is_back(own_postgres, monkeypatch):
    url = own_postgres.new_database()
    monkeypatch.setenv("STEPWISE_DATABASE_URL", url)
    at = open_app("quiz", profile="Ana")
    check(at)
    own_postgres.halt()
    check(at, "b")
    assert len(not_saved(at)) == 1
    assert any("can't be reached" in e for e in texts(at.sidebar.error))
    own_postgres.resume()
    check(at, "c")  # no button pressed, no restart: it saves again
    assert not_saved(at) == []
    assert not at.sidebar.error
    assert [a["selected"] for a in ProgressStore(url=url).answers("Ana")] == ["a", "c"]
