"""What a Step Functions run costs (us-east-1 list prices).

    cost(execution)                 one execution, priced on its own (no free tier)
    monthly_cost(type, n, t, d, m)  a month of n executions: free tier, Express GB-hour tiers
    break_even(t, d, m)             the monthly volume from which Express is the cheaper type
    format_usd(usd)                 dollars for people: "$1,234.56", "$0.00", "less than $0.01"

Money is computed with `Decimal` from the figures in PRICES and returned as float
dollars, unrounded (round for display; AWS rounds only the final bill).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

# us-east-1 list prices, from ../shared/research/facts.md §B (facts 10 and 12), which cites
# https://aws.amazon.com/step-functions/pricing/ . Re-check before quoting a price in a question.
PRICES = {
    "region": "us-east-1",
    "standard_usd_per_1000_transitions": Decimal("0.025"),
    "standard_free_transitions_per_month": 4000,  # never expires (not part of the 12-month tier)
    "express_usd_per_million_requests": Decimal("1.00"),
    "express_duration_increment_s": Decimal("0.1"),  # duration rounded up to the next 100 ms
    "express_memory_chunk_mb": 64,  # memory billed in 64 MB chunks
    "mb_per_gb": 1024,  # as in the pricing page's worked example: MB / 1024 = GB
    # (GB-hours in this tier, USD per GB-hour); None = everything above.
    "express_gb_hour_tiers": ((1000, Decimal("0.06000")), (4000, Decimal("0.03000")),
                              (None, Decimal("0.01642"))),
}

WORKFLOW_TYPES = ("STANDARD", "EXPRESS")

# Sanity bounds on inputs: (low, high). Only the Express duration is an AWS limit (facts.md
# §A.1: 5 minutes; Standard: 1 year); the others just reject values no account reaches.
LIMITS = {
    "executions": (0, 10**12),
    "transitions_per_execution": (0, 10**7),
    "transitions": (0, 10**12),
    "duration_s": (0, 365 * 24 * 3600),
    "express_duration_s": (0, 300),
    "memory_mb": (1, 1024 * 1024),
}

_MILLION = Decimal(1_000_000)
_SECONDS_PER_HOUR = Decimal(3600)


# ----------------------------------------------------------------------------- inputs


def _number(field: str, value, *, whole: bool = False, limit: str | None = None) -> Decimal:
    """`value` as a Decimal, or ValueError naming `field` (non-numeric, NaN, out of bounds)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"{field} must be a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{field} must be a finite number, got {value!r}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{field} must be a finite number, got {value!r}")
    if whole and number != number.to_integral_value():
        raise ValueError(f"{field} must be a whole number, got {value!r}")
    low, high = LIMITS[limit or field]
    if number < low:
        raise ValueError(f"{field} must be at least {low}, got {value!r}")
    if number > high:
        raise ValueError(f"{field} must be at most {high:,}, got {value!r}")
    return number


def _count(number: Decimal) -> int | float:
    """A Decimal as int when whole, else float (for the returned breakdowns)."""
    return int(number) if number == number.to_integral_value() else float(number)


def _workflow_type(value) -> str:
    """"STANDARD" or "EXPRESS" (any case), else ValueError."""
    text = str(getattr(value, "value", value)).strip().upper()
    if text not in WORKFLOW_TYPES:
        raise ValueError(f"workflow_type must be STANDARD or EXPRESS, got {value!r}")
    return text


def _field(execution, name: str, default=None):
    """An attribute of an execution object, or a key of a dict."""
    if isinstance(execution, Mapping):
        return execution.get(name, default)
    return getattr(execution, name, default)


def _duration(field: str, value, workflow_type: str) -> Decimal:
    """A duration in seconds, bounded by the workflow type's maximum."""
    limit = "express_duration_s" if workflow_type == "EXPRESS" else "duration_s"
    return _number(field, value, limit=limit)


# ----------------------------------------------------------------------------- billing units


def billed_duration_s(duration_s) -> Decimal:
    """Express billed duration: rounded up to the next 100 ms, at least 100 ms.

    The duration is first rounded to the microsecond so float noise (0.1 + 0.2) does not
    bill an extra 100 ms. The 100 ms minimum is our assumption for the simulator's
    zero-length virtual runs: a real execution never takes zero time.
    """
    step = PRICES["express_duration_increment_s"]
    seconds = Decimal(str(duration_s)).quantize(Decimal("0.000001"))
    steps = max(1, int((seconds / step).to_integral_value(rounding=ROUND_CEILING)))
    return steps * step


def billed_memory_mb(memory_mb) -> int:
    """Express billed memory: rounded up to a whole number of 64 MB chunks (at least one)."""
    chunk = PRICES["express_memory_chunk_mb"]
    chunks = int((Decimal(str(memory_mb)) / chunk).to_integral_value(rounding=ROUND_CEILING))
    return max(1, chunks) * chunk


def gb_hours(executions, billed_s: Decimal, billed_mb: int) -> Decimal:
    """Express GB-hours: executions x billed seconds x billed GB / 3600."""
    return Decimal(executions) * billed_s * Decimal(billed_mb) / PRICES["mb_per_gb"] / _SECONDS_PER_HOUR


def tiered_duration_usd(total_gb_hours: Decimal) -> tuple[Decimal, list[dict]]:
    """Price a month's GB-hours through the tiers; return the total and one row per tier used."""
    rows, left, total = [], total_gb_hours, Decimal(0)
    for size, rate in PRICES["express_gb_hour_tiers"]:
        used = left if size is None else min(left, Decimal(size))
        if used <= 0:
            break
        rows.append({"gb_hours": float(used), "usd_per_gb_hour": float(rate), "usd": float(used * rate)})
        total += used * rate
        left -= used
    return total, rows


def _standard_usd(transitions: Decimal) -> Decimal:
    """Transition charge for a number of billable transitions."""
    return transitions * PRICES["standard_usd_per_1000_transitions"] / 1000


def _request_usd(requests: Decimal) -> Decimal:
    """Express request charge."""
    return requests * PRICES["express_usd_per_million_requests"] / _MILLION


# ----------------------------------------------------------------------------- public


def cost(execution, workflow_type: str | None = None, memory_mb=64) -> dict:
    """What ONE execution costs, priced on its own: no free tier, first duration tier.

    `execution` has `.transitions` (billable state transitions, retries included),
    `.duration` (seconds, virtual) and `.workflow_type`; a dict with those keys works too.
    `workflow_type` overrides the execution's own type, so a run can be priced both ways.
    The 4,000-transition free tier and the cheaper Express GB-hour tiers are monthly and
    account-wide, so they belong to `monthly_cost`, not to a single run.
    """
    kind = _workflow_type(workflow_type or _field(execution, "workflow_type") or "STANDARD")
    if kind == "STANDARD":
        transitions = _number("transitions", _field(execution, "transitions", 0), whole=True)
        usd = _standard_usd(transitions)
        return {"workflow_type": kind, "transitions": int(transitions),
                "transitions_usd": float(usd), "total_usd": float(usd)}
    duration = _duration("duration", _field(execution, "duration", 0.0), kind)
    memory = _number("memory_mb", memory_mb)
    billed_s, billed_mb = billed_duration_s(duration), billed_memory_mb(memory)
    hours = gb_hours(1, billed_s, billed_mb)
    first_rate = PRICES["express_gb_hour_tiers"][0][1]
    requests_usd, duration_usd = _request_usd(Decimal(1)), hours * first_rate
    return {"workflow_type": kind, "requests": 1, "requests_usd": float(requests_usd),
            "duration_s": float(duration), "billed_duration_s": float(billed_s),
            "memory_mb": _count(memory), "billed_memory_mb": billed_mb,
            "gb_hours": float(hours), "duration_usd": float(duration_usd),
            "total_usd": float(requests_usd + duration_usd)}


def monthly_cost(workflow_type: str, executions, transitions_per_execution,
                 duration_s=0.0, memory_mb=64) -> dict:
    """A month's bill for one workload: Standard after the free tier, Express through the tiers.

    `transitions_per_execution` may be an average (a float). Every argument is checked;
    a bad one raises ValueError naming it.
    """
    kind = _workflow_type(workflow_type)
    runs = _number("executions", executions, whole=True)
    per_run = _number("transitions_per_execution", transitions_per_execution)
    duration = _duration("duration_s", duration_s, kind)
    memory = _number("memory_mb", memory_mb)
    if kind == "STANDARD":
        return _standard_month(runs, per_run)
    return _express_month(runs, duration, memory)


def _standard_month(runs: Decimal, per_run: Decimal) -> dict:
    """Standard month: transitions above the free tier at $0.025 per 1,000."""
    transitions = runs * per_run
    free = min(transitions, Decimal(PRICES["standard_free_transitions_per_month"]))
    usd = _standard_usd(transitions - free)
    return {"workflow_type": "STANDARD", "executions": int(runs), "transitions": _count(transitions),
            "free_transitions": _count(free), "billable_transitions": _count(transitions - free),
            "transitions_usd": float(usd), "total_usd": float(usd)}


def _express_month(runs: Decimal, duration: Decimal, memory: Decimal) -> dict:
    """Express month: requests plus GB-hours priced through the tiers."""
    billed_s, billed_mb = billed_duration_s(duration), billed_memory_mb(memory)
    hours = gb_hours(runs, billed_s, billed_mb)
    duration_usd, tiers = tiered_duration_usd(hours)
    requests_usd = _request_usd(runs)
    return {"workflow_type": "EXPRESS", "executions": int(runs), "requests": int(runs),
            "requests_usd": float(requests_usd), "duration_s": float(duration),
            "billed_duration_s": float(billed_s), "memory_mb": _count(memory),
            "billed_memory_mb": billed_mb, "gb_hours": float(hours), "tiers": tiers,
            "duration_usd": float(duration_usd), "total_usd": float(requests_usd + duration_usd)}


def break_even(transitions_per_execution, duration_s, memory_mb=64) -> int | None:
    """The fewest executions per month at which Express costs less than Standard, or None.

    Standard minus Express is 0 at no executions and convex in the volume (Standard's rate
    only rises past the free tier, Express's only falls through the tiers), so once Express
    is cheaper it stays cheaper: a doubling search then a bisection find the crossing.
    """
    per_run = _number("transitions_per_execution", transitions_per_execution)
    duration = _duration("duration_s", duration_s, "EXPRESS")
    memory = _number("memory_mb", memory_mb)
    last_rate = PRICES["express_gb_hour_tiers"][-1][1]
    per_run_hours = gb_hours(1, billed_duration_s(duration), billed_memory_mb(memory))
    final_slope = _standard_usd(per_run) - _request_usd(Decimal(1)) - per_run_hours * last_rate
    if final_slope <= 0:
        return None  # Express never catches up, however many runs
    low, high = 0, 1  # invariant: gap(low) <= 0 < gap(high) once high is found
    while _gap(high, per_run, duration, memory) <= 0:
        low, high = high, high * 2
        if high > LIMITS["executions"][1]:
            return None
    while high - low > 1:
        middle = (low + high) // 2
        if _gap(middle, per_run, duration, memory) > 0:
            high = middle
        else:
            low = middle
    return high


def _gap(runs: int, per_run: Decimal, duration: Decimal, memory: Decimal) -> Decimal:
    """Standard's monthly bill minus Express's, for `runs` executions (exact)."""
    transitions = runs * per_run
    free = min(transitions, Decimal(PRICES["standard_free_transitions_per_month"]))
    standard = _standard_usd(transitions - free)
    hours = gb_hours(runs, billed_duration_s(duration), billed_memory_mb(memory))
    return standard - _request_usd(Decimal(runs)) - tiered_duration_usd(hours)[0]


# ----------------------------------------------------------------------------- display


_CENT = Decimal("0.01")


def format_usd(usd) -> str:
    """Dollars as a person reads them: "$1,234.56", "$0.00" for nothing at all.

    An amount that is not zero but rounds to no cents reads "less than $0.01" rather
    than "$0.00" or "$0.0000"; a negative amount has a real minus sign ("−$1.50"), and a
    negative zero is never shown as "−$0.00".
    """
    if isinstance(usd, bool) or not isinstance(usd, (int, float, Decimal)):
        raise ValueError(f"an amount of money must be a number, got {usd!r}")
    amount = Decimal(str(usd)) if isinstance(usd, float) else Decimal(usd)
    if not amount.is_finite():
        raise ValueError(f"an amount of money must be finite, got {usd!r}")
    if amount == 0:
        return "$0.00"
    sign = "−" if amount < 0 else ""
    cents = abs(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents == 0:
        return "less than $0.01" if amount > 0 else "a credit of less than $0.01"
    return f"{sign}${cents:,.2f}"
