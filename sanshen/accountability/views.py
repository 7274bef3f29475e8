"""Pages of 责任追究: 问题台账, 整改, 通报, 统计看板, 考核, 约谈, 移送保密局, and the public 找错 form.

Thin views: fetch through the access helpers at the top (other units' entries are 404), validate a form, call
register / bulletins / interviews, redirect. Who may do what is rules.py's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanshen.audit.log import client_ip, record
from sanshen.review.models import Decision, FindingRecord, Status, Submission

from . import bulletins, interviews, register, rules
from .categories import suggest_severity
from .charts import all_charts
from .exceptions import AccountabilityError, ImportFailed
from .figures import compute_figures, publishing_units
from .forms import (
    BULK_ACTIONS,
    ActionForm,
    BulkForm,
    BulletinForm,
    EntryForm,
    FilterForm,
    FollowUpForm,
    ImportForm,
    InterviewForm,
    NewBulletinForm,
    PublicReportForm,
    ReferralAnswerForm,
    ReviewRegisterForm,
    RuleForm,
)
from .importing import import_superior_xlsx, template_xlsx
from .models import Bulletin, ErrorEntry, Interview, Reminder, ScoringRule, Severity, Source, State
from .periods import Period, parse_period, period_of
from .scoring import compute_scores, scores_xlsx

PAGE_SIZE = 50
# 我为政府网站找错: at most this many reports per address per hour and per day (no captcha on the public site).
PUBLIC_REPORTS_PER_HOUR = 5
PUBLIC_REPORTS_PER_DAY = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_entry(request, pk: int) -> ErrorEntry:
    """Every entry page reaches its entry through here: other units' entries do not exist for you (404)."""
    qs = rules.visible_entries(request.user).select_related("unit", "submission", "revision", "found_by", "media_account")
    return get_object_or_404(qs, pk=pk)


def _office_only(request) -> None:
    if not rules.can_manage(request.user):
        raise PermissionDenied


def _register_user(request) -> None:
    if not rules.can_open_register(request.user):
        raise Http404


def _current_period(request, kind: str = "quarter") -> Period:
    text = request.GET.get("period", "")
    if text:
        try:
            return parse_period(text)
        except AccountabilityError as exc:
            messages.error(request, exc.message)
    return period_of(timezone.now(), kind)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---------------------------------------------------------------------------------------------
# 问题台账 and 整改


@login_required
def home(request):
    _register_user(request)
    if rules.is_office(request.user) or rules.is_county_reviewer(request.user):
        return redirect("oversight-register")
    return redirect("oversight-rectify")


def _filtered(request, qs):
    form = FilterForm(request.GET or None, units=publishing_units_qs(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(text__icontains=data["q"]) | Q(message__icontains=data["q"]) | Q(url__icontains=data["q"]))
        if data["unit"]:
            qs = qs.filter(unit=data["unit"])
        if data["state"] == "open":
            qs = qs.open()
        elif data["state"] == "overdue":
            qs = qs.overdue()
        elif data["state"]:
            qs = qs.filter(state=data["state"])
        if data["source"]:
            qs = qs.filter(source=data["source"])
        if data["severity"]:
            qs = qs.filter(severity=data["severity"])
        if data["period"]:
            qs = qs.found_in(data["period"])
    return form, qs


def publishing_units_qs(user):
    from .forms import publishing_units as units

    qs = units()
    if not rules.is_office(user):
        qs = qs.filter(pk__in={u for u, _ in user.role_pairs()})
    return qs


@login_required
def register_list(request):
    """问题台账: every entry the person may see, filtered; the county office acts on many at once."""
    _register_user(request)
    visible = rules.visible_entries(request.user)
    form, qs = _filtered(request, visible.select_related("unit", "submission", "media_account"))
    counts = dict(visible.values_list("state").annotate(n=Count("id")).order_by())
    page = Paginator(qs.order_by("-found_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    office = rules.is_office(request.user)
    context = {
        "form": form,
        "page": page,
        "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "overdue": visible.overdue().count(),
        "office": office,
        "bulk_actions": BULK_ACTIONS.items() if office else (),
        "query": _without_page(request.GET),
        "send_backs": _unregistered_send_backs(request.user) if rules.can_register_from_review(request.user) else [],
    }
    return render(request, "accountability/register.html", context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _unregistered_send_backs(user, limit: int = 10) -> list[Decision]:
    """County review's recent send-backs not yet in the register: one click turns each into an entry."""
    registered = ErrorEntry.objects.filter(decision__isnull=False).values("decision_id")
    qs = (
        Decision.objects.filter(stage=Status.COUNTY_REVIEW, action__in=(Decision.Action.SEND_BACK, Decision.Action.REQUEST_CHANGES))
        .exclude(pk__in=registered)
        .select_related("submission", "submission__unit", "actor")
        .order_by("-created")
    )
    if not rules.is_office(user):
        qs = qs.filter(actor=user)
    return list(qs[:limit])


@login_required
def rectify_list(request):
    """整改: the unit's own entries, what is due first, and the reminders it was sent."""
    _register_user(request)
    visible = rules.visible_entries(request.user).select_related("unit", "submission", "media_account")
    to_do = list(visible.filter(state__in=(State.CONFIRMED, State.RECTIFYING)).order_by("deadline", "id"))
    waiting = list(visible.filter(state=State.RECTIFIED).order_by("-rectified_at"))
    done = list(visible.filter(state=State.VERIFIED).order_by("-verified_at")[:30])
    reminders = list(request.user.oversight_reminders.filter(read_at__isnull=True).select_related("entry")[:30])
    context = {"to_do": to_do, "waiting": waiting, "done": done, "reminders": reminders}
    response = render(request, "accountability/rectify.html", context)
    if reminders:
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(read_at=timezone.now())
    return response


@login_required
def entry_detail(request, pk: int):
    entry = _get_entry(request, pk)
    actions = rules.available_actions(entry, request.user)
    revisions = []
    if entry.submission_id and any(a.name == "rectify" for a in actions):
        after = entry.revision.number if entry.revision_id else 0
        revisions = list(entry.submission.revisions.filter(number__gt=after).order_by("-number"))
    from .categories import category_choices

    return render(
        request,
        "accountability/entry.html",
        {
            "entry": entry,
            "actions": actions,
            "steps": entry.steps.select_related("actor"),
            "referrals": entry.referrals.all(),
            "revisions": revisions,
            "severities": Severity.choices,
            "categories": category_choices(),
            "default_deadline": timezone.localtime(register.default_deadline(entry.severity, timezone.now())).date(),
        },
    )


@login_required
@require_POST
def entry_action(request, pk: int):
    entry = _get_entry(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交的内容有误，请检查后重试")
        return redirect("oversight-entry", entry.pk)
    try:
        register.perform(
            entry, request.user, form.cleaned_data["action"], comment=form.cleaned_data["comment"], ip=client_ip(request),
            **form.details(),
        )
    except AccountabilityError as exc:
        if exc.status_code == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, "已处理。")
    return redirect("oversight-entry", entry.pk)


@login_required
@require_POST
def bulk_action(request):
    """批量处理: each chosen entry goes through perform() on its own; what could not be done is listed."""
    _office_only(request)
    visible = rules.visible_entries(request.user)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    form = BulkForm(request.POST, ids=list(visible.filter(pk__in=ids).values_list("pk", flat=True)))
    back = reverse("oversight-register") + ("?" + request.POST.get("query", "") if request.POST.get("query") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    done, failed = 0, []
    for entry in visible.filter(pk__in=form.cleaned_data["ids"]).order_by("pk"):
        try:
            register.perform(entry, request.user, action, comment=comment, ip=client_ip(request))
            done += 1
        except AccountabilityError as exc:
            failed.append(f"第 {entry.pk} 号：{exc.message}")
    if done:
        messages.success(request, f"已{BULK_ACTIONS[action]} {done} 条。")
    for line in failed:
        messages.error(request, line)
    return redirect(back)


@login_required
def entry_evidence(request, pk: int):
    """证据: a screenshot is shown; a stored page is downloaded, never rendered as a page of this site."""
    entry = _get_entry(request, pk)
    if not entry.evidence:
        raise Http404
    with entry.evidence.open("rb") as f:
        data = f.read()
    if entry.evidence_kind == "image":
        content_type = "image/png" if data.startswith(register.PNG_SIGNATURE) else "image/jpeg"
        return HttpResponse(data, content_type=content_type)
    return _download(data, "application/octet-stream", f"evidence-{entry.pk}.html")


@login_required
def entry_new(request):
    """手工登记: a superior's bulletin or the office's own finding."""
    _office_only(request)
    form = EntryForm(request.POST or None, request.FILES or None, initial={"found_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found_at = timezone.make_aware(dt.datetime.combine(data["found_on"], dt.time(9, 0)))
        if data["found_on"] == timezone.localdate():
            found_at = timezone.now()
        try:
            entry = register.register_error(
                unit=data["unit"],
                source=data["source"],
                category=data["category"],
                severity=data["severity"],
                text=data["text"],
                suggestion=data["suggestion"],
                message=data["message"],
                url=data["url"],
                reference=data["reference"],
                reporter=data["reporter"],
                found_by=request.user,
                found_at=found_at,
                evidence=data["evidence"],
                state=State.CONFIRMED,
                ip=client_ip(request),
            )
        except AccountabilityError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记（第 {entry.pk} 号）。")
            return redirect("oversight-entry", entry.pk)
    return render(request, "accountability/entry_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def entry_import(request):
    """导入上级通报 (.xlsx): every row is checked first; one bad row and nothing is imported."""
    _office_only(request)
    if request.GET.get("template"):
        return _download(template_xlsx(), XLSX, "上级通报导入模板.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_superior_xlsx(form.cleaned_data["file"].read(), request.user, ip=client_ip(request))
        except ImportFailed as exc:
            form.add_error(None, exc.message)
            problems = exc.problems
        else:
            note = f"，{result.duplicates} 条已在台账中（未重复登记）" if result.duplicates else ""
            messages.success(request, f"已导入 {len(result.created)} 条{note}。")
            return redirect(reverse("oversight-register") + "?source=superior")
    status = 400 if form.errors else 200
    return render(request, "accountability/import.html", {"form": form, "problems": problems}, status=status)


@login_required
@require_POST
def register_from_review(request, submission_pk: int):
    """县级审核 → 登记 in one click: a finding of the item or a send-back decision becomes an entry of its unit."""
    if not rules.can_register_from_review(request.user):
        raise PermissionDenied
    submission = get_object_or_404(Submission.objects.select_related("unit"), pk=submission_pk)
    if not rules.reached_county(submission):
        raise Http404
    form = ReviewRegisterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要登记的机审问题或退回记录")
        return redirect("review-detail", submission.pk)
    data = form.cleaned_data
    if data["finding"]:
        finding = get_object_or_404(
            FindingRecord.objects.select_related("revision"),
            Q(revision__submission=submission) | Q(attachment__submission=submission) | Q(body_image__submission=submission),
            pk=data["finding"],
        )
        category = data["category"] or finding.category
        details = {
            "category": category,
            "severity": data["severity"] or suggest_severity(category, finding.standard, finding.severity),
            "standard": finding.standard if category == finding.category else None,
            "text": data["text"] or finding.text,
            "suggestion": data["suggestion"] or finding.suggestion,
            "message": finding.message,
            "revision": finding.revision,
            "context": _context(finding),
            "finding": finding,
        }
    else:
        decision = get_object_or_404(
            Decision.objects.select_related("revision"), pk=data["decision"], submission=submission, stage=Status.COUNTY_REVIEW
        )
        category = data["category"] or "other"
        details = {
            "category": category,
            "severity": data["severity"] or Severity.GENERAL,
            "text": data["text"] or decision.opinion[:300] or decision.get_action_display(),
            "suggestion": data["suggestion"],
            "message": f"县级审核{decision.get_action_display()}：{decision.opinion}"[:500],
            "revision": decision.revision,
            "decision": decision,
        }
    try:
        entry = register.register_error(
            unit=submission.unit,
            source=Source.COUNTY_REVIEW,
            submission=submission,
            found_by=request.user,
            reporter="县政府信息中心",
            ip=client_ip(request),
            **details,
        )
    except AccountabilityError as exc:
        messages.error(request, exc.message)
        return redirect("review-detail", submission.pk)
    messages.success(request, f"已登记到问题台账（第 {entry.pk} 号）。")
    return redirect("oversight-entry", entry.pk)


def _context(finding: FindingRecord, width: int = 30) -> str:
    """The words around a body finding, as the checks read them (title line, then the body's text)."""
    if finding.revision_id is None:
        return finding.place
    from sanshen.documents.html import html_to_text

    text = finding.revision.title + "\n" + html_to_text(finding.revision.body).text
    start, end = max(0, finding.start - width), min(len(text), finding.end + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# ---------------------------------------------------------------------------------------------
# 通报 and 统计看板


@login_required
def bulletin_list(request):
    _office_only(request)
    form = NewBulletinForm(request.POST or None, initial={"period": period_of(timezone.now() - timedelta(days=45)).code})
    if request.method == "POST" and form.is_valid():
        bulletin = bulletins.create_draft(form.cleaned_data["period"], request.user, ip=client_ip(request))
        messages.success(request, "已生成通报草稿，请修改文字后印发。")
        return redirect("oversight-bulletin", bulletin.pk)
    items = Bulletin.objects.select_related("created_by", "issued_by")
    return render(request, "accountability/bulletins.html", {"form": form, "items": items}, status=400 if form.errors else 200)


@login_required
def bulletin_detail(request, pk: int):
    _office_only(request)
    bulletin = get_object_or_404(Bulletin, pk=pk)
    form = None
    if not bulletin.is_issued:
        form = BulletinForm(request.POST or None, instance=bulletin)
        if request.method == "POST" and form.is_valid():
            try:
                bulletins.update_draft(
                    bulletin, request.user, ip=client_ip(request), **{k: form.cleaned_data[k] for k in bulletins.EDITABLE_FIELDS}
                )
            except AccountabilityError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "草稿已保存。")
                return redirect("oversight-bulletin", bulletin.pk)
    elif request.method == "POST":
        messages.error(request, "通报已印发存档，不能修改")
        return redirect("oversight-bulletin", bulletin.pk)
    figures = bulletins.figures_of(bulletin)
    from .documents import pdf_fonts, summary_paragraph, unit_rows

    context = {
        "bulletin": bulletin,
        "form": form,
        "figures": figures,
        "rows": unit_rows(figures),
        "summary": summary_paragraph(figures),
        "charts": _chart_uris(figures),
        "fonts": pdf_fonts(),
    }
    return render(request, "accountability/bulletin.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def bulletin_issue(request, pk: int):
    _office_only(request)
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        bulletins.issue(bulletin, request.user, ip=client_ip(request))
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "通报已印发并存档。")
    return redirect("oversight-bulletin", bulletin.pk)


@login_required
def bulletin_file(request, pk: int, fmt: str):
    _office_only(request)
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        data = bulletins.render(bulletin, fmt)
    except AccountabilityError:
        raise Http404 from None
    record("accountability.bulletin_download", actor=request.user, obj=bulletin, ip=client_ip(request), format=fmt)
    suffix = "" if bulletin.is_issued else "（草稿）"
    return _download(data, bulletins.FORMATS[fmt], f"{bulletin.title}{suffix}.{fmt}")


def _chart_uris(figures: dict) -> dict[str, str]:
    import base64

    return {k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in all_charts(figures).items()}


@login_required
def dashboard(request):
    """统计看板: the bulletin's figures and charts for any period, filterable by unit."""
    _office_only(request)
    period = _current_period(request)
    units = publishing_units()
    chosen = [int(u) for u in request.GET.getlist("unit") if u.isdigit()]
    figures = compute_figures(period, unit_ids=chosen or None)
    from .documents import summary_paragraph, unit_rows

    context = {
        "period": period,
        "units": units,
        "chosen": chosen,
        "figures": figures,
        "rows": unit_rows(figures),
        "summary": summary_paragraph(figures),
        "charts": _chart_uris(figures),
        "periods": [p for p in period.recent(4)] + [period.next()],
    }
    return render(request, "accountability/dashboard.html", context)


# ---------------------------------------------------------------------------------------------
# 考核


@login_required
def scores(request):
    _office_only(request)
    period = _current_period(request, "year")
    issued = Bulletin.objects.issued().filter(period=period.code).first()
    table = issued.figures["scores"] if issued else [s.as_dict() for s in compute_scores(period)]
    if request.GET.get("format") == "xlsx":
        record("accountability.scores_export", actor=request.user, ip=client_ip(request), period=period.code)
        return _download(scores_xlsx(period, table), XLSX, f"{period.label}考核扣分表.xlsx")
    return render(
        request,
        "accountability/scores.html",
        {"period": period, "table": table, "issued": issued, "indicators": ScoringRule.Indicator.choices,
         "indicator_labels": dict(ScoringRule.Indicator.choices)},
    )


@login_required
def scoring_rules(request, pk: int | None = None):
    """扣分规则: the county office edits them; issued bulletins keep the scores they were issued with."""
    _office_only(request)
    rule = get_object_or_404(ScoringRule, pk=pk) if pk else None
    # Read before validation: a ModelForm writes the posted values into its instance while it validates.
    before = {f: str(getattr(rule, f)) for f in RuleForm.Meta.fields} if rule else {}
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        after = {f: str(getattr(saved, f)) for f in form.Meta.fields}
        record("accountability.rule_change", actor=request.user, obj=saved, ip=client_ip(request), before=before, after=after)
        messages.success(request, f"规则已保存：{saved.describe()}")
        return redirect("oversight-rules")
    return render(
        request,
        "accountability/rules.html",
        {"rules": ScoringRule.objects.all(), "form": form, "editing": rule},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# 约谈 and 移送保密局


@login_required
def interview_list(request):
    _office_only(request)
    period = _current_period(request)
    return render(
        request,
        "accountability/interviews.html",
        {"period": period, "proposals": interviews.proposals(period), "items": Interview.objects.select_related("unit")},
    )


@login_required
def interview_new(request):
    _office_only(request)
    initial = {}
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        initial["unit"] = int(unit_id)
        initial["period"] = request.GET.get("period", "")
        initial["reason"] = request.GET.get("reason", "")
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in interviews.RECORD_FIELDS}
        entries = []
        if data["period"]:
            entries = list(ErrorEntry.objects.standing().found_in(parse_period(data["period"])).filter(unit=data["unit"]))
        try:
            interview = interviews.record_interview(request.user, ip=client_ip(request), entries=entries, **data)
        except AccountabilityError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "约谈记录已保存。")
            return redirect("oversight-interview", interview.pk)
    return render(request, "accountability/interview_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def interview_detail(request, pk: int):
    _office_only(request)
    interview = get_object_or_404(Interview.objects.select_related("unit", "recorded_by"), pk=pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interviews.record_follow_up(interview, request.user, note=form.cleaned_data["note"], ip=client_ip(request))
        except AccountabilityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "回访情况已记录。")
        return redirect("oversight-interview", interview.pk)
    return render(
        request,
        "accountability/interview.html",
        {"interview": interview, "form": form, "entries": interview.entries.all()},
    )


@login_required
def interview_minutes(request, pk: int):
    _office_only(request)
    interview = get_object_or_404(Interview.objects.select_related("unit", "recorded_by"), pk=pk)
    from .documents import interview_docx

    name = f"约谈纪要-{interview.unit.short_name or interview.unit.name}-{timezone.localtime(interview.held_at):%Y%m%d}.docx"
    return _download(interview_docx(interview), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name)


@login_required
def referral_list(request):
    if not (rules.is_office(request.user) or rules.is_secrecy_officer(request.user)):
        raise Http404
    items = rules.visible_referrals(request.user).select_related("unit", "entry", "referred_by", "answered_by")
    return render(request, "accountability/referrals.html", {"items": items, "form": ReferralAnswerForm()})


@login_required
@require_POST
def referral_answer(request, pk: int):
    referral = get_object_or_404(rules.visible_referrals(request.user), pk=pk)
    form = ReferralAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择办理状态并填写办理情况")
        return redirect("oversight-referrals")
    try:
        register.answer_referral(referral, request.user, ip=client_ip(request), **form.cleaned_data)
    except AccountabilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "办理情况已记录。")
    return redirect("oversight-referrals")


# ---------------------------------------------------------------------------------------------
# 我为政府网站找错 (public)


def reporter_key(request) -> str:
    """A keyed hash of the visitor's address: the rate limit needs to recognise it, the register need not know it."""
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), f"report:{address}".encode(), hashlib.sha256).hexdigest()


@require_POST
def public_report(request, public_id):
    """A visitor's report on a published article becomes a 待确认 entry of the article's unit."""
    item = get_object_or_404(
        Submission.objects.published().filter(column__isnull=False).select_related("unit", "published_revision"), public_id=public_id
    )
    form = PublicReportForm(request.POST)
    context = {"item": item, "form": form}
    if not form.is_valid() or form.cleaned_data.get("website"):
        return render(request, "accountability/public_report.html", context, status=400)
    key = reporter_key(request)
    now = timezone.now()
    recent = ErrorEntry.objects.filter(source=Source.PUBLIC_REPORT, reporter_key=key)
    if (
        recent.filter(created__gte=now - timedelta(hours=1)).count() >= PUBLIC_REPORTS_PER_HOUR
        or recent.filter(created__gte=now - timedelta(days=1)).count() >= PUBLIC_REPORTS_PER_DAY
    ):
        context["limited"] = True
        return render(request, "accountability/public_report.html", context, status=429)
    data = form.cleaned_data
    register.register_error(
        unit=item.unit,
        source=Source.PUBLIC_REPORT,
        category=data["kind"],
        severity=Severity.GENERAL,
        text=data["text"],
        message=data["description"],
        url=request.build_absolute_uri(reverse("public-article", args=[item.public_id])),
        submission=item,
        revision=item.published_revision,
        reporter="网民",
        reporter_contact=data["contact"],
        reporter_key=key,
        ip=client_ip(request),
    )
    context["done"] = True
    return render(request, "accountability/public_report.html", context)
