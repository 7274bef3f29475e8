"""API authentication: a personal token (Authorization: Bearer …) or the browser session with CSRF.

A session is held to the steps owed after the password (second factor, password change) by
accounts.middleware.LoginStepsMiddleware before it gets here; a token is held to the same rules here, and to its
scope: a read-only token may only read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sanshen.accounts.models import ApiToken, User
from sanshen.audit.log import record
from sanshen.errors import SanshenError


class CsrfRefused(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class TokenRefused(SanshenError):
    """A valid token that may not do this (now): answered 403 with a Chinese message and a code (install below)."""


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def token_refusal(token: ApiToken, method: str) -> TokenRefused | None:
    """Why this token may not be used for `method` now, or None."""
    from sanshen.accounts import second_factor
    from sanshen.accounts.middleware import password_expired

    user = token.user
    if password_expired(user):
        return TokenRefused("请先登录网页修改密码，之后才能使用 API 令牌", code="password_change_required")
    if second_factor.required(user) and not second_factor.enrolled(user):
        return TokenRefused("请先登录网页设置双因素认证，之后才能使用 API 令牌", code="second_factor_setup_required")
    if token.scope != ApiToken.Scope.WRITE and method not in SAFE_METHODS:
        return TokenRefused("该令牌为只读令牌，不能修改数据：请另签发读写令牌", code="token_read_only")
    return None


class TokenAuth(HttpBearer):
    """A presented token decides alone: a wrong one is 401 even if the browser also has a session."""

    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            raise AuthenticationError()
        refusal = token_refusal(found, request.method)
        if refusal is not None:
            raise refusal
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods must carry the CSRF token, as the pages' forms do.

    ninja's own SessionAuth checks CSRF before it knows whether anyone is logged in, which turns an
    anonymous POST into 403; here an anonymous request is 401 and only a real session is held to CSRF.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfRefused()
        return request.user


def session_or_token():
    return [TokenAuth(), SessionAuth()]


def install(api) -> None:
    """Answer TokenRefused as every API refusal is answered: {"error": 中文信息, "code": 英文代码}."""

    @api.exception_handler(TokenRefused)
    def token_refused(request, exc: TokenRefused):
        return api.create_response(request, {"error": exc.message, "code": exc.code}, status=403)


def issue_token(
    username: str, name: str, *, scope: str = ApiToken.Scope.WRITE, actor=None, ip: str | None = None
) -> tuple[ApiToken, str]:
    """签发 API 令牌 for an active person; the plain key is returned once and never stored. `actor` is the owner
    issuing their own token on /accounts/tokens/; None is the command line."""
    name = name.strip()
    if not name:
        raise ValueError("请填写令牌用途")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValueError("令牌用途不能超过 60 字")
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"令牌权限须为以下之一：{'、'.join(ApiToken.Scope.labels)}")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValueError(f"用户不存在或已停用：{username}")
    with transaction.atomic():
        token, key = ApiToken.issue(user, name, scope)
        record("api.token_issued", actor=actor, obj=token, ip=ip, user=user.username, name=name, scope=scope)
    return token, key


def revoke_token(actor, token: ApiToken, *, ip: str | None = None) -> ApiToken:
    """撤销: by its owner; the token is refused from now on and stays listed as revoked."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.user_id != actor.pk:
            raise PermissionError("只能撤销本人的令牌")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(
                "api.token_revoked",
                actor=actor,
                obj=token,
                ip=ip,
                user=actor.username,
                name=token.name,
                scope=token.scope,
            )
    return token
