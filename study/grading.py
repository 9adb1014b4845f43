"""Grade quiz answers and exams. Pure Python: no Streamlit, no I/O.

A question is the dict described in docs/data-format.md (`type`, `choices` with `id` /
`text` / `why`, `answer` as a list of choice ids, `choose` for "multiple"). An answer is
the list of choice ids the learner selected. A "choose two" question is right only when
the learner picked all of the right choices and nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Question = Mapping[str, Any]


class AnswerFormatError(ValueError):
    """The selection can't be graded: wrong number of choices, or ids that don't exist."""


def choice_ids(question: Question) -> list[str]:
    """The question's choice ids in display order."""
    return [str(c["id"]) for c in question.get("choices", [])]


def choice_label(question: Question, choice: Mapping[str, Any]) -> str:
    """How a choice reads on screen: "a) Amazon SQS", or just "True" for a true/false one."""
    text = str(choice.get("text", ""))
    if question.get("type") == "true_false":
        return text or _id_str(choice.get("id")).capitalize()
    return f"{_id_str(choice.get('id'))}) {text}"


def expected_count(question: Question) -> int:
    """How many choices the learner must pick (1 unless a "multiple" question)."""
    if question.get("type") == "multiple":
        return int(question.get("choose") or len(question.get("answer", [])) or 1)
    return 1


def answer_ids(question: Question) -> list[str]:
    """The right choice ids, as a list of strings."""
    answer = question.get("answer", [])
    if isinstance(answer, (str, int, bool)):
        answer = [answer]
    return [_id_str(a) for a in answer]


def _id_str(value: Any) -> str:
    # true_false ids are "true"/"false"; a YAML bool slipping through still compares right.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _count_phrase(n: int) -> str:
    word = _NUMBER_WORDS.get(n, str(n))
    return f"{word} answer" + ("s" if n != 1 else "")


def instruction(question: Question) -> str:
    """What to tell the learner: 'Choose one.' / 'Choose two.'"""
    n = expected_count(question)
    return f"Choose {_NUMBER_WORDS.get(n, str(n))}."


def validate_answer(question: Question, selected: str | Iterable[str] | None) -> list[str]:
    """Normalise `selected` to a list of choice ids or raise AnswerFormatError.

    The message says what's wrong in words a learner understands: nothing picked, too
    many or too few for a "choose N" question, an id that isn't one of the choices, or
    the same choice twice.
    """
    if selected is None:
        picked: list[str] = []
    elif isinstance(selected, (str, bool)):
        picked = [_id_str(selected)]
    else:
        picked = [_id_str(s) for s in selected]
    valid = choice_ids(question)
    unknown = [p for p in picked if p not in valid]
    if unknown:
        raise AnswerFormatError(
            f"Unknown choice {', '.join(repr(u) for u in unknown)}: "
            f"this question's choices are {', '.join(valid)}."
        )
    seen: set[str] = set()
    for p in picked:
        if p in seen:
            raise AnswerFormatError(f"Choice {p!r} was picked twice.")
        seen.add(p)
    need = expected_count(question)
    if not picked:
        raise AnswerFormatError(f"Pick {_count_phrase(need)} first.")
    if len(picked) != need:
        raise AnswerFormatError(
            f"Pick exactly {_count_phrase(need)}: you picked {len(picked)}."
        )
    # Keep display order so feedback and storage are stable.
    return [c for c in valid if c in seen]


@dataclass(frozen=True)
class ChoiceFeedback:
    """One choice after grading."""

    id: str
    text: str
    selected: bool
    is_answer: bool
    why: str = ""

    @property
    def verdict(self) -> str:
        """'right pick', 'wrong pick', 'missed' or 'rightly left out'."""
        if self.selected:
            return "right pick" if self.is_answer else "wrong pick"
        return "missed" if self.is_answer else "rightly left out"

    @property
    def mark(self) -> str:
        """A text mark that does not depend on colour: ✓ for right choices, ✗ for wrong."""
        return "✓" if self.is_answer else "✗"


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer."""

    question_id: str
    correct: bool
    selected: tuple[str, ...]
    answer: tuple[str, ...]
    feedback: tuple[ChoiceFeedback, ...]
    explanation: str = ""
    kind: str = "single"  # the question's type: "single", "multiple" or "true_false"

    def label(self, f: ChoiceFeedback) -> str:
        """A choice as the learner saw it: "b) text", or "True" / "False"."""
        return choice_label({"type": self.kind}, {"id": f.id, "text": f.text})

    @property
    def headline(self) -> str:
        """'✓ Correct' or '✗ Not quite' (text, so colour is never the only signal)."""
        return "✓ Correct" if self.correct else "✗ Not quite"

    @property
    def answer_text(self) -> str:
        """The right choices, as 'b) text; d) text' (or 'False' for a true/false question)."""
        return "; ".join(self.label(f) for f in self.feedback if f.is_answer)


def grade(question: Question, selected: str | Iterable[str] | None) -> Grade:
    """Grade one answer; raises AnswerFormatError when it can't be graded."""
    picked = validate_answer(question, selected)
    answer = answer_ids(question)
    feedback = tuple(
        ChoiceFeedback(
            id=str(c["id"]),
            text=str(c.get("text", "")),
            selected=str(c["id"]) in picked,
            is_answer=str(c["id"]) in answer,
            why=str(c.get("why", "") or ""),
        )
        for c in question.get("choices", [])
    )
    return Grade(
        question_id=str(question.get("id", "")),
        correct=set(picked) == set(answer),
        selected=tuple(picked),
        answer=tuple(answer),
        feedback=feedback,
        explanation=str(question.get("explanation", "") or ""),
        kind=str(question.get("type") or "single"),
    )


# --- exams ---------------------------------------------------------------------------


def pick_exam(
    questions: Sequence[Question],
    n: int,
    *,
    topics: Iterable[str] | None = None,
    rng: random.Random | None = None,
) -> list[str]:
    """Choose `n` distinct question ids at random (fewer if there aren't `n`)."""
    if n < 1:
        raise ValueError("an exam needs at least one question")
    wanted = set(topics) if topics else None
    pool = [
        str(q["id"]) for q in questions if wanted is None or q.get("topic") in wanted
    ]
    if not pool:
        raise ValueError("no questions match the chosen topics")
    return (rng or random.Random()).sample(pool, min(n, len(pool)))


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class WrongAnswer:
    """A question answered wrongly (or not at all) in an exam, for the review."""

    question: Question
    selected: tuple[str, ...]
    grade: Grade | None  # None when unanswered


# SAA-C03 reports a scaled score from 100 to 1,000 and 720 passes (facts.md #47). How AWS
# maps raw answers to that scale is not public (it equates exam forms of different
# difficulty), so this is a plain straight line: nothing right is 100, everything is 1,000.
SCALED_MIN, SCALED_MAX, SCALED_PASS = 100, 1000, 720


def scaled_score(correct: int, total: int) -> int:
    """An estimate on the exam's 100-1,000 scale: a straight line, rounded to a whole point."""
    if total <= 0:
        raise ValueError("an exam needs at least one question to score")
    if not 0 <= correct <= total:
        raise ValueError(f"{correct} right out of {total} is not possible")
    span = SCALED_MAX - SCALED_MIN
    return SCALED_MIN + (span * correct * 2 + total) // (2 * total)  # round half up


@dataclass(frozen=True)
class ExamResult:
    correct: int
    total: int
    by_topic: tuple[TopicScore, ...]
    wrong: tuple[WrongAnswer, ...] = field(default_factory=tuple)
    grades: tuple[Grade, ...] = field(default_factory=tuple)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def unanswered(self) -> int:
        return sum(1 for w in self.wrong if w.grade is None)

    @property
    def scaled(self) -> int:
        """The score on the exam's 100-1,000 scale (an estimate: see scaled_score)."""
        return scaled_score(self.correct, self.total) if self.total else SCALED_MIN

    @property
    def passed(self) -> bool:
        """At or above the 720 pass mark on that scale."""
        return self.scaled >= SCALED_PASS


def grade_exam(
    questions: Sequence[Question], answers: Mapping[str, Sequence[str] | None]
) -> ExamResult:
    """Score an exam: `questions` in exam order, `answers` by question id.

    An unanswered question, or one whose saved answer can't be graded, counts as wrong.
    """
    correct = 0
    topic_tally: dict[str, list[int]] = {}
    wrong: list[WrongAnswer] = []
    grades: list[Grade] = []
    for q in questions:
        qid = str(q["id"])
        selected = answers.get(qid)
        tally = topic_tally.setdefault(str(q.get("topic", "")), [0, 0])
        tally[1] += 1
        g: Grade | None
        try:
            g = grade(q, selected) if selected else None
        except AnswerFormatError:
            g = None
        if g is not None:
            grades.append(g)
        if g is not None and g.correct:
            correct += 1
            tally[0] += 1
        else:
            wrong.append(WrongAnswer(q, tuple(selected or ()), g))
    by_topic = tuple(
        TopicScore(t, c, n) for t, (c, n) in sorted(topic_tally.items())
    )
    return ExamResult(correct, len(questions), by_topic, tuple(wrong), tuple(grades))


__all__ = [
    "AnswerFormatError",
    "ChoiceFeedback",
    "ExamResult",
    "Grade",
    "TopicScore",
    "WrongAnswer",
    "SCALED_MAX",
    "SCALED_MIN",
    "SCALED_PASS",
    "answer_ids",
    "choice_ids",
    "choice_label",
    "expected_count",
    "grade",
    "grade_exam",
    "instruction",
    "pick_exam",
    "scaled_score",
    "validate_answer",
]
