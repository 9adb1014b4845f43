"""engine.graph: definition -> graph model -> DOT."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import graphviz
import pytest

from engine.graph import Graph, graph_model, rule_text, shorten, short_resource, to_dot

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` binary not installed; "
                               "only the SVG rendering check needs it")
CASES = Path(__file__).parents[2] / ".." / "shared" / "realworld" / "cases"


def machine(states, start=None, **top):
    """A definition dict starting at the first state."""
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def node_line(dot: str, node_id: str) -> str:
    """The DOT statement that declares node `node_id`."""
    return next(line for line in dot.splitlines() if line.strip().startswith(f"{node_id} ["))


def only(graph: Graph, name: str):
    """The single node named `name`."""
    (node,) = graph.named(name)
    return node


def edges(graph: Graph, kind: str):
    """(source name, target name, label) for each edge of a kind."""
    names = {n.id: n.name or n.type for n in graph.nodes}
    return [(names[e.source], names[e.target], e.label) for e in graph.edges if e.kind == kind]


def dot_form(name: str) -> str:
    """A name as it reads inside a DOT quoted string (quotes and backslashes escaped)."""
    return name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render_svg(dot: str) -> str:
    """Run `dot -Tsvg`, failing on any error or warning."""
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=30)
    assert done.returncode == 0 and not done.stderr, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def svg_texts(svg: str) -> list[str]:
    """The text items of an SVG, unescaped."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


ALL_TYPES = machine({
    "Do": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Pick"},
    "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 0, "Next": "Bad"}],
             "Default": "Hold"},
    "Hold": {"Type": "Wait", "Seconds": 10, "Next": "Shape"},
    "Shape": {"Type": "Pass", "Next": "Both"},
    "Both": {"Type": "Parallel", "Next": "Each", "Branches": [
        {"StartAt": "L", "States": {"L": {"Type": "Pass", "End": True}}},
        {"StartAt": "R", "States": {"R": {"Type": "Pass", "End": True}}}]},
    "Each": {"Type": "Map", "Next": "Good", "ItemProcessor": {
        "StartAt": "One", "States": {"One": {"Type": "Pass", "End": True}}}},
    "Good": {"Type": "Succeed"},
    "Bad": {"Type": "Fail", "Error": "Negative"},
})


# ----------------------------------------------------------------------------- model


def test_every_state_type_has_its_own_shape_and_type_line():
    dot = to_dot(ALL_TYPES)
    graph = graph_model(ALL_TYPES)
    shapes = {"Do": "box", "Pick": "diamond", "Hold": "hexagon", "Shape": "box", "Both": "box3d",
              "Each": "component", "Good": "ellipse", "Bad": "octagon"}
    for name, shape in shapes.items():
        node = only(graph, name)
        line = node_line(dot, node.id)
        assert f"shape={shape}" in line
        assert node.label.split("\n")[0] == name
        assert node.label.split("\n")[1].startswith(node.type)  # type in words, not colour only
    assert "rounded" in node_line(dot, only(graph, "Do").id)  # Task vs Pass: both boxes, differ
    assert "rounded" not in node_line(dot, only(graph, "Shape").id)


def test_type_lines_carry_the_key_detail():
    graph = graph_model(ALL_TYPES)
    assert only(graph, "Do").label.split("\n")[1] == "Task · lambda:invoke"
    assert only(graph, "Hold").label.split("\n")[1] == "Wait 10 s"
    wait = graph_model(machine({"W": {"Type": "Wait", "TimestampPath": "$.when", "End": True}}))
    assert only(wait, "W").label.split("\n")[1] == "Wait until $.when"


@pytest.mark.parametrize("arn, short", [
    ("arn:aws:states:::lambda:invoke", "lambda:invoke"),
    ("arn:aws:states:::aws-sdk:dynamodb:getItem", "dynamodb:getItem"),
    ("arn:aws:states:::ecs:runTask.sync", "ecs:runTask.sync"),
    ("arn:aws:lambda:us-east-1:123456789012:function:Charge", "lambda:Charge"),
    ("arn:aws:states:us-east-1:123456789012:activity:Approve", "activity:Approve"),
])
def test_short_resource(arn, short):
    assert short_resource(arn) == short


def test_start_and_end_markers():
    graph = graph_model(ALL_TYPES)
    assert edges(graph, "start") == [("Start", "Do", "")]
    assert sorted(edges(graph, "end")) == [("Bad", "End", ""), ("Good", "End", "")]
    dot = to_dot(machine({"A": {"Type": "Pass", "End": True}}))
    assert "start -> n" in dot and "-> end" in dot


def test_next_choice_and_default_edges():
    graph = graph_model(ALL_TYPES)
    assert ("Do", "Pick", "") in edges(graph, "next")
    assert edges(graph, "choice") == [("Pick", "Bad", "$.n < 0")]
    assert edges(graph, "default") == [("Pick", "Hold", "Default")]
    assert 'label=Default' in to_dot(ALL_TYPES)


def test_parallel_branches_and_map_processor_are_clusters():
    graph = graph_model(ALL_TYPES)
    kinds = [c.kind for c in graph.clusters]
    assert kinds.count("group") == 2 and kinds.count("branch") == 2 and kinds.count("processor") == 1
    both, left, right = only(graph, "Both"), only(graph, "L"), only(graph, "R")
    clusters = {c.id: c for c in graph.clusters}
    assert clusters[left.cluster].label == "Branch 1" and clusters[right.cluster].label == "Branch 2"
    assert clusters[left.cluster].parent == both.cluster == clusters[right.cluster].parent
    assert sorted(edges(graph, "branch")) == [("Both", "L", ""), ("Both", "R", ""), ("Each", "One", "")]
    dot = to_dot(ALL_TYPES)
    assert dot.count("subgraph cluster_") == 5
    assert "compound=true" in dot
    assert f"lhead={left.cluster}" in dot
    # The way out of a Parallel leaves from its join bar, where every branch's end meets.
    (join,) = [n for n in graph.nodes if n.type == "Join" and n.name == "Both"]
    assert join.cluster == both.cluster
    assert sorted(edges(graph, "join")) == [("L", "Both", ""), ("One", "Each", ""), ("R", "Both", "")]
    assert re.search(rf"{join.id} -> {only(graph, 'Each').id}\s*(\[|$)", dot, re.M)
    assert "ltail" not in dot


def test_a_terminal_parallel_ends_from_its_join_and_fail_branches_do_not_join():
    definition = machine({"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}},
        {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "E"}}}]}})
    graph = graph_model(definition)
    assert edges(graph, "join") == [("Ok", "P", "")]
    assert edges(graph, "end") == [("P", "End", "")]  # from the join bar, named after P
    assert [n.type for n in graph.nodes if n.id == graph.edges[-1].source] == ["Join"]
    assert graph.named("P") == [only(graph, "P")]  # the bar is not a state


def test_taken_path_is_thick_the_rest_thin_and_a_fired_catch_says_so():
    definition = machine({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ok",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]},
        "Ok": {"Type": "Succeed"},
        "Handle": {"Type": "Pass", "End": True}})
    graph = graph_model(definition)
    ids = {n.name or n.type: n.id for n in graph.nodes}
    plain = to_dot(definition)
    assert "penwidth=3.2" not in plain and "#c4c8ce" not in plain  # no path, no change
    dot = to_dot(definition, taken={(None, "T"), ("T", "Handle"), ("Handle", None)},
                 caught={("T", "Handle")})
    lines = {line.strip().split(" [")[0]: line for line in dot.splitlines() if "->" in line}
    assert "penwidth=3.2" in lines[f"start -> {ids['T']}"]
    catch = lines[f"{ids['T']} -> {ids['Handle']}"]
    assert "⚠ fired: Catch: States.ALL" in catch and "dashed,bold" in catch
    assert "#c4c8ce" in lines[f"{ids['T']} -> {ids['Ok']}"]  # not taken: thin and grey
    assert "#c4c8ce" in lines[f"{ids['Ok']} -> end"]
    assert "penwidth=3.2" in lines[f"{ids['Handle']} -> end"]
    # A taken Catch edge that did not fire (not in `caught`) is thick but not labelled fired.
    assert "fired" not in to_dot(definition, taken={("T", "Handle")})


def test_older_iterator_field_and_nesting():
    definition = machine({"Outer": {"Type": "Map", "End": True, "Iterator": {
        "StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Deep", "States": {"Deep": {"Type": "Map", "End": True, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED"},
                "StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": True}}}}}}]}}}}})
    graph = graph_model(definition)
    clusters = {c.id: c for c in graph.clusters}
    chain, current = [], only(graph, "Leaf").cluster
    while current:
        chain.append(clusters[current].kind)
        current = clusters[current].parent
    assert chain == ["processor", "group", "branch", "group", "processor", "group"]
    assert only(graph, "Deep").label.split("\n")[1] == "Map (distributed)"
    assert clusters[only(graph, "Leaf").cluster].label == "Item processor (distributed)"
    dot = to_dot(definition)
    assert dot.count("subgraph cluster_") == 6
    if HAS_DOT:
        render_svg(dot)


def test_duplicate_names_in_branches_get_their_own_nodes():
    branch = {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "Next": "Done"},
                                            "Done": {"Type": "Succeed"}}}
    definition = machine({"P": {"Type": "Parallel", "Branches": [branch, branch], "Next": "Work"},
                          "Work": {"Type": "Pass", "End": True}})
    graph = graph_model(definition)
    works = graph.named("Work")
    assert len(works) == 3 and len({n.id for n in works}) == 3
    assert len({n.cluster for n in works}) == 3
    assert len(graph.named("Done")) == 2
    ids = [n.id for n in graph.nodes]
    assert len(ids) == len(set(ids))
    # Each branch's Work goes to its own Done.
    nexts = {(e.source, e.target) for e in graph.edges if e.kind == "next"}
    for work in [w for w in works if w.cluster != only(graph, "P").cluster and w.cluster]:
        assert any(src == work.id and graph.node(dst).cluster == work.cluster for src, dst in nexts)
    statuses = to_dot(definition, statuses={"Work": "succeeded"})
    assert statuses.count("✔ succeeded") == 3


def test_catch_edges_are_dashed_and_labelled_with_errors():
    definition = machine({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
              "Catch": [{"ErrorEquals": ["States.Timeout", "Custom.Err"], "Next": "Handle"},
                        {"ErrorEquals": ["States.ALL"], "Next": "Handle"}]},
        "Handle": {"Type": "Pass", "End": True}})
    graph = graph_model(definition)
    assert edges(graph, "catch") == [("T", "Handle", "Catch: States.Timeout, Custom.Err"),
                                     ("T", "Handle", "Catch: States.ALL")]
    dot = to_dot(definition)
    catch_lines = [line for line in dot.splitlines() if "Catch:" in line]
    assert len(catch_lines) == 2 and all("style=dashed" in line for line in catch_lines)


@pytest.mark.parametrize("retry, text", [
    ([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}], "↻ retry ×3"),
    ([{"ErrorEquals": ["States.ALL"]}], "↻ retry ×3"),  # MaxAttempts defaults to 3
    ([{"ErrorEquals": ["A"], "MaxAttempts": 2}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}],
     "↻ retry ×2, ×0"),
])
def test_retry_annotation(retry, text):
    definition = machine({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Retry": retry, "End": True}})
    assert only(graph_model(definition), "T").label.split("\n")[2] == text
    assert text in to_dot(definition)


# ----------------------------------------------------------------------------- rule labels


@pytest.mark.parametrize("rule, text", [
    ({"Variable": "$.score", "NumericGreaterThan": 700}, "$.score > 700"),
    ({"Variable": "$.score", "NumericGreaterThanEquals": 700}, "$.score >= 700"),
    ({"Variable": "$.n", "NumericLessThanEqualsPath": "$.max"}, "$.n <= $.max"),
    ({"Variable": "$.type", "StringEquals": "video"}, '$.type == "video"'),
    ({"Variable": "$.a", "StringEqualsPath": "$.b"}, "$.a == $.b"),
    ({"Variable": "$.ok", "BooleanEquals": True}, "$.ok == true"),
    ({"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z"}, '$.t < "2024-01-01T00:00:00Z"'),
    ({"Variable": "$.f", "StringMatches": "*.log"}, '$.f matches "*.log"'),
    ({"Variable": "$.x", "IsPresent": True}, "IsPresent $.x"),
    ({"Variable": "$.x", "IsNull": False}, "not IsNull $.x"),
    ({"Not": {"Variable": "$.x", "IsPresent": True}}, "Not(IsPresent $.x)"),
    ({"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "IsString": True}]},
     "And($.a == 1, IsString $.b)"),
    ({"Or": [{"Variable": "$.a", "StringEquals": "x"}, {"Variable": "$.a", "StringEquals": "y"}]},
     'Or($.a == "x", $.a == "y")'),
    ({"Condition": "{% $states.input.score > 700 %}"}, "$states.input.score > 700"),
    ({"Condition": True}, "true"),
    ({"Variable": "$.x", "Frobnicates": 1}, "rule"),
    ("not a rule", "?"),
])
def test_rule_text(rule, text):
    assert rule_text(rule) == text


def test_long_labels_are_truncated_with_an_ellipsis():
    assert shorten("x" * 100) == "x" * 39 + "…"
    middle = shorten("$states.input.a.very.long.path.to.status = 'COMPLETED'", middle=True)
    assert len(middle) == 40 and "…" in middle and middle.endswith("= 'COMPLETED'")
    rule = {"And": [{"Variable": f"$.field{i}", "StringEquals": "some value"} for i in range(6)],
            "Next": "B"}
    graph = graph_model(machine({"A": {"Type": "Choice", "Choices": [rule]},
                                 "B": {"Type": "Succeed"}}))
    (edge,) = [e for e in graph.edges if e.kind == "choice"]
    assert len(edge.label) == 40 and "…" in edge.label
    assert edge.detail == rule_text(rule)  # the full text survives, as the DOT tooltip


def test_jsonata_definitions_render_their_conditions():
    definition = {"QueryLanguage": "JSONata", "StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Low", "Choices": [
            {"Condition": "{% $states.input.score > 700 %}", "Next": "High"},
            {"Condition": "{% $states.input.transcription.job.status = 'FAILED' %}", "Next": "Low"}]},
        "High": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Arguments": {"FunctionName": "f"}, "End": True},
        "Low": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "End": True}}}
    graph = graph_model(definition)
    labels = [label for _, _, label in edges(graph, "choice")]
    assert labels[0] == "$states.input.score > 700"
    assert labels[1].endswith("status = 'FAILED'") and "…" in labels[1] and len(labels[1]) == 40
    assert only(graph, "Low").label.split("\n")[1] == "Wait $states.input.delay s"
    dot = to_dot(definition)
    assert "$states.input.score > 700" in dot
    if HAS_DOT:
        render_svg(dot)


# ----------------------------------------------------------------------------- escaping


ODD_NAMES = [
    'Say "hi"',
    "back\\slash",
    "ends with backslash\\",
    "Café ✓ 日本語 🚀",
    "node",
    "subgraph",
    "graph",
    "<b>html?</b>",
    "semi; colon {braces} [brackets] -> arrow",
    "\\n not a newline",
]


def test_odd_names_are_escaped_and_present():
    states = {name: {"Type": "Pass", "Next": ODD_NAMES[i + 1]} for i, name in enumerate(ODD_NAMES[:-1])}
    states[ODD_NAMES[-1]] = {"Type": "Pass", "End": True}
    dot = to_dot(machine(states))
    graph = graph_model(machine(states))
    for name in ODD_NAMES:
        node = only(graph, name)
        assert node.label.split("\n")[0] == name
        if '"' not in name and "\\" not in name:
            assert name in dot  # verbatim
    assert 'Say \\"hi\\"' in dot
    assert "back\\\\slash" in dot
    assert "<b>" in dot and '"<b>html?</b>' in dot  # a quoted string, never an HTML label
    if HAS_DOT:
        texts = svg_texts(render_svg(dot))
        for name in ODD_NAMES:
            assert name in texts, name


def test_newlines_and_control_characters_in_names():
    definition = machine({"two\nlines": {"Type": "Pass", "Next": "tab\there"},
                          "tab\there": {"Type": "Pass", "Next": "nul\x00"},
                          "nul\x00": {"Type": "Succeed"}})
    dot = to_dot(definition)
    assert "two\\nlines" in dot and "tab here" in dot and "nul\ufffd" in dot
    assert "\x00" not in dot and "\t" not in dot.replace("\n\t", "\n")
    if HAS_DOT:
        texts = svg_texts(render_svg(dot))
        assert "two" in texts and "lines" in texts


# ----------------------------------------------------------------------------- statuses


STATUS_MACHINE = machine({s: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                              "End": True} for s in ("run", "ok", "bad", "caught", "again", "seen",
                                                    "later", "plain")})


def test_statuses_change_fill_border_and_text():
    statuses = {"run": "running", "ok": "succeeded", "bad": "failed", "caught": "caught",
                "again": "retrying", "seen": "visited", "later": "pending"}
    dot = to_dot(STATUS_MACHINE, statuses=statuses)
    graph = graph_model(STATUS_MACHINE)
    plain = node_line(dot, only(graph, "plain").id)
    badges = {"run": "● running", "ok": "✔ succeeded", "bad": "✖ failed", "caught": "⚠ caught",
              "again": "↻ retrying", "seen": "✓ visited", "later": "○ pending"}
    fills, looks = set(), set()
    for name, badge in badges.items():
        line = node_line(dot, only(graph, name).id)
        assert badge in line  # the status in words
        fill = re.search(r'fillcolor="?([^" \]]+)', line)[1]
        style = re.search(r'style="?([\w,]+)', line)[1]
        pen = re.search(r"penwidth=([\d.]+)", line)[1]
        fills.add(fill)
        looks.add((style, pen))
        assert line != plain
    assert len(fills) == len(badges)  # colour distinguishes them...
    assert len(looks) >= 5  # ...and so do border style and width, for colour-blind readers
    assert "dashed" in node_line(dot, only(graph, "bad").id)
    assert "penwidth" not in plain


def test_status_aliases_and_unknown_words():
    graph = graph_model(STATUS_MACHINE)
    dot = to_dot(STATUS_MACHINE, statuses={"run": "ACTIVE", "ok": "weird", "nobody": "failed"})
    assert "● running" in node_line(dot, only(graph, "run").id)
    assert "weird" in node_line(dot, only(graph, "ok").id)  # shown as text, no crash


def test_highlight_marks_the_current_step():
    graph = graph_model(STATUS_MACHINE)
    dot = to_dot(STATUS_MACHINE, statuses={"run": "running"}, highlight="run")
    line = node_line(dot, only(graph, "run").id)
    assert "penwidth=4" in line and "bold" in line and "▶ current step" in line and "● running" in line
    assert "current step" not in node_line(dot, only(graph, "ok").id)
    many = to_dot(STATUS_MACHINE, highlight=["ok", "bad"])
    assert many.count("▶ current step") == 2


def test_statuses_do_not_change_the_model():
    before = graph_model(STATUS_MACHINE)
    to_dot(STATUS_MACHINE, statuses={"run": "running"}, highlight="run")
    assert graph_model(STATUS_MACHINE) == before


# ----------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("definition", [
    {"StartAt": "A", "States": {"A": {"Type": "Pass"}}},  # no Next, no End
    {"StartAt": "A", "States": {"A": {"Type": "Teleport", "Next": "B"}, "B": {"Type": "Succeed"}}},
    {"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x"}]}}},
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}},
    {"StartAt": "Nowhere", "States": {}},
    {"StartAt": "A", "States": {"A": "not a state"}},
    {"StartAt": "A", "States": {"A": {}}},
    {"StartAt": "A", "States": []},
    {},
    {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": "nope", "End": True}}},
    {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [{}, 3], "End": True}}},
    {"StartAt": "A", "States": {"A": {"Type": "Map", "End": True}}},
    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": 7, "Retry": "x", "Catch": [1],
                                      "End": True}}},
    {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Next": "A", "Branches": [
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]}}},  # loops to itself
], ids=lambda d: json.dumps(d)[:50])
def test_odd_definitions_render_without_raising(definition):
    dot = to_dot(definition, statuses={"A": "failed"}, highlight="A")
    graphviz.Source(dot)
    for name in (definition.get("States") or {}):
        assert name in dot
    if HAS_DOT:
        render_svg(dot)


def test_dangling_target_becomes_a_missing_node():
    graph = graph_model({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}})
    (missing,) = [n for n in graph.nodes if n.type == "Missing"]
    assert missing.name == "Nowhere" and "no such state" in missing.label
    assert graph.named("Nowhere") == [missing]


def test_text_definitions_go_through_the_loader():
    pytest.importorskip("engine.source", reason="engine.source not written yet")
    text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n"
    assert to_dot(text) == to_dot({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    assert to_dot(json.dumps(ALL_TYPES)) == to_dot(ALL_TYPES)


def test_bad_text_raises_invalid_definition():
    pytest.importorskip("engine.source", reason="engine.source not written yet")
    from engine.errors import InvalidDefinition

    with pytest.raises(InvalidDefinition):
        to_dot("{not json: [")


def test_non_definition_values_are_a_type_error():
    with pytest.raises(TypeError, match="dict or JSON/YAML text"):
        to_dot(42)


# ----------------------------------------------------------------------------- rendering


def test_graphviz_source_accepts_the_output():
    dot = to_dot(ALL_TYPES, statuses={"Do": "succeeded", "L": "running"}, highlight="L")
    assert graphviz.Source(dot).source == dot
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")


@needs_dot
def test_dot_renders_svg():
    dot = to_dot(ALL_TYPES, statuses={"Do": "succeeded", "L": "running"}, highlight="L")
    svg = graphviz.Source(dot).pipe(format="svg", encoding="utf-8")
    texts = svg_texts(svg)
    for name in ("Do", "Pick", "Hold", "Shape", "Both", "Each", "Good", "Bad", "L", "R", "One"):
        assert name in texts
    assert "Branch 1" in texts and "Default" in texts
    render_svg(dot)  # and without a single warning


# ----------------------------------------------------------------------------- real world


def _state_names(definition):
    """Every state name in a definition, nested ones included."""
    states = definition.get("States") if isinstance(definition, dict) else None
    for name, state in (states or {}).items():
        yield name
        for branch in state.get("Branches") or []:
            yield from _state_names(branch)
        for key in ("Iterator", "ItemProcessor"):
            if isinstance(state.get(key), dict):
                yield from _state_names(state[key])


def _case_files():
    """The shared real-world case files, if that folder exists."""
    return sorted(CASES.glob("*.json")) if CASES.is_dir() else []


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/realworld/cases not present")
@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem[:60])
def test_realworld_definitions_render_every_state_name(path):
    definition = json.loads(path.read_text(encoding="utf-8"))["definition"]
    dot = to_dot(definition)
    names = list(_state_names(definition))
    assert names and all(name in dot or dot_form(name) in dot for name in names)
    assert sum(len(graph_model(definition).named(n)) for n in set(names)) == len(names)
    if HAS_DOT:
        render_svg(dot)


def test_links_make_each_state_a_link_to_its_aws_page():
    plain = to_dot(ALL_TYPES)
    assert "href=" not in plain
    linked = to_dot(ALL_TYPES, links=True)
    g = graph_model(ALL_TYPES)
    assert "state-task.html" in node_line(linked, only(g, "Do").id)
    assert "state-map.html" in node_line(linked, only(g, "Each").id) and "target=_blank" in linked
    assert "href" not in node_line(linked, "start")  # markers and join bars are not links
