"""The Simulator's "Standard or Express" tab: the same workflow as the other type, and costs.

Express refuses `.sync`, `.waitForTaskToken` and activities (validation says why), stops
at 5 minutes, and, started asynchronously, may deliver a task's request more than once.
"""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui import sim_view as V
from ui import simulation as SIM
from ui import state as S


def panel(sim, definition: dict, run_input, mocks: dict, workflow_type: str) -> None:
    other = "EXPRESS" if workflow_type == "STANDARD" else "STANDARD"
    st.markdown(f"This run is **{workflow_type.title()}**. Switch the type above the graph to replay it as "
                f"**{other.title()}**; here is what changes.")
    twin = cache.simulation(SIM.canonical(definition), SIM.canonical(run_input), SIM.canonical(mocks), other)
    ex = sim.execution
    if not twin.ok:
        V.problems(twin.problems, title=f"As {other.title()}, AWS would refuse this definition", tone="info")
    else:
        tx = twin.execution
        same = (tx.status, tx.last_state) == (ex.status, ex.last_state)
        words = (f"As {other.title()} it ends the same way: **{tx.status}** at **{tx.last_state}**." if same else
                 f"As {other.title()} it ends **{tx.status}** at **{tx.last_state}** "
                 f"({tx.error or 'no error'}), where this run ends **{ex.status}** at **{ex.last_state}**.")
        st.markdown(words)
        if tx.status == "TIMED_OUT" and other == "EXPRESS":
            st.caption("An Express execution stops at 5 minutes of (virtual) time.")
    st.markdown("**What this run costs** (us-east-1 list prices, one execution on its own)")
    V.costs(ex, other)
    if workflow_type == "EXPRESS":
        tasks = [n for n, s in sim.specs.items() if s.get("Type") == "Task"]
        if tasks:
            st.multiselect("Deliver these tasks' requests twice (asynchronous Express is at-least-once)",
                           tasks, key=S.SIM_REDELIVER,
                           help="Step Functions may run an asynchronous Express task more than once: "
                                "tasks must be idempotent.")
