"""Task resources and what answers them: handlers, mocks, or plausible canned results.

No Task ever calls AWS. For each invocation the engine asks, in order:
1. a Python handler registered for the state name, then for the resource ARN;
2. the state's MockedResponse (AWS Step Functions Local MockConfigFile format);
3. with `mock_all_tasks=True`, a plausible service-shaped result;
4. otherwise the task's *effective input* (after InputPath and Parameters) is its result.

MockedResponse entries are keyed by 0-based invocation number ("0") or an inclusive
range ("1-2"); invocations are counted per state over the whole execution, retries
included, and past the last key the last entry repeats. Each entry is
`{"Return": value}` or `{"Throw": {"Error": name, "Cause": text}}`.

Extensions to the format (Stepwise only; AWS tooling ignores or rejects them):
- `"DurationSeconds": n` in an entry: the invocation takes n virtual seconds, so
  TimeoutSeconds and HeartbeatSeconds can be shown;
- `"Heartbeats": true` in an entry: the worker sends heartbeats while it runs, so only
  TimeoutSeconds applies.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from .errors import InvalidDefinition, Problem

# arn:partition:states:region:account:service:action[.pattern] (region/account usually empty)
_INTEGRATION = re.compile(
    r"^arn:(?P<partition>[\w-]+):states:(?P<region>[\w-]*):(?P<account>\d*):"
    r"(?P<service>[\w-]+(?::[\w-]+)?):(?P<action>[\w.-]+?)(?P<pattern>\.sync(?::2)?|\.waitForTaskToken)?$"
)
_ACTIVITY = re.compile(r"^arn:[\w-]+:states:[\w-]*:\d*:activity:(?P<name>.+)$")
_LAMBDA = re.compile(r"^arn:[\w-]+:lambda:[\w-]*:\d*:function:(?P<name>[^:]+)(?::[\w$-]+)?$")


@dataclass(frozen=True)
class Resource:
    """What a Task's Resource ARN names."""

    arn: str
    kind: str  # "lambda" (a function ARN), "activity", "integration" or "unknown"
    service: str = ""  # e.g. "lambda", "sns", "aws-sdk:s3"
    action: str = ""  # e.g. "invoke", "publish"
    pattern: str = ""  # "", ".sync", ".sync:2" or ".waitForTaskToken"

    @property
    def event_prefix(self) -> str:
        """The history event family AWS uses for this kind of task."""
        return {"lambda": "LambdaFunction", "activity": "Activity"}.get(self.kind, "Task")

    @property
    def label(self) -> str:
        """How AWS names the task in its causes: the service of an integration ("lambda",
        "aws-sdk:s3"), otherwise the ARN."""
        return self.service if self.kind == "integration" else self.arn


def parse_resource(arn: Any) -> Resource:
    """Classify a Resource ARN."""
    if not isinstance(arn, str):
        return Resource(str(arn), "unknown")
    m = _INTEGRATION.match(arn)
    if m and m.group("service") != "activity":
        return Resource(arn, "integration", m.group("service"), m.group("action"), m.group("pattern") or "")
    if _ACTIVITY.match(arn):
        return Resource(arn, "activity")
    if _LAMBDA.match(arn):
        return Resource(arn, "lambda", "lambda", "invoke")
    return Resource(arn, "unknown")


# -- requests ---------------------------------------------------------------------------


def _string_lists(value: Any) -> bool:
    """A map of names to lists of strings, as HTTP headers and query parameters are given."""
    return type(value) is dict and all(
        type(v) is list and all(type(x) is str for x in v) for v in value.values())


# What an integration's request must look like before AWS starts the task:
# (service, action) -> {field: (required, check)}. From the service integration pages of
# the Step Functions developer guide.
_REQUEST_FIELDS: dict[tuple[str, str], dict[str, tuple[bool, Callable[[Any], bool]]]] = {
    ("apigateway", "invoke"): {
        "ApiEndpoint": (True, lambda v: type(v) is str),
        "Method": (True, lambda v: v in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
        "Headers": (False, _string_lists),
        "QueryParameters": (False, _string_lists),
        "Stage": (False, lambda v: type(v) is str),
        "Path": (False, lambda v: type(v) is str),
        "AllowNullValues": (False, lambda v: type(v) is bool),
        "AuthType": (False, lambda v: v in ("NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY")),
    },
}


def request_problems(resource: Resource, params: Any) -> list[str]:
    """What keeps an integration's parameters from starting the task, in AWS's words."""
    fields = _REQUEST_FIELDS.get((resource.service, resource.action)) if resource.kind == "integration" else None
    if fields is None:
        return []
    if type(params) is not dict:
        return ["The parameters must be a JSON object"]
    problems = []
    for name, (required, check) in fields.items():
        if name not in params:
            if required:
                problems.append(f"The field '{name}' is required")
        elif not check(params[name]):
            problems.append(f"The value of the field '{name}' has an invalid format")
    return problems


# -- mocks ------------------------------------------------------------------------------

_KEY = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class MockEntry:
    """One mocked invocation outcome."""

    returns: Any = None
    error: str | None = None
    cause: str | None = None
    duration: float = 0.0
    heartbeats: bool = False


class MockTable:
    """MockedResponses per state: invocation number -> MockEntry."""

    def __init__(self, responses: dict[str, list[tuple[int, int, MockEntry]]]):
        self._responses = responses

    def __contains__(self, state: str) -> bool:
        return state in self._responses

    def entry(self, state: str, invocation: int) -> MockEntry:
        """The entry for the n-th invocation (0-based); past the last key, the last one."""
        ranges = self._responses[state]
        for lo, hi, entry in ranges:
            if lo <= invocation <= hi:
                return entry
        return ranges[-1][2]


def load_mocks(mocks: Any, state_names: set[str], *, test_case: str | None = None) -> MockTable:
    """Check and compile mocks: {state: MockedResponse}, or a whole MockConfigFile."""
    problems: list[Problem] = []
    if mocks is None:
        return MockTable({})
    if isinstance(mocks, dict) and "StateMachines" in mocks:
        mocks = _from_config_file(mocks, test_case, problems)
    if not isinstance(mocks, dict):
        raise InvalidDefinition([Problem("/mocks", "mocks must be an object mapping state names to mocked responses")])
    table: dict[str, list[tuple[int, int, MockEntry]]] = {}
    for state, response in mocks.items():
        where = f"/mocks/{_escape(state)}"
        if state not in state_names:
            close = ", ".join(sorted(state_names)[:8])
            problems.append(Problem(where, f"no state named {state!r} in the definition (states: {close})"))
            continue
        if not isinstance(response, dict) or not response:
            problems.append(Problem(where, "a MockedResponse must be a non-empty object keyed by invocation numbers such as \"0\" or \"1-2\""))
            continue
        ranges = []
        for key, value in response.items():
            m = _KEY.match(str(key))
            if not m:
                problems.append(Problem(f"{where}/{_escape(key)}", f"{key!r} is not an invocation number or range (use \"0\", \"1-2\", ...)"))
                continue
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if hi < lo:
                problems.append(Problem(f"{where}/{_escape(key)}", f"range {key!r} ends before it starts"))
                continue
            entry = _entry(value, f"{where}/{_escape(key)}", problems)
            if entry is not None:
                ranges.append((lo, hi, entry))
        if ranges:
            table[state] = sorted(ranges, key=lambda r: r[0])
    if problems:
        raise InvalidMocks(problems)
    return MockTable(table)


class InvalidMocks(InvalidDefinition):
    """Mocks that name a missing state or hold a malformed MockedResponse."""

    title = "Invalid mocks"


def _entry(value: Any, where: str, problems: list[Problem]) -> MockEntry | None:
    """Check one mocked outcome."""
    if not isinstance(value, dict) or ("Return" in value) == ("Throw" in value):
        problems.append(Problem(where, 'each entry must hold exactly one of "Return" or "Throw"'))
        return None
    extra = set(value) - {"Return", "Throw", "DurationSeconds", "Heartbeats"}
    if extra:
        problems.append(Problem(where, f"unknown field(s) {sorted(extra)}; allowed: Return, Throw, DurationSeconds, Heartbeats"))
        return None
    duration = value.get("DurationSeconds", 0)
    if type(duration) not in (int, float) or duration < 0:
        problems.append(Problem(f"{where}/DurationSeconds", "must be a number of seconds ≥ 0"))
        return None
    if "Return" in value:
        return MockEntry(returns=value["Return"], duration=duration, heartbeats=bool(value.get("Heartbeats")))
    throw = value["Throw"]
    if not isinstance(throw, dict) or not isinstance(throw.get("Error"), str) or not throw.get("Error"):
        problems.append(Problem(f"{where}/Throw", 'Throw needs a non-empty "Error" string (and optionally "Cause")'))
        return None
    cause = throw.get("Cause")
    if cause is not None and not isinstance(cause, str):
        cause = json.dumps(cause)
    return MockEntry(error=throw["Error"], cause=cause, duration=duration, heartbeats=bool(value.get("Heartbeats")))


def _from_config_file(config: dict, test_case: str | None, problems: list[Problem]) -> dict:
    """Pick one test case out of a MockConfigFile and resolve its response names."""
    machines = config.get("StateMachines") or {}
    responses = config.get("MockedResponses") or {}
    cases = {name: case for sm in machines.values() if isinstance(sm, dict) for name, case in (sm.get("TestCases") or {}).items()}
    if test_case is None:
        if len(cases) != 1:
            problems.append(Problem("/mocks/StateMachines", f"name the test case to use (one of {sorted(cases)})"))
            return {}
        test_case = next(iter(cases))
    if test_case not in cases:
        problems.append(Problem("/mocks/StateMachines", f"no test case named {test_case!r} (have {sorted(cases)})"))
        return {}
    result = {}
    for state, response_name in cases[test_case].items():
        if response_name not in responses:
            problems.append(Problem(f"/mocks/MockedResponses/{_escape(response_name)}", f"test case {test_case!r} uses {response_name!r}, which MockedResponses does not define"))
            continue
        result[state] = responses[response_name]
    return result


def _escape(token: Any) -> str:
    """Escape a JSON Pointer token."""
    return str(token).replace("~", "~0").replace("/", "~1")


# -- canned results (mock_all_tasks) -----------------------------------------------------


def canned_result(resource: Resource, params: Any, rng) -> Any:
    """A plausible result shaped like what the service returns."""
    payload = params.get("Payload", params) if isinstance(params, dict) else params
    ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    key = (resource.service, resource.action)
    if resource.kind in ("lambda", "activity", "unknown"):
        return params
    if resource.pattern == ".waitForTaskToken":
        return {"Status": "SUCCEEDED", "TaskToken": "answered-at-once"}
    maker = _CANNED.get(key) or _CANNED.get((resource.service, "*"))
    if maker is None:
        return {} if resource.service.startswith("aws-sdk") else {"Status": "SUCCEEDED"}
    return maker(params, payload, ident, resource)


_CANNED: dict[tuple[str, str], Callable[..., Any]] = {
    ("lambda", "invoke"): lambda p, payload, i, r: {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {"HttpStatusCode": 200},
        "StatusCode": 200,
    },
    ("sns", "publish"): lambda p, payload, i, r: {"MessageId": i},
    ("sqs", "sendMessage"): lambda p, payload, i, r: {
        "MD5OfMessageBody": hashlib.md5(json.dumps(p.get("MessageBody") if isinstance(p, dict) else p).encode()).hexdigest(),
        "MessageId": i,
    },
    ("dynamodb", "putItem"): lambda p, payload, i, r: {},
    ("dynamodb", "updateItem"): lambda p, payload, i, r: {},
    ("dynamodb", "deleteItem"): lambda p, payload, i, r: {},
    ("dynamodb", "getItem"): lambda p, payload, i, r: {"Item": dict(p.get("Key", {})) if isinstance(p, dict) else {}},
    ("events", "putEvents"): lambda p, payload, i, r: {"Entries": [{"EventId": i}], "FailedEntryCount": 0},
    ("states", "startExecution"): lambda p, payload, i, r: (
        {"ExecutionArn": f"arn:aws:states:us-east-1:123456789012:execution:child:{i}", "Output": {} if r.pattern == ".sync:2" else "{}", "Status": "SUCCEEDED"}
        if r.pattern.startswith(".sync")
        else {"ExecutionArn": f"arn:aws:states:us-east-1:123456789012:execution:child:{i}", "StartDate": "2024-01-01T00:00:00.000Z"}
    ),
    ("ecs", "runTask"): lambda p, payload, i, r: {"Tasks": [{"LastStatus": "STOPPED", "TaskArn": f"arn:aws:ecs:us-east-1:123456789012:task/{i}"}], "Failures": []},
    ("glue", "startJobRun"): lambda p, payload, i, r: {"JobRunId": i, "JobRunState": "SUCCEEDED"},
    ("batch", "submitJob"): lambda p, payload, i, r: {"JobId": i, "JobName": p.get("JobName", "job") if isinstance(p, dict) else "job", "Status": "SUCCEEDED"},
    ("athena", "startQueryExecution"): lambda p, payload, i, r: {"QueryExecutionId": i, "QueryExecution": {"Status": {"State": "SUCCEEDED"}}},
    ("http", "invoke"): lambda p, payload, i, r: {"Headers": {}, "ResponseBody": {}, "StatusCode": 200, "StatusText": "OK"},
    ("codebuild", "startBuild"): lambda p, payload, i, r: {"Build": {"Id": i, "BuildStatus": "SUCCEEDED"}},
    ("sagemaker", "*"): lambda p, payload, i, r: {"Status": "Completed"},
    ("bedrock", "invokeModel"): lambda p, payload, i, r: {"Body": {}, "ContentType": "application/json"},
}
