"""Logins that hold under attack: two lockout limits, and failed logins summed up in the audit log.

axes counts failed logins over the cool-off (AXES_COOLOFF_TIME) and applies two limits:

- AXES_FAILURE_LIMIT failures for one username from one address lock that username *from that address*. Usernames
  are predictable (`unit.role`), so a lock on the username alone would let anyone lock any official out; this way
  the owner, logging in from their own address, is not affected by a stranger's guesses.
- SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames, lock the address, so trying
  one password on every account stays slow. A whole office behind one NAT address shares this limit: raise it there.

An IPv6 client is counted by its /64, which one host usually holds whole. The system administrator unlocks early
by deleting the records in /manage/ (登录失败与锁定).

The audit log gets the first failure from an address in each window (SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES) and the
first lockout of each account or address at once; further failures are counted in LoginFailures and written as
one entry (count, usernames tried) when the window closes. So an anonymous client writes at most a few entries per
window however fast it tries.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sanshen.audit.log import client_ip, record

from .models import LoginFailures

# Usernames listed in one window's entry; beyond this the entry says there were more.
USERNAMES_LISTED = 50
# The lockout of a whole address, in LoginFailures.locked.
ADDRESS = "*"


def client_address(request) -> str | None:
    """The address failures are counted by (AXES_CLIENT_IP_CALLABLE): the client's IP, or an IPv6 client's /64."""
    ip = client_ip(request)
    if ip and ":" in ip:
        try:
            return str(ipaddress.IPv6Network(f"{ip}/64", strict=False).network_address)
        except ValueError:
            return ip
    return ip


class LoginLimitsHandler(AxesDatabaseHandler):
    """axes' own limit is per (username, address) (AXES_LOCKOUT_PARAMETERS); this adds the higher per-address one."""

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request):
            request.sanshen_address_locked = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.sanshen_address_locked = True
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )


# ---------------------------------------------------------------------------------------------
# The audit log: one entry per address and window, not one per failure


def window_start(moment: dt.datetime) -> dt.datetime:
    length = settings.SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES * 60
    return dt.datetime.fromtimestamp(int(moment.timestamp()) // length * length, tz=dt.timezone.utc)


def typed_username(value) -> str:
    """The username as typed, cut to 150 characters with line breaks removed, so it cannot forge log lines."""
    return str(value or "")[:150].replace("\n", " ").replace("\r", " ")


def note_failure(address: str | None, username: str) -> None:
    """A failed login from `address`: the first of its window is audited at once, the others are counted."""
    now = timezone.now()
    with transaction.atomic():
        close_windows(now=now, address=address or "")
        window, created = LoginFailures.objects.select_for_update().get_or_create(
            address=address or "",
            window_start=window_start(now),
            defaults={"failures": 1, "usernames": [username], "last_at": now},
        )
        if created:
            record("accounts.login_failed", outcome="failed", ip=address, username=username)
            return
        window.failures += 1
        window.last_at = now
        if username not in window.usernames:
            if len(window.usernames) < USERNAMES_LISTED:
                window.usernames.append(username)
            else:
                window.more_usernames = True
        window.save(update_fields=["failures", "last_at", "usernames", "more_usernames"])


def note_lockout(address: str | None, username: str, *, whole_address: bool) -> None:
    """A lockout: audited the first time in a window for that account (or for the address), counted otherwise
    (axes reports a lockout again at each refused try)."""
    now = timezone.now()
    key = ADDRESS if whole_address else username
    with transaction.atomic():
        window, _ = LoginFailures.objects.select_for_update().get_or_create(
            address=address or "", window_start=window_start(now), defaults={"failures": 0, "last_at": now}
        )
        if key in window.locked:
            return
        window.locked.append(key)
        window.save(update_fields=["locked"])
        if whole_address:
            record("accounts.locked_out", outcome="locked", ip=address, address_locked=True, username=username)
        else:
            record("accounts.locked_out", outcome="locked", ip=address, username=username)


def close_windows(*, now: dt.datetime | None = None, address: str | None = None) -> int:
    """Write one entry for each window that has ended (of `address`, or of all) and counted more than its first
    failure; return how many windows were closed. Run every few minutes (tasks.py) and before each failure."""
    now = now or timezone.now()
    length = dt.timedelta(minutes=settings.SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES)
    ended = LoginFailures.objects.filter(window_start__lte=now - length)
    if address is not None:
        ended = ended.filter(address=address)
    closed = 0
    with transaction.atomic():
        for window in ended.select_for_update().order_by("window_start", "id"):
            if window.failures > 1:
                record(
                    "accounts.login_failures",
                    outcome="failed",
                    ip=window.address or None,
                    failures=window.failures,
                    usernames=window.usernames,
                    more_usernames=window.more_usernames,
                    locked=window.locked,
                    window_start=timezone.localtime(window.window_start).isoformat(),
                    window_end=timezone.localtime(window.window_start + length).isoformat(),
                    last_at=timezone.localtime(window.last_at).isoformat(),
                )
            window.delete()
            closed += 1
    return closed
