"""ui/retry_timeline.py: attempts on virtual time and the arithmetic of each wait."""

from __future__ import annotations

import random

from engine import execute
from engine.retry import Retrier
from engine.scenarios import find
from study import load_content
from ui import inspector as I
from ui import replay as R
from ui import retry_timeline as RT

WORKFLOWS = load_content().workflows


def test_wait_formula_is_the_documented_arithmetic():
    spec = {"ErrorEquals": ["X"], "IntervalSeconds": 2, "BackoffRate": 2}
    assert RT.wait_formula(spec, 3, 8) == "IntervalSeconds 2 × BackoffRate 2^(3−1) = 8 s"
    capped = {**spec, "MaxDelaySeconds": 5}
    assert RT.wait_formula(capped, 3, 5).endswith("= 8 s, capped by MaxDelaySeconds at 5 s")
    jitter = {**spec, "JitterStrategy": "FULL"}
    drawn = Retrier.from_asl(jitter).delay(3, random.Random(1))
    text = RT.wait_formula(jitter, 3, drawn)
    assert "FULL jitter drew" in text and "from 0–8 s" in text
    assert RT.short_formula(capped, 3, 5) == "min(2 × 2^(3−1), 5) = 5 s"


def test_timeline_of_the_worked_examples_failing_resize():
    wf = WORKFLOWS["image-processing"]
    sc = find(wf, "resize-keeps-failing-with-a-service-error")
    ex = execute(wf["definition"], sc.input, mocks=sc.mocks)
    rp = R.build(ex, wf["definition"])
    (tl,) = RT.timelines(ex, rp, I.state_specs(wf["definition"]))
    assert tl.state == "ResizeImage" and tl.outcome == "caught"
    assert [a.status for a in tl.attempts] == ["retrying", "retrying", "caught"]
    assert [(w.start, w.end) for w in tl.waits] == [(0, 2), (2, 6)]
    assert [w.left for w in tl.waits] == [1, 0]
    assert "Lambda.ServiceException" in tl.waits[0].error_equals
    assert "ResultPath $.error put {Error, Cause} there" in tl.catch and "NotifyAdmin" in tl.catch
    rows = RT.chart_rows(tl)
    assert list(rows["row"]) == ["attempt 1", "wait 1", "attempt 2", "wait 2", "attempt 3"]
    assert list(rows["label"])[1] == "waits 2 × 2^(1−1) = 2 s"
    assert list(rows["label"])[3] == "waits 2 × 2^(2−1) = 4 s"
    assert RT.chart(tl).to_dict()["layer"]  # an altair chart that serialises


def test_no_timeline_when_nothing_failed():
    wf = WORKFLOWS["credit-check"]
    ex = execute(wf["definition"], wf["inputs"][0]["input"])
    assert RT.timelines(ex, R.build(ex, wf["definition"]), I.state_specs(wf["definition"])) == []


def test_an_uncaught_failure_is_a_failed_timeline():
    wf = WORKFLOWS["credit-check"]
    sc = find(wf, "approval-function-throttled")
    ex = execute(wf["definition"], sc.input, mocks=sc.mocks)
    (tl,) = RT.timelines(ex, R.build(ex, wf["definition"]), I.state_specs(wf["definition"]))
    assert tl.outcome == "failed" and tl.catch == "" and tl.waits == []
