"""Quiz: practice by topic with feedback at once, or a timed exam graded at the end
(the exam is ui/exam.py). The mode, topic and position live in the address, so a reload
or a bookmark comes back to the same question."""

from __future__ import annotations

import streamlit as st

from study import TOPICS
from study.grading import AnswerFormatError, grade
from ui import cache
from ui import exam as E
from ui import question as Q
from ui import state as S
from ui.common import content_problems, save_answer, save_note

c = cache.content()
questions = c.questions or []
by_id = cache.questions_by_id()

st.title("Quiz")
content_problems(c.errors, files=["quizzes/"])
if not questions:
    st.info("No quiz questions are available right now.")
    st.stop()

mode = st.segmented_control("Mode", ["Practice", "Exam"], default="Practice",
                            key=S.QUIZ_MODE, required=True, bind="query-params")  # ?quiz_mode=Exam
if not S.profile():
    st.caption("Answers are not saved: type your name in the sidebar to keep them.")


# --- practice ---------------------------------------------------------------------------


def _graded(q: dict, selected: list[str]):
    """Grade an answer, or show why its format is wrong and return None."""
    try:
        return grade(q, selected)
    except AnswerFormatError as exc:
        st.warning(str(exc), icon=":material/warning:")
        return None


def on_topic_change() -> None:
    S.put(S.QUIZ_INDEX, 0)
    S.pop(S.QUIZ_PROBLEM)


def _topic_from_address(options: list[str]) -> None:
    """A new session (a reload, a bookmark) starts on the address's ?quiz_topic=<id>."""
    if S.QUIZ_TOPIC not in st.session_state:
        wanted = st.query_params.get(S.QUIZ_TOPIC) or ""
        S.put(S.QUIZ_TOPIC, wanted if wanted in options else "")


def _write_address(topic: str, index: int) -> None:
    """Keep the topic (its id, not its label) and the 1-based position in the address."""
    if (st.query_params.get(S.QUIZ_TOPIC) or "") != topic:
        if topic:
            st.query_params[S.QUIZ_TOPIC] = topic
        else:
            st.query_params.pop(S.QUIZ_TOPIC, None)
    if st.query_params.get(S.QUIZ_POSITION_PARAM) != str(index + 1):
        st.query_params[S.QUIZ_POSITION_PARAM] = str(index + 1)


def _position_from_address(count: int) -> int:
    """The practice position: this session's, else the address's (?quiz_question=5), else 0."""
    if S.QUIZ_INDEX not in st.session_state:
        wanted = str(st.query_params.get(S.QUIZ_POSITION_PARAM) or "")
        S.put(S.QUIZ_INDEX, int(wanted) - 1 if wanted.isdigit() and 0 < int(wanted) <= count
              else 0)
    return S.get(S.QUIZ_INDEX, 0) % count


def on_move(step: int, count: int) -> None:
    S.put(S.QUIZ_INDEX, (S.get(S.QUIZ_INDEX, 0) + step) % count)
    S.pop(S.QUIZ_PROBLEM)


def on_reveal(qid: str) -> None:
    S.put(S.QUIZ_REVEALED, set(S.get(S.QUIZ_REVEALED, set())) | {qid})


@st.fragment  # answering and moving on rerun only the question, not the sidebar and the page around it
def practice() -> None:
    counts: dict[str, int] = {}
    for q in questions:
        counts[q["topic"]] = counts.get(q["topic"], 0) + 1
    options = [""] + [t for t in TOPICS if t in counts]
    _topic_from_address(options)
    topic = st.selectbox(
        "Topic", options, key=S.QUIZ_TOPIC, on_change=on_topic_change, persist_state="session",
        format_func=lambda t: f"All topics ({len(questions)})" if not t
        else f"{TOPICS[t]} ({counts[t]})",
    )
    pool = [q for q in questions if not topic or q["topic"] == topic]
    index = _position_from_address(len(pool))
    _write_address(topic or "", index)
    q = pool[index]
    qid = q["id"]
    checked: dict = S.get(S.QUIZ_CHECKED, {})
    presenter = S.presenter()

    with st.container(border=True, key=f"practice_q_{qid}"):  # the id is in a class, not on screen
        Q.prompt(q, cache.topic_title(q["topic"]), number=index + 1, total=len(pool))
        Q.context(q, c.workflows)
        with st.form(f"quiz_practice_form_{qid}", border=False):
            selected = Q.answer_widgets(q, "practice", checked.get(qid))
            submitted = st.form_submit_button(
                "Lock in answer" if presenter else "Check answer", type="primary")
        g = _graded(q, selected) if submitted else None
        if g is not None:
            checked = {**checked, qid: list(g.selected)}
            S.put(S.QUIZ_CHECKED, checked)
            save_answer(q, g, "practice", in_fragment=True)
        save_note(qid, "practice")

        revealed = qid in S.get(S.QUIZ_REVEALED, set())
        if presenter and not revealed:
            if qid in checked:
                st.info("Answer locked in. Reveal it when the room is ready.")
            st.button("Reveal answer", key="quiz_reveal", on_click=on_reveal, args=(qid,))
        elif qid in checked:
            Q.feedback(grade(q, checked[qid]))
            Q.see_it_run(q)
        elif presenter:
            Q.answer_only(q, unanswered="Nobody locked in an answer to this question.")

    left, right = st.columns(2)
    left.button("← Previous", key="quiz_prev", on_click=on_move, args=(-1, len(pool)),
                width="stretch")
    right.button("Next question →", key="quiz_next", on_click=on_move, args=(1, len(pool)),
                 width="stretch")


if mode == "Exam":
    E.page(questions, by_id, c.workflows)
else:
    practice()
