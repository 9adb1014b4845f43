"""The Simulator's "Quiz me on this workflow": predict the path, then watch the run prove it.

Each predict-the-path question linked to the workflow names one of its scenarios. The
Simulator loads that scenario and hides the run until the learner has answered; then it
jumps to the end of the run, where the graph shows the path the answer is about.
"""

from __future__ import annotations

import streamlit as st

from study.grading import AnswerFormatError, grade
from ui import cache
from ui import question as Q
from ui import state as S


def start(ids: list[str], by_id: dict) -> None:
    """Begin the quiz on its first question (a button callback)."""
    S.put(S.SIM_QUIZ, {"ids": list(ids), "index": 0, "answered": {}})
    _load(by_id[ids[0]])


def _load(question: dict) -> None:
    S.put(S.SIM_SCENARIO, question["scenario"])
    S.put(S.SIM_STEP, 0)
    S.put(S.SIM_PLAYING, False)
    S.put(S.SIM_RUN_INPUT, None)
    S.put(S.SIM_INJECTIONS, [])
    S.pop(S.SIM_INPUT_FOR)


def _next(by_id: dict) -> None:
    quiz = S.get(S.SIM_QUIZ)
    quiz["index"] += 1
    if quiz["index"] < len(quiz["ids"]):
        _load(by_id[quiz["ids"][quiz["index"]]])


def stop() -> None:
    S.pop(S.SIM_QUIZ)


def show(quiz: dict, by_id: dict, workflow: dict) -> bool:
    """Draw the current question; True while the run must stay hidden (not answered yet)."""
    ids = [i for i in quiz["ids"] if i in by_id]
    if quiz["index"] >= len(ids):
        right = sum(1 for qid, g in quiz["answered"].items() if g)
        st.success(f"Quiz finished: {right} of {len(ids)} predicted right.", icon=":material/check_circle:")
        st.button("Close the quiz", key="sim_quiz_close", on_click=stop)
        return False
    q = by_id[ids[quiz["index"]]]
    with st.container(border=True):
        Q.prompt(q, cache.topic_title(q["topic"]), number=quiz["index"] + 1, total=len(ids))
        done = q["id"] in quiz["answered"]
        if not done:
            with st.form(f"sim_quiz_form_{q['id']}", border=False):
                selected = Q.answer_widgets(q, "simquiz")
                submitted = st.form_submit_button("Check, then show the run", type="primary")
            if submitted:
                try:
                    g = grade(q, selected)
                except AnswerFormatError as exc:
                    st.warning(str(exc), icon=":material/warning:")
                else:
                    quiz["answered"][q["id"]] = g.correct
                    S.put(S.SIM_QUIZ_GRADE, (q["id"], list(g.selected)))
                    S.put(S.SIM_PENDING_STEP, "end")
                    st.rerun()
        else:
            saved = S.get(S.SIM_QUIZ_GRADE)
            if saved and saved[0] == q["id"]:
                Q.feedback(grade(q, saved[1]))
            st.caption("The run below is at its end: its path and last state prove the answer.")
        left, right = st.columns(2)
        if done:
            last = quiz["index"] + 1 >= len(ids)
            left.button("See the result" if last else "Next question →", key="sim_quiz_next",
                        on_click=_next, args=(by_id,), type="primary")
        right.button("Stop the quiz", key="sim_quiz_stop", on_click=stop)
    return not done
