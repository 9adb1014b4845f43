"""What the Simulator runs, and running it once (no Streamlit).

`simulate` takes canonical JSON text (so `ui/cache.py` can key its cache on it), runs the
engine once and builds the replay. A definition, input or mocks that can't run is a
`Simulation` with problems, never an exception; so is anything the engine itself did not
expect, so the page never shows a traceback.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pandas as pd

import engine
from engine.positions import index as index_positions
from engine.positions import locate
from engine.source import TextError, load_input, parse_text

from . import replay as R
from .inspector import state_specs

#: Every run starts at this virtual moment, so runs repeat exactly and can be cached.
START = datetime(2026, 1, 5, 9, 0, 0, tzinfo=timezone.utc)
MAX_DEFINITION_BYTES = 1024 * 1024  # AWS's hard quota on a definition's size
MAX_INPUT_BYTES = 256 * 1024  # AWS's payload quota (256 KiB)


@dataclass(frozen=True)
class Problem:
    """One problem to list: where (a JSON Pointer, and line and column for text) and what."""

    pointer: str
    message: str
    line: int | None = None
    column: int | None = None
    code: str | None = None
    severity: str = "error"

    def where(self) -> str:
        parts = []
        if self.pointer:
            parts.append(f"`{self.pointer}`")
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column is not None else ""))
        return " · ".join(parts) or "the whole definition"


def _problem(p: Any) -> Problem:
    return Problem(getattr(p, "path", "") or "", getattr(p, "message", str(p)), getattr(p, "line", None),
                   getattr(p, "column", None), getattr(p, "code", None), getattr(p, "severity", "error"))


@dataclass
class Simulation:
    """One run, replayed; or why it could not run."""

    definition: dict | None
    key: tuple = ()  # the arguments it was run with (ui/cache.py keys derived data on them)
    execution: Any = None
    replay: R.Replay | None = None
    specs: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""  # what kind of problem: "Invalid definition", "Invalid input", ...
    seconds: float = 0.0  # real time the engine took

    @property
    def ok(self) -> bool:
        return self.execution is not None and self.replay is not None


def canonical(value: Any) -> str:
    """A JSON value as canonical text (the cache key)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def simulate(definition_json: str, input_json: str, mocks_json: str, workflow_type: str,
             redeliver: tuple[str, ...] = ()) -> Simulation:
    """Run once and replay; problems come back in the Simulation, never raised."""
    definition = json.loads(definition_json)
    value = json.loads(input_json)
    mocks = json.loads(mocks_json) or None
    sim = Simulation(definition, (definition_json, input_json, mocks_json, workflow_type, tuple(redeliver)),
                     specs=state_specs(definition))
    started = time.perf_counter()
    try:
        execution = engine.execute(definition, value, workflow_type=workflow_type, mocks=mocks,
                                   redeliver=list(redeliver), start_time=START,
                                   name="stepwise-run", state_machine_name="Simulator")
    except engine.InvalidDefinition as exc:
        sim.title = getattr(exc, "title", "") or "Invalid definition"
        sim.problems = [_problem(p) for p in exc.problems]
        return sim
    except Exception as exc:  # the engine must never take the page down
        sim.title = "The simulator could not run this"
        sim.problems = [Problem("", f"{type(exc).__name__}: {exc}")]
        return sim
    sim.seconds = time.perf_counter() - started
    sim.execution = execution
    sim.replay = R.build(execution, definition)
    return sim


EVENT_COLUMNS = ["id", "type", "state", "virtual time", "details"]


def history_table(execution) -> pd.DataFrame:
    """The history as a table, indexed by event id: AWS's event names, virtual time, details."""
    start = execution.start_time
    rows = []
    for e in execution.history:
        details = next((v for k, v in e.items() if k.endswith("EventDetails")), None)
        t = (e["timestamp"] - start).total_seconds() if start else 0.0
        rows.append((e["id"], e["type"], e.get("state") or "", R.clock_text(t),
                     json.dumps(details, ensure_ascii=False)[:300] if details else ""))
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.set_index("id", drop=False)


def get_execution_history(execution) -> dict:
    """The history in the shape of AWS's GetExecutionHistory response (JSON text in details)."""
    events = []
    for e in execution.history:
        out: dict[str, Any] = {"timestamp": e["timestamp"].isoformat().replace("+00:00", "Z"),
                               "type": e["type"], "id": e["id"], "previousEventId": e.get("previous_id", 0)}
        for key, value in e.items():
            if key.endswith("EventDetails") and isinstance(value, dict):
                out[key] = {k: (json.dumps(v, ensure_ascii=False) if k in ("input", "output", "parameters") else v)
                            for k, v in value.items()}
        events.append(out)
    return {"events": events}


def parse_input(text: str) -> tuple[Any, Problem | None]:
    """The execution input typed in the editor, or the problem with its line and column."""
    if len(text.encode("utf-8", errors="ignore")) > MAX_INPUT_BYTES:
        return None, Problem("", f"The input is {len(text.encode('utf-8', errors='ignore')) / 1024:,.0f} KiB; "
                                 "AWS accepts at most 256 KiB as an execution input.")
    try:
        return load_input(text), None
    except TextError as exc:
        line, column = _position(str(exc))
        return None, Problem("", str(exc), line, column)


def _position(message: str) -> tuple[int | None, int | None]:
    m = re.search(r"line (\d+), column (\d+)", message)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def parse_asl(text: str, workflow_type: str = "STANDARD") -> tuple[dict | None, list[Problem]]:
    """A pasted definition (JSON or YAML) and every problem with it (errors and warnings)."""
    size = len(text.encode("utf-8", errors="ignore"))
    if size > MAX_DEFINITION_BYTES:
        return None, [Problem("", f"The definition is {size / 1024 / 1024:.1f} MB; AWS accepts at most 1 MB "
                                  "(a hard quota). Split it into nested state machines.")]
    if not text.strip():
        return None, [Problem("", "Paste a state machine definition (JSON or YAML) to run it.")]
    try:
        data = parse_text(text, what="The definition")
    except TextError as exc:
        line, column = _position(str(exc))
        return None, [Problem("", str(exc), line, column)]
    wrapped = isinstance(data, dict) and "definition" in data and "States" not in data
    if wrapped:
        data = data["definition"]  # an example workflow file: run its definition
    if not isinstance(data, dict):
        return None, [Problem("", f"A state machine definition is a JSON object, not {type(data).__name__}.")]
    try:
        # Validate the text itself (so problems can carry lines), unless it wrapped a definition.
        found = engine.validate(data if wrapped else text, workflow_type=workflow_type)
    except Exception as exc:  # never a traceback on the page
        return None, [Problem("", f"The definition could not be checked: {type(exc).__name__}: {exc}")]
    problems = [_problem(p) for p in found]
    if not wrapped and problems:  # each problem's line and column in the pasted text
        try:
            places = index_positions(text)
        except Exception:  # text the indexer can't follow: the pointers still say where
            places = {}
        problems = [q if q.line is not None else _placed(q, locate(text, q.pointer, places)) for q in problems]
    return (data if not any(p.severity == "error" for p in problems) else None), problems


def _placed(problem: Problem, where: tuple[int, int] | None) -> Problem:
    if where is None:
        return problem
    return Problem(problem.pointer, problem.message, where[0], where[1], problem.code, problem.severity)


def default_input(value: Any) -> str:
    """An input value as the editor shows it."""
    return json.dumps(value, indent=2, ensure_ascii=False)


# ----------------------------------------------------------------------------- the address

#: The longest packed value put in the address; a larger one is not kept there.
MAX_PACKED = 6000


def pack(value: Any) -> str | None:
    """A JSON value (or text) as a short address-safe string, or None when it would be too long."""
    import base64
    import zlib

    raw = value if isinstance(value, str) else canonical(value)
    packed = base64.urlsafe_b64encode(zlib.compress(raw.encode("utf-8"), 9)).decode("ascii").rstrip("=")
    return packed if len(packed) <= MAX_PACKED else None


def unpack(packed: str | None, *, text: bool = False) -> Any:
    """The value `pack` made, or None when the string is not one (a mangled link)."""
    import base64
    import binascii
    import zlib

    if not packed:
        return None
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)),
                              bufsize=MAX_DEFINITION_BYTES)
        if len(raw) > MAX_DEFINITION_BYTES:
            return None
        decoded = raw.decode("utf-8")
        return decoded if text else json.loads(decoded)
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None


@dataclass
class Address:
    """What the Simulator's address asks for, checked against the content."""

    source: str = "example"
    workflow: str | None = None
    scenario: str | None = None
    step: str | None = None
    type: str | None = None
    input: Any = None
    injections: list | None = None
    asl: str | None = None
    messages: list[str] = field(default_factory=list)


def read_address(params: dict, workflows: dict, default_workflow: str) -> Address:
    """The address's choice, with a message (and the page's default) for anything unknown."""
    from engine.scenarios import find, scenarios

    a = Address()
    if params.get("source") == "own" or params.get("asl"):
        a.source = "own"
        if params.get("asl"):
            a.asl = unpack(params["asl"], text=True)
            if a.asl is None:
                a.messages.append("The definition in this link is damaged, so it could not be restored.")
    wid = params.get("workflow")
    if a.source == "example":
        if wid and wid not in workflows:
            a.messages.append(f"There is no example workflow called “{wid}”, so the Simulator opened "
                              f"“{workflows[default_workflow]['title']}” instead.")
            wid = None
        a.workflow = wid or default_workflow
        wf = workflows[a.workflow]
        slug = params.get("scenario")
        if slug and find(wf, slug) is None:
            a.messages.append(f"“{wf['title']}” has no scenario called “{slug}”; showing its first one.")
            slug = None
        a.scenario = slug or scenarios(wf)[0].slug
    step = params.get("step")
    if step is not None and step != "end" and not str(step).isdigit():
        a.messages.append(f"“step={step}” is not a moment of the run (use a number or end); starting at the start.")
        step = None
    a.step = step
    kind = (params.get("type") or "").upper()
    if kind and kind not in ("STANDARD", "EXPRESS"):
        a.messages.append(f"“type={params.get('type')}” is not a workflow type (standard or express).")
        kind = ""
    a.type = kind or None
    if params.get("input"):
        a.input = unpack(params["input"], text=True)
        if a.input is None:
            a.messages.append("The input in this link is damaged; the scenario's own input is used.")
    if params.get("inject"):
        a.injections = unpack(params["inject"])
        if not isinstance(a.injections, list):
            a.messages.append("The injected failures in this link are damaged, so none were applied.")
            a.injections = None
    return a
