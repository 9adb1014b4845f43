"""Drawing one quiz question, its answer widgets and its feedback (shared by practice
and exam). Colour is never the only signal: every verdict carries ✓ / ✗ text."""

from __future__ import annotations

import json

import streamlit as st

from study import sources
from study.grading import Grade, choice_label, expected_count, instruction
from ui import cache
from ui import state as S
from ui.common import simulator_link, workflow_graph

DIFFICULTY = {"easy": "easy", "medium": "medium", "hard": "hard"}


def prompt(question: dict, topic_title: str, *, number: int | None = None,
           total: int | None = None) -> None:
    """The question's heading line and prompt. The question's id is for instructors: in
    the line's tooltip, and in the line itself in presenter mode."""
    where = f"Question {number} of {total} · " if number and total else ""
    level = DIFFICULTY.get(question.get("difficulty", ""), "")
    qid = str(question.get("id", ""))
    line = f"{where}{topic_title}" + (f" · {level}" if level else "")
    if S.presenter() and qid:
        line += f" · id {qid}"
    st.caption(line, help=f"Question id (for instructors): {qid}" if qid else None)
    st.markdown(question.get("prompt", ""))


def context(question: dict, workflows: dict) -> None:
    """For a 'predict' question: the workflow diagram, the input and any injected failures."""
    if question.get("type") != "predict":
        return
    wf = workflows.get(question.get("workflow") or "")
    if wf:
        workflow_graph(wf["definition"], caption=wf.get("title"))
    else:
        st.info(f"The workflow {question.get('workflow')!r} isn't available.")
    st.markdown("**Input**")
    st.code(json.dumps(question.get("input"), indent=2), language="json")
    if question.get("mocks"):
        st.markdown("**Injected results and failures**")
        st.code(json.dumps(question["mocks"], indent=2), language="json")


def answer_widgets(question: dict, mode: str, saved: list[str] | None = None) -> list[str]:
    """Radio for one answer, one checkbox per choice for "choose N"; returns the ids."""
    qid = question["id"]
    choices = question.get("choices", [])
    labels = {str(c["id"]): choice_label(question, c) for c in choices}
    if question.get("type") == "multiple":
        st.markdown(f"**{instruction(question)}**")
        picked = []
        for c in choices:
            cid = str(c["id"])
            if st.checkbox(labels[cid], value=cid in (saved or []),
                           key=S.choice_key(mode, qid, cid)):
                picked.append(cid)
        return picked
    ids = list(labels)
    index = ids.index(saved[0]) if saved and saved[0] in ids else None
    value = st.radio(instruction(question), ids, index=index, format_func=labels.get,
                     key=S.choice_key(mode, qid))
    return [value] if value is not None else []


def feedback(grade: Grade) -> None:
    """Right or wrong, each choice with its reason, then the explanation."""
    if grade.correct:
        st.success(f"**{grade.headline}.**", icon=":material/check_circle:")
    else:
        st.error(f"**{grade.headline}.** The right answer: {grade.answer_text}", icon=":material/cancel:")
    lines = []
    for f in grade.feedback:
        you = "your pick" if f.selected else "not picked"
        right = "right answer" if f.is_answer else "wrong answer"
        name = f"**{f.text}**" if grade.kind == "true_false" else f"**{f.id})** {f.text}"
        lines.append(f"- {f.mark} {name} — *{right}, {you}*"
                     + (f"  \n  {f.why}" if f.why else ""))
    st.markdown("\n".join(lines))
    if grade.explanation:
        st.info(f"**Explanation.** {grade.explanation}", icon=":material/lightbulb:")
    source_line(cache.questions_by_id().get(grade.question_id))


def answer_only(question: dict, *, unanswered: str | None = None) -> None:
    """The right choices and the explanation, for a question nobody answered.

    `unanswered` says so first ("Nobody locked in an answer."), so a reveal never reads as
    if someone had picked the right choice.
    """
    right = [c for c in question.get("choices", [])
             if str(c["id"]) in {str(a) for a in question.get("answer", [])}]
    n = expected_count(question)
    if unanswered:
        st.markdown(f"**{unanswered}**")
    st.success("**The right answer:** " + "; ".join(choice_label(question, c) for c in right),
               icon=":material/check_circle:")
    lines = [f"- ✓ **{choice_label(question, c)}:** {_reason(c.get('why', ''))}"
             for c in right if c.get("why")]
    if lines and n:
        st.markdown("\n".join(lines))
    if question.get("explanation"):
        st.info(f"**Explanation.** {question['explanation']}", icon=":material/lightbulb:")
    source_line(question)


def _reason(why: str) -> str:
    """A right choice's reason without its leading "Correct." (said once, above)."""
    text = str(why).strip()
    for lead in ("Correct.", "Correct:", "Correct,", "Right."):
        if text.startswith(lead):
            text = text[len(lead):].lstrip()
            break
    return text[:1].upper() + text[1:] if text else text


def selection(question: dict, mode: str) -> list[str]:
    """The choices picked in a question's answer widgets, read from session state (for a
    callback, which runs before the widgets are drawn)."""
    qid = question["id"]
    if question.get("type") == "multiple":
        return [str(c["id"]) for c in question.get("choices", [])
                if st.session_state.get(S.choice_key(mode, qid, str(c["id"])))]
    value = st.session_state.get(S.choice_key(mode, qid))
    return [] if value is None else [str(value)]


def source_line(question: dict | None) -> None:
    """'Source: <AWS documentation page>' under an explanation, linked, so it can be checked."""
    pages = sources(question or {}, cache.content().facts)
    if pages:
        links = " · ".join(f"[{p['title']}]({p['url']})" for p in pages)
        st.caption(f"Source: {links}")


def see_it_run(question: dict) -> None:
    """After a predict-the-path question: open its scenario in the Simulator, at the end."""
    if question.get("type") == "predict" and question.get("workflow") and question.get("scenario"):
        simulator_link(question["workflow"], question["scenario"], step="end",
                       label="See it run in the Simulator: the graph proves the answer")
