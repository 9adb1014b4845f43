"""ui/inspector.py: one state's data after each stage, with the field that changed it."""

from __future__ import annotations

from engine import execute
from engine.scenarios import find
from study import load_content
from ui import inspector as I

WORKFLOWS = load_content().workflows


def step_of(ex, name):
    return next(s for s in ex.steps if s["name"] == name)


def test_jsonpath_task_stages_name_their_fields_and_flag_what_changed():
    wf = WORKFLOWS["image-processing"]
    ex = execute(wf["definition"], wf["inputs"][0]["input"])
    specs = I.state_specs(wf["definition"])
    stages = I.stages(step_of(ex, "ExtractMetadata"), specs["ExtractMetadata"])
    assert [s.field for s in stages] == ["", "InputPath", "Parameters", "Resource", "ResultSelector",
                                         "ResultPath", "OutputPath"]
    by = {s.field: s for s in stages}
    assert not by["InputPath"].changed and by["InputPath"].expression == "$"
    assert by["Parameters"].changed and by["Parameters"].value["Payload"] == wf["inputs"][0]["input"]
    assert by["ResultSelector"].changed and set(by["ResultSelector"].value) == {"details"}
    assert by["ResultPath"].expression == "$.metadata" and "beside the input" in by["ResultPath"].note
    assert by["ResultPath"].value["metadata"] == by["ResultSelector"].value
    assert not by["OutputPath"].changed


def test_a_caught_error_shows_the_error_output_and_where_the_catcher_put_it():
    wf = WORKFLOWS["image-processing"]
    sc = find(wf, "resize-keeps-failing-with-a-service-error")
    ex = execute(wf["definition"], sc.input, mocks=sc.mocks)
    specs = I.state_specs(wf["definition"])
    stages = I.stages(step_of(ex, "ResizeImage"), specs["ResizeImage"])
    error, output = stages[-2], stages[-1]
    assert error.value == {"Error": "Lambda.ServiceException", "Cause": "Service unavailable"}
    assert output.expression == "$.error" and output.value["error"] == error.value
    assert output.value["bucket"] == sc.input["bucket"]  # the input kept beside the error


def test_jsonata_stages_are_arguments_result_and_output():
    wf = WORKFLOWS["jsonata-cart"]
    ex = execute(wf["definition"], wf["inputs"][0]["input"])
    specs = I.state_specs(wf["definition"])
    assert I.is_jsonata(specs["ChargeCard"]) and not I.is_jsonata(I.state_specs(WORKFLOWS["credit-check"]["definition"])["AutoApprove"])
    stages = I.stages(step_of(ex, "ChargeCard"), specs["ChargeCard"], jsonata=True)
    assert [s.field for s in stages] == ["", "Arguments", "Resource", "Output"]
    assert stages[1].value["Payload"] == {"customerId": "c-100", "amount": 54}
    assert stages[-1].value == {"customerId": "c-100", "amount": 54}


def test_state_specs_reach_into_branches_and_processors():
    specs = I.state_specs(WORKFLOWS["image-processing"]["definition"])
    assert {"ResizeImage", "NotifyAdmin", "CreateThumbnail", "WriteMetadata", "Finalized"} <= set(specs)
    assert specs["ResizeImage"]["Type"] == "Task"


def test_states_without_a_result_show_no_result_stage():
    wf = WORKFLOWS["jsonata-cart"]
    ex = execute(wf["definition"], wf["inputs"][0]["input"])
    specs = I.state_specs(wf["definition"])
    stages = I.stages(step_of(ex, "Receipt"), specs["Receipt"], jsonata=True)
    assert [s.field for s in stages] == ["", "Output"]
    assert stages[-1].value == {"customer": "c-100", "subtotal": 60, "discount": 0.1, "charged": 54}
    choice = I.stages(step_of(ex, "CheckMember"), specs["CheckMember"], jsonata=True)
    assert "result" not in [s.key for s in choice]
