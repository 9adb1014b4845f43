"""Bad content and bad databases give a message and a way forward, never a traceback."""

import shutil

import pytest

from ui_helpers import FIXTURE_CONTENT, open_app, texts
from study.progress import ProgressStore
from ui import state as S


@pytest.fixture
def broken_content(tmp_path, monkeypatch):
    root = tmp_path / "content-root"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / "content" / "glossary.yaml").write_text("terms:\n  - id: [unclosed\n")
    monkeypatch.setenv("STEPWISE_CONTENT_DIR", str(root))
    return root


def test_broken_content_file_shows_a_message_and_the_rest_works(broken_content):
    at = open_app("glossary")
    assert not at.exception
    warning = texts(at.warning)[0]
    assert "Some study content could not be loaded" in warning
    assert "content/glossary.yaml" in warning
    assert texts(at.info) == ["No glossary terms are available right now."]
    # the home page lists it too, and the quiz still works
    assert "content/glossary.yaml" in texts(open_app("home").warning)[0]
    quiz = open_app("quiz")
    assert not quiz.warning  # the quiz page shows only quiz problems
    quiz.radio(key=S.choice_key("practice", "fx-single")).set_value("a")
    next(b for b in quiz.button if b.label == "Check answer").click().run()
    assert texts(quiz.success) == ["**✓ Correct.**"]


def corrupt(path):
    for suffix in ("-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            p.unlink()
    path.write_bytes(b"definitely not SQLite " * 200)


def test_corrupt_database_can_be_moved_aside(db_path, fixture_content):
    corrupt(db_path)
    at = open_app("home", profile="Ana")
    assert not at.exception
    errors = texts(at.sidebar.error)
    assert any("damaged" in e and "Move the broken file aside" in e for e in errors), errors
    at.button(key="sidebar_move_aside").click().run()
    assert not at.exception
    assert any(s.startswith("Started a fresh progress file") for s in texts(at.sidebar.success))
    assert list(db_path.parent.glob("progress.sqlite3.broken-*"))
    assert {m.label: m.value for m in at.metric}["Questions answered"] == "0"


def test_corrupt_database_continue_without_saving(db_path, fixture_content):
    corrupt(db_path)
    at = open_app("quiz", profile="Ana")
    at.button(key="sidebar_carry_on").click().run()
    assert texts(at.sidebar.warning) == ["Progress is not being saved (database unavailable)."]
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("a")
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert not at.exception
    assert texts(at.success) == ["**✓ Correct.**"]


def test_database_breaking_mid_session_keeps_grading(db_path, fixture_content):
    at = open_app("quiz", profile="Ana")
    ProgressStore(db_path)  # exists and is healthy
    corrupt(db_path)
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("**✗ Not quite.**")
    assert any(w.startswith("**Not saved.** Your answer was graded") for w in texts(at.warning))
