"""`test_state`: AWS's TestState API, offline: run one state and show every stage.

TestState runs a single state (given on its own, or as `state_name` inside a whole state
machine) on an input, optionally with a mocked service result or error, and answers
with the state's status, output and next state and, at DEBUG and TRACE, the data after
each stage of its data flow and what Retry and Catch made of an error:

- SUCCEEDED: the state's output and next state;
- RETRIABLE: a retrier matched the error and has attempts left (with the backoff);
- CAUGHT_ERROR: a catcher took the error (its output, and its Next);
- FAILED: nothing handled it.

The state is compiled and run by the interpreter (`State.run_once`): the same InputPath,
Parameters or Arguments, ResultSelector, ResultPath, OutputPath, Output, Assign, Retry
and Catch, and Map counters as an execution. A mock answers a Task's service call, and
stands in for a Parallel's branches or a Map's iterations (`Run.stand_in`), which
TestState never runs. What AWS refuses is refused with its error code and message:
`InvalidDefinition` for a definition, `TestStateRefused` (code ValidationException) for
the rest of the request.

Without a `context`, the state sees the context object of an Express execution, as on
AWS; a `context` given is what `$$` is, as given. A Task tested without a mock (AWS calls
the service, with `role_arn`) answers with a plausible service-shaped result.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timezone
from typing import Any

from .errors import ASLError, InvalidDefinition, Problem, StatesError
from .execution import ACCOUNT, REGION, json_problem
from .interpreter import ExecutionEnded, Program, Run, TaskRunner, iso
from .paths import to_json
from .servicemodels import MODES, check as check_result, result_shape
from .source import load_definition
from .tasks import MockEntry, MockTable
from .validator import validate

INSPECTION_LEVELS = ("INFO", "DEBUG", "TRACE")
MAX_SECONDS = 5 * 60  # a test runs for at most five minutes
SINGLE_STATE = "StateName"  # what AWS calls a state given on its own
WITHOUT_MOCK = ("Pass", "Wait", "Choice", "Succeed", "Fail")  # state types that refuse a mock
ONLY_WITH_MOCK = ("Map", "Parallel")
NOT_SUPPORTED = ("TestState API does not support Map or Parallel states. "
                 "Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]")

# The context object a caller may give: its members and their fields' JSON types.
CONTEXT_FIELDS: dict[str, dict[str, tuple[type, ...] | None]] = {
    "Execution": {"Id": (str,), "Input": None, "Name": (str,), "RoleArn": (str,), "StartTime": (str,),
                  "RedriveCount": (int,)},
    "State": {"EnteredTime": (str,), "Name": (str,), "RetryCount": (int,)},
    "StateMachine": {"Id": (str,), "Name": (str,)},
    "Task": {"Token": (str,)},
}
_TYPE_WORDS = {str: "a string", int: "a number"}

# Which stages AWS shows for each state type: (type, JSONata?) -> inspectionData members.
_STAGES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("Task", False): ("afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath"),
    ("Pass", False): ("afterInputPath", "afterParameters", "afterResultSelector", "afterResultPath"),
    ("Parallel", False): ("afterResultSelector", "afterResultPath"),
    ("Map", False): ("afterInputPath", "afterItemsPath", "afterItemsPointer", "afterItemSelector",
                     "afterResultSelector", "afterResultPath"),
    ("Choice", False): ("afterInputPath",),
    ("Succeed", False): ("afterInputPath",),
    ("Wait", False): ("afterInputPath",),
    ("Fail", False): ("afterInputPath",),
    ("Task", True): ("afterArguments", "result"),
    ("Map", True): ("afterItemsPointer", "afterItemSelector"),
}
_PASS_WITH_RESULT = ("result", "afterResultSelector", "afterResultPath")  # Result replaces the input stages
_MAP_COUNTERS = ("maxConcurrency", "toleratedFailureCount", "toleratedFailurePercentage")


class TestStateRefused(ASLError, ValueError):
    """A TestState request AWS refuses (other than its definition): `.code` and `.message`."""

    __test__ = False  # not a pytest test class

    def __init__(self, message: str, code: str = "ValidationException"):
        super().__init__(message)
        self.message = message
        self.code = code


def test_state(
    definition: Any,
    input: Any = None,
    *,
    inspection_level: str = "INFO",
    variables: dict | None = None,
    mock: dict | None = None,
    state_configuration: dict | None = None,
    context: dict | None = None,
    state_name: str | None = None,
    reveal_secrets: bool = False,
    role_arn: str | None = None,
) -> dict:
    """Run one state as AWS's TestState API does; returns a dict shaped like its response.

    `definition`: one state, or a whole state machine with `state_name` naming a state in
    it (nested ones too); a dict or ASL text. `input`: the state input (None: not given,
    `{}`). `mock`: `{"result": JSON text}` or `{"errorOutput": {"error", "cause"}}`, with
    `fieldValidationMode` STRICT (default), PRESENT or NONE. `state_configuration`:
    `retrierRetryCount`, `errorCausedByState`, `mapIterationFailureCount`,
    `mapItemReaderData` (JSON text).

    The response has `status`, and as they apply `output` (JSON text), `error`, `cause`,
    `nextState`, and at DEBUG and TRACE `inspectionData` (JSON text stages, the Map
    counters, `errorDetails`). Raises InvalidDefinition or TestStateRefused for what AWS
    refuses.
    """
    level = _enum(inspection_level, INSPECTION_LEVELS, "inspectionLevel")
    state = _compile(definition, state_name)
    given_input = {} if input is None else input
    problem = json_problem(given_input)
    if problem:
        raise TestStateRefused(f"The input is not JSON: {problem}")
    answer = _check_mock(state, mock, reveal_secrets, role_arn)
    _check_context(state, context)
    config = _configuration(state_configuration)
    answer.failures = config.get("mapIterationFailureCount", 0)
    answer.reader_data = config.get("mapItemReaderData")
    if variables is not None and not isinstance(variables, dict):
        raise TestStateRefused("Variables must be a JSON object")
    workflow_variables = dict(variables or {})

    run = _TestRun(state, given_input, context, role_arn, config.get("retrierRetryCount", 0), answer)
    try:
        step = state.run_once(run, given_input, workflow_variables, config.get("retrierRetryCount", 0))
    except ExecutionEnded as exc:
        step = {"status": "FAILED", "error": exc.error, "cause": exc.cause, "input": given_input}
    except RecursionError:
        step = {"status": "FAILED", "error": "States.Runtime", "cause": "The state nests too deeply to run.",
                "input": given_input}
    return _response(state, step, level, workflow_variables, variables is not None)


test_state.__test__ = False  # named after the AWS API, not a pytest test


# -- the request ------------------------------------------------------------------------


def _enum(value: Any, allowed: tuple[str, ...], member: str) -> str:
    if value not in allowed:
        raise TestStateRefused(f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
                               f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]")
    return value


def _compile(definition: Any, state_name: str | None):
    """Validate the definition and compile it; returns the state under test."""
    spec = load_definition(definition)
    if state_name is None:
        machine = {"StartAt": SINGLE_STATE, "States": {SINGLE_STATE: spec}}
        for target in _targets(spec):  # somewhere for its transitions to go
            if target != SINGLE_STATE:
                machine["States"].setdefault(target, {"Type": "Succeed"})
        name = SINGLE_STATE
    else:
        machine, name = spec, state_name
    errors = [p for p in validate(machine) if p.severity == "error"]
    if errors:
        raise _invalid_definition(machine, errors)
    state = Program(machine, {"workflow_type": "STANDARD"}).find(name) if isinstance(name, str) else None
    if state is None:
        raise TestStateRefused("State not found in definition")
    return state


def _targets(spec: dict):
    """The states a single state may go to."""
    if not isinstance(spec, dict):
        return
    for value in [spec.get("Next"), spec.get("Default")]:
        if isinstance(value, str):
            yield value
    for key in ("Choices", "Catch"):
        for entry in spec.get(key) or ():
            if isinstance(entry, dict) and isinstance(entry.get("Next"), str):
                yield entry["Next"]


def _invalid_definition(machine: dict, problems: list[Problem]) -> InvalidDefinition:
    """AWS's words for a definition that fails validation: one SCHEMA_VALIDATION_FAILED each."""
    worded = []
    for p in problems:
        value = _at(machine, p.path)
        what = "Value cannot be empty" if value in ([], {}, "") else p.message
        worded.append(Problem(p.path, f"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: {what} at {p.path or '/'}'"))
    exc = InvalidDefinition(worded)
    exc.message = "Invalid State Machine Definition: " + ", ".join(w.message.split(": ", 1)[1] for w in worded)
    exc.code = "InvalidDefinition"
    return exc


def _at(document: Any, pointer: str) -> Any:
    """The value a JSON Pointer names, or None."""
    for token in pointer.split("/")[1:] if pointer else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(document, dict) and token in document:
            document = document[token]
        elif isinstance(document, list) and token.isdigit() and int(token) < len(document):
            document = document[int(token)]
        else:
            return None
    return document


def _check_mock(state, mock: Any, reveal_secrets: bool, role_arn: str | None) -> "_Answer":
    """What answers the state's service call, branches or iterations."""
    if mock is None:
        if state.type in ONLY_WITH_MOCK:
            raise _not_supported()
        if state.type == "Task":
            resource = state.resource
            if resource.kind == "activity" or resource.pattern:
                raise TestStateRefused(f"A Task state using {'an activity' if resource.kind == 'activity' else resource.pattern} "
                                       "can be tested only with a mock")
            if role_arn is None:
                raise TestStateRefused("RoleArn must be specified when testing a Task state")
        return _Answer()
    if not isinstance(mock, dict):
        raise TestStateRefused("The mock must be an object with one of the following fields: [result, errorOutput].")
    has_result, has_error = mock.get("result") is not None, mock.get("errorOutput") is not None
    if has_result and has_error:
        raise TestStateRefused("A test mock should have only one of the following fields: [result, errorOutput].")
    if state.type in WITHOUT_MOCK:
        raise TestStateRefused(f"State type '{state.type}' is not supported when a mock is specified")
    if reveal_secrets:
        raise TestStateRefused("RevealSecrets is not supported when a mock is specified")
    if not has_result and not has_error:
        raise TestStateRefused("A test mock should have one of the following fields: [result, errorOutput].")
    mode = _enum(mock.get("fieldValidationMode", "STRICT"), MODES, "mock.fieldValidationMode")
    if has_error:
        error_output = mock["errorOutput"]
        if not isinstance(error_output, dict) or not isinstance(error_output.get("error"), str) or not error_output["error"]:
            raise TestStateRefused("The mock's errorOutput needs an error name (and optionally a cause)")
        cause = error_output.get("cause")
        return _Answer(error=error_output["error"], cause=cause if cause is None or isinstance(cause, str) else to_json(cause))
    result = mock["result"]
    if isinstance(result, str):
        try:
            result = json.loads(result)
        except ValueError:
            raise TestStateRefused("Mocked result must be valid JSON") from None
    problem = _result_problem(state, result, mode)
    if problem:
        raise TestStateRefused(problem)
    return _Answer(result=result)


def _not_supported() -> InvalidDefinition:
    exc = InvalidDefinition([Problem("", NOT_SUPPORTED)])
    exc.message, exc.code = NOT_SUPPORTED, "InvalidDefinition"
    return exc


def _result_problem(state, result: Any, mode: str) -> str | None:
    """What is wrong with a mocked result for this state, in AWS's words."""
    if state.type == "Parallel" or (state.type == "Map" and "ResultWriter" not in state.spec):
        return None if type(result) is list else "Mocked result must be an array."
    if state.type == "Map":  # a ResultWriter's answer describes where the results went
        return None if type(result) is dict else "Mocked result must be a JSON object."
    shape = result_shape(state.resource)
    return check_result(shape, result, mode) if shape is not None else None


def _check_context(state, context: Any) -> None:
    """A context object must have only the members AWS allows, with the right types."""
    if context is None:
        return
    prefix = "Invalid Context object provided: "
    if not isinstance(context, dict):
        raise TestStateRefused(prefix + "The context object must be a JSON object")
    if "Map" in context:
        raise TestStateRefused(prefix + "'Map' field is not supported when mocking a Context object")
    for member, value in context.items():
        fields = CONTEXT_FIELDS.get(member)
        if fields is None:
            raise TestStateRefused(prefix + f"Field '{member}' is not allowed")
        if not isinstance(value, dict):
            raise TestStateRefused(prefix + f"{member} must be an object")
        for name, field_value in value.items():
            if name not in fields:
                raise TestStateRefused(prefix + f"Field '{name}' is not allowed")
            types = fields[name]
            if types is not None and (type(field_value) not in types):
                raise TestStateRefused(prefix + f"{member}.{name} must be {_TYPE_WORDS[types[0]]}")
    waits = state.type == "Task" and state.resource.pattern in (".sync", ".sync:2", ".waitForTaskToken")
    if "Task" in context and not waits:
        raise TestStateRefused(prefix + "Context object contains 'Task' when state is not a Task state with a "
                               "'.sync' or '.waitForTaskToken' service integration pattern")


def _configuration(config: Any) -> dict:
    """stateConfiguration, checked: counts are whole numbers, reader data is JSON text."""
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise TestStateRefused("stateConfiguration must be an object")
    out = dict(config)
    for key in ("retrierRetryCount", "mapIterationFailureCount"):
        if key in out:
            if type(out[key]) is not int or out[key] < 0:
                raise TestStateRefused(f"stateConfiguration.{key} must be a whole number of at least 0")
    if "mapItemReaderData" in out and isinstance(out["mapItemReaderData"], str):
        try:
            out["mapItemReaderData"] = json.loads(out["mapItemReaderData"])
        except ValueError:
            raise TestStateRefused("Map item reader data must be valid JSON") from None
    return out


# -- running ----------------------------------------------------------------------------


class _Answer:
    """The mock: a Task's service answer, or what a Parallel's branches or a Map's
    iterations together came to (`Run.stand_in`)."""

    def __init__(self, result: Any = None, error: str | None = None, cause: str | None = None):
        self.result, self.error, self.cause = result, error, cause
        self.failures = 0
        self.reader_data: Any = None

    def entry(self) -> MockEntry:
        return MockEntry(returns=self.result, error=self.error, cause=self.cause)

    def _outcome(self) -> Any:
        if self.error is not None:  # raised by the state inside (stateConfiguration.errorCausedByState)
            raise StatesError(self.error, self.cause)
        return self.result

    def branches(self, state, value: Any) -> Any:
        return self._outcome()

    def iterations(self, state, item_inputs: list) -> tuple[Any, int]:
        if self.reader_data is not None or "ItemReader" not in state.spec:
            if self.failures > len(item_inputs):
                raise TestStateRefused("Map iteration failure count must be less than or equal to the number of Map iterations")
        return self._outcome(), self.failures

    def read_items(self, state) -> list:
        """The items a Map's ItemReader read: stateConfiguration.mapItemReaderData."""
        data = self.reader_data
        if data is None:
            return []
        pointer = (state.spec.get("ItemReader", {}).get("ReaderConfig") or {}).get("ItemsPointer")
        if pointer is not None:
            data = _at(data, pointer)
        if type(data) is not list:
            raise TestStateRefused("Map item reader data must hold a JSON array of items")
        return data


class _TestRun(Run):
    """A run of one state: an Express execution's context object (or the one given)."""

    def __init__(self, state, value: Any, context: dict | None, role_arn: str | None, retries: int, answer: _Answer):
        start = datetime.now(timezone.utc).replace(microsecond=0)
        rng = random.Random(0)
        table = MockTable({state.name: [(0, 0, answer.entry())]}) if state.type == "Task" and (
            answer.result is not None or answer.error is not None) else MockTable({})
        if context is None:
            name = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            machine = "TestStateMachine"
            context = {
                "Execution": {"Id": f"arn:aws:states:{REGION}:{ACCOUNT}:express:{machine}:{name}", "Input": value,
                              "Name": name, "RoleArn": role_arn, "StartTime": iso(start)},
                "StateMachine": {"Id": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{machine}", "Name": machine},
                "State": {"Name": SINGLE_STATE, "EnteredTime": iso(start)},
            }
            if state.type in ("Task", "Map", "Parallel"):
                context["State"]["RetryCount"] = retries
        super().__init__(start=start, rng=rng, tasks=TaskRunner(table, {}, True, frozenset()), max_events=None,
                         deadline=float(MAX_SECONDS), deadline_status="FAILED", context=context, express=True)
        self.stand_in = answer if state.type in ONLY_WITH_MOCK else None

    def context(self, state: str, entered: datetime, extra: dict | None = None) -> dict:
        """The same context object for every stage; a Map item or a task token only adds to it."""
        ctx = dict(self.base_context)
        for key, value in (extra or {}).items():
            if key != "State" and key not in ctx:
                ctx[key] = value
        return ctx


def _response(state, step: dict, level: str, variables: dict, variables_given: bool) -> dict:
    """AWS's TestState response from the state's step record."""
    status = step["status"]
    response: dict[str, Any] = {"status": status}
    if status in ("SUCCEEDED", "CAUGHT_ERROR"):
        response["output"] = to_json(step["output"])
        if step.get("next") is not None:
            response["nextState"] = step["next"]
    if status != "SUCCEEDED":
        response["error"] = step.get("error")
        if step.get("cause") is not None:
            response["cause"] = step["cause"]
    if level != "INFO":
        response["inspectionData"] = _inspection(state, step, variables, variables_given)
    return response


def _inspection(state, step: dict, variables: dict, variables_given: bool) -> dict:
    """The stages AWS shows for this kind of state, as JSON text, and the error details."""
    data: dict[str, Any] = {"input": to_json(step["input"])}
    if state.type == "Pass" and not state.jsonata and "Result" in state.spec:
        stages = _PASS_WITH_RESULT
    else:
        stages = _STAGES.get((state.type, state.jsonata), ())
    for stage in stages:
        if stage in step:
            data[stage] = to_json(step[stage])
    if state.type == "Fail" and not state.jsonata:  # a Fail state takes its input as it is
        data["afterInputPath"] = data["input"]
    if state.type == "Map":
        for counter in _MAP_COUNTERS:
            if counter in step:
                data[counter] = float(step[counter]) if counter == "toleratedFailurePercentage" else step[counter]
    if variables_given or variables:
        data["variables"] = to_json(dict(variables))
    details = {}
    if "retryIndex" in step:
        details["retryIndex"] = step["retryIndex"]
    if "retryWait" in step:
        wait = step["retryWait"]
        details["retryBackoffIntervalSeconds"] = int(wait) if float(wait).is_integer() else wait
    if "catchIndex" in step:
        details["catchIndex"] = step["catchIndex"]
    if details:
        data["errorDetails"] = details
    return data
