"""Word (.docx) 导出: a submission as a .docx, each finding a Word comment (批注) on the words it is about.

The body is the stored sanitised HTML; findings carry offsets into `html_to_text(html).text`, the
text the checker saw. The document is built from the same walk over the HTML that made that text,
so every character written knows its offset, and runs are split exactly where findings start and
end. Findings on the title carry {"field": "title"} in their location and offsets into the title;
findings in attachments (a "file" in the location) are listed in a table at the end.
"""

from __future__ import annotations

import base64
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..checks.finding import Finding
from .extract import describe_location
from .html import BLOCK_TAGS, parse_fragment, walk_text

COMMENT_AUTHOR = "机审"
COMMENT_INITIALS = "JS"
# A4 with 2.8 cm / 2.6 cm margins (GB/T 9704 公文 layout) leaves about 15.6 cm for pictures.
MAX_PICTURE_WIDTH = Cm(15.5)
_HEADING_LEVELS = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
_ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(\w+)")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg);base64,(.+)$", re.DOTALL)
_INLINE_FORMAT = {
    "strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline", "a": "underline",
    "s": "strike", "sub": "subscript", "sup": "superscript",
}


def write_docx(
    title: str,
    html: str,
    findings: Iterable[Finding],
    meta: Mapping[str, str] | None = None,
    *,
    images: Mapping[str, bytes] | None = None,
    comment_author: str = COMMENT_AUTHOR,
) -> bytes:
    """The submission as .docx bytes: title, `meta` lines ("来文单位：县财政局"), body, a comment per finding.

    `images` maps an <img> src (e.g. "/media/…/a.png") to its bytes; pictures not in it (and not
    data: URIs) are shown as "［图片］". A finding whose text does not match the body raises ValueError.
    """
    findings = list(findings)
    document = Document()
    _set_fonts(document)
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.comments = ""

    title_findings = [f for f in findings if f.location.get("field") == "title"]
    body_findings = [f for f in findings if "field" not in f.location and "file" not in f.location]
    file_findings = [f for f in findings if "file" in f.location]

    anchors: dict[int, list] = defaultdict(list)  # finding index → runs created for it
    index_of = {id(f): i for i, f in enumerate(findings)}

    heading = document.add_paragraph(style="Title")
    _write_chars(heading, [(ch, {}) for ch in title], _coverage(title, title_findings, index_of), anchors)
    for label, value in (meta or {}).items():
        line = document.add_paragraph()
        line.add_run(f"{label}：{value}").font.size = Pt(10.5)

    writer = _BodyWriter(document, html, body_findings, index_of, anchors, images or {})
    writer.write()

    for f in title_findings + body_findings:
        runs = anchors.get(index_of[id(f)])
        if runs:
            _add_comment(document, runs, f, comment_author)
    if file_findings:
        _write_attachment_findings(document, file_findings)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_fonts(document) -> None:
    """Chinese text in 宋体 for the body and 黑体 for headings, as Word on a Chinese desktop would pick."""
    for name, east_asian in (("Normal", "宋体"), ("Title", "黑体"), ("Heading 1", "黑体"), ("Heading 2", "黑体"), ("Heading 3", "黑体")):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), east_asian)


def _coverage(text: str, findings: list[Finding], index_of: dict[int, int]) -> list[frozenset[int]]:
    """For each character of `text`, the findings (by index) that cover it."""
    cover: list[set[int]] = [set() for _ in text]
    for f in findings:
        if text[f.start : f.end] != f.text:
            raise ValueError(f"Finding {f.rule} at {f.start}..{f.end} does not match the text: {f.text!r}")
        for i in range(f.start, f.end):
            cover[i].add(index_of[id(f)])
    return [frozenset(c) for c in cover]


def _write_chars(paragraph, chars: list[tuple[str, dict]], cover: list[frozenset[int]], anchors) -> None:
    """Add runs for `chars` (each with its formatting), split wherever formatting or covering findings change."""
    start = 0
    while start < len(chars):
        key = (tuple(sorted(chars[start][1].items())), cover[start])
        end = start + 1
        while end < len(chars) and (tuple(sorted(chars[end][1].items())), cover[end]) == key:
            end += 1
        run = paragraph.add_run("".join(ch for ch, _ in chars[start:end]))
        for attribute, value in chars[start][1].items():
            setattr(run.font, attribute, value)
        for finding in cover[start]:
            anchors[finding].append(run)
        start = end


def _add_comment(document, runs: list, finding: Finding, author: str) -> None:
    comment = document.add_comment(
        [runs[0], runs[-1]],
        text=f"【{finding.severity_label}·{finding.category_label}】{finding.message}",
        author=author,
        initials=COMMENT_INITIALS,
    )
    if finding.suggestion:
        comment.add_paragraph(f"建议：{finding.suggestion}")
    if finding.source:
        comment.add_paragraph(f"依据：{finding.source}")


def _write_attachment_findings(document, findings: list[Finding]) -> None:
    document.add_heading("附件和图片中的问题", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("位置", "问题", "建议")):
        cell.text = label
    for f in findings:
        cells = table.add_row().cells
        cells[0].text = describe_location(f.location)
        cells[1].text = f"【{f.severity_label}·{f.category_label}】{f.message}"
        cells[2].text = f.suggestion


@dataclass
class _Place:
    """Where inline content goes: a document or cell to add paragraphs to, and the paragraph style."""

    container: object
    style: str | None = None
    alignment: object = None
    paragraph: object = None

    def current(self):
        if self.paragraph is None:
            self.paragraph = self.container.add_paragraph(style=self.style)
            if self.alignment is not None:
                self.paragraph.alignment = self.alignment
        return self.paragraph

    def close(self) -> None:
        self.paragraph = None


class _BodyWriter:
    """Writes sanitised HTML into a document, walking it exactly as html_to_text does."""

    def __init__(self, document, html: str, findings: list[Finding], index_of, anchors, images: Mapping[str, bytes]):
        self.document = document
        self.root = parse_fragment(html)
        segments, self.textmap = walk_text(self.root)
        self.segment_of = {(el, kind): n for n, (el, kind) in enumerate(segments)}
        self.chars_of: dict[int, list[int]] = defaultdict(list)
        for i, source in enumerate(self.textmap.sources):
            if source is not None:
                self.chars_of[source[0]].append(i)
        self.cover = _coverage(self.textmap.text, findings, index_of)
        self.anchors = anchors
        self.images = images

    def write(self) -> None:
        self._block_content(self.root, _Place(self.document), {}, list_level=0)

    # Blocks

    def _block_content(self, el, place: _Place, fmt: dict, list_level: int) -> None:
        """The text, inline children and tails inside a block; nested blocks start new paragraphs."""
        self._emit(el, "text", place, fmt)
        for child in el:
            if not isinstance(child.tag, str):
                self._emit(child, "tail", place, fmt)
                continue
            if child.tag in BLOCK_TAGS:
                place.close()
                self._block(child, place, list_level)
                place.close()
            else:
                self._inline(child, place, fmt)
            self._emit(child, "tail", place, fmt)

    def _block(self, el, outer: _Place, list_level: int) -> None:
        tag = el.tag
        alignment = _alignment(el)
        if tag == "table":
            self._table(el, outer)
            return
        if tag in ("ul", "ol"):
            for item in el:
                if isinstance(item.tag, str) and item.tag == "li":
                    style = _list_style(tag, list_level + 1)
                    self._block_content(item, _Place(outer.container, style, _alignment(item)), {}, list_level + 1)
                elif isinstance(item.tag, str):
                    self._block(item, outer, list_level)
            return
        if tag in _HEADING_LEVELS:
            style = f"Heading {_HEADING_LEVELS[tag]}"
        elif tag == "blockquote":
            style = "Quote"
        elif tag == "li":
            style = _list_style("ul", max(list_level, 1))
        else:
            style = outer.style
        self._block_content(el, _Place(outer.container, style, alignment or outer.alignment), {}, list_level)

    def _table(self, table_el, outer: _Place) -> None:
        rows = [tr for tr in table_el.iter("tr")]
        placements, n_rows, n_cols = _grid(rows)
        if not placements:
            return
        table = outer.container.add_table(rows=n_rows, cols=n_cols)
        table.style = self.document.styles["Table Grid"]
        for r, c, rowspan, colspan, cell_el in placements:
            cell = table.cell(r, c)
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            place = _Place(cell, None, _alignment(cell_el))
            # A new cell starts with one empty paragraph: write into it rather than below it.
            place.paragraph = cell.paragraphs[0]
            if place.alignment is not None:
                place.paragraph.alignment = place.alignment
            self._block_content(cell_el, place, {"bold": True} if cell_el.tag == "th" else {}, 0)

    # Inline

    def _inline(self, el, place: _Place, fmt: dict) -> None:
        tag = el.tag
        if tag == "br":
            place.current().add_run().add_break()
            return
        if tag == "img":
            self._picture(el, place)
            return
        attribute = _INLINE_FORMAT.get(tag)
        inner = {**fmt, attribute: True} if attribute else fmt
        self._emit(el, "text", place, inner)
        for child in el:
            if isinstance(child.tag, str):
                if child.tag in BLOCK_TAGS:
                    place.close()
                    self._block(child, place, 0)
                    place.close()
                else:
                    self._inline(child, place, inner)
            self._emit(child, "tail", place, inner)

    def _picture(self, el, place: _Place) -> None:
        src = el.get("src") or ""
        data = self.images.get(src)
        match = _DATA_IMAGE.match(src)
        if data is None and match:
            data = base64.b64decode(match.group(1))
        run = place.current().add_run()
        if data is None:
            run.text = "［图片］"
            return
        try:
            picture = run.add_picture(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - python-docx raises its own errors for pictures it cannot size
            run.text = "［图片］"
            return
        if picture.width > MAX_PICTURE_WIDTH:
            ratio = MAX_PICTURE_WIDTH / picture.width
            picture.width = int(picture.width * ratio)
            picture.height = int(picture.height * ratio)

    def _emit(self, el, kind: str, place: _Place, fmt: dict) -> None:
        segment = self.segment_of.get((el, kind))
        if segment is None:
            return
        indices = self.chars_of.get(segment)
        if not indices:
            return
        chars = [(self.textmap.text[i], fmt) for i in indices]
        cover = [self.cover[i] for i in indices]
        _write_chars(place.current(), chars, cover, self.anchors)


def _alignment(el):
    match = _TEXT_ALIGN.search(el.get("style") or "")
    return _ALIGNMENTS.get(match.group(1)) if match else None


def _list_style(tag: str, level: int) -> str:
    base = "List Number" if tag == "ol" else "List Bullet"
    return base if level <= 1 else f"{base} {min(level, 3)}"


def _grid(rows: list) -> tuple[list[tuple[int, int, int, int, object]], int, int]:
    """Place each cell on the table grid, honouring rowspan and colspan like a browser does."""
    taken: set[tuple[int, int]] = set()
    placements = []
    n_cols = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = max(1, min(int(cell.get("rowspan") or 1), len(rows) - r))
            colspan = max(1, int(cell.get("colspan") or 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            placements.append((r, c, rowspan, colspan, cell))
            c += colspan
            n_cols = max(n_cols, c)
    n_cols = max([n_cols] + [c + 1 for _, c in taken])
    return placements, len(rows), n_cols
