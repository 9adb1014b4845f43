"""Quiz page: practice feedback (right, wrong, choose two), presenter mode, exam mode."""

import time

import pytest

from ui_helpers import all_markdown, open_app, texts
from study.progress import ProgressStore
from ui import state as S


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def submit(at, label="Check answer"):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def pick_topic(at, topic):
    at.selectbox(key=S.QUIZ_TOPIC).select(topic).run()
    return at


def test_right_answer_shows_correct_and_explanation():
    at = open_app("quiz")
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("a")
    submit(at)
    assert texts(at.success) == ["**✓ Correct.**"]
    assert not at.error
    assert any("Express up to 5 minutes" in i for i in texts(at.info))
    assert "✓ **a)** Up to 5 minutes — *right answer, your pick*" in all_markdown(at)


def test_wrong_answer_shows_not_quite_and_each_choice_why():
    at = open_app("quiz")
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    submit(at)
    assert texts(at.error) == ["**✗ Not quite.** The right answer: a) Up to 5 minutes"]
    md = all_markdown(at)
    assert "✗ **b)** Up to 1 year — *wrong answer, your pick*" in md
    assert "That is the Standard limit." in md


def test_nothing_picked_says_so():
    at = open_app("quiz")
    submit(at)
    assert texts(at.warning) == ["Pick one answer first."]
    assert not at.success and not at.error


def test_choose_two_all_and_only():
    at = pick_topic(open_app("quiz"), "integration-patterns")
    key = lambda c: S.choice_key("practice", "fx-two", c)  # noqa: E731
    at.checkbox(key=key("b")).check()
    submit(at)
    assert texts(at.warning) == ["Pick exactly two answers: you picked 1."]
    at.checkbox(key=key("a")).check()
    submit(at)
    assert at.error and at.error[0].value.startswith("**✗ Not quite.**")
    at.checkbox(key=key("a")).uncheck()
    at.checkbox(key=key("c")).check()
    submit(at)
    assert texts(at.success) == ["**✓ Correct.**"]


def test_next_and_previous_move_through_the_topic():
    at = open_app("quiz")
    assert any(c.startswith("Question 1 of 3") for c in texts(at.caption))
    next(b for b in at.button if b.key == "quiz_next").click().run()
    assert any(c.startswith("Question 2 of 3") for c in texts(at.caption))
    next(b for b in at.button if b.key == "quiz_prev").click().run()
    next(b for b in at.button if b.key == "quiz_prev").click().run()
    assert any(c.startswith("Question 3 of 3") for c in texts(at.caption))


def test_answers_are_saved_for_a_profile(db_path):
    at = open_app("quiz", profile="Ana")
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    submit(at)
    rows = ProgressStore(db_path).answers("Ana")
    assert [(r["question_id"], r["correct"], r["selected"], r["mode"]) for r in rows] == [
        ("fx-single", 0, "b", "practice")]


def test_presenter_mode_hides_the_answer_until_revealed():
    at = open_app("quiz", presenter=True)
    assert any("font-size" in h.value for h in at.get("html"))  # large type CSS
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    submit(at, "Lock in answer")
    assert not at.error and not at.success
    assert texts(at.info) == ["Answer locked in. Reveal it when the room is ready."]
    at.button(key="quiz_reveal").click().run()
    assert at.error[0].value.startswith("**✗ Not quite.**")


def test_presenter_reveal_without_an_answer_shows_the_right_one():
    at = open_app("quiz", presenter=True)
    at.button(key="quiz_reveal").click().run()
    assert texts(at.success) == ["**Answer:** a) Up to 5 minutes"]


def start_exam(at, n=3, minutes=10):
    at.button_group(key=S.QUIZ_MODE).set_value("Exam").run()
    at.number_input(key=S.EXAM_SIZE).set_value(n)
    at.number_input(key=S.EXAM_MINUTES).set_value(minutes)
    submit(at, "Start exam")
    return at


def answer_current(at, exam_answers):
    qid = at.session_state[S.EXAM]["ids"][at.session_state[S.EXAM]["index"]]
    picks = exam_answers[qid]
    if qid == "fx-two":
        for c in picks:
            at.checkbox(key=S.choice_key("exam", qid, c)).check()
    else:
        at.radio(key=S.choice_key("exam", qid)).set_value(picks[0])
    submit(at, "Save answer")
    return qid


def test_exam_end_to_end(db_path):
    at = start_exam(open_app("quiz", profile="Ana"))
    exam = at.session_state[S.EXAM]
    assert sorted(exam["ids"]) == ["fx-single", "fx-tf", "fx-two"]
    progress = [p.proto.text for p in at.get("progress")]
    assert any(t.startswith("Time left: 9:5") or t.startswith("Time left: 10:00")
               for t in progress), progress
    assert "Answered 0 of 3" in progress
    # right, right, wrong (choose two with one wrong pick); no feedback shown meanwhile
    answers = {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["a", "b"]}
    for _ in range(3):
        answer_current(at, answers)
        assert not at.success and not at.error  # answers hidden until the end
    assert "Answered 3 of 3" in [p.proto.text for p in at.get("progress")]
    at.button(key="exam_finish").click().run()
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["2 / 3", "67%"]
    topics = at.table[0].value
    assert set(topics["Topic"]) == {"Service integration patterns", "Standard vs Express workflows"}
    assert topics.set_index("Topic").loc["Service integration patterns", "Score"] == "0%"
    # review: only the wrong one, with its feedback
    assert len(at.error) == 1 and at.error[0].value.startswith("**✗ Not quite.** The right answer: b)")
    store = ProgressStore(db_path)
    assert [(e.correct, e.total) for e in store.exams("Ana")] == [(2, 3)]
    assert sorted((a["question_id"], a["mode"]) for a in store.answers("Ana")) == [
        ("fx-single", "exam"), ("fx-tf", "exam"), ("fx-two", "exam")]
    at.button(key="exam_new").click().run()
    assert any(b.label == "Start exam" for b in at.button)


def test_exam_wrong_count_is_refused_and_not_saved():
    at = start_exam(open_app("quiz"), n=3)
    while at.session_state[S.EXAM]["ids"][at.session_state[S.EXAM]["index"]] != "fx-two":
        at.button(key="exam_next").click().run()
    at.checkbox(key=S.choice_key("exam", "fx-two", "b")).check()
    submit(at, "Save answer")
    assert texts(at.warning) == ["Pick exactly two answers: you picked 1."]
    assert at.session_state[S.EXAM]["answers"] == {}


def test_exam_time_up_finishes_and_scores_unanswered_as_wrong():
    at = start_exam(open_app("quiz"), n=2)
    exam = at.session_state[S.EXAM]
    exam["deadline"] = time.time() - 1
    at.run()
    assert not at.exception
    assert any("Time is up" in w for w in texts(at.warning))
    assert [m.value for m in at.metric] == ["0 / 2", "0%", "2"]
    assert texts(at.error) == ["✗ Not answered.", "✗ Not answered."]
