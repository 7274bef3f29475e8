"""网页文本: the text of an HTML page as the checks read it, with the spans a visitor cannot see.

Hacked government pages hide their planted links and ads (暗链) from visitors and keep them for search engines:
display:none, visibility:hidden, font-size:0, a zero-size box, a position far off the screen, the hidden
attribute. The hidden text is checked like the visible text; `mark_hidden` then says which findings lie in it.

    >>> page = html_text('<p>通知</p><div style="display:none">真人荷官</div>')
    >>> page.text, page.hidden
    ('通知\\n真人荷官', (HiddenSpan(start=3, end=7, reason='display:none'),))

Styles are read from style attributes and from the page's own <style> blocks (not from linked stylesheets,
which the check does not fetch, nor from scripts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from .finding import SEVERITIES, Finding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tfoot tr ul caption".split()
)
# Source line breaks inside Chinese text are not spaces a reader sees.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_BETWEEN_CJK = re.compile(f"(?<={_CJK}) (?={_CJK})")
_LENGTH = re.compile(r"^\s*(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in)?\s*(?:!important)?\s*$", re.IGNORECASE)
# Far enough off the screen that no window shows it.
OFF_SCREEN_PX = -500
# Boxes this small show nothing once what overflows them is hidden.
TINY_PX = 1
_TINY_ATTRIBUTE_TAGS = frozenset({"marquee", "div", "span", "p"})
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_COLOR_NAMES = {"white": "#ffffff", "black": "#000000", "red": "#ff0000"}


class HiddenSpan(NamedTuple):
    start: int
    end: int
    reason: str  # "display:none", "visibility:hidden", "font-size:0", "尺寸为零", "移出可视区域", …


@dataclass(frozen=True)
class HtmlText:
    """`text`: one line per block element; `hidden`: the spans of it a visitor's browser does not show."""

    text: str
    hidden: tuple[HiddenSpan, ...] = ()

    def hidden_at(self, start: int, end: int) -> HiddenSpan | None:
        """The hidden span overlapping text[start:end], if any."""
        for span in self.hidden:
            if span.start < max(end, start + 1) and start < span.end:
                return span
        return None


def decode_html(data: bytes) -> str:
    """The page's text: its declared charset, else UTF-8, else GB18030 (older Chinese sites); ValueError if none fits."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别网页编码（请保存为 UTF-8 或 GBK 编码）")


def html_text(data: bytes | str) -> HtmlText:
    """The checked text of an HTML document and its hidden spans; ValueError with a Chinese message if unreadable."""
    import lxml.html
    from lxml import etree

    source = decode_html(data) if isinstance(data, bytes) else data
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", source)
    if not source.strip():
        return HtmlText("")
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"无法解析 HTML：{exc}") from None
    reasons: list[str] = []
    by_element = _stylesheet_hidden(root)
    pieces: list[tuple[str, int]] = []
    _collect(root, pieces, 0, reasons, by_element)
    return _layout(pieces, reasons)


# Findings that, hidden, are planted content: a hidden phone number may be a fading section of a page, a hidden
# gambling word is not.
PLANTED_CATEGORIES = frozenset({"injected_content", "sensitive_word"})


def mark_hidden(page: HtmlText, findings: list[Finding]) -> list[Finding]:
    """The findings, those in hidden text marked so (location "hidden"), plus one `injected.hidden_text` finding
    for each hidden span holding planted content (a finding of PLANTED_CATEGORIES)."""
    if not page.hidden:
        return findings
    marked: list[Finding] = []
    worst: dict[HiddenSpan, str] = {}
    for f in findings:
        span = page.hidden_at(f.start, f.end)
        if span is None:
            marked.append(f)
            continue
        marked.append(replace(f, location={**f.location, "hidden": span.reason}))
        if f.category not in PLANTED_CATEGORIES:
            continue
        kept = worst.get(span)
        if kept is None or SEVERITIES.index(f.severity) < SEVERITIES.index(kept):
            worst[span] = f.severity
    for span, severity in worst.items():
        shown = page.text[span.start : span.end]
        marked.append(
            Finding(
                rule="injected.hidden_text",
                category="injected_content",
                standard=2,
                # Hidden text with a problem in it is not an oversight: at least 严重.
                severity="block" if severity == "block" else "serious",
                start=span.start,
                end=span.end,
                text=shown,
                message=(
                    f"这段文字在网页中被隐藏（{span.reason}），访问者看不到，搜索引擎却会收录，其中有违法广告或敏感词："
                    "这是网站被植入暗链或隐藏广告的典型特征，请检查网页源码并删除"
                ),
                source="政府网站不得出现暗链、违法广告（单项否决）",
                location={"hidden": span.reason},
            )
        )
    return sorted(marked, key=lambda f: (f.start, f.end, SEVERITIES.index(f.severity), f.rule))


# ----------------------------------------------------------------------------------------------
# Walking the tree


def _collect(el, pieces: list, hidden: int, reasons: list[str], by_element: dict) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag and tag not in _SKIPPED_TAGS:
        own = hidden or _reason_index(_element_reason(el, tag, by_element), reasons)
        # Hidden text gets lines of its own: it is no part of the visible sentence around it.
        block = tag in _BLOCK_TAGS or (own and not hidden)
        if block:
            pieces.append(("\n", own))
        if tag == "br":
            pieces.append(("\n", own))
        if el.text:
            pieces.append((el.text if tag == "pre" else _collapse(el.text), own))
        for child in el:
            _collect(child, pieces, own, reasons, by_element)
        if block:
            pieces.append(("\n", own))
    if el.tail:
        pieces.append((_collapse(el.tail), hidden))


def _reason_index(reason: str | None, reasons: list[str]) -> int:
    """0 for shown; else 1 + the reason's place in `reasons` (a small int: it is stored as one character)."""
    if reason is None:
        return 0
    if reason not in reasons:
        reasons.append(reason)
    return reasons.index(reason) + 1


def _layout(pieces: list[tuple[str, int]], reasons: list[str]) -> HtmlText:
    """Join the pieces into lines (trimmed, spaces between Chinese characters dropped, empty lines dropped),
    carrying beside the text one character per character: chr(0) shown, chr(k) hidden for reasons[k-1]."""
    raw = "".join(text for text, _ in pieces)
    mask = "".join(chr(k) * len(text) for text, k in pieces)
    lines: list[tuple[str, str]] = []
    for line in re.finditer(r"[^\n]+", raw):
        start, end = line.span()
        content = line.group(0)
        start += len(content) - len(content.lstrip())
        end -= len(content) - len(content.rstrip())
        if start >= end:
            continue
        text_parts, mask_parts, at = [], [], start
        for space in _SPACE_BETWEEN_CJK.finditer(raw, start, end):
            text_parts.append(raw[at : space.start()])
            mask_parts.append(mask[at : space.start()])
            at = space.end()
        text_parts.append(raw[at:end])
        mask_parts.append(mask[at:end])
        lines.append(("".join(text_parts), "".join(mask_parts)))
    text_out, mask_out = [], []
    for i, (line, line_mask) in enumerate(lines):
        if i:
            # The line break belongs to a hidden span that goes on across it.
            before, after = lines[i - 1][1][-1], line_mask[0]
            text_out.append("\n")
            mask_out.append(before if before == after else "\0")
        text_out.append(line)
        mask_out.append(line_mask)
    text, mask = "".join(text_out), "".join(mask_out)
    hidden = tuple(
        HiddenSpan(m.start(), m.end(), reasons[ord(m.group(1)) - 1]) for m in re.finditer(r"([^\0])\1*", mask)
    )
    return HtmlText(text, hidden)


def _collapse(s: str) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", s.replace("\xa0", " "))


# ----------------------------------------------------------------------------------------------
# Styles


def _element_reason(el, tag: str, by_element: dict) -> str | None:
    if el.get("hidden") is not None:
        return "hidden 属性"
    style = el.get("style")
    reason = _hiding(_declarations(style)) if style else None
    if reason is None:
        reason = by_element.get(el)
    if reason is None and tag in _TINY_ATTRIBUTE_TAGS:
        width, height = _px(el.get("width") or ""), _px(el.get("height") or "")
        if (width is not None and width <= TINY_PX) or (height is not None and height <= TINY_PX):
            reason = "尺寸为零"
    return reason


def _stylesheet_hidden(root) -> dict:
    """Elements that the page's own <style> rules hide, with the reason.

    Selectors become XPath (cssselect), one union per reason, which lxml runs in C: matching each rule in Python
    took seconds on a page of a few hundred kilobytes.
    """
    styles = [el.text for el in root.iter("style") if el.text]
    if not styles:
        return {}
    import tinycss2
    from cssselect import HTMLTranslator, SelectorError

    translator = HTMLTranslator()
    paths: dict[str, list[str]] = {}
    for sheet in styles:
        for rule in tinycss2.parse_stylesheet(sheet, skip_whitespace=True, skip_comments=True):
            if rule.type != "qualified-rule":
                continue  # @media and the like: what they hide depends on the screen
            reason = _hiding(_declarations(tinycss2.serialize(rule.content)))
            if reason is None:
                continue
            try:
                path = translator.css_to_xpath(tinycss2.serialize(rule.prelude))
            except SelectorError:
                continue  # a pseudo-element ("::before") holds no text of the page; a selector cssselect cannot read
            if "[0]" not in path:  # ":hover", ":focus": cssselect writes a step that never matches
                paths.setdefault(reason, []).append(path)
    found: dict = {}
    for reason, xpaths in paths.items():
        for element in root.xpath(" | ".join(xpaths)):
            found.setdefault(element, reason)
    return found


_DECLARATION = re.compile(r"([-a-zA-Z]+)\s*:\s*([^;]*)")
# A style without one of these hides nothing: most style attributes skip the parse.
_MAY_HIDE = re.compile(r"none|hidden|collapse|font-size\s*:\s*[.01]|opacity|-\s*\d|height|width|background", re.IGNORECASE)


def _declarations(style: str) -> dict[str, str]:
    """Property → value of a style attribute or rule body, lower case; the last of a repeated property wins."""
    if not _MAY_HIDE.search(style):
        return {}
    return {name.lower(): value.strip().lower() for name, value in _DECLARATION.findall(_CSS_COMMENT.sub("", style))}


def _hiding(d: dict[str, str]) -> str | None:
    """Why declarations `d` hide an element's text, or None if they do not."""
    if d.get("display", "").startswith("none"):
        return "display:none"
    if d.get("visibility", "").startswith(("hidden", "collapse")):
        return "visibility:hidden"
    size = _px(d.get("font-size", ""))
    if size is not None and size <= TINY_PX:
        return "font-size:0"
    opacity = d.get("opacity", "").removesuffix("!important").strip()
    if opacity and _number(opacity) == 0:
        return "opacity:0"
    clipped = d.get("overflow", "").startswith(("hidden", "clip")) or "overflow-x" in d or "overflow-y" in d
    for name in ("width", "height", "max-width", "max-height"):
        value = _px(d.get(name, ""))
        if value is not None and value <= TINY_PX and clipped:
            return "尺寸为零"
    positioned = d.get("position", "").startswith(("absolute", "fixed", "relative"))
    for name in ("left", "top", "right", "margin-left", "margin-top"):
        value = _px(d.get(name, ""))
        if value is not None and value <= OFF_SCREEN_PX and (positioned or name.startswith("margin")):
            return "移出可视区域"
    indent = _px(d.get("text-indent", ""))
    if indent is not None and indent <= OFF_SCREEN_PX:
        return "移出可视区域"
    color, background = _color(d.get("color", "")), _color(d.get("background-color", d.get("background", "")))
    if color and color == background:
        return "文字与背景同色"
    return None


def _px(value: str) -> float | None:
    """A CSS length in pixels (em and rem at 16 px); percentages and viewport units count only when zero."""
    m = _LENGTH.match(value)
    if m is None:
        return None
    number, unit = float(m.group(1)), (m.group(2) or "px").lower()
    scale = {"px": 1, "pt": 4 / 3, "em": 16, "rem": 16, "cm": 37.8, "mm": 3.78, "in": 96}.get(unit)
    if scale is None:
        return number if number == 0 else None
    return number * scale


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _color(value: str) -> str:
    value = value.removesuffix("!important").strip()
    value = _COLOR_NAMES.get(value, value)
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value if re.fullmatch(r"#[0-9a-f]{6}", value) else ""
