"""Standard vs Express page: the comparison table and the cost calculator's numbers."""

import pytest

from ui_helpers import open_app, texts
from ui import state as S


@pytest.fixture(autouse=True)
def _content(fixture_content):
    return fixture_content


def totals(at):
    return {m.label: m.value for m in at.metric}


def test_comparison_table_is_a_dataframe():
    at = open_app("compare")
    df = at.table[0].value
    assert list(df.columns) == ["Aspect", "Standard", "Express"]
    assert df.iloc[0].tolist() == ["Maximum duration", "1 year", "5 minutes"]


def test_default_calculation():
    at = open_app("compare")
    # 1,000,000 runs x 10 transitions: (10,000,000 - 4,000 free) x $0.025/1,000 = $249.90
    # Express: $1.00 requests + 1,000,000 x 1 s x 64 MB = 17.36 GB-h x $0.06 = $1.04
    assert totals(at) == {"Standard per month": "$249.90", "Express per month": "$2.04"}
    assert texts(at.success) == ["✓ Express is cheaper here, by $247.86 a month."]
    assert any("Break-even:" in m.value for m in at.markdown)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def fill(at, **fields):
    keys = {"executions": S.CALC_EXECUTIONS, "transitions": S.CALC_TRANSITIONS,
            "duration": S.CALC_DURATION, "memory": S.CALC_MEMORY}
    for name, text in fields.items():
        at.text_input(key=keys[name]).input(text)
    at.run()
    assert not at.exception, at.exception
    return at


def test_free_tier_makes_small_standard_workloads_free():
    at = fill(open_app("compare"), executions="100", transitions="5")
    assert totals(at)["Standard per month"] == "$0.00"  # 500 transitions < 4,000 free
    assert totals(at)["Express per month"] == "less than $0.01"  # $0.0002
    assert not at.success
    assert texts(at.info)[-1] == ("= Both types cost the same here to the cent: they differ by "
                                  "less than $0.01 a month.")
    at = fill(at, executions="2000")  # 10,000 transitions, 6,000 billable: $0.15; Express $0.004
    assert texts(at.success) == ["✓ Express is cheaper here, by $0.15 a month."]


def test_one_execution_has_no_four_decimal_money_and_no_minus_zero():
    at = fill(open_app("compare"), executions="1")
    assert totals(at) == {"Standard per month": "$0.00", "Express per month": "less than $0.01"}
    assert any(i.startswith("= Both types cost the same here to the cent") for i in texts(at.info))
    cells = [v for t in at.table[1:] for v in t.value["Amount"].tolist()]
    assert not any("0.0000" in v or v in ("−0", "-0") for v in cells), cells


def test_scientific_notation_and_thousands_separators_are_read():
    at = fill(open_app("compare"), executions="1e6", duration="1000 ms")
    assert totals(at) == {"Standard per month": "$249.90", "Express per month": "$2.04"}
    assert "Read as 1,000,000." in texts(at.caption)
    at = fill(at, executions="1,000,000", duration="2.5 s")
    assert totals(at)["Standard per month"] == "$249.90"
    # 2.5 s x 64 MB x 1,000,000 = 43.40 GB-h x $0.06 = $2.60, plus $1.00 of requests
    assert totals(at)["Express per month"] == "$3.60"


@pytest.mark.parametrize("text, words", [
    ("-5", "can't be negative"),
    ("abc", "“abc” isn't a number"),
    ("1e21", "more than 1,000,000,000,000 (a trillion)"),
])
def test_a_rejected_value_is_explained_under_its_field_and_no_figure_is_shown(text, words):
    at = open_app("compare")
    assert totals(at)  # figures for the default values first
    at = fill(at, executions=text)
    errors = texts(at.error)
    assert len(errors) == 1 and errors[0].startswith("Executions per month: ")
    assert words in errors[0]
    assert not at.metric and not at.success  # nothing computed from the old or the bad value
    assert len(at.table) == 1  # only the comparison table
    assert not (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))
    assert not any("Break-even" in m.value for m in at.markdown)
    # fixing it brings the figures back
    at = fill(at, executions="2000")
    assert not at.error and totals(at)["Standard per month"] == "$0.40"


def test_express_over_five_minutes_is_refused_with_a_message():
    at = fill(open_app("compare"), duration="600")
    assert totals(at)["Express per month"] == "not possible"
    assert texts(at.info)[-1] == "Runs longer than 5 minutes must be Standard workflows."
    assert totals(at)["Standard per month"] == "$249.90"


def test_the_chart_spans_its_axis():
    import json

    at = fill(open_app("compare"), executions="300000")
    chart = (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))[0]
    spec = json.loads(chart.proto.spec)
    layer = spec["layer"][0]
    x = layer["encoding"]["x"]["scale"]
    assert x["nice"] is False and x["domain"] == [100, 100_000_000]
