"""Quiz: practice by topic with feedback at once, or a timed exam graded at the end."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from study import TOPICS
from study.grading import AnswerFormatError, grade, grade_exam, pick_exam
from study.progress import StoreError
from ui import cache
from ui import question as Q
from ui import state as S
from ui.common import active_store, content_problems, save_answer, save_note

c = cache.content()
questions = c.questions or []
by_id = cache.questions_by_id()

st.title("Quiz")
content_problems(c.errors, files=["quizzes/"])
if not questions:
    st.info("No quiz questions are available right now.")
    st.stop()

mode = st.segmented_control("Mode", ["Practice", "Exam"], default="Practice",
                            key=S.QUIZ_MODE, required=True)
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


def on_move(step: int, count: int) -> None:
    S.put(S.QUIZ_INDEX, (S.get(S.QUIZ_INDEX, 0) + step) % count)
    S.pop(S.QUIZ_PROBLEM)


def on_reveal(qid: str) -> None:
    S.put(S.QUIZ_REVEALED, set(S.get(S.QUIZ_REVEALED, set())) | {qid})


def practice() -> None:
    counts: dict[str, int] = {}
    for q in questions:
        counts[q["topic"]] = counts.get(q["topic"], 0) + 1
    options = [""] + [t for t in TOPICS if t in counts]
    topic = st.selectbox(
        "Topic", options, key=S.QUIZ_TOPIC, on_change=on_topic_change,
        format_func=lambda t: f"All topics ({len(questions)})" if not t
        else f"{TOPICS[t]} ({counts[t]})",
    )
    pool = [q for q in questions if not topic or q["topic"] == topic]
    index = S.get(S.QUIZ_INDEX, 0) % len(pool)
    q = pool[index]
    qid = q["id"]
    checked: dict = S.get(S.QUIZ_CHECKED, {})
    presenter = S.presenter()

    with st.container(border=True):
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
            save_answer(q, g, "practice")
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
            Q.answer_only(q)

    left, _, right = st.columns(3)
    left.button("← Previous", key="quiz_prev", on_click=on_move, args=(-1, len(pool)),
                width="stretch")
    right.button("Next question →", key="quiz_next", on_click=on_move, args=(1, len(pool)),
                 width="stretch")


# --- exam --------------------------------------------------------------------------------


def start_exam() -> None:
    n = int(S.get(S.EXAM_SIZE, 10))
    minutes = float(S.get(S.EXAM_MINUTES, 15))
    topics = S.get(S.EXAM_TOPICS) or None
    try:
        ids = pick_exam(questions, n, topics=topics)
    except ValueError as exc:
        S.put(S.EXAM_PROBLEM, str(exc))
        return
    now = time.time()
    S.pop(S.EXAM_PROBLEM)
    S.put(S.EXAM, {"ids": ids, "answers": {}, "started": now, "deadline": now + minutes * 60,
                   "index": 0, "finished": False, "timed_out": False, "recorded": False})


def exam_move(to: int) -> None:
    exam = S.get(S.EXAM)
    exam["index"] = max(0, min(to, len(exam["ids"]) - 1))
    S.pop(S.EXAM_PROBLEM)


def finish_exam(timed_out: bool = False) -> None:
    exam = S.get(S.EXAM)
    if exam and not exam["finished"]:
        exam["finished"] = True
        exam["timed_out"] = timed_out
        exam["finished_at"] = time.time()


def new_exam() -> None:
    S.pop(S.EXAM)
    S.pop(S.EXAM_PROBLEM)


def exam_setup() -> None:
    st.markdown("Random questions against the clock. You see your score, a breakdown by "
                "topic and a review of your mistakes at the end, not before.")
    available = [t for t in TOPICS if any(q["topic"] == t for q in questions)]
    with st.form("quiz_exam_setup"):
        a, b = st.columns(2)
        a.number_input("Number of questions", min_value=1, max_value=len(questions),
                       value=min(10, len(questions)), step=1, key=S.EXAM_SIZE)
        b.number_input("Time limit (minutes)", min_value=1, max_value=180, value=15, step=1,
                       key=S.EXAM_MINUTES)
        st.multiselect("Topics (leave empty for all)", available, key=S.EXAM_TOPICS,
                       format_func=TOPICS.get)
        st.form_submit_button("Start exam", type="primary", on_click=start_exam)
    if S.get(S.EXAM_PROBLEM):
        st.warning(S.get(S.EXAM_PROBLEM), icon=":material/warning:")


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@st.fragment(run_every=1)
def countdown() -> None:
    exam = S.get(S.EXAM)
    if not exam or exam["finished"]:
        return
    left = exam["deadline"] - time.time()
    if left <= 0:
        finish_exam(timed_out=True)
        st.rerun(scope="app")
    total = exam["deadline"] - exam["started"]
    st.progress(max(0.0, min(1.0, left / total)), text=f"Time left: {clock_text(left)}")


def exam_running(exam: dict) -> None:
    if time.time() >= exam["deadline"]:
        finish_exam(timed_out=True)
        st.rerun()
    ids = exam["ids"]
    answered = len(exam["answers"])
    countdown()
    st.progress(answered / len(ids), text=f"Answered {answered} of {len(ids)}")
    i = exam["index"]
    q = by_id.get(ids[i])
    if q is None:  # content changed under a running exam
        st.warning("This question is no longer available; skip it.", icon=":material/warning:")
    else:
        with st.container(border=True):
            Q.prompt(q, cache.topic_title(q["topic"]), number=i + 1, total=len(ids))
            Q.context(q, c.workflows)
            with st.form(f"quiz_exam_form_{q['id']}", border=False):
                selected = Q.answer_widgets(q, "exam", exam["answers"].get(q["id"]))
                submitted = st.form_submit_button("Save answer", type="primary")
            g = _graded(q, selected) if submitted else None
            if g is not None:
                exam["answers"][q["id"]] = list(g.selected)
                save_answer(q, g, "exam",
                            at=datetime.fromtimestamp(exam["started"], timezone.utc))
                if i + 1 < len(ids):
                    exam["index"] = i + 1
                st.rerun()
            if q["id"] in exam["answers"] and not save_note(q["id"], "exam"):
                st.caption("✓ Answer saved. You can change it until you finish.")
    cols = st.columns(3)
    cols[0].button("← Previous", key="exam_prev", on_click=exam_move, args=(i - 1,),
                   disabled=i == 0, width="stretch")
    cols[1].button("Next →", key="exam_next", on_click=exam_move, args=(i + 1,),
                   disabled=i + 1 >= len(ids), width="stretch")
    left = len(ids) - answered
    cols[2].button("Finish exam" + (f" ({left} unanswered)" if left else ""),
                   key="exam_finish", on_click=finish_exam, type="primary", width="stretch")


def exam_results(exam: dict) -> None:
    qs = [by_id[i] for i in exam["ids"] if i in by_id]
    result = grade_exam(qs, exam["answers"])
    if not exam["recorded"]:
        exam["recorded"] = True
        store = active_store()
        if store is not None:
            try:
                store.record_exam(
                    S.profile(), result.correct, result.total,
                    started_at=datetime.fromtimestamp(exam["started"], timezone.utc),
                    finished_at=datetime.fromtimestamp(exam.get("finished_at") or time.time(),
                                                       timezone.utc),
                    details={"ids": exam["ids"],
                             "by_topic": {t.topic: [t.correct, t.total] for t in result.by_topic}},
                )
            except StoreError as exc:
                st.warning(f"Your score was not saved: {exc.message}", icon=":material/warning:")
    if exam.get("timed_out"):
        st.warning("Time is up: the exam was finished for you.", icon=":material/timer:")
    st.header("Exam results")
    a, b, c_ = st.columns(3)
    a.metric("Score", f"{result.correct} / {result.total}")
    b.metric("Percent", f"{result.percent:.0f}%")
    c_.metric("Unanswered", result.unanswered)
    st.subheader("By topic")
    st.table(pd.DataFrame(
        [{"Topic": cache.topic_title(t.topic), "Right": t.correct, "Questions": t.total,
          "Score": f"{t.percent:.0f}%"} for t in result.by_topic]
    ), hide_index=True)
    st.subheader("Review")
    if not result.wrong:
        st.success("✓ Every answer was right.", icon=":material/check_circle:")
    for n, w in enumerate(result.wrong, start=1):
        with st.container(border=True):
            st.markdown(f"**{n}. {cache.topic_title(w.question.get('topic', ''))}**")
            st.markdown(w.question.get("prompt", ""))
            if w.grade is None:
                st.error("✗ Not answered.", icon=":material/cancel:")
                Q.answer_only(w.question)
            else:
                Q.feedback(w.grade)
            Q.see_it_run(w.question)
    st.button("Start a new exam", key="exam_new", on_click=new_exam, type="primary")


def exam() -> None:
    state = S.get(S.EXAM)
    if not state:
        exam_setup()
    elif state["finished"]:
        exam_results(state)
    else:
        exam_running(state)


if mode == "Exam":
    exam()
else:
    practice()
