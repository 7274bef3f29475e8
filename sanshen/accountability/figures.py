"""通报数据: the figures of one period, per unit, from the register and the review records.

`compute_figures()` returns plain JSON-ready data: the dashboard shows it, the bulletin renders it, and an issued
bulletin stores it, so what was issued never changes when the register or a scoring rule does later.

Per unit: items published (publish decisions), sent back by county review (打回原单位 and 建议修改 at 县信息中心审核),
standing errors found in the period by severity and work standard, their rectification as of `as_of` (on time,
late, not yet), escalations to the secrecy bureau / cyberspace office, and the average wait at each review stage
(from the decision before to the decision taken at that stage).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from sanshen.accounts.models import Unit
from sanshen.review.models import Decision, Escalation, Status

from .categories import category_label
from .models import ErrorEntry, Severity
from .periods import Period
from .scoring import compute_scores

# The review stages whose waiting time the bulletin reports, in the order an item meets them.
STAGES = (
    Status.FIRST_REVIEW,
    Status.SECOND_REVIEW,
    Status.FINAL_REVIEW,
    Status.MAIN_LEADER,
    Status.COUNTY_LEADER,
    Status.COUNTY_REVIEW,
)
SENT_BACK_ACTIONS = (Decision.Action.SEND_BACK, Decision.Action.REQUEST_CHANGES)
# Decisions that end a wait at a stage.
STAGE_ACTIONS = (
    Decision.Action.PASS,
    Decision.Action.REQUEST_CHANGES,
    Decision.Action.RETURN,
    Decision.Action.SEND_BACK,
    Decision.Action.REFUSE,
    Decision.Action.ESCALATE,
)
WORST_COUNT = 5
TREND_LENGTH = 6


def publishing_units(unit_ids=None) -> list[Unit]:
    units = [u for u in Unit.objects.filter(is_active=True) if u.is_publishing_unit]
    if unit_ids:
        units = [u for u in units if u.pk in set(unit_ids)]
    return units


def _count_by_unit(qs, unit_field: str) -> dict[int, int]:
    return {row[unit_field]: row["n"] for row in qs.values(unit_field).annotate(n=Count("id")).order_by()}


def compute_figures(period: Period, *, as_of=None, unit_ids=None) -> dict:
    as_of = as_of or timezone.now()
    units = publishing_units(unit_ids)
    ids = [u.pk for u in units]
    start, end = period.start, period.end

    published = _count_by_unit(
        Decision.objects.filter(action=Decision.Action.PUBLISH, created__gte=start, created__lt=end, submission__unit__in=ids),
        "submission__unit",
    )
    sent_back = _count_by_unit(
        Decision.objects.filter(
            stage=Status.COUNTY_REVIEW, action__in=SENT_BACK_ACTIONS, created__gte=start, created__lt=end, submission__unit__in=ids
        ),
        "submission__unit",
    )
    escalations = _count_by_unit(
        Escalation.objects.filter(asked_at__gte=start, asked_at__lt=end, submission__unit__in=ids), "submission__unit"
    )
    entries = list(
        ErrorEntry.objects.standing().found_in(period).filter(unit__in=ids, created__lte=as_of)
        .select_related("unit", "submission", "media_account").order_by("found_at", "id")
    )
    previous = _count_by_unit(ErrorEntry.objects.standing().found_in(period.previous()).filter(unit__in=ids), "unit")
    waits = _stage_waits(period, ids)

    rows = []
    for unit in units:
        mine = [e for e in entries if e.unit_id == unit.pk]
        row = {
            "unit_id": unit.pk,
            "unit": unit.short_name or unit.name,
            "published": published.get(unit.pk, 0),
            "sent_back": sent_back.get(unit.pk, 0),
            "escalations": escalations.get(unit.pk, 0),
            **_error_counts(mine, as_of),
            "previous_errors": previous.get(unit.pk, 0),
            "waits": {stage: _average(waits[unit.pk].get(stage, [])) for stage in STAGES},
        }
        row["change"] = row["errors"] - row["previous_errors"]
        rows.append(row)

    totals = {key: sum(r[key] for r in rows) for key in (
        "published", "sent_back", "escalations", "serious", "general", "errors", "on_time", "late", "open", "overdue",
        "previous_errors", "change",
    )}
    all_waits = defaultdict(list)
    for per_stage in waits.values():
        for stage, hours in per_stage.items():
            all_waits[stage].extend(hours)
    stages = [
        {"stage": stage, "label": Status(stage).label, "hours": _average(all_waits.get(stage, [])), "count": len(all_waits.get(stage, []))}
        for stage in STAGES
    ]
    scores = compute_scores(period, as_of=as_of, units=units)
    return {
        "period": period.code,
        "label": period.label,
        "kind": period.kind,
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
        "previous": {"period": period.previous().code, "label": period.previous().label},
        "as_of": timezone.localtime(as_of).isoformat(timespec="minutes"),
        "units": rows,
        "totals": totals,
        "categories": _categories(entries),
        "standards": _standards(entries),
        "stages": stages,
        "worst": [_quote(e) for e in _worst(entries)],
        "trend": _trend(period, ids),
        "scores": [s.as_dict() for s in scores],
    }


def _error_counts(entries: list[ErrorEntry], as_of) -> dict:
    counts = {"serious": 0, "general": 0, "errors": len(entries), "on_time": 0, "late": 0, "open": 0, "overdue": 0}
    for e in entries:
        counts["serious" if e.severity == Severity.SERIOUS else "general"] += 1
        rectified = e.rectified_at if e.rectified_at and e.rectified_at <= as_of else None
        if rectified is None:
            counts["open"] += 1
            if e.deadline and e.deadline < as_of:
                counts["overdue"] += 1
        elif e.deadline and rectified > e.deadline:
            counts["late"] += 1
        else:
            counts["on_time"] += 1
    return counts


def _stage_waits(period: Period, unit_ids: list[int]) -> dict[int, dict[str, list[float]]]:
    """Hours each stage decision in the period waited since the item's previous decision, per unit and stage."""
    waits: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    submissions = (
        Decision.objects.filter(created__gte=period.start, created__lt=period.end, submission__unit__in=unit_ids,
                                action__in=STAGE_ACTIONS, stage__in=STAGES)
        .values_list("submission", flat=True).distinct()
    )
    previous = {}
    decisions = (
        Decision.objects.filter(submission__in=list(submissions), created__lt=period.end)
        .order_by("submission", "created", "id")
        .values_list("submission", "submission__unit", "stage", "action", "created")
    )
    for submission, unit, stage, action, created in decisions:
        before = previous.get(submission)
        previous[submission] = created
        if before is None or created < period.start or action not in STAGE_ACTIONS or stage not in STAGES:
            continue
        waits[unit][stage].append((created - before).total_seconds() / 3600)
    return waits


def _average(hours: list[float]) -> float | None:
    return round(sum(hours) / len(hours), 1) if hours else None


def _categories(entries: list[ErrorEntry]) -> list[dict]:
    table: dict[str, dict] = {}
    for e in entries:
        row = table.setdefault(e.category, {"category": e.category, "label": category_label(e.category), "serious": 0, "general": 0, "total": 0})
        row["serious" if e.severity == Severity.SERIOUS else "general"] += 1
        row["total"] += 1
    return sorted(table.values(), key=lambda r: (-r["total"], r["label"]))


def _standards(entries: list[ErrorEntry]) -> list[dict]:
    from .categories import STANDARD_CHOICES

    counts = defaultdict(int)
    for e in entries:
        counts[e.standard] += 1
    return [{"standard": n, "label": label, "count": counts[n]} for n, label in STANDARD_CHOICES if counts[n]]


def _worst(entries: list[ErrorEntry]) -> list[ErrorEntry]:
    """Serious errors first, the oldest first within a severity: those that stood longest."""
    return sorted(entries, key=lambda e: (e.severity != Severity.SERIOUS, e.found_at, e.pk))[:WORST_COUNT]


def _quote(e: ErrorEntry) -> dict:
    return {
        "entry_id": e.pk,
        "unit": e.unit.short_name or e.unit.name,
        "severity": e.get_severity_display(),
        "category": e.category_label,
        "text": e.text,
        "suggestion": e.suggestion,
        "message": e.message,
        "place": e.place,
        "day": timezone.localtime(e.found_at).strftime("%Y-%m-%d"),
        "source": e.get_source_display(),
    }


def _trend(period: Period, unit_ids: list[int]) -> list[dict]:
    trend = []
    for p in period.recent(TREND_LENGTH):
        standing = ErrorEntry.objects.standing().found_in(p).filter(unit__in=unit_ids)
        trend.append({
            "period": p.code,
            "label": p.label,
            "errors": standing.count(),
            "serious": standing.filter(severity=Severity.SERIOUS).count(),
            "published": Decision.objects.filter(
                action=Decision.Action.PUBLISH, created__gte=p.start, created__lt=p.end, submission__unit__in=unit_ids
            ).count(),
        })
    return trend
