"""The Standard vs Express calculator's logic. No Streamlit here: the page draws it.

Reading what people type into the calculator's fields ("1e6", "1,000,000", "2.5 s",
"1 GB"), sampling engine.pricing over a range of monthly volumes for the chart, and the
lines of a bill in words. The prices and money formatting live in engine.pricing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

from engine.pricing import LIMITS, format_usd

TYPE_LABELS = {"STANDARD": "Standard", "EXPRESS": "Express"}


def money(usd: float) -> str:
    """$1,234.56; "less than $0.01" for a non-zero amount below a cent (engine.pricing)."""
    return format_usd(usd)


# --- reading the fields -------------------------------------------------------------------


class InputProblem(ValueError):
    """A field's text can't be used; the message says why in plain words."""


# Words for multiples of a count ("10k", "1.5 million").
_COUNT_UNITS = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000,
                "mn": 1_000_000, "b": 10**9, "bn": 10**9, "billion": 10**9}
_SECONDS = {"": 1, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
            "ms": Decimal("0.001"), "millisecond": Decimal("0.001"),
            "milliseconds": Decimal("0.001"), "min": 60, "mins": 60, "minute": 60,
            "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600}
_MEGABYTES = {"": 1, "mb": 1, "mib": 1, "gb": 1024, "gib": 1024}


@dataclass(frozen=True)
class Quantity:
    """One calculator field: what it counts, its bounds, the units it understands."""

    noun: str  # "executions a month", for messages
    limit: str  # key of engine.pricing.LIMITS
    example: str  # what to type, for messages
    units: dict = field(default_factory=lambda: dict(_COUNT_UNITS))
    unit_names: str = ""  # the units in words, for messages
    whole: bool = False
    low: float | None = None  # overrides the LIMITS low bound


EXECUTIONS = Quantity("executions a month", "executions", "1,000,000 or 1e6", whole=True,
                      unit_names="k, M (million) or B (billion)")
TRANSITIONS = Quantity("state transitions per execution", "transitions_per_execution",
                       "10 or 12.5", unit_names="k or M")
DURATION = Quantity("seconds", "duration_s", "2.5 s, 800 ms or 2 min", units=dict(_SECONDS),
                    unit_names="ms, s, min or h")
MEMORY = Quantity("MB of memory", "memory_mb", "64 MB or 1 GB", units=dict(_MEGABYTES),
                  unit_names="MB or GB")

_TEXT = re.compile(
    r"^(?P<sign>[+-]?)(?P<digits>\d[\d,]*(?:\.\d*)?|\.\d+)(?P<exp>e[+-]?\d+)?(?P<unit>[a-z]*)$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f_']+")


def parse_quantity(text: str, what: Quantity) -> int | float:
    """The number a learner typed in a field, or InputProblem saying what to fix.

    Accepts thousands separators (1,000,000 or 1 000 000), exponents (1e6), a unit or
    multiple after the number ("2.5 s", "800 ms", "1 GB", "10k") and a leading +.
    """
    raw = str(text or "").strip()
    if not raw:
        raise InputProblem(f"Enter a number, such as {what.example}.")
    compact = _SPACES.sub("", raw).lower().replace("−", "-")
    m = _TEXT.match(compact)
    if not m:
        if re.fullmatch(r"[+-]?(nan|inf|infinity)", compact):
            raise InputProblem(f"Enter an ordinary number, such as {what.example}.")
        raise InputProblem(f"“{raw}” isn't a number. Type digits, such as {what.example}.")
    digits, unit = m["digits"], m["unit"]
    if "," in digits:
        whole_part = digits.split(".")[0]
        groups = whole_part.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise InputProblem("Put commas only between thousands (1,000,000); "
                               "use a dot for decimals (2.5).")
    if unit not in what.units:
        raise InputProblem(f"“{unit}” isn't a unit this field understands: use "
                           f"{what.unit_names}, or just a number.")
    try:
        number = Decimal(m["sign"] + digits.replace(",", "") + (m["exp"] or ""))
        number = number * Decimal(what.units[unit])
    except (InvalidOperation, ArithmeticError):
        raise InputProblem(f"That number is too large. Enter, for example, {what.example}.") from None
    low, high = LIMITS[what.limit]
    if what.low is not None:
        low = what.low
    if number < 0:
        raise InputProblem("It can't be negative: enter 0 or more." if low == 0 else
                           f"It can't be negative: enter at least {low:,}.")
    if number < low:
        raise InputProblem(f"Enter at least {low:,} {what.noun}.")
    if number > high:
        raise InputProblem(f"That's more than {_plain(high)} {what.noun}, the most this "
                           "calculator handles.")
    if what.whole and number != number.to_integral_value():
        raise InputProblem(f"Enter a whole number of {what.noun.split(' ')[0]}, "
                           f"such as {int(number):,}.")
    if what.whole:
        return int(number)
    value = float(number)
    return int(value) if value.is_integer() else value


def _plain(n: float) -> str:
    """A bound in words and digits: 1,000,000,000,000 (a trillion)."""
    words = {10**12: "a trillion", 10**9: "a billion", 10**6: "a million"}
    return f"{n:,}" + (f" ({words[n]})" if n in words else "")


def show_quantity(value: float, what: Quantity) -> str:
    """How a parsed value reads back under its field ("1,000,000", "2.5 s", "64 MB")."""
    unit = {"duration_s": " s", "memory_mb": " MB"}.get(what.limit, "")
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return number + unit


def reading(text: str, value: float, what: Quantity) -> str | None:
    """How the field was read ("1,000,000" for "1e6"), or None when the text says it plainly."""
    shown = show_quantity(value, what)
    plain = {_squash(shown), _squash(shown.split(" ")[0])}
    return None if _squash(text) in plain else shown


def _squash(text: str) -> str:
    return re.sub(r"[\s,]", "", str(text).lower())


# --- the chart ----------------------------------------------------------------------------


def volume_range(*anchors: float | None, low: float = 100, high: float = 1e12) -> list[int]:
    """About 80 log-spaced whole volumes from one power of ten to another, covering every
    anchor with room either side. The ends are powers of ten, so a log axis whose domain
    is the first and last volume starts and ends on a labelled tick and the lines span it."""
    present = [a for a in anchors if a]
    lo_exp = math.floor(math.log10(max(low, min(present, default=1e4) / 100)))
    hi_exp = math.ceil(math.log10(min(high, max(present, default=1e6) * 100)))
    if hi_exp - lo_exp < 3:
        hi_exp = lo_exp + 3
    n = 80
    step = (hi_exp - lo_exp) / (n - 1)
    values = {int(round(10 ** (lo_exp + i * step))) for i in range(n)}
    values.update(int(a) for a in present if 10**lo_exp <= a <= 10**hi_exp)
    return sorted(v for v in values if v >= 1)


def symlog_ticks(max_cost: float) -> list[float]:
    """Axis ticks for a symlog cost axis: $0, $1, $10, ... just past the largest cost."""
    top = max(1.0, max_cost)
    return [0.0] + [10.0 ** k for k in range(0, math.ceil(math.log10(top)) + 1)]


def cost_curve(
    monthly_cost: Callable[..., dict],
    volumes: list[int],
    transitions_per_execution: float,
    duration_s: float,
    memory_mb: float,
    types: tuple[str, ...] = ("STANDARD", "EXPRESS"),
) -> pd.DataFrame:
    """Long-form table (executions, type, cost) of each type's monthly bill per volume."""
    rows = []
    for kind in types:
        for v in volumes:
            bill = monthly_cost(kind, v, transitions_per_execution, duration_s, memory_mb)
            rows.append({"executions": v, "type": TYPE_LABELS[kind], "cost": bill["total_usd"]})
    return pd.DataFrame(rows)


# --- the bill in words ----------------------------------------------------------------------


def _less(n: float) -> str:
    """A deduction: "−4,000", or "0" when there is nothing to take off (never "−0")."""
    return f"−{n:,.0f}" if round(n) else "0"


def _hours(gb_hours: float) -> str:
    """GB-hours to two decimals; "less than 0.01" rather than "0.00" for a sliver."""
    if gb_hours and round(gb_hours, 2) == 0:
        return "less than 0.01"
    return f"{gb_hours:,.2f}"


def breakdown_rows(bill: dict) -> list[tuple[str, str]]:
    """The lines of one bill, in words, for a small table."""
    if bill["workflow_type"] == "STANDARD":
        return [
            ("State transitions", f"{bill['transitions']:,.0f}"),
            ("Free tier (4,000 a month)", _less(bill["free_transitions"])),
            ("Billable transitions", f"{bill['billable_transitions']:,.0f}"),
            ("At $0.025 per 1,000", money(bill["transitions_usd"])),
            ("Total", money(bill["total_usd"])),
        ]
    rows = [
        ("Requests (executions)", f"{bill['requests']:,}"),
        ("At $1.00 per million", money(bill["requests_usd"])),
        ("Billed duration (100 ms steps)", f"{bill['billed_duration_s']:g} s"),
        ("Billed memory (64 MB chunks)", f"{bill['billed_memory_mb']} MB"),
        ("GB-hours", _hours(bill["gb_hours"])),
    ]
    for i, tier in enumerate(bill.get("tiers") or [], start=1):
        rows.append((f"Duration tier {i}: {_hours(tier['gb_hours'])} GB-h at "
                     f"${tier['usd_per_gb_hour']:.5f}", money(tier["usd"])))
    rows += [("Duration charge", money(bill["duration_usd"])), ("Total", money(bill["total_usd"]))]
    return rows
