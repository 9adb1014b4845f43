"""The quiz page's timed exam: set-up, the running exam, and the results.

The running exam is a `study.exam.RunningExam` in the session and, under a profile, in
the progress store after every change, so a reload resumes it with its clock running.

Nothing reruns on a timer. The countdown ticks in the browser (a few lines of script
beside the deadline the server wrote), so the server runs the page only when the
learner does something, and a save is one run: its callback notes the picks and the run
it starts saves them and draws the confirmation. (A once-a-second `st.fragment` clock
made Streamlit drop elements from the page, under load, when its runs overlapped a
save's: "Answered 1 of 1" and the answer's choices went missing.) At the deadline the
script presses the page's hidden "time is up" button, and the server, which checks the
deadline on every run anyway, ends the exam.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from study import TOPICS
from study.exam import ExamStateError, RunningExam
from study.grading import SCALED_MAX, SCALED_PASS, AnswerFormatError, grade, grade_exam, pick_exam
from study.progress import StoreError
from ui import cache
from ui import question as Q
from ui import state as S
from ui.common import active_store, save_answer, save_note


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _positions(numbers: list[int]) -> str:
    """1, 4 and 7."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- keeping the exam (session, and the store under a profile) ----------------------------


def current() -> RunningExam | None:
    """The exam of this session, or the profile's saved one (resumed after a reload)."""
    exam = S.get(S.EXAM)
    profile = S.profile()
    if exam is not None and S.get(S.EXAM_OWNER) != profile:
        if S.get(S.EXAM_OWNER) is None and profile:  # a name typed mid-exam: keep it under it
            S.put(S.EXAM_OWNER, profile)
            S.put(S.EXAM_LOOKED_UP, profile)
            _keep(exam)
        else:
            S.pop(S.EXAM)  # the profile changed: the old one's exam stays saved under its name
            exam = None
    if exam is not None or not profile or S.get(S.EXAM_LOOKED_UP) == profile:
        return exam
    S.put(S.EXAM_LOOKED_UP, profile)
    store = active_store()
    if store is None:
        return None
    try:
        data = store.running_exam(profile)
    except StoreError:
        return None
    if not data:
        return None
    try:
        exam = RunningExam.from_dict(data)
    except ExamStateError as exc:
        S.put(S.EXAM_PROBLEM, f"A saved exam could not be resumed: {exc}. Start a new one.")
        _forget_saved()
        return None
    S.put(S.EXAM, exam)
    S.put(S.EXAM_OWNER, profile)
    if not exam.finished:
        S.put(S.EXAM_NOTICE, "Welcome back: your exam continues where you left it, "
                             "and its clock kept running.")
    return exam


def _keep(exam: RunningExam) -> None:
    """Save the exam under the profile (if any), so a reload finds it."""
    store = active_store()
    if store is None:
        return
    try:
        store.save_running_exam(S.profile(), exam.to_dict())
    except StoreError as exc:
        S.put(S.EXAM_PROBLEM, f"The exam can't be kept for a reload right now: {exc.message}")


def _forget_saved() -> None:
    store = active_store()
    if store is None:
        return
    try:
        store.drop_running_exam(S.profile())
    except StoreError:
        pass  # a stale saved exam is replaced by the next one started


# --- set-up ---------------------------------------------------------------------------------


def _start(questions: list[dict]) -> None:
    n = int(S.get(S.EXAM_SIZE, 10))
    minutes = float(S.get(S.EXAM_MINUTES, 15))
    topics = S.get(S.EXAM_TOPICS) or None
    try:
        ids = pick_exam(questions, n, topics=topics)
        exam = RunningExam.start(ids, minutes, time.time())
    except ValueError as exc:
        S.put(S.EXAM_PROBLEM, str(exc))
        return
    for key in (S.EXAM_PROBLEM, S.EXAM_CONFIRM, S.EXAM_SAVED, S.EXAM_NOTICE):
        S.pop(key)
    S.put(S.EXAM, exam)
    S.put(S.EXAM_OWNER, S.profile())
    _keep(exam)


def setup(questions: list[dict]) -> None:
    st.markdown("Random questions against the clock, as in the real exam: jump between "
                "questions, flag the ones to come back to, and see your score, a breakdown "
                "by topic and a review of your mistakes at the end, not before.")
    available = [t for t in TOPICS if any(q["topic"] == t for q in questions)]
    with st.form("quiz_exam_setup"):
        a, b = st.columns(2)
        a.number_input("Number of questions", min_value=1, max_value=len(questions),
                       value=min(10, len(questions)), step=1, key=S.EXAM_SIZE)
        b.number_input("Time limit (minutes)", min_value=1, max_value=180, value=15, step=1,
                       key=S.EXAM_MINUTES)
        st.multiselect("Topics (leave empty for all)", available, key=S.EXAM_TOPICS,
                       format_func=TOPICS.get)
        st.form_submit_button("Start exam", type="primary", on_click=_start, args=(questions,))
    problem = S.pop(S.EXAM_PROBLEM)
    if problem:
        st.warning(problem, icon=":material/warning:")
    if not S.profile():
        st.caption("Without a name in the sidebar the exam lives in this tab only: a reload "
                   "starts over.")


# --- the running exam -------------------------------------------------------------------------


def _finish(exam: RunningExam, *, timed_out: bool = False) -> None:
    exam.finish(time.time(), timed_out=timed_out)
    S.pop(S.EXAM_CONFIRM)
    _keep(exam)


def _on_save(question: dict) -> None:
    # A callback runs before the page: note what was picked; the run it starts saves it.
    S.put(S.EXAM_SAVE, (question["id"], Q.selection(question, "exam")))


def _on_move(to: int) -> None:
    exam = S.get(S.EXAM)
    if exam is not None:
        exam.move(to)
        S.pop(S.EXAM_SAVED)
        _keep(exam)


def _on_navigate() -> None:
    picked = S.get(S.EXAM_NAV)
    if picked:
        _on_move(int(picked) - 1)


def _on_flag(qid: str) -> None:
    exam = S.get(S.EXAM)
    if exam is not None:
        exam.set_flag(qid, bool(S.get(S.flag_key(qid))))
        _keep(exam)


def _on_finish(confirmed: bool) -> None:
    exam = S.get(S.EXAM)
    if exam is None:
        return
    if not confirmed and (exam.unanswered() or exam.flagged):
        S.put(S.EXAM_CONFIRM, True)
        return
    _finish(exam)


def _on_keep_going(to: int | None) -> None:
    S.pop(S.EXAM_CONFIRM)
    if to is not None:
        _on_move(to)


def _apply_save(exam: RunningExam, by_id: dict[str, dict]) -> None:
    """Grade and keep the answer the last "Save answer" sent, then go to the next question."""
    sent = S.pop(S.EXAM_SAVE)
    if not sent:
        return
    qid, picks = sent
    q = by_id.get(qid)
    if q is None or qid not in exam.ids or exam.finished:
        return
    try:
        g = grade(q, picks)
    except AnswerFormatError as exc:
        S.put(S.EXAM_PROBLEM, str(exc))
        return
    S.pop(S.EXAM_PROBLEM)
    exam.answer(qid, list(g.selected))
    save_answer(q, g, "exam", at=_utc(exam.started))
    position = exam.ids.index(qid)
    S.put(S.EXAM_SAVED, position + 1)
    if position + 1 < len(exam.ids) and exam.index == position:
        exam.move(position + 1)
    _keep(exam)


CLOCK = """
<style>
  .st-key-exam_time_up {{ display: none; }}
  .stepwise-clock p {{ margin: 0 0 0.35rem 0; }}
  .stepwise-clock .bar {{ height: 0.5rem; border-radius: 0.25rem; background: rgba(17, 17, 17, 0.12); }}
  .stepwise-clock .bar div {{ height: 100%; border-radius: 0.25rem; background: #1f5fa8; }}
</style>
<div class="stepwise-clock" id="{id}" role="timer" aria-label="Time left in the exam"
     data-deadline="{deadline_ms}" data-length="{length_ms}">
  <p>Time left: <span class="left">{left}</span></p>
  <div class="bar" aria-hidden="true"><div style="width: {percent:.1f}%"></div></div>
</div>
<script>
(() => {{
  const clock = document.getElementById("{id}");
  if (!clock || clock.dataset.ticking) return;
  clock.dataset.ticking = "1";
  const deadline = Number(clock.dataset.deadline), length = Number(clock.dataset.length);
  const text = clock.querySelector(".left"), bar = clock.querySelector(".bar div");
  const tick = () => {{
    if (!clock.isConnected) {{ clearInterval(timer); return; }}
    const left = Math.max(0, deadline - Date.now()), s = Math.floor(left / 1000);
    text.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    bar.style.width = (100 * left / length).toFixed(1) + "%";
    if (left <= 0) {{
      clearInterval(timer);
      const up = document.querySelector(".st-key-exam_time_up button");
      if (up) up.click();
    }}
  }};
  const timer = setInterval(tick, 500);
  tick();
}})();
</script>
"""


def _clock(exam: RunningExam) -> None:
    """The countdown, ticking in the browser; at the deadline it presses "time is up"."""
    left = exam.time_left(time.time())
    st.html(CLOCK.format(id=f"stepwise-clock-{int(exam.started * 1000)}",
                         deadline_ms=int(exam.deadline * 1000), length_ms=int(exam.length * 1000),
                         left=clock_text(left), percent=100 * left / exam.length),
            unsafe_allow_javascript=True)
    with st.container(key="exam_time_up"):
        st.button("Time is up: see the results", key="exam_time_up_button")


def _navigator(exam: RunningExam) -> None:
    def label(n: int) -> str:
        qid = exam.ids[n - 1]
        marks = ("✓" if exam.is_answered(qid) else "") + ("⚑" if exam.is_flagged(qid) else "")
        return f"{n} {marks}".strip()

    S.put(S.EXAM_NAV, exam.index + 1)
    st.pills("Go to question", list(range(1, len(exam.ids) + 1)), key=S.EXAM_NAV,
             format_func=label, required=True, on_change=_on_navigate,
             help="✓ answered · ⚑ flagged for review · a number alone: not answered yet")
    unanswered, flagged = exam.unanswered(), exam.flagged_positions()
    st.caption(f"✓ answered {exam.answered_count} · not answered {len(unanswered)}"
               + (f" ({_positions(unanswered)})" if unanswered and len(unanswered) <= 10 else "")
               + f" · ⚑ flagged {len(flagged)}"
               + (f" ({_positions(flagged)})" if flagged else ""))


def _confirm_finish(exam: RunningExam) -> None:
    unanswered, flagged = exam.unanswered(), exam.flagged_positions()
    lines = []
    if unanswered:
        lines.append(f"**{len(unanswered)} question{'s' if len(unanswered) != 1 else ''} "
                     f"not answered:** {_positions(unanswered)}. An unanswered question "
                     "counts as wrong.")
    if flagged:
        lines.append(f"**Flagged for review:** {_positions(flagged)}.")
    with st.container(border=True, key="exam_confirm_box"):
        st.warning("Finish the exam now?\n\n" + "\n\n".join(lines), icon=":material/help:")
        first = (unanswered or flagged)[0]
        a, b = st.columns(2)
        a.button(f"Go to question {first}", key="exam_confirm_back", on_click=_on_keep_going,
                 args=(first - 1,), width="stretch")
        b.button("Finish anyway", key="exam_confirm_finish", on_click=_on_finish, args=(True,),
                 type="primary", width="stretch")


def _body(exam: RunningExam, by_id: dict[str, dict], workflows: dict) -> None:
    _apply_save(exam, by_id)
    n = len(exam.ids)
    st.progress(exam.answered_count / n, text=f"Answered {exam.answered_count} of {n}")
    saved = S.get(S.EXAM_SAVED)
    if saved:
        st.markdown(f"✓ Answer to question {saved} saved.")
        save_note(exam.ids[saved - 1], "exam")
    _navigator(exam)
    i = exam.index
    qid = exam.current
    q = by_id.get(qid)
    if q is None:  # content changed under a running exam
        st.warning("This question is no longer available; skip it.", icon=":material/warning:")
    else:
        with st.container(border=True, key=f"exam_q_{qid}"):  # the id is in a class, not on screen
            Q.prompt(q, cache.topic_title(q["topic"]), number=i + 1, total=n)
            Q.context(q, workflows)
            with st.form(f"quiz_exam_form_{qid}", border=False):
                Q.answer_widgets(q, "exam", exam.answers.get(qid))
                st.form_submit_button("Save answer", type="primary", on_click=_on_save,
                                      args=(q,))
            problem = S.pop(S.EXAM_PROBLEM)
            if problem:
                st.warning(problem, icon=":material/warning:")
            if exam.is_answered(qid) and saved != i + 1:
                st.caption("✓ Answer saved. You can change it until you finish.")
            st.checkbox("⚑ Flag for review", value=exam.is_flagged(qid), key=S.flag_key(qid),
                        on_change=_on_flag, args=(qid,),
                        help="Marks the question in the navigator so you can come back to it.")
    cols = st.columns(3)
    cols[0].button("← Previous", key="exam_prev", on_click=_on_move, args=(i - 1,),
                   disabled=i == 0, width="stretch")
    cols[1].button("Next →", key="exam_next", on_click=_on_move, args=(i + 1,),
                   disabled=i + 1 >= n, width="stretch")
    left = len(exam.unanswered())
    cols[2].button("Finish exam" + (f" ({left} unanswered)" if left else ""),
                   key="exam_finish", on_click=_on_finish, args=(False,), type="primary",
                   width="stretch")
    if S.get(S.EXAM_CONFIRM):
        _confirm_finish(exam)  # under the button that asked


def running(exam: RunningExam, by_id: dict[str, dict], workflows: dict) -> None:
    notice = S.pop(S.EXAM_NOTICE)
    if notice:
        st.info(notice, icon=":material/history:")
    _clock(exam)
    _body(exam, by_id, workflows)


# --- results ----------------------------------------------------------------------------------


def _new_exam() -> None:
    for key in (S.EXAM, S.EXAM_PROBLEM, S.EXAM_CONFIRM, S.EXAM_SAVED, S.EXAM_RECORDED):
        S.pop(key)
    _forget_saved()


def _record(exam: RunningExam, result) -> None:
    if S.get(S.EXAM_RECORDED) == exam.started:
        return
    S.put(S.EXAM_RECORDED, exam.started)
    store = active_store()
    if store is None:
        return
    try:
        store.record_exam(  # once per exam: the store keys it by its start time
            S.profile(), result.correct, result.total, started_at=_utc(exam.started),
            finished_at=_utc(exam.finished_at or time.time()),
            details={"ids": exam.ids, "scaled": result.scaled,
                     "by_topic": {t.topic: [t.correct, t.total] for t in result.by_topic}},
        )
    except StoreError as exc:
        st.warning(f"Your score was not saved: {exc.message}", icon=":material/warning:")


def results(exam: RunningExam, by_id: dict[str, dict]) -> None:
    qs = [by_id[i] for i in exam.ids if i in by_id]
    result = grade_exam(qs, exam.answers)
    _record(exam, result)
    if exam.timed_out:
        st.warning("Time is up: the exam was finished for you.", icon=":material/timer:")
    st.header("Exam results")
    a, b, c, d = st.columns(4)
    a.metric("Scaled score", f"{result.scaled} / {SCALED_MAX}",
             help=f"{SCALED_PASS} passes. An estimate: see the note below.")
    b.metric("Result", "✓ Pass" if result.passed else "✗ Not yet",
             help=f"{SCALED_PASS} or more on the 100–{SCALED_MAX:,} scale passes.")
    c.metric("Right", f"{result.correct} / {result.total} ({result.percent:.0f}%)")
    d.metric("Unanswered", result.unanswered)
    st.caption(f"The scaled score is an estimate on the exam's 100–{SCALED_MAX:,} scale, where "
               f"{SCALED_PASS} passes. AWS does not publish how it turns right answers into "
               "that scale (it adjusts for each exam form's difficulty), so here it is a "
               f"straight line: no right answers is 100 and all of them {SCALED_MAX:,}.")
    st.subheader("By topic")
    st.table(pd.DataFrame(
        [{"Topic": cache.topic_title(t.topic), "Right": t.correct, "Questions": t.total,
          "Score": f"{t.percent:.0f}%"} for t in result.by_topic]
    ), hide_index=True)
    st.subheader("Review")
    if not result.wrong:
        st.success("✓ Every answer was right.", icon=":material/check_circle:")
    for w in result.wrong:
        position = exam.ids.index(str(w.question["id"])) + 1
        with st.container(border=True):
            st.markdown(f"**Question {position}. {cache.topic_title(w.question.get('topic', ''))}**")
            st.markdown(w.question.get("prompt", ""))
            if w.grade is None:
                st.error("✗ Not answered.", icon=":material/cancel:")
                Q.answer_only(w.question)
            else:
                Q.feedback(w.grade)
            Q.see_it_run(w.question)
    st.button("Start a new exam", key="exam_new", on_click=_new_exam, type="primary")


def page(questions: list[dict], by_id: dict[str, dict], workflows: dict) -> None:
    """The Exam mode of the quiz page."""
    exam = current()
    if exam is not None and not exam.finished and exam.expired(time.time()):
        S.pop(S.EXAM_SAVE)  # a save sent after the deadline doesn't count
        _finish(exam, timed_out=True)
    if exam is None:
        setup(questions)
    elif exam.finished:
        results(exam, by_id)
    else:
        running(exam, by_id, workflows)
