"""The Simulator's address: what `?workflow=&scenario=&step=&type=&input=&inject=&asl=` holds.

`apply` adopts the address when it changed from outside the page (a link from the guide or
the quiz, a reload, a hand edit); `write` puts the page's choice back, so a link can be
shared and a reload keeps it. The parameters themselves are read by `ui.simulation`.
"""

from __future__ import annotations

import streamlit as st

from ui import failures as F
from ui import simulation as SIM
from ui import state as S

PARAMS = ("source", "workflow", "scenario", "step", "type", "input", "inject", "asl")


def current() -> dict:
    """The Simulator's parameters in the address now."""
    return {k: st.query_params.get(k) for k in PARAMS if st.query_params.get(k) is not None}


def apply(workflows: dict, default_wf: str | None) -> None:
    """Adopt the address when it changed from outside (a link, a reload, an edit)."""
    params = current()
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


def write(step_value: str) -> None:
    """Put the choice on screen into the address (a reload or a shared link keeps it)."""
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
    S.put(S.SIM_URL, current())
