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
from ui import sim_address, sim_export, sim_inject, sim_input, sim_quiz, sim_replay, sim_types, test_one_state
from ui import sim_view as V
from ui import simulation as SIM
from ui import state as S
from ui.common import content_problems

DEFAULT_WORKFLOW = "credit-check"

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


sim_address.apply(workflows, default_wf)


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
    sim_address.write("0")
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
    sim_address.write("0")
    st.stop()

sim_replay.show(sim, hide_run=hide_run, presenter=presenter)


# --- tabs: steer, inject, retry, history, type and cost -----------------------------------------
# Only the open tab is drawn (choosing a tab reruns the page), so a step or a scrub in the
# replay above has only the replay and one tab on the page to redraw, in the browser too.

machine_name = wf["id"] if wf else "MyStateMachine"
edited = S.get(S.SIM_RUN_INPUT) is not None or bool(injections)
case_name = "my-run" if edited or scenario is None else scenario.slug


def _history_tab() -> None:
    st.dataframe(cache.history_table(sim), hide_index=True, width="stretch", height=360)
    st.download_button("Download the history (GetExecutionHistory JSON)", cache.history_json(sim),
                       file_name=f"{wf['id'] if wf else 'execution'}-history.json", mime="application/json",
                       key="sim_history_download", icon=":material/download:")


DRAW_TAB = {
    "Input": lambda: sim_input.panel(wf, run_input, source),
    "Inject failures": lambda: sim_inject.panel(sim, injections, mocks, defaults, machine_name, case_name),
    "Retry timeline": lambda: V.retry_timelines(sim, presenter=presenter),
    "Event history": _history_tab,
    "Standard or Express": lambda: sim_types.panel(sim, definition, run_input, mocks, workflow_type),
    "Test one state": lambda: test_one_state.panel(sim),
    "Export to AWS": lambda: sim_export.panel(sim, machine_name, case_name, workflow_type),
}
S.keep(S.SIM_TAB_WIDGETS)
if S.get(S.SIM_TAB) not in DRAW_TAB:
    S.pop(S.SIM_TAB)
tabs = st.tabs(list(DRAW_TAB), key=S.SIM_TAB, on_change="rerun")
for draw, tab in zip(DRAW_TAB.values(), tabs):
    if tab.open:
        with tab:
            draw()
