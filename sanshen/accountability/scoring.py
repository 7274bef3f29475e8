"""考核扣分: the county office's scoring rules applied to the register, explained line by line.

For a period, each unit starts from the yearly base score and loses points for every standing error found in the
period (the most specific rule for its category and severity), for every rectification finished after its deadline
and for every entry still not rectified past its deadline. Deductions are summed per indicator and each indicator is
capped; the score is the base less the capped deductions. A quarter's table caps the quarter's deductions, a year's
table the year's.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import timezone

from sanshen.accounts.models import Unit

from .categories import UPDATE_CATEGORIES
from .models import ErrorEntry, ScoringRule, format_points
from .periods import Period

Indicator = ScoringRule.Indicator
Kind = ScoringRule.Kind


@dataclass
class ScoreLine:
    """One deduction: what happened, which rule applied, how many points."""

    day: str
    indicator: str
    what: str
    rule: str
    points: str  # a Decimal as text, so the line can be frozen in an issued bulletin's JSON
    entry_id: int | None = None


@dataclass
class UnitScore:
    unit_id: int
    unit_name: str
    base: str
    lines: list[ScoreLine] = field(default_factory=list)
    # indicator → (raw deduction, counted deduction after the cap, cap or "")
    indicators: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    deduction: str = "0"
    score: str = "0"

    def as_dict(self) -> dict:
        return asdict(self)


def indicator_of(category: str) -> str:
    return Indicator.UPDATES if category in UPDATE_CATEGORIES else Indicator.CONTENT


def _rule_for(rules: list[ScoringRule], entry: ErrorEntry) -> ScoringRule | None:
    """The most specific active error rule: category and severity, then category alone, then severity, then any."""
    best, best_rank = None, -1
    for rule in rules:
        if rule.category and rule.category != entry.category:
            continue
        if rule.severity and rule.severity != entry.severity:
            continue
        rank = (2 if rule.category else 0) + (1 if rule.severity else 0)
        if rank > best_rank:
            best, best_rank = rule, rank
    return best


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def compute_scores(period: Period, *, as_of=None, units=None, rules=None) -> list[UnitScore]:
    """A score per unit for `period`, as the register stood at `as_of` (default now)."""
    as_of = as_of or timezone.now()
    rules = list(ScoringRule.objects.filter(is_active=True)) if rules is None else [r for r in rules if r.is_active]
    if units is None:
        units = [u for u in Unit.objects.filter(is_active=True) if u.is_publishing_unit]
    base_rule = next((r for r in rules if r.kind == Kind.BASE), None)
    base = base_rule.points if base_rule else Decimal("100")
    caps = {r.indicator: r.points for r in rules if r.kind == Kind.CAP and r.indicator}
    error_rules = [r for r in rules if r.kind == Kind.ERROR]
    late_rule = next((r for r in rules if r.kind == Kind.LATE), None)
    open_rule = next((r for r in rules if r.kind == Kind.UNRECTIFIED), None)

    entries = (
        ErrorEntry.objects.standing()
        .found_in(period)
        .filter(unit__in=units, created__lte=as_of)
        .order_by("found_at", "id")
    )
    by_unit: dict[int, list[ErrorEntry]] = {}
    for entry in entries:
        by_unit.setdefault(entry.unit_id, []).append(entry)

    scores = []
    for unit in units:
        lines: list[ScoreLine] = []
        raw: dict[str, Decimal] = {}
        for entry in by_unit.get(unit.pk, []):
            indicator = indicator_of(entry.category)
            rule = _rule_for(error_rules, entry)
            what = f"{entry.category_label}（{entry.get_severity_display()}）：“{entry.text[:30]}”"
            points = rule.points if rule else Decimal("0")
            lines.append(
                ScoreLine(_day(entry.found_at), indicator, what, rule.describe() if rule else "无适用规则，不扣分",
                          str(points), entry.pk)
            )
            raw[indicator] = raw.get(indicator, Decimal("0")) + points
            rectified = entry.rectified_at if entry.rectified_at and entry.rectified_at <= as_of else None
            if late_rule and rectified and entry.deadline and rectified > entry.deadline:
                lines.append(
                    ScoreLine(_day(rectified), Indicator.RECTIFICATION, f"逾期整改：“{entry.text[:30]}”（时限 {_day(entry.deadline)}）",
                              late_rule.describe(), str(late_rule.points), entry.pk)
                )
                raw[Indicator.RECTIFICATION] = raw.get(Indicator.RECTIFICATION, Decimal("0")) + late_rule.points
            if open_rule and not rectified and entry.deadline and entry.deadline < as_of:
                lines.append(
                    ScoreLine(_day(entry.deadline), Indicator.RECTIFICATION, f"超期未整改：“{entry.text[:30]}”（时限 {_day(entry.deadline)}）",
                              open_rule.describe(), str(open_rule.points), entry.pk)
                )
                raw[Indicator.RECTIFICATION] = raw.get(Indicator.RECTIFICATION, Decimal("0")) + open_rule.points
        indicators = {}
        total = Decimal("0")
        for indicator in Indicator.values:
            amount = raw.get(indicator, Decimal("0"))
            cap = caps.get(indicator)
            counted = min(amount, cap) if cap is not None else amount
            total += counted
            indicators[indicator] = (format_points(amount), format_points(counted), format_points(cap) if cap is not None else "")
        scores.append(
            UnitScore(
                unit_id=unit.pk,
                unit_name=unit.short_name or unit.name,
                base=format_points(base),
                lines=lines,
                indicators=indicators,
                deduction=format_points(total),
                score=format_points(base - total),
            )
        )
    return scores


def scores_xlsx(period: Period, scores: list[UnitScore] | list[dict]) -> bytes:
    """考核扣分表 as .xlsx: a summary sheet and every deduction line with its rule."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = [s if isinstance(s, dict) else s.as_dict() for s in scores]
    book = Workbook()
    sheet = book.active
    sheet.title = "得分汇总"
    labels = dict(Indicator.choices)
    header = ["单位", "基础分"] + [f"{labels[i]}扣分" for i in Indicator.values] + ["合计扣分", "得分"]
    sheet.append([f"{period.label}政务公开信息发布考核得分表"])
    sheet.append(header)
    for row in rows:
        sheet.append(
            [row["unit_name"], float(row["base"])]
            + [float(row["indicators"][i][1]) for i in Indicator.values]
            + [float(row["deduction"]), float(row["score"])]
        )
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 22
    detail = book.create_sheet("扣分明细")
    detail.append(["单位", "日期", "指标", "事项", "适用规则", "扣分"])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for row in rows:
        for line in row["lines"]:
            detail.append([row["unit_name"], line["day"], labels[line["indicator"]], line["what"], line["rule"], float(line["points"])])
    for column, width in zip("ABCDEF", (18, 12, 10, 50, 30, 8)):
        detail.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
