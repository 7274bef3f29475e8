"""考核扣分: the most specific rule for each error, late and unrectified entries, caps per indicator, the base."""

from decimal import Decimal

import pytest
import time_machine

from sanshen.accountability.models import ScoringRule, Severity
from sanshen.accountability.periods import parse_period
from sanshen.accountability.scoring import compute_scores, scores_xlsx

from .helpers import act, beijing, entry_at

Kind = ScoringRule.Kind


def rule(kind, points, *, category="", severity="", indicator=""):
    return ScoringRule(kind=kind, points=Decimal(points), category=category, severity=severity, indicator=indicator)


BASE = [rule(Kind.BASE, "100")]


@pytest.mark.parametrize(
    "rules, entries, deduction, why",
    [
        # the most specific rule wins: category + severity, then category, then severity, then any
        (BASE + [rule(Kind.ERROR, "0.5", severity="general"), rule(Kind.ERROR, "1", category="typo")],
         [("typo", "general")], "1", "错别字 每处扣 1 分"),
        (BASE + [rule(Kind.ERROR, "1", category="typo"), rule(Kind.ERROR, "3", category="typo", severity="serious")],
         [("typo", "serious")], "3", "错别字、严重表述错误 每处扣 3 分"),
        (BASE + [rule(Kind.ERROR, "0.25"), rule(Kind.ERROR, "2", severity="serious")],
         [("place_name", "general")], "0.25", "差错 每处扣 0.25 分"),
        # no rule for it: listed, not deducted
        (BASE + [rule(Kind.ERROR, "2", severity="serious")], [("typo", "general")], "0", "无适用规则，不扣分"),
        # the cap of an indicator holds the sum down
        (BASE + [rule(Kind.ERROR, "2"), rule(Kind.CAP, "3", indicator="content")],
         [("typo", "general"), ("typo", "general")], "3", "差错 每处扣 2 分"),
        # an update indicator has its own cap
        (BASE + [rule(Kind.ERROR, "2"), rule(Kind.CAP, "1", indicator="content")],
         [("typo", "general"), ("stale_column", "general")], "3", "差错 每处扣 2 分"),
        # an inactive rule does nothing
        (BASE + [rule(Kind.ERROR, "2", category="typo"), ScoringRule(kind=Kind.ERROR, points=Decimal("9"), category="typo", is_active=False)],
         [("typo", "general")], "2", "错别字 每处扣 2 分"),
    ],
)
def test_it_applies_the_rules(oversight, rules, entries, deduction, why):
    with time_machine.travel(beijing(2026, 8, 3, 10, 0), tick=False):
        for i, (category, severity) in enumerate(entries):
            entry_at(oversight, category=category, severity=severity, text=f"差错{i}")
        a = next(s for s in compute_scores(parse_period("2026Q3"), rules=rules) if s.unit_name == "三江镇")
    assert (a.deduction, a.score, a.lines[0].rule) == (deduction, str(Decimal("100") - Decimal(deduction)), why)


def test_it_deducts_for_late_and_unrectified_entries(oversight):
    rules = BASE + [rule(Kind.LATE, "0.5"), rule(Kind.UNRECTIFIED, "1"), rule(Kind.CAP, "1.2", indicator="rectification")]
    with time_machine.travel(beijing(2026, 8, 3, 10, 0), tick=False) as clock:  # a Monday; general: due 08-10 10:00
        late = entry_at(oversight, text="逾期整改的")
        entry_at(oversight, text="未整改的")
        on_time = entry_at(oversight, text="按时整改的")
        clock.move_to(beijing(2026, 8, 5, 10, 0))
        act(on_time, oversight.second, "rectify", comment="已改", proof_url="https://www.example.gov.cn/a")
        clock.move_to(beijing(2026, 8, 12, 10, 0))
        act(late, oversight.second, "rectify", comment="已改", proof_url="https://www.example.gov.cn/b")
        a = next(s for s in compute_scores(parse_period("2026Q3"), rules=rules) if s.unit_name == "三江镇")
    assert [(line.indicator, line.what, line.points) for line in a.lines] == [
        ("content", "错别字（一般差错）：“逾期整改的”", "0"),
        ("rectification", "逾期整改：“逾期整改的”（时限 2026-08-10）", "0.5"),
        ("content", "错别字（一般差错）：“未整改的”", "0"),
        ("rectification", "超期未整改：“未整改的”（时限 2026-08-10）", "1"),
        ("content", "错别字（一般差错）：“按时整改的”", "0"),
    ]
    assert a.indicators["rectification"] == ("1.5", "1.2", "1.2")
    assert (a.deduction, a.score) == ("1.2", "98.8")


def test_a_unit_without_errors_keeps_the_base(oversight):
    scores = compute_scores(parse_period("2026"))
    assert {s.unit_name: (s.score, s.lines) for s in scores}["茅坪镇"] == ("100", [])


def test_the_default_rules_come_with_the_installation(db):
    described = sorted(r.describe() for r in ScoringRule.objects.all())
    assert "严重表述错误 每处扣 2 分" in described and "一般差错 每处扣 0.5 分" in described
    assert "“内容准确”指标扣分上限 30 分" in described and "年度基础分 100 分" in described


def test_it_exports_the_table_to_xlsx(oversight):
    import io

    from openpyxl import load_workbook

    with time_machine.travel(beijing(2026, 8, 3, 10, 0), tick=False):
        entry = entry_at(oversight, severity=Severity.SERIOUS)
        act(entry, oversight.second, "rectify", comment="已改", proof_url="https://www.example.gov.cn/a")
    period = parse_period("2026")
    with time_machine.travel(beijing(2026, 12, 1, 10, 0), tick=False):
        book = load_workbook(io.BytesIO(scores_xlsx(period, compute_scores(period, as_of=beijing(2026, 12, 1, 10, 0)))))
    summary = [list(r) for r in book["得分汇总"].iter_rows(values_only=True)]
    assert summary[0][0] == "2026年度政务公开信息发布考核得分表"
    assert summary[1] == ["单位", "基础分", "内容准确扣分", "整改落实扣分", "更新维护扣分", "合计扣分", "得分"]
    assert ["三江镇", 100, 2, 0, 0, 2, 98] in summary
    detail = [list(r) for r in book["扣分明细"].iter_rows(values_only=True)]
    assert detail[1][0] == "三江镇" and detail[1][3] == "错别字（严重表述错误）：“贯切落实”" and detail[1][5] == 2
