"""Retry and Catch (facts.md §D-E, ../shared/retry/README.md).

Attempts are counted from the history's TaskScheduled events and waits are read from
timestamps: the wait before attempt k+1 is its TaskScheduled time minus the time of the
failure event that ended attempt k.
"""

import random

import pytest

from engine import execute
from engine.errors import TERMINAL_ERRORS
from engine.retry import Catcher, Retrier, error_matches, find_catcher, find_retrier

LAMBDA = "arn:aws:states:::lambda:invoke"
FAILURES = ("TaskFailed", "TaskTimedOut", "LambdaFunctionFailed", "LambdaFunctionTimedOut")


def task_machine(retry=None, catch=None, **fields):
    task = {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f", "Payload.$": "$"}, **fields}
    if retry is not None:
        task["Retry"] = retry
    states = {"T": task}
    if catch is not None:
        task["Catch"] = catch
        for c in catch:
            states.setdefault(c["Next"], {"Type": "Pass", "End": True})
    task["End"] = True
    return {"StartAt": "T", "States": states}


def throws(*errors, then=None):
    """A MockedResponse: the given errors one per invocation, then `then` (a Return) if given."""
    response = {str(i): {"Throw": {"Error": e, "Cause": f"cause {i}"}} for i, e in enumerate(errors)}
    if then is not None:
        response[str(len(errors))] = {"Return": then}
    return {"T": response}


def attempts_and_waits(run, state="T"):
    """(number of TaskScheduled events, waits in seconds between attempts) for one Task state."""
    scheduled, waits, last_failure = [], [], None
    for event in run.history:
        if event.get("state") != state:
            continue
        if event["type"].endswith("Scheduled"):
            if scheduled:
                since = last_failure if last_failure is not None else scheduled[-1]
                waits.append((event["timestamp"] - since).total_seconds())
            scheduled.append(event["timestamp"])
            last_failure = None
        elif event["type"] in FAILURES:
            last_failure = event["timestamp"]
    return len(scheduled), waits


# -------------------------------------------------------------------- backoff


@pytest.mark.parametrize(
    "retrier, errors, waits",
    [
        ({}, 3, [1, 2, 4]),  # defaults: 1 s, rate 2.0, 3 retries
        ({"IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 2}, 2, [3, 4.5]),  # AWS's own example
        ({"IntervalSeconds": 2, "BackoffRate": 1.0, "MaxAttempts": 4}, 4, [2, 2, 2, 2]),
        ({"IntervalSeconds": 1, "BackoffRate": 3, "MaxAttempts": 3}, 3, [1, 3, 9]),
        ({"IntervalSeconds": 1, "BackoffRate": 2.5, "MaxAttempts": 3}, 3, [1, 2.5, 6.25]),
        ({"IntervalSeconds": 2, "BackoffRate": 2, "MaxAttempts": 5, "MaxDelaySeconds": 5}, 5, [2, 4, 5, 5, 5]),
        ({"IntervalSeconds": 10, "MaxAttempts": 2, "MaxDelaySeconds": 3}, 2, [3, 3]),
    ],
    ids=["defaults", "aws-example-3s-4.5s", "rate-1", "rate-3", "rate-2.5", "max-delay-cap", "cap-below-interval"],
)
def test_backoff_waits_follow_interval_times_rate_power(retrier, errors, waits):
    run = execute(task_machine(retry=[{"ErrorEquals": ["Boom"], **retrier}]), {"x": 1},
                  mocks=throws(*["Boom"] * errors, then="ok"))
    assert run.status == "SUCCEEDED", run.cause
    attempts, got = attempts_and_waits(run)
    assert attempts == errors + 1
    assert got == pytest.approx(waits, abs=0.002)
    assert run.duration == pytest.approx(sum(waits), abs=0.002)


def test_retrier_delay_math():
    r = Retrier(("X",), interval_seconds=3, max_attempts=5, backoff_rate=1.5, max_delay_seconds=6)
    assert [r.delay(n, random.Random(0)) for n in (1, 2, 3, 4)] == pytest.approx([3, 4.5, 6, 6])


def test_exhausting_default_retries_fails_with_the_task_error():
    run = execute(task_machine(retry=[{"ErrorEquals": ["Lambda.ServiceException"]}]), {},
                  mocks={"T": {"0-3": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "Service unavailable"}}}})
    assert (run.status, run.error, run.cause) == ("FAILED", "Lambda.ServiceException", "Service unavailable")
    assert attempts_and_waits(run) == (4, [1, 2, 4])


def test_max_attempts_zero_never_retries():
    run = execute(task_machine(retry=[{"ErrorEquals": ["Boom"], "MaxAttempts": 0}]), {},
                  mocks=throws("Boom", then="ok"))
    assert (run.status, run.error) == ("FAILED", "Boom")
    assert attempts_and_waits(run) == (1, [])


def test_max_attempts_zero_does_not_fall_through_to_a_later_retrier():
    retry = [{"ErrorEquals": ["Boom"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]
    run = execute(task_machine(retry=retry), {}, mocks=throws("Boom", then="ok"))
    assert (run.status, run.error) == ("FAILED", "Boom")
    assert attempts_and_waits(run)[0] == 1


# -------------------------------------------------------------------- jitter


def jitter_run(seed):
    retrier = {"ErrorEquals": ["Boom"], "IntervalSeconds": 4, "BackoffRate": 2, "MaxAttempts": 4,
               "MaxDelaySeconds": 10, "JitterStrategy": "FULL"}
    return execute(task_machine(retry=[retrier]), {}, mocks=throws("Boom", "Boom", "Boom", "Boom", then="ok"),
                   seed=seed)


def test_full_jitter_waits_stay_within_zero_and_the_capped_delay():
    caps = [4, 8, 10, 10]
    for seed in range(20):
        attempts, waits = attempts_and_waits(jitter_run(seed))
        assert attempts == 5
        for wait, cap in zip(waits, caps, strict=True):
            assert -0.002 <= wait <= cap + 0.002


def test_full_jitter_actually_varies():
    waits = [w for seed in range(20) for w in attempts_and_waits(jitter_run(seed))[1]]
    assert len({round(w, 6) for w in waits}) > 10


def test_full_jitter_repeats_with_the_same_seed():
    assert attempts_and_waits(jitter_run(7)) == attempts_and_waits(jitter_run(7))
    assert attempts_and_waits(jitter_run(7))[1] != attempts_and_waits(jitter_run(8))[1]


def test_jitter_none_is_the_plain_delay():
    retrier = {"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "MaxAttempts": 2, "JitterStrategy": "NONE"}
    run = execute(task_machine(retry=[retrier]), {}, mocks=throws("Boom", "Boom", then="ok"), seed=3)
    assert attempts_and_waits(run)[1] == pytest.approx([2, 4])


# -------------------------------------------------------------------- which retrier decides


def test_complex_retry_scenario_counters_are_per_retrier():
    # AWS "Complex retry scenarios": ErrorA, ErrorB, ErrorC, ErrorB -> waits 1 s, 2 s, 5 s, then the catcher.
    retry = [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 2},
             {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}]
    catch = [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]
    run = execute(task_machine(retry=retry, catch=catch), {"in": 1},
                  mocks=throws("ErrorA", "ErrorB", "ErrorC", "ErrorB", then="never"))
    assert run.status == "SUCCEEDED"
    assert run.output == {"Error": "ErrorB", "Cause": "cause 3"}
    assert attempts_and_waits(run) == (4, [1, 2, 5])
    assert run.last_state == "Caught"


def test_first_matching_retrier_decides_and_an_exhausted_one_does_not_fall_through():
    retry = [{"ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1},
             {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 7}]
    run = execute(task_machine(retry=retry), {}, mocks=throws("Boom", "Boom", "Boom", then="ok"))
    assert (run.status, run.error) == ("FAILED", "Boom")
    assert attempts_and_waits(run) == (2, [1])


def test_later_retrier_used_when_the_first_does_not_match():
    retry = [{"ErrorEquals": ["Other"], "IntervalSeconds": 9},
             {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 1}]
    run = execute(task_machine(retry=retry), {}, mocks=throws("Boom", then="ok"))
    assert run.output == "ok"
    assert attempts_and_waits(run) == (2, [3])


def test_counters_restart_when_the_state_is_entered_again():
    # A loop enters T twice; each entry may retry once (MaxAttempts 1).
    machine = task_machine(retry=[{"ErrorEquals": ["Boom"], "MaxAttempts": 1}])
    machine["States"]["T"].pop("End")
    machine["States"]["T"]["ResultPath"] = "$.r"
    machine["States"]["T"]["Next"] = "Again"
    machine["States"]["Again"] = {"Type": "Choice", "Choices": [{"Variable": "$.r", "StringEquals": "first",
                                                                  "Next": "T"}], "Default": "Done"}
    machine["States"]["Done"] = {"Type": "Succeed"}
    mocks = {"T": {"0": {"Throw": {"Error": "Boom"}}, "1": {"Return": "first"}, "2": {"Throw": {"Error": "Boom"}},
                   "3": {"Return": "second"}}}
    run = execute(machine, {}, mocks=mocks)
    assert run.status == "SUCCEEDED", run.cause
    assert run.output == {"r": "second"}
    assert attempts_and_waits(run)[0] == 4


def test_retry_transitions_are_counted():
    # facts.md §B.11: each retry is billed as a state transition.
    run = execute(task_machine(retry=[{"ErrorEquals": ["Boom"]}]), {}, mocks=throws("Boom", "Boom", then="ok"))
    assert run.transitions == 1 + 2


# -------------------------------------------------------------------- error matching


@pytest.mark.parametrize(
    "names, error, expected",
    [
        (("States.ALL",), "Custom.Error", True),
        (("States.ALL",), "States.Timeout", True),
        (("States.ALL",), "States.Runtime", False),
        (("States.ALL",), "States.DataLimitExceeded", False),
        (("States.DataLimitExceeded",), "States.DataLimitExceeded", True),
        (("States.TaskFailed",), "Lambda.Unknown", True),
        (("States.TaskFailed",), "States.Timeout", False),
        (("States.TaskFailed",), "States.Runtime", False),
        (("States.Timeout",), "States.Timeout", True),
        (("Custom.Error",), "custom.error", False),
        (("A", "B"), "B", True),
        (("A",), "B", False),
        (("States.Runtime",), "States.Runtime", False),
    ],
    ids=["all-custom", "all-timeout", "all-not-runtime", "all-not-data-limit", "data-limit-by-name", "taskfailed-any",
         "taskfailed-not-timeout", "taskfailed-not-runtime", "exact", "case-sensitive", "list", "no-match",
         "runtime-never"],
)
def test_error_matches(names, error, expected):
    assert error_matches(names, error) is expected


@pytest.mark.parametrize("names", [("States.ALL",), ("States.TaskFailed",)])
def test_a_task_reported_data_limit_error_matches_states_all(names):
    assert error_matches(names, "States.DataLimitExceeded", task_error=True)
    assert not error_matches(names, "States.Runtime", task_error=True)


def test_terminal_errors_are_runtime_and_data_limit():
    assert TERMINAL_ERRORS == {"States.Runtime", "States.DataLimitExceeded"}


def test_find_retrier_and_catcher_scan_in_order():
    retriers = (Retrier(("A",)), Retrier(("B", "A")), Retrier(("States.ALL",)))
    assert find_retrier(retriers, "A") == 0
    assert find_retrier(retriers, "B") == 1
    assert find_retrier(retriers, "C") == 2
    assert find_retrier((Retrier(("A",)),), "C") is None
    catchers = (Catcher(("A",), "X"), Catcher(("States.ALL",), "Y"))
    assert find_catcher(catchers, "A").next == "X"
    assert find_catcher(catchers, "Z").next == "Y"
    assert find_catcher(catchers, "States.Runtime") is None


def test_retrier_defaults():
    r = Retrier.from_asl({"ErrorEquals": ["X"]})
    assert (r.interval_seconds, r.max_attempts, r.backoff_rate, r.max_delay_seconds, r.jitter_full) == (
        1, 3, 2.0, None, False)
    assert Catcher.from_asl({"ErrorEquals": ["X"], "Next": "N"}).result_path == "$"


def test_states_all_does_not_catch_states_runtime():
    # OutputPath that matches nothing is States.Runtime: neither retried nor caught.
    run = execute(task_machine(retry=[{"ErrorEquals": ["States.ALL"]}],
                               catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], OutputPath="$.missing"),
                  {}, mocks={"T": {"0": {"Return": {"a": 1}}}})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert attempts_and_waits(run) == (1, [])


def test_states_all_catches_a_tasks_oversized_result():
    # ../shared/tasks: AWS reported a Lambda result over 256 KiB as the task's failure
    # (TaskFailed, States.DataLimitExceeded), and a States.ALL retrier and catcher took it.
    big = "x" * (256 * 1024)
    run = execute(task_machine(retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                               catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]),
                  {}, mocks={"T": {"0": {"Return": big}}})
    assert run.status == "SUCCEEDED"
    assert run.output == {"Error": "States.DataLimitExceeded", "Cause": (
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.")}
    assert attempts_and_waits(run) == (2, [1])
    assert [e["type"] for e in run.history if e.get("state") == "T"][-2:] == ["TaskFailed", "TaskStateExited"]


def test_states_all_catches_a_mocked_data_limit_exceeded():
    run = execute(task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]), {},
                  mocks=throws("States.DataLimitExceeded"))
    assert run.status == "SUCCEEDED" and run.output["Error"] == "States.DataLimitExceeded"


def test_states_all_does_not_catch_a_states_oversized_output():
    # Only a task's own result is the task's failure; a state's output over the limit is terminal.
    big = "x" * (256 * 1024)
    run = execute(task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                               ResultSelector={"big": big}),
                  {}, mocks={"T": {"0": {"Return": {}}}})
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")


def test_states_task_failed_does_not_catch_a_timeout():
    catch = [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}]
    run = execute(task_machine(retry=[{"ErrorEquals": ["States.TaskFailed"]}], catch=catch), {},
                  mocks=throws("States.Timeout"))
    assert (run.status, run.error) == ("FAILED", "States.Timeout")
    assert attempts_and_waits(run)[0] == 1


def test_states_task_failed_catches_a_lambda_error():
    catch = [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}]
    run = execute(task_machine(catch=catch), {}, mocks=throws("Lambda.Unknown"))
    assert run.status == "SUCCEEDED"
    assert run.output["Error"] == "Lambda.Unknown"


def test_mocked_states_runtime_is_not_caught_by_states_all():
    # ../shared/retry/README.md: moto lets States.ALL catch it; the documentation rules that out.
    run = execute(task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]), {},
                  mocks=throws("States.Runtime"))
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


# -------------------------------------------------------------------- catchers


RAW = {"order": {"id": 7}, "keep": True}


@pytest.mark.parametrize(
    "catcher, expected",
    [
        ({}, {"Error": "Boom", "Cause": "cause 0"}),
        ({"ResultPath": "$"}, {"Error": "Boom", "Cause": "cause 0"}),
        ({"ResultPath": "$.err"}, {**RAW, "err": {"Error": "Boom", "Cause": "cause 0"}}),
        ({"ResultPath": "$.order.err"}, {"order": {"id": 7, "err": {"Error": "Boom", "Cause": "cause 0"}},
                                         "keep": True}),
        ({"ResultPath": None}, RAW),
    ],
    ids=["default-replaces", "dollar", "into-raw-input", "nested", "null-discards"],
)
def test_catcher_result_path(catcher, expected):
    # InputPath narrows the task's input, but the catcher works on the state's raw input.
    machine = task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught", **catcher}], InputPath="$.order")
    run = execute(machine, RAW, mocks=throws("Boom"))
    assert run.status == "SUCCEEDED"
    assert run.output == expected


def test_error_output_without_a_cause_has_only_error():
    machine = task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}])
    run = execute(machine, {}, mocks={"T": {"0": {"Throw": {"Error": "Boom"}}}})
    assert run.output["Error"] == "Boom"
    assert run.output.get("Cause") in (None, "")


def test_first_matching_catcher_wins():
    catch = [{"ErrorEquals": ["Other"], "Next": "A"}, {"ErrorEquals": ["Boom"], "Next": "B"},
             {"ErrorEquals": ["States.ALL"], "Next": "C"}]
    run = execute(task_machine(catch=catch), {}, mocks=throws("Boom"))
    assert run.last_state == "B"


def test_retry_runs_before_catch():
    run = execute(task_machine(retry=[{"ErrorEquals": ["Boom"], "MaxAttempts": 2}],
                               catch=[{"ErrorEquals": ["Boom"], "Next": "Caught"}]), {},
                  mocks=throws("Boom", "Boom", "Boom"))
    assert run.last_state == "Caught"
    assert run.output == {"Error": "Boom", "Cause": "cause 2"}
    assert attempts_and_waits(run) == (3, [1, 2])


def test_a_caught_state_exits_with_the_catchers_output():
    # AWS's recorded histories: TaskFailed, then TaskStateExited holding the catcher's
    # output, then the catcher's Next is entered (so later event ids count it).
    run = execute(task_machine(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught", "ResultPath": "$.e"}]),
                  {"in": 1}, mocks=throws("Boom"))
    types = [e["type"] for e in run.history]
    assert types[types.index("TaskFailed"):types.index("PassStateEntered") + 1] == [
        "TaskFailed", "TaskStateExited", "PassStateEntered"]
    exited = next(e for e in run.history if e["type"] == "TaskStateExited")
    assert exited["stateExitedEventDetails"]["output"] == {"in": 1, "e": {"Error": "Boom", "Cause": "cause 0"}}


def test_catch_on_a_parallel_state():
    machine = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "End": True, "Catch": [{"ErrorEquals": ["Custom.Boom"], "Next": "H",
                                                              "ResultPath": "$.err"}],
                  "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Custom.Boom",
                                                                  "Cause": "no"}}}]},
            "H": {"Type": "Pass", "End": True},
        },
    }
    run = execute(machine, {"a": 1})
    assert run.output == {"a": 1, "err": {"Error": "Custom.Boom", "Cause": "no"}}


def test_retry_on_a_map_state_reruns_its_iterations():
    machine = {
        "StartAt": "M",
        "States": {
            "M": {"Type": "Map", "End": True, "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1}],
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": LAMBDA,
                                                                     "End": True}}}},
        },
    }
    run = execute(machine, [1], mocks={"T": {"0": {"Throw": {"Error": "Boom"}}, "1": {"Return": "ok"}}})
    assert run.output == ["ok"]
    assert attempts_and_waits(run) == (2, [1])
