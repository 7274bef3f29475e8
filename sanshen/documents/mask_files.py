"""附件脱敏: a masked copy of an attachment, from the findings `extract.check_pieces` gave for it.

Text in .docx and .xlsx files is masked with the deployment's one policy (sanshen.checks.mask,
e.g. 138****5678), keeping everything else in the file. In pictures and PDF pages the personal
data is painted over: a box on the picture, or on a page drawn as a picture (a painted PDF page
keeps no text layer, so the number cannot be copied out from under the box). Pages without
findings are copied unchanged.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import Iterable

import pypdfium2 as pdfium
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image, ImageDraw

from ..checks import mask
from ..checks.finding import Finding
from ..checks.masking import MaskPolicy, needs_masking
from .extract import (
    cell_text,
    docx_text_places,
    join_paragraphs,
    normalize_pdf_text,
    open_docx,
    paragraph_nodes,
    paragraph_text,
    render_page,
)
from .ooxml import open_package
from .upload import UploadInfo, open_image

# Pages with findings are redrawn at 150 dpi: readable when printed, ~300 KB per A4 page as JPEG.
MASK_SCALE = 150 / 72
PAINT = (0, 0, 0)
_PLACE_KEYS = ("paragraph", "textbox", "table", "cell", "header", "footer")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def mask_file(info: UploadInfo, findings: Iterable[Finding], policy: MaskPolicy | None = None) -> bytes:
    """A masked copy of the upload; findings for other files (another "file" in the location) are ignored."""
    mine = [f for f in findings if f.location.get("file", info.name) == info.name and needs_masking(f)]
    if info.kind == "docx":
        return mask_docx(info.data, mine, policy)
    if info.kind == "xlsx":
        return mask_xlsx(info.data, mine, policy)
    if info.kind == "pdf":
        return mask_pdf(info.data, mine)
    if info.is_image:
        return mask_image(info.data, mine)
    raise ValueError(f"Unsupported kind: {info.kind!r}")


# ---------------------------------------------------------------------------------------------
# Word


def mask_docx(data: bytes, findings: Iterable[Finding], policy: MaskPolicy | None = None) -> bytes:
    """The .docx with personal data in paragraphs, cells, text boxes and headers masked, and in its pictures painted over."""
    findings = [f for f in findings if needs_masking(f)]
    document = open_docx(data, "")
    places = {_place_key(where): paragraphs for where, paragraphs in docx_text_places(document)}
    text_findings: dict[tuple, list[Finding]] = defaultdict(list)
    image_findings: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if "image" in f.location:
            image_findings[f.location["image"]].append(f)
        else:
            text_findings[_place_key(f.location)].append(f)
    for key, group in text_findings.items():
        if key not in places:
            raise ValueError(f"Finding location {dict(key)!r} is not in this document")
        _mask_place(places[key], group, policy)
    # Word keeps a second, VML copy of each text box for old readers; a masked copy must not keep one.
    for part in _xml_parts(document):
        for fallback in list(part.iter(_FALLBACK)):
            fallback.getparent().remove(fallback)
    out = io.BytesIO()
    document.save(out)
    result = out.getvalue()
    if image_findings:
        result = _replace_members(result, {
            f"word/media/{name}": _paint(open_package(result).zip.read(f"word/media/{name}"), group)
            for name, group in image_findings.items()
        })
    return result


def _place_key(location: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in location.items() if k in _PLACE_KEYS))


def _xml_parts(document) -> list:
    parts = [document.element]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    return parts


def _mask_place(paragraphs: list, findings: list[Finding], policy: MaskPolicy | None) -> None:
    """Write the masked text back into the runs; masks keep length, so each run keeps its share."""
    text = join_paragraphs(paragraphs)
    masked = mask(text, findings, policy)
    if len(masked) != len(text):
        raise ValueError("Masking changed the length of the text")
    position = 0
    for p in paragraphs:
        if not paragraph_text(p).strip():
            continue
        for node, piece in paragraph_nodes(p):
            replacement = masked[position : position + len(piece)]
            if node.tag == qn("w:t") and replacement != piece:
                node.text = replacement
            position += len(piece)
        position += 1  # the "\n" between paragraphs


def _replace_members(data: bytes, replacements: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, replacements.get(member.filename, source.read(member)))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Excel


def mask_xlsx(data: bytes, findings: Iterable[Finding], policy: MaskPolicy | None = None) -> bytes:
    """The .xlsx with personal data in cells masked; formulas and styles elsewhere are kept.

    openpyxl does not carry pictures and charts over, so a masked workbook has none: what OCR found in
    its pictures goes with them.
    """
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if needs_masking(f) and "image" not in f.location:
            by_cell[(f.location["sheet"], f.location["cell"])].append(f)
    open_package(data)
    values = load_workbook(io.BytesIO(data), data_only=True)
    book = load_workbook(io.BytesIO(data))
    for (sheet, cell), group in by_cell.items():
        text = cell_text(values[sheet][cell].value)
        masked = mask(text, group, policy)
        if masked != text:
            book[sheet][cell].value = masked
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Pictures and PDF pages


def mask_image(data: bytes, findings: Iterable[Finding]) -> bytes:
    """The picture with each finding's box painted over, saved again in its own format without metadata."""
    return _paint(data, [f for f in findings if needs_masking(f)])


def _paint(data: bytes, findings: list[Finding]) -> bytes:
    image = open_image(data)
    fmt = image.format
    image.load()
    picture = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    _paint_boxes(picture, [_finding_box(f) for f in findings])
    out = io.BytesIO()
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=90)
    else:
        picture.save(out, fmt if fmt in ("PNG", "WEBP", "GIF") else "PNG")
    return out.getvalue()


def _finding_box(f: Finding) -> list[float]:
    return list(f.location.get("match_box") or f.location["box"])


def _paint_boxes(picture: Image.Image, boxes: list[list[float]], scale: float = 1.0) -> None:
    """Paint each box, widened by half a character each side: OCR sub-boxes are estimates by width."""
    draw = ImageDraw.Draw(picture)
    for x0, y0, x1, y1 in boxes:
        height = (y1 - y0) * scale
        pad_x, pad_y = height * 0.5, height * 0.1
        draw.rectangle(
            [x0 * scale - pad_x, y0 * scale - pad_y, x1 * scale + pad_x, y1 * scale + pad_y],
            fill=PAINT,
        )


def mask_pdf(data: bytes, findings: Iterable[Finding]) -> bytes:
    """The PDF with pages holding personal data redrawn as pictures with it painted over; other pages as they were."""
    by_page: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if needs_masking(f):
            by_page[f.location["page"]].append(f)
    source = pdfium.PdfDocument(data)
    result = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            number = index + 1
            if number not in by_page:
                result.import_pages(source, [index])
                continue
            page = source[index]
            boxes = _pdf_boxes(page, by_page[number])
            picture, scale = render_page(page, MASK_SCALE)
            _paint_boxes(picture, boxes, scale)
            _append_picture_page(result, picture, scale)
        out = io.BytesIO()
        result.save(out)
        return out.getvalue()
    finally:
        result.close()
        source.close()


def _pdf_boxes(page, findings: list[Finding]) -> list[list[float]]:
    """Boxes in points from the top-left of the page as shown (rotation applied)."""
    # Character boxes are in the unrotated page space of the media box (get_size() is the turned size).
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    rotation = page.get_rotation()
    boxes = []
    text_findings = [f for f in findings if "box" not in f.location]
    boxes.extend(_finding_box(f) for f in findings if "box" in f.location)
    if text_findings:
        textpage = page.get_textpage()
        try:
            text = normalize_pdf_text(textpage.get_text_range())
            for f in text_findings:
                if text[f.start : f.end] != f.text:
                    raise ValueError(f"Finding {f.rule} at {f.start}..{f.end} does not match page {f.location['page']}")
                for i in range(f.start, f.end):
                    x0, y0, x1, y1 = textpage.get_charbox(i)
                    box = [x0 - left, top - y1, x1 - left, top - y0]
                    boxes.append(_rotate(box, width, height, rotation))
        finally:
            textpage.close()
    return boxes


def _rotate(box: list[float], width: float, height: float, rotation: int) -> list[float]:
    """A box on the unrotated page, as it sits once the page is turned `rotation` degrees clockwise."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return [height - y1, x0, height - y0, x1]
    if rotation == 180:
        return [width - x1, height - y1, width - x0, height - y0]
    if rotation == 270:
        return [y0, width - x1, y1, width - x0]
    return box


def _append_picture_page(document, picture: Image.Image, scale: float) -> None:
    width, height = picture.width / scale, picture.height / scale
    page = document.new_page(width, height)
    encoded = io.BytesIO()
    picture.convert("RGB").save(encoded, "JPEG", quality=85)
    encoded.seek(0)
    image = pdfium.PdfImage.new(document)
    # inline: pdfium reads the JPEG now, rather than from the buffer when the document is saved.
    image.load_jpeg(encoded, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
