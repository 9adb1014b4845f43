"""engine.cli: `python -m engine run|validate|graph|test-state` as a user drives it.

The contract (README, "The engine"): exit 0 when the execution succeeded or the
definition is valid, 1 when the execution FAILED or TIMED_OUT, 2 for an invalid
definition, unparsable text, bad --input or a missing file, with the problem named;
never a Python traceback.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

REPO = Path(__file__).resolve().parents[2]
LAMBDA = "arn:aws:states:::lambda:invoke"

PASS_MACHINE = {"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Parameters": {"hello.$": "$.name"},
                                                         "End": True}}}

# A Choice whose targets are named Yes and No: YAML 1.1 would read them as booleans.
YAML_MACHINE = """\
Comment: approve big orders
StartAt: Check
States:
  Check:
    Type: Choice
    Choices:
      - Variable: $.amount
        NumericGreaterThan: 100
        Next: Yes
    Default: No
  Yes:
    Type: Pass
    Result: approved
    End: true
  No:
    Type: Pass
    Result: rejected
    End: true
"""

TASK_MACHINE = {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": LAMBDA,
                                                           "Parameters": {"amount.$": "$.amount"}, "End": True}}}


def cli(*args, stdin=None):
    """Run `python -m engine ARGS` from the repository root, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "engine", *map(str, args)], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def report(stdout):
    """The JSON report `run` prints last (after any history lines)."""
    start = stdout.index("\n{") + 1 if not stdout.startswith("{") else 0
    return json.loads(stdout[start:])


# -------------------------------------------------------------------- run (subprocess)


def test_run_with_inline_input_succeeds_and_prints_the_output(tmp_path):
    proc = cli("run", write(tmp_path, "m.asl.json", PASS_MACHINE), "--input", '{"name": "Ada"}')
    assert proc.returncode == 0
    out = report(proc.stdout)
    assert out["status"] == "SUCCEEDED"
    assert out["output"] == {"hello": "Ada"}
    assert out["transitions"] == 1


def test_run_with_input_from_a_file(tmp_path):
    data = write(tmp_path, "input.json", {"name": "Grace"})
    proc = cli("run", write(tmp_path, "m.asl.json", PASS_MACHINE), "--input", f"@{data}")
    assert proc.returncode == 0
    assert report(proc.stdout)["output"] == {"hello": "Grace"}


@pytest.mark.parametrize("amount, expected", [(500, "approved"), (5, "rejected")])
def test_run_a_yaml_definition_whose_states_are_named_yes_and_no(tmp_path, amount, expected):
    proc = cli("run", write(tmp_path, "m.asl.yaml", YAML_MACHINE), "--input", json.dumps({"amount": amount}))
    assert proc.returncode == 0, proc.stderr
    assert report(proc.stdout)["output"] == expected


def test_run_history_lists_the_events_in_order_before_the_report(tmp_path):
    proc = cli("run", write(tmp_path, "m.asl.yaml", YAML_MACHINE), "--input", '{"amount": 1}', "--history")
    assert proc.returncode == 0
    lines = proc.stdout[: proc.stdout.index("\n{")].splitlines()
    # ExecutionStarted, ChoiceStateEntered/Exited, PassStateEntered/Exited, ExecutionSucceeded
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4", "5", "6"]
    kinds = [line.split()[2] for line in lines]
    assert kinds == ["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited",
                     "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert "[No]" in lines[3] and "[Check]" in lines[1]
    assert report(proc.stdout)["output"] == "rejected"


def test_run_failed_execution_exits_1_with_error_and_cause(tmp_path):
    machine = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "too big"}}}
    proc = cli("run", write(tmp_path, "fail.json", machine))
    assert proc.returncode == 1
    out = report(proc.stdout)
    assert (out["status"], out["error"], out["cause"]) == ("FAILED", "Order.Rejected", "too big")
    assert "output" not in out


def test_run_with_a_mocked_response_file(tmp_path):
    mocks = write(tmp_path, "mocks.json", {"Charge": {"0": {"Return": {"StatusCode": 200, "Payload": "paid"}}}})
    proc = cli("run", write(tmp_path, "m.json", TASK_MACHINE), "--input", '{"amount": 3}', "--mocks", mocks)
    assert proc.returncode == 0
    assert report(proc.stdout)["output"] == {"StatusCode": 200, "Payload": "paid"}


def test_run_with_a_mock_config_file_and_a_test_case(tmp_path):
    config = {
        "StateMachines": {"Shop": {"TestCases": {"Happy": {"Charge": "Paid"}, "Declined": {"Charge": "NoFunds"}}}},
        "MockedResponses": {
            "Paid": {"0": {"Return": {"Payload": {"ok": True}}}},
            "NoFunds": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "insufficient funds"}}},
        },
    }
    definition, mocks = write(tmp_path, "m.json", TASK_MACHINE), write(tmp_path, "MockConfigFile.json", config)
    happy = cli("run", definition, "--input", '{"amount": 3}', "--mocks", mocks, "--test-case", "Happy")
    assert happy.returncode == 0
    assert report(happy.stdout)["output"] == {"Payload": {"ok": True}}
    declined = cli("run", definition, "--input", '{"amount": 3}', "--mocks", mocks, "--test-case", "Declined")
    assert declined.returncode == 1
    assert report(declined.stdout)["error"] == "Card.Declined"
    assert report(declined.stdout)["cause"] == "insufficient funds"


def test_run_express_past_five_minutes_times_out(tmp_path):
    machine = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 301, "End": True}}}
    path = write(tmp_path, "wait.json", machine)
    proc = cli("run", path, "--type", "express")
    assert proc.returncode == 1
    assert report(proc.stdout)["status"] == "TIMED_OUT"
    assert cli("run", path).returncode == 0  # a Standard workflow may wait that long


# -------------------------------------------------------------------- validate and graph (subprocess)


def test_validate_a_valid_definition(tmp_path):
    path = write(tmp_path, "ok.asl.yaml", YAML_MACHINE)
    proc = cli("validate", path)
    assert proc.returncode == 0
    assert "valid" in proc.stdout
    assert "error" not in proc.stderr


def test_validate_lists_every_problem_with_its_json_pointer(tmp_path):
    broken = {"StartAt": "Missing",
              "States": {"A": {"Type": "Pass", "Next": "Nowhere"}, "B": {"Type": "Teleport", "End": True}}}
    proc = cli("validate", write(tmp_path, "broken.json", broken))
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    pointers = {line.split()[1].rstrip(":") for line in errors}
    assert {"/StartAt", "/States/A/Next", "/States/B/Type"} <= pointers
    assert "Nowhere" in proc.stderr and "Teleport" in proc.stderr


def test_graph_prints_dot_naming_every_state(tmp_path):
    proc = cli("graph", write(tmp_path, "m.yaml", YAML_MACHINE))
    assert proc.returncode == 0
    dot = proc.stdout
    assert dot.lstrip().startswith("digraph")
    assert dot.rstrip().endswith("}")
    for state in ("Check", "Yes", "No"):
        assert state in dot
    assert "->" in dot


# -------------------------------------------------------------------- exit 2 and no traceback (subprocess)


def test_unparsable_json_definition_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.json", '{\n  "StartAt": "A",\n  "States": {,}\n}\n')
    proc = cli("run", path)
    assert proc.returncode == 2
    assert "line 3" in proc.stderr and "column" in proc.stderr


def test_unparsable_yaml_definition_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.yaml", "StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: [true\n")
    proc = cli("validate", path)
    assert proc.returncode == 2
    assert "line" in proc.stderr and "column" in proc.stderr


def test_missing_definition_file_exits_2(tmp_path):
    proc = cli("run", tmp_path / "nope.json")
    assert proc.returncode == 2
    assert "nope.json" in proc.stderr


def test_a_definition_file_that_is_not_utf8_exits_2_without_a_traceback(tmp_path):
    path = write(tmp_path, "latin1.json", b'{"StartAt": "\xff"}')
    proc = cli("validate", path)
    assert proc.returncode == 2
    assert "error" in proc.stderr


# -------------------------------------------------------------------- main() in process


def test_main_run_reports_duration_on_the_virtual_clock(tmp_path, capsys):
    machine = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": True}}}
    assert main(["run", str(write(tmp_path, "w.json", machine))]) == 0
    out = report(capsys.readouterr().out)
    assert out["durationSeconds"] == 86400
    assert out["output"] == {}  # no --input: the execution input is {}


@pytest.mark.parametrize("bad_input", ['{"a": 1', "", "   ", "NaN", "not json"],
                         ids=["unclosed", "empty", "blank", "nan", "word"])
def test_main_bad_input_exits_2(tmp_path, capsys, bad_input):
    assert main(["run", str(write(tmp_path, "m.json", PASS_MACHINE)), "--input", bad_input]) == 2
    err = capsys.readouterr().err
    assert "input" in err.lower()


def test_main_bad_input_names_line_and_column(tmp_path, capsys):
    assert main(["run", str(write(tmp_path, "m.json", PASS_MACHINE)), "--input", '{\n"a": }']) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "column" in err


def test_main_missing_input_file_exits_2(tmp_path, capsys):
    code = main(["run", str(write(tmp_path, "m.json", PASS_MACHINE)), "--input", f"@{tmp_path / 'gone.json'}"])
    assert code == 2
    assert "gone.json" in capsys.readouterr().err


def test_main_missing_mocks_file_exits_2(tmp_path, capsys):
    code = main(["run", str(write(tmp_path, "m.json", TASK_MACHINE)), "--mocks", str(tmp_path / "mocks.json")])
    assert code == 2
    assert "mocks.json" in capsys.readouterr().err


def test_main_mocks_naming_an_unknown_state_exit_2(tmp_path, capsys):
    mocks = write(tmp_path, "mocks.json", {"Chrage": {"0": {"Return": 1}}})
    assert main(["run", str(write(tmp_path, "m.json", TASK_MACHINE)), "--mocks", str(mocks)]) == 2
    assert "Chrage" in capsys.readouterr().err


def test_main_run_of_an_invalid_definition_exits_2_naming_the_place(tmp_path, capsys):
    broken = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}
    assert main(["run", str(write(tmp_path, "m.json", broken))]) == 2
    err = capsys.readouterr().err
    assert "/States/A/Next" in err


def test_main_definition_that_is_not_an_object_exits_2(tmp_path, capsys):
    assert main(["validate", str(write(tmp_path, "list.json", "[1, 2]"))]) == 2
    assert "object" in capsys.readouterr().err


def test_main_mock_all_tasks_gives_a_lambda_shaped_result(tmp_path, capsys):
    path = str(write(tmp_path, "m.json", TASK_MACHINE))
    assert main(["run", path, "--input", '{"amount": 3}']) == 0
    assert report(capsys.readouterr().out)["output"] == {"amount": 3}  # unmocked: the task's effective input
    assert main(["run", path, "--input", '{"amount": 3}', "--mock-all-tasks"]) == 0
    output = report(capsys.readouterr().out)["output"]
    assert output["StatusCode"] == 200
    assert "Payload" in output


def test_main_validate_express_refuses_callback_tasks(tmp_path, capsys):
    machine = {"StartAt": "W", "States": {"W": {"Type": "Task", "TimeoutSeconds": 60, "End": True,
                                                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                                "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}}}}
    path = str(write(tmp_path, "cb.json", machine))
    assert main(["validate", path]) == 0
    capsys.readouterr()
    assert main(["validate", path, "--type", "express"]) == 2
    assert "/States/W/Resource" in capsys.readouterr().err


def test_main_run_express_refuses_callback_tasks(tmp_path, capsys):
    machine = {"StartAt": "W", "States": {"W": {"Type": "Task", "TimeoutSeconds": 60, "End": True,
                                                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                                "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}}}}
    assert main(["run", str(write(tmp_path, "cb.json", machine)), "--type", "EXPRESS"]) == 2


def test_main_run_reads_the_definition_from_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(YAML_MACHINE))
    assert main(["run", "-", "--input", '{"amount": 101}']) == 0
    assert report(capsys.readouterr().out)["output"] == "approved"


def test_main_seed_makes_random_output_repeat(tmp_path, capsys):
    machine = {"StartAt": "R", "States": {"R": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"},
                                                "End": True}}}
    path = str(write(tmp_path, "r.json", machine))
    ids = []
    for seed in ("1", "1", "2"):
        assert main(["run", path, "--seed", seed]) == 0
        ids.append(report(capsys.readouterr().out)["output"]["id"])
    assert ids[0] == ids[1] != ids[2]


def test_main_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["explode", "x.json"])
    assert info.value.code == 2


# -------------------------------------------------------------------- test-state


def save(tmp_path, name, value):
    path = tmp_path / name
    path.write_text(json.dumps(value) if not isinstance(value, str) else value, encoding="utf-8")
    return str(path)


def test_test_state_prints_the_response_with_every_stage(tmp_path, capsys):
    state = save(tmp_path, "s.json", {"Type": "Pass", "InputPath": "$.a", "ResultPath": "$.r", "Next": "N"})
    assert main(["test-state", state, "--input", '{"a": {"x": 1}}', "--level", "debug"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "SUCCEEDED" and report["nextState"] == "N"
    assert report["output"] == {"a": {"x": 1}, "r": {"x": 1}}
    assert report["inspectionData"]["afterInputPath"] == {"x": 1}


def test_test_state_picks_a_state_in_a_machine_and_takes_a_mock_file(tmp_path, capsys):
    machine = save(tmp_path, "m.json", {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["Boom"]}], "End": True}}})
    mock = save(tmp_path, "mock.json", {"errorOutput": {"error": "Boom", "cause": "busy"}})
    assert main(["test-state", machine, "--state", "T", "--mock", "@" + mock, "--level", "TRACE"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["status"], report["error"]) == ("RETRIABLE", "Boom")
    assert report["inspectionData"]["errorDetails"] == {"retryIndex": 0, "retryBackoffIntervalSeconds": 1}


def test_test_state_exits_0_when_the_error_is_caught(tmp_path, capsys):
    state = save(tmp_path, "s.json", {"Type": "Task", "Resource": LAMBDA, "End": True,
                                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]})
    assert main(["test-state", state, "--mock", '{"errorOutput": {"error": "E", "cause": "c"}}']) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "CAUGHT_ERROR"


def test_test_state_a_failed_state_exits_1(tmp_path, capsys):
    state = save(tmp_path, "s.json", {"Type": "Fail", "Error": "E", "Cause": "c"})
    assert main(["test-state", state]) == 1
    assert json.loads(capsys.readouterr().out) == {"status": "FAILED", "error": "E", "cause": "c"}


@pytest.mark.parametrize(
    "state, extra, words",
    [({"Type": "Pass", "End": True}, ["--mock", '{"result": "{}"}'],
      "ValidationException: State type 'Pass' is not supported when a mock is specified"),
     ({"Type": "Task", "Resource": LAMBDA, "End": True}, [], "RoleArn must be specified when testing a Task state"),
     ({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, ["--state", "B"], "State not found in definition"),
     ({"Type": "Parallel", "Branches": [], "End": True}, ["--mock", '{"result": []}'], "Value cannot be empty")],
    ids=["mock-refused", "no-role", "no-such-state", "invalid-definition"],
)
def test_test_state_refusals_exit_2_with_aws_words(tmp_path, capsys, state, extra, words):
    assert main(["test-state", save(tmp_path, "s.json", state), *extra]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_test_state_bad_mock_text_exits_2(tmp_path, capsys):
    state = save(tmp_path, "s.json", {"Type": "Task", "Resource": LAMBDA, "End": True})
    assert main(["test-state", state, "--mock", "{not json"]) == 2
    assert "not valid JSON" in capsys.readouterr().err


# -------------------------------------------------------------------- example workflow files

WORKFLOWS = REPO / "content" / "workflows"
CREDIT = WORKFLOWS / "credit-check.yaml"


def test_run_a_workflow_file_scenario_by_slug_and_by_name():
    by_slug = cli("run", CREDIT, "--scenario", "approval-function-throttled")
    assert by_slug.returncode == 1, by_slug.stderr
    out = report(by_slug.stdout)
    assert out["scenario"] == "Approval function throttled"
    assert (out["status"], out["lastState"], out["error"]) == (
        "FAILED", "AutoApprove", "Lambda.TooManyRequestsException")
    by_name = cli("run", CREDIT, "--scenario", "Strong applicant (score 780)")
    assert by_name.returncode == 0, by_name.stderr
    assert report(by_name.stdout)["lastState"] == "AutoApprove"


def test_run_mocks_as_json_text_override_the_scenario_s_mocks():
    mocks = '{"ManualReview": {"0": {"Return": {"Payload": {"queued": true}}}}}'
    proc = cli("run", CREDIT, "--scenario", "weak-applicant-score-640", "--mocks", mocks)
    assert proc.returncode == 0, proc.stderr
    out = report(proc.stdout)
    assert (out["lastState"], out["output"]) == ("ManualReview", {"queued": True})


def test_run_mocks_from_an_at_file_as_input_takes_them(tmp_path):
    mocks = write(tmp_path, "m.json", {"Charge": {"0": {"Return": {"Payload": "paid"}}}})
    proc = cli("run", write(tmp_path, "t.json", TASK_MACHINE), "--input", '{"amount": 3}',
               "--mocks", f"@{mocks}")
    assert proc.returncode == 0, proc.stderr
    assert report(proc.stdout)["output"] == {"Payload": "paid"}


def test_run_input_overrides_the_scenario_s_input():
    proc = cli("run", CREDIT, "--scenario", "strong-applicant-score-780",
               "--input", '{"creditScore": 10}')
    assert proc.returncode == 0, proc.stderr
    assert report(proc.stdout)["lastState"] == "ManualReview"


def test_the_summary_names_the_last_state(tmp_path):
    proc = cli("run", write(tmp_path, "m.yaml", YAML_MACHINE), "--input", '{"amount": 1}')
    assert report(proc.stdout)["lastState"] == "No"


def test_run_a_workflow_file_without_a_scenario_uses_its_definition_and_lists_the_scenarios():
    proc = cli("run", CREDIT, "--input", '{"creditScore": 800}')
    assert proc.returncode == 0, proc.stderr
    assert report(proc.stdout)["lastState"] == "AutoApprove"
    assert "unknown top-level field" not in proc.stderr


def test_run_takes_the_workflow_file_s_type(tmp_path):
    workflow = {"id": "w", "type": "EXPRESS", "definition": {
        "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 301, "End": True}}}}
    path = write(tmp_path, "w.yaml", workflow)
    assert report(cli("run", path).stdout)["status"] == "TIMED_OUT"  # Express: 5 minutes at most
    assert report(cli("run", path, "--type", "standard").stdout)["status"] == "SUCCEEDED"


def test_an_unknown_scenario_is_exit_2_listing_the_file_s_scenarios():
    proc = cli("run", CREDIT, "--scenario", "nope")
    assert proc.returncode == 2
    assert "no scenario 'nope'" in proc.stderr and "approval-function-throttled" in proc.stderr
    assert proc.stdout == ""


def test_a_scenario_needs_a_workflow_file(tmp_path):
    proc = cli("run", write(tmp_path, "m.yaml", YAML_MACHINE), "--scenario", "any")
    assert proc.returncode == 2
    assert "--scenario needs an example workflow file" in proc.stderr


def test_graph_draws_a_workflow_file_s_definition():
    proc = cli("graph", CREDIT)
    assert proc.returncode == 0, proc.stderr
    for state in ("CheckCreditScore", "AutoApprove", "ManualReview"):
        assert state in proc.stdout


@pytest.mark.parametrize("content", [{"questions": []}, {"id": "w", "definition": "not a map"},
                                     {"Comment": "no states"}, {"StartAt": "A", "States": {}}],
                         ids=["quiz-file", "definition-not-a-mapping", "no-states", "empty-states"])
def test_graph_of_a_file_with_no_definition_is_exit_2_never_an_empty_graph(tmp_path, content):
    proc = cli("graph", write(tmp_path, "x.yaml", content))
    assert proc.returncode == 2
    assert "holds no state machine definition" in proc.stderr
    assert "digraph" not in proc.stdout


def _scenario_cases():
    from engine.scenarios import scenarios
    from engine.yaml12 import parse_yaml

    for path in sorted(WORKFLOWS.glob("*.yaml")):
        workflow = parse_yaml(path.read_text(encoding="utf-8"))
        for s in scenarios(workflow):
            if s.expect:
                yield pytest.param(path, s, id=f"{path.stem}/{s.slug}")


@pytest.mark.parametrize("path, scenario", list(_scenario_cases()))
def test_every_example_scenario_runs_from_the_command_line_as_the_app_expects(path, scenario, capsys):
    code = main(["run", str(path), "--scenario", scenario.slug])
    out = report(capsys.readouterr().out)
    assert code == (0 if out["status"] == "SUCCEEDED" else 1)
    for key, field in (("status", "status"), ("last_state", "lastState"), ("error", "error")):
        if key in scenario.expect:
            assert out[field] == scenario.expect[key], (key, out)
