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
PRESENTER = "presenter"  # presenter mode toggle (bool); bound to ?presenter=true
OFFLINE = "sidebar_offline"  # continue without saving (database unusable)
STORE_NOTICE = "sidebar_store_notice"  # a one-off message after moving a file aside
SAVE_SESSION = "sidebar_save_session"  # this tab's random id, the stem of its answer keys
SAVE_LAST = "sidebar_save_last"  # (what was saved, its key): a repeat reuses the key
NOT_SAVED = "sidebar_not_saved"  # {(mode, question id): why} answers graded but not saved
STORE_FAILED = "sidebar_store_failed"  # a save's StoreError, for the whole-page run to show
STORE_SHOWN = "sidebar_store_shown"  # True while the sidebar, as last drawn, shows a store problem

# quiz: practice
QUIZ_MODE = "quiz_mode"  # "Practice" | "Exam"; bound to ?quiz_mode=
QUIZ_TOPIC = "quiz_topic"  # topic id or "" for all; the address's ?quiz_topic=<id>
QUIZ_INDEX = "quiz_index"  # position in the practice list (0-based)
QUIZ_POSITION_PARAM = "quiz_question"  # the address's 1-based position: ?quiz_question=5
QUIZ_CHECKED = "quiz_checked"  # {question id: [selected ids]} graded this session
QUIZ_PROBLEM = "quiz_problem"  # answer-format message for the current question
QUIZ_REVEALED = "quiz_revealed"  # set of question ids revealed (presenter mode)

# quiz: exam
EXAM = "exam_state"  # study.exam.RunningExam (also in the store under a profile)
EXAM_OWNER = "exam_owner"  # the profile (or None) the exam in the session belongs to
EXAM_LOOKED_UP = "exam_looked_up"  # profile whose saved exam was looked for this session
EXAM_SIZE = "exam_size"
EXAM_MINUTES = "exam_minutes"
EXAM_TOPICS = "exam_topics"
EXAM_PROBLEM = "exam_problem"  # one message for the next run (answer format, store trouble)
EXAM_NOTICE = "exam_notice"  # "Welcome back" after resuming
EXAM_SAVE = "exam_save"  # (question id, picks) sent by "Save answer", applied by the next run
EXAM_SAVED = "exam_saved"  # 1-based position of the answer just saved (the confirmation)
EXAM_CONFIRM = "exam_confirm"  # "Finish exam" asked first: questions unanswered or flagged
EXAM_NAV = "exam_nav"  # the question navigator (pills)
EXAM_RECORDED = "exam_recorded"  # start time of the exam whose result was recorded

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

# simulator
SIM_SOURCE = "sim_source"  # "example" | "own"
SIM_WORKFLOW = "sim_workflow"  # example workflow id
SIM_SCENARIO = "sim_scenario"  # scenario slug
SIM_TYPE = "sim_type"  # "STANDARD" | "EXPRESS"
SIM_STEP = "sim_step"  # the replay's frame index (the slider's key)
SIM_PENDING_STEP = "sim_pending_step"  # a step from the address ("end", "4"), applied once the run is known
SIM_PLAY_CHANGED = "sim_play_changed"  # Play/Pause or the speed changed: the timer needs a whole-page run
SIM_PLAYING = "sim_playing"  # bool: Play is on
SIM_SPEED = "sim_speed"  # seconds per moment while playing
SIM_SPEED_CHOSEN = "sim_speed_chosen"  # the learner picked a speed (else it follows presenter mode)
SIM_INPUT_TEXT = "sim_input_text"  # the execution input editor's text
SIM_INPUT_FOR = "sim_input_for"  # (workflow, scenario) the editor text was filled from
SIM_RUN_INPUT = "sim_run_input"  # the input text of the run on screen ("Run again" sets it)
SIM_INPUT_PROBLEM = "sim_input_problem"  # why the edited input was refused
SIM_INJECTIONS = "sim_injections"  # [ui.failures.Injection] for the current workflow
SIM_INJECT_PROBLEM = "sim_inject_problem"
SIM_REDELIVER = "sim_redeliver"  # Express: Task states delivered twice
SIM_TAB = "sim_tab"  # the Simulator's open tab (its label): only that tab's content is drawn
SIM_EVENTS_OPEN = "sim_events_open"  # the replay's "Events up to this moment" expander is open (drawn only then)
SIM_INPUT_PRESET = "sim_input_preset"  # the Input tab's sample-input picker
# The Inject failures tab's controls
SIM_INJ_STATE = "sim_inj_state"
SIM_INJ_ERROR = "sim_inj_error"
SIM_INJ_CUSTOM = "sim_inj_custom"
SIM_INJ_CAUSE = "sim_inj_cause"
SIM_INJ_MODE = "sim_inj_mode"
SIM_INJ_COUNT = "sim_inj_count"
SIM_INJ_ATTEMPTS = "sim_inj_attempts"
SIM_INJ_RETURNS = "sim_inj_returns"
SIM_ASL_TEXT = "sim_asl_text"  # pasted ASL
SIM_ASL_GOOD = "sim_asl_good"  # the last pasted definition that validated (dict)
SIM_LAST_GOOD = "sim_last_good"  # the last run that worked (kept on screen after a bad edit)
SIM_URL = "sim_url"  # the address parameters last applied or written
SIM_INSPECT = "sim_inspect"  # the state chosen in the inspector
SIM_QUIZ = "sim_quiz"  # "Quiz me on this workflow": {"ids": [...], "index": n, "answered": {id: bool}}
SIM_QUIZ_GRADE = "sim_quiz_grade"  # (question id, selected ids) of the last answer, for its feedback

# simulator: Test one state (the TestState API, offline)
TESTSTATE_STATE = "teststate_state"  # the state picked (its name)
TESTSTATE_FOR = "teststate_for"  # (definition, state, defaults) the fields below were filled for
TESTSTATE_INPUT = "teststate_input"  # the state input editor's text
TESTSTATE_MOCK = "teststate_mock"  # "none" | "result" | "error"
TESTSTATE_RESULT_TEXT = "teststate_result_text"  # the mocked result (JSON text)
TESTSTATE_ERROR = "teststate_error"  # the mocked error's name
TESTSTATE_CAUSE = "teststate_cause"  # the mocked error's cause
TESTSTATE_MODE = "teststate_mode"  # the mock's fieldValidationMode
TESTSTATE_RETRIES = "teststate_retries"  # stateConfiguration.retrierRetryCount
TESTSTATE_FAILURES = "teststate_failures"  # stateConfiguration.mapIterationFailureCount
TESTSTATE_CAUSED_BY = "teststate_caused_by"  # stateConfiguration.errorCausedByState
TESTSTATE_READER = "teststate_reader"  # stateConfiguration.mapItemReaderData (JSON text)
TESTSTATE_VARIABLES = "teststate_variables"  # the variables in scope (JSON text; empty: none given)
TESTSTATE_ANSWER = "teststate_answer"  # the last test: its request, and the response or refusal

# The widgets in the Simulator's tabs. Only the open tab is drawn, and Streamlit forgets a
# widget's value after a run that does not draw it, so these are kept (see keep()) and a
# half-typed input, a chosen failure or the redelivered tasks outlive a look at another tab.
SIM_TAB_WIDGETS = (
    SIM_INPUT_TEXT, SIM_INJ_STATE, SIM_INJ_ERROR, SIM_INJ_CUSTOM, SIM_INJ_CAUSE,
    SIM_INJ_MODE, SIM_INJ_COUNT, SIM_INJ_ATTEMPTS, SIM_INJ_RETURNS, SIM_REDELIVER,
    TESTSTATE_STATE, TESTSTATE_INPUT, TESTSTATE_MOCK, TESTSTATE_RESULT_TEXT, TESTSTATE_ERROR,
    TESTSTATE_CAUSE, TESTSTATE_MODE, TESTSTATE_RETRIES, TESTSTATE_FAILURES, TESTSTATE_CAUSED_BY,
    TESTSTATE_READER, TESTSTATE_VARIABLES,
)

# progress
PROGRESS_UPLOAD = "progress_upload"
PROGRESS_IMPORT_RESULT = "progress_import_result"  # (kind, detail, file fingerprint)


def choice_key(mode: str, question_id: str, choice_id: str | None = None) -> str:
    """Widget key for a question's answer widget (radio, or one checkbox per choice)."""
    base = f"quiz_{mode}_{question_id}"
    return base if choice_id is None else f"{base}_{choice_id}"


def flag_key(question_id: str) -> str:
    """Widget key of an exam question's "Flag for review" checkbox."""
    return f"exam_flag_{question_id}"


def get(key: str, default: Any = None) -> Any:
    """Read a key, with a default for keys not set yet."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def pop(key: str) -> Any:
    return st.session_state.pop(key, None)


def keep(keys) -> None:
    """Keep these widgets' values through a run that does not draw them (Streamlit drops
    a widget's value at the end of a run in which it was not drawn; a value set through
    session state is kept)."""
    state = st.session_state
    for key in keys:
        if key in state:
            state[key] = state[key]


def profile() -> str | None:
    """The active profile name, if the learner chose one."""
    return st.session_state.get(PROFILE)


def presenter() -> bool:
    """Is presenter mode (large type, answers hidden until revealed) on?"""
    return bool(st.session_state.get(PRESENTER, False))
