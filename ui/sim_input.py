"""The Simulator's Input tab: edit the execution input, start from a sample, run again."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.scenarios import find, scenarios
from ui import sim_view as V
from ui import simulation as SIM
from ui import state as S


def panel(wf: dict | None, run_input: Any, source: str) -> None:
    """A non-JSON input is refused with its line and column; the editor keeps the text."""
    st.markdown("Edit the execution input and run again: a Choice takes another path when the data changes.")
    key_for = (S.get(S.SIM_WORKFLOW) if source == "example" else "own", S.get(S.SIM_SCENARIO))
    if S.get(S.SIM_INPUT_FOR) != key_for:
        S.put(S.SIM_INPUT_TEXT, SIM.default_input(run_input))
        S.put(S.SIM_INPUT_FOR, key_for)
    if wf is not None:
        presets = [s for s in scenarios(wf) if s.kind == "input"]

        def _preset() -> None:
            chosen = S.get(S.SIM_INPUT_PRESET)
            sc = find(wf, chosen) if chosen else None
            if sc is not None:
                S.put(S.SIM_INPUT_TEXT, SIM.default_input(sc.input))

        st.selectbox("Start from a sample input", [s.slug for s in presets], index=None, key=S.SIM_INPUT_PRESET,
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
