"""Working days follow the State Council's holiday calendar, 调休 Saturdays and Sundays included."""

import datetime as dt

import pytest

from sanshen.lib.workdays import add_working_days, is_working_day


@pytest.mark.parametrize(
    "day, working",
    [
        (dt.date(2026, 11, 27), True),  # a Friday
        (dt.date(2026, 11, 28), False),  # a Saturday
        (dt.date(2026, 10, 1), False),  # 国庆节
        (dt.date(2026, 10, 7), False),  # its last day, a Wednesday
        (dt.date(2026, 10, 10), True),  # a Saturday worked in its place (调休)
        (dt.date(2026, 9, 20), True),  # a Sunday worked in its place
        (dt.date(2026, 2, 18), False),  # 春节, a Wednesday
        (dt.date(2099, 3, 2), True),  # beyond the calendar: Monday to Friday
        (dt.date(2099, 3, 1), False),
    ],
)
def test_it_knows_the_working_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    "start, days, due",
    [
        (dt.datetime(2026, 11, 27, 10, 0), 1, dt.datetime(2026, 11, 30, 10, 0)),  # Friday → Monday
        (dt.datetime(2026, 9, 30, 10, 0), 1, dt.datetime(2026, 10, 8, 10, 0)),  # over the National Day week
        (dt.datetime(2026, 10, 9, 16, 0), 1, dt.datetime(2026, 10, 10, 16, 0)),  # to the Saturday worked
        (dt.datetime(2026, 10, 3, 9, 0), 1, dt.datetime(2026, 10, 9, 9, 0)),  # sent in the holiday: from the 8th
        (dt.datetime(2026, 11, 25, 10, 0), 3, dt.datetime(2026, 11, 30, 10, 0)),
    ],
)
def test_it_adds_working_days(start, days, due):
    assert add_working_days(start, days) == due
