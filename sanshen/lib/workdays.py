"""Working days: stage limits count Monday to Friday."""

from __future__ import annotations

import datetime as dt


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The same clock time `days` working days later (a start on a weekend counts from Monday).

    >>> add_working_days(dt.datetime(2026, 11, 27, 10, 0), 1)  # a Friday
    datetime.datetime(2026, 11, 30, 10, 0)
    """
    current = start
    while current.weekday() >= 5:
        current += dt.timedelta(days=1)
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
