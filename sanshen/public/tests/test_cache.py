"""The public lists are kept rendered per process and drawn again the moment the site changes (views.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanshen.accounts.models import Column
from sanshen.public import views
from sanshen.review import workflow
from sanshen.review.models import Status, Submission
from sanshen.test import approve_through_unit, draft, pass_as


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _approved(county, title, column=None):
    s = draft(county, title=title, column=column or county.column)
    return pass_as(approve_through_unit(county, s), county.county_reviewer)


def _publish(county, title, column=None):
    return workflow.perform(_approved(county, title, column), county.county_reviewer, "publish")


def _published_elsewhere(item: Submission) -> None:
    """Another worker process publishes (a queryset update: nothing of this process hears of it but the rows)."""
    Submission.objects.filter(pk=item.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now(), published_revision=F("current_revision"), updated=timezone.now()
    )


def _lists(county) -> tuple[str, ...]:
    return ("/", f"/column/{county.column.slug}/", f"/column/{county.column.slug}/feed/")


@pytest.mark.parametrize("which", [0, 1, 2])  # home, column page (its count is cached too), feed
def test_a_second_visit_costs_one_query(county, client, which):
    _publish(county, "三江镇开展冬季消防安全检查")
    path = _lists(county)[which]
    first = client.get(path)
    with CaptureQueriesContext(connection) as again:
        second = client.get(path)
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The columns shown, with the newest change on the site beside them; no item is read.
    (query,) = again.captured_queries
    assert query["sql"].startswith('SELECT "accounts_column"') and 'AS "site_updated"' in query["sql"]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_an_item_published_by_another_process_shows_at_once(county, client, which):
    _publish(county, "三江镇开展冬季消防安全检查")
    waiting = _approved(county, "三江镇召开村级财务公开工作会")
    path = _lists(county)[which]
    assert "村级财务公开" not in client.get(path).content.decode()
    _published_elsewhere(waiting)
    page = client.get(path).content.decode()
    assert "村级财务公开" in page and "冬季消防安全检查" in page


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_withdrawn_item_leaves_the_lists_at_once(county, client, which):
    item = _publish(county, "三江镇发布的一则有误信息")
    path = _lists(county)[which]
    assert "一则有误信息" in client.get(path).content.decode()
    workflow.perform(item, county.county_reviewer, "withdraw", opinion="数据有误，撤稿更正")
    assert "一则有误信息" not in client.get(path).content.decode()


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_column_renamed_elsewhere_shows_its_new_name(county, client, which):
    _publish(county, "三江镇开展冬季消防安全检查")
    path = _lists(county)[which]
    assert county.column.name in client.get(path).content.decode()
    Column.objects.filter(pk=county.column.pk).update(name="乡镇动态（更名）")  # no signal: as another process
    assert "乡镇动态（更名）" in client.get(path).content.decode()


def test_the_page_count_follows_new_items(county, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        _publish(county, f"三江镇工作动态第{n + 1}期")
    path = f"/column/{county.column.slug}/?page=2"
    before = client.get(path).content.decode()
    assert "第 2 / 2 页" in before and "第1期" in before
    _published_elsewhere(_approved(county, "三江镇工作动态第4期"))
    _published_elsewhere(_approved(county, "三江镇工作动态第5期"))
    page = client.get(path).content.decode()
    assert "第 2 / 3 页" in page and "第3期" in page and "第2期" in page and "第1期" not in page


def test_deep_pages_are_drawn_each_time_but_counted_once(county, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(views, "CACHED_PAGES", 1)
    for n in range(3):
        _publish(county, f"三江镇工作动态第{n + 1}期")
    path = f"/column/{county.column.slug}/?page=3"
    first = client.get(path).content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get(path).content.decode()
    assert first == second and "第1期" in second and "第 3 / 3 页" in second
    sql = [q["sql"] for q in again.captured_queries]
    assert not any("COUNT(" in s for s in sql)
    assert len(sql) == 3 and sum("review_submission" in s for s in sql) == 3  # column and stamp, the page's ids, rows


@pytest.mark.parametrize("draws_token, renders", [(False, 1), (True, 2)])
def test_a_page_with_a_csrf_token_is_never_kept(db, draws_token, renders):
    drawn = []

    def render_page():
        drawn.append(1)
        return get_token(request) if draws_token else "列表"

    for _ in range(2):
        request = RequestFactory().get("/")
        response = views._cached(request, "public:test", render_page)
        assert isinstance(response, HttpResponse) and response.status_code == 200
    assert len(drawn) == renders
