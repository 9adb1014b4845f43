"""engine.records: a run's compact event and step records, and Execution.history / .steps made from them."""

import gc
import threading
from datetime import datetime, timezone

from engine import execute, records

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
LOOP = {"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Add"}],
              "Default": "Done"},
    "Add": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
    "Done": {"Type": "Succeed"},
}}


def test_a_state_event_tuple_becomes_the_aws_shaped_event_numbered_by_its_place():
    log = [{"id": 1, "previous_id": 0, "type": "ExecutionStarted", "timestamp": START},
           ("PassStateEntered", START, "A", {"x": 1}),
           ("PassStateExited", START, "A", {"y": 2})]
    assert records.events(log) == [
        log[0],
        {"id": 2, "previous_id": 1, "type": "PassStateEntered", "timestamp": START, "state": "A",
         "stateEnteredEventDetails": {"name": "A", "input": {"x": 1}}},
        {"id": 3, "previous_id": 2, "type": "PassStateExited", "timestamp": START, "state": "A",
         "stateExitedEventDetails": {"name": "A", "output": {"y": 2}}},
    ]
    assert records.events(log)[0] is log[0]  # an event written as a dict passes through


def test_a_pass_or_choice_step_in_the_history_is_its_states_exited_event():
    later = datetime(2024, 1, 1, 0, 0, 5, tzinfo=timezone.utc)
    pass_step = ("A", "Pass", {"x": 1}, later, {"x": 1}, {"p": 1}, {"p": 1}, {"p": 1}, None, {"out": 1}, "B")
    choice_step = ("B", "Choice", {"out": 1}, START, {"out": 1}, "C", {"v": 1}, {"chosen": 2})
    exited = records.events([pass_step, choice_step])
    assert exited == [
        {"id": 1, "previous_id": 0, "type": "PassStateExited", "timestamp": later, "state": "A",
         "stateExitedEventDetails": {"name": "A", "output": {"out": 1}}},
        {"id": 2, "previous_id": 1, "type": "ChoiceStateExited", "timestamp": START, "state": "B",
         "stateExitedEventDetails": {"name": "B", "output": {"chosen": 2}}},
    ]
    assert records.steps([pass_step])[0]["output"] == {"out": 1}  # the same tuple is still a step


def test_a_recorded_run_and_one_without_steps_give_the_same_history():
    with_steps = execute(LOOP, {"n": 3}, start_time=START)
    without = execute(LOOP, {"n": 3}, start_time=START, record_steps=False)
    assert with_steps.history == without.history
    assert [e["type"] for e in with_steps.history].count("PassStateExited") == 4
    assert len(with_steps.steps) == 9 and without.steps == []


def test_any_other_event_tuple_gives_its_state_previous_id_and_details_only_when_it_has_them():
    log = [("ExecutionStarted", START, None, None, {"input": {}, "roleArn": "r"}),
           ("MapIterationStarted", START, "M", None, {"name": "M", "index": 0}),
           ("MapStateStarted", START, None, 1, {})]
    assert records.events(log) == [
        {"id": 1, "previous_id": 0, "type": "ExecutionStarted", "timestamp": START,
         "executionStartedEventDetails": {"input": {}, "roleArn": "r"}},
        {"id": 2, "previous_id": 1, "type": "MapIterationStarted", "timestamp": START, "state": "M",
         "mapIterationStartedEventDetails": {"name": "M", "index": 0}},
        {"id": 3, "previous_id": 1, "type": "MapStateStarted", "timestamp": START},
    ]


def test_pass_and_choice_step_tuples_keep_the_key_order_of_a_step_record():
    pass_step = records.steps([("A", "Pass", 1, START, 2, 3, 4, 5, {"v": 6}, 7, "B")])[0]
    assert list(pass_step) == ["name", "type", "input", "enteredTime", "afterInputPath", "afterParameters",
                               "result", "afterResultSelector", "afterResultPath", "variables", "output", "next"]
    assert pass_step["afterResultSelector"] == pass_step["result"] == 4 and pass_step["next"] == "B"
    choice_step = records.steps([("C", "Choice", 1, START, 2, "D", None, 3)])[0]
    assert choice_step == {"name": "C", "type": "Choice", "input": 1, "enteredTime": START, "afterInputPath": 2,
                           "choice": "D", "output": 3, "next": "D"}
    assert list(choice_step) == ["name", "type", "input", "enteredTime", "afterInputPath", "choice", "output", "next"]


def test_history_and_steps_read_as_dicts_and_the_same_lists_every_time():
    run = execute(LOOP, {"n": 3}, start_time=START)
    assert all(type(e) is dict for e in run.history) and all(type(s) is dict for s in run.steps)
    assert [e["id"] for e in run.history] == list(range(1, len(run.history) + 1))
    assert [e["previous_id"] for e in run.history][:3] == [0, 1, 2]
    assert run.history is run.history and run.steps is run.steps
    assert [s["name"] for s in run.steps][:4] == ["Init", "Check", "Add", "Check"]
    assert run.steps[2]["afterParameters"] == {"i": 1, "n": 3}
    assert run.history[-1]["type"] == "ExecutionSucceeded"


def test_two_runs_are_equal_exactly_when_what_they_give_is_equal():
    one, two = execute(LOOP, {"n": 3}, start_time=START), execute(LOOP, {"n": 3}, start_time=START)
    one.history  # one read, the other not: still equal
    assert one == two
    assert one != execute(LOOP, {"n": 4}, start_time=START)


def test_threads_reading_one_execution_at_once_all_get_whole_dict_histories():
    run = execute(LOOP, {"n": 300}, start_time=START)
    seen = []

    def read():
        history, steps = run.history, run.steps
        seen.append((all(type(e) is dict for e in history), len(history), all(type(s) is dict for s in steps)))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [(True, 1208, True)] * 8  # started, Init, 301 Checks, 300 Adds, Done, succeeded


def tracked_objects(*roots) -> int:
    """Objects the garbage collector tracks, reachable from roots (each counted once)."""
    seen, todo, count = set(), list(roots), 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or not gc.is_tracked(obj):
            continue
        seen.add(id(obj))
        count += 1
        todo.extend(gc.get_referents(obj))
    return count


def test_a_kept_run_holds_few_objects_for_the_collector_per_transition():
    run = execute(LOOP, {"n": 1000}, start_time=START)
    # Counted from the run's own records before they are read (no other thread's objects):
    # two dicts per event and a dict per step would be more than five per transition; an
    # entered event and a step that is also the exited event (plus a Pass's new output) are
    # two, where a separate exited event would make it three.
    kept = tracked_objects(run._events, run._steps)
    assert kept < 2.5 * run.transitions
    assert len(run.history) == 4008  # and reading them still gives every event
