"""engine.interpreter: concurrency on the virtual clock, failure tolerance, Retry on
Parallel, the context object ($$.Map.Item, $$.Task.Token, $$.State.RetryCount), Wait in
the past, step records with retries and catches, and AWS-shaped history events.

Sources: the ASL specification (states-language.net) and the AWS Step Functions
Developer Guide pages "Map state", "Distributed Map" (failure thresholds), "Parallel
state", "Context object", "Wait state", "Handling errors" and the GetExecutionHistory
API reference (HistoryEvent and its *EventDetails members).
"""

from datetime import datetime, timedelta, timezone

import pytest

from engine import execute

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
LAMBDA = "arn:aws:states:::lambda:invoke"


def task(**fields):
    return {"Type": "Task", "Resource": LAMBDA, **fields}


def machine(states, start=None):
    return {"StartAt": start or next(iter(states)), "States": states}


def at(_run, seconds):
    return START + timedelta(seconds=seconds)


def events(run, kind, state=None):
    return [e for e in run.history if e["type"] == kind and (state is None or e.get("state") == state)]


def go(definition, input_=None, **kw):
    kw.setdefault("start_time", START)
    return execute(definition, {} if input_ is None else input_, **kw)


def map_of(inner_states, start, **fields):
    return {"Type": "Map", "ItemProcessor": {"StartAt": start, "States": inner_states}, **fields}


def distributed(inner_states, start, **fields):
    processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                 "StartAt": start, "States": inner_states}
    return {"Type": "Map", "ItemProcessor": processor, **fields}


# -------------------------------------------------------------------- Map MaxConcurrency with timed tasks


@pytest.mark.parametrize("concurrency, items, seconds", [
    (2, 4, 20),   # two waves of two
    (0, 4, 10),   # 0 = no limit: all at once
    (1, 4, 40),   # one at a time
    (3, 4, 20),   # three, then the fourth
    (4, 4, 10),
    (2, 5, 30),   # 2 + 2 + 1
])
def test_map_max_concurrency_with_timed_tasks(concurrency, items, seconds):
    definition = machine({"M": map_of({"Work": task(End=True)}, "Work", MaxConcurrency=concurrency, End=True)})
    run = go(definition, list(range(items)), mocks={"Work": {"0": {"Return": "done", "DurationSeconds": 10}}})
    assert run.status == "SUCCEEDED"
    assert run.output == ["done"] * items
    assert run.duration == seconds


def test_map_iterations_wait_for_a_free_slot_on_the_clock():
    definition = machine({"M": map_of({"Work": task(End=True)}, "Work", MaxConcurrency=2, End=True)})
    run = go(definition, [1, 2, 3, 4], mocks={"Work": {"0": {"Return": 1, "DurationSeconds": 10}}})
    scheduled = [e["timestamp"] for e in events(run, "TaskScheduled")]
    assert scheduled == [at(run, 0), at(run, 0), at(run, 10), at(run, 10)]
    assert events(run, "MapStateExited")[0]["timestamp"] == at(run, 20)


def test_map_then_next_state_starts_when_the_slowest_item_ends():
    definition = machine({"M": map_of({"Work": task(End=True)}, "Work", Next="After"),
                          "After": {"Type": "Pass", "End": True}})
    mocks = {"Work": {"0": {"Return": 1, "DurationSeconds": 3}, "1": {"Return": 2, "DurationSeconds": 12},
                      "2": {"Return": 3, "DurationSeconds": 5}}}
    run = go(definition, ["a", "b", "c"], mocks=mocks)
    assert run.output == [1, 2, 3]
    assert events(run, "PassStateEntered", "After")[0]["timestamp"] == at(run, 12)


# -------------------------------------------------------------------- Parallel branches start together


def test_parallel_duration_is_the_slowest_branch():
    branches = [
        machine({"A": task(End=True)}),
        machine({"B1": task(Next="B2"), "B2": task(End=True)}),  # 4 s + 5 s in sequence
        machine({"C": task(End=True)}),
    ]
    definition = machine({"P": {"Type": "Parallel", "Branches": branches, "Next": "After"},
                          "After": {"Type": "Pass", "End": True}})
    mocks = {"A": {"0": {"Return": "a", "DurationSeconds": 3}}, "B1": {"0": {"Return": "b1", "DurationSeconds": 4}},
             "B2": {"0": {"Return": "b2", "DurationSeconds": 5}}, "C": {"0": {"Return": "c", "DurationSeconds": 8}}}
    run = go(definition, mocks=mocks)
    assert run.output == ["a", "b2", "c"]
    assert run.duration == 9
    firsts = {e["state"]: e["timestamp"] for e in run.history if e["type"] == "TaskStateEntered"}
    assert firsts["A"] == firsts["B1"] == firsts["C"] == at(run, 0)
    assert firsts["B2"] == at(run, 4)
    assert events(run, "PassStateEntered", "After")[0]["timestamp"] == at(run, 9)


# -------------------------------------------------------------------- tolerated failures (Distributed Map)


def flaky_items():
    """Items: {"fail": bool}; failing ones reach a Fail state."""
    return {"C": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "Bad"}],
                  "Default": "Good"},
            "Bad": {"Type": "Fail", "Error": "Item.Bad"},
            "Good": {"Type": "Succeed"}}


@pytest.mark.parametrize("failing, tolerance, status", [
    (0, {"ToleratedFailureCount": 0}, "SUCCEEDED"),
    (1, {"ToleratedFailureCount": 1}, "SUCCEEDED"),       # exactly at the threshold: tolerated
    (2, {"ToleratedFailureCount": 1}, "FAILED"),          # past it
    (3, {"ToleratedFailureCount": 3}, "SUCCEEDED"),
    (1, {"ToleratedFailurePercentage": 25}, "SUCCEEDED"),  # 1 of 4 = 25 %
    (1, {"ToleratedFailurePercentage": 20}, "FAILED"),
    (2, {"ToleratedFailurePercentage": 50}, "SUCCEEDED"),
    (2, {"ToleratedFailurePercentage": 49.9}, "FAILED"),
    (4, {"ToleratedFailurePercentage": 100}, "SUCCEEDED"),
], ids=lambda v: str(v))
def test_tolerated_failure_thresholds(failing, tolerance, status):
    definition = machine({"M": distributed(flaky_items(), "C", End=True, **tolerance)})
    items = [{"fail": i < failing} for i in range(4)]
    run = go(definition, items)
    assert run.status == status
    if status == "FAILED":
        assert run.error == "States.ExceedToleratedFailureThreshold"


def test_tolerated_threshold_from_a_path():
    definition = machine({"M": distributed(flaky_items(), "C", End=True, ItemsPath="$.items",
                                           ToleratedFailureCountPath="$.allowed")})
    items = [{"fail": True}, {"fail": True}, {"fail": False}]
    assert go(definition, {"items": items, "allowed": 2}).status == "SUCCEEDED"
    assert go(definition, {"items": items, "allowed": 1}).error == "States.ExceedToleratedFailureThreshold"


def test_exceeded_threshold_can_be_caught_by_name():
    definition = machine({
        "M": distributed(flaky_items(), "C", ToleratedFailureCount=1, Next="Done",
                         Catch=[{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "Handled"}]),
        "Handled": {"Type": "Pass", "OutputPath": "$.Error", "End": True},
        "Done": {"Type": "Succeed"}})
    run = go(definition, [{"fail": True}, {"fail": True}])
    assert run.output == "States.ExceedToleratedFailureThreshold"


# -------------------------------------------------------------------- Retry on Parallel


def test_retry_on_a_parallel_state_reruns_every_branch():
    calls = {"A": 0, "B": 0}

    def branch_a(params, context):
        calls["A"] += 1
        return "a"

    def branch_b(params, context):
        calls["B"] += 1
        if calls["B"] == 1:
            raise RuntimeError("first try fails")
        return "b"

    definition = machine({"P": {"Type": "Parallel", "End": True,
                                "Retry": [{"ErrorEquals": ["RuntimeError"], "IntervalSeconds": 2, "MaxAttempts": 1}],
                                "Branches": [machine({"A": task(End=True)}), machine({"B": task(End=True)})]}})
    run = go(definition, handlers={"A": branch_a, "B": branch_b})
    assert run.status == "SUCCEEDED"
    assert run.output == ["a", "b"]
    assert calls == {"A": 2, "B": 2}  # the whole Parallel ran again, not only the failed branch
    assert run.duration == 2
    assert len(events(run, "ParallelStateEntered")) == 1
    assert len(events(run, "ParallelStateStarted")) == 2


def test_parallel_retry_exhausted_fails_with_the_branch_error():
    definition = machine({"P": {"Type": "Parallel", "End": True,
                                "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 2,
                                           "BackoffRate": 3}],
                                "Branches": [machine({"F": {"Type": "Fail", "Error": "Boom", "Cause": "always"}})]}})
    run = go(definition)
    assert (run.status, run.error, run.cause) == ("FAILED", "Boom", "always")
    assert run.duration == 1 + 3
    assert len(events(run, "FailStateEntered")) == 3


# -------------------------------------------------------------------- context object


def test_map_item_context_in_legacy_parameters_too():
    definition = machine({"M": {"Type": "Map", "End": True, "Parameters": {"at.$": "$$.Map.Item.Index"},
                                "Iterator": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}}})
    assert go(definition, ["p", "q"]).output == [{"at": 0}, {"at": 1}]


def test_map_item_context_is_not_available_inside_the_item_processor():
    inner = {"X": {"Type": "Pass", "Parameters": {"v.$": "$$.Map.Item.Value"}, "End": True}}
    run = go(machine({"M": map_of(inner, "X", End=True)}), ["a"])
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert "$$.Map.Item.Value" in run.cause


def test_task_token_only_for_wait_for_task_token():
    seen = []
    callback = task(Resource="arn:aws:states:::sqs:sendMessage.waitForTaskToken", Next="Again",
                    Parameters={"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}})
    again = {k: v for k, v in callback.items() if k != "Next"} | {"End": True}
    definition = machine({"Send": callback, "Again": again})
    run = go(definition, handlers={"Send": lambda p, c: seen.append(p) or {}, "Again": lambda p, c: seen.append(p) or {}})
    assert run.status == "SUCCEEDED"
    tokens = [p["MessageBody"]["token"] for p in seen]
    assert all(isinstance(t, str) and t for t in tokens)
    assert tokens[0] != tokens[1]  # each task gets its own token

    plain = machine({"T": task(Parameters={"token.$": "$$.Task.Token"}, End=True)})
    run = go(plain)
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_retry_count_counts_the_retries_of_the_current_attempt():
    seen = []

    def flaky(params, context):
        seen.append(params["retry"])
        if len(seen) < 3:
            raise RuntimeError("not yet")
        return "ok"

    definition = machine({"T": task(Parameters={"retry.$": "$$.State.RetryCount"}, End=True,
                                    Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}])})
    run = go(definition, handlers={"T": flaky})
    assert run.output == "ok"
    assert seen == [0, 1, 2]


def test_retry_count_starts_at_zero_in_every_map_iteration():
    inner = {"T": task(Parameters={"retry.$": "$$.State.RetryCount"}, End=True)}
    run = go(machine({"M": map_of(inner, "T", End=True)}), ["a", "b", "c"])
    assert run.output == [{"retry": 0}, {"retry": 0}, {"retry": 0}]


def test_retry_count_restarts_when_the_state_is_entered_again():
    definition = machine({
        "T": task(Parameters={"retry.$": "$$.State.RetryCount", "round.$": "$.round"}, ResultPath="$.last",
                  Next="Loop"),
        "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.round", "NumericEquals": 0, "Next": "Bump"}],
                 "Default": "Done"},
        "Bump": {"Type": "Pass", "Result": 1, "ResultPath": "$.round", "Next": "T"},
        "Done": {"Type": "Pass", "OutputPath": "$.last", "End": True}})
    assert go(definition, {"round": 0}).output == {"retry": 0, "round": 1}


# -------------------------------------------------------------------- Wait in the past


@pytest.mark.parametrize("wait, input_", [
    ({"TimestampPath": "$.when"}, {"when": "2020-06-01T00:00:00Z"}),
    ({"TimestampPath": "$.when"}, {"when": "2023-12-31T23:59:59.999Z"}),
    ({"Timestamp": "2001-01-01T00:00:00Z"}, {}),
    ({"TimestampPath": "$.when"}, {"when": "2024-01-01T00:00:00Z"}),  # exactly now
], ids=["years-ago", "a-millisecond-ago", "literal", "now"])
def test_wait_for_a_moment_already_past_waits_zero(wait, input_):
    definition = machine({"W": {"Type": "Wait", **wait, "Next": "After"}, "After": {"Type": "Pass", "End": True}})
    run = go(definition, input_)
    assert run.status == "SUCCEEDED"
    assert run.duration == 0
    assert run.output == input_


def test_wait_timestamp_with_an_offset_is_compared_in_utc():
    definition = machine({"W": {"Type": "Wait", "TimestampPath": "$.when", "End": True}})
    # 02:00 at +01:00 is 01:00 UTC: one hour after the 00:00 UTC start.
    assert go(definition, {"when": "2024-01-01T02:00:00+01:00"}).duration == 3600


# -------------------------------------------------------------------- steps: retries and catches


def test_steps_of_a_task_with_context_and_intrinsics():
    definition = machine({"T": task(
        InputPath="$.order",
        Parameters={"id.$": "$.id", "who.$": "$$.Execution.Name", "tag.$": "States.Format('o-{}', $.id)"},
        ResultSelector={"ok.$": "$.accepted", "n.$": "States.ArrayLength($.lines)"},
        ResultPath="$.order.receipt",
        OutputPath="$.order",
        End=True)})
    mocks = {"T": {"0": {"Return": {"accepted": True, "lines": [1, 2, 3]}}}}
    run = go(definition, {"order": {"id": 5}, "noise": 1}, mocks=mocks, name="run-9")
    (step,) = run.steps
    assert step["input"] == {"order": {"id": 5}, "noise": 1}
    assert step["afterInputPath"] == {"id": 5}
    assert step["afterParameters"] == {"id": 5, "who": "run-9", "tag": "o-5"}
    assert step["result"] == {"accepted": True, "lines": [1, 2, 3]}
    assert step["afterResultSelector"] == {"ok": True, "n": 3}
    assert step["afterResultPath"] == {"order": {"id": 5, "receipt": {"ok": True, "n": 3}}, "noise": 1}
    assert step["output"] == {"id": 5, "receipt": {"ok": True, "n": 3}}
    assert run.output == step["output"]


def test_steps_with_result_path_null_keep_the_input():
    definition = machine({"T": task(Parameters={"x": 1}, ResultPath=None, End=True)})
    run = go(definition, {"keep": "me"}, mocks={"T": {"0": {"Return": {"dropped": True}}}})
    (step,) = run.steps
    assert step["result"] == {"dropped": True}
    assert step["afterResultPath"] == {"keep": "me"}
    assert step["output"] == {"keep": "me"}


def test_steps_record_retries_and_the_final_success():
    definition = machine({"T": task(End=True, Retry=[{"ErrorEquals": ["Busy"], "IntervalSeconds": 2,
                                                      "BackoffRate": 2, "MaxAttempts": 3}])})
    mocks = {"T": {"0-1": {"Throw": {"Error": "Busy", "Cause": "try later"}}, "2": {"Return": "done"}}}
    run = go(definition, mocks=mocks)
    (step,) = run.steps
    assert [(r["error"], r["waitSeconds"], r["retry"]) for r in step["retries"]] == [("Busy", 2, 1), ("Busy", 4, 2)]
    assert step["output"] == "done"
    assert "error" not in step
    assert run.duration == 6


def test_steps_record_the_catcher_and_where_it_went():
    definition = machine({"T": task(Next="Done", Catch=[{"ErrorEquals": ["Other"], "Next": "Done"},
                                                        {"ErrorEquals": ["States.ALL"], "Next": "Recover",
                                                         "ResultPath": "$.err"}]),
                          "Recover": {"Type": "Pass", "End": True},
                          "Done": {"Type": "Succeed"}})
    mocks = {"T": {"0": {"Throw": {"Error": "Broken", "Cause": "why"}}}}
    run = go(definition, {"a": 1}, mocks=mocks)
    first = run.steps[0]
    assert first["caughtBy"] == ["States.ALL"]
    assert first["next"] == "Recover"
    assert (first["error"], first["cause"]) == ("Broken", "why")
    assert first["output"] == {"a": 1, "err": {"Error": "Broken", "Cause": "why"}}
    assert [s["name"] for s in run.steps] == ["T", "Recover"]


# -------------------------------------------------------------------- history events


def test_history_of_a_failed_task_has_aws_event_details():
    definition = machine({"T": task(Parameters={"FunctionName": "charge", "Payload": {"n": 1}}, End=True)})
    run = go(definition, {"in": 1}, mocks={"T": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}}})
    history = run.history
    assert [e["id"] for e in history] == list(range(1, len(history) + 1))
    assert [e["type"] for e in history] == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                            "TaskFailed", "ExecutionFailed"]
    by_type = {e["type"]: e for e in history}
    assert by_type["ExecutionStarted"]["executionStartedEventDetails"]["input"] == {"in": 1}
    assert by_type["TaskStateEntered"]["stateEnteredEventDetails"]["name"] == "T"
    assert by_type["TaskStateEntered"]["stateEnteredEventDetails"]["input"] == {"in": 1}
    scheduled = by_type["TaskScheduled"]["taskScheduledEventDetails"]
    assert scheduled["resource"] == LAMBDA
    assert scheduled["parameters"] == {"FunctionName": "charge", "Payload": {"n": 1}}
    failed = by_type["TaskFailed"]["taskFailedEventDetails"]
    assert (failed["error"], failed["cause"]) == ("Card.Declined", "no funds")
    ended = by_type["ExecutionFailed"]["executionFailedEventDetails"]
    assert (ended["error"], ended["cause"]) == ("Card.Declined", "no funds")


def test_history_of_a_succeeded_task_has_output_details():
    run = go(machine({"T": task(End=True)}), mocks={"T": {"0": {"Return": {"v": 2}}}})
    by_type = {e["type"]: e for e in run.history}
    assert by_type["TaskSucceeded"]["taskSucceededEventDetails"]["output"] == {"v": 2}
    assert by_type["TaskStateExited"]["stateExitedEventDetails"] == {"name": "T", "output": {"v": 2}}
    assert by_type["ExecutionSucceeded"]["executionSucceededEventDetails"]["output"] == {"v": 2}


def test_history_events_point_back_to_earlier_events():
    definition = machine({"P": {"Type": "Parallel", "End": True, "Branches": [
        machine({"A": {"Type": "Pass", "End": True}}), machine({"B": {"Type": "Wait", "Seconds": 1, "End": True}})]}})
    run = go(definition)
    ids = [e["id"] for e in run.history]
    assert ids == list(range(1, len(ids) + 1))
    assert all(0 <= e["previous_id"] < e["id"] for e in run.history)
    stamps = [e["timestamp"] for e in run.history]
    assert stamps[0] == START and stamps[-1] == at(run, 1)


def test_history_timed_out_task_event():
    definition = machine({"T": task(TimeoutSeconds=5, End=True)})
    run = go(definition, mocks={"T": {"0": {"Return": 1, "DurationSeconds": 60}}})
    timed_out = events(run, "TaskTimedOut")
    assert len(timed_out) == 1
    assert timed_out[0]["taskTimedOutEventDetails"]["error"] == "States.Timeout"
    assert timed_out[0]["timestamp"] == at(run, 5)
    assert (run.status, run.error) == ("FAILED", "States.Timeout")


# A Choice state's own Assign is the Default path's assignment; a matched rule uses its own
# (the AWS console's "Default rule" Assign; LocalStack fixed the same point in PR #13775).
@pytest.mark.parametrize("value, expected", [(1, {"via": "rule"}), (2, {"via": "default"})],
                         ids=["rule-matched", "default-taken"])
def test_choice_state_level_assign_applies_only_on_the_default_path(value, expected):
    from engine import execute

    definition = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Assign": {"via": "default"},
                  "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Assign": {"via": "rule"}, "Next": "Done"}],
                  "Default": "Done"},
            "Done": {"Type": "Pass", "Parameters": {"via.$": "$via"}, "End": True},
        },
    }
    assert execute(definition, {"v": value}).output == expected


# -------------------------------------------------------------------- one state at a time (the TestState seam)


def compiled(definition, name):
    import random

    from engine.interpreter import Program, Run, TaskRunner
    from engine.tasks import MockTable

    state = Program(definition, {}).find(name)
    run = Run(start=START, rng=random.Random(0), tasks=TaskRunner(MockTable({}), {}, False, frozenset()),
              max_events=None, deadline=None, deadline_status="FAILED", context={})
    return state, run


def test_program_find_reaches_states_nested_in_branches_and_processors():
    inner = {"StartAt": "Deep", "States": {"Deep": {"Type": "Pass", "End": True}}}
    definition = machine({"P": {"Type": "Parallel", "Branches": [
        {"StartAt": "M", "States": {"M": map_of(inner["States"], "Deep", End=True)}}], "End": True}})
    state, _ = compiled(definition, "Deep")
    assert (state.name, state.type) == ("Deep", "Pass")
    assert compiled(definition, "Nope")[0] is None


@pytest.mark.parametrize(
    "retries_made, status, wait",
    [(0, "RETRIABLE", 2), (1, "RETRIABLE", 4), (2, "FAILED", None)],
    ids=["first-retry", "second-retry", "spent"],
)
def test_run_once_reports_what_retry_would_do_without_retrying(retries_made, status, wait):
    definition = machine({"T": task(Retry=[{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["Boom"], "IntervalSeconds": 2,
                                                                     "MaxAttempts": 2}], End=True)})
    state, run = compiled(definition, "T")
    from engine.tasks import MockEntry, MockTable

    run.tasks.mocks = MockTable({"T": [(0, 0, MockEntry(error="Boom", cause="why"))]})
    step = state.run_once(run, {"in": 1}, {}, retries_made)
    assert step["status"] == status
    assert (step["error"], step["cause"], step["retryIndex"]) == ("Boom", "why", 1)
    assert step.get("retryWait") == wait
    assert run.t == 0  # nothing waited


def test_run_once_reports_the_catcher_and_its_output():
    definition = machine({"T": task(Catch=[{"ErrorEquals": ["Other"], "Next": "A"},
                                          {"ErrorEquals": ["States.ALL"], "Next": "B", "ResultPath": "$.e"}], End=True),
                          "A": {"Type": "Pass", "End": True}, "B": {"Type": "Pass", "End": True}})
    state, run = compiled(definition, "T")
    from engine.tasks import MockEntry, MockTable

    run.tasks.mocks = MockTable({"T": [(0, 0, MockEntry(error="Boom", cause="why"))]})
    step = state.run_once(run, {"in": 1}, {})
    assert (step["status"], step["catchIndex"], step["next"]) == ("CAUGHT_ERROR", 1, "B")
    assert step["output"] == {"in": 1, "e": {"Error": "Boom", "Cause": "why"}}
    assert "retryIndex" not in step


def test_run_once_leaves_runtime_causes_without_an_event_id():
    state, run = compiled(machine({"P": {"Type": "Pass", "OutputPath": "$.no", "End": True}}), "P")
    step = state.run_once(run, {}, {})
    assert (step["status"], step["error"]) == ("FAILED", "States.Runtime")
    assert step["cause"] == "Invalid path '$.no' : No results for path: $['no']"


def test_run_once_records_every_stage():
    definition = machine({"T": task(InputPath="$.a", Parameters={"x.$": "$.b"}, ResultSelector={"r.$": "$.x"},
                                    ResultPath="$.out", OutputPath="$.out", Next="N"), "N": {"Type": "Succeed"}})
    state, run = compiled(definition, "T")
    step = state.run_once(run, {"a": {"b": 5}}, {})
    assert (step["status"], step["next"], step["output"]) == ("SUCCEEDED", "N", {"r": 5})
    assert step["afterInputPath"] == {"b": 5}
    assert step["afterParameters"] == step["result"] == {"x": 5}  # unmocked: the task returns its input
    assert step["afterResultSelector"] == {"r": 5}
    assert step["afterResultPath"] == {"a": {"b": 5}, "out": {"r": 5}}


class StandIn:
    """Answers a Parallel's branches or a Map's iterations, as TestState's mock does."""

    def __init__(self, result, failures=0):
        self.result, self.failures, self.seen = result, failures, None

    def branches(self, state, value):
        self.seen = value
        return self.result

    def iterations(self, state, item_inputs):
        self.seen = item_inputs
        return self.result, self.failures

    def read_items(self, state):
        return ["read"]


def test_a_stand_in_answers_for_a_parallels_branches():
    branch = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Never"}}}
    state, run = compiled(machine({"P": {"Type": "Parallel", "Branches": [branch], "InputPath": "$.in",
                                        "ResultPath": "$.r", "End": True}}), "P")
    run.stand_in = StandIn(["mocked"])
    step = state.run_once(run, {"in": 1}, {})
    assert (step["status"], step["output"], run.stand_in.seen) == ("SUCCEEDED", {"in": 1, "r": ["mocked"]}, 1)


@pytest.mark.parametrize(
    "fields, failures, status",
    [({}, 2, "SUCCEEDED"), ({"ToleratedFailureCount": 1}, 1, "SUCCEEDED"), ({"ToleratedFailureCount": 1}, 2, "FAILED"),
     ({"ToleratedFailurePercentage": 50}, 2, "SUCCEEDED"), ({"ToleratedFailureCount": 0}, 1, "FAILED")],
    ids=["no-tolerance-set", "within-count", "past-count", "within-percentage", "zero-tolerated"],
)
def test_a_stand_ins_failure_count_is_weighed_against_the_maps_tolerance(fields, failures, status):
    definition = machine({"M": distributed({"I": {"Type": "Pass", "End": True}}, "I", ItemsPath="$.xs",
                                           ItemSelector={"v.$": "$$.Map.Item.Value"}, End=True, **fields)})
    state, run = compiled(definition, "M")
    run.stand_in = StandIn([1, 0, 0, 1], failures)
    step = state.run_once(run, {"xs": [1, 2, 3, 4]}, {})
    assert step["status"] == status
    assert run.stand_in.seen == [{"v": 1}, {"v": 2}, {"v": 3}, {"v": 4}]
    assert step["afterItemsPath"] == [1, 2, 3, 4] and step["maxConcurrency"] == 0
    if status == "FAILED":
        assert (step["error"], step["cause"]) == ("States.ExceedToleratedFailureThreshold",
                                                  "The specified tolerated failure threshold was exceeded")


def test_a_stand_in_reads_a_maps_items_for_its_item_reader():
    definition = machine({"M": distributed({"I": {"Type": "Pass", "End": True}}, "I", End=True,
                                           ItemReader={"Resource": "arn:aws:states:::s3:getObject",
                                                       "Parameters": {"Bucket": "b", "Key": "k"}})})
    state, run = compiled(definition, "M")
    run.stand_in = StandIn(["done"])
    step = state.run_once(run, {"not": "a list"}, {})
    assert (step["status"], run.stand_in.seen, step["items"]) == ("SUCCEEDED", ["read"], ["read"])


def test_a_jsonpath_items_path_that_is_not_an_array_is_worded_as_aws_words_it():
    run = go(machine({"M": map_of({"I": {"Type": "Pass", "End": True}}, "I", ItemsPath="$.xs", End=True)}), {"xs": 1})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.cause.endswith('Reference path "$.xs" must point to array.')


def test_assigned_variables_are_recorded_as_aws_records_them():
    """StateExited carries assignedVariables (values as JSON text); the step keeps the scope."""
    from engine import execute

    definition = {"QueryLanguage": "JSONata", "StartAt": "Price", "States": {
        "Price": {"Type": "Pass", "Assign": {"total": "{% $states.input.n * 2 %}", "who": "ana"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $total > 5 %}", "Assign": {"big": True},
                                                 "Next": "Done"}], "Default": "Done"},
        "Done": {"Type": "Pass", "Output": "{% $total %}", "End": True}}}
    ex = execute(definition, {"n": 4})
    exits = [e for e in ex.history if e["type"].endswith("StateExited")]
    assert exits[0]["stateExitedEventDetails"]["assignedVariables"] == {"total": "8", "who": '"ana"'}
    assert exits[0]["stateExitedEventDetails"]["assignedVariablesDetails"] == {"truncated": False}
    assert exits[1]["stateExitedEventDetails"]["assignedVariables"] == {"big": "true"}
    assert "assignedVariables" not in exits[2]["stateExitedEventDetails"]  # Done assigns nothing
    assert ex.steps[0]["assigned"] == {"total": 8, "who": "ana"}
    assert ex.steps[2]["variables"] == {"total": 8, "who": "ana", "big": True}
    assert ex.output == 8


def test_a_fail_states_cause_path_is_compiled_once_however_often_it_runs(monkeypatch):
    from engine import interpreter

    compiled = []
    real = interpreter.compile_value_expr
    monkeypatch.setattr(interpreter, "compile_value_expr", lambda text, field: compiled.append(text) or real(text, field))
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "E", "CausePath": "States.Format('item {}', $.n)"}}},
        "ToleratedFailurePercentage": 100, "End": True}}}
    run = execute(definition, [{"n": 1}, {"n": 2}, {"n": 3}])
    assert run.status == "SUCCEEDED"
    assert [s["cause"] for s in run.steps if s["name"] == "F"] == ["item 1", "item 2", "item 3"]
    assert compiled == ["States.Format('item {}', $.n)"]
