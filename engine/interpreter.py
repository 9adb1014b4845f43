"""The interpreter: compiled states run one after another on a virtual clock.

`compile_program` turns a validated definition into `Program`s (the top level, each
Parallel branch, each Map processor) of `State` objects. `Run` holds what one execution
changes: the clock, the history, the step records, counters and the seeded RNG.

Every state goes through the same pipeline (InputPath → Parameters → work →
ResultSelector → ResultPath → OutputPath); Task, Parallel and Map wrap their work in
Retry and Catch. Errors travel as StatesError inside the interpreter; `execute` turns
the one that reaches the top into a FAILED result.

`State.run_once` runs one compiled state a single time and reports what Retry and Catch
would do (TestState); `Run.stand_in` then answers for a Parallel's branches or a Map's
iterations instead of running them.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import ChainMap
from datetime import datetime, timedelta
from typing import Any, Callable

from .choice import compile_rule, parse_timestamp
from .jsonata_mode import bindings as jsonata_bindings, evaluate, evaluate_template, expr_text, is_expr
from .dataflow import (
    InputScope,
    Located,
    Scope,
    apply_input_path,
    apply_output_path,
    apply_result_path,
    compile_template,
    compile_value_expr,
    filter_path,
    reads_only_input,
)
from .errors import DataLimitExceeded, ExceedToleratedFailureThreshold, HeartbeatTimeout, StatesError, TaskError, Timeout
from .paths import MISSING, PathSyntaxError, PlaceError, ReferencePathError, compile_path, compile_reference, place, to_json
from .records import details_key
from .sizes import MAX_PAYLOAD_BYTES, choice_bound, json_size, pass_bound, result_path_bound
from .retry import Catcher, Retrier, find_catcher, find_retrier
from .source import json_type
from .tasks import MockTable, canned_result, parse_resource, request_problems

# Pass and Choice states that can (see _fast_enough) run as one closure each; the general
# path gives the same events, steps and output (tests compare the two on every workflow).
FAST_PATH = True
TOLERANCE_EXCEEDED = "The specified tolerated failure threshold was exceeded"  # AWS's words (TestState)


class ExecutionEnded(Exception):
    """Ends the execution at once: a timeout or a limit (not catchable in ASL)."""

    def __init__(self, status: str, error: str | None, cause: str | None):
        super().__init__(cause)
        self.status, self.error, self.cause = status, error, cause


def iso(dt: datetime) -> str:
    """AWS's timestamp text: milliseconds and a Z."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


# -- the run ---------------------------------------------------------------------------


class Run:
    """What one execution changes as it goes."""

    def __init__(self, *, start: datetime, rng, tasks: "TaskRunner", max_events: int | None,
                 deadline: float | None, deadline_status: str, context: dict, record_steps: bool = True,
                 express: bool = False):
        self.t = 0.0
        self.start = start
        self.rng = rng
        self.tasks = tasks
        self.events: list[dict] = []
        self.steps: list[dict] = []
        self.transitions = 0
        self.max_events = max_events
        self.deadline = deadline
        self.deadline_status = deadline_status
        self.base_context = context
        self.record_steps = record_steps
        self.express = express
        self.stamp = (None, None)  # (t, its datetime), see now()
        self._iso = (None, "")  # the last EnteredTime written out: (datetime, text)
        self.sizes: dict = {}  # id -> (payload, JSON size), see json_size
        # The last payload sized and a number of bytes it does not pass (see sizes.py);
        # never more than MAX_PAYLOAD_BYTES.
        self.last_payload: Any = MISSING
        self.input_scope = InputScope()  # the fast paths' scope for fields reading only the input
        self.last_size = 0
        self.retry_count = 0
        self.last_state: str | None = None
        self.assigned: dict | None = None  # the variables the state being run assigns (Assign)
        # What answers a Parallel's branches, a Map's iterations and a Map's ItemReader instead
        # of running them: None in an execution; TestState's mock (see teststate.py).
        self.stand_in = None

    def now(self) -> datetime:
        """The virtual time as a datetime (cached while the clock stands still)."""
        t, dt = self.stamp
        if t != self.t:
            dt = self.start + timedelta(seconds=self.t)
            self.stamp = (self.t, dt)
        return dt

    def emit(self, type_: str, state: str | None = None, previous: int | None = None, **details) -> int:
        """Append a history event and return its id."""
        events = self.events
        if self.max_events is not None and len(events) >= self.max_events:
            raise self.limit_reached()
        events.append((type_, self.now(), state, previous, details))  # an event (see records)
        return len(events)

    def limit_reached(self) -> ExecutionEnded:
        """The end of a run that would pass its history-event limit."""
        if self.deadline_status == "TIMED_OUT" and self.express:
            return ExecutionEnded(
                "TIMED_OUT", "States.Timeout",
                f"The execution kept running for {self.max_events:,} history events without finishing. On AWS an "
                "Express workflow stops at its 5-minute limit; check the loop's exit condition.",
            )
        return ExecutionEnded(
            "FAILED", "States.Runtime",
            f"The execution reached the limit of {self.max_events:,} history events for a Standard workflow. "
            "Check the loop's exit condition, or split the work with a Distributed Map or child executions.",
        )

    def advance(self, seconds: float) -> None:
        """Move the virtual clock forward; past the execution deadline the run ends."""
        target = self.t + seconds
        if self.deadline is not None and target > self.deadline:
            self.t = self.deadline
            raise ExecutionEnded(self.deadline_status, "States.Timeout", "The execution timed out.")
        self.t = target

    def context(self, state: str, entered: datetime, extra: dict | None = None) -> dict:
        """The context object ($$) for a state."""
        ctx = dict(self.base_context)
        stamp = self._iso
        if stamp[0] != entered:
            stamp = self._iso = (entered, iso(entered))
        ctx["State"] = {"Name": state, "EnteredTime": stamp[1]}
        if extra:
            for key, value in extra.items():
                if key == "State":
                    ctx["State"] = {**ctx["State"], **value}
                else:
                    ctx[key] = value
        return ctx


class StateScope(Scope):
    """A Scope whose context object is the state's, built by the Run on first use.

    The same as `Scope(value, lambda: run.context(state, entered_at, extra), variables,
    run.rng)`, without making a function for each scope.
    """

    __slots__ = ("run", "state", "entered_at", "extra")

    def __init__(self, input: Any, run: Run, state: str, entered_at: datetime, extra: dict | None, variables):
        self.input = input
        self.variables = variables
        self.rng = run.rng
        self._context = None
        self.run, self.state, self.entered_at, self.extra = run, state, entered_at, extra

    def context(self) -> dict:
        if self._context is None:
            self._context = self.run.context(self.state, self.entered_at, self.extra)
        return self._context


class TaskRunner:
    """Answers Task invocations from handlers, mocks or defaults."""

    def __init__(self, mocks: MockTable, handlers: dict[str, Callable], mock_all: bool, redeliver: frozenset):
        self.mocks = mocks
        self.handlers = handlers
        self.mock_all = mock_all
        self.redeliver = redeliver
        self.calls: dict[str, int] = {}

    def invoke(self, state: "TaskState", params: Any, rng, context: dict):
        """One invocation: (result, error, cause, duration, heartbeats)."""
        n = self.calls.get(state.name, 0)
        self.calls[state.name] = n + 1
        handler = self.handlers.get(state.name) or self.handlers.get(state.resource.arn)
        if handler is not None:
            try:
                return handler(params, context), None, None, 0.0, False
            except StatesError as exc:
                return None, exc.error, exc.cause, 0.0, False
            except Exception as exc:  # a learner's handler: report, don't crash
                return None, type(exc).__name__, str(exc), 0.0, False
        if state.name in self.mocks:
            entry = self.mocks.entry(state.name, n)
            if entry.error is not None:
                return None, entry.error, entry.cause, entry.duration, entry.heartbeats
            return entry.returns, None, None, entry.duration, entry.heartbeats
        if self.mock_all:
            return canned_result(state.resource, params, rng), None, None, 0.0, False
        return params, None, None, 0.0, False


# -- programs and states ----------------------------------------------------------------


class Program:
    """A StartAt and its states: the top level, a Parallel branch or a Map processor."""

    def __init__(self, spec: dict, options: dict):
        if "QueryLanguage" in spec:
            options = {**options, "query_language": spec["QueryLanguage"]}
        self.start_at = spec["StartAt"]
        self.states = {name: make_state(name, s, options) for name, s in spec["States"].items()}

    def run(self, run: Run, value: Any, variables, top: bool = False) -> Any:
        """Run states from StartAt until one ends the program; returns its output."""
        states = self.states
        name = self.start_at
        while name is not None:
            state = states[name]
            if top:
                run.last_state = name
            value, name = state.execute(run, value, variables)
        return value

    def find(self, name: str) -> "State | None":
        """The compiled state called `name`, here or in a nested Parallel branch or Map processor."""
        if name in self.states:
            return self.states[name]
        for state in self.states.values():
            for inner in state.programs():
                found = inner.find(name)
                if found is not None:
                    return found
        return None


class State:
    """Fields and pipeline common to every state type."""

    entered = exited = ""

    def __init__(self, name: str, spec: dict, options: dict):
        self.name = name
        self.spec = spec
        self.type = spec["Type"]
        self.next = spec.get("Next")
        self.options = options
        self.jsonata = spec.get("QueryLanguage", options.get("query_language", "JSONPath")) == "JSONata"
        self.retriers = tuple(Retrier.from_asl(r) for r in spec.get("Retry", ()))
        self.catchers = tuple(Catcher.from_asl(c) for c in spec.get("Catch", ()))
        # what each catcher's ResultPath makes of the input, without the error (see sizes.py)
        self.catch_bounds = tuple(result_path_bound(c.result_path, (0, 0)) for c in self.catchers)
        # Does this state assign variables (its own Assign, a Choice rule's, a catcher's)?
        self.assigns = "Assign" in spec or any(
            isinstance(x, dict) and "Assign" in x for x in (*spec.get("Choices", ()), *spec.get("Catch", ())))
        self.input_path = spec.get("InputPath", "$")
        self.output_path = spec.get("OutputPath", "$")
        self.result_path = spec.get("ResultPath", "$")
        self.parameters = self.result_selector = self.assign = None
        if not self.jsonata:
            self.parameters = compile_template(spec["Parameters"]) if "Parameters" in spec else None
            self.result_selector = compile_template(spec["ResultSelector"]) if "ResultSelector" in spec else None
            self.assign = compile_template(spec["Assign"]) if "Assign" in spec else None
        # The stages compiled once: None where a stage leaves the value as it is.
        self.select_input = self._filter_stage(self.input_path)
        self.select_output = self._filter_stage(self.output_path)
        self.place_result = _result_stage(self.result_path)
        self.ends = None if spec.get("End") else self.next

    # -- running -------------------------------------------------------------------

    def execute(self, run: Run, raw: Any, variables) -> tuple[Any, str | None]:
        """Enter, work (with Retry and Catch), exit; returns (output, next state)."""
        name = self.name
        events = run.events
        entered_id = len(events) + 1
        if run.max_events is not None and entered_id > run.max_events:
            raise run.limit_reached()
        entered_at = run.now()
        events.append((self.entered, entered_at, name, raw))  # a state event (see records)
        run.transitions += 1
        if run.record_steps:
            step = {"name": name, "type": self.type, "input": raw, "enteredTime": entered_at}
            run.steps.append(step)
        else:
            step = None
        if self.assigns:
            outer, run.assigned = run.assigned, {}
            try:
                return self._execute(run, raw, variables, entered_at, entered_id, step)
            finally:
                run.assigned = outer
        return self._execute(run, raw, variables, entered_at, entered_id, step)

    def _execute(self, run: Run, raw: Any, variables, entered_at, entered_id: int, step) -> tuple[Any, str | None]:
        name, events = self.name, run.events
        if self.retriers or self.catchers:
            output, next_name, caught = self._work_with_retry_and_catch(run, raw, variables, entered_at, entered_id, step)
            if caught:
                self._record_variables(run, variables, step)
                return output, next_name
        else:
            run.retry_count = 0
            try:
                output, next_name = self.work(run, raw, variables, entered_at, step)
            except StatesError as exc:
                self._locate(exc, entered_id)
                self._record_error(step, exc)
                raise
        exited_id = len(events) + 1
        if run.max_events is not None and exited_id > run.max_events:
            raise run.limit_reached()
        if run.assigned:
            events.append({"id": exited_id, "previous_id": exited_id - 1, "type": self.exited,
                           "timestamp": run.now(), "state": name,
                           "stateExitedEventDetails": {"name": name, "output": output,
                                                       **_assigned_details(run.assigned)}})
        else:
            events.append((self.exited, run.now(), name, output))
        if step is not None:
            if run.assigned or variables:
                self._record_variables(run, variables, step)
            if "error" in step:  # a retried attempt failed, but the state succeeded
                del step["error"]
                step.pop("cause", None)
            step["output"] = output
            step["next"] = next_name
        return output, next_name

    def _work_with_retry_and_catch(self, run, raw, variables, entered_at, entered_id, step):
        """Work until it succeeds or fails for good: (output, next state, whether a catcher
        gave them), or the error raised when no retrier or catcher takes it."""
        retry_counts = [0] * len(self.retriers)
        known = run.last_size if run.last_payload is raw else None  # at most this big (see sizes.py)
        while True:
            try:
                run.retry_count = sum(retry_counts)  # $$.State.RetryCount for this entry
                output, next_name = self.work(run, raw, variables, entered_at, step)
                return output, next_name, False
            except StatesError as exc:
                self._locate(exc, entered_id)
                self._record_error(step, exc)
                index, wait, catcher = self.on_error(exc, retry_counts, run.rng)
                if wait is not None:
                    if step is not None:
                        step.setdefault("retries", []).append(
                            {"error": exc.error, "cause": exc.cause, "waitSeconds": wait, "retry": retry_counts[index]}
                        )
                    run.advance(wait)
                    run.transitions += 1  # each retry is a billed transition
                    continue
                if catcher is None:
                    raise
                output = self.caught(run, raw, variables, entered_at, catcher, exc, known)
                extra = _assigned_details(run.assigned) if run.assigned else {}
                run.emit(self.exited, self.name, name=self.name, output=output, **extra)  # AWS exits a caught state too
                if step is not None:
                    step.update(caughtBy=list(catcher.error_equals), output=output, next=catcher.next)
                return output, catcher.next, True

    @staticmethod
    def _record_variables(run: Run, variables, step) -> None:
        """The step record keeps what the state assigned and every variable in scope after it."""
        if step is None:
            return
        if run.assigned:
            step["assigned"] = dict(run.assigned)
        if variables:
            step["variables"] = dict(variables)

    def run_once(self, run: Run, raw: Any, variables, retries_made: int = 0) -> dict:
        """Run this state once, as TestState does, and return its step record.

        One attempt, then what Retry and Catch would make of its error, without waiting,
        retrying or moving on. Besides the data-flow stages the record holds "status"
        (SUCCEEDED, RETRIABLE, CAUGHT_ERROR or FAILED), "output" and "next", or "error"
        and "cause" (not prefixed with an event id: there is no history), "retryIndex",
        "retryWait" and "catchIndex". `retries_made`: the retries the matching retrier has
        already made.
        """
        entered_at = run.now()
        step = {"name": self.name, "type": self.type, "input": raw, "enteredTime": entered_at}
        run.retry_count = retries_made
        try:
            output, next_name = self.work(run, raw, variables, entered_at, step)
        except StatesError as exc:
            self._record_error(step, exc)
            index, wait, catcher = self.on_error(exc, [retries_made] * len(self.retriers), run.rng)
            if index is not None:
                step["retryIndex"] = index
            if wait is not None:
                step.update(status="RETRIABLE", retryWait=wait)
            elif catcher is None:
                step["status"] = "FAILED"
            else:
                output = self.caught(run, raw, variables, entered_at, catcher, exc)
                step.update(status="CAUGHT_ERROR", catchIndex=self.catchers.index(catcher), output=output,
                            next=catcher.next)
            return step
        step.update(status="SUCCEEDED", output=output, next=next_name)
        return step

    def on_error(self, exc: StatesError, retry_counts: list[int], rng) -> tuple[int | None, float | None, Catcher | None]:
        """What Retry and Catch make of an error: (the matching retrier's index, the wait
        before retrying or None when it is spent, the catcher when not retrying).

        Counts the retry in `retry_counts` (one counter per retrier, for one entry).
        """
        task_error = isinstance(exc, TaskError)
        index = find_retrier(self.retriers, exc.error, task_error)
        if index is not None and retry_counts[index] < self.retriers[index].max_attempts:
            retry_counts[index] += 1
            return index, self.retriers[index].delay(retry_counts[index], rng), None
        return index, None, find_catcher(self.catchers, exc.error, task_error)

    def programs(self) -> tuple["Program", ...]:
        """The programs nested in this state (a Parallel's branches, a Map's processor)."""
        return ()

    def _locate(self, exc: StatesError, entered_id: int) -> None:
        """Prefix an engine-raised runtime error with the state and its event id, once."""
        if getattr(exc, "located", False):
            return
        if isinstance(exc, Located) or exc.error in ("States.Runtime", "States.QueryEvaluationError"):
            detail = exc.detail if isinstance(exc, Located) else exc.cause
            exc.cause = f"An error occurred while executing the state '{self.name}' (entered at the event id #{entered_id}). {detail}"
        exc.located = True

    def caught(self, run, raw, variables, entered_at, catcher: Catcher, exc: StatesError, known: int | None = None) -> Any:
        """The output a catcher gives: {Error, Cause} at its ResultPath (or its Output).

        A task's error always has a Cause ("" when the service gave none, as for a timeout).
        `known`: a size the input does not pass, if one is known; the output then gets one
        too (Run.last_size), so the next state need not size it.
        """
        cause = "" if exc.cause is None and isinstance(exc, TaskError) else exc.cause
        error_output = {"Error": exc.error, "Cause": cause} if cause is not None else {"Error": exc.error}
        spec = catcher.spec or {}
        try:
            if self.jsonata:
                env = self.jbind(run, entered_at, variables, raw, errorOutput=error_output)
                new_vars = evaluate_template(spec["Assign"], env, "Assign") if "Assign" in spec else None
                output = evaluate_template(spec["Output"], env, "Output") if "Output" in spec else error_output
                if new_vars is not None:
                    _assign(variables, new_vars, run)
                return output
            if "Assign" in spec:
                _assign(variables, compile_template(spec["Assign"])(self.scope(run, error_output, variables, entered_at)), run)
            output = apply_result_path(catcher.result_path, raw, error_output)
            bound = self.catch_bounds[self.catchers.index(catcher)] if known is not None else None
            if bound is not None:
                size = bound[0] + bound[1] * known + json_size(error_output, run.sizes)
                if size <= MAX_PAYLOAD_BYTES:
                    run.last_payload, run.last_size = output, size
            return output
        except Located as e:
            raise StatesError(e.error, e.detail) from None

    @staticmethod
    def _record_error(step, exc) -> None:
        if step is not None:
            step["error"] = exc.error
            step["cause"] = exc.cause

    # -- data flow -------------------------------------------------------------------

    def scope(self, run: Run, value: Any, variables, entered_at, extra=None) -> Scope:
        """A JSONPath scope over `value` whose $$ is this state's context object."""
        return StateScope(value, run, self.name, entered_at, extra, variables)

    def jbind(self, run: Run, entered_at, variables, input, extra=None, **states) -> dict:
        """JSONata bindings: $states (input, context, result, errorOutput) and variables."""
        states["input"] = input
        states["context"] = run.context(self.name, entered_at, extra)
        return jsonata_bindings(states, variables, run.rng)

    def jvalue(self, run, entered_at, variables, raw, field, extra=None):
        """A JSONata-mode field: a literal, or an expression over $states.input."""
        value = self.spec[field]
        if is_expr(value) or type(value) in (dict, list):
            return evaluate_template(value, self.jbind(run, entered_at, variables, raw, extra), field)
        return value

    def effective_input(self, run, raw, variables, entered_at, step, extra=None) -> Any:
        """InputPath then Parameters (JSONPath), or Arguments (JSONata)."""
        if self.jsonata:
            if "Arguments" in self.spec:
                value = evaluate_template(self.spec["Arguments"], self.jbind(run, entered_at, variables, raw, extra), "Arguments")
                if step is not None:
                    step["afterArguments"] = value
                return value
            return raw
        value = raw if self.select_input is None else self.select_input(run, raw, variables, entered_at)
        if step is not None:
            step["afterInputPath"] = value
        if self.parameters is not None:
            value = self.parameters(self.scope(run, value, variables, entered_at, extra))
        if step is not None:
            step["afterParameters"] = value
        return value

    def finish(self, run, raw, result, variables, entered_at, step, *, default_output=MISSING) -> Any:
        """ResultSelector → Assign → ResultPath → OutputPath (JSONPath), or Assign and Output (JSONata)."""
        if step is not None:
            step["result"] = result
        if self.jsonata:
            env = self.jbind(run, entered_at, variables, raw, result=result)
            new_vars = evaluate_template(self.spec["Assign"], env, "Assign") if "Assign" in self.spec else None
            if "Output" in self.spec:
                output = evaluate_template(self.spec["Output"], env, "Output")
            else:
                output = result if default_output is MISSING else default_output
            if new_vars is not None:
                _assign(variables, new_vars, run)
        else:
            if self.result_selector is not None:
                result = self.result_selector(self.scope(run, result, variables, entered_at))
            if step is not None:
                step["afterResultSelector"] = result
            if self.assign is not None:
                _assign(variables, self.assign(self.scope(run, result, variables, entered_at)), run)
            output = self.place_result(raw, result)
            if step is not None:
                step["afterResultPath"] = output
            if self.select_output is not None:
                output = self.select_output(run, output, variables, entered_at)
        check_size(run, output, self.name)
        return output

    def passthrough(self, run, raw, variables, entered_at, step) -> tuple[Any, Any]:
        """For states without a result: (the value they work on, its finished output)."""
        if self.jsonata:
            return raw, None
        value = raw if self.select_input is None else self.select_input(run, raw, variables, entered_at)
        if step is not None:
            step["afterInputPath"] = value
        return value, None

    def finish_passthrough(self, run, raw, value, variables, entered_at, step, assign=None) -> Any:
        """Output of Choice, Wait and Succeed: OutputPath (JSONPath) or Output (JSONata)."""
        if self.jsonata:
            return self.finish(run, raw, None, variables, entered_at, step, default_output=raw)
        if assign is not None:
            _assign(variables, assign(self.scope(run, value, variables, entered_at)), run)
        output = value if self.select_output is None else self.select_output(run, value, variables, entered_at)
        check_size(run, output, self.name)
        return output

    def _filter_stage(self, path_text: str | None):
        """InputPath or OutputPath compiled: a function (run, value, variables, entered_at)
        -> the selected value, or None for `$` (the value itself)."""
        if path_text == "$":
            return None
        try:
            path = compile_path(path_text) if path_text is not None else None
        except PathSyntaxError:
            path = None  # not valid: filter_path names the problem when the state runs
        if path is not None and path.root == "input":
            find = path.find

            def select_from_input(run, value, variables, entered_at):
                found = find(value)
                if found is MISSING:
                    return apply_input_path(path_text, value, self.scope(run, value, variables, entered_at))  # raises
                return found

            return select_from_input
        return lambda run, value, variables, entered_at: apply_input_path(
            path_text, value, self.scope(run, value, variables, entered_at))

    def work(self, run, raw, variables, entered_at, step) -> tuple[Any, str | None]:
        raise NotImplementedError

    def following(self) -> str | None:
        """The next state, or None when this state ends its program."""
        return self.ends


def _result_stage(path_text: str | None):
    """ResultPath compiled: a function (raw input, result) -> the state's output so far."""
    if path_text == "$":
        return lambda raw, result: result
    if path_text is None:
        return lambda raw, result: raw
    try:
        keys = compile_reference(path_text)
    except ReferencePathError:
        return lambda raw, result: apply_result_path(path_text, raw, result)  # names the problem at run time

    def place_result(raw, result):
        try:
            return place(keys, raw, result)
        except PlaceError:
            return apply_result_path(path_text, raw, result)  # raises States.ResultPathMatchFailure

    return place_result


def _assign(variables, values: dict, run: "Run | None" = None) -> None:
    """Set variables (all values are evaluated before any is set)."""
    variables.update(values)
    if run is not None and run.assigned is not None:
        run.assigned.update(values)


def _assigned_details(assigned: dict) -> dict:
    """AWS's record of what a state assigned: each value as JSON text."""
    return {"assignedVariables": {k: to_json(v) for k, v in assigned.items()},
            "assignedVariablesDetails": {"truncated": False}}


def check_size(run: "Run", value: Any, state: str) -> None:
    """States.DataLimitExceeded when a payload passes 256 KiB (UTF-8 JSON)."""
    size = json_size(value, run.sizes)
    if size > MAX_PAYLOAD_BYTES:
        raise DataLimitExceeded(
            f"The state/task '{state}' returned a result with a size exceeding the maximum number of bytes service limit."
        )
    run.last_payload, run.last_size = value, size


def _fast_enough(state: State) -> bool:
    """Can `state` run through its one-closure form (see PassState._fast)? A JSONPath state
    with no Retry, Catch or Assign whose fields draw nothing from the seeded RNG: its work
    has no effect on the run but its events and step, so on any error it can be undone
    and run again through the general path, which words the error and records the step."""
    if state.jsonata or state.retriers or state.catchers or state.assigns or state.result_selector is not None:
        return False
    text = to_json(state.spec)
    return "States.UUID" not in text and "States.MathRandom" not in text


class PassState(State):
    entered, exited = "PassStateEntered", "PassStateExited"

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        if FAST_PATH and _fast_enough(self):
            self.execute = self._fast()

    def _fast(self):
        """`execute` as one closure: the same events, step and output as State.execute
        (InputPath, Parameters, Result, ResultPath, OutputPath, the size check), without
        a call per stage. On any error the entered event is taken back and the general
        path runs the state again."""
        name, type_, entered, exited, ends = self.name, self.type, self.entered, self.exited, self.ends
        select_input, parameters, place_result, select_output = (
            self.select_input, self.parameters, self.place_result, self.select_output)
        has_result, fixed = "Result" in self.spec, self.spec.get("Result")
        if self.result_path == "$":
            place_result = None  # the result is the output so far
        input_only = reads_only_input(self.spec.get("Parameters"))
        bound = pass_bound(self.spec)
        bound_c, bound_k = bound if bound is not None else (0, None)
        general = super().execute

        def execute(run, raw, variables):
            events = run.events
            entered_id = len(events) + 1
            if run.assigned or (run.max_events is not None and entered_id >= run.max_events):
                # inside a state whose assignments its events report, or at the history's
                # limit (its last event or past it): the general path gives either
                return general(run, raw, variables)
            stamp = run.stamp  # run.now(), without the call while the clock stands still
            entered_at = stamp[1] if stamp[0] == run.t else run.now()
            events.append((entered, entered_at, name, raw))  # a state event (see records)
            run.transitions += 1
            run.retry_count = 0
            try:
                value = raw if select_input is None else select_input(run, raw, variables, entered_at)
                if parameters is None:
                    given = value
                elif input_only:
                    scope = run.input_scope
                    scope.input = value
                    given = parameters(scope)
                else:
                    given = parameters(StateScope(value, run, name, entered_at, None, variables))
                result = fixed if has_result else given
                placed = result if place_result is None else place_result(raw, result)
                output = placed if select_output is None else select_output(run, placed, variables, entered_at)
                # at most bound_c + bound_k x the input's size (see sizes.py), else sized exactly
                if bound_k is None or (bound_k and run.last_payload is not raw):
                    size = json_size(output, run.sizes)
                else:
                    size = bound_c + bound_k * run.last_size
                    if size > MAX_PAYLOAD_BYTES:
                        size = json_size(output, run.sizes)
                if size > MAX_PAYLOAD_BYTES:
                    raise DataLimitExceeded("")
            except Exception:  # undo, and let the general path run it, word it and record it
                del events[entered_id - 1:]
                run.transitions -= 1
                return general(run, raw, variables)
            run.last_payload, run.last_size = output, size
            if run.record_steps:  # a Pass step, which stands for its exited event too (see records)
                step = (name, type_, raw, entered_at, value, given, result, placed,
                        dict(variables) if variables else None, output, ends)
                events.append(step)
                run.steps.append(step)
            else:
                events.append((exited, entered_at, name, output))  # the clock stands still in a Pass or Choice
            return output, ends

        return execute

    def work(self, run, raw, variables, entered_at, step):
        if self.jsonata:
            return self.finish(run, raw, raw, variables, entered_at, step, default_output=raw), self.ends
        value = self.effective_input(run, raw, variables, entered_at, step)
        result = self.spec["Result"] if "Result" in self.spec else value
        return self.finish(run, raw, result, variables, entered_at, step), self.ends


class SucceedState(State):
    entered, exited = "SucceedStateEntered", "SucceedStateExited"

    def work(self, run, raw, variables, entered_at, step):
        value, _ = self.passthrough(run, raw, variables, entered_at, step)
        return self.finish_passthrough(run, raw, value, variables, entered_at, step), None


class FailState(State):
    entered, exited = "FailStateEntered", ""

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        self.readers: dict[str, Any] = {}  # ErrorPath and CausePath, each compiled on its first use

    def work(self, run, raw, variables, entered_at, step):
        error = self._field(run, raw, variables, entered_at, "Error", "ErrorPath")
        cause = self._field(run, raw, variables, entered_at, "Cause", "CausePath")
        raise StatesError(error, cause)

    def _field(self, run, raw, variables, entered_at, literal, path_field):
        if literal in self.spec:
            if self.jsonata:
                value = self.jvalue(run, entered_at, variables, raw, literal)
                return value if isinstance(value, str) or value is None else to_json(value)
            return self.spec[literal]
        if path_field in self.spec:
            read = self.readers.get(path_field)
            if read is None:  # compiled when first used (a bad path fails the run there, as AWS does)
                read = self.readers[path_field] = compile_value_expr(self.spec[path_field], path_field)
            value = read(self.scope(run, raw, variables, entered_at))
            return value if isinstance(value, str) else to_json(value)
        return None


class ChoiceState(State):
    entered, exited = "ChoiceStateEntered", "ChoiceStateExited"

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        self.default = spec.get("Default")
        if self.jsonata:
            self.rules = [(r.get("Condition"), r.get("Next"), r) for r in spec.get("Choices", ())]
        else:
            self.rules = [(compile_rule(r), r.get("Next"), compile_template(r["Assign"]) if "Assign" in r else None)
                          for r in spec.get("Choices", ())]
        if FAST_PATH and _fast_enough(self):
            self.execute = self._fast()

    def _fast(self):
        """`execute` as one closure (see PassState._fast): InputPath, the rules in order,
        the Default, OutputPath and the size check; any error goes to the general path."""
        name, type_, entered, exited, default = self.name, self.type, self.entered, self.exited, self.default
        select_input, select_output = self.select_input, self.select_output
        rules = tuple((predicate, next_name) for predicate, next_name, _ in self.rules)
        input_only = reads_only_input(self.spec.get("Choices"))
        sized_by_input = choice_bound(self.spec) == (0, 1)  # its output is a part of its input
        general = super().execute

        def execute(run, raw, variables):
            events = run.events
            entered_id = len(events) + 1
            if run.assigned or (run.max_events is not None and entered_id >= run.max_events):
                return general(run, raw, variables)  # as in PassState._fast
            stamp = run.stamp  # run.now(), without the call while the clock stands still
            entered_at = stamp[1] if stamp[0] == run.t else run.now()
            events.append((entered, entered_at, name, raw))  # a state event (see records)
            run.transitions += 1
            run.retry_count = 0
            try:
                value = raw if select_input is None else select_input(run, raw, variables, entered_at)
                if input_only:
                    test_scope = run.input_scope
                    test_scope.input = value
                else:
                    test_scope = StateScope(value, run, name, entered_at, None, variables)
                for predicate, next_name in rules:
                    if predicate(test_scope):
                        chosen = next_name
                        break
                else:
                    if default is None:
                        raise LookupError(name)  # the general path words States.Runtime
                    chosen = default
                output = value if select_output is None else select_output(run, value, variables, entered_at)
                if sized_by_input and run.last_payload is raw:  # no bigger than its input (see sizes.py)
                    if output is not raw:
                        run.last_payload = output
                else:
                    size = json_size(output, run.sizes)
                    if size > MAX_PAYLOAD_BYTES:
                        raise DataLimitExceeded("")
                    run.last_payload, run.last_size = output, size
            except Exception:  # undo, and let the general path run it, word it and record it
                del events[entered_id - 1:]
                run.transitions -= 1
                return general(run, raw, variables)
            if run.record_steps:  # a Choice step, which stands for its exited event too (see records)
                step = (name, type_, raw, entered_at, value, chosen, dict(variables) if variables else None, output)
                events.append(step)
                run.steps.append(step)
            else:
                events.append((exited, entered_at, name, output))  # the clock stands still in a Pass or Choice
            return output, chosen

        return execute

    def work(self, run, raw, variables, entered_at, step):
        if self.jsonata:
            return self._work_jsonata(run, raw, variables, entered_at, step)
        value, _ = self.passthrough(run, raw, variables, entered_at, step)
        test_scope = StateScope(value, run, self.name, entered_at, None, variables)  # what self.scope gives
        for predicate, next_name, assign in self.rules:
            if predicate(test_scope):
                chosen, rule_assign = next_name, assign
                break
        else:  # the state-level Assign belongs to the Default path
            chosen, rule_assign = self._default(), self.assign
        if step is not None:
            step["choice"] = chosen
        return self.finish_passthrough(run, raw, value, variables, entered_at, step, rule_assign), chosen

    def _default(self):
        if self.default is None:
            raise Located("States.Runtime", "No Choice rule matched the input, and the Choice state has no Default. (The ASL spec names this States.NoChoiceMatched; AWS reports it as States.Runtime.)")
        return self.default

    def _work_jsonata(self, run, raw, variables, entered_at, step):
        env = self.jbind(run, entered_at, variables, raw)
        for i, (condition, next_name, rule) in enumerate(self.rules):
            field = f"Choices[{i}].Condition"
            matched = evaluate(condition, env, field) if is_expr(condition) else condition
            if type(matched) is not bool:
                raise Located("States.QueryEvaluationError",
                              f"The JSONata expression '{condition}' specified for the field '{field}' returned an unexpected result type. Expected 'boolean', but was '{json_type(matched)}' for value: {to_json(matched)}")
            if matched:
                chosen, source = next_name, rule
                break
        else:
            chosen, source = self._default(), self.spec
        if step is not None:
            step["choice"] = chosen
        new_vars = evaluate_template(source["Assign"], env, "Assign") if source and "Assign" in source else None
        output = evaluate_template(source["Output"], env, "Output") if source and "Output" in source else raw
        if new_vars is not None:
            _assign(variables, new_vars, run)
        check_size(run, output, self.name)
        return output, chosen


class WaitState(State):
    entered, exited = "WaitStateEntered", "WaitStateExited"

    def work(self, run, raw, variables, entered_at, step):
        value, _ = self.passthrough(run, raw, variables, entered_at, step)
        seconds = self._jsonata_seconds(run, raw, variables, entered_at) if self.jsonata else self._seconds(run, value, variables, entered_at)
        if step is not None:
            step["waitSeconds"] = seconds
        run.advance(seconds)
        return self.finish_passthrough(run, raw, value, variables, entered_at, step, self.assign), self.following()

    def _seconds(self, run, value, variables, entered_at) -> float:
        spec = self.spec
        if "Seconds" in spec:
            return spec["Seconds"]
        if "Timestamp" in spec:
            return self._until(parse_timestamp(spec["Timestamp"]), run)
        scope = self.scope(run, value, variables, entered_at)
        if "SecondsPath" in spec:
            path = spec["SecondsPath"]
            found = scope.select(path, "SecondsPath")
            number = found if type(found) is int else (int(found) if type(found) is float and found.is_integer() else None)
            if number is None:
                raise Located("States.Runtime", f"The SecondsPath parameter cannot be parsed as a long value: {path} == {to_json(found)}")
            if number < 0:
                raise Located("States.Runtime", f"The SecondsPath parameter references a negative value: {path} == {number}")
            return number
        path = spec["TimestampPath"]
        found = scope.select(path, "TimestampPath")
        when = parse_timestamp(found) if isinstance(found, str) else None
        if when is None:
            shown = found if isinstance(found, str) else to_json(found)
            raise Located("States.Runtime", f"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {shown}")
        return self._until(when, run)

    def _jsonata_seconds(self, run, raw, variables, entered_at) -> float:
        if "Seconds" in self.spec:
            found = self.jvalue(run, entered_at, variables, raw, "Seconds")
            number = _as_long(found) if type(found) is not str else None
            if number is None or number < 0:
                raise Located("States.QueryEvaluationError", f"The Seconds field must be a non-negative integer, but was: {to_json(found)}")
            return number
        found = self.jvalue(run, entered_at, variables, raw, "Timestamp")
        when = parse_timestamp(found) if isinstance(found, str) else None
        if when is None:
            raise Located("States.QueryEvaluationError", f"The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {found if isinstance(found, str) else to_json(found)}")
        return self._until(when, run)

    @staticmethod
    def _until(when: datetime, run: Run) -> float:
        return max(0.0, (when - run.now()).total_seconds())


class TaskState(State):
    entered, exited = "TaskStateEntered", "TaskStateExited"

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        self.resource = parse_resource(spec.get("Resource"))
        self.prefix = self.resource.event_prefix

    def work(self, run, raw, variables, entered_at, step):
        extra = {"State": {"RetryCount": run.retry_count}}
        if self.resource.pattern == ".waitForTaskToken":
            extra["Task"] = {"Token": f"token-{self.name}-{run.rng.getrandbits(64):016x}"}
        params = self.effective_input(run, raw, variables, entered_at, step, extra)
        timeout = self._limit(run, raw, variables, entered_at, "TimeoutSeconds")
        heartbeat = self._limit(run, raw, variables, entered_at, "HeartbeatSeconds")
        problems = request_problems(self.resource, params)
        if problems:  # AWS refuses to start the task: no TaskScheduled event
            raise Located("States.Runtime", f"The Parameters '{to_json(params)}' could not be used to start the Task: [{', '.join(problems)}]")
        context = run.context(self.name, entered_at, extra)
        result = self._invoke(run, params, context, timeout, heartbeat)
        if self.name in run.tasks.redeliver:  # at-least-once: the same request delivered again
            result = self._invoke(run, params, context, timeout, heartbeat)
        return self.finish(run, raw, result, variables, entered_at, step), self.following()

    def _limit(self, run, raw, variables, entered_at, field):
        """TimeoutSeconds or HeartbeatSeconds: literal, by expression, or by a path into the state input."""
        if field in self.spec:
            value = self.jvalue(run, entered_at, variables, raw, field) if self.jsonata else self.spec[field]
        elif field + "Path" in self.spec:
            value = filter_path(self.spec[field + "Path"], raw, self.scope(run, raw, variables, entered_at))
        else:
            return None
        if type(value) is not int or value <= 0:
            raise Located("States.Runtime", f"The {field} value must be a positive integer, but was: {to_json(value)}")
        return value

    def _invoke(self, run, params, context, timeout, heartbeat):
        """One invocation and its events; what the task reports failing is a TaskError."""
        prefix, name = self.prefix, self.name
        limits = {}
        if timeout is not None:
            limits["timeoutInSeconds"] = timeout
        if heartbeat is not None:
            limits["heartbeatInSeconds"] = heartbeat
        run.emit(f"{prefix}Scheduled", name, resource=self.resource.arn, parameters=params, **limits)
        run.emit(f"{prefix}Started", name)
        if self.resource.pattern:
            run.emit(f"{prefix}Submitted", name)
        result, error, cause, duration, heartbeats = run.tasks.invoke(self, params, run.rng, context)
        limit, kind = None, None
        if timeout is not None and duration > timeout:
            limit, kind = timeout, Timeout
        if heartbeat is not None and not heartbeats and duration > heartbeat and (limit is None or heartbeat < limit):
            limit, kind = heartbeat, HeartbeatTimeout
        if limit is not None:
            run.advance(limit)
            error, cause = kind.name, None
        else:
            run.advance(duration)
        if error is None and json_size(result, run.sizes) > MAX_PAYLOAD_BYTES:
            # AWS reports an oversized result as the task's own failure, which States.ALL catches
            error = DataLimitExceeded.name
            cause = f"The state/task '{self.resource.label}' returned a result with a size exceeding the maximum number of bytes service limit."
        if error is not None:
            timed_out = error in (Timeout.name, HeartbeatTimeout.name)  # a mock's timeout is one too
            run.emit(f"{prefix}{'TimedOut' if timed_out else 'Failed'}", name, error=error, cause=cause)
            raise TaskError(error, cause)
        run.emit(f"{prefix}Succeeded", name, output=result)
        return result


class ParallelState(State):
    entered, exited = "ParallelStateEntered", "ParallelStateExited"

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        self.branches = [Program(b, options) for b in spec.get("Branches", ())]

    def programs(self):
        return tuple(self.branches)

    def work(self, run, raw, variables, entered_at, step):
        value = self.effective_input(run, raw, variables, entered_at, step)
        if run.stand_in is not None:  # TestState: the mock answers for the branches
            results = run.stand_in.branches(self, value)
            return self.finish(run, raw, results, variables, entered_at, step), self.following()
        run.emit("ParallelStateStarted", self.name)
        start, end, results = run.t, run.t, []
        for branch in self.branches:  # branches start together on the virtual clock
            run.t = start
            try:
                results.append(branch.run(run, value, ChainMap({}, variables)))
            except StatesError:
                run.emit("ParallelStateFailed", self.name)
                raise
            end = max(end, run.t)
        run.t = end
        run.emit("ParallelStateSucceeded", self.name)
        return self.finish(run, raw, results, variables, entered_at, step), self.following()


class MapState(State):
    entered, exited = "MapStateEntered", "MapStateExited"

    def __init__(self, name, spec, options):
        super().__init__(name, spec, options)
        processor = spec["ItemProcessor"] if "ItemProcessor" in spec else spec["Iterator"]
        inner = dict(options)
        if "QueryLanguage" in spec:
            inner["query_language"] = spec["QueryLanguage"]
        self.processor = Program(processor, inner)
        self.distributed = (processor.get("ProcessorConfig") or {}).get("Mode") == "DISTRIBUTED"
        selector = spec.get("ItemSelector", spec.get("Parameters"))
        self.selector_spec = selector
        self.item_selector = compile_template(selector) if selector is not None and not self.jsonata else None
        self.parameters = None  # Parameters on a Map is the older ItemSelector

    def programs(self):
        return (self.processor,)

    def work(self, run, raw, variables, entered_at, step):
        reader = run.stand_in is not None and "ItemReader" in self.spec
        if self.jsonata:
            value = raw
            items = run.stand_in.read_items(self) if reader else self._jsonata_items(run, raw, variables, entered_at)
            number = lambda field, integer: self._jsonata_number(run, raw, variables, entered_at, field, integer)  # noqa: E731
        else:
            value = raw if self.select_input is None else self.select_input(run, raw, variables, entered_at)
            if step is not None:
                step["afterInputPath"] = value
            vscope = self.scope(run, value, variables, entered_at)
            items_path = self.spec.get("ItemsPath", "$")
            if reader:
                items = run.stand_in.read_items(self)
            else:
                items = vscope.select(items_path, "ItemsPath") if items_path != "$" else value
                if type(items) is not list:
                    shown = items_path[1:] if items_path.startswith("$$") else items_path  # AWS quotes "$$" as "$"
                    raise Located("States.Runtime", f'Reference path "{shown}" must point to array.')
                if step is not None:
                    step["afterItemsPath"] = items
            number = lambda field, integer: self._path_number(vscope, field, integer)  # noqa: E731
        concurrency = number("MaxConcurrency", True)
        tolerated_count = number("ToleratedFailureCount", True)
        tolerated_pct = number("ToleratedFailurePercentage", False)
        if not 0 <= tolerated_pct <= 100:
            raise Located("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.")
        if step is not None:
            step["items"] = items
            step["maxConcurrency"] = concurrency
            for field, number in (("ToleratedFailureCount", tolerated_count), ("ToleratedFailurePercentage", tolerated_pct)):
                if field in self.spec or field + "Path" in self.spec:
                    step[field[0].lower() + field[1:]] = number
        if run.stand_in is not None:  # TestState: the mock answers for the iterations
            item_inputs = [self._item_input(run, value, item, i, variables, entered_at) for i, item in enumerate(items)]
            if step is not None and self.selector_spec is not None:
                step["afterItemSelector"] = item_inputs
            results, failures = run.stand_in.iterations(self, item_inputs)
            if failures and self._limits_failures() and not self._tolerated(failures, len(items), tolerated_count, tolerated_pct):
                raise ExceedToleratedFailureThreshold(TOLERANCE_EXCEEDED)
        else:
            results = self._iterate(run, value, items, variables, entered_at, concurrency, tolerated_count, tolerated_pct)
        return self.finish(run, raw, results, variables, entered_at, step), self.following()

    def _limits_failures(self) -> bool:
        """Does the Map set a failure tolerance (ToleratedFailureCount/Percentage, or their Paths)?"""
        return any(f in self.spec for f in ("ToleratedFailureCount", "ToleratedFailureCountPath",
                                            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath"))

    def _item_input(self, run, value, item, index, variables, entered_at):
        """ItemSelector (or the older Parameters) for one item, with $$.Map.Item."""
        if self.selector_spec is None:
            return item
        extra = {"Map": {"Item": {"Index": index, "Value": item}}}
        if self.jsonata:
            return evaluate_template(self.selector_spec, self.jbind(run, entered_at, variables, value, extra), "ItemSelector")
        return self.item_selector(self.scope(run, value, variables, entered_at, extra))

    def _iterate(self, run, value, items, variables, entered_at, concurrency, tolerated_count, tolerated_pct):
        """Run every item; at most `concurrency` at once on the virtual clock."""
        run.emit("MapStateStarted", self.name, length=len(items))
        if self.distributed:
            run.emit("MapRunStarted", self.name)
        start = run.t
        workers = [start] * (min(concurrency, len(items)) if concurrency else len(items))
        results, failures, end = [], 0, start
        for index, item in enumerate(items):
            run.t = heapq.heappop(workers)
            item_input = self._item_input(run, value, item, index, variables, entered_at)
            run.emit("MapIterationStarted", self.name, name=self.name, index=index)
            try:
                results.append(self.processor.run(run, item_input, ChainMap({}, variables)))
                run.emit("MapIterationSucceeded", self.name, name=self.name, index=index)
            except StatesError:
                run.emit("MapIterationFailed", self.name, name=self.name, index=index)
                failures += 1
                results.append(None)
                if not self._tolerated(failures, len(items), tolerated_count, tolerated_pct):
                    if self.distributed:
                        run.emit("MapRunFailed", self.name)
                    run.emit("MapStateFailed", self.name)
                    if self.distributed or tolerated_count or tolerated_pct:  # a Map Run's threshold (default 0)
                        raise ExceedToleratedFailureThreshold(TOLERANCE_EXCEEDED) from None
                    raise
            end = max(end, run.t)
            heapq.heappush(workers, run.t)
        run.t = end
        run.emit("MapStateSucceeded", self.name)
        if self.distributed:
            run.emit("MapRunSucceeded", self.name)
        return results

    @staticmethod
    def _tolerated(failures, total, count, pct) -> bool:
        if not count and not pct:
            return False
        return bool((count and failures <= count) or (pct and total and failures * 100 / total <= pct))

    def _jsonata_items(self, run, raw, variables, entered_at):
        if "Items" not in self.spec:
            items, text = raw, None
        elif is_expr(self.spec["Items"]):
            text = expr_text(self.spec["Items"])
            items = self.jvalue(run, entered_at, variables, raw, "Items")
        else:
            items, text = evaluate_template(self.spec["Items"], self.jbind(run, entered_at, variables, raw), "Items"), None
        if type(items) is not list:
            if text is None:
                raise Located("States.QueryEvaluationError", f"Map state input must be an array but was: {to_json(items)}")
            raise Located("States.QueryEvaluationError",
                          f"The JSONata expression '{text}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{json_type(items)}' for value: {to_json(items)}")
        return items

    def _jsonata_number(self, run, raw, variables, entered_at, field, integer):
        if field not in self.spec:
            return 0
        value = self.jvalue(run, entered_at, variables, raw, field)
        number = _as_long(value) if integer else _as_double(value)
        if number is None:
            raise Located("States.QueryEvaluationError", f"The {field} field must be a {'integer' if integer else 'number'}, but was: {to_json(value)}")
        return number

    def _path_number(self, scope, field, integer):
        spec = self.spec
        if field in spec:
            return spec[field]
        if field + "Path" not in spec:
            return 0
        path = spec[field + "Path"]
        value = scope.select(path, field + "Path")
        shown = value if isinstance(value, str) else to_json(value)
        if integer:
            number = _as_long(value)
            if number is None:
                raise Located("States.Runtime", f"The {field}Path field refers to value \"{shown}\" which is not a valid integer: {path}")
            return number
        number = _as_double(value)
        if number is None:
            raise Located("States.Runtime", f"The {field}Path field refers to value \"{shown}\" which is not a valid float: {path}")
        return number


def _as_long(value: Any) -> int | None:
    """An integer as Java's Long.parseLong reads it (numbers or numeric strings), or None."""
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is int:
        return value
    if type(value) is str and re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    return None


def _as_double(value: Any) -> float | None:
    """A number as Java's Double.parseDouble reads it, or None."""
    if type(value) in (int, float):
        return value
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


STATE_TYPES: dict[str, type[State]] = {
    "Pass": PassState,
    "Task": TaskState,
    "Choice": ChoiceState,
    "Wait": WaitState,
    "Succeed": SucceedState,
    "Fail": FailState,
    "Parallel": ParallelState,
    "Map": MapState,
}


def make_state(name: str, spec: dict, options: dict) -> State:
    """Compile one state by its Type."""
    return STATE_TYPES[spec["Type"]](name, spec, options)
