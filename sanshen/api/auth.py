"""API authentication: a personal token (Authorization: Bearer …) or the browser session with CSRF."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sanshen.accounts.models import ApiToken, User
from sanshen.audit.log import record


class CsrfRefused(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class TokenAuth(HttpBearer):
    """A presented token decides alone: a wrong one is 401 even if the browser also has a session."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(token)).first()
        if found is None or not found.user.is_active:
            raise AuthenticationError()
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


def issue_token(username: str, name: str) -> tuple[ApiToken, str]:
    """签发 API 令牌 for an active person; the plain key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValueError("请填写令牌用途")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValueError("令牌用途不能超过 60 字")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValueError(f"用户不存在或已停用：{username}")
    token, key = ApiToken.issue(user, name)
    record("api.token_issued", obj=token, user=user.username, name=name)
    return token, key
