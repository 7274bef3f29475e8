"""Session lifetime, the steps owed after the password (second factor, password change) and security headers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

PUBLIC_PREFIXES = ("/static/", "/media/public/", "/accounts/login/", "/accounts/logout/")


def is_back_office(path: str) -> bool:
    return path.startswith(("/work/", "/api/", "/accounts/", "/" + settings.SANSHEN_ADMIN_PATH))


class SessionLifetimeMiddleware:
    """Ends a session 8 hours after login even if it is kept active (idle timeout is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.get("login_at")
            now = timezone.now().timestamp()
            if login_at is None or now - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                if is_back_office(request.path) and not request.path.startswith("/api/"):
                    return redirect(f"{reverse('accounts-login')}?next={request.path}")
        return self.get_response(request)


@dataclass(frozen=True)
class Step:
    """A step of logging in that is still owed: until it is done, back-office pages lead to `url_name` and the
    API answers 403 with `message` and `code`."""

    url_name: str
    message: str
    code: str

    @property
    def path(self) -> str:
        return reverse(self.url_name)


VERIFY = Step(
    "accounts-second-factor", "请先输入验证器上的验证码（双因素认证），再使用本系统", "second_factor_required"
)
CHANGE_PASSWORD = Step("accounts-password-change", "请先修改密码", "password_change_required")
ENROL = Step(
    "accounts-second-factor-setup", "请先设置双因素认证（手机验证器），再使用本系统", "second_factor_setup_required"
)


def pending_step(request) -> Step | None:
    """What this logged-in person must still do before anything else, in this order: enter the code of the
    authenticator they have (before a password change too, so a stolen password alone cannot change it); replace an
    initial or expired password; set up an authenticator their role or unit requires."""
    from . import second_factor

    user = request.user
    if not user.is_authenticated:
        return None
    verified = second_factor.is_verified(request)  # a verified session has an authenticator: no more queries
    if not verified and second_factor.enrolled(user):
        return VERIFY
    if password_expired(user):
        return CHANGE_PASSWORD
    if not verified and second_factor.required(user):
        return ENROL
    return None


class LoginStepsMiddleware:
    """Holds a logged-in person to the steps they still owe (pending_step) on every back-office path, the API and
    /manage/ included: pages redirect to the step, the API answers a JSON 403. A request that presents an API
    token is left to the token check (api/auth.py), which applies the same rules to the token's owner."""

    OPEN = ("/accounts/logout/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if is_back_office(path) and not path.startswith(self.OPEN):
            api = path.startswith("/api/")
            step = None if api and "HTTP_AUTHORIZATION" in request.META else pending_step(request)
            # The step's own page only, matched exactly: the code page must not open the set-up page below it.
            if step is not None and path != step.path:
                if api:
                    return JsonResponse(
                        {"error": step.message, "code": step.code},
                        status=403,
                        json_dumps_params={"ensure_ascii": False},
                    )
                target = step.path
                if request.method == "GET" and path != reverse("accounts-login"):
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)


def password_expired(user) -> bool:
    if user.must_change_password or user.password_changed_at is None:
        return True
    age = timezone.now() - user.password_changed_at
    return age > dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


class SecurityHeadersMiddleware:
    """CSP for every page; no caching of back-office pages."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        if is_back_office(request.path):
            response.headers["Cache-Control"] = "no-store"
        return response
