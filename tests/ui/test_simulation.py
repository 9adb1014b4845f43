"""ui/simulation.py: what the Simulator runs, its address, and bad input never raising."""

from __future__ import annotations

import json

import pytest

from study import load_content
from ui import simulation as SIM

WORKFLOWS = load_content().workflows


def run(definition, value=None, mocks=None, kind="STANDARD"):
    return SIM.simulate(SIM.canonical(definition), SIM.canonical(value if value is not None else {}),
                        SIM.canonical(mocks or {}), kind)


def test_a_run_is_replayed_from_a_fixed_virtual_start():
    wf = WORKFLOWS["shipment-wait"]
    sim = run(wf["definition"], wf["inputs"][0]["input"])
    assert sim.ok and sim.execution.start_time == SIM.START
    assert sim.execution.duration == 8 * 3600  # 09:00 until the 17:00 dispatch
    assert sim.key[3] == "STANDARD"


def test_express_refuses_what_it_cannot_run_and_stops_at_five_minutes():
    refused = run(WORKFLOWS["express-refused"]["definition"], {"orderId": "o"}, kind="EXPRESS")
    errors = [p for p in refused.problems if p.severity == "error"]
    assert not refused.ok and len(errors) == 3
    words = " ".join(p.message for p in errors)
    assert ".sync" in words and ".waitForTaskToken" in words and "activit" in words.lower()
    assert {p.pointer for p in errors} == {f"/States/{s}/Resource" for s in ("PackOrder", "ManagerSignOff", "PrintLabel")}
    slow = run(WORKFLOWS["express-five-minutes"]["definition"], {"reportName": "r", "minutesToBuild": 8}, kind="EXPRESS")
    assert slow.execution.status == "TIMED_OUT" and slow.execution.duration == 300
    standard = run(WORKFLOWS["express-five-minutes"]["definition"], {"reportName": "r", "minutesToBuild": 8})
    assert standard.execution.status == "SUCCEEDED" and standard.execution.duration == 480


@pytest.mark.parametrize("definition, words", [
    ({"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": True}}}, "Nope"),
    ({"StartAt": "M", "States": {"M": {"Type": "Map", "End": True, "ItemsPath": "$.items",
                                       "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}, None),
])
def test_bad_definitions_and_huge_maps_are_results_never_exceptions(definition, words):
    sim = run(definition, {"items": list(range(100_000))})
    if words:
        assert not sim.ok and any(words in p.message for p in sim.problems)
    else:  # 100,000 items: the input is over 256 KiB, so the execution fails at once
        assert sim.ok and sim.execution.status == "FAILED"


def test_a_loop_that_never_ends_stops_at_the_event_limit():
    definition = {"StartAt": "Loop", "States": {
        "Loop": {"Type": "Pass", "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.done", "IsPresent": True, "Next": "End"}],
                  "Default": "Loop"},
        "End": {"Type": "Succeed"}}}
    sim = run(definition)
    assert sim.ok and sim.execution.status == "FAILED" and "25,000" in sim.execution.cause


def test_mocks_that_are_not_a_mock_config_entry_are_problems():
    wf = WORKFLOWS["credit-check"]
    sim = run(wf["definition"], {}, {"AutoApprove": {"zero": {"Return": 1}}})
    assert not sim.ok and sim.problems[0].pointer.startswith("/mocks/AutoApprove")
    sim = run(wf["definition"], {}, {"NoSuchState": {"0": {"Return": 1}}})
    assert not sim.ok and "NoSuchState" in sim.problems[0].message


def test_parse_input_names_line_and_column_and_the_size_limit():
    assert SIM.parse_input('{"a": 1}') == ({"a": 1}, None)
    value, problem = SIM.parse_input('{"a": 1,\n  b}')
    assert value is None and (problem.line, problem.column) == (2, 3)
    _, big = SIM.parse_input(json.dumps({"x": "y" * 300_000}))
    assert "256 KiB" in big.message


def test_parse_asl_lists_every_problem_with_its_place():
    definition, problems = SIM.parse_asl('{"StartAt": "A",\n "States": {]}')
    assert definition is None and problems[0].line == 2
    states = {f"S{i}": {"Type": "Task", "End": True} for i in range(20)}  # 20 Tasks with no Resource
    definition, problems = SIM.parse_asl(json.dumps({"StartAt": "S0", "States": states}))
    assert definition is None and len([p for p in problems if p.severity == "error"]) >= 20
    assert all(p.pointer.startswith("/States/S") for p in problems)
    _, problems = SIM.parse_asl("x" * (SIM.MAX_DEFINITION_BYTES + 1))
    assert "1 MB" in problems[0].message
    _, problems = SIM.parse_asl('{"StartAt": "A",\n "States": {\n  "A": {"Type": "Pass", "Next": "B"}}}')
    missing = next(p for p in problems if p.pointer == "/States/A/Next")
    assert (missing.line, missing.code) == (3, "MISSING_TRANSITION_TARGET")
    _, problems = SIM.parse_asl("StartAt: A\nStates:\n  A:\n    Type: Pas\n    End: true\n")
    assert (problems[0].pointer, problems[0].line) == ("/States/A/Type", 4)
    good, problems = SIM.parse_asl("StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n")
    assert good == {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}} and not problems
    wrapped, _ = SIM.parse_asl(json.dumps({"id": "x", "definition": good}))
    assert wrapped == good  # an example workflow file runs its definition


def test_pack_round_trips_and_damage_is_none():
    for value in ({"a": [1, "é"]}, "some ASL text\n"):
        packed = SIM.pack(value)
        assert packed and "=" not in packed
        assert SIM.unpack(packed, text=isinstance(value, str)) == value
    assert SIM.unpack("not packed!") is None
    import random
    rng = random.Random(0)
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20_000))
    assert SIM.pack(noise) is None  # too long for an address once compressed


def test_read_address_falls_back_with_a_message():
    a = SIM.read_address({"workflow": "nope"}, WORKFLOWS, "credit-check")
    assert a.workflow == "credit-check" and "nope" in a.messages[0]
    a = SIM.read_address({"workflow": "image-processing", "scenario": "nope", "step": "x", "type": "turbo"},
                         WORKFLOWS, "credit-check")
    assert a.scenario == "jpeg-upload" and a.step is None and a.type is None and len(a.messages) == 3
    a = SIM.read_address({"workflow": "image-processing", "scenario": "resize-keeps-failing-with-a-service-error",
                          "step": "end", "type": "express"}, WORKFLOWS, "credit-check")
    assert (a.scenario, a.step, a.type, a.messages) == ("resize-keeps-failing-with-a-service-error", "end", "EXPRESS", [])
    a = SIM.read_address({"source": "own", "asl": SIM.pack("StartAt: A")}, WORKFLOWS, "credit-check")
    assert a.source == "own" and a.asl == "StartAt: A"


def test_history_table_and_aws_history_shape():
    wf = WORKFLOWS["image-processing"]
    sim = run(wf["definition"], wf["inputs"][0]["input"])
    table = SIM.history_table(sim.execution)
    assert list(table.columns) == SIM.EVENT_COLUMNS and len(table) == len(sim.execution.history)
    assert table.loc[1, "type"] == "ExecutionStarted"
    aws = SIM.get_execution_history(sim.execution)
    first = aws["events"][0]
    assert set(first) >= {"timestamp", "type", "id", "previousEventId", "executionStartedEventDetails"}
    assert isinstance(first["executionStartedEventDetails"]["input"], str)  # JSON text, as AWS gives it
    assert json.loads(first["executionStartedEventDetails"]["input"]) == wf["inputs"][0]["input"]
