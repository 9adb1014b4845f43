"""The Simulator's "Export to AWS" tab: run the same workflow on AWS Step Functions.

Everything comes from engine/export.py: a SAM template (parameters for the ARNs, a
least-privilege role, logging for Express), the run as a MockConfigFile for AWS Step
Functions Local (every task call answered as it was here), and TestState requests.
"""

from __future__ import annotations

import streamlit as st

from engine import export
from engine.scenarios import Scenario
from ui import cache
from ui import sim_view as V
from ui import simulation as SIM


def names(machine: str, case: str) -> tuple[str, str]:
    """The state machine and test case names the exports use."""
    return export.logical_name(machine), export.case_name(Scenario(case, case, "input", None))


def panel(sim, machine: str, case: str, workflow_type: str) -> None:
    st.markdown("Take this workflow to AWS. `sam deploy --guided` deploys the template; the mock file runs "
                "the same scenario in AWS Step Functions Local; each TestState request runs one state with "
                "`aws stepfunctions test-state --cli-input-json`.")
    try:
        sam = cache.export_text(sim, "sam", machine, case)
    except Exception as exc:  # an invalid definition for this type, or anything unexpected: say so
        problems = getattr(exc, "problems", None)
        if problems:
            V.problems([SIM.Problem(getattr(p, "path", ""), getattr(p, "message", str(p))) for p in problems],
                       title=f"This definition can't be exported as {workflow_type.title()}")
        else:
            st.error(f"The export failed: {exc}", icon=":material/error:")
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**SAM template** (`template.yaml`)")
        st.download_button("Download the SAM template", sam, file_name="template.yaml", mime="application/x-yaml",
                           key="sim_export_sam", icon=":material/download:")
        st.code(sam, language="yaml", height=360)
    with right:
        machine_name, case_name = names(machine, case)
        st.markdown("**MockConfigFile** for AWS Step Functions Local")
        st.download_button("Download the MockConfigFile", cache.export_text(sim, "mockconfig", machine, case),
                           file_name="MockConfigFile.json", mime="application/json", key="sim_export_mocks",
                           icon=":material/download:")
        st.caption(f"State machine “{machine_name}”, test case “{case_name}”: every task call is answered "
                   "as it was in this run, so no real service is called.")
        st.markdown("**TestState requests** (one JSON request per line)")
        st.download_button("Download the TestState requests", cache.export_text(sim, "teststate", machine, case),
                           file_name="teststate-requests.jsonl", mime="application/json",
                           key="sim_export_teststate", icon=":material/download:")
        if export.reads_variables(sim.definition):
            st.caption("This workflow uses variables: add `variables` to the requests of the states that read them.")
