"""What the API reads and writes, as described in /api/schema."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from sanshen.review.models import REVIEW_POINT_KEYS, Escalation, Grade, Topic


# C0 control characters other than tab, newline and carriage return: PostgreSQL cannot store NUL,
# and XML (the HTML cleaner, .docx export) refuses all of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _no_control_characters(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("不能包含控制字符")
    return value


def _url_or_empty(value: str) -> str:
    value = value.strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("须为 http:// 或 https:// 开头的网址") from None
    return value


Text = Annotated[str, AfterValidator(_no_control_characters)]


def text(max_length: int, **kwargs):
    return Field(max_length=max_length, **kwargs)


class Input(Schema):
    # A misspelt field is an error, not silently ignored.
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------------
# Errors


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    error: str = Field(description="中文错误信息")
    code: str = Field(description="简短英文代码，供日志和程序判断")
    fields: list[FieldErrorOut] | None = Field(None, description="校验失败的字段（422）")
    findings: list[dict] | None = Field(None, description="阻止本操作的机审问题（blocked / serious_unexplained）")


class ChunkOut(Schema):
    op: Literal["equal", "insert", "delete"]
    text: str


class StaleRevisionOut(ErrorOut):
    base_revision: int = Field(description="您修改时依据的版本")
    current_revision: int = Field(description="当前版本")
    diff: list[ChunkOut] = Field(description="当前版本 → 您提交的内容")
    their_changes: list[ChunkOut] = Field(description="您依据的版本 → 当前版本（他人所改）")


# ---------------------------------------------------------------------------------------------
# Small parts


class ChoiceOut(Schema):
    value: str
    label: str


class PersonOut(Schema):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str


class TargetOut(Schema):
    kind: Literal["column", "media_account"]
    id: int
    name: str


class ActionOut(Schema):
    name: str = Field(description="操作名，用于 POST /api/submissions/{id}/actions/{name}")
    label: str
    needs_comment: bool
    needs_points: bool
    choices: list[ChoiceOut] = Field(description="回退目标、报请部门或答复意见的可选值")
    note: str


class RoleOut(Schema):
    unit_id: int
    role: str
    label: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    unit: UnitOut | None
    roles: list[RoleOut]


# ---------------------------------------------------------------------------------------------
# Submissions


class SubmissionSummaryOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    grade: str
    grade_label: str
    unit: UnitOut
    drafter: PersonOut
    target: TargetOut
    version: int = Field(description="每次操作或修改加一；执行操作时作为 expected_version 传回")
    due_at: datetime | None
    overdue: bool
    updated: datetime


class RevisionSummaryOut(Schema):
    number: int
    title: str
    author: PersonOut
    stage: str
    stage_label: str
    note: str
    created: datetime


class RevisionOut(RevisionSummaryOut):
    body: str = Field(description="正文（已清理的 HTML）")
    text: str = Field(description="机审所读的纯文本：首行标题，其后正文；机审问题的 start/end 即此文本中的位置")
    masked: bool = Field(description="旧版本中的个人信息是否已脱敏")


class DecisionOut(Schema):
    stage: str
    stage_label: str
    action: str
    action_label: str
    actor: PersonOut
    opinion: str
    points: list[str]
    revision: int | None
    content_hash: str = Field(description="所审内容校验码（SHA-256：标题、正文、稿件属性与附件）")
    self_approved: bool
    note: str
    created: datetime


class EscalationOut(Schema):
    kind: str
    kind_label: str
    question: str
    asked_at: datetime
    answered_at: datetime | None
    verdict: str
    answer: str


class StageOut(Schema):
    code: str
    label: str


class SubmissionOut(SubmissionSummaryOut):
    public_id: str
    body: str
    stage: StageOut | None = Field(description="当前所在审核环节（未送审、已通过等为 null）")
    stage_path: list[StageOut] = Field(description="按信息分类、专题和发布目标须经过的环节")
    content_hash: str = Field(description="当前版本的内容校验码（SHA-256）")
    topics: list[ChoiceOut]
    ask_main_leader: bool
    is_repost: bool
    repost_source: str
    repost_author: str
    repost_url: str
    remark: str
    run: int
    current_revision: RevisionOut
    published_revision: int | None
    stage_entered_at: datetime | None
    submitted_at: datetime | None
    published_at: datetime | None
    withdrawn_at: datetime | None
    post_url: str
    created: datetime
    actions: list[ActionOut] = Field(description="您现在可以执行的操作")
    decisions: list[DecisionOut]
    escalations: list[EscalationOut]


class ActionResultOut(SubmissionOut):
    message: str = Field(description="做了什么、稿件现在由谁处理，如“初审通过，已送复审复校：网站管理员 石晓东”")


class SubmissionPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[SubmissionSummaryOut]


class SubmissionDetailsIn(Input):
    """Fields the drafter sets; after 送审 only title and body may change."""

    column_id: int | None = Field(None, description="网站栏目（与 media_account_id 二选一）")
    media_account_id: int | None = Field(None, description="本单位的政务新媒体账号（与 column_id 二选一）")
    grade: Grade = Grade.GENERAL
    topics: list[Topic] = []
    ask_main_leader: bool = False
    is_repost: bool = False
    repost_source: Text = text(100, default="")
    repost_author: Text = text(100, default="")
    repost_url: Annotated[Text, AfterValidator(_url_or_empty)] = text(200, default="")
    remark: Text = text(200, default="")


class SubmissionIn(SubmissionDetailsIn):
    title: Text = text(200)
    body: Text = text(200_000, default="", description="正文 HTML，保存前清理")


class RevisionIn(SubmissionDetailsIn):
    """A new revision. Detail fields are applied only when given, and only before 送审."""

    title: Text = text(200)
    body: Text = text(200_000, default="")
    base_revision: int = Field(description="您修改时看到的版本号；不是当前版本则返回 409 和差异")
    note: Text = text(200, default="", description="修改说明")


class DiffOut(Schema):
    a: int
    b: int
    changed: bool
    chunks: list[ChunkOut]


class ActionIn(Input):
    expected_version: int = Field(description="您看到的稿件 version；已变化则 409")
    opinion: Text = text(2000, default="", description="审核意见")
    points: list[Literal[REVIEW_POINT_KEYS]] = Field([], description="审核要点（通过时须全部勾选）")
    to_stage: Text = text(30, default="drafter", description="回退目标：drafter 或之前的环节")
    kinds: list[Escalation.Kind] = Field([], description="报请部门")
    verdict: Escalation.Verdict | None = Field(None, description="保密/网信部门答复意见")
    post_url: Text = text(500, default="", description="新媒体发布地址")
    finding_reasons: dict[str, Annotated[Text, Field(max_length=300)]] = Field(
        {}, description="送审或通过时对严重机审问题逐条说明理由：{问题 id: 理由}"
    )


# ---------------------------------------------------------------------------------------------
# Queues and findings


class QueueItemOut(SubmissionSummaryOut):
    stage_entered_at: datetime | None
    waiting_seconds: int = Field(description="在当前环节已等待的秒数")


class StatusCountOut(Schema):
    status: str
    label: str
    count: int


class QueueOut(Schema):
    count: int
    overdue: int
    counts: list[StatusCountOut]
    items: list[QueueItemOut]


class NotificationSubmissionOut(Schema):
    id: int
    title: str


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    message: str
    comment: str
    created: datetime
    read: bool
    submission: NotificationSubmissionOut


class NotificationsOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


class FindingOut(Schema):
    id: int
    rule: str
    category: str
    standard: int
    severity: str
    start: int
    end: int
    text: str
    suggestion: str
    message: str
    source: str
    location: dict
    resolution: str
    reason: str


class FindingsOut(Schema):
    revision: int
    findings: list[FindingOut]


class ResolveIn(Input):
    resolution: Literal["not_error", "propose_whitelist"] = Field(
        description="not_error：本稿非错误；propose_whitelist：提议加入白名单（安全管理员审批后生效）"
    )
    reason: Text = text(300, default="")
    scope: Literal["unit", "county"] = Field("unit", description="白名单范围：本单位或全县")
