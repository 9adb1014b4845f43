"""Pieces every page shares: the sidebar (profile, presenter mode, database problems),
the content-problem banner, saving progress, and drawing a workflow graph."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import streamlit as st

from study.grading import Grade
from study.progress import (
    DatabaseCorruptError,
    ProfileNameError,
    ProgressStore,
    StoreError,
    move_aside,
    validate_profile_name,
)
from ui import cache, diagram
from ui import state as S

PRESENTER_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-baseweb="select"] div { font-size: 1.25rem; line-height: 1.5; }
[data-testid="stMain"] h1 { font-size: 2.6rem !important; }
[data-testid="stMain"] h2 { font-size: 2.0rem !important; }
[data-testid="stMain"] h3 { font-size: 1.6rem !important; }
[data-testid="stMain"] button p { font-size: 1.2rem; }
section[data-testid="stSidebar"] { width: 320px !important; min-width: 320px !important; }
/* The page's side margins in pixels: in rem they grow with the type and waste the screen. */
[data-testid="stMainBlockContainer"] { padding-left: 40px !important; padding-right: 40px !important; }
/* Fit a 1280 x 720 projector: tables wrap (long API names too) instead of running off
   the right edge, and buttons and metric labels show their whole text, wrapped. */
[data-testid="stMain"] [data-testid="stTable"] table { width: 100%; }
[data-testid="stMain"] [data-testid="stTable"] th,
[data-testid="stMain"] [data-testid="stTable"] th * { white-space: normal; overflow-wrap: break-word; }
[data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] td * { white-space: normal; overflow-wrap: anywhere; }
[data-testid="stMain"] [data-testid="stTable"] [data-testid="stMarkdownContainer"] p { font-size: 1.05rem; }
[data-testid="stMain"] button { height: auto; }
[data-testid="stMain"] button .stMarkdownEllipsis,
[data-testid="stMain"] button p,
[data-testid="stMain"] [data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMain"] [data-testid="stMetricLabel"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
/* A figure is larger than its label (the paragraph rule above must not shrink it). */
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 2.2rem; line-height: 1.25; white-space: normal; overflow-wrap: anywhere;
}
</style>
"""


# On every page. A phone gets the same wrapping tables as a projector: a table wider than
# the screen would hide columns in a scroll box that a keyboard cannot reach.
BASE_CSS = """
<style>
/* A link in a caption (the "Source:" line) in a blue dark enough to read (4.5:1). */
[data-testid="stMain"] [data-testid="stCaptionContainer"] a { color: #1f4e9e !important; }
/* Streamlit fades a whole caption (opacity 0.6), which fades its link too: a caption with a
   link is drawn opaque, in a grey that still reads as a caption (5.9:1). */
[data-testid="stMain"] [data-testid="stCaptionContainer"]:has(a) { opacity: 1; color: #5f5f5f; }
/* Code colours (the JSON of a question's input) dark enough to read on the light theme. */
[data-testid="stCode"] .token.comment, [data-testid="stCode"] .token.prolog { color: #5c5c5c; }
[data-testid="stCode"] .token.property, [data-testid="stCode"] .token.attr-name,
[data-testid="stCode"] .token.variable { color: #005f87; }
[data-testid="stCode"] .token.string, [data-testid="stCode"] .token.char,
[data-testid="stCode"] .token.attr-value { color: #1a6e1a; }
[data-testid="stCode"] .token.number, [data-testid="stCode"] .token.regex { color: #0f6b5e; }
[data-testid="stCode"] .token.boolean, [data-testid="stCode"] .token.constant,
[data-testid="stCode"] .token.symbol { color: #7a3e9d; }
[data-testid="stCode"] .token.operator, [data-testid="stCode"] .token.entity,
[data-testid="stCode"] .token.atrule { color: #8a4b00; }
[data-testid="stCode"] .token.keyword, [data-testid="stCode"] .token.function,
[data-testid="stCode"] .token.class-name { color: #1f4e9e; }
@media (max-width: 640px) {
  [data-testid="stMain"] [data-testid="stTable"] table { width: 100%; }
  [data-testid="stMain"] [data-testid="stTable"] th,
  [data-testid="stMain"] [data-testid="stTable"] th * { white-space: normal; overflow-wrap: break-word; }
  [data-testid="stMain"] [data-testid="stTable"] td,
  [data-testid="stMain"] [data-testid="stTable"] td * { white-space: normal; overflow-wrap: anywhere; }
}
</style>
"""

# --- sidebar ----------------------------------------------------------------------------


def sidebar(sections: dict | None = None) -> None:
    """The pages (under their section names), presenter toggle, profile chooser and any
    database problem, on every page."""
    _adopt_profile_from_url()
    with st.sidebar:
        if sections:
            _page_links(sections)
        st.toggle(
            "Presenter mode",
            key=S.PRESENTER,
            bind="query-params",  # ?presenter=true: a reload or a shared link keeps it
            help="Large type for a projector; quiz answers stay hidden until you reveal them.",
        )
        _profile_box()
        _store_problem_box()
    st.html(BASE_CSS)
    if S.presenter():
        st.html(PRESENTER_CSS)


def _page_links(sections: dict) -> None:
    # Drawn here rather than by st.navigation: Streamlit's own list puts each section's
    # name inside the <ul>, which screen readers (and axe-core) reject as a broken list.
    with st.container(key="sidebar_pages"):
        for title, pages in sections.items():
            st.caption(f"**{title}**")
            for page in pages:
                st.page_link(page)
    st.divider()


def _adopt_profile_from_url() -> None:
    # ?profile=Ana lets a learner bookmark their own start page.
    if S.PROFILE in st.session_state:
        return
    wanted = st.query_params.get("profile")
    if wanted:
        try:
            S.put(S.PROFILE, validate_profile_name(wanted))
        except ProfileNameError:
            pass


def _profile_box() -> None:
    current = S.profile()
    if current:
        if st.query_params.get("profile") != current:
            st.query_params["profile"] = current  # page links drop it; keep reloads and bookmarks working
        st.markdown(f"Profile: **{current}**")
        if st.button("Switch profile", key="sidebar_switch_profile"):
            S.pop(S.PROFILE)
            st.query_params.pop("profile", None)
            st.rerun()
        return
    with st.form("sidebar_profile_form", clear_on_submit=False, border=False):
        st.text_input(
            "Your name (to save progress)",
            key=S.PROFILE_INPUT,
            max_chars=60,
            placeholder="e.g. Ana",
            help="Letters, digits, spaces and - _ . ' (at most 40 characters).",
        )
        submitted = st.form_submit_button("Save my progress under this name")
    if submitted:
        try:
            name = validate_profile_name(S.get(S.PROFILE_INPUT, ""))
        except ProfileNameError as exc:
            S.put(S.PROFILE_ERROR, str(exc))
        else:
            S.pop(S.PROFILE_ERROR)
            try:
                name = cache.store().ensure_profile(name)
            except StoreError:
                pass  # shown by _store_problem_box; the name still works for this session
            S.put(S.PROFILE, name)
            st.query_params["profile"] = name
            st.rerun()
    if S.get(S.PROFILE_ERROR):
        st.error(S.get(S.PROFILE_ERROR), icon=":material/cancel:")
    else:
        st.caption("Without a name nothing is saved after you close the tab.")


def _store_problem_box() -> None:
    S.pop(S.STORE_SHOWN)
    failed = S.pop(S.STORE_FAILED)  # a save in a fragment failed and asked for this run
    notice = S.pop(S.STORE_NOTICE)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    if S.get(S.OFFLINE):
        st.warning("Progress is not being saved (database unavailable).", icon=":material/warning:")
        if st.button("Try the database again", key="sidebar_retry_db"):
            S.pop(S.OFFLINE)
            cache.forget_store()
            st.rerun()
        return
    try:
        cache.checked_store()  # notices a file emptied or a server gone, without a query per rerun
    except StoreError as exc:
        cache.forget_store()  # the next rerun opens it afresh: recovery needs no restart
        _store_problem(exc)
        return
    if failed is not None:
        _store_problem(failed)


def _store_problem(exc: StoreError) -> None:
    """The database's problem in plain words, with the ways forward."""
    S.put(S.STORE_SHOWN, True)
    st.error(exc.message, icon=":material/warning:")
    if isinstance(exc, DatabaseCorruptError):
        if st.button("Move the broken file aside and start fresh", key="sidebar_move_aside"):
            try:
                moved = move_aside(exc.path or cache.db_path())
            except StoreError as again:
                st.error(again.message, icon=":material/warning:")
            else:
                cache.forget_store()
                S.put(S.STORE_NOTICE, f"Started a fresh progress file. The old one is "
                      f"kept as {moved.name if moved else '(nothing to move)'}.")
                st.rerun()
    else:
        if st.button("Try again", key="sidebar_retry_db"):
            cache.forget_store()
            st.rerun()
    if st.button("Continue without saving", key="sidebar_carry_on"):
        S.put(S.OFFLINE, True)
        st.rerun()


# --- saving -------------------------------------------------------------------------------


def active_store() -> ProgressStore | None:
    """The store to save into, or None (no profile, offline, or the database is broken)."""
    if not S.profile() or S.get(S.OFFLINE):
        return None
    try:
        return cache.store()
    except StoreError:
        return None


def _answer_key(question_id: str, selected: Iterable[str], mode: str, at) -> str | None:
    """The idempotency key of a practice answer: this tab's id and a counter. The same
    answer sent again straight after (a double click, a resent request) gets the same key,
    so it is stored once; anything else is a new answer. An exam answer has none: the store
    keys it by its exam and question, so changing it replaces it."""
    if at is not None:
        return None
    what = (mode, question_id, tuple(selected))
    last = S.get(S.SAVE_LAST)
    if last and last[0] == what:
        return last[1]
    session = S.get(S.SAVE_SESSION) or uuid.uuid4().hex
    S.put(S.SAVE_SESSION, session)
    key = f"{session}:{uuid.uuid4().hex[:12]}"
    S.put(S.SAVE_LAST, (what, key))
    return key


def _not_saved(mode: str, question_id: str, why: str | None) -> None:
    marks = dict(S.get(S.NOT_SAVED) or {})
    if why is None:
        marks.pop((mode, question_id), None)
    else:
        marks[(mode, question_id)] = why
    S.put(S.NOT_SAVED, marks)


def save_answer(question: dict, grade: Grade, mode: str, at=None, *, in_fragment: bool = False) -> bool:
    """Commit one answer now; True if it is stored. When a profile is set and it can't be
    stored, `save_note` says so beside the answer (and the sidebar says why).

    `in_fragment`: called from an `st.fragment`, whose reruns leave the sidebar as it was:
    when the sidebar must change (a problem to show with its buttons, or one to clear after
    a save that worked) this asks for a whole-page run instead."""
    if not S.profile():
        return False
    store = active_store()
    if store is None:
        why = ("You chose to carry on without saving." if S.get(S.OFFLINE)
               else "The progress database can't be used right now: the sidebar says why "
                    "and what to do.")
        _not_saved(mode, grade.question_id, why)
        return False
    try:
        store.record_answer(S.profile(), grade.question_id, str(question.get("topic", "")),
                            grade.correct, grade.selected, mode=mode, at=at,
                            key=_answer_key(grade.question_id, grade.selected, mode, at))
    except StoreError as exc:
        cache.forget_store()  # so the next rerun re-checks the database
        _not_saved(mode, grade.question_id, exc.message)
        if in_fragment:
            S.put(S.STORE_FAILED, exc)
            st.rerun()  # the whole page: the sidebar says why and offers the ways forward
        with st.sidebar:
            _store_problem(exc)
        return False
    _not_saved(mode, grade.question_id, None)
    if in_fragment and S.get(S.STORE_SHOWN):
        st.rerun()  # saved again: the whole page takes the sidebar's message away
    return True


def save_note(question_id: str, mode: str) -> bool:
    """Beside an answer: "Not saved" and why, if it was graded but not stored. True if shown."""
    why = (S.get(S.NOT_SAVED) or {}).get((mode, question_id))
    if why is None or not S.profile():
        return False
    st.warning(f"**Not saved.** Your answer was graded but not kept in your progress. {why}",
               icon=":material/cloud_off:")
    return True


# --- content ------------------------------------------------------------------------------


def content_problems(errors: Iterable, *, files: Iterable[str] | None = None) -> None:
    """A warning listing content problems (optionally only those in `files`)."""
    wanted = tuple(files) if files else None
    shown = [e for e in errors if wanted is None or str(e.file).startswith(wanted)]
    if not shown:
        return
    lines = "\n".join(f"- {e}" for e in shown[:15])
    more = f"\n- … and {len(shown) - 15} more" if len(shown) > 15 else ""
    st.warning(
        f"Some study content could not be loaded; the rest of the app works.\n\n{lines}{more}",
        icon=":material/warning:",
    )


def workflow_graph(definition: dict, *, caption: str | None = None, alt: str = "") -> None:
    """Draw a state machine with the engine's DOT output (if the engine is there)."""
    try:
        from engine.graph import to_dot  # noqa: F401  (is the engine there?)
    except ImportError:
        st.info("The workflow diagram needs the engine, which is not installed yet.")
        st.json(definition, expanded=False)
        return
    try:
        dot = cache.dot(definition)  # drawn once per definition, not on every rerun
    except Exception as exc:  # a bad definition must not break the page
        st.warning(f"This workflow can't be drawn: {exc}", icon=":material/warning:")
        return
    states = ", ".join((definition.get("States") or {}).keys())
    diagram.show(dot, alt or f"Workflow diagram with the states: {states}")
    if caption:
        st.caption(caption)


def simulator_link(workflow: str, scenario: str | None = None, *, step: str | None = None,
                   label: str = "Open in the Simulator", key: str | None = None) -> None:
    """A link to the Simulator at one workflow's scenario (the profile stays in the address)."""
    params = {"workflow": workflow}
    if scenario:
        params["scenario"] = scenario
    if step:
        params["step"] = step
    if S.profile():
        params["profile"] = S.profile()
    st.page_link("ui/pages/simulator.py", label=label, icon=":material/play_circle:", query_params=params)
