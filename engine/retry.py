"""Retriers and catchers: which one matches an error, and how long to wait.

Retriers are scanned in order and the first whose ErrorEquals matches decides; when it
has used its MaxAttempts, retrying stops (later retriers are not consulted) and the
catchers are scanned, first match wins. Counters are per retrier, for one entry into
the state. The wait before retry n is IntervalSeconds × BackoffRate^(n−1), capped by
MaxDelaySeconds, then drawn uniformly from [0, wait] when JitterStrategy is FULL.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import TERMINAL_ERRORS

DEFAULT_INTERVAL_SECONDS = 1
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_BACKOFF_RATE = 2.0


def error_matches(names: tuple[str, ...], error: str, task_error: bool = False) -> bool:
    """Does an ErrorEquals list match this error name?

    `task_error`: the error is what a Task's service reported (errors.TaskError), so
    States.ALL matches it even when it is States.DataLimitExceeded.
    """
    if error == "States.Runtime":
        return False  # never retried, never caught
    if error in names:
        return True
    if error in TERMINAL_ERRORS and not task_error:
        return False
    if "States.ALL" in names:
        return True
    return "States.TaskFailed" in names and error != "States.Timeout"


@dataclass(frozen=True)
class Retrier:
    """One entry of a state's Retry field."""

    error_equals: tuple[str, ...]
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    backoff_rate: float = DEFAULT_BACKOFF_RATE
    max_delay_seconds: float | None = None
    jitter_full: bool = False

    @classmethod
    def from_asl(cls, spec: dict) -> "Retrier":
        """Build a retrier from its ASL object (already validated)."""
        return cls(
            error_equals=tuple(spec.get("ErrorEquals", ())),
            interval_seconds=spec.get("IntervalSeconds", DEFAULT_INTERVAL_SECONDS),
            max_attempts=spec.get("MaxAttempts", DEFAULT_MAX_ATTEMPTS),
            backoff_rate=spec.get("BackoffRate", DEFAULT_BACKOFF_RATE),
            max_delay_seconds=spec.get("MaxDelaySeconds"),
            jitter_full=spec.get("JitterStrategy", "NONE") == "FULL",
        )

    def delay(self, retry_number: int, rng) -> float:
        """Seconds to wait before retry `retry_number` (1-based)."""
        try:
            wait = self.interval_seconds * self.backoff_rate ** (retry_number - 1)
        except OverflowError:  # a long run of retries: the cap (or the clock's limit) decides
            wait = float("inf")
        if self.max_delay_seconds is not None:
            wait = min(wait, self.max_delay_seconds)
        if self.jitter_full:
            wait = rng.uniform(0, wait)
        return wait


@dataclass(frozen=True)
class Catcher:
    """One entry of a state's Catch field."""

    error_equals: tuple[str, ...]
    next: str
    result_path: str | None = "$"
    spec: dict | None = None  # the ASL object, for Assign/Output in JSONata mode

    @classmethod
    def from_asl(cls, spec: dict) -> "Catcher":
        """Build a catcher from its ASL object (already validated)."""
        return cls(tuple(spec.get("ErrorEquals", ())), spec.get("Next"), spec.get("ResultPath", "$"), spec)


def find_retrier(retriers: tuple[Retrier, ...], error: str, task_error: bool = False) -> int | None:
    """Index of the first retrier that matches, or None."""
    for i, retrier in enumerate(retriers):
        if error_matches(retrier.error_equals, error, task_error):
            return i
    return None


def find_catcher(catchers: tuple[Catcher, ...], error: str, task_error: bool = False) -> Catcher | None:
    """The first catcher that matches, or None."""
    for catcher in catchers:
        if error_matches(catcher.error_equals, error, task_error):
            return catcher
    return None
