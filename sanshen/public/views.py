"""The county website's public pages: read-only views over what was published.

The lists (home page, column pages, feeds) are the pages most read and they change only when an item goes on or
comes off the site, so each worker process keeps them rendered (Django's cache) under a key that changes with
the site: the newest `updated` of the items on it (read with the columns, one query; an index-only look-up) and
the columns' own fields. A publication or withdrawal in any process is seen at the next request. CACHE_SECONDS
only bounds a rare race: two changes committed in the opposite order of their `updated`. Articles are not
cached: their page carries a form with this visitor's CSRF token.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sanshen.accounts.models import Column
from sanshen.documents.html import html_to_text
from sanshen.review.models import Status, Submission

# The work area, the admin and the API are not for search engines (they need a login anyway); the site is.
ROBOTS = "User-agent: *\nDisallow: /work/\nDisallow: /manage/\nDisallow: /api/\nDisallow: /accounts/\n"
PAGE_SIZE = 20
SUMMARY_LENGTH = 300
CACHE_SECONDS = 300
CACHED_PAGES = 10  # deeper column pages are seldom read twice: not worth a cache entry (their count is cached)


def _stamped(columns: QuerySet[Column]) -> QuerySet[Column]:
    """The columns with the newest change on the site beside them (`site_updated`): a cached list costs one query.

    Publishing, withdrawing or any other save of an item on the site sets its `updated`; the partial index
    review.submission_on_site_updated answers this from its last entry."""
    newest = Submission.objects.on_public_site().order_by("-updated").values("updated")[:1]
    return columns.annotate(site_updated=Subquery(newest))


def _stamp(column: Column) -> str:
    return column.site_updated.isoformat() if column.site_updated else "empty"


def _cached(request, key: str, render_page: Callable[[], str]) -> HttpResponse:
    body = cache.get(key)
    if body is None:
        body = render_page()
        # A page that drew a CSRF token belongs to this visitor alone (none of the cached templates does today).
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, body, CACHE_SECONDS)
    return HttpResponse(body)


def _columns_key(*columns: Column) -> str:
    """What of the columns a list shows: a renamed column elsewhere is a new page here at once."""
    fields = [(c.pk, c.name, c.slug, c.description, c.kind) for c in columns]
    return hashlib.sha1(repr(fields).encode()).hexdigest()[:16]


def _published():
    return Submission.objects.published().filter(column__isnull=False).select_related("unit", "column", "published_revision")


def _listed():
    """For lists: the title and date are shown, nothing else of the item or its revision."""
    return (
        Submission.objects.published()
        .select_related("published_revision")
        .only("public_id", "published_at", "column_id", "published_revision__title")
    )


def robots(request):
    """robots.txt: crawlers (the county's own monitoring among them) may read the public site."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


def home(request):
    columns = list(_stamped(Column.objects.filter(on_home_page=True)))

    def page() -> str:
        latest = [(c, list(_listed().filter(column=c).order_by("-published_at")[:8])) for c in columns]
        return render_to_string("public/home.html", {"columns": latest}, request)

    if not columns:
        return HttpResponse(page())
    return _cached(request, f"public:home:{_stamp(columns[0])}:{_columns_key(*columns)}", page)


def column(request, slug: str):
    col = get_object_or_404(_stamped(Column.objects.all()), slug=slug)
    stamp = _stamp(col)
    ordered = _published().filter(column=col).order_by("-published_at", "-id")
    # Page through ids alone, then load only this page's rows: OFFSET no longer drags whole rows along.
    paginator = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE)
    # COUNT(*) over a big column costs tens of milliseconds; it changes only with the site.
    paginator.count = cache.get_or_set(f"public:count:{stamp}:{col.pk}", ordered.count, CACHE_SECONDS)
    page = paginator.get_page(request.GET.get("page"))

    def render_page() -> str:
        page.object_list = list(_listed().filter(pk__in=list(page.object_list)).order_by("-published_at", "-id"))
        return render_to_string("public/column.html", {"column": col, "page": page, "columns": Column.objects.all()}, request)

    if page.number > CACHED_PAGES:
        return HttpResponse(render_page())
    return _cached(request, f"public:column:{stamp}:{_columns_key(col)}:{page.number}", render_page)


def article(request, public_id):
    item = get_object_or_404(
        Submission.objects.on_public_site().select_related("unit", "column", "published_revision"), public_id=public_id
    )
    if item.status == Status.WITHDRAWN:
        return render(request, "public/withdrawn.html", {"item": item}, status=410)
    return render(request, "public/article.html", {"item": item, "revision": item.published_revision})


class ColumnFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, slug):
        col = get_object_or_404(_stamped(Column.objects.all()), slug=slug)
        key = f"public:feed:{_stamp(col)}:{_columns_key(col)}"
        cached = cache.get(key)
        if cached is None:
            response = super().__call__(request, slug=slug)
            cached = (response.content, response["Content-Type"], response.get("Last-Modified"))
            cache.set(key, cached, CACHE_SECONDS)
        content, content_type, modified = cached
        response = HttpResponse(content, content_type=content_type)
        if modified:
            response["Last-Modified"] = modified
        return response

    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, obj):
        return f"{settings.SANSHEN_COUNTY_NAME}人民政府 · {obj.name}"

    def link(self, obj):
        return reverse("public-column", args=[obj.slug])

    def subtitle(self, obj):
        return obj.description or obj.name

    def items(self, obj):
        return _published().filter(column=obj).order_by("-published_at")[:30]

    def item_title(self, item):
        return item.published_revision.title

    def item_description(self, item):
        # A summary of plain text: feed readers show markup such as <div> literally or drop the paragraphs.
        text = html_to_text(item.published_revision.body).text
        paragraphs = " ".join(line.strip() for line in text.splitlines() if line.strip())
        return paragraphs if len(paragraphs) <= SUMMARY_LENGTH else paragraphs[:SUMMARY_LENGTH] + "……"

    def item_link(self, item):
        return reverse("public-article", args=[item.public_id])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name
