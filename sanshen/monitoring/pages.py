"""网页解析: what monitoring reads from one fetched page or feed. No Django, no network.

`parse_page` turns HTML into the visible text, the links (each marked hidden or not), the hidden blocks (暗链 and
hidden text), the dates shown, the page's own publication date and, on this system's public article pages, the
article's title and body text. `parse_feed` reads RSS 2.0 and Atom.

    >>> page = parse_page("https://x.gov.cn/", '<p>通知</p><div style="display:none"><a href="https://bet.example/">真人荷官</a></div>')
    >>> page.text, [(h.reason, list(h.links)) for h in page.hidden]
    ('通知', [('display:none', ['https://bet.example/'])])
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
import lxml.html

from sanshen.documents.html import walk_text

# Not content: never part of the visible text, never searched for links.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "select", "option"})
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3", "h4", "h5",
        "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "form", "br", "hr", "figure",
        "figcaption", "address", "center", "marquee",
    }
)  # fmt: skip
ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".doc", ".xls", ".wps", ".zip", ".rar")

_STYLE_RULES = (
    (re.compile(r"display\s*:\s*none", re.I), "display:none"),
    (re.compile(r"visibility\s*:\s*hidden", re.I), "visibility:hidden"),
    (re.compile(r"(?<![-\w])font-size\s*:\s*0*(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:!important\s*)?(?:;|$)", re.I), "font-size:0"),
    (re.compile(r"(?<![-\w])opacity\s*:\s*0*(?:\.0+)?\s*(?:;|$)", re.I), "opacity:0"),
)
# Pushed out of the window: a large negative offset or indent.
_OFF_SCREEN = re.compile(r"(?<![-\w])(?:left|top|right|margin-left|margin-top|text-indent)\s*:\s*-\s*(\d{3,})(?:\.\d+)?\s*(?:px|pt|em|rem)?", re.I)
_POSITIONED = re.compile(r"position\s*:\s*(?:absolute|fixed|relative)", re.I)
_ZERO_BOX = re.compile(r"(?<![-\w])(?:width|height)\s*:\s*0*(?:\.0+)?\s*(?:px)?\s*(?:;|$)", re.I)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
# Simple selectors of a page's own <style>: ".ad", "#x", "div.ad", "a" (descendant and pseudo selectors are left out).
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(?:([.#])([\w-]+))?$", re.I)
_SCRIPT_LINK = re.compile(r"""<a\s[^>]*href\s*=\s*\\?["']?(https?://[^"'\\\s>]+)""", re.I)

DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUBDATE_LABEL = re.compile(r"(?:发布|发文|成文|更新)(?:时间|日期)\s*[:：]?\s*" + DATE.pattern)
_PUBDATE_META = frozenset({"pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "date"})
SOFT_404 = re.compile(
    r"页面不存在|页面未找到|找不到(?:您要访问的|您访问的|该|此|所请求的)?(?:页面|网页)|页面已(?:被)?删除|网页不存在|"
    r"404\s*(?:not\s*found|错误|页面)|^\s*404\s*$|not\s+found",
    re.I,
)
# A soft-404 message is short: in a long article "404" or "页面不存在" is just words.
SOFT_404_MAX_TEXT = 600
_WS = re.compile(r"\s+")
# Main-text containers of common Chinese government CMSs (TRS, 大汉, 拓尔思) and of ordinary sites.
_MAIN_HINT = re.compile(r"article|content|detail|zoom|trs_editor|main-?text|text|body", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--|——|-\s)\s*")


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without the #fragment
    text: str
    hidden: str = ""  # why it cannot be seen ("display:none"), empty when visible
    by_script: bool = False  # written by an inline script (document.write)


@dataclass(frozen=True)
class HiddenBlock:
    """One outermost element a visitor cannot see, with its text and the links inside it."""

    reason: str
    text: str
    links: tuple[str, ...]
    snippet: str


@dataclass(frozen=True)
class ListEntry:
    """One dated row of a list page: the item's link and the date shown beside it."""

    url: str
    title: str
    date: dt.date


@dataclass
class Page:
    url: str
    title: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    hidden: list[HiddenBlock] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    pubdate: dt.date | None = None
    heading: str = ""  # the first <h1>
    # This system's public article page: <article data-content-hash> with .article-body.
    article_text: str | None = None
    content_hash: str = ""
    main_text: str = ""

    @property
    def is_soft_404(self) -> bool:
        for short in (self.title, self.heading):
            if short and SOFT_404.search(short):
                return True
        return len(self.text) <= SOFT_404_MAX_TEXT and bool(SOFT_404.search(self.text))

    @property
    def last_date(self) -> dt.date | None:
        return max(self.dates) if self.dates else None


def normalize_url(href: str, base: str) -> str | None:
    """The absolute http(s) address `href` points to from `base`, without its fragment; None for mailto: etc."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or "").lower()


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTENSIONS)


def squash(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


def parse_date(match: re.Match, today: dt.date | None = None) -> dt.date | None:
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    # A date in the future is a typo or an event announced ahead, not an update.
    if today is not None and day > today + dt.timedelta(days=1):
        return None
    return day


def find_dates(text: str, today: dt.date | None = None) -> list[dt.date]:
    return [d for m in DATE.finditer(text) if (d := parse_date(m, today)) is not None]


def parse_page(url: str, html: str | bytes, *, encoding: str | None = None, today: dt.date | None = None) -> Page:
    page = Page(url=url)
    root = _parse(html, encoding)
    if root is None:
        return page
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(url, base_el.get("href"))
    title_el = root.find(".//title")
    page.title = squash(title_el.text_content()) if title_el is not None else ""
    hidden_rules = _stylesheet_rules(root)

    texts: list[str] = []
    links: list[Link] = []
    hidden: list[HiddenBlock] = []

    def visit(el, hidden_reason: str) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIPPED:
            return
        reason = hidden_reason
        if tag and not reason:
            reason = _hidden_reason(el, tag, hidden_rules)
            if reason:
                hidden.append(_hidden_block(el, reason, base))
        if tag == "a":
            target = normalize_url(el.get("href"), base)
            if target:
                links.append(Link(target, squash(el.text_content()), reason))
        if tag in _BLOCKS and not reason:
            texts.append("\n")
        if el.text and tag and not reason:
            texts.append(el.text)
        for child in el:
            visit(child, reason)
            if child.tail and not reason:
                texts.append(child.tail)
        if tag in _BLOCKS and not reason:
            texts.append("\n")

    body = root.find(".//body")
    visit(body if body is not None else root, "")
    for script in root.iter("script"):
        if script.text:
            links.extend(_script_links(script.text, base))
    page.text = _lines("".join(texts))
    page.links = links
    page.hidden = hidden
    page.dates = find_dates(page.text, today)
    page.entries = _list_entries(root, base, today)
    h1 = root.find(".//h1")
    page.heading = squash(h1.text_content()) if h1 is not None else ""
    page.pubdate = _pubdate(root, page.text, today)
    _article(root, page)
    page.main_text = page.article_text if page.article_text is not None else _main_text(root)
    return page


def _parse(html: str | bytes, encoding: str | None):
    if isinstance(html, bytes):
        if not html.strip():
            return None
        parser = lxml.html.HTMLParser(encoding=encoding) if encoding else None
        try:
            return lxml.html.document_fromstring(html, parser=parser)
        except (lxml.etree.ParserError, LookupError, ValueError):
            return lxml.html.document_fromstring(html.decode("utf-8", "replace"))
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _lines(text: str) -> str:
    lines = (squash(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _stylesheet_rules(root) -> dict[tuple[str, str, str], str]:
    """(tag, "." or "#" or "", name) → reason, for the simple selectors the page's own <style> hides."""
    rules: dict[tuple[str, str, str], str] = {}
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S)
        for selectors, declarations in _CSS_RULE.findall(css):
            reason = _style_reason(declarations)
            if not reason:
                continue
            for selector in selectors.split(","):
                m = _SIMPLE_SELECTOR.match(selector.strip())
                if m and (m.group(1) or m.group(3)):
                    rules[((m.group(1) or "").lower(), m.group(2) or "", m.group(3) or "")] = reason + "（样式表）"
    return rules


def _style_reason(style: str) -> str:
    for pattern, reason in _STYLE_RULES:
        if pattern.search(style):
            return reason
    m = _OFF_SCREEN.search(style)
    if m and int(m.group(1)) >= 500 and (_POSITIONED.search(style) or "indent" in m.group(0).lower()):
        return "off-screen"
    if _OVERFLOW_HIDDEN.search(style) and len(_ZERO_BOX.findall(style)) >= 1:
        return "zero-size"
    return ""


def _hidden_reason(el, tag: str, rules: dict) -> str:
    if el.get("hidden") is not None:
        return "hidden"
    style = el.get("style")
    if style:
        reason = _style_reason(style)
        if reason:
            return reason
    if tag == "marquee":
        # <marquee height=1 width=1>: a classic way to hide a block of links.
        for size in (el.get("height"), el.get("width")):
            if size and size.strip().rstrip("px").isdigit() and int(size.strip().rstrip("px")) <= 5:
                return "marquee 尺寸过小"
    if rules:
        classes = (el.get("class") or "").split()
        ident = el.get("id") or ""
        for key in [(tag, ".", c) for c in classes] + [("", ".", c) for c in classes] + [(tag, "#", ident), ("", "#", ident), (tag, "", "")]:
            if key in rules:
                return rules[key]
    return ""


def _hidden_block(el, reason: str, base: str) -> HiddenBlock:
    links = []
    for a in el.iter("a"):
        target = normalize_url(a.get("href"), base)
        if target:
            links.append(target)
    snippet = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    return HiddenBlock(reason, squash(el.text_content()), tuple(links), snippet[:300])


def _script_links(script: str, base: str) -> list[Link]:
    """Links an inline script writes into the page (document.write('<a href=…>')): injected links often hide so."""
    if "document.write" not in script and "innerHTML" not in script:
        return []
    found = []
    for m in _SCRIPT_LINK.finditer(script):
        target = normalize_url(m.group(1), base)
        if target:
            found.append(Link(target, "", "脚本写入", by_script=True))
    return found


def _list_entries(root, base: str, today: dt.date | None) -> list[ListEntry]:
    """Rows with exactly one link and a date: the items of a column or home-page list."""
    entries = []
    seen = set()
    for row in root.iter("li", "tr", "dd"):
        anchors = [a for a in row.iter("a") if normalize_url(a.get("href"), base)]
        if len(anchors) != 1:
            continue
        dates = find_dates(row.text_content(), today)
        if not dates:
            continue
        target = normalize_url(anchors[0].get("href"), base)
        if target in seen:
            continue
        seen.add(target)
        entries.append(ListEntry(target, squash(anchors[0].text_content()), max(dates)))
    return entries


def _pubdate(root, text: str, today: dt.date | None) -> dt.date | None:
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in _PUBDATE_META:
            m = DATE.search(meta.get("content") or "")
            if m and (day := parse_date(m, today)):
                return day
    m = _PUBDATE_LABEL.search(text)
    return parse_date(m, today) if m else None


def _article(root, page: Page) -> None:
    """This system's public article page: the title and body text as 机审 read them (checking.text_of)."""
    article = root.find(".//article")
    if article is None:
        return
    page.content_hash = article.get("data-content-hash") or ""
    body = next((d for d in article.iter("div") if "article-body" in (d.get("class") or "").split()), None)
    h1 = article.find(".//h1")
    if body is None or h1 is None:
        return
    # walk_text is how the review side reads a stored body, so identical bodies give identical text here.
    body_text = walk_text(body)[1].text
    page.article_text = h1.text_content() + "\n" + body_text


def _main_text(root) -> str:
    """The article text of an ordinary page: the longest block whose class or id says it holds content."""
    best = ""
    for el in root.iter("div", "article", "section", "td"):
        hint = (el.get("class") or "") + " " + (el.get("id") or "")
        if not _MAIN_HINT.search(hint):
            continue
        text = _element_text(el)
        if len(text) > len(best):
            best = text
    if not best:
        body = root.find(".//body")
        best = _element_text(body if body is not None else root)
    return best


def _element_text(el) -> str:
    parts: list[str] = []

    def visit(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIPPED or not tag:
            return
        if tag in _BLOCKS:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            visit(child)
            parts.append(child.tail or "")
        if tag in _BLOCKS:
            parts.append("\n")

    visit(el)
    return _lines("".join(parts))


def page_title(page: Page) -> str:
    """The item's title: the <h1>, else the first part of <title> ("标题_某某县人民政府" → "标题")."""
    if page.heading:
        return page.heading
    return _TITLE_SPLIT.split(page.title)[0] if page.title else ""


# ---------------------------------------------------------------------------------------------
# Feeds


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: dt.datetime | None
    text: str


class FeedError(ValueError):
    """Not an RSS or Atom document."""


_ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(data: bytes, base: str) -> list[FeedEntry]:
    """The entries of an RSS 2.0 or Atom feed; entities and network access are off (the feed is untrusted)."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"不是有效的 RSS/Atom 订阅：{exc}") from exc
    if root.tag == _ATOM + "feed":
        return [_atom_entry(e, base) for e in root.iter(_ATOM + "entry")]
    if root.tag in ("rss", "{http://purl.org/rss/1.0/}RDF", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        return [_rss_item(i, base) for i in root.iter("item", "{http://purl.org/rss/1.0/}item")]
    raise FeedError("不是有效的 RSS/Atom 订阅：根元素为 " + str(root.tag))


def _atom_entry(entry, base: str) -> FeedEntry:
    link = ""
    for el in entry.iter(_ATOM + "link"):
        if el.get("rel") in (None, "alternate"):
            link = el.get("href") or ""
            break
    when = entry.findtext(_ATOM + "published") or entry.findtext(_ATOM + "updated") or ""
    content = entry.findtext(_ATOM + "content") or entry.findtext(_ATOM + "summary") or ""
    return FeedEntry(
        normalize_url(link, base) or "", squash(entry.findtext(_ATOM + "title") or ""), _iso(when), html_text(content)
    )


def _rss_item(item, base: str) -> FeedEntry:
    def text(name: str) -> str:
        return item.findtext(name) or item.findtext("{http://purl.org/rss/1.0/}" + name) or ""

    when = text("pubDate") or item.findtext("{http://purl.org/dc/elements/1.1/}date") or ""
    published = None
    if when:
        try:
            published = email.utils.parsedate_to_datetime(when)
        except (TypeError, ValueError):
            published = _iso(when)
    return FeedEntry(normalize_url(text("link"), base) or "", squash(text("title")), published, html_text(text("description")))


def _iso(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = DATE.search(value)
        day = parse_date(m) if m else None
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) if day else None


def html_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content)."""
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return squash(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return squash(html)
    return _element_text(root)
