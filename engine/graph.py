"""Draw an ASL state machine as Graphviz DOT.

A two-step pipeline (the shape of python-statemachine's diagram package)::

    definition (dict, or JSON/YAML text)
      -> graph_model(definition) -> Graph       plain dataclasses: nodes, edges, clusters
      -> render_dot(graph, statuses=, highlight=) -> str

`to_dot` does both. The model knows nothing about DOT; the renderer knows ASL only
through its style tables. Node ids are generated (`n12`), so a state name that appears
in two branches gives two nodes; the name itself is only ever a label.

Layout: a Parallel or Map state sits in a "group" cluster together with one cluster per
branch (or its item processor). The group is entered through the state's node and left
through a *join* bar at its foot, where every branch's last state meets, so the branches
read as the body of the state and its Next edge starts where they all end.

Accessibility: every colour has a text twin. The type is the label's second line, a
status adds a word and symbol ("✔ succeeded") and a border style, the highlighted step
gets a thick bold border and a "▶ current step" line. A run's path (`taken=`) is drawn
thick with the other edges thin and grey, and a Catch that fired says so in its label.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


MAX_LABEL = 40  # longest edge label or label line, in characters, before "…"

# Edge kinds: the five transition kinds of ASL, the two marker edges, and "join" (a
# branch's last state to its Parallel/Map join bar).
EDGE_KINDS = ("next", "choice", "default", "catch", "branch", "start", "end", "join")

STATUSES = ("running", "succeeded", "failed", "caught", "retrying", "visited", "pending")
STATUS_ALIASES = {"active": "running", "current": "running", "success": "succeeded",
                  "error": "failed", "done": "visited"}


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Node:
    """A state (or a start/end marker): `label` is plain text, lines split by newlines."""

    id: str
    name: str
    type: str
    label: str
    cluster: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Edge:
    """A transition between two node ids; `kind` is one of EDGE_KINDS."""

    source: str
    target: str
    kind: str
    label: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Cluster:
    """A box of nodes: a Parallel/Map "group", or one "branch"/"processor" inside it."""

    id: str
    kind: str
    label: str
    owner: str
    parent: str | None = None
    start: str | None = None
    exits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Graph:
    """The whole diagram: nodes, edges and clusters, in definition order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...]
    start: str
    end: str

    def named(self, name: str) -> list[Node]:
        """Every state node called `name` (more than one when branches reuse a name)."""
        return [n for n in self.nodes if n.name == name and n.type not in _MARKERS and n.type != "Join"]

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return next(n for n in self.nodes if n.id == node_id)


_MARKERS = ("Start", "End")


@dataclass
class _Builder:
    """Collects nodes, edges and clusters while the definition is walked."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    joins: dict[str, str] = field(default_factory=dict)  # Parallel/Map node id -> its join bar
    count: int = 0

    def new_id(self, prefix: str = "n") -> str:
        """A fresh id such as n12 or cluster_3."""
        self.count += 1
        return f"{prefix}{self.count}"

    def add_node(self, node: Node) -> str:
        """Keep a node and return its id."""
        self.nodes.append(node)
        return node.id

    def add_edge(self, source: str, target: str, kind: str, label: str = "", detail: str = "") -> None:
        """Keep an edge."""
        self.edges.append(Edge(source, target, kind, label, detail))

    def node_type(self, node_id: str) -> str:
        """The type of a node already added."""
        return next((n.type for n in reversed(self.nodes) if n.id == node_id), "?")


def graph_model(definition) -> Graph:
    """Extract the plain graph model from a definition (dict, or JSON/YAML text)."""
    definition = _as_dict(definition)
    b = _Builder()
    start = b.add_node(Node("start", "", "Start", "Start"))
    end = b.add_node(Node("end", "", "End", "End"))
    first, exits = _add_scope(b, definition, None)
    if first:
        b.add_edge(start, first, "start")
    for node_id in exits:
        b.add_edge(node_id, end, "end")
    return Graph(tuple(b.nodes), tuple(b.edges), tuple(b.clusters.values()), start, end)


def _as_dict(definition) -> Mapping:
    """The definition as a mapping; text goes through engine.source.load_definition."""
    if isinstance(definition, bytes):
        definition = definition.decode("utf-8")
    if isinstance(definition, str):
        from .source import load_definition  # lazy: source.py is a sibling written separately

        definition = load_definition(definition)
    if not isinstance(definition, Mapping):
        raise TypeError(f"definition must be a dict or JSON/YAML text, not {type(definition).__name__}")
    return definition


def _add_scope(b: _Builder, scope: Mapping, cluster: str | None) -> tuple[str | None, list[str]]:
    """Add one States block; return the StartAt node id and the terminal node ids."""
    states = scope.get("States")
    states = states if isinstance(states, Mapping) else {}
    ids = {name: _add_state(b, str(name), state, cluster) for name, state in states.items()}
    for name, state in states.items():
        for kind, target, detail in _transitions(state):
            label = shorten(detail, middle=kind == "choice")
            source = b.joins.get(ids[name], ids[name]) if kind == "next" else ids[name]
            b.add_edge(source, _target(b, ids, target, cluster), kind, label, detail)
    start_at = scope.get("StartAt")
    first = _target(b, ids, start_at, cluster) if isinstance(start_at, str) else None
    ends = [n for n, s in states.items() if _is_terminal(s)]
    ends.sort(key=lambda n: _type_of(states[n]) == "Fail")  # a Fail is the last choice of exit
    return first, [b.joins.get(ids[n], ids[n]) for n in ends]


def _add_state(b: _Builder, name: str, state, cluster: str | None) -> str:
    """Add a state's node (and, for Parallel/Map, its group and sub-scopes)."""
    state = state if isinstance(state, Mapping) else {}
    node_id = b.new_id()
    scopes = _sub_scopes(state)
    home = cluster
    if scopes:
        home = b.new_id("cluster_")
        b.clusters[home] = Cluster(home, "group", "", node_id, cluster)
    comment = state.get("Comment")
    b.add_node(Node(node_id, name, _type_of(state), _label(name, state), home,
                    comment if isinstance(comment, str) else ""))
    exits_all: list[str] = []
    for title, scope in scopes:
        sub = b.new_id("cluster_")
        b.clusters[sub] = Cluster(sub, "processor" if _type_of(state) == "Map" else "branch",
                                  title, node_id, home)
        first, exits = _add_scope(b, scope, sub)
        b.clusters[sub] = Cluster(sub, b.clusters[sub].kind, title, node_id, home, first, tuple(exits))
        if first:
            b.add_edge(node_id, first, "branch")
        exits_all.extend(e for e in exits if b.node_type(e) != "Fail")
    if scopes:  # the bar where the branches meet; the state's Next leaves from it
        join = b.add_node(Node(b.new_id("j"), name, "Join", "", home))
        b.joins[node_id] = join
        for exit_id in exits_all:
            b.add_edge(exit_id, join, "join")
    return node_id


def _target(b: _Builder, ids: dict, name, cluster: str | None) -> str:
    """The node id for a transition target, adding a "Missing" node if it doesn't exist."""
    name = str(name)
    if name not in ids:
        ids[name] = b.add_node(Node(b.new_id(), name, "Missing", f"{name}\n⚠ no such state", cluster))
    return ids[name]


def _sub_scopes(state: Mapping) -> list[tuple[str, Mapping]]:
    """(title, scope) pairs: a Parallel's Branches or a Map's ItemProcessor/Iterator."""
    kind = _type_of(state)
    if kind == "Parallel":
        branches = state.get("Branches")
        branches = branches if isinstance(branches, list) else []
        return [(f"Branch {i}", br) for i, br in enumerate(branches, 1) if isinstance(br, Mapping)]
    if kind == "Map":
        proc = state.get("ItemProcessor", state.get("Iterator"))
        if isinstance(proc, Mapping):
            mode = proc.get("ProcessorConfig")
            mode = mode.get("Mode") if isinstance(mode, Mapping) else None
            return [("Item processor (distributed)" if mode == "DISTRIBUTED" else "Item processor", proc)]
    return []


def _transitions(state) -> list[tuple[str, str, str]]:
    """(kind, target name, full label text) for each outgoing transition of a state."""
    if not isinstance(state, Mapping):
        return []
    out = []
    if _type_of(state) == "Choice":
        rules = state.get("Choices")
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, Mapping) and isinstance(rule.get("Next"), str):
                out.append(("choice", rule["Next"], rule_text(rule)))
        if isinstance(state.get("Default"), str):
            out.append(("default", state["Default"], "Default"))
    elif isinstance(state.get("Next"), str):
        out.append(("next", state["Next"], ""))
    catchers = state.get("Catch")
    for catcher in catchers if isinstance(catchers, list) else []:
        if isinstance(catcher, Mapping) and isinstance(catcher.get("Next"), str):
            out.append(("catch", catcher["Next"], "Catch: " + _errors(catcher)))
    return out


def _is_terminal(state) -> bool:
    """True for End states and Succeed/Fail: their run ends the scope."""
    return isinstance(state, Mapping) and (state.get("End") is True or _type_of(state) in ("Succeed", "Fail"))


def _type_of(state) -> str:
    """The state's Type as text ("?" when missing)."""
    kind = state.get("Type") if isinstance(state, Mapping) else None
    return kind if isinstance(kind, str) and kind else "?"


def _errors(catcher: Mapping) -> str:
    """A catcher's or retrier's ErrorEquals as "A, B"."""
    errors = catcher.get("ErrorEquals")
    return ", ".join(str(e) for e in errors) if isinstance(errors, list) else "?"


# ----------------------------------------------------------------------------- labels


def _label(name: str, state: Mapping) -> str:
    """Node text: the name, a type line, then annotations such as retries."""
    lines = [name, _type_line(state)]
    retry = _retry_line(state)
    if retry:
        lines.append(retry)
    return "\n".join(lines)


def _type_line(state: Mapping) -> str:
    """The state type, with the detail that matters most for that type."""
    kind = _type_of(state)
    if kind == "Task" and isinstance(state.get("Resource"), str):
        return shorten(f"Task · {short_resource(state['Resource'])}")
    if kind == "Wait":
        return shorten(_wait_text(state))
    if kind == "Map" and any("distributed" in title for title, _ in _sub_scopes(state)):
        return "Map (distributed)"
    return kind if kind != "?" else "(no Type)"


def _wait_text(state: Mapping) -> str:
    """"Wait 10 s", "Wait until …" or "Wait $.delay s"."""
    for key, template in (("Seconds", "Wait {} s"), ("SecondsPath", "Wait {} s"),
                          ("Timestamp", "Wait until {}"), ("TimestampPath", "Wait until {}")):
        if key in state:
            return template.format(_strip_jsonata(state[key]))
    return "Wait"


def _retry_line(state: Mapping) -> str:
    """"↻ retry ×3" (one retrier), "↻ retry ×2, ×5" (several), or ""."""
    retriers = state.get("Retry")
    retriers = [r for r in retriers if isinstance(r, Mapping)] if isinstance(retriers, list) else []
    if not retriers:
        return ""
    return shorten("↻ retry " + ", ".join(f"×{r.get('MaxAttempts', 3)}" for r in retriers))


def short_resource(resource: str) -> str:
    """A Task resource ARN in brief: lambda:invoke, dynamodb:getItem, lambda:MyFunction."""
    if resource.startswith("arn:aws:states:::"):
        rest = resource[len("arn:aws:states:::"):]
        return rest[len("aws-sdk:"):] if rest.startswith("aws-sdk:") else rest
    parts = resource.split(":")
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return f"lambda:{parts[6]}"
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return f"activity:{parts[6]}"
    return _strip_jsonata(resource)


# Choice rules (JSONPath mode): data-test operator -> symbol.
_COMPARISONS = {"Equals": "==", "GreaterThan": ">", "GreaterThanEquals": ">=",
                "LessThan": "<", "LessThanEquals": "<="}
_COMPARISON_KEY = re.compile(r"^(String|Numeric|Boolean|Timestamp)(Equals|GreaterThan|GreaterThanEquals"
                             r"|LessThan|LessThanEquals)(Path)?$")
_TYPE_TESTS = ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")


def rule_text(rule) -> str:
    """A Choice rule as short readable text: `$.score > 700`, `And(...)`, a JSONata Condition."""
    if not isinstance(rule, Mapping):
        return "?"
    if "Condition" in rule:
        return _strip_jsonata(rule["Condition"])
    for op in ("And", "Or"):
        if op in rule:
            subs = rule[op] if isinstance(rule[op], list) else []
            return f"{op}({', '.join(rule_text(r) for r in subs)})"
    if "Not" in rule:
        return f"Not({rule_text(rule['Not'])})"
    var = rule.get("Variable", "?")
    for key, value in rule.items():
        if key in _TYPE_TESTS:
            return f"{key} {var}" if value is not False else f"not {key} {var}"
        if key == "StringMatches":
            return f"{var} matches {_literal(value)}"
        match = _COMPARISON_KEY.match(key)
        if match:
            rhs = str(value) if match[3] else _literal(value)
            return f"{var} {_COMPARISONS[match[2]]} {rhs}"
    return "rule"


def _literal(value) -> str:
    """A rule operand as JSON text: "video", 700, true."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _strip_jsonata(value) -> str:
    """A JSONata `{% expr %}` string as `expr`; anything else as text."""
    text = value if isinstance(value, str) else _literal(value)
    stripped = text.strip()
    if stripped.startswith("{%") and stripped.endswith("%}"):
        return stripped[2:-2].strip()
    return text


def shorten(text: str, limit: int = MAX_LABEL, *, middle: bool = False) -> str:
    """Collapse whitespace and cut `text` to `limit` characters with "…" (at the end, or mid-way)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    if not middle:
        return text[: limit - 1] + "…"
    head = (limit - 1) * 2 // 5
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]


# ----------------------------------------------------------------------------- DOT

GRAPH_ATTR = {"rankdir": "TB", "compound": "true", "fontname": "Helvetica", "fontsize": "10",
              "nodesep": "0.35", "ranksep": "0.45"}
NODE_ATTR = {"fontname": "Helvetica", "fontsize": "11", "color": "#374151"}
EDGE_ATTR = {"fontname": "Helvetica", "fontsize": "9", "color": "#4b5563", "fontcolor": "#374151"}

# One look per state type: shapes differ, so the type reads without colour too.
TYPE_STYLE = {
    "Task": {"shape": "box", "style": "rounded,filled", "fillcolor": "#dbeafe", "color": "#1e40af"},
    "Choice": {"shape": "diamond", "style": "filled", "fillcolor": "#fef3c7", "color": "#92400e"},
    "Wait": {"shape": "hexagon", "style": "filled", "fillcolor": "#ede9fe", "color": "#5b21b6"},
    "Pass": {"shape": "box", "style": "filled", "fillcolor": "#f3f4f6", "color": "#4b5563"},
    "Parallel": {"shape": "box3d", "style": "filled", "fillcolor": "#dcfce7", "color": "#166534",
                 "margin": "0.2,0.1"},
    "Map": {"shape": "component", "style": "filled", "fillcolor": "#ccfbf1", "color": "#115e59"},
    "Succeed": {"shape": "ellipse", "style": "filled", "fillcolor": "#bbf7d0", "color": "#166534",
                "peripheries": "2"},
    "Fail": {"shape": "octagon", "style": "filled", "fillcolor": "#fecaca", "color": "#991b1b"},
    "Start": {"shape": "circle", "style": "filled", "fillcolor": "#111827", "fontcolor": "white",
              "fontsize": "9", "width": "0.5", "fixedsize": "true"},
    "End": {"shape": "doublecircle", "style": "filled", "fillcolor": "#111827", "fontcolor": "white",
            "fontsize": "9", "width": "0.45", "fixedsize": "true"},
    "Missing": {"shape": "box", "style": "dashed", "color": "#b91c1c", "fontcolor": "#b91c1c"},
    "Join": {"shape": "box", "style": "filled", "fillcolor": "#6b7280", "color": "#6b7280",
             "height": "0.06", "width": "1.4", "fixedsize": "true", "label": ""},
}
UNKNOWN_STYLE = {"shape": "box", "style": "filled,dashed", "fillcolor": "white", "color": "#6b7280"}

# With links=True each state links to the AWS page about its type, so a learner can read up
# on it, and a diagram that scrolls sideways on a phone can be reached from the keyboard.
DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/"
TYPE_DOCS = {kind: f"{DOCS}state-{kind.lower()}.html"
             for kind in ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")}

# A status changes fill, border colour, border style and width, and adds a text badge.
STATUS_STYLE = {
    "running": {"fillcolor": "#fde68a", "color": "#b45309", "penwidth": "3", "border": "bold",
                "badge": "● running"},
    "succeeded": {"fillcolor": "#bbf7d0", "color": "#15803d", "penwidth": "2", "border": "solid",
                  "badge": "✔ succeeded"},
    "failed": {"fillcolor": "#fecaca", "color": "#b91c1c", "penwidth": "3", "border": "dashed",
               "badge": "✖ failed"},
    "caught": {"fillcolor": "#fed7aa", "color": "#c2410c", "penwidth": "2", "border": "dashed",
               "badge": "⚠ caught"},
    "retrying": {"fillcolor": "#fef9c3", "color": "#a16207", "penwidth": "2", "border": "dotted",
                 "badge": "↻ retrying"},
    "visited": {"fillcolor": "#e5e7eb", "color": "#4b5563", "penwidth": "1.5", "border": "solid",
                "badge": "✓ visited"},
    "pending": {"fillcolor": "white", "color": "#9ca3af", "penwidth": "1", "border": "dotted",
                "badge": "○ pending"},
}
HIGHLIGHT_STYLE = {"penwidth": "4", "border": "bold", "badge": "▶ current step"}
_BORDERS = {"solid", "dashed", "dotted", "bold"}

EDGE_STYLE = {
    "next": {},
    "choice": {"color": "#92400e", "fontcolor": "#92400e"},
    "default": {"color": "#92400e", "fontcolor": "#92400e", "style": "bold"},
    "catch": {"color": "#b91c1c", "fontcolor": "#b91c1c", "style": "dashed"},
    "branch": {"color": "#166534", "arrowhead": "empty"},
    "start": {"color": "#111827"},
    "end": {"color": "#111827"},
    "join": {"color": "#9ca3af", "arrowhead": "none"},
}
# A run's path: the edges it took are thick; the others thin and grey. A Catch that fired
# keeps its red and its dashes and says so in its label.
TAKEN_STYLE = {"penwidth": "3.2", "color": "#111827", "fontcolor": "#111827"}
TAKEN_CATCH_STYLE = {"penwidth": "3.2", "color": "#b91c1c", "fontcolor": "#b91c1c", "style": "dashed,bold"}
UNTAKEN_STYLE = {"color": "#c4c8ce", "fontcolor": "#6b7280", "penwidth": "1"}

CLUSTER_STYLE = {
    "group": {"style": "rounded,dotted", "color": "#9ca3af", "label": ""},
    "branch": {"style": "rounded,dashed", "color": "#166534", "fontcolor": "#166534",
               "labeljust": "l"},
    "processor": {"style": "rounded,dashed", "color": "#115e59", "fontcolor": "#115e59",
                  "labeljust": "l"},
}


def to_dot(definition, *, statuses: Mapping[str, str] | None = None,
           highlight: str | Iterable[str] | None = None,
           taken: Iterable[tuple[str | None, str | None]] | None = None,
           caught: Iterable[tuple[str | None, str | None]] = (), scale: float = 1.0,
           links: bool = False) -> str:
    """Graphviz DOT source for a definition, with optional run statuses and a highlighted step.

    `statuses` maps state names to a word of STATUSES (or an alias such as "active");
    `highlight` is a state name or several. A name used in several branches marks them all.
    `taken` is the run's path so far: (source, target) state-name pairs, None for the Start
    or End marker, (last state of a branch, its Parallel) for a branch that joined; the
    pairs in `caught` are Catch edges that fired. `scale` enlarges the type (a projector);
    `links` makes each state a link to AWS's page on its type.
    Text definitions go through engine.source.load_definition (InvalidDefinition if bad).
    """
    return render_dot(graph_model(definition), statuses=statuses, highlight=highlight,
                      taken=taken, caught=caught, scale=scale, links=links)


def render_dot(graph: Graph, *, statuses: Mapping[str, str] | None = None,
               highlight: str | Iterable[str] | None = None,
               taken: Iterable[tuple[str | None, str | None]] | None = None,
               caught: Iterable[tuple[str | None, str | None]] = (), scale: float = 1.0,
               links: bool = False) -> str:
    """Render a graph model as DOT source (see `to_dot`)."""
    statuses = _normal_statuses(statuses)
    current = {highlight} if isinstance(highlight, str) else set(highlight or ())
    path = None if taken is None else set(taken)
    fired = set(caught or ())
    import graphviz  # imported when a drawing is made, not with the engine

    dot = graphviz.Digraph("stepwise", graph_attr=_scaled(GRAPH_ATTR, scale),
                           node_attr=_scaled(NODE_ATTR, scale), edge_attr=_scaled(EDGE_ATTR, scale))
    _emit_scope(dot, graph, None, statuses, current, links)
    clusters = {c.id: c for c in graph.clusters}
    nodes = {n.id: n for n in graph.nodes}
    for edge in graph.edges:
        tail, attrs = _edge_route(edge, nodes, clusters, graph)
        style = _edge_attrs(edge)
        if path is not None:
            pair = (_run_name(nodes[edge.source]), _run_name(nodes[edge.target]))
            style.update(_path_style(edge, pair in path, pair in fired))
        dot.edge(tail, edge.target, **attrs, **style)
    return dot.source


def _scaled(attrs: dict, scale: float) -> dict:
    """Default attributes with the font size multiplied by `scale`."""
    if scale == 1.0 or "fontsize" not in attrs:
        return attrs
    return {**attrs, "fontsize": f"{float(attrs['fontsize']) * scale:g}"}


def _run_name(node: Node) -> str | None:
    """A node's name as a run's path names it: None for the Start and End markers."""
    return None if node.type in _MARKERS else node.name


def _path_style(edge: Edge, on_path: bool, fired: bool) -> dict:
    """How an edge looks once a run's path is drawn."""
    if not on_path:
        return dict(UNTAKEN_STYLE)
    if edge.kind == "catch" and fired:
        label = ("⚠ fired: " + edge.label) if edge.label else "⚠ Catch fired"
        return {**TAKEN_CATCH_STYLE, "label": dot_text(label)}
    return dict(TAKEN_STYLE)


def _emit_scope(dot: "graphviz.Digraph", graph: Graph, cluster: str | None,
                statuses: dict, current: set, links: bool = False) -> None:
    """Write the nodes of one cluster (or the top level), then its child clusters."""
    for node in graph.nodes:
        if node.cluster == cluster:
            attrs = _node_attrs(node, statuses.get(node.name), node.name in current)
            if links and node.type in TYPE_DOCS:
                attrs.update(href=TYPE_DOCS[node.type], target="_blank",
                             tooltip=attrs.get("tooltip") or dot_text(f"{node.name}: a {node.type} state (AWS docs)"))
            dot.node(node.id, **attrs)
    for child in graph.clusters:
        if child.parent == cluster:
            with dot.subgraph(name=child.id) as sub:
                sub.attr(**_cluster_attrs(child))
                _emit_scope(sub, graph, child.id, statuses, current, links)


def _normal_statuses(statuses) -> dict:
    """Status words lower-cased, with aliases ("active") mapped to their canonical word."""
    if not isinstance(statuses, Mapping):
        return {}
    out = {}
    for name, status in statuses.items():
        word = str(getattr(status, "value", status)).strip().lower()
        out[str(name)] = STATUS_ALIASES.get(word, word)
    return out


def _node_attrs(node: Node, status: str | None, current: bool) -> dict:
    """DOT attributes for one node: the type's look, then status, then highlight."""
    attrs = dict(TYPE_STYLE.get(node.type, UNKNOWN_STYLE))
    if node.type == "Join":
        return {k: (dot_text(v) if k == "label" else v) for k, v in attrs.items()}
    lines = node.label.split("\n")
    marker = node.type in _MARKERS or node.type == "Missing"
    layers = []
    if status and not marker:
        layers.append(STATUS_STYLE.get(status, {"badge": status}))
    if current and not marker:
        layers.append(HIGHLIGHT_STYLE)
    for layer in layers:
        lines.append(layer["badge"])
        attrs.update({k: v for k, v in layer.items() if k not in ("badge", "border")})
        if "border" in layer:
            attrs["style"] = _with_border(attrs.get("style", ""), layer["border"])
    attrs["label"] = dot_text("\n".join(lines))
    if node.comment:
        attrs["tooltip"] = dot_text(shorten(node.comment, 200))
    return attrs


def _with_border(style: str, border: str) -> str:
    """A node style string with its border part replaced ("rounded,filled" + dashed)."""
    parts = [p for p in style.split(",") if p and p not in _BORDERS]
    if "filled" not in parts:
        parts.append("filled")
    if border != "solid":
        parts.append(border)
    return ",".join(parts)


def _cluster_attrs(cluster: Cluster) -> dict:
    """DOT attributes for a cluster box."""
    attrs = dict(CLUSTER_STYLE.get(cluster.kind, CLUSTER_STYLE["branch"]))
    attrs["label"] = dot_text(attrs.get("label", cluster.label))
    return attrs


def _edge_route(edge: Edge, nodes: dict, clusters: dict, graph: Graph) -> tuple[str, dict]:
    """Tail id and clipping: an edge into a branch ends at the branch's border (lhead)."""
    if edge.kind == "branch":
        inner = next((c for c in graph.clusters
                      if c.owner == edge.source and c.start == edge.target and c.kind != "group"), None)
        return edge.source, ({"lhead": inner.id} if inner and _inside(nodes[edge.target], inner, clusters) else {})
    return edge.source, {}


def _inside(node: Node, cluster: Cluster, clusters: dict) -> bool:
    """True when `node` sits in `cluster` or in one of its sub-clusters."""
    current = node.cluster
    while current is not None:
        if current == cluster.id:
            return True
        current = clusters[current].parent
    return False


def _edge_attrs(edge: Edge) -> dict:
    """DOT attributes for one edge (label, style by kind, cluster clipping)."""
    attrs = dict(EDGE_STYLE.get(edge.kind, {}))
    if edge.label:
        attrs["label"] = dot_text(edge.label)
    if edge.detail and edge.detail != edge.label:
        attrs["tooltip"] = dot_text(shorten(edge.detail, 300))
    return attrs


def dot_text(text: str) -> "graphviz.quoting.NoHtml":
    """Text as a DOT escString: backslashes literal, newlines as \\n, never an HTML label."""
    import graphviz

    lines = [_printable(line) for line in str(text).splitlines()] or [""]
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))


def _printable(line: str) -> str:
    """Tabs become spaces and other control characters U+FFFD (DOT can't carry them)."""
    return "".join(" " if ch == "\t" else "\ufffd" if unicodedata.category(ch) == "Cc" else ch
                   for ch in line)
