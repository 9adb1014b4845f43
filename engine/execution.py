"""`execute`: run a state machine to its end and return what happened."""

from __future__ import annotations

import json
import math
import random
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from . import records
from .errors import InvalidDefinition, Problem, StatesError
from .interpreter import ExecutionEnded, Program, Run, TaskRunner, check_size, iso
from .source import load_definition
from .tasks import load_mocks
from .validator import state_names, validate

WORKFLOW_TYPES = ("STANDARD", "EXPRESS")
STANDARD_MAX_SECONDS = 365 * 24 * 3600  # one year
EXPRESS_MAX_SECONDS = 5 * 60  # five minutes
STANDARD_MAX_EVENTS = 25_000
EXPRESS_MAX_EVENTS = 100_000  # AWS has no history cap for Express; this only stops runaway loops
ACCOUNT, REGION = "123456789012", "us-east-1"


@dataclass(eq=False)
class Execution:
    """The result of one execution: a failure is a status, never an exception.

    `history` and `steps` are the run's records made into dicts when first read (see
    records); an Execution may be read by many threads at once, so each is made into a new
    list that replaces the run's only once it is whole.
    """

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    transitions: int = 0
    duration: float = 0.0
    workflow_type: str = "STANDARD"
    last_state: str | None = None
    start_time: datetime | None = None
    _events: list = field(default_factory=list, repr=False)
    _steps: list = field(default_factory=list, repr=False)
    _events_read: bool = field(default=False, repr=False)
    _steps_read: bool = field(default=False, repr=False)

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    @property
    def history(self) -> list[dict]:
        """Every history event, AWS-shaped, in order (ids count from 1)."""
        if not self._events_read:
            self._events = records.events(self._events)
            self._events_read = True
        return self._events

    @history.setter
    def history(self, value: list[dict]) -> None:
        self._events, self._events_read = value, False

    @property
    def steps(self) -> list[dict]:
        """Each state's data-flow stages, in the order the states ran (empty with record_steps=False)."""
        if not self._steps_read:
            self._steps = records.steps(self._steps)
            self._steps_read = True
        return self._steps

    @steps.setter
    def steps(self, value: list[dict]) -> None:
        self._steps, self._steps_read = value, False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Execution):
            return NotImplemented
        fields = ("status", "output", "error", "cause", "transitions", "duration", "workflow_type",
                  "last_state", "start_time", "history", "steps")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


def execute(
    definition: Any,
    input: Any = None,
    *,
    workflow_type: str = "STANDARD",
    context: dict | None = None,
    seed: int = 0,
    mocks: dict | None = None,
    test_case: str | None = None,
    mock_all_tasks: bool = False,
    handlers: dict[str, Callable] | None = None,
    redeliver: tuple[str, ...] | list[str] = (),
    start_time: datetime | None = None,
    name: str = "execution",
    state_machine_name: str = "StateMachine",
    record_steps: bool = True,
    validate_definition: bool = True,
) -> Execution:
    """Run `definition` on `input` and return the Execution.

    `definition` is a dict or ASL text (JSON or YAML); `input` any JSON value.
    Raises InvalidDefinition (listing every problem) for a definition, input, mocks or
    options that cannot run; anything that goes wrong while running is a FAILED or
    TIMED_OUT result.

    Options:
    - `workflow_type`: "STANDARD" (up to a year, 25,000 history events) or "EXPRESS"
      (5 minutes; .sync, .waitForTaskToken and activities are refused).
    - `seed`: seeds jitter, States.UUID, States.MathRandom and canned ids.
    - `mocks` / `test_case`: MockedResponses per Task state, or a whole MockConfigFile.
    - `mock_all_tasks`: unmocked tasks return plausible service-shaped results.
    - `handlers`: Python callables `(params, context) -> result` per state name or ARN.
    - `redeliver`: Task states whose request is delivered twice (Express at-least-once).
    - `start_time`, `name`, `state_machine_name`, `context`: what `$$` reports.
    - `record_steps`: keep the per-state data-flow stages in `.steps` (default True).
    """
    workflow_type = str(workflow_type).upper()
    if workflow_type not in WORKFLOW_TYPES:
        raise InvalidDefinition([Problem("", f"workflow_type must be STANDARD or EXPRESS, not {workflow_type!r}")])
    compiled = _compiled(load_definition(definition), workflow_type)
    spec = compiled.spec
    if validate_definition:
        errors = compiled.errors()
        if errors:
            raise InvalidDefinition(errors)
    problem = json_problem(input)
    if problem:
        raise InvalidInput([Problem("/input", f"The input is not JSON: {problem}")])
    table = load_mocks(mocks, state_names(spec), test_case=test_case)
    if redeliver and workflow_type != "EXPRESS":
        raise InvalidDefinition([Problem("/redeliver", "redelivery shows asynchronous Express at-least-once delivery: use workflow_type='EXPRESS'")])
    start = start_time or datetime.now(timezone.utc).replace(microsecond=0)
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    limit = EXPRESS_MAX_SECONDS if workflow_type == "EXPRESS" else STANDARD_MAX_SECONDS
    timeout = spec.get("TimeoutSeconds")
    deadline, deadline_status = float(limit), "FAILED" if workflow_type == "EXPRESS" else "TIMED_OUT"
    if isinstance(timeout, int) and 0 < timeout <= limit:
        deadline, deadline_status = float(timeout), "TIMED_OUT"
    if workflow_type == "EXPRESS":
        deadline_status = "TIMED_OUT"
    machine_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{state_machine_name}"
    execution_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:{'express' if workflow_type == 'EXPRESS' else 'execution'}:{state_machine_name}:{name}"
    base_context = {
        "Execution": {
            "Id": execution_arn,
            "Input": input,
            "StartTime": iso(start),
            "Name": name,
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/StepFunctionsRole",
            "RedriveCount": 0,
        },
        "StateMachine": {"Id": machine_arn, "Name": state_machine_name},
    }
    if context:
        base_context = _merge(base_context, context)
    run = Run(
        start=start,
        rng=random.Random(seed),
        tasks=TaskRunner(table, dict(handlers or {}), mock_all_tasks, frozenset(redeliver)),
        max_events=STANDARD_MAX_EVENTS if workflow_type == "STANDARD" else EXPRESS_MAX_EVENTS,
        deadline=deadline,
        deadline_status=deadline_status,
        context=base_context,
        record_steps=record_steps,
        express=workflow_type == "EXPRESS",
    )
    result = Execution("RUNNING", workflow_type=workflow_type, start_time=start)
    try:
        run.emit("ExecutionStarted", input=input, roleArn=base_context["Execution"]["RoleArn"])
        check_size(run, input, "execution input")
        program = compiled.program()
        output = program.run(run, input, {}, top=True)
        run.emit("ExecutionSucceeded", output=output)
        result.status, result.output = "SUCCEEDED", output
    except StatesError as exc:
        _end(run, result, "FAILED", exc.error, exc.cause)
    except ExecutionEnded as exc:
        _end(run, result, exc.status, exc.error, exc.cause)
    except RecursionError:
        _end(run, result, "FAILED", "States.Runtime", "The workflow nests Parallel and Map states too deeply to run.")
    result.history = run.events
    result.steps = run.steps
    result.transitions = run.transitions
    result.duration = run.t
    result.last_state = run.last_state
    return result


class _Compiled:
    """A definition's own copy, its validation errors and its Program, each made once."""

    __slots__ = ("spec", "workflow_type", "_errors", "_program")

    def __init__(self, spec: dict, workflow_type: str):
        self.spec, self.workflow_type = spec, workflow_type
        self._errors: list[Problem] | None = None
        self._program: Program | None = None

    def errors(self) -> list[Problem]:
        if self._errors is None:
            self._errors = [p for p in validate(self.spec, workflow_type=self.workflow_type) if p.severity == "error"]
        return self._errors

    def program(self) -> Program:
        if self._program is None:
            self._program = Program(self.spec, {"workflow_type": self.workflow_type})
        return self._program


_COMPILED: OrderedDict[tuple[str, str], _Compiled] = OrderedDict()
COMPILED_KEPT = 64  # definitions whose verdict and Program are kept (least recently used go)


def _compiled(spec: Any, workflow_type: str) -> _Compiled:
    """The validated, compiled form of a definition, shared by every run of the same text.

    Running a definition again (a replay, a Map's thousand items in the Simulator, a test
    suite) validates and compiles it once. The key is the definition's exact JSON text and
    the workflow type, and what is kept is compiled from a copy parsed from that text, so a
    caller changing its dict afterwards never changes a kept Program. A compiled Program
    holds no run state (that is all in Run), so sharing it changes nothing a run does.
    """
    try:
        text = json.dumps(spec, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return _Compiled(spec, workflow_type)  # not plain JSON: compile it as it is, every time
    key = (text, workflow_type)
    hit = _COMPILED.get(key)
    if hit is not None:
        try:
            _COMPILED.move_to_end(key)
        except KeyError:  # dropped meanwhile by another thread's run
            pass
        return hit
    hit = _COMPILED[key] = _Compiled(json.loads(text), workflow_type)
    while len(_COMPILED) > COMPILED_KEPT:
        try:
            _COMPILED.popitem(last=False)
        except KeyError:
            break
    return hit


class InvalidInput(InvalidDefinition):
    """An execution input that is not a JSON value."""

    title = "Invalid input"


def json_problem(value: Any, where: str = "$", depth: int = 0) -> str | None:
    """What keeps a Python value from being JSON, or None when it is JSON."""
    if depth > 500:
        return f"it nests deeper than 500 levels at {where}"
    t = type(value)
    if value is None or t in (str, bool, int):
        return None
    if t is float:
        return None if math.isfinite(value) else f"{value!r} at {where} is not a JSON number"
    if t is list:
        for i, item in enumerate(value):
            problem = json_problem(item, f"{where}[{i}]", depth + 1)
            if problem:
                return problem
        return None
    if t is dict:
        for key, item in value.items():
            if type(key) is not str:
                return f"the key {key!r} at {where} is not a string"
            problem = json_problem(item, f"{where}.{key}", depth + 1)
            if problem:
                return problem
        return None
    return f"a {type(value).__name__} at {where} has no JSON form"


def _end(run: Run, result: Execution, status: str, error: str | None, cause: str | None) -> None:
    """Record a failed or timed-out end in the result and the history."""
    result.status, result.error, result.cause = status, error, cause
    kind = {"FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut"}.get(status, "ExecutionAborted")
    run.max_events = None  # the closing event always fits
    run.emit(kind, error=error, cause=cause)


def _merge(base: dict, extra: dict) -> dict:
    """Overlay a caller's context object fields onto the defaults."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
