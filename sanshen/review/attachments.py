"""附件、正文图片和 Word 导入导出: files of a submission, stored, checked (机审 with OCR), masked and exported.

The format work lives in sanshen.documents (pure, no database). This module decides who may do
what (the same `workflow.can_edit` as every edit), stores files under fresh UUID names, writes the
rows and the audit entries, and runs the checks in the background: OCR takes seconds a page.

A refused file changes nothing: files are written to storage before the rows, and every file
written is deleted again if anything after it fails (`_StoredFiles`).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import io
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from sanshen.audit.log import record

from . import workflow
from .checking import file_findings, finding_of, kind_of, queue_check, stored_info
from .exceptions import InvalidInput, InvalidTransition, NotAllowed
from .integrity import IMAGE_SRC, pictures_in
from .models import Attachment, BodyImage, CheckStatus, FindingRecord, Grade, Revision, Status, Submission

MAX_ATTACHMENTS = 20
MAX_NAME_LENGTH = 200
# Pictures in the body are shown on a page: a photo larger than this is a mistake, not a need.
MAX_BODY_IMAGE_BYTES = 10 * 1024 * 1024
# Previews are drawn this wide at most: enough to read a 公示 table on a screen.
PREVIEW_WIDTH = 1200
BOX_COLOURS = {"block": (130, 7, 30), "serious": (207, 34, 46), "warn": (191, 135, 0), "info": (9, 105, 218)}


# ---------------------------------------------------------------------------------------------
# Storing files


class _StoredFiles:
    """Names written to storage in a block; if the block fails they are deleted again, so nothing stray is left."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def save(self, folder: str, info, data: bytes | None = None) -> str:
        from sanshen.documents.upload import storage_name

        name = default_storage.save(f"{folder}/{storage_name(info)}", ContentFile(info.data if data is None else data))
        self.names.append(name)
        return name

    def __enter__(self) -> _StoredFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            for name in self.names:
                default_storage.delete(name)
        return False


def _lock_editable(submission: Submission, user, what: str) -> Submission:
    try:
        return workflow.lock_editable(submission, user)
    except NotAllowed as exc:
        raise NotAllowed(f"当前环节您不能{what}", code=exc.code) from None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _delete_after_commit(*names: str) -> None:
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: default_storage.delete(name))


def _inspect(name: str, data: bytes, *, max_bytes: int | None = None):
    from sanshen.documents.upload import UploadRejected, inspect_upload

    try:
        return inspect_upload(_short_name(name), data, max_bytes=max_bytes or settings.SANSHEN_MAX_UPLOAD_BYTES)
    except UploadRejected as exc:
        raise InvalidInput(f"文件“{_short_name(name)}”未上传：{exc.message}", code=exc.code) from exc


def _short_name(name: str) -> str:
    """The name as sent, cut to fit the column with its extension kept."""
    name = (name or "").strip() or "未命名"
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, ext = name.rpartition(".")
    return stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext if dot and len(ext) < 10 else name[:MAX_NAME_LENGTH]


# ---------------------------------------------------------------------------------------------
# Attachments


def add_attachment(submission: Submission, user, *, name: str, data: bytes, ip: str | None = None) -> Attachment:
    """上传附件: accepted by content and limits, stored under a UUID name, checked in the background."""
    if not workflow.can_edit(submission, user):
        raise NotAllowed("当前环节您不能为本稿件添加附件", code="cannot_edit")
    info = _inspect(name, data)
    _ensure_readable(info)
    with _StoredFiles() as stored, transaction.atomic():
        locked = _lock_editable(submission, user, "为本稿件添加附件")
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise InvalidInput(f"每篇稿件最多 {MAX_ATTACHMENTS} 个附件", code="too_many_attachments")
        attachment = Attachment(
            submission=locked,
            name=info.name,
            content_type=info.content_type,
            size=info.size,
            uploaded_by=user,
            kind=info.kind,
            pages=info.pages,
            width=info.width,
            height=info.height,
            sha256=_sha256(info.data),
        )
        attachment.file.name = stored.save("attachments", info)
        attachment.save()
        workflow.file_change(
            locked, user, note=f"添加附件：{attachment.name}", ip=ip, action="review.attachment_added",
            attachment=attachment.pk, name=attachment.name, kind=info.kind, size=info.size,
        )  # fmt: skip
        queue_check(attachment)
    return attachment


def _ensure_readable(info) -> None:
    """Word and Excel files are read once now (no OCR, fast), so a broken one is refused before it is stored."""
    from sanshen.documents.errors import DocumentImportError
    from sanshen.documents.extract import extract_text

    if info.kind not in ("docx", "xlsx"):
        return
    try:
        extract_text(info, ocr=False)
    except DocumentImportError as exc:
        raise InvalidInput(f"文件“{info.name}”未上传：{exc.message}", code=exc.code) from exc


def remove_attachment(attachment: Attachment, user, *, ip: str | None = None) -> None:
    """删除附件, with its findings; the audit entry keeps its name."""
    with transaction.atomic():
        locked = _lock_editable(attachment.submission, user, "删除本稿件的附件")
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk, submission=locked)
        names = (attachment.file.name, attachment.original.name)
        pk, name = attachment.pk, attachment.name
        attachment.delete()
        workflow.file_change(
            locked, user, note=f"删除附件：{name}", ip=ip, action="review.attachment_removed", attachment=pk, name=name
        )
        _delete_after_commit(*names)


def mask_attachment(attachment: Attachment, user, *, ip: str | None = None) -> Attachment:
    """脱敏: swap in a copy with the open personal-data findings masked; the first original goes to the unit's archive."""
    return _mask(
        attachment, user, ip=ip, what="附件", folder="attachments",
        action="review.attachment_masked", audit={"attachment": attachment.pk, "name": attachment.name},
    )  # fmt: skip


def mask_body_image(image: BodyImage, user, *, ip: str | None = None) -> BodyImage:
    """脱敏 of a picture in the body: the same, and the body's address for it stays as it is."""
    return _mask(
        image, user, ip=ip, what="正文图片", folder="body-images",
        action="review.body_image_masked", audit={"image": str(image.public_id), "name": image.name},
    )  # fmt: skip


def _mask(owner: Attachment | BodyImage, user, *, ip, what: str, folder: str, action: str, audit: dict):
    from sanshen.checks.masking import needs_masking
    from sanshen.documents.errors import DocumentImportError, UploadRejected
    from sanshen.documents.mask_files import mask_file

    model = type(owner)
    with _StoredFiles() as stored, transaction.atomic():
        locked = _lock_editable(owner.submission, user, f"为本稿件的{what}脱敏")
        owner = model.objects.select_for_update().get(pk=owner.pk, submission=locked)
        if owner.check_status != CheckStatus.DONE:
            raise InvalidTransition(f"{what}尚未完成机审，请稍后再脱敏", code="not_checked")
        records = [r for r in owner.findings.filter(resolution=FindingRecord.Resolution.OPEN) if needs_masking(finding_of(r))]
        if not records:
            raise InvalidTransition(f"{what}中没有待脱敏的个人信息", code="nothing_to_mask")
        # The findings name the file as the check did (a body picture as "正文图片 …"): mask_file matches on it.
        info = dataclasses.replace(stored_info(owner), name=owner.label)
        try:
            masked = mask_file(info, [finding_of(r) for r in records])
        except (ValueError, KeyError, DocumentImportError, UploadRejected) as exc:
            raise InvalidInput(f"无法生成脱敏件：{what}内容与机审结果不一致，请删除后重新上传", code="mask_failed") from exc
        replaced = owner.file.name
        if not owner.original:
            # The first time only: a second masking keeps the original as uploaded, not the first masked copy.
            owner.original.name = stored.save(f"{folder}/originals", info)
        owner.file.name = stored.save(folder, info, masked)
        owner.size, owner.sha256 = len(masked), _sha256(masked)
        owner.masked_at, owner.masked_by = timezone.now(), user
        owner.check_status, owner.check_error, owner.checked_at = CheckStatus.PENDING, "", None
        owner.check_progress = {}  # the masked copy is read from its first page
        owner.save(
            update_fields=[
                "file", "original", "size", "sha256", "masked_at", "masked_by", "check_status", "check_error", "checked_at",
                "check_progress",
            ]
        )  # fmt: skip
        workflow.file_change(
            locked, user, note=f"{what}脱敏：{owner.name}", ip=ip, action=action,
            **audit, findings=len(records), rules=sorted({r.rule for r in records}),
        )  # fmt: skip
        _delete_after_commit(replaced)
        # The masked copy is checked again: what the mask missed is still found.
        queue_check(owner)
    return owner


# ---------------------------------------------------------------------------------------------
# Pictures in the body and Word import


def add_body_image(submission: Submission, user, *, name: str, data: bytes, ip: str | None = None) -> BodyImage:
    """插入图片: a picture for the body, stored and OCR-checked; the caller puts its `url` into the body."""
    if not workflow.can_edit(submission, user):
        raise NotAllowed("当前环节您不能修改本稿件", code="cannot_edit")
    info = _inspect(name, data, max_bytes=MAX_BODY_IMAGE_BYTES)
    if not info.is_image:
        raise InvalidInput(f"文件“{info.name}”不是图片：正文中只能插入 JPG、PNG、GIF、WebP 图片", code="not_an_image")
    with _StoredFiles() as stored, transaction.atomic():
        locked = _lock_editable(submission, user, "修改本稿件")
        image = _body_image(locked, user, info.name, info, stored)
        image.save()
        record("review.body_image_added", actor=user, obj=locked, ip=ip, image=str(image.public_id), name=image.name)
        queue_check(image)
    return image


def _body_image(submission: Submission | None, user, name: str, info, stored: _StoredFiles) -> BodyImage:
    image = BodyImage(
        submission=submission,
        name=name[:MAX_NAME_LENGTH],
        content_type=info.content_type,
        size=info.size,
        width=info.width,
        height=info.height,
        uploaded_by=user,
        sha256=_sha256(info.data),
    )
    image.file.name = stored.save("body-images", info)
    return image


def read_word(name: str, data: bytes):
    """The uploaded file as an ImportedDocument, or InvalidInput with the reason in Chinese."""
    from sanshen.documents.docx_import import read_docx
    from sanshen.documents.errors import DocumentImportError

    info = _inspect(name, data)
    if info.kind != "docx":
        raise InvalidInput(f"文件“{info.name}”不是 Word 文档：只能导入 .docx 文件（Excel、PDF 和图片请作为附件上传）", code="not_docx")
    try:
        return read_docx(info.data)
    except DocumentImportError as exc:
        raise InvalidInput(f"文件“{info.name}”无法导入：{exc.message}", code=exc.code) from exc


def _images_of(document, submission: Submission | None, user, stored: _StoredFiles) -> tuple[list[BodyImage], str]:
    """Store the document's pictures as BodyImages (unsaved rows) and point the body at their URLs."""
    from sanshen.documents.docx_import import replace_image_sources
    from sanshen.documents.upload import KINDS, UploadInfo

    images, mapping = [], {}
    for number, (name, content_type, data) in enumerate(document.images, start=1):
        kind = kind_of(content_type)
        _, extension, _ = KINDS[kind]
        width, height = _picture_size(data)
        info = UploadInfo(name, kind, content_type, extension, len(data), data, width=width, height=height)
        image = _body_image(submission, user, name, info, stored)
        images.append(image)
        mapping[f"docx-image:{number}"] = image.url
    return images, replace_image_sources(document.html, mapping)


def _picture_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        return picture.size


def create_from_word(user, *, name: str, data: bytes, title: str = "", ip: str | None = None, **details) -> tuple[Submission, list[str]]:
    """从 Word 新建: title and body (headings, lists, tables, pictures) from a .docx; returns the import warnings."""
    document = read_word(name, data)
    title = (title or "").strip() or document.title
    if not title:
        raise InvalidInput("未能从文档中识别标题，请在“标题”栏填写后再导入", code="title_required")
    with _StoredFiles() as stored, transaction.atomic():
        images, body = _images_of(document, None, user, stored)
        submission = workflow.create_submission(user, title=title, body=body, ip=ip, **details)
        _attach_new_pictures(submission, images)
        record("review.word_imported", actor=user, obj=submission, ip=ip, name=_short_name(name), images=len(images))
        _queue_image_checks(images)
    return submission, document.warnings


def revise_from_word(
    submission: Submission, user, *, name: str, data: bytes, base_revision: int, ip: str | None = None
) -> tuple[Revision, list[str]]:
    """从 Word 导入新版本: the file's content becomes a new revision, with the same stale-base guard as any edit."""
    if not workflow.can_edit(submission, user):
        raise NotAllowed("当前环节您不能修改本稿件", code="cannot_edit")
    document = read_word(name, data)
    with _StoredFiles() as stored, transaction.atomic():
        images, body = _images_of(document, submission, user, stored)
        _own_pictures_only(body, submission, images)
        for image in images:
            image.save()  # before the revision, so it lists them
        revision = workflow.save_revision(
            submission,
            user,
            title=document.title or submission.title,
            body=body,
            base_revision=base_revision,
            note=f"从 Word 导入：{_short_name(name)}"[:200],
            ip=ip,
        )
        record("review.word_imported", actor=user, obj=submission, ip=ip, name=_short_name(name), images=len(images), revision=revision.number)
        _queue_image_checks(images)
    return revision, document.warnings


# The sanitiser keeps pictures pasted into the editor as data: addresses (PNG or JPEG only).
_DATA_SRC = re.compile(r'(?<=src=")data:image/(?:png|jpeg);base64,([A-Za-z0-9+/=\s]+)(?=")')


def _pasted_images(html: str, submission: Submission | None, user, stored: _StoredFiles) -> tuple[list[BodyImage], str]:
    """Pictures pasted into the editor become BodyImages like any other: stored, served, OCR-checked."""
    images: list[BodyImage] = []

    def store(match: re.Match) -> str:
        name = f"粘贴的图片{len(images) + 1}.png"
        try:
            data = base64.b64decode(match.group(1), validate=False)
        except (binascii.Error, ValueError):
            raise InvalidInput(f"正文中的“{name}”已损坏，请删除后重新插入", code="bad_pasted_image") from None
        info = _inspect(name, data, max_bytes=MAX_BODY_IMAGE_BYTES)
        if not info.is_image:
            raise InvalidInput(f"正文中的“{name}”不是图片，请删除后重新插入", code="not_an_image")
        image = _body_image(submission, user, name, info, stored)
        images.append(image)
        return image.url

    return images, _DATA_SRC.sub(store, html)


def create_with_pictures(user, *, title: str, body: str, ip: str | None = None, **details) -> Submission:
    """新建稿件 whose body may hold pasted pictures."""
    with _StoredFiles() as stored, transaction.atomic():
        images, body = _pasted_images(body, None, user, stored)
        _own_pictures_only(body, None, images)
        submission = workflow.create_submission(user, title=title, body=body, ip=ip, **details)
        _attach_new_pictures(submission, images)
        _queue_image_checks(images)
    return submission


def save_with_pictures(submission: Submission, user, *, body: str, **kwargs) -> Revision:
    """保存修改 whose body may hold newly pasted pictures."""
    with _StoredFiles() as stored, transaction.atomic():
        images, body = _pasted_images(body, submission, user, stored)
        _own_pictures_only(body, submission, images)
        for image in images:
            image.save()  # before the revision, so it lists them
        revision = workflow.save_revision(submission, user, body=body, **kwargs)
        _queue_image_checks(images)
    return revision


def _own_pictures_only(body: str, submission: Submission | None, new: list[BodyImage]) -> None:
    """A body shows only pictures stored for its own item: one of another item (copied from its page) is refused.

    Served at /work/images/<uuid>/, another item's picture would be fetched by every reader of this one
    in their own name, and would be published without having been checked or signed with this item.
    """
    ids = set(IMAGE_SRC.findall(body or ""))
    own = {str(image.public_id) for image in new}
    if submission is not None and ids - own:
        stored = BodyImage.objects.filter(submission=submission, public_id__in=ids - own).values_list("public_id", flat=True)
        own |= {str(public_id) for public_id in stored}
    if ids - own:
        raise InvalidInput(
            f"正文中有 {len(ids - own)} 张图片不属于本稿件(可能是从其他稿件复制来的)，请删除后用“插入图片”重新插入。",
            code="foreign_picture",
        )


def _attach_new_pictures(submission: Submission, images: list[BodyImage]) -> None:
    """The pictures of a just-created item exist only once it does: its first revision then lists them."""
    if not images:
        return
    for image in images:
        image.submission = submission
        image.save()
    workflow.restamp_first_revision(submission)


def _queue_image_checks(images: list[BodyImage]) -> None:
    for image in images:
        queue_check(image)


# ---------------------------------------------------------------------------------------------
# Word export and previews


def export_word(submission: Submission) -> bytes:
    """导出 Word: the current revision with each finding as a comment (批注); file findings in a table at the end."""
    from sanshen.documents.docx_export import write_docx
    from sanshen.documents.html import html_to_text

    revision = submission.current_revision
    title_end = len(revision.title)
    body_text = html_to_text(revision.body).text
    findings = []
    for rec in revision.findings.all():
        # Offsets are into "title\nbody"; write_docx wants them into the title or the body alone.
        if rec.location.get("field") == "title" or rec.end <= title_end:
            findings.append(dataclasses.replace(finding_of(rec), text=revision.title[rec.start : rec.end], location={"field": "title"}))
        elif rec.start > title_end:
            start, end = rec.start - title_end - 1, rec.end - title_end - 1
            findings.append(dataclasses.replace(finding_of(rec), start=start, end=end, text=body_text[start:end], location={}))
    findings += [finding_of(rec) for rec in file_findings(revision)]
    images = {}
    for image in pictures_in(revision.submission_id, revision.body):
        with image.file.open("rb") as f:
            images[image.url] = f.read()
    meta = {
        "来文单位": submission.unit.name,
        "拟稿人": submission.drafter.display_name,
        "发布目标": submission.target_label,
        "信息分类": Grade(submission.grade).label,
        "状态": Status(submission.status).label,
        "版本": f"第{revision.number}版",
        "导出时间": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    return write_docx(revision.title, revision.body, findings, meta, images=images)


def preview_png(owner: Attachment | BodyImage, page: int = 1) -> bytes:
    """A picture or PDF page with the boxes of its open findings drawn on it, for the findings panel."""
    from PIL import ImageDraw

    from sanshen.documents.extract import render_page
    from sanshen.documents.upload import open_image

    info = stored_info(owner)
    if info.kind == "pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(info.data)
        try:
            if not 1 <= page <= len(document):
                raise InvalidInput("没有这一页", code="no_such_page")
            pdf_page = document[page - 1]
            picture, scale = render_page(pdf_page, PREVIEW_WIDTH / pdf_page.get_size()[0])
        finally:
            document.close()
    elif info.is_image and page == 1:
        picture = open_image(info.data).convert("RGB")
        scale = min(1.0, PREVIEW_WIDTH / picture.width)
        if scale < 1.0:
            picture = picture.resize((round(picture.width * scale), round(picture.height * scale)))
    else:
        raise InvalidInput("该文件没有预览", code="no_preview")
    draw = ImageDraw.Draw(picture)
    for rec in owner.findings.filter(resolution=FindingRecord.Resolution.OPEN):
        box = rec.location.get("match_box") or rec.location.get("box")
        if not box or rec.location.get("page", 1) != page or "image" in rec.location:
            continue
        x0, y0, x1, y1 = (v * scale for v in box)
        draw.rectangle([x0 - 3, y0 - 3, x1 + 3, y1 + 3], outline=BOX_COLOURS[rec.severity], width=3)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
