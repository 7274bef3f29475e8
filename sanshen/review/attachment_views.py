"""Pages and files of attachments, body pictures, Word import and export. Thin: access helper, one domain call, redirect.

Every file is reached through the submission's visibility check (other units get 404), served with
`X-Content-Type-Options: nosniff` and, but for pictures, as a download. The public site serves only
the (masked) attachments and pictures of published items.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from sanshen.audit.log import client_ip, record

from . import attachments, checking, pending_import, workflow
from .exceptions import StaleRevision, WorkflowError
from .forms import SubmissionForm
from .integrity import pictures_in
from .models import Attachment, BodyImage, CheckStatus, Submission
from .views import _get_submission

_NOT_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def _get_attachment(request, pk: int) -> Attachment:
    """An attachment of an item this person may see; any other is 404, as the item itself would be."""
    visible = workflow.visible_submissions(request.user)
    return get_object_or_404(Attachment.objects.select_related("submission__unit"), pk=pk, submission__in=visible)


def _get_body_image(request, public_id) -> BodyImage:
    visible = workflow.visible_submissions(request.user)
    return get_object_or_404(BodyImage.objects.select_related("submission"), public_id=public_id, submission__in=visible)


def _published_item(public_id) -> Submission:
    return get_object_or_404(
        Submission.objects.published().filter(column__isnull=False).select_related("published_revision"), public_id=public_id
    )


def _file_response(field, name: str, content_type: str, *, inline: bool = False) -> FileResponse:
    response = FileResponse(field.open("rb"), content_type=content_type)
    disposition = "inline" if inline and content_type in INLINE_TYPES else "attachment"
    # RFC 6266: the real (Chinese) name in filename*, an ASCII one for old clients.
    response["Content-Disposition"] = f"{disposition}; filename=\"{_ascii_name(name)}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    stem = _NOT_ASCII.sub("_", stem if dot else name).strip("_") or "attachment"
    return f"{stem}.{_NOT_ASCII.sub('', extension)}" if dot else stem


def _to_attachments(pk: int):
    return redirect(reverse("review-detail", args=[pk]) + "#attachments")


def _png(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadForm(forms.Form):
    # Empty files reach inspect_upload, which says so in its own words.
    file = forms.FileField(label="附件（.docx、.xlsx、.pdf 或图片）", allow_empty_file=True)


class ImportForm(SubmissionForm):
    """新建稿件 from a .docx: the same fields as the page, the title taken from the file when left empty."""

    # Not required here: a file chosen on an earlier try that lacked another field is kept (pending_import).
    docx = forms.FileField(label="Word 文档（.docx）", allow_empty_file=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False


class RevisionImportForm(forms.Form):
    docx = forms.FileField(label="Word 文档（.docx）", allow_empty_file=True)
    base_revision = forms.IntegerField(widget=forms.HiddenInput)


# ---------------------------------------------------------------------------------------------
# Attachments


@login_required
@require_POST
def attachment_add(request, pk: int):
    submission = _get_submission(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的附件。")
        return redirect("review-detail", pk)
    upload = form.cleaned_data["file"]
    try:
        attachment = attachments.add_attachment(
            submission, request.user, name=upload.name, data=upload.read(), ip=client_ip(request)
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"附件“{attachment.name}”已上传，正在机审。")
    return _to_attachments(pk)


@login_required
@require_GET
def attachment_file(request, pk: int):
    attachment = _get_attachment(request, pk)
    return _file_response(attachment.file, attachment.name, attachment.content_type, inline=True)


@login_required
@require_GET
def attachment_original(request, pk: int):
    """脱敏前原件: the unit's own archive, for the unit's own people only (not the county, never the public)."""
    attachment = _get_attachment(request, pk)
    if not attachment.original or request.user.unit_id != attachment.submission.unit_id:
        raise Http404
    record("review.attachment_original_read", actor=request.user, obj=attachment.submission, ip=client_ip(request), attachment=attachment.pk)
    return _file_response(attachment.original, attachment.name, attachment.content_type)


@login_required
@require_GET
def attachment_preview(request, pk: int, page: int):
    attachment = _get_attachment(request, pk)
    try:
        return _png(attachments.preview_png(attachment, page))
    except WorkflowError:
        raise Http404 from None


@login_required
@require_GET
def attachment_check_status(request, pk: int):
    """The 机审 badge of an attachment while it is checked (第 N/M 页, an estimate): htmx asks again every few seconds,
    and the page is reloaded once the check has ended, to show what it found."""
    attachment = _get_attachment(request, pk)
    response = render(request, "review/_attachments/check_status.html", {"a": attachment})
    if attachment.check_status != CheckStatus.PENDING:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def attachment_mask(request, pk: int):
    attachment = _get_attachment(request, pk)
    try:
        attachments.mask_attachment(attachment, request.user, ip=client_ip(request))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已生成“{attachment.name}”的脱敏件并替换附件；原件仅保存在本单位存档中。")
    return _to_attachments(attachment.submission_id)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = _get_attachment(request, pk)
    try:
        attachments.remove_attachment(attachment, request.user, ip=client_ip(request))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"附件“{attachment.name}”已删除。")
    return _to_attachments(attachment.submission_id)


@login_required
@require_POST
def file_finding_resolve(request, pk: int, finding_pk: int):
    """非错误 / 白名单 for a finding in an attachment or a body picture (body findings: views.finding_resolve)."""
    submission = _get_submission(request, pk)
    found = get_object_or_404(checking.file_findings(submission.current_revision), pk=finding_pk)
    try:
        settled = workflow.resolve_finding(
            submission,
            request.user,
            found,
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


# ---------------------------------------------------------------------------------------------
# Body pictures


@login_required
@require_GET
def body_image(request, public_id):
    image = _get_body_image(request, public_id)
    return _file_response(image.file, image.name, image.content_type, inline=True)


@login_required
@require_GET
def body_image_preview(request, public_id):
    return _png(attachments.preview_png(_get_body_image(request, public_id)))


@login_required
@require_GET
def body_image_original(request, public_id):
    """脱敏前的正文图片: like an attachment's original, for the unit's own people only."""
    image = _get_body_image(request, public_id)
    if not image.original or request.user.unit_id != image.submission.unit_id:
        raise Http404
    record("review.body_image_original_read", actor=request.user, obj=image.submission, ip=client_ip(request), image=str(image.public_id))
    return _file_response(image.original, image.name, image.content_type)


@login_required
@require_POST
def body_image_mask(request, public_id):
    image = _get_body_image(request, public_id)
    try:
        attachments.mask_body_image(image, request.user, ip=client_ip(request))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已为正文图片“{image.name}”脱敏并替换；原图仅保存在本单位存档中。")
    return redirect(reverse("review-detail", args=[image.submission_id]) + "#findings")


@login_required
@require_POST
def body_image_add(request, pk: int):
    """插入图片 on the edit page: htmx puts the returned <img> into the editor; without htmx, back to the page."""
    submission = _get_submission(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _image_answer(request, pk, error="请选择要插入的图片。")
    upload = form.cleaned_data["file"]
    try:
        image = attachments.add_body_image(submission, request.user, name=upload.name, data=upload.read(), ip=client_ip(request))
    except WorkflowError as exc:
        return _image_answer(request, pk, error=exc.message)
    return _image_answer(request, pk, image=image)


def _image_answer(request, pk: int, *, image: BodyImage | None = None, error: str = ""):
    if request.htmx:
        # Swapped into the editor, which saves its HTML into the body field; the server sanitises it again.
        if error:
            # The message goes next to the button, never into the body.
            response = HttpResponse(format_html('<span class="error">{}</span>', error))
            response["HX-Retarget"], response["HX-Reswap"] = "#image-message", "innerHTML"
            return response
        return HttpResponse(format_html('<p><img src="{}" alt="{}"></p>', image.url, image.name))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"图片已上传，地址：{image.url}")
    return redirect("review-edit", pk)


# ---------------------------------------------------------------------------------------------
# Word import and export


@login_required
@require_POST
def submission_import(request):
    """新建稿件 from a .docx: the new-submission form posted here by its 从 Word 导入 button.

    A missing field (the 发布目标, most often) is named, and the chosen file is kept for the next try: a browser
    cannot put a file back into the page it shows again."""
    form = ImportForm(request.POST, request.FILES, unit=request.user.unit)
    valid = form.is_valid()
    upload = form.cleaned_data.get("docx") if valid or "docx" not in form.errors else None
    if upload:
        pending_import.keep(request, upload.name, upload.read())
    kept = pending_import.kept(request)
    if valid and kept is None:
        form.add_error("docx", "请选择要导入的 Word 文档（.docx）")
        valid = False
    if valid:
        try:
            with default_storage.open(kept["path"], "rb") as f:
                data = f.read()
            submission, warnings = attachments.create_from_word(
                request.user, name=kept["name"], data=data, title=form.cleaned_data["title"], ip=client_ip(request), **form.details()
            )
        except OSError:
            pending_import.drop(request)
            form.add_error("docx", "所选文件已失效，请重新选择 Word 文档")
        except WorkflowError as exc:
            pending_import.drop(request)
            form.add_error(None, exc.message)
        else:
            pending_import.drop(request)
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, f"已从“{kept['name']}”导入，稿件已保存为草稿。")
            return redirect("review-detail", submission.pk)
    kept = pending_import.kept(request)
    missing = "、".join(f"“{form.fields[name].label}”" for name in form.errors if name in form.fields and name != "docx")
    if missing:
        form.add_error(None, f"导入未完成：请先填写{missing}。" + (f"已保留所选文件“{kept['name']}”，不必重新选择。" if kept else ""))
    context = {"form": form, "new": True, "kept_file": kept["name"] if kept else "", "missing": missing}
    return render(request, "review/edit.html", context, status=400)


@login_required
@require_POST
def revision_import(request, pk: int):
    """从 Word 导入新版本 on the edit page."""
    submission = _get_submission(request, pk)
    form = RevisionImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的 Word 文档。")
        return redirect("review-edit", pk)
    upload = form.cleaned_data["docx"]
    try:
        revision, warnings = attachments.revise_from_word(
            submission,
            request.user,
            name=upload.name,
            data=upload.read(),
            base_revision=form.cleaned_data["base_revision"],
            ip=client_ip(request),
        )
    except StaleRevision as exc:
        messages.error(request, exc.message)
        return redirect("review-edit", pk)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("review-edit", pk)
    for warning in warnings:
        messages.warning(request, warning)
    messages.success(request, f"已从“{upload.name}”导入为第 {revision.number} 版。")
    return redirect("review-detail", pk)


@login_required
@require_GET
def submission_export(request, pk: int):
    """导出 Word（带批注）: the current revision with each finding as a Word comment."""
    submission = _get_submission(request, pk)
    data = attachments.export_word(submission)
    record("review.word_exported", actor=request.user, obj=submission, ip=client_ip(request), revision=submission.current_revision.number)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = f"{submission.title[:60]}（机审批注）.docx"
    response["Content-Disposition"] = f"attachment; filename=\"submission-{submission.pk}.docx\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# Public site


@require_GET
def public_attachment(request, public_id, pk: int):
    """An attachment of a published website item, as the public site lists it (the masked copy, never the original)."""
    item = _published_item(public_id)
    attachment = get_object_or_404(Attachment.objects.on_public_site(), pk=pk, submission=item)
    return _file_response(attachment.file, attachment.name, attachment.content_type, inline=True)


@require_GET
def public_body_image(request, public_id, image_id):
    """A picture of a published website item's body, only if the published version shows it."""
    item = _published_item(public_id)
    image = get_object_or_404(pictures_in(item.pk, item.published_revision.body), public_id=image_id)
    return _file_response(image.file, image.name, image.content_type, inline=True)
