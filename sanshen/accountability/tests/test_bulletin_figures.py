"""The bulletin's numbers against the hand-computed quarter of fixture.py."""

import pytest

from sanshen.accountability.figures import compute_figures
from sanshen.accountability.periods import parse_period

from . import fixture


@pytest.fixture
def quarter(oversight):
    fixture.build(oversight)
    return compute_figures(parse_period("2026Q3"), as_of=fixture.AS_OF)


def _row(figures, unit):
    return next(r for r in figures["units"] if r["unit"] == unit)


def test_it_counts_each_unit_by_hand(quarter):
    a, b = _row(quarter, "三江镇"), _row(quarter, "茅坪镇")
    keys = ("published", "sent_back", "escalations", "serious", "general", "errors", "on_time", "late", "open", "overdue",
            "previous_errors", "change")
    assert [a[k] for k in keys] == [1, 1, 0, 1, 2, 3, 1, 1, 1, 1, 1, 2]
    assert [b[k] for k in keys] == [0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1]
    assert [quarter["totals"][k] for k in keys] == [1, 1, 0, 1, 3, 4, 1, 1, 2, 1, 1, 3]


def test_it_averages_the_wait_at_each_stage(quarter):
    assert _row(quarter, "三江镇")["waits"] == {
        "first_review": 1.5, "second_review": 2.0, "final_review": 1.5, "main_leader": None, "county_leader": None,
        "county_review": 2.5,
    }
    assert [(s["label"], s["hours"], s["count"]) for s in quarter["stages"]] == [
        ("初审初校", 1.5, 2), ("复审复校", 2.0, 2), ("终审终校", 1.5, 2), ("主要领导签批", None, 0), ("县领导批示", None, 0),
        ("县信息中心审核", 2.5, 2),
    ]


def test_it_quotes_the_worst_errors_serious_first(quarter):
    assert [(q["unit"], q["text"], q["severity"]) for q in quarter["worst"]] == [
        ("三江镇", "二十大三中全会", "严重表述错误"),
        ("三江镇", "贯切落实", "一般差错"),
        ("三江镇", "热列欢迎", "一般差错"),
        ("茅坪镇", "防讯", "一般差错"),
    ]
    assert [(c["label"], c["serious"], c["general"], c["total"]) for c in quarter["categories"]] == [
        ("错别字", 0, 3, 3), ("规范表述", 1, 0, 1),
    ]


def test_it_draws_the_trend_of_the_last_six_quarters(quarter):
    assert [(t["period"], t["errors"], t["serious"], t["published"]) for t in quarter["trend"]] == [
        ("2025Q2", 0, 0, 0), ("2025Q3", 0, 0, 0), ("2025Q4", 0, 0, 0), ("2026Q1", 0, 0, 0), ("2026Q2", 1, 0, 0), ("2026Q3", 4, 1, 1),
    ]


def test_a_month_and_a_year_count_their_own_days(oversight):
    fixture.build(oversight)
    july = compute_figures(parse_period("2026M07"), as_of=fixture.AS_OF)
    year = compute_figures(parse_period("2026"), as_of=fixture.AS_OF)
    assert [july["totals"][k] for k in ("published", "sent_back", "errors", "previous_errors")] == [1, 0, 2, 0]
    assert [year["totals"][k] for k in ("published", "sent_back", "errors", "previous_errors")] == [1, 1, 5, 0]


def test_it_reports_only_the_chosen_units(oversight):
    fixture.build(oversight)
    figures = compute_figures(parse_period("2026Q3"), as_of=fixture.AS_OF, unit_ids=[oversight.unit_b.pk])
    assert [r["unit"] for r in figures["units"]] == ["茅坪镇"]
    assert figures["totals"]["errors"] == 1
