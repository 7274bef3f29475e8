"""The county website's public pages: read-only views over what was published."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sanshen.accounts.models import Column
from sanshen.review.models import Status, Submission

PAGE_SIZE = 20


def _published():
    return Submission.objects.published().filter(column__isnull=False).select_related("unit", "column", "published_revision")


def _listed():
    """For lists: the title and date are shown, never the bodies."""
    return _published().defer("body", "published_revision__body")


def home(request):
    columns = list(Column.objects.filter(on_home_page=True))
    latest = {c.pk: [] for c in columns}
    for column in columns:
        latest[column.pk] = list(_listed().filter(column=column).order_by("-published_at")[:8])
    return render(request, "public/home.html", {"columns": [(c, latest[c.pk]) for c in columns]})


def column(request, slug: str):
    col = get_object_or_404(Column, slug=slug)
    ordered = _published().filter(column=col).order_by("-published_at", "-id")
    # Page through ids alone, then load only this page's rows: OFFSET no longer drags whole rows along.
    page = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(_listed().filter(pk__in=list(page.object_list)).order_by("-published_at", "-id"))
    return render(request, "public/column.html", {"column": col, "page": page, "columns": Column.objects.all()})


def article(request, public_id):
    item = get_object_or_404(
        Submission.objects.on_public_site().select_related("unit", "column", "published_revision"), public_id=public_id
    )
    if item.status == Status.WITHDRAWN:
        return render(request, "public/withdrawn.html", {"item": item}, status=410)
    return render(request, "public/article.html", {"item": item, "revision": item.published_revision})


class ColumnFeed(Feed):
    feed_type = Atom1Feed

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
        return item.published_revision.body

    def item_link(self, item):
        return reverse("public-article", args=[item.public_id])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name
