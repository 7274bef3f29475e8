"""Account events that must be audited: logins, failures, lockouts, password changes.

Failures and lockouts come from anonymous clients, so they are summed up per address and window (logins.py)
rather than written one entry each.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from sanshen.audit.log import client_ip, record

from . import logins


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
    logins.note_failure(logins.client_address(request), logins.typed_username(credentials.get("username")))


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    whole_address = bool(getattr(request, "sanshen_address_locked", False))
    logins.note_lockout(ip_address, logins.typed_username(username), whole_address=whole_address)
