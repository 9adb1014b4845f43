"""Failure injection: a learner's choices for a Task state, as MockedResponses (no Streamlit).

A learner picks, for a Task state, an error (a predefined name or their own), its cause,
which invocations fail (the first N, every one, or chosen attempt numbers) and what a
successful invocation returns. `to_mocks` writes that in the MockConfigFile's
MockedResponses form, the form `engine.execute(mocks=...)` and AWS Step Functions Local
both read: keys are 0-based invocation numbers per state over the whole execution
(retries included), ranges are inclusive, and past the last key the last entry repeats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Errors a learner can pick from; any other name can be typed in.
ERRORS = (
    "States.TaskFailed",
    "States.Timeout",
    "States.Permissions",
    "Lambda.ServiceException",
    "Lambda.TooManyRequestsException",
    "Lambda.Unknown",
)
MODES = ("first", "every", "attempts")  # the first N attempts, every attempt, chosen ones
MAX_ATTEMPT = 100  # an attempt number past this is refused (mock keys stay readable)


class InjectionError(ValueError):
    """A failure choice that can't become a mock; the message says what to change."""


@dataclass(frozen=True)
class Injection:
    """One Task state's injected failure."""

    state: str
    error: str
    cause: str = ""
    mode: str = "first"
    count: int = 1
    attempts: tuple[int, ...] = ()
    returns: Any = field(default=None)  # what a successful attempt returns (None: keep default)

    def describe(self) -> str:
        """"ChargeCard fails with Lambda.ServiceException on attempts 1–2"."""
        if self.mode == "every":
            when = "on every attempt"
        elif self.mode == "first":
            when = "on attempt 1" if self.count == 1 else f"on attempts 1–{self.count}"
        else:
            shown = ", ".join(str(a) for a in self.attempts)
            when = f"on attempt{'s' if len(self.attempts) != 1 else ''} {shown}"
        return f"{self.state} fails with {self.error} {when}"


def check(injection: Injection) -> Injection:
    """The injection, or InjectionError naming what is wrong with it."""
    name = injection.error.strip()
    if not name:
        raise InjectionError("Give the error a name, for example Lambda.ServiceException.")
    if len(name) > 256:
        raise InjectionError("An error name can be at most 256 characters.")
    if injection.mode not in MODES:
        raise InjectionError(f"Choose which attempts fail: one of {', '.join(MODES)}.")
    if injection.mode == "first" and not 1 <= injection.count <= MAX_ATTEMPT:
        raise InjectionError(f"The number of failing attempts must be between 1 and {MAX_ATTEMPT}.")
    if injection.mode == "attempts":
        if not injection.attempts:
            raise InjectionError("Pick at least one attempt number that fails.")
        bad = [a for a in injection.attempts if not 1 <= a <= MAX_ATTEMPT]
        if bad:
            raise InjectionError(f"Attempt numbers go from 1 to {MAX_ATTEMPT}, not {bad[0]}.")
    return Injection(injection.state, name, injection.cause, injection.mode, injection.count,
                     tuple(sorted(set(injection.attempts))), injection.returns)


def parse_returns(text: str) -> Any:
    """The success value typed as JSON (empty text: None), or InjectionError with its place."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InjectionError(f"The success value is not JSON: {exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno}.") from None


def _key(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def response(injection: Injection, default_return: Any = None) -> dict:
    """The MockedResponse for one injection (keys in invocation order)."""
    throw = {"Throw": {"Error": injection.error, "Cause": injection.cause}} if injection.cause else \
        {"Throw": {"Error": injection.error}}
    value = injection.returns if injection.returns is not None else default_return
    ok = {"Return": value if value is not None else {}}
    if injection.mode == "every":
        return {"0": throw}
    if injection.mode == "first":
        return {_key(0, injection.count - 1): throw, str(injection.count): ok}
    failing = {a - 1 for a in injection.attempts}
    out: dict[str, dict] = {}
    run_start, run_fail = 0, 0 in failing
    last = max(failing) + 1  # the invocation after the last failure succeeds, and repeats
    for i in range(1, last + 1):
        fails = i in failing
        if fails != run_fail:
            out[_key(run_start, i - 1)] = throw if run_fail else ok
            run_start, run_fail = i, fails
    out[_key(run_start, last)] = throw if run_fail else ok
    return out


def to_mocks(injections: list[Injection], base: dict | None = None,
             defaults: dict[str, Any] | None = None) -> dict:
    """The scenario's mocks with each injected state's MockedResponse put in (replacing its own)."""
    mocks = {state: dict(resp) for state, resp in (base or {}).items()}
    for injection in injections:
        mocks[injection.state] = response(injection, (defaults or {}).get(injection.state))
    return mocks


def first_results(execution) -> dict[str, Any]:
    """Each Task state's first result in a run: the default success value to inject."""
    out: dict[str, Any] = {}
    for step in execution.steps or []:
        if step.get("type") == "Task" and "result" in step:
            out.setdefault(step["name"], step["result"])
    return out
