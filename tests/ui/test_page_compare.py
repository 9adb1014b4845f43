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


def test_free_tier_makes_small_standard_workloads_free():
    at = open_app("compare")
    at.number_input(key=S.CALC_EXECUTIONS).set_value(100)
    at.number_input(key=S.CALC_TRANSITIONS).set_value(5.0).run()
    assert totals(at)["Standard per month"] == "$0.00"  # 500 transitions < 4,000 free
    assert texts(at.success) == ["✓ Standard is cheaper here, by $0.0002 a month."]


def test_express_over_five_minutes_is_refused_with_a_message():
    at = open_app("compare")
    at.number_input(key=S.CALC_DURATION).set_value(600.0).run()
    assert not at.exception
    assert totals(at)["Express per month"] == "not possible"
    assert texts(at.info)[-1] == "Runs longer than 5 minutes must be Standard workflows."
    assert totals(at)["Standard per month"] == "$249.90"
