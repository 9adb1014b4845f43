"""engine.pricing: expectations computed by hand from ../shared/research/facts.md §B."""

import math
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine.pricing import (PRICES, billed_duration_s, billed_memory_mb, break_even, cost,
                            monthly_cost)

FACTS = Path(__file__).parents[2] / ".." / "shared" / "research" / "facts.md"


def run(transitions=0, duration=0.0, workflow_type="STANDARD"):
    """A stand-in for an engine Execution."""
    return SimpleNamespace(transitions=transitions, duration=duration, workflow_type=workflow_type)


# ----------------------------------------------------------------------------- the figures


def test_prices_are_the_documented_figures():
    assert PRICES["standard_usd_per_1000_transitions"] == Decimal("0.025")
    assert PRICES["standard_free_transitions_per_month"] == 4000
    assert PRICES["express_usd_per_million_requests"] == Decimal("1.00")
    assert PRICES["express_duration_increment_s"] == Decimal("0.1")
    assert PRICES["express_memory_chunk_mb"] == 64
    assert PRICES["express_gb_hour_tiers"] == ((1000, Decimal("0.06")), (4000, Decimal("0.03")),
                                               (None, Decimal("0.01642")))


@pytest.mark.skipif(not FACTS.is_file(), reason="../shared/research/facts.md not present")
def test_prices_still_match_facts_md():
    text = FACTS.read_text(encoding="utf-8")
    section = text[text.index("## B."):text.index("## C.")]
    for figure in ("$0.025 per 1,000 state transitions", "4,000 state transitions/month",
                   "$1.00 per million requests", "nearest 100 ms", "64 MB chunks",
                   "$0.06000/GB-hour", "first 1,000", "$0.03000/GB-hour for the next 4,000",
                   "$0.01642/GB-hour"):
        assert figure in " ".join(section.split()), figure


# ----------------------------------------------------------------------------- one execution


def test_standard_execution_costs_its_transitions_without_free_tier():
    bill = cost(run(transitions=10))
    assert bill["workflow_type"] == "STANDARD"
    assert bill["transitions"] == 10
    assert bill["transitions_usd"] == pytest.approx(10 * 0.025 / 1000)  # $0.00025
    assert bill["total_usd"] == bill["transitions_usd"]


def test_retries_are_just_more_transitions():
    # 4 states + 3 retries of one Task = 7 billable transitions (facts §B.11).
    assert cost(run(transitions=7))["total_usd"] == pytest.approx(0.000175)


def test_express_execution_cost():
    bill = cost(run(transitions=10, duration=0.35, workflow_type="EXPRESS"))
    assert bill["billed_duration_s"] == pytest.approx(0.4)
    assert bill["billed_memory_mb"] == 64
    assert bill["requests_usd"] == pytest.approx(1.00 / 1_000_000)
    gb_hours = 0.4 * (64 / 1024) / 3600
    assert bill["gb_hours"] == pytest.approx(gb_hours)
    assert bill["duration_usd"] == pytest.approx(gb_hours * 0.06)  # a single run: first tier
    assert bill["total_usd"] == pytest.approx(0.000001 + gb_hours * 0.06)
    assert "transitions_usd" not in bill  # Express doesn't bill transitions


def test_workflow_type_argument_overrides_the_executions_type():
    execution = run(transitions=10, duration=1.0, workflow_type="STANDARD")
    assert cost(execution, "EXPRESS")["workflow_type"] == "EXPRESS"
    assert cost(execution, "express")["total_usd"] == pytest.approx(1e-6 + 0.0625 / 3600 * 0.06)
    assert cost(run(transitions=1, workflow_type="EXPRESS"), "STANDARD")["total_usd"] == pytest.approx(2.5e-5)


def test_express_memory_argument():
    bill = cost(run(duration=1.0, workflow_type="EXPRESS"), memory_mb=100)
    assert bill["billed_memory_mb"] == 128
    assert bill["duration_usd"] == pytest.approx(1.0 * (128 / 1024) / 3600 * 0.06)


def test_dicts_and_missing_fields():
    assert cost({"transitions": 4, "duration": 2.0})["total_usd"] == pytest.approx(0.0001)
    assert cost(SimpleNamespace(transitions=4))["workflow_type"] == "STANDARD"  # AWS's default type


@pytest.mark.parametrize("execution, workflow_type, field", [
    (run(transitions=-1), None, "transitions"),
    (run(transitions=2.5), None, "transitions"),
    (run(transitions="ten"), None, "transitions"),
    (run(duration=-0.1, workflow_type="EXPRESS"), None, "duration"),
    (run(duration=301, workflow_type="EXPRESS"), None, "duration"),  # Express runs 5 minutes at most
    (run(duration=float("nan"), workflow_type="EXPRESS"), None, "duration"),
    (run(), "LAMBDA", "workflow_type"),
])
def test_cost_rejects_bad_executions(execution, workflow_type, field):
    with pytest.raises(ValueError, match=field):
        cost(execution, workflow_type)


# ----------------------------------------------------------------------------- billing units


@pytest.mark.parametrize("seconds, billed", [
    (0.05, "0.1"), (0.1, "0.1"), (0.101, "0.2"), (0.35, "0.4"), (1, "1.0"), (1.0001, "1.1"),
    (0.1 + 0.2, "0.3"),  # float noise (0.30000000000000004) does not bill another 100 ms
    (299.95, "300.0"),
    (0, "0.1"),  # zero-length virtual run: one increment (documented assumption)
])
def test_duration_rounds_up_to_100_ms(seconds, billed):
    assert billed_duration_s(seconds) == Decimal(billed)


@pytest.mark.parametrize("memory, billed", [
    (1, 64), (50, 64), (62.85, 64), (64, 64), (64.01, 128), (65, 128), (128, 128), (129, 192),
])
def test_memory_is_billed_in_64_mb_chunks(memory, billed):
    # 62.85 MB is the pricing page's memory example (50 MB + 50 KB + 32 KB x 400), billed as 64 MB.
    assert billed_memory_mb(memory) == billed


# ----------------------------------------------------------------------------- a month


def test_standard_month_one_million_runs_of_ten_transitions():
    bill = monthly_cost("STANDARD", 1_000_000, 10, 2.0, 64)
    assert bill["transitions"] == 10_000_000
    assert bill["free_transitions"] == 4000
    assert bill["billable_transitions"] == 9_996_000
    assert bill["total_usd"] == pytest.approx(9_996_000 * 0.025 / 1000)  # $249.90
    assert round(bill["total_usd"], 2) == 249.90


@pytest.mark.parametrize("executions, transitions, usd", [
    (0, 10, 0.0),
    (400, 10, 0.0),  # 4,000 transitions: all free
    (4001, 1, 0.000025),  # one past the free tier
    (1, 4001, 0.000025),
    (1000, 12.5, (12_500 - 4000) * 0.000025),  # an average per run may be fractional
])
def test_standard_free_tier(executions, transitions, usd):
    assert monthly_cost("STANDARD", executions, transitions)["total_usd"] == pytest.approx(usd)


def test_express_month_pricing_page_example():
    # 100 million runs of 10 s at 64 MB: 1e9 s x 64/1024 GB = 62,500,000 GB-s = 17,361.11 GB-h.
    bill = monthly_cost("EXPRESS", 100_000_000, 5, 10, 64)
    assert bill["requests_usd"] == pytest.approx(100.00)
    assert bill["gb_hours"] == pytest.approx(62_500_000 / 3600)
    assert [round(t["usd"], 2) for t in bill["tiers"]] == [60.00, 120.00, 202.97]
    assert [t["gb_hours"] for t in bill["tiers"]][:2] == [1000, 4000]
    assert round(bill["duration_usd"], 2) == 382.97
    assert round(bill["total_usd"], 2) == 482.97


@pytest.mark.parametrize("executions, duration_usd", [
    (1, 0.001 * 0.06),
    (1_000_000, 60.0),  # exactly the first tier
    (1_000_001, 60.0 + 0.001 * 0.03),
    (5_000_000, 60.0 + 120.0),  # exactly the end of the second
    (5_000_001, 180.0 + 0.001 * 0.01642),
    (10_000_000, 180.0 + 5000 * 0.01642),
])
def test_express_tier_boundaries(executions, duration_usd):
    # 3.6 s at 1,024 MB = 3.6 GB-s = 0.001 GB-hour per run.
    bill = monthly_cost("EXPRESS", executions, 0, 3.6, 1024)
    assert bill["gb_hours"] == pytest.approx(executions * 0.001)
    assert bill["duration_usd"] == pytest.approx(duration_usd)
    assert bill["total_usd"] == pytest.approx(duration_usd + executions / 1_000_000)


def test_express_month_rounds_each_run_before_summing():
    # 1,000 runs of 0.25 s are billed as 1,000 x 0.3 s, not 250 s.
    bill = monthly_cost("EXPRESS", 1000, 3, 0.25, 64)
    assert bill["billed_duration_s"] == pytest.approx(0.3)
    assert bill["gb_hours"] == pytest.approx(1000 * 0.3 * 0.0625 / 3600)


def test_single_run_cost_is_not_the_monthly_price():
    # Alone, 10 transitions cost $0.00025; in a month of one run they are within the free tier.
    assert cost(run(transitions=10))["total_usd"] > 0
    assert monthly_cost("STANDARD", 1, 10)["total_usd"] == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"executions": -1}, "executions"),
    ({"executions": 1.5}, "executions"),
    ({"executions": "many"}, "executions"),
    ({"executions": None}, "executions"),
    ({"executions": True}, "executions"),
    ({"executions": float("inf")}, "executions"),
    ({"executions": 10**13}, "executions"),
    ({"transitions_per_execution": -3}, "transitions_per_execution"),
    ({"transitions_per_execution": "10"}, "transitions_per_execution"),
    ({"transitions_per_execution": float("nan")}, "transitions_per_execution"),
    ({"transitions_per_execution": 10**9}, "transitions_per_execution"),
    ({"duration_s": -1}, "duration_s"),
    ({"duration_s": 301}, "duration_s"),  # an Express run can't last over 5 minutes
    ({"memory_mb": 0}, "memory_mb"),
    ({"memory_mb": -64}, "memory_mb"),
    ({"memory_mb": "64"}, "memory_mb"),
    ({"memory_mb": 10**9}, "memory_mb"),
    ({"workflow_type": "LAMBDA"}, "workflow_type"),
])
def test_monthly_cost_validates_every_field(kwargs, field):
    args = {"workflow_type": "EXPRESS", "executions": 1000, "transitions_per_execution": 10,
            "duration_s": 1.0, "memory_mb": 64, **kwargs}
    with pytest.raises(ValueError, match=field):
        monthly_cost(**args)


def test_standard_runs_may_last_longer_than_express_ones():
    assert monthly_cost("STANDARD", 10, 10, 3600 * 24 * 30)["total_usd"] == 0
    assert monthly_cost("STANDARD", 10, 10, 1e6)["workflow_type"] == "STANDARD"
    with pytest.raises(ValueError, match="duration_s"):
        monthly_cost("STANDARD", 10, 10, 366 * 24 * 3600)


def test_whole_floats_are_accepted_as_counts():
    assert monthly_cost("STANDARD", 1e6, 10)["executions"] == 1_000_000


# ----------------------------------------------------------------------------- break-even


def test_break_even_by_hand():
    # 10 transitions, 1 s, 64 MB. Standard: 0.00025 E - 0.10 (free tier) once E > 400.
    # Express: E x (0.000001 + 0.0625/3600 x 0.06) = E x 0.0000020416...
    # Equal at E = 0.10 / (0.00025 - 0.0000020416...) = 403.29..., so from 404 runs.
    assert break_even(10, 1.0, 64) == 404
    assert math.isclose(0.1 / (0.00025 - 1e-6 - 0.0625 / 3600 * 0.06), 403.29, abs_tol=0.01)


@pytest.mark.parametrize("transitions, duration, memory", [
    (10, 1.0, 64), (3, 0.2, 64), (50, 60, 64), (40, 300, 512), (5000, 1, 64), (1.5, 0.1, 64),
])
def test_break_even_is_where_the_monthly_bills_cross(transitions, duration, memory):
    runs = break_even(transitions, duration, memory)
    assert runs is not None and runs >= 1

    def bills(n):
        return (monthly_cost("STANDARD", n, transitions, duration, memory)["total_usd"],
                monthly_cost("EXPRESS", n, transitions, duration, memory)["total_usd"])

    standard, express = bills(runs)
    assert express < standard
    standard, express = bills(runs - 1)
    assert express >= standard
    standard, express = bills(runs * 10)
    assert express < standard  # and it stays cheaper


@pytest.mark.parametrize("transitions, duration, memory", [
    (0, 1.0, 64),  # Standard runs with no transitions cost nothing
    (1, 300, 4096),  # long, fat Express runs never beat one transition at $0.000025
    (25, 300, 512),  # 0.0417 GB-h x $0.01642 = $0.000684 a run even in the cheapest tier > $0.000625
])
def test_break_even_none_when_express_never_wins(transitions, duration, memory):
    assert break_even(transitions, duration, memory) is None


def test_break_even_validates():
    with pytest.raises(ValueError, match="duration_s"):
        break_even(10, 600)
    with pytest.raises(ValueError, match="transitions_per_execution"):
        break_even(-1, 1)


# ----------------------------------------------------------------------------- display


@pytest.mark.parametrize("usd, text", [
    (0, "$0.00"), (0.0, "$0.00"), (-0.0, "$0.00"), (Decimal("0"), "$0.00"),
    (249.9, "$249.90"), (1234567.891, "$1,234,567.89"), (0.01, "$0.01"),
    (0.005, "$0.01"), (0.004999, "less than $0.01"), (0.000025, "less than $0.01"),
    (1e-12, "less than $0.01"), (2.675, "$2.68"), (-1.5, "−$1.50"),
    (-0.0001, "a credit of less than $0.01"),
])
def test_format_usd_reads_as_a_person_writes_money(usd, text):
    from engine.pricing import format_usd

    assert format_usd(usd) == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1.00", None, True])
def test_format_usd_refuses_what_is_not_an_amount(bad):
    from engine.pricing import format_usd

    with pytest.raises(ValueError):
        format_usd(bad)
