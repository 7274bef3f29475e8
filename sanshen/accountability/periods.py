"""通报期间: a month (2026M09), a quarter (2026Q3) or a year (2026), with its bounds in Beijing time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .exceptions import InvalidInput

TZ = ZoneInfo("Asia/Shanghai")
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<q>[Qq])(?P<quarter>[1-4])|(?P<m>[Mm])(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "year", "quarter" or "month"
    number: int = 0  # the quarter (1–4) or month (1–12); 0 for a year

    @property
    def code(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "month":
            return f"{self.year}M{self.number:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        """2026年第三季度, 2026年9月, 2026年度."""
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTER_NAMES[self.number]}季度"
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        return f"{self.year}年度"

    @property
    def kind_label(self) -> str:
        return {"quarter": "季度", "month": "月度", "year": "年度"}[self.kind]

    @property
    def first_day(self) -> dt.date:
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        return dt.date(self.year, 1, 1)

    @property
    def next_first_day(self) -> dt.date:
        return self.next().first_day

    @property
    def last_day(self) -> dt.date:
        return self.next_first_day - dt.timedelta(days=1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first_day, dt.time(), tzinfo=TZ)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the first moment of the next period."""
        return dt.datetime.combine(self.next_first_day, dt.time(), tzinfo=TZ)

    def next(self) -> "Period":
        if self.kind == "quarter":
            return Period(self.year + 1, "quarter", 1) if self.number == 4 else Period(self.year, "quarter", self.number + 1)
        if self.kind == "month":
            return Period(self.year + 1, "month", 1) if self.number == 12 else Period(self.year, "month", self.number + 1)
        return Period(self.year + 1, "year")

    def previous(self) -> "Period":
        if self.kind == "quarter":
            return Period(self.year - 1, "quarter", 4) if self.number == 1 else Period(self.year, "quarter", self.number - 1)
        if self.kind == "month":
            return Period(self.year - 1, "month", 12) if self.number == 1 else Period(self.year, "month", self.number - 1)
        return Period(self.year - 1, "year")

    def recent(self, count: int) -> list["Period"]:
        """This period and the `count - 1` before it, oldest first (the trend lines)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """
    >>> parse_period("2026Q3").label, parse_period("2026M09").label, parse_period("2026").label
    ('2026年第三季度', '2026年9月', '2026年度')
    """
    match = PATTERN.match((text or "").strip())
    if not match or not 2000 <= int(match["year"]) <= 2099:
        raise InvalidInput(
            f"期间“{text}”无法识别：季度写作 2026Q3，月份写作 2026M09，年度写作 2026", code="bad_period"
        )
    year = int(match["year"])
    if match["q"]:
        return Period(year, "quarter", int(match["quarter"]))
    if match["m"]:
        return Period(year, "month", int(match["month"]))
    return Period(year, "year")


def period_of(moment: dt.datetime, kind: str = "quarter") -> Period:
    local = moment.astimezone(TZ)
    if kind == "quarter":
        return Period(local.year, "quarter", (local.month - 1) // 3 + 1)
    if kind == "month":
        return Period(local.year, "month", local.month)
    return Period(local.year, "year")
