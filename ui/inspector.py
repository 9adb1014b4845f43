"""The data-flow inspector: one state's data after every stage (no Streamlit).

JSONPath states: input → InputPath → Parameters (ItemSelector for a Map) → result →
ResultSelector → ResultPath → OutputPath. JSONata states: input → Arguments → result →
Output, with Assign. A Catch that fired: the error output put at the catcher's ResultPath.
Each stage names the field that made it and whether the data changed there, so the page
can fold the stages that changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MISSING = object()
_HAS_RESULT = ("Task", "Parallel", "Map", "Pass")  # Choice, Wait, Succeed and Fail produce no result


@dataclass(frozen=True)
class Stage:
    """The data after one stage."""

    key: str  # the step record's key: input, afterInputPath, ...
    title: str  # "After InputPath"
    field: str  # the ASL field that made this stage ("" for the raw input)
    expression: Any  # the field's value in the definition (or its default), shown beside it
    value: Any
    changed: bool
    note: str = ""


def _spec_value(spec: dict, name: str, default: Any = _MISSING) -> Any:
    if name in spec:
        return spec[name]
    return default


def stages(step: dict, spec: dict, *, jsonata: bool = False) -> list[Stage]:
    """The stages recorded for one state entry, in order."""
    kind = step.get("type") or spec.get("Type", "")
    out: list[Stage] = []
    previous: Any = _MISSING

    def add(key: str, title: str, field: str, expression: Any, note: str = "", value: Any = _MISSING) -> None:
        nonlocal previous
        if value is _MISSING:
            if key not in step:
                return
            value = step[key]
        changed = previous is _MISSING or value != previous
        out.append(Stage(key, title, field, expression, value, changed, note))
        previous = value

    add("input", "State input", "", None)
    if jsonata:
        add("afterArguments", "After Arguments", "Arguments", spec.get("Arguments"))
        if kind in _HAS_RESULT:
            add("result", _result_title(kind), _result_field(kind, spec), _result_expression(kind, spec))
    else:
        add("afterInputPath", "After InputPath", "InputPath", _spec_value(spec, "InputPath", "$"),
            "" if "InputPath" in spec else "the default, $, keeps the whole input")
        if kind == "Map":
            add("items", "Items (ItemsPath)", "ItemsPath", _spec_value(spec, "ItemsPath", "$"))
        else:
            selector = "Parameters"
            add("afterParameters", f"After {selector}", selector, spec.get(selector),
                "" if selector in spec else "no Parameters: the data passes on unchanged")
        if kind in _HAS_RESULT:
            add("result", _result_title(kind), _result_field(kind, spec), _result_expression(kind, spec))
        add("afterResultSelector", "After ResultSelector", "ResultSelector", spec.get("ResultSelector"),
            "" if "ResultSelector" in spec else "no ResultSelector: the result passes on unchanged")
        add("afterResultPath", "After ResultPath", "ResultPath", _spec_value(spec, "ResultPath", "$"),
            _result_path_note(spec))
    if step.get("caughtBy"):
        catcher = _catcher(spec, step)
        where = catcher.get("ResultPath", "$") if catcher else "$"
        error = {"Error": step.get("error")}
        if step.get("cause") is not None:
            error["Cause"] = step.get("cause")
        add("error", "The error output", "Catch", step.get("caughtBy"), "what a catcher receives", value=error)
        if jsonata:
            add("output", "Catcher's Output", "Output", (catcher or {}).get("Output"),
                "no Output: the error output is the state's output" if not (catcher or {}).get("Output") else "")
        else:
            add("output", "After the catcher's ResultPath", "ResultPath", where,
                "null discards the error and keeps the input" if where is None else
                "$ replaces the input with the error" if where == "$" else f"the error is put at {where}")
        return out
    if jsonata:
        add("output", "State output", "Output", spec.get("Output"),
            "" if "Output" in spec else "no Output: the result is the output")
    else:
        add("output", "State output (after OutputPath)", "OutputPath", _spec_value(spec, "OutputPath", "$"),
            "" if "OutputPath" in spec else "the default, $, keeps everything")
    return out


#: A Map's stages that make each iteration's input, beside its main flow: (key, title, field).
ITERATION_STAGES = (
    ("afterItemsPath", "After ItemsPath (the items)", "ItemsPath"),
    ("afterItemsPointer", "After ItemsPointer (the items read)", "ItemsPointer"),
    ("afterItemSelector", "After ItemSelector (each iteration's input)", "ItemSelector"),
    ("afterItemBatcher", "After ItemBatcher (each batch)", "ItemBatcher"),
)


def iteration_stages(step: dict, spec: dict) -> list[Stage]:
    """The recorded stages of a Map that make its iterations' inputs, in order."""
    expressions = {
        "ItemsPath": spec.get("ItemsPath", spec.get("Items", "$")),
        "ItemsPointer": ((spec.get("ItemReader") or {}).get("ReaderConfig") or {}).get("ItemsPointer"),
        "ItemSelector": spec.get("ItemSelector", spec.get("Parameters")),
        "ItemBatcher": spec.get("ItemBatcher"),
    }
    out: list[Stage] = []
    for key, title, field_name in ITERATION_STAGES:
        if key in step:
            value = step[key]
            changed = not out or value != out[-1].value
            out.append(Stage(key, title, field_name, expressions[field_name], value, changed))
    return out


def _result_title(kind: str) -> str:
    return {"Task": "Task result", "Parallel": "Branch outputs", "Map": "Iteration outputs",
            "Pass": "Result"}.get(kind, "Result")


def _result_field(kind: str, spec: dict) -> str:
    if kind == "Task":
        return "Resource"
    if kind == "Pass":
        return "Result" if "Result" in spec else ""
    if kind == "Parallel":
        return "Branches"
    if kind == "Map":
        return "ItemProcessor"
    return ""


def _result_expression(kind: str, spec: dict) -> Any:
    if kind == "Task":
        return spec.get("Resource")
    if kind == "Pass":
        return spec.get("Result")
    return None


def _result_path_note(spec: dict) -> str:
    if "ResultPath" not in spec:
        return "the default, $, replaces the input with the result"
    where = spec["ResultPath"]
    if where is None:
        return "null discards the result and keeps the input"
    if where == "$":
        return "$ replaces the input with the result"
    return f"the result is put at {where}, beside the input"


def _catcher(spec: dict, step: dict) -> dict | None:
    wanted = list(step.get("caughtBy") or [])
    for catcher in spec.get("Catch") or []:
        if isinstance(catcher, dict) and list(catcher.get("ErrorEquals") or []) == wanted:
            return catcher
    return None


def state_specs(definition: dict) -> dict[str, dict]:
    """Every state's definition by name, across branches and item processors."""
    out: dict[str, dict] = {}

    def walk(scope: Any, language: str) -> None:
        if not isinstance(scope, dict):
            return
        language = scope.get("QueryLanguage", language)
        for name, spec in (scope.get("States") or {}).items():
            if not isinstance(spec, dict):
                continue
            out.setdefault(name, {**spec, "_language": spec.get("QueryLanguage", language)})
            for branch in spec.get("Branches") or []:
                walk(branch, spec.get("QueryLanguage", language))
            walk(spec.get("ItemProcessor") or spec.get("Iterator"), spec.get("QueryLanguage", language))

    walk(definition, definition.get("QueryLanguage", "JSONPath") if isinstance(definition, dict) else "JSONPath")
    return out


def is_jsonata(spec: dict) -> bool:
    """Does this state (from state_specs) use JSONata?"""
    return spec.get("_language") == "JSONata"
