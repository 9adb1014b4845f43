"""Cost-curve data for the Standard vs Express page. No Streamlit here: the page draws it.

The pricing itself lives in engine.pricing; this module only samples it over a range of
monthly volumes and formats money.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

TYPE_LABELS = {"STANDARD": "Standard", "EXPRESS": "Express"}


def money(usd: float) -> str:
    """$1,234.56; small non-zero amounts keep enough digits to be non-zero ($0.0042)."""
    if usd == 0:
        return "$0.00"
    if abs(usd) < 0.01:
        return f"${usd:.4f}"
    return f"${usd:,.2f}"


def volume_range(*anchors: float | None, low: float = 100, high: float = 1e12) -> list[int]:
    """About 80 log-spaced whole volumes covering every anchor with room either side."""
    present = [a for a in anchors if a]
    lo = max(low, min(present, default=1e4) / 100)
    hi = min(high, max(present, default=1e6) * 100)
    if hi <= lo:
        hi = lo * 1000
    n = 80
    step = (math.log10(hi) - math.log10(lo)) / (n - 1)
    values = {int(round(10 ** (math.log10(lo) + i * step))) for i in range(n)}
    values.update(int(a) for a in present if lo <= a <= hi)
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


def breakdown_rows(bill: dict) -> list[tuple[str, str]]:
    """The lines of one bill, in words, for a small table."""
    if bill["workflow_type"] == "STANDARD":
        return [
            ("State transitions", f"{bill['transitions']:,.0f}"),
            ("Free tier (4,000 a month)", f"−{bill['free_transitions']:,.0f}"),
            ("Billable transitions", f"{bill['billable_transitions']:,.0f}"),
            ("At $0.025 per 1,000", money(bill["transitions_usd"])),
            ("Total", money(bill["total_usd"])),
        ]
    rows = [
        ("Requests (executions)", f"{bill['requests']:,}"),
        ("At $1.00 per million", money(bill["requests_usd"])),
        ("Billed duration (100 ms steps)", f"{bill['billed_duration_s']:g} s"),
        ("Billed memory (64 MB chunks)", f"{bill['billed_memory_mb']} MB"),
        ("GB-hours", f"{bill['gb_hours']:,.2f}"),
    ]
    for i, tier in enumerate(bill.get("tiers") or [], start=1):
        rows.append((f"Duration tier {i}: {tier['gb_hours']:,.2f} GB-h at "
                     f"${tier['usd_per_gb_hour']:.5f}", money(tier["usd"])))
    rows += [("Duration charge", money(bill["duration_usd"])), ("Total", money(bill["total_usd"]))]
    return rows
