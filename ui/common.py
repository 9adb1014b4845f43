"""Pieces every page shares: the sidebar (profile, presenter mode, database problems),
the content-problem banner, saving progress, and drawing a workflow graph."""

from __future__ import annotations

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
from ui import cache
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
section[data-testid="stSidebar"] { width: 380px !important; min-width: 380px !important; }
</style>
"""


# --- sidebar ----------------------------------------------------------------------------


def sidebar() -> None:
    """Profile chooser, presenter toggle and any database problem, on every page."""
    _adopt_profile_from_url()
    with st.sidebar:
        st.toggle(
            "Presenter mode",
            key=S.PRESENTER,
            help="Large type for a projector; quiz answers stay hidden until you reveal them.",
        )
        _profile_box()
        _store_problem_box()
    if S.presenter():
        st.html(PRESENTER_CSS)


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
        cache.store()
    except StoreError as exc:
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
        if st.button("Continue without saving", key="sidebar_offline"):
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


def save_answer(question: dict, grade: Grade, mode: str, at=None) -> None:
    """Commit one answer now (or say why it wasn't saved)."""
    store = active_store()
    if store is None:
        return
    try:
        store.record_answer(S.profile(), grade.question_id, str(question.get("topic", "")),
                            grade.correct, grade.selected, mode=mode, at=at)
    except StoreError as exc:
        cache.forget_store()  # so the sidebar re-checks the file and offers a way out
        st.warning(f"Your answer was graded but not saved: {exc.message}", icon=":material/warning:")


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
        from engine.graph import to_dot
    except ImportError:
        st.info("The workflow diagram needs the engine, which is not installed yet.")
        st.json(definition, expanded=False)
        return
    try:
        dot = to_dot(definition)
    except Exception as exc:  # a bad definition must not break the page
        st.warning(f"This workflow can't be drawn: {exc}", icon=":material/warning:")
        return
    states = ", ".join((definition.get("States") or {}).keys())
    st.graphviz_chart(dot, alt=alt or f"Workflow diagram with the states: {states}")
    if caption:
        st.caption(caption)
