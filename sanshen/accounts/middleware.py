"""Session lifetime, password policy and security headers for the back office."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import logout
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


class PasswordPolicyMiddleware:
    """Sends a user whose password is initial or older than the limit to the change-password page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and is_back_office(request.path)
            and not request.path.startswith(("/accounts/password/", "/accounts/logout/", "/api/"))
            and password_expired(user)
        ):
            return redirect("accounts-password-change")
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
