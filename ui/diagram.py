"""Workflow diagrams drawn once on the server as SVG, so no learner's browser lays out a graph.

`st.graphviz_chart` sends DOT and every browser runs Graphviz (compiled to WebAssembly) for
every moment of a replay; with a classroom on one machine that layout is where the CPU goes.
Here Graphviz's own `dot -Tsvg` draws each DOT once per server process (shared by every
session), and the page gets the SVG inline, links and tooltips included. Where `dot` is not
installed the page falls back to `st.graphviz_chart`.
"""

from __future__ import annotations

import html
import re

import streamlit as st

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)  # the XML declaration, DOCTYPE and comments
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TITLE = re.compile(r"<title>[^<]*</title>")  # Graphviz's ids ("n3", "n1->n2"): no use as tooltips
_LINK = re.compile(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)"([^>]*)>')

# The diagram keeps its drawn size and never grows past its column; on a phone it keeps its
# size and scrolls sideways so its labels stay legible (its state links keep it keyboard-reachable).
DIAGRAM_CSS = """
<style>
.sw-diagram { overflow-x: auto; max-width: 100%; }
.sw-diagram svg { display: block; max-width: 100%; height: auto; }
.sw-diagram.sw-center svg { margin: 0 auto; }
@media (max-width: 640px) { .sw-diagram svg { max-width: none; } }
</style>
"""
_CSS_LINE = " ".join(DIAGRAM_CSS.split())


class NoGraphviz(Exception):
    """Graphviz's `dot` program is not installed or could not draw the graph."""


@st.cache_resource(show_spinner=False, max_entries=2048)
def _svg(dot: str) -> str | None:
    import graphviz

    try:
        raw = graphviz.Source(dot).pipe(format="svg", encoding="utf-8")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError, OSError):
        return None
    return clean(raw)


def clean(raw: str) -> str:
    """Graphviz's SVG document as an element to inline: no prolog, no comments, no graph title."""
    svg = _COMMENT.sub("", _PROLOG.sub("", raw, count=1))
    svg = _TITLE.sub("", svg)
    # A state's link: SVG 2's href (what every browser and checker treats as a link) and its
    # words as a <title>, which is the tooltip and the link's name for a screen reader.
    svg = _LINK.sub(r'<a href="\1"\3><title>\2</title>', svg)
    # One line: the page's Markdown would end an HTML block at a blank line.
    return " ".join(line.strip() for line in svg.splitlines() if line.strip())


def svg(dot: str) -> str:
    """The SVG drawing of a DOT graph, made once per process; NoGraphviz without `dot`."""
    drawn = _svg(dot)
    if drawn is None:
        raise NoGraphviz("Graphviz's dot program is not installed")
    return drawn


def show(dot: str, alt: str, *, center: bool = False, after: str = "") -> None:
    """Draw a DOT graph on the page, labelled `alt` for screen readers, with the HTML `after`
    (a legend) under it in the same element."""
    try:
        drawn = svg(dot)
    except NoGraphviz:
        st.graphviz_chart(dot, width="content", alt=alt)
        if after:
            st.html(after)
        return
    classes = "sw-diagram sw-center" if center else "sw-diagram"
    # Markdown, not st.html: st.html sanitises with an HTML-only profile, which drops SVG.
    st.markdown(f'{_CSS_LINE}<figure class="{classes}" aria-label="{html.escape(alt)}" '
                f'style="margin:0">{drawn}</figure>{after}', unsafe_allow_html=True)
