"""第七条 责任追究: the error register (错敏字登记), bulletins (通报), scoring rules (考核扣分), interviews (约谈)
and referrals to the secrecy bureau. Models hold state and derived answers; register.py owns changes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sanshen.accounts.models import MediaAccount, Unit
from sanshen.review.models import Decision, FindingRecord, Revision, Submission

from .categories import STANDARD_CHOICES, category_label


class Source(models.TextChoices):
    """发现途径."""

    COUNTY_REVIEW = "county_review", "县级审核发现"
    MONITORING = "monitoring", "监测发现"
    PUBLIC_REPORT = "public_report", "网民报错"
    SUPERIOR = "superior", "上级通报"


class Severity(models.TextChoices):
    """差错性质, in the words of the national bulletins."""

    SERIOUS = "serious", "严重表述错误"
    GENERAL = "general", "一般差错"


class State(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "不成立"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    VERIFIED = "verified", "已核验"


# Open: still on someone's desk. A dismissed or verified entry is closed and the same error may be registered anew.
OPEN_STATES = (State.PENDING, State.CONFIRMED, State.RECTIFYING, State.RECTIFIED)
# An error that stands: counted in bulletins and scores.
STANDING_STATES = (State.CONFIRMED, State.RECTIFYING, State.RECTIFIED, State.VERIFIED)
# The unit still owes a correction.
TO_RECTIFY_STATES = (State.CONFIRMED, State.RECTIFYING)


class ErrorEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def standing(self):
        return self.filter(state__in=STANDING_STATES)

    def overdue(self, now=None):
        return self.filter(state__in=TO_RECTIFY_STATES, deadline__lt=now or timezone.now())

    def found_in(self, period):
        return self.filter(found_at__gte=period.start, found_at__lt=period.end)


class ErrorEntry(models.Model):
    """错敏字登记: one error in what a unit published or sent up, registered against the unit (第七条).

    It names the item and revision (or the page URL / new-media post), the category and the 通报 severity, the
    evidence, and who found it how; then it goes through 待确认 → 已确认/不成立 → 整改中 → 已整改 → 已核验.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="error_entries", verbose_name="责任单位")
    source = models.CharField("发现途径", max_length=20, choices=Source.choices)
    category = models.CharField("差错类别", max_length=40)
    standard = models.PositiveSmallIntegerField("对应工作标准", choices=STANDARD_CHOICES)
    severity = models.CharField("差错性质", max_length=10, choices=Severity.choices)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.PENDING, db_index=True)

    text = models.CharField("差错原文", max_length=300)
    suggestion = models.CharField("应为", max_length=300, blank=True)
    context = models.TextField("上下文", blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    url = models.URLField("页面地址", max_length=500, blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="error_entries", verbose_name="稿件"
    )
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="版本")
    content_hash = models.CharField("版本内容指纹", max_length=64, blank=True)
    media_account = models.ForeignKey(
        MediaAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="error_entries", verbose_name="新媒体账号"
    )
    finding = models.ForeignKey(FindingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    evidence = models.FileField("证据（截图或页面存档）", upload_to="oversight/evidence/", blank=True)
    evidence_kind = models.CharField(max_length=10, blank=True)  # "image" or "page"

    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    reporter = models.CharField("发现单位或报告人", max_length=100, blank=True)
    reporter_contact = models.CharField("报告人联系方式", max_length=100, blank=True)
    # A keyed hash of a public reporter's address: enough for the rate limit, not the address itself.
    reporter_key = models.CharField(max_length=64, blank=True, db_index=True)
    reference = models.CharField("通报文号", max_length=100, blank=True)
    found_at = models.DateTimeField("发现时间", default=timezone.now, db_index=True)

    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deadline = models.DateTimeField("整改时限", null=True, blank=True, db_index=True)
    dismissed_reason = models.CharField("不成立理由", max_length=300, blank=True)
    rectification_note = models.TextField("整改说明", blank=True)
    proof_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="整改后版本"
    )
    proof_url = models.URLField("整改后页面", max_length=500, blank=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    overdue_notified = models.BooleanField(default=False)
    # unit + place (URL or item) + text + category: the same error is not registered twice while an entry is open.
    dedupe_key = models.CharField(max_length=64)
    created = models.DateTimeField("登记时间", default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = ErrorEntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "错敏字登记"
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(state__in=OPEN_STATES), name="unique_open_error_entry"
            ),
        ]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["source", "reporter_key", "created"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.category_label} · “{self.text}”"

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and self.state in TO_RECTIFY_STATES and self.deadline < timezone.now())

    @property
    def rectified_late(self) -> bool:
        return bool(self.rectified_at and self.deadline and self.rectified_at > self.deadline)

    @property
    def place(self) -> str:
        """Where the error was: the item's title, the account, or the page address."""
        if self.submission_id:
            return f"《{self.submission.title}》"
        if self.media_account_id:
            return str(self.media_account)
        return self.url


class EntryStep(models.Model):
    """整改记录: one step of an entry's lifecycle, shown on its page (the audit log keeps the same, chained)."""

    entry = models.ForeignKey(ErrorEntry, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=30)
    label = models.CharField(max_length=40)
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]


class Reminder(models.Model):
    """整改提醒: an overdue entry, told to the people of its unit who answer for it."""

    entry = models.ForeignKey(ErrorEntry, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oversight_reminders")
    message = models.CharField(max_length=300)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]


class ScoringRule(models.Model):
    """考核扣分规则: data the county office edits. Applied to the register when scores are computed; an issued
    bulletin keeps the scores it was issued with."""

    class Kind(models.TextChoices):
        ERROR = "error", "每处差错扣分"
        LATE = "late", "每项逾期整改扣分"
        UNRECTIFIED = "unrectified", "每项期末未整改扣分"
        CAP = "cap", "指标扣分上限"
        BASE = "base", "年度基础分"

    class Indicator(models.TextChoices):
        CONTENT = "content", "内容准确"
        RECTIFICATION = "rectification", "整改落实"
        UPDATES = "updates", "更新维护"

    kind = models.CharField("规则类型", max_length=12, choices=Kind.choices)
    indicator = models.CharField("指标", max_length=15, choices=Indicator.choices, blank=True, help_text="仅“指标扣分上限”需要")
    category = models.CharField("差错类别", max_length=40, blank=True, help_text="留空则适用于所有类别")
    severity = models.CharField("差错性质", max_length=10, choices=Severity.choices, blank=True, help_text="留空则不分性质")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=Decimal("0"))
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核扣分规则"
        ordering = ["kind", "indicator", "category", "severity", "id"]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """In words, as the score table explains each line: “一般差错 每处扣 0.5 分”."""
        points = format_points(self.points)
        if self.kind == self.Kind.BASE:
            return f"年度基础分 {points} 分"
        if self.kind == self.Kind.CAP:
            return f"“{self.get_indicator_display()}”指标扣分上限 {points} 分"
        if self.kind == self.Kind.ERROR:
            what = "、".join(x for x in (category_label(self.category) if self.category else "", self.get_severity_display()) if x)
            return f"{what or '差错'} 每处扣 {points} 分"
        return f"{self.get_kind_display().replace('扣分', '')} 扣 {points} 分"


def format_points(value) -> str:
    """Points without trailing zeros: 2, 0.5, 1.25."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


class BulletinQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Bulletin.Status.ISSUED)


class Bulletin(models.Model):
    """通报: the county office's bulletin of one period's errors by unit. The draft's text is edited by the office;
    issued, it is archived with its figures and rendered files and never changes again."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    period = models.CharField("期间", max_length=10, db_index=True)
    number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200)
    recipients = models.CharField("主送", max_length=200)
    intro = models.TextField("开头")
    analysis = models.TextField("主要问题", blank=True)
    requirements = models.TextField("工作要求", blank=True)
    issuer = models.CharField("发文机关", max_length=100)
    issue_date = models.DateField("成文日期")
    copy_to = models.CharField("抄送", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("数据", default=dict, blank=True)
    docx = models.FileField(upload_to="oversight/bulletins/", blank=True)
    pdf = models.FileField(upload_to="oversight/bulletins/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period"], condition=Q(status="issued"), name="one_issued_bulletin_per_period"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def save(self, *args, **kwargs):
        # An issued bulletin is archived: nothing may change it, whoever calls save().
        if self.pk and Bulletin.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            from .exceptions import InvalidTransition

            raise InvalidTransition("通报已印发存档，不能修改", code="bulletin_issued")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and Bulletin.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            from .exceptions import InvalidTransition

            raise InvalidTransition("通报已印发存档，不能删除", code="bulletin_issued")
        return super().delete(*args, **kwargs)


class Interview(models.Model):
    """约谈: the county office talks to a unit's leaders about its errors; the record and its follow-up."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="interviews", verbose_name="被约谈单位")
    period = models.CharField("所涉期间", max_length=10, blank=True)
    reason = models.TextField("约谈事由")
    held_at = models.DateTimeField("约谈时间")
    place = models.CharField("地点", max_length=100, blank=True)
    interviewers = models.CharField("约谈人", max_length=200)
    interviewees = models.CharField("被约谈人", max_length=200)
    minutes = models.TextField("约谈纪要")
    commitments = models.TextField("整改承诺", blank=True)
    follow_up_on = models.DateField("回访日期", null=True, blank=True)
    followed_up_at = models.DateTimeField("回访完成时间", null=True, blank=True)
    follow_up_note = models.TextField("回访情况", blank=True)
    entries = models.ManyToManyField(ErrorEntry, blank=True, related_name="interviews", verbose_name="所涉差错")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "约谈记录"
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"约谈{self.unit} {self.held_at:%Y-%m-%d}"

    @property
    def follow_up_due(self) -> bool:
        return bool(self.follow_up_on and not self.followed_up_at and self.follow_up_on <= timezone.localdate())


class SecrecyReferral(models.Model):
    """移送保密局: a leak referred to the 县国家保密局, which pursues the reviewers and leaders responsible (第七条)."""

    class State(models.TextChoices):
        REFERRED = "referred", "已移送"
        ACCEPTED = "accepted", "已受理"
        CLOSED = "closed", "已办结"

    entry = models.ForeignKey(ErrorEntry, on_delete=models.PROTECT, related_name="referrals", verbose_name="所涉差错")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="secrecy_referrals", verbose_name="所涉单位")
    summary = models.TextField("移送事由")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField("移送时间", default=timezone.now)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.REFERRED)
    reply = models.TextField("办理情况", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "移送保密局记录"
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=~Q(state="closed"), name="one_open_referral_per_entry")
        ]
