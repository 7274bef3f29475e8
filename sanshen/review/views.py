"""Back-office pages of the review workflow. Thin: fetch through an access helper, call workflow, redirect."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sanshen.accounts.models import RoleName
from sanshen.audit.log import client_ip, record
from sanshen.checks.masking import masks
from sanshen.lib.diff import diff

from . import attachments, checking, pending_import, workflow
from .exceptions import BlockedByFindings, StaleRevision, WorkflowError
from .integrity import pictures_in
from .stages import STAGE, STAGE_TABLE, required_stages
from .forms import ActionForm, ArchiveSearchForm, EditForm, ScanForm, SubmissionForm
from .models import ESCALATION_ROLES, REVIEW_POINTS, Decision, Escalation, FindingRecord, Notification, Revision, Status, Submission

# Roles with work in 我的待办; a person with none of them lands where their work is (LANDING), not on an empty list.
INBOX_ROLES = frozenset({RoleName.DRAFTER, *(r for s in STAGE_TABLE for r in s.roles), *ESCALATION_ROLES.values()})
LANDING = (
    (RoleName.COUNTY_OFFICE, "oversight-home"),
    (RoleName.AUDITOR, "audit-entries"),
    (RoleName.ADMIN, "admin:index"),
    (RoleName.SECURITY_ADMIN, "admin:index"),
)


def _get_submission(request, pk: int) -> Submission:
    """Every view reaches a submission through here: other units' items do not exist for you (404)."""
    qs = workflow.visible_submissions(request.user).select_related(
        "unit", "drafter", "column", "media_account", "current_revision"
    )
    return get_object_or_404(qs, pk=pk)


# ---------------------------------------------------------------------------------------------


@login_required
def inbox(request):
    """我的待办: what waits for this person, with how long it has waited."""
    landing = _landing(request.user)
    if landing:
        return redirect(landing)
    items = workflow.waiting_for(request.user)
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


def _landing(user) -> str | None:
    """Where a person without an inbox works: the county office's register, the audit log, /manage/."""
    roles = user.role_names()
    if roles & INBOX_ROLES or user.media_accounts.exists():
        return None
    return next((reverse(name) for role, name in LANDING if role in roles), None)


@login_required
def submission_list(request):
    qs = workflow.visible_submissions(request.user).select_related("unit", "drafter", "column", "media_account")
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
    qs = workflow.visible_submissions(user).filter(
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
    if request.method == "GET":
        pending_import.drop(request)  # a Word file kept from an earlier, abandoned import is not imported by surprise
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
    revision = submission.current_revision
    open_findings = [
        f for f in [*revision.findings.all(), *checking.file_findings(revision)] if f.resolution == FindingRecord.Resolution.OPEN
    ]
    return render(
        request,
        "review/edit.html",
        {
            "form": form,
            "submission": submission,
            "base_revision": base,
            "stale": stale,
            "new": False,
            "asked": _last_request(submission),
            "open_findings": open_findings,
        },
        status=status,
    )


def _last_request(submission: Submission) -> Decision | None:
    """The comment the drafter (or reviewer) is revising for: the last 建议修改, 回退 or 打回 of this run."""
    asked = (Decision.Action.REQUEST_CHANGES, Decision.Action.RETURN, Decision.Action.SEND_BACK)
    return (
        submission.decisions.filter(run=submission.run, action__in=asked)
        .select_related("actor")
        .order_by("-created", "-id")
        .first()
    )


@login_required
def submission_detail(request, pk: int):
    submission = _get_submission(request, pk)
    user = request.user
    actions = workflow.available_actions(submission, user)
    revision = submission.current_revision
    findings = list(revision.findings.all()) + list(checking.file_findings(revision))
    decisions = list(submission.decisions.select_related("actor", "revision").order_by("created", "id"))
    revisions = list(submission.revisions.select_related("author").order_by("number"))
    escalations = list(submission.escalations.select_related("asked_by", "answered_by"))
    body_html = _highlighted_body(revision, findings)
    Notification.objects.filter(recipient=user, submission=submission, read_at__isnull=True).update(read_at=timezone.now())
    has_form = any(d.action == Decision.Action.PASS for d in decisions)
    action_names = {a.name for a in actions}
    maskable = [f for f in findings if _maskable(f)] if "edit" in action_names else []
    # The county reviewer checks the form before anything else at county review (第六条2); elsewhere it is a link.
    form_first = has_form and submission.status == Status.COUNTY_REVIEW and user.has_role("county_reviewer")
    form_ready = _form_ready(submission) if form_first else None
    # Pictures in the body that 脱敏 would cover (one-click button) or has covered (the original's link).
    masking = []
    for image in pictures_in(submission.pk, revision.body):
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
            "gated": [f for f in findings if f.severity == "block" or (f.severity == "serious" and f.resolution == "open")],
            "decisions": decisions,
            "escalations": escalations,
            "body_html": body_html,
            "points": REVIEW_POINTS,
            "has_form": has_form,
            "form_first": form_first,
            "form_ready": form_ready,
            "maskable": maskable,
            "path": _stage_chips(submission, escalations),
            "may_resolve": workflow.may_resolve(submission, user),
            "scan_form": ScanForm() if submission.unit.signs_on_paper else None,
        },
    )


def _maskable(f: FindingRecord) -> bool:
    """Personal data in the title or body that 一键脱敏 replaces with its masked form (the finding's suggestion)."""
    return (
        f.resolution == FindingRecord.Resolution.OPEN
        and f.revision_id is not None
        and bool(f.suggestion)
        and masks(f.category, f.severity)
    )


def _stage_chips(submission: Submission, escalations: list[Escalation]) -> list[tuple[str, str]]:
    """The path of this item: its required stages, and the escalation to the secrecy/cyberspace offices after 复审
    while it is asked or once it was (the chip that is highlighted while the item waits there)."""
    chips = [(s, Status(s).label) for s in required_stages(submission)]
    asked = [e for e in escalations if e.run == submission.run]
    if asked or submission.status == Status.ESCALATED:
        offices = "、".join(dict.fromkeys(e.get_kind_display() for e in asked)) or "保密/网信部门"
        after = next((i for i, (s, _) in enumerate(chips) if STAGE[s].may_escalate), len(chips) - 1)
        chips.insert(after + 1, (Status.ESCALATED, f"报请{offices}"))
    return chips


def _form_ready(submission: Submission) -> bool:
    """Whether the 审签表 image is drawn for the records as they are; if not, the background job is asked to."""
    from . import signoff

    if signoff.stored_render(submission, "png") is not None:
        return True
    signoff.queue_render(submission)
    return False


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
    if name in ("pass", "submit"):
        kwargs["finding_reasons"] = reasons
    from_status = submission.status
    try:
        updated = workflow.perform(
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
    messages.success(request, workflow.outcome_message(updated, name, from_status))
    if updated.status == Status.COUNTY_REVIEW:
        from . import signoff

        # The form changed with this action: draw it now in the background, so it is ready when someone opens it.
        signoff.queue_render(updated)
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
    may_unmask = workflow.may_see_original(submission, request.user)
    original = request.GET.get("original") == "1" and may_unmask
    if original:
        record("review.original_text_viewed", actor=request.user, obj=submission, ip=client_ip(request), revisions=[a, b])
        chunks = diff(checking.revision_text(old), checking.revision_text(new))
    else:
        chunks = diff(checking.masked_text(old), checking.masked_text(new))
    template = "review/_diff.html" if request.htmx else "review/diff.html"
    return render(
        request,
        template,
        {"s": submission, "old": old, "new": new, "chunks": chunks, "numbers": numbers, "original": original, "may_unmask": may_unmask},
    )


@login_required
@require_POST
def finding_resolve(request, pk: int, finding_pk: int):
    """非错误（本稿） or a whitelist proposal, by the reviewer who holds the item (workflow.may_resolve)."""
    submission = _get_submission(request, pk)
    record_ = get_object_or_404(FindingRecord, pk=finding_pk, revision=submission.current_revision)
    try:
        settled = workflow.resolve_finding(
            submission,
            request.user,
            record_,
            resolution=request.POST.get("resolution", ""),
            reason=request.POST.get("reason", ""),
            county_wide=request.POST.get("scope") == "county",
            ip=client_ip(request),
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已处理：“{settled.text}”标为{settled.get_resolution_display()}。")
    return redirect("review-detail", pk)


@login_required
@require_POST
def finding_apply(request, pk: int, finding_pk: int):
    """采纳建议: the suggestion replaces exactly the found text, as a new revision by this person."""
    submission = _get_submission(request, pk)
    found = get_object_or_404(FindingRecord, pk=finding_pk, revision=submission.current_revision)
    if not found.suggestion:
        messages.error(request, "该问题没有可采纳的修改建议。")
        return redirect("review-detail", pk)
    note = f"采纳机审建议：“{found.text}”改为“{found.suggestion}”"
    revision = _apply(request, submission, [found], note)
    if revision is not None:
        messages.success(request, f"已将“{found.text}”改为“{found.suggestion}”，生成第 {revision.number} 版，已重新机审。")
    return redirect(reverse("review-detail", args=[pk]) + "#findings")


@login_required
@require_POST
def finding_apply_masks(request, pk: int):
    """全部采纳 for personal data: every open ID number, phone, bank card … in the title and body masked in one revision."""
    submission = _get_submission(request, pk)
    found = [f for f in submission.current_revision.findings.all() if _maskable(f)]
    if not found:
        messages.error(request, "没有需要脱敏的个人信息。")
        return redirect("review-detail", pk)
    revision = _apply(request, submission, found, f"个人信息一键脱敏（{len(found)} 处）")
    if revision is not None:
        messages.success(request, f"已为 {len(found)} 处个人信息脱敏，生成第 {revision.number} 版，已重新机审。")
    return redirect(reverse("review-detail", args=[pk]) + "#findings")


def _apply(request, submission: Submission, found: list[FindingRecord], note: str) -> Revision | None:
    """Replace each finding's text by its suggestion (right to left, so earlier offsets stay valid); one new revision.

    Offsets are into "title\nbody text" (checking.text_of); the body's are mapped back into its HTML."""
    from sanshen.documents.html import replace_text

    revision = submission.current_revision
    title, body = revision.title, revision.body
    offset = len(title) + 1
    try:
        base = int(request.POST.get("base_revision", ""))
    except ValueError:
        base = revision.number
    try:
        for f in sorted(found, key=lambda f: f.start, reverse=True):
            if f.end <= len(title):
                if title[f.start : f.end] != f.text:
                    raise ValueError(f.text)
                title = title[: f.start] + f.suggestion + title[f.end :]
            elif f.start >= offset:
                body = replace_text(body, f.start - offset, f.end - offset, f.text, f.suggestion)
            else:
                raise ValueError(f.text)  # across the title and the body: only a person can rewrite that
        return workflow.save_revision(
            submission, request.user, title=title, body=body, base_revision=base, note=note, ip=client_ip(request)
        )
    except ValueError:
        messages.error(request, "无法采纳：原文已变化，请刷新页面后重试，或在“修改稿件”中手工修改。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return None


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
    if fmt == "docx":
        data = signoff.render(submission, fmt)  # python-docx writes it in a few milliseconds
    else:
        data = signoff.stored_render(submission, fmt)
        if data is None:
            signoff.queue_render(submission)
            data = signoff.stored_render(submission, fmt)  # a consumer that runs jobs at once (tests) has drawn it
        if data is None:
            return render(request, "review/signoff_pending.html", {"s": submission, "fmt": fmt}, status=202)
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
@require_GET
def signoff_status(request, pk: int):
    """The 审签表 box of the submission page while its picture is drawn: htmx asks again until it is ready."""
    submission = _get_submission(request, pk)
    return render(request, "review/_signoff_image.html", {"s": submission, "form_ready": _form_ready(submission)})


@login_required
@require_POST
def signoff_scan_upload(request, pk: int):
    submission = _get_submission(request, pk)
    if not workflow.may_upload_scan(submission, request.user):
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
            raise UploadRejected("审签表扫描件只能是 PDF 或图片", code="scan_kind")
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
    qs = workflow.archive_records(user).select_related("submission", "unit")
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
    rec = get_object_or_404(workflow.archive_records(request.user), pk=record_pk)
    field = rec.png if fmt == "png" and rec.png else rec.pdf
    with field.open("rb") as f:
        data = f.read()
    content_type = "image/png" if field.name.endswith(".png") else ("application/pdf" if field.name.endswith(".pdf") else "image/jpeg")
    return HttpResponse(data, content_type=content_type)


def _safe(title: str) -> str:
    return "".join(ch for ch in title if ch not in '\\/:*?"<>|\n\r\t')[:60]


def _ext(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""
