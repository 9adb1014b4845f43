"""Study guide: objectives, the big idea, the outline with lessons, definition-example
pairs, a worked example drawn as a graph, and the exam tip."""

import streamlit as st

from engine.scenarios import find as find_scenario

from ui import cache
from ui.common import content_problems, simulator_link, workflow_graph

c = cache.content()
guide = c.guide or {}
workflows = c.workflows or {}

st.title("Study guide")
content_problems(c.errors, files=["content/guide.yaml", "content/workflows/"])
if not guide:
    st.info("The study guide isn't available right now (see the message above).")
    st.stop()


def lesson_block(node: dict, depth: int = 0) -> None:
    """One outline node: its lesson, an optional diagram, then its children as sub-headings."""
    st.markdown(node.get("lesson", ""))
    wf = workflows.get(node.get("workflow") or "")
    if wf:
        st.caption(f"Example: {wf.get('title', wf['id'])}")
        workflow_graph(wf["definition"])
        simulator_link(wf["id"], node.get("scenario"), label=f"Run {wf.get('title', wf['id'])} in the Simulator")
    for child in node.get("children") or []:
        st.markdown(f"{'#' * min(4 + depth, 6)} {child.get('title', '')}")
        lesson_block(child, depth + 1)


if guide.get("objectives"):
    st.header("What you'll be able to do")
    st.markdown("\n".join(f"- {o}" for o in guide["objectives"]))

idea = guide.get("big_idea")
if idea:
    st.header(f"The big idea: {idea.get('title', '')}")
    st.markdown(idea.get("body", ""))
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.markdown(idea.get("choreography", ""))
    with right, st.container(border=True):
        st.markdown(idea.get("orchestration", ""))

if guide.get("outline"):
    st.header("Outline")
    st.caption("Open a section to read its lesson.")
    for i, node in enumerate(guide["outline"], start=1):
        with st.expander(f"{i}. {node.get('title', '')}", expanded=False):
            lesson_block(node)

if guide.get("pairs"):
    st.header("Definitions and examples")
    for pair in guide["pairs"]:
        with st.container(border=True):
            st.markdown(f"**{pair.get('concept', '')}**")
            d, e = st.columns(2)
            d.markdown(f"*Definition.* {pair.get('definition', '')}")
            e.markdown(f"*Example.* {pair.get('example', '')}")

we = guide.get("worked_example")
if we:
    st.header(f"Worked example: {we.get('title', '')}")
    st.markdown(we.get("intro", ""))
    wf = workflows.get(we.get("workflow") or "")
    if wf:
        workflow_graph(wf["definition"], caption=wf.get("title"))
        chosen = find_scenario(wf, we.get("scenario"))
        simulator_link(wf["id"], we.get("scenario"), label="Open the worked example in the Simulator"
                       + (f": {chosen.name.lower()}" if chosen else ""))
    else:
        st.info(f"The workflow {we.get('workflow')!r} isn't available, so there is no diagram.")
    steps = we.get("steps") or []
    if steps:
        st.markdown("\n".join(
            f"{n}. **{s.get('state', '')}**: {s.get('explanation', '')}"
            for n, s in enumerate(steps, start=1)
        ))
    if we.get("takeaways"):
        st.markdown("**Takeaways**\n\n" + "\n".join(f"- {t}" for t in we["takeaways"]))

tip = guide.get("exam_tip")
if tip:
    st.header("Exam tip")
    st.info(f"**{tip.get('title', '')}**\n\n{tip.get('body', '')}", icon=":material/lightbulb:")
