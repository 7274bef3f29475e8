"""Route inventory (security.md item 11): every URL of the site is either on PUBLIC below or refuses an anonymous
visitor, for GET and for POST: 302 to a login page, 401 from the API, 403 or 404.

The routes come from Django's resolver, so a URL added anywhere (the public site, /work/, the API, the admin at
SANSHEN_ADMIN_PATH, an app that registers its own) is tried here without anyone listing it. 405 counts as a
refusal only for a method the route does not offer at all, and only when the other method is refused by the login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from sanshen.documents.tests.files import png
from sanshen.review import attachments, workflow
from sanshen.review.models import Status
from sanshen.review.tests.helpers import act, general_item_at
from sanshen.test import approve_through_unit, pass_as

# Routes anyone may open, by URL name, with the reason. A route that should be public goes here; every other
# route must refuse an anonymous visitor.
PUBLIC = {
    "public-home": "门户网站首页",
    "public-robots": "robots.txt：搜索引擎可读门户网站，不读后台",
    "public-column": "门户网站栏目",
    "public-feed": "栏目的 RSS 订阅",
    "public-article": "已发布的文章",
    "public-attachment": "已发布文章的附件",
    "public-body-image": "已发布文章正文中的图片",
    "oversight-public-report": "公众对已发布文章的纠错留言",
    "accounts-login": "登录页",
    "accounts-logout": "退出：只收 POST，未登录时只是回到登录页",
    "admin:login": "系统管理的登录页",
    "admin:logout": "系统管理的退出：未登录时只是转到系统管理首页，再由它转到登录页",
}

REFUSALS = {302, 401, 403, 404}
METHODS = ("get", "post")


@dataclass
class Route:
    name: str | None  # namespaced ("api:me"); None for the admin's unnamed redirects
    segments: tuple  # the pattern objects from the root to the view
    route: str  # as Django writes it in ResolverMatch.route

    @property
    def label(self) -> str:
        return f"/{self.route} ({self.name or 'unnamed'})"


def site_routes() -> list[Route]:
    found = []

    def walk(patterns, segments, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, (*segments, p.pattern), inner)
            else:
                assert isinstance(p, URLPattern)
                chain = (*segments, p.pattern)
                name = f"{namespace}{p.name}" if p.name else None
                # Joined as ResolverMatch.route joins them: a regex loses its leading ^.
                route = "".join(str(s).removeprefix("^") if isinstance(s, RegexPattern) else str(s) for s in chain)
                found.append(Route(name, chain, route))

    walk(get_resolver().url_patterns, (), "")
    return found


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>[^()]*)\)")


def fill(route: Route, values) -> str:
    """A concrete path for the route, its parameters filled by values(route, name, converter or regex)."""
    parts = []
    for segment in route.segments:
        text = str(segment)
        if isinstance(segment, RoutePattern):
            parts.append(ROUTE_PARAM.sub(lambda m: str(values(route, m["name"], m["converter"] or "str")), text))
        else:
            assert isinstance(segment, RegexPattern), segment
            filled = REGEX_GROUP.sub(lambda m: str(values(route, m["name"], m["regex"])), text.lstrip("^").rstrip("$"))
            assert not re.search(r"[()\[\]*+?|\\^$]", filled), f"{route.label}: cannot fill {text!r}"
            parts.append(filled)
    return "/" + "".join(parts)


@pytest.fixture
def values(county, django_capture_on_commit_callbacks):
    """values(route, name, kind) for the URL parameters: ids of real rows of the small county, which has one
    published article with an attachment and a picture, so public routes find what they show."""
    item = general_item_at(county, Status.DRAFT)
    # The files' checks start when their upload commits.
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attachments.add_attachment(item, county.drafter, name="值班表.png", data=png(80, 40, "white"))
        image = attachments.add_body_image(item, county.drafter, name="现场.png", data=png(60, 40, "green"))
    body = f'{item.current_revision.body}<p><img src="{image.url}"></p>'
    workflow.save_revision(item, county.drafter, title=item.title, body=body, base_revision=1)
    item = approve_through_unit(county, item)
    if item.status == Status.COUNTY_REVIEW:
        item = pass_as(item, county.county_reviewer)
    act(item, county.county_reviewer, "publish", opinion="")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    by_name = {
        "pk": item.pk,
        "submission_pk": item.pk,
        "submission_id": item.pk,
        "record_pk": item.signoff_records.values_list("pk", flat=True).first() or 1,
        "finding_pk": 1,
        "finding_id": 1,
        "number": 1,
        "page": 1,
        "seq": 1,
        "fmt": "pdf",
        "name": "pass",
        "public_id": item.public_id,
        "image_id": image.public_id,
        "slug": county.column.slug,
        "id": county.drafter.pk,
        "object_id": county.drafter.pk,
        "content_type_id": ContentType.objects.get_for_model(type(county.drafter)).pk,
        "url": "no-such-page/",
    }
    # The same parameter names that mean another row on some routes.
    by_route = {
        "public-attachment": {"pk": attachment.pk},
        "review-attachment": {"pk": attachment.pk},
        "review-attachment-original": {"pk": attachment.pk},
        "review-attachment-preview": {"pk": attachment.pk},
        "review-attachment-mask": {"pk": attachment.pk},
        "review-attachment-remove": {"pk": attachment.pk},
        "review-body-image": {"public_id": image.public_id},
        "review-body-image-preview": {"public_id": image.public_id},
        "review-body-image-mask": {"public_id": image.public_id},
        "review-body-image-original": {"public_id": image.public_id},
    }

    def value(route: Route, name: str, kind: str):
        value = by_route.get(route.name or "", {}).get(name, by_name.get(name))
        if kind not in ("int", "str", "slug", "uuid", "path"):
            # A regex group: the first of its alternatives when no value of ours matches it.
            if value is None or not re.fullmatch(kind, str(value)):
                value = kind.split("|")[0]
            assert re.fullmatch(kind, str(value)), f"{route.label}: no value for {name}"
        assert value is not None, f"{route.label}: no value for the parameter {name!r}; add one to by_name"
        return value

    return value


def _refusal(route: Route, method: str, r) -> str | None:
    """None when the anonymous request was refused as it should be, else what is wrong."""
    if r.status_code == 302:
        target = urlsplit(r["Location"]).path
        if target in (reverse("accounts-login"), reverse("admin:login")):
            return None
        return f"{route.label}: anonymous {method.upper()} redirects to {r['Location']}, not to a login page"
    if r.status_code in REFUSALS:
        return None
    return f"{route.label}: anonymous {method.upper()} answers {r.status_code}"


def anonymous_problems(values) -> list[str]:
    """What every route not on PUBLIC answers an anonymous GET and POST, where that is not a refusal."""
    client = Client(raise_request_exception=False)
    problems = []
    for route in site_routes():
        url = fill(route, values)
        match = resolve(url)
        assert match.route == route.route, f"{route.label}: {url} resolves to /{match.route}"
        if route.name in PUBLIC:
            continue
        answers = {method: getattr(client, method)(url) for method in METHODS}
        wrong = {m: _refusal(route, m, r) for m, r in answers.items()}
        # A method the route does not offer is refused before anyone asks who is calling; fine, as long as the
        # method it does offer asks.
        offered = [m for m, r in answers.items() if r.status_code != 405]
        if offered and not any(wrong[m] for m in offered):
            wrong = {m: w for m, w in wrong.items() if answers[m].status_code != 405}
        problems += [w for w in wrong.values() if w]
    return problems


def test_every_route_refuses_an_anonymous_visitor_or_is_listed_as_public(values):
    problems = anonymous_problems(values)
    assert not problems, (
        "These routes answer an anonymous visitor. Require a login (login_required, the API's auth), or, if the "
        "page is meant for everyone, add its URL name to PUBLIC in tests/test_routes.py with the reason:\n"
        + "\n".join(problems)
    )


def _open_page(request):
    return HttpResponse("任何人都能看")


# The site plus one page that anyone can open, for the test below.
urlpatterns = [path("work/open/", _open_page, name="open-page"), path("", include("sanshen.urls"))]


def test_the_inventory_catches_a_page_that_anyone_can_open(values, settings):
    settings.ROOT_URLCONF = __name__
    assert anonymous_problems(values) == [
        "/work/open/ (open-page): anonymous GET answers 200",
        "/work/open/ (open-page): anonymous POST answers 200",
    ]


# The public pages a visitor opens with GET (the rest take POST, or forward to another page).
OPENS = {"public-home", "public-robots", "public-column", "public-feed", "public-article", "public-attachment", "public-body-image",
         "accounts-login"}


def test_public_routes_answer_without_an_error_and_the_pages_open(values):
    client = Client(raise_request_exception=False)
    by_name = {r.name: r for r in site_routes() if r.name}
    for name in PUBLIC:
        url = fill(by_name[name], values)
        for method in METHODS:
            r = getattr(client, method)(url)
            assert r.status_code < 500, f"{name}: anonymous {method.upper()} {url} answers {r.status_code}"
            if method == "get" and name in OPENS:
                assert r.status_code == 200, f"{name}: {url} answers {r.status_code}"


def test_the_public_list_names_only_routes_that_exist():
    names = {r.name for r in site_routes()}
    assert set(PUBLIC) - names == set()


@pytest.mark.parametrize(
    "prefix",
    ["accounts/", "work/", "work/audit/", "work/monitoring/", "work/oversight/", "report-error/", "api/",
     settings.SANSHEN_ADMIN_PATH, "article/"],
)
def test_the_inventory_reaches_every_part_of_the_site(prefix):
    assert any(r.route.startswith(prefix) for r in site_routes())
