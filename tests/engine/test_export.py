"""engine.export: a SAM template that cfn-lint accepts and that deploys the same definition,
a MockConfigFile that replays each scenario, and TestState requests for its states."""

import functools
import json
from pathlib import Path

import pytest
import yaml
from cfnlint.api import REGION_PRIMARY, Runner, decode_str
from cfnlint.config import ConfigMixIn

from engine import InvalidDefinition, execute, validate
from engine.cli import main
from engine.export import (ExportError, definition_from_template, export, mock_config, sam_template, template,
                           case_name, requests_for_test_state)
from engine.scenarios import scenarios
from engine.teststate import test_state

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content" / "workflows").glob("*.yaml"))}
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:Charge"


def outcome(r):
    return r.status, r.output, r.error, r.cause, r.last_state


def machine(*states, **top):
    names = [n for n, _ in states]
    spec = {"StartAt": names[0], "States": {}, **top}
    for i, (name, state) in enumerate(states):
        spec["States"][name] = {**state, **({"Next": names[i + 1]} if i + 1 < len(states) else {"End": True})}
    return spec


def task(resource, **fields):
    return {"Type": "Task", "Resource": resource, **fields}


def statements(tpl):
    return tpl["Resources"]["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


def actions(tpl):
    return sorted(a for s in statements(tpl) for a in s["Action"])


# -------------------------------------------------------------------- every example workflow


@functools.lru_cache(maxsize=1)
def cfn_lint():
    """cfn-lint with its rules loaded once (loading them is most of a lint's time)."""
    return Runner(ConfigMixIn(regions=[REGION_PRIMARY]))


def lint(text):
    template, errors = decode_str(text)
    return errors or list(cfn_lint().validate_template(template))


def lint_errors(text):
    """cfn-lint's errors (not its warnings) for a template's text."""
    return [f"{m.rule.id} line {m.linenumber}: {m.message}" for m in lint(text) if m.rule.severity == "error"]


@pytest.mark.parametrize("wf_id", list(WORKFLOWS))
def test_every_example_workflow_exports_to_a_template_cfn_lint_accepts(wf_id):
    assert lint_errors(export(WORKFLOWS[wf_id], "sam")) == []


def test_cfn_lint_does_find_errors_in_a_broken_template():
    text = export(WORKFLOWS["order-retry"], "sam").replace("Type: STANDARD", "Type: FAST")
    assert any(e.startswith("E3030") for e in lint_errors(text))


@pytest.mark.parametrize("wf_id", list(WORKFLOWS))
def test_the_deployed_definition_is_the_workflow_and_runs_every_scenario_the_same(wf_id):
    wf = WORKFLOWS[wf_id]
    text = export(wf, "sam")
    deployed = definition_from_template(text)
    assert deployed == wf["definition"]
    assert [p for p in validate(deployed, workflow_type=wf.get("type", "STANDARD")) if p.severity == "error"] == []
    for s in scenarios(wf):
        kw = dict(mocks=s.mocks or None, workflow_type=wf.get("type", "STANDARD"))
        assert outcome(execute(deployed, s.input, **kw)) == outcome(execute(wf["definition"], s.input, **kw)), s.slug


@pytest.mark.parametrize("wf_id", list(WORKFLOWS))
def test_the_mock_config_file_replays_each_scenario(wf_id):
    wf = WORKFLOWS[wf_id]
    config = json.loads(export(wf, "mockconfig"))
    cases = config["StateMachines"][wf_id]["TestCases"]
    for s in scenarios(wf):
        case = case_name(s)
        assert set(cases[case].values()) <= set(config["MockedResponses"])
        kw = dict(workflow_type=wf.get("type", "STANDARD"))
        replayed = execute(wf["definition"], s.input, mocks=config, test_case=case, **kw)
        assert outcome(replayed) == outcome(execute(wf["definition"], s.input, mocks=s.mocks or None, **kw)), s.slug


@pytest.mark.parametrize("wf_id", list(WORKFLOWS))
def test_the_named_resources_become_parameters(wf_id):
    tpl = template(WORKFLOWS[wf_id]["definition"], name=wf_id)
    text = json.dumps(tpl["Resources"]["StateMachine"]["Properties"]["Definition"])
    for needle in ("arn:aws:lambda:", "arn:aws:sns:", "https://sqs."):
        assert needle not in text, needle
    subs = tpl["Resources"]["StateMachine"]["Properties"].get("DefinitionSubstitutions", {})
    assert set(subs) == set(tpl.get("Parameters", {}))
    for name in subs:
        assert "${%s}" % name in text


# -------------------------------------------------------------------- the template, rule by rule


def test_lambda_gets_invoke_function_on_that_function_and_its_versions_only():
    tpl = template(machine(("Charge", task("arn:aws:states:::lambda:invoke",
                                           Parameters={"FunctionName": LAMBDA_ARN, "Payload.$": "$"}))))
    (statement,) = statements(tpl)
    assert statement["Action"] == ["lambda:InvokeFunction"]
    assert statement["Resource"] == [{"Ref": "ChargeFunctionArn"}, {"Fn::Sub": "${ChargeFunctionArn}:*"}]
    assert tpl["Parameters"]["ChargeFunctionArn"]["Default"] == LAMBDA_ARN


def test_a_legacy_lambda_resource_is_a_parameter_too():
    tpl = template(machine(("Charge", task(LAMBDA_ARN))))
    assert tpl["Resources"]["StateMachine"]["Properties"]["Definition"]["States"]["Charge"]["Resource"] == "${ChargeFunctionArn}"
    assert actions(tpl) == ["lambda:InvokeFunction"]


def test_each_service_gets_the_actions_its_integration_calls():
    spec = machine(
        ("Notify", task("arn:aws:states:::sns:publish", Parameters={"TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": "m"})),
        ("Queue", task("arn:aws:states:::sqs:sendMessage", Parameters={"QueueUrl": "https://sqs.us-east-1.amazonaws.com/1/q",
                                                                     "MessageBody": "b"})),
        ("Save", task("arn:aws:states:::dynamodb:putItem", Parameters={"TableName": "Orders", "Item": {}})),
        ("Read", task("arn:aws:states:::dynamodb:getItem", Parameters={"TableName": "Orders", "Key": {}})),
    )
    tpl = template(spec)
    assert actions(tpl) == ["dynamodb:GetItem", "dynamodb:PutItem", "sns:Publish", "sqs:SendMessage"]
    assert set(tpl["Parameters"]) == {"TTopicArn", "QQueueUrl", "OrdersTableName"}  # one parameter per table


def test_a_sync_integration_adds_the_managed_eventbridge_rule():
    spec = machine(("Child", task("arn:aws:states:::states:startExecution.sync:2",
                                  Parameters={"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:Child"})))
    by_action = {a: s["Resource"] for s in statements(template(spec)) for a in s["Action"]}
    assert by_action["states:StartExecution"] == "arn:aws:states:us-east-1:1:stateMachine:Child"
    assert by_action["states:DescribeExecution"] == "arn:aws:states:us-east-1:1:execution:Child:*"
    for a in ("events:PutTargets", "events:PutRule", "events:DescribeRule"):
        assert by_action[a]["Fn::Sub"].endswith(":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")


def test_a_resource_chosen_at_run_time_is_allowed_on_any_resource():
    tpl = template(machine(("Charge", task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName.$": "$.fn"}))))
    assert statements(tpl) == [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "*"}]
    assert "Parameters" not in tpl


def test_aws_sdk_integrations_get_their_iam_action():
    tpl = template(machine(("List", task("arn:aws:states:::aws-sdk:sfn:listExecutions", Parameters={"StateMachineArn": "x"}))))
    assert actions(tpl) == ["states:ListExecutions"]


def test_a_pass_only_machine_has_a_role_without_policies():
    tpl = template(machine(("P", {"Type": "Pass"})))
    assert "Policies" not in tpl["Resources"]["StateMachineRole"]["Properties"]


def test_express_has_its_type_and_logs_to_cloudwatch():
    tpl = template(machine(("P", {"Type": "Pass"})), workflow_type="EXPRESS", name="quick")
    props = tpl["Resources"]["StateMachine"]["Properties"]
    assert props["Type"] == "EXPRESS"
    assert props["Logging"]["Level"] == "ALL"
    assert tpl["Resources"]["StateMachineLogGroup"]["Type"] == "AWS::Logs::LogGroup"
    assert "logs:CreateLogDelivery" in actions(tpl)
    assert lint(sam_template(machine(("P", {"Type": "Pass"})), workflow_type="EXPRESS", name="quick")) == []


def test_standard_has_no_logging():
    assert "Logging" not in template(machine(("P", {"Type": "Pass"})))["Resources"]["StateMachine"]["Properties"]


def test_an_invalid_definition_is_not_exported():
    with pytest.raises(InvalidDefinition):
        sam_template(machine(("T", task("arn:aws:states:::dynamodb:query"))))
    with pytest.raises(InvalidDefinition):
        sam_template(machine(("T", task("arn:aws:states:::lambda:invoke.waitForTaskToken", TimeoutSeconds=5))),
                     workflow_type="EXPRESS")


# -------------------------------------------------------------------- MockConfigFile


def test_the_mock_config_answers_every_invocation_with_ranges():
    wf = WORKFLOWS["order-retry"]
    (s,) = [x for x in scenarios(wf) if x.slug == "throttled-twice-then-charged"]
    config = mock_config(wf["definition"], s, name="order-retry")
    assert config["StateMachines"] == {"order-retry": {"TestCases": {"ThrottledTwiceThenCharged": {
        "ChargeCard": "ThrottledTwiceThenCharged.ChargeCard"}}}}
    response = config["MockedResponses"]["ThrottledTwiceThenCharged.ChargeCard"]
    assert response["0-1"] == {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"}}
    assert list(response) == ["0-1", "2"] and "Return" in response["2"]


def test_the_mock_config_has_no_stepwise_extensions():
    for wf in WORKFLOWS.values():
        for response in json.loads(export(wf, "mockconfig"))["MockedResponses"].values():
            for entry in response.values():
                assert set(entry) <= {"Return", "Throw"}


# -------------------------------------------------------------------- TestState requests


@pytest.mark.parametrize("wf_id", list(WORKFLOWS))
def test_requests_for_test_state_are_accepted_and_answer_as_the_run_did(wf_id):
    wf = WORKFLOWS[wf_id]
    for s in scenarios(wf):
        requests = requests_for_test_state(wf["definition"], s, workflow_type=wf.get("type", "STANDARD"))
        assert requests
        for r in requests:
            assert set(r) <= {"definition", "stateName", "input", "inspectionLevel", "mock", "stateConfiguration",
                              "variables"}
            assert json.loads(r["definition"]) == wf["definition"]
            response = test_state(r["definition"], json.loads(r["input"]), inspection_level=r["inspectionLevel"],
                                  mock=r.get("mock"), state_configuration=r.get("stateConfiguration"),
                                  state_name=r["stateName"])
            assert response["status"] in ("SUCCEEDED", "FAILED", "RETRIABLE", "CAUGHT_ERROR")


def test_a_retried_task_gives_one_request_per_attempt():
    wf = WORKFLOWS["order-retry"]
    (s,) = [x for x in scenarios(wf) if x.slug == "throttled-twice-then-charged"]
    charge = [r for r in requests_for_test_state(wf["definition"], s) if r["stateName"] == "ChargeCard"]
    assert [r.get("stateConfiguration", {}).get("retrierRetryCount") for r in charge] == [None, 1, None]
    statuses = [test_state(r["definition"], json.loads(r["input"]), mock=r["mock"], state_name="ChargeCard",
                           state_configuration=r.get("stateConfiguration"))["status"] for r in charge]
    assert statuses == ["RETRIABLE", "RETRIABLE", "SUCCEEDED"]


# -------------------------------------------------------------------- CLI


def test_cli_export_writes_each_format(tmp_path, capsys):
    path = ROOT / "content" / "workflows" / "order-retry.yaml"
    assert main(["export", str(path), "--format", "sam"]) == 0
    assert definition_from_template(capsys.readouterr().out) == WORKFLOWS["order-retry"]["definition"]
    assert main(["export", str(path), "--format", "mockconfig", "--scenario", "card-declined"]) == 0
    assert list(json.loads(capsys.readouterr().out)["StateMachines"]["order-retry"]["TestCases"]) == ["CardDeclined"]
    assert main(["export", str(path), "--format", "teststate", "--scenario", "Card declined"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines and all(json.loads(line)["stateName"] for line in lines)


def test_cli_export_of_a_plain_definition_and_an_unknown_scenario(tmp_path, capsys):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(machine(("P", {"Type": "Pass"}))))
    assert main(["export", str(path), "--format", "sam", "--type", "express", "--name", "my machine"]) == 0
    tpl = yaml.safe_load(capsys.readouterr().out)
    assert tpl["Resources"]["StateMachine"]["Properties"]["Name"] == "my-machine"
    assert main(["export", str(path), "--format", "sam", "--scenario", "x"]) == 2
    assert "no scenario named 'x'" in capsys.readouterr().err


def test_cli_export_of_an_invalid_definition_names_the_problem(tmp_path, capsys):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(machine(("T", task("arn:aws:states:::dynamodb:query")))))
    assert main(["export", str(path), "--format", "sam"]) == 2
    assert "/States/T/Resource" in capsys.readouterr().err


def test_export_rejects_an_unknown_format():
    with pytest.raises(ExportError):
        export(machine(("P", {"Type": "Pass"})), "terraform")
