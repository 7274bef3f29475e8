"""附件和图片的文字: the text inside attachments and pictures, in pieces that know where they came from.

Each TextPiece is one paragraph, table cell, spreadsheet cell, PDF page or OCR line, with a
location the reviewer can follow ({"file": ..., "paragraph": 3}, {"sheet": ..., "cell": "B3"},
{"page": 2}, {"page": 1, "box": [x0, y0, x1, y1]}). `check_pieces` runs the checker over each
piece and returns findings carrying that location, with offsets into the piece's own text.

Boxes are axis-aligned [x0, y0, x1, y1] from the top-left corner: in pixels for pictures, in PDF
points (1/72 inch) for PDF pages, so they can be drawn on a page rendered at any scale.

OCR uses RapidOCR (PaddleOCR models in ONNX form) with the models shipped inside the
rapidocr_onnxruntime package: nothing is downloaded. It is imported only when a picture is read, so
reading text does not pay for it. Pieces read by OCR say so (`source`), and their check leaves the
width of punctuation alone (the recogniser guesses it). Blank pages and pictures are skipped by a
pixel count before OCR, and no file gets more than OCR_PAGE_BUDGET pages and pictures read by OCR.

`FileReader` reads a file one step at a time (its text, then each page or picture): the background
check pauses between steps so that other units' files are not kept waiting (review/checking.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from ..checks.context import OCR, CheckContext
from ..checks.finding import Finding
from .errors import DocumentImportError
from .ooxml import open_package
from .upload import MAX_PIXELS, UploadInfo, image_kind, open_image

# Pages are rendered at 200 dpi for OCR: small print (小五号, 9pt) is then ~25 px high.
OCR_SCALE = 200 / 72
# A rendered page larger than this is rendered smaller (A0 drawings, long scrolls).
MAX_RENDER_PIXELS = 25_000_000
# OCR lines the recogniser is less sure of than this are dropped as noise.
MIN_OCR_SCORE = 0.5
# Pages and pictures read by OCR in one file at most (blank ones do not count). OCR takes 1-3 s a page on one
# core, so 100 is about four minutes of a worker; a scanned 公示 rarely has 30 pages, and more is split.
OCR_PAGE_BUDGET = 100
# Blank-page test: pages are drawn this small, a margin this wide (scanner edges) is left out, and a page is
# blank when fewer than this share of its pixels differ from its paper by more than INK_CONTRAST. One line of
# 小五号 digits covers about 0.1% of an A4 page at this size, ten times the threshold.
BLANK_SCALE = 50 / 72
BLANK_MARGIN = 0.03
INK_CONTRAST = 48
INK_SHARE = 0.0001
# A picture on a page with a text layer is read by OCR when it covers this share of the page (a table pasted as
# a picture), not a logo or a line.
MIN_PICTURE_SHARE = 0.02


@dataclass(frozen=True)
class TextPiece:
    """One piece of text and where it is: a paragraph, a cell, a page, or one OCR line (with its box).

    `source` is "ocr" (sanshen.checks.context.OCR) for text a recogniser read, "" for text in the file.
    """

    text: str
    location: dict = field(default_factory=dict)
    source: str = ""


def extract_text(info: UploadInfo, *, ocr: bool = True, ocr_budget: int = OCR_PAGE_BUDGET) -> list[TextPiece]:
    """The text of an accepted upload (see upload.inspect_upload), in reading order.

    Pictures, PDF pages without a text layer, pictures on PDF pages and pictures inside a .docx or
    .xlsx are read by OCR unless `ocr` is False.
    """
    with FileReader(info, ocr=ocr, ocr_budget=ocr_budget) as reader:
        return [piece for step in range(reader.total) for piece in reader.read(step)]


class FileReader:
    """An accepted upload read one step at a time: a PDF page by page; a .docx or .xlsx its text, then each picture
    in it; a picture at once. `read(step)` gives that step's pieces; `ocr_used` counts what OCR has read so far.

        with FileReader(info, ocr_used=12) as reader:   # resuming after 12 pictures were read by OCR
            pieces = reader.read(40)

    Raises DocumentImportError when more than `ocr_budget` pages and pictures would need OCR.
    """

    def __init__(
        self, info: UploadInfo, *, ocr: bool = True, ocr_budget: int = OCR_PAGE_BUDGET, ocr_used: int = 0, picture_page: bool = True
    ):
        self.info, self.ocr, self.ocr_budget, self.ocr_used = info, ocr, ocr_budget, ocr_used
        # A picture attached on its own is "page 1" of its file; a picture in a body has no pages.
        self.picture_location = {"file": info.name, "page": 1} if picture_page else {"file": info.name}
        self._pdf = None
        self._package = None
        self._steps: list[tuple[str, str | int | None]] = []
        if info.kind == "pdf":
            self._pdf = _open_pdf(info.data, info.name)
            self._steps = [("page", number) for number in range(1, len(self._pdf) + 1)]
        elif info.kind in ("docx", "xlsx"):
            self._package = open_package(info.data)
            media = "word/media/" if info.kind == "docx" else "xl/media/"
            pictures = [m.filename for m in self._package.zip.infolist() if m.filename.startswith(media)] if ocr else []
            self._steps = [("text", None)] + [("image", name) for name in pictures]
        elif info.is_image:
            self._steps = [("picture", None)] if ocr else []
        else:
            raise ValueError(f"Unsupported kind: {info.kind!r}")

    @property
    def total(self) -> int:
        return len(self._steps)

    @property
    def unit(self) -> str:
        """What a step is, for a progress line: "页" for a PDF, "项" for the text and pictures of an Office file."""
        return "页" if self.info.kind == "pdf" else "项"

    def read(self, step: int) -> list[TextPiece]:
        what, which = self._steps[step]
        name = self.info.name
        if what == "page":
            return self._pdf_page(which)
        if what == "text":
            return _docx_text(self.info.data, name) if self.info.kind == "docx" else _xlsx_text(self.info.data, name)
        if what == "image":
            raw = self._package.zip.read(which)
            if image_kind(raw) is None:
                return []  # EMF/WMF drawings and the like: no text to read
            return self._ocr(raw, {"file": name, "image": which.rsplit("/", 1)[-1]})
        return self._ocr(self.info.data, dict(self.picture_location))

    def _ocr(self, image: bytes | Image.Image, location: dict) -> list[TextPiece]:
        if isinstance(image, bytes):
            picture = open_image(image)
            picture.load()
            image = picture.convert("RGB")
        if is_blank(image):
            return []
        self._spend()
        return ocr_image(image, location)

    def _spend(self) -> None:
        if self.ocr_used >= self.ocr_budget:
            raise DocumentImportError(
                f"需要文字识别的扫描页和图片超过 {self.ocr_budget} 个，机审无法完成。请拆分为几个文件分别上传。",
                code="ocr_budget",
            )
        self.ocr_used += 1

    def _pdf_page(self, number: int) -> list[TextPiece]:
        name = self.info.name
        page = self._pdf[number - 1]
        try:
            text = pdf_page_text(page)
            pieces = [TextPiece(text, {"file": name, "page": number})] if text.strip() else []
            if not self.ocr:
                return pieces
            # On a page with text, only pictures large enough to hold a table or a scan are read.
            areas = picture_areas(page) if pieces else None
            if areas == [] or is_blank(render_page(page, BLANK_SCALE)[0]):
                return pieces
            self._spend()
            image, scale = render_page(page)
            for piece in ocr_image(image, {"file": name, "page": number}):
                box = [round(v / scale, 2) for v in piece.location["box"]]
                if areas is None or any(_centre_inside(box, area) for area in areas):
                    pieces.append(dataclasses.replace(piece, location={**piece.location, "box": box}))
            return pieces
        finally:
            page.close()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# Word


def _docx_text(data: bytes, name: str) -> list[TextPiece]:
    document = open_docx(data, name)
    return [
        TextPiece(join_paragraphs(paragraphs), {"file": name, **where})
        for where, paragraphs in docx_text_places(document)
        if join_paragraphs(paragraphs).strip()
    ]


def open_docx(data: bytes, name: str):
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a broken package
        raise DocumentImportError(f"附件“{name}”无法作为 Word 文档读取。", code="corrupt") from exc


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def docx_text_places(document) -> list[tuple[dict, list]]:
    """Every place text sits in a .docx, in reading order, as (location, its <w:p> elements).

    Body paragraphs, each text box anchored in one, table cells (nested tables read into their
    cell), then headers and footers. mask_files writes masked text back through the same list.
    """
    places: list[tuple[dict, list]] = []
    paragraph_no = 0
    table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_no += 1
            places.append(({"paragraph": paragraph_no}, [child]))
            # Text boxes (文本框) hold red headers, captions and side notes.
            for box_no, box in enumerate(_text_boxes(child), start=1):
                places.append(({"paragraph": paragraph_no, "textbox": box_no}, _paragraphs_in(box)))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            # A merged cell is one <w:tc> in the XML (python-docx's grid would repeat it).
            for r, row in enumerate(child.iterchildren(qn("w:tr")), start=1):
                for c, cell in enumerate(row.iterchildren(qn("w:tc")), start=1):
                    places.append(({"table": table_no, "cell": f"{r},{c}"}, _paragraphs_in(cell)))
    for number, section in enumerate(document.sections, start=1):
        for where, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous:
                continue
            for index, paragraph in enumerate(part.paragraphs, start=1):
                places.append(({where: number, "paragraph": index}, [paragraph._p]))
    return places


def _paragraphs_in(element) -> list:
    return [p for p in element.iter(qn("w:p")) if not any(a.tag == _FALLBACK for a in p.iterancestors())]


def _text_boxes(p) -> list:
    # Word writes each text box twice: DrawingML in mc:Choice and VML in mc:Fallback. Read it once.
    return [box for box in p.iter(qn("w:txbxContent")) if not any(a.tag == _FALLBACK for a in box.iterancestors())]


def join_paragraphs(paragraphs: list) -> str:
    """The text of a place: its non-blank paragraphs, one line each."""
    return "\n".join(text for text in (paragraph_text(p) for p in paragraphs) if text.strip())


def paragraph_text(p) -> str:
    """A paragraph's own text: runs, hyperlinks, tabs and breaks, not text boxes anchored in it."""
    return "".join(text for _, text in paragraph_nodes(p))


def paragraph_nodes(p) -> list[tuple[object, str]]:
    """The text-bearing nodes of a paragraph with the text each contributes (a tab is "\t", a break "\n")."""
    out = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if _outside_paragraph_text(node, p):
            continue
        if node.tag == qn("w:t"):
            out.append((node, node.text or ""))
        elif node.tag == qn("w:tab"):
            out.append((node, "\t"))
        else:
            out.append((node, "\n"))
    return out


def _outside_paragraph_text(node, paragraph) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in (qn("w:txbxContent"), _FALLBACK):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Excel


def _xlsx_text(data: bytes, name: str) -> list[TextPiece]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken package
        raise DocumentImportError(f"附件“{name}”无法作为 Excel 表格读取。", code="corrupt") from exc
    pieces = []
    try:
        for sheet in book.worksheets:
            # The declared size (<dimension ref="A1:XFD1048576">) can be anything; read only cells that exist.
            sheet.reset_dimensions()
            for row in sheet.iter_rows():
                for cell in row:
                    text = cell_text(getattr(cell, "value", None))
                    if text.strip():
                        pieces.append(TextPiece(text, {"file": name, "sheet": sheet.title, "cell": cell.coordinate}))
    finally:
        book.close()
    return pieces


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        # A phone number typed into a number cell comes back as 13812345678.0.
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------
# PDF


def _open_pdf(data: bytes, name: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DocumentImportError(f"附件“{name}”无法作为 PDF 打开。", code="corrupt") from exc


def picture_areas(page) -> list[list[float]]:
    """Boxes (points from the top-left of the page as shown) of the pictures covering MIN_PICTURE_SHARE of a page."""
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    rotation = page.get_rotation()
    areas = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0) * (y1 - y0) >= MIN_PICTURE_SHARE * width * height:
            areas.append(_turn([x0 - left, top - y1, x1 - left, top - y0], width, height, rotation))
    return areas


def _turn(box: list[float], width: float, height: float, rotation: int) -> list[float]:
    """A box on the unrotated page, as it sits once the page is turned `rotation` degrees clockwise."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return [height - y1, x0, height - y0, x1]
    if rotation == 180:
        return [width - x1, height - y1, width - x0, height - y0]
    if rotation == 270:
        return [y0, width - x1, y1, width - x0]
    return box


def _centre_inside(box: list[float], area: list[float]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= cx <= area[2] and area[1] <= cy <= area[3]


def pdf_page_text(page) -> str:
    """The text layer of one page; pdfium's "\\r\\n" line ends become " \\n" so offsets still index its characters."""
    textpage = page.get_textpage()
    try:
        return normalize_pdf_text(textpage.get_text_range())
    finally:
        textpage.close()


def normalize_pdf_text(text: str) -> str:
    # Same length in and out: offset i is still pdfium's character i, whose box mask_files paints.
    return text.replace("\r\n", " \n").replace("\r", " ")


def render_page(page, scale: float = OCR_SCALE) -> tuple[Image.Image, float]:
    """One PDF page as a picture, and the pixels per point it was drawn at (smaller for huge pages)."""
    width, height = page.get_size()
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
    bitmap = page.render(scale=scale)
    try:
        return bitmap.to_pil().convert("RGB"), scale
    finally:
        bitmap.close()


# ---------------------------------------------------------------------------------------------
# OCR

_engine = None
_engine_lock = threading.Lock()


def ocr_engine():
    """The RapidOCR engine, loaded once per process (about half a second; models are in the package)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
        return _engine


def ocr_image(image: bytes | Image.Image, location: dict, *, max_pixels: int = MAX_PIXELS) -> list[TextPiece]:
    """One TextPiece per recognised line, top to bottom, each with its box in the picture's pixels."""
    if isinstance(image, bytes):
        picture = open_image(image, max_pixels)
        picture.load()
        image = picture.convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    result, _ = ocr_engine()(image)
    pieces = []
    for points, text, score in result or []:
        if float(score) < MIN_OCR_SCORE or not text.strip():
            continue
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        box = [round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]
        pieces.append(TextPiece(text, {**location, "box": box}, source=OCR))
    return pieces


def is_blank(image: Image.Image) -> bool:
    """Whether a picture or drawn page holds nothing to read: almost no pixel differs from its paper (milliseconds)."""
    small = image.convert("L")
    if max(small.size) > 600:
        small.thumbnail((600, 600))
    width, height = small.size
    dx, dy = round(width * BLANK_MARGIN), round(height * BLANK_MARGIN)
    if width - 2 * dx > 0 and height - 2 * dy > 0:
        small = small.crop((dx, dy, width - dx, height - dy))
    histogram = small.histogram()
    paper = max(range(256), key=histogram.__getitem__)
    ink = sum(n for value, n in enumerate(histogram) if abs(value - paper) > INK_CONTRAST)
    return ink < INK_SHARE * sum(histogram)


def character_box(text: str, box: list[float], start: int, end: int) -> list[float]:
    """The part of a line's box holding text[start:end], by the characters' widths (full-width counts twice).

    OCR gives one box per line; a finding covers part of it. Chinese characters and full-width
    punctuation are about twice as wide as digits and Latin letters, which is enough to point
    at the matched number in a line like "张三 11010519491231002X 13812345678".
    """
    weights = [_char_width(ch) for ch in text]
    total = sum(weights) or 1.0
    x0, y0, x1, y1 = box
    left = x0 + (x1 - x0) * sum(weights[:start]) / total
    right = x0 + (x1 - x0) * sum(weights[:end]) / total
    return [round(left, 2), y0, round(right, 2), y1]


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


# ---------------------------------------------------------------------------------------------
# Checking


def describe_location(location: dict) -> str:
    """Where a piece is, in words for the reviewer: "名单.xlsx 工作表“低保” B3", "公示.pdf 第2页"."""
    parts = [location["file"]] if location.get("file") else []
    if "sheet" in location:
        parts.append(f"工作表“{location['sheet']}” {location.get('cell', '')}".rstrip())
    elif "table" in location:
        row, _, column = str(location.get("cell", "")).partition(",")
        parts.append(f"表格{location['table']} 第{row}行第{column}列")
    elif "header" in location or "footer" in location:
        where = "页眉" if "header" in location else "页脚"
        parts.append(f"第{location.get('header', location.get('footer'))}节{where}")
    elif "paragraph" in location:
        parts.append(f"第{location['paragraph']}段" + (f"文本框{location['textbox']}" if "textbox" in location else ""))
    if "image" in location:
        parts.append(f"图片 {location['image']}")
    if "page" in location:
        parts.append(f"第{location['page']}页")
    if "box" in location:
        parts.append("(图片文字识别)")
    return " ".join(parts)



def check_pieces(
    pieces: Iterable[TextPiece], engine_check: Callable[..., list[Finding]], context: CheckContext | None = None
) -> list[Finding]:
    """Run `engine_check` (e.g. Engine.check) over each piece; findings carry the piece's location.

    `engine_check(text, context)` is given `context` with `source` set to the piece's (OCR'd text is not
    checked for the width of its punctuation); with no context and text from the file it is called with the
    text alone. Offsets stay relative to the piece's text. A finding in an OCR line also gets
    "match_box", the part of the line's box holding the matched characters.
    """
    findings = []
    for piece in pieces:
        if context is None and not piece.source:
            found = engine_check(piece.text)
        else:
            found = engine_check(piece.text, dataclasses.replace(context or CheckContext(), source=piece.source))
        for finding in found:
            location = dict(piece.location)
            if "box" in location:
                location["match_box"] = character_box(piece.text, location["box"], finding.start, finding.end)
            findings.append(finding.shifted(0, **location))
    return findings
