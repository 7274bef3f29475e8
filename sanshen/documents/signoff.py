"""审签表: the sign-off form (附件) of the 锦屏县 “三审三校” regulation, rendered from recorded signatures.

A pure conversion (style habit 12): the caller builds a `SignOffForm` from the review records and gets back
HTML, PDF (archive copy, fonts embedded), PNG (the picture placed before the body when the item is sent to the
county site, 第六条2) or .docx. Nothing here reads the database, the request or Django settings.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Engine

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_NAME = "documents/signoff_form.html"
CSS_PATH = TEMPLATES_DIR / "documents" / "signoff_form.css"

DEFAULT_COUNTY_NAME = "锦屏县"
# Signatures are stored in UTC; the paper form always showed Beijing time, whatever the server's zone.
DISPLAY_TZ = ZoneInfo("Asia/Shanghai")

# The eight 信息审核要点 of the 附件, in the order printed there.
REVIEW_POINTS = ("政治性", "保密性", "真实性", "时效性", "准确性", "完整性", "安全性", "文字图片格式符号")
REVIEW_POINT_LABELS = {"文字图片格式符号": "文字、图片、格式、符号等"}

# A long body would push the form onto a third page; the full text travels as the attachment anyway.
BODY_LIMIT = 1500
BODY_TRUNCATED_NOTE = "（全文见附件）"
BODY_ABSENT = "见附件"

# 备注 of the 附件, printed on every form as on paper.
REGULATION_NOTE = (
    "各单位可根据信息重要程度，自行决定是否送本单位主要领导签批，"
    "但预决算、突发事件等重要信息必须送本单位主要领导签批。"
)

# Row labels exactly as the 附件 breaks them over two lines; also the names missing_parts() reports.
SIGNATURE_ROWS = (
    ("site_admin", "网站管理员", ("网站管理员",)),
    ("office_head", "办公室主任审核意见", ("办公室主任", "审核意见")),
    ("deputy_leader", "分管领导审核意见", ("分管领导", "审核意见")),
    ("main_leader", "单位主要领导签批", ("单位主要", "领导签批")),
    ("county_leader", "县领导批示", ("县领导", "批示")),
)
DRAFTER_LABEL = "拟稿人"
SEAL_LABEL = "来文单位公章"
TITLE_LABEL = "信息标题"
TOP_GRADE = "特级"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_VARIANT = "pdf/a-2b"


@dataclass(frozen=True)
class Signature:
    """一处签名: who signed a row of the 审签表, when, and what they wrote."""

    role_label: str  # the signer's post as printed after the name, e.g. "党政办主任"
    name: str
    signed_at: datetime | None  # None: not signed yet, the row prints blank
    opinion: str
    on_behalf_note: str = ""  # e.g. "受王伟委托代签"

    @property
    def is_signed(self) -> bool:
        return bool(self.name.strip()) and self.signed_at is not None


@dataclass(frozen=True)
class EscalationAnswer:
    """报请保密/网信部门的答复, printed in a row of its own under the signatures."""

    office: str  # "县保密部门"
    verdict: str  # "可以发布" / "修改后发布" / "不宜发布"; "" while unanswered
    answer: str
    name: str
    answered_at: datetime | None


@dataclass(frozen=True)
class SignOffForm:
    """审签表: everything printed on one form, already resolved by the caller."""

    form_no: str
    unit_name: str
    seal_png: bytes | None
    title: str
    body_text: str | None  # None prints "见附件"
    drafter: Signature
    site_admin: Signature | None  # 网站管理员 = 复审
    office_head: Signature | None  # 办公室主任审核意见 = 初审
    deputy_leader: Signature | None  # 分管领导审核意见 = 终审
    main_leader: Signature | None  # 单位主要领导签批
    county_leader: Signature | None  # 县领导批示, 特级信息 only
    points: dict[str, bool]  # keys from REVIEW_POINTS
    grade_label: str  # 一般信息 / 重要信息 / 特级信息
    remark: str
    generated_at: datetime
    revision_label: str
    fingerprint: str  # computed by the caller; printed so a paper copy can be matched to the record
    main_leader_required: bool = False  # 预决算、突发事件等 (备注), decided by the caller
    content_hash: str = ""  # SHA-256 of the signed content; the public article shows the same, so they can be matched
    heading: str = ""  # the form's title; "" prints the county website's (heading())
    target_label: str = ""  # where it is published: "网站栏目：乡镇动态" or "政务新媒体：三江镇发布（微信公众号）"
    escalations: tuple[EscalationAnswer, ...] = ()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.points) - set(REVIEW_POINTS))
        if unknown:
            raise ValueError(f"Unknown review points: {unknown}; expected keys from {REVIEW_POINTS}")
        if self.seal_png is not None and not self.seal_png.startswith(PNG_SIGNATURE):
            raise ValueError(f"seal_png is not a PNG image (starts with {self.seal_png[:8]!r})")

    @property
    def is_top_grade(self) -> bool:
        return TOP_GRADE in self.grade_label


def missing_parts(form: SignOffForm) -> list[str]:
    """Names of the parts a complete form needs but lacks, in the order printed on the form.

    The county reviewer sends back any item whose form is incomplete (第六条2 “填写完整并签字盖章”).
    """
    missing = []
    if form.seal_png is None:
        missing.append(SEAL_LABEL)
    if not form.drafter.is_signed:
        missing.append(DRAFTER_LABEL)
    for attr, label, _lines in SIGNATURE_ROWS:
        if attr == "main_leader" and not form.main_leader_required:
            continue
        if attr == "county_leader" and not form.is_top_grade:
            continue
        signature = getattr(form, attr)
        if signature is None or not signature.is_signed:
            missing.append(label)
    if not form.title.strip():
        missing.append(TITLE_LABEL)
    return missing


def format_time(moment: datetime | None) -> str:
    """2024年5月6日 09:05 in Beijing time; naive datetimes are taken as already local."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(DISPLAY_TZ)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def body_paragraphs(body_text: str | None, limit: int = BODY_LIMIT) -> list[str]:
    """The body as printed: paragraphs, cut at `limit` characters with a pointer to the attachment."""
    if body_text is None or not body_text.strip():
        return [BODY_ABSENT]
    text = body_text.strip()
    truncated = len(text) > limit
    if truncated:
        text = text[:limit].rstrip() + "……"
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if truncated:
        paragraphs.append(BODY_TRUNCATED_NOTE)
    return paragraphs


def heading(county_name: str) -> str:
    return f"{county_name}人民政府网信息发布审签表"


def media_heading(county_name: str) -> str:
    """The new-media form: the 附件 has only the website's, so the same form under the platform's name."""
    return f"{county_name}政务新媒体信息发布审签表"


def _escalation_rows(form: SignOffForm) -> list[dict]:
    rows = []
    for e in form.escalations:
        opinion = f"{e.verdict}。{e.answer}".strip() if e.verdict else "（尚未答复）"
        signature = Signature(e.office, e.name, e.answered_at, opinion) if e.verdict else None
        rows.append(
            {"key": "escalation", "label_lines": (e.office, "审查意见"), **_signature_context(signature)}
            | {"opinion": opinion}
        )
    return rows


def _signature_context(signature: Signature | None) -> dict:
    if signature is None or not signature.is_signed:
        return {"signed": False, "opinion": signature.opinion if signature else ""}
    return {
        "signed": True,
        "name": signature.name,
        "role_label": signature.role_label,
        "time": format_time(signature.signed_at),
        "opinion": signature.opinion,
        "on_behalf_note": signature.on_behalf_note,
    }


def _rows(form: SignOffForm) -> list[dict]:
    """Signature rows to print: the county leader's row only on 特级 forms or once he has written."""
    rows = []
    for attr, _label, lines in SIGNATURE_ROWS:
        signature = getattr(form, attr)
        if attr == "county_leader" and signature is None and not form.is_top_grade:
            continue
        rows.append({"key": attr, "label_lines": lines, **_signature_context(signature)})
    return rows


def _points(form: SignOffForm) -> list[dict]:
    # Numbers as strings: the template engine would otherwise localise them, which needs Django settings.
    return [
        {
            "number": str(number),
            "label": REVIEW_POINT_LABELS.get(point, point),
            "checked": form.points.get(point, False),
        }
        for number, point in enumerate(REVIEW_POINTS, start=1)
    ]


_engine = Engine(
    dirs=[str(TEMPLATES_DIR)],
    # Explicit loaders: the app_directories default would need Django's app registry.
    loaders=[("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])],
    autoescape=True,
)


def render_html(form: SignOffForm, county_name: str = DEFAULT_COUNTY_NAME) -> str:
    """The form as a standalone HTML page (styles inlined, seal as a data: URI)."""
    seal_uri = ""
    if form.seal_png is not None:
        seal_uri = "data:image/png;base64," + base64.b64encode(form.seal_png).decode("ascii")
    context = {
        "css": CSS_PATH.read_text(encoding="utf-8"),
        "heading": form.heading or heading(county_name),
        "form": form,
        "seal_uri": seal_uri,
        "drafter": _signature_context(form.drafter),
        "rows": _rows(form) + _escalation_rows(form),
        "points": _points(form),
        "body_paragraphs": body_paragraphs(form.body_text),
        "regulation_note": REGULATION_NOTE,
        "generated_at": format_time(form.generated_at),
    }
    return _engine.get_template(TEMPLATE_NAME).render(Context(context))


def render_pdf(form: SignOffForm, county_name: str = DEFAULT_COUNTY_NAME) -> bytes:
    """A4 PDF for the archive; WeasyPrint embeds subsets of the CJK fonts, so it prints the same anywhere.

    Written as PDF/A-2b because units keep these forms for years (第六条3); it costs no measurable time.
    """
    # Imported here: WeasyPrint loads Pango at import, which HTML-only callers do not need.
    import weasyprint

    html = weasyprint.HTML(string=render_html(form, county_name=county_name), base_url=str(TEMPLATES_DIR))
    return html.write_pdf(pdf_variant=PDF_VARIANT)


def render_png(pdf: bytes, dpi: int = 110) -> bytes:
    """Rasterise the form; a form that runs onto a second page comes back as one tall image."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()
    width = max(page.width for page in pages)
    sheet = Image.new("RGB", (width, sum(page.height for page in pages)), "white")
    top = 0
    for page in pages:
        sheet.paste(page, (0, top))
        top += page.height
    out = io.BytesIO()
    sheet.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def render_docx(form: SignOffForm, county_name: str = DEFAULT_COUNTY_NAME) -> bytes:
    """The same form as a Word table, for units that keep their archive in Word."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    # Word in county offices has 宋体/黑体; the PDF uses the Noto equivalents instead.
    def style_run(run, *, east_asia="宋体", size=11, bold=False):
        run.font.name = "Times New Roman"
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
        return run

    def write(paragraph, text, **style):
        return style_run(paragraph.add_run(text), **style)

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(title, form.heading or heading(county_name), east_asia="黑体", size=18, bold=True)

    unit = document.add_paragraph()
    write(unit, "来文单位（盖公章）：")
    write(unit, form.unit_name)
    if form.seal_png is not None:
        write(unit, "  ")
        unit.add_run().add_picture(io.BytesIO(form.seal_png), width=Mm(28))
    write(unit, f"    信息类别：{form.grade_label}")
    if form.target_label:
        write(document.add_paragraph(), f"发布平台：{form.target_label}")

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(34), Mm(136))

    def add_row(label_lines):
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        label = cells[0].paragraphs[0]
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        write(label, "\n".join(label_lines), east_asia="黑体", size=11)
        cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        return cells[1]

    def write_signature(cell, context, with_opinion=True):
        first = cell.paragraphs[0]
        if with_opinion:
            write(first, context["opinion"] or "")
            if not context["opinion"]:
                cell.add_paragraph()
            line = cell.add_paragraph()
        else:
            line = first
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if context["signed"]:
            write(line, "签名：")
            write(line, context["name"], bold=True)
            if context["role_label"]:
                write(line, f"（{context['role_label']}）")
            if context["on_behalf_note"]:
                write(line, f"〔{context['on_behalf_note']}〕", size=9)
            write(line, f"　{context['time']}")
        else:
            write(line, "签名：＿＿＿＿＿＿　　　　年　　月　　日")

    write_signature(add_row((DRAFTER_LABEL,)), _signature_context(form.drafter), with_opinion=False)
    for row in _rows(form) + _escalation_rows(form):
        write_signature(add_row(row["label_lines"]), row)

    points_cell = add_row(("信息审核要点",))
    points_paragraph = points_cell.paragraphs[0]
    for point in _points(form):
        write(points_paragraph, f"{'☑' if point['checked'] else '☐'}{point['number']}.{point['label']}　")

    write(add_row((TITLE_LABEL,)).paragraphs[0], form.title, bold=True)

    body_cell = add_row(("信息详细内容", "（可另附）"))
    for index, text in enumerate(body_paragraphs(form.body_text)):
        paragraph = body_cell.paragraphs[0] if index == 0 else body_cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(22)
        write(paragraph, text, size=10.5)

    remark_cell = add_row(("备注",))
    write(remark_cell.paragraphs[0], REGULATION_NOTE, size=10)
    if form.remark:
        write(remark_cell.add_paragraph(), form.remark, size=10)

    footer = section.footer.paragraphs[0]
    write(
        footer,
        f"编号：{form.form_no}　版本：{form.revision_label}　生成时间：{format_time(form.generated_at)}　"
        f"指纹：{form.fingerprint}" + (f"　内容校验码（SHA-256）：{form.content_hash}" if form.content_hash else ""),
        size=7,
    )

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
