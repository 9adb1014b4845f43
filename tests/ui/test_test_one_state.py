"""The Simulator's "Test one state" tab (ui/test_one_state.py): AWS's TestState on a state of
the run on screen. A definition of our own is pasted, so every expectation comes from it."""

from __future__ import annotations

import json

import pytest

import engine
from ui import inspector as I
from ui import state as S
from ui import test_one_state as T
from ui_helpers import open_app, texts

DEFINITION = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Result": {"orderId": "o-1", "amount": 5, "items": [{"sku": "a"}, {"sku": "b"}]},
                    "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Charge",
            "ResultPath": "$.payment",
            "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "BackoffRate": 3,
                       "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["PaymentDeclined"], "ResultPath": "$.error", "Next": "Declined"}],
            "Next": "ShipAll",
        },
        "ShipAll": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemSelector": {"sku.$": "$$.Map.Item.Value.sku", "order.$": "$.orderId"},
            "ItemProcessor": {"StartAt": "Ship", "States": {
                "Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"FunctionName": "Ship", "Payload.$": "$"}, "OutputPath": "$.Payload",
                         "End": True}}},
            "ResultPath": "$.shipped",
            "Next": "Done",
        },
        "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "The card was declined"},
        "Done": {"Type": "Succeed"},
    },
}


def _open(definition: dict = DEFINITION):
    at = open_app("simulator")
    at.session_state[S.SIM_SOURCE] = "own"
    at.session_state[S.SIM_ASL_TEXT] = json.dumps(definition, indent=2)
    at.session_state[S.SIM_TAB] = "Test one state"
    at.run()
    assert not at.exception, at.exception
    return at


def _pick(at, state: str):
    at.selectbox(key=S.TESTSTATE_STATE).select(state).run()
    assert not at.exception, at.exception
    return at


def _test(at):
    at.button(key="teststate_run").click().run()
    assert not at.exception, at.exception
    return at


def _json_blocks(at) -> list:
    """Every code block on the page that holds JSON, decoded."""
    found = []
    for block in at.code:
        try:
            found.append(json.loads(block.value))
        except ValueError:
            pass
    return found


def _first_inputs(definition: dict) -> dict:
    execution = engine.execute(definition, {})
    first: dict = {}
    for step in execution.steps:
        first.setdefault(step["name"], step["input"])
    return first


def test_the_tab_is_on_the_page_and_lists_every_state_nested_ones_too():
    at = _open()
    assert "Test one state" in [t.label for t in at.tabs]
    options = at.selectbox(key=S.TESTSTATE_STATE).options
    # in the order the run reached them, then the state it never reached
    assert [o.split(" · ")[0] for o in options] == ["Prepare", "Charge", "ShipAll", "Ship", "Done", "Declined"]
    assert "Ship · Task · in ShipAll · ran 2×" in options
    assert "Declined · Fail · did not run" in options


def test_the_input_starts_as_the_data_that_reached_the_state_in_the_run():
    at = _pick(_open(), "Charge")
    expected = _first_inputs(DEFINITION)["Charge"]
    assert expected["orderId"] == "o-1"  # Prepare's Result, not the execution input {}
    assert json.loads(at.text_area(key=S.TESTSTATE_INPUT).value) == expected
    _pick(at, "Ship")  # nested: the first iteration's input
    assert json.loads(at.text_area(key=S.TESTSTATE_INPUT).value) == _first_inputs(DEFINITION)["Ship"]
    _pick(at, "Declined")  # never ran
    assert json.loads(at.text_area(key=S.TESTSTATE_INPUT).value) == {}


def test_an_edited_input_is_what_the_state_is_tested_with():
    at = _pick(_open(), "Charge")
    at.text_area(key=S.TESTSTATE_INPUT).input('{"orderId": "o-9"}').run()
    at.radio(key=S.TESTSTATE_MOCK).set_value("result").run()
    at.text_area(key=S.TESTSTATE_RESULT_TEXT).input('{"charged": true}').run()
    _test(at)
    assert texts(at.success)[0].startswith("**SUCCEEDED · next state ShipAll**")
    assert {"orderId": "o-9", "payment": {"charged": True}} in _json_blocks(at)


def test_a_mocked_error_with_a_matching_retrier_is_retriable_with_the_backoff_named():
    at = _pick(_open(), "Charge")
    at.radio(key=S.TESTSTATE_MOCK).set_value("error").run()
    assert at.text_input(key=S.TESTSTATE_ERROR).value == "Lambda.ServiceException"  # the retrier's error
    _test(at)
    box = texts(at.warning)[0]
    assert box.startswith("**RETRIABLE · retrier #1, wait 2 s**")
    assert "matched retrier #1 (`Retry[0]`" in box and "wait **2 s**" in box
    at.number_input(key=S.TESTSTATE_RETRIES).set_value(2).run()  # the third retry: 2 × 3^2
    _test(at)
    box = texts(at.warning)[0]
    assert "wait **18 s**" in box and "made 2 of its 3 retries" in box


def test_a_spent_retrier_and_a_catcher_give_caught_error_with_the_next_state():
    at = _pick(_open(), "Charge")
    at.radio(key=S.TESTSTATE_MOCK).set_value("error").run()
    at.text_input(key=S.TESTSTATE_ERROR).input("PaymentDeclined").run()
    at.text_input(key=S.TESTSTATE_CAUSE).input("Insufficient funds").run()
    _test(at)
    box = texts(at.warning)[0]
    assert box.startswith("**CAUGHT_ERROR · catcher #1, next state Declined**")
    assert "the run would go on to **Declined**" in box and "is put at `$.error`" in box
    # the inspector's catcher stages draw the error output
    assert any("The error output" in m.value for m in at.markdown)
    output = {**_first_inputs(DEFINITION)["Charge"], "error": {"Error": "PaymentDeclined", "Cause": "Insufficient funds"}}
    assert output in _json_blocks(at)


def test_the_error_output_stage_is_what_the_catcher_put_in_the_output():
    at = _pick(_open(), "Charge")
    at.radio(key=S.TESTSTATE_MOCK).set_value("error").run()
    at.text_input(key=S.TESTSTATE_ERROR).input("PaymentDeclined").run()  # no cause given
    _test(at)
    blocks = _json_blocks(at)
    caught = next(b for b in blocks if isinstance(b, dict) and "error" in b and "orderId" in b)
    assert caught["error"] in blocks  # the "error output" card shows exactly that


def test_a_mocked_error_nothing_handles_fails_and_says_where_it_goes():
    at = _pick(_open(), "Ship")
    at.radio(key=S.TESTSTATE_MOCK).set_value("error").run()
    at.text_input(key=S.TESTSTATE_ERROR).input("Boom").run()
    _test(at)
    box = texts(at.error)[0]
    assert box.startswith("**FAILED · Boom**")
    assert "fail this iteration and then **ShipAll**" in box


def test_a_map_says_up_front_that_it_needs_a_mock_and_runs_with_one():
    at = _pick(_open(), "ShipAll")
    assert any(i.startswith("**This state needs a mock.**") for i in texts(at.info))
    assert at.radio(key=S.TESTSTATE_MOCK).options == ["Mocked result", "Mocked error"]
    # the mocked result starts as the iterations' outputs in the run
    ran = engine.execute(DEFINITION, {}).steps
    shipall = next(s for s in ran if s["name"] == "ShipAll")
    assert json.loads(at.text_area(key=S.TESTSTATE_RESULT_TEXT).value) == shipall["result"]
    _test(at)
    assert texts(at.success)[0].startswith("**SUCCEEDED · next state Done**")
    assert any(m.value.startswith("**What the iterations get**") for m in at.markdown)


def test_a_refusal_is_shown_in_aws_words_never_a_traceback():
    at = _pick(_open(), "ShipAll")
    at.number_input(key=S.TESTSTATE_FAILURES).set_value(5).run()  # only 2 items
    _test(at)
    box = texts(at.error)[0]
    assert box.startswith("**AWS would refuse this test** · `ValidationException`")
    assert "Map iteration failure count must be less than or equal to the number of Map iterations" in box


def test_bad_json_in_the_input_or_the_mock_names_line_and_column():
    at = _pick(_open(), "Charge")
    at.text_area(key=S.TESTSTATE_INPUT).input('{\n  "orderId": "o-1",\n  "amount": \n}').run()
    at.radio(key=S.TESTSTATE_MOCK).set_value("result").run()
    at.text_area(key=S.TESTSTATE_RESULT_TEXT).input('{"ok": true,,}').run()
    _test(at)
    box = texts(at.error)[0]
    assert "The test did not run" in box
    assert "line 4, column 1" in box and "The state input is not valid JSON" in box
    assert "line 1, column 13" in box and "The mocked result is not valid JSON" in box


def test_a_pass_state_takes_no_mock_and_a_changed_test_is_marked_stale():
    at = _pick(_open(), "Prepare")
    assert S.TESTSTATE_MOCK not in [r.key for r in at.radio]  # AWS refuses a mock for a Pass state
    assert "AWS runs a Pass state as it is: it takes no mock." in [c.value for c in at.caption]
    _test(at)
    assert texts(at.success)[0].startswith("**SUCCEEDED · next state Charge**")
    at.text_area(key=S.TESTSTATE_INPUT).input('{"x": 1}').run()
    assert "You changed the test since this answer: test again to update it." in [c.value for c in at.caption]


JSONATA = {
    "QueryLanguage": "JSONata",
    "StartAt": "Price",
    "States": {
        "Price": {"Type": "Pass", "Assign": {"subtotal": "{% $sum($states.input.prices) %}"}, "Next": "Charge"},
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "Charge", "Payload": {"amount": "{% $subtotal * 2 %}"}},
                   "End": True},
    },
}


def test_variables_in_scope_can_be_given_to_a_state_that_reads_them():
    at = _open(JSONATA)
    _pick(at, "Charge")
    at.radio(key=S.TESTSTATE_MOCK).set_value("none").run()  # the stand-in service answers
    _test(at)
    box = texts(at.error)[0]
    assert box.startswith("**FAILED · States.QueryEvaluationError**")
    assert "give the ones it reads under “Variables in scope”" in box
    at.text_area(key=S.TESTSTATE_VARIABLES).input('{"subtotal": 21}').run()
    _test(at)
    assert texts(at.success)[0].startswith("**SUCCEEDED")
    assert {"FunctionName": "Charge", "Payload": {"amount": 42}} in _json_blocks(at)  # after Arguments
    at.text_area(key=S.TESTSTATE_VARIABLES).input('[1]').run()
    _test(at)
    assert texts(at.error)[0].startswith("**AWS would refuse this test** · `ValidationException`")


def test_a_machine_without_variables_has_no_variables_editor():
    at = _pick(_open(), "Charge")
    assert S.TESTSTATE_VARIABLES not in [t.key for t in at.text_area]


def test_the_simulator_inspector_still_draws_its_stages_through_data_flow():
    at = _open()
    at.session_state[S.SIM_STEP] = 1  # a moment inside the run: the inspector shows a state
    at.run()
    assert not at.exception, at.exception
    heads = [m.value for m in at.markdown if m.value.startswith("**Data flow of ")]
    assert heads and heads[0].startswith("**Data flow of Prepare**")  # the inspector's, above the tabs


# --- the helpers, without Streamlit ----------------------------------------------------------


@pytest.mark.parametrize("resource, need", [
    ("arn:aws:states:::lambda:invoke", "optional"),
    ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "required"),
    ("arn:aws:states:::states:startExecution.sync:2", "required"),
    ("arn:aws:states:us-east-1:123456789012:activity:Approve", "required"),
])
def test_which_tasks_need_a_mock(resource, need):
    target = T.Target("T", {"Type": "Task", "Resource": resource}, None, 0, {})
    assert T.mock_need(target)[0] == need
    if need == "required":  # and the engine refuses it without one, as the panel says
        with pytest.raises(engine.TestStateRefused):
            engine.test_state({"Type": "Task", "Resource": resource, "End": True}, {}, role_arn=T.ROLE_ARN)


def test_parse_json_names_the_place_of_the_problem():
    assert T.parse_json('[1, 2]', "X") == ([1, 2], None)
    _, problem = T.parse_json('{"a": NaN}', "The mocked result")
    assert (problem.line, problem.column) == (1, 7) and "NaN is not a JSON value" in problem.message
    _, problem = T.parse_json("  ", "The state input")
    assert problem.message.startswith("The state input is empty")


def test_iteration_stages_come_in_the_map_order():
    spec = DEFINITION["States"]["ShipAll"]
    step = {"afterItemSelector": [{"sku": "a"}], "afterItemsPath": [{"sku": "a"}]}
    found = I.iteration_stages(step, spec)
    assert [(s.key, s.expression) for s in found] == [("afterItemsPath", "$.items"),
                                                      ("afterItemSelector", spec["ItemSelector"])]
    assert [s.changed for s in found] == [True, False]
