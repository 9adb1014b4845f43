"""The Simulator's "Inject failures" tab: choose failures for Task states, see the mocks.

The choices become MockedResponses (ui/failures.py), shown beside the controls and
downloadable as a complete MockConfigFile, so the same scenario runs in AWS Step
Functions Local.
"""

from __future__ import annotations

import json

import streamlit as st

from ui import cache
from ui import failures as F
from ui import sim_export
from ui import state as S

CUSTOM = "Another error (type its name)"


def _task_states(specs: dict) -> list[str]:
    return [name for name, spec in specs.items() if spec.get("Type") == "Task"]


def _add(defaults: dict) -> None:
    error = S.get(S.SIM_INJ_ERROR)
    if error == CUSTOM:
        error = S.get(S.SIM_INJ_CUSTOM) or ""
    mode = S.get(S.SIM_INJ_MODE, "first")
    try:
        returns = F.parse_returns(S.get(S.SIM_INJ_RETURNS) or "")
        injection = F.check(F.Injection(
            state=S.get(S.SIM_INJ_STATE), error=error or "", cause=S.get(S.SIM_INJ_CAUSE) or "",
            mode=mode, count=int(S.get(S.SIM_INJ_COUNT) or 1),
            attempts=tuple(int(a) for a in S.get(S.SIM_INJ_ATTEMPTS) or ()), returns=returns))
    except F.InjectionError as exc:
        S.put(S.SIM_INJECT_PROBLEM, str(exc))
        return
    S.pop(S.SIM_INJECT_PROBLEM)
    kept = [i for i in S.get(S.SIM_INJECTIONS) or [] if i.state != injection.state]
    S.put(S.SIM_INJECTIONS, kept + [injection])
    S.put(S.SIM_STEP, 0)
    S.put(S.SIM_PLAYING, False)


def _remove(state: str) -> None:
    S.put(S.SIM_INJECTIONS, [i for i in S.get(S.SIM_INJECTIONS) or [] if i.state != state])
    S.put(S.SIM_STEP, 0)


def panel(sim, injections: list, mocks: dict, defaults: dict, machine: str, case: str) -> None:
    """Controls on the left, the resulting mocks and the MockConfigFile on the right."""
    tasks = _task_states(sim.specs)
    if not tasks:
        st.info("This workflow has no Task state, so there is nothing to inject a failure into.",
                icon=":material/info:")
        return
    controls, result = st.columns([3, 2])
    with controls:
        st.markdown("Make a Task fail and run again: its Retry waits and tries again on the virtual clock, "
                    "and its Catch (or its enclosing state's) takes over when retrying stops.")
        a, b = st.columns(2)
        a.selectbox("Task state", tasks, key=S.SIM_INJ_STATE)
        b.selectbox("Error", list(F.ERRORS) + [CUSTOM], key=S.SIM_INJ_ERROR)
        if S.get(S.SIM_INJ_ERROR) == CUSTOM:
            st.text_input("Error name", key=S.SIM_INJ_CUSTOM, placeholder="e.g. PaymentDeclined", max_chars=256)
        st.text_input("Cause (optional)", key=S.SIM_INJ_CAUSE, placeholder="e.g. Service unavailable",
                      max_chars=2000)
        st.radio("Which attempts fail", list(F.MODES), key=S.SIM_INJ_MODE, horizontal=True,
                 format_func={"first": "The first N", "every": "Every attempt", "attempts": "Chosen attempts"}.get)
        mode = S.get(S.SIM_INJ_MODE, "first")
        if mode == "first":
            st.number_input("N: how many attempts fail before one succeeds", min_value=1,
                            max_value=F.MAX_ATTEMPT, step=1, key=S.SIM_INJ_COUNT)
        elif mode == "attempts":
            st.multiselect("Attempt numbers that fail (1 is the first invocation)", list(range(1, 21)),
                           key=S.SIM_INJ_ATTEMPTS)
        state = S.get(S.SIM_INJ_STATE)
        shown = json.dumps(defaults.get(state, {}), ensure_ascii=False)
        st.text_area("What a successful attempt returns (JSON, optional)", key=S.SIM_INJ_RETURNS, height=90,
                     placeholder=f"Empty: {shown[:200]} (what it returned in the plain run)")
        st.button("Inject this failure and run", key="sim_inj_add", on_click=_add, args=(defaults,),
                  type="primary", icon=":material/bolt:")
        problem = S.get(S.SIM_INJECT_PROBLEM)
        if problem:
            st.error(problem, icon=":material/error:")
        for injection in injections:
            line, button = st.columns([5, 1], vertical_alignment="center")
            line.markdown(f"- {injection.describe()}" + (f" (cause: {injection.cause})" if injection.cause else ""))
            button.button("Remove", key=f"sim_inj_remove_{injection.state}", on_click=_remove,
                          args=(injection.state,))
    with result:
        st.markdown("**Mocked responses for this run** (MockConfigFile format)")
        if mocks:
            st.code(json.dumps(mocks, indent=2, ensure_ascii=False), language="json", height=300)
        else:
            st.caption("No mocks: every Task returns its effective input (after InputPath and Parameters).")
        st.download_button("Download as a MockConfigFile", cache.export_text(sim, "mockconfig", machine, case),
                           file_name="MockConfigFile.json", mime="application/json", key="sim_mockconfig",
                           icon=":material/download:")
        machine_name, case_name = sim_export.names(machine, case)
        st.caption(f"For AWS Step Functions Local: state machine “{machine_name}”, test case “{case_name}”. "
                   "Every task call is answered as in this run; a task that ran out of time here is a "
                   "States.Timeout there (AWS's tool has no task durations).")
