"""Export a workflow to real AWS: a SAM template, a Step Functions Local MockConfigFile, and
requests for the TestState API. Pure functions; nothing here calls AWS.

- `sam_template(definition, workflow_type=, name=)` is the text of a SAM template holding
  one `AWS::Serverless::StateMachine`. Every Lambda function, SNS topic, SQS queue and
  DynamoDB table the definition names becomes a template parameter (its default the value
  in the definition), put back into the definition through `DefinitionSubstitutions`. The
  template has the workflow type, CloudWatch logging for an Express workflow, and an
  execution role whose policy allows exactly the API actions the definition's tasks call,
  on the resources they name (the policies AWS documents under "IAM policies for
  integrated services": the `.sync` patterns add the EventBridge managed rule Step
  Functions uses to follow the job).
- `mock_config(definition, scenarios, name=)` is a MockConfigFile for AWS Step Functions
  Local: one test case per scenario, answering every task invocation the way the scenario's
  run in this engine answered it (its mocked results and errors, and what an unmocked task
  gave), so the test case runs the same path on Step Functions Local.
- `requests_for_test_state(definition, scenario)` are TestState requests (the JSON that
  `aws stepfunctions test-state --cli-input-json` takes), one for each state the scenario
  runs, with the input it got and, for tasks, Map and Parallel, the mocked result or error.
- `definition_from_template(text)` reads a template back: its definition with each
  parameter's default substituted, as AWS would see it when deployed with the defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

from .errors import InvalidDefinition
from .resources import ResourceError, parse_task_resource
from .scenarios import Scenario
from .validator import validate

FORMATS = ("sam", "mockconfig", "teststate")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")
_WORDS = re.compile(r"[A-Za-z0-9]+")
_EVENTS_RULE = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/"

# (service, action) -> IAM actions, per pattern ("" Request Response, ".sync", ".waitForTaskToken").
# From each integration's "IAM policies for ..." page in the Step Functions developer guide.
_IAM: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("lambda", "invoke"): {"": ("lambda:InvokeFunction",)},
    ("sns", "publish"): {"": ("sns:Publish",)},
    ("sqs", "sendMessage"): {"": ("sqs:SendMessage",)},
    ("dynamodb", "getItem"): {"": ("dynamodb:GetItem",)},
    ("dynamodb", "putItem"): {"": ("dynamodb:PutItem",)},
    ("dynamodb", "updateItem"): {"": ("dynamodb:UpdateItem",)},
    ("dynamodb", "deleteItem"): {"": ("dynamodb:DeleteItem",)},
    ("events", "putEvents"): {"": ("events:PutEvents",)},
    ("states", "startExecution"): {"": ("states:StartExecution",),
                                   ".sync": ("states:StartExecution", "states:DescribeExecution", "states:StopExecution")},
    ("batch", "submitJob"): {"": ("batch:SubmitJob",),
                             ".sync": ("batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob")},
    ("ecs", "runTask"): {"": ("ecs:RunTask",), ".sync": ("ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks")},
    ("glue", "startJobRun"): {"": ("glue:StartJobRun",),
                              ".sync": ("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun")},
    ("athena", "startQueryExecution"): {"": ("athena:StartQueryExecution",),
                                        ".sync": ("athena:StartQueryExecution", "athena:GetQueryExecution",
                                                  "athena:StopQueryExecution")},
    ("codebuild", "startBuild"): {"": ("codebuild:StartBuild",),
                                  ".sync": ("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds")},
    ("apigateway", "invoke"): {"": ("execute-api:Invoke",)},
    ("http", "invoke"): {"": ("states:InvokeHTTPEndpoint", "events:RetrieveConnectionCredentials",
                              "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")},
    ("bedrock", "invokeModel"): {"": ("bedrock:InvokeModel",)},
}
# The EventBridge managed rule each `.sync` integration uses to follow its job.
_SYNC_RULES = {
    "states": "StepFunctionsGetEventsForStepFunctionsExecutionRule",
    "batch": "StepFunctionsGetEventsForBatchJobsRule",
    "ecs": "StepFunctionsGetEventsForECSTaskRule",
    "codebuild": "StepFunctionsGetEventForCodeBuildStartBuildRule",
    "sagemaker": "StepFunctionsGetEventsForSageMakerTrainingJobsRule",
}
# aws-sdk service names whose IAM prefix differs.
_SDK_PREFIX = {"sfn": "states", "emrserverless": "emr-serverless", "eventbridge": "events",
               "redshiftdata": "redshift-data", "cloudwatch": "cloudwatch", "apigatewayv2": "apigateway"}
# CloudWatch Logs delivery for an Express workflow's logging (these take Resource "*").
_LOG_DELIVERY = ("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                 "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
                 "logs:DescribeLogGroups")

# Parameters AWS resources are named by: field -> (parameter name suffix, description).
_NAMED = {
    "lambda": ("FunctionName", "FunctionArn", "Lambda function"),
    "sns": ("TopicArn", "TopicArn", "SNS topic ARN"),
    "sqs": ("QueueUrl", "QueueUrl", "SQS queue URL"),
    "dynamodb": ("TableName", "TableName", "DynamoDB table name"),
}


class ExportError(ValueError):
    """What cannot be exported, and why."""


@dataclass
class _Parameter:
    name: str
    kind: str  # lambda | sns | sqs | dynamodb
    default: str
    description: str


@dataclass
class _Plan:
    """What a definition needs: its parameterized copy, parameters and policy statements."""

    definition: dict
    parameters: dict[str, _Parameter] = field(default_factory=dict)
    by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    statements: dict[tuple, set] = field(default_factory=dict)  # (resource key) -> actions
    resources: dict[tuple, Any] = field(default_factory=dict)

    def allow(self, actions: Iterable[str], resource: Any) -> None:
        key = json.dumps(resource, sort_keys=True)
        self.statements.setdefault(key, set()).update(actions)
        self.resources[key] = resource


# -- reading what to export --------------------------------------------------------------


def read_source(data: Any) -> tuple[dict, str, dict | None]:
    """(definition, workflow type, example workflow or None) from an ASL dict or an example workflow."""
    if isinstance(data, dict) and "States" not in data and isinstance(data.get("definition"), dict):
        return data["definition"], str(data.get("type") or "STANDARD").upper(), data
    if not isinstance(data, dict):
        raise ExportError("the file holds neither a state machine definition nor an example workflow")
    return data, "STANDARD", None


def _check(definition: dict, workflow_type: str) -> None:
    errors = [p for p in validate(definition, workflow_type=workflow_type) if p.severity == "error"]
    if errors:
        raise InvalidDefinition(errors)


def _tasks(spec: dict, where: tuple = ()) -> Iterable[tuple[tuple, str, dict]]:
    """(pointer tokens, name, state) of every state, nested ones included."""
    for name, state in (spec.get("States") or {}).items():
        if not isinstance(state, dict):
            continue
        here = (*where, "States", name)
        yield here, name, state
        for i, branch in enumerate(state.get("Branches") or ()):
            yield from _tasks(branch, (*here, "Branches", i))
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield from _tasks(state[key], (*here, key))


# -- the SAM template ---------------------------------------------------------------------


def logical_name(name: str, default: str = "StateMachine") -> str:
    """A state machine name AWS accepts (letters, digits, - and _; at most 80)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-")[:80]
    return cleaned or default


def _camel(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in _WORDS.findall(text))


def _param_name(plan: _Plan, kind: str, value: str) -> str:
    """One parameter per (kind, value); a readable, unique CloudFormation name."""
    if (kind, value) in plan.by_value:
        return plan.by_value[(kind, value)]
    last = re.split(r"[:/]", value.rstrip("/"))[-1] or kind
    if kind == "lambda" and ":function:" in value:
        last = value.split(":function:", 1)[1].split(":")[0]
    base = (_camel(last) or "Resource")[:200] + _NAMED[kind][1]
    if base[0].isdigit():
        base = "P" + base
    name, n = base, 2
    while name in plan.parameters:
        name, n = f"{base}{n}", n + 1
    plan.parameters[name] = _Parameter(name, kind, value, f"{_NAMED[kind][2]} (in the exported definition: {value})")
    plan.by_value[(kind, value)] = name
    return name


def _literal(value: Any, jsonata: bool) -> bool:
    return isinstance(value, str) and value != "" and not (jsonata and value.startswith("{%"))


def _plan(definition: dict, name: str) -> _Plan:
    spec = json.loads(json.dumps(definition))  # a deep copy of plain JSON
    plan = _Plan(spec)
    top_jsonata = spec.get("QueryLanguage") == "JSONata"
    for _, _state_name, state in _tasks(spec):
        jsonata = state.get("QueryLanguage", "JSONata" if top_jsonata else "JSONPath") == "JSONata"
        if state.get("Type") == "Map":
            _plan_map(plan, state, name)
        if state.get("Type") != "Task":
            continue
        try:
            r = parse_task_resource(state.get("Resource"))
        except ResourceError:
            continue
        args = state.get("Arguments" if jsonata else "Parameters")
        args = args if isinstance(args, dict) else {}
        if r.kind == "lambda":
            p = _param_name(plan, "lambda", r.arn)
            state["Resource"] = "${%s}" % p
            plan.allow(("lambda:InvokeFunction",), _lambda_resources(p, r.arn))
        elif r.kind == "activity":
            continue  # the state machine's role needs nothing: workers poll the activity
        elif r.kind == "aws-sdk":
            _plan_sdk(plan, r, args)
        else:
            _plan_integration(plan, r, args, name)
    return plan


def _lambda_resources(param: str, value: str) -> list:
    if value.startswith("arn:"):
        base = {"Ref": param}
        return [base, {"Fn::Sub": "${%s}:*" % param}]
    arn = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${%s}" % param
    return [{"Fn::Sub": arn}, {"Fn::Sub": arn + ":*"}]


def _named_resource(plan: _Plan, kind: str, args: dict) -> Any:
    """Parameterize the named resource in args (when it is a literal) and give its IAM resource."""
    field_name = _NAMED[kind][0]
    value = args.get(field_name)
    if not _literal(value, True):
        return "*"  # chosen at run time (a ".$" path or a JSONata expression): any resource
    p = _param_name(plan, kind, value)
    args[field_name] = "${%s}" % p
    if kind == "lambda":
        return _lambda_resources(p, value)
    if kind == "sns":
        return {"Ref": p}
    if kind == "dynamodb":
        return {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${%s}" % p}
    # SQS: the ARN from the queue URL https://sqs.<region>.amazonaws.com/<account>/<name>
    parts = {"Fn::Split": ["/", {"Ref": p}]}
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sqs:",
                              {"Fn::Select": [1, {"Fn::Split": [".", {"Fn::Select": [2, parts]}]}]}, ":",
                              {"Fn::Select": [3, parts]}, ":", {"Fn::Select": [4, parts]}]]}


def _plan_integration(plan: _Plan, r, args: dict, name: str) -> None:
    sync = r.pattern.startswith(".sync")
    actions = _IAM.get((r.service, r.action), {})
    chosen = actions.get(".sync" if sync else "") or actions.get("") or (f"{r.service}:{_pascal(r.action)}",)
    if r.service in _NAMED:
        resource = _named_resource(plan, r.service, args)
    elif r.service == "events":
        bus = args.get("Entries")
        resource = ("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
                    if not bus or all(isinstance(e, dict) and e.get("EventBusName") in (None, "default") for e in bus)
                    else "*")
        resource = {"Fn::Sub": resource} if resource != "*" else resource
    elif r.service == "states":
        target = args.get("StateMachineArn")
        resource = target if _literal(target, True) and target.startswith("arn:") else "*"
        if sync:
            executions = (target.replace(":stateMachine:", ":execution:") + ":*") if resource != "*" else "*"
            plan.allow(("states:DescribeExecution", "states:StopExecution"), executions)
            chosen = ("states:StartExecution",)
    else:
        resource = "*"
    plan.allow(chosen, resource)
    if sync and r.service in _SYNC_RULES:
        plan.allow(("events:PutTargets", "events:PutRule", "events:DescribeRule"),
                   {"Fn::Sub": _EVENTS_RULE + _SYNC_RULES[r.service]})


def _plan_sdk(plan: _Plan, r, args: dict) -> None:
    prefix = _SDK_PREFIX.get(r.service, r.service)
    action = f"{prefix}:{_pascal(r.action)}"
    resource: Any = "*"
    if r.service == "dynamodb" and "TableName" in args:
        resource = _named_resource(plan, "dynamodb", args)
    elif r.service == "s3" and _literal(args.get("Bucket"), True):
        resource = f"arn:${{AWS::Partition}}:s3:::{args['Bucket']}/*"
        resource = {"Fn::Sub": resource}
    plan.allow((action,), resource)


def _plan_map(plan: _Plan, state: dict, name: str) -> None:
    processor = state.get("ItemProcessor") or {}
    if (processor.get("ProcessorConfig") or {}).get("Mode") != "DISTRIBUTED":
        return
    # A Distributed Map starts child executions of this state machine (AWS: "IAM policies for
    # running Distributed Map states").
    plan.allow(("states:StartExecution",),
               {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:%s" % name})
    plan.allow(("states:DescribeExecution", "states:StopExecution"),
               {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%s/*" % name})
    reader, writer = state.get("ItemReader"), state.get("ResultWriter")
    if isinstance(reader, dict):
        plan.allow(("s3:GetObject", "s3:ListBucket"), _bucket_resources(reader))
    if isinstance(writer, dict):
        plan.allow(("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"),
                   _bucket_resources(writer))


def _bucket_resources(io: dict) -> Any:
    args = io.get("Parameters") or io.get("Arguments") or {}
    bucket = args.get("Bucket") if isinstance(args, dict) else None
    if _literal(bucket, True):
        return [{"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{bucket}"}, {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{bucket}/*"}]
    return "*"


def _pascal(action: str) -> str:
    return action[:1].upper() + action[1:]


def template(definition: dict, *, workflow_type: str = "STANDARD", name: str = "StateMachine",
             description: str | None = None) -> dict:
    """The SAM template (as a dict) for a valid definition; InvalidDefinition otherwise."""
    workflow_type = workflow_type.upper()
    _check(definition, workflow_type)
    name = logical_name(name)
    plan = _plan(definition, name)
    statements = [{"Effect": "Allow", "Action": sorted(actions), "Resource": plan.resources[key]}
                  for key, actions in sorted(plan.statements.items())]
    express = workflow_type == "EXPRESS"
    if express:
        statements.append({"Effect": "Allow", "Action": list(_LOG_DELIVERY), "Resource": "*"})
    properties: dict[str, Any] = {
        "Name": name,
        "Type": workflow_type,
        "Definition": plan.definition,
        "Role": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
    }
    if plan.parameters:
        properties["DefinitionSubstitutions"] = {p: {"Ref": p} for p in plan.parameters}
    resources: dict[str, Any] = {"StateMachine": {"Type": "AWS::Serverless::StateMachine", "Properties": properties}}
    if express:
        properties["Logging"] = {
            "Level": "ALL", "IncludeExecutionData": True,
            "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["StateMachineLogGroup", "Arn"]}}}],
        }
        resources["StateMachineLogGroup"] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": f"/aws/vendedlogs/states/{name}", "RetentionInDays": 14},
        }
    role: dict[str, Any] = {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    }
    if statements:
        role["Policies"] = [{"PolicyName": f"{name}-tasks",
                             "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
    resources["StateMachineRole"] = {"Type": "AWS::IAM::Role", "Properties": role}
    out: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": description or f"{name}: a {workflow_type.title()} workflow exported from Stepwise",
    }
    if plan.parameters:
        out["Parameters"] = {p.name: {"Type": "String", "Default": p.default, "Description": p.description[:4000]}
                             for p in plan.parameters.values()}
    out["Resources"] = resources
    out["Outputs"] = {"StateMachineArn": {"Description": "The deployed state machine",
                                          "Value": {"Ref": "StateMachine"}}}
    return out


def sam_template(definition: dict, *, workflow_type: str = "STANDARD", name: str = "StateMachine",
                 description: str | None = None) -> str:
    """The SAM template's YAML text (see `template`)."""
    return yaml.safe_dump(template(definition, workflow_type=workflow_type, name=name, description=description),
                          sort_keys=False, allow_unicode=True, width=120)


def definition_from_template(text: str | dict) -> dict:
    """The definition a template deploys with its parameters' defaults substituted."""
    tpl = yaml.safe_load(text) if isinstance(text, str) else text
    defaults = {k: v.get("Default") for k, v in (tpl.get("Parameters") or {}).items()}
    props = next(r["Properties"] for r in tpl["Resources"].values() if r["Type"] == "AWS::Serverless::StateMachine")
    values = {}
    for key, value in (props.get("DefinitionSubstitutions") or {}).items():
        values[key] = defaults[value["Ref"]] if isinstance(value, dict) and "Ref" in value else value
    return substitute(props["Definition"], values)


def substitute(value: Any, values: dict[str, str]) -> Any:
    """Replace each ${Name} in the strings of a definition, as DefinitionSubstitutions does."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), value)
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    return value


# -- scenarios: what each task answered -------------------------------------------------------

_OUTCOME = re.compile(r"^(LambdaFunction|Task|Activity)(Succeeded|Failed|TimedOut)$")


def _run(definition: dict, scenario: Scenario | None, workflow_type: str):
    from .execution import execute

    return execute(definition, scenario.input if scenario else {}, mocks=(scenario.mocks or None) if scenario else None,
                   workflow_type=workflow_type)


def _answers(execution) -> dict[str, list[dict]]:
    """Each task state's answers in invocation order: {"Return": ...} or {"Throw": {...}}."""
    out: dict[str, list[dict]] = {}
    for event in execution.history:
        m = _OUTCOME.match(event.get("type", ""))
        if not m or "state" not in event:
            continue
        details = next((v for k, v in event.items() if k.endswith("EventDetails")), {}) or {}
        if m.group(2) == "Succeeded":
            answer = {"Return": details.get("output")}
        else:
            default = "States.Timeout" if m.group(2) == "TimedOut" else "States.TaskFailed"
            answer = {"Throw": {"Error": details.get("error") or default}}
            if details.get("cause") is not None:
                answer["Throw"]["Cause"] = details["cause"]
        out.setdefault(event["state"], []).append(answer)
    return out


def _ranges(answers: list[dict]) -> dict[str, dict]:
    """A MockedResponse: runs of equal answers as "0", "1-3", ..."""
    out: dict[str, dict] = {}
    start = 0
    for i in range(1, len(answers) + 1):
        if i == len(answers) or answers[i] != answers[start]:
            out[str(start) if i - 1 == start else f"{start}-{i - 1}"] = answers[start]
            start = i
    return out


def case_name(scenario: Scenario | None) -> str:
    return _camel(scenario.slug) if scenario else "Default"


def mock_config(definition: dict, scenarios: Scenario | Iterable[Scenario] | None, *, name: str = "StateMachine",
                workflow_type: str = "STANDARD") -> dict:
    """A MockConfigFile: one test case per scenario, every task invocation answered."""
    _check(definition, workflow_type)
    if scenarios is None or isinstance(scenarios, Scenario):
        scenarios = [scenarios]
    name = logical_name(name)
    cases: dict[str, dict] = {}
    responses: dict[str, dict] = {}
    for scenario in scenarios:
        case = case_name(scenario)
        execution = _run(definition, scenario, workflow_type)
        cases[case] = {}
        for state, answers in _answers(execution).items():
            response = f"{case}.{state}"
            cases[case][state] = response
            responses[response] = _ranges(answers)
    return {"StateMachines": {name: {"TestCases": cases}}, "MockedResponses": responses}


def requests_for_test_state(definition: dict, scenario: Scenario | None, *, workflow_type: str = "STANDARD",
                        inspection_level: str = "DEBUG") -> list[dict]:
    """TestState requests for the states the scenario runs, with their inputs and mocks.

    One request per state and distinct outcome (a Map's 1,000 iterations give one request for
    the state inside it, not 1,000). A retried task gives one request per attempt, with the
    retries already made in `stateConfiguration.retrierRetryCount`.
    """
    _check(definition, workflow_type)
    execution = _run(definition, scenario, workflow_type)
    text = json.dumps(definition, separators=(",", ":"))
    variables = _variables_at_entry(execution)
    requests, seen = [], set()
    for i, step in enumerate(execution.steps):
        kind = step.get("type")
        attempts: list[tuple[dict | None, int]] = []
        if kind in ("Task", "Map", "Parallel"):
            for n, retry in enumerate(step.get("retries") or ()):
                attempts.append(({"errorOutput": {"error": retry.get("error"), "cause": retry.get("cause") or ""}}, n))
            retried = len(step.get("retries") or ())
            if "result" in step:
                attempts.append(({"result": json.dumps(step["result"]), "fieldValidationMode": "NONE"}, retried))
            elif "error" in step:
                attempts.append(({"errorOutput": {"error": step["error"], "cause": step.get("cause") or ""}}, retried))
        else:
            attempts.append((None, 0))
        for mock, retries in attempts:
            outcome = (step["name"], json.dumps(mock and (mock.get("errorOutput") or {}).get("error")), retries)
            if outcome in seen:
                continue
            seen.add(outcome)
            request: dict[str, Any] = {"definition": text, "stateName": step["name"],
                                       "input": json.dumps(step.get("input")), "inspectionLevel": inspection_level}
            if mock is not None:
                request["mock"] = mock
            if retries and mock and "errorOutput" in mock:
                request["stateConfiguration"] = {"retrierRetryCount": retries}
            if variables and i < len(variables) and variables[i]:
                request["variables"] = json.dumps(variables[i])
            requests.append(request)
    return requests


def _variables_at_entry(execution) -> list[dict] | None:
    """The workflow variables each state entry saw, from the history's assignedVariables.

    AWS's history records what each state assigned (`stateExitedEventDetails.assignedVariables`,
    values as JSON text). Where the history does not have them, states that read variables
    need `variables` added to their request by hand.
    """
    current: dict = {}
    seen: list[dict] = []
    for event in execution.history:
        kind = event.get("type", "")
        if kind.endswith("StateEntered"):
            seen.append(dict(current))
        elif kind.endswith("StateExited"):
            assigned = (event.get("stateExitedEventDetails") or {}).get("assignedVariables") or {}
            for name, value in assigned.items():
                current[name] = json.loads(value) if isinstance(value, str) else value
    return seen if len(seen) == len(execution.steps) else None


def reads_variables(definition: dict) -> bool:
    """Does any state assign workflow variables (so that later states may read them)?"""
    return any("Assign" in state or any(isinstance(c, dict) and "Assign" in c for c in state.get("Choices") or ())
               for _, _, state in _tasks(definition))


def export(data: Any, fmt: str, *, scenario: str | None = None, name: str | None = None,
           workflow_type: str | None = None) -> str:
    """The text of an export (`fmt` one of FORMATS) of an ASL definition or an example workflow."""
    from .scenarios import find, scenarios as all_scenarios

    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    definition, wf_type, workflow = read_source(data)
    wf_type = (workflow_type or wf_type).upper()
    name = logical_name(name or (workflow or {}).get("id") or "StateMachine")
    chosen: list[Scenario] | None = None
    if scenario is not None:
        found = find(workflow, scenario) if workflow else None
        if found is None:
            names = ", ".join(s.slug for s in all_scenarios(workflow)) if workflow else "none: the file is a plain definition"
            raise ExportError(f"no scenario named {scenario!r} (scenarios: {names})")
        chosen = [found]
    elif workflow is not None:
        # a MockConfigFile holds every scenario; TestState requests are for one (the first)
        chosen = all_scenarios(workflow) if fmt == "mockconfig" else all_scenarios(workflow)[:1]
    if fmt == "sam":
        return sam_template(definition, workflow_type=wf_type, name=name,
                            description=(workflow or {}).get("title"))
    if fmt == "mockconfig":
        return json.dumps(mock_config(definition, chosen, name=name, workflow_type=wf_type), indent=2,
                          ensure_ascii=False)
    requests = requests_for_test_state(definition, chosen[0] if chosen else None, workflow_type=wf_type)
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in requests)

