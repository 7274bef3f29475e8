"""The column-age chart of the 监测 page: bar geometry computed here, drawn as inline SVG by the template.

No plotting library: a handful of bars is a few lines of arithmetic, and an SVG scales to a phone's width.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sized for reading: 340 units wide, so 14-unit text stays about 12 px on a 390 px phone.
ROW_HEIGHT = 28
LABEL_WIDTH = 84
BAR_AREA = 186
VALUE_WIDTH = 70
TOP = 24


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: float
    limit_x: float | None
    value: str
    state: str  # "ok", "stale", "empty", "unknown"


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    scale_max: int
    ticks: list[tuple[float, int]]
    label_width: int = LABEL_WIDTH
    top: int = TOP


def column_age_chart(columns: list[dict], home: dict | None = None) -> Chart | None:
    """Bars of days since each column's last update, with each column's own limit marked."""
    rows = ([{**home, "name": "首页"}] if home else []) + list(columns)
    if not rows:
        return None
    ages = [r["age"] for r in rows if r.get("age") is not None]
    limits = [r["limit"] for r in rows if r.get("limit")]
    scale_max = max(ages + limits + [14])
    scale = BAR_AREA / scale_max
    bars = []
    for i, r in enumerate(rows):
        age = r.get("age")
        if r.get("problem"):
            state, value, width = "unknown", "无法打开", 0.0
        elif r.get("empty"):
            state, value, width = "empty", "空白栏目", 0.0
        elif age is None:
            state, value, width = "stale", "无发布日期", float(BAR_AREA)
        else:
            state = "stale" if r.get("stale") else "ok"
            value, width = f"{age} 天", max(2.0, age * scale)
        limit = r.get("limit")
        bars.append(
            Bar(
                label=r["name"],
                y=TOP + i * ROW_HEIGHT,
                width=round(width, 1),
                limit_x=round(LABEL_WIDTH + limit * scale, 1) if limit else None,
                value=value,
                state=state,
            )
        )
    step = _nice_step(scale_max)
    ticks = [(round(LABEL_WIDTH + d * scale, 1), d) for d in range(0, scale_max + 1, step)]
    return Chart(bars, LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, TOP + len(rows) * ROW_HEIGHT + 8, scale_max, ticks)


def _nice_step(top: int) -> int:
    for step in (7, 14, 30, 60, 90, 180, 365, 730):
        if top / step <= 4:
            return step
    return 1825
