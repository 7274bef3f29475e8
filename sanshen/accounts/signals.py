"""Account events that must be audited: logins, failures, lockouts, password changes."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from sanshen.audit.log import client_ip, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session["login_at"] = timezone.now().timestamp()
    record("accounts.login", actor=user, obj=user, ip=client_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record("accounts.logout", actor=user, obj=user, ip=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The username is recorded as typed (truncated, newlines removed) so it cannot forge log lines.
    username = str(credentials.get("username", ""))[:150].replace("\n", " ").replace("\r", " ")
    record("accounts.login_failed", outcome="failed", ip=client_ip(request), username=username)


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record("accounts.locked_out", outcome="locked", ip=ip_address, username=str(username or "")[:150])
