"""engine.mockconfig: MockedResponses -> a whole MockConfigFile, read back by execute."""

from engine import execute
from engine.mockconfig import extensions_used, mock_config_file, response_name

DEFINITION = {"StartAt": "Charge", "States": {
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
               "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 3}]}}}
MOCKS = {"Charge": {"0-1": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
                    "2": {"Return": {"ok": True}, "DurationSeconds": 3}}}


def test_file_has_the_three_levels_and_names_each_response():
    f = mock_config_file(MOCKS, state_machine="Shop", test_case="Busy twice")
    assert f["StateMachines"] == {"Shop": {"TestCases": {"Busy twice": {"Charge": response_name("Charge", "Busy twice")}}}}
    (name,) = f["MockedResponses"]
    assert name == "Busy_twice.Charge"
    assert f["MockedResponses"][name]["0-1"] == MOCKS["Charge"]["0-1"]


def test_extensions_are_dropped_unless_kept_and_the_input_is_not_changed():
    assert extensions_used(MOCKS) == ["DurationSeconds"]
    plain = mock_config_file(MOCKS)
    assert "DurationSeconds" not in plain["MockedResponses"]["Scenario.Charge"]["2"]
    assert MOCKS["Charge"]["2"]["DurationSeconds"] == 3
    kept = mock_config_file(MOCKS, keep_extensions=True)
    assert kept["MockedResponses"]["Scenario.Charge"]["2"]["DurationSeconds"] == 3
    assert extensions_used({}) == [] and extensions_used(None) == []


def test_round_trips_through_execute_to_the_same_result():
    direct = execute(DEFINITION, {}, mocks=MOCKS, seed=1)
    via = execute(DEFINITION, {}, mocks=mock_config_file(MOCKS, keep_extensions=True, test_case="T"),
                  test_case="T", seed=1)
    assert (via.status, via.output, via.duration) == (direct.status, direct.output, direct.duration)
    assert direct.output == {"ok": True} and direct.duration > 3
