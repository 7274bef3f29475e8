"""稿件 and its 三审三校 history. Models hold state and derived answers; workflow.py owns changes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sanshen.accounts.models import Column, MediaAccount, RoleName, Unit


class Grade(models.TextChoices):
    """信息分类 (第五条)."""

    GENERAL = "general", "一般信息"
    IMPORTANT = "important", "重要信息"
    SPECIAL = "special", "特级信息"


class Topic(models.TextChoices):
    """专题标记: topics with rules of their own."""

    BUDGET = "budget", "预决算"
    EMERGENCY = "emergency", "突发事件"
    PERSONNEL = "personnel", "人事"
    RECRUITMENT = "recruitment", "招聘"
    PROCUREMENT = "procurement", "招标采购"
    POLICY = "policy", "政策文件"
    NOT_PUBLIC = "not_public", "不予公开"


# Topics whose items the unit's main leader must sign whatever the unit's own choice (审签表备注).
MAIN_LEADER_TOPICS = frozenset({Topic.BUDGET, Topic.EMERGENCY})


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    CHANGES_REQUESTED = "changes_requested", "待修改"
    FIRST_REVIEW = "first_review", "初审初校"
    SECOND_REVIEW = "second_review", "复审复校"
    ESCALATED = "escalated", "待保密/网信部门意见"
    FINAL_REVIEW = "final_review", "终审终校"
    MAIN_LEADER = "main_leader", "主要领导签批"
    COUNTY_LEADER = "county_leader", "县领导批示"
    COUNTY_REVIEW = "county_review", "县信息中心审核"
    APPROVED = "approved", "待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤稿"
    REFUSED = "refused", "不予发布"


# 信息审核要点 (审签表).
REVIEW_POINTS = (
    ("political", "政治性"),
    ("secrecy", "保密性"),
    ("truthfulness", "真实性"),
    ("timeliness", "时效性"),
    ("accuracy", "准确性"),
    ("completeness", "完整性"),
    ("safety", "安全性"),
    ("presentation", "文字、图片、格式、符号"),
)
REVIEW_POINT_KEYS = tuple(k for k, _ in REVIEW_POINTS)


class SubmissionQuerySet(models.QuerySet):
    """Named filters by state. Who may see or act on what is workflow.py's (visible_submissions, waiting_for)."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def on_public_site(self):
        """Published or withdrawn website items: their URLs stay answerable."""
        return self.filter(status__in=(Status.PUBLISHED, Status.WITHDRAWN), column__isnull=False)

    def overdue(self):
        # due_at is set on entering a stage (or the escalation wait) and cleared on leaving the stages.
        return self.filter(due_at__lt=timezone.now())


class Submission(models.Model):
    """稿件: a piece of content submitted for 三审三校 before it is published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions", verbose_name="来文单位")
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted", verbose_name="拟稿人"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    current_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="当前版本"
    )
    published_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="发布版本"
    )
    column = models.ForeignKey(
        Column, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions", verbose_name="网站栏目"
    )
    media_account = models.ForeignKey(
        MediaAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions", verbose_name="新媒体账号"
    )
    grade = models.CharField("信息分类", max_length=20, choices=Grade.choices, default=Grade.GENERAL)
    topics = models.JSONField("专题", default=list, blank=True)
    ask_main_leader = models.BooleanField("送主要领导签批", default=False)
    is_repost = models.BooleanField("转载", default=False)
    repost_source = models.CharField("原稿出处", max_length=100, blank=True)
    repost_author = models.CharField("原稿作者", max_length=100, blank=True)
    repost_url = models.URLField("原文链接", blank=True)
    remark = models.CharField("备注", max_length=200, blank=True)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    resume_stage = models.CharField("修改后回到", max_length=20, choices=Status.choices, blank=True)
    run = models.PositiveIntegerField("送审轮次", default=0)
    version = models.PositiveIntegerField("版本号", default=0)
    stage_entered_at = models.DateTimeField("进入当前环节", null=True, blank=True)
    due_at = models.DateTimeField("办理时限", null=True, blank=True, db_index=True)
    overdue_notified = models.BooleanField(default=False)
    submitted_at = models.DateTimeField("首次送审", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("撤稿时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤稿原因", max_length=300, blank=True)
    post_url = models.URLField("新媒体发布地址", blank=True)
    form_scan = models.FileField("审签表扫描件", upload_to="forms/scans/", blank=True)
    created = models.DateTimeField("创建时间", default=timezone.now)
    updated = models.DateTimeField("修改时间", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "稿件"
        ordering = ["-updated", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(column__isnull=True, media_account__isnull=False)
                | Q(column__isnull=False, media_account__isnull=True),
                name="submission_has_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_revision__isnull=False),
                name="published_submission_has_revision",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # A column's pages (public/views.py) walk ids in this order: an index-only scan, even at page 300.
            models.Index(fields=["column", "status", "-published_at", "-id"], name="submission_column_page"),
            # The newest change on the public site (public/views.site_stamp, a key of its cached lists): one look-up.
            models.Index(
                fields=["updated"],
                name="submission_on_site_updated",
                condition=Q(status__in=("published", "withdrawn"), column__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target_label(self) -> str:
        return str(self.column or self.media_account)

    @property
    def is_website(self) -> bool:
        return self.column_id is not None

    @property
    def needs_main_leader(self) -> bool:
        """签批: compulsory for 重要/特级 and for 预决算、突发事件; otherwise the unit's choice."""
        return (
            self.grade in (Grade.IMPORTANT, Grade.SPECIAL)
            or bool(MAIN_LEADER_TOPICS & set(self.topics))
            or self.unit.main_leader_signs_all
            or self.ask_main_leader
        )

    @property
    def needs_county_leader(self) -> bool:
        return self.grade == Grade.SPECIAL

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_at and self.due_at < timezone.now())

    def topic_labels(self) -> list[str]:
        return [Topic(t).label for t in self.topics if t in Topic.values]


class Revision(models.Model):
    """版本: the content as saved by one person at one time. 校 is editing, so every edit is a revision."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="修改人")
    stage = models.CharField("修改时环节", max_length=20, choices=Status.choices)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created = models.DateTimeField("时间", default=timezone.now)
    # What else a signature covers besides title and body: the details that decide the stages and target
    # (grade, topics, column or account …) and every file (attachments, pictures in the body) by SHA-256.
    details = models.JSONField("稿件属性", default=dict, blank=True)
    files = models.JSONField("附件与图片清单", default=list, blank=True)
    content_hash = models.CharField("内容校验码", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "版本"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"第{self.number}版"


class Decision(models.Model):
    """审核记录: one action on one item by one person — the 审签表 row and the audit trail at once."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "送审"
        RECALL = "recall", "撤回"
        PASS = "pass", "同意"
        REQUEST_CHANGES = "request_changes", "建议修改"
        RETURN = "return", "回退"
        REFUSE = "refuse", "不予发布"
        ESCALATE = "escalate", "报请保密/网信部门"
        ANSWER = "answer", "答复"
        SEND_BACK = "send_back", "打回原单位"
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "撤稿"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="decisions")
    run = models.PositiveIntegerField("送审轮次")
    stage = models.CharField("环节", max_length=20, choices=Status.choices)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions", verbose_name="签批人")
    opinion = models.TextField("意见", blank=True)
    points = models.JSONField("审核要点", default=list, blank=True)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="所审版本")
    content_hash = models.CharField("所审内容校验码", max_length=64, blank=True)
    self_approved = models.BooleanField("本人兼签", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    findings = models.JSONField("依据的机审结果", default=list, blank=True)
    created = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "审核记录"
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["submission", "run", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.get_action_display()} {self.actor}"

    def point_labels(self) -> list[str]:
        return [label for key, label in REVIEW_POINTS if key in self.points]


class Escalation(models.Model):
    """报请: 复审 asks the secrecy bureau or cyberspace office for an opinion; the item waits."""

    class Kind(models.TextChoices):
        SECRECY = "secrecy", "县保密部门"
        CYBERSPACE = "cyberspace", "县网信部门"

    class Verdict(models.TextChoices):
        AGREE = "agree", "可以发布"
        REVISE = "revise", "修改后发布"
        OBJECT = "object", "不宜发布"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="escalations")
    run = models.PositiveIntegerField()
    kind = models.CharField("报请部门", max_length=20, choices=Kind.choices)
    question = models.TextField("请示事项")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    verdict = models.CharField("意见", max_length=20, choices=Verdict.choices, blank=True)
    answer = models.TextField("答复", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报请记录"
        ordering = ["asked_at", "id"]


ESCALATION_ROLES = {Escalation.Kind.SECRECY: RoleName.SECRECY_OFFICER, Escalation.Kind.CYBERSPACE: RoleName.CYBERSPACE_OFFICER}


class WrittenFiling(models.Model):
    """书面报送备案: 特级 items are filed in writing at once when they go to the county leader."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="filings")
    run = models.PositiveIntegerField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="报送版本")
    reference = models.CharField("报送文号", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "书面报送备案"


class SignOffRecord(models.Model):
    """审签表存档: the form as it stood when the item left its unit, kept in the unit's archive."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="signoff_records")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="signoff_records")
    run = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    pdf = models.FileField(upload_to="forms/pdf/")
    png = models.FileField(upload_to="forms/png/", blank=True)
    is_scan = models.BooleanField(default=False)
    fingerprint = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "审签表存档"
        ordering = ["-created"]


class CheckStatus(models.TextChoices):
    """机审 of a file runs in the background (OCR is slow); the page says where it stands."""

    PENDING = "pending", "检查中"
    DONE = "done", "已检查"
    FAILED = "failed", "检查失败"


class AttachmentQuerySet(models.QuerySet):
    def on_public_site(self):
        """Attachments of published website items: the only ones the public site serves."""
        return self.filter(submission__status=Status.PUBLISHED, submission__column__isnull=False)


class MaskableFile:
    """What 脱敏 needs of a stored file (an attachment or a body picture): whether it was masked, and how many open
    personal-data findings masking would cover."""

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None

    def maskable_count(self) -> int:
        """Open personal-data findings that 脱敏 would mask."""
        from sanshen.checks.masking import MASKED_CATEGORIES

        return (
            self.findings.filter(resolution=FindingRecord.Resolution.OPEN, category__in=MASKED_CATEGORIES)
            .exclude(severity="info")
            .count()
        )


class Attachment(MaskableFile, models.Model):
    """附件: a .docx, .xlsx, PDF or picture sent with a submission, checked like the body.

    `file` is what reviewers, the county and (once published) the public see. After 脱敏 it is the
    masked copy, and `original` keeps the file as uploaded for the unit's own archive only.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    kind = models.CharField("类型", max_length=10, default="")
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    check_status = models.CharField("机审", max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING)
    check_error = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # 机审 runs a slice at a time (checking.py): what is read so far, the worker holding the file, its last turn.
    check_progress = models.JSONField(default=dict, blank=True)
    check_claimed_until = models.DateTimeField(null=True, blank=True)
    check_turn_at = models.DateTimeField(null=True, blank=True)
    original = models.FileField("脱敏前原件", upload_to="attachments/originals/", blank=True)
    masked_at = models.DateTimeField("脱敏时间", null=True, blank=True)
    masked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="脱敏人"
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind in ("png", "jpeg", "gif", "webp")

    @property
    def label(self) -> str:
        """How findings name it: its file name."""
        return self.name

    def preview_pages(self) -> list[int]:
        """Pages worth a preview with boxes: a picture's one page, a PDF's scanned pages with findings."""
        if self.is_image:
            return [1]
        if self.kind != "pdf":
            return []
        return sorted({rec.location["page"] for rec in self.findings.all() if "box" in rec.location and "page" in rec.location})


class BodyImage(MaskableFile, models.Model):
    """正文图片: a picture in the body, imported from Word or inserted by hand, served at /work/images/<uuid>/.

    After 脱敏 `file` is the masked copy (the body's address stays the same), and `original` keeps the picture as
    inserted for the unit's own archive only.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="body_images")
    file = models.FileField(upload_to="body-images/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64, blank=True)
    check_status = models.CharField("机审", max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING)
    check_error = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # 机审 runs a slice at a time (checking.py): what is read so far, the worker holding the file, its last turn.
    check_progress = models.JSONField(default=dict, blank=True)
    check_claimed_until = models.DateTimeField(null=True, blank=True)
    check_turn_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    original = models.FileField("脱敏前原件", upload_to="body-images/originals/", blank=True)
    masked_at = models.DateTimeField("脱敏时间", null=True, blank=True)
    masked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="脱敏人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "正文图片"
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        """The address the body HTML uses: under /work/, so every view of it passes the visibility check."""
        from django.urls import reverse

        return reverse("review-body-image", args=[self.public_id])

    @property
    def label(self) -> str:
        """How findings name it: "正文图片 image1.png"."""
        return f"正文图片 {self.name}"


class Notification(models.Model):
    """站内通知."""

    class Kind(models.TextChoices):
        TO_REVIEW = "to_review", "待审核"
        CHANGES_REQUESTED = "changes_requested", "建议修改"
        RETURNED = "returned", "被回退"
        REFUSED = "refused", "不予发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤稿"
        ESCALATED = "escalated", "报请意见"
        ANSWERED = "answered", "已答复"
        OVERDUE = "overdue", "超时提醒"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.CharField(max_length=300)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]


class FindingRecord(models.Model):
    """机审问题: one finding of the automatic checks on one revision, and what a person decided about it."""

    class Resolution(models.TextChoices):
        # "Fixed" is not a choice: a finding is fixed when the check of a later revision no longer finds it.
        OPEN = "open", "待处理"
        NOT_ERROR = "not_error", "非错误（本稿）"
        WHITELISTED = "whitelisted", "白名单"

    # A finding belongs to the body of one revision, to one attachment, or to one body picture.
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, null=True, blank=True, related_name="findings")
    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="findings")
    body_image = models.ForeignKey(BodyImage, on_delete=models.CASCADE, null=True, blank=True, related_name="findings")
    rule = models.CharField(max_length=60)
    category = models.CharField(max_length=30)
    standard = models.PositiveSmallIntegerField()
    severity = models.CharField(max_length=10)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    suggestion = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=300)
    source = models.CharField(max_length=200, blank=True)
    location = models.JSONField(default=dict, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, default=Resolution.OPEN)
    reason = models.CharField("理由", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机审问题"
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["revision", "severity", "resolution"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(revision__isnull=False, attachment__isnull=True, body_image__isnull=True)
                | Q(revision__isnull=True, attachment__isnull=False, body_image__isnull=True)
                | Q(revision__isnull=True, attachment__isnull=True, body_image__isnull=False),
                name="finding_has_one_owner",
            ),
        ]

    @property
    def place(self) -> str:
        """Where in a file the finding is, in words ("名单.xlsx 工作表“低保” B3"); empty for the body."""
        from sanshen.documents.extract import describe_location

        return describe_location(self.location) if self.location.get("file") else ""

    @property
    def key(self) -> tuple:
        """What carries a person's decision from one revision to the next: same rule, same words."""
        return (self.rule, self.text, self.suggestion, self.location.get("file", ""))

    def as_dict(self) -> dict:
        return {
            "id": self.pk,
            "rule": self.rule,
            "category": self.category,
            "standard": self.standard,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "message": self.message,
            "source": self.source,
            "resolution": self.resolution,
            "reason": self.reason,
            **self.location,
        }


class WhitelistEntry(models.Model):
    """白名单: a word a reviewer proposed as not an error, in force once the security administrator approves it.

    Scope is one unit or the whole county. Block findings (涉密标识, 禁用词) are never whitelisted.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", "待审批"
        APPROVED = "approved", "已生效"
        REJECTED = "rejected", "已驳回"
        WITHDRAWN = "withdrawn", "已撤销"

    text = models.CharField("词语", max_length=100)
    rule = models.CharField("规则", max_length=60, blank=True, help_text="留空则对所有规则生效")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="适用单位", help_text="留空为全县"
    )
    reason = models.CharField("理由", max_length=300)
    status = models.CharField("状态", max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提议人")
    created = models.DateTimeField("提议时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "白名单"
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "rule", "unit"],
                condition=Q(status__in=("proposed", "approved")),
                name="unique_live_whitelist_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        from sanshen.registers.models import RegisterVersion

        super().save(*args, **kwargs)
        RegisterVersion.bump()  # every app server reloads the entries in force
