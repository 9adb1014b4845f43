"""The real study content: it validates, covers every item of the study guide, and every
example workflow and predict-the-path question agrees with the engine."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest

from engine.scenarios import find
from study import TOPICS, fact_ids, load_content, state_names

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


def test_at_least_250_questions_each_explained():
    assert len(CONTENT.questions) >= 250
    for q in CONTENT.questions:
        assert q["explanation"].strip(), q["id"]
        assert all(c["why"].strip() for c in q["choices"]), q["id"]
        assert q["topic"] in TOPICS
        assert q["difficulty"] in ("easy", "medium", "hard")
        assert fact_ids(q) and set(fact_ids(q)) <= set(CONTENT.facts), q["id"]


def test_each_why_says_whether_its_choice_is_right():
    """The answer key and the explanations agree: only the answer's choices start 'Correct'."""
    for q in CONTENT.questions:
        for c in q["choices"]:
            assert c["why"].lstrip().startswith("Correct") == (c["id"] in q["answer"]), (q["id"], c["id"])


def test_every_topic_has_questions():
    assert {q["topic"] for q in CONTENT.questions} == set(TOPICS)


def test_glossary_related_links_resolve():
    ids = {t["id"] for t in CONTENT.glossary}
    assert len(ids) == len(CONTENT.glossary)
    for t in CONTENT.glossary:
        assert set(t["related"]) <= ids - {t["id"]}, t["id"]
        assert fact_ids(t) and set(fact_ids(t)) <= set(CONTENT.facts), t["id"]


# --------------------------------------------------------------------------------------------
# Facts: every one sourced and dated, every one used, and the corrected statements stay corrected


def all_items():
    """Every item that names facts: questions, terms, rows, pairs and outline nodes."""
    yield from CONTENT.questions
    yield from CONTENT.glossary
    yield from CONTENT.comparison
    yield from CONTENT.guide.get("pairs") or []
    yield from outline_nodes(CONTENT.guide.get("outline") or [])


def outline_nodes(nodes):
    for node in nodes:
        yield node
        yield from outline_nodes(node.get("children") or [])


def test_every_fact_has_an_aws_page_and_a_check_date():
    assert len(CONTENT.facts) >= 60
    for fid, fact in CONTENT.facts.items():
        assert fact["source"]["url"].startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/")), fid
        assert fact["source"]["title"].strip(), fid
        date.fromisoformat(fact["checked"])


def test_every_fact_is_used_and_every_item_cites_one():
    used = set()
    for item in all_items():
        ids = fact_ids(item)
        assert ids, item.get("id") or item.get("aspect")
        used.update(ids)
    assert used <= set(CONTENT.facts)
    assert set(CONTENT.facts) - used == set()


def every_text():
    """All learner-facing text: questions, glossary, comparison and guide (as one string each)."""
    for item in [*CONTENT.questions, *CONTENT.glossary, *CONTENT.comparison]:
        yield item.get("id") or item.get("aspect"), json.dumps(item, ensure_ascii=False)
    yield "guide", json.dumps(CONTENT.guide, ensure_ascii=False)


STALE = [
    "4,000 state transitions per second", "4,000 transitions per second", "2,000 executions per second",
    "100,000 executions per second", "100,000 per second", "over 2,000 per second", "in just two fields",
    "(or from API Gateway or Lambda)",
]


def test_stale_statements_are_gone():
    for where, text in every_text():
        for phrase in STALE:
            assert phrase.lower() not in text.lower(), f"{where}: {phrase!r}"


def test_lambda_best_practice_list_and_statuses_are_current():
    lambda_fact = CONTENT.facts["lambda-errors"]["statement"]
    for name in ("ClientExecutionTimeoutException", "ServiceException", "AWSLambdaException", "SdkClientException"):
        assert f"Lambda.{name}" in lambda_fact
    assert "PENDING_REDRIVE" in CONTENT.facts["execution-statuses"]["statement"]
    terms = {t["id"]: t for t in CONTENT.glossary}
    assert "PENDING_REDRIVE" in terms["execution"]["definition"]
    assert "ClientExecutionTimeoutException" in terms["lambda-errors"]["definition"]
    for field in ("Assign", "Condition", "Items", "Seconds", "Timestamp"):
        assert field in CONTENT.facts["jsonata"]["statement"]


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
        assert fact_ids(r) and set(fact_ids(r)) <= set(CONTENT.facts), r["aspect"]


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


# --------------------------------------------------------------------------------------------
# The bank can't be gamed: answer positions, lengths, true/false balance, giveaway wording


WORD = re.compile(r"[a-z0-9_.$%:/-]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def one_word_apart(a: list[str], b: list[str]) -> bool:
    """Two word lists that differ by one substituted, added or removed word."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def test_one_word_apart_helper():
    assert one_word_apart(words("Standard workflows"), words("Express workflows"))
    assert one_word_apart(words("3 s and then 4.5 s"), words("3 s and then s"))
    assert not one_word_apart(words("Amazon SNS topics"), words("Amazon SQS queues"))
    assert not one_word_apart(words("same text"), words("same text"))


def giveaway_figures(questions: list[dict]) -> dict:
    four = [q for q in questions if len(q["choices"]) == 4 and len(q["answer"]) == 1]
    positions = Counter([c["id"] for c in q["choices"]].index(q["answer"][0]) for q in four)
    single = [q for q in questions if q["type"] in ("single", "predict") and len(q["choices"]) >= 3]
    longest, too_long = 0, []
    for q in single:
        answer = next(c for c in q["choices"] if c["id"] == q["answer"][0])
        if len(answer["text"]) >= max(len(c["text"]) for c in q["choices"] if c is not answer):
            longest += 1
    for q in questions:
        if q["type"] == "true_false":
            continue
        others = [len(c["text"]) for c in q["choices"] if c["id"] not in q["answer"]]
        too_long += [q["id"] for c in q["choices"] if c["id"] in q["answer"] and len(c["text"]) > 1.5 * max(others)]
    tf = [q for q in questions if q["type"] == "true_false"]
    above = [q["id"] for q in questions for c in q["choices"]
             if re.search(r"\b(all|none) of the above\b", c["text"], re.IGNORECASE)]
    near = []
    for q in questions:
        ws = [(c["id"], words(c["text"])) for c in q["choices"]]
        near += [(q["id"], x, y) for i, (x, a) in enumerate(ws) for y, b in ws[i + 1:]
                 if len(a) >= 2 and len(b) >= 2 and one_word_apart(a, b)]
    return {
        "four_option_questions": len(four),
        "position_pct": {k: 100 * positions[i] / len(four) for i, k in enumerate("abcd")},
        "single_answer_questions": len(single),
        "correct_is_longest_pct": 100 * longest / len(single),
        "correct_over_1.5x_next": too_long,
        "true_false": len(tf),
        "true_pct": 100 * sum(q["answer"] == ["true"] for q in tf) / len(tf),
        "all_or_none_of_the_above": above,
        "options_one_word_apart": near,
    }


def test_no_answer_pattern_giveaways(capsys):
    f = giveaway_figures(CONTENT.questions)
    with capsys.disabled():
        print("\nGiveaway figures over", len(CONTENT.questions), "questions:")
        print(f"  answer position over {f['four_option_questions']} four-option questions: "
              + ", ".join(f"{k} {v:.1f}%" for k, v in f["position_pct"].items()))
        print(f"  correct option is the longest: {f['correct_is_longest_pct']:.1f}% of "
              f"{f['single_answer_questions']} single-answer questions")
        print(f"  correct option over 1.5x the next-longest: {len(f['correct_over_1.5x_next'])}")
        print(f"  true/false answered True: {f['true_pct']:.1f}% of {f['true_false']}")
        print(f"  all/none of the above: {len(f['all_or_none_of_the_above'])}; "
              f"option pairs one word apart: {len(f['options_one_word_apart'])}")
    assert all(20 <= v <= 30 for v in f["position_pct"].values()), f["position_pct"]
    assert f["correct_is_longest_pct"] <= 35
    assert f["correct_over_1.5x_next"] == []
    assert 40 <= f["true_pct"] <= 60
    assert f["all_or_none_of_the_above"] == []
    assert f["options_one_word_apart"] == []


def test_most_choice_questions_are_exam_style_scenarios(capsys):
    pool = [q for q in CONTENT.questions if q["type"] in ("single", "multiple")]
    scenarios = [q for q in pool if q.get("style") == "scenario"]
    share = 100 * len(scenarios) / len(pool)
    with capsys.disabled():
        print(f"\nScenario questions: {len(scenarios)} of {len(pool)} single/multiple ({share:.1f}%)")
    assert share >= 60
    for q in scenarios:
        assert len(q["choices"]) >= 4, q["id"]
        assert len(" ".join(q["prompt"].split())) >= 140, q["id"]


def test_predict_questions_cover_every_path_angle():
    assert len(PREDICT) >= 30
    by_workflow = Counter(q["workflow"] for q in PREDICT)
    # Choice rules, Retry/Catch order, ResultPath/OutputPath, Map failure threshold, Parallel failure
    for wid in ("claim-routing", "nightly-export", "order-retry", "data-flow", "invoice-batch",
                "video-upload", "image-processing", "map-orders"):
        assert by_workflow[wid] >= 2, wid
    asks = Counter(q["ask"] for q in PREDICT)
    assert asks["duration"] >= 3 and asks["output"] >= 5 and asks["error"] >= 3
