"""Validation: every problem in a definition, each with a JSON Pointer to where it is.

Checks structure (state types and fields, Next/End, dangling targets, a terminal state,
reachability), Retry and Catch (States.ALL alone and last), values (paths, reference
paths, intrinsic syntax, field types and ranges) and what Express workflows refuse.
"""

from __future__ import annotations

from typing import Any, Iterator

from .choice import LITERAL_TYPES, OPERATORS, parse_timestamp
from .errors import Problem
from .intrinsics import IntrinsicSyntaxError, compile_intrinsic, is_intrinsic
from .jsonata_mode import is_expr
from .paths import PathSyntaxError, ReferencePathError, compile_path, compile_reference
from .tasks import parse_resource

_BASE = {"Type", "Comment", "QueryLanguage"}
_IO = {"InputPath", "OutputPath"}
_FLOW = {"Next", "End"}
_RESULT = {"ResultPath", "Parameters", "ResultSelector"}
_JSONATA = {"Arguments", "Output", "Assign"}

FIELDS: dict[str, set[str]] = {
    "Pass": _BASE | _IO | _FLOW | {"ResultPath", "Parameters", "Result", "Assign", "Output"},
    "Task": _BASE | _IO | _FLOW | _RESULT | _JSONATA | {
        "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
        "Retry", "Catch", "Credentials"},
    "Choice": _BASE | _IO | {"Choices", "Default", "Assign", "Output"},
    "Wait": _BASE | _IO | _FLOW | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign", "Output"},
    "Succeed": _BASE | _IO | {"Output"},
    "Fail": _BASE | {"Error", "ErrorPath", "Cause", "CausePath"},
    "Parallel": _BASE | _IO | _FLOW | _RESULT | _JSONATA | {"Branches", "Retry", "Catch"},
    "Map": _BASE | _IO | _FLOW | _RESULT | _JSONATA | {
        "ItemsPath", "Items", "ItemSelector", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher",
        "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
        "Retry", "Catch"},
}
TOP_FIELDS = {"Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"}
JSONPATH_ONLY = {"InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "ItemsPath",
                 "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath",
                 "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "TimeoutSecondsPath",
                 "HeartbeatSecondsPath", "Iterator"}
JSONATA_ONLY = {"Arguments", "Output", "Items"}
RETRIER_FIELDS = {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"}
CATCHER_FIELDS = {"ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"}
QUERY_LANGUAGES = ("JSONPath", "JSONata")
MAX_SECONDS = 99_999_999  # the documented cap of IntervalSeconds, MaxAttempts and Wait Seconds


def _ptr(*tokens: Any) -> str:
    """A JSON Pointer built from tokens (escaping ~ and /)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def validate(definition: Any, *, workflow_type: str = "STANDARD") -> list[Problem]:
    """Return every problem in a definition (an empty list when it is valid)."""
    from .source import load_definition
    from .errors import InvalidDefinition

    try:
        spec = load_definition(definition)
    except InvalidDefinition as exc:
        return exc.problems
    problems: list[Problem] = []
    for key in spec:
        if key not in TOP_FIELDS:
            problems.append(Problem(_ptr(key), f"unknown top-level field {key!r} (allowed: {', '.join(sorted(TOP_FIELDS))})"))
    lang = spec.get("QueryLanguage", "JSONPath")
    if not isinstance(lang, str) or lang not in QUERY_LANGUAGES:
        problems.append(Problem("/QueryLanguage", f"QueryLanguage must be JSONPath or JSONata, not {lang!r}"))
        lang = "JSONPath"
    if "TimeoutSeconds" in spec and not _positive_int(spec["TimeoutSeconds"]):
        problems.append(Problem("/TimeoutSeconds", "TimeoutSeconds must be a positive integer"))
    _check_program(spec, (), problems, workflow_type.upper(), lang)
    return problems


def _check_program(spec: dict, where: tuple, problems: list[Problem], wf: str, lang: str) -> None:
    """Check one StartAt/States scope and the states inside it."""
    states = spec.get("States")
    if not isinstance(spec.get("StartAt"), str):
        problems.append(Problem(_ptr(*where, "StartAt"), "StartAt is required and must be the name of a state"))
    if not isinstance(states, dict) or not states:
        problems.append(Problem(_ptr(*where, "States"), "States is required and must be an object with at least one state"))
        return
    start = spec.get("StartAt")
    if isinstance(start, str) and start not in states:
        problems.append(Problem(_ptr(*where, "StartAt"), f"StartAt names {start!r}, which is not a state here"))
    for name, state in states.items():
        _check_state(name, state, states, (*where, "States", name), problems, wf, lang)
    _check_reachability(spec, states, where, problems)


def _targets(state: dict) -> Iterator[str]:
    """Every state a state can move to."""
    if not isinstance(state, dict):
        return
    if isinstance(state.get("Next"), str):
        yield state["Next"]
    if isinstance(state.get("Default"), str):
        yield state["Default"]
    for rule in _list(state.get("Choices")):
        if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
            yield rule["Next"]
    for catcher in _list(state.get("Catch")):
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            yield catcher["Next"]


def _list(value) -> list:
    """A value that should be an array, or [] when it is not."""
    return value if isinstance(value, list) else []


def _check_reachability(spec: dict, states: dict, where: tuple, problems: list[Problem]) -> None:
    """Unreachable states, and scopes with no way to end."""
    start = spec.get("StartAt")
    if not isinstance(start, str) or start not in states:
        return
    seen, todo = {start}, [start]
    while todo:
        for target in _targets(states[todo.pop()]):
            if target in states and target not in seen:
                seen.add(target)
                todo.append(target)
    for name in states:
        if name not in seen:
            problems.append(Problem(_ptr(*where, "States", name), f"state {name!r} is unreachable: no state moves to it"))
    terminal = any(
        isinstance(s, dict) and (s.get("Type") in ("Succeed", "Fail") or s.get("End") is True) for s in states.values()
    )
    if not terminal:
        problems.append(Problem(_ptr(*where, "States"), "no terminal state: add a Succeed or Fail state, or \"End\": true"))


def _check_state(name, state, siblings, where, problems, wf, lang) -> None:
    """Check one state's type, fields, transitions and values."""
    add = lambda field, message: problems.append(Problem(_ptr(*where, *field), message))  # noqa: E731
    if not isinstance(state, dict):
        add((), "a state must be an object")
        return
    if len(name) > 80:
        add((), "state names must be at most 80 characters")
    kind = state.get("Type")
    if not isinstance(kind, str) or kind not in FIELDS:
        add(("Type",), f"unknown state type {kind!r} (expected one of {', '.join(FIELDS)})")
        return
    state_lang = state.get("QueryLanguage", lang)
    if not isinstance(state_lang, str) or state_lang not in QUERY_LANGUAGES:
        add(("QueryLanguage",), f"QueryLanguage must be JSONPath or JSONata, not {state_lang!r}")
        state_lang = lang
    elif lang == "JSONata" and state_lang == "JSONPath" and "QueryLanguage" in state:
        add(("QueryLanguage",), "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata")
    for key in state:
        if key not in FIELDS[kind]:
            add((key,), f"unknown field {key!r} for a {kind} state (allowed: {', '.join(sorted(FIELDS[kind] - {'Type'}))})")
        elif state_lang == "JSONata" and key in JSONPATH_ONLY:
            add((key,), f"{key} is a JSONPath field; in JSONata mode use Arguments, Output and Assign")
        elif state_lang == "JSONPath" and key in JSONATA_ONLY:
            add((key,), f"{key} is a JSONata field; it needs \"QueryLanguage\": \"JSONata\"")
    # transitions
    if kind in ("Choice", "Succeed", "Fail"):
        for key in ("Next", "End"):
            if key in state:
                add((key,), f"a {kind} state cannot have {key}")
    else:
        has_next, has_end = "Next" in state, "End" in state
        if has_end and state["End"] is not True:
            add(("End",), "End must be true (or left out)")
        if has_next and has_end:
            add((), "a state cannot have both Next and End")
        elif not has_next and not has_end:
            add((), f"a {kind} state needs Next or \"End\": true")
    if "Next" in state:
        _check_target(state["Next"], siblings, (*where, "Next"), problems)
    if "Default" in state:
        _check_target(state["Default"], siblings, (*where, "Default"), problems)
    if state_lang == "JSONPath":
        for key in ("InputPath", "OutputPath"):
            if key in state and state[key] is not None:
                _check_path(state[key], (*where, key), problems)
        if "ResultPath" in state and state["ResultPath"] is not None:
            _check_reference(state["ResultPath"], (*where, "ResultPath"), problems)
        for key in ("Parameters", "ResultSelector", "ItemSelector", "Assign"):
            if key in state:
                _check_template(state[key], (*where, key), problems)
    if "Assign" in state and not isinstance(state["Assign"], dict):
        add(("Assign",), "Assign must be an object mapping variable names to values")
    for key in ("TimeoutSeconds", "HeartbeatSeconds"):
        if key in state and not _positive_int(state[key]) and not (state_lang == "JSONata" and is_expr(state[key])):
            add((key,), f"{key} must be a positive integer")
    for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ItemsPath",
                "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"):
        if key in state and state_lang == "JSONPath":
            _check_path(state[key], (*where, key), problems)
    if isinstance(state.get("HeartbeatSeconds"), int) and isinstance(state.get("TimeoutSeconds"), int):
        if state["HeartbeatSeconds"] >= state["TimeoutSeconds"]:
            add(("HeartbeatSeconds",), "HeartbeatSeconds must be smaller than TimeoutSeconds")
    for key in ("Retry", "Catch"):
        if key in state:
            _check_handlers(key, state[key], siblings, (*where, key), problems)
    CHECKS.get(kind, lambda *a: None)(state, where, problems, wf, state_lang, siblings)


def _check_target(target, siblings, where, problems) -> None:
    if not isinstance(target, str):
        problems.append(Problem(_ptr(*where), "a transition target must be a state name"))
    elif target not in siblings:
        problems.append(Problem(_ptr(*where), f"{target!r} is not a state in this scope"))


def _check_path(value, where, problems) -> None:
    try:
        compile_path(value)
    except (PathSyntaxError, TypeError) as exc:
        problems.append(Problem(_ptr(*where), str(exc) if isinstance(exc, PathSyntaxError) else f"{value!r} is not a JSONPath"))


def _check_reference(value, where, problems) -> None:
    try:
        compile_reference(value)
    except (ReferencePathError, TypeError) as exc:
        problems.append(Problem(_ptr(*where), str(exc) if isinstance(exc, ReferencePathError) else f"{value!r} is not a reference path"))


def _check_value_expr(value, where, problems) -> None:
    """A `.$` value: a path or an intrinsic function call."""
    if not isinstance(value, str):
        problems.append(Problem(_ptr(*where), "the value of a field ending in .$ must be a string (a path or an intrinsic function)"))
    elif is_intrinsic(value):
        try:
            compile_intrinsic(value)
        except IntrinsicSyntaxError as exc:
            problems.append(Problem(_ptr(*where), f"invalid intrinsic function: {exc}"))
    else:
        _check_path(value, where, problems)


def _check_template(template, where, problems) -> None:
    """Payload templates: every `.$` value must be a path or an intrinsic."""
    if isinstance(template, dict):
        for key, value in template.items():
            if isinstance(key, str) and key.endswith(".$"):
                _check_value_expr(value, (*where, key), problems)
            else:
                _check_template(value, (*where, key), problems)
    elif isinstance(template, list):
        for i, value in enumerate(template):
            _check_template(value, (*where, i), problems)


def _check_handlers(key, handlers, siblings, where, problems) -> None:
    """Retry or Catch: a list of objects; States.ALL alone and last."""
    if not isinstance(handlers, list):
        problems.append(Problem(_ptr(*where), f"{key} must be an array"))
        return
    allowed = RETRIER_FIELDS if key == "Retry" else CATCHER_FIELDS
    for i, h in enumerate(handlers):
        here = (*where, i)
        if not isinstance(h, dict):
            problems.append(Problem(_ptr(*here), f"each {key} entry must be an object"))
            continue
        for field in h:
            if field not in allowed:
                problems.append(Problem(_ptr(*here, field), f"unknown field {field!r} in a {'retrier' if key == 'Retry' else 'catcher'}"))
        errors = h.get("ErrorEquals")
        if not isinstance(errors, list) or not errors or not all(isinstance(e, str) for e in errors):
            problems.append(Problem(_ptr(*here, "ErrorEquals"), "ErrorEquals must be a non-empty array of error names"))
        elif "States.ALL" in errors:
            if len(errors) > 1:
                problems.append(Problem(_ptr(*here, "ErrorEquals"), "States.ALL must appear alone in its ErrorEquals"))
            if i != len(handlers) - 1:
                problems.append(Problem(_ptr(*here, "ErrorEquals"), f"the {key} entry with States.ALL must be the last one"))
        if key == "Retry":
            _check_retrier(h, here, problems)
        else:
            if "Next" not in h:
                problems.append(Problem(_ptr(*here), "a catcher needs Next"))
            else:
                _check_target(h["Next"], siblings, (*here, "Next"), problems)
            if h.get("ResultPath") is not None:
                _check_reference(h["ResultPath"], (*here, "ResultPath"), problems)


def _check_retrier(h, here, problems) -> None:
    def bad(field, message):
        problems.append(Problem(_ptr(*here, field), message))

    if "IntervalSeconds" in h and not (_positive_int(h["IntervalSeconds"]) and h["IntervalSeconds"] <= MAX_SECONDS):
        bad("IntervalSeconds", f"IntervalSeconds must be a positive integer up to {MAX_SECONDS:,}")
    if "MaxAttempts" in h and not (_int(h["MaxAttempts"]) and 0 <= h["MaxAttempts"] <= MAX_SECONDS):
        bad("MaxAttempts", f"MaxAttempts must be an integer from 0 to {MAX_SECONDS:,}")
    if "BackoffRate" in h and not (_number(h["BackoffRate"]) and h["BackoffRate"] >= 1.0):
        bad("BackoffRate", "BackoffRate must be a number ≥ 1.0")
    if "MaxDelaySeconds" in h and not _positive_int(h["MaxDelaySeconds"]):
        bad("MaxDelaySeconds", "MaxDelaySeconds must be a positive integer")
    if "JitterStrategy" in h and h["JitterStrategy"] not in ("FULL", "NONE"):
        bad("JitterStrategy", "JitterStrategy must be FULL or NONE")


def _int(v) -> bool:
    return type(v) is int


def _positive_int(v) -> bool:
    return type(v) is int and v > 0


def _number(v) -> bool:
    return type(v) in (int, float)


# -- per-type checks ------------------------------------------------------------------------


def _check_task(state, where, problems, wf, lang, siblings) -> None:
    resource = state.get("Resource")
    if not isinstance(resource, str) or not resource.startswith("arn:"):
        problems.append(Problem(_ptr(*where, "Resource"), "Resource must be an ARN (a Lambda function, an activity or an integration such as arn:aws:states:::lambda:invoke)"))
        return
    waits = resource.endswith(".waitForTaskToken") or parse_resource(resource).kind == "activity"
    if waits and "TimeoutSeconds" not in state and "TimeoutSecondsPath" not in state:
        problems.append(Problem(_ptr(*where), "no TimeoutSeconds: a task that waits for a callback or an activity worker can wait as long as the execution may run (a year)", "warning"))
    if wf == "EXPRESS":
        r = parse_resource(resource)
        if r.kind == "activity":
            problems.append(Problem(_ptr(*where, "Resource"), "Express workflows cannot run activities: an activity worker may take longer than Express's 5 minutes; use a Standard workflow"))
        elif r.pattern in (".sync", ".sync:2"):
            problems.append(Problem(_ptr(*where, "Resource"), f"Express workflows do not support the Run a Job ({r.pattern}) pattern: waiting for a job can outlast 5 minutes; use a Standard workflow"))
        elif r.pattern == ".waitForTaskToken":
            problems.append(Problem(_ptr(*where, "Resource"), "Express workflows do not support the callback (.waitForTaskToken) pattern; use a Standard workflow"))


def _check_choice(state, where, problems, wf, lang, siblings) -> None:
    choices = state.get("Choices")
    if not isinstance(choices, list) or not choices:
        problems.append(Problem(_ptr(*where, "Choices"), "a Choice state needs a non-empty Choices array"))
        return
    if "Default" not in state:
        problems.append(Problem(_ptr(*where), "no Default: when no rule matches, the execution fails with States.Runtime", "warning"))
    for i, rule in enumerate(choices):
        here = (*where, "Choices", i)
        if not isinstance(rule, dict):
            problems.append(Problem(_ptr(*here), "a choice rule must be an object"))
            continue
        if "Next" not in rule:
            problems.append(Problem(_ptr(*here), "a top-level choice rule needs Next"))
        else:
            _check_target(rule["Next"], siblings, (*here, "Next"), problems)
        if "Assign" in rule and not isinstance(rule["Assign"], dict):
            problems.append(Problem(_ptr(*here, "Assign"), "Assign must be an object mapping variable names to values"))
        if lang == "JSONata":
            if "Condition" not in rule:
                problems.append(Problem(_ptr(*here), "in JSONata mode a choice rule needs a Condition"))
        else:
            _check_rule(rule, here, problems, top=True)


def _check_rule(rule, here, problems, top=False) -> None:
    """A JSONPath choice rule: one operator, or And/Or/Not."""
    if not isinstance(rule, dict):
        problems.append(Problem(_ptr(*here), "a choice rule must be an object"))
        return
    extra = {"Next", "Comment", "Assign"} if top else {"Comment"}
    combinators = [k for k in ("And", "Or", "Not") if k in rule]
    ops = [k for k in rule if k in OPERATORS]
    unknown = [k for k in rule if k not in OPERATORS and k not in extra and k not in ("And", "Or", "Not", "Variable")]
    for k in unknown:
        problems.append(Problem(_ptr(*here, k), f"unknown field {k!r} in a choice rule"))
    if combinators:
        if ops or "Variable" in rule or len(combinators) > 1:
            problems.append(Problem(_ptr(*here), "a rule with And, Or or Not cannot also compare a Variable"))
        for k in combinators:
            inner = rule[k]
            if k == "Not":
                _check_rule(inner, (*here, k), problems)
            elif not isinstance(inner, list) or not inner:
                problems.append(Problem(_ptr(*here, k), f"{k} needs a non-empty array of rules"))
            else:
                for j, r in enumerate(inner):
                    _check_rule(r, (*here, k, j), problems)
        return
    if "Variable" not in rule:
        problems.append(Problem(_ptr(*here), "a choice rule needs Variable and a comparison operator (or And/Or/Not)"))
    else:
        _check_path(rule["Variable"], (*here, "Variable"), problems)
    if len(ops) != 1:
        problems.append(Problem(_ptr(*here), "a choice rule needs exactly one comparison operator" if not ops else f"a choice rule can use only one operator, found {ops}"))
        return
    op = ops[0]
    operand = rule[op]
    if op.endswith("Path"):
        _check_path(operand, (*here, op), problems)
    else:
        expected = LITERAL_TYPES[op]
        ok = isinstance(operand, expected) and (expected is bool or not isinstance(operand, bool))
        if not ok:
            names = {str: "a string", bool: "a boolean", (int, float): "a number"}
            problems.append(Problem(_ptr(*here, op), f"{op} needs {names.get(expected, expected)}, not {operand!r}"))
        elif op.startswith("Timestamp") and parse_timestamp(operand) is None:
            problems.append(Problem(_ptr(*here, op), f"{operand!r} is not an ISO-8601 timestamp such as 2024-01-01T00:00:00Z"))


def _check_wait(state, where, problems, wf, lang, siblings) -> None:
    given = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in state]
    if lang == "JSONata":
        given = [k for k in given if k in ("Seconds", "Timestamp")]
        if len(given) != 1:
            problems.append(Problem(_ptr(*where), "a Wait state needs exactly one of Seconds or Timestamp"))
        return
    if len(given) != 1:
        problems.append(Problem(_ptr(*where), "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath"))
    if "Seconds" in state and not (_int(state["Seconds"]) and 0 <= state["Seconds"] <= MAX_SECONDS):
        problems.append(Problem(_ptr(*where, "Seconds"), f"Seconds must be an integer from 0 to {MAX_SECONDS:,}"))
    if "Timestamp" in state and (not isinstance(state["Timestamp"], str) or parse_timestamp(state["Timestamp"]) is None):
        problems.append(Problem(_ptr(*where, "Timestamp"), "Timestamp must be an ISO-8601 timestamp such as 2024-01-01T00:00:00Z"))


def _check_fail(state, where, problems, wf, lang, siblings) -> None:
    for literal, path in (("Error", "ErrorPath"), ("Cause", "CausePath")):
        if literal in state and path in state:
            problems.append(Problem(_ptr(*where, path), f"use {literal} or {path}, not both"))
        if literal in state and not isinstance(state[literal], str):
            problems.append(Problem(_ptr(*where, literal), f"{literal} must be a string"))
        if path in state and lang == "JSONPath":
            _check_value_expr(state[path], (*where, path), problems)


def _check_parallel(state, where, problems, wf, lang, siblings) -> None:
    branches = state.get("Branches")
    if not isinstance(branches, list) or not branches:
        problems.append(Problem(_ptr(*where, "Branches"), "a Parallel state needs a non-empty Branches array"))
        return
    for i, branch in enumerate(branches):
        if not isinstance(branch, dict):
            problems.append(Problem(_ptr(*where, "Branches", i), "a branch must be an object with StartAt and States"))
        else:
            _check_program(branch, (*where, "Branches", i), problems, wf, branch.get("QueryLanguage", lang))


def _check_map(state, where, problems, wf, lang, siblings) -> None:
    key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
    processor = state.get(key)
    if "ItemProcessor" in state and "Iterator" in state:
        problems.append(Problem(_ptr(*where, "Iterator"), "use ItemProcessor or the older Iterator, not both"))
    if not isinstance(processor, dict):
        problems.append(Problem(_ptr(*where), "a Map state needs an ItemProcessor with StartAt and States"))
        return
    if "ItemSelector" in state and "Parameters" in state:
        problems.append(Problem(_ptr(*where, "Parameters"), "use ItemSelector or the older Parameters, not both"))
    config = processor.get("ProcessorConfig", {})
    if not isinstance(config, dict):
        problems.append(Problem(_ptr(*where, key, "ProcessorConfig"), "ProcessorConfig must be an object such as {\"Mode\": \"INLINE\"}"))
    elif config.get("Mode", "INLINE") not in ("INLINE", "DISTRIBUTED"):
        problems.append(Problem(_ptr(*where, key, "ProcessorConfig", "Mode"), "Mode must be INLINE or DISTRIBUTED"))
    if lang == "JSONata":
        _check_program(_processor_scope(processor), (*where, key), problems, wf, processor.get("QueryLanguage", lang))
        return
    for field in ("MaxConcurrency", "ToleratedFailureCount"):
        if field in state and not (_int(state[field]) and state[field] >= 0):
            problems.append(Problem(_ptr(*where, field), f"{field} must be an integer ≥ 0"))
    if "ToleratedFailurePercentage" in state and not (_number(state["ToleratedFailurePercentage"]) and 0 <= state["ToleratedFailurePercentage"] <= 100):
        problems.append(Problem(_ptr(*where, "ToleratedFailurePercentage"), "ToleratedFailurePercentage must be a number from 0 to 100"))
    _check_program(_processor_scope(processor), (*where, key), problems, wf, processor.get("QueryLanguage", lang))


def _processor_scope(processor: dict) -> dict:
    """A Map processor's StartAt/States, without its ProcessorConfig."""
    return {k: v for k, v in processor.items() if k != "ProcessorConfig"}


CHECKS = {
    "Task": _check_task,
    "Choice": _check_choice,
    "Wait": _check_wait,
    "Fail": _check_fail,
    "Parallel": _check_parallel,
    "Map": _check_map,
}


def state_names(spec: dict) -> set[str]:
    """Every state name in a definition, nested ones included."""
    names: set[str] = set()
    todo = [spec]
    while todo:
        scope = todo.pop()
        for name, state in (scope.get("States") or {}).items():
            names.add(name)
            if not isinstance(state, dict):
                continue
            todo.extend(b for b in state.get("Branches") or () if isinstance(b, dict))
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), dict):
                    todo.append(state[key])
    return names
