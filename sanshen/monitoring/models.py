"""监测: what is watched online, each run of the monitoring jobs, and what they found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sanshen.accounts.models import MediaAccount, Unit

from .indicators import COLUMN_KINDS, THRESHOLDS
from .inspect import kind_label


class MonitoredSite(models.Model):
    """监测对象: the county portal, a unit's own website, or a new-media account's public page or feed."""

    class Kind(models.TextChoices):
        COUNTY_SITE = "county_site", "县政府门户网站"
        UNIT_SITE = "unit_site", "单位网站"
        ACCOUNT = "account", "政务新媒体账号"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="monitored_sites", verbose_name="开办单位")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    url = models.URLField("网址", max_length=500, help_text="网站首页，或账号的公开主页")
    feed_url = models.URLField("RSS/Atom 订阅地址", max_length=500, blank=True, help_text="账号有订阅地址时按订阅读取新发布")
    media_account = models.ForeignKey(
        MediaAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="monitored_sites", verbose_name="对应新媒体账号"
    )
    stale_days = models.PositiveSmallIntegerField(
        "不更新天数", null=True, blank=True, help_text="账号超过该天数无新发布即为僵尸号风险；留空用全县统一阈值"
    )
    max_pages = models.PositiveIntegerField("每次最多抓取页数", default=300)
    is_active = models.BooleanField("启用", default=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "监测对象"
        ordering = ["kind", "unit__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "url"], name="unique_monitored_url")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_website(self) -> bool:
        return self.kind in (self.Kind.COUNTY_SITE, self.Kind.UNIT_SITE)


class WatchedColumn(models.Model):
    """监测栏目: a column whose updates count for the indicators (动态 14 天, 通知公告/政策文件 183 天).

    The county portal's columns come from its own 栏目 list; other sites list theirs here.
    """

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=60)
    url = models.URLField("栏目网址", max_length=500)
    kind = models.CharField("栏目类型", max_length=10, choices=list(COLUMN_KINDS.items()), default="news")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "监测栏目"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Threshold(models.Model):
    """监测指标阈值: the county office's value for one indicator; without a row the national default holds."""

    key = models.CharField("指标", max_length=40, unique=True, choices=[(t.key, t.label) for t in THRESHOLDS])
    value = models.PositiveIntegerField("阈值")
    updated = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "监测指标阈值"

    def __str__(self) -> str:
        return f"{self.get_key_display()} = {self.value}"


class MonitorRun(models.Model):
    """监测任务: one run of a monitoring job, its progress while it runs and its outcome after."""

    class Kind(models.TextChoices):
        SITE = "site", "网站巡检"
        ACCOUNT = "account", "新媒体账号"
        REPOSTS = "reposts", "转载比对"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("任务", max_length=20, choices=Kind.choices)
    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, null=True, blank=True, related_name="runs", verbose_name="监测对象")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    started = models.DateTimeField("开始时间", default=timezone.now)
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    pages = models.PositiveIntegerField("抓取页数", default=0)
    findings = models.PositiveIntegerField("发现问题", default=0)
    new_findings = models.PositiveIntegerField("新问题", default=0)
    errors = models.PositiveIntegerField("抓取异常", default=0)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    current = models.CharField("正在处理", max_length=500, blank=True)
    error_log = models.JSONField("异常记录", default=list, blank=True)
    indicators = models.JSONField("指标", default=dict, blank=True)
    checking_seconds = models.FloatField("机审用时（秒）", default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="发起人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "监测任务"
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["site", "status", "-started"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.site or ''} {self.started:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def seconds(self) -> float:
        return ((self.finished or timezone.now()) - self.started).total_seconds()


# In 通报 words: "block" findings are those of the 单项否决 class (篡改, 暗链, 违法外链, 泄密).
SEVERITY_LABELS = {"block": "否决", "serious": "严重", "warn": "一般", "info": "提示"}


class MonitorFindingQuerySet(models.QuerySet):
    def open(self):
        """Still seen by the latest run that looked."""
        return self.filter(gone_at__isnull=True)

    def visible_to(self, user):
        """The county office and the county reviewers see everything; a unit sees what concerns it."""
        from .access import sees_all

        if sees_all(user):
            return self
        if not user.is_authenticated or not user.unit_id:
            return self.none()
        return self.filter(Q(unit_id=user.unit_id) | Q(site__unit_id=user.unit_id))


class MonitorFinding(models.Model):
    """监测问题: one problem monitoring found online; kept up to date while later runs still see it."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, null=True, blank=True, related_name="findings", verbose_name="监测对象")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="monitor_findings", verbose_name="责任单位")
    submission = models.ForeignKey(
        "review.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="monitor_findings", verbose_name="稿件"
    )
    first_run = models.ForeignKey(MonitorRun, on_delete=models.SET_NULL, null=True, related_name="+")
    last_run = models.ForeignKey(MonitorRun, on_delete=models.SET_NULL, null=True, related_name="run_findings")
    kind = models.CharField("类型", max_length=30, db_index=True)
    severity = models.CharField("严重程度", max_length=10)
    rule = models.CharField("规则", max_length=60, blank=True)
    url = models.CharField("所在页面", max_length=1000)
    target = models.CharField("链接目标", max_length=1000, blank=True)
    text = models.TextField("证据")
    message = models.TextField("说明")
    context = models.TextField("上下文", blank=True)
    home = models.BooleanField("首页", default=False)
    count = models.PositiveIntegerField("出现次数", default=1)
    detail = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=40, unique=True)
    first_seen = models.DateTimeField("首次发现", default=timezone.now)
    last_seen = models.DateTimeField("最近发现", default=timezone.now)
    gone_at = models.DateTimeField("已消失", null=True, blank=True)
    register_entry_id = models.PositiveBigIntegerField("错敏登记编号", null=True, blank=True)

    objects = MonitorFindingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "监测问题"
        ordering = ["-last_seen", "-id"]
        indexes = [models.Index(fields=["unit", "gone_at"]), models.Index(fields=["site", "gone_at"])]

    def __str__(self) -> str:
        return f"{self.kind_label}：{self.text[:40]}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


class SeenPage(models.Model):
    """已见网址: every address a run of a site saw, with when first; a new item dated before that is suspect."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="seen_pages")
    url_hash = models.CharField(max_length=40)
    url = models.TextField()
    first_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "url_hash"], name="unique_seen_page")]


class LiveCopy(models.Model):
    """在线核验基线: the published text as monitoring first saw it, so a later edit outside the workflow shows."""

    submission = models.OneToOneField("review.Submission", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("review.Revision", on_delete=models.CASCADE, related_name="+")
    text_hash = models.CharField(max_length=64)
    text = models.TextField("首次监测时的文字", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "在线核验基线"


class Probe(models.Model):
    """可访问性探测: one timed request to a site's home page (国办: ≥20 a day, 15 秒 to open)."""

    site = models.ForeignKey(MonitoredSite, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    elapsed = models.FloatField(default=0)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["site", "at"])]
