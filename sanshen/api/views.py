"""API endpoints: the same access helper and workflow functions as the pages, answering JSON.

Every endpoint that touches a submission fetches it through `_get_submission` (workflow.visible_submissions, else 404)
and leaves every decision about what may happen to `workflow.available_actions` / `perform`.
"""

from __future__ import annotations

import math

from django.utils import timezone
from django.views.decorators.csrf import ensure_csrf_cookie
from lxml.etree import LxmlError
from ninja import Query, Router, Status
from ninja.decorators import decorate_view

from sanshen.accounts.models import Column, MediaAccount, RoleName
from sanshen.audit.log import client_ip, record
from sanshen.documents.html import clean_office_html
from sanshen.lib.diff import Chunk, diff
from sanshen.review import attachments, checking, workflow
from sanshen.review.stages import STAGES, required_stages
from sanshen.review.exceptions import InvalidInput, NotAllowed, StaleRevision
from sanshen.review.models import FindingRecord, Revision, Submission
from sanshen.review.models import Status as SubmissionStatus

from .errors import NotFound
from .schemas import (
    CONTROL_CHARACTERS,
    ActionIn,
    ActionResultOut,
    ActionOut,
    DiffOut,
    ErrorOut,
    FindingOut,
    FindingsOut,
    MarkedOut,
    MeOut,
    NotificationsOut,
    QueueOut,
    ResolveIn,
    RevisionIn,
    RevisionOut,
    RevisionSummaryOut,
    StaleRevisionOut,
    SubmissionIn,
    SubmissionOut,
    SubmissionPageOut,
)

router = Router()

SUMMARY_RELATED = ("unit", "drafter", "column", "media_account")


def errors(*codes: int) -> dict:
    """The error responses an endpoint documents; 401 applies to all of them."""
    return {code: ErrorOut for code in (401, *codes)}


# ---------------------------------------------------------------------------------------------
# Access helpers


def _get_submission(request, submission_id: int) -> Submission:
    """Every endpoint reaches a submission through here: other units' items do not exist for you (404)."""
    found = (
        workflow.visible_submissions(request.auth)
        .select_related(*SUMMARY_RELATED, "current_revision", "current_revision__author")
        .filter(pk=submission_id)
        .first()
    )
    if found is None:
        raise NotFound("稿件不存在", code="submission_not_found")
    return found


def _get_revision(submission: Submission, number: int) -> Revision:
    found = submission.revisions.select_related("author").filter(number=number).first()
    if found is None:
        raise NotFound(f"第 {number} 版不存在", code="revision_not_found")
    return found


# ---------------------------------------------------------------------------------------------
# Serialisation


def _person(user) -> dict:
    return {"id": user.pk, "name": user.display_name}


def _target(s: Submission) -> dict:
    if s.column_id:
        return {"kind": "column", "id": s.column_id, "name": s.column.name}
    return {"kind": "media_account", "id": s.media_account_id, "name": str(s.media_account)}


def _summary(s: Submission) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "status": s.status,
        "status_label": s.get_status_display(),
        "grade": s.grade,
        "grade_label": s.get_grade_display(),
        "unit": {"id": s.unit_id, "name": s.unit.name},
        "drafter": _person(s.drafter),
        "target": _target(s),
        "version": s.version,
        "due_at": s.due_at,
        "overdue": s.is_overdue,
        "updated": s.updated,
    }


def _revision_summary(r: Revision) -> dict:
    return {
        "number": r.number,
        "title": r.title,
        "author": _person(r.author),
        "stage": r.stage,
        "stage_label": r.get_stage_display(),
        "note": r.note,
        "created": r.created,
    }


def _revision(r: Revision, *, original: bool = True) -> dict:
    """A revision with its text; an old one with its personal data masked (脱敏) unless `original`."""
    if original:
        return {**_revision_summary(r), "body": r.body, "text": checking.revision_text(r), "masked": False}
    return {**_revision_summary(r), "body": checking.masked_body(r), "text": checking.masked_text(r), "masked": True}


def _original_allowed(request, submission: Submission, original: bool, numbers: list[int]) -> bool:
    """显示原文 through the API: the unit's reviewers only, and each use audited as on the pages."""
    if not original:
        return False
    if not workflow.may_see_original(submission, request.auth):
        raise NotAllowed("只有本单位审核人员可以查看原文", code="original_not_allowed")
    record("review.original_text_viewed", actor=request.auth, obj=submission, ip=client_ip(request), revisions=numbers)
    return True


def _action(a: workflow.Action) -> dict:
    return {
        "name": a.name,
        "label": a.label,
        "needs_comment": a.needs_comment,
        "needs_points": a.needs_points,
        "choices": [{"value": v, "label": label} for v, label in a.choices],
        "note": a.note,
    }


def _stage(code: str) -> dict:
    return {"code": code, "label": SubmissionStatus(code).label}


def _detail(s: Submission, user) -> dict:
    decisions = s.decisions.select_related("actor", "revision").order_by("created", "id")
    in_stage = s.status in STAGES or s.status == SubmissionStatus.ESCALATED
    return {
        **_summary(s),
        "public_id": str(s.public_id),
        "body": s.body,
        "stage": _stage(s.status) if in_stage else None,
        "stage_path": [_stage(code) for code in required_stages(s)],
        "content_hash": s.current_revision.content_hash,
        "topics": [{"value": t, "label": label} for t, label in zip(s.topics, s.topic_labels(), strict=False)],
        "ask_main_leader": s.ask_main_leader,
        "is_repost": s.is_repost,
        "repost_source": s.repost_source,
        "repost_author": s.repost_author,
        "repost_url": s.repost_url,
        "remark": s.remark,
        "run": s.run,
        "current_revision": _revision(s.current_revision),
        "published_revision": s.published_revision.number if s.published_revision_id else None,
        "stage_entered_at": s.stage_entered_at,
        "submitted_at": s.submitted_at,
        "published_at": s.published_at,
        "withdrawn_at": s.withdrawn_at,
        "post_url": s.post_url,
        "created": s.created,
        "actions": [_action(a) for a in workflow.available_actions(s, user)],
        "decisions": [
            {
                "stage": d.stage,
                "stage_label": d.get_stage_display(),
                "action": d.action,
                "action_label": d.get_action_display(),
                "actor": _person(d.actor),
                "opinion": d.opinion,
                "points": list(d.points),
                "revision": d.revision.number if d.revision_id else None,
                "content_hash": d.content_hash,
                "self_approved": d.self_approved,
                "note": d.note,
                "created": d.created,
            }
            for d in decisions
        ],
        "escalations": [
            {
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "question": e.question,
                "asked_at": e.asked_at,
                "answered_at": e.answered_at,
                "verdict": e.verdict,
                "answer": e.answer,
            }
            for e in s.escalations.all()
        ],
    }


def _chunks(chunks: list[Chunk]) -> list[dict]:
    return [{"op": c.op, "text": c.text} for c in chunks]


def _finding(f: FindingRecord) -> dict:
    return {
        "id": f.pk,
        "rule": f.rule,
        "category": f.category,
        "standard": f.standard,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "suggestion": f.suggestion,
        "message": f.message,
        "source": f.source,
        "location": f.location,
        "resolution": f.resolution,
        "reason": f.reason,
    }


def _clean_body(html: str) -> str:
    try:
        return clean_office_html(html)
    except (ValueError, LxmlError):
        # The cleaner gives up on some fragments (only a comment, a stray end tag); the body is refused, not lost.
        raise InvalidInput("正文无法解析为 HTML，请检查后重新提交", code="bad_body") from None


def _details(payload, fields: set[str]) -> dict:
    """The workflow's detail keywords from the fields the client sent; targets are looked up here."""
    details = {}
    if "column_id" in fields or "media_account_id" in fields:
        details["column"] = details["media_account"] = None
        if payload.column_id is not None:
            details["column"] = Column.objects.filter(pk=payload.column_id).first()
            if details["column"] is None:
                raise InvalidInput("网站栏目不存在", code="column_not_found")
        if payload.media_account_id is not None:
            details["media_account"] = MediaAccount.objects.filter(pk=payload.media_account_id, is_active=True).first()
            if details["media_account"] is None:
                raise InvalidInput("政务新媒体账号不存在或已停用", code="media_account_not_found")
    for name in workflow.DETAIL_FIELDS:
        if name in fields:
            details[name] = getattr(payload, name)
    # Plain strings, not enum members, go into the model and its JSON field.
    if "grade" in details:
        details["grade"] = str(details["grade"])
    if "topics" in details:
        details["topics"] = [str(t) for t in details["topics"]]
    return details


# ---------------------------------------------------------------------------------------------
# Who am I


@router.get("/me", response={200: MeOut, **errors()}, summary="当前用户", tags=["账户"])
@decorate_view(ensure_csrf_cookie)
def me(request):
    """当前用户及其角色。浏览器会话调用时顺带设置 CSRF cookie，之后的 POST 带 X-CSRFToken 头。"""
    user = request.auth
    labels = dict(RoleName.choices)
    roles = sorted(user.role_pairs())
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "unit": {"id": user.unit_id, "name": user.unit.name} if user.unit_id else None,
        "roles": [{"unit_id": unit_id, "role": role, "label": labels.get(role, role)} for unit_id, role in roles],
    }


# ---------------------------------------------------------------------------------------------
# Submissions


@router.get("/submissions", response={200: SubmissionPageOut, **errors(422)}, summary="稿件列表", tags=["稿件"])
def submission_list(
    request,
    status: SubmissionStatus | None = Query(None, description="只看此状态"),
    q: str = Query("", max_length=100, description="标题包含"),
    page: int = Query(1, ge=1),
    page_size: int = Query(30, ge=1, le=100),
):
    """您能看到的稿件（本单位的，及已送到您所在县级环节的），按修改时间倒序。"""
    qs = workflow.visible_submissions(request.auth).select_related(*SUMMARY_RELATED)
    q = CONTROL_CHARACTERS.sub("", q).strip()
    if q:
        qs = qs.filter(title__icontains=q)
    if status is not None:
        qs = qs.filter(status=status)
    count = qs.count()
    start = (page - 1) * page_size
    items = list(qs.order_by("-updated", "-id")[start : start + page_size]) if start < count else []
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": math.ceil(count / page_size),
        "items": [_summary(s) for s in items],
    }


@router.post(
    "/submissions", response={201: SubmissionOut, **errors(400, 403, 422)}, summary="新建稿件", tags=["稿件"]
)
def submission_create(request, payload: SubmissionIn):
    """在本人单位新建稿件（草稿），生成第 1 版并运行机审。发布目标须在 column_id 和 media_account_id 中选一个。

    正文中以 data: 地址粘贴的 PNG、JPEG 图片会另存为正文图片，并做文字识别机审。
    """
    user = request.auth
    details = _details(payload, set(SubmissionIn.model_fields) - {"title", "body"})
    # Pictures pasted into the body (data: addresses) are stored and OCR-checked, as the pages do.
    submission = attachments.create_with_pictures(
        user, title=payload.title, body=_clean_body(payload.body), ip=client_ip(request), **details
    )
    return Status(201, _detail(_get_submission(request, submission.pk), user))


@router.get(
    "/submissions/{submission_id}", response={200: SubmissionOut, **errors(404)}, summary="稿件详情", tags=["稿件"]
)
def submission_detail(request, submission_id: int):
    """当前版本、所在环节、须经环节、分类、专题、发布目标、时限，以及您现在可执行的操作。"""
    return _detail(_get_submission(request, submission_id), request.auth)


# ---------------------------------------------------------------------------------------------
# Revisions


@router.get(
    "/submissions/{submission_id}/revisions",
    response={200: list[RevisionSummaryOut], **errors(404)},
    summary="版本列表",
    tags=["版本"],
)
def revision_list(request, submission_id: int):
    submission = _get_submission(request, submission_id)
    return [_revision_summary(r) for r in submission.revisions.select_related("author").order_by("number")]


@router.get(
    "/submissions/{submission_id}/revisions/{number}",
    response={200: RevisionOut, **errors(403, 404)},
    summary="某一版本",
    tags=["版本"],
)
def revision_detail(
    request, submission_id: int, number: int, original: bool = Query(False, description="显示原文（仅本单位审核人员，记入审计日志）")
):
    """当前版本原样返回；旧版本中的个人信息已脱敏（masked=true），本单位审核人员可加 original=true 查看原文。"""
    submission = _get_submission(request, submission_id)
    revision = _get_revision(submission, number)
    if revision.pk == submission.current_revision_id:
        return _revision(revision)
    return _revision(revision, original=_original_allowed(request, submission, original, [number]))


@router.post(
    "/submissions/{submission_id}/revisions",
    response={201: RevisionOut, 200: RevisionOut, 409: StaleRevisionOut, **errors(400, 403, 404, 422)},
    summary="保存修改（新版本）",
    tags=["版本"],
)
def revision_create(request, submission_id: int, payload: RevisionIn):
    """保存为新版本（201）；内容未变则返回当前版本（200）。base_revision 不是当前版本时返回 409 和差异。

    送审前拟稿人可同时修改发布目标、分类等；送审后只能改标题和正文。正文中粘贴的图片处理同新建稿件。
    """
    user = request.auth
    submission = _get_submission(request, submission_id)
    body = _clean_body(payload.body)
    details = _details(payload, payload.model_fields_set - {"title", "body", "base_revision", "note"})
    try:
        revision = attachments.save_with_pictures(
            submission,
            user,
            title=payload.title,
            body=body,
            base_revision=payload.base_revision,
            note=payload.note,
            ip=client_ip(request),
            **details,
        )
    except StaleRevision as exc:
        mine = checking.text_of(payload.title.strip(), body)
        current = checking.revision_text(exc.current)
        return Status(
            409,
            {
                "error": exc.message,
                "code": exc.code,
                "base_revision": payload.base_revision,
                "current_revision": exc.current.number,
                "diff": _chunks(diff(current, mine)),
                "their_changes": _chunks(diff(checking.revision_text(exc.base), current)) if exc.base else [],
            },
        )
    created = revision.number != submission.current_revision.number
    return Status(201 if created else 200, _revision(revision))


@router.get(
    "/submissions/{submission_id}/diff",
    response={200: DiffOut, **errors(403, 404, 422)},
    summary="两个版本的逐词差异",
    tags=["版本"],
)
def revision_diff(
    request,
    submission_id: int,
    a: int | None = Query(None, description="旧版本号，默认为倒数第二版"),
    b: int | None = Query(None, description="新版本号，默认为当前版本"),
    original: bool = Query(False, description="显示原文（仅本单位审核人员，记入审计日志）"),
):
    """中文逐字、西文逐词比较两个版本的标题和正文（纯文本），个人信息已脱敏，与页面相同。"""
    submission = _get_submission(request, submission_id)
    numbers = list(submission.revisions.order_by("number").values_list("number", flat=True))
    if b is None:
        b = numbers[-1]
    if a is None:
        a = numbers[-2] if len(numbers) > 1 else numbers[-1]
    old, new = _get_revision(submission, a), _get_revision(submission, b)
    text = checking.revision_text if _original_allowed(request, submission, original, [a, b]) else checking.masked_text
    chunks = diff(text(old), text(new))
    return {"a": a, "b": b, "changed": any(c.op != "equal" for c in chunks), "chunks": _chunks(chunks)}


# ---------------------------------------------------------------------------------------------
# Actions


@router.get(
    "/submissions/{submission_id}/actions",
    response={200: list[ActionOut], **errors(404)},
    summary="您现在可执行的操作",
    tags=["操作"],
)
def action_list(request, submission_id: int):
    submission = _get_submission(request, submission_id)
    return [_action(a) for a in workflow.available_actions(submission, request.auth)]


@router.post(
    "/submissions/{submission_id}/actions/{name}",
    response={200: ActionResultOut, **errors(400, 403, 404, 409, 422)},
    summary="执行操作（送审、通过、建议修改、回退、报请、答复、发布、撤稿…）",
    tags=["操作"],
)
def action_perform(request, submission_id: int, name: str, payload: ActionIn):
    """执行 GET …/actions 列出的操作之一，返回更新后的稿件，message 说明做了什么、稿件现在由谁处理。

    expected_version 与当前 version 不符时 409（已被他人处理）；不在可执行操作中时 403 或 409，稿件不变。
    """
    user = request.auth
    submission = _get_submission(request, submission_id)
    extra = {
        "submit": {"finding_reasons": payload.finding_reasons},
        "pass": {"points": list(payload.points), "finding_reasons": payload.finding_reasons},
        "return": {"to_stage": payload.to_stage or "drafter"},
        "escalate": {"kinds": [str(k) for k in payload.kinds]},
        "answer": {"verdict": str(payload.verdict) if payload.verdict else ""},
        "publish": {"post_url": payload.post_url},
    }.get(name, {})
    updated = workflow.perform(
        submission,
        user,
        name,
        expected_version=payload.expected_version,
        ip=client_ip(request),
        opinion=payload.opinion,
        **extra,
    )
    return {**_detail(updated, user), "message": workflow.outcome_message(updated, name, submission.status)}


# ---------------------------------------------------------------------------------------------
# Findings of the current revision


@router.get(
    "/submissions/{submission_id}/findings",
    response={200: FindingsOut, **errors(404)},
    summary="当前版本的机审问题",
    tags=["机审"],
)
def finding_list(request, submission_id: int):
    """start/end 是当前版本 text（首行标题，其后正文）中的位置。"""
    submission = _get_submission(request, submission_id)
    revision = submission.current_revision
    return {"revision": revision.number, "findings": [_finding(f) for f in revision.findings.all()]}


@router.post(
    "/submissions/{submission_id}/findings/{finding_id}/resolve",
    response={200: FindingOut, **errors(400, 403, 404, 422)},
    summary="处理机审问题",
    tags=["机审"],
)
def finding_resolve(request, submission_id: int, finding_id: int, payload: ResolveIn):
    """标为非错误（本稿，须填理由）或提议加入白名单（须填理由，安全管理员审批后生效）。

    只有当前环节的审核人员可以处理；“已修改”不能由人声明：修改原文保存新版本后，机审不再发现即消失。
    禁止类问题（涉密标识、禁用词）不能标为非错误或加入白名单。
    """
    user = request.auth
    submission = _get_submission(request, submission_id)
    revision = submission.current_revision
    found = (
        FindingRecord.objects.filter(pk=finding_id, revision_id=revision.pk).first()
        or checking.file_findings(revision).filter(pk=finding_id).first()
    )
    if found is None:
        raise NotFound("机审问题不存在", code="finding_not_found")
    settled = workflow.resolve_finding(
        submission,
        user,
        found,
        resolution=payload.resolution,
        reason=payload.reason,
        county_wide=payload.scope == "county",
        ip=client_ip(request),
    )
    return _finding(settled)


# ---------------------------------------------------------------------------------------------
# Queues


@router.get("/queue", response={200: QueueOut, **errors()}, summary="我的待办", tags=["待办"])
def queue(request):
    """等待您处理的稿件，按时限排序，附等待时长和超时标记。"""
    user = request.auth
    items = workflow.waiting_for(user)
    now = timezone.now()
    counts: dict[str, int] = {}
    for s in items:
        counts[s.status] = counts.get(s.status, 0) + 1
    return {
        "count": len(items),
        "overdue": sum(1 for s in items if s.is_overdue),
        "counts": [
            {"status": code, "label": SubmissionStatus(code).label, "count": n} for code, n in counts.items()
        ],
        "items": [
            {
                **_summary(s),
                "stage_entered_at": s.stage_entered_at,
                "waiting_seconds": int((now - (s.stage_entered_at or s.created)).total_seconds()),
            }
            for s in items
        ],
    }


@router.get("/notifications", response={200: NotificationsOut, **errors(422)}, summary="通知", tags=["待办"])
def notification_list(request, unread: bool = Query(False, description="只看未读")):
    """最近 200 条站内通知，新的在前。"""
    user = request.auth
    qs = user.notifications.select_related("submission")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return {
        "unread": user.notifications.filter(read_at__isnull=True).count(),
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "kind_label": n.get_kind_display(),
                "message": n.message,
                "comment": n.comment,
                "created": n.created,
                "read": n.read_at is not None,
                "submission": {"id": n.submission_id, "title": n.submission.title},
            }
            for n in qs[:200]
        ],
    }


@router.post("/notifications/read", response={200: MarkedOut, **errors()}, summary="全部标为已读", tags=["待办"])
def notification_mark_read(request):
    marked = request.auth.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return {"marked": marked}
