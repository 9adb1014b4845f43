"""Standard vs Express: the comparison table and a monthly cost calculator with a chart."""

import altair as alt
import pandas as pd
import streamlit as st

from ui import cache
from ui import state as S
from ui.common import content_problems
from ui.costs import (
    DURATION,
    EXECUTIONS,
    MEMORY,
    TRANSITIONS,
    InputProblem,
    Quantity,
    breakdown_rows,
    cost_curve,
    money,
    parse_quantity,
    reading,
    symlog_ticks,
    volume_range,
)

c = cache.content()

st.title("Standard vs Express")
content_problems(c.errors, files=["content/comparison.yaml"])

st.header("How they differ")
if c.comparison:
    table = pd.DataFrame(
        [{"Aspect": r["aspect"], "Standard": r["standard"], "Express": r["express"]}
         for r in c.comparison]
    )
    st.table(table, hide_index=True)
else:
    st.info("The comparison table isn't available right now.")

st.header("What would it cost?")
try:
    from engine.pricing import break_even, monthly_cost
except ImportError:
    st.info("The cost calculator needs engine.pricing, which is not installed yet.")
    st.stop()

st.caption("us-east-1 list prices. Standard: $0.025 per 1,000 state transitions after "
           "4,000 free each month. Express: $1.00 per million requests plus duration × "
           "memory, billed in 100 ms and 64 MB steps, cheaper per GB-hour at higher volume.")


def quantity(label: str, key: str, default: str, what: Quantity, help: str):
    """A text field read by ui.costs.parse_quantity; its problem (or reading) just below it."""
    text = st.text_input(label, value=default, key=key, help=help, max_chars=40)
    try:
        value = parse_quantity(text, what)
    except InputProblem as exc:
        st.error(f"{label}: {exc}", icon=":material/error:")
        return None
    read = reading(text, value, what)
    if read:
        st.caption(f"Read as {read}.")
    return value


a, b = st.columns(2)
with a:
    executions = quantity("Executions per month", S.CALC_EXECUTIONS, "1,000,000", EXECUTIONS,
                          "How many workflow runs start each month, e.g. 1,000,000, 1e6 or 1M.")
    transitions = quantity("State transitions per execution", S.CALC_TRANSITIONS, "10",
                           TRANSITIONS, "Every state entered counts; retries count again.")
with b:
    duration = quantity("Average duration", S.CALC_DURATION, "1 s", DURATION,
                        "Seconds unless you say otherwise (800 ms, 2 min). Express runs can "
                        "last at most 5 minutes.")
    memory = quantity("Memory used", S.CALC_MEMORY, "64 MB", MEMORY,
                      "MB unless you say GB. Express bills memory in 64 MB chunks.")

if None in (executions, transitions, duration, memory):
    st.info("The costs appear once every field above holds a number it can use: fix the "
            "field marked above.", icon=":material/info:")
    st.stop()

bills: dict[str, dict] = {}
for kind in ("STANDARD", "EXPRESS"):
    if kind == "EXPRESS" and duration > 300:
        continue  # Express runs last at most 5 minutes: said below, not an input error
    try:
        bills[kind] = monthly_cost(kind, int(executions), transitions, duration, memory)
    except ValueError as exc:
        label = "Standard" if kind == "STANDARD" else "Express"
        st.error(f"{label}: {exc}. Change the numbers above.", icon=":material/cancel:")

if bills:
    cols = st.columns(2)
    for col, kind in zip(cols, ("STANDARD", "EXPRESS")):
        label = "Standard" if kind == "STANDARD" else "Express"
        with col, st.container(border=True):
            if kind in bills:
                st.metric(f"{label} per month", money(bills[kind]["total_usd"]))
                st.table(pd.DataFrame(breakdown_rows(bills[kind]), columns=["Item", "Amount"]),
                         hide_index=True)
            else:
                st.metric(f"{label} per month", "not possible")
    if len(bills) == 2:
        std, exp = bills["STANDARD"]["total_usd"], bills["EXPRESS"]["total_usd"]
        if abs(std - exp) < 1e-9:
            st.info("= Both types cost the same at this volume.")
        elif abs(std - exp) < 0.005:
            st.info("= Both types cost the same here to the cent: they differ by less than "
                    "$0.01 a month.")
        elif exp < std:
            st.success(f"✓ Express is cheaper here, by {money(std - exp)} a month.")
        else:
            st.success(f"✓ Standard is cheaper here, by {money(exp - std)} a month.")
    elif duration > 300:
        st.info("Runs longer than 5 minutes must be Standard workflows.")

if len(bills) == 2:
    try:
        crossing = break_even(transitions, duration, memory)
    except ValueError:
        crossing = None
    if crossing is None:
        st.markdown("**Break-even:** with these settings Express never becomes the "
                    "cheaper type, whatever the volume.")
    else:
        st.markdown(f"**Break-even:** from about **{crossing:,} executions a month**, "
                    "Express is cheaper than Standard (with these settings).")
    volumes = volume_range(int(executions) or None, crossing)
    data = cost_curve(monthly_cost, volumes, transitions, duration, memory)
    y_ticks = symlog_ticks(float(data["cost"].max()))
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("executions:Q",
                    scale=alt.Scale(type="log", domain=[volumes[0], volumes[-1]], nice=False),
                    title="Executions per month (log scale)", axis=alt.Axis(format="~s")),
            y=alt.Y("cost:Q", scale=alt.Scale(type="symlog", domain=[0, y_ticks[-1]], nice=False),
                    title="Monthly cost, USD (log scale)",
                    axis=alt.Axis(format="$,.0f", values=y_ticks)),
            color=alt.Color("type:N", title="Type",
                            scale=alt.Scale(domain=["Standard", "Express"],
                                            range=["#1f5fa8", "#d9730d"])),
            strokeDash=alt.StrokeDash("type:N", title="Type",
                                      scale=alt.Scale(domain=["Standard", "Express"],
                                                      range=[[1, 0], [8, 4]])),
            tooltip=[alt.Tooltip("type:N"), alt.Tooltip("executions:Q", format=","),
                     alt.Tooltip("cost:Q", format="$,.2f")],
        )
    )
    layers = [lines]
    marks = []
    if executions:
        marks.append({"executions": int(executions), "label": "your volume"})
    if crossing:
        marks.append({"executions": crossing, "label": "break-even"})
    if marks:
        rules = alt.Chart(pd.DataFrame(marks)).mark_rule(color="gray", strokeDash=[2, 2]).encode(
            x="executions:Q")
        text = alt.Chart(pd.DataFrame(marks)).mark_text(
            align="left", dx=4, dy=-6, color="gray", fontSize=13).encode(
            x="executions:Q", y=alt.value(12), text="label:N")
        layers += [rules, text]
    st.altair_chart(alt.layer(*layers).properties(height=380), width="stretch")
    st.caption("Solid line: Standard. Dashed line: Express. Where the lines cross, the "
               "cheaper type changes.")
