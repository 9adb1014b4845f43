"""JSONata query language, as the AWS Step Functions Developer Guide describes it.

Sources: "Transforming data with JSONata in Step Functions" (transforming-data.html),
"Passing data between states with variables" (workflow-variables.html), "Choice workflow
state" (state-choice.html), "Map workflow state" and the Wait state page; a few
expectations were cross-checked against executions recorded on real AWS in
../shared/conformance/cases/*jsonata* (the definitions here are our own).
"""

import hashlib
import re
from datetime import datetime, timezone

import pytest

from engine import InvalidDefinition, execute

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
LAMBDA = "arn:aws:states:::lambda:invoke"
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def jsonata(*states, **top):
    """A linear JSONata machine from (name, spec) pairs; Next/End filled in."""
    out = {}
    for i, (name, spec) in enumerate(states):
        spec = dict(spec)
        if spec["Type"] not in ("Choice", "Succeed", "Fail") and "Next" not in spec and "End" not in spec:
            if i + 1 < len(states):
                spec["Next"] = states[i + 1][0]
            else:
                spec["End"] = True
        out[name] = spec
    return {"QueryLanguage": "JSONata", "StartAt": states[0][0], "States": out, **top}


def run(machine, input_=None, **kw):
    kw.setdefault("start_time", START)
    return execute(machine, {} if input_ is None else input_, **kw)


def ok(machine, input_=None, **kw):
    result = run(machine, input_, **kw)
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    return result.output


def query_error(machine, input_=None, **kw):
    result = run(machine, input_, **kw)
    assert (result.status, result.error) == ("FAILED", "States.QueryEvaluationError"), (result.error, result.cause)
    return result.cause


# -------------------------------------------------------------------- {% %} expressions and $states


def test_output_expression_reads_states_input():
    machine = jsonata(("Total", {"Type": "Pass", "Output": "{% $sum($states.input.prices) * 2 %}"}))
    assert ok(machine, {"prices": [1, 2, 3.5]}) == 13


def test_only_whole_percent_brace_strings_are_expressions():
    output = {"expr": "{% 'a' & 'b' %}", "path": "$.name", "partial": "x {% 1 %}",
              "nested": {"list": ["{% 2 + 3 %}", 7, None, True]}}
    machine = jsonata(("P", {"Type": "Pass", "Output": output}))
    assert ok(machine, {"name": "n"}) == {"expr": "ab", "path": "$.name", "partial": "x {% 1 %}",
                                          "nested": {"list": [5, 7, None, True]}}


def test_keys_ending_in_dollar_are_not_special_in_jsonata():
    machine = jsonata(("P", {"Type": "Pass", "Output": {"a.$": "$.x"}}))
    assert ok(machine, {"x": 1}) == {"a.$": "$.x"}


def test_task_arguments_are_the_effective_input_and_result_feeds_output():
    seen = []

    def charge(params, context):
        seen.append(params)
        return {"receipt": "r-" + str(params["cents"])}

    machine = jsonata(("Charge", {"Type": "Task", "Resource": LAMBDA,
                                  "Arguments": {"cents": "{% $states.input.amount * 100 %}", "currency": "EUR"},
                                  "Output": {"id": "{% $states.result.receipt %}",
                                             "was": "{% $states.input.amount %}"}}))
    assert ok(machine, {"amount": 4}, handlers={"Charge": charge}) == {"id": "r-400", "was": 4}
    assert seen == [{"cents": 400, "currency": "EUR"}]


def test_states_context_is_the_context_object():
    machine = jsonata(("Ctx", {"Type": "Pass", "Output": {
        "state": "{% $states.context.State.Name %}",
        "original": "{% $states.context.Execution.Input.k %}",
        "name": "{% $states.context.Execution.Name %}",
        "start": "{% $states.context.Execution.StartTime %}"}}))
    out = ok(machine, {"k": 7}, name="exec-1")
    assert out == {"state": "Ctx", "original": 7, "name": "exec-1", "start": "2024-01-01T00:00:00.000Z"}


def test_states_input_is_the_original_state_input_even_after_arguments():
    machine = jsonata(("T", {"Type": "Task", "Resource": LAMBDA, "Arguments": {"only": "part"},
                             "Output": "{% $states.input %}"}))
    assert ok(machine, {"whole": "input"}) == {"whole": "input"}


def test_null_values_survive_expressions():
    machine = jsonata(("P", {"Type": "Pass", "Output": {"n": "{% $states.input.v %}", "lit": None}}))
    assert ok(machine, {"v": None}) == {"n": None, "lit": None}


# -------------------------------------------------------------------- Output defaults


@pytest.mark.parametrize("state, expected", [
    ({"Type": "Pass"}, {"in": 1}),
    ({"Type": "Wait", "Seconds": 1}, {"in": 1}),
    ({"Type": "Succeed"}, {"in": 1}),
    ({"Type": "Task", "Resource": LAMBDA, "Arguments": {"task": "args"}}, {"task": "args"}),
    ({"Type": "Parallel", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "a", "End": True}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]}, ["a", {"in": 1}]),
    ({"Type": "Map", "Items": "{% [1, 2] %}",
      "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "Output": "{% $states.input * 10 %}",
                                                         "End": True}}}}, [10, 20]),
], ids=["Pass-input", "Wait-input", "Succeed-input", "Task-result", "Parallel-result", "Map-result"])
def test_output_defaults(state, expected):
    assert ok(jsonata(("S", state)), {"in": 1}) == expected


def test_choice_output_defaults_to_its_input():
    machine = jsonata(("C", {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "End"}]}),
                      ("End", {"Type": "Pass", "Output": {"seen": "{% $states.input %}"}}))
    assert ok(machine, {"in": 1}) == {"seen": {"in": 1}}


def test_task_mock_result_is_the_default_output():
    machine = jsonata(("T", {"Type": "Task", "Resource": LAMBDA}))
    assert ok(machine, {"x": 1}, mocks={"T": {"0": {"Return": {"Payload": "done"}}}}) == {"Payload": "done"}


# -------------------------------------------------------------------- variables


def test_assigned_variables_are_visible_to_later_states():
    machine = jsonata(("Remember", {"Type": "Pass", "Assign": {"customer": "{% $states.input.who %}", "n": 3}}),
                      ("Forget", {"Type": "Pass", "Output": {"dropped": True}}),
                      ("Use", {"Type": "Pass", "Output": {"who": "{% $customer %}", "twice": "{% $n * 2 %}",
                                                          "input": "{% $states.input %}"}}))
    assert ok(machine, {"who": "Ada"}) == {"who": "Ada", "twice": 6, "input": {"dropped": True}}


def test_assign_values_are_all_evaluated_before_any_is_set():
    machine = jsonata(("Init", {"Type": "Pass", "Assign": {"x": 1}}),
                      ("Swap", {"Type": "Pass", "Assign": {"x": 2, "old": "{% $x %}"}}),
                      ("Show", {"Type": "Pass", "Output": {"x": "{% $x %}", "old": "{% $old %}"}}))
    assert ok(machine) == {"x": 2, "old": 1}


def test_output_of_the_assigning_state_sees_the_previous_value():
    machine = jsonata(("Init", {"Type": "Pass", "Assign": {"x": "before"}}),
                      ("Both", {"Type": "Pass", "Assign": {"x": "after"}, "Output": "{% $x %}"}),
                      ("Then", {"Type": "Pass", "Output": {"prev": "{% $states.input %}", "now": "{% $x %}"}}))
    assert ok(machine) == {"prev": "before", "now": "after"}


def test_task_assign_can_read_the_result():
    machine = jsonata(("T", {"Type": "Task", "Resource": LAMBDA, "Assign": {"total": "{% $states.result.sum %}"},
                             "Output": {}}),
                      ("Show", {"Type": "Pass", "Output": "{% $total %}"}))
    assert ok(machine, mocks={"T": {"0": {"Return": {"sum": 42}}}}) == 42


# -------------------------------------------------------------------- Choice


def choice_machine():
    return jsonata(
        ("C", {"Type": "Choice",
               "Choices": [{"Condition": "{% $states.input.n > 10 %}", "Next": "Big",
                            "Assign": {"size": "big"}, "Output": {"rule": "big", "n": "{% $states.input.n %}"}},
                           {"Condition": "{% $states.input.n < 0 %}", "Next": "Negative"}],
               "Default": "Small",
               "Assign": {"size": "small"}, "Output": {"rule": "default"}}),
        ("Big", {"Type": "Pass", "Output": {"got": "{% $states.input %}", "size": "{% $size %}"}, "End": True}),
        ("Negative", {"Type": "Pass", "Output": {"got": "{% $states.input %}"}, "End": True}),
        ("Small", {"Type": "Pass", "Output": {"got": "{% $states.input %}", "size": "{% $size %}"}, "End": True}),
    )


def test_choice_rule_level_output_and_assign_when_the_rule_matches():
    assert ok(choice_machine(), {"n": 11}) == {"got": {"rule": "big", "n": 11}, "size": "big"}


def test_choice_state_level_output_and_assign_on_the_default_path():
    assert ok(choice_machine(), {"n": 5}) == {"got": {"rule": "default"}, "size": "small"}


def test_choice_rule_without_output_passes_the_input_on():
    run_ = run(choice_machine(), {"n": -3})
    assert run_.output == {"got": {"n": -3}}
    assert [s["name"] for s in run_.steps] == ["C", "Negative"]


def test_choice_conditions_are_tried_in_order():
    machine = jsonata(("C", {"Type": "Choice", "Choices": [{"Condition": "{% $states.input > 1 %}", "Next": "A"},
                                                          {"Condition": "{% $states.input > 0 %}", "Next": "B"}]}),
                      ("A", {"Type": "Pass", "Output": "A", "End": True}),
                      ("B", {"Type": "Pass", "Output": "B", "End": True}))
    assert [ok(machine, n) for n in (5, 1)] == ["A", "B"]


def test_choice_condition_must_be_boolean():
    machine = jsonata(("C", {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.name %}", "Next": "X"}],
                             "Default": "X"}),
                      ("X", {"Type": "Succeed"}))
    cause = query_error(machine, {"name": "not a boolean"})
    assert "boolean" in cause


# -------------------------------------------------------------------- Map


def test_map_items_expression_and_item_selector_with_item_context():
    machine = jsonata(("M", {"Type": "Map", "Items": "{% $states.input.orders %}",
                             "ItemSelector": {"pos": "{% $states.context.Map.Item.Index %}",
                                              "sku": "{% $states.context.Map.Item.Value.sku %}",
                                              "shop": "{% $states.input.shop %}"},
                             "ItemProcessor": {"StartAt": "Line", "States": {"Line": {
                                 "Type": "Pass", "Output": "{% $states.input.shop & '#' & $states.input.pos & ':' "
                                                           "& $states.input.sku %}", "End": True}}}}))
    out = ok(machine, {"shop": "S", "orders": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]})
    assert out == ["S#0:a", "S#1:b", "S#2:c"]


def test_map_items_as_a_literal_array_of_expressions():
    machine = jsonata(("M", {"Type": "Map", "Items": ["{% $states.input.a %}", "plain", 3],
                             "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}}))
    assert ok(machine, {"a": {"k": 1}}) == [{"k": 1}, "plain", 3]


def test_map_without_items_iterates_its_input_array():
    machine = jsonata(("M", {"Type": "Map", "ItemProcessor": {"StartAt": "X", "States": {
        "X": {"Type": "Pass", "Output": "{% $uppercase($states.input) %}", "End": True}}}}))
    assert ok(machine, ["a", "b"]) == ["A", "B"]


@pytest.mark.parametrize("value, kind", [({"k": 1}, "object"), ("abc", "string"), (7, "number")])
def test_map_items_that_are_not_an_array_is_a_query_evaluation_error(value, kind):
    machine = jsonata(("M", {"Type": "Map", "Items": "{% $states.input.things %}",
                             "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}}))
    cause = query_error(machine, {"things": value})
    assert "'Items'" in cause and "$states.input.things" in cause
    assert "array" in cause and kind in cause


def test_map_item_processor_states_see_outer_variables():
    machine = jsonata(("Init", {"Type": "Pass", "Assign": {"rate": 3}}),
                      ("M", {"Type": "Map", "Items": "{% [1, 2] %}", "ItemProcessor": {"StartAt": "X", "States": {
                          "X": {"Type": "Pass", "Output": "{% $states.input * $rate %}", "End": True}}}}))
    assert ok(machine) == [3, 6]


# -------------------------------------------------------------------- Catch


def failing_task(**catcher):
    return jsonata(("T", {"Type": "Task", "Resource": LAMBDA,
                          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle", **catcher}]}),
                   ("Handle", {"Type": "Pass", "Output": {"got": "{% $states.input %}",
                                                          "why": "{% $exists($why) ? $why : 'unset' %}"},
                               "End": True}))


THROW = {"T": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}}}


def test_catch_without_output_passes_the_error_output():
    out = ok(failing_task(), {"order": 1}, mocks=THROW)
    assert out == {"got": {"Error": "Card.Declined", "Cause": "no funds"}, "why": "unset"}


def test_catch_output_and_assign_read_states_error_output_and_input():
    catcher = {"Output": {"order": "{% $states.input.order %}", "error": "{% $states.errorOutput.Error %}"},
               "Assign": {"why": "{% $states.errorOutput.Cause %}"}}
    out = ok(failing_task(**catcher), {"order": 1}, mocks=THROW)
    assert out == {"got": {"order": 1, "error": "Card.Declined"}, "why": "no funds"}


def test_a_query_evaluation_error_can_be_caught():
    machine = jsonata(("P", {"Type": "Task", "Resource": LAMBDA, "Arguments": "{% $states.input.nope %}",
                             "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H",
                                        "Output": "{% $states.errorOutput.Error %}"}]}),
                      ("H", {"Type": "Pass", "End": True}))
    assert ok(machine, {}) == "States.QueryEvaluationError"


# -------------------------------------------------------------------- QueryLanguage per state


def test_state_level_jsonata_in_a_jsonpath_machine():
    machine = {"StartAt": "Path", "States": {
        "Path": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "Next": "Ata"},
        "Ata": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.v + 1 %}", "End": True}}}
    assert ok(machine, {"x": 1}) == 2


def test_a_jsonpath_state_in_a_jsonata_machine_is_refused():
    # A state may opt in to JSONata under a JSONPath top level, not opt out under a JSONata one.
    machine = jsonata(("Ata", {"Type": "Pass"}),
                      ("Path", {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"w.$": "$.v"}}))
    with pytest.raises(InvalidDefinition) as info:
        execute(machine, {})
    assert any(p.path == "/States/Path/QueryLanguage" for p in info.value.problems)


def test_state_level_jsonata_overrides_an_explicit_jsonpath_top_level():
    machine = {"QueryLanguage": "JSONPath", "StartAt": "Ata", "States": {
        "Ata": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"n": "{% $states.input.x * 3 %}"},
                "Next": "Path"},
        "Path": {"Type": "Pass", "Parameters": {"w.$": "$.n"}, "End": True}}}
    assert ok(machine, {"x": 2}) == {"w": 6}


def test_jsonpath_state_does_not_evaluate_percent_braces():
    machine = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"s": "{% 1 + 1 %}"}, "End": True}}}
    assert ok(machine) == {"s": "{% 1 + 1 %}"}


def test_variables_cross_query_languages():
    machine = {"StartAt": "Path", "States": {
        "Path": {"Type": "Pass", "Assign": {"v.$": "$.x"}, "Next": "Ata"},
        "Ata": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $v %}", "End": True}}}
    assert ok(machine, {"x": [1, 2]}) == [1, 2]


# -------------------------------------------------------------------- Step Functions' JSONata functions


@pytest.mark.parametrize("expression, expected", [
    ("$partition([1, 2, 3, 4, 5], 2)", [[1, 2], [3, 4], [5]]),
    ("$partition([], 3)", []),
    ("$range(0, 10, 3)", [0, 3, 6, 9]),
    ("$range(5, 1, -2)", [5, 3, 1]),
    ("$count($range(1, 4, 1))", 4),
    ("$parse('{\"a\": [1, true, null]}')", {"a": [1, True, None]}),
    ("$parse('-0')", 0),
    ("$parse($states.input.text).k", "v"),
    ("$hash('hello', 'SHA-256')", hashlib.sha256(b"hello").hexdigest()),
    ("$hash('hello', 'MD5')", hashlib.md5(b"hello").hexdigest()),  # noqa: S324 - the function under test
    ("$hash('hello', 'SHA-1')", hashlib.sha1(b"hello").hexdigest()),  # noqa: S324
], ids=["partition", "partition-empty", "range", "range-down", "range-count", "parse", "parse-minus-zero",
        "parse-input", "hash-sha256", "hash-md5", "hash-sha1"])
def test_step_functions_functions(expression, expected):
    machine = jsonata(("F", {"Type": "Pass", "Output": "{% " + expression + " %}"}))
    assert ok(machine, {"text": '{"k": "v"}'}) == expected


def test_uuid_is_a_version_4_uuid_and_differs_per_call():
    machine = jsonata(("U", {"Type": "Pass", "Output": ["{% $uuid() %}", "{% $uuid() %}"]}))
    first, second = ok(machine)
    assert UUID4.match(first) and UUID4.match(second)
    assert first != second


def test_random_is_in_zero_one_and_a_seed_repeats_it():
    machine = jsonata(("R", {"Type": "Pass", "Output": {"a": "{% $random() %}", "b": "{% $random() %}",
                                                         "s1": "{% $random(7) %}", "s2": "{% $random(7) %}"}}))
    out = ok(machine)
    assert all(0 <= out[k] < 1 for k in out)
    assert out["s1"] == out["s2"]
    assert out["a"] != out["b"]


def test_functions_are_seeded_by_the_execution_seed():
    machine = jsonata(("R", {"Type": "Pass", "Output": ["{% $uuid() %}", "{% $random() %}"]}))
    assert ok(machine, seed=3) == ok(machine, seed=3)
    assert ok(machine, seed=3) != ok(machine, seed=4)


@pytest.mark.parametrize("expression", ["$parse('{not json')", "$partition([1, 2], 0)", "$range(1, 2, 0)"],
                         ids=["parse", "partition-zero", "range-zero-step"])
def test_function_misuse_is_a_query_evaluation_error(expression):
    machine = jsonata(("F", {"Type": "Pass", "Output": "{% " + expression + " %}"}))
    query_error(machine)


# -------------------------------------------------------------------- failures


@pytest.mark.parametrize("field, state", [
    ("Output", {"Type": "Pass", "Output": "{% $states.input.missing %}"}),
    ("Assign", {"Type": "Pass", "Assign": {"v": "{% $states.input.missing %}"}}),
    ("Arguments", {"Type": "Task", "Resource": LAMBDA, "Arguments": {"a": "{% $states.input.missing %}"}}),
], ids=["Output", "Assign", "Arguments"])
def test_an_expression_that_returns_nothing_names_its_field(field, state):
    cause = query_error(jsonata(("S", state)), {"present": 1})
    assert f"'{field}" in cause
    assert "$states.input.missing" in cause
    assert "'S'" in cause  # the state is named


def test_an_undefined_variable_is_an_error():
    cause = query_error(jsonata(("S", {"Type": "Pass", "Output": "{% $neverAssigned %}"})))
    assert "Output" in cause


def test_a_syntax_error_is_refused_before_the_run_and_fails_an_unvalidated_one():
    machine = jsonata(("S", {"Type": "Pass", "Output": "{% 1 + %}"}))
    with pytest.raises(InvalidDefinition) as exc:
        run(machine)
    assert [(p.path, p.code) for p in exc.value.problems] == [("/States/S/Output", "INVALID_JSONATA_EXPRESSION")]
    assert run(machine, validate_definition=False).status == "FAILED"


def test_fail_state_error_and_cause_from_expressions():
    machine = jsonata(("F", {"Type": "Fail", "Error": "{% 'Order.' & $states.input.kind %}",
                             "Cause": "{% 'order ' & $string($states.input.id) & ' refused' %}"}))
    result = run(machine, {"kind": "Refused", "id": 12})
    assert (result.status, result.error, result.cause) == ("FAILED", "Order.Refused", "order 12 refused")


# -------------------------------------------------------------------- Wait


def test_wait_seconds_from_an_expression():
    machine = jsonata(("W", {"Type": "Wait", "Seconds": "{% $states.input.delay * 60 %}"}))
    assert run(machine, {"delay": 2}).duration == 120


def test_wait_timestamp_from_an_expression():
    machine = jsonata(("W", {"Type": "Wait", "Timestamp": "{% $states.input.at %}"}))
    assert run(machine, {"at": "2024-01-01T01:00:00Z"}).duration == 3600


@pytest.mark.parametrize("value", ["01-01-2024T00:00:00Z", "2024-01-01T00:00:00", "tomorrow"],
                         ids=["day-first", "no-offset", "word"])
def test_wait_invalid_timestamp_is_a_query_evaluation_error(value):
    machine = jsonata(("W", {"Type": "Wait", "Timestamp": "{% $states.input.at %}"}))
    cause = query_error(machine, {"at": value})
    assert "Timestamp" in cause and value in cause


def test_wait_negative_seconds_is_a_query_evaluation_error():
    machine = jsonata(("W", {"Type": "Wait", "Seconds": "{% -5 %}"}))
    query_error(machine)
