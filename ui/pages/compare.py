"""Standard vs Express: the comparison table and a monthly cost calculator with a chart."""

import altair as alt
import pandas as pd
import streamlit as st

from ui import cache
from ui import state as S
from ui.common import content_problems
from ui.costs import breakdown_rows, cost_curve, money, symlog_ticks, volume_range

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
a, b = st.columns(2)
executions = a.number_input("Executions per month", min_value=0, max_value=10**12,
                            value=1_000_000, step=100_000, key=S.CALC_EXECUTIONS,
                            help="How many workflow runs start each month.")
transitions = a.number_input("State transitions per execution", min_value=0.0,
                             max_value=1_000_000.0, value=10.0, step=1.0,
                             key=S.CALC_TRANSITIONS,
                             help="Every state entered counts; retries count again.")
duration = b.number_input("Average duration (seconds)", min_value=0.0,
                          max_value=31_536_000.0, value=1.0, step=0.1, format="%.1f",
                          key=S.CALC_DURATION,
                          help="Express runs can last at most 5 minutes (300 s).")
memory = b.number_input("Memory used (MB)", min_value=1, max_value=1_048_576, value=64,
                        step=64, key=S.CALC_MEMORY,
                        help="Express bills memory in 64 MB chunks.")

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
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("executions:Q", scale=alt.Scale(type="log"),
                    title="Executions per month (log scale)", axis=alt.Axis(format="~s")),
            y=alt.Y("cost:Q", scale=alt.Scale(type="symlog"),
                    title="Monthly cost, USD (log scale)",
                    axis=alt.Axis(format="$,.0f", values=symlog_ticks(float(data["cost"].max())))),
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
