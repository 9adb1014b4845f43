"""Every session-state key the app uses, in one place, prefixed by page.

Streamlit keeps `st.session_state` per browser session, so learners on one server never
see each other's state. Nothing here is module-level mutable state: only key names and
small typed accessors.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# sidebar (shared by all pages)
PROFILE = "sidebar_profile"  # the active profile name (str) or absent
PROFILE_INPUT = "sidebar_profile_input"  # the text field
PROFILE_ERROR = "sidebar_profile_error"  # last validation message for the field
PRESENTER = "sidebar_presenter"  # presenter mode toggle (bool)
OFFLINE = "sidebar_offline"  # continue without saving (database unusable)
STORE_NOTICE = "sidebar_store_notice"  # a one-off message after moving a file aside
SAVE_SESSION = "sidebar_save_session"  # this tab's random id, the stem of its answer keys
SAVE_LAST = "sidebar_save_last"  # (what was saved, its key): a repeat reuses the key
NOT_SAVED = "sidebar_not_saved"  # {(mode, question id): why} answers graded but not saved

# quiz: practice
QUIZ_MODE = "quiz_mode"  # "Practice" | "Exam"
QUIZ_TOPIC = "quiz_topic"  # topic id or "" for all
QUIZ_INDEX = "quiz_index"  # position in the practice list
QUIZ_CHECKED = "quiz_checked"  # {question id: [selected ids]} graded this session
QUIZ_PROBLEM = "quiz_problem"  # answer-format message for the current question
QUIZ_REVEALED = "quiz_revealed"  # set of question ids revealed (presenter mode)

# quiz: exam
EXAM = "exam_state"  # dict: ids, answers, started, deadline, index, finished, recorded
EXAM_SIZE = "exam_size"
EXAM_MINUTES = "exam_minutes"
EXAM_TOPICS = "exam_topics"
EXAM_PROBLEM = "exam_problem"

# glossary
GLOSSARY_SEARCH = "glossary_search"
FLASH_SHOW_BACK = "glossary_show_back"  # term id whose back is showing
FLASH_LOCAL_CARDS = "glossary_local_cards"  # {term id: card json} when nothing is saved
FLASH_LAST = "glossary_last_rating"  # (term, rating, due phrase) for the confirmation line

# Standard vs Express calculator
CALC_EXECUTIONS = "compare_executions"
CALC_TRANSITIONS = "compare_transitions"
CALC_DURATION = "compare_duration"
CALC_MEMORY = "compare_memory"

# progress
PROGRESS_UPLOAD = "progress_upload"
PROGRESS_IMPORT_RESULT = "progress_import_result"  # (kind, detail, file fingerprint)


def choice_key(mode: str, question_id: str, choice_id: str | None = None) -> str:
    """Widget key for a question's answer widget (radio, or one checkbox per choice)."""
    base = f"quiz_{mode}_{question_id}"
    return base if choice_id is None else f"{base}_{choice_id}"


def get(key: str, default: Any = None) -> Any:
    """Read a key, with a default for keys not set yet."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def pop(key: str) -> Any:
    return st.session_state.pop(key, None)


def profile() -> str | None:
    """The active profile name, if the learner chose one."""
    return st.session_state.get(PROFILE)


def presenter() -> bool:
    """Is presenter mode (large type, answers hidden until revealed) on?"""
    return bool(st.session_state.get(PRESENTER, False))
