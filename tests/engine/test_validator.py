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


# ====================================================================== AWS's rules, with codes
# Each rule below is written from the AWS developer guide or the ASL spec (named in the test).


def errors(spec, **kw):
    """(pointer, code) of every error."""
    return [(p.path, p.code) for p in validate(spec, **kw) if p.severity == "error"]


def one_task(**fields):
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": LAMBDA, "End": True, **fields}}}


def test_every_problem_has_a_code_and_a_valid_definition_has_none():
    assert all(p.code for p in validate(with_changes(A={"Type": "Nope"}, C={"Type": "Pass"})))
    assert validate(BASE) == []


def test_problem_keeps_its_old_constructor_and_defaults_its_code():
    assert Problem("/x", "m").code == "SCHEMA_VALIDATION_FAILED"
    assert Problem("/x", "m", "warning").code == "WARNING"
    assert Problem("/x", "m", "error", "INVALID_RESOURCE").code == "INVALID_RESOURCE"


# -- Task Resource (Integrating optimized services; Lambda ARNs; activities) --------------------

VALID_RESOURCES = [
    "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken",
    "arn:aws:states:::states:startExecution.sync:2", "arn:aws:states:::ecs:runTask.sync",
    "arn:aws:states:::dynamodb:getItem", "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "arn:aws:states:::aws-sdk:dynamodb:query", "arn:aws:states:::aws-sdk:s3:putObject.waitForTaskToken",
    "arn:aws:states:us-east-1:123456789012:activity:Review",
    "arn:aws:lambda:us-east-1:123456789012:function:Fn", "arn:aws:lambda:us-east-1:123456789012:function:Fn:7",
    "arn:aws:lambda:us-east-1:123456789012:function:Fn:prod", "arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST",
    "arn:aws-cn:states:::lambda:invoke", "arn:aws-us-gov:states:::sns:publish",
    "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
]


@pytest.mark.parametrize("arn", VALID_RESOURCES)
def test_resources_aws_accepts(arn):
    assert errors(one_task(Resource=arn, TimeoutSeconds=60)) == []


INVALID_RESOURCES = [
    ("arn:aws:states:::dynamodb:query", "not recognized"),  # an action the optimized integration lacks
    ("arn:aws:states:::dynamodb:putItem.waitForTaskToken", "not recognized"),  # DynamoDB has no callback
    ("arn:aws:states:::lambda:invoke.sync", "not recognized"),  # Lambda has no Run a Job
    ("arn:aws:states:::athena:getQueryResults.sync", "not recognized"),  # only startQueryExecution is .sync
    ("arn:aws:states:::lambda:Invoke", "not recognized"),
    ("arn:aws:states:::aws-sdk:s3:getObject.sync", "Run a Job"),  # AWS SDK integrations never .sync
    ("arn:aws:lambda:us-east-1:123456789012:function:Fn:", "Lambda"),  # an empty alias
    ("arn:aws:lambda:us-east-1:123456789012:function:Fn:a$b", "Lambda"),  # a malformed alias
    ("arn:invalid:states:::lambda:invoke", "partition"),
    ("arn:aws:states:::activity:Review", "activity"),  # an activity ARN names its region and account
    ("arn:aws:swf:us-east-1:123456789012:task:X", "not recognized"),
    ("lambda", "ARN"),
]


@pytest.mark.parametrize("arn, word", INVALID_RESOURCES)
def test_resources_aws_refuses(arn, word):
    problems = [p for p in validate(one_task(Resource=arn)) if p.severity == "error"]
    assert [(p.path, p.code) for p in problems] == [("/States/T/Resource", "INVALID_RESOURCE")]
    assert word in problems[0].message


@pytest.mark.parametrize("placeholder", ["${LambdaArn}", {"Fn::GetAtt": ["Fn", "Arn"]}, {"Ref": "Fn"}])
def test_sam_and_cloudformation_placeholders_must_be_substituted(placeholder):
    (problem,) = validate(one_task(Resource=placeholder))
    assert (problem.path, problem.severity, problem.code) == ("/States/T/Resource", "error", "INVALID_RESOURCE")
    assert "substituted" in problem.message


# -- Express workflows (Standard vs Express; integration patterns) -------------------------------


@pytest.mark.parametrize("arn", ["arn:aws:states:::ecs:runTask.sync", "arn:aws:states:::lambda:invoke.waitForTaskToken",
                                 "arn:aws:states:us-east-1:123456789012:activity:Review"])
def test_express_refuses_jobs_callbacks_and_activities(arn):
    assert errors(one_task(Resource=arn, TimeoutSeconds=60), workflow_type="EXPRESS") == [
        ("/States/T/Resource", "SCHEMA_VALIDATION_FAILED")]


def test_express_warns_about_waits_and_timeouts_it_cannot_finish():
    spec = {"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 86400, "Next": "T"},
        "T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 3600, "HeartbeatSeconds": 600, "End": True,
              "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 900}]}}}
    express = validate(spec, workflow_type="EXPRESS")
    assert all(p.severity == "warning" and p.code == "EXPRESS_DURATION" for p in express)
    assert {p.path for p in express} == {"/States/W/Seconds", "/States/T/TimeoutSeconds",
                                         "/States/T/HeartbeatSeconds", "/States/T/Retry/0/IntervalSeconds"}
    assert "\"W\"" in next(p.message for p in express if p.path == "/States/W/Seconds")  # names the state
    assert validate(spec) == []  # a Standard workflow may wait a day


def test_express_does_not_warn_about_a_short_wait():
    spec = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 299, "End": True}}}
    assert validate(spec, workflow_type="EXPRESS") == []


# -- Credentials (Task state: Credentials; "The field 'RoleArn' is required") ---------------------


@pytest.mark.parametrize("credentials, pointer", [
    ({}, "/States/T/Credentials"),
    ({"InvalidField": "x"}, "/States/T/Credentials"),
    ("arn:aws:iam::123456789012:role/R", "/States/T/Credentials"),
    (None, "/States/T/Credentials"),
    ({"RoleArn": 5}, "/States/T/Credentials/RoleArn"),
    ({"RoleArn.$": "not a path"}, "/States/T/Credentials/RoleArn.$"),
    ({"RoleArn": "arn:aws:iam::1:role/R", "RoleArn.$": "$.role"}, "/States/T/Credentials/RoleArn.$"),
])
def test_credentials_need_exactly_a_role_arn(credentials, pointer):
    assert pointer in [p for p, _ in errors(one_task(Credentials=credentials))]


@pytest.mark.parametrize("credentials", [{"RoleArn": "arn:aws:iam::123456789012:role/R"}, {"RoleArn.$": "$.role"}])
def test_credentials_with_a_role_arn_are_valid(credentials):
    assert errors(one_task(Credentials=credentials)) == []


def test_jsonata_credentials_take_rolearn_not_rolearn_dollar():
    spec = {"QueryLanguage": "JSONata", **one_task(Credentials={"RoleArn.$": "$.role"})}
    assert ("/States/T/Credentials/RoleArn.$", "SCHEMA_VALIDATION_FAILED") in errors(spec)
    spec = {"QueryLanguage": "JSONata", **one_task(Credentials={"RoleArn": "{% $states.input.role %}"})}
    assert errors(spec) == []


# -- Mutually exclusive pairs --------------------------------------------------------------------

MAP = {"ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}}
DISTRIBUTED = {"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                                 "StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}}
EXCLUSIVE = [
    ({"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t"}, "/States/S/TimeoutSecondsPath"),
    ({"Type": "Task", "Resource": LAMBDA, "HeartbeatSeconds": 5, "HeartbeatSecondsPath": "$.h"}, "/States/S/HeartbeatSecondsPath"),
    ({"Type": "Map", **MAP, "MaxConcurrency": 1, "MaxConcurrencyPath": "$.m"}, "/States/S/MaxConcurrencyPath"),
    ({"Type": "Map", **DISTRIBUTED, "ToleratedFailureCount": 1, "ToleratedFailureCountPath": "$.c"},
     "/States/S/ToleratedFailureCountPath"),
    ({"Type": "Map", **DISTRIBUTED, "ToleratedFailurePercentage": 1, "ToleratedFailurePercentagePath": "$.p"},
     "/States/S/ToleratedFailurePercentagePath"),
    ({"Type": "Map", **DISTRIBUTED, "ItemBatcher": {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.b"}},
     "/States/S/ItemBatcher/MaxItemsPerBatchPath"),
    ({"Type": "Map", **DISTRIBUTED, "ItemBatcher": {"MaxInputBytesPerBatch": 2, "MaxInputBytesPerBatchPath": "$.b"}},
     "/States/S/ItemBatcher/MaxInputBytesPerBatchPath"),
    ({"Type": "Map", **DISTRIBUTED, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                                   "ReaderConfig": {"InputType": "CSV", "MaxItems": 1, "MaxItemsPath": "$.m"}}},
     "/States/S/ItemReader/ReaderConfig/MaxItemsPath"),
    ({"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.a"}}, "/States/S/Parameters/a.$"),
]


@pytest.mark.parametrize("state, pointer", EXCLUSIVE, ids=[p.rsplit("/", 1)[-1] for _, p in EXCLUSIVE])
def test_a_field_and_its_path_variant_are_mutually_exclusive(state, pointer):
    assert pointer in [p for p, _ in errors({"StartAt": "S", "States": {"S": {**state, "End": True}}})]


# -- State names (ASL spec: unique within the whole state machine; at most 80 characters) ----------


def test_state_names_are_unique_across_branches_and_processors():
    spec = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}]},
        "Done": {"Type": "Map", **{"ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}},
                 "Next": "X"},
        "X": {"Type": "Succeed"}}}
    dupes = [p for p, code in errors(spec) if code == "DUPLICATE_STATE_NAME"]
    assert dupes == ["/States/Done", "/States/X"]


def test_a_state_name_over_80_characters_is_invalid_state_name():
    name = "n" * 81
    assert errors({"StartAt": name, "States": {name: {"Type": "Succeed"}}}) == [(f"/States/{name}", "INVALID_STATE_NAME")]


def test_missing_targets_and_terminal_states_have_their_codes():
    assert ("/States/A/Next", "MISSING_TRANSITION_TARGET") in errors(with_changes(A={"Type": "Pass", "Next": "Z"}))
    loop = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}
    assert ("/States", "MISSING_END_STATE") in errors(loop)


# -- JSONata (Transforming data with JSONata: {% %} expressions, compiled at validation) --------


@pytest.mark.parametrize("field, value, pointer", [
    ("Output", "{% 10 + * 2 %}", "/States/S/Output"),
    ("Output", "{% $sum($states.input.a %}", "/States/S/Output"),
    ("Output", {"a": ["{% $.store.book[?(@.price < 10)] %}"]}, "/States/S/Output/a/0"),
    ("Assign", {"x": "{% %}"}, "/States/S/Assign/x"),
])
def test_jsonata_that_does_not_compile_is_invalid_jsonata_expression(field, value, pointer):
    spec = {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", field: value, "End": True}}}
    assert errors(spec) == [(pointer, "INVALID_JSONATA_EXPRESSION")]


def test_jsonata_is_compiled_in_every_field_that_takes_it():
    bad = "{% ( %}"
    spec = {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": bad, "Next": "W"}], "Default": "W"},
        "W": {"Type": "Wait", "Seconds": bad, "Next": "M"},
        "M": {"Type": "Map", "Items": bad, "MaxConcurrency": bad, **MAP, "Next": "T"},
        "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"a": bad}, "TimeoutSeconds": bad,
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Output": bad}], "Next": "F"},
        "F": {"Type": "Fail", "Error": bad, "Cause": bad}}}
    got = {p for p, code in errors(spec) if code == "INVALID_JSONATA_EXPRESSION"}
    assert got == {"/States/C/Choices/0/Condition", "/States/W/Seconds", "/States/M/Items", "/States/M/MaxConcurrency",
                   "/States/T/Arguments/a", "/States/T/TimeoutSeconds", "/States/T/Catch/0/Output",
                   "/States/F/Error", "/States/F/Cause"}


def test_valid_jsonata_everywhere_is_fine():
    spec = {"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"sum": "{% $sum($states.input.n) %}", "n": "{% 10 * 2 %}"},
              "Assign": {"total": "{% $states.input.t %}"}, "End": True}}}
    assert validate(spec) == []


# -- QueryLanguage scoping ("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' ...") ---------


def test_a_jsonpath_state_is_refused_under_a_jsonata_top_level():
    spec = {"QueryLanguage": "JSONata", "StartAt": "S",
            "States": {"S": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}
    assert errors(spec) == [("/States/S/QueryLanguage", "SCHEMA_VALIDATION_FAILED")]


def test_a_jsonpath_machine_may_hold_a_jsonata_map_whose_inner_states_are_jsonpath():
    spec = {"StartAt": "M", "QueryLanguage": "JSONPath", "States": {"M": {
        "Type": "Map", "QueryLanguage": "JSONata", "End": True, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}}}}
    assert validate(spec) == []


def test_jsonata_fields_need_jsonata_and_jsonpath_fields_need_jsonpath():
    assert ("/States/S/Output", "SCHEMA_VALIDATION_FAILED") in errors(
        {"StartAt": "S", "States": {"S": {"Type": "Pass", "Output": {}, "End": True}}})
    jsonata = {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {
        "Type": "Task", "Resource": LAMBDA, "ResultSelector": {}, "End": True,
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "F"}]}, "F": {"Type": "Fail"}}}
    got = [p for p, _ in errors(jsonata)]
    assert "/States/S/ResultSelector" in got and "/States/S/Catch/0/ResultPath" in got


# -- Map Label (Distributed Map: up to 40 characters, none AWS refuses; unique) -------------------

REFUSED_LABEL_CHARS = " \t\n<>{}[]?*\"#%\\^|~`$&,;:/\x00\x1f\x7f\x9f"


@pytest.mark.parametrize("char", list(REFUSED_LABEL_CHARS), ids=[f"U+{ord(c):04X}" for c in REFUSED_LABEL_CHARS])
def test_a_label_with_a_refused_character_is_invalid_label_name(char):
    spec = {"StartAt": "M", "States": {"M": {"Type": "Map", **DISTRIBUTED, "Label": f"label_{char}", "End": True}}}
    assert errors(spec) == [("/States/M/Label", "INVALID_LABEL_NAME")]


@pytest.mark.parametrize("label, ok", [("", False), ("x" * 40, True), ("x" * 41, False), ("My-label_1.2", True)])
def test_a_label_has_1_to_40_characters(label, ok):
    spec = {"StartAt": "M", "States": {"M": {"Type": "Map", **DISTRIBUTED, "Label": label, "End": True}}}
    assert (errors(spec) == []) is ok


def test_two_maps_may_not_share_a_label():
    spec = {"StartAt": "A", "States": {
        "A": {"Type": "Map", "Label": "L", "Next": "B", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}},
        "B": {"Type": "Map", "Label": "L", "End": True, "ItemProcessor": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}}}}
    assert errors(spec) == [("/States/B/Label", "DUPLICATE_LABEL_NAME")]


# -- Fail ErrorPath / CausePath (Fail state: a path, or an intrinsic that returns a string) ----------


@pytest.mark.parametrize("value, ok", [
    ("$.error", True), ("$$.State.Name", True), ("States.Format('e: {}', $.x)", True), ("States.UUID()", True),
    ("States.JsonToString($.x)", True), ("States.ArrayGetItem($.a, 0)", True), ("States.Hash($.x, 'MD5')", True),
    ("States.ArrayLength($.a)", False), ("States.MathAdd(1, 2)", False), ("States.StringToJson($.s)", False),
    ("error", False), (" States.UUID()", False),
])
def test_fail_paths_take_a_path_or_a_string_intrinsic(value, ok):
    spec = {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": value, "CausePath": value}}}
    assert (errors(spec) == []) is ok


# -- Unknown fields in every scope ----------------------------------------------------------------


@pytest.mark.parametrize("spec, pointer", [
    ({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "X", "Bogus": 1, "States": {"X": {"Type": "Succeed"}}}]}}}, "/States/P/Branches/0/Bogus"),
    ({"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, "Iterator": {
        "StartAt": "X", "InvalidProp": 1, "States": {"X": {"Type": "Succeed"}}}}}}, "/States/M/Iterator/InvalidProp"),
    ({"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE", "Speed": 1}, "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}}}},
     "/States/M/ItemProcessor/ProcessorConfig/Speed"),
    ({"StartAt": "S", "States": {"S": {"Type": "Map", **DISTRIBUTED, "End": True,
                                       "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Bogus": 1}}}},
     "/States/S/ItemReader/Bogus"),
    ({"StartAt": "S", "States": {"S": {"Type": "Map", **DISTRIBUTED, "End": True, "ItemBatcher": {"Size": 1}}}},
     "/States/S/ItemBatcher/Size"),
    ({"StartAt": "S", "States": {"S": {"Type": "Map", **DISTRIBUTED, "End": True, "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject", "Bucket": "b"}}}}, "/States/S/ResultWriter/Bucket"),
    (one_task(Retry=[{"ErrorEquals": ["X"], "Next": "T"}]), "/States/T/Retry/0/Next"),
    (one_task(Catch=[{"ErrorEquals": ["X"], "Next": "T", "Bogus": 1}]), "/States/T/Catch/0/Bogus"),
    ({"StartAt": "F", "States": {"F": {"Type": "Fail", "InputPath": "$"}}}, "/States/F/InputPath"),
    ({"StartAt": "F", "States": {"F": {"Type": "Succeed", "Assign": {}}}}, "/States/F/Assign"),
], ids=["branch", "iterator", "processor-config", "item-reader", "item-batcher", "result-writer", "retrier",
        "catcher", "fail-inputpath", "succeed-assign"])
def test_unknown_fields_are_refused_in_every_scope(spec, pointer):
    assert (pointer, "SCHEMA_VALIDATION_FAILED") in errors(spec)


# -- Intrinsic functions as AWS parses them ------------------------------------------------------


@pytest.mark.parametrize("value, ok", [
    ("States.Format('{} and {}', $.a, $.b)", True),
    ("States.Format('{} and {}', $.a, $.b)   ", True),  # trailing spaces are fine
    ("  States.Format('{}', $.a)", False),  # leading spaces are not
    ("States.Format($.template $.a)", False),  # no commas
    ("States.JsonToString($", False),
    ("States.Xyz($.a)", False),
    ("States.Format('a\\nb {}', $.a)", False),  # \n is not an escape intrinsic strings know
    ("States.Array($..x)", True),
    ("States.ArrayLength($.a[)", False),  # a path argument that does not parse
    ("$.a", True), ("$$.Execution.Id", True), ("$var.x", True), ("23", False), ("", False),
])
def test_dollar_values_are_paths_or_intrinsic_calls(value, ok):
    spec = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": value}, "End": True}}}
    got = errors(spec)
    assert (got == []) is ok, got
    if not ok:
        (problem,) = [p for p in validate(spec) if p.severity == "error"]
        assert "must be a valid JSONPath or a valid intrinsic function call" in problem.message


@pytest.mark.parametrize("value", ["States.Hash('x')", "States.MathAdd(1, '2')", "States.UUID(1)",
                                   "States.Format('{} {}', $.a)", "States.Hash($.x, 'SHA-257')"])
def test_intrinsic_argument_mistakes_are_warnings_that_it_will_fail_when_run(value):
    spec = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": value}, "End": True}}}
    (problem,) = validate(spec)
    assert (problem.path, problem.severity, problem.code) == ("/States/P/Parameters/x.$", "warning", "INTRINSIC_ARGUMENTS")


# -- AWS's warnings: NO_DOLLAR, PASS_RESULT_IS_STATIC ------------------------------------------------


def test_a_path_in_a_field_without_dollar_suffix_is_a_no_dollar_warning():
    spec = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x": "$.a"}, "End": True}}}
    assert [(p.path, p.severity, p.code) for p in validate(spec)] == [("/States/P/Parameters/x", "warning", "NO_DOLLAR")]


def test_a_dollar_field_in_pass_result_is_a_static_result_warning():
    spec = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x.$": "$.a"}, "End": True}}}
    assert [(p.path, p.code) for p in validate(spec)] == [("/States/P/Result", "PASS_RESULT_IS_STATIC")]


# -- Variables (Passing data between states with variables) -------------------------------------


def test_assigning_the_reserved_states_variable_is_refused():
    spec = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"states": 1}, "End": True}}}
    assert errors(spec) == [("/States/P/Assign/states", "RESERVED_VARIABLE_NAME")]


# -- Text that is not a definition ---------------------------------------------------------------


@pytest.mark.parametrize("text, code", [(" ", "MISSING_DESCRIPTION"), ("{\"StartAt\": ", "INVALID_JSON_DESCRIPTION"),
                                        ("[1]", "INVALID_JSON_DESCRIPTION")])
def test_text_that_is_not_a_definition_has_aws_codes(text, code):
    assert errors(text) == [("", code)]


def test_an_empty_object_names_both_required_fields():
    (problem,) = validate({})
    assert problem.message == "These fields are required: [States, StartAt]"
