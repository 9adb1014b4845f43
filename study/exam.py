"""A running exam: its questions, answers, flags, position and deadline. Pure Python.

No Streamlit and no clock of its own: callers pass `now` (seconds since the epoch), so
the deadline is a moment, not a countdown, and an exam saved and read back later (a
reload) resumes with its clock still running. `to_dict` / `from_dict` give the JSON form
the progress store keeps (`ProgressStore.save_running_exam`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

VERSION = 1  # of the dict form; from_dict refuses others


class ExamStateError(ValueError):
    """A saved exam that can't be resumed (missing or malformed fields)."""


@dataclass
class RunningExam:
    """One exam in progress (or just finished, before its result is recorded)."""

    ids: list[str]
    started: float
    deadline: float
    answers: dict[str, list[str]] = field(default_factory=dict)
    flagged: list[str] = field(default_factory=list)
    index: int = 0
    finished: bool = False
    timed_out: bool = False
    finished_at: float | None = None

    @classmethod
    def start(cls, ids: Sequence[str], minutes: float, now: float) -> RunningExam:
        """A new exam on these questions, due `minutes` from `now`."""
        if not ids:
            raise ValueError("an exam needs at least one question")
        if not (isinstance(minutes, (int, float)) and math.isfinite(minutes) and minutes > 0):
            raise ValueError(f"the time limit must be a positive number of minutes, not {minutes!r}")
        if len(set(ids)) != len(ids):
            raise ValueError("an exam can't hold the same question twice")
        return cls(ids=[str(i) for i in ids], started=float(now),
                   deadline=float(now) + float(minutes) * 60)

    # --- the clock ---------------------------------------------------------------------

    def time_left(self, now: float) -> float:
        """Seconds until the deadline (0 once it has passed)."""
        return max(0.0, self.deadline - now)

    def expired(self, now: float) -> bool:
        return now >= self.deadline

    @property
    def length(self) -> float:
        """The time limit in seconds."""
        return self.deadline - self.started

    # --- answering and moving -----------------------------------------------------------

    @property
    def current(self) -> str:
        """The id of the question on screen."""
        return self.ids[self.index]

    def move(self, to: int) -> None:
        """Go to position `to` (0-based), kept within the exam."""
        self.index = max(0, min(int(to), len(self.ids) - 1))

    def answer(self, question_id: str, selected: Sequence[str]) -> None:
        """Keep (or change) the answer to one of this exam's questions."""
        if question_id not in self.ids:
            raise ValueError(f"{question_id!r} is not a question of this exam")
        if self.finished:
            raise ValueError("the exam is finished: answers can't change")
        self.answers[question_id] = [str(s) for s in selected]

    def set_flag(self, question_id: str, on: bool) -> None:
        """Flag a question for review (or clear the flag); flags keep exam order."""
        if question_id not in self.ids:
            raise ValueError(f"{question_id!r} is not a question of this exam")
        wanted = set(self.flagged) | {question_id} if on else set(self.flagged) - {question_id}
        self.flagged = [i for i in self.ids if i in wanted]

    def is_answered(self, question_id: str) -> bool:
        return bool(self.answers.get(question_id))

    def is_flagged(self, question_id: str) -> bool:
        return question_id in self.flagged

    @property
    def answered_count(self) -> int:
        return sum(1 for i in self.ids if self.is_answered(i))

    def unanswered(self) -> list[int]:
        """Positions (1-based, as the learner counts them) of questions not answered yet."""
        return [n for n, i in enumerate(self.ids, start=1) if not self.is_answered(i)]

    def flagged_positions(self) -> list[int]:
        """Positions (1-based) of the questions flagged for review."""
        return [n for n, i in enumerate(self.ids, start=1) if i in self.flagged]

    def finish(self, now: float, *, timed_out: bool = False) -> None:
        """End the exam (once): by the learner, or by the clock."""
        if self.finished:
            return
        self.finished = True
        self.timed_out = timed_out
        self.finished_at = min(now, self.deadline) if timed_out else now

    # --- the saved form -------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The JSON-ready form the progress store keeps."""
        return {"version": VERSION, "ids": list(self.ids), "started": self.started,
                "deadline": self.deadline, "answers": {k: list(v) for k, v in self.answers.items()},
                "flagged": list(self.flagged), "index": self.index, "finished": self.finished,
                "timed_out": self.timed_out, "finished_at": self.finished_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunningExam:
        """An exam read back from `to_dict`'s form; ExamStateError if it can't be resumed."""
        if not isinstance(data, Mapping) or data.get("version") != VERSION:
            raise ExamStateError("the saved exam is from another version of the app")
        try:
            ids = [str(i) for i in data["ids"]]
            started, deadline = float(data["started"]), float(data["deadline"])
            answers = {str(k): [str(s) for s in v] for k, v in dict(data.get("answers") or {}).items()}
            flagged = [str(i) for i in data.get("flagged") or []]
            index = int(data.get("index") or 0)
            finished_at = data.get("finished_at")
            finished_at = None if finished_at is None else float(finished_at)
        except (KeyError, TypeError, ValueError) as exc:
            raise ExamStateError(f"the saved exam is incomplete or malformed ({exc})") from None
        if not ids or not (math.isfinite(started) and math.isfinite(deadline)) or deadline <= started:
            raise ExamStateError("the saved exam has no questions or no time limit")
        exam = cls(ids=ids, started=started, deadline=deadline,
                   answers={k: v for k, v in answers.items() if k in ids},
                   flagged=[i for i in ids if i in set(flagged)],
                   finished=bool(data.get("finished")), timed_out=bool(data.get("timed_out")),
                   finished_at=finished_at)
        exam.move(index)
        return exam


__all__ = ["ExamStateError", "RunningExam", "VERSION"]
