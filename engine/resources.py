"""Task `Resource` ARNs as Step Functions accepts them, and the integrations it knows.

A Task's Resource is one of:

- an **optimized integration**: ``arn:<partition>:states:::<service>:<action>[<pattern>]``
  where the service and action are ones Step Functions optimizes and the pattern
  (``.sync``, ``.sync:2``, ``.waitForTaskToken``) is one that action supports;
- an **AWS SDK integration**: ``arn:<partition>:states:::aws-sdk:<service>:<action>``,
  Request Response or ``.waitForTaskToken`` (AWS SDK integrations never support ``.sync``);
- an **activity**: ``arn:<partition>:states:<region>:<account>:activity:<name>``;
- a **Lambda function** (the legacy form): ``arn:<partition>:lambda:<region>:<account>:function:<name>``
  with an optional version (``:7``), alias (``:prod``) or ``:$LATEST``. AWS checks the function
  part, not the region and account: a deployed sample uses ``arn:aws:lambda:::function:name``
  and AWS's TestState ran ``arn:aws:lambda:your-region:your-account-id:function:...``.

The region and account of an integration ARN are usually empty (``:::``): Step Functions
fills them in from the state machine. Partitions are those Step Functions runs in.

The table `OPTIMIZED` follows the developer guide's "Integrating optimized services"
table (which patterns each service supports) and each service's page (which API
actions are optimized and which of them support Run a Job). AWS refuses an action it
does not optimize, such as ``dynamodb:query``, with "The resource provided ... is not
recognized"; the same action is available as ``aws-sdk:dynamodb:query``.

Placeholders that SAM or CloudFormation fill in (``${LambdaArn}``, ``{"Fn::GetAtt": ...}``,
``{"Ref": ...}``) are not ARNs: AWS refuses them as they stand, so they are reported as
errors whose message says to substitute them first (see `placeholder`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")

RR, SYNC, SYNC2, CALLBACK = "", ".sync", ".sync:2", ".waitForTaskToken"

# service -> (patterns any action supports, {action: extra patterns that action supports})
# "patterns any action supports" holds Request Response and, for services whose row in the
# optimized-integrations table has Wait for Callback, .waitForTaskToken.
_CB = (RR, CALLBACK)
OPTIMIZED: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "apigateway": (_CB, {"invoke": ()}),
    "athena": ((RR,), {"startQueryExecution": (SYNC,), "stopQueryExecution": (), "getQueryExecution": (),
                       "getQueryResults": ()}),
    "batch": ((RR,), {"submitJob": (SYNC,)}),
    "bedrock": (_CB, {"invokeModel": (), "createModelCustomizationJob": (SYNC,)}),
    "codebuild": ((RR,), {"startBuild": (SYNC,), "stopBuild": (), "batchDeleteBuilds": (), "batchGetReports": (),
                          "startBuildBatch": (SYNC,), "stopBuildBatch": (), "retryBuildBatch": (SYNC,),
                          "deleteBuildBatch": ()}),
    "dynamodb": ((RR,), {"getItem": (), "putItem": (), "updateItem": (), "deleteItem": ()}),
    "ecs": (_CB, {"runTask": (SYNC,)}),
    "eks": (_CB, {"createCluster": (SYNC,), "deleteCluster": (SYNC,), "createFargateProfile": (SYNC,),
                  "deleteFargateProfile": (SYNC,), "createNodegroup": (SYNC,), "deleteNodegroup": (SYNC,),
                  "runJob": (SYNC,), "call": ()}),
    "elasticmapreduce": ((RR,), {"createCluster": (SYNC,), "terminateCluster": (SYNC,), "addStep": (SYNC,),
                                 "cancelStep": (), "setClusterTerminationProtection": (),
                                 "modifyInstanceFleetByName": (), "modifyInstanceGroupByName": ()}),
    "emr-containers": ((RR,), {"createVirtualCluster": (), "deleteVirtualCluster": (SYNC,), "startJobRun": (SYNC,)}),
    "emr-serverless": ((RR,), {"createApplication": (SYNC,), "startApplication": (SYNC,),
                               "stopApplication": (SYNC,), "deleteApplication": (SYNC,), "startJobRun": (SYNC,),
                               "cancelJobRun": (SYNC,)}),
    "events": (_CB, {"putEvents": ()}),
    "glue": ((RR,), {"startJobRun": (SYNC,)}),
    "databrew": ((RR,), {"startJobRun": (SYNC,)}),
    "http": ((RR,), {"invoke": ()}),
    "lambda": (_CB, {"invoke": ()}),
    "mediaconvert": ((RR,), {"createJob": (SYNC,)}),
    "sagemaker": ((RR,), {"createEndpoint": (), "createEndpointConfig": (), "createHyperParameterTuningJob": (SYNC,),
                          "createLabelingJob": (SYNC,), "createModel": (), "createProcessingJob": (SYNC,),
                          "createTrainingJob": (SYNC,), "createTransformJob": (SYNC,), "updateEndpoint": ()}),
    "sns": (_CB, {"publish": ()}),
    "sqs": (_CB, {"sendMessage": ()}),
    "states": (_CB, {"startExecution": (SYNC, SYNC2)}),
}

# Distributed Map readers and writers (ItemReader / ResultWriter Resource).
ITEM_READERS = {"s3:getObject", "s3:listObjectsV2"}
RESULT_WRITERS = {"s3:putObject"}

_PARTITION = r"(?P<partition>[a-z][a-z0-9-]*)"
_REGION = r"(?P<region>[a-z0-9-]*)"
_ACCOUNT = r"(?P<account>\d*)"
_STATES = re.compile(rf"^arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:(?P<rest>.+)$", re.DOTALL)
_LAMBDA = re.compile(
    rf"^arn:{_PARTITION}:lambda:(?P<region>[^:]*):(?P<account>[^:]*):function:"
    r"(?P<name>[a-zA-Z0-9_-]{1,140})(?::(?P<qualifier>\$LATEST|[a-zA-Z0-9_-]{1,128}))?$"
)
_ACTIVITY = re.compile(r"^activity:(?P<name>[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/]{1,80})$")
_ALIAS = re.compile(r"^(?!\d+$)[a-zA-Z0-9_-]{1,128}$")  # an alias is not all digits
_VERSION = re.compile(r"^[1-9]\d{0,19}$")
_SDK = re.compile(r"^aws-sdk:(?P<service>[a-z0-9-]+):(?P<action>[a-z][A-Za-z0-9]*)(?P<pattern>\.waitForTaskToken|\.sync(?::2)?)?$")
_INTEGRATION = re.compile(r"^(?P<service>[a-z0-9-]+):(?P<action>[a-zA-Z][A-Za-z0-9]*)(?P<pattern>\.waitForTaskToken|\.sync(?::2)?)?$")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}?")
CFN_FUNCTIONS = ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::ImportValue", "Fn::If", "Fn::Select", "Fn::FindInMap")


@dataclass(frozen=True)
class TaskResource:
    """A Resource ARN that Step Functions accepts, read into its parts."""

    arn: str
    kind: str  # "integration", "aws-sdk", "activity" or "lambda"
    service: str = ""  # "lambda", "sns", "dynamodb" ... ("s3" for aws-sdk:s3)
    action: str = ""  # "invoke", "putItem" ...
    pattern: str = ""  # "", ".sync", ".sync:2" or ".waitForTaskToken"
    partition: str = "aws"
    region: str = ""
    account: str = ""
    name: str = ""  # activity or function name
    qualifier: str = ""  # Lambda version or alias


class ResourceError(ValueError):
    """A Resource that is not one Step Functions accepts; the message says why."""


def not_recognized(arn: str) -> ResourceError:
    return ResourceError(
        f"The resource provided {arn} is not recognized. The value is not a valid resource ARN, "
        "or the resource is not available in this region."
    )


def placeholder(value: Any) -> str | None:
    """The SAM/CloudFormation placeholder a value holds instead of an ARN, or None."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in CFN_FUNCTIONS:
        return '{"%s": ...}' % next(iter(value))
    if isinstance(value, str):
        m = _PLACEHOLDER.search(value)
        if m:
            return m.group()
    return None


def parse_task_resource(arn: Any) -> TaskResource:
    """Read a Task Resource, or raise ResourceError naming what is wrong."""
    if not isinstance(arn, str):
        raise ResourceError("The value for the field 'Resource' must be a string (an ARN)")
    if not arn.startswith("arn:"):
        raise ResourceError(f"The value for the field 'Resource' must be an ARN, not {arn!r}")
    parts = arn.split(":", 3)
    if len(parts) < 4 or parts[1] not in PARTITIONS:
        partition = parts[1] if len(parts) > 1 else ""
        raise ResourceError(f"{arn!r} is not an ARN in a partition Step Functions runs in "
                            f"({', '.join(PARTITIONS[:3])}, ...), not {partition!r}")
    m = _STATES.match(arn)
    if m:
        return _states_resource(arn, m)
    m = _LAMBDA.match(arn)
    if m:
        qualifier = m.group("qualifier") or ""
        if qualifier and qualifier != "$LATEST" and not (_VERSION.match(qualifier) or _ALIAS.match(qualifier)):
            raise ResourceError(f"{qualifier!r} is neither a Lambda version nor an alias in {arn!r}")
        return TaskResource(arn, "lambda", "lambda", "invoke", partition=m.group("partition"),
                            region=m.group("region"), account=m.group("account"), name=m.group("name"),
                            qualifier=qualifier)
    if ":lambda:" in arn:
        raise ResourceError(f"{arn!r} is not a Lambda function ARN: expected "
                            "arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]")
    raise not_recognized(arn)


def _states_resource(arn: str, m: re.Match) -> TaskResource:
    partition, region, account, rest = m.group("partition"), m.group("region"), m.group("account"), m.group("rest")
    if rest.startswith("activity:"):
        a = _ACTIVITY.match(rest)
        if not a or not region or not account:
            raise ResourceError(f"{arn!r} is not an activity ARN: expected "
                                "arn:aws:states:<region>:<account>:activity:<name>")
        return TaskResource(arn, "activity", partition=partition, region=region, account=account, name=a.group("name"))
    if rest.startswith("aws-sdk:"):
        s = _SDK.match(rest)
        if not s:
            raise ResourceError(f"{arn!r} is not an AWS SDK integration: expected "
                                "arn:aws:states:::aws-sdk:<service>:<apiAction>, the action in camelCase")
        if (s.group("pattern") or "").startswith(".sync"):
            raise ResourceError(f"AWS SDK integrations do not support the Run a Job ({s.group('pattern')}) "
                                f"pattern: {arn!r}")
        return TaskResource(arn, "aws-sdk", s.group("service"), s.group("action"), s.group("pattern") or "",
                            partition, region, account)
    i = _INTEGRATION.match(rest)
    if not i or i.group("service") not in OPTIMIZED:
        raise not_recognized(arn)
    service, action, pattern = i.group("service"), i.group("action"), i.group("pattern") or ""
    common, actions = OPTIMIZED[service]
    if action not in actions or pattern not in common + actions[action]:
        raise not_recognized(arn)
    return TaskResource(arn, "integration", service, action, pattern, partition, region, account)


def is_s3_resource(arn: Any, allowed: set[str]) -> bool:
    """Is this an ItemReader / ResultWriter resource such as arn:aws:states:::s3:getObject?"""
    if not isinstance(arn, str):
        return False
    m = _STATES.match(arn)
    return bool(m) and m.group("partition") in PARTITIONS and m.group("rest") in allowed
