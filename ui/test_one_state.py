"""Test one state: AWS's TestState API, offline, on a state of the run on screen.

Pick any state of the machine (nested ones too); its input starts as the data that
reached it in the run. Give a Task, Map or Parallel a mocked result or error, choose the
field validation mode and, where they apply, the state configuration AWS offers
(retrierRetryCount, mapIterationFailureCount, errorCausedByState, mapItemReaderData).
`engine.test_state` runs it at DEBUG with the whole definition; the panel shows the
status, output and next state, every inspectionData stage (drawn by `ui.sim_view`, as the
inspector draws them), and RETRIABLE or CAUGHT_ERROR in words. What AWS refuses is shown
in AWS's words, and bad JSON names its line and column.

The functions above `panel` are plain Python (no Streamlit), so they can be tested alone.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import engine
from engine.retry import Retrier
from engine.tasks import canned_result, parse_resource
from ui import inspector as I
from ui import retry_timeline as RT
from ui import sim_view as V
from ui import state as S
from ui.replay import seconds_text
from ui.simulation import MAX_INPUT_BYTES, Problem, Simulation, canonical

#: The IAM role a Task tested without a mock "runs with" (AWS needs one to call the service).
ROLE_ARN = "arn:aws:iam::123456789012:role/StepwiseTestState"
NO_MOCK_TYPES = ("Pass", "Wait", "Choice", "Succeed", "Fail")  # AWS refuses a mock for these
MOCK_LABELS = {"none": "No mock", "result": "Mocked result", "error": "Mocked error"}
MODES = ("STRICT", "PRESENT", "NONE")
MODE_HELP = ("How strictly the mocked result is checked against the service's API model: STRICT "
             "(the default) wants the required fields and the right types, PRESENT checks only the "
             "fields given, NONE checks nothing (the result must still be JSON).")
MAP_COUNTERS = ("maxConcurrency", "toleratedFailureCount", "toleratedFailurePercentage")
STATUS_BOX = {"SUCCEEDED": "success", "RETRIABLE": "warning", "CAUGHT_ERROR": "warning", "FAILED": "error"}
STATUS_ICON = {"SUCCEEDED": ":material/check_circle:", "RETRIABLE": ":material/replay:",
               "CAUGHT_ERROR": ":material/call_split:", "FAILED": ":material/cancel:"}


# --- what can be tested ------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A state of the machine, and what the run on screen did with it."""

    name: str
    spec: dict
    parent: str | None  # the Map or Parallel it sits in
    runs: int  # how many times it ran in the run
    first_input: Any  # the data that reached it first ({} if it never ran)
    first_result: Any = None  # its first service result (or branch/iteration outputs)
    has_result: bool = False
    parent_type: str = ""  # "Map" or "Parallel"

    @property
    def type(self) -> str:
        return self.spec.get("Type", "")

    def label(self) -> str:
        where = f" · in {self.parent}" if self.parent else ""
        ran = f" · ran {self.runs}×" if self.runs > 1 else "" if self.runs else " · did not run"
        return f"{self.name} · {self.type}{where}{ran}"


def targets(sim: Simulation) -> dict[str, Target]:
    """Every state of the machine by name, with its first step: in the order the run reached them,
    then the states it never reached."""
    parents: dict[str, str] = {}
    for name, spec in sim.specs.items():
        scopes = list(spec.get("Branches") or []) + [spec.get("ItemProcessor") or spec.get("Iterator")]
        for scope in scopes:
            for child in (scope or {}).get("States") or {}:
                parents.setdefault(child, name)
    first: dict[str, dict] = {}
    runs: dict[str, int] = {}
    for step in (sim.execution.steps or []) if sim.execution is not None else []:
        runs[step["name"]] = runs.get(step["name"], 0) + 1
        first.setdefault(step["name"], step)
    order = list(first)  # the states in the order the run first entered them, then the others
    order += [name for name in sim.specs if name not in first]
    out = {}
    for name in order:
        spec = sim.specs[name]
        step = first.get(name, {})
        parent = parents.get(name)
        out[name] = Target(name, spec, parent, runs.get(name, 0), step.get("input", {}), step.get("result"),
                           "result" in step, sim.specs[parent].get("Type", "") if parent else "")
    return out


def descendants(name: str, found: dict[str, Target]) -> list[str]:
    """The states inside a Map or Parallel, however deep."""
    inside = [t.name for t in found.values() if t.parent == name]
    return [n for child in inside for n in [child, *descendants(child, found)]]


def mock_need(target: Target) -> tuple[str, str]:
    """("none" | "optional" | "required", why), as AWS's TestState has it for this state."""
    kind = target.type
    if kind in NO_MOCK_TYPES:
        return "none", f"AWS runs a {kind} state as it is: it takes no mock."
    if kind == "Map":
        return "required", ("AWS tests a Map state only with a mock: TestState never runs the iterations, so a mocked "
                            "result stands for their outputs (an array) and a mocked error for a failure inside.")
    if kind == "Parallel":
        return "required", ("AWS tests a Parallel state only with a mock: TestState never runs the branches, so a "
                            "mocked result stands for their outputs (an array, one per branch) and a mocked error "
                            "for a failure inside.")
    resource = parse_resource(target.spec.get("Resource"))
    if resource.kind == "activity" or resource.pattern:
        what = "an activity" if resource.kind == "activity" else f"the {resource.pattern} pattern"
        return "required", (f"A Task that uses {what} can be tested only with a mock: TestState does not wait for "
                            "a worker, a callback or a child job.")
    return "optional", ("Without a mock AWS calls the service with an IAM role; here a service-shaped stand-in "
                        f"answers, with the made-up role {ROLE_ARN}.")


def default_result(target: Target) -> str:
    """The mocked result a state starts with: what it got in the run, or a plausible one."""
    if target.has_result:
        value = target.first_result
    elif target.type == "Parallel":
        value = [{} for _ in target.spec.get("Branches") or []]
    elif target.type == "Map":
        value = {} if "ResultWriter" in target.spec else []
    else:
        value = canned_result(parse_resource(target.spec.get("Resource")), {}, random.Random(0))
    return json.dumps(value, indent=2, ensure_ascii=False)


def default_error(target: Target) -> str:
    """An error name a retrier or catcher of the state handles (so the test shows it), or a generic one."""
    for field_name in ("Retry", "Catch"):
        for entry in target.spec.get(field_name) or []:
            for name in entry.get("ErrorEquals") or []:
                if name != "States.ALL":
                    return name
    return "States.TaskFailed"


# --- the request ---------------------------------------------------------------------------


def parse_json(text: str, what: str) -> tuple[Any, Problem | None]:
    """JSON text typed in an editor, or the problem with its line and column."""
    size = len((text or "").encode("utf-8", errors="ignore"))
    if size > MAX_INPUT_BYTES:
        return None, Problem("", f"{what} is {size / 1024:,.0f} KiB; AWS accepts at most 256 KiB.")
    if not (text or "").strip():
        return None, Problem("", f"{what} is empty: give a JSON value such as {{}}.")

    def no_constant(name: str):
        raise json.JSONDecodeError(f"{name} is not a JSON value", text, text.find(name))

    try:
        return json.loads(text, parse_constant=no_constant), None
    except json.JSONDecodeError as exc:
        return None, Problem("", f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
                             exc.lineno, exc.colno)
    except RecursionError:
        return None, Problem("", f"{what} is nested too deeply.")


@dataclass
class Fields:
    """What the panel's editors hold."""

    input_text: str = "{}"
    mock: str = "none"  # "none" | "result" | "error"
    result_text: str = ""
    error: str = ""
    cause: str = ""
    mode: str = "STRICT"
    retries: int = 0
    failures: int = 0
    caused_by: str = ""
    reader_text: str = ""
    variables_text: str = ""  # empty: no variables given


def uses_variables(definition: dict) -> bool:
    """Does the machine assign workflow variables anywhere (so a state may read some)?"""
    return '"Assign"' in canonical(definition)


def applies(target: Target, mock: str) -> dict[str, bool]:
    """Which state configuration members apply to this state with this mock."""
    return {
        "retrierRetryCount": bool(target.spec.get("Retry")) and mock == "error",
        "mapIterationFailureCount": target.type == "Map",
        "errorCausedByState": target.type in ("Map", "Parallel") and mock == "error",
        "mapItemReaderData": target.type == "Map" and "ItemReader" in target.spec,
    }


def request(target: Target, f: Fields) -> tuple[dict | None, list[Problem]]:
    """The keyword arguments for `engine.test_state`, or the problems in what was typed."""
    problems: list[Problem] = []
    value, bad = parse_json(f.input_text, "The state input")
    if bad:
        problems.append(bad)
    kwargs: dict[str, Any] = {"input": value, "inspection_level": "DEBUG", "state_name": target.name}
    if (f.variables_text or "").strip():
        variables, bad = parse_json(f.variables_text, "The variables")
        if bad:
            problems.append(bad)
        kwargs["variables"] = variables  # not an object: AWS's refusal says so
    need, _ = mock_need(target)
    mock = f.mock if need != "none" else "none"
    if need == "required" and mock == "none":
        mock = "result"
    if mock == "result":
        _, bad = parse_json(f.result_text, "The mocked result")
        if bad:
            problems.append(bad)
        kwargs["mock"] = {"result": f.result_text, "fieldValidationMode": f.mode}
    elif mock == "error":
        error_output = {"error": f.error.strip()}
        if f.cause:
            error_output["cause"] = f.cause
        kwargs["mock"] = {"errorOutput": error_output}
    elif target.type == "Task":
        kwargs["role_arn"] = ROLE_ARN
    config: dict[str, Any] = {}
    use = applies(target, mock)
    if use["retrierRetryCount"] and f.retries:
        config["retrierRetryCount"] = int(f.retries)
    if use["mapIterationFailureCount"] and f.failures:
        config["mapIterationFailureCount"] = int(f.failures)
    if use["errorCausedByState"] and f.caused_by:
        config["errorCausedByState"] = f.caused_by
    if use["mapItemReaderData"] and (f.reader_text or "").strip():
        _, bad = parse_json(f.reader_text, "The ItemReader data")
        if bad:
            problems.append(bad)
        config["mapItemReaderData"] = f.reader_text
    if config:
        kwargs["state_configuration"] = config
    return (None if problems else kwargs), problems


@dataclass
class Answer:
    """One test: the request it was for, and AWS's response or refusal (or why it did not run)."""

    signature: str
    response: dict | None = None
    code: str = ""  # a refusal's exception kind (ValidationException, InvalidDefinition)
    message: str = ""  # a refusal's words, or why the test could not run
    problems: list[Problem] = field(default_factory=list)


def signature(definition: dict, target: Target, f: Fields) -> str:
    """What a test depends on, as short text (to tell when a shown answer is out of date)."""
    return hashlib.sha256(canonical([definition, target.name, vars(f)]).encode("utf-8")).hexdigest()


def run(definition: dict, target: Target, f: Fields) -> Answer:
    """Call `engine.test_state` with the whole definition; refusals come back in words, never raised."""
    answer = Answer(signature(definition, target, f))
    kwargs, answer.problems = request(target, f)
    if kwargs is None:
        return answer
    try:
        answer.response = engine.test_state(definition, **kwargs)
    except (engine.InvalidDefinition, engine.TestStateRefused) as exc:
        answer.code = getattr(exc, "code", "") or ("InvalidDefinition" if isinstance(exc, engine.InvalidDefinition)
                                                  else "ValidationException")
        answer.message = getattr(exc, "message", "") or "; ".join(p.message for p in getattr(exc, "problems", []))
    except Exception as exc:  # the engine must never take the page down
        answer.message = f"The test could not run: {type(exc).__name__}: {exc}"
    return answer


# --- the answer in words -------------------------------------------------------------------


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def record(response: dict, target: Target) -> dict:
    """The response as a step record, so the inspector's stages draw it."""
    data = response.get("inspectionData") or {}
    step: dict[str, Any] = {"name": target.name, "type": target.type}
    for key, value in data.items():
        if key not in ("errorDetails", *MAP_COUNTERS):
            step[key] = _decode(value)
    for key in ("output", "error", "cause"):
        if response.get(key) is not None:
            step[key] = _decode(response[key]) if key == "output" else response[key]
    catch = (data.get("errorDetails") or {}).get("catchIndex")
    catchers = target.spec.get("Catch") or []
    if catch is not None and catch < len(catchers):
        step["caughtBy"] = list(catchers[catch].get("ErrorEquals") or [])
        step.setdefault("cause", "")  # the error output a catcher receives always has a Cause
    return step


def _names(entry: dict) -> str:
    return ", ".join(entry.get("ErrorEquals") or [])


def explain(response: dict, target: Target, retries: int = 0, *, variables_missing: bool = False
            ) -> tuple[str, list[str]]:
    """A headline and sentences: what the status means for this state, in words."""
    status = response.get("status", "")
    error = response.get("error")
    details = (response.get("inspectionData") or {}).get("errorDetails") or {}
    nxt = response.get("nextState")
    where = "iteration" if target.parent_type == "Map" else "branch"
    words: list[str] = []
    retry_index = details.get("retryIndex")
    retriers = target.spec.get("Retry") or []
    retrier = retriers[retry_index] if retry_index is not None and retry_index < len(retriers) else None
    if status == "SUCCEEDED":
        if nxt and target.type == "Choice":
            headline = f"SUCCEEDED · the Choice goes to {nxt}"
            words.append(f"The Choice rules sent the data to **{nxt}**.")
        elif nxt:
            headline = f"SUCCEEDED · next state {nxt}"
            words.append(f"The state succeeded; the run would go on to **{nxt}** with the output below.")
        else:
            headline = "SUCCEEDED · no next state"
            if target.parent:
                words.append(f"This state ends its {where} of **{target.parent}**; its output is that {where}'s result.")
            else:
                words.append("This state ends the run; its output is the execution's output.")
        return headline, words
    if status == "RETRIABLE":
        wait = details.get("retryBackoffIntervalSeconds")
        headline = f"RETRIABLE · retrier #{retry_index + 1}, wait {seconds_text(wait or 0)}"
        if retrier is not None:
            r = Retrier.from_asl(retrier)
            words.append(f"`{error}` matched retrier #{retry_index + 1} (`Retry[{retry_index}]`, "
                         f"ErrorEquals [{_names(retrier)}]).")
            words.append(f"It has made {retries} of its {r.max_attempts} retries (MaxAttempts), so Step Functions "
                         f"would wait **{seconds_text(wait or 0)}** (the backoff) and run {target.name} again: "
                         f"{RT.wait_formula(retrier, retries + 1, float(wait or 0))}.")
            words.append(f"Set “Retries already made” to {r.max_attempts} to see what happens when they run out.")
        return headline, words
    if retrier is not None:
        r = Retrier.from_asl(retrier)
        words.append(f"Retrier #{retry_index + 1} (`Retry[{retry_index}]`, ErrorEquals [{_names(retrier)}]) matched "
                     f"`{error}` first, but it has no retries left ({retries} of MaxAttempts {r.max_attempts} made), "
                     "so it is Catch's turn.")
    if status == "CAUGHT_ERROR":
        index = details.get("catchIndex", 0)
        catchers = target.spec.get("Catch") or []
        catcher = catchers[index] if index < len(catchers) else {}
        headline = f"CAUGHT_ERROR · catcher #{index + 1}, next state {nxt}"
        words.append(f"Catcher #{index + 1} (`Catch[{index}]`, ErrorEquals [{_names(catcher)}]) caught `{error}`; "
                     f"the run would go on to **{nxt}**.")
        if I.is_jsonata(target.spec):
            words.append("The catcher's Output (or, without one, the error output) is what goes on.")
        else:
            path = catcher.get("ResultPath", "$")
            words.append("The error output {Error, Cause} " + (
                "is discarded (`ResultPath: null`), and the state input goes on." if path is None else
                "replaces the state input (`ResultPath: $`)." if path == "$" else
                f"is put at `{path}`, beside the state input."))
        return headline, words
    headline = f"FAILED · {error}"
    if target.type == "Fail":
        words.append("A Fail state always fails, with its Error and Cause; nothing after it runs.")
        return headline, words
    if target.spec.get("Catch"):
        words.append(f"No catcher of the state matches `{error}`.")
    elif retrier is None:
        words.append(f"No retrier with retries left and no catcher handles `{error}`.")
    else:
        words.append("The state has no Catch.")
    if error == "States.QueryEvaluationError" and variables_missing:
        words.append("This state may read variables that earlier states assigned: the run does not keep them "
                     "per state, so give the ones it reads under “Variables in scope” and test again.")
    if target.parent:
        words.append(f"In a run the error would fail this {where} and then **{target.parent}**, "
                     "unless its own Retry or Catch handles it.")
    else:
        words.append("In a run the error would fail the execution.")
    return headline, words


# --- the panel -----------------------------------------------------------------------------


def _fill(target: Target, marker: tuple) -> None:
    """Start the editors from the run: the state's first input, its result, a handled error."""
    previous = S.get(S.TESTSTATE_FOR)
    if not previous or previous[0] != marker[0]:  # another machine: its variables are other ones
        S.put(S.TESTSTATE_VARIABLES, "")
    S.put(S.TESTSTATE_FOR, marker)
    S.put(S.TESTSTATE_INPUT, json.dumps(target.first_input, indent=2, ensure_ascii=False))
    need, _ = mock_need(target)
    S.put(S.TESTSTATE_MOCK, "none" if need == "none" else "result")
    S.put(S.TESTSTATE_RESULT_TEXT, default_result(target) if need != "none" else "")
    S.put(S.TESTSTATE_ERROR, default_error(target))
    S.put(S.TESTSTATE_CAUSE, "")
    S.put(S.TESTSTATE_MODE, "STRICT")
    S.put(S.TESTSTATE_RETRIES, 0)
    S.put(S.TESTSTATE_FAILURES, 0)
    S.put(S.TESTSTATE_CAUSED_BY, "")
    S.put(S.TESTSTATE_READER, "")
    S.pop(S.TESTSTATE_ANSWER)


def _fields() -> Fields:
    return Fields(input_text=S.get(S.TESTSTATE_INPUT) or "", mock=S.get(S.TESTSTATE_MOCK) or "none",
                  result_text=S.get(S.TESTSTATE_RESULT_TEXT) or "", error=S.get(S.TESTSTATE_ERROR) or "",
                  cause=S.get(S.TESTSTATE_CAUSE) or "", mode=S.get(S.TESTSTATE_MODE) or "STRICT",
                  retries=int(S.get(S.TESTSTATE_RETRIES) or 0), failures=int(S.get(S.TESTSTATE_FAILURES) or 0),
                  caused_by=S.get(S.TESTSTATE_CAUSED_BY) or "", reader_text=S.get(S.TESTSTATE_READER) or "",
                  variables_text=S.get(S.TESTSTATE_VARIABLES) or "")


def panel(sim: Simulation) -> None:
    """The "Test one state" tab: pick a state, give it an input and a mock, see every stage."""
    st.markdown("Run one state on its own, as AWS's **TestState** API does: give it an input (and a Task, Map "
                "or Parallel a mocked result or error) and see the data after each stage, the next state, and "
                "what Retry and Catch would do. Nothing calls AWS.")
    if sim.definition is None or not sim.specs:
        st.info("There is no state to test yet.", icon=":material/info:")
        return
    found = targets(sim)
    names = list(found)
    if S.get(S.TESTSTATE_STATE) not in found:
        start = sim.definition.get("StartAt")
        S.put(S.TESTSTATE_STATE, start if start in found else names[0])
    st.selectbox("State to test", names, key=S.TESTSTATE_STATE, format_func=lambda n: found[n].label(),
                 help="Any state of the machine, nested ones too. Its input starts as the data that reached it "
                      "first in the run above.")
    target = found[S.get(S.TESTSTATE_STATE)]
    digest = hashlib.sha256(canonical(sim.definition).encode("utf-8")).hexdigest()
    marker = (digest, target.name, canonical(target.first_input), default_result(target))
    if S.get(S.TESTSTATE_FOR) != marker:
        _fill(target, marker)
    need, why = mock_need(target)
    if need == "required":
        st.info(f"**This state needs a mock.** {why}", icon=":material/info:")

    left, right = st.columns(2, gap="medium")
    with left:
        st.text_area("State input (JSON)", key=S.TESTSTATE_INPUT, height=220,
                     help="The data the state receives. It starts as what reached this state in the run"
                          + ("" if target.runs else " (this state did not run, so it starts empty)") + ".")
        if not target.runs:
            st.caption("This state did not run in this run, so its input starts as {}.")
        if uses_variables(sim.definition):
            st.text_area("Variables in scope (JSON object, optional)", key=S.TESTSTATE_VARIABLES, height=100,
                         placeholder='{"subtotal": 60}',
                         help="The workflow variables the state can read (TestState's variables). The run does "
                              "not keep the variables in scope at each state, so give the ones this state reads.")
    with right:
        if need == "none":
            st.markdown("**Mock**")
            st.caption(why)
            mock = "none"
        else:
            options = ["result", "error"] if need == "required" else ["none", "result", "error"]
            if S.get(S.TESTSTATE_MOCK) not in options:
                S.put(S.TESTSTATE_MOCK, options[0])
            mock = st.radio("Mock", options, key=S.TESTSTATE_MOCK, horizontal=True, format_func=MOCK_LABELS.get,
                            help="What answers in place of the service (or the branches or iterations).")
            if mock == "none":
                st.caption(why)
            elif mock == "result":
                st.text_area("Mocked result (JSON)", key=S.TESTSTATE_RESULT_TEXT, height=150,
                             help="It starts as what this state got in the run." if target.has_result else None)
                st.radio("Field validation mode", MODES, key=S.TESTSTATE_MODE, horizontal=True, help=MODE_HELP)
            else:
                st.text_input("Error name", key=S.TESTSTATE_ERROR, placeholder="States.TaskFailed")
                st.text_input("Cause (optional)", key=S.TESTSTATE_CAUSE)
        use = applies(target, mock)
        if any(use.values()):
            st.markdown("**State configuration**")
            if use["retrierRetryCount"]:
                st.number_input("Retries already made", min_value=0, max_value=99_999, step=1,
                                key=S.TESTSTATE_RETRIES,
                                help="stateConfiguration.retrierRetryCount: the retries the matching retrier "
                                     "has already made. At its MaxAttempts it has none left and Catch decides.")
            if use["mapIterationFailureCount"]:
                st.number_input("Iterations that failed", min_value=0, max_value=99_999, step=1,
                                key=S.TESTSTATE_FAILURES,
                                help="stateConfiguration.mapIterationFailureCount: how many iterations failed, "
                                     "checked against ToleratedFailureCount and ToleratedFailurePercentage.")
            if use["errorCausedByState"]:
                inside = descendants(target.name, found)
                if S.get(S.TESTSTATE_CAUSED_BY) not in ["", *inside]:
                    S.put(S.TESTSTATE_CAUSED_BY, "")
                st.selectbox("Error raised by", ["", *inside], key=S.TESTSTATE_CAUSED_BY,
                             format_func=lambda n: n or "(not set)",
                             help="stateConfiguration.errorCausedByState: the state inside that raised the "
                                  "mocked error.")
            if use["mapItemReaderData"]:
                st.text_area("Data the ItemReader reads (JSON)", key=S.TESTSTATE_READER, height=100,
                             help="stateConfiguration.mapItemReaderData: what the ItemReader would have read.")

    fields = _fields()
    if st.button(f"Test {target.name}", key="teststate_run", type="primary", icon=":material/science:"):
        S.put(S.TESTSTATE_ANSWER, run(sim.definition, target, fields))
    answer: Answer | None = S.get(S.TESTSTATE_ANSWER)
    if answer is None:
        return
    if answer.signature != signature(sim.definition, target, fields):
        st.caption("You changed the test since this answer: test again to update it.")
    show(answer, target, fields, presenter=S.presenter())


def show(answer: Answer, target: Target, fields: Fields, *, presenter: bool = False) -> None:
    """One test's answer: the problems, AWS's refusal, or the response in words and stages."""
    if answer.problems:
        V.problems(answer.problems, title="The test did not run")
        return
    if answer.response is None:
        if answer.code:
            st.error(f"**AWS would refuse this test** · `{answer.code}`\n\n{answer.message}", icon=":material/block:")
        else:
            st.error(answer.message, icon=":material/error:")
        return
    response = answer.response
    status = response.get("status", "")
    headline, words = explain(response, target, fields.retries, variables_missing=not fields.variables_text.strip())
    body = f"**{headline}**\n\n" + "\n".join(f"- {w}" for w in words)
    getattr(st, STATUS_BOX.get(status, "info"))(body, icon=STATUS_ICON.get(status))
    output_col, error_col = st.columns([3, 2]) if response.get("error") else (st.container(), None)
    with output_col:
        st.markdown("**Output**")
        if response.get("output") is not None:
            V.json_block(_decode(response["output"]))
        else:
            st.caption("No output: the state " + ("would run again." if status == "RETRIABLE" else "failed."))
    if error_col is not None:
        with error_col:
            st.markdown("**Error**")
            st.markdown(f"`{response['error']}`")
            if response.get("cause"):
                st.markdown("**Cause**")
                st.code(response["cause"], language=None, wrap_lines=True)
    step = record(response, target)
    V.data_flow(step, target.spec, presenter=presenter)
    iterations = I.iteration_stages(step, target.spec)
    if iterations:
        st.markdown("**What the iterations get** (the mock stands in for what they return)")
        V.stage_cards(iterations, [f"{chr(ord('a') + i)}." for i in range(len(iterations))], presenter=presenter)
    data = response.get("inspectionData") or {}
    counters = [f"{c} {data[c]:g}" for c in MAP_COUNTERS if c in data]
    if counters:
        st.caption("Map counters: " + " · ".join(counters))
    with st.expander("The TestState response, as AWS returns it"):
        V.json_block(response)
