"""Failed-login windows that have ended are written to the audit log within a few minutes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .logins import close_windows


@db_periodic_task(crontab(minute="*/5"))
def close_login_failure_windows() -> int:
    return close_windows()
