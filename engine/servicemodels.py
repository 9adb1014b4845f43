"""Service API models: is a mocked Task result shaped like what the service answers?

The shapes come from botocore's JSON models of the AWS APIs (`botocore/data/<service>/
<version>/service-2.json`), read through botocore's own model classes and loaded only
when a result is checked. A Task's resource names the shape of its result:

- `aws-sdk:<service>:<action>`: that API operation's output;
- an optimized integration (`lambda:invoke`, `sqs:sendMessage`, `dynamodb:putItem`,
  `states:startExecution.sync`, ...): the operation Step Functions calls for it, with the
  fields Step Functions hands over as JSON rather than as the API's text;
- `apigateway:invoke`: the response Step Functions builds from the HTTP call;
- a Lambda function ARN, an activity, `.waitForTaskToken`: anything (whatever the worker
  sends back), so nothing is checked.

Step Functions gives result fields PascalCase names (`ExecutionArn` for the API's
`executionArn`). Fields the model does not know are allowed.

Field validation modes (TestState's `fieldValidationMode`): STRICT checks required fields
and the type and limits of the fields present; PRESENT only the fields present; NONE
nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .tasks import Resource

MODES = ("STRICT", "PRESENT", "NONE")

# aws-sdk service names that botocore spells differently.
_SDK_SERVICES = {
    "sfn": "stepfunctions",
    "eventbridge": "events",
    "cloudwatchlogs": "logs",
    "cognitoidentityprovider": "cognito-idp",
    "elasticloadbalancingv2": "elbv2",
    "elasticloadbalancing": "elb",
    "databasemigration": "dms",
    "costexplorer": "ce",
    "sagemakerruntime": "sagemaker-runtime",
    "bedrockruntime": "bedrock-runtime",
    "bedrockagentruntime": "bedrock-agent-runtime",
    "dynamodbstreams": "dynamodbstreams",
    "iotdataplane": "iot-data",
    "lexruntimev2": "lexv2-runtime",
}

# Optimized integrations: (service, action, pattern) -> (botocore service, operation,
# top-level fields that Step Functions hands over as JSON, so any value goes).
_OPTIMIZED = {
    ("lambda", "invoke", ""): ("lambda", "Invoke", frozenset({"Payload"})),
    ("sqs", "sendMessage", ""): ("sqs", "SendMessage", frozenset()),
    ("sns", "publish", ""): ("sns", "Publish", frozenset()),
    ("dynamodb", "getItem", ""): ("dynamodb", "GetItem", frozenset()),
    ("dynamodb", "putItem", ""): ("dynamodb", "PutItem", frozenset()),
    ("dynamodb", "updateItem", ""): ("dynamodb", "UpdateItem", frozenset()),
    ("dynamodb", "deleteItem", ""): ("dynamodb", "DeleteItem", frozenset()),
    ("events", "putEvents", ""): ("events", "PutEvents", frozenset()),
    ("states", "startExecution", ""): ("stepfunctions", "StartExecution", frozenset()),
    ("states", "startExecution", ".sync"): ("stepfunctions", "DescribeExecution", frozenset()),
    ("states", "startExecution", ".sync:2"): ("stepfunctions", "DescribeExecution", frozenset({"Output"})),
}

# apigateway:invoke has no API operation: Step Functions answers with the HTTP response.
_API_GATEWAY_INVOKE = {
    "Response": {"type": "structure", "members": {
        "ResponseBody": {"shape": "Any"},
        "Headers": {"shape": "Headers"},
        "StatusCode": {"shape": "Integer"},
        "StatusText": {"shape": "String"},
    }},
    "Headers": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Values"}},
    "Values": {"type": "list", "member": {"shape": "String"}},
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Any": {"type": "structure", "members": {}, "document": True},
}

_NUMBERS = ("integer", "long", "float", "double")


class Shape:
    """What a result must look like: a botocore shape and the fields that take any value."""

    def __init__(self, shape, any_fields: frozenset = frozenset()):
        self.shape = shape
        self.any_fields = any_fields


def result_shape(resource: Resource) -> Shape | None:
    """The shape of a Task's result, or None when the models do not say (anything goes)."""
    if resource.kind != "integration" or resource.pattern == ".waitForTaskToken":
        return None
    if resource.service == "apigateway" and resource.action == "invoke" and not resource.pattern:
        return Shape(_api_gateway_shape())
    if resource.service.startswith("aws-sdk:"):
        if resource.pattern:
            return None
        sdk = resource.service.split(":", 1)[1]
        shape = _output_shape(_SDK_SERVICES.get(sdk, sdk), _operation(resource.action))
        return Shape(shape) if shape is not None else None
    known = _OPTIMIZED.get((resource.service, resource.action, resource.pattern))
    if known is not None:
        service, operation, any_fields = known
        shape = _output_shape(service, operation)
        return Shape(shape, any_fields) if shape is not None else None
    if resource.pattern:  # a .sync job's result is its describe call's, which the models do not link
        return None
    shape = _output_shape(resource.service, _operation(resource.action))
    return Shape(shape) if shape is not None else None


def check(shape: Shape, value: Any, mode: str = "STRICT") -> str | None:
    """The first way `value` does not fit `shape` under `mode`, in AWS's words, or None."""
    if mode == "NONE":
        return None
    if type(value) is not dict:
        return "Mocked result must be a JSON object."
    problem = _check_structure(shape.shape, value, mode == "STRICT", shape.any_fields)
    return f"Mock result schema validation error: {problem}" if problem else None


# -- checking ---------------------------------------------------------------------------


def _field(name: str) -> str:
    """Step Functions' name for an API member: PascalCase."""
    return name[:1].upper() + name[1:]


def _check_structure(shape, value: dict, strict: bool, any_fields=frozenset()) -> str | None:
    members = {_field(name): member for name, member in shape.members.items()}
    if strict:
        for name in shape.required_members:
            if _field(name) not in value:
                return f"Required field '{_field(name)}' is missing"
    for name, member in members.items():
        if name in value and name not in any_fields:
            problem = _check(member, value[name], name, strict)
            if problem:
                return problem
    return None


def _check(shape, value: Any, name: str, strict: bool) -> str | None:
    """Check one field's value against its shape."""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if meta.get("document"):
            return None
        if type(value) is not dict:
            return f"Field '{name}' must be an object"
        return _check_structure(shape, value, strict)
    if kind == "list":
        if type(value) is not list:
            return f"Field '{name}' must be an array"
        for item in value:
            problem = _check(shape.member, item, name, strict)
            if problem:
                return problem
        return None
    if kind == "map":
        if type(value) is not dict:
            return f"Field '{name}' must be an object"
        for item in value.values():
            problem = _check(shape.value, item, name, strict)
            if problem:
                return problem
        return None
    if kind in ("string", "blob", "timestamp"):
        if type(value) is not str:
            return f"Field '{name}' must be a string"
        if meta.get("enum") and value not in meta["enum"]:
            return f"Field '{name}' is not an expected value"
        if kind != "timestamp" and "min" in meta and len(value) < meta["min"]:
            return f"Field '{name}' is smaller than the minimum length"
        if kind != "timestamp" and "max" in meta and len(value) > meta["max"]:
            return f"Field '{name}' exceeds the maximum length"
        return None
    if kind in _NUMBERS:
        if type(value) not in (int, float):
            return f"Field '{name}' must be a number"
        if "min" in meta and value < meta["min"]:
            return f"Field '{name}' is less than the minimum value"
        if "max" in meta and value > meta["max"]:
            return f"Field '{name}' exceeds the maximum value"
        return None
    if kind == "boolean" and type(value) is not bool:
        return f"Field '{name}' must be a boolean"
    return None


# -- models -----------------------------------------------------------------------------


def _operation(action: str) -> str:
    """An ASL action (`getObject`) as an API operation name (`GetObject`)."""
    return action[:1].upper() + action[1:]


@lru_cache(maxsize=64)
def _service_model(service: str):
    from botocore.exceptions import UnknownServiceError
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

    try:
        return ServiceModel(Loader().load_service_model(service, "service-2"), service)
    except UnknownServiceError:
        return None


@lru_cache(maxsize=256)
def _output_shape(service: str, operation: str):
    """An operation's output shape, or None when botocore has no such service or operation."""
    from botocore.model import OperationNotFoundError

    model = _service_model(service)
    if model is None:
        return None
    try:
        return model.operation_model(operation).output_shape
    except OperationNotFoundError:
        return None


@lru_cache(maxsize=1)
def _api_gateway_shape():
    from botocore.model import ShapeResolver

    return ShapeResolver(_API_GATEWAY_INVOKE).get_shape_by_name("Response")
