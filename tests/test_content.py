"""The real study content: it validates, covers every item of the study guide, and every
example workflow and predict-the-path question agrees with the engine."""

from __future__ import annotations

import json

import pytest

from engine.scenarios import find
from study import FACT_COUNT, TOPICS, load_content, state_names

CONTENT = load_content()
WAITING = "waiting on the engine (engine.execute)"


def engine_execute():
    try:
        from engine import execute
    except ImportError:
        pytest.skip(WAITING)
    return execute


def same_json(a, b) -> bool:
    """JSON equality: 1 == 1.0, but true != 1 and key order doesn't matter."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------------------------
# Everything validates


def test_no_content_errors():
    assert [str(e) for e in CONTENT.errors] == []


def test_question_ids_unique_and_answers_among_choices():
    ids = [q["id"] for q in CONTENT.questions]
    assert len(ids) == len(set(ids))
    for q in CONTENT.questions:
        choice_ids = [c["id"] for c in q["choices"]]
        assert len(choice_ids) == len(set(choice_ids)), q["id"]
        assert set(q["answer"]) <= set(choice_ids), q["id"]
        if q["type"] == "multiple":
            assert q["choose"] == len(q["answer"]), q["id"]
        else:
            assert len(q["answer"]) == 1, q["id"]


def test_at_least_100_questions_each_explained():
    assert len(CONTENT.questions) >= 100
    for q in CONTENT.questions:
        assert q["explanation"].strip(), q["id"]
        assert all(c["why"].strip() for c in q["choices"]), q["id"]
        assert q["topic"] in TOPICS
        assert 1 <= q["fact"] <= FACT_COUNT


def test_glossary_related_links_resolve():
    ids = {t["id"] for t in CONTENT.glossary}
    assert len(ids) == len(CONTENT.glossary)
    for t in CONTENT.glossary:
        assert set(t["related"]) <= ids - {t["id"]}, t["id"]
        assert "fact" not in t or 1 <= t["fact"] <= FACT_COUNT


# --------------------------------------------------------------------------------------------
# The study guide's items are all there


GUIDE_TERMS = {"state-machine", "asl", "execution", "task-state", "state-transition"}
MORE_TERMS = {
    "choice-state", "wait-state", "parallel-state", "map-state", "pass-state", "succeed-state",
    "fail-state", "retrier", "catcher", "request-response", "run-a-job", "wait-for-callback",
    "task-token", "activity", "inline-map", "distributed-map", "redrive", "standard-workflow",
    "sync-express", "async-express", "jsonpath", "jsonata", "intrinsic-function",
    "context-object", "variables", "orchestration", "choreography", "input-path", "parameters",
    "result-selector", "result-path", "output-path",
}


def test_glossary_has_the_guide_terms_and_more():
    by_id = {t["id"]: t for t in CONTENT.glossary}
    assert GUIDE_TERMS <= set(by_id)
    assert {t["id"] for t in CONTENT.glossary if t.get("source") == "guide"} == GUIDE_TERMS
    assert MORE_TERMS <= set(by_id)
    assert len(by_id) >= len(GUIDE_TERMS) + 25
    for t in CONTENT.glossary:
        assert t["definition"].strip() and t["example"].strip()


def test_comparison_has_the_guide_rows_and_more():
    rows = CONTENT.comparison
    guide_rows = {r["aspect"] for r in rows if r.get("source") == "guide"}
    assert guide_rows == {"Maximum duration", "Execution model", "Typical use cases", "Pricing model"}
    by_aspect = {r["aspect"]: r for r in rows}
    assert "1 year" in by_aspect["Maximum duration"]["standard"]
    assert "5 minutes" in by_aspect["Maximum duration"]["express"]
    assert "xactly-once" in by_aspect["Execution model"]["standard"]
    assert "t-least-once" in by_aspect["Execution model"]["express"]
    assert "state transitions" in by_aspect["Pricing model"]["standard"]
    assert "duration" in by_aspect["Pricing model"]["express"]
    assert len(rows) >= 12
    for r in rows:
        assert 1 <= r["fact"] <= FACT_COUNT


def test_guide_big_idea_objectives_and_exam_tip():
    g = CONTENT.guide
    assert len(g["objectives"]) >= 4
    assert "SQS" in g["big_idea"]["choreography"] and "SNS" in g["big_idea"]["choreography"]
    assert "Step Functions" in g["big_idea"]["orchestration"]
    assert "coordinate multiple microservices" in g["exam_tip"]["body"]
    assert "manage state between" in g["exam_tip"]["body"]


def outline_ids(nodes):
    for node in nodes:
        yield node["id"]
        yield from outline_ids(node.get("children") or [])


def test_guide_outline_covers_the_guide():
    ids = set(outline_ids(CONTENT.guide["outline"]))
    assert {
        "foundations", "low-code", "stateful",
        "components", "task-states", "flow-control", "choice", "wait", "parallel", "map",
        "errors", "retries", "catch",
    } <= ids
    for node_id in ids:
        assert node_id


def test_guide_pairs_include_the_three_examples():
    pairs = {p["id"]: p for p in CONTENT.guide["pairs"]}
    assert {p["id"] for p in pairs.values() if p.get("source") == "guide"} == {
        "choice-credit-score", "parallel-video", "wait-abandoned-cart"}
    assert pairs["choice-credit-score"]["workflow"] == "credit-check"
    assert "700" in pairs["choice-credit-score"]["example"]
    assert pairs["parallel-video"]["workflow"] == "video-upload"
    assert pairs["wait-abandoned-cart"]["workflow"] == "wait-24h"
    assert "24 hours" in pairs["wait-abandoned-cart"]["example"].lower().replace("twenty-four", "24")
    assert len(pairs) > 3


def test_worked_example():
    we = CONTENT.guide["worked_example"]
    assert we["workflow"] == "image-processing"
    steps = [s["state"] for s in we["steps"]]
    names = state_names(CONTENT.workflows["image-processing"]["definition"])
    for state in ("ExtractMetadata", "ProcessImage", "ResizeImage", "NotifyAdmin", "Finalized"):
        assert state in steps and state in names
    for s in steps:
        assert s in names or s.startswith("Trigger"), s
    definition = CONTENT.workflows["image-processing"]["definition"]
    assert definition["States"]["ProcessImage"]["Type"] == "Parallel"
    resize = definition["States"]["ProcessImage"]["Branches"][0]["States"]["ResizeImage"]
    assert resize["Catch"][0]["Next"] == "NotifyAdmin"


def test_the_four_checkpoint_questions():
    checkpoint = [q for q in CONTENT.questions if q.get("source") == "checkpoint"]
    assert len(checkpoint) == 4
    assert any(q["type"] == "true_false" for q in checkpoint)


# --------------------------------------------------------------------------------------------
# Workflows


REQUIRED_WORKFLOWS = {
    "credit-check", "video-upload", "wait-24h", "image-processing", "order-retry", "data-flow",
    "map-orders",
}


def test_required_workflows_exist():
    assert REQUIRED_WORKFLOWS <= set(CONTENT.workflows)
    assert len(CONTENT.workflows) >= len(REQUIRED_WORKFLOWS) + 2


def test_required_workflow_shapes():
    wf = CONTENT.workflows
    choice = wf["credit-check"]["definition"]["States"]["CheckCreditScore"]
    assert choice["Type"] == "Choice" and choice["Choices"][0]["Variable"] == "$.creditScore"
    assert choice["Choices"][0]["NumericGreaterThan"] == 700 and "Default" in choice
    assert len(wf["video-upload"]["definition"]["States"]["ProcessVideo"]["Branches"]) == 3
    assert wf["wait-24h"]["definition"]["States"]["WaitOneDay"]["Seconds"] == 86400
    retrier = wf["order-retry"]["definition"]["States"]["ChargeCard"]["Retry"][0]
    assert {"IntervalSeconds", "BackoffRate", "MaxAttempts", "MaxDelaySeconds"} <= set(retrier)
    task = wf["data-flow"]["definition"]["States"]["PriceOrder"]
    assert {"InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath"} <= set(task)
    m = wf["map-orders"]["definition"]["States"]["ShipOrders"]
    assert m["Type"] == "Map" and "ItemSelector" in m and "MaxConcurrency" in m
    errors = {f["mocks"][s][k]["Throw"]["Error"]
              for f in wf["order-retry"]["failures"] for s in f["mocks"] for k in f["mocks"][s]
              if "Throw" in f["mocks"][s][k]}
    assert "Lambda.ServiceException" in errors


def workflow_runs():
    for wid, wf in sorted(CONTENT.workflows.items()):
        inputs = {i["name"]: i["input"] for i in wf["inputs"]}
        for i in wf["inputs"]:
            yield pytest.param(wid, i["input"], None, i.get("expect"), id=f"{wid}: {i['name']}")
        for f in wf.get("failures") or []:
            inp = inputs.get(f.get("input"), wf["inputs"][0]["input"])
            yield pytest.param(wid, inp, f["mocks"], f.get("expect"), id=f"{wid}: {f['name']}")


@pytest.mark.parametrize("wid, input_, mocks, expect", list(workflow_runs()))
def test_workflow_runs_on_the_engine(wid, input_, mocks, expect):
    execute = engine_execute()
    wf = CONTENT.workflows[wid]
    r = execute(wf["definition"], input_, mocks=mocks, workflow_type=wf.get("type", "STANDARD"))
    assert r.status in ("SUCCEEDED", "FAILED")
    for key, value in (expect or {}).items():
        assert same_json(getattr(r, key), value), f"{key}: expected {value!r}, got {getattr(r, key)!r}"


PREDICT = [q for q in CONTENT.questions if q["type"] == "predict"]


@pytest.mark.parametrize("q", PREDICT, ids=[q["id"] for q in PREDICT])
def test_predict_the_path(q):
    """The answer is whatever the engine gives for the question's scenario, never a stored value."""
    execute = engine_execute()
    wf = CONTENT.workflows[q["workflow"]]
    scenario = find(wf, q["scenario"])
    assert scenario is not None and scenario.slug == q["scenario"], q["scenario"]
    r = execute(wf["definition"], scenario.input, mocks=scenario.mocks or None,
                workflow_type=wf.get("type", "STANDARD"))
    got = getattr(r, q["ask"])
    matching = [c["id"] for c in q["choices"] if same_json(c["value"], got)]
    assert matching == q["answer"], (
        f"engine says {q['ask']} = {json.dumps(got)}; choices claiming it: {matching}, answer: {q['answer']}")


def test_predict_questions_run_their_scenario():
    """The loaded question carries its scenario's input and mocks, for the quiz page to show."""
    assert PREDICT
    for q in PREDICT:
        scenario = find(CONTENT.workflows[q["workflow"]], q["scenario"])
        assert q["input"] == scenario.input and q["mocks"] == scenario.mocks, q["id"]
