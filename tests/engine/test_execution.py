"""engine.execute and Execution: history, virtual clock, limits, steps, transitions, Parallel/Map, determinism."""

import time
from datetime import datetime, timedelta, timezone

import pytest

from engine import InvalidDefinition, execute

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
LAMBDA = "arn:aws:states:::lambda:invoke"


def chain(*states):
    """A linear machine from (name, spec) pairs."""
    out = {}
    for i, (name, spec) in enumerate(states):
        spec = dict(spec)
        if spec["Type"] in ("Choice", "Succeed", "Fail"):
            pass
        elif i + 1 < len(states):
            spec["Next"] = states[i + 1][0]
        else:
            spec["End"] = True
        out[name] = spec
    return {"StartAt": states[0][0], "States": out}


def types(run):
    return [e["type"] for e in run.history]


# -------------------------------------------------------------------- history


def test_history_event_names_and_ids():
    run = execute(chain(("P", {"Type": "Pass"}), ("W", {"Type": "Wait", "Seconds": 1}),
                        ("T", {"Type": "Task", "Resource": LAMBDA})), {}, mocks={"T": {"0": {"Return": 1}}})
    assert types(run) == [
        "ExecutionStarted",
        "PassStateEntered", "PassStateExited",
        "WaitStateEntered", "WaitStateExited",
        "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
        "ExecutionSucceeded",
    ]
    assert [e["id"] for e in run.history] == list(range(1, len(run.history) + 1))
    assert run.history[0]["previous_id"] == 0
    for event in run.history[1:]:
        assert 0 < event["previous_id"] < event["id"]
    entered = [e for e in run.history if e["type"].endswith("StateEntered")]
    assert [e["state"] for e in entered] == ["P", "W", "T"]


@pytest.mark.parametrize(
    "state, entered, exited",
    [({"Type": "Pass"}, "PassStateEntered", "PassStateExited"),
     ({"Type": "Succeed"}, "SucceedStateEntered", "SucceedStateExited"),
     ({"Type": "Fail", "Error": "E"}, "FailStateEntered", None),
     ({"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}]},
      "ParallelStateEntered", "ParallelStateExited"),
     ({"Type": "Map", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}},
      "MapStateEntered", "MapStateExited")],
    ids=["pass", "succeed", "fail", "parallel", "map"],
)
def test_state_event_names(state, entered, exited):
    run = execute(chain(("S", state)), [])
    assert entered in types(run)
    if exited:
        assert exited in types(run)
    assert types(run)[-1] == ("ExecutionSucceeded" if exited else "ExecutionFailed")


def test_failed_execution_ends_with_execution_failed_and_error_details():
    run = execute(chain(("F", {"Type": "Fail", "Error": "Custom.Boom", "Cause": "because"})), {})
    assert (run.status, run.error, run.cause, run.output) == ("FAILED", "Custom.Boom", "because", None)
    assert run.history[-1]["type"] == "ExecutionFailed"
    assert not run.succeeded


def test_fail_error_path_and_cause_path():
    run = execute(chain(("F", {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('n={}', $.n)"})),
                  {"e": "Custom.X", "n": 3})
    assert (run.error, run.cause) == ("Custom.X", "n=3")


# -------------------------------------------------------------------- virtual clock


def test_a_24_hour_wait_costs_no_real_time_and_timestamps_follow_it():
    t0 = time.perf_counter()
    run = execute(chain(("W", {"Type": "Wait", "Seconds": 86_400}), ("P", {"Type": "Pass"})), {}, start_time=START)
    assert time.perf_counter() - t0 < 1.0
    assert run.status == "SUCCEEDED"
    assert run.duration == 86_400
    stamps = {e["type"]: e["timestamp"] for e in run.history}
    assert stamps["ExecutionStarted"] == START
    assert stamps["WaitStateEntered"] == START
    assert stamps["WaitStateExited"] == START + timedelta(days=1)
    assert stamps["PassStateEntered"] == START + timedelta(days=1)
    assert stamps["ExecutionSucceeded"] == START + timedelta(days=1)


def test_timestamps_never_go_backwards_in_a_sequential_run():
    run = execute(chain(("A", {"Type": "Wait", "Seconds": 5}), ("B", {"Type": "Wait", "Seconds": 7})), {},
                  start_time=START)
    stamps = [e["timestamp"] for e in run.history]
    assert stamps == sorted(stamps)
    assert stamps[-1] - stamps[0] == timedelta(seconds=12)


@pytest.mark.parametrize(
    "wait, input_, seconds",
    [({"Timestamp": "2024-01-01T01:00:00Z"}, {}, 3600),
     ({"TimestampPath": "$.t"}, {"t": "2024-01-01T00:00:30Z"}, 30),
     ({"SecondsPath": "$.s"}, {"s": 42}, 42),
     ({"Timestamp": "2023-12-31T00:00:00Z"}, {}, 0)],
    ids=["timestamp", "timestamp-path", "seconds-path", "timestamp-in-the-past"],
)
def test_wait_forms_on_the_virtual_clock(wait, input_, seconds):
    run = execute(chain(("W", {"Type": "Wait", **wait})), input_, start_time=START)
    assert run.status == "SUCCEEDED"
    assert run.duration == seconds


@pytest.mark.parametrize("value", [-1, 1.5, "10"], ids=["negative", "fraction", "string"])
def test_bad_seconds_path_is_states_runtime(value):
    run = execute(chain(("W", {"Type": "Wait", "SecondsPath": "$.s"})), {"s": value})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_naive_start_time_is_utc():
    run = execute(chain(("P", {"Type": "Pass"})), {}, start_time=datetime(2024, 1, 1))
    assert run.start_time == START


# -------------------------------------------------------------------- context object


def test_context_object_fields():
    params = {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
              "start.$": "$$.Execution.StartTime", "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime",
              "machine.$": "$$.StateMachine.Name", "role.$": "$$.Execution.RoleArn"}
    machine = chain(("Wait", {"Type": "Wait", "Seconds": 60}), ("Ctx", {"Type": "Pass", "Parameters": params}))
    run = execute(machine, {"k": 1}, name="run-7", state_machine_name="Orders", start_time=START)
    out = run.output
    assert out["name"] == "run-7"
    assert out["id"].startswith("arn:aws:states:") and out["id"].endswith(":Orders:run-7")
    assert out["input"] == {"k": 1}
    assert out["start"] == "2024-01-01T00:00:00.000Z"
    assert out["state"] == "Ctx"
    assert out["entered"] == "2024-01-01T00:01:00.000Z"  # the virtual clock, after the Wait
    assert out["machine"] == "Orders"
    assert out["role"].startswith("arn:aws:iam::")


def test_express_execution_arn():
    machine = chain(("Ctx", {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}}))
    assert ":express:" in execute(machine, {}, workflow_type="EXPRESS").output["id"]


def test_context_can_be_overlaid():
    machine = chain(("Ctx", {"Type": "Pass", "Parameters": {"n.$": "$$.Execution.RedriveCount",
                                                              "x.$": "$$.Custom.X"}}))
    run = execute(machine, {}, context={"Execution": {"RedriveCount": 2}, "Custom": {"X": 1}})
    assert run.output == {"n": 2, "x": 1}


def test_map_item_context_in_item_selector():
    machine = chain(("M", {"Type": "Map", "ItemsPath": "$.xs",
                           "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
                           "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}}))
    run = execute(machine, {"xs": ["a", "b"], "k": 9})
    assert run.output == [{"i": 0, "v": "a", "k": 9}, {"i": 1, "v": "b", "k": 9}]


# -------------------------------------------------------------------- limits


def test_execution_timeout_seconds_gives_timed_out():
    machine = {**chain(("W", {"Type": "Wait", "Seconds": 20})), "TimeoutSeconds": 10}
    run = execute(machine, {}, start_time=START)
    assert run.status == "TIMED_OUT"
    assert run.error == "States.Timeout"
    assert run.duration == 10
    assert run.history[-1]["type"] == "ExecutionTimedOut"
    assert run.history[-1]["timestamp"] == START + timedelta(seconds=10)


def test_execution_timeout_cannot_be_caught():
    task = {"Type": "Task", "Resource": LAMBDA, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
            "End": True}
    machine = {"TimeoutSeconds": 5, "StartAt": "T", "States": {"T": task, "H": {"Type": "Pass", "End": True}}}
    run = execute(machine, {}, mocks={"T": {"0": {"Return": 1, "DurationSeconds": 60}}})
    assert run.status == "TIMED_OUT"


def test_express_five_minute_limit():
    run = execute(chain(("W", {"Type": "Wait", "Seconds": 301})), {}, workflow_type="EXPRESS")
    assert run.status != "SUCCEEDED"
    assert run.status in ("TIMED_OUT", "FAILED")
    assert run.error == "States.Timeout"
    assert run.duration == 300


def test_express_within_five_minutes_succeeds():
    assert execute(chain(("W", {"Type": "Wait", "Seconds": 300})), {}, workflow_type="EXPRESS").succeeded


def test_standard_can_wait_longer_than_five_minutes():
    assert execute(chain(("W", {"Type": "Wait", "Seconds": 3600})), {}).succeeded


def test_infinite_loop_hits_the_25000_event_limit_and_fails_clearly():
    machine = {"StartAt": "Spin", "States": {
        "Spin": {"Type": "Pass", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                  "Default": "Spin"},
        "Done": {"Type": "Succeed"}}}
    t0 = time.perf_counter()
    run = execute(machine, {})
    assert time.perf_counter() - t0 < 10
    assert run.status == "FAILED"
    assert "25,000" in run.cause or "25000" in run.cause
    assert len(run.history) <= 25_001
    assert run.history[-1]["type"] == "ExecutionFailed"


def test_express_loop_is_not_capped_at_25000_events():
    machine = {"StartAt": "Count", "States": {
        "Count": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 7000, "Next": "Count"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}}
    run = execute(machine, {"i": 0}, workflow_type="EXPRESS", record_steps=False)
    assert run.status == "SUCCEEDED"
    assert run.output == {"i": 7000}
    assert len(run.history) > 25_000


PAYLOAD_LIMIT = 256 * 1024


def test_a_state_output_over_256_kib_is_data_limit_exceeded():
    run = execute(chain(("Big", {"Type": "Pass", "Result": "x" * (PAYLOAD_LIMIT + 1)})), {})
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")


def test_a_state_output_at_the_limit_is_fine():
    # a JSON string of n characters is n + 2 bytes with its quotes
    run = execute(chain(("Big", {"Type": "Pass", "Result": "x" * (PAYLOAD_LIMIT - 2)})), {})
    assert run.status == "SUCCEEDED"


def test_utf8_bytes_count_not_characters():
    run = execute(chain(("Big", {"Type": "Pass", "Result": ["é" * 70_000, "é" * 70_000]})), {})
    assert run.error == "States.DataLimitExceeded"  # 140,000 characters but 280,000+ bytes


def test_many_small_values_over_the_limit():
    run = execute(chain(("Big", {"Type": "Pass", "Result": {f"k{i}": i for i in range(30_000)}})), {})
    assert run.error == "States.DataLimitExceeded"


def test_an_execution_input_over_256_kib_is_refused():
    run = execute(chain(("P", {"Type": "Pass"})), {"blob": "x" * PAYLOAD_LIMIT})
    assert run.status == "FAILED" and run.error == "States.DataLimitExceeded"


# -------------------------------------------------------------------- steps and transitions


def test_steps_record_each_state_with_its_stages():
    run = execute(chain(("A", {"Type": "Pass", "InputPath": "$.in", "Parameters": {"v.$": "$.v"},
                               "ResultPath": "$.r"}),
                        ("C", {"Type": "Choice", "Choices": [{"Variable": "$.r.v", "NumericEquals": 1, "Next": "D"}]}),
                        ("D", {"Type": "Succeed"})), {"in": {"v": 1}})
    assert [s["name"] for s in run.steps] == ["A", "C", "D"]
    assert [s["type"] for s in run.steps] == ["Pass", "Choice", "Succeed"]
    a = run.steps[0]
    assert a["input"] == {"in": {"v": 1}}
    assert a["afterInputPath"] == {"v": 1}
    assert a["afterParameters"] == {"v": 1}
    assert a["afterResultPath"] == {"in": {"v": 1}, "r": {"v": 1}}
    assert a["output"] == {"in": {"v": 1}, "r": {"v": 1}}
    assert a["next"] == "C"
    assert run.steps[1]["choice"] == "D"


def test_record_steps_false_records_none_but_runs_the_same():
    machine = chain(("A", {"Type": "Pass", "Result": 1}), ("B", {"Type": "Pass"}))
    with_steps, without = execute(machine, {}), execute(machine, {}, record_steps=False)
    assert without.steps == []
    assert (without.output, without.transitions, types(without)) == (with_steps.output, with_steps.transitions,
                                                                     types(with_steps))


def test_the_history_is_the_same_with_or_without_steps():
    # Everything the history holds (ids, timestamps, details) does not depend on the steps.
    machine = chain(
        ("Fan", {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                 "ItemProcessor": {"StartAt": "Add", "States": {"Add": {
                     "Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.v, 1)"}, "End": True}}},
                 "ResultPath": "$.mapped"}),
        ("Try", {"Type": "Parallel", "Branches": [{"StartAt": "Boom", "States": {"Boom": {
            "Type": "Fail", "Error": "E.Boom", "Cause": "no"}}}],
                 "Retry": [{"ErrorEquals": ["E.Boom"], "MaxAttempts": 1}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Pick"}]}),
        ("Unused", {"Type": "Pass"}),
        ("Pick", {"Type": "Choice", "Choices": [{"Variable": "$.err.Error", "StringEquals": "E.Boom", "Next": "End"}]}),
        ("End", {"Type": "Succeed", "OutputPath": "$.mapped"}),
    )
    with_steps = execute(machine, {"items": [1, 2, 3]}, start_time=START)
    without = execute(machine, {"items": [1, 2, 3]}, start_time=START, record_steps=False)
    assert with_steps.output == [{"v": 2}, {"v": 3}, {"v": 4}]
    assert without.history == with_steps.history
    assert [s["name"] for s in with_steps.steps] == ["Fan", "Add", "Add", "Add", "Try", "Boom", "Boom", "Pick", "End"]


def test_transitions_count_states_entered_and_retries():
    machine = chain(("A", {"Type": "Pass"}),
                    ("T", {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["E"]}]}),
                    ("B", {"Type": "Pass"}))
    run = execute(machine, {}, mocks={"T": {"0-1": {"Throw": {"Error": "E"}}, "2": {"Return": 1}}})
    entered = sum(1 for t in types(run) if t.endswith("StateEntered"))
    assert entered == 3
    assert run.transitions == entered + 2


def test_last_state():
    run = execute(chain(("A", {"Type": "Pass"}), ("F", {"Type": "Fail", "Error": "E"})), {})
    assert run.last_state == "F"


# -------------------------------------------------------------------- Parallel and Map


def parallel(*branches, **fields):
    return {"Type": "Parallel", "Branches": [chain(*b) for b in branches], **fields}


def test_parallel_output_is_one_element_per_branch_in_order():
    run = execute(chain(("P", parallel([("A", {"Type": "Pass", "Result": "a"})],
                                       [("B", {"Type": "Wait", "Seconds": 1}), ("B2", {"Type": "Pass",
                                                                                       "Result": "b"})],
                                       [("C", {"Type": "Pass"})]))), {"in": 1}, start_time=START)
    assert run.output == ["a", "b", {"in": 1}]


def test_parallel_branches_run_concurrently_on_the_clock():
    run = execute(chain(("P", parallel([("A", {"Type": "Wait", "Seconds": 5})],
                                       [("B", {"Type": "Wait", "Seconds": 7})]))), {})
    assert run.duration == 7
    assert "ParallelStateStarted" in types(run) and "ParallelStateSucceeded" in types(run)


def test_parallel_branch_failure_fails_the_state_with_the_branch_error():
    run = execute(chain(("P", parallel([("A", {"Type": "Pass"})],
                                       [("F", {"Type": "Fail", "Error": "Branch.Err", "Cause": "c"})]))), {})
    assert (run.status, run.error, run.cause) == ("FAILED", "Branch.Err", "c")
    assert "ParallelStateFailed" in types(run)


def test_parallel_each_branch_gets_the_same_input():
    run = execute(chain(("P", parallel([("A", {"Type": "Pass", "Result": 1, "ResultPath": "$.x"})],
                                       [("B", {"Type": "Pass"})], InputPath="$.in"))), {"in": {"k": 1}})
    assert run.output == [{"k": 1, "x": 1}, {"k": 1}]


def map_state(processor_states, start, **fields):
    return {"Type": "Map", "ItemProcessor": {"StartAt": start, "States": processor_states}, **fields}


def test_map_output_is_in_input_order():
    inner = {"Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.n, $.n)"}, "End": True}}
    run = execute(chain(("M", map_state(inner, "Double", ItemsPath="$.items"))),
                  {"items": [{"n": 1}, {"n": 2}, {"n": 3}]})
    assert run.output == [{"v": 2}, {"v": 4}, {"v": 6}]
    assert types(run).count("MapIterationStarted") == 3


def test_map_on_an_empty_array():
    run = execute(chain(("M", map_state({"X": {"Type": "Pass", "End": True}}, "X"))), [])
    assert run.output == []


def test_map_input_must_be_an_array():
    run = execute(chain(("M", map_state({"X": {"Type": "Pass", "End": True}}, "X"))), {"not": "array"})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_map_iteration_failure_fails_the_map_with_its_error():
    inner = {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}],
                   "Default": "OK"},
             "F": {"Type": "Fail", "Error": "Item.Bad", "Cause": "two"}, "OK": {"Type": "Succeed"}}
    run = execute(chain(("M", map_state(inner, "C"))), [1, 2, 3])
    assert (run.status, run.error, run.cause) == ("FAILED", "Item.Bad", "two")
    assert "MapIterationFailed" in types(run) and "MapStateFailed" in types(run)


@pytest.mark.parametrize("concurrency, seconds", [(0, 10), (1, 50), (2, 30), (5, 10), (40, 10)],
                         ids=["unlimited", "sequential", "two", "five", "more-than-items"])
def test_map_max_concurrency_on_the_virtual_clock(concurrency, seconds):
    inner = {"W": {"Type": "Wait", "Seconds": 10, "End": True}}
    run = execute(chain(("M", map_state(inner, "W", MaxConcurrency=concurrency))), [1, 2, 3, 4, 5])
    assert run.output == [1, 2, 3, 4, 5]
    assert run.duration == seconds


def test_map_max_concurrency_with_uneven_items():
    # Two workers, waits [10, 1, 1, 10]: worker A takes 10; worker B takes 1, 1, then 10 -> 12 s in all.
    inner = {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}
    run = execute(chain(("M", map_state(inner, "W", MaxConcurrency=2))), [10, 1, 1, 10])
    assert run.duration == 12


def test_map_tolerated_failures():
    inner = {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}],
                   "Default": "OK"},
             "F": {"Type": "Fail", "Error": "Item.Bad"}, "OK": {"Type": "Succeed"}}
    ok = execute(chain(("M", map_state(inner, "C", ToleratedFailureCount=1))), [1, 2, 3])
    assert ok.status == "SUCCEEDED"
    bad = execute(chain(("M", map_state(inner, "C", ToleratedFailureCount=1))), [2, 2, 3])
    assert (bad.status, bad.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")


def test_transitions_include_states_inside_map_and_parallel():
    run = execute(chain(("M", map_state({"X": {"Type": "Pass", "End": True}}, "X")),
                        ("P", parallel([("A", {"Type": "Pass"})], [("B", {"Type": "Pass"})]))), [1, 2, 3])
    assert run.transitions == 1 + 3 + 1 + 2


# -------------------------------------------------------------------- determinism and options


def test_same_seed_same_run():
    machine = chain(("R", {"Type": "Pass", "Parameters": {"u.$": "States.UUID()", "r.$": "States.MathRandom(1, 1000)"}}))
    a, b = execute(machine, {}, seed=5, start_time=START), execute(machine, {}, seed=5, start_time=START)
    assert a.output == b.output
    assert a.history == b.history
    assert execute(machine, {}, seed=6).output != a.output


def test_unknown_workflow_type_is_refused():
    with pytest.raises(InvalidDefinition):
        execute(chain(("P", {"Type": "Pass"})), {}, workflow_type="TURBO")


def test_workflow_type_is_recorded():
    assert execute(chain(("P", {"Type": "Pass"})), {}, workflow_type="express").workflow_type == "EXPRESS"


def test_definition_as_yaml_text():
    run = execute("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: done\n    End: true\n", {})
    assert run.output == "done"


def test_a_failure_is_a_result_not_an_exception():
    run = execute(chain(("P", {"Type": "Pass", "InputPath": "$.missing"})), {})
    assert run.status == "FAILED"


def test_a_definition_changed_after_a_run_runs_as_changed():
    # Runs of the same definition share its validation and compiled form; a caller's dict
    # changed afterwards is a new definition, never the kept one.
    machine = chain(("A", {"Type": "Pass", "Result": 1}))
    assert execute(machine, {}).output == 1
    machine["States"]["A"]["Result"] = 2
    assert execute(machine, {}).output == 2
    machine["States"]["A"]["Type"] = "Nope"
    with pytest.raises(InvalidDefinition):
        execute(machine, {})
    machine["States"]["A"]["Type"] = "Pass"
    assert execute(machine, {}).output == 2


def test_the_same_definition_as_standard_and_express_is_checked_for_each():
    machine = chain(("T", {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                           "Parameters": {"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}}}))
    execute(machine, {}, mock_all_tasks=True)
    with pytest.raises(InvalidDefinition):
        execute(machine, {}, workflow_type="EXPRESS", mock_all_tasks=True)
