"""ui/diagram: diagrams are drawn on the server, once, as inline SVG; without Graphviz, the browser draws."""

import re

import graphviz
import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import node_texts

from engine import to_dot
from ui import diagram

DEFINITION = {"StartAt": "Ask", "States": {
    "Ask": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Yes"}],
            "Default": "No"},
    "Yes": {"Type": "Succeed"},
    "No": {"Type": "Fail", "Error": "Nope", "Cause": "x < y & z"},
}}


def test_the_svg_is_one_inline_element_with_every_state_its_status_and_its_docs_link():
    dot = to_dot(DEFINITION, statuses={"Ask": "succeeded"}, highlight="Yes", links=True)
    svg = diagram.svg(dot)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "\n" not in svg and "<!--" not in svg and "<?xml" not in svg  # Markdown keeps it whole
    assert node_texts(svg, "Ask") == ["Ask", "Choice", "✔ succeeded"]
    assert node_texts(svg, "Yes")[-1] == "▶ current step"
    assert node_texts(svg, "No")[:2] == ["No", "Fail"]
    link = re.search(r'<a href="([^"]+)"[^>]*><title>([^<]+)</title>', svg)
    assert link.groups() == ("https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
                             "Ask: a Choice state (AWS docs)")  # the first state's docs, named
    assert "xlink:" not in svg.split(">", 1)[1]  # SVG 2 links (every browser and checker knows them)
    assert "<title>stepwise</title>" not in svg and "<title>n1</title>" not in svg  # no ids as tooltips


def test_each_drawing_is_made_once_per_process():
    dot = to_dot(DEFINITION, statuses={"No": "failed"}, links=True)
    assert diagram.svg(dot) is diagram.svg(dot)


def test_clean_drops_the_prolog_comments_ids_and_blank_lines_and_names_each_link():
    raw = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- made by -->\n<svg width="1pt">\n'
           '<g id="graph0" class="graph">\n<title>g</title>\n\n<!-- a -->\n<g id="node1" class="node">\n'
           '<title>n1</title>\n<a xlink:href="https://x.test/a" xlink:title="A &amp; B" target="_blank">\n'
           '<text>A</text>\n</a>\n</g>\n</g>\n</svg>\n')
    assert diagram.clean(raw) == (
        '<svg width="1pt"> <g id="graph0" class="graph"> <g id="node1" class="node"> '
        '<a href="https://x.test/a" target="_blank"><title>A &amp; B</title> <text>A</text> </a> </g> </g> </svg>')


def test_without_graphviz_the_browser_draws_the_dot(monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz.Source, "pipe", missing)
    dot = to_dot(DEFINITION, statuses={"Ask": "running"}, links=True) + "\n// not drawn before"
    with pytest.raises(diagram.NoGraphviz):
        diagram.svg(dot)

    def page():
        from engine import to_dot
        from ui import diagram

        diagram.show(to_dot({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}) + "//x", "A diagram")

    at = AppTest.from_function(page).run()
    assert not at.exception
    (chart,) = at.get("graphviz_chart")
    assert "Succeed" in chart.proto.spec and not at.markdown


def test_the_label_is_escaped_for_screen_readers():
    def page():
        from ui import diagram

        diagram.show('digraph { a [label="A"] }', 'States: "A" & <B>')

    at = AppTest.from_function(page).run()
    (md,) = at.markdown
    assert 'aria-label="States: &quot;A&quot; &amp; &lt;B&gt;"' in md.value
