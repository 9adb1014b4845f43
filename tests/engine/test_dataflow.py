"""engine.dataflow: InputPath → Parameters → ResultSelector → ResultPath → OutputPath (facts.md §G)."""

import random

import pytest

from engine import execute
from engine.dataflow import (Located, Scope, apply_input_path, apply_output_path, apply_result_path,
                             compile_template)


def scope(value, context=None, variables=None):
    return Scope(value, lambda: context or {}, variables or {}, random.Random(0))


def one_state(state, **extra):
    return {"StartAt": "S", "States": {"S": {**state, "End": True}}, **extra}


# -------------------------------------------------------------------- templates


def test_template_without_paths_is_constant():
    template = {"a": 1, "b": [1, {"c": "$.x"}]}
    assert compile_template(template)(scope({"x": 9})) == template


def test_dollar_keys_are_resolved_and_lose_their_suffix():
    template = {"id.$": "$.order.id", "fixed": "$.order.id", "nested": {"qty.$": "$.order.qty"},
                "list": [{"first.$": "$.order.items[0]"}]}
    got = compile_template(template)(scope({"order": {"id": 7, "qty": 2, "items": ["x", "y"]}}))
    assert got == {"id": 7, "fixed": "$.order.id", "nested": {"qty": 2}, "list": [{"first": "x"}]}


def test_template_reads_context_and_variables():
    template = {"exec.$": "$$.Execution.Name", "v.$": "$total", "w.$": "$cart.items[1]"}
    got = compile_template(template)(scope({}, {"Execution": {"Name": "run-1"}},
                                           {"total": 3, "cart": {"items": [1, 2]}}))
    assert got == {"exec": "run-1", "v": 3, "w": 2}


def test_template_calls_intrinsics():
    template = {"msg.$": "States.Format('Hello {}', $.name)"}
    assert compile_template(template)(scope({"name": "Ada"})) == {"msg": "Hello Ada"}


def test_template_indefinite_path_gives_a_list():
    template = {"ids.$": "$.items[*].id"}
    assert compile_template(template)(scope({"items": [{"id": 1}, {"id": 2}]})) == {"ids": [1, 2]}


def test_template_missing_definite_path_is_states_runtime():
    with pytest.raises(Located) as info:
        compile_template({"v.$": "$.nope"})(scope({"a": 1}))
    assert info.value.error == "States.Runtime"
    assert "$.nope" in info.value.detail and "v.$" in info.value.detail


def test_undefined_variable_is_states_runtime():
    with pytest.raises(Located) as info:
        compile_template({"v.$": "$ghost"})(scope({}))
    assert info.value.error == "States.Runtime"


def test_template_does_not_mutate_the_input():
    doc = {"a": {"b": 1}}
    compile_template({"x.$": "$.a", "y": 2})(scope(doc))
    assert doc == {"a": {"b": 1}}


# -------------------------------------------------------------------- the path stages


@pytest.mark.parametrize(
    "path, raw, expected",
    [("$", {"a": 1}, {"a": 1}), ("$.a", {"a": {"b": 2}}, {"b": 2}), (None, {"a": 1}, {})],
    ids=["dollar-whole-input", "select", "null-gives-empty-object"],
)
def test_input_path(path, raw, expected):
    assert apply_input_path(path, raw, scope(raw)) == expected


@pytest.mark.parametrize(
    "path, value, expected",
    [("$", {"a": 1}, {"a": 1}), ("$.a", {"a": [1]}, [1]), (None, {"a": 1}, {})],
    ids=["dollar", "select", "null-gives-empty-object"],
)
def test_output_path(path, value, expected):
    assert apply_output_path(path, value, scope(value)) == expected


@pytest.mark.parametrize("stage", [apply_input_path, apply_output_path], ids=["InputPath", "OutputPath"])
def test_missing_input_or_output_path_is_states_runtime(stage):
    with pytest.raises(Located) as info:
        stage("$.missing", {"a": 1}, scope({"a": 1}))
    assert info.value.error == "States.Runtime"
    assert "$.missing" in info.value.detail


@pytest.mark.parametrize(
    "path, value, words",
    [
        ("$.missing", {"a": 1}, "No results for path: $['missing']"),
        ("$.a.b", {"a": {}}, "No results for path: $['a']['b']"),
        ("$.no.such.path", {}, "Missing property in path $['no']"),
        ("$.a.no.path", {"a": {}}, "Missing property in path $['a']['no']"),
        ("$.a[5]", {"a": [1]}, "No results for path: $['a'][5]"),
        ("$.a[0].x.y", {"a": [{}]}, "Missing property in path $['a'][0]['x']"),
    ],
    ids=["leaf", "nested-leaf", "first-step", "middle-step", "index", "after-index"],
)
def test_a_path_that_finds_nothing_is_worded_as_aws_words_it(path, value, words):
    # Jayway's messages, which AWS quotes: a name missing before the last step is a
    # "Missing property"; anything else is "No results" for the whole path.
    with pytest.raises(Located) as info:
        apply_output_path(path, value, scope(value))
    assert info.value.detail == f"Invalid path '{path}' : {words}"


@pytest.mark.parametrize(
    "path, raw, result, expected",
    [
        ("$", {"a": 1}, "R", "R"),
        (None, {"a": 1}, "R", {"a": 1}),
        ("$.r", {"a": 1}, "R", {"a": 1, "r": "R"}),
        ("$.a", {"a": 1}, "R", {"a": "R"}),
        ("$.x.y", {"a": 1}, "R", {"a": 1, "x": {"y": "R"}}),
    ],
    ids=["dollar-replaces", "null-discards", "adds-field", "overwrites-field", "creates-parents"],
)
def test_result_path(path, raw, result, expected):
    assert apply_result_path(path, raw, result) == expected


@pytest.mark.parametrize("path, raw", [("$.a.b", {"a": 1}), ("$.x", [1, 2]), ("$.x", "text")],
                         ids=["under-a-number", "into-an-array", "into-a-string"])
def test_result_path_that_cannot_apply_is_result_path_match_failure(path, raw):
    with pytest.raises(Located) as info:
        apply_result_path(path, raw, 1)
    assert info.value.error == "States.ResultPathMatchFailure"


# -------------------------------------------------------------------- the whole pipeline in a run

DOC_INPUT = {"comment": "This is a test", "details": "Default example", "who": "AWS Step Functions"}


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({}, "Hello, AWS Step Functions!"),
        ({"ResultPath": None}, DOC_INPUT),
        ({"ResultPath": "$.taskresult"}, {**DOC_INPUT, "taskresult": "Hello, AWS Step Functions!"}),
        ({"ResultPath": "$.details"}, {**DOC_INPUT, "details": "Hello, AWS Step Functions!"}),
    ],
    ids=["default-replaces", "null-keeps-input", "adds-result", "overwrites-field"],
)
def test_result_path_examples_from_the_docs(fields, expected):
    # AWS "Specifying state output using ResultPath": task result "Hello, AWS Step Functions!".
    definition = one_state({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Hello",
                            **fields})
    mocks = {"S": {"0": {"Return": "Hello, AWS Step Functions!"}}}
    assert execute(definition, DOC_INPUT, mocks=mocks).output == expected


def test_result_path_inserts_into_the_raw_input_not_the_input_path_copy():
    definition = one_state({"Type": "Pass", "InputPath": "$.sub", "Parameters": {"got.$": "$.v"},
                            "ResultPath": "$.out"})
    run = execute(definition, {"sub": {"v": 1}, "other": 2})
    assert run.output == {"sub": {"v": 1}, "other": 2, "out": {"got": 1}}


def test_stages_run_in_order_and_each_is_recorded():
    definition = one_state({
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "InputPath": "$.order",
        "Parameters": {"FunctionName": "f", "Payload": {"id.$": "$.id"}},
        "ResultSelector": {"status.$": "$.Payload.status"},
        "ResultPath": "$.result",
        "OutputPath": "$.result",
    })
    mocks = {"S": {"0": {"Return": {"StatusCode": 200, "Payload": {"status": "ok"}}}}}
    run = execute(definition, {"order": {"id": 7}, "keep": True}, mocks=mocks)
    assert run.output == {"status": "ok"}
    (step,) = run.steps
    assert step["input"] == {"order": {"id": 7}, "keep": True}
    assert step["afterInputPath"] == {"id": 7}
    assert step["afterParameters"] == {"FunctionName": "f", "Payload": {"id": 7}}
    assert step["result"] == {"StatusCode": 200, "Payload": {"status": "ok"}}
    assert step["afterResultSelector"] == {"status": "ok"}
    assert step["afterResultPath"] == {"order": {"id": 7}, "keep": True, "result": {"status": "ok"}}
    assert step["output"] == {"status": "ok"}
    # the InspectionData order of AWS's TestState (facts.md §G.39)
    order = ["afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath", "output"]
    assert [k for k in step if k in order] == order


def test_pass_result_then_result_path():
    definition = one_state({"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r"})
    assert execute(definition, {"a": 0}).output == {"a": 0, "r": {"x": 1}}


def test_pass_parameters_without_result_is_the_output():
    definition = one_state({"Type": "Pass", "Parameters": {"v.$": "$.a", "c": 1}})
    assert execute(definition, {"a": 5}).output == {"v": 5, "c": 1}


def test_missing_parameter_path_fails_the_execution_with_states_runtime():
    definition = one_state({"Type": "Pass", "Parameters": {"value.$": "$.no_such_jsonpath"}})
    run = execute(definition, {"a": 1})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.cause.startswith("An error occurred while executing the state 'S' (entered at the event id #2).")
    assert "'$.no_such_jsonpath'" in run.cause and "'value.$'" in run.cause


def test_bad_output_path_cause_names_the_path():
    run = execute(one_state({"Type": "Pass", "OutputPath": "$.NoSuchOutputPath"}), {"a": 1})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert "Invalid path '$.NoSuchOutputPath'" in run.cause


def test_result_path_match_failure_fails_the_run():
    run = execute(one_state({"Type": "Pass", "Result": 1, "ResultPath": "$.a.b"}), {"a": "text"})
    assert (run.status, run.error) == ("FAILED", "States.ResultPathMatchFailure")


def test_context_object_in_parameters():
    definition = one_state({"Type": "Pass", "Parameters": {"state.$": "$$.State.Name", "name.$": "$$.Execution.Name",
                                                           "input.$": "$$.Execution.Input"}})
    run = execute(definition, {"k": 1}, name="my-run")
    assert run.output == {"state": "S", "name": "my-run", "input": {"k": 1}}


def test_output_path_may_read_the_context_object():
    run = execute(one_state({"Type": "Pass", "OutputPath": "$$.State.Name"}), {})
    assert run.output == "S"


def test_variables_assigned_then_read_by_a_later_state():
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"total.$": "$.n"}, "ResultPath": None, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"t.$": "$total"}, "End": True},
        },
    }
    assert execute(definition, {"n": 3}).output == {"t": 3}  # the variable, not the input, carries n


def test_state_input_is_never_mutated():
    data = {"a": {"b": 1}}
    definition = one_state({"Type": "Pass", "Result": 2, "ResultPath": "$.a.c"})
    run = execute(definition, data)
    assert run.output == {"a": {"b": 1, "c": 2}}
    assert data == {"a": {"b": 1}}
