"""单位, 人员, 角色, 栏目, 政务新媒体账号."""

from __future__ import annotations

import hashlib
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


# Names a real account may not have: shared or default accounts (等保: no admin/root/test).
DEFAULT_ACCOUNT_NAMES = frozenset({"admin", "root", "test", "administrator", "guest", "user"})


class Unit(models.Model):
    """单位: a township government, a county department, or a county office with a role in review."""

    class Kind(models.TextChoices):
        TOWNSHIP = "township", "乡镇"
        DEPARTMENT = "department", "县直部门"
        COUNTY_GOVERNMENT_OFFICE = "county_office", "县政府办"
        INFORMATION_CENTRE = "info_centre", "县信息中心"
        SECRECY_BUREAU = "secrecy_bureau", "县保密局"
        CYBERSPACE_OFFICE = "cyberspace_office", "县委网信办"
        COUNTY_LEADERS = "county_leaders", "县领导"

    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    code = models.SlugField("单位代码", max_length=40, unique=True)
    seal = models.ImageField("公章图片", upload_to="seals/", blank=True)
    signs_on_paper = models.BooleanField("纸质签批", default=False, help_text="仍在纸上签批的单位上传审签表扫描件")
    main_leader_signs_all = models.BooleanField(
        "所有稿件送主要领导签批", default=False, help_text="预决算、突发事件、重要信息无论如何都须主要领导签批"
    )
    stage_limit_days = models.PositiveSmallIntegerField(
        "每环节办理时限（工作日）", null=True, blank=True, help_text="留空则用系统默认（1个工作日）"
    )
    require_second_factor = models.BooleanField(
        "要求双因素认证",
        default=False,
        help_text="本单位人员登录时除密码外还须输入手机验证器上的验证码。三员、县信息中心审核员、分管县领导、保密和网信审查员无论如何都须。",
    )
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    # Set by `sanshen demo` only; `sanshen check --deploy` fails while any demo unit is left.
    is_demo = models.BooleanField("演示数据", default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_publishing_unit(self) -> bool:
        """Units that draft items for publication (第一条适用范围)."""
        return self.kind in (self.Kind.TOWNSHIP, self.Kind.DEPARTMENT, self.Kind.COUNTY_GOVERNMENT_OFFICE)

    def stage_limit(self) -> int:
        return self.stage_limit_days or settings.SANSHEN_DEFAULT_STAGE_LIMIT_WORKING_DAYS


class RoleName(models.TextChoices):
    """角色. A person may hold several in their unit."""

    DRAFTER = "drafter", "拟稿人"
    FIRST_REVIEWER = "first_reviewer", "初审（办公室主任）"
    SECOND_REVIEWER = "second_reviewer", "复审（网站管理员）"
    FINAL_REVIEWER = "final_reviewer", "终审（分管领导）"
    MAIN_LEADER = "main_leader", "单位主要领导"
    COUNTY_LEADER = "county_leader", "分管县领导"
    COUNTY_REVIEWER = "county_reviewer", "县信息中心审核员"
    SECRECY_OFFICER = "secrecy_officer", "县保密部门"
    CYBERSPACE_OFFICER = "cyberspace_officer", "县网信部门"
    COUNTY_OFFICE = "county_office", "县政府办（错敏登记）"
    ADMIN = "admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


# 三员: the system, security and audit administrators. Three different people, none of whom reads or decides
# content; every other role is a content role.
ADMINISTRATOR_ROLES = frozenset({RoleName.ADMIN, RoleName.SECURITY_ADMIN, RoleName.AUDITOR})
SEPARATED_ROLES = ADMINISTRATOR_ROLES
CONTENT_ROLES = frozenset(RoleName) - ADMINISTRATOR_ROLES


class User(AbstractUser):
    """人员: a personal account; shared and default accounts are not allowed."""

    full_name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    position = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("办公电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("首次登录须改密码", default=True)
    # Set by `sanshen demo` only; `sanshen check --deploy` fails while any demo account is left.
    is_demo = models.BooleanField("演示账号", default=False, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        ordering = ["unit__sort_order", "id"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        # Keep the old hash so the last five passwords cannot be reused.
        if self.pk and self.password:
            PasswordHistory.objects.create(user=self, password=self.password)
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def role_pairs(self) -> frozenset[tuple[int, str]]:
        """(unit id, role) pairs this person holds, read once per instance (i.e. per request)."""
        cached = getattr(self, "_role_pairs", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("unit_id", "role")) if self.pk and self.is_active else frozenset()
            self._role_pairs = cached
        return cached

    def has_role(self, role: str, unit: Unit | int | None = None) -> bool:
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        return any(r == role and (unit_id is None or u == unit_id) for u, r in self.role_pairs())

    def role_names(self) -> set[str]:
        return {r for _, r in self.role_pairs()}

    def content_unit_ids(self) -> set[int]:
        """Units whose items this person may see as a member: those where they hold a content role. Belonging to
        a unit (`unit`) alone grants nothing, so an administrator placed in a township reads none of its items."""
        return {u for u, r in self.role_pairs() if r in CONTENT_ROLES}


class Role(models.Model):
    """角色分配: one role held by one person in one unit, in force since the security administrator approved it.

    Only approved roles are rows here; requests wait in RoleRequest. `approved_at` has no default, so a role
    that nobody approved cannot be written at all (fail closed). `approved_by` is empty only for roles set up
    by the installation itself (demo county, test fixtures, the first administrators).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name="人员")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="roles", verbose_name="单位")
    role = models.CharField("角色", max_length=30, choices=RoleName.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="批准人"
    )
    approved_at = models.DateTimeField("生效时间")

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_per_unit")]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def clean(self) -> None:
        problem = role_conflict(self.user_id, self.role, exclude_pk=self.pk)
        if problem is not None:
            raise problem

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)


def role_conflict(user_id: int, role: str, *, exclude_pk: int | None = None) -> ValidationError | None:
    """三权分立: why `role` may not join the roles this person already holds, or None."""
    held = set(Role.objects.filter(user_id=user_id).exclude(pk=exclude_pk).values_list("role", flat=True))
    if role in SEPARATED_ROLES and held & (SEPARATED_ROLES - {role}):
        return ValidationError("系统管理员、安全管理员、审计管理员须由三个不同的人担任（三权分立）", code="separation_of_duties")
    if (role in ADMINISTRATOR_ROLES and held & CONTENT_ROLES) or (role in CONTENT_ROLES and held & ADMINISTRATOR_ROLES):
        return ValidationError(
            "管理员账号不能同时承担稿件角色：系统管理员、安全管理员、审计管理员不阅读、不审核稿件", code="administrator_content_role"
        )
    return None


class RoleRequest(models.Model):
    """角色申请: the system administrator asks for a content role; the security administrator approves or rejects.

    Roles of the three administrators are granted by the security administrator directly, and are written here
    too, already approved, so this table is the whole history of who asked for what and who decided.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests", verbose_name="人员")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_requests", verbose_name="单位")
    role = models.CharField("角色", max_length=30, choices=RoleName.choices)
    reason = models.CharField("申请理由", max_length=200, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "角色申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=models.Q(status="pending"), name="one_pending_request_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}（{self.get_status_display()}）"


class PasswordHistory(models.Model):
    """Previous password hashes, so the last five cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]


class Column(models.Model):
    """栏目: a column of the county website."""

    class Kind(models.TextChoices):
        NEWS = "news", "动态"
        NOTICE = "notice", "通知公告"
        POLICY = "policy", "政策文件"
        PERSONNEL = "personnel", "人事信息"
        RECRUITMENT = "recruitment", "招聘"
        PROCUREMENT = "procurement", "招标采购"
        BUDGET = "budget", "预决算公开"

    name = models.CharField("栏目名称", max_length=40, unique=True)
    slug = models.SlugField("路径", max_length=40, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.NEWS)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    on_home_page = models.BooleanField("首页展示", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站栏目"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class MediaAccount(models.Model):
    """政务新媒体账号: a WeChat, Weibo or Douyin account run by a unit."""

    class Platform(models.TextChoices):
        WECHAT = "wechat", "微信公众号"
        WEIBO = "weibo", "微博"
        DOUYIN = "douyin", "抖音"

    name = models.CharField("账号名称", max_length=60)
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="media_accounts", verbose_name="开办单位")
    operators = models.ManyToManyField(User, blank=True, related_name="media_accounts", verbose_name="运维人员")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务新媒体账号"
        constraints = [models.UniqueConstraint(fields=["platform", "name"], name="unique_media_account")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}·{self.name}"


class ApiToken(models.Model):
    """API 令牌: a personal token for the JSON API; only its hash is stored.

    A read-only token may only read (GET); a read-write token may do through the API whatever its owner may do on
    the pages. Its owner lists and revokes their tokens on /accounts/tokens/; a revoked token stays listed.
    """

    class Scope(models.TextChoices):
        READ = "read", "只读"
        WRITE = "write", "读写"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="人员")
    name = models.CharField("用途", max_length=60)
    scope = models.CharField("权限", max_length=10, choices=Scope.choices, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField("签发时间", default=timezone.now)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, scope: str = Scope.WRITE) -> tuple["ApiToken", str]:
        """Create a token and return it with the plain key, which is shown once and never stored. The command line
        (`sanshen issue_token`, for integrations) issues read-write tokens; the owner's page asks."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, scope=scope, key_hash=cls.hash_key(key)), key


class Lockout(AccessAttempt):
    """登录失败与锁定: axes' record of failed logins, shown in /manage/ under this name; deleting one unlocks the
    account before the cool-off ends."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败与锁定"


class LoginFailures(models.Model):
    """登录失败汇总: the failed logins from one address within one window (SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES).

    The first failure of a window and the first lockout of each account go to the audit log at once; the rest
    are counted here and written as one entry when the window closes (logins.close_windows), so an anonymous
    client cannot flood the audit log. The row is deleted once its entry is written.
    """

    address = models.CharField("来源地址", max_length=45, blank=True)
    window_start = models.DateTimeField("时段开始")
    failures = models.PositiveIntegerField("失败次数", default=0)
    usernames = models.JSONField("尝试的用户名", default=list)
    more_usernames = models.BooleanField("另有未列出的用户名", default=False)
    locked = models.JSONField("已记录锁定的账号", default=list)
    last_at = models.DateTimeField("最近一次")

    class Meta:
        verbose_name = verbose_name_plural = "登录失败汇总"
        constraints = [models.UniqueConstraint(fields=["address", "window_start"], name="one_failure_window_per_address")]
