"""engine.servicemodels: a mocked Task result against the service's API model (botocore's
JSON models), in the words AWS's TestState uses (../shared/teststate)."""

import pytest

from engine.servicemodels import check, result_shape
from engine.tasks import parse_resource

SDK = "arn:aws:states:::aws-sdk:"
PREFIX = "Mock result schema validation error: "


def problem(arn, value, mode="STRICT"):
    shape = result_shape(parse_resource(arn))
    assert shape is not None
    return check(shape, value, mode)


@pytest.mark.parametrize(
    "arn, value, words",
    [
        (SDK + "kms:encrypt", {"CiphertextBlob": ""}, "Field 'CiphertextBlob' is smaller than the minimum length"),
        (SDK + "kms:encrypt", {"CiphertextBlob": 123}, "Field 'CiphertextBlob' must be a string"),
        (SDK + "lambda:getFunction", {"Configuration": {"MemorySize": 127}}, "Field 'MemorySize' is less than the minimum value"),
        (SDK + "lambda:getFunction", {"Configuration": {"MemorySize": 10241}}, "Field 'MemorySize' exceeds the maximum value"),
        (SDK + "s3:getObject", {"StorageClass": "Papyrus"}, "Field 'StorageClass' is not an expected value"),
        (SDK + "s3:getObject", {"ContentLength": "9000"}, "Field 'ContentLength' must be a number"),
        (SDK + "s3:getObject", {"DeleteMarker": "yes"}, "Field 'DeleteMarker' must be a boolean"),
        (SDK + "sfn:startExecution", {"ExecutionArn": 1, "StartDate": "d"}, "Field 'ExecutionArn' must be a string"),
        ("arn:aws:states:::dynamodb:putItem", {"ConsumedCapacity": {"CapacityUnits": "1.5"}}, "Field 'CapacityUnits' must be a number"),
        ("arn:aws:states:::events:putEvents", {"Entries": "x"}, "Field 'Entries' must be an array"),
        ("arn:aws:states:::events:putEvents", {"Entries": [{"EventId": "a"}, {"EventId": ["b"]}]}, "Field 'EventId' must be a string"),
        ("arn:aws:states:::lambda:invoke", {"StatusCode": "200"}, "Field 'StatusCode' must be a number"),
        ("arn:aws:states:::states:startExecution", {"StartDate": True, "ExecutionArn": "a"}, "Field 'StartDate' must be a string"),
        ("arn:aws:states:::states:startExecution", {"executionArn": "lower case is not the field"}, "Required field 'ExecutionArn' is missing"),
        ("arn:aws:states:::apigateway:invoke", {"Headers": {"h": "not a list"}}, "Field 'Headers' must be an array"),
    ],
)
def test_a_result_that_does_not_fit_names_the_field(arn, value, words):
    assert problem(arn, value) == PREFIX + words


@pytest.mark.parametrize(
    "arn, value",
    [
        ("arn:aws:states:::events:putEvents", {"random": "json"}),  # fields the model does not know are allowed
        ("arn:aws:states:::lambda:invoke", {"Payload": {"any": ["json"]}, "StatusCode": 200}),  # Payload is JSON here
        ("arn:aws:states:::states:startExecution.sync:2", {"ExecutionArn": "a", "StateMachineArn": "m", "StartDate": "d",
                                                          "Status": "SUCCEEDED", "Output": {"json": True}}),
        ("arn:aws:states:::sqs:sendMessage", {"MD5OfMessageBody": "b6e2", "MessageId": "m"}),
        ("arn:aws:states:::apigateway:invoke", {"ResponseBody": [1, 2], "StatusCode": 200, "Headers": {"h": ["v"]}}),
    ],
    ids=["unknown-field", "lambda-payload", "sync2-output", "sqs", "apigateway"],
)
def test_results_that_fit_pass(arn, value):
    assert problem(arn, value) is None


def test_modes():
    arn = "arn:aws:states:::states:startExecution"
    assert problem(arn, {}, "STRICT") == PREFIX + "Required field 'ExecutionArn' is missing"
    assert problem(arn, {}, "PRESENT") is None  # only the fields present are checked
    assert problem(arn, {"StartDate": True}, "PRESENT") == PREFIX + "Field 'StartDate' must be a string"
    assert problem(arn, {"StartDate": True}, "NONE") is None


def test_a_result_that_is_not_an_object():
    assert problem("arn:aws:states:::sns:publish", [1]) == "Mocked result must be a JSON object."


@pytest.mark.parametrize(
    "arn",
    ["arn:aws:lambda:us-east-1:123456789012:function:F", "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
     "arn:aws:states:us-east-1:123456789012:activity:A", SDK + "nosuchservice:doThing", SDK + "s3:noSuchOperation"],
    ids=["function-arn", "callback", "activity", "unknown-service", "unknown-operation"],
)
def test_results_the_models_do_not_describe_are_not_checked(arn):
    assert result_shape(parse_resource(arn)) is None
