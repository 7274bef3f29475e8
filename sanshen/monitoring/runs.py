"""监测任务: what the periodic jobs and the 监测 page run.

Fetching and judging live in crawler.py, inspect.py, indicators.py and compare.py (no Django). This module picks
what to watch, keeps each run's progress and history (MonitorRun), keeps findings current across runs
(MonitorFinding: new, still there, gone), checks published items against what their signers approved, and
hands new serious findings to the error register.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sanshen.checks import CheckContext
from sanshen.lib.diff import diff
from sanshen.review.workflow import verify_published

from . import indicators
from .compare import compare_repost
from .crawler import CrawlResult, Fetcher, Limits, crawl, parse_fetched
from .indicators import DEFAULTS, column_state
from .inspect import SiteFinding, inspect_crawl, reportable
from .models import LiveCopy, MonitoredSite, MonitorFinding, MonitorRun, Probe, SeenPage, Threshold
from .pages import FeedError, ListEntry, page_title, parse_feed, squash
from .register import RegisterRefused, register_finding

logger = logging.getLogger(__name__)

# Seconds between two requests to one host: the county's own portal can take more than a stranger's site.
OWN_SITE_DELAY = 0.2
OTHER_SITE_DELAY = 1.0
# Published items checked per run beyond those the crawl reached (least recently checked first).
TAMPER_FETCH_LIMIT = 300
# New posts of an account page (not a feed) fetched per run for 机审.
ACCOUNT_POST_LIMIT = 20
MAX_LOGGED_ERRORS = 200
# Probes older than this are deleted: the indicator looks back one week.
PROBE_KEEP_DAYS = 30
_ARTICLE_PATH = re.compile(r"/article/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/$")
_COLUMN_KIND = {"news": indicators.NEWS, "notice": indicators.POLICY, "policy": indicators.POLICY}


def thresholds() -> dict[str, int]:
    """The county office's thresholds over the national defaults."""
    return {**DEFAULTS, **dict(Threshold.objects.values_list("key", "value"))}


class TimedCheck:
    """机审 as monitoring calls it: the deployment's engine and registers, with the time it takes."""

    def __init__(self) -> None:
        from sanshen.registers.loading import deployment_registers
        from sanshen.review.checking import engine

        self.engine = engine()
        self.context = CheckContext(registers=deployment_registers(), publication_date=timezone.localdate())
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, text: str):
        started = time.perf_counter()
        try:
            return self.engine.check(text, self.context)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


@dataclass
class Attributed:
    """A finding and whom it concerns: the published item on that page, if any."""

    finding: SiteFinding
    submission: object = None


# ---------------------------------------------------------------------------------------------
# Sites


def watched_columns(site: MonitoredSite) -> list[tuple[str, str, str]]:
    """(name, url, kind) of the columns whose updates count; the county portal's own columns come from 栏目."""
    from sanshen.accounts.models import Column

    columns = [(c.name, c.url, c.kind) for c in site.columns.all()]
    if site.kind == MonitoredSite.Kind.COUNTY_SITE and not columns:
        for c in Column.objects.all():
            url = urljoin(site.url, reverse("public-column", args=[c.slug]))
            columns.append((c.name, url, _COLUMN_KIND.get(c.kind, indicators.OTHER)))
    return columns


def start_run(kind: str, site: MonitoredSite | None = None, user=None) -> MonitorRun:
    return MonitorRun.objects.create(kind=kind, site=site, started_by=user, status=MonitorRun.Status.QUEUED)


def run_site(
    site: MonitoredSite,
    *,
    run: MonitorRun | None = None,
    limits: Limits | None = None,
    fetcher: Fetcher | None = None,
    today: dt.date | None = None,
) -> MonitorRun:
    """网站巡检: crawl the site, judge what was crawled, compute its indicators and (county portal) check published items."""
    run = _begin(run or start_run(MonitorRun.Kind.SITE, site))
    today = today or timezone.localdate()
    delay = OWN_SITE_DELAY if site.kind == MonitoredSite.Kind.COUNTY_SITE else OTHER_SITE_DELAY
    limits = limits or Limits(max_pages=site.max_pages, delay=delay)
    own = fetcher is None
    fetcher = fetcher or Fetcher(limits)
    try:
        columns = watched_columns(site)
        result = crawl(
            [site.url], limits, fetcher=fetcher, also=[url for _, url, _ in columns], on_progress=_progress(run), today=today
        )
        check = TimedCheck()
        articles = _articles_on(site, result)
        found = [Attributed(f, articles.get(f.url)) for f in inspect_crawl(result, check)]
        summary, more = _site_indicators(site, result, columns, run, today)
        found += [Attributed(f) for f in more]
        if site.kind == MonitoredSite.Kind.COUNTY_SITE:
            found += check_published(site, result, fetcher, today=today)
        run.indicators = summary
        run.checking_seconds = check.seconds
        _finish(run, site, found, pages=len(result.pages), errors=result.errors())
    except Exception as exc:  # the run's page must say it failed, whatever failed
        _fail(run, exc)
    finally:
        if own:
            fetcher.close()
    return run


def _site_indicators(site, result: CrawlResult, columns, run, today) -> tuple[dict, list[SiteFinding]]:
    home_page = result.pages.get(result.start_urls[0])
    home = column_state("首页", site.url, indicators.OTHER, home_page.page if home_page else None, _problem(home_page))
    states = []
    for name, url, kind in columns:
        crawled = result.pages.get(url)
        states.append(column_state(name, url, kind, crawled.page if crawled else None, _problem(crawled)))
    findings, summary = indicators.evaluate(home, states, thresholds(), today)
    summary["probes"] = probe_summary(site)
    # 伪造发布日期: an item new on the home page or a column's first page since the previous run that claims a
    # date before that run. Only these pages are read every run; deeper pages come and go with the page bound.
    listing = [result.start_urls[0]] + [url for _, url, _ in columns]
    entries: list[ListEntry] = []
    source_of: dict[str, str] = {}
    for url in listing:
        crawled = result.pages.get(url)
        for entry in crawled.page.entries if crawled and crawled.page else ():
            entries.append(entry)
            source_of.setdefault(entry.url, url)
    previous = site.runs.filter(status=MonitorRun.Status.DONE).exclude(pk=run.pk).order_by("-started").first()
    seen = set(SeenPage.objects.filter(site=site).values_list("url", flat=True))
    since = timezone.localdate(previous.started) if previous else None
    findings += indicators.forged_dates(entries, seen, since, source_of)
    new_urls = set(result.pages)
    for crawled in result.pages.values():
        new_urls.update(e.url for e in (crawled.page.entries if crawled.page else ()))
    SeenPage.objects.bulk_create(
        [SeenPage(site=site, url=u, url_hash=_hash(u)) for u in new_urls - seen], ignore_conflicts=True, batch_size=500
    )
    return summary, findings


def _problem(crawled) -> str:
    if crawled is None:
        return "未抓取"
    return crawled.fetched.problem() if crawled.fetched.broken else ""


def _articles_on(site: MonitoredSite, result: CrawlResult) -> dict:
    """Crawled pages that are the county portal's article pages → their Submission, so findings reach the unit."""
    from sanshen.review.models import Submission

    if site.kind != MonitoredSite.Kind.COUNTY_SITE:
        return {}
    ids = {}
    for url in result.pages:
        m = _ARTICLE_PATH.search(urlsplit(url).path)
        if m:
            ids[url] = m.group(1)
    by_id = {str(s.public_id): s for s in Submission.objects.filter(public_id__in=set(ids.values())).select_related("unit")}
    return {url: by_id[i] for url, i in ids.items() if i in by_id}


# ---------------------------------------------------------------------------------------------
# Published items against what was signed


def article_url(site: MonitoredSite, submission) -> str:
    return urljoin(site.url, reverse("public-article", args=[submission.public_id]))


def _verify_published(submission) -> list[str]:
    """Problems the integrity check finds in the stored item (edited rows, voided signatures, replaced files)."""
    return [b.message for b in verify_published(submission)]


def _lines(text: str) -> str:
    return "\n".join(line for line in (squash(x) for x in (text or "").split("\n")) if line)


def text_hash(text: str) -> str:
    return hashlib.sha256(_lines(text).encode()).hexdigest()


def check_published(site: MonitoredSite, result: CrawlResult, fetcher: Fetcher, *, today=None, limit: int = TAMPER_FETCH_LIMIT) -> list[Attributed]:
    """篡改核验: each published website item, in the database and on its live page, against what was signed.

    Three checks: the integrity check of the stored rows (content hashes of issue 7); the stored text against the
    baseline monitoring recorded when it first saw this published revision (catches an edit of the row after it);
    and the live page's title and body against the published revision's text (catches an edit of the page).
    """
    from sanshen.review.checking import text_of
    from sanshen.review.models import Submission

    now = timezone.now()
    items = list(
        Submission.objects.published()
        .filter(column__isnull=False)
        .select_related("published_revision", "unit")
        .order_by("pk")
    )
    copies = {c.submission_id: c for c in LiveCopy.objects.filter(submission__in=items)}
    # Pages the crawl did not reach are fetched here, the least recently checked first, up to `limit`.
    unchecked = [s for s in items if article_url(site, s) not in result.pages]
    unchecked.sort(key=lambda s: (copies[s.pk].checked_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc)) if s.pk in copies else dt.datetime.min.replace(tzinfo=dt.timezone.utc))
    to_fetch = {s.pk for s in unchecked[:limit]}
    found: list[Attributed] = []
    created: list[LiveCopy] = []
    updated: list[LiveCopy] = []
    for s in items:
        revision = s.published_revision
        url = article_url(site, s)
        expected = text_of(revision.title, revision.body)
        problems: list[str] = list(_verify_published(s))
        detail: dict = {}
        copy = copies.get(s.pk)
        digest = text_hash(expected)
        if copy is None or copy.revision_id != revision.pk:
            # A new published revision (published, or withdrawn and published again): through the workflow.
            if copy is None:
                copy = LiveCopy(submission=s)
                created.append(copy)
            copy.revision, copy.text_hash, copy.text, copy.recorded_at = revision, digest, _lines(expected), now
        elif copy.text_hash != digest:
            problems.append(
                f"第{revision.number}版发布后，其标题或正文在数据库中被改动（{timezone.localtime(copy.recorded_at):%Y-%m-%d %H:%M} 监测时不是这样），未经审核流程"
            )
            detail["chunks"] = _shown_diff(copy.text, _lines(expected))
            detail["compared_with"] = "baseline"
        crawled = result.pages.get(url)
        fetched = crawled.fetched if crawled else None
        page = crawled.page if crawled else None
        if crawled is None and s.pk in to_fetch:
            fetched = fetcher.fetch(url)
            page = parse_fetched(fetched, today)
        if fetched is not None:
            copy.checked_at = now
            if fetched.broken:
                found.append(
                    Attributed(SiteFinding(url, "broken_link", "serious", revision.title, f"已发布稿件的网页无法打开（{fetched.problem()}）", rule="published.missing", target=url), s)
                )
            elif page is not None:
                problems += compare_live(revision, expected, page, detail)
        if copy.pk is not None:
            updated.append(copy)
        if problems:
            detail["problems"] = problems
            found.append(
                Attributed(
                    SiteFinding(url, "content_changed", "block", revision.title, "；".join(problems), rule="published.tampered", detail=detail),
                    s,
                )
            )
    LiveCopy.objects.bulk_create(created, batch_size=500)
    LiveCopy.objects.bulk_update(updated, ["revision", "text_hash", "text", "recorded_at", "checked_at"], batch_size=500)
    return found


def compare_live(revision, expected: str, page, detail: dict) -> list[str]:
    """The live article page against the published revision: its text, and the content hash it carries."""
    problems = []
    if page.article_text is not None and _lines(page.article_text) != _lines(expected):
        problems.append("网页上的标题或正文与签发发布的版本不一致")
        detail["chunks"] = _shown_diff(_lines(expected), _lines(page.article_text))
        detail["compared_with"] = "published"
    signed_hash = getattr(revision, "content_hash", "")
    if page.content_hash and signed_hash and page.content_hash != signed_hash:
        problems.append("网页标注的内容校验码与签发版本的校验码不符")
    return problems


def _shown_diff(old: str, new: str) -> list[dict]:
    """The differences for the finding's page, long unchanged stretches cut (as for reposts)."""
    from .compare import RepostComparison

    return RepostComparison(False, "", "", 1.0, chunks=diff(old, new)).shown_chunks()


def check_urls(urls: list[str], limits: Limits, *, fetcher: Fetcher | None = None, today: dt.date | None = None) -> tuple[list[SiteFinding], list[str]]:
    """`sanshen monitor`: a site run's checks from any start pages, recording nothing; (findings, notes for stderr).

    Pages of this system's public site are also held against the published revisions in the database, when there
    is one; without a database the built-in word lists and the national thresholds are used.
    """
    from django.db import DatabaseError

    today = today or timezone.localdate()
    notes: list[str] = []
    try:
        check = TimedCheck()
        t = thresholds()
    except DatabaseError:
        from sanshen.checks import default_engine

        notes.append("数据库不可用：使用内置词库和国家默认阈值，未核对已发布稿件")
        check, t = default_engine().check, dict(DEFAULTS)
    own = fetcher is None
    fetcher = fetcher or Fetcher(limits)
    try:
        result = crawl(urls, limits, fetcher=fetcher, today=today)
    finally:
        if own:
            fetcher.close()
    findings = inspect_crawl(result, check)
    for url in result.start_urls:
        crawled = result.pages.get(url)
        home = column_state("首页", url, indicators.OTHER, crawled.page if crawled else None, _problem(crawled))
        findings += indicators.evaluate(home, [], t, today)[0]
    if not any("数据库不可用" in n for n in notes):
        try:
            findings += _published_pages(result)
        except DatabaseError:
            notes.append("数据库不可用：未核对已发布稿件")
    return findings, notes + result.errors()


def _published_pages(result: CrawlResult) -> list[SiteFinding]:
    """Crawled article pages of this system's public site, each against its published revision."""
    from sanshen.review.checking import text_of
    from sanshen.review.models import Status, Submission

    ids = {}
    for url, crawled in result.pages.items():
        m = _ARTICLE_PATH.search(urlsplit(url).path)
        if m and crawled.page is not None and crawled.page.article_text is not None:
            ids[m.group(1)] = url
    found = []
    for s in Submission.objects.filter(public_id__in=list(ids), status=Status.PUBLISHED).select_related("published_revision"):
        url = ids[str(s.public_id)]
        revision = s.published_revision
        detail: dict = {}
        problems = list(_verify_published(s)) + compare_live(revision, text_of(revision.title, revision.body), result.pages[url].page, detail)
        if problems:
            detail["problems"] = problems
            found.append(SiteFinding(url, "content_changed", "block", revision.title, "；".join(problems), rule="published.tampered", detail=detail))
    return found


# ---------------------------------------------------------------------------------------------
# New-media accounts and other feeds


def run_account(site: MonitoredSite, *, run: MonitorRun | None = None, fetcher: Fetcher | None = None, today: dt.date | None = None) -> MonitorRun:
    """新媒体账号: read the feed (or the public page), run 机审 on new posts, flag an account that stopped posting."""
    run = _begin(run or start_run(MonitorRun.Kind.ACCOUNT, site))
    today = today or timezone.localdate()
    own = fetcher is None
    fetcher = fetcher or Fetcher(Limits(delay=OTHER_SITE_DELAY))
    errors: list[str] = []
    try:
        check = TimedCheck()
        found: list[SiteFinding] = []
        posts, last, problem = _account_posts(site, fetcher, today, errors)
        if problem:
            found.append(SiteFinding(site.feed_url or site.url, "unreachable", "warn", site.name, f"账号“{site.name}”的页面无法读取（{problem}）", rule="account.unreachable"))
        seen = set(SeenPage.objects.filter(site=site).values_list("url", flat=True))
        new = [p for p in posts if p[0] and p[0] not in seen]
        for url, title, text in new:
            for f in check(title + "\n" + text):
                if reportable(f):
                    context = squash((title + "\n" + text)[max(0, f.start - 20) : f.end + 20])
                    found.append(SiteFinding(url, f.category, f.severity, f.text, f.message, rule=f.rule, context=context, detail={"suggestion": f.suggestion}))
        SeenPage.objects.bulk_create([SeenPage(site=site, url=u, url_hash=_hash(u)) for u, _, _ in new], ignore_conflicts=True)
        if not problem:
            stale, row = indicators.account_state(site.name, site.url, last, thresholds(), today, site.stale_days)
            found += stale
            run.indicators = {"account": row, "new_posts": len(new)}
        run.checking_seconds = check.seconds
        still_there = {u for u, _, _ in posts if u in seen}
        _finish(run, site, [Attributed(f) for f in found], pages=len(posts), errors=errors, kept_urls=still_there)
    except Exception as exc:
        _fail(run, exc)
    finally:
        if own:
            fetcher.close()
    return run


def _account_posts(site: MonitoredSite, fetcher: Fetcher, today, errors: list[str]) -> tuple[list[tuple[str, str, str]], dt.date | None, str]:
    """(url, title, text) of the posts visible now, the newest post's date, and why nothing could be read."""
    if site.feed_url:
        got = fetcher.fetch(site.feed_url)
        if got.broken or got.error_code == "robots":
            return [], None, got.problem()
        try:
            entries = parse_feed(got.body, got.final_url or site.feed_url)
        except FeedError as exc:
            return [], None, str(exc)
        dates = [timezone.localdate(e.published) if e.published.tzinfo else e.published.date() for e in entries if e.published]
        return [(e.url, e.title, e.text) for e in entries], max(dates, default=None), ""
    got = fetcher.fetch(site.url)
    page = parse_fetched(got, today)
    if page is None:
        return [], None, got.problem() or "不是网页"
    posts = []
    for entry in page.entries[:ACCOUNT_POST_LIMIT]:
        post = fetcher.fetch(entry.url)
        post_page = parse_fetched(post, today)
        if post_page is None:
            errors.append(f"{entry.url}：{post.problem() or '不是网页'}")
            continue
        posts.append((entry.url, entry.title, post_page.main_text))
    last = max([e.date for e in page.entries] or page.dates, default=None)
    return posts, last, ""


# ---------------------------------------------------------------------------------------------
# Reposts


def run_reposts(*, run: MonitorRun | None = None, fetcher: Fetcher | None = None, today: dt.date | None = None) -> MonitorRun:
    """转载比对: each published repost against its original (第二条(六): the title and substance unchanged)."""
    from sanshen.documents.html import html_to_text
    from sanshen.review.models import Submission

    run = _begin(run or start_run(MonitorRun.Kind.REPOSTS))
    own = fetcher is None
    fetcher = fetcher or Fetcher(Limits(delay=OTHER_SITE_DELAY))
    try:
        t = thresholds()
        found: list[Attributed] = []
        errors: list[str] = []
        items = list(
            Submission.objects.published().filter(is_repost=True).exclude(repost_url="").select_related("published_revision", "unit")
        )
        for i, s in enumerate(items, 1):
            _progress(run)(i, len(items), s.repost_url)
            revision = s.published_revision
            where = published_url(s)
            got = fetcher.fetch(s.repost_url)
            if got.error_code == "robots":
                errors.append(f"{s.repost_url}：{got.error}")
                continue
            page = parse_fetched(got, today)
            if page is None:
                found.append(Attributed(SiteFinding(where, "broken_link", "warn", s.repost_url, f"转载稿的原文链接无法打开（{got.problem() or '不是网页'}）", rule="repost.source_missing", target=s.repost_url), s))
                continue
            body = html_to_text(revision.body).text
            comparison = compare_repost(page_title(page), page.main_text, revision.title, body)
            problems = comparison.problems(t["repost_similarity"] / 100)
            if problems:
                detail = {"problems": problems, "similarity": round(comparison.similarity, 3), "chunks": comparison.shown_chunks(), "original_title": comparison.original_title}
                found.append(Attributed(SiteFinding(where, "repost_changed", "serious", revision.title, "；".join(problems), rule="repost.changed", target=s.repost_url, detail=detail), s))
        _finish(run, None, found, pages=len(items), errors=errors)
    except Exception as exc:
        _fail(run, exc)
    finally:
        if own:
            fetcher.close()
    return run


def published_url(submission) -> str:
    """Where a published item is: the county portal's article page, or the post's address on its platform."""
    if submission.column_id is None:
        return submission.post_url or ""
    site = MonitoredSite.objects.filter(kind=MonitoredSite.Kind.COUNTY_SITE, is_active=True).first()
    path = reverse("public-article", args=[submission.public_id])
    return urljoin(site.url, path) if site else path


# ---------------------------------------------------------------------------------------------
# Availability probes


def probe_sites(*, fetcher: Fetcher | None = None) -> int:
    """站点可访问性: one timed request to each website's home page (the job runs every 30 minutes)."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(Limits(delay=0))
    count = 0
    try:
        for site in MonitoredSite.objects.filter(is_active=True, kind__in=(MonitoredSite.Kind.COUNTY_SITE, MonitoredSite.Kind.UNIT_SITE)):
            got = fetcher.fetch(site.url, max_bytes=256 * 1024)
            if got.error_code == "robots":
                continue
            Probe.objects.create(site=site, ok=not got.broken, status=got.status, elapsed=got.elapsed, error=got.problem()[:200])
            count += 1
        Probe.objects.filter(at__lt=timezone.now() - dt.timedelta(days=PROBE_KEEP_DAYS)).delete()
    finally:
        if own:
            fetcher.close()
    return count


def probe_summary(site: MonitoredSite, now: dt.datetime | None = None) -> dict:
    """The last seven days' probes: count, failures, the failure share and whether the veto line is reached."""
    now = now or timezone.now()
    t = thresholds()
    probes = Probe.objects.filter(site=site, at__gte=now - dt.timedelta(days=7))
    total = probes.count()
    failed = probes.filter(ok=False).count()
    percent = round(100 * failed / total, 1) if total else None
    return {
        "total": total,
        "failed": failed,
        "percent": percent,
        "enough": total >= t["probe_per_day"] * 7,
        "veto": percent is not None and total >= t["probe_per_day"] * 7 and percent >= t["probe_failure_percent"],
    }


# ---------------------------------------------------------------------------------------------
# Recording


def _begin(run: MonitorRun) -> MonitorRun:
    run.status, run.started = MonitorRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started"])
    return run


def _progress(run: MonitorRun):
    last = {"at": 0.0}

    def report(done: int, total: int, url: str) -> None:
        # At most one write a second: the page polls, it needs no more.
        now = time.monotonic()
        if now - last["at"] < 1.0 and done < total:
            return
        last["at"] = now
        percent = min(99, int(100 * done / total)) if total else 0
        MonitorRun.objects.filter(pk=run.pk).update(pages=done, progress=percent, current=url[:500])

    return report


def _fail(run: MonitorRun, exc: Exception) -> None:
    logger.exception("monitoring run %s failed", run.pk)
    run.status, run.finished = MonitorRun.Status.FAILED, timezone.now()
    run.error_log = (run.error_log or []) + [f"任务失败：{type(exc).__name__}: {exc}"[:500]]
    run.errors = len(run.error_log)
    run.save(update_fields=["status", "finished", "error_log", "errors"])


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _whitelisted(finding: SiteFinding, unit_id: int) -> bool:
    """The review whitelist settles non-block 机审 findings online as it does in review."""
    from sanshen.checks.finding import CATEGORIES
    from sanshen.registers.loading import deployment_whitelist

    if finding.kind not in CATEGORIES or finding.severity == "block":
        return False
    keys = set()
    for entry in deployment_whitelist():
        text, rule = entry[0], entry[1]
        unit = entry[2] if len(entry) > 2 else None
        keys.add((text, rule, unit))
    return any((finding.text, rule, unit) in keys for rule in ("", finding.rule) for unit in (None, unit_id))


def _finish(
    run: MonitorRun, site: MonitoredSite | None, found: list[Attributed], *, pages: int, errors: list[str], kept_urls: set[str] = frozenset()
) -> None:
    """Keep findings current: new ones are created and registered, seen ones touched, vanished ones closed.

    `kept_urls`: pages this run did not look at again (an account's posts checked when they were new); their
    findings stay as they were.
    """
    now = timezone.now()
    scope = f"site:{site.pk}" if site else f"run:{run.kind}"
    seen_prints: set[str] = set()
    new_count = 0
    register_errors: list[str] = []
    for item in found:
        f = item.finding
        unit = item.submission.unit if item.submission is not None else (site.unit if site else None)
        if unit is None or _whitelisted(f, unit.pk):
            continue
        fingerprint = hashlib.sha1(f"{scope}\x1f{f.fingerprint}".encode()).hexdigest()
        if fingerprint in seen_prints:
            continue
        seen_prints.add(fingerprint)
        with transaction.atomic():
            record = MonitorFinding.objects.select_for_update().filter(fingerprint=fingerprint).first()
            fields = dict(
                site=site, unit=unit, submission=item.submission, last_run=run, kind=f.kind, severity=f.severity, rule=f.rule,
                url=f.url[:1000], target=f.target[:1000], text=f.text, message=f.message, context=f.context, home=f.home,
                count=f.count, detail=f.detail, last_seen=now, gone_at=None,
            )  # fmt: skip
            if record is None:
                record = MonitorFinding.objects.create(fingerprint=fingerprint, first_run=run, first_seen=now, **fields)
                new_count += 1
                try:
                    entry_id = register_finding(record)
                except RegisterRefused as exc:
                    register_errors.append(f"未能登记“{f.text[:30]}”：{exc}")
                    entry_id = None
                if entry_id is not None:
                    record.register_entry_id = entry_id
                    record.save(update_fields=["register_entry_id"])
            else:
                for name, value in fields.items():
                    setattr(record, name, value)
                record.save()
    stale = MonitorFinding.objects.filter(gone_at__isnull=True).exclude(fingerprint__in=seen_prints)
    stale = stale.filter(site=site) if site else stale.filter(site__isnull=True, last_run__kind=run.kind)
    stale.exclude(url__in=kept_urls).update(gone_at=now)
    log = (errors + register_errors)[:MAX_LOGGED_ERRORS]
    run.status, run.finished, run.progress, run.current = MonitorRun.Status.DONE, now, 100, ""
    run.pages, run.findings, run.new_findings = pages, len(seen_prints), new_count
    run.errors, run.error_log = len(errors) + len(register_errors), log
    run.save()


def run_due(kind: str) -> list[MonitorRun]:
    """The periodic jobs: every active site (or account) of `kind`, one run each."""
    runs = []
    if kind == MonitorRun.Kind.SITE:
        for site in MonitoredSite.objects.filter(is_active=True, kind__in=(MonitoredSite.Kind.COUNTY_SITE, MonitoredSite.Kind.UNIT_SITE)):
            runs.append(run_site(site))
    elif kind == MonitorRun.Kind.ACCOUNT:
        for site in MonitoredSite.objects.filter(is_active=True, kind=MonitoredSite.Kind.ACCOUNT):
            runs.append(run_account(site))
    else:
        runs.append(run_reposts())
    return runs


def execute(run: MonitorRun) -> MonitorRun:
    """Run a queued run (started from the 监测 page) with the job that fits its kind."""
    if run.kind == MonitorRun.Kind.SITE:
        return run_site(run.site, run=run)
    if run.kind == MonitorRun.Kind.ACCOUNT:
        return run_account(run.site, run=run)
    return run_reposts(run=run)

