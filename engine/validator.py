"""Validation: every problem AWS would refuse a definition for, each at its JSON Pointer.

`validate` returns a list of `Problem`s (empty when the definition is valid). Each has the
JSON Pointer of what is wrong, a message (AWS's words where AWS has them) and a `code`:
AWS's diagnostic codes (SCHEMA_VALIDATION_FAILED, INVALID_RESOURCE, MISSING_END_STATE,
DUPLICATE_STATE_NAME, INVALID_STATE_NAME, MISSING_TRANSITION_TARGET, DUPLICATE_LABEL_NAME,
INVALID_LABEL_NAME, INVALID_JSON_DESCRIPTION, MISSING_DESCRIPTION), INVALID_JSONATA_EXPRESSION
and RESERVED_VARIABLE_NAME. Warnings (severity "warning") never make a definition invalid:
AWS's NO_DOLLAR and PASS_RESULT_IS_STATIC, and Stepwise's own hints (a Choice with no
Default, a callback with no timeout, waits an Express workflow cannot finish, intrinsic
calls that will fail when they run).

This module walks the scopes (the top level, Parallel branches, Map processors) and the
fields every state shares; `engine.state_checks` holds the checks of each state type,
`engine.fields` the field tables, `engine.resources` the Task Resource grammar and
`engine.expressions` the checks of paths, intrinsic calls and JSONata.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import fields as F
from .errors import InvalidDefinition, Problem
from .expressions import check_dollar_value, check_jsonata, check_path, check_reference
from .intrinsics import is_intrinsic

SCHEMA = "SCHEMA_VALIDATION_FAILED"


def _ptr(*tokens: Any) -> str:
    """A JSON Pointer built from tokens (escaping ~ and /)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def validate(definition: Any, *, workflow_type: str = "STANDARD") -> list[Problem]:
    """Return every problem in a definition (an empty list when it is valid).

    `definition` is a dict, or JSON/YAML text. `workflow_type` is STANDARD or EXPRESS.
    """
    from .source import load_definition

    try:
        spec = load_definition(definition)
    except InvalidDefinition as exc:
        return [_text_problem(p, definition) for p in exc.problems]
    wf = workflow_type.upper() if isinstance(workflow_type, str) else ""
    if wf not in ("STANDARD", "EXPRESS"):
        return [Problem("", f"workflow_type must be STANDARD or EXPRESS, not {workflow_type!r}")]
    return Checker(wf).run(spec)


def _text_problem(p: Problem, definition: Any) -> Problem:
    """A definition that is not a JSON object: AWS's codes for empty and unreadable text."""
    if isinstance(definition, (str, bytes)) and not (definition.strip() if isinstance(definition, str) else definition.strip()):
        return Problem(p.path, "Definition must be a valid JSON object (the text is empty)", p.severity, "MISSING_DESCRIPTION")
    return Problem(p.path, p.message, p.severity, "INVALID_JSON_DESCRIPTION")


class Checker:
    """One validation run: the problems found and what the whole machine must keep unique."""

    def __init__(self, workflow_type: str = "STANDARD"):
        self.wf = workflow_type
        self.top_lang = "JSONPath"
        self.problems: list[Problem] = []
        self.names: dict[str, tuple] = {}
        self.labels: dict[str, tuple] = {}
        self.inherited = "JSONPath"

    # -- reporting ------------------------------------------------------------------------
    def add(self, where: tuple, message: str, code: str = SCHEMA, severity: str = "error") -> None:
        self.problems.append(Problem(_ptr(*where), message, severity, code))

    def warn(self, where: tuple, message: str, code: str) -> None:
        self.add(where, message, code, "warning")

    def reporter(self, where: tuple):
        """A report(tokens, message, code, severity) callback for values under `where`."""
        def report(tokens: tuple, message: str, code: str = SCHEMA, severity: str = "error") -> None:
            self.add((*where, *tokens), message, code, severity)
        return report

    # -- the machine ----------------------------------------------------------------------
    def run(self, spec: dict) -> list[Problem]:
        lang = spec.get("QueryLanguage", "JSONPath")
        if not isinstance(lang, str) or lang not in F.QUERY_LANGUAGES:
            self.add(("QueryLanguage",), f"The value for the field 'QueryLanguage' must be JSONPath or JSONata, not {lang!r}")
            lang = "JSONPath"
        self.top_lang = lang
        if "TimeoutSeconds" in spec:
            t = spec["TimeoutSeconds"]
            if not (_int(t) and 0 < t <= F.MAX_SECONDS):
                self.add(("TimeoutSeconds",), f"The value for the field 'TimeoutSeconds' must be a positive integer up to {F.MAX_SECONDS}")
            elif self.wf == "EXPRESS" and t > F.EXPRESS_LIMIT_SECONDS:
                self.warn(("TimeoutSeconds",), f"TimeoutSeconds {t} is longer than an Express workflow may run (5 minutes)",
                          "EXPRESS_DURATION")
        if "Version" in spec and not isinstance(spec["Version"], str):
            self.add(("Version",), "The value for the field 'Version' must be a string")
        self.scope(spec, (), lang, F.TOP_FIELDS, "state machine")
        return self.problems

    def scope(self, spec: Any, where: tuple, lang: str, allowed: frozenset, what: str) -> None:
        """One StartAt/States scope: the top level, a Parallel branch or a Map processor."""
        if not isinstance(spec, dict):
            self.add(where, f"A {what} must be an object with StartAt and States")
            return
        self.unknown_fields(spec, where, allowed)
        if "Comment" in spec and not isinstance(spec["Comment"], str):
            self.add((*where, "Comment"), "The value for the field 'Comment' must be a string")
        missing = [k for k in ("States", "StartAt") if k not in spec]
        if missing:
            self.add(where, f"These fields are required: [{', '.join(missing)}]")
        states, start = spec.get("States"), spec.get("StartAt")
        if "StartAt" in spec and not isinstance(start, str):
            self.add((*where, "StartAt"), "The value for the field 'StartAt' must be a string: the name of a state")
        if "States" not in spec:
            return
        if not isinstance(states, dict) or not states:
            self.add((*where, "States"), "The value for the field 'States' must be an object holding at least one state")
            return
        if isinstance(start, str) and start not in states:
            self.add((*where, "StartAt"), f"Missing 'StartAt' target: {start}", "MISSING_TRANSITION_TARGET")
        for name, state in states.items():
            self.state(name, state, states, (*where, "States", name), lang)
        self.reachability(start, states, where)

    def unknown_fields(self, obj: dict, where: tuple, allowed: frozenset) -> None:
        for key in obj:
            if key not in allowed:
                self.add((*where, key), f"The field \"{key}\" is not supported by Step Functions")

    def reachability(self, start: Any, states: dict, where: tuple) -> None:
        """Every state is reachable from StartAt, and some state ends the scope."""
        terminal = any(isinstance(s, dict) and (s.get("Type") in ("Succeed", "Fail") or s.get("End") is True)
                       for s in states.values())
        if not terminal:
            self.add((*where, "States"), "Workflow has no terminal state: add a Succeed or Fail state, or \"End\": true",
                     "MISSING_END_STATE")
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
                self.add((*where, "States", name), f"State \"{name}\" is not reachable")

    # -- one state ------------------------------------------------------------------------
    def state(self, name: str, state: Any, siblings: dict, where: tuple, inherited: str) -> None:
        if name in self.names:
            self.add(where, f"Duplicate State name: {name} (state names must be unique in the whole state machine; "
                            f"also at {_ptr(*self.names[name])})", "DUPLICATE_STATE_NAME")
        else:
            self.names[name] = where
        if not isinstance(name, str) or not name or len(name) > F.MAX_STATE_NAME:
            self.add(where, f"State names must be 1 to {F.MAX_STATE_NAME} characters long ({len(str(name))} here)",
                     "INVALID_STATE_NAME")
        if not isinstance(state, dict):
            self.add(where, "A state must be an object")
            return
        kind = state.get("Type")
        if "Type" not in state:
            self.add(where, "The field 'Type' is required but was missing")
            return
        if not isinstance(kind, str) or kind not in F.STATE_FIELDS:
            self.add((*where, "Type"), f"The value for the field 'Type' must be one of {', '.join(F.STATE_TYPES)}, not {kind!r}")
            return
        lang = state.get("QueryLanguage", inherited)
        if not isinstance(lang, str) or lang not in F.QUERY_LANGUAGES:
            self.add((*where, "QueryLanguage"), f"The value for the field 'QueryLanguage' must be JSONPath or JSONata, not {lang!r}")
            lang = inherited
        elif lang == "JSONPath" and self.top_lang == "JSONata" and "QueryLanguage" in state:
            self.add((*where, "QueryLanguage"), "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
        allowed = F.STATE_FIELDS[kind]
        for key in state:
            if key not in allowed:
                self.add((*where, key), f"The field \"{key}\" is not supported by Step Functions for a {kind} state")
            elif lang == "JSONata" and key in F.JSONPATH_ONLY:
                self.add((*where, key), f"The field \"{key}\" is not supported in a JSONata state: "
                                        "JSONata states use Arguments, Output and Assign")
            elif lang == "JSONPath" and key in F.JSONATA_ONLY:
                self.add((*where, key), f"The field \"{key}\" is supported only in JSONata states "
                                        "(\"QueryLanguage\": \"JSONata\")")
        if "Comment" in state and not isinstance(state["Comment"], str):
            self.add((*where, "Comment"), "The value for the field 'Comment' must be a string")
        self.exclusive(state, where, kind)
        self.transitions(kind, state, siblings, where)
        self.data_fields(state, where, lang)
        for key in ("Retry", "Catch"):
            if key in state:
                self.handlers(key, state[key], siblings, (*where, key), lang)
        from .state_checks import CHECKS

        self.inherited = inherited
        CHECKS[kind](self, state, where, lang, siblings)

    def exclusive(self, obj: dict, where: tuple, what: str) -> None:
        for a, b in F.EXCLUSIVE:
            if a in obj and b in obj:
                self.add((*where, b), f"A {what} may have only one of [\"{a}\", \"{b}\"]")

    def transitions(self, kind: str, state: dict, siblings: dict, where: tuple) -> None:
        if kind in ("Choice", "Succeed", "Fail"):
            return  # Next/End are unknown fields for these types
        has_next, has_end = "Next" in state, "End" in state
        if has_end and state["End"] is not True:
            self.add((*where, "End"), "The value for the field 'End' must be true (or leave End out)")
        if has_next and has_end:
            self.add(where, "A state may have only one of [\"Next\", \"End\"]")
        elif not has_next and not has_end:
            self.add(where, f"A {kind} state must have either \"Next\" or \"End\": true")
        if has_next:
            self.target(state["Next"], siblings, (*where, "Next"))

    def target(self, name: Any, siblings: dict, where: tuple) -> None:
        if not isinstance(name, str):
            self.add(where, f"The value for the field '{where[-1]}' must be a string: the name of a state")
        elif name not in siblings:
            self.add(where, f"Missing '{where[-1]}' target: {name}", "MISSING_TRANSITION_TARGET")

    def data_fields(self, state: dict, where: tuple, lang: str) -> None:
        """InputPath, OutputPath, ResultPath, payload templates, Assign and JSONata fields."""
        if lang == "JSONPath":
            for key in ("InputPath", "OutputPath"):
                if key in state:
                    check_path(state[key], self.reporter((*where, key)), key, nullable=True)
            if "ResultPath" in state:
                check_reference(state["ResultPath"], self.reporter((*where, "ResultPath")), "ResultPath")
            for key in ("Parameters", "ResultSelector"):
                if key in state:
                    self.template(state[key], (*where, key))
        else:
            for key in ("Arguments", "Output"):
                if key in state:
                    check_jsonata(state[key], self.reporter((*where, key)))
        if "Assign" in state:
            self.assign(state["Assign"], (*where, "Assign"), lang)

    def template(self, value: Any, where: tuple) -> None:
        """A JSONPath payload template: `.$` values are paths or intrinsic calls."""
        if isinstance(value, dict):
            for key, v in value.items():
                key = str(key)
                if key.endswith(".$"):
                    check_dollar_value(v, self.reporter((*where, key)), key)
                    if key[:-2] in value:
                        self.add((*where, key), f"The fields \"{key[:-2]}\" and \"{key}\" both give the key "
                                                f"\"{key[:-2]}\": keep one of them")
                else:
                    if isinstance(v, str) and _looks_dynamic(v):
                        self.warn((*where, key), f"The value of \"{key}\" looks like a path or an intrinsic function, "
                                                 f"but the field name does not end in \".$\", so it is passed as the "
                                                 f"literal text {v!r}", "NO_DOLLAR")
                    self.template(v, (*where, key))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.template(v, (*where, i))

    def assign(self, value: Any, where: tuple, lang: str) -> None:
        """Assign: an object of variable names; JSONPath `.$` values, or JSONata expressions."""
        if not isinstance(value, dict):
            self.add(where, "The value for the field 'Assign' must be an object mapping variable names to values")
            return
        for key in value:
            key = str(key)
            name = key[:-2] if lang == "JSONPath" and key.endswith(".$") else key
            if name in F.RESERVED_VARIABLES:
                self.add((*where, key), f"Cannot assign to reserved variable '${name}'.", "RESERVED_VARIABLE_NAME")
        if lang == "JSONPath":
            self.template(value, where)
        else:
            check_jsonata(value, self.reporter(where))

    # -- Retry and Catch ------------------------------------------------------------------
    def handlers(self, key: str, handlers: Any, siblings: dict, where: tuple, lang: str) -> None:
        if not isinstance(handlers, list):
            self.add(where, f"The value for the field '{key}' must be an array")
            return
        allowed = F.RETRIER_FIELDS if key == "Retry" else F.CATCHER_FIELDS
        what = "Retrier" if key == "Retry" else "Catcher"
        for i, h in enumerate(handlers):
            here = (*where, i)
            if not isinstance(h, dict):
                self.add(here, f"Each {what} must be an object")
                continue
            for field in h:
                if field not in allowed:
                    self.add((*here, field), f"The field \"{field}\" is not supported by Step Functions in a {what}")
                elif lang == "JSONata" and field in F.JSONPATH_ONLY:
                    self.add((*here, field), f"The field \"{field}\" is not supported in a JSONata state")
                elif lang == "JSONPath" and field in F.JSONATA_ONLY:
                    self.add((*here, field), f"The field \"{field}\" is supported only in JSONata states")
            errors = h.get("ErrorEquals")
            if "ErrorEquals" not in h:
                self.add(here, "The field 'ErrorEquals' is required but was missing")
            elif not isinstance(errors, list) or not errors or not all(isinstance(e, str) and e for e in errors):
                self.add((*here, "ErrorEquals"), "The value for the field 'ErrorEquals' must be a non-empty array of error names")
            elif "States.ALL" in errors:
                if len(errors) > 1:
                    self.add((*here, "ErrorEquals"), "States.ALL must appear alone in its ErrorEquals")
                if i != len(handlers) - 1:
                    self.add((*here, "ErrorEquals"), f"The {what} with States.ALL must be the last one")
            if key == "Retry":
                from .state_checks import check_retrier

                check_retrier(self, h, here)
                continue
            if "Next" not in h:
                self.add(here, "The field 'Next' is required but was missing")
            else:
                self.target(h["Next"], siblings, (*here, "Next"))
            if lang == "JSONPath" and "ResultPath" in h:
                check_reference(h["ResultPath"], self.reporter((*here, "ResultPath")), "ResultPath")
            if lang == "JSONata" and "Output" in h:
                check_jsonata(h["Output"], self.reporter((*here, "Output")))
            if "Assign" in h:
                self.assign(h["Assign"], (*here, "Assign"), lang)


def _targets(state: Any) -> Iterator[str]:
    """Every state a state can move to."""
    if not isinstance(state, dict):
        return
    for key in ("Next", "Default"):
        if isinstance(state.get(key), str):
            yield state[key]
    for key in ("Choices", "Catch"):
        for rule in state.get(key) if isinstance(state.get(key), list) else ():
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                yield rule["Next"]


def _looks_dynamic(v: str) -> bool:
    """A plain string that reads like a JSONPath or an intrinsic call (AWS's NO_DOLLAR)."""
    return v.startswith(("$.", "$$.", "$[")) or v in ("$", "$$") or (v.startswith("States.") and is_intrinsic(v))


def _int(v: Any) -> bool:
    return type(v) is int


def state_names(spec: dict) -> set[str]:
    """Every state name in a definition, nested ones included."""
    names: set[str] = set()
    todo = [spec]
    while todo:
        scope = todo.pop()
        states = scope.get("States") if isinstance(scope, dict) else None
        for name, state in (states if isinstance(states, dict) else {}).items():
            names.add(name)
            if not isinstance(state, dict):
                continue
            todo.extend(b for b in state.get("Branches") or () if isinstance(b, dict))
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), dict):
                    todo.append(state[key])
    return names
