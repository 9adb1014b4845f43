"""ui/replay.py: an execution cut into moments on virtual time."""

from __future__ import annotations

import pytest

from engine import execute
from engine.graph import graph_model
from engine.scenarios import find, scenarios
from study import load_content
from ui import replay as R

CONTENT = load_content()
WORKFLOWS = CONTENT.workflows
ALL = [(wid, s.slug) for wid, wf in WORKFLOWS.items() for s in scenarios(wf)]


def run(wid: str, slug: str, **options):
    wf = WORKFLOWS[wid]
    sc = find(wf, slug)
    ex = execute(wf["definition"], sc.input, mocks=sc.mocks, **options)
    return ex, R.build(ex, wf["definition"])


def graph_pairs(definition) -> set:
    """Every (source name, target name) an edge of the drawn graph stands for."""
    g = graph_model(definition)
    names = {n.id: (None if n.type in ("Start", "End") else n.name) for n in g.nodes}
    return {(names[e.source], names[e.target]) for e in g.edges}


@pytest.mark.parametrize("wid,slug", ALL)
def test_every_event_is_replayed_once_and_the_path_is_made_of_graph_edges(wid, slug):
    ex, rp = run(wid, slug)
    assert sorted(rp.event_order) == [e["id"] for e in ex.history]
    assert rp.frames[0].seen == 1 and rp.frames[-1].seen == len(ex.history)
    times = [f.time for f in rp.frames]
    assert times == sorted(times)  # virtual time never runs backwards
    assert rp.frames[-1].taken <= graph_pairs(WORKFLOWS[wid]["definition"])
    assert rp.frames[-1].caught <= rp.frames[-1].taken
    # every state that was entered ends with a status, and the last one is where the run ended
    entered = {e["stateEnteredEventDetails"]["name"] for e in ex.history if e["type"].endswith("StateEntered")}
    assert set(rp.frames[-1].statuses) == entered
    if ex.status == "SUCCEEDED":
        assert (ex.last_state, None) in rp.frames[-1].taken


def test_parallel_branches_run_side_by_side_and_retry_waits_are_gaps():
    ex, rp = run("image-processing", "resize-keeps-failing-with-a-service-error")
    side = next(f for f in rp.frames if len(f.current) == 3)
    assert set(side.current) == {"ResizeImage", "CreateThumbnail", "WriteMetadata"}
    assert "retry 1 of 2 in 2 s" in " ".join(side.words)
    gaps = [f.delta for f in rp.frames if f.delta]
    assert gaps == [2, 4]  # IntervalSeconds 2, BackoffRate 2
    caught = next(f for f in rp.frames if "NotifyAdmin" in f.current)
    assert ("ResizeImage", "NotifyAdmin") in caught.caught
    assert caught.statuses["ResizeImage"] == "caught"
    before = rp.frames[caught.index - 1]
    assert before.statuses["ProcessImage"] == "running"
    assert rp.frames[-1].statuses["ProcessImage"] == "succeeded"


def test_a_24_hour_wait_is_one_moment_that_says_24_h_later():
    wf = WORKFLOWS["wait-24h"]
    ex, rp = run("wait-24h", scenarios(wf)[0].slug)
    waits = [f for f in rp.frames if f.delta >= 86400]
    assert len(waits) == 1
    assert waits[0].headline.endswith("24 h later")
    assert any("waited 24 h" in w for w in waits[0].words)


def test_a_slow_task_is_running_until_it_finishes():
    ex, rp = run("shipment-wait", "the-worker-goes-silent")
    waited = next(f for f in rp.frames if "WaitForDispatch" in f.current)
    assert waited.statuses["PackShipment"] == "running"  # entered, the heartbeat clock ticking
    timed_out = rp.frame(waited.index + 1)
    assert timed_out.delta == 60 and timed_out.statuses["PackShipment"] == "caught"
    assert "States.HeartbeatTimeout" in " ".join(timed_out.words)


def test_a_map_never_runs_more_iterations_at_once_than_its_max_concurrency():
    ex, rp = run("map-1000", "one-card-is-declined-tolerated")
    charged = [f for f in rp.frames if f.current == ("ChargeAccount",)]
    assert len(charged) == 20  # 1,000 items, 50 at a time
    assert "items 0–49 (50 at once)" in charged[0].words[0]
    failing = next(f for f in charged if f.statuses["ChargeAccount"] == "failed")
    assert any("Item 417" in w for w in failing.words)
    assert rp.items[next(i for i in failing.steps if rp.outcomes[i] == "failed")] == 417


def test_an_inline_map_runs_at_most_40_iterations_at_once():
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "End": True,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}
    ex = execute(definition, list(range(100)))
    rp = R.build(ex, definition)
    sizes = [len(f.steps) for f in rp.frames if f.current == ("P",)]
    assert sizes == [40, 40, 20]
    assert "an inline Map's limit" in rp.frames[1].words[0]


def test_a_choice_says_which_rule_matched_or_that_it_took_its_default():
    _, strong = run("credit-check", "strong-applicant-score-780")
    _, weak = run("credit-check", "weak-applicant-score-640")
    assert "the rule `$.creditScore > 700` matched" in strong.frames[1].words[0]
    assert "took its Default, ManualReview" in weak.frames[1].words[0]
    assert ("CheckCreditScore", "ManualReview") in weak.frames[-1].taken
    assert ("CheckCreditScore", "AutoApprove") not in weak.frames[-1].taken


def test_words_for_time():
    assert R.seconds_text(0.5) == "0.5 s"
    assert R.seconds_text(4) == "4 s"
    assert R.seconds_text(90) == "1 min 30 s"
    assert R.seconds_text(86400) == "24 h"
    assert R.seconds_text(3 * 86400 + 7200) == "3 d 2 h"
    assert R.clock_text(6) == "T+0:00:06"
    assert R.clock_text(90061) == "T+1 d 1:01:01"


def test_index_of_reads_the_address_step():
    _, rp = run("credit-check", "strong-applicant-score-780")
    assert R.index_of("end", rp) == len(rp) - 1
    assert R.index_of("1", rp) == 1
    assert R.index_of("999", rp) == len(rp) - 1
    assert R.index_of("x", rp) is None and R.index_of(None, rp) is None


def test_a_runaway_loop_replays_to_its_limit():
    definition = {"StartAt": "Loop", "States": {
        "Loop": {"Type": "Pass", "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                  "Default": "Loop"},
        "Done": {"Type": "Succeed"}}}
    ex = execute(definition, {})
    rp = R.build(ex, definition)
    assert ex.status == "FAILED" and "25,000" in ex.cause
    assert rp.frames[-1].seen == len(ex.history)
    assert "25,000" in rp.frames[-1].words[0]
