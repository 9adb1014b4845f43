"""engine.tasks: resource ARNs, mocks (Step Functions Local MockConfigFile format), canned results, handlers."""

import json

import pytest

from engine import InvalidDefinition, execute, validate
from engine.tasks import InvalidMocks, load_mocks, parse_resource, request_problems

LAMBDA = "arn:aws:states:::lambda:invoke"


def task(resource=LAMBDA, **fields):
    spec = {"Type": "Task", "Resource": resource, "End": True, **fields}
    return {"StartAt": "T", "States": {"T": spec}}


def scheduled(run):
    return sum(1 for e in run.history if e["type"].endswith("Scheduled"))


# -------------------------------------------------------------------- resource ARNs


@pytest.mark.parametrize(
    "arn, kind, service, action, pattern",
    [
        ("arn:aws:states:::lambda:invoke", "integration", "lambda", "invoke", ""),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "integration", "lambda", "invoke", ".waitForTaskToken"),
        ("arn:aws:states:::ecs:runTask.sync", "integration", "ecs", "runTask", ".sync"),
        ("arn:aws:states:::states:startExecution.sync:2", "integration", "states", "startExecution", ".sync:2"),
        ("arn:aws:states:::aws-sdk:s3:getObject", "integration", "aws-sdk:s3", "getObject", ""),
        ("arn:aws:states:::sns:publish", "integration", "sns", "publish", ""),
        ("arn:aws:states:us-east-1:123456789012:activity:approve", "activity", "", "", ""),
        ("arn:aws:lambda:us-east-1:123456789012:function:Hello", "lambda", "lambda", "invoke", ""),
        ("arn:aws:lambda:us-east-1:123456789012:function:Hello:prod", "lambda", "lambda", "invoke", ""),
        ("arn:aws-cn:lambda:cn-north-1:123456789012:function:Hello", "lambda", "lambda", "invoke", ""),
        ("not-an-arn", "unknown", "", "", ""),
    ],
    ids=["lambda-invoke", "callback", "sync", "sync2", "sdk", "sns", "activity", "function-arn", "alias",
         "china-partition", "garbage"],
)
def test_parse_resource(arn, kind, service, action, pattern):
    r = parse_resource(arn)
    assert (r.kind, r.service, r.action, r.pattern) == (kind, service, action, pattern)


@pytest.mark.parametrize(
    "arn, prefix",
    [("arn:aws:lambda:us-east-1:123456789012:function:F", "LambdaFunction"),
     ("arn:aws:states:us-east-1:123456789012:activity:A", "Activity"),
     ("arn:aws:states:::lambda:invoke", "Task")],
    ids=["function-arn", "activity", "integration"],
)
def test_history_event_family(arn, prefix):
    run = execute(task(arn), {}, mocks={"T": {"0": {"Return": 1}}})
    types = [e["type"] for e in run.history]
    assert f"{prefix}Scheduled" in types and f"{prefix}Succeeded" in types


# -------------------------------------------------------------------- mocks


def test_mock_keys_single_and_range_and_last_repeats():
    table = load_mocks({"T": {"0": {"Return": "a"}, "1-2": {"Return": "b"}, "3": {"Throw": {"Error": "E"}}}}, {"T"})
    got = [table.entry("T", n) for n in range(6)]
    assert [e.returns for e in got[:3]] == ["a", "b", "b"]
    assert got[3].error == "E" and got[4].error == "E" and got[5].error == "E"


def test_mock_ranges_drive_retries():
    machine = task(Retry=[{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1}])
    mocks = {"T": {"0": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                   "1-2": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                   "3": {"Return": {"StatusCode": 200, "Payload": "done"}}}}
    run = execute(machine, {}, mocks=mocks)
    assert run.output == {"StatusCode": 200, "Payload": "done"}
    assert scheduled(run) == 4


def test_mock_throw_sets_error_and_cause():
    run = execute(task(), {}, mocks={"T": {"0": {"Throw": {"Error": "Custom.Err", "Cause": "why"}}}})
    assert (run.status, run.error, run.cause) == ("FAILED", "Custom.Err", "why")


def test_mock_throw_may_name_a_predefined_error():
    run = execute(task(), {}, mocks={"T": {"0": {"Throw": {"Error": "States.Timeout", "Cause": "slow"}}}})
    assert (run.status, run.error) == ("FAILED", "States.Timeout")


def test_mock_return_is_the_raw_result_before_result_selector():
    machine = task(ResultSelector={"p.$": "$.Payload"}, ResultPath="$.r")
    run = execute(machine, {"in": 1}, mocks={"T": {"0": {"Return": {"StatusCode": 200, "Payload": {"v": 2}}}}})
    assert run.output == {"in": 1, "r": {"p": {"v": 2}}}


@pytest.mark.parametrize(
    "mocks, pointer, words",
    [
        ({"Nope": {"0": {"Return": 1}}}, "/mocks/Nope", "Nope"),
        ({"T": {"0": {"Bad": 1}}}, "/mocks/T/0", "Return"),
        ({"T": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}, "/mocks/T/0", "Return"),
        ({"T": {"x": {"Return": 1}}}, "/mocks/T/x", "'x'"),
        ({"T": {"3-1": {"Return": 1}}}, "/mocks/T/3-1", "3-1"),
        ({"T": {}}, "/mocks/T", "non-empty"),
        ({"T": {"0": {"Throw": {"Cause": "no error"}}}}, "/mocks/T/0/Throw", "Error"),
        ({"T": {"0": {"Return": 1, "DurationSeconds": -1}}}, "/mocks/T/0/DurationSeconds", "seconds"),
        ({"T": {"0": {"Return": 1, "Extra": 1}}}, "/mocks/T/0", "Extra"),
        ({"T": "not an object"}, "/mocks/T", "MockedResponse"),
    ],
    ids=["missing-state", "no-return-or-throw", "both", "bad-key", "backwards-range", "empty", "throw-no-error",
         "negative-duration", "unknown-field", "not-an-object"],
)
def test_bad_mocks_raise_invalid_definition_naming_them(mocks, pointer, words):
    with pytest.raises(InvalidDefinition) as info:
        execute(task(), {}, mocks=mocks)
    assert isinstance(info.value, InvalidMocks)
    paths = [p.path for p in info.value.problems]
    assert pointer in paths
    assert any(words in p.message for p in info.value.problems)


def test_bad_mocks_list_every_problem():
    with pytest.raises(InvalidMocks) as info:
        execute(task(), {}, mocks={"A": {"0": {"Return": 1}}, "B": {"0": {"Return": 1}}})
    assert {p.path for p in info.value.problems} == {"/mocks/A", "/mocks/B"}


def test_mocks_may_name_states_inside_map_and_parallel():
    machine = {"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, "ItemProcessor": {
        "StartAt": "Inner", "States": {"Inner": {"Type": "Task", "Resource": LAMBDA, "End": True}}}}}}
    run = execute(machine, [1, 2], mocks={"Inner": {"0-1": {"Return": "x"}}})
    assert run.output == ["x", "x"]


def test_mock_config_file_picks_a_test_case():
    config = {
        "StateMachines": {"Checkout": {"TestCases": {"HappyPath": {"T": "ChargeOk"}, "Fails": {"T": "ChargeFails"}}}},
        "MockedResponses": {
            "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": "paid"}}},
            "ChargeFails": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}},
        },
    }
    assert execute(task(), {}, mocks=config, test_case="HappyPath").output["Payload"] == "paid"
    assert execute(task(), {}, mocks=config, test_case="Fails").error == "Card.Declined"
    with pytest.raises(InvalidMocks):
        execute(task(), {}, mocks=config)  # two cases and none named
    with pytest.raises(InvalidMocks):
        execute(task(), {}, mocks=config, test_case="Nope")


def test_mock_config_file_with_undefined_response_name():
    config = {"StateMachines": {"SM": {"TestCases": {"Only": {"T": "Missing"}}}}, "MockedResponses": {}}
    with pytest.raises(InvalidMocks) as info:
        execute(task(), {}, mocks=config)
    assert any("Missing" in p.message for p in info.value.problems)


# -------------------------------------------------------------------- defaults and canned results


def test_task_without_a_mock_returns_its_effective_input():
    machine = task(InputPath="$.order",
                   Parameters={"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Notify",
                               "Payload": {"id.$": "$.id"}})
    run = execute(machine, {"order": {"id": 7}, "other": 1})
    assert run.output == {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Notify",
                          "Payload": {"id": 7}}


def test_mock_all_tasks_lambda_invoke_shape():
    run = execute(task(Parameters={"FunctionName": "f", "Payload.$": "$"}), {"a": 1}, mock_all_tasks=True)
    out = run.output
    assert out["ExecutedVersion"] == "$LATEST"
    assert out["Payload"] == {"a": 1}
    assert out["StatusCode"] == 200


@pytest.mark.parametrize(
    "resource, parameters, keys",
    [
        ("arn:aws:states:::sns:publish", {"TopicArn": "t", "Message": "m"}, {"MessageId"}),
        ("arn:aws:states:::sqs:sendMessage", {"QueueUrl": "q", "MessageBody": "b"}, {"MessageId", "MD5OfMessageBody"}),
        ("arn:aws:states:::dynamodb:getItem", {"TableName": "t", "Key": {"pk": {"S": "1"}}}, {"Item"}),
        ("arn:aws:states:::events:putEvents", {"Entries": []}, {"Entries", "FailedEntryCount"}),
        ("arn:aws:states:::states:startExecution", {"StateMachineArn": "a"}, {"ExecutionArn", "StartDate"}),
    ],
    ids=["sns", "sqs", "dynamodb-get", "eventbridge", "start-execution"],
)
def test_mock_all_tasks_service_shapes(resource, parameters, keys):
    run = execute(task(resource, Parameters=parameters), {}, mock_all_tasks=True)
    assert run.status == "SUCCEEDED"
    assert keys <= set(run.output)


def test_mock_all_tasks_is_seeded():
    machine = task("arn:aws:states:::sns:publish", Parameters={"TopicArn": "t", "Message": "m"})
    a = execute(machine, {}, mock_all_tasks=True, seed=1).output
    assert a == execute(machine, {}, mock_all_tasks=True, seed=1).output
    assert a != execute(machine, {}, mock_all_tasks=True, seed=2).output


def test_a_mock_beats_mock_all_tasks():
    run = execute(task(), {}, mocks={"T": {"0": {"Return": "mocked"}}}, mock_all_tasks=True)
    assert run.output == "mocked"


# -------------------------------------------------------------------- handlers


def test_handler_by_state_name_gets_parameters_and_context():
    seen = []

    def handler(params, context):
        seen.append((params, context["State"]["Name"]))
        return {"echo": params}

    run = execute(task(Parameters={"x.$": "$.a"}), {"a": 1}, handlers={"T": handler})
    assert run.output == {"echo": {"x": 1}}
    assert seen == [({"x": 1}, "T")]


def test_handler_by_resource_arn():
    run = execute(task("arn:aws:states:::sns:publish"), {}, handlers={"arn:aws:states:::sns:publish": lambda p, c: 42})
    assert run.output == 42


def test_handler_beats_a_mock():
    run = execute(task(), {}, handlers={"T": lambda p, c: "handler"}, mocks={"T": {"0": {"Return": "mock"}}})
    assert run.output == "handler"


def test_handler_exception_is_a_task_failure_that_can_be_retried():
    calls = []

    def flaky(params, context):
        calls.append(1)
        if len(calls) < 3:
            raise ValueError("not yet")
        return "ok"

    run = execute(task(Retry=[{"ErrorEquals": ["ValueError"]}]), {}, handlers={"T": flaky})
    assert run.output == "ok"
    assert len(calls) == 3 == scheduled(run)


def test_handler_raising_states_error_keeps_its_name():
    from engine import StatesError

    def boom(params, context):
        raise StatesError("Custom.Nope", "told you")

    run = execute(task(), {}, handlers={"T": boom})
    assert (run.error, run.cause) == ("Custom.Nope", "told you")


# -------------------------------------------------------------------- timeouts (DurationSeconds extension)


@pytest.mark.parametrize(
    "fields, entry, error, elapsed",
    [
        ({"TimeoutSeconds": 5}, {"Return": 1, "DurationSeconds": 10}, "States.Timeout", 5),
        ({"TimeoutSeconds": 60, "HeartbeatSeconds": 5}, {"Return": 1, "DurationSeconds": 10},
         "States.HeartbeatTimeout", 5),
        ({"TimeoutSeconds": 8, "HeartbeatSeconds": 5}, {"Return": 1, "DurationSeconds": 10, "Heartbeats": True},
         "States.Timeout", 8),
        ({"TimeoutSeconds": 10}, {"Return": 1, "DurationSeconds": 9}, None, 9),
        ({}, {"Return": 1, "DurationSeconds": 3600}, None, 3600),
    ],
    ids=["timeout", "heartbeat", "heartbeats-sent-then-timeout", "in-time", "no-timeout-set"],
)
def test_task_timeouts(fields, entry, error, elapsed):
    run = execute(task(**fields), {}, mocks={"T": {"0": entry}})
    assert run.error == error
    assert run.status == ("SUCCEEDED" if error is None else "FAILED")
    assert run.duration == pytest.approx(elapsed)
    if error:
        assert any(e["type"] == "TaskTimedOut" for e in run.history)


def test_timeout_seconds_path():
    run = execute(task(TimeoutSecondsPath="$.limit"), {"limit": 2}, mocks={"T": {"0": {"Return": 1,
                                                                                         "DurationSeconds": 3}}})
    assert run.error == "States.Timeout"


@pytest.mark.parametrize("field", ["TimeoutSecondsPath", "HeartbeatSecondsPath"])
def test_a_seconds_path_reads_the_state_input_not_the_parameters(field):
    # AWS timed the task out by a path into the state input that Parameters did not pass on.
    machine = task(**{field: "$.limit"}, Parameters={"FunctionName": "f"})
    run = execute(machine, {"limit": 2}, mocks={"T": {"0": {"Return": 1, "DurationSeconds": 3}}})
    assert run.error == ("States.Timeout" if field == "TimeoutSecondsPath" else "States.HeartbeatTimeout")
    scheduled_event = next(e for e in run.history if e["type"] == "TaskScheduled")
    key = "timeoutInSeconds" if field == "TimeoutSecondsPath" else "heartbeatInSeconds"
    assert scheduled_event["taskScheduledEventDetails"][key] == 2


def test_a_seconds_path_that_finds_nothing_is_worded_as_aws_words_it():
    run = execute(task(TimeoutSecondsPath="$.NoSuchTimeoutSecondsPath"), {"x": 0})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.cause == ("An error occurred while executing the state 'T' (entered at the event id #2). "
                         "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']")
    assert scheduled(run) == 0


def test_a_timed_out_tasks_error_output_has_an_empty_cause():
    # AWS's TaskTimedOut has no cause, but the catcher's output holds "Cause": "".
    machine = task(TimeoutSeconds=1, Catch=[{"ErrorEquals": ["States.Timeout"], "Next": "H"}])
    machine["States"]["H"] = {"Type": "Pass", "End": True}
    run = execute(machine, {}, mocks={"T": {"0": {"Return": 1, "DurationSeconds": 2}}})
    assert run.output == {"Error": "States.Timeout", "Cause": ""}
    timed_out = next(e for e in run.history if e["type"] == "TaskTimedOut")
    assert timed_out["taskTimedOutEventDetails"].get("cause") is None


def test_a_mocked_timeout_is_reported_as_the_task_timing_out():
    run = execute(task(), {}, mocks={"T": {"0": {"Throw": {"Error": "States.Timeout"}}}})
    assert (run.status, run.error, run.cause) == ("FAILED", "States.Timeout", None)
    assert [e["type"] for e in run.history if e["type"].startswith("Task")][-1] == "TaskTimedOut"


def test_a_task_error_without_a_cause_has_an_empty_cause_when_caught():
    machine = task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])
    machine["States"]["H"] = {"Type": "Pass", "End": True}
    run = execute(machine, {}, mocks={"T": {"0": {"Throw": {"Error": "Custom.Err"}}}})
    assert run.output == {"Error": "Custom.Err", "Cause": ""}


def test_a_fail_states_error_without_a_cause_has_no_cause_when_caught():
    branch = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Custom.Err"}}}
    machine = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [branch], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
              "End": True},
        "H": {"Type": "Pass", "End": True}}}
    assert execute(machine, {}).output == {"Error": "Custom.Err"}


@pytest.mark.parametrize(
    "arn, label",
    [(LAMBDA, "lambda"), ("arn:aws:states:::aws-sdk:s3:getObject", "aws-sdk:s3"),
     ("arn:aws:lambda:us-east-1:123456789012:function:Hello", "arn:aws:lambda:us-east-1:123456789012:function:Hello")],
    ids=["integration", "sdk", "function-arn"],
)
def test_an_oversized_task_result_is_the_tasks_failure(arn, label):
    run = execute(task(arn), {}, mocks={"T": {"0": {"Return": "x" * (256 * 1024)}}})
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")
    assert run.cause == (f"The state/task '{label}' returned a result with a size exceeding the maximum "
                         "number of bytes service limit.")
    assert not any(e["type"].endswith("Succeeded") and e.get("state") == "T" for e in run.history)


def test_task_timeout_can_be_caught():
    machine = task(TimeoutSeconds=1, Catch=[{"ErrorEquals": ["States.Timeout"], "Next": "H"}])
    machine["States"]["H"] = {"Type": "Pass", "End": True}
    run = execute(machine, {}, mocks={"T": {"0": {"Return": 1, "DurationSeconds": 2}}})
    assert run.output["Error"] == "States.Timeout"
    assert run.status == "SUCCEEDED"


# -------------------------------------------------------------------- request checks

APIGW = "arn:aws:states:::apigateway:invoke"
APIGW_OK = {"ApiEndpoint": "abc.execute-api.us-east-1.amazonaws.com", "Method": "GET"}


@pytest.mark.parametrize(
    "params, problems",
    [
        (APIGW_OK, []),
        ({**APIGW_OK, "Headers": {"h": ["a", "b"]}, "QueryParameters": {"q": ["1"]}, "Stage": "prod",
          "Path": "p", "RequestBody": {"any": "json"}, "AllowNullValues": True, "AuthType": "IAM_ROLE"}, []),
        ({**APIGW_OK, "Headers": {"h": "a"}}, ["The value of the field 'Headers' has an invalid format"]),
        ({**APIGW_OK, "QueryParameters": {"q": [1]}}, ["The value of the field 'QueryParameters' has an invalid format"]),
        ({**APIGW_OK, "Method": "FETCH"}, ["The value of the field 'Method' has an invalid format"]),
        ({"Method": "GET"}, ["The field 'ApiEndpoint' is required"]),
    ],
    ids=["minimal", "every-field", "header-not-a-list", "query-value-not-a-string", "method", "missing-endpoint"],
)
def test_api_gateway_invoke_request_checks(params, problems):
    assert request_problems(parse_resource(APIGW), params) == problems


def test_other_integrations_have_no_request_checks_here():
    assert request_problems(parse_resource(LAMBDA), {"Headers": "anything"}) == []


def test_a_request_aws_would_not_start_fails_before_the_task_is_scheduled():
    params = {**APIGW_OK, "Headers": {"custom_header": "single"}}
    run = execute(task(APIGW, Parameters=params), {})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.cause == (
        "An error occurred while executing the state 'T' (entered at the event id #2). "
        f"The Parameters '{json.dumps(params, separators=(',', ':'))}' could not be used to start the Task: "
        "[The value of the field 'Headers' has an invalid format]")
    assert scheduled(run) == 0


# -------------------------------------------------------------------- Express


@pytest.mark.parametrize(
    "resource, why",
    [
        ("arn:aws:states:::ecs:runTask.sync", ".sync"),
        ("arn:aws:states:::states:startExecution.sync:2", ".sync:2"),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", ".waitForTaskToken"),
        ("arn:aws:states:us-east-1:123456789012:activity:approve", "activit"),
    ],
    ids=["sync", "sync2", "callback", "activity"],
)
def test_express_refuses_long_running_patterns_and_says_why(resource, why):
    problems = [p for p in validate(task(resource), workflow_type="EXPRESS") if p.severity == "error"]
    assert [p.path for p in problems] == ["/States/T/Resource"]
    assert why in problems[0].message and "Express" in problems[0].message and "Standard" in problems[0].message
    assert [p for p in validate(task(resource), workflow_type="STANDARD") if p.severity == "error"] == []
    with pytest.raises(InvalidDefinition):
        execute(task(resource), {}, workflow_type="EXPRESS")


def test_express_allows_request_response():
    assert validate(task(), workflow_type="EXPRESS") == []


def test_redeliver_on_express_invokes_the_handler_twice():
    calls = []
    run = execute(task(), {"a": 1}, workflow_type="EXPRESS", redeliver=["T"],
                  handlers={"T": lambda p, c: calls.append(p) or len(calls)})
    assert run.status == "SUCCEEDED"
    assert len(calls) == 2
    assert calls[0] == calls[1]


def test_redeliver_needs_express():
    with pytest.raises(InvalidDefinition):
        execute(task(), {}, redeliver=["T"])


def test_wait_for_task_token_puts_a_token_in_the_context():
    machine = task("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                   Parameters={"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}})
    seen = []
    execute(machine, {}, handlers={"T": lambda p, c: seen.append(p) or {}})
    assert isinstance(seen[0]["MessageBody"]["token"], str) and seen[0]["MessageBody"]["token"]
