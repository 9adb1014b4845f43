"""engine.validator: every problem in a definition, each at a JSON Pointer."""

import copy

import pytest

from engine import InvalidDefinition, Problem, execute, validate

LAMBDA = "arn:aws:states:::lambda:invoke"
BASE = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Task", "Resource": LAMBDA, "Next": "B"},
        "B": {"Type": "Pass", "End": True},
    },
}


def with_changes(**states):
    """BASE with states replaced (None deletes) - a fresh copy every time."""
    spec = copy.deepcopy(BASE)
    for name, value in states.items():
        if value is None:
            spec["States"].pop(name)
        else:
            spec["States"][name] = value
    return spec


def paths(spec, **kw):
    return [p.path for p in validate(spec, **kw) if p.severity == "error"]


def test_a_valid_definition_has_no_problems():
    assert validate(BASE) == []


INVALID = [
    ({"States": BASE["States"]}, ""),  # a missing field is reported at the object that lacks it
    ({"StartAt": "A", "States": {}}, "/States"),
    ({"StartAt": "Z", "States": BASE["States"]}, "/StartAt"),
    ({**BASE, "Bogus": 1}, "/Bogus"),
    ({**BASE, "TimeoutSeconds": 0}, "/TimeoutSeconds"),
    ({**BASE, "QueryLanguage": "XPath"}, "/QueryLanguage"),
    (with_changes(B={"Type": "Pause", "End": True}), "/States/B/Type"),
    (with_changes(B={"Type": "Pass", "End": True, "Colour": "red"}), "/States/B/Colour"),
    (with_changes(B={"Type": "Pass"}), "/States/B"),
    (with_changes(B={"Type": "Pass", "End": True, "Next": "A"}), "/States/B"),
    (with_changes(B={"Type": "Pass", "End": False}), "/States/B/End"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "Nowhere"}), "/States/A/Next"),
    (with_changes(A={"Type": "Task", "Resource": "lambda", "Next": "B"}), "/States/A/Resource"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "TimeoutSeconds": 0}), "/States/A/TimeoutSeconds"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "TimeoutSeconds": 5, "HeartbeatSeconds": 5}),
     "/States/A/HeartbeatSeconds"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "InputPath": "nope"}), "/States/A/InputPath"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "ResultPath": "$..x"}), "/States/A/ResultPath"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "ResultPath": "$$.x"}), "/States/A/ResultPath"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "Parameters": {"x.$": "oops"}}),
     "/States/A/Parameters/x.$"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "Parameters": {"a": {"x.$": "States.Nope("}}}),
     "/States/A/Parameters/a/x.$"),
    (with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", "Arguments": {}}), "/States/A/Arguments"),
    (with_changes(C={"Type": "Pass", "End": True}), "/States/C"),
    ({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}, "/States"),
    (with_changes(B={"Type": "Succeed", "Next": "A"}), "/States/B/Next"),
    (with_changes(B={"Type": "Fail", "Error": 5}), "/States/B/Error"),
    (with_changes(B={"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}), "/States/B/ErrorPath"),
    ("x" * 81, "/States/" + "x" * 81),
]
IDS = ["no-StartAt", "empty-States", "StartAt-not-a-state", "unknown-top-field", "timeout-zero", "bad-query-language",
       "unknown-type", "unknown-field", "no-Next-or-End", "Next-and-End", "End-false", "dangling-Next",
       "resource-not-arn", "task-timeout-zero", "heartbeat-not-below-timeout", "bad-InputPath",
       "indefinite-ResultPath", "context-ResultPath", "bad-parameter-path", "bad-intrinsic", "jsonata-field-in-jsonpath",
       "unreachable", "no-terminal", "succeed-with-Next", "fail-error-not-string", "fail-error-and-path",
       "long-state-name"]


def _spec(case):
    if isinstance(case, str):  # a long state name
        return {"StartAt": case, "States": {case: {"Type": "Pass", "End": True}}}
    return case


@pytest.mark.parametrize("spec, pointer", INVALID, ids=IDS)
def test_each_problem_is_reported_at_its_pointer(spec, pointer):
    problems = validate(_spec(spec))
    assert pointer in [p.path for p in problems], problems
    assert all(isinstance(p, Problem) and p.message for p in problems)


RETRY_CATCH = [
    ({"Retry": [{"ErrorEquals": []}]}, "/States/A/Retry/0/ErrorEquals"),
    ({"Retry": [{"ErrorEquals": ["States.ALL", "X"]}]}, "/States/A/Retry/0/ErrorEquals"),
    ({"Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]}, "/States/A/Retry/0/ErrorEquals"),
    ({"Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 0}]}, "/States/A/Retry/0/IntervalSeconds"),
    ({"Retry": [{"ErrorEquals": ["X"], "MaxAttempts": -1}]}, "/States/A/Retry/0/MaxAttempts"),
    ({"Retry": [{"ErrorEquals": ["X"], "BackoffRate": 0.5}]}, "/States/A/Retry/0/BackoffRate"),
    ({"Retry": [{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}]}, "/States/A/Retry/0/MaxDelaySeconds"),
    ({"Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}]}, "/States/A/Retry/0/JitterStrategy"),
    ({"Retry": [{"ErrorEquals": ["X"], "Next": "B"}]}, "/States/A/Retry/0/Next"),
    ({"Retry": {"ErrorEquals": ["X"]}}, "/States/A/Retry"),
    ({"Catch": [{"ErrorEquals": ["X"]}]}, "/States/A/Catch/0"),
    ({"Catch": [{"ErrorEquals": ["X"], "Next": "Nowhere"}]}, "/States/A/Catch/0/Next"),
    ({"Catch": [{"ErrorEquals": ["X"], "Next": "B", "ResultPath": "$.a[*]"}]}, "/States/A/Catch/0/ResultPath"),
    ({"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}, {"ErrorEquals": ["X"], "Next": "B"}]},
     "/States/A/Catch/0/ErrorEquals"),
]


@pytest.mark.parametrize("fields, pointer", RETRY_CATCH,
                         ids=["empty-ErrorEquals", "ALL-not-alone", "ALL-not-last", "interval-zero",
                              "attempts-negative", "backoff-below-1", "max-delay-zero", "bad-jitter",
                              "retrier-unknown-field", "retry-not-array", "catcher-no-Next", "catcher-dangling-Next",
                              "catcher-bad-ResultPath", "catch-ALL-not-last"])
def test_retry_and_catch_problems(fields, pointer):
    spec = with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B", **fields})
    assert pointer in paths(spec)


def test_max_attempts_zero_and_backoff_one_are_valid():
    spec = with_changes(A={"Type": "Task", "Resource": LAMBDA, "Next": "B",
                           "Retry": [{"ErrorEquals": ["X"], "MaxAttempts": 0, "BackoffRate": 1.0}]})
    assert validate(spec) == []


CHOICE = [
    ({"Choices": []}, "/States/C/Choices"),
    ({"Choices": [{"Variable": "$.x", "StringEquals": "a"}]}, "/States/C/Choices/0"),
    ({"Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "B"}]}, "/States/C/Choices/0/NumericEquals"),
    ({"Choices": [{"Variable": "$.x", "BooleanEquals": 1, "Next": "B"}]}, "/States/C/Choices/0/BooleanEquals"),
    ({"Choices": [{"Variable": "$.x", "TimestampEquals": "yesterday", "Next": "B"}]},
     "/States/C/Choices/0/TimestampEquals"),
    ({"Choices": [{"Variable": "$.x", "Next": "B"}]}, "/States/C/Choices/0"),
    ({"Choices": [{"Variable": "$.x", "StringEquals": "a", "NumericEquals": 1, "Next": "B"}]}, "/States/C/Choices/0"),
    ({"Choices": [{"Variable": "x", "StringEquals": "a", "Next": "B"}]}, "/States/C/Choices/0/Variable"),
    ({"Choices": [{"Variable": "$.x", "StringEqualsPath": "bad", "Next": "B"}]},
     "/States/C/Choices/0/StringEqualsPath"),
    ({"Choices": [{"And": [], "Next": "B"}]}, "/States/C/Choices/0/And"),
    ({"Choices": [{"Not": {"Variable": "$.x", "IsNull": "yes"}, "Next": "B"}]}, "/States/C/Choices/0/Not/IsNull"),
    ({"Choices": [{"Variable": "$.x", "IsNull": True, "Next": "B"}], "Default": "Nowhere"}, "/States/C/Default"),
    ({"Choices": [{"Variable": "$.x", "IsNull": True, "Next": "B"}], "End": True}, "/States/C/End"),
    ({"Choices": [{"Variable": "$.x", "Bogus": 1, "Next": "B"}]}, "/States/C/Choices/0/Bogus"),
]


@pytest.mark.parametrize("fields, pointer", CHOICE,
                         ids=["no-choices", "rule-no-Next", "numeric-needs-number", "boolean-needs-bool",
                              "bad-timestamp", "no-operator", "two-operators", "bad-Variable", "bad-operand-path",
                              "empty-And", "nested-in-Not", "dangling-Default", "choice-with-End", "unknown-field"])
def test_choice_problems(fields, pointer):
    spec = {"StartAt": "C", "States": {"C": {"Type": "Choice", **fields}, "B": {"Type": "Pass", "End": True}}}
    assert pointer in paths(spec)


WAIT = [
    ({}, "/States/W"),
    ({"Seconds": 1, "SecondsPath": "$.s"}, "/States/W"),
    ({"Seconds": -1}, "/States/W/Seconds"),
    ({"Seconds": 1.5}, "/States/W/Seconds"),
    ({"Timestamp": "tomorrow"}, "/States/W/Timestamp"),
    ({"SecondsPath": "s"}, "/States/W/SecondsPath"),
]


@pytest.mark.parametrize("fields, pointer", WAIT,
                         ids=["none", "two", "negative", "fraction", "bad-timestamp", "bad-path"])
def test_wait_problems(fields, pointer):
    spec = {"StartAt": "W", "States": {"W": {"Type": "Wait", "End": True, **fields}}}
    assert pointer in paths(spec)


def test_nested_problems_point_inside_branches_and_processors():
    spec = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Next": "M", "Branches": [
                {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Gone"}}}]},
            "M": {"Type": "Map", "End": True, "MaxConcurrency": -1, "ItemProcessor": {
                "StartAt": "Y", "States": {"Y": {"Type": "Pass"}}}},
        },
    }
    got = paths(spec)
    assert "/States/P/Branches/0/States/X/Next" in got
    assert "/States/M/ItemProcessor/States/Y" in got
    assert "/States/M/MaxConcurrency" in got


def test_branch_cannot_target_a_state_outside_it():
    spec = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Out", "Branches": [
            {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Out"}}}]},
        "Out": {"Type": "Pass", "End": True}}}
    assert "/States/P/Branches/0/States/X/Next" in paths(spec)


@pytest.mark.parametrize(
    "fields, pointer",
    [({"Parallel": True}, "/States/P"),
     ({"Branches": []}, "/States/P/Branches")],
    ids=["no-branches", "empty-branches"],
)
def test_parallel_problems(fields, pointer):
    spec = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True,
                                             **{k: v for k, v in fields.items() if k != "Parallel"}}}}
    assert pointer in paths(spec)


@pytest.mark.parametrize(
    "fields, pointer",
    [({}, "/States/M"),
     ({"ItemProcessor": {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "End": True}}},
       "ToleratedFailurePercentage": 101}, "/States/M/ToleratedFailurePercentage"),
     ({"ItemProcessor": {"ProcessorConfig": {"Mode": "FAST"}, "StartAt": "Y",
                         "States": {"Y": {"Type": "Pass", "End": True}}}}, "/States/M/ItemProcessor/ProcessorConfig/Mode"),
     ({"ItemProcessor": {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "End": True}}},
       "Iterator": {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "End": True}}}}, "/States/M/Iterator")],
    ids=["no-processor", "tolerated-over-100", "bad-mode", "processor-and-iterator"],
)
def test_map_problems(fields, pointer):
    spec = {"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, **fields}}}
    assert pointer in paths(spec)


def test_pointer_tokens_are_escaped():
    spec = {"StartAt": "a/b", "States": {"a/b": {"Type": "Pass", "End": True, "Bad~": 1}}}
    assert "/States/a~1b/Bad~0" in paths(spec)


def test_every_problem_is_found_not_just_the_first():
    spec = with_changes(A={"Type": "Task", "Resource": "x", "Next": "Nowhere", "Colour": 1})
    got = paths(spec)
    assert {"/States/A/Resource", "/States/A/Next", "/States/A/Colour"} <= set(got)


def test_execute_refuses_an_invalid_definition_listing_every_problem():
    spec = with_changes(A={"Type": "Task", "Resource": "x", "Next": "Nowhere"})
    with pytest.raises(InvalidDefinition) as info:
        execute(spec, {})
    assert {"/States/A/Resource", "/States/A/Next"} <= {p.path for p in info.value.problems}
    assert "/States/A/Next" in str(info.value)


def test_validate_accepts_text_and_reports_parse_errors():
    assert validate('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}') == []
    (problem,) = validate('{"StartAt": ')
    assert "line 1" in problem.message


def test_problem_str_shows_pointer_and_message():
    assert str(Problem("/States/A", "broken")) == "/States/A: broken"
    assert str(Problem("", "broken")) == "/: broken"


def test_jsonata_state_refuses_jsonpath_fields():
    spec = {"QueryLanguage": "JSONata", "StartAt": "A",
            "States": {"A": {"Type": "Pass", "InputPath": "$.x", "End": True}}}
    assert "/States/A/InputPath" in paths(spec)


# facts.md §D.19 and §F.36: the documented upper bounds.
UPPER_BOUNDS = [
    ({"Type": "Task", "Resource": LAMBDA, "End": True,
      "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 100_000_000}]}, "/States/S/Retry/0/IntervalSeconds"),
    ({"Type": "Task", "Resource": LAMBDA, "End": True,
      "Retry": [{"ErrorEquals": ["X"], "MaxAttempts": 100_000_000}]}, "/States/S/Retry/0/MaxAttempts"),
    ({"Type": "Wait", "Seconds": 100_000_000, "End": True}, "/States/S/Seconds"),
]


@pytest.mark.parametrize("state, pointer", UPPER_BOUNDS, ids=["interval-over-max", "attempts-over-max",
                                                              "wait-seconds-over-max"])
def test_values_past_the_documented_maximum_are_problems(state, pointer):
    assert pointer in paths({"StartAt": "S", "States": {"S": state}})


@pytest.mark.parametrize("state", [s for s, _ in UPPER_BOUNDS], ids=["interval-at-max", "attempts-at-max",
                                                                     "wait-seconds-at-max"])
def test_values_at_the_documented_maximum_are_fine(state):
    state = copy.deepcopy(state)
    for holder in [state, *state.get("Retry", [])]:
        for key in ("IntervalSeconds", "MaxAttempts", "Seconds"):
            if key in holder:
                holder[key] = 99_999_999
    assert paths({"StartAt": "S", "States": {"S": state}}) == []


# Warnings teach without rejecting: AWS accepts these definitions.
@pytest.mark.parametrize("state, pointer, word", [
    ({"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "End"}]}, "/States/S", "Default"),
    ({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Next": "End"}, "/States/S", "TimeoutSeconds"),
    ({"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "Next": "End"}, "/States/S", "TimeoutSeconds"),
], ids=["choice-without-default", "callback-without-timeout", "activity-without-timeout"])
def test_risky_but_valid_definitions_get_a_warning(state, pointer, word):
    problems = validate({"StartAt": "S", "States": {"S": state, "End": {"Type": "Succeed"}}})
    assert [(p.path, p.severity) for p in problems] == [(pointer, "warning")]
    assert word in problems[0].message


def test_a_callback_with_a_timeout_gets_no_warning():
    state = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 3600, "End": True}
    assert validate({"StartAt": "S", "States": {"S": state}}) == []
