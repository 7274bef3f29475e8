"""双因素认证 (等保三级 身份鉴别): after the password, a code from an authenticator app (TOTP, django-otp), with
single-use recovery codes for a lost phone.

Who is asked: when SANSHEN_REQUIRE_2FA is on, the holders of REQUIRED_ROLES and everyone who belongs to (or holds
a role in) a unit with `require_second_factor`; and, whatever the setting, everyone who has set up an authenticator,
since an authenticator that is never asked for would be false comfort. Until the code is entered, every back-office
page sends the person to the code page and the API answers 403 (middleware.LoginStepsMiddleware).

A verified session remembers its device (django-otp's session key); the session key itself is replaced at that
moment, as at login, so a session id seen before the second factor is worth nothing after it.
"""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanshen.audit.log import client_ip, record
from sanshen.errors import SanshenError

from .models import RoleName, Unit, User

# 三员, the county reviewer, the county leader and the secrecy and cyberspace officers: the roles that publish, approve
# for the county or hold the keys, whose accounts an attacker would want most.
REQUIRED_ROLES = frozenset(
    {
        RoleName.ADMIN,
        RoleName.SECURITY_ADMIN,
        RoleName.AUDITOR,
        RoleName.COUNTY_REVIEWER,
        RoleName.COUNTY_LEADER,
        RoleName.SECRECY_OFFICER,
        RoleName.CYBERSPACE_OFFICER,
    }
)
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "验证器"
RECOVERY_DEVICE_NAME = "恢复码"
TOTP_CODE = re.compile(r"^\d{6}$")


class SecondFactorError(SanshenError):
    """A Chinese message for the person and a short English code for logs and tests."""


# ---------------------------------------------------------------------------------------------
# Who is asked


def required(user: User) -> bool:
    """Whether this person must use a second factor under the current setting (cached on the instance)."""
    if not settings.SANSHEN_REQUIRE_2FA or not user.is_authenticated:
        return False
    cached = getattr(user, "_second_factor_required", None)
    if cached is None:
        cached = bool(user.role_names() & REQUIRED_ROLES) or (
            Unit.objects.filter(Q(pk=user.unit_id) | Q(roles__user=user), require_second_factor=True).exists()
        )
        user._second_factor_required = cached
    return cached


def authenticator(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have set one up."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def enrolled(user: User) -> bool:
    cached = getattr(user, "_second_factor_enrolled", None)
    if cached is None:
        cached = user.is_authenticated and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
        user._second_factor_enrolled = cached
    return cached


def is_verified(request) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# ---------------------------------------------------------------------------------------------
# Setting up an authenticator


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed device with a fresh secret, kept until confirmed so the QR
    code stays the same while the person scans it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: the secret never leaves the server."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#1f2328", light="#fff")


def confirm_authenticator(request, device: TOTPDevice, code: str) -> list[str]:
    """确认: the first code from the app proves the secret arrived. The new authenticator replaces any earlier one,
    new recovery codes replace the old ones, and the session counts as verified. Returns the recovery codes, to be
    shown once."""
    user = request.user
    if not TOTP_CODE.match(code):
        raise SecondFactorError("请输入验证器上显示的 6 位数字", code="malformed_code")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        message = _refusal(device)
        ok = device.verify_token(code)
    if not ok:
        # Outside the transaction, so the failure counted by django-otp (its growing wait) stays counted.
        raise SecondFactorError(message, code="wrong_code")
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).count()
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        record(
            "accounts.second_factor_enrolled",
            actor=user,
            obj=user,
            ip=client_ip(request),
            replaced=bool(replaced),
            recovery_codes=len(codes),
        )
    _verified(request, device)
    return codes


def new_recovery_codes(request) -> list[str]:
    """重新生成恢复码: the old ones stop working."""
    user = request.user
    if not enrolled(user):
        raise SecondFactorError("请先设置验证器", code="not_enrolled")
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record("accounts.recovery_codes_issued", actor=user, obj=user, ip=client_ip(request), recovery_codes=len(codes))
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return [shown_code(t) for t in codes]


def shown_code(token: str) -> str:
    """abcdefgh → abcd-efgh: easier to read out and type."""
    return f"{token[:4]}-{token[4:]}"


# ---------------------------------------------------------------------------------------------
# Verifying a session


def verify(request, code: str, *, recovery: bool = False) -> None:
    """Accept a code from the authenticator (or, with `recovery`, a recovery code, which is then used up), or raise
    SecondFactorError. Success and failure are both audited; django-otp makes each further try wait longer
    (1, 2, 4 … seconds) and refuses a code already used."""
    user = request.user
    ip = client_ip(request)
    if recovery:
        token = re.sub(r"[^a-z0-9]", "", code.strip().lower())
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        kind = "recovery_code"
    else:
        token = code.strip().replace(" ", "")
        device = authenticator(user)
        kind = "authenticator"
    if device is None:
        raise SecondFactorError("没有可用的恢复码" if recovery else "尚未设置验证器", code="no_device")
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        message = _refusal(device, recovery=recovery)
        ok = bool(token) and device.verify_token(token)
        if not ok:
            record("accounts.second_factor_failed", actor=user, obj=user, outcome="failed", ip=ip, method=kind)
    if not ok:
        raise SecondFactorError(message, code="wrong_code")
    with transaction.atomic():
        detail = {"recovery_codes_left": recovery_codes_left(user)} if recovery else {}
        record("accounts.second_factor_verified", actor=user, obj=user, ip=ip, method=kind, **detail)
    _verified(request, device)


def _refusal(device, *, recovery: bool = False) -> str:
    """What to say if the code about to be tried fails: read before trying, since a failure starts a new wait."""
    allowed, data = device.verify_is_allowed()
    if not allowed and data and data.get("locked_until"):
        return "尝试过于频繁，请稍候几秒再输入"
    if recovery:
        return "恢复码不正确或已用过"
    return "验证码不正确或已用过：请输入验证器上当前显示的 6 位数字"


def _verified(request, device) -> None:
    otp_login(request, device)
    # As at login: a session id known before the second factor must not carry over (session fixation).
    request.session.cycle_key()


# ---------------------------------------------------------------------------------------------
# Administrators


def reset(actor: User, person: User, *, ip: str | None = None) -> int:
    """重置双因素认证: for a lost phone and lost recovery codes. The person sets up a new authenticator at their
    next login (if they must). Only whoever manages the account may (roles.may_manage_account)."""
    from .roles import NotAllowed, may_manage_account

    if not may_manage_account(actor, person):
        raise NotAllowed("该账号不归您管理，不能重置其双因素认证", code="not_your_account")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=person).count() + StaticDevice.objects.filter(user=person).count()
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        record("accounts.second_factor_reset", actor=actor, obj=person, ip=ip, person=person.username, devices=removed)
    return removed


def turn_off(request) -> None:
    """停用, by the person: only when neither their role nor their unit requires it, and only from a verified session."""
    user = request.user
    if required(user):
        raise SecondFactorError("您的角色或单位要求双因素认证，不能停用", code="required")
    if not enrolled(user):
        raise SecondFactorError("尚未设置验证器", code="not_enrolled")
    if not is_verified(request):
        raise SecondFactorError("请先输入验证码", code="not_verified")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record("accounts.second_factor_off", actor=user, obj=user, ip=client_ip(request))
