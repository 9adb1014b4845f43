"""Scenario slugs and lookup (engine/scenarios.py)."""

from study import load_content
from engine.scenarios import duplicate_slugs, find, scenarios, slug


def test_slug_lowercases_and_joins_runs_of_other_characters():
    assert slug("Resize keeps failing with a service error") == "resize-keeps-failing-with-a-service-error"
    assert slug('Score sent as a string ("750")') == "score-sent-as-a-string-750"
    assert slug("Resize fails (caught, admin notified)") == "resize-fails-caught-admin-notified"
    assert slug("  A -- B  ") == "a-b"


WF = {
    "inputs": [{"name": "First one", "input": {"a": 1}, "expect": {"status": "SUCCEEDED"}},
               {"name": "Second", "input": {"a": 2}}],
    "failures": [{"name": "Boom!", "mocks": {"T": {"0": {"Throw": {"Error": "X"}}}}, "input": "Second"},
                 {"name": "Boom again", "mocks": {"T": {"0": {"Throw": {"Error": "Y"}}}}}],
}


def test_scenarios_lists_inputs_then_failures_with_their_input():
    got = scenarios(WF)
    assert [s.slug for s in got] == ["first-one", "second", "boom", "boom-again"]
    assert [s.kind for s in got] == ["input", "input", "failure", "failure"]
    assert got[2].input == {"a": 2}  # the failure names its input
    assert got[3].input == {"a": 1}  # otherwise the first
    assert got[3].mocks == {"T": {"0": {"Throw": {"Error": "Y"}}}}


def test_find_by_slug_or_name_and_unknown_is_none():
    assert find(WF, "boom").name == "Boom!"
    assert find(WF, "Second").slug == "second"
    assert find(WF, "nope") is None
    assert find(WF, None) is None


def test_duplicate_slugs_are_reported():
    wf = {"inputs": [{"name": "A b", "input": 1}, {"name": "a-B", "input": 2}]}
    assert duplicate_slugs(wf) == ["a-b"]
    assert duplicate_slugs(WF) == []


def test_every_real_workflow_has_unique_scenario_slugs():
    content = load_content()
    assert content.workflows
    for wf in content.workflows.values():
        assert duplicate_slugs(wf) == [], wf["id"]
        assert all(s.slug for s in scenarios(wf)), wf["id"]
