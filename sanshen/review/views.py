"""Back-office pages of the review workflow. Thin: fetch through an access helper, call workflow, redirect."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanshen.audit.log import client_ip, record
from sanshen.lib.diff import diff

from . import attachments, checking, workflow
from .exceptions import BlockedByFindings, StaleRevision, WorkflowError
from .forms import ActionForm, ArchiveSearchForm, EditForm, ScanForm, SubmissionForm
from .models import REVIEW_POINTS, Decision, FindingRecord, Notification, SignOffRecord, Status, Submission


def _get_submission(request, pk: int) -> Submission:
    """Every view reaches a submission through here: other units' items do not exist for you (404)."""
    qs = Submission.objects.visible_to(request.user).select_related(
        "unit", "drafter", "column", "media_account", "current_revision"
    )
    return get_object_or_404(qs, pk=pk)


# ---------------------------------------------------------------------------------------------


@login_required
def inbox(request):
    """我的待办: what waits for this person, with how long it has waited."""
    items = list(
        Submission.objects.waiting_for(request.user)
        .select_related("unit")
        .only("title", "status", "grade", "due_at", "stage_entered_at", "created", "unit__name", "unit__short_name")
        .order_by("due_at", "stage_entered_at")[:200]
    )
    counts: dict[str, int] = {}
    for s in items:
        counts[s.get_status_display()] = counts.get(s.get_status_display(), 0) + 1
    now = timezone.now()
    for s in items:
        s.waited = now - (s.stage_entered_at or s.created)
    # Counting at most 100 keeps the inbox cheap for county reviewers with tens of thousands unread.
    unread = request.user.notifications.filter(read_at__isnull=True).order_by()[:100].count()
    unread = "99+" if unread >= 100 else unread
    return render(
        request,
        "review/inbox.html",
        {"items": items, "counts": counts, "unread": unread, "overdue": sum(1 for s in items if s.is_overdue)},
    )


@login_required
def submission_list(request):
    qs = Submission.objects.visible_to(request.user).select_related("unit", "drafter", "column", "media_account")
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if q:
        qs = qs.filter(title__icontains=q)
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-updated", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "review/list.html", {"page": page, "q": q, "status": status, "statuses": Status.choices})


@login_required
def county_queues(request):
    """县级队列: what is at the county stages, for the county roles."""
    user = request.user
    if not (user.role_names() & {"county_reviewer", "county_leader", "county_office", "secrecy_officer", "cyberspace_officer"}):
        raise Http404
    qs = Submission.objects.visible_to(user).filter(
        status__in=(Status.ESCALATED, Status.COUNTY_LEADER, Status.COUNTY_REVIEW, Status.APPROVED)
    )
    groups = []
    for status in (Status.ESCALATED, Status.COUNTY_LEADER, Status.COUNTY_REVIEW, Status.APPROVED):
        items = list(qs.filter(status=status).select_related("unit", "column", "media_account").order_by("due_at")[:100])
        groups.append((Status(status).label, items))
    return render(request, "review/queues.html", {"groups": groups})


@login_required
def submission_new(request):
    user = request.user
    form = SubmissionForm(request.POST or None, unit=user.unit)
    if request.method == "POST" and form.is_valid():
        try:
            submission = attachments.create_with_pictures(
                user,
                title=form.cleaned_data["title"],
                body=_clean_body(form.cleaned_data["body"]),
                ip=client_ip(request),
                **form.details(),
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "稿件已保存为草稿。")
            return redirect("review-detail", submission.pk)
    return render(request, "review/edit.html", {"form": form, "new": True}, status=400 if form.errors else 200)


def _clean_body(html: str) -> str:
    from sanshen.documents.html import clean_office_html

    return clean_office_html(html or "")


@login_required
def submission_edit(request, pk: int):
    submission = _get_submission(request, pk)
    user = request.user
    is_drafting = submission.status in workflow.EDITABLE_BY_DRAFTER
    if not any(a.name == "edit" for a in workflow.available_actions(submission, user)):
        messages.error(request, "当前环节您不能修改本稿件。")
        return redirect("review-detail", pk)
    base = submission.current_revision.number
    if is_drafting:
        form = SubmissionForm(request.POST or None, unit=submission.unit, initial=SubmissionForm.initial_for(submission))
    else:
        form = EditForm(request.POST or None, initial={"title": submission.title, "body": submission.body})
    stale = None
    if request.method == "POST":
        try:
            base = int(request.POST.get("base_revision", ""))
        except ValueError:
            base = -1
        if form.is_valid():
            details = form.details() if is_drafting else {}
            try:
                attachments.save_with_pictures(
                    submission,
                    user,
                    title=form.cleaned_data["title"],
                    body=_clean_body(form.cleaned_data["body"]),
                    base_revision=base,
                    note=form.cleaned_data.get("note", "") or "",
                    ip=client_ip(request),
                    **details,
                )
            except StaleRevision as exc:
                stale = exc
                form.add_error(None, exc.message)
                mine = checking.text_of(form.cleaned_data["title"], _clean_body(form.cleaned_data["body"]))
                stale.chunks = diff(checking.revision_text(exc.current), mine)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "修改已保存为新版本。")
                return redirect("review-detail", pk)
    status = 409 if stale else (400 if form.errors else 200)
    return render(
        request,
        "review/edit.html",
        {"form": form, "submission": submission, "base_revision": base, "stale": stale, "new": False},
        status=status,
    )


@login_required
def submission_detail(request, pk: int):
    submission = _get_submission(request, pk)
    user = request.user
    actions = workflow.available_actions(submission, user)
    revision = submission.current_revision
    from .attachments import body_images_in, file_findings

    findings = list(revision.findings.all()) + list(file_findings(revision))
    decisions = list(submission.decisions.select_related("actor", "revision").order_by("created", "id"))
    revisions = list(submission.revisions.select_related("author").order_by("number"))
    escalations = list(submission.escalations.select_related("asked_by", "answered_by"))
    body_html = _highlighted_body(revision, findings)
    Notification.objects.filter(recipient=user, submission=submission, read_at__isnull=True).update(read_at=timezone.now())
    has_form = any(d.action == Decision.Action.PASS for d in decisions)
    action_names = {a.name for a in actions}
    # Pictures in the body that 脱敏 would cover (one-click button) or has covered (the original's link).
    masking = []
    for image in body_images_in(revision):
        n = image.maskable_count() if "edit" in action_names else 0
        if n or image.is_masked:
            masking.append((image, n))
    return render(
        request,
        "review/detail.html",
        {
            "s": submission,
            "actions": actions,
            "action_names": action_names,
            "revision": revision,
            "revisions": revisions,
            "findings": findings,
            "masking": masking,
            "gated": [f for f in findings if f.severity in ("block", "serious") and f.resolution == "open"],
            "decisions": decisions,
            "escalations": escalations,
            "body_html": body_html,
            "points": REVIEW_POINTS,
            "has_form": has_form,
            "form_first": has_form and user.has_role("county_reviewer"),
            "path": [(s, Status(s).label) for s in submission.stage_path()],
            "scan_form": ScanForm() if submission.unit.signs_on_paper else None,
        },
    )


def _highlighted_body(revision, findings: list[FindingRecord]) -> str:
    from sanshen.documents.html import Mark, highlight

    # Findings are offsets into "title\nbody text"; the body starts after the title line.
    # Only open findings are marked: one a person has settled no longer asks for attention in the text.
    offset = len(revision.title) + 1
    marks = [
        Mark(f.start - offset, f.end - offset, str(f.pk), f.severity)
        for f in findings
        if f.start >= offset and not f.location.get("file") and f.resolution == FindingRecord.Resolution.OPEN
    ]
    return highlight(revision.body, marks)


@login_required
@require_POST
def submission_action(request, pk: int):
    submission = _get_submission(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交的内容不完整，请重试。")
        return redirect("review-detail", pk)
    name = form.cleaned_data["action"]
    reasons = {k[len("reason_") :]: v for k, v in request.POST.items() if k.startswith("reason_")}
    kwargs = form.kwargs(name)
    if name == "pass":
        kwargs["finding_reasons"] = reasons
    try:
        workflow.perform(
            submission, request.user, name, expected_version=form.cleaned_data["version"], ip=client_ip(request), **kwargs
        )
    except BlockedByFindings as exc:
        messages.error(request, exc.message)
        return redirect("review-detail", pk)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        response = redirect("review-detail", pk)
        if exc.status_code == 403 and not workflow.can_view(submission, request.user):
            raise Http404
        return response
    messages.success(request, "操作已完成。")
    if workflow.can_view(submission, request.user):
        return redirect("review-detail", pk)
    return redirect("review-inbox")


@login_required
def revision_diff(request, pk: int):
    submission = _get_submission(request, pk)
    numbers = [r.number for r in submission.revisions.all()]
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[-1]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        a = b = numbers[-1]
    old = get_object_or_404(submission.revisions, number=a)
    new = get_object_or_404(submission.revisions, number=b)
    chunks = diff(checking.revision_text(old), checking.revision_text(new))
    template = "review/_diff.html" if request.htmx else "review/diff.html"
    return render(request, template, {"s": submission, "old": old, "new": new, "chunks": chunks, "numbers": numbers})


@login_required
@require_POST
def finding_resolve(request, pk: int, finding_pk: int):
    submission = _get_submission(request, pk)
    record_ = get_object_or_404(FindingRecord, pk=finding_pk, revision=submission.current_revision)
    if not workflow.can_edit(submission, request.user):
        messages.error(request, "当前环节您不能处理机审问题。")
        return redirect("review-detail", pk)
    try:
        checking.resolve(record_, request.user, request.POST.get("resolution", ""), request.POST.get("reason", ""))
        record("review.finding_resolved", actor=request.user, obj=submission, ip=client_ip(request), rule=record_.rule, resolution=record_.resolution)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("review-detail", pk)


@login_required
@require_POST
def finding_apply(request, pk: int, finding_pk: int):
    """采纳建议: the suggestion replaces the found text, as a new revision by this person."""
    submission = _get_submission(request, pk)
    record_ = get_object_or_404(FindingRecord, pk=finding_pk, revision=submission.current_revision)
    revision = submission.current_revision
    from sanshen.documents.html import replace_text

    offset = len(revision.title) + 1
    try:
        if not record_.suggestion:
            raise workflow.InvalidInput("该问题没有可采纳的修改建议", code="no_suggestion")
        if record_.start < offset:
            title = revision.title[: record_.start] + record_.suggestion + revision.title[record_.end :]
            body = revision.body
        else:
            title = revision.title
            body = replace_text(revision.body, record_.start - offset, record_.end - offset, record_.text, record_.suggestion)
        workflow.save_revision(
            submission,
            request.user,
            title=title,
            body=body,
            base_revision=int(request.POST.get("base_revision", "-1")),
            note=f"采纳机审建议：{record_.text}→{record_.suggestion}",
            ip=client_ip(request),
        )
    except (WorkflowError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "无法采纳该建议：原文已变化"))
    else:
        messages.success(request, f"已将“{record_.text}”改为“{record_.suggestion}”，生成新版本。")
    return redirect("review-detail", pk)


@login_required
def notifications(request):
    items = request.user.notifications.select_related("submission")[:200]
    if request.method == "POST":
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("review-notifications")
    return render(request, "review/notifications.html", {"items": items})


# ---------------------------------------------------------------------------------------------
# 审签表


@login_required
def signoff_form(request, pk: int, fmt: str):
    submission = _get_submission(request, pk)
    from . import signoff

    if fmt not in ("pdf", "png", "docx"):
        raise Http404
    data = signoff.render(submission, fmt)
    content_type = {
        "pdf": "application/pdf",
        "png": "image/png",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[fmt]
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if fmt in ("pdf", "png") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="signoff-{submission.pk}.{fmt}"'
    return response


@login_required
@require_POST
def signoff_scan_upload(request, pk: int):
    submission = _get_submission(request, pk)
    if not (submission.unit.signs_on_paper and request.user.has_role("second_reviewer", submission.unit_id)):
        raise Http404
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择审签表扫描件。")
        return redirect("review-detail", pk)
    from sanshen.documents.upload import UploadRejected, inspect_upload, storage_name

    data = form.cleaned_data["scan"].read()
    try:
        info = inspect_upload(form.cleaned_data["scan"].name, data, max_bytes=10 * 1024 * 1024, max_pages=5, max_pixels=40_000_000)
        if info.kind not in ("pdf", "png", "jpeg"):
            raise UploadRejected("审签表扫描件只能是 PDF 或图片")
    except UploadRejected as exc:
        messages.error(request, str(exc))
        return redirect("review-detail", pk)
    from django.core.files.base import ContentFile

    submission.form_scan.save(storage_name(info), ContentFile(info.data if getattr(info, "data", None) else data), save=True)
    record("review.form_scan_uploaded", actor=request.user, obj=submission, ip=client_ip(request))
    messages.success(request, "审签表扫描件已上传。")
    return redirect("review-detail", pk)


@login_required
def archive(request):
    """审签表存档: the forms of this person's unit (county roles see all), searchable, exportable as zip."""
    user = request.user
    qs = SignOffRecord.objects.select_related("submission", "unit")
    if not user.role_names() & {"county_reviewer", "county_office"}:
        qs = qs.filter(unit_id=user.unit_id)
    form = ArchiveSearchForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["q"]:
            qs = qs.filter(title__icontains=form.cleaned_data["q"])
        if form.cleaned_data["start"]:
            qs = qs.filter(created__date__gte=form.cleaned_data["start"])
        if form.cleaned_data["end"]:
            qs = qs.filter(created__date__lte=form.cleaned_data["end"])
    if request.GET.get("export") == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for rec in qs[:2000]:
                with rec.pdf.open("rb") as f:
                    name = f"{rec.created:%Y%m%d}-{rec.submission_id}-{rec.run}-{_safe(rec.title)}{_ext(rec.pdf.name)}"
                    zf.writestr(name, f.read())
        record("review.archive_exported", actor=user, ip=client_ip(request), count=qs.count())
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="signoff-archive.zip"'
        return response
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "review/archive.html", {"page": page, "form": form})


@login_required
def archive_file(request, record_pk: int, fmt: str):
    user = request.user
    qs = SignOffRecord.objects.all()
    if not user.role_names() & {"county_reviewer", "county_office"}:
        qs = qs.filter(unit_id=user.unit_id)
    rec = get_object_or_404(qs, pk=record_pk)
    field = rec.png if fmt == "png" and rec.png else rec.pdf
    with field.open("rb") as f:
        data = f.read()
    content_type = "image/png" if field.name.endswith(".png") else ("application/pdf" if field.name.endswith(".pdf") else "image/jpeg")
    return HttpResponse(data, content_type=content_type)


def _safe(title: str) -> str:
    return "".join(ch for ch in title if ch not in '\\/:*?"<>|\n\r\t')[:60]


def _ext(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""
