"""监测 pages: jobs, findings and indicator status. The county office and county reviewers see all; units their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sanshen.audit.log import client_ip, record

from .access import may_manage, may_view, sees_all
from .charts import column_age_chart
from .forms import RunForm, ThresholdForm
from .indicators import THRESHOLDS
from .inspect import REPORTED_SEVERITIES, kind_label
from .models import MonitoredSite, MonitorFinding, MonitorRun, Threshold
from .runs import thresholds

STATES = (("open", "未消失"), ("gone", "已消失"), ("all", "全部"))


def _check_view(request) -> None:
    if not may_view(request.user):
        raise Http404


def _check_manage(request) -> None:
    if not may_view(request.user):
        raise Http404
    if not may_manage(request.user):
        raise PermissionDenied


def _sites(user):
    qs = MonitoredSite.objects.select_related("unit")
    return qs if sees_all(user) else qs.filter(unit_id=user.unit_id)


def _runs(user):
    qs = MonitorRun.objects.select_related("site", "site__unit", "started_by")
    return qs if sees_all(user) else qs.filter(site__unit_id=user.unit_id)


def _latest_done(site: MonitoredSite) -> MonitorRun | None:
    return site.runs.filter(status=MonitorRun.Status.DONE).order_by("-started").first()


@login_required
def overview(request):
    """监测: what is watched and how it stands, the jobs, and the findings still online."""
    _check_view(request)
    user = request.user
    # The county portal first, then units' own sites, then new-media accounts.
    order = {k: i for i, k in enumerate((MonitoredSite.Kind.COUNTY_SITE, MonitoredSite.Kind.UNIT_SITE, MonitoredSite.Kind.ACCOUNT))}
    sites = sorted(_sites(user).filter(is_active=True), key=lambda s: (order[s.kind], s.unit.sort_order, s.pk))
    status = []
    for site in sites:
        run = _latest_done(site)
        data = run.indicators if run else {}
        chart = column_age_chart(data.get("columns", []), data.get("home")) if site.is_website and data else None
        open_count = site.findings.open().count()
        status.append({"site": site, "run": run, "data": data, "chart": chart, "open": open_count})

    findings = MonitorFinding.objects.visible_to(user).select_related("site", "unit", "submission")
    state = request.GET.get("state", "open")
    kind = request.GET.get("kind", "")
    site_id = request.GET.get("site", "")
    severity = request.GET.get("severity", "")
    if state == "open":
        findings = findings.filter(gone_at__isnull=True)
    elif state == "gone":
        findings = findings.filter(gone_at__isnull=False)
    if kind:
        findings = findings.filter(kind=kind)
    if site_id.isdigit():
        findings = findings.filter(site_id=int(site_id))
    if severity in REPORTED_SEVERITIES:
        findings = findings.filter(severity=severity)
    kinds = sorted(set(MonitorFinding.objects.visible_to(user).values_list("kind", flat=True)))
    page = Paginator(findings.order_by("-last_seen", "-id"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/overview.html",
        {
            "status": status,
            "runs": _runs(user)[:15],
            "page": page,
            "query": query.urlencode(),
            "filters": {"state": state, "kind": kind, "site": site_id, "severity": severity},
            "states": STATES,
            "kinds": [(k, kind_label(k)) for k in kinds],
            "sites": sites,
            "may_manage": may_manage(user),
            "run_kinds": MonitorRun.Kind.choices,
            "severities": [("block", "禁止"), ("serious", "严重"), ("warn", "警告")],
        },
    )


@login_required
def run_detail(request, pk: int):
    _check_view(request)
    run = get_object_or_404(_runs(request.user), pk=pk)
    findings = MonitorFinding.objects.visible_to(request.user).filter(last_run=run).select_related("unit", "submission")
    data = run.indicators or {}
    chart = column_age_chart(data.get("columns", []), data.get("home")) if data.get("columns") or data.get("home") else None
    return render(
        request,
        "monitoring/run.html",
        {"run": run, "findings": findings.order_by("severity", "kind", "id")[:500], "data": data, "chart": chart},
    )


@login_required
def run_progress(request, pk: int):
    """The progress box alone, for the page to poll while the run is going."""
    _check_view(request)
    run = get_object_or_404(_runs(request.user), pk=pk)
    response = render(request, "monitoring/_progress.html", {"run": run})
    if not run.is_active:
        # Finished: reload the whole page once, to show the findings (htmx follows HX-Refresh).
        response["HX-Refresh"] = "true"
    return response


@login_required
def finding_detail(request, pk: int):
    _check_view(request)
    finding = get_object_or_404(
        MonitorFinding.objects.visible_to(request.user).select_related("site", "unit", "submission", "first_run", "last_run"), pk=pk
    )
    return render(request, "monitoring/finding.html", {"finding": finding, "detail": finding.detail or {}})


@login_required
@require_POST
def run_start(request):
    """立即运行: the county office starts a job now; it runs in the background and its page shows the progress."""
    _check_manage(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + form.errors.get("kind", []) + form.errors.get("site", []):
            messages.error(request, error)
        return redirect("monitoring-overview")
    kind, site = form.cleaned_data["kind"], form.cleaned_data["site"]
    active = MonitorRun.objects.filter(kind=kind, site=site, status__in=(MonitorRun.Status.QUEUED, MonitorRun.Status.RUNNING)).first()
    if active is not None:
        messages.error(request, "该任务正在运行，请等待完成后再启动。")
        return redirect("monitoring-run", active.pk)
    with transaction.atomic():
        run = MonitorRun.objects.create(kind=kind, site=site, started_by=request.user)
        record("monitoring.run_started", actor=request.user, obj=run, ip=client_ip(request), kind=kind, site=str(site or ""))
    from .tasks import execute_run

    transaction.on_commit(lambda: execute_run(run.pk))
    messages.success(request, "任务已启动，本页显示进度。")
    return redirect("monitoring-run", run.pk)


@login_required
def threshold_edit(request):
    """监测指标阈值: the county office sets its own thresholds; the national defaults hold until then."""
    _check_view(request)
    current = thresholds()
    manage = may_manage(request.user)
    form = ThresholdForm(request.POST or None, current=current)
    if request.method == "POST":
        _check_manage(request)
        if form.is_valid():
            changed = {k: v for k, v in form.cleaned_data.items() if current[k] != v}
            with transaction.atomic():
                for key, value in changed.items():
                    Threshold.objects.update_or_create(key=key, defaults={"value": value, "updated_by": request.user})
                if changed:
                    record("monitoring.thresholds_changed", actor=request.user, ip=client_ip(request), changed=changed)
            messages.success(request, f"已保存，修改了 {len(changed)} 项阈值。" if changed else "阈值没有变化。")
            return redirect("monitoring-thresholds")
        messages.error(request, "有阈值填写不正确，请按提示修改。")
    rows = [(t, form[t.key]) for t in THRESHOLDS]
    return render(request, "monitoring/thresholds.html", {"form": form, "rows": rows, "may_manage": manage})
