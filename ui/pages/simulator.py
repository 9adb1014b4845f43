"""Simulator: run an example workflow or your own ASL on a virtual clock and replay it.

The address holds the choice (`?workflow=&scenario=&step=&type=`, plus `input=`/`inject=`
for an edited input or injected failures, `asl=` for a pasted definition), so a link can
be shared and a reload keeps it. The run itself is computed once and cached.
"""

from __future__ import annotations


import streamlit as st

from engine.scenarios import find, scenarios
from ui import cache
from ui import failures as F
from ui import sim_export, sim_inject, sim_quiz, sim_types, test_one_state
from ui import sim_view as V
from ui import simulation as SIM
from ui import state as S
from ui.common import content_problems
from ui.replay import index_of

DEFAULT_WORKFLOW = "credit-check"
SPEEDS = {"Slow (2 s a moment)": 2.0, "Normal (1 s)": 1.0, "Fast (0.5 s)": 0.5}
PRESENTER_SPEED = "Slow (2 s a moment)"

c = cache.content()
workflows = c.workflows or {}
presenter = S.presenter()

st.title("Simulator")
if not presenter:
    st.caption("Run a workflow on a virtual clock, then step through it: steer the Choice with the input, "
               "inject failures into Tasks and watch Retry and Catch take the path. Nothing calls AWS.")
content_problems(c.errors, files=["content/workflows/"])
if not workflows and S.get(S.SIM_SOURCE) != "own":
    st.info("No example workflows could be loaded; you can still paste your own ASL.")
    S.put(S.SIM_SOURCE, "own")
default_wf = DEFAULT_WORKFLOW if DEFAULT_WORKFLOW in workflows else next(iter(workflows), None)


# --- the address ------------------------------------------------------------------------

PARAMS = ("source", "workflow", "scenario", "step", "type", "input", "inject", "asl")


def _current_params() -> dict:
    return {k: st.query_params.get(k) for k in PARAMS if st.query_params.get(k) is not None}


def _apply_address() -> None:
    """Adopt the address when it changed from outside (a link, a reload, an edit)."""
    params = _current_params()
    if params == S.get(S.SIM_URL):
        return
    if not workflows and params.get("source") != "own":
        params["source"] = "own"
    a = SIM.read_address(params, workflows, default_wf) if workflows else SIM.Address(source="own")
    for message in a.messages:
        st.warning(message, icon=":material/link_off:")
    S.put(S.SIM_SOURCE, a.source)
    if a.source == "example":
        S.put(S.SIM_WORKFLOW, a.workflow)
        S.put(S.SIM_SCENARIO, a.scenario)
        S.pop(S.SIM_INPUT_FOR)
    elif a.asl is not None:
        S.put(S.SIM_ASL_TEXT, a.asl)
    S.put(S.SIM_TYPE, a.type or (workflows.get(a.workflow or "", {}).get("type") or "STANDARD"))
    S.put(S.SIM_PENDING_STEP, a.step)
    S.put(S.SIM_RUN_INPUT, a.input)
    if a.input is not None:
        S.put(S.SIM_INPUT_TEXT, a.input)
        S.put(S.SIM_INPUT_FOR, (a.workflow, a.scenario))
    injections = []
    for raw in a.injections or []:
        try:
            injections.append(F.check(F.Injection(**{k: (tuple(v) if k == "attempts" else v) for k, v in raw.items()})))
        except (TypeError, F.InjectionError):
            st.warning("An injected failure in this link could not be read, so it was left out.",
                       icon=":material/link_off:")
    S.put(S.SIM_INJECTIONS, injections)
    S.put(S.SIM_URL, params)
    S.put(S.SIM_PLAYING, False)


def _write_address(step_value: str) -> None:
    params: dict = {}
    if S.get(S.SIM_SOURCE) == "own":
        params["source"] = "own"
        packed = SIM.pack(S.get(S.SIM_ASL_TEXT) or "")
        if packed and S.get(S.SIM_ASL_TEXT):
            params["asl"] = packed
    else:
        params["workflow"] = S.get(S.SIM_WORKFLOW)
        params["scenario"] = S.get(S.SIM_SCENARIO)
    params["step"] = step_value
    params["type"] = S.get(S.SIM_TYPE, "STANDARD").lower()
    run_input = S.get(S.SIM_RUN_INPUT)
    if run_input is not None:
        packed = SIM.pack(run_input)
        if packed:
            params["input"] = packed
    if S.get(S.SIM_INJECTIONS):
        packed = SIM.pack([{**vars(i), "attempts": list(i.attempts)} for i in S.get(S.SIM_INJECTIONS)])
        if packed:
            params["inject"] = packed
    for key in PARAMS:
        if key in params and st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]
        elif key not in params and key in st.query_params:
            del st.query_params[key]
    S.put(S.SIM_URL, _current_params())


_apply_address()


# --- choosing what to run -----------------------------------------------------------------


def _reset_run() -> None:
    """A new workflow, scenario or source: start at the first moment, drop the edits."""
    S.put(S.SIM_STEP, 0)
    S.pop(S.SIM_PENDING_STEP)
    S.put(S.SIM_RUN_INPUT, None)
    S.put(S.SIM_INJECTIONS, [])
    S.pop(S.SIM_INPUT_PROBLEM)
    S.pop(S.SIM_INPUT_FOR)
    S.put(S.SIM_PLAYING, False)
    S.pop(S.SIM_QUIZ)


def _on_workflow() -> None:
    _reset_run()
    wf = workflows.get(S.get(S.SIM_WORKFLOW))
    if wf:
        S.put(S.SIM_SCENARIO, scenarios(wf)[0].slug)
        S.put(S.SIM_TYPE, wf.get("type") or "STANDARD")


def _scenario_label(wf: dict, slug: str) -> str:
    sc = find(wf, slug)
    if sc is None:
        return slug
    return ("Failure: " if sc.kind == "failure" else "Input: ") + sc.name


if presenter:  # a room wants the graph on the first screen: the choice folds away
    chosen_title = "your own ASL" if S.get(S.SIM_SOURCE) == "own" else \
        workflows.get(S.get(S.SIM_WORKFLOW) or default_wf or "", {}).get("title", "choose")
    chooser = st.expander(f"What to run: {chosen_title}", icon=":material/tune:")
else:
    chooser = st.container()
definition: dict | None = None
scenario = None
wf: dict | None = None
with chooser:
    if S.get(S.SIM_SOURCE) not in ("example", "own"):
        S.put(S.SIM_SOURCE, "example" if workflows else "own")
    source = st.segmented_control("What to run", ["example", "own"], key=S.SIM_SOURCE, required=True,
                                  format_func=lambda s: {"example": "An example workflow", "own": "Your own ASL"}[s],
                                  on_change=_reset_run)

    if source == "example" and workflows:
        if S.get(S.SIM_WORKFLOW) not in workflows:
            S.put(S.SIM_WORKFLOW, default_wf)
        wf = workflows[S.get(S.SIM_WORKFLOW)]
        slugs = [s.slug for s in scenarios(wf)]
        if S.get(S.SIM_SCENARIO) not in slugs:
            S.put(S.SIM_SCENARIO, slugs[0])
        left, middle = st.columns([2, 3], vertical_alignment="bottom")
        left.selectbox("Example workflow", list(workflows), key=S.SIM_WORKFLOW, on_change=_on_workflow,
                       format_func=lambda w: workflows[w]["title"])
        middle.selectbox("Scenario", slugs, key=S.SIM_SCENARIO, on_change=_reset_run,
                         format_func=lambda s: _scenario_label(wf, s))
        definition = wf["definition"]
        scenario = find(wf, S.get(S.SIM_SCENARIO))
        with st.expander("About this workflow and scenario"):
            st.markdown(wf.get("description", ""))
            if scenario is not None and scenario.description:
                st.markdown(f"**This scenario.** {scenario.description}")
            if scenario is not None and scenario.expect:
                expect = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in scenario.expect.items() if k != "output")
                st.caption(f"Expected: {expect}")
    else:
        st.markdown("Paste a state machine definition in JSON or YAML, or upload a file. It is checked as you "
                    "go, the way AWS checks it; the last definition that worked stays on screen.")
        upload = st.file_uploader("Upload a definition (.json, .yaml, .asl.json)", type=["json", "yaml", "yml"],
                                  key="sim_upload")
        if upload is not None and S.get("sim_upload_seen") != upload.file_id:
            S.put("sim_upload_seen", upload.file_id)
            raw = upload.getvalue()
            if len(raw) > SIM.MAX_DEFINITION_BYTES:
                st.error(f"{upload.name} is {len(raw) / 1024 / 1024:.1f} MB; AWS accepts definitions of at most 1 MB.",
                         icon=":material/error:")
            else:
                S.put(S.SIM_ASL_TEXT, raw.decode("utf-8", errors="replace"))
        st.text_area("Your definition", key=S.SIM_ASL_TEXT, height=280, max_chars=SIM.MAX_DEFINITION_BYTES,
                     placeholder='{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}')
        text = S.get(S.SIM_ASL_TEXT) or ""
        if text.strip():
            parsed, found = SIM.parse_asl(text, S.get(S.SIM_TYPE, "STANDARD"))
            if found:
                V.problems(found, title="Your definition" if parsed is None else "Your definition runs, with warnings")
            if parsed is not None:
                S.put(S.SIM_ASL_GOOD, parsed)
            elif S.get(S.SIM_ASL_GOOD):
                st.caption("Showing the last version of your definition that was valid.")
        definition = S.get(S.SIM_ASL_GOOD)
        if definition is None:
            st.info("Nothing to run yet.", icon=":material/info:")

    st.segmented_control("Workflow type", ["STANDARD", "EXPRESS"], key=S.SIM_TYPE, required=True,
                        format_func=str.title, on_change=lambda: S.put(S.SIM_PLAYING, False),
                        help="Standard runs up to a year and supports every integration pattern; Express runs up "
                             "to 5 minutes, Request Response only.")
workflow_type = S.get(S.SIM_TYPE) or "STANDARD"

if definition is None:
    _write_address("0")
    st.stop()


# --- what the run uses: input and mocks ------------------------------------------------------

base_input = scenario.input if scenario is not None else {}
base_mocks = scenario.mocks if scenario is not None else {}
run_input_text = S.get(S.SIM_RUN_INPUT)
if run_input_text is not None:
    value, bad = SIM.parse_input(run_input_text)
    run_input = base_input if bad else value
else:
    run_input = base_input
injections: list[F.Injection] = S.get(S.SIM_INJECTIONS) or []
redeliver = tuple(S.get(S.SIM_REDELIVER) or ()) if workflow_type == "EXPRESS" else ()
baseline = cache.simulation(SIM.canonical(definition), SIM.canonical(run_input), SIM.canonical(base_mocks),
                            workflow_type, redeliver)
defaults = F.first_results(baseline.execution) if baseline.ok else {}
mocks = F.to_mocks(injections, base_mocks, defaults)
sim = baseline if not injections else cache.simulation(
    SIM.canonical(definition), SIM.canonical(run_input), SIM.canonical(mocks), workflow_type, redeliver)

if not sim.ok:
    V.problems(sim.problems, title=sim.title or "This can't run")
    last = S.get(S.SIM_LAST_GOOD)
    if last is not None and last.definition == definition:
        st.caption("Showing the last run that worked.")
        sim = last
else:
    S.put(S.SIM_LAST_GOOD, sim)


# --- quiz me: predict first ------------------------------------------------------------------

linked = [q for q in (c.questions or []) if wf and q.get("workflow") == wf["id"] and q.get("scenario")]
quiz = S.get(S.SIM_QUIZ)
hide_run = False
if wf is not None and linked:
    if quiz is None:
        st.button(f"Quiz me on this workflow ({len(linked)} question{'s' if len(linked) != 1 else ''})",
                  key="sim_quiz_start", icon=":material/quiz:", on_click=sim_quiz.start,
                  args=([q["id"] for q in linked], {q["id"]: q for q in linked}),
                  help="Predict the path first; the run is shown after you answer.")
    else:
        hide_run = sim_quiz.show(quiz, {q["id"]: q for q in linked}, wf)

# --- the replay -------------------------------------------------------------------------------

if not sim.ok:
    _write_address("0")
    st.stop()

replay = sim.replay
count = len(replay)
pending = S.pop(S.SIM_PENDING_STEP)
if pending is not None:
    S.put(S.SIM_STEP, index_of(pending, replay) or 0)
if not isinstance(S.get(S.SIM_STEP), int) or not 0 <= S.get(S.SIM_STEP) < count:
    S.put(S.SIM_STEP, min(max(int(S.get(S.SIM_STEP) or 0), 0), count - 1))
if S.get(S.SIM_SPEED) not in SPEEDS or not S.get(S.SIM_SPEED_CHOSEN):
    S.put(S.SIM_SPEED, PRESENTER_SPEED if presenter else "Normal (1 s)")  # a room's pace, until one is chosen
playing = bool(S.get(S.SIM_PLAYING)) and not hide_run


def _move(to: int) -> None:
    S.put(S.SIM_STEP, max(0, min(to, count - 1)))


def _speed_chosen() -> None:
    S.put(S.SIM_SPEED_CHOSEN, True)
    if S.get(S.SIM_PLAYING):
        S.put(S.SIM_PLAY_CHANGED, True)


def _toggle_play() -> None:
    at_end = S.get(S.SIM_STEP, 0) >= count - 1
    if not S.get(S.SIM_PLAYING) and at_end:
        S.put(S.SIM_STEP, 0)  # Play at the end starts again
    S.put(S.SIM_PLAYING, not S.get(S.SIM_PLAYING))
    S.put(S.SIM_PLAY_CHANGED, True)


@st.fragment(run_every=SPEEDS[S.get(S.SIM_SPEED)] if playing else None)
def replay_panel() -> None:
    if S.pop(S.SIM_PLAY_CHANGED):
        st.rerun()  # start or stop the timer: only a whole-page run can
    now_playing = bool(S.get(S.SIM_PLAYING)) and not hide_run
    if now_playing and playing:
        if S.get(S.SIM_STEP, 0) >= count - 1:
            S.put(S.SIM_PLAYING, False)
            st.rerun()
        S.put(S.SIM_STEP, S.get(S.SIM_STEP, 0) + 1)
    index = S.get(S.SIM_STEP, 0)
    frame = replay.frame(index)
    V.transport_css(presenter)
    with st.container(key="sim_transport"):
        cols = st.columns([1, 1, 1.3, 1, 1], vertical_alignment="center")
        cols[0].button("Start", key="sim_first", icon=":material/first_page:", help="Jump to the start",
                       on_click=_move, args=(0,), disabled=index == 0 or hide_run, width="stretch")
        cols[1].button("Back", key="sim_back", icon=":material/chevron_left:", help="Step back one moment",
                       on_click=_move, args=(index - 1,), disabled=index == 0 or hide_run, width="stretch")
        cols[2].button("Pause" if now_playing else "Play", key="sim_play",
                       icon=":material/pause:" if now_playing else ":material/play_arrow:", on_click=_toggle_play,
                       type="primary", disabled=hide_run or count < 2, width="stretch")
        cols[3].button("Forward", key="sim_forward", icon=":material/chevron_right:", help="Step forward one moment",
                       on_click=_move, args=(index + 1,), disabled=index >= count - 1 or hide_run, width="stretch")
        cols[4].button("End", key="sim_last", icon=":material/last_page:", help="Jump to the end",
                       on_click=_move, args=(count - 1,), disabled=index >= count - 1 or hide_run, width="stretch")
    speed_col, slider_col = st.columns([1, 3], vertical_alignment="bottom")
    speed_col.selectbox("Play speed", list(SPEEDS), key=S.SIM_SPEED,
                        on_change=_speed_chosen)
    if count > 1 and not hide_run:
        slider_col.slider("Moment of the run", 0, count - 1, key=S.SIM_STEP,
                          help="Drag to scrub through the whole run; every moment is a point on its virtual clock.")
    if hide_run:
        st.info("Answer the question first; then the run is shown, step by step.", icon=":material/visibility_off:")
    else:
        with st.container(border=True):
            V.moment(frame, count)
            ex = sim.execution
            st.caption(f"Run: **{ex.status}** · last state **{ex.last_state or '—'}** · "
                       f"{ex.transitions:,} transitions · {V.seconds_text(ex.duration)} of virtual time · "
                       f"{len(ex.history):,} events")
    V.graph(sim.definition, frame, presenter=presenter, hide_run=hide_run)
    V.legend()
    if not hide_run:
        V.inspector(sim, frame, key="sim_inspect_pick", presenter=presenter)
    if not hide_run:
        with st.expander(f"Events up to this moment ({frame.seen:,} of {len(sim.execution.history):,})"):
            ids = replay.event_order[max(0, frame.seen - 300):frame.seen]
            if frame.seen > 300:
                st.caption("The latest 300 events; the whole history is in the Event history tab.")
            st.dataframe(cache.history_table(sim).loc[ids], hide_index=True, width="stretch")
    _write_address("end" if index == count - 1 and count > 1 else str(index))


replay_panel()


# --- tabs: steer, inject, retry, history, type and cost -----------------------------------------

tabs = st.tabs(["Input", "Inject failures", "Retry timeline", "Event history", "Standard or Express",
                "Test one state", "Export to AWS"])
machine_name = wf["id"] if wf else "MyStateMachine"
edited = S.get(S.SIM_RUN_INPUT) is not None or bool(injections)
case_name = "my-run" if edited or scenario is None else scenario.slug

with tabs[0]:
    st.markdown("Edit the execution input and run again: a Choice takes another path when the data changes.")
    key_for = (S.get(S.SIM_WORKFLOW) if source == "example" else "own", S.get(S.SIM_SCENARIO))
    if S.get(S.SIM_INPUT_FOR) != key_for:
        S.put(S.SIM_INPUT_TEXT, SIM.default_input(run_input))
        S.put(S.SIM_INPUT_FOR, key_for)
    if wf is not None:
        presets = [s for s in scenarios(wf) if s.kind == "input"]

        def _preset() -> None:
            chosen = S.get("sim_input_preset")
            sc = find(wf, chosen) if chosen else None
            if sc is not None:
                S.put(S.SIM_INPUT_TEXT, SIM.default_input(sc.input))

        st.selectbox("Start from a sample input", [s.slug for s in presets], index=None, key="sim_input_preset",
                     format_func=lambda s: find(wf, s).name, on_change=_preset, placeholder="Choose a preset")
    st.text_area("Execution input (JSON)", key=S.SIM_INPUT_TEXT, height=200)

    def _run_again() -> None:
        text = S.get(S.SIM_INPUT_TEXT) or ""
        _, bad = SIM.parse_input(text)
        if bad:
            S.put(S.SIM_INPUT_PROBLEM, bad)
            return
        S.pop(S.SIM_INPUT_PROBLEM)
        S.put(S.SIM_RUN_INPUT, text)
        S.put(S.SIM_STEP, 0)
        S.put(S.SIM_PLAYING, False)

    st.button("Run again with this input", key="sim_run_again", on_click=_run_again, type="primary",
              icon=":material/play_arrow:")
    bad = S.get(S.SIM_INPUT_PROBLEM)
    if bad:
        V.problems([bad], title="The input was not run")
    elif S.get(S.SIM_RUN_INPUT) is not None:
        st.caption("This run uses your edited input.")

with tabs[1]:
    sim_inject.panel(sim, injections, mocks, defaults, machine_name, case_name)

with tabs[2]:
    V.retry_timelines(sim, presenter=presenter)

with tabs[3]:
    ex = sim.execution
    st.dataframe(cache.history_table(sim), hide_index=True, width="stretch", height=360)
    st.download_button("Download the history (GetExecutionHistory JSON)", cache.history_json(sim),
                       file_name=f"{wf['id'] if wf else 'execution'}-history.json", mime="application/json",
                       key="sim_history_download", icon=":material/download:")

with tabs[4]:
    sim_types.panel(sim, definition, run_input, mocks, workflow_type)

with tabs[5]:
    test_one_state.panel(sim)

with tabs[6]:
    sim_export.panel(sim, machine_name, case_name, workflow_type)
