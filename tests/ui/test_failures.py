"""ui/failures.py: a learner's failure choices as MockedResponses, checked by running them."""

from __future__ import annotations

import pytest

from engine import execute
from study import load_content
from ui import failures as F

WF = load_content().workflows["image-processing"]
INPUT = WF["inputs"][0]["input"]


def attempts_of(ex, state: str) -> int:
    return sum(1 for e in ex.history if e["type"] == "TaskScheduled" and e.get("state") == state)


def test_first_n_fail_then_the_success_value_repeats():
    inj = F.Injection("ResizeImage", "Lambda.ServiceException", "busy", "first", 2, returns={"Payload": {"ok": 1}})
    assert F.response(inj) == {"0-1": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
                               "2": {"Return": {"Payload": {"ok": 1}}}}


def test_every_attempt_is_one_entry_that_repeats():
    assert F.response(F.Injection("X", "States.Timeout", mode="every")) == {"0": {"Throw": {"Error": "States.Timeout"}}}


def test_chosen_attempts_become_ranges_with_successes_between():
    inj = F.check(F.Injection("X", "E", mode="attempts", attempts=(4, 1, 2)))
    assert inj.attempts == (1, 2, 4)
    assert F.response(inj, {"v": 1}) == {"0-1": {"Throw": {"Error": "E"}}, "2": {"Return": {"v": 1}},
                                         "3": {"Throw": {"Error": "E"}}, "4": {"Return": {"v": 1}}}


@pytest.mark.parametrize("injection, words", [
    (F.Injection("X", "  "), "name"),
    (F.Injection("X", "E", mode="first", count=0), "between 1 and"),
    (F.Injection("X", "E", mode="attempts"), "at least one"),
    (F.Injection("X", "E", mode="attempts", attempts=(101,)), "from 1 to"),
    (F.Injection("X", "E", mode="sometimes"), "Choose which"),
])
def test_bad_choices_say_what_to_change(injection, words):
    with pytest.raises(F.InjectionError, match=words):
        F.check(injection)


def test_success_value_json_is_parsed_or_its_place_named():
    assert F.parse_returns(' {"a": [1]} ') == {"a": [1]}
    assert F.parse_returns("   ") is None
    with pytest.raises(F.InjectionError, match="line 2, column"):
        F.parse_returns('{"a":\n  nope}')


def test_injecting_changes_the_attempts_and_the_path():
    plain = execute(WF["definition"], INPUT)
    defaults = F.first_results(plain)
    assert attempts_of(plain, "ResizeImage") == 1 and plain.last_state == "Finalized"
    # Two throttles: the retrier (MaxAttempts 2) absorbs them; the third attempt succeeds.
    two = F.to_mocks([F.Injection("ResizeImage", "Lambda.TooManyRequestsException", mode="first", count=2)], {}, defaults)
    ex = execute(WF["definition"], INPUT, mocks=two)
    assert attempts_of(ex, "ResizeImage") == 3
    assert not any(e.get("state") == "NotifyAdmin" for e in ex.history)
    # An error no retrier lists is caught at once: one attempt, then NotifyAdmin.
    unknown = F.to_mocks([F.Injection("ResizeImage", "Lambda.Unknown", mode="every")], {}, defaults)
    ex = execute(WF["definition"], INPUT, mocks=unknown)
    assert attempts_of(ex, "ResizeImage") == 1
    assert any(e.get("state") == "NotifyAdmin" for e in ex.history)
    # The thumbnail branch has no Catch: the Parallel's Catch ends the run in ProcessingFailed.
    thumb = F.to_mocks([F.Injection("CreateThumbnail", "States.TaskFailed", mode="every")], {}, defaults)
    assert execute(WF["definition"], INPUT, mocks=thumb).last_state == "ProcessingFailed"


def test_to_mocks_replaces_only_the_injected_states():
    base = {"A": {"0": {"Return": 1}}, "B": {"0": {"Return": 2}}}
    out = F.to_mocks([F.Injection("B", "E", mode="every")], base)
    assert out["A"] == base["A"] and out["B"] == {"0": {"Throw": {"Error": "E"}}}
    assert base["B"] == {"0": {"Return": 2}}  # the scenario's own mocks are not changed


def test_describe():
    assert F.Injection("T", "E", mode="first", count=2).describe() == "T fails with E on attempts 1–2"
    assert F.Injection("T", "E", mode="every").describe() == "T fails with E on every attempt"
    assert F.Injection("T", "E", mode="attempts", attempts=(3,)).describe() == "T fails with E on attempt 3"
