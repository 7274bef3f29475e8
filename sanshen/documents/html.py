"""正文 HTML: the one sanitised form a submission body is stored in, and the plain text 机审 reads from it.

Every body, whether typed in the editor, pasted from Word/WPS, imported from .docx or typed as plain
text, ends as `sanitize_html(...)` output. `html_to_text` gives the checkers their text together with
a map back into the HTML, so `highlight` can show each finding where it is.

    >>> sanitize_html('<p onclick="x()" style="color:red;text-align:center">通知<script>alert(1)</script></p>')
    '<p style="text-align:center">通知</p>'
    >>> html_to_text("<h2>标题</h2><p>第一段</p><table><tr><td>姓名</td><td>电话</td></tr></table>").text
    '标题\\n第一段\\n姓名\\t电话'
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Iterable
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote",
        "a", "img", "span", "div",
    }
)
# Let through the first pass only to be renamed: a body has no h1 (the title is the h1 of the page).
_RENAMED_HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
_ALIGNABLE = ("p", "div", "span", "h2", "h3", "h4", "td", "th", "li", "blockquote")
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
    **{tag: {"style"} for tag in _ALIGNABLE if tag not in ("td", "th")},
}
# Removed with everything inside them, not just the tag.
_REMOVED_WITH_CONTENT = {"script", "style", "title", "xml", "template", "iframe", "object", "embed", "noscript", "svg", "math", "head"}
_TEXT_ALIGN = {"left", "right", "center", "justify"}
_LINK = re.compile(r"^(?:https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)
# The only pictures a body shows: those stored for an item, at the address BodyImage.url gives them.
STORED_IMAGE = re.compile(r"^/work/images/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/$")
# Pages of the back office: a link into them makes a reader who clicks it act (export, download) in their own
# name. The site's host names are not known here, and no article needs such a link on any host.
BACK_OFFICE_PREFIXES = ("/work/", "/api/", "/manage/", "/accounts/")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]+$")
IMAGE_PLACEHOLDER = re.compile(r"^docx-image:(\d+)$")
_SIZE = re.compile(r"^\d{1,4}%?$")
_SPAN = re.compile(r"^[1-9]\d{0,2}$")
_INLINE_MAY_BE_EMPTY = frozenset({"span", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a"})
_BLOCK_MAY_BE_EMPTY = frozenset({"p", "h2", "h3", "h4", "blockquote"})
_CONDITIONAL_COMMENT = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->", re.DOTALL | re.IGNORECASE)
_DOWNLEVEL_REVEALED = re.compile(r"<!\[(?:if[^\]]*|endif)\]>", re.IGNORECASE)


def sanitize_html(html: str, *, allow_image_placeholders: bool = False) -> str:
    """The allow-listed form of `html`: scripts, handlers, styles (but text-align), classes and Office junk removed.

    Links keep only http/https/mailto targets outside the back office (is_back_office_link) and get
    rel="noopener noreferrer"; images keep only stored pictures (/work/images/<uuid>/) and base64 PNG/JPEG,
    which the save path stores as pictures of the item. `allow_image_placeholders` lets "docx-image:N"
    through for the import step, which replaces them with stored paths (`replace_image_sources`).
    """
    if not html or not html.strip():
        return ""
    html = _CONDITIONAL_COMMENT.sub("", html)
    html = _DOWNLEVEL_REVEALED.sub("", html)
    first = _nh3_clean(html, allow_image_placeholders, extra_tags=set(_RENAMED_HEADINGS))
    root = parse_fragment(first)
    _tidy(root)
    return _nh3_clean(serialize_fragment(root), allow_image_placeholders).strip()


def _nh3_clean(html: str, allow_image_placeholders: bool, extra_tags: set[str] = frozenset()) -> str:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        return _filter_attribute(tag, attr, value, allow_image_placeholders)

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS) | set(extra_tags),
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes={"*": set(), **ALLOWED_ATTRIBUTES, **{tag: {"style"} for tag in extra_tags}},
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel="noopener noreferrer",
        url_schemes={"http", "https", "mailto", "data", "docx-image"},
    )


def _filter_attribute(tag: str, attr: str, value: str, allow_image_placeholders: bool) -> str | None:
    value = value.strip()
    if attr == "href":
        return value if _LINK.match(value) and not is_back_office_link(value) else None
    if attr == "src":
        if STORED_IMAGE.match(value):
            return value
        if _DATA_IMAGE.match(value):
            return value
        if allow_image_placeholders and IMAGE_PLACEHOLDER.match(value):
            return value
        return None
    if attr == "style":
        return _text_align_only(value)
    if attr in ("width", "height"):
        return value if _SIZE.match(value) else None
    if attr in ("colspan", "rowspan"):
        return value if _SPAN.match(value) else None
    return value


def is_back_office_link(url: str) -> bool:
    """Whether a link, on any host, leads into the back office once a browser has normalised its path.

    Browsers turn "\\" into "/" and resolve "." and ".." segments, and Django decodes "%77ork": all are undone
    here before the path is compared, case-insensitively.

        >>> is_back_office_link("https://www.example.gov.cn/public/../%77ork/submissions/1/export.docx")
        True
        >>> is_back_office_link("https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm")
        False
    """
    if not url.lower().startswith(("http:", "https:")):
        return False
    path = unquote(unquote(urlsplit(url.replace("\\", "/")).path)).replace("\\", "/")
    normal = posixpath.normpath("/" + path.lstrip("/")).lower() + "/"
    return normal.startswith(BACK_OFFICE_PREFIXES)


def _text_align_only(style: str) -> str | None:
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip().lower() == "text-align" and value.strip().lower() in _TEXT_ALIGN:
            return f"text-align:{value.strip().lower()}"
    return None


def _tidy(root) -> None:
    """Structure fixes nh3 does not make: heading levels, bare spans, empty inline tags, images without src."""
    for el in reversed(list(root.iter())):
        if el is root or not isinstance(el.tag, str):
            continue
        if el.tag in _RENAMED_HEADINGS:
            el.tag = _RENAMED_HEADINGS[el.tag]
        if el.tag == "img" and not el.get("src"):
            el.drop_tree()
        elif el.tag in _INLINE_MAY_BE_EMPTY and not (el.text or "").strip() and len(el) == 0:
            # Keep a lone space between words ("a<span> </span>b"), which is text, not junk.
            _drop_keeping_text(el)
        elif el.tag in _BLOCK_MAY_BE_EMPTY and not (el.text or "").strip() and len(el) == 0:
            _drop_keeping_text(el)
        elif el.tag == "span" and not el.attrib:
            el.drop_tag()
        elif el.tag == "a" and not el.get("href"):
            el.drop_tag()
    for cell in root.iter("td", "th"):
        # Word and mammoth put every cell's text in a <p>; a lone one is just the cell's text.
        if len(cell) == 1 and cell[0].tag == "p" and not (cell.text or "").strip() and not (cell[0].tail or "").strip():
            if cell[0].get("style") and not cell.get("style"):
                cell.set("style", cell[0].get("style"))
            cell[0].drop_tag()


def _drop_keeping_text(el) -> None:
    text = el.text or ""
    if text:
        el.text = None
        el.tail = text + (el.tail or "")
    el.drop_tree()


def parse_fragment(html: str):
    """Parse an HTML fragment into a <div> holding it (the same way every time, so text maps stay valid)."""
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def serialize_fragment(root) -> str:
    inner = html_lib.escape(root.text or "", quote=False)
    for child in root:
        inner += lxml.html.tostring(child, encoding="unicode", method="html", with_tail=True)
    return inner


# ---------------------------------------------------------------------------------------------
# Office paste


_OFFICE_DECLARATION = re.compile(r"<\?xml[^>]*>|<!DOCTYPE[^>]*>", re.IGNORECASE)
_MSO_LIST = re.compile(r"mso-list\s*:\s*(l\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_LIST_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_ORDERED_BULLET = re.compile(r"^\s*(?:\(?\d+[.、)）]|[A-Za-z][.)]|[ivxIVX]+[.)]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])")
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_UNDERLINE = re.compile(r"text-decoration(?:-line)?\s*:\s*[^;]*underline", re.IGNORECASE)
_BLANK = "\u00a0 \t\r\n\u3000"


def clean_office_html(html: str) -> str:
    """HTML pasted from Word or WPS, as the same sanitised form: paragraphs, headings, lists, tables, bold/italic.

    Word writes lists as paragraphs with `mso-list` styles and a fake bullet inside
    `mso-list:Ignore`; those become real <ul>/<ol>. Styled spans become <strong>/<em>/<u>.
    """
    html = _CONTROL_CHARACTERS.sub("", html or "")
    if not html.strip():
        return ""
    cleaned = _clean_office_html(html)
    if not cleaned.strip() and _TAG.sub("", html).strip():
        # The parser gave up (e.g. pathological nesting): keep the words rather than lose them.
        return text_to_html(html_lib.unescape(_TAG.sub("", html)).strip())
    # Sanitised again: lxml writes a no-break space as the character, the stored form has the entity.
    return sanitize_html(normalise_paragraphs(cleaned))


# Blocks a paragraph may not hold; everything else at the top of a body belongs in a <p>.
_PARAGRAPH_BREAKERS = frozenset({"p", "div", "h2", "h3", "h4", "ul", "ol", "li", "table", "blockquote"})


def normalise_paragraphs(html: str) -> str:
    """Paragraphs as <p>, whatever the editor or the paste made of them.

    Browsers' editors write the first line as bare text and each further line as a <div>; WPS pastes
    <div>s too. A <div> without blocks inside becomes a <p> (one holding blocks is unwrapped); text,
    inline tags and pictures at the top level are gathered into <p>s, a top-level <br> ending one.

        >>> normalise_paragraphs("第一段<div>第二段</div><div><br></div><div><b>第三</b>段</div>")
        '<p>第一段</p><p>第二段</p><p><b>第三</b>段</p>'
    """
    if not html or not html.strip():
        return ""
    root = parse_fragment(html)
    for div in reversed(list(root.iter("div"))):
        if div is root:
            continue
        parent = div.getparent()
        lone_in_cell = parent.tag in ("td", "th", "li") and len(parent) == 1 and not (parent.text or "").strip(_BLANK)
        if lone_in_cell or any(isinstance(child.tag, str) and child.tag in _PARAGRAPH_BREAKERS for child in div):
            div.drop_tag()
        else:
            div.tag = "p"
    nodes: list = []
    paragraph = None

    def open_paragraph():
        nonlocal paragraph
        if paragraph is None:
            paragraph = lxml.html.Element("p")
            nodes.append(paragraph)
        return paragraph

    def add_text(text: str | None) -> None:
        if not text or not text.strip(_BLANK):
            return
        p = open_paragraph()
        if len(p):
            p[-1].tail = (p[-1].tail or "") + text
        else:
            p.text = (p.text or "") + text

    add_text(root.text)
    for child in list(root):
        tail, child.tail = child.tail, None
        if isinstance(child.tag, str) and child.tag in _PARAGRAPH_BREAKERS:
            paragraph = None
            nodes.append(child)
            if tail and not tail.strip(_BLANK):
                child.tail, tail = tail, None  # the line break between two blocks stays as it was
        elif child.tag == "br":
            paragraph = None
        else:
            open_paragraph().append(child)
        add_text(tail)
    kept = [n for n in nodes if not (n.tag == "p" and not n.text_content().strip(_BLANK) and n.find(".//img") is None)]
    return "".join(lxml.html.tostring(node, encoding="unicode", method="html", with_tail=True) for node in kept).strip()


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.S)


def _clean_office_html(html: str) -> str:
    html = _OFFICE_DECLARATION.sub("", html)
    html = _CONDITIONAL_COMMENT.sub("", html)
    html = _DOWNLEVEL_REVEALED.sub("", html)
    try:
        document = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    body = document.find("body")
    root = parse_fragment("")
    if body is None:
        return sanitize_html(html)
    root.text = body.text
    for child in list(body):
        root.append(child)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            el.drop_tree()
        elif ":" in el.tag or el.tag in _REMOVED_WITH_CONTENT or el.tag in ("meta", "link"):
            # o:p holds only &nbsp; padding; v:/w: hold VML shapes and Word fields.
            el.drop_tree()
    _office_lists(root)
    for el in list(root.iter()):
        if el is root:
            continue
        style = el.get("style") or ""
        if _MSO_LIST_IGNORE.search(style):
            el.drop_tree()
            continue
        if el.get("align") and el.tag in _ALIGNABLE + ("h1", "h5", "h6"):
            el.set("style", f"text-align:{el.get('align')};{style}")
        if el.tag == "span":
            _office_span_to_formatting(el, style)
    for el in reversed(list(root.iter("p", "div"))):
        if el is not root and not el.text_content().strip(_BLANK) and el.find(".//img") is None:
            el.drop_tree()
    return sanitize_html(serialize_fragment(root))


def _office_span_to_formatting(span, style: str) -> None:
    wrappers = [tag for tag, pattern in (("strong", _BOLD), ("em", _ITALIC), ("u", _UNDERLINE)) if pattern.search(style)]
    if not wrappers:
        return
    span.tag = wrappers[0]
    span.attrib.clear()
    for tag in wrappers[1:]:
        inner = lxml.html.Element(tag)
        inner.text, span.text = span.text, None
        for child in list(span):
            inner.append(child)
        span.append(inner)


def _office_lists(root) -> None:
    """Group runs of Word list paragraphs into nested <ul>/<ol> by their mso-list level."""
    paragraphs = [p for p in root.iter("p") if _MSO_LIST.search(p.get("style") or "")]
    done: set = set()
    for first in paragraphs:
        if first in done:
            continue
        run = [first]
        nxt = first.getnext()
        while nxt is not None and nxt.tag == "p" and _MSO_LIST.search(nxt.get("style") or "") and not (run[-1].tail or "").strip():
            run.append(nxt)
            nxt = nxt.getnext()
        done.update(run)
        _replace_with_list(run)


def _replace_with_list(run: list) -> None:
    parent = run[0].getparent()
    index = parent.index(run[0])
    stack: list[tuple[int, object]] = []  # (level, list element)
    top = None
    for p in run:
        level = int(_MSO_LIST.search(p.get("style")).group(2))
        bullet = "".join(e.text_content() for e in p.iter() if _MSO_LIST_IGNORE.search(e.get("style") or ""))
        tag = "ol" if _ORDERED_BULLET.match(bullet) else "ul"
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new_list = lxml.html.Element(tag)
            if stack:
                last_items = stack[-1][1].findall("li")
                (last_items[-1] if last_items else stack[-1][1]).append(new_list)
            else:
                top = new_list
            stack.append((level, new_list))
        item = lxml.html.Element("li")
        item.text = p.text
        for child in list(p):
            item.append(child)
        if p.get("style"):
            item.set("style", p.get("style"))
        stack[-1][1].append(item)
    tail = run[-1].tail
    for p in run:
        p.getparent().remove(p)
    top.tail = tail
    parent.insert(index, top)


# ---------------------------------------------------------------------------------------------
# Plain text and the map back into HTML


def text_to_html(text: str) -> str:
    """Plain text as paragraphs: each non-empty line one <p>, indentation and trailing spaces dropped."""
    paragraphs = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip(" \t\u3000\u00a0")
        if line:
            paragraphs.append(f"<p>{html_lib.escape(line, quote=False)}</p>")
    return "".join(paragraphs)


BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
        "table", "thead", "tbody", "tfoot", "tr", "caption", "pre", "hr", "section", "article",
    }
)
_COLLAPSIBLE = " \t\n\r\f"


@dataclass(frozen=True)
class TextMap:
    """The text the checker sees, and for each of its characters where it sits in the HTML.

    `sources[i]` is (segment number, offset in that segment) for text that came from the HTML, or
    None for a line break or tab that a block boundary or table cell produced. Segments are the
    text and tail strings of the parsed HTML in document order; `highlight` walks them again.
    """

    text: str
    sources: tuple[tuple[int, int] | None, ...]


@dataclass(frozen=True)
class Mark:
    """A span of `TextMap.text` to highlight: a finding's offsets, its id and severity."""

    start: int
    end: int
    id: str
    severity: str


class _TextBuilder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.sources: list[tuple[int, int] | None] = []
        self.pending = ""

    def separate(self, sep: str) -> None:
        """Ask for `sep` before the next text; a newline wins over a tab, nothing at the very start."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.sources.pop()
        if self.chars and (sep == "\n" or not self.pending):
            self.pending = sep

    def add(self, text: str, segment: int) -> None:
        for offset, ch in enumerate(text):
            if ch in _COLLAPSIBLE:
                if self.pending or not self.chars or self.chars[-1] in " \n\t":
                    continue
                ch = " "
            if self.pending:
                self.chars.append(self.pending)
                self.sources.append(None)
                self.pending = ""
            self.chars.append(ch)
            self.sources.append((segment, offset))

    def result(self) -> TextMap:
        self.separate("")
        return TextMap("".join(self.chars), tuple(self.sources))


def walk_text(root) -> tuple[list[tuple[object, str]], TextMap]:
    """The text segments of a parsed fragment, as (element, "text" | "tail") in document order, and its TextMap.

    `highlight` and docx_export walk the tree through this, so their offsets agree with html_to_text.
    """
    segments: list[tuple[object, str]] = []
    builder = _TextBuilder()

    def visit(el, is_root: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in BLOCK_TAGS or tag == "br":
            builder.separate("\n")
        elif tag in ("td", "th"):
            builder.separate("\t")
        if tag:
            segments.append((el, "text"))
            builder.add(el.text or "", len(segments) - 1)
            for child in el:
                visit(child, False)
        if tag in BLOCK_TAGS:
            builder.separate("\n")
        if not is_root:
            segments.append((el, "tail"))
            builder.add(el.tail or "", len(segments) - 1)

    visit(root, True)
    return segments, builder.result()


def html_to_text(html: str) -> TextMap:
    """The plain text of sanitised `html` as the checkers see it, with its map back into the HTML.

    Blocks (paragraphs, headings, list items, rows) become lines; table cells in a row are
    separated by tabs; runs of ASCII whitespace collapse to one space as a browser shows them.
    """
    return walk_text(parse_fragment(html))[1]


def highlight(html: str, marks: Iterable[Mark]) -> str:
    """`html` with each mark's text wrapped in <mark data-finding="ID" class="finding sev-SEVERITY">.

    Offsets are into `html_to_text(html).text`. A mark that crosses element boundaries is split
    into one <mark> per text piece, so the tag structure stays intact; overlapping marks nest.
    """
    root = parse_fragment(html)
    segments, textmap = walk_text(root)
    per_segment: dict[int, list[tuple[int, int, Mark]]] = {}
    for mark in marks:
        ranges: dict[int, tuple[int, int]] = {}
        for i in range(max(mark.start, 0), min(mark.end, len(textmap.sources))):
            source = textmap.sources[i]
            if source is None:
                continue
            segment, offset = source
            low, high = ranges.get(segment, (offset, offset + 1))
            ranges[segment] = (min(low, offset), max(high, offset + 1))
        for segment, (low, high) in ranges.items():
            per_segment.setdefault(segment, []).append((low, high, mark))
    for segment, intervals in per_segment.items():
        el, kind = segments[segment]
        _wrap_segment(el, kind, intervals)
    return serialize_fragment(root)


def _wrap_segment(el, kind: str, intervals: list[tuple[int, int, Mark]]) -> None:
    text = (el.text if kind == "text" else el.tail) or ""
    points = sorted({0, len(text)} | {a for a, _, _ in intervals} | {b for _, b, _ in intervals})
    lead = ""
    nodes = []
    for a, b in pairwise(points):
        piece = text[a:b]
        covering = sorted((m for x, y, m in intervals if x <= a and b <= y), key=lambda m: (m.start, -m.end, m.id))
        if not covering:
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + piece
            else:
                lead += piece
            continue
        outer = inner = _mark_element(covering[0])
        for mark in covering[1:]:
            child = _mark_element(mark)
            inner.append(child)
            inner = child
        inner.text = piece
        nodes.append(outer)
    if kind == "text":
        el.text = lead
        for i, node in enumerate(nodes):
            el.insert(i, node)
    else:
        el.tail = lead
        parent = el.getparent()
        index = parent.index(el)
        for i, node in enumerate(nodes, start=1):
            parent.insert(index + i, node)


def _mark_element(mark: Mark):
    el = lxml.html.Element("mark")
    el.set("data-finding", str(mark.id))
    el.set("class", f"finding sev-{mark.severity}")
    return el


def replace_text(html: str, start: int, end: int, expected: str, replacement: str) -> str:
    """`html` with the characters start..end of its text (`html_to_text`) replaced, tags left as they are.

    `expected` is what a finding saw there; if the text has moved on, ValueError, and nothing is changed.
    A span that crosses tags keeps its first piece's place for the replacement and empties the rest.

        >>> replace_text("<p>联系电话<b>13812345678</b>。</p>", 4, 15, "13812345678", "138****5678")
        '<p>联系电话<b>138****5678</b>。</p>'
    """
    root = parse_fragment(html)
    segments, textmap = walk_text(root)
    if start < 0 or end <= start or end > len(textmap.text) or textmap.text[start:end] != expected:
        raise ValueError(f"text at {start}..{end} is not {expected!r}")
    ranges: dict[int, tuple[int, int]] = {}
    for source in textmap.sources[start:end]:
        if source is None:
            continue  # a line break made by a block boundary: nothing to take out of the HTML
        segment, offset = source
        low, high = ranges.get(segment, (offset, offset + 1))
        ranges[segment] = (min(low, offset), max(high, offset + 1))
    for i, (segment, (low, high)) in enumerate(sorted(ranges.items())):
        el, kind = segments[segment]
        text = (el.text if kind == "text" else el.tail) or ""
        text = text[:low] + (replacement if i == 0 else "") + text[high:]
        if kind == "text":
            el.text = text
        else:
            el.tail = text
    return serialize_fragment(root)
