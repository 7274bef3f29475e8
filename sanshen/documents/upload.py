"""上传文件检查: decide what an uploaded file really is from its bytes, and refuse everything else.

The name a person gives a file decides nothing: `x.jsp.jpg` full of JSP is refused because its
bytes are not a picture, a real picture is re-encoded (metadata and anything appended dropped),
and the stored name is a fresh UUID with the extension of the type found.

    >>> inspect_upload("通知.jsp", b"<%@ page import='java.io.*' %>")
    Traceback (most recent call last):
    ...
    sanshen.documents.errors.UploadRejected: 不允许上传 .jsp 文件(文件名“通知.jsp”)。
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .active_content import check_pdf
from .errors import DocumentImportError, UploadRejected
from .ooxml import OLE_MAGIC, ZIP_MAGIC, open_package

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
# 40 megapixels: any camera photo fits; a 50-megapixel image is refused (security.md test 23).
MAX_PIXELS = 40_000_000
MAX_FRAMES = 300

KINDS = {
    # kind: (content type, stored extension, extensions a person may give it)
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", {".xlsx"}),
    "pdf": ("application/pdf", ".pdf", {".pdf"}),
    "png": ("image/png", ".png", {".png"}),
    "jpeg": ("image/jpeg", ".jpg", {".jpg", ".jpeg", ".jpe", ".jfif"}),
    "gif": ("image/gif", ".gif", {".gif"}),
    "webp": ("image/webp", ".webp", {".webp"}),
}
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
_ACCEPTED_EXTENSIONS = frozenset(ext for _, _, exts in KINDS.values() for ext in exts)
_PILLOW_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp"}
# An inner extension like these in "x.jsp.jpg" is how upload filters of other CMSes were bypassed.
_DANGEROUS_EXTENSIONS = frozenset(
    ".jsp .jspx .jspf .jsw .jsv .php .php3 .php4 .php5 .php7 .phtml .phar .pht .asp .aspx .ascx .ashx .asmx .asa .cer"
    " .cgi .pl .py .rb .sh .bash .exe .dll .com .bat .cmd .ps1 .vbs .vbe .js .mjs .jar .war .class .htm .html .xhtml"
    " .shtml .shtm .svg .svgz .xml .xsl .hta .swf .msi .scr .lnk .htaccess .config .ini".split()
)
_NAME_TRICKS = re.compile(r"%00|%2e|%2f|%5c|[\x00-\x1f\x7f/\\:]", re.IGNORECASE)


@dataclass(frozen=True)
class UploadInfo:
    """An accepted upload. `data` is what to store: re-encoded for pictures, the bytes as sent otherwise."""

    name: str
    kind: str
    content_type: str
    extension: str
    size: int
    data: bytes
    pages: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS


def inspect_upload(
    name: str,
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    max_pixels: int = MAX_PIXELS,
) -> UploadInfo:
    """Accept .docx, .xlsx, PDF, PNG, JPEG, GIF and WebP by content, within the limits; raise UploadRejected otherwise.

    Office files and PDFs with active content (active_content: external references, OLE/ActiveX, macros,
    fields that fetch, PDF scripts and embedded files) are refused too. Every file that enters the system
    (attachments, Word import, body pictures, pasted pictures, `sanshen check`) comes through here.
    """
    _check_name(name)
    if not data:
        raise UploadRejected("文件是空的。", code="empty")
    if len(data) > max_bytes:
        raise UploadRejected(
            f"文件大小 {_size(len(data))} 超过上限 {_size(max_bytes)}。", code="too_large"
        )
    kind = _sniff(data)
    if kind in ("zip", "ole"):
        try:
            package = open_package(data)
        except DocumentImportError as exc:
            raise UploadRejected(exc.message, code=exc.code) from exc
        if package.kind not in ("docx", "xlsx"):
            raise UploadRejected("只接受 Word 文档(.docx)和 Excel 表格(.xlsx)。", code="unsupported_type")
        kind = package.kind
    content_type, extension, _ = KINDS[kind]
    if kind in IMAGE_KINDS:
        clean, width, height = _reencode(data, max_pixels)
        return UploadInfo(name, kind, content_type, extension, len(clean), clean, width=width, height=height)
    if kind == "pdf":
        pages = pdf_page_count(data)
        if pages > max_pages:
            raise UploadRejected(f"PDF 共 {pages} 页，超过上限 {max_pages} 页。", code="too_many_pages")
        check_pdf(data)
        return UploadInfo(name, kind, content_type, extension, len(data), data, pages=pages)
    return UploadInfo(name, kind, content_type, extension, len(data), data)


def storage_name(info: UploadInfo) -> str:
    """A fresh name to store the file under: a UUID and the extension of its real type, never the sender's name."""
    return f"{uuid.uuid4().hex}{info.extension}"


def _check_name(name: str) -> None:
    if _NAME_TRICKS.search(name or ""):
        raise UploadRejected("文件名含有不允许的字符(如 %00、路径分隔符或控制字符)。", code="bad_name")
    normal = unicodedata.normalize("NFKC", name).strip().rstrip(". ").lower()
    parts = normal.split(".")
    extensions = [f".{part.strip()}" for part in parts[1:]]
    for ext in extensions:
        if ext in _DANGEROUS_EXTENSIONS:
            raise UploadRejected(f"不允许上传 {ext} 文件(文件名“{name}”)。", code="dangerous_name")
    if not extensions or extensions[-1] not in _ACCEPTED_EXTENSIONS:
        raise UploadRejected(
            "只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。", code="unsupported_type"
        )


def _sniff(data: bytes) -> str:
    """The kind of file by its magic number ("zip"/"ole" for Office containers); refuse anything not on the list."""
    kind = _magic_kind(data)
    if kind is None:
        raise UploadRejected(_describe_refused(data), code="unsupported_type")
    return kind


def _magic_kind(data: bytes) -> str | None:
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return None


def _describe_refused(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"mz", b"\x7felf", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return "不允许上传可执行程序或脚本。"
    if head.startswith((b"<%", b"<?php", b"<jsp:")) or b"<%@" in head or b"<?php" in head:
        return "文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"
    if b"<svg" in head:
        return "不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"
    if head.startswith(b"<"):
        return "不允许上传 HTML/XML 文件。"
    if head.startswith((b"rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "不允许上传压缩包，请直接上传其中的文档或图片。"
    return "无法识别的文件类型。只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Pictures


def open_image(data: bytes, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open a picture lazily and refuse it before decoding if it is too large (a decompression bomb)."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard (89 MP warns, 179 MP raises) fires inside open(), before ours.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(f"图片像素过多，超过上限 {max_pixels / 1e6:.0f} 百万像素。", code="too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected("图片已损坏或格式不受支持。", code="bad_image") from exc
    width, height = image.size
    if width * height > max_pixels:
        raise UploadRejected(
            f"图片尺寸 {width}×{height}({width * height / 1e6:.0f} 百万像素)超过上限 {max_pixels / 1e6:.0f} 百万像素。",
            code="too_many_pixels",
        )
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES or width * height * frames > max_pixels:
        # Every frame of an animation is decoded: the limit is on all of them together.
        raise UploadRejected(f"动图共 {frames} 帧，总像素超过上限。", code="too_many_frames")
    return image


def image_kind(data: bytes) -> str | None:
    """'png', 'jpeg', 'gif' or 'webp' by magic number; None for anything else."""
    kind = _magic_kind(data)
    return kind if kind in IMAGE_KINDS else None


def reencode_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> bytes:
    """The picture decoded and saved again in its own format, without EXIF/GPS, XMP, comments or trailing bytes.

    The EXIF orientation is applied first, so a phone photo still stands the right way up.
    """
    return _reencode(data, max_pixels)[0]


def _reencode(data: bytes, max_pixels: int) -> tuple[bytes, int, int]:
    image = open_image(data, max_pixels)
    kind = _PILLOW_FORMATS.get(image.format or "")
    if kind is None:
        raise UploadRejected("图片格式不受支持，只接受 JPG、PNG、GIF、WebP。", code="unsupported_type")
    try:
        if getattr(image, "n_frames", 1) > 1:
            out = _save_animation(image, kind)
            width, height = image.size
        else:
            image.load()
            clean = _to_srgb(ImageOps.exif_transpose(image))
            width, height = clean.size
            out = io.BytesIO()
            clean.info = {k: v for k, v in image.info.items() if k in ("transparency",)}
            _save(clean, kind, out)
    except UploadRejected:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise UploadRejected("图片已损坏，无法读取。", code="bad_image") from exc
    return out.getvalue(), width, height


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert an image with an embedded colour profile to plain sRGB, so dropping the profile keeps its colours."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _save(image: Image.Image, kind: str, out: io.BytesIO) -> None:
    if kind == "jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90)
    elif kind == "png":
        image.save(out, "PNG")
    elif kind == "gif":
        image.save(out, "GIF")
    else:
        image.save(out, "WEBP", quality=90)


def _save_animation(image: Image.Image, kind: str) -> io.BytesIO:
    frames = []
    durations = []
    for index in range(image.n_frames):
        image.seek(index)
        frame = image.convert("RGBA")
        frame.info = {}
        frames.append(frame)
        durations.append(image.info.get("duration", 100))
    out = io.BytesIO()
    frames[0].save(
        out, "GIF" if kind == "gif" else "WEBP", save_all=True, append_images=frames[1:], duration=durations,
        loop=image.info.get("loop", 0), disposal=2 if kind == "gif" else 0,
    )
    return out


# ---------------------------------------------------------------------------------------------
# PDF


def pdf_page_count(data: bytes) -> int:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UploadRejected("PDF 设置了密码，无法读取。请上传未加密的 PDF。", code="encrypted") from exc
        raise UploadRejected("PDF 文件已损坏，无法打开。", code="bad_pdf") from exc
    try:
        return len(document)
    finally:
        document.close()


# ---------------------------------------------------------------------------------------------
# Seals

# The form prints the seal about 40 mm wide: 1000 px is 600 dpi at that size.
SEAL_SIDE = 1000
MAX_SEAL_BYTES = 10 * 1024 * 1024
# Scanners save seals as BMP or TIFF as often as JPEG.
_SEAL_MAGIC = (b"BM", b"II*\x00", b"MM\x00*")
# A scanned or photographed seal sits on white paper: paper this light becomes transparent, so the seal
# is printed over the unit's name as a stamp is, not as a white square.
PAPER = 235


def seal_png(data: bytes) -> bytes:
    """公章图片 of any picture type (JPEG, PNG, GIF, WebP, BMP, TIFF) as the PNG the forms need, or UploadRejected.

    The picture is decoded within the pixel limit, turned upright (EXIF), scaled to at most
    SEAL_SIDE pixels, its white paper made transparent if it has no transparency of its own, and
    saved as a fresh PNG: nothing of the original file (metadata, trailing bytes) is kept.
    """
    if not data:
        raise UploadRejected("公章图片是空的。", code="empty")
    if len(data) > MAX_SEAL_BYTES:
        raise UploadRejected(f"公章图片大小 {_size(len(data))} 超过上限 {_size(MAX_SEAL_BYTES)}。", code="too_large")
    if image_kind(data) is None and not data.startswith(_SEAL_MAGIC):
        raise UploadRejected("公章必须是图片文件(JPG、PNG、GIF、WebP、BMP 或 TIFF)。", code="unsupported_type")
    image = open_image(data)
    try:
        image.load()
        upright = ImageOps.exif_transpose(_to_srgb(image))
        has_alpha = "A" in upright.getbands() or "transparency" in upright.info
        seal = upright.convert("RGBA")
        seal.thumbnail((SEAL_SIDE, SEAL_SIDE))
        if not has_alpha:
            seal.putalpha(seal.convert("L").point(lambda v: 0 if v >= PAPER else 255))
        out = io.BytesIO()
        seal.save(out, "PNG", optimize=True)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UploadRejected("公章图片已损坏，无法读取。", code="bad_image") from exc
    return out.getvalue()
