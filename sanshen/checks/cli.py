"""Reports of 机审 findings for the command line, and `sanshen csc-eval`. No Django, and no file reading here.

`sanshen check FILE` reads files through the same readers and limits as uploads (sanshen.documents.check_cli)
and prints what `render_text`, `render_html` or JSON make of the findings. `python -m sanshen.checks.cli
csc-eval FILE` measures the typo checker on a CSC data set (csc_eval.py).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from bisect import bisect_right
from typing import Callable

from .finding import SEVERITIES, SEVERITY_LABELS, Finding

FORMATS = ("text", "json", "html")
FAILING_SEVERITIES = frozenset({"block", "serious"})


class UsageError(Exception):
    """Bad options; the message is for the person who ran the command."""


class Parser(argparse.ArgumentParser):
    """An argument parser that raises UsageError instead of printing English and exiting."""

    def error(self, message: str):
        raise UsageError(message)


def names(value: str | None, known, what: str) -> list[str] | None:
    """The comma-separated names in an option, each one of `known`; UsageError names the unknown ones."""
    if value is None:
        return None
    listed = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in listed if n not in known]
    if unknown or not listed:
        raise UsageError(f"未知的{what}：{'、'.join(unknown) or '（空）'}；可用：{', '.join(known)}")
    return listed


def exit_status(findings: list[Finding]) -> int:
    """0 with no 禁止/严重 findings, 1 with some."""
    return 1 if any(f.severity in FAILING_SEVERITIES for f in findings) else 0


def csc_eval_main(argv: list[str]) -> int:
    """sanshen csc-eval: measure the typo checker on a CSC data set (see csc_eval.py)."""
    from . import csc_eval

    return csc_eval.main(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["csc-eval"]:
        return csc_eval_main(argv[1:])
    print("用法：python -m sanshen.checks.cli csc-eval ...（检查文件请用 sanshen check 文件）", file=sys.stderr)
    return 2


# ----------------------------------------------------------------------------------------------
# Output


class LinePositions:
    """Line and column (both from 1) of a text offset."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def render_text(text: str, findings: list[Finding], describe: Callable[[dict], str] | None = None) -> str:
    """One line per finding and a summary. Where: line:column in `text`, or `describe(place)` for a finding whose
    location names a place in a file (page, sheet and cell, box: keys other than "file" and "hidden")."""
    positions = LinePositions(text)
    lines = []
    for f in findings:
        shown = _one_line(f.text)
        suggestion = f" → “{_one_line(f.suggestion)}”" if f.suggestion else ""
        lines.append(f"{_where(f, positions, describe)}  {f.severity_label}  {f.rule}  “{shown}”{suggestion}  {f.message}")
    lines.append(summary(findings))
    return "\n".join(lines)


def _where(f: Finding, positions: LinePositions, describe: Callable[[dict], str] | None) -> str:
    place = {k: v for k, v in f.location.items() if k not in ("file", "hidden")}
    if place and describe is not None:
        return describe(place)
    line, column = positions.at(f.start)
    # Text a web page hides from its visitors (htmltext.mark_hidden).
    return f"{line}:{column}（隐藏）" if "hidden" in f.location else f"{line}:{column}"


def _one_line(s: str) -> str:
    return s.replace("\r", "\\r").replace("\n", "\\n")


def summary(findings: list[Finding]) -> str:
    if not findings:
        return "未发现问题"
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    parts = "，".join(f"{SEVERITY_LABELS[s]} {n}" for s, n in counts.items() if n)
    return f"共 {len(findings)} 个问题（{parts}）"


_HTML_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
.text { white-space: pre-wrap; line-height: 1.9; border: 1px solid #ccc; padding: 1em 1.5em; }
mark { padding: 0 1px; border-bottom: 2px solid; }
mark.block { background: #f8c9c9; border-color: #b00; }
mark.serious { background: #fbd9b5; border-color: #c60; }
mark.warn { background: #fdf1b3; border-color: #b90; }
mark.info { background: #dbe9fb; border-color: #36c; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
td.sev-block { color: #b00; font-weight: bold; } td.sev-serious { color: #c60; font-weight: bold; }
"""


def render_html(text: str, findings: list[Finding], title: str = "") -> str:
    """A self-contained page: the text with each finding marked, then a table of all findings."""
    positions = LinePositions(text)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    marked = [(i, f) for i, f in enumerate(findings) if f.end > f.start]
    bounds = sorted({0, len(text), *(f.start for _, f in marked), *(f.end for _, f in marked)})
    body = []
    for a, b in zip(bounds, bounds[1:]):
        body.extend(f'<span id="f{i}"></span>' for i, f in marked if f.start == a)
        segment = html.escape(text[a:b])
        covering = [(i, f) for i, f in marked if f.start <= a and b <= f.end]
        if not covering:
            body.append(segment)
            continue
        # Overlapping findings: colour by the most severe, list every message in the tooltip.
        top = min((f for _, f in covering), key=lambda f: rank[f.severity])
        tip = html.escape("\n".join(f"{f.severity_label} {f.rule}：{f.message}" for _, f in covering), quote=True)
        body.append(f'<mark class="{top.severity}" title="{tip}">{segment}</mark>')
    rows = []
    for i, f in enumerate(findings):
        line, column = positions.at(f.start)
        where = f'<a href="#f{i}">{line}:{column}</a>' if f.end > f.start else "—"
        rows.append(
            f"<tr><td>{where}</td><td class=\"sev-{f.severity}\">{f.severity_label}</td>"
            f"<td>{html.escape(f.category_label)}</td><td><code>{html.escape(f.rule)}</code></td>"
            f"<td>{html.escape(f.text)}</td><td>{html.escape(f.suggestion)}</td><td>{html.escape(f.message)}</td></tr>"
        )
    heading = html.escape(f"机审报告：{title}" if title else "机审报告")
    table = (
        "<table><thead><tr><th>位置</th><th>严重程度</th><th>类别</th><th>规则</th><th>原文</th><th>建议</th>"
        f"<th>说明</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if findings
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>{_HTML_STYLE}</style></head><body>"
        f"<h1>{heading}</h1><p>{html.escape(summary(findings))}</p>"
        f'<div class="text">{"".join(body)}</div>{table}</body></html>'
    )


if __name__ == "__main__":
    sys.exit(main())
