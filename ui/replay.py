"""Replay: a finished execution turned into the moments a learner steps through.

No Streamlit here. The engine runs once; this module reads its history (and the
per-state records in `Execution.steps`) and cuts it into *frames* on virtual time:

- every state entry becomes one or more *beats* (a Task attempt is a beat, so each retry
  is one; a Parallel or Map attempt has a start beat, its branches or iterations, and an
  end beat);
- a frame fires, side by side, every beat that is ready at the earliest moment: Parallel
  branches and Map iterations that run at the same moment share a frame, a Map never runs
  more iterations at once than its MaxConcurrency, and a 24-hour Wait is one beat whose
  frame says "24 h later";
- each frame knows each state's status at that moment, the states it stepped, the edges
  taken so far (a Catch edge that fired among them) and what happened, in words.

The page only draws frames; `engine.to_dot` only colours what a frame says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from engine.graph import rule_text
from engine.retry import Retrier, find_retrier

# Status words, as engine.graph.STATUSES spells them.
PENDING, RUNNING, SUCCEEDED, FAILED, CAUGHT, RETRYING = (
    "pending", "running", "succeeded", "failed", "caught", "retrying")
# When several beats of one state fire in one frame (Map iterations), the one shown.
_PRIORITY = {FAILED: 5, CAUGHT: 4, RETRYING: 3, RUNNING: 2, SUCCEEDED: 1, PENDING: 0}
_MAX_WORDS = 8  # sentences listed for one frame before they are summarised
INLINE_LIMIT = 40  # an inline Map runs up to 40 iterations at a time (AWS's Map processing modes)

START, END = None, None  # the Start and End markers in an edge pair


# ----------------------------------------------------------------------------- words


def seconds_text(seconds: float) -> str:
    """A duration for people: 0.5 s, 4 s, 1 min 30 s, 24 h, 2 d 3 h."""
    s = float(seconds)
    if s < 60:
        return f"{s:.1f} s".replace(".0 s", " s") if s != int(s) else f"{int(s)} s"
    s = round(s)
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days >= 2:
        return f"{days} d {hours} h" if hours else f"{days} d"
    hours += days * 24
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def clock_text(seconds: float) -> str:
    """Virtual time since the start as T+h:mm:ss (with days when needed)."""
    s = int(round(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    head = f"{days} d " if days else ""
    return f"T+{head}{hours}:{minutes:02d}:{secs:02d}"


def _error_text(error: str | None, cause: str | None) -> str:
    if not error:
        return "an error"
    if cause:
        short = " ".join(str(cause).split())
        short = short if len(short) <= 80 else short[:79] + "…"
        return f"{error} ({short})"
    return str(error)


# ----------------------------------------------------------------------------- model


@dataclass
class Beat:
    """One thing that happens to one state at one moment."""

    state: str
    start: float
    end: float
    status: str
    words: str
    events: list[int]
    step: int | None = None
    edge: tuple[str | None, str | None] | None = None
    caught_edge: bool = False
    joins: list = field(default_factory=list)  # (branch's last state, container) pairs it closes
    item: int | None = None  # the Map iteration (item index) it belongs to
    done: bool = False


@dataclass(frozen=True)
class Frame:
    """One moment of the replay."""

    index: int
    time: float
    delta: float
    words: tuple[str, ...]
    current: tuple[str, ...]
    statuses: dict
    taken: frozenset
    caught: frozenset
    steps: tuple[int, ...]
    seen: int

    @property
    def headline(self) -> str:
        """"At T+0:00:06 (4 s later)" for the moment's caption."""
        when = clock_text(self.time)
        return f"{when}, {seconds_text(self.delta)} later" if self.delta > 0 else when


@dataclass
class Replay:
    """All the frames of one execution, and the order its events were replayed in."""

    frames: list[Frame]
    event_order: list[int]
    attempts: dict = field(default_factory=dict)  # step index -> [(start, end, status, words)]
    items: dict = field(default_factory=dict)  # step index -> the Map item it ran for
    outcomes: dict = field(default_factory=dict)  # step index -> its last beat's status

    def __len__(self) -> int:
        return len(self.frames)

    def frame(self, index: int) -> Frame:
        """The frame at `index`, clamped to the run."""
        return self.frames[max(0, min(index, len(self.frames) - 1))]


# Scheduling nodes: a leaf is a beat; a sequence runs its children one after another; a
# group runs its children side by side, at most `limit` at once (0: no limit).


@dataclass
class _Seq:
    children: list = field(default_factory=list)
    i: int = 0


@dataclass
class _Group:
    children: list = field(default_factory=list)
    limit: int = 0
    active: list = field(default_factory=list)
    next: int = 0


def _ready(node) -> list[Beat]:
    """The beats that could fire next under `node` (advancing past finished children)."""
    if isinstance(node, Beat):
        return [] if node.done else [node]
    if isinstance(node, _Seq):
        while node.i < len(node.children):
            found = _ready(node.children[node.i])
            if found:
                return found
            node.i += 1
        return []
    out: list[Beat] = []
    still = []
    for child in node.active:
        found = _ready(child)
        if found:
            still.append(child)
            out.extend(found)
    node.active = still
    while node.next < len(node.children) and (not node.limit or len(node.active) < node.limit):
        child = node.children[node.next]
        node.next += 1
        found = _ready(child)
        if found:
            node.active.append(child)
            out.extend(found)
    return out


# ----------------------------------------------------------------------------- parsing


@dataclass
class _Entry:
    """One entry into a state, with every event it emitted."""

    state: str
    type: str
    step: int
    events: list[dict] = field(default_factory=list)
    attempts: list["_Attempt"] = field(default_factory=list)
    pre: list[int] = field(default_factory=list)  # event ids replayed just before it (MapIterationStarted)
    post: list[int] = field(default_factory=list)  # and just after it (MapIterationSucceeded)


@dataclass
class _Attempt:
    """One run of a Parallel or Map state's body."""

    started: dict
    lanes: dict = field(default_factory=dict)  # branch or iteration index -> [entries]
    iteration: int | None = None
    ended: dict | None = None
    pending: list[int] = field(default_factory=list)


def _owners(definition: dict) -> tuple[dict, dict]:
    """(state -> (container, branch index or None), state -> its spec) across the machine."""
    owners: dict[str, tuple[str, int | None] | None] = {}
    specs: dict[str, dict] = {}

    def walk(scope: Any, container: tuple[str, int | None] | None) -> None:
        states = scope.get("States") if isinstance(scope, dict) else None
        for name, spec in (states or {}).items():
            if not isinstance(spec, dict):
                continue
            owners.setdefault(name, container)
            specs.setdefault(name, spec)
            if spec.get("Type") == "Parallel":
                for b, branch in enumerate(spec.get("Branches") or []):
                    walk(branch, (name, b))
            elif spec.get("Type") == "Map":
                walk(spec.get("ItemProcessor") or spec.get("Iterator") or {}, (name, None))

    walk(definition, None)
    return owners, specs


def _details(event: dict) -> dict:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def _parse(history: list[dict], owners: dict) -> tuple[list[_Entry], dict | None, dict | None]:
    """Top-level entries (containers hold their lanes), the start and the end event."""
    top: list[_Entry] = []
    last: dict[str, _Entry] = {}
    open_attempts: dict[str, _Attempt] = {}
    started = ended = None
    count = 0
    for e in history:
        kind = e.get("type", "")
        name = e.get("state")
        if kind == "ExecutionStarted":
            started = e
        elif kind.startswith("Execution"):
            ended = e
        elif kind.endswith("StateEntered"):
            entry = _Entry(name, kind[: -len("StateEntered")], count, [e])
            count += 1
            lane = top
            owner = owners.get(name)
            attempt = open_attempts.get(owner[0]) if owner else None
            if attempt is not None:
                key = owner[1] if owner[1] is not None else attempt.iteration
                lane = attempt.lanes.setdefault(key, [])
                entry.pre, attempt.pending = attempt.pending, []
            lane.append(entry)
            last[name] = entry
        elif kind in ("ParallelStateStarted", "MapStateStarted") and name in last:
            attempt = _Attempt(e)
            last[name].attempts.append(attempt)
            last[name].events.append(e)
            open_attempts[name] = attempt
        elif kind == "MapIterationStarted" and name in open_attempts:
            open_attempts[name].iteration = _details(e).get("index")
            open_attempts[name].pending.append(e["id"])
        elif kind in ("MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted") and name in open_attempts:
            lane = open_attempts[name].lanes.get(_details(e).get("index"))
            if lane:
                lane[-1].post.append(e["id"])
            else:
                open_attempts[name].pending.append(e["id"])
        elif kind in ("ParallelStateSucceeded", "ParallelStateFailed", "MapStateSucceeded",
                      "MapStateFailed") and name in open_attempts:
            open_attempts[name].ended = e
            last[name].events.append(e)
        elif name in last:
            last[name].events.append(e)
    return top, started, ended


# ----------------------------------------------------------------------------- beats


class _Builder:
    """Turns parsed entries into scheduling nodes of beats."""

    def __init__(self, execution, specs: dict, t0):
        self.steps = execution.steps or []
        self.specs = specs
        self.t0 = t0
        self.attempts: dict[int, list[tuple[float, float, str, str]]] = {}
        self.depth_in_map = 0  # > 0 while building a Map iteration's lane

    def unhandled(self) -> str:
        """What becomes of an error no retrier or catcher takes, where the state runs."""
        return ", so its Map iteration fails" if self.depth_in_map else "; nothing retries or catches it"

    def t(self, event: dict) -> float:
        stamp = event.get("timestamp")
        if self.t0 is None or stamp is None:
            return 0.0
        return (stamp - self.t0).total_seconds()

    def step(self, entry: _Entry) -> dict:
        return self.steps[entry.step] if entry.step < len(self.steps) else {}

    def lane(self, entries: list[_Entry], into: str | None, item: int | None = None) -> _Seq:
        """One lane: its entries in order, each entered through the edge that led there."""
        seq = _Seq()
        previous: _Entry | None = None
        previous_caught = False
        for entry in entries:
            node, caught = self.entry(entry)
            first, final = _first_beat(node), _last_beat(node)
            if first is not None:
                first.edge = (previous.state if previous else into, entry.state)
                first.caught_edge = previous_caught
                first.events[:0] = entry.pre
            if final is not None:
                final.events.extend(entry.post)
            if item is not None:
                _mark_item(node, item)
            seq.children.append(node)
            previous, previous_caught = entry, caught
        return seq

    def entry(self, entry: _Entry):
        """(node, was the entry's error caught) for one state entry."""
        step = self.step(entry)
        caught = bool(step.get("caughtBy"))
        if entry.type == "Task":
            return self.task(entry, step, caught), caught
        if entry.type in ("Parallel", "Map"):
            return self.container(entry, step, caught), caught
        return self.simple(entry, step), caught

    def simple(self, entry: _Entry, step: dict) -> Beat:
        first, last = entry.events[0], entry.events[-1]
        exited = any(e["type"].endswith("StateExited") for e in entry.events)
        spec = self.specs.get(entry.state, {})
        if entry.type == "Fail":
            status = FAILED
            words = f"{entry.state} fails the execution with {_error_text(step.get('error') or spec.get('Error'), step.get('cause') or spec.get('Cause'))}."
        elif not exited:
            status = FAILED
            words = f"{entry.state} failed with {_error_text(step.get('error'), step.get('cause'))}."
        else:
            status = SUCCEEDED
            words = self.simple_words(entry, step, spec, self.t(last) - self.t(first))
        return Beat(entry.state, self.t(first), self.t(last), status, words,
                    [e["id"] for e in entry.events], entry.step)

    def simple_words(self, entry: _Entry, step: dict, spec: dict, waited: float) -> str:
        name = entry.state
        if entry.type == "Choice":
            chosen = step.get("next")
            rules = spec.get("Choices") or []
            for rule in rules:
                if isinstance(rule, dict) and rule.get("Next") == chosen:
                    return f"{name} chose {chosen}: the rule `{rule_text(rule)}` matched."
            if chosen and chosen == spec.get("Default"):
                return f"{name} took its Default, {chosen}: no rule matched."
            return f"{name} chose {chosen}." if chosen else f"{name} made its choice."
        if entry.type == "Wait":
            return f"{name} waited {seconds_text(waited)}." if waited > 0 else f"{name} had nothing to wait for."
        if entry.type == "Succeed":
            return f"{name} ends the run successfully."
        if entry.type == "Pass":
            return f"{name} passed its data on" + (" with its Result." if "Result" in spec else ".")
        return f"{name} finished."

    def task(self, entry: _Entry, step: dict, caught: bool):
        """One beat per attempt (each Scheduled event starts one)."""
        attempts: list[list[dict]] = []
        for e in entry.events:
            if e["type"].endswith("Scheduled"):
                attempts.append([])
            if attempts:
                attempts[-1].append(e)
        if not attempts:  # failed before the task was scheduled (a path or template error)
            return self.simple(entry, step)
        retries = list(step.get("retries") or [])
        beats = []
        for n, events in enumerate(attempts):
            outcome = next((e for e in reversed(events) if e["type"].endswith(("Succeeded", "Failed", "TimedOut"))), None)
            more = n + 1 < len(attempts)
            ids = [e["id"] for e in events]
            if n == 0:
                ids = [e["id"] for e in entry.events[: entry.events.index(events[0])]] + ids
            if not more:
                ids += [e["id"] for e in entry.events[entry.events.index(events[-1]) + 1:]]
            start = self.t(events[0])
            end = self.t(outcome) if outcome else self.t(events[-1])
            label = f"{entry.state}" if len(attempts) == 1 else f"{entry.state} (attempt {n + 1})"
            if outcome is None:
                status, words = (FAILED, f"{label} was still running when the execution ended.")
            elif outcome["type"].endswith("Succeeded"):
                status = SUCCEEDED
                words = f"{label} succeeded."
                if more:
                    words = f"{label} succeeded, and its request is delivered again (asynchronous Express is at-least-once)."
            else:
                d = _details(outcome)
                error = d.get("error") or ("States.Timeout" if outcome["type"].endswith("TimedOut") else None)
                what = f"{label} failed with {_error_text(error, d.get('cause'))}"
                if more and retries:
                    r = retries.pop(0)
                    status = RETRYING
                    limit = self.retry_limit(entry.state, r.get("error"))
                    of = f" of {limit}" if limit else ""
                    words = f"{what}; retry {r.get('retry')}{of} in {seconds_text(r.get('waitSeconds', 0))}."
                elif caught:
                    status = CAUGHT
                    words = f"{what}; caught by {_catch_text(step)}."
                else:
                    status = FAILED
                    words = f"{what}{self.unhandled()}."
            beats.append(Beat(entry.state, start, end, status, words, ids, entry.step))
            self.attempts.setdefault(entry.step, []).append((start, end, status, words))
        return _Seq(beats)

    def retry_limit(self, state: str, error: str | None) -> int | None:
        """MaxAttempts of the retrier that matches `error` on `state`."""
        retriers = tuple(Retrier.from_asl(r) for r in self.specs.get(state, {}).get("Retry") or [] if isinstance(r, dict))
        index = find_retrier(retriers, error or "")
        return retriers[index].max_attempts if index is not None else None

    def container(self, entry: _Entry, step: dict, caught: bool):
        """Start beat, the branches or iterations side by side, end beat; per attempt."""
        spec = self.specs.get(entry.state, {})
        if not entry.attempts:  # failed before its body started (e.g. ItemsPath)
            return self.simple(entry, step)
        retries = list(step.get("retries") or [])
        seq = _Seq()
        for n, attempt in enumerate(entry.attempts):
            more = n + 1 < len(entry.attempts)
            label = entry.state if len(entry.attempts) == 1 else f"{entry.state} (attempt {n + 1})"
            t_start = self.t(attempt.started)
            keys = sorted(attempt.lanes, key=lambda k: (k is None, k or 0))
            lanes = [attempt.lanes[k] for k in keys]
            if entry.type == "Parallel":
                count = len(spec.get("Branches") or []) or len(lanes)
                opening = f"{label} starts its {count} branches side by side."
                limit = 0
            else:
                length = _details(attempt.started).get("length", len(lanes))
                limit = spec.get("MaxConcurrency") if isinstance(spec.get("MaxConcurrency"), int) else 0
                at_once = f", at most {limit} at a time" if limit else ", all at once"
                if not _distributed(spec) and not 0 < limit <= INLINE_LIMIT:
                    limit = INLINE_LIMIT  # an inline Map runs at most 40 iterations at once
                    at_once = f", at most {INLINE_LIMIT} at a time (an inline Map's limit)"
                opening = f"{label} starts {length:,} iteration{'s' if length != 1 else ''}{at_once}."
            # Every event of the state itself up to its body's end (MapRunStarted, ...) opens it.
            first = 0 if n == 0 else entry.events.index(attempt.started)
            body_end = entry.events.index(attempt.ended) if attempt.ended is not None else len(entry.events)
            ids_before = entry.events[first:body_end]
            start = Beat(entry.state, t_start, t_start, RUNNING, opening, [e["id"] for e in ids_before], entry.step)
            group = _Group(limit=limit or 0)
            for key, lane in zip(keys, lanes):
                is_map = entry.type == "Map"
                self.depth_in_map += is_map
                group.children.append(self.lane(lane, entry.state, key if is_map and isinstance(key, int) else None))
                self.depth_in_map -= is_map
            end_event = attempt.ended
            after = entry.events[entry.events.index(end_event):] if end_event is not None else []
            if more:
                nxt = entry.events.index(entry.attempts[n + 1].started)
                after = entry.events[entry.events.index(end_event): nxt] if end_event is not None else []
            t_end = self.t(end_event) if end_event is not None else t_start
            failed = end_event is None or end_event["type"].endswith("Failed")
            if not failed:
                status = SUCCEEDED
                words = (f"{label}: all {len(lanes)} branches finished." if entry.type == "Parallel"
                         else f"{label}: all {len(lanes):,} iterations finished.")
            else:
                error, cause = step.get("error"), step.get("cause")
                if retries and more:
                    r = retries.pop(0)
                    error, cause = r.get("error"), r.get("cause")
                what = f"{label} failed with {_error_text(error, cause)}"
                if more:
                    status = RETRYING
                    r_limit = self.retry_limit(entry.state, error)
                    of = f" of {r_limit}" if r_limit else ""
                    words = f"{what}; retry {n + 1}{of}."
                elif caught:
                    status, words = CAUGHT, f"{what}; caught by {_catch_text(step)}."
                else:
                    status, words = FAILED, f"{what}{self.unhandled()}."
            end = Beat(entry.state, t_end, t_end, status, words, [e["id"] for e in after], entry.step)
            if not failed:
                end.joins = [(lane[-1].state, entry.state) for lane in lanes if lane]
            seq.children.append(_Seq([start, group, end]))
            self.attempts.setdefault(entry.step, []).append((t_start, t_end, status, words))
        return seq


def _mark_item(node, item: int) -> None:
    """Tag every beat under `node` (not already tagged by an inner Map) with its item index."""
    if isinstance(node, Beat):
        if node.item is None:
            node.item = item
        return
    for child in node.children:
        _mark_item(child, item)


def _distributed(spec: dict) -> bool:
    processor = spec.get("ItemProcessor") or spec.get("Iterator") or {}
    config = processor.get("ProcessorConfig") if isinstance(processor, dict) else None
    return isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"


def _first_beat(node) -> Beat | None:
    if isinstance(node, Beat):
        return node
    if isinstance(node, _Seq):
        for child in node.children:
            found = _first_beat(child)
            if found is not None:
                return found
    return None


def _last_beat(node) -> Beat | None:
    if isinstance(node, Beat):
        return node
    if isinstance(node, _Seq):
        for child in reversed(node.children):
            found = _last_beat(child)
            if found is not None:
                return found
    return None


def _catch_text(step: dict) -> str:
    errors = ", ".join(step.get("caughtBy") or []) or "a catcher"
    nxt = step.get("next")
    return f"[{errors}] → {nxt}" if nxt else f"[{errors}]"


# ----------------------------------------------------------------------------- frames


def build(execution, definition: dict) -> Replay:
    """Every frame of a finished execution, from its start to its end."""
    history = execution.history or []
    owners, specs = _owners(definition)
    top, started, ended = _parse(history, owners)
    t0 = started["timestamp"] if started else (history[0]["timestamp"] if history else None)
    builder = _Builder(execution, specs, t0)
    root = builder.lane(top, START)

    frames: list[Frame] = []
    order: list[int] = []
    statuses: dict[str, str] = {}
    taken: set = set()
    caught: set = set()
    items: dict[int, int] = {}
    outcomes: dict[int, str] = {}
    now = 0.0

    def add(time: float, words, current, steps, display: dict) -> None:
        delta = time - frames[-1].time if frames else 0.0
        frames.append(Frame(len(frames), time, delta, tuple(words), tuple(current), display,
                            frozenset(taken), frozenset(caught), tuple(steps), len(order)))

    if started is not None:
        order.append(started["id"])
    add(0.0, ["The execution starts with its input."], (), (), {})

    ready = _ready(root)
    while ready:
        moment = max(now, min(b.end for b in ready))
        fire = [b for b in ready if max(b.end, now) <= moment]
        now = moment
        fired_status: dict[str, str] = {}
        for beat in fire:
            beat.done = True
            order.extend(beat.events)
            if beat.step is not None:
                outcomes[beat.step] = beat.status
                if beat.item is not None:
                    items[beat.step] = beat.item
            old = fired_status.get(beat.state)
            if old is None or _PRIORITY[beat.status] >= _PRIORITY[old]:
                fired_status[beat.state] = beat.status
            if beat.edge is not None:
                taken.add(beat.edge)
                if beat.caught_edge:
                    caught.add(beat.edge)
            taken.update(beat.joins)
        statuses.update(fired_status)
        ready = _ready(root)
        display = dict(statuses)
        for beat in ready:  # entered but not finished at this moment: a long Wait, a slow task
            if beat.start <= now < beat.end:
                display[beat.state] = RUNNING
        add(now, _summarise(fire), list(dict.fromkeys(b.state for b in fire)),
            sorted({b.step for b in fire if b.step is not None}), display)

    if ended is not None:
        order.append(ended["id"])
        end_t = builder.t(ended)
        kind = ended["type"]
        d = _details(ended)
        last_top = top[-1].state if top else None
        if kind == "ExecutionSucceeded":
            words = "The execution succeeded."
            if last_top is not None:
                taken.add((last_top, END))
        elif kind == "ExecutionTimedOut":
            words = f"The execution timed out after {seconds_text(end_t)}: {_error_text(d.get('error'), d.get('cause'))}."
        elif kind == "ExecutionFailed":
            words = f"The execution failed with {_error_text(d.get('error'), d.get('cause'))}."
            if last_top is not None and top[-1].type == "Fail":
                taken.add((last_top, END))
        else:
            words = f"The execution ended: {kind}."
        add(max(end_t, now), [words], (), (), dict(statuses))
    return Replay(frames, order, builder.attempts, items, outcomes)


def _summarise(beats: list[Beat]) -> list[str]:
    """A frame's sentences: each beat's words, or counts when many states fired at once."""
    if len(beats) <= _MAX_WORDS:
        return [b.words if b.item is None else f"Item {b.item}: {b.words}" for b in beats]
    groups: dict[tuple[str, str], list[Beat]] = {}
    for b in beats:
        groups.setdefault((b.state, b.status), []).append(b)
    out = []
    for (state, status), group in groups.items():
        items = sorted(b.item for b in group if b.item is not None)
        where = f" for item{'s' if len(items) > 1 else ''} {_ranges(items)}" if items else ""
        n = len(group)
        verb = "started" if status == RUNNING else status
        out.append(f"{state} {verb}{where}" + (f" ({n:,} at once)." if n > 1 else "."))
    notable = [b.words if b.item is None else f"Item {b.item}: {b.words}"
               for b in beats if b.status in (FAILED, CAUGHT, RETRYING)][:3]
    return out + notable


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] as "1–3, 7, 9–10" (at most four runs, then "…")."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = [f"{a}–{b}" if a != b else str(a) for a, b in runs[:4]]
    return ", ".join(text) + (", …" if len(runs) > 4 else "")


def statuses_before(replay: Replay, index: int) -> dict:
    """The statuses shown at frame `index` (convenience for callers that only draw)."""
    return replay.frame(index).statuses


def index_of(value: str | int | None, replay: Replay) -> int | None:
    """A frame index from the address's `step` ("end", a number), or None when it is not one."""
    if value is None or value == "":
        return None
    if str(value).lower() == "end":
        return len(replay) - 1
    try:
        n = int(str(value))
    except ValueError:
        return None
    return max(0, min(n, len(replay) - 1))


def states_in(replay: Replay) -> list[str]:
    """Every state that ran at least once, in the order it first ran."""
    seen: dict[str, None] = {}
    for frame in replay.frames:
        for name in frame.current:
            seen.setdefault(name, None)
    return list(seen)


def fired_between(replay: Replay, start: int, end: int) -> Iterable[Frame]:
    """Frames start..end inclusive (for a play-through)."""
    return replay.frames[max(0, start): end + 1]
