"""监测发现: what is wrong with a crawled site, as SiteFinding records. No Django, no network.

`inspect_crawl` looks at a CrawlResult for broken links (the home page's counted apart), hidden blocks and hidden
links (暗链), links to other sites whose page has turned to gambling or pornography (外链变质), and runs 机审 on
every page's visible text and every attachment's text. `check` is any callable text → [Finding], normally the
deployment's engine; the caller can time it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterable

from sanshen.checks.finding import CATEGORIES, Finding

from .crawler import CrawlResult, Fetched
from .pages import host_of, is_attachment, squash

# The kinds of finding besides the 机审 categories (sanshen.checks.finding.CATEGORIES).
KINDS = {
    "broken_link": "链接不可用",
    "hidden_content": "隐藏链接或文字（暗链）",
    "external_link_changed": "外部链接指向违法不良内容",
    "content_changed": "网页内容与签发版本不一致",
    "stale": "更新不及时",
    "empty_column": "空白栏目",
    "forged_date": "疑似伪造发布日期",
    "unreachable": "站点无法访问",
    "repost_changed": "转载内容与原文不一致",
}
# 机审 findings of these severities are reported; "info" (style hints) would make every live site fail.
REPORTED_SEVERITIES = ("block", "serious", "warn")
# Rules about a submission's details, not about text: on a live page the "来源：…" line of every article is the
# page's own byline, not an undeclared repost, and a page has no target column to fit.
ITEM_CATEGORIES = frozenset({"repost_source", "column_fit"})
# 植入内容 (the injected-content checker), and sensitive-word hits whose word-list category is gambling or porn.
INJECTED_CATEGORIES = frozenset({"injected_content"})
INJECTED_MARKERS = ("赌博", "博彩", "色情")
CONTEXT_CHARS = 20

CheckFunction = Callable[[str], list[Finding]]


def kind_label(kind: str) -> str:
    return KINDS.get(kind) or CATEGORIES.get(kind) or kind


@dataclass(frozen=True)
class SiteFinding:
    """One problem on a monitored site. `url` is the page it is on, `target` the link or file it is about."""

    url: str
    kind: str
    severity: str
    text: str
    message: str
    rule: str = ""
    target: str = ""
    context: str = ""
    home: bool = False
    count: int = 1
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def fingerprint(self) -> str:
        """What makes two runs' findings the same finding (the page's place and the words, not the count)."""
        key = "\x1f".join((self.kind, self.rule, self.url, self.target, self.text, self.context, str(self.home)))
        return hashlib.sha1(key.encode()).hexdigest()

    def to_dict(self) -> dict:
        data = asdict(self)
        if not data["detail"]:
            data.pop("detail")
        return data


def is_injected(finding: Finding) -> bool:
    """Planted gambling / porn / illegal-ad content: the injected-content checker, or such a sensitive word."""
    if finding.category in INJECTED_CATEGORIES:
        return True
    return finding.category == "sensitive_word" and any(marker in finding.message for marker in INJECTED_MARKERS)


def inspect_crawl(result: CrawlResult, check: CheckFunction) -> list[SiteFinding]:
    findings = unreachable_start_pages(result)
    findings += broken_links(result)
    findings += hidden_content(result, check)
    findings += changed_external_links(result, check)
    findings += text_findings(result, check)
    return findings


def unreachable_start_pages(result: CrawlResult) -> list[SiteFinding]:
    out = []
    for url in result.start_urls:
        crawled = result.pages.get(url)
        if crawled is not None and (crawled.fetched.broken or (crawled.page and crawled.page.is_soft_404)):
            problem = crawled.fetched.problem() or "页面显示“页面不存在”"
            out.append(SiteFinding(url, "unreachable", "block", url, f"起始页无法打开：{problem}", rule="site.unreachable", home=True))
    return out


def broken_links(result: CrawlResult) -> list[SiteFinding]:
    """One finding per broken target and place: links on a start page (首页) and on other pages are counted apart."""
    home = set(result.start_urls)
    out = []
    for target, refs in result.links.items():
        got = result.status_of(target)
        if got is None:
            continue
        problem = _link_problem(target, got, result)
        if not problem:
            continue
        label = "附件" if is_attachment(target) else "链接"
        for on_home, group in ((True, [r for r in refs if r.source in home]), (False, [r for r in refs if r.source not in home])):
            if not group:
                continue
            sources = list(dict.fromkeys(r.source for r in group))
            where = "首页" if on_home else f"{len(sources)} 个页面" if len(sources) > 1 else "页面"
            out.append(
                SiteFinding(
                    url=sources[0],
                    kind="broken_link",
                    severity="serious" if on_home else "warn",
                    text=f"{group[0].text or target}",
                    message=f"{where}上的{label}无法访问（{problem}）：{target}",
                    rule="link.broken_home" if on_home else "link.broken",
                    target=target,
                    home=on_home,
                    count=len(sources),
                    detail={"sources": sources[:20]},
                )
            )
    return out


def _link_problem(target: str, got: Fetched, result: CrawlResult) -> str:
    if got.broken:
        return got.problem()
    crawled = result.pages.get(target) or result.external.get(target)
    if crawled is not None and crawled.page is not None and crawled.page.is_soft_404:
        return "页面显示“页面不存在”（软 404）"
    return ""


def hidden_content(result: CrawlResult, check: CheckFunction) -> list[SiteFinding]:
    """暗链: hidden blocks that link to other sites or hold gambling/porn words, and links written by scripts."""
    hosts = result.hosts
    out: dict[tuple, SiteFinding] = {}
    for url, crawled in result.pages.items():
        page = crawled.page
        if page is None:
            continue
        for block in page.hidden:
            foreign = [link for link in block.links if host_of(link) not in hosts]
            injected = [f for f in check(block.text) if is_injected(f)] if block.text else []
            if not foreign and not injected:
                # A hidden drop-down menu of the site's own pages is ordinary design.
                continue
            words = "、".join(dict.fromkeys(f.text for f in injected))
            message = f"页面中有访客看不到的内容（{block.reason}）"
            if foreign:
                message += f"，链接到其他网站：{'、'.join(foreign[:3])}"
            if words:
                message += f"，含违法不良词语：{words}"
            key = ("block", block.snippet)
            if key not in out:
                out[key] = SiteFinding(
                    url, "hidden_content", "block" if injected else "serious", block.text[:200] or block.snippet[:200],
                    message, rule="hidden.block", target=foreign[0] if foreign else "", context=block.snippet,
                    home=url in result.start_urls,
                )
        for link in page.links:
            if link.by_script and host_of(link.url) not in hosts:
                key = ("script", link.url)
                if key not in out:
                    out[key] = SiteFinding(
                        url, "hidden_content", "serious", link.url, f"页面脚本写入了指向其他网站的链接：{link.url}",
                        rule="hidden.script_link", target=link.url, home=url in result.start_urls,
                    )
    return list(out.values())


def changed_external_links(result: CrawlResult, check: CheckFunction) -> list[SiteFinding]:
    """外链变质: a link to another site whose page now carries gambling or porn words."""
    out = []
    for target, crawled in result.external.items():
        page = crawled.page
        if page is None:
            continue
        injected = [f for f in check(page.title + "\n" + page.text) if is_injected(f)]
        if not injected:
            continue
        words = "、".join(dict.fromkeys(f.text for f in injected))
        for ref in _first_per_source(result.links.get(target, [])):
            out.append(
                SiteFinding(
                    ref.source, "external_link_changed", "block", ref.text or target,
                    f"外部链接指向的页面含违法不良内容（{words}）：{target}",
                    rule="link.external_changed", target=target, context=words,
                    home=ref.source in result.start_urls,
                )
            )
    return out


def _first_per_source(refs: Iterable) -> list:
    seen, out = set(), []
    for ref in refs:
        if ref.source not in seen:
            seen.add(ref.source)
            out.append(ref)
    return out


def text_findings(result: CrawlResult, check: CheckFunction) -> list[SiteFinding]:
    """机审 of every page's visible text and every attachment; the same words in the same place count once."""
    collected: dict[tuple, SiteFinding] = {}
    for url, crawled in result.pages.items():
        page = crawled.page
        if page is None or page.is_soft_404:
            continue
        for f in check(page.text):
            _collect(collected, url, f, context_of(page.text, f), home=url in result.start_urls)
    for url, got in result.attachments.items():
        for f in attachment_findings(url, got, check):
            _collect(collected, url, f, f.text, location=f.location)
    return list(collected.values())


def reportable(f: Finding) -> bool:
    """A 机审 finding worth reporting about text found online."""
    return f.severity in REPORTED_SEVERITIES and f.category not in ITEM_CATEGORIES


def _collect(collected: dict, url: str, f: Finding, context: str, *, home: bool = False, location: dict | None = None) -> None:
    if not reportable(f):
        return
    key = (f.rule, f.text, context)
    kept = collected.get(key)
    if kept is not None:
        collected[key] = replace(kept, count=kept.count + 1)
        return
    message = f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")
    detail = {"suggestion": f.suggestion, "standard": f.standard, "source": f.source}
    if location:
        detail["location"] = location
    collected[key] = SiteFinding(url, f.category, f.severity, f.text, message, rule=f.rule, context=context, home=home, detail=detail)


def context_of(text: str, f: Finding) -> str:
    """The words around a finding, within its own line: a footer repeated on every page has the same context."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line_end = len(text) if line_end < 0 else line_end
    return squash(text[max(line_start, f.start - CONTEXT_CHARS) : min(line_end, f.end + CONTEXT_CHARS)])


def attachment_findings(url: str, got: Fetched, check: CheckFunction) -> list[Finding]:
    """机审 of a downloaded .docx, .xlsx or PDF (text layer only: OCR of scans is for the review side)."""
    from sanshen.documents.errors import DocumentImportError, UploadRejected
    from sanshen.documents.extract import check_pieces, extract_text
    from sanshen.documents.upload import inspect_upload

    if got.broken or got.truncated or not got.body:
        return []
    name = url.rsplit("/", 1)[-1][:150] or "attachment"
    try:
        info = inspect_upload(name, got.body)
        if info.is_image:
            return []
        pieces = extract_text(info, ocr=False)
    except (UploadRejected, DocumentImportError, ValueError):
        return []
    return check_pieces(pieces, check)
