"""Working days: stage limits count the days offices work, the State Council's holidays and 调休 days included.

The holiday calendar is the chinese-calendar package's (published each December for the next year). For a year it
does not cover yet, Monday to Friday are the working days.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_working_day(day: dt.date) -> bool:
    """
    >>> is_working_day(dt.date(2026, 10, 1)), is_working_day(dt.date(2026, 10, 10))  # 国庆节; a Saturday worked
    (False, True)
    """
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar does not cover
        return day.weekday() < 5


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The same clock time `days` working days later (a start on a day off counts from the next working day).

    >>> add_working_days(dt.datetime(2026, 11, 27, 10, 0), 1)  # a Friday
    datetime.datetime(2026, 11, 30, 10, 0)
    >>> add_working_days(dt.datetime(2026, 9, 30, 10, 0), 1)  # the eve of the National Day week
    datetime.datetime(2026, 10, 8, 10, 0)
    """
    current = start
    while not is_working_day(current.date()):
        current += dt.timedelta(days=1)
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if is_working_day(current.date()):
            added += 1
    return current
