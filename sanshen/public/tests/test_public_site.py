import xml.etree.ElementTree as ET

from protego import Protego

from sanshen.accounts.models import Column
from sanshen.review import workflow
from sanshen.review.models import Status
from sanshen.test import approve_through_unit, draft, pass_as

ATOM = "{http://www.w3.org/2005/Atom}"


def _publish(county, title, column=None):
    s = draft(county, title=title, column=column or county.column)
    s = approve_through_unit(county, s)
    s = pass_as(s, county.county_reviewer)
    return workflow.perform(s, county.county_reviewer, "publish")


def test_it_shows_only_published_items(county, client):
    published = _publish(county, "三江镇开展冬季消防安全检查")
    waiting = draft(county, title="三江镇尚未审核的稿件")
    approve_through_unit(county, waiting)
    home = client.get("/").content.decode()
    assert "三江镇开展冬季消防安全检查" in home
    assert "尚未审核" not in home
    column = client.get(f"/column/{county.column.slug}/").content.decode()
    assert "三江镇开展冬季消防安全检查" in column and "尚未审核" not in column
    assert client.get(f"/article/{waiting.public_id}/").status_code == 404
    article = client.get(f"/article/{published.public_id}/").content.decode()
    assert "三江镇" in article and published.published_at.astimezone().strftime("%Y-%m-%d") in article


def test_it_paginates_a_column(county, client):
    for i in range(22):
        _publish(county, f"三江镇工作动态第{i + 1}期")
    first = client.get(f"/column/{county.column.slug}/").content.decode()
    second = client.get(f"/column/{county.column.slug}/?page=2").content.decode()
    assert first.count("三江镇工作动态第") == 20
    assert second.count("三江镇工作动态第") == 2
    assert "第 2 / 2 页" in second
    # Newest first: the last published is at the top of page one.
    assert first.index("第22期") < first.index("第21期")


def test_it_serves_an_atom_feed_per_column(county, client):
    item = _publish(county, "三江镇召开村级财务公开工作会")
    other = Column.objects.create(name="通知公告", slug="tzgg")
    _publish(county, "关于开展冬季防火的通知", column=other)
    r = client.get(f"/column/{county.column.slug}/feed/")
    assert r.status_code == 200 and "atom" in r["Content-Type"]
    tree = ET.fromstring(r.content)
    titles = [e.findtext(f"{ATOM}title") for e in tree.findall(f"{ATOM}entry")]
    assert titles == ["三江镇召开村级财务公开工作会"]
    link = tree.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.endswith(f"/article/{item.public_id}/")


def test_it_says_a_withdrawn_item_was_withdrawn(county, client):
    item = _publish(county, "三江镇发布的一则有误信息")
    workflow.perform(item, county.county_reviewer, "withdraw", opinion="数据有误，撤稿更正")
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    r = client.get(f"/article/{item.public_id}/")
    assert r.status_code == 410
    assert "已撤稿" in r.content.decode()
    assert "三江镇发布的一则有误信息" not in client.get("/").content.decode()


def test_it_shows_the_repost_source(county, client):
    s = draft(county, title="转载：全国政务公开工作要点", is_repost=True, repost_source="中国政府网", repost_author="新华社")
    s = approve_through_unit(county, s)
    s = pass_as(s, county.county_reviewer)
    s = workflow.perform(s, county.county_reviewer, "publish")
    page = client.get(f"/article/{s.public_id}/").content.decode()
    assert "来源：中国政府网" in page and "作者：新华社" in page


def test_robots_txt_lets_crawlers_read_the_site_and_not_the_work_area(county, client):
    published = _publish(county, "三江镇开展冬季消防安全检查")
    r = client.get("/robots.txt")
    assert (r.status_code, r["Content-Type"]) == (200, "text/plain; charset=utf-8")
    rules = Protego.parse(r.content.decode())
    site = "http://testserver"
    for url in ("/", f"/column/{county.column.slug}/", f"/article/{published.public_id}/"):
        assert rules.can_fetch(site + url, "sanshen-monitor"), url
    for url in ("/work/", f"/work/submissions/{published.pk}/", "/manage/", "/api/submissions", "/accounts/login/"):
        assert not rules.can_fetch(site + url, "sanshen-monitor"), url
