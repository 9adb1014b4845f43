"""engine.test_state: AWS's TestState API offline (../shared/teststate/README.md).

Behaviour is asserted against what the recordings show: statuses, the stages each state
type reports, errorDetails, the Express context object, and AWS's refusals word for word.
"""

import json

import pytest

from engine import InvalidDefinition, TestStateRefused, execute, test_state

ROLE = "arn:aws:iam::123456789012:role/sfn"
LAMBDA = "arn:aws:states:::lambda:invoke"


def decoded(response):
    """The response with its JSON-text members decoded."""
    out = dict(response)
    if "output" in out:
        out["output"] = json.loads(out["output"])
    data = out.get("inspectionData")
    if data:
        out["inspectionData"] = {k: json.loads(v) if isinstance(v, str) else v for k, v in data.items()}
    return out


def lambda_task(**fields):
    return {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "End": True,
            **fields}


def parallel(**fields):
    # state names are unique in the whole state machine, branches included (as in AWS's recordings: B1, B2)
    branches = [{"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}} for name in ("B1", "B2")]
    return {"Type": "Parallel", "Branches": branches, "End": True, **fields}


def dmap(**fields):
    processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Item",
                 "States": {"Item": {"Type": "Pass", "End": True}}}
    return {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}


# -------------------------------------------------------------------- statuses and stages


def test_info_gives_the_outcome_and_no_inspection_data():
    response = test_state({"Type": "Pass", "Result": {"r": 1}, "ResultPath": "$.out", "Next": "Done"}, {"in": 0})
    assert decoded(response) == {"status": "SUCCEEDED", "output": {"in": 0, "out": {"r": 1}}, "nextState": "Done"}


def test_debug_shows_every_stage_of_a_jsonpath_task():
    state = lambda_task(InputPath="$.order", ResultSelector={"paid.$": "$.Payload.ok"}, ResultPath="$.charge")
    mock = {"result": json.dumps({"StatusCode": 200, "Payload": {"ok": True}})}
    response = decoded(test_state(state, {"order": {"id": 7}}, inspection_level="DEBUG", mock=mock))
    assert response["status"] == "SUCCEEDED"
    assert response["output"] == {"order": {"id": 7}, "charge": {"paid": True}}
    assert response["inspectionData"] == {
        "input": {"order": {"id": 7}},
        "afterInputPath": {"id": 7},
        "afterParameters": {"FunctionName": "f", "Payload": {"id": 7}},
        "result": {"StatusCode": 200, "Payload": {"ok": True}},
        "afterResultSelector": {"paid": True},
        "afterResultPath": {"order": {"id": 7}, "charge": {"paid": True}},
    }


def test_a_jsonata_task_shows_its_arguments_and_result():
    state = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": LAMBDA, "End": True,
             "Arguments": {"FunctionName": "f", "Payload": "{% $states.input.x %}"}, "Output": "{% $states.result.Payload %}"}
    response = decoded(test_state(state, {"x": 3}, inspection_level="TRACE", mock={"result": '{"Payload": 9}'}))
    assert response["output"] == 9
    assert response["inspectionData"] == {"input": {"x": 3}, "afterArguments": {"FunctionName": "f", "Payload": 3},
                                          "result": {"Payload": 9}}


@pytest.mark.parametrize(
    "state, stages",
    [
        ({"Type": "Pass", "End": True}, {"afterInputPath", "afterParameters", "afterResultSelector", "afterResultPath"}),
        ({"Type": "Pass", "Result": 1, "End": True}, {"result", "afterResultSelector", "afterResultPath"}),
        ({"Type": "Succeed"}, {"afterInputPath"}),
        ({"Type": "Fail", "Error": "E"}, {"afterInputPath"}),
        ({"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": True, "Next": "X"}], "Default": "Y"},
         {"afterInputPath"}),
        ({"Type": "Pass", "QueryLanguage": "JSONata", "End": True}, set()),
    ],
    ids=["pass", "pass-with-result", "succeed", "fail", "choice", "jsonata-pass"],
)
def test_each_state_type_shows_the_stages_aws_shows(state, stages):
    data = test_state(state, {"a": 1}, inspection_level="DEBUG")["inspectionData"]
    assert set(data) == {"input"} | stages


def test_a_retriable_error_gives_the_retrier_and_its_next_backoff():
    state = lambda_task(Retry=[{"ErrorEquals": ["Other"]},
                               {"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 5}])
    mock = {"errorOutput": {"error": "Boom", "cause": "why"}}
    response = test_state(state, {}, inspection_level="DEBUG", mock=mock, state_configuration={"retrierRetryCount": 4})
    assert (response["status"], response["error"], response["cause"]) == ("RETRIABLE", "Boom", "why")
    assert "output" not in response and "nextState" not in response
    assert response["inspectionData"]["errorDetails"] == {"retryIndex": 1, "retryBackoffIntervalSeconds": 16}


def test_a_spent_retrier_fails_the_state_and_says_which_it_was():
    state = lambda_task(Retry=[{"ErrorEquals": ["Boom"], "MaxAttempts": 2}])
    response = test_state(state, {}, inspection_level="DEBUG", mock={"errorOutput": {"error": "Boom", "cause": "c"}},
                          state_configuration={"retrierRetryCount": 2})
    assert response["status"] == "FAILED"
    assert response["inspectionData"]["errorDetails"] == {"retryIndex": 0}


def test_a_caught_error_gives_the_catchers_output_and_next_state():
    state = lambda_task(Catch=[{"ErrorEquals": ["Other"], "Next": "A"},
                               {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handle"}])
    response = decoded(test_state(state, {"in": 1}, inspection_level="DEBUG",
                                  mock={"errorOutput": {"error": "Lambda.Unknown", "cause": "oops"}}))
    assert (response["status"], response["nextState"]) == ("CAUGHT_ERROR", "Handle")
    assert response["output"] == {"in": 1, "error": {"Error": "Lambda.Unknown", "Cause": "oops"}}
    assert response["inspectionData"]["errorDetails"] == {"catchIndex": 1}


def test_a_fail_state_fails_without_output():
    response = test_state({"Type": "Fail", "Error": "Custom", "Cause": "because"}, {})
    assert response == {"status": "FAILED", "error": "Custom", "cause": "because"}


def test_a_runtime_error_has_no_event_id_in_its_cause():
    response = test_state({"Type": "Pass", "OutputPath": "$.a.b", "End": True}, {})
    assert (response["status"], response["error"]) == ("FAILED", "States.Runtime")
    assert response["cause"] == "Invalid path '$.a.b' : Missing property in path $['a']"


@pytest.mark.parametrize(
    "state, input_",
    [
        ({"Type": "Pass", "InputPath": "$.a", "Parameters": {"x.$": "$.b", "s.$": "States.Format('{}!', $.b)"},
          "ResultPath": "$.r", "End": True}, {"a": {"b": "hi"}}),
        ({"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"n": "{% $count($states.input.xs) %}"}, "End": True},
         {"xs": [1, 2, 3]}),
        ({"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericGreaterThan": 1, "Next": "Big"}],
          "Default": "Small", "OutputPath": "$.v"}, {"v": 5}),
    ],
    ids=["jsonpath-pass", "jsonata-pass", "choice"],
)
def test_the_output_is_what_an_execution_of_the_state_gives(state, input_):
    # The same compiled state and stages: a one-state machine ends with the same output.
    alone = dict(state)
    targets = {alone.pop("Default", None)} | {r["Next"] for r in alone.get("Choices", ())}
    machine = {"StartAt": "S", "States": {"S": state, **{t: {"Type": "Succeed"} for t in targets if t}}}
    assert json.loads(test_state(state, input_)["output"]) == execute(machine, input_).output


# -------------------------------------------------------------------- a state inside a state machine


MACHINE = {"StartAt": "First", "States": {
    "First": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Fan"},
    "Fan": {"Type": "Map", "ItemsPath": "$.xs", "End": True,
            "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "QueryLanguage": "JSONata",
                                                                        "Output": "{% $states.input * 2 %}",
                                                                        "End": True}}}}}}


def test_state_name_picks_a_state_nested_in_a_map():
    response = test_state(MACHINE, 21, state_name="Inner", inspection_level="DEBUG")
    assert (response["status"], json.loads(response["output"])) == ("SUCCEEDED", 42)
    assert set(response["inspectionData"]) == {"input"}  # a JSONata Pass


def test_state_name_keeps_the_next_state():
    assert test_state(MACHINE, {}, state_name="First")["nextState"] == "Fan"


@pytest.mark.parametrize("name", ["Nope", '"First"'])
def test_an_unknown_state_name_is_refused(name):
    with pytest.raises(TestStateRefused) as info:
        test_state(MACHINE, {}, state_name=name)
    assert (info.value.code, info.value.message) == ("ValidationException", "State not found in definition")


def test_variables_given_are_visible_and_reported_after_assign():
    state = {"Type": "Pass", "Assign": {"total.$": "States.MathAdd($base, $.add)"}, "End": True}
    response = decoded(test_state(state, {"add": 2}, variables={"base": 40}, inspection_level="DEBUG"))
    assert response["inspectionData"]["variables"] == {"base": 40, "total": 42}


# -------------------------------------------------------------------- the context object


def test_without_a_context_the_state_sees_an_express_execution():
    state = {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}
    ctx = json.loads(test_state(state, {"v": 1}, role_arn=ROLE)["output"])["ctx"]
    assert ":express:" in ctx["Execution"]["Id"]
    assert (ctx["Execution"]["Input"], ctx["Execution"]["RoleArn"]) == ({"v": 1}, ROLE)
    assert ctx["State"]["Name"] == "StateName" and "RetryCount" not in ctx["State"]
    assert "RedriveCount" not in ctx["Execution"]
    assert json.loads(test_state(state, {})["output"])["ctx"]["Execution"]["RoleArn"] is None


def test_a_task_and_a_map_see_a_retry_count():
    state = lambda_task(ResultSelector={"ctx.$": "$$"})
    ctx = json.loads(test_state(state, {}, mock={"result": "{}"})["output"])["ctx"]
    assert ctx["State"]["RetryCount"] == 0


def test_a_context_given_is_the_context_object_as_given():
    state = lambda_task(ResultSelector={"ctx.$": "$$"})
    given = {"Execution": {"Name": "mine"}, "State": {}}
    assert json.loads(test_state(state, {}, mock={"result": "{}"}, context=given)["output"])["ctx"] == given


def test_a_callback_tasks_token_comes_from_the_context():
    state = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": True,
             "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}
    response = test_state(state, {}, inspection_level="DEBUG", mock={"result": "{}"}, context={"Task": {"Token": "t-1"}})
    assert json.loads(response["inspectionData"]["afterParameters"])["MessageBody"] == {"token": "t-1"}


@pytest.mark.parametrize(
    "context, message",
    [
        ({"Map": {}}, "'Map' field is not supported when mocking a Context object"),
        ({"Pokedex": {}}, "Field 'Pokedex' is not allowed"),
        ({"Execution": {"pokemon": 1}}, "Field 'pokemon' is not allowed"),
        ({"Execution": {"Id": 1}}, "Execution.Id must be a string"),
        ({"State": {"RetryCount": "0"}}, "State.RetryCount must be a number"),
        ({"Task": {"Token": "t"}}, "Context object contains 'Task' when state is not a Task state with a '.sync' or "
                                   "'.waitForTaskToken' service integration pattern"),
    ],
    ids=["map", "unknown-member", "unknown-field", "wrong-type", "wrong-number", "task-not-callback"],
)
def test_an_invalid_context_is_refused(context, message):
    with pytest.raises(TestStateRefused) as info:
        test_state(lambda_task(), {}, mock={"result": "{}"}, context=context)
    assert info.value.message == "Invalid Context object provided: " + message


# -------------------------------------------------------------------- mocks


@pytest.mark.parametrize("state_type, state", [("Pass", {"Type": "Pass", "End": True}), ("Succeed", {"Type": "Succeed"}),
                                               ("Fail", {"Type": "Fail", "Error": "E"})])
def test_states_without_a_service_refuse_a_mock(state_type, state):
    with pytest.raises(TestStateRefused) as info:
        test_state(state, {}, mock={"result": "{}"})
    assert info.value.message == f"State type '{state_type}' is not supported when a mock is specified"


def test_a_mock_with_both_a_result_and_an_error_is_refused():
    with pytest.raises(TestStateRefused) as info:
        test_state(lambda_task(), {}, mock={"result": "{}", "errorOutput": {"error": "E", "cause": "C"}})
    assert info.value.message == "A test mock should have only one of the following fields: [result, errorOutput]."


@pytest.mark.parametrize("state", [parallel(), dmap(ItemsPath="$")], ids=["parallel", "map"])
def test_map_and_parallel_need_a_mock(state):
    with pytest.raises(InvalidDefinition) as info:
        test_state(state, [])
    assert info.value.problems[0].message == (
        "TestState API does not support Map or Parallel states. Supported state types include: "
        "[Task, Wait, Pass, Succeed, Fail, Choice]")


def test_a_task_without_a_mock_needs_a_role_and_then_answers_like_the_service():
    with pytest.raises(TestStateRefused) as info:
        test_state(lambda_task(), {"a": 1})
    assert info.value.message == "RoleArn must be specified when testing a Task state"
    output = json.loads(test_state(lambda_task(), {"a": 1}, role_arn=ROLE)["output"])
    assert (output["StatusCode"], output["Payload"]) == (200, {"a": 1})


@pytest.mark.parametrize(
    "mock, message",
    [
        ({"result": "not JSON", "fieldValidationMode": "NONE"}, "Mocked result must be valid JSON"),
        ({"result": '{"StatusCode": "200"}'}, "Mock result schema validation error: Field 'StatusCode' must be a number"),
        ({"result": "{}", "fieldValidationMode": "LOOSE"},
         "1 validation error detected: Value 'LOOSE' at 'mock.fieldValidationMode' failed to satisfy constraint: "
         "Member must satisfy enum value set: [STRICT, PRESENT, NONE]"),
    ],
    ids=["not-json", "schema", "mode"],
)
def test_a_mocked_result_is_checked(mock, message):
    with pytest.raises(TestStateRefused) as info:
        test_state(lambda_task(), {}, mock=mock)
    assert info.value.message == message


def test_field_validation_none_takes_any_json():
    response = test_state(lambda_task(), {}, mock={"result": '{"StatusCode": "200"}', "fieldValidationMode": "NONE"})
    assert json.loads(response["output"]) == {"StatusCode": "200"}


@pytest.mark.parametrize(
    "state, result, message",
    [(parallel(), '{"a": 1}', "Mocked result must be an array."),
     (dmap(ItemsPath="$"), '{"a": 1}', "Mocked result must be an array."),
     (dmap(ItemsPath="$", ResultWriter={"Resource": "arn:aws:states:::s3:putObject",
                                         "Parameters": {"Bucket": "b", "Prefix": "p"}}), "[1]",
      "Mocked result must be a JSON object.")],
    ids=["parallel", "map", "map-with-result-writer"],
)
def test_a_map_or_parallel_mock_has_the_shape_of_what_it_returns(state, result, message):
    with pytest.raises(TestStateRefused) as info:
        test_state(state, [1], mock={"result": result})
    assert info.value.message == message


# -------------------------------------------------------------------- Parallel and Map


def test_a_parallels_mock_is_its_branches_results():
    response = decoded(test_state(parallel(InputPath="$.in", ResultPath="$.out"), {"in": {"x": 1}},
                                  mock={"result": '[{"b": 1}, {"b": 2}]'}, inspection_level="DEBUG"))
    assert response["output"] == {"in": {"x": 1}, "out": [{"b": 1}, {"b": 2}]}
    assert set(response["inspectionData"]) == {"input", "afterResultSelector", "afterResultPath"}


def test_a_maps_counters_and_items_are_shown():
    state = dmap(ItemsPath="$.xs", ItemSelector={"v.$": "$$.Map.Item.Value"}, MaxConcurrency=5, ToleratedFailureCount=1)
    response = decoded(test_state(state, {"xs": [1, 2]}, mock={"result": "[1, 0]"}, inspection_level="DEBUG",
                                  state_configuration={"mapIterationFailureCount": 1}))
    assert response["status"] == "SUCCEEDED"
    data = response["inspectionData"]
    assert (data["afterItemsPath"], data["afterItemSelector"]) == ([1, 2], [{"v": 1}, {"v": 2}])
    assert (data["maxConcurrency"], data["toleratedFailureCount"]) == (5, 1)
    assert "toleratedFailurePercentage" not in data


def test_failures_past_the_maps_tolerance_go_to_its_retry_and_catch():
    state = dmap(ItemsPath="$", ToleratedFailurePercentage=40,
                 Retry=[{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 1}],
                 Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Handle"}])
    config = {"mapIterationFailureCount": 2}
    retried = test_state(state, [1, 2, 3], mock={"result": "[1, 0, 0]"}, state_configuration=config,
                         inspection_level="DEBUG")
    assert (retried["status"], retried["error"]) == ("RETRIABLE", "States.ExceedToleratedFailureThreshold")
    assert retried["cause"] == "The specified tolerated failure threshold was exceeded"
    assert retried["inspectionData"]["toleratedFailurePercentage"] == 40.0
    caught = test_state(state, [1, 2, 3], mock={"result": "[1, 0, 0]"},
                        state_configuration={**config, "retrierRetryCount": 1})
    assert (caught["status"], caught["nextState"]) == ("CAUGHT_ERROR", "Handle")


def test_a_map_without_a_tolerance_ignores_the_failure_count():
    response = test_state(dmap(ItemsPath="$"), [1, 2, 3], mock={"result": "[0, 0, 1]"},
                          state_configuration={"mapIterationFailureCount": 2})
    assert response["status"] == "SUCCEEDED"


def test_more_failures_than_iterations_is_refused():
    with pytest.raises(TestStateRefused) as info:
        test_state(dmap(ItemsPath="$"), [1, 2], mock={"result": "[1, 1]"}, state_configuration={"mapIterationFailureCount": 3})
    assert info.value.message == "Map iteration failure count must be less than or equal to the number of Map iterations"


def test_an_item_readers_data_is_the_maps_items():
    state = dmap(ItemSelector={"v.$": "$$.Map.Item.Value"},
                 ItemReader={"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                             "Parameters": {"Bucket": "b", "Key": "k"}})
    response = decoded(test_state(state, {"Bucket": "b"}, mock={"result": "[1, 4, 9]"}, inspection_level="DEBUG",
                                  state_configuration={"mapItemReaderData": "[1, 2, 3]"}))
    assert response["output"] == [1, 4, 9]
    assert response["inspectionData"]["afterItemSelector"] == [{"v": 1}, {"v": 2}, {"v": 3}]


def test_a_mocked_error_is_raised_by_the_state_inside():
    state = dmap(ItemsPath="$", ToleratedFailureCount=5, Catch=[{"ErrorEquals": ["Inner.Boom"], "Next": "H"}])
    response = test_state(state, [1], mock={"errorOutput": {"error": "Inner.Boom", "cause": "c"}},
                          state_configuration={"errorCausedByState": "Item"})
    assert (response["status"], response["nextState"]) == ("CAUGHT_ERROR", "H")


def test_items_path_that_is_not_an_array():
    response = test_state(dmap(ItemsPath="$.xs"), {"xs": "no"}, mock={"result": "[]"}, inspection_level="DEBUG")
    assert (response["status"], response["cause"]) == ("FAILED", 'Reference path "$.xs" must point to array.')
    assert set(response["inspectionData"]) == {"input", "afterInputPath"}


# -------------------------------------------------------------------- definitions and requests


def test_an_invalid_definition_is_worded_as_aws_words_it():
    with pytest.raises(InvalidDefinition) as info:
        test_state(parallel(Branches=[]), {}, mock={"result": "[]"})
    assert [p.message for p in info.value.problems] == [
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'"]


def test_a_single_states_transitions_need_no_targets():
    state = lambda_task(End=None, Next="Elsewhere", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Handler"}])
    del state["End"]
    assert test_state(state, {}, mock={"result": "{}"})["nextState"] == "Elsewhere"


def test_asl_text_is_read_too():
    assert test_state('{"Type": "Pass", "Result": 2, "End": true}')["output"] == "2"


def test_an_unknown_inspection_level_is_refused():
    with pytest.raises(TestStateRefused) as info:
        test_state({"Type": "Pass", "End": True}, inspection_level="LOUD")
    assert "'inspectionLevel'" in info.value.message and "[INFO, DEBUG, TRACE]" in info.value.message


def test_a_wait_past_five_minutes_times_the_test_out():
    response = test_state({"Type": "Wait", "Seconds": 301, "End": True}, {})
    assert (response["status"], response["error"]) == ("FAILED", "States.Timeout")


def test_refusals_are_value_errors_and_engine_errors():
    from engine import ASLError

    assert issubclass(TestStateRefused, ValueError) and issubclass(TestStateRefused, ASLError)
    assert not issubclass(TestStateRefused, InvalidDefinition)
