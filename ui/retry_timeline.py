"""The Retry timeline: every attempt of a state that failed at least once, on virtual time.

No Streamlit here: `timelines` gives plain rows, `chart` an altair chart of them. Each wait
is labelled with the arithmetic that produced it (IntervalSeconds × BackoffRate^(n−1),
capped by MaxDelaySeconds, and with FULL jitter the draw), the retrier that matched and
the attempts it had left; a catcher that fired says where its ResultPath put the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd

from engine.retry import Retrier, error_matches, find_retrier

from .replay import Replay, seconds_text


def _num(x: float) -> str:
    return f"{x:g}"


def short_formula(spec: dict, retry: int, waited: float) -> str:
    """The same arithmetic in brief, for the chart: "2 × 2^(2−1) = 4 s", "min(…, 5) = 5 s"."""
    r = Retrier.from_asl(spec)
    base = r.interval_seconds * r.backoff_rate ** (retry - 1)
    text = f"{_num(r.interval_seconds)} × {_num(r.backoff_rate)}^({retry}−1)"
    if r.max_delay_seconds is not None and base > r.max_delay_seconds:
        text = f"min({text}, {_num(r.max_delay_seconds)})"
    if r.jitter_full:
        return f"random 0–[{text}] = {seconds_text(round(waited, 2))}"
    return f"{text} = {seconds_text(waited)}"


def wait_formula(spec: dict, retry: int, waited: float) -> str:
    """How a retrier's wait before retry `retry` (1-based) came about, in words and numbers."""
    r = Retrier.from_asl(spec)
    base = r.interval_seconds * r.backoff_rate ** (retry - 1)
    text = (f"IntervalSeconds {_num(r.interval_seconds)} × BackoffRate {_num(r.backoff_rate)}"
            f"^({retry}−1) = {seconds_text(base)}")
    capped = base
    if r.max_delay_seconds is not None and base > r.max_delay_seconds:
        capped = r.max_delay_seconds
        text += f", capped by MaxDelaySeconds at {seconds_text(capped)}"
    if r.jitter_full:
        text += f"; FULL jitter drew {seconds_text(round(waited, 2))} from 0–{seconds_text(capped)}"
    return text


@dataclass(frozen=True)
class Wait:
    """The gap before one retry."""

    start: float
    end: float
    retry: int
    retrier: int  # index in the state's Retry list
    error_equals: tuple[str, ...]
    formula: str
    left: int  # retries this retrier still had after this one
    short: str = ""


@dataclass(frozen=True)
class Attempt:
    """One attempt of the state."""

    number: int
    start: float
    end: float
    status: str
    words: str


@dataclass
class Timeline:
    """One state entry that failed at least once."""

    state: str
    step: int
    attempts: list[Attempt] = field(default_factory=list)
    waits: list[Wait] = field(default_factory=list)
    catch: str = ""  # which catcher fired and where its ResultPath put the error
    outcome: str = ""


def timelines(execution, replay: Replay, specs: dict[str, dict]) -> list[Timeline]:
    """A timeline for every Task, Parallel or Map entry that failed at least once."""
    out: list[Timeline] = []
    for index, step in enumerate(execution.steps or []):
        if step.get("type") not in ("Task", "Parallel", "Map"):
            continue
        retries = step.get("retries") or []
        if not retries and not step.get("caughtBy") and not step.get("error"):
            continue
        spec = specs.get(step["name"], {})
        tl = Timeline(step["name"], index)
        raw = replay.attempts.get(index, [])
        if not raw:  # it failed before any attempt ran (a path or template error): no timeline
            continue
        for n, (start, end, status, words) in enumerate(raw, start=1):
            tl.attempts.append(Attempt(n, start, end, status, words))
        retriers_spec = [r for r in spec.get("Retry") or [] if isinstance(r, dict)]
        retriers = tuple(Retrier.from_asl(r) for r in retriers_spec)
        for n, r in enumerate(retries):
            i = find_retrier(retriers, r.get("error") or "")
            if n < len(tl.attempts) - 1:
                start, end = tl.attempts[n].end, tl.attempts[n + 1].start
            else:
                start = tl.attempts[n].end if n < len(tl.attempts) else 0.0
                end = start + float(r.get("waitSeconds", 0))
            retry = int(r.get("retry", n + 1))
            if i is None:
                continue
            left = max(0, retriers[i].max_attempts - retry)
            waited = float(r.get("waitSeconds", 0))
            tl.waits.append(Wait(start, end, retry, i, retriers[i].error_equals,
                                 wait_formula(retriers_spec[i], retry, waited), left,
                                 short_formula(retriers_spec[i], retry, waited)))
        if step.get("caughtBy"):
            tl.catch = _catch_words(spec, step)
            tl.outcome = "caught"
        elif step.get("error") and "output" not in step:
            tl.outcome = "failed"
        else:
            tl.outcome = "succeeded"
        out.append(tl)
    return out


def _catch_words(spec: dict, step: dict) -> str:
    wanted = tuple(step.get("caughtBy") or ())
    for i, catcher in enumerate(c for c in spec.get("Catch") or [] if isinstance(c, dict)):
        if tuple(catcher.get("ErrorEquals") or ()) != wanted:
            continue
        errors = ", ".join(wanted)
        where = catcher.get("ResultPath", "$")
        if "Output" in catcher or spec.get("_language") == "JSONata":
            put = "its Output gives the state's output" if "Output" in catcher else "the error output becomes the state's output"
        elif where is None:
            put = "ResultPath null discarded {Error, Cause} and kept the input"
        elif where == "$":
            put = "ResultPath $ replaced the input with {Error, Cause}"
        else:
            put = f"ResultPath {where} put {{Error, Cause}} there, beside the input"
        return f"Catch #{i + 1} [{errors}] fired → {catcher.get('Next')}; {put}."
    return f"A catcher [{', '.join(wanted)}] fired → {step.get('next')}."


def matches(spec: dict, error: str) -> list[int]:
    """Indexes of the retriers whose ErrorEquals matches `error` (for explanations)."""
    return [i for i, r in enumerate(spec.get("Retry") or [])
            if isinstance(r, dict) and error_matches(tuple(r.get("ErrorEquals") or ()), error)]


def chart_rows(tl: Timeline) -> pd.DataFrame:
    """One row per attempt and per wait, in the order they happened."""
    rows: list[dict[str, Any]] = []
    for a in tl.attempts:
        rows.append({"row": f"attempt {a.number}", "kind": a.status, "start": a.start, "end": a.end,
                     "label": f"attempt {a.number}: {a.status}"})
    for w in tl.waits:
        rows.append({"row": f"wait {w.retry}", "kind": "wait", "start": w.start, "end": w.end,
                     "label": f"waits {w.short}"})
    rows.sort(key=lambda r: (r["start"], r["kind"] == "wait"))
    return pd.DataFrame(rows)


_COLOURS = {"succeeded": "#15803d", "retrying": "#a16207", "failed": "#b91c1c",
            "caught": "#c2410c", "wait": "#9ca3af"}


def chart(tl: Timeline, *, big: bool = False) -> alt.Chart:
    """Attempts as marks and waits as grey spans on a virtual-time axis, each labelled in words."""
    data = chart_rows(tl)
    size = 16 if big else 12
    order = list(data["row"])
    domain = [k for k in _COLOURS if k in set(data["kind"])]
    colour = alt.Color("kind:N", scale=alt.Scale(domain=domain, range=[_COLOURS[k] for k in domain]),
                       legend=alt.Legend(title=None, orient="bottom", labelFontSize=size))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelFontSize=size, labelLimit=200))
    x = alt.X("start:Q", title="virtual seconds since the execution started",
              axis=alt.Axis(labelFontSize=size, titleFontSize=size))
    base = alt.Chart(data, height=alt.Step(36 if big else 28)).encode(y=y, tooltip=["label", "start", "end"])
    spans = base.transform_filter("datum.end > datum.start").mark_bar(height=16 if big else 12).encode(
        x=x, x2="end:Q", color=colour)
    marks = base.mark_point(filled=True, size=160 if big else 110, shape="diamond").encode(x=x, color=colour)
    text = base.mark_text(align="left", dx=10, fontSize=size - 1, color="#111827").encode(x="end:Q", text="label:N")
    return alt.layer(spans, marks, text)
