"""Pass and Choice states run as one closure each where they can (interpreter.FAST_PATH):
every run must give exactly what the general path gives, errors and limits included."""

import json
from datetime import datetime, timezone

import pytest

from engine import InvalidDefinition, execute, execution, interpreter
from engine.scenarios import scenarios
from study import load_content

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def outcome(definition, value, *, fast: bool, **options) -> str:
    """Everything a run gives, as JSON text (so key order counts too)."""
    saved = interpreter.FAST_PATH
    interpreter.FAST_PATH = fast
    execution._COMPILED.clear()  # compile again with the path asked for
    try:
        run = execute(definition, value, start_time=START, **options)
    except InvalidDefinition as exc:
        return f"invalid: {exc}"
    finally:
        interpreter.FAST_PATH = saved
        execution._COMPILED.clear()
    return json.dumps([run.status, run.output, run.error, run.cause, run.history, run.steps,
                       run.transitions, run.last_state, run.duration], default=str)


def same_both_ways(definition, value=None, **options) -> str:
    fast = outcome(definition, value, fast=True, **options)
    assert fast == outcome(definition, value, fast=False, **options)
    return fast


def machine(states: dict, start: str = "A", **top) -> dict:
    return {"StartAt": start, "States": states, **top}


LOOP = machine({
    "A": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "B"},
    "B": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "C"}],
          "Default": "D"},
    "C": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "B"},
    "D": {"Type": "Succeed"},
})

UNTIL_STOP = {  # back to A until the input has a stop, which it never has
    "B": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "C"}], "Default": "A"},
    "C": {"Type": "Succeed"}}

CASES = {
    "a loop": (LOOP, {"n": 20}, {}),
    "a loop without steps": (LOOP, {"n": 20}, {"record_steps": False}),
    "a loop past the history limit": (LOOP, {"n": 20_000}, {}),
    "InputPath, Result, ResultPath and OutputPath": (machine({"A": {
        "Type": "Pass", "InputPath": "$.a", "Result": {"r": 1}, "ResultPath": "$.b.c", "OutputPath": "$.b",
        "End": True}}), {"a": {"x": 1}}, {}),
    "an InputPath that finds nothing": (machine({"A": {"Type": "Pass", "InputPath": "$.nope", "End": True}}), {}, {}),
    "Parameters reading a missing path": (machine({"A": {"Type": "Pass", "Parameters": {"v.$": "$.nope"},
                                                        "End": True}}), {}, {}),
    "a ResultPath into a string": (machine({"A": {"Type": "Pass", "Result": 1, "ResultPath": "$.s.t",
                                                  "End": True}}), {"s": "text"}, {}),
    "an OutputPath that finds nothing": (machine({"A": {"Type": "Pass", "OutputPath": "$.nope", "End": True}}), {}, {}),
    "a null InputPath and OutputPath": (machine({"A": {"Type": "Pass", "InputPath": None, "OutputPath": None,
                                                       "End": True}}), {"a": 1}, {}),
    "an output past 256 KiB": (machine({"A": {"Type": "Pass", "Parameters": {
        "a.$": "$.s", "b.$": "$.s", "c.$": "$.s"}, "End": True}}), {"s": "x" * 100_000}, {}),
    "a payload doubling in a loop until it passes 256 KiB": (machine({
        "A": {"Type": "Pass", "Parameters": {"l.$": "$", "r.$": "$"}, "Next": "B"}, **UNTIL_STOP}),
        {"s": "x" * 1000}, {}),
    "a payload nesting itself through ResultPath until it passes 256 KiB": (machine({
        "A": {"Type": "Pass", "Parameters": {"v.$": "$"}, "ResultPath": "$.next.inner", "Next": "B"}, **UNTIL_STOP}),
        {"s": "y" * 5000}, {}),
    "a size bound past 256 KiB over an output under it": (machine({
        "A": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "s.$": "$.s", "a.$": "$.s",
                                             "b.$": "$.s", "c.$": "$.s"}, "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 5, "Next": "A"}], "Default": "C"},
        "C": {"Type": "Succeed"}}), {"i": 0, "s": "z" * 60_000}, {}),
    "a caught error put into a big input, then read by a Pass past 256 KiB": (machine({
        "A": {"Type": "Parallel", "Branches": [machine({"F": {"Type": "Fail", "Error": "E", "CausePath": "$.c"}}, "F")],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "B"}], "End": True},
        "B": {"Type": "Pass", "Parameters": {"e.$": "$.err", "x.$": "$.x", "y.$": "$.x"}, "End": True}}),
        {"c": "c" * 60_000, "x": "x" * 110_000}, {}),
    "a big caught error in a small input, read twice by a Pass": (machine({
        "A": {"Type": "Parallel", "Branches": [machine({"F": {"Type": "Fail", "Error": "E", "Cause": "w" * 140_000}}, "F")],
              "Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.err", "Next": "B"}], "End": True},
        "B": {"Type": "Pass", "Parameters": {"e.$": "$.err", "f.$": "$.err"}, "End": True}}), {"n": 1}, {}),
    "a caught error replacing the input, then a loop on it": (machine({
        "A": {"Type": "Parallel", "Branches": [machine({"F": {"Type": "Fail", "Error": "E", "Cause": "why"}}, "F")],
              "Catch": [{"ErrorEquals": ["E"], "Next": "B"}], "End": True},
        "B": {"Type": "Pass", "Parameters": {"l.$": "$", "r.$": "$"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "D"}], "Default": "B"},
        "D": {"Type": "Succeed"}}), {"big": "b" * 100_000}, {}),
    "an intrinsic that fails": (machine({"A": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.s, 1)"},
                                              "End": True}}), {"s": "no"}, {}),
    "the context object": (machine({"A": {"Type": "Pass", "Parameters": {"n.$": "$$.State.Name",
                                                                          "t.$": "$$.State.EnteredTime"},
                                          "End": True}}), {}, {}),
    "no Choice rule matches and no Default": (machine({"A": {"Type": "Choice", "Choices": [
        {"Variable": "$.v", "NumericEquals": 1, "Next": "B"}]}, "B": {"Type": "Succeed"}}), {"v": 2}, {}),
    "a Choice path that finds nothing": (machine({"A": {"Type": "Choice", "Choices": [
        {"Variable": "$.nope", "NumericEquals": 1, "Next": "B"}], "Default": "B"}, "B": {"Type": "Succeed"}}), {}, {}),
    "a Choice with InputPath and OutputPath": (machine({"A": {"Type": "Choice", "InputPath": "$.a",
                                                              "OutputPath": "$.b", "Choices": [
        {"Variable": "$.b", "IsPresent": True, "Next": "B"}], "Default": "B"}, "B": {"Type": "Succeed"}}),
        {"a": {"b": [1]}}, {}),
    "variables in scope, and Assign around Pass states": (machine({
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "Next": "C"},
        "C": {"Type": "Parallel", "Assign": {"y.$": "$[0].x"}, "Branches": [machine({
            "P": {"Type": "Pass", "Next": "Q"},
            "Q": {"Type": "Choice", "Choices": [{"Variable": "$x", "NumericEquals": 1, "Next": "R"}]},
            "R": {"Type": "Pass", "End": True}}, "P")], "Next": "D"},
        "D": {"Type": "Pass", "Parameters": {"y.$": "$y"}, "End": True}}), {}, {}),
    "seeded randomness": (machine({"A": {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "Next": "B"},
                                  "B": {"Type": "Pass", "Parameters": {"r.$": "States.MathRandom(1, 99)"},
                                        "End": True}}), {}, {"seed": 7}),
    "intrinsics of the input through the general call, and one that finds nothing": (machine({
        "A": {"Type": "Pass", "Parameters": {"a.$": "States.Array($.x, 2)", "m.$": "States.JsonMerge($.o, $.o, false)",
                                             "h.$": "States.Hash($.s, 'SHA-256')"}, "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.m.k", "StringEquals": "v", "Next": "C"}], "Default": "C"},
        "C": {"Type": "Pass", "Parameters": {"z.$": "States.Array($.nope)"}, "End": True}}),
        {"x": 1, "o": {"k": "v"}, "s": "t"}, {}),
    "a Map of Pass and Choice states": (machine({"A": {"Type": "Map", "ItemProcessor": machine({
        "P": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Q"}], "Default": "R"},
        "Q": {"Type": "Pass", "Result": "big", "End": True},
        "R": {"Type": "Fail", "Error": "Small"}}, "P"), "ToleratedFailureCount": 5, "End": True}}), [1, 2, 3], {}),
    # the clock goes back to the start for each branch and iteration: a Pass entered first
    # after that must not be stamped with the time the previous one ended at
    "a Parallel branch after one that waits": (machine({"A": {"Type": "Parallel", "Branches": [
        machine({"W": {"Type": "Wait", "Seconds": 30, "Next": "P"}, "P": {"Type": "Pass", "End": True}}, "W"),
        machine({"Q": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.v", "IsPresent": True, "Next": "E"}], "Default": "E"}, "E": {"Type": "Succeed"}}, "Q"),
    ], "End": True}}), {"v": 1}, {}),
    "Map iterations after one that waits": (machine({"A": {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": machine({
        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "W"}], "Default": "P"},
        "W": {"Type": "Wait", "Seconds": 10, "Next": "P"},
        "P": {"Type": "Pass", "End": True}}, "C"), "End": True}}), [1, 2, 3, 4], {}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_fast_path_gives_what_the_general_path_gives(name):
    definition, value, options = CASES[name]
    same_both_ways(definition, value, **options)


def test_the_cases_cover_successes_failures_and_the_limit():
    statuses = {json.loads(same_both_ways(d, v, **o))[0] for d, v, o in CASES.values()}
    assert statuses == {"SUCCEEDED", "FAILED"}
    limit = json.loads(same_both_ways(LOOP, {"n": 20_000}))
    assert limit[2] == "States.Runtime" and "25,000 history events" in limit[3]


def test_every_example_workflow_and_scenario_the_same_both_ways():
    content = load_content()
    runs = 0
    for workflow in content.workflows.values():
        for scenario in scenarios(workflow):
            same_both_ways(workflow["definition"], scenario.input, mocks=scenario.mocks or None,
                           workflow_type=workflow.get("type", "STANDARD"))
            runs += 1
    assert runs >= len(content.workflows)


def test_pass_and_choice_fields_reading_only_the_input_run_once_without_the_general_path(monkeypatch):
    """They run with an InputScope (no context object, no variables): a field that works must
    never need the general path, or every state would run twice."""
    calls = []
    general = interpreter.State.execute
    monkeypatch.setattr(interpreter.State, "execute", lambda self, *a: calls.append(self.name) or general(self, *a))
    execution._COMPILED.clear()
    try:
        run = execute(machine({
            "A": {"Type": "Pass", "Parameters": {"a.$": "States.Array($.x, 2)", "f.$": "States.Format('{} {}', $.x, $.s)",
                                                 "j.$": "States.StringToJson($.t)", "n.$": "$.o.k"}, "Next": "B"},
            "B": {"Type": "Choice", "Choices": [
                {"And": [{"Variable": "$.j.q", "NumericGreaterThan": 0}, {"Variable": "$.f", "StringMatches": "1 *"}],
                 "Next": "C"}], "Default": "C"},
            "C": {"Type": "Succeed"}}), {"x": 1, "s": "s", "t": '{"q": 2}', "o": {"k": "v"}}, start_time=START)
    finally:
        execution._COMPILED.clear()
    assert run.status == "SUCCEEDED" and run.output["a"] == [1, 2] and run.steps[1]["choice"] == "C"
    assert "A" not in calls and "B" not in calls and "C" in calls  # Succeed has no fast path
