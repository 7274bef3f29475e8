"""通报 and 约谈纪要 as documents: .docx in 公文 layout (GB/T 9704-2012) with python-docx, PDF with WeasyPrint.

Layout: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; 发文机关标志 in red over a red line with the
文号; the title in 2号 方正小标宋简体; 主送 and body in 3号 仿宋_GB2312 with 一、 headings in 黑体 and （一） in 楷体;
落款 and 成文日期 to the right; 版记 (抄送, 印发) between lines at the end; page numbers “— 1 —” in 4号 宋体.

Fonts: the .docx names the 公文 fonts, which county offices' Word has. The PDF is set on this server, so its CSS lists
the 公文 fonts first and then the fallback that fonts-noto-cjk installs (思源宋体/黑体 = Noto Serif/Sans CJK SC);
`pdf_fonts()` says which one each role really gets here.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string

RED = "C00000"
# role → (公文 font for Word, CSS stack for the PDF, the fallback's name)
FONTS = {
    "title": ("方正小标宋简体", ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"], "Noto Serif CJK SC"),
    "body": ("仿宋_GB2312", ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"], "Noto Serif CJK SC"),
    "heading": ("黑体", ["黑体", "SimHei", "Noto Sans CJK SC"], "Noto Sans CJK SC"),
    "subheading": ("楷体_GB2312", ["楷体_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC"], "Noto Serif CJK SC"),
    "page": ("宋体", ["宋体", "SimSun", "Noto Serif CJK SC"], "Noto Serif CJK SC"),
}
CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class BulletinText:
    """What the county office writes in a bulletin; the figures come from the register."""

    number: str  # 文号, e.g. 锦府办通〔2026〕3号
    title: str
    recipients: str  # 主送
    intro: str
    analysis: str
    requirements: str
    issuer: str  # 发文机关署名
    issue_date: dt.date  # 成文日期
    copy_to: str = ""  # 抄送


@lru_cache(maxsize=1)
def _installed_families() -> frozenset[str]:
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def pdf_fonts() -> dict[str, str]:
    """role → the font the PDF uses on this server, e.g. {"title": "Noto Serif CJK SC（未安装方正小标宋简体，用其代替）"}."""
    installed = _installed_families()
    report = {}
    for role, (word, stack, fallback) in FONTS.items():
        found = next((f for f in stack if f in installed), None)
        if found is None:
            report[role] = f"{fallback}（未找到）"
        elif found == stack[0]:
            report[role] = found
        else:
            report[role] = f"{found}（未安装{word}，用其代替）"
    return report


def css_stack(role: str) -> str:
    return ", ".join(f'"{f}"' for f in FONTS[role][1]) + (", sans-serif" if role == "heading" else ", serif")


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 7.3.5.3 has it: 2026年10月12日."""
    return f"{day.year}年{day.month}月{day.day}日"


def hours(value) -> str:
    return "—" if value is None else f"{value:g}"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


# ---------------------------------------------------------------------------------------------
# What the body says, shared by the .docx, the PDF and the page


def summary_paragraph(figures: dict) -> str:
    t = figures["totals"]
    change = t["change"]
    trend = f"较上期增加{change}处" if change > 0 else (f"较上期减少{-change}处" if change < 0 else "与上期持平")
    text = (
        f"{figures['label']}，全县各单位通过县政府网站共发布信息{t['published']}条，县政府信息中心审核退回{t['sent_back']}条，"
        f"共登记错敏差错{t['errors']}处，其中严重表述错误{t['serious']}处、一般差错{t['general']}处，{trend}。"
    )
    if t["errors"]:
        text += f"已按时整改{t['on_time']}处，逾期整改{t['late']}处，尚未整改{t['open']}处"
        text += f"（其中已超过整改时限{t['overdue']}处）。" if t["overdue"] else "。"
    return text


def quote_line(q: dict) -> str:
    right = f"，应为“{q['suggestion']}”" if q["suggestion"] else ""
    note = f"（{q['message']}）" if q["message"] and not q["suggestion"] else ""
    return f"{q['unit']}{q['place']}中“{q['text']}”{right}{note}，{q['severity']}，{q['source']}。"


def unit_rows(figures: dict) -> list[dict]:
    """Units with anything to report; the others are summed up in one sentence."""
    return [r for r in figures["units"] if r["published"] or r["sent_back"] or r["errors"] or r["previous_errors"]]


def scored_rows(figures: dict) -> list[dict]:
    return [s for s in figures["scores"] if s["deduction"] != "0"]


def sections(text: BulletinText, figures: dict) -> list[tuple[str, list]]:
    """The body as (heading, parts); a part is a paragraph (str) or ("table", caption, header, rows) or ("chart", key)."""
    rows = unit_rows(figures)
    quiet = len(figures["units"]) - len(rows)
    overview: list = [summary_paragraph(figures)]
    overview.append(("table", "各单位信息发布及差错情况", ["单位", "发布信息", "审核退回", "严重表述错误", "一般差错", "差错合计", "较上期"],
                     [[r["unit"], r["published"], r["sent_back"], r["serious"], r["general"], r["errors"], signed(r["change"])] for r in rows]
                     + [["合计", figures["totals"]["published"], figures["totals"]["sent_back"], figures["totals"]["serious"],
                         figures["totals"]["general"], figures["totals"]["errors"], signed(figures["totals"]["change"])]]))
    if quiet:
        overview.append(f"其余{quiet}个单位本期无发布信息和差错记录。")
    overview.append(("chart", "units"))
    kinds: list = []
    if figures["categories"]:
        kinds.append(("table", "差错类别统计", ["差错类别", "严重表述错误", "一般差错", "合计"],
                      [[c["label"], c["serious"], c["general"], c["total"]] for c in figures["categories"]]))
    if figures["worst"]:
        kinds.append("典型问题摘录如下：")
        kinds.extend(f"{i}. {quote_line(q)}" for i, q in enumerate(figures["worst"], 1))
    else:
        kinds.append("本期未登记差错。")
    rectification: list = []
    with_errors = [r for r in rows if r["errors"]]
    if with_errors:
        rectification.append(("table", "差错整改情况", ["单位", "差错", "按时整改", "逾期整改", "尚未整改", "其中超期"],
                              [[r["unit"], r["errors"], r["on_time"], r["late"], r["open"], r["overdue"]] for r in with_errors]))
    else:
        rectification.append("本期无需整改事项。")
    timing: list = ["各审核环节平均等待时间（小时）如下，“—”表示本期该环节无审核记录。"]
    timing.append(("table", "审核时效", ["审核环节", "平均等待（小时）", "审核次数"],
                   [[s["label"], hours(s["hours"]), s["count"]] for s in figures["stages"]]))
    escalated = figures["totals"]["escalations"]
    timing.append(f"本期复审环节报请县保密部门、县网信部门审查{escalated}次。")
    timing.append(("chart", "trend"))
    scores: list = []
    deducted = scored_rows(figures)
    if deducted:
        scores.append("按照政务公开年度目标绩效考核扣分规则，本期扣分情况如下（明细见考核扣分表）。")
        scores.append(("table", "考核扣分情况", ["单位", "基础分", "扣分", "得分"],
                       [[s["unit_name"], s["base"], s["deduction"], s["score"]] for s in deducted]))
    else:
        scores.append("本期各单位均无扣分。")
    result = [("总体情况", overview), ("差错类型及典型问题", kinds), ("整改情况", rectification), ("审核时效", timing), ("考核扣分", scores)]
    if text.analysis.strip():
        result.append(("存在的主要问题", _paragraphs(text.analysis)))
    if text.requirements.strip():
        result.append(("下一步工作要求", _paragraphs(text.requirements)))
    return result


def _paragraphs(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def heading_number(index: int) -> str:
    return f"{CHINESE_NUMBERS[index]}、" if index < len(CHINESE_NUMBERS) else f"{index + 1}、"


# ---------------------------------------------------------------------------------------------
# .docx


def _docx_tools():
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    return Document, WD_SECTION, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, OxmlElement, qn, Mm, Pt, RGBColor


class _Writer:
    """A 公文 page in python-docx: the handful of paragraph kinds GB/T 9704 needs."""

    def __init__(self):
        (Document, _, self.TableAlign, self.Align, self.Spacing, self.Element, self.qn, self.Mm, self.Pt, self.RGB) = _docx_tools()
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = self.Mm(210), self.Mm(297)
        section.top_margin, section.bottom_margin = self.Mm(37), self.Mm(35)
        section.left_margin, section.right_margin = self.Mm(28), self.Mm(26)
        section.footer_distance = self.Mm(20)
        self.section = section
        normal = self.document.styles["Normal"]
        self._fonts(normal.element.get_or_add_rPr(), FONTS["body"][0])
        normal.font.size = self.Pt(16)

    def _fonts(self, rpr, east_asia: str) -> None:
        fonts = rpr.find(self.qn("w:rFonts"))
        if fonts is None:
            fonts = self.Element("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(self.qn("w:ascii"), "Times New Roman")
        fonts.set(self.qn("w:hAnsi"), "Times New Roman")
        fonts.set(self.qn("w:eastAsia"), east_asia)

    def run(self, paragraph, text: str, *, role="body", size=16, bold=False, colour=None):
        run = paragraph.add_run(text)
        run.font.size = self.Pt(size)
        run.font.bold = bold
        if colour:
            run.font.color.rgb = self.RGB.from_string(colour)
        self._fonts(run._element.get_or_add_rPr(), FONTS[role][0])
        return run

    def paragraph(self, text: str = "", *, role="body", size=16, align=None, indent=True, bold=False, colour=None,
                  before=0, after=0, exact=True):
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        if exact:
            # 22 lines of 3号 on the 225 mm text area: a fixed line pitch of 28.95 pt.
            fmt.line_spacing_rule = self.Spacing.EXACTLY
            fmt.line_spacing = self.Pt(28.95)
        fmt.space_before, fmt.space_after = self.Pt(before), self.Pt(after)
        if indent:
            fmt.first_line_indent = self.Pt(size * 2)
        if align:
            p.alignment = getattr(self.Align, align)
        if text:
            self.run(p, text, role=role, size=size, bold=bold, colour=colour)
        return p

    def rule(self, paragraph, *, colour=RED, size=12, where="bottom") -> None:
        """A line under (or over) a paragraph: the red 版头 line and the 版记 lines."""
        ppr = paragraph._p.get_or_add_pPr()
        border = self.Element("w:pBdr")
        line = self.Element(f"w:{where}")
        line.set(self.qn("w:val"), "single")
        line.set(self.qn("w:sz"), str(size))
        line.set(self.qn("w:space"), "1")
        line.set(self.qn("w:color"), colour)
        border.append(line)
        ppr.append(border)

    def table(self, caption: str, header: list[str], rows: list[list]) -> None:
        self.paragraph(caption, role="heading", size=14, align="CENTER", indent=False, before=6)
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = self.TableAlign.CENTER
        for cell, label in zip(table.rows[0].cells, header):
            self._cell(cell, label, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                self._cell(cell, str(value))
        self.paragraph("", exact=False, indent=False, size=6)

    def _cell(self, cell, text: str, *, bold=False) -> None:
        p = cell.paragraphs[0]
        p.alignment = self.Align.CENTER
        self.run(p, text, size=12, bold=bold, role="heading" if bold else "body")

    def picture(self, png: bytes, width_mm: int = 150) -> None:
        p = self.paragraph(indent=False, align="CENTER", exact=False)
        p.add_run().add_picture(io.BytesIO(png), width=self.Mm(width_mm))

    def page_numbers(self) -> None:
        """— 1 —: odd pages on the right, even pages on the left, each one character in (GB/T 9704 7.5)."""
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, align in ((self.section.footer, "RIGHT"), (self.section.even_page_footer, "LEFT")):
            p = footer.paragraphs[0]
            p.alignment = getattr(self.Align, align)
            if align == "RIGHT":
                p.paragraph_format.right_indent = self.Pt(14)
            else:
                p.paragraph_format.left_indent = self.Pt(14)
            self.run(p, "— ", role="page", size=14)
            field = self.Element("w:fldSimple")
            field.set(self.qn("w:instr"), "PAGE")
            inner = self.run(p, "1", role="page", size=14)
            field.append(inner._element)
            p._p.append(field)
            self.run(p, " —", role="page", size=14)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def bulletin_docx(text: BulletinText, figures: dict, charts: dict[str, bytes]) -> bytes:
    w = _Writer()
    w.paragraph(text.issuer, role="title", size=30, align="CENTER", indent=False, colour=RED, exact=False, before=0, after=12)
    number = w.paragraph(text.number, align="CENTER", indent=False, after=4)
    w.rule(number)
    w.paragraph("", indent=False)
    w.paragraph(text.title, role="title", size=22, align="CENTER", indent=False, exact=False, after=12)
    w.paragraph(text.recipients, indent=False)
    for line in _paragraphs(text.intro):
        w.paragraph(line)
    for index, (heading, parts) in enumerate(sections(text, figures)):
        w.paragraph(f"{heading_number(index)}{heading}", role="heading")
        for part in parts:
            if isinstance(part, str):
                w.paragraph(part)
            elif part[0] == "table":
                w.table(part[1], part[2], part[3])
            elif part[0] == "chart" and part[1] in charts:
                w.picture(charts[part[1]])
    w.paragraph("", indent=False)
    signer = w.paragraph(text.issuer, align="RIGHT", indent=False)
    signer.paragraph_format.right_indent = w.Pt(64)
    date = w.paragraph(chinese_date(text.issue_date), align="RIGHT", indent=False)
    date.paragraph_format.right_indent = w.Pt(64)
    # 版记: 抄送 and 印发 between lines, in 4号.
    w.paragraph("", indent=False)
    first = w.paragraph(f"抄送：{text.copy_to}。" if text.copy_to else "", size=14, indent=False)
    w.rule(first, colour="000000", size=8, where="top")
    printed = w.paragraph(f"{text.issuer}　　　　{chinese_date(text.issue_date)}印发", size=14, indent=False)
    w.rule(printed, colour="000000", size=8, where="top")
    w.rule(printed, colour="000000", size=8, where="bottom")
    w.page_numbers()
    return w.bytes()


# ---------------------------------------------------------------------------------------------
# PDF


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def bulletin_html(text: BulletinText, figures: dict, charts: dict[str, bytes]) -> str:
    parts = []
    for index, (heading, items) in enumerate(sections(text, figures)):
        body = []
        for part in items:
            if isinstance(part, str):
                body.append({"kind": "p", "text": part})
            elif part[0] == "table":
                body.append({"kind": "table", "caption": part[1], "header": part[2], "rows": part[3]})
            elif part[0] == "chart" and part[1] in charts:
                body.append({"kind": "chart", "src": _data_uri(charts[part[1]])})
        parts.append({"heading": f"{heading_number(index)}{heading}", "body": body})
    return render_to_string(
        "accountability/bulletin_print.html",
        {
            "text": text,
            "intro": _paragraphs(text.intro),
            "sections": parts,
            "date": chinese_date(text.issue_date),
            "fonts": {role: css_stack(role) for role in FONTS},
        },
    )


def bulletin_pdf(text: BulletinText, figures: dict, charts: dict[str, bytes]) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=bulletin_html(text, figures, charts)).write_pdf()


# ---------------------------------------------------------------------------------------------
# 约谈纪要


def interview_docx(interview) -> bytes:
    """约谈纪要 as .docx: the record's facts in a table, then the minutes, the commitments and the follow-up."""
    from django.utils import timezone

    w = _Writer()
    w.paragraph("约谈纪要", role="title", size=22, align="CENTER", indent=False, exact=False, after=12)
    held = timezone.localtime(interview.held_at)
    facts = [
        ("被约谈单位", str(interview.unit)),
        ("约谈时间", f"{chinese_date(held.date())} {held:%H:%M}"),
        ("约谈地点", interview.place or "—"),
        ("约谈人", interview.interviewers),
        ("被约谈人", interview.interviewees),
        ("约谈事由", interview.reason),
    ]
    table = w.document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = w.Mm(35), w.Mm(121)
        w._cell(cells[0], label, bold=True)
        p = cells[1].paragraphs[0]
        w.run(p, value, size=14)
    for index, (heading, value) in enumerate((("约谈情况", interview.minutes), ("整改承诺", interview.commitments))):
        w.paragraph(f"{heading_number(index)}{heading}", role="heading", before=6)
        for line in _paragraphs(value) or ["（无）"]:
            w.paragraph(line)
    follow = f"定于{chinese_date(interview.follow_up_on)}回访整改落实情况。" if interview.follow_up_on else "未安排回访。"
    w.paragraph("三、回访安排", role="heading")
    w.paragraph(follow)
    if interview.followed_up_at:
        w.paragraph(f"回访情况（{chinese_date(timezone.localtime(interview.followed_up_at).date())}）：{interview.follow_up_note}")
    w.paragraph("", indent=False)
    w.paragraph(f"记录人：{interview.recorded_by.display_name}", align="RIGHT", indent=False)
    w.page_numbers()
    return w.bytes()
