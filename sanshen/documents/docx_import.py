"""Word (.docx) 导入: a .docx file as a title, sanitised HTML and its pictures.

The package is checked first (ooxml.open_package: zip bombs, XML bombs, encryption), then
mammoth converts it with a style map for Chinese and English heading names. Pictures come out
as separate files with placeholder sources "docx-image:N"; the caller stores them and calls
`replace_image_sources` with the stored URLs.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import mammoth
import mammoth.images

from .errors import DocumentImportError, UploadRejected
from .html import IMAGE_PLACEHOLDER, parse_fragment, serialize_fragment, sanitize_html
from .ooxml import open_package
from .upload import KINDS, MAX_PIXELS, image_kind, open_image, reencode_image

# Word stores built-in style names in English ("heading 1") whatever the interface language;
# WPS and some templates store the Chinese ones. A body has no h1: that is the page's title.
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h1:fresh",
        "p[style-name='标题'] => h1:fresh",
        "p[style-name='Subtitle'] => h3:fresh",
        "p[style-name='副标题'] => h3:fresh",
    ]
    + [f"p[style-name='{name} {level}'] => h{level + 1}:fresh" for level in (1, 2, 3) for name in ("heading", "Heading", "标题")]
    + [f"p[style-name='{name} {level}'] => h4:fresh" for level in (4, 5, 6) for name in ("heading", "Heading", "标题")]
)
# A first paragraph longer than this is body text, not a title.
MAX_TITLE_LENGTH = 100
# Formats a browser shows; others (BMP, TIFF) are converted to PNG, vector ones (EMF, WMF) skipped.
_CONVERTIBLE = {"image/bmp", "image/x-bmp", "image/tiff"}


@dataclass
class ImportedDocument:
    """导入的文档: the title, the body as sanitised HTML, its pictures, and warnings for the drafter.

    `images[i]` is the picture whose placeholder source in `html` is "docx-image:{i + 1}".
    """

    title: str
    html: str
    images: list[tuple[str, str, bytes]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_docx(data: bytes, *, max_image_pixels: int = MAX_PIXELS) -> ImportedDocument:
    """Convert a .docx to an ImportedDocument; raise DocumentImportError for a file that is not a safe .docx."""
    package = open_package(data)
    if package.kind != "docx":
        raise DocumentImportError("这不是 Word 文档(.docx)。Excel 表格请作为附件上传。", code="not_docx")
    images: list[tuple[str, str, bytes]] = []
    warnings: list[str] = []
    seen = 0

    def convert_image(image) -> dict:
        nonlocal seen
        seen += 1
        try:
            with image.open() as stream:
                raw = stream.read()
        except (ValueError, OSError, KeyError):
            # External links (TargetMode="External") are never followed: mammoth refuses them.
            warnings.append(f"第 {seen} 张图片是外部链接或已丢失，未导入。")
            return {"src": ""}
        stored = _image_for_storage(raw, image.content_type, seen, len(images) + 1, max_image_pixels, warnings)
        if stored is None:
            return {"src": ""}
        images.append(stored)
        return {"src": f"docx-image:{len(images)}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(convert_image),
            external_file_access=False,
        )
    except Exception as exc:  # noqa: BLE001
        # mammoth assumes a well-formed package; what it raises on a broken one varies by fault, and
        # the package checks above already ruled out hostile input, so any failure here is a broken file.
        raise DocumentImportError("Word 文档结构不完整，无法转换。请在 Word/WPS 中重新保存后再试。", code="corrupt") from exc
    warnings.extend(_mammoth_warnings(result.messages))
    html = sanitize_html(result.value, allow_image_placeholders=True)
    title, html = _take_title(html)
    if not title:
        warnings.append("未识别到标题，请手动填写。")
    return ImportedDocument(title=title, html=html, images=images, warnings=warnings)


def _image_for_storage(raw: bytes, content_type: str, position: int, number: int, max_pixels: int, warnings: list[str]):
    """The picture as (name, content type, re-encoded bytes), or None with a warning naming its position."""
    kind = image_kind(raw)
    if kind is None and content_type not in _CONVERTIBLE:
        warnings.append(f"第 {position} 张图片格式({content_type or '未知'})网页无法显示，未导入，请另存为 PNG/JPG 后插入。")
        return None
    try:
        if kind is None:
            image = open_image(raw, max_pixels)
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, "PNG")
            clean, kind = out.getvalue(), "png"
        else:
            clean = reencode_image(raw, max_pixels=max_pixels)
    except UploadRejected as exc:
        warnings.append(f"第 {position} 张图片未导入：{exc.message}")
        return None
    except (OSError, ValueError):
        warnings.append(f"第 {position} 张图片已损坏，未导入。")
        return None
    content_type, extension, _ = KINDS[kind]
    return (f"image{number}{extension}", content_type, clean)


def _mammoth_warnings(messages) -> list[str]:
    """mammoth's messages that matter to a drafter, in Chinese; unknown styles are only formatting and are dropped."""
    out = []
    for message in messages:
        text = message.message
        if text.startswith("Unrecognised") or "style" in text.lower() or "unlikely to display" in text:
            # Styles only affect formatting; pictures get their own Chinese warning above.
            continue
        out.append(f"转换提示：{text}")
    return out


_HEADINGS = ("h1", "h2", "h3", "h4")
_WHITESPACE = re.compile(r"\s+")


def _take_title(html: str) -> tuple[str, str]:
    """The title (the first heading, else a short first paragraph), and the body without it when it leads the body."""
    root = parse_fragment(html)
    blocks = [el for el in root if isinstance(el.tag, str)]
    if not blocks:
        return "", html
    heading = next((el for el in root.iter(*_HEADINGS) if el.text_content().strip()), None)
    first = next((el for el in blocks if el.text_content().strip()), None)
    candidate = heading if heading is not None else first
    if candidate is None or candidate.tag not in _HEADINGS + ("p",):
        return "", html
    title = _WHITESPACE.sub(" ", candidate.text_content()).strip()
    if len(title) > MAX_TITLE_LENGTH:
        return "", html
    if candidate is first:
        candidate.drop_tree()
        return title, sanitize_html(serialize_fragment(root), allow_image_placeholders=True)
    return title, html


def replace_image_sources(html: str, mapping: dict[str, str]) -> str:
    """Swap "docx-image:N" sources for stored URLs (mapping placeholder → URL); unmapped pictures are dropped.

    The result is sanitised again, so a source that is not a stored picture's address is dropped too.
    """
    root = parse_fragment(html)
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        if IMAGE_PLACEHOLDER.match(src):
            if src in mapping:
                img.set("src", mapping[src])
            else:
                img.drop_tree()
    return sanitize_html(serialize_fragment(root))


__all__ = ["DocumentImportError", "ImportedDocument", "read_docx", "replace_image_sources", "STYLE_MAP"]
