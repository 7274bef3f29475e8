"""通报图表: per-unit bars and trend lines, drawn on the server with matplotlib (Agg) in a CJK font.

Pure: figures in, PNG bytes out. The same pictures go into the .docx, the PDF and the dashboard page.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# fonts-noto-cjk ships these; matplotlib lists each face of the .ttc collections by family name.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")
SERIOUS_COLOUR = "#b3261e"
GENERAL_COLOUR = "#e8a33d"
PUBLISHED_COLOUR = "#0b5cad"
MAX_BARS = 15
DPI = 150


def cjk_family() -> str:
    """The first CJK family matplotlib knows; a chart in a font without Chinese would print empty boxes."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    raise RuntimeError(f"No CJK font for charts: install fonts-noto-cjk (looked for {', '.join(CJK_FAMILIES)})")


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _style(axes, family: str) -> None:
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontfamily(family)
    axes.spines[["top", "right"]].set_visible(False)


def unit_bars(figures: dict) -> bytes:
    """各单位差错情况: stacked horizontal bars of 严重表述错误 and 一般差错, the units with most errors on top."""
    family = cjk_family()
    rows = sorted((r for r in figures["units"] if r["errors"]), key=lambda r: (-r["errors"], r["unit"]))[:MAX_BARS]
    figure = _figure(6.4, max(2.2, 0.42 * len(rows) + 1.2))
    axes = figure.add_subplot()
    axes.set_title(f"{figures['label']}各单位差错情况", fontfamily=family, fontsize=12)
    if not rows:
        axes.text(0.5, 0.5, "本期未登记差错", ha="center", va="center", fontfamily=family, fontsize=12, transform=axes.transAxes)
        axes.set_axis_off()
        return _png(figure)
    rows = rows[::-1]  # barh draws bottom-up
    names = [r["unit"] for r in rows]
    serious = [r["serious"] for r in rows]
    general = [r["general"] for r in rows]
    axes.barh(names, serious, height=0.6, color=SERIOUS_COLOUR, label="严重表述错误")
    axes.barh(names, general, height=0.6, left=serious, color=GENERAL_COLOUR, label="一般差错")
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_xlim(0, max(s + g for s, g in zip(serious, general)) * 1.15)
    for y, (s, g) in enumerate(zip(serious, general)):
        axes.text(s + g + 0.05, y, str(s + g), va="center", fontsize=9)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("处", fontfamily=family)
    axes.legend(prop={"family": family, "size": 9}, loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(rows) > 3 else -0.3), ncol=2, frameon=False)
    _style(axes, family)
    return _png(figure)


def trend_lines(figures: dict) -> bytes:
    """差错走势: errors and 严重表述错误 over the last periods, items published on the right axis."""
    family = cjk_family()
    trend = figures["trend"]
    labels = [t["label"].replace("年第", "年\n第").replace("年度", "") for t in trend]
    figure = _figure(6.4, 3.0)
    axes = figure.add_subplot()
    axes.set_title("近期差错走势", fontfamily=family, fontsize=12)
    x = range(len(trend))
    axes.plot(x, [t["errors"] for t in trend], marker="o", color=GENERAL_COLOUR, label="差错合计")
    axes.plot(x, [t["serious"] for t in trend], marker="s", color=SERIOUS_COLOUR, label="严重表述错误")
    axes.set_xticks(list(x), labels)
    axes.set_ylim(0, max([1] + [t["errors"] for t in trend]) * 1.2)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylabel("差错（处）", fontfamily=family)
    other = axes.twinx()
    other.plot(x, [t["published"] for t in trend], linestyle="--", marker=".", color=PUBLISHED_COLOUR, label="发布信息")
    other.set_ylim(0, max([1] + [t["published"] for t in trend]) * 1.2)
    other.yaxis.get_major_locator().set_params(integer=True)
    other.set_ylabel("发布信息（条）", fontfamily=family)
    lines = axes.get_lines() + other.get_lines()
    axes.legend(lines, [line.get_label() for line in lines], prop={"family": family, "size": 8}, loc="upper left", frameon=False)
    _style(axes, family)
    _style(other, family)
    other.spines["right"].set_visible(True)
    return _png(figure)


def all_charts(figures: dict) -> dict[str, bytes]:
    return {"units": unit_bars(figures), "trend": trend_lines(figures)}
