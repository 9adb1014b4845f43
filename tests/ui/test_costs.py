"""ui.costs: reading what people type into the calculator, the chart's volumes, bill lines."""

import math

import pytest

from engine.pricing import monthly_cost
from ui.costs import (DURATION, EXECUTIONS, MEMORY, TRANSITIONS, InputProblem, breakdown_rows,
                      parse_quantity, reading, volume_range)


@pytest.mark.parametrize("text, what, value", [
    ("1e6", EXECUTIONS, 1_000_000), ("1,000,000", EXECUTIONS, 1_000_000),
    ("1 000 000", EXECUTIONS, 1_000_000), ("1000000", EXECUTIONS, 1_000_000),
    ("  +250 ", EXECUTIONS, 250), ("10k", EXECUTIONS, 10_000), ("1.5M", EXECUTIONS, 1_500_000),
    ("2 million", EXECUTIONS, 2_000_000), ("0", EXECUTIONS, 0), ("1E3", EXECUTIONS, 1000),
    ("12.5", TRANSITIONS, 12.5), ("10", TRANSITIONS, 10),
    ("2.5 s", DURATION, 2.5), ("2.5s", DURATION, 2.5), ("2.5", DURATION, 2.5),
    ("800 ms", DURATION, 0.8), ("2 min", DURATION, 120), ("1 hour", DURATION, 3600),
    (".5 seconds", DURATION, 0.5),
    ("64 MB", MEMORY, 64), ("64", MEMORY, 64), ("1 GB", MEMORY, 1024), ("1.5gb", MEMORY, 1536),
])
def test_what_people_type_is_read_as_they_mean_it(text, what, value):
    got = parse_quantity(text, what)
    assert got == value
    assert type(got) is type(value) or isinstance(got, (int, float))


@pytest.mark.parametrize("text, what, words", [
    ("", EXECUTIONS, "Enter a number, such as 1,000,000 or 1e6."),
    ("abc", EXECUTIONS, "“abc” isn't a number"),
    ("-5", EXECUTIONS, "can't be negative"),
    ("1e21", EXECUTIONS, "more than 1,000,000,000,000 (a trillion) executions a month"),
    ("2.5", EXECUTIONS, "whole number of executions"),
    ("1,5", TRANSITIONS, "commas only between thousands"),
    ("12,34,567", EXECUTIONS, "commas only between thousands"),
    ("5 kg", DURATION, "“kg” isn't a unit this field understands: use ms, s, min or h"),
    ("0", MEMORY, "at least 1 MB of memory"),
    ("nan", DURATION, "ordinary number"), ("inf", EXECUTIONS, "ordinary number"),
    ("2 years", DURATION, "isn't a unit"),
    ("1e999999", EXECUTIONS, "more than"),
    ("400 days", DURATION, "isn't a unit"),
    ("9000 h", DURATION, "more than 31,536,000 seconds"),
])
def test_a_rejected_value_says_what_to_fix_in_plain_words(text, what, words):
    with pytest.raises(InputProblem) as info:
        parse_quantity(text, what)
    assert words.lower() in str(info.value).lower()
    assert "Decimal" not in str(info.value) and "1000000000000" not in str(info.value)


def test_the_reading_is_shown_only_when_the_text_is_not_already_plain():
    assert reading("1e6", 1_000_000, EXECUTIONS) == "1,000,000"
    assert reading("1,000,000", 1_000_000, EXECUTIONS) is None
    assert reading("1000000", 1_000_000, EXECUTIONS) is None
    assert reading("800 ms", 0.8, DURATION) == "0.8 s"
    assert reading("1 s", 1, DURATION) is None
    assert reading("1 GB", 1024, MEMORY) == "1,024 MB"


@pytest.mark.parametrize("anchors", [(1_000_000, 404), (300_000, None), (7, None), (None, None),
                                     (10**12, None), (123_456, 98_765)])
def test_volumes_start_and_end_on_powers_of_ten_and_cover_the_anchors(anchors):
    volumes = volume_range(*anchors)
    for end in (volumes[0], volumes[-1]):
        assert math.log10(end) == int(math.log10(end)), volumes
    for a in anchors:
        if a and 100 <= a <= 10**12:
            assert volumes[0] <= a <= volumes[-1]
            assert a in volumes
    assert volumes == sorted(set(volumes))


def test_an_empty_free_tier_reads_zero_never_minus_zero():
    rows = dict(breakdown_rows(monthly_cost("STANDARD", 0, 10)))
    assert rows["Free tier (4,000 a month)"] == "0"
    assert rows["Total"] == "$0.00"
    assert dict(breakdown_rows(monthly_cost("STANDARD", 1000, 10)))["Free tier (4,000 a month)"] == "−4,000"


def test_a_sliver_of_money_says_less_than_a_cent():
    rows = dict(breakdown_rows(monthly_cost("EXPRESS", 1, 10, 1, 64)))
    assert rows["At $1.00 per million"] == "less than $0.01"
    assert rows["GB-hours"] == "less than 0.01"
    assert not any("0.0000" in v for v in rows.values())
