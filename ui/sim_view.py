"""The Simulator's pieces: how a run, a moment, a stage or a problem is drawn.

The page (ui/pages/simulator.py) decides what to run; these functions only draw what
`ui.simulation`, `ui.replay`, `ui.inspector` and `ui.retry_timeline` computed.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

import engine
from engine.graph import STATUS_STYLE
from ui import cache
from ui import inspector as I
from ui import diagram
from ui import retry_timeline as RT
from ui.replay import Frame, seconds_text
from ui.simulation import Problem, Simulation

LEGEND_ORDER = ("pending", "running", "retrying", "succeeded", "caught", "failed")
_BIG_JSON = 20_000  # characters of JSON shown in full; larger values are cut
_SCROLL_LINES = 10  # JSON of more than 10 lines scrolls in a 260 px block


def legend_html() -> str:
    """What the colours, borders and marks on the graph mean (words as well as colour)."""
    chips = []
    for status in LEGEND_ORDER:
        style = STATUS_STYLE[status]
        border = {"bold": "solid", "solid": "solid"}.get(style["border"], style["border"])
        chips.append(
            f'<span style="display:inline-block;margin:2px 6px 2px 0;padding:1px 8px;border-radius:6px;'
            f'background:{style["fillcolor"]};border:2px {border} {style["color"]};color:#111827">'
            f'{style["badge"]}</span>')
    chips.append('<span style="display:inline-block;margin:2px 6px 2px 0;padding:1px 8px;border-radius:6px;'
                 'border:3px solid #111827;color:#111827">▶ current step</span>')
    chips.append('<span style="display:inline-block;margin:2px 0;color:#111827">'
                 '<b>━━</b> path taken · <span style="color:#b91c1c"><b>╍╍</b> ⚠ Catch fired</span> · '
                 '<span style="color:#6b7280">── not taken</span></span>')
    return (f'<div role="note" aria-label="Graph legend" style="font-size:0.85rem;line-height:1.9">'
            f'{"".join(chips)}</div>')


def graph(definition: dict, frame: Frame | None, *, presenter: bool = False, hide_run: bool = False) -> None:
    """The workflow drawn with every state's status at this moment and the path taken so far,
    its legend under it (one element on the page: each element is work for every browser)."""
    if frame is None or hide_run:
        dot = engine.to_dot(definition, scale=1.3 if presenter else 1.0, links=True)
        alt = "Workflow diagram (the run is hidden until you answer)." if hide_run else "Workflow diagram."
    else:
        dot = engine.to_dot(definition, statuses=frame.statuses, highlight=frame.current,
                            taken=frame.taken, caught=frame.caught, scale=1.3 if presenter else 1.0, links=True)
        done = ", ".join(f"{name} {status}" for name, status in frame.statuses.items()) or "nothing has run yet"
        alt = f"Workflow diagram at moment {frame.index}: {done}."
    diagram.show(dot, alt, after=legend_html())


# The replay's buttons stay on one row on a phone: icons only, their words kept for screen readers.
TRANSPORT_CSS = """
<style>
@media (max-width: 640px) {
  .st-key-sim_transport [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; gap: 0.3rem; }
  .st-key-sim_transport [data-testid="stColumn"] { min-width: 0 !important; width: auto !important; flex: 1 1 0 !important; }
  .st-key-sim_transport button [data-testid="stMarkdownContainer"] {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
}
</style>
"""


# On a projector the graph needs the room's width: narrow margins, icon-only replay buttons.
PRESENTER_SIM_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 1.5rem 1.2rem 4rem !important; max-width: none !important; }
.st-key-sim_transport button [data-testid="stMarkdownContainer"] {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
"""


def transport_css(presenter: bool = False) -> None:
    st.html(TRANSPORT_CSS + (PRESENTER_SIM_CSS if presenter else ""))


def moment(frame: Frame, count: int) -> None:
    """What happened at this moment, in words (one Markdown element, its sentences a list)."""
    st.markdown("\n".join([f"**Moment {frame.index} of {count - 1}** · {frame.headline}", "",
                            *(f"- {sentence}" for sentence in frame.words)]))


def problems(items: list[Problem], *, title: str = "", tone: str | None = None, shown: int = 8) -> None:
    """Every problem with its place (pointer, line and column), errors first.

    The first few are in the box; all of them are in the expander under it.
    """
    errors = [p for p in items if p.severity == "error"]
    warnings = [p for p in items if p.severity != "error"]
    ordered = errors + warnings
    lines = [f"- **{p.where()}**{f' `{p.code}`' if p.code else ''}: {p.message}" for p in ordered]
    head = title or ("This can't run" if errors else "Warnings")
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}" if errors else \
        f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    if errors and warnings:
        count += f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    body = f"**{head}** ({count})\n\n" + "\n".join(lines[:shown])
    if len(lines) > shown:
        body += f"\n- … and {len(lines) - shown} more, listed below"
    box = {"error": st.error, "warning": st.warning, "info": st.info}[tone or ("error" if errors else "warning")]
    box(body, icon=":material/error:" if errors else ":material/warning:")
    if len(lines) > shown:
        with st.expander(f"All {len(lines)} problems and warnings" if warnings and errors else f"All {len(lines)}"):
            st.markdown("\n".join(lines))


def json_block(value: Any, *, key: str | None = None) -> None:
    """A JSON value, in full when small, cut with a note when large."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if len(text) > _BIG_JSON:
        st.code(text[:_BIG_JSON] + "\n…", language="json", height=260)
        st.caption(f"Cut to the first {_BIG_JSON:,} of {len(text):,} characters.")
    else:
        # 10 lines (22.4 px each, plus padding) fit in 260 px; longer values scroll
        st.code(text, language="json", height=260 if text.count("\n") >= _SCROLL_LINES else "content")


def inspector(sim: Simulation, frame: Frame, key: str, *, presenter: bool = False) -> None:
    """The data after every stage of one state of this moment, changed stages side by side."""
    execution = sim.execution
    steps = execution.steps or []
    shown = [i for i in frame.steps if i < len(steps)]
    if not shown and frame.index == len(sim.replay) - 1 and frame.index > 0:
        if execution.status == "SUCCEEDED":
            st.markdown("**The execution's output**")
            json_block(execution.output)
        else:
            st.markdown(f"**The execution ended {execution.status}**: `{execution.error}`"
                        + (f": {execution.cause}" if execution.cause else ""))
        return
    if not shown:
        st.markdown("**The execution's input**")
        json_block(execution.history[0].get("executionStartedEventDetails", {}).get("input") if execution.history else None)
        st.caption("Step forward to see each state's data after every stage.")
        return
    items = sim.replay.items
    labels = {i: steps[i]["name"] + (f" (item {items[i]})" if i in items else "") for i in shown}
    notable = [i for i in shown if sim.replay.outcomes.get(i) in ("failed", "caught", "retrying")]
    shown = notable + [i for i in shown if i not in notable]  # a failure first: it is what to look at
    if len(shown) > 1:
        if st.session_state.get(key) not in labels:
            st.session_state[key] = shown[0]
        pick = st.selectbox(f"Inspect one of the {len(shown)} states of this moment", shown,
                            format_func=labels.get, key=key)
        index = pick if pick in labels else shown[0]
    else:
        index = shown[0]
    step = steps[index]
    data_flow(step, sim.specs.get(step["name"], {}), label=labels[index], presenter=presenter)


def data_flow(step: dict, spec: dict, *, label: str | None = None, presenter: bool = False) -> None:
    """One state's data after every stage (a step record): changed stages side by side."""
    found = I.stages(step, spec, jsonata=I.is_jsonata(spec))
    st.markdown(f"**Data flow of {label or step['name']}** ({'JSONata' if I.is_jsonata(spec) else 'JSONPath'})")
    changed = [s for s in found if s.changed]
    same = [s for s in found if not s.changed]
    st.caption(" → ".join((s.field or "input") + ("" if s.changed else " (unchanged)") for s in found))
    stage_cards(changed, [f"{found.index(s) + 1}." for s in changed], presenter=presenter)
    if same:
        with st.expander(f"Unchanged stages ({len(same)}): " + ", ".join(s.field or s.title for s in same)):
            for stage in same:
                where = _expression(stage)
                st.markdown(f"- **{stage.title}**" + (f" · {where}" if where else "") +
                            (f": {stage.note}" if stage.note else ": the data is the same as the stage before"))
    variables = step.get("variables")
    if isinstance(variables, dict) and variables:
        st.markdown("**Variables in scope after this state**")
        json_block(variables)
    if "Assign" in spec:
        st.markdown("**Assign**")
        json_block(spec["Assign"])


def stage_cards(stages: list[I.Stage], numbers: list[str], *, presenter: bool = False) -> None:
    """Stages as bordered cards, a few to a row: number and title, the field, a note, the data."""
    per_row = 2 if presenter else 3
    for start in range(0, len(stages), per_row):
        row = stages[start:start + per_row]
        for column, stage, number in zip(st.columns(per_row), row, numbers[start:start + per_row]):
            with column, st.container(border=True):
                where = _expression(stage)
                st.markdown(f"**{number} {stage.title}**" + (f"  \n{where}" if where else ""))
                if stage.note:
                    st.caption(stage.note)
                json_block(stage.value)


def _expression(stage: I.Stage) -> str:
    if not stage.field:
        return ""
    if stage.expression is None and stage.field in ("Parameters", "ResultSelector", "Arguments", "Output"):
        return f"no {stage.field}"
    if stage.expression is None and stage.field == "ResultPath":
        return "`ResultPath: null`"
    if isinstance(stage.expression, (dict, list)):
        text = json.dumps(stage.expression, ensure_ascii=False)
        return f"`{stage.field}`: `{text[:120]}{'…' if len(text) > 120 else ''}`"
    if stage.expression is None:
        return f"`{stage.field}`"
    return f"`{stage.field}: {stage.expression}`"


def retry_timelines(sim: Simulation, *, presenter: bool = False) -> None:
    """A chart and the arithmetic for every state that failed at least once."""
    found = cache.timelines(sim)
    if not found:
        st.info("No state failed in this run, so nothing retried. Inject a failure into a Task "
                "(the tab beside this one) to see Retry and Catch at work.", icon=":material/info:")
        return
    for tl in found:
        with st.container(border=True):
            st.markdown(f"**{tl.state}**: {len(tl.attempts)} attempt{'s' if len(tl.attempts) != 1 else ''}, "
                        f"{tl.outcome}")
            st.altair_chart(RT.chart(tl, big=presenter), width="stretch", height="content")
            for w in tl.waits:
                st.markdown(f"- Retry {w.retry}: waited **{seconds_text(w.end - w.start)}** "
                            f"({w.formula}). Retrier #{w.retrier + 1} matched "
                            f"[{', '.join(w.error_equals)}]; {w.left} retr{'y' if w.left == 1 else 'ies'} left after it.")
            if tl.catch:
                st.markdown(f"- {tl.catch}")
            elif tl.outcome == "failed":
                st.markdown("- No catcher matched, so the error went on to the enclosing state or the execution.")


def costs(execution, other_type: str) -> None:
    """What this run costs as Standard and as Express (one run, first pricing tier)."""
    standard = engine.cost(execution, workflow_type="STANDARD")
    try:
        express = engine.cost(execution, workflow_type="EXPRESS")
    except ValueError:  # longer than Express's 5 minutes: it has no Express price
        express = None
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.markdown("**As Standard**")
        st.markdown(f"{standard['transitions']:,} state transitions → **{_usd(standard['total_usd'])}**")
        st.caption("Priced per state transition (retries count); the monthly free tier is left out.")
    with right, st.container(border=True):
        st.markdown("**As Express**")
        if express is None:
            st.markdown(f"No price: this run takes {seconds_text(execution.duration)}, and an Express execution "
                        "stops at 5 minutes.")
            return
        st.markdown(f"1 request + {seconds_text(express['billed_duration_s'])} at {express['billed_memory_mb']} MB "
                    f"→ **{_usd(express['total_usd'])}**")
        st.caption("Priced per request and per GB-second of duration (billed in 100 ms steps).")


def _usd(value: float) -> str:
    if value == 0:
        return "$0"
    if value < 0.01:
        return f"${value:.8f}".rstrip("0") + " (under a cent)"
    return f"${value:,.2f}"
