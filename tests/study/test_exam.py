"""study.exam: a running exam's answers, flags, position and deadline, and its saved form."""

import json

import pytest

from study.exam import ExamStateError, RunningExam

T0 = 1_800_000_000.0


def exam(n=4, minutes=10):
    return RunningExam.start([f"q{i}" for i in range(1, n + 1)], minutes, T0)


def test_the_deadline_is_a_moment_so_the_clock_keeps_running():
    e = exam(minutes=10)
    assert e.deadline == T0 + 600 and e.length == 600
    assert e.time_left(T0 + 90) == 510
    assert not e.expired(T0 + 599.9) and e.expired(T0 + 600)
    assert e.time_left(T0 + 10_000) == 0


def test_answers_flags_and_the_positions_a_learner_sees():
    e = exam()
    e.answer("q1", ["a"])
    e.answer("q3", ["b", "c"])
    e.set_flag("q3", True)
    e.set_flag("q2", True)
    assert e.answered_count == 2
    assert e.unanswered() == [2, 4]
    assert e.flagged == ["q2", "q3"]  # exam order, not flagging order
    assert e.flagged_positions() == [2, 3]
    e.set_flag("q2", False)
    assert e.flagged_positions() == [3]
    e.answer("q1", ["d"])  # changing an answer replaces it
    assert e.answers["q1"] == ["d"] and e.answered_count == 2


def test_moving_stays_inside_the_exam():
    e = exam(n=3)
    e.move(5)
    assert e.index == 2 and e.current == "q3"
    e.move(-1)
    assert e.index == 0


def test_a_question_from_elsewhere_is_refused():
    e = exam()
    with pytest.raises(ValueError):
        e.answer("nope", ["a"])
    with pytest.raises(ValueError):
        e.set_flag("nope", True)


def test_finishing_happens_once_and_a_timed_out_exam_ends_at_its_deadline():
    e = exam(minutes=1)
    e.finish(T0 + 500, timed_out=True)
    assert e.finished and e.timed_out and e.finished_at == T0 + 60
    e.finish(T0 + 900)
    assert e.finished_at == T0 + 60
    with pytest.raises(ValueError):
        e.answer("q1", ["a"])


def test_the_saved_form_round_trips_through_json():
    e = exam()
    e.answer("q2", ["b"])
    e.set_flag("q4", True)
    e.move(3)
    back = RunningExam.from_dict(json.loads(json.dumps(e.to_dict())))
    assert back == e
    assert back.time_left(T0 + 60) == 540


@pytest.mark.parametrize("bad", [
    None, [], {}, {"version": 99, "ids": ["q1"], "started": T0, "deadline": T0 + 1},
    {"version": 1, "ids": [], "started": T0, "deadline": T0 + 60},
    {"version": 1, "ids": ["q1"], "started": "soon", "deadline": T0 + 60},
    {"version": 1, "ids": ["q1"], "started": T0, "deadline": T0},
    {"version": 1, "ids": ["q1"], "started": T0},
    {"version": 1, "ids": ["q1"], "started": T0, "deadline": float("inf")},
])
def test_a_damaged_saved_exam_is_refused_with_a_reason(bad):
    with pytest.raises(ExamStateError):
        RunningExam.from_dict(bad)


def test_answers_and_flags_for_questions_not_in_the_exam_are_dropped_on_load():
    data = exam().to_dict() | {"answers": {"q1": ["a"], "zz": ["b"]}, "flagged": ["zz", "q2"],
                               "index": 99}
    back = RunningExam.from_dict(data)
    assert back.answers == {"q1": ["a"]} and back.flagged == ["q2"] and back.index == 3


@pytest.mark.parametrize("ids, minutes", [([], 10), (["a", "a"], 10), (["a"], 0),
                                          (["a"], float("nan"))])
def test_start_refuses_an_exam_that_cannot_run(ids, minutes):
    with pytest.raises(ValueError):
        RunningExam.start(ids, minutes, T0)
