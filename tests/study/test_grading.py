"""Grading: single, true/false, "choose two" (all and only), answer-format errors, exams."""

import random

import pytest

from study.grading import (
    AnswerFormatError,
    expected_count,
    grade,
    grade_exam,
    instruction,
    pick_exam,
    validate_answer,
)

SINGLE = {
    "id": "q-single",
    "topic": "standard-vs-express",
    "type": "single",
    "prompt": "Longest Express run?",
    "choices": [
        {"id": "a", "text": "5 minutes", "why": "Express runs up to 5 minutes."},
        {"id": "b", "text": "1 year", "why": "That's Standard."},
        {"id": "c", "text": "15 minutes", "why": "That's Lambda."},
    ],
    "answer": ["a"],
    "explanation": "Express: 5 minutes; Standard: 1 year.",
}

CHOOSE_TWO = {
    "id": "q-two",
    "topic": "integration-patterns",
    "type": "multiple",
    "choose": 2,
    "prompt": "Which two patterns does Standard support that Express doesn't?",
    "choices": [
        {"id": "a", "text": "Request Response", "why": "Both types."},
        {"id": "b", "text": "Run a Job (.sync)", "why": "Standard only."},
        {"id": "c", "text": "Wait for Callback", "why": "Standard only."},
        {"id": "d", "text": "Activities in Express", "why": "Not supported."},
    ],
    "answer": ["b", "c"],
    "explanation": "Express supports Request Response only.",
}

TRUE_FALSE = {
    "id": "q-tf",
    "topic": "standard-vs-express",
    "type": "true_false",
    "choices": [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}],
    "answer": ["false"],
}


def test_single_right_and_wrong():
    right = grade(SINGLE, "a")
    assert right.correct and right.headline == "✓ Correct"
    wrong = grade(SINGLE, ["b"])
    assert not wrong.correct and wrong.headline == "✗ Not quite"
    verdicts = {f.id: f.verdict for f in wrong.feedback}
    assert verdicts == {"a": "missed", "b": "wrong pick", "c": "rightly left out"}
    assert wrong.explanation.startswith("Express")
    assert wrong.answer_text == "a) 5 minutes"


def test_feedback_carries_why_and_text_marks():
    g = grade(SINGLE, ["a"])
    by_id = {f.id: f for f in g.feedback}
    assert by_id["a"].mark == "✓" and by_id["b"].mark == "✗"
    assert by_id["b"].why == "That's Standard."


def test_choose_two_needs_all_and_only_the_right_ones():
    assert grade(CHOOSE_TWO, ["c", "b"]).correct
    assert not grade(CHOOSE_TWO, ["a", "b"]).correct
    g = grade(CHOOSE_TWO, ["b", "d"])
    assert {f.id: f.verdict for f in g.feedback} == {
        "a": "rightly left out", "b": "right pick", "c": "missed", "d": "wrong pick",
    }


@pytest.mark.parametrize(
    "selected, message",
    [
        (["b"], "Pick exactly two answers: you picked 1."),
        (["a", "b", "c"], "Pick exactly two answers: you picked 3."),
        ([], "Pick two answers first."),
        (None, "Pick two answers first."),
        (["b", "z"], "Unknown choice 'z': this question's choices are a, b, c, d."),
        (["b", "b"], "Choice 'b' was picked twice."),
    ],
)
def test_choose_two_format_errors(selected, message):
    with pytest.raises(AnswerFormatError) as err:
        grade(CHOOSE_TWO, selected)
    assert str(err.value) == message


def test_single_refuses_two_picks():
    with pytest.raises(AnswerFormatError, match="Pick exactly one answer: you picked 2"):
        validate_answer(SINGLE, ["a", "b"])


def test_validate_returns_display_order():
    assert validate_answer(CHOOSE_TWO, ["c", "b"]) == ["b", "c"]


def test_true_false_accepts_bools_and_strings():
    assert grade(TRUE_FALSE, "false").correct
    assert grade(TRUE_FALSE, [False]).correct
    assert not grade(TRUE_FALSE, True).correct


def test_expected_count_and_instruction():
    assert expected_count(SINGLE) == 1 and instruction(SINGLE) == "Choose one."
    assert expected_count(CHOOSE_TWO) == 2 and instruction(CHOOSE_TWO) == "Choose two."


def test_pick_exam_is_random_distinct_and_capped():
    qs = [dict(SINGLE, id=f"q{i}", topic="t1" if i % 2 else "t2") for i in range(10)]
    picked = pick_exam(qs, 5, rng=random.Random(1))
    assert len(picked) == 5 == len(set(picked))
    assert len(pick_exam(qs, 50, rng=random.Random(1))) == 10
    assert all(int(q[1:]) % 2 for q in pick_exam(qs, 10, topics=["t1"]))
    with pytest.raises(ValueError):
        pick_exam(qs, 0)
    with pytest.raises(ValueError, match="no questions"):
        pick_exam(qs, 3, topics=["nope"])


def test_grade_exam_scores_breaks_down_and_reviews_wrong_ones():
    result = grade_exam(
        [SINGLE, CHOOSE_TWO, TRUE_FALSE],
        {"q-single": ["a"], "q-two": ["a", "b"]},  # q-tf unanswered
    )
    assert (result.correct, result.total) == (1, 3)
    assert round(result.percent) == 33
    by_topic = {t.topic: (t.correct, t.total) for t in result.by_topic}
    assert by_topic == {"integration-patterns": (0, 1), "standard-vs-express": (1, 2)}
    assert [w.question["id"] for w in result.wrong] == ["q-two", "q-tf"]
    assert result.unanswered == 1
    assert result.wrong[0].grade is not None and not result.wrong[0].grade.correct


def test_grade_exam_counts_malformed_saved_answer_as_wrong():
    result = grade_exam([CHOOSE_TWO], {"q-two": ["b"]})
    assert result.correct == 0 and result.wrong[0].grade is None


# --- labels and the scaled score --------------------------------------------------------

TF_PLAIN = {"id": "tf", "type": "true_false", "answer": ["false"],
              "choices": [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}]}


def test_true_false_choices_read_true_and_false_not_true_paren_true():
    from study.grading import choice_label

    assert [choice_label(TF_PLAIN, c) for c in TF_PLAIN["choices"]] == ["True", "False"]
    assert choice_label({"type": "single"}, {"id": "b", "text": "SQS"}) == "b) SQS"
    g = grade(TF_PLAIN, ["true"])
    assert g.answer_text == "False"
    assert [g.label(f) for f in g.feedback] == ["True", "False"]


@pytest.mark.parametrize("correct, total, scaled", [
    (0, 10, 100), (10, 10, 1000), (5, 10, 550), (7, 10, 730), (2, 3, 700), (1, 3, 400),
    (46, 65, 737), (45, 65, 723), (44, 65, 709),
])
def test_scaled_score_is_a_straight_line_from_100_to_1000(correct, total, scaled):
    from study.grading import scaled_score

    assert scaled_score(correct, total) == scaled


@pytest.mark.parametrize("correct, total", [(0, 0), (-1, 5), (6, 5)])
def test_scaled_score_refuses_impossible_tallies(correct, total):
    from study.grading import scaled_score

    with pytest.raises(ValueError):
        scaled_score(correct, total)


def test_an_exam_passes_at_720_on_the_scale():
    questions = [{"id": f"q{i}", "topic": "t", "type": "single", "answer": ["a"],
                  "choices": [{"id": "a"}, {"id": "b"}]} for i in range(10)]
    # 7 of 10 right is 730 (a pass); 6 of 10 is 640 (not)
    seven = grade_exam(questions, {f"q{i}": ["a"] for i in range(7)})
    six = grade_exam(questions, {f"q{i}": ["a"] for i in range(6)})
    assert (seven.scaled, seven.passed) == (730, True)
    assert (six.scaled, six.passed) == (640, False)
