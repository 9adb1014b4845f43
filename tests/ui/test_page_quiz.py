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
    assert any("html { font-size: 22px; }" in h.value for h in at.get("html"))  # large type
    at.radio(key=S.choice_key("practice", "fx-single")).set_value("b")
    submit(at, "Lock in answer")
    assert not at.error and not at.success
    assert texts(at.info) == ["Answer locked in. Reveal it when the room is ready."]
    at.button(key="quiz_reveal").click().run()
    assert at.error[0].value.startswith("**✗ Not quite.**")


def test_presenter_reveal_without_an_answer_says_nobody_answered():
    at = open_app("quiz", presenter=True)
    at.button(key="quiz_reveal").click().run()
    assert "**Nobody locked in an answer to this question.**" in all_markdown(at)
    assert texts(at.success) == ["**The right answer:** a) Up to 5 minutes"]
    assert "- ✓ **a) Up to 5 minutes:** Express runs last at most 5 minutes." in all_markdown(at)


def test_true_false_choices_read_true_and_false():
    at = pick_topic(open_app("quiz"), "standard-vs-express")
    next(b for b in at.button if b.key == "quiz_next").click().run()
    radio = at.radio(key=S.choice_key("practice", "fx-tf"))
    assert radio.options == ["True", "False"]  # not "true) True"
    radio.set_value("true")
    submit(at)
    assert texts(at.error) == ["**✗ Not quite.** The right answer: False"]
    assert "✗ **True** — *wrong answer, your pick*" in all_markdown(at)


def test_internal_ids_are_in_the_tooltip_not_on_screen_except_for_presenters():
    at = open_app("quiz")
    line = next(c for c in at.caption if c.value.startswith("Question 1 of 3"))
    assert "fx-single" not in line.value
    assert line.proto.help == "Question id (for instructors): fx-single"
    presenter = open_app("quiz", presenter=True)
    assert any(c.value.endswith("· id fx-single") for c in presenter.caption)


# --- the address keeps the practice place and presenter mode (a reload) --------------------


def reload(query: dict, profile=None):
    """A new session (a reload) on the quiz page with these address parameters."""
    from streamlit.testing.v1 import AppTest

    from ui_helpers import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    if profile:
        at.session_state[S.PROFILE] = profile
    at.run()
    at.switch_page("ui/pages/quiz.py").run()
    assert not at.exception, at.exception
    return at


def test_the_practice_position_is_written_to_the_address():
    at = pick_topic(open_app("quiz"), "standard-vs-express")
    next(b for b in at.button if b.key == "quiz_next").click().run()
    assert at.query_params[S.QUIZ_POSITION_PARAM] == "2"
    assert at.query_params[S.QUIZ_TOPIC] == "standard-vs-express"


def test_a_reload_comes_back_to_the_same_topic_and_question():
    at = reload({"quiz_topic": "standard-vs-express", S.QUIZ_POSITION_PARAM: "2"})
    assert at.selectbox(key=S.QUIZ_TOPIC).value == "standard-vs-express"
    assert any(c.value.startswith("Question 2 of 2 · Standard vs Express") for c in at.caption)
    assert at.radio(key=S.choice_key("practice", "fx-tf"))


@pytest.mark.parametrize("query", [{"quiz_topic": "no-such-topic"},
                                   {S.QUIZ_POSITION_PARAM: "999"},
                                   {S.QUIZ_POSITION_PARAM: "-1"},
                                   {"quiz_mode": "Nonsense"}])
def test_a_stale_or_odd_address_falls_back_to_the_start(query):
    at = reload(query)
    assert any(c.value.startswith("Question 1 of 3") for c in at.caption)


def test_presenter_mode_and_the_exam_mode_survive_a_reload():
    at = reload({"presenter": "true", "quiz_mode": "Exam"})
    assert at.toggle(key=S.PRESENTER).value is True
    assert any("html { font-size: 22px; }" in h.value for h in at.get("html"))
    assert any(b.label == "Start exam" for b in at.button)


# --- the exam --------------------------------------------------------------------------------


def start_exam(at, n=3, minutes=10):
    at.button_group(key=S.QUIZ_MODE).set_value("Exam").run()
    at.number_input(key=S.EXAM_SIZE).set_value(n)
    at.number_input(key=S.EXAM_MINUTES).set_value(minutes)
    submit(at, "Start exam")
    return at


def exam_of(at):
    return at.session_state[S.EXAM]


def pick(at, qid, picks):
    if qid == "fx-two":
        for c in picks:
            at.checkbox(key=S.choice_key("exam", qid, c)).check()
    else:
        at.radio(key=S.choice_key("exam", qid)).set_value(picks[0])


def answer_current(at, exam_answers):
    qid = exam_of(at).current
    pick(at, qid, exam_answers[qid])
    submit(at, "Save answer")
    return qid


def progress_texts(at):
    return [p.proto.text for p in at.get("progress")]


def time_left(at) -> str:
    """The countdown as the server wrote it (the browser then ticks it down itself)."""
    import re

    clock = next(h.proto.body for h in at.get("html") if "stepwise-clock" in h.proto.body)
    return "Time left: " + re.search(r'<span class="left">([^<]+)</span>', clock).group(1)


def test_exam_end_to_end(db_path):
    at = start_exam(open_app("quiz", profile="Ana"))
    exam = exam_of(at)
    assert sorted(exam.ids) == ["fx-single", "fx-tf", "fx-two"]
    assert time_left(at) in {"Time left: 10:00", "Time left: 9:59", "Time left: 9:58"}
    assert "Answered 0 of 3" in progress_texts(at)
    # right, right, wrong (choose two with one wrong pick); no feedback shown meanwhile
    answers = {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["a", "b"]}
    for n in (1, 2, 3):
        answer_current(at, answers)
        assert not at.success and not at.error  # answers hidden until the end
        assert f"Answered {n} of 3" in progress_texts(at)
        assert f"✓ Answer to question {n} saved." in all_markdown(at)
    at.button(key="exam_finish").click().run()  # all answered, none flagged: no question asked
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Scaled score": "700 / 1000", "Result": "✗ Not yet",
                       "Right": "2 / 3 (67%)", "Unanswered": "0"}
    assert any("AWS does not publish how it turns right answers into that scale" in c
               for c in texts(at.caption))
    topics = at.table[0].value
    assert set(topics["Topic"]) == {"Service integration patterns", "Standard vs Express workflows"}
    assert topics.set_index("Topic").loc["Service integration patterns", "Score"] == "0%"
    # review: only the wrong one, with its feedback
    assert len(at.error) == 1 and at.error[0].value.startswith("**✗ Not quite.** The right answer: b)")
    store = ProgressStore(db_path)
    assert [(e.correct, e.total) for e in store.exams("Ana")] == [(2, 3)]
    assert sorted((a["question_id"], a["mode"]) for a in store.answers("Ana")) == [
        ("fx-single", "exam"), ("fx-tf", "exam"), ("fx-two", "exam")]
    assert store.running_exam("Ana")["finished"] is True  # a reload shows the results again
    at.button(key="exam_new").click().run()
    assert any(b.label == "Start exam" for b in at.button)
    assert store.running_exam("Ana") is None


def test_the_navigator_jumps_and_marks_answered_and_flagged_questions():
    at = start_exam(open_app("quiz"))
    exam = exam_of(at)
    nav = at.button_group(key=S.EXAM_NAV)
    assert nav.options == ["1", "2", "3"]
    at.checkbox(key=S.flag_key(exam.current)).check().run()
    assert exam.flagged == [exam.ids[0]]
    at.button_group(key=S.EXAM_NAV).set_value(3).run()
    assert exam.index == 2
    assert any(c.value.startswith("Question 3 of 3") for c in at.caption)
    pick(at, exam.current, {"fx-single": ["a"], "fx-tf": ["true"], "fx-two": ["b", "c"]}[exam.current])
    submit(at, "Save answer")
    assert at.button_group(key=S.EXAM_NAV).options == ["1 ⚑", "2", "3 ✓"]
    assert "✓ answered 1 · not answered 2 (1 and 2) · ⚑ flagged 1 (1)" in texts(at.caption)


def test_finishing_with_unanswered_or_flagged_questions_asks_first():
    at = start_exam(open_app("quiz"))
    exam = exam_of(at)
    answer_current(at, {exam.current: {"fx-single": ["a"], "fx-tf": ["true"],
                                       "fx-two": ["b", "c"]}[exam.current]})
    at.checkbox(key=S.flag_key(exam.ids[0])).check().run() if exam.index == 0 else None
    at.button_group(key=S.EXAM_NAV).set_value(1).run()
    at.checkbox(key=S.flag_key(exam.ids[0])).check().run()
    at.button(key="exam_finish").click().run()
    assert not exam.finished
    warning = texts(at.warning)[0]
    assert "**2 questions not answered:** 2 and 3." in warning
    assert "**Flagged for review:** 1." in warning
    at.button(key="exam_confirm_back").click().run()
    assert exam.index == 1 and not at.get("exam_confirm_box") and not exam.finished
    assert not any("Finish the exam now?" in w for w in texts(at.warning))
    at.button(key="exam_finish").click().run()
    at.button(key="exam_confirm_finish").click().run()
    assert exam.finished
    assert {m.label: m.value for m in at.metric}["Unanswered"] == "2"


def test_exam_wrong_count_is_refused_and_not_saved():
    at = start_exam(open_app("quiz"), n=3)
    at.button_group(key=S.EXAM_NAV).set_value(exam_of(at).ids.index("fx-two") + 1).run()
    at.checkbox(key=S.choice_key("exam", "fx-two", "b")).check()
    submit(at, "Save answer")
    assert texts(at.warning) == ["Pick exactly two answers: you picked 1."]
    assert exam_of(at).answers == {}


def test_exam_time_up_finishes_and_scores_unanswered_as_wrong():
    at = start_exam(open_app("quiz"), n=2)
    exam = exam_of(at)
    exam.deadline = time.time() - 1
    at.run()
    assert not at.exception
    assert any("Time is up" in w for w in texts(at.warning))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Scaled score"] == "100 / 1000" and metrics["Unanswered"] == "2"
    assert texts(at.error) == ["✗ Not answered.", "✗ Not answered."]


def test_a_reload_resumes_the_profiles_exam_with_its_answers_and_deadline(db_path):
    at = start_exam(open_app("quiz", profile="Ana"))
    exam = exam_of(at)
    first = answer_current(at, {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["b", "c"]})
    at.checkbox(key=S.flag_key(exam.current)).check().run()
    # a reload: a new session, the address keeps ?quiz_mode=Exam and the profile
    again = reload({"quiz_mode": "Exam", "profile": "Ana"})
    resumed = exam_of(again)
    assert resumed is not exam
    assert (resumed.ids, resumed.answers, resumed.flagged, resumed.deadline, resumed.index) == (
        exam.ids, exam.answers, exam.flagged, exam.deadline, exam.index)
    assert first in resumed.answers
    assert any(i.startswith("Welcome back: your exam continues") for i in texts(again.info))
    assert "Answered 1 of 3" in progress_texts(again)
    # the clock kept running: the page counts down to the same deadline
    clock = next(h.proto.body for h in again.get("html") if "stepwise-clock" in h.proto.body)
    assert f'data-deadline="{int(exam.deadline * 1000)}"' in clock
    assert time_left(again).startswith("Time left: 9:") or time_left(again) == "Time left: 10:00"


def test_a_reload_after_the_deadline_shows_the_timed_out_result(db_path):
    at = start_exam(open_app("quiz", profile="Ana"), n=2)
    store = ProgressStore(db_path)
    saved = store.running_exam("Ana")
    store.save_running_exam("Ana", {**saved, "deadline": time.time() - 5,
                                    "started": time.time() - 605})
    again = reload({"quiz_mode": "Exam", "profile": "Ana"})
    assert any("Time is up" in w for w in texts(again.warning))
    assert [(e.correct, e.total) for e in store.exams("Ana")] == [(0, 2)]


def test_without_a_profile_a_reload_starts_over():
    start_exam(open_app("quiz"))
    again = reload({"quiz_mode": "Exam"})
    assert any(b.label == "Start exam" for b in again.button)


def test_a_damaged_saved_exam_is_explained_and_replaced(db_path):
    ProgressStore(db_path).save_running_exam("Ana", {"version": 1, "ids": []})
    again = reload({"quiz_mode": "Exam", "profile": "Ana"})
    assert not again.exception
    assert any(w.startswith("A saved exam could not be resumed") for w in texts(again.warning))
    assert ProgressStore(db_path).running_exam("Ana") is None


def test_the_countdown_runs_in_the_browser_and_presses_time_up_at_the_deadline():
    at = start_exam(open_app("quiz"), n=2, minutes=10)
    exam = exam_of(at)
    clock = next(h for h in at.get("html") if "stepwise-clock" in h.proto.body)
    assert f'data-deadline="{int(exam.deadline * 1000)}"' in clock.proto.body
    assert 'role="timer"' in clock.proto.body
    assert ".st-key-exam_time_up button" in clock.proto.body  # what the script presses
    assert at.button(key="exam_time_up_button")
    # the deadline passes while the learner has an answer picked but not saved
    pick(at, exam.current, {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["b", "c"]}[exam.current])
    exam.deadline = time.time() - 1
    at.button(key="exam_time_up_button").click().run()
    assert any("Time is up" in w for w in texts(at.warning))
    assert exam.finished and exam.timed_out and exam.answers == {}


def test_a_save_sent_after_the_deadline_does_not_count():
    at = start_exam(open_app("quiz"), n=2)
    exam = exam_of(at)
    pick(at, exam.current, {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["b", "c"]}[exam.current])
    exam.deadline = time.time() - 1
    submit(at, "Save answer")
    assert exam.finished and exam.answers == {}
    assert {m.label: m.value for m in at.metric}["Unanswered"] == "2"


def test_a_name_typed_mid_exam_keeps_the_exam_and_saves_it_under_the_name(db_path):
    at = start_exam(open_app("quiz"))
    exam = exam_of(at)
    answer_current(at, {"fx-single": ["a"], "fx-tf": ["false"], "fx-two": ["b", "c"]})
    at.text_input(key=S.PROFILE_INPUT).input("Dora")
    next(b for b in at.button if b.label.startswith("Save my progress")).click().run()
    assert exam_of(at) is exam and not exam.finished
    assert ProgressStore(db_path).running_exam("Dora")["answers"] == exam.answers


def test_switching_profile_leaves_the_exam_saved_under_the_old_name(db_path):
    at = start_exam(open_app("quiz", profile="Ana"))
    ids = exam_of(at).ids
    at.button(key="sidebar_switch_profile").click().run()
    assert S.EXAM not in at.session_state
    assert any(b.label == "Start exam" for b in at.button)
    assert ProgressStore(db_path).running_exam("Ana")["ids"] == ids
