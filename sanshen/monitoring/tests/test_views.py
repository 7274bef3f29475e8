"""The 监测 pages: the county office and county reviewers see everything, a unit its own sites' findings."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from sanshen.accounts.models import RoleName, Unit
from sanshen.audit.models import AuditEntry
from sanshen.monitoring.models import MonitoredSite, MonitorFinding, MonitorRun, Threshold
from sanshen.test import make_person, make_unit

from .conftest import FAST

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(county):
    """县政府办 (错敏登记): runs monitoring and sets its thresholds."""
    unit = make_unit("县政府办", "xzfb", Unit.Kind.COUNTY_GOVERNMENT_OFFICE)
    return make_person("c.office", "龙红梅", unit, RoleName.COUNTY_OFFICE)


@pytest.fixture
def watched(county):
    """Unit A's own site with one finding, unit B's with another, and a finished run with indicators."""
    a = MonitoredSite.objects.create(unit=county.unit_a, kind=MonitoredSite.Kind.UNIT_SITE, name="三江镇网站", url="http://127.0.0.1:9/a/")
    b = MonitoredSite.objects.create(unit=county.unit_b, kind=MonitoredSite.Kind.UNIT_SITE, name="茅坪镇网站", url="http://127.0.0.1:9/b/")
    indicators = {
        "home": {"name": "首页", "url": a.url, "age": 3, "limit": 14, "stale": False, "empty": False, "problem": "", "last": "2026-06-27"},
        "columns": [
            {"name": "乡镇新闻", "url": a.url + "news/", "kind": "news", "age": 20, "limit": 14, "stale": True, "empty": False, "problem": "", "last": "2026-06-10"},
            {"name": "通知公告", "url": a.url + "tzgg/", "kind": "policy", "age": None, "limit": 183, "stale": False, "empty": True, "problem": "", "last": ""},
        ],
        "news_stale": 1, "policy_stale": 0, "long_stale": 0, "empty": 1, "veto": [], "probes": {"total": 0},
    }  # fmt: skip
    now = timezone.now()
    run_a = MonitorRun.objects.create(kind="site", site=a, status="done", finished=now, pages=12, findings=1, indicators=indicators)
    run_b = MonitorRun.objects.create(kind="site", site=b, status="done", finished=now, pages=3, findings=1)
    fa = MonitorFinding.objects.create(
        site=a, unit=county.unit_a, first_run=run_a, last_run=run_a, kind="broken_link", severity="serious", url=a.url,
        target=a.url + "gone", text="失效", message="首页上的链接无法访问（HTTP 404）：三江", fingerprint="a" * 40, home=True,
    )  # fmt: skip
    fb = MonitorFinding.objects.create(
        site=b, unit=county.unit_b, first_run=run_b, last_run=run_b, kind="content_changed", severity="block", url=b.url,
        text="标题", message="网页上的标题或正文与签发发布的版本不一致：茅坪", fingerprint="b" * 40,
        detail={"problems": ["网页上的标题或正文与签发发布的版本不一致"], "chunks": [{"op": "equal", "text": "召开"}, {"op": "delete", "text": "部署"}, {"op": "insert", "text": "暂停"}]},
    )  # fmt: skip
    return {"a": a, "b": b, "run_a": run_a, "run_b": run_b, "fa": fa, "fb": fb}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_shows_the_county_office_everything(client, office, watched):
    client.force_login(office)
    r = client.get("/work/monitoring/")
    assert r.status_code == 200
    page = r.content.decode()
    for text in ("三江镇网站", "茅坪镇网站", "首页上的链接无法访问（HTTP 404）：三江", "网页上的标题或正文与签发发布的版本不一致：茅坪", "立即巡检", "立即比对转载稿"):
        assert text in page
    assert page.count('<svg class="mon-chart"') == 1
    assert "乡镇新闻" in page and "20 天" in page and "空白栏目" in page


def test_it_shows_county_reviewers_everything_without_the_buttons(client, county, watched):
    client.force_login(county.county_reviewer)
    page = client.get("/work/monitoring/").content.decode()
    assert "茅坪镇网站" in page and "三江镇网站" in page
    assert "立即巡检" not in page


def test_a_unit_sees_only_its_own_sites(client, county, watched):
    client.force_login(county.drafter)
    page = client.get("/work/monitoring/").content.decode()
    assert "三江镇网站" in page and "：三江" in page
    assert "茅坪镇网站" not in page and "：茅坪" not in page
    assert client.get(f"/work/monitoring/findings/{watched['fa'].pk}/").status_code == 200
    assert client.get(f"/work/monitoring/findings/{watched['fb'].pk}/").status_code == 404
    assert client.get(f"/work/monitoring/runs/{watched['run_b'].pk}/").status_code == 404


@pytest.mark.parametrize("who", ["sysadmin", "auditor", "secrecy"])
def test_people_of_units_that_publish_nothing_see_no_monitoring(client, county, watched, who):
    client.force_login(getattr(county, who))
    assert client.get("/work/monitoring/").status_code == 404


def test_it_asks_visitors_to_log_in(client, watched):
    r = client.get("/work/monitoring/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_it_filters_findings(client, office, watched):
    client.force_login(office)
    page = client.get("/work/monitoring/", {"kind": "content_changed"}).content.decode()
    assert "：茅坪" in page and "：三江" not in page
    page = client.get("/work/monitoring/", {"site": watched["a"].pk, "severity": "serious"}).content.decode()
    assert "：三江" in page and "：茅坪" not in page
    MonitorFinding.objects.filter(pk=watched["fa"].pk).update(gone_at=timezone.now())
    assert "：三江" not in client.get("/work/monitoring/").content.decode()
    assert "：三江" in client.get("/work/monitoring/", {"state": "gone"}).content.decode()


def test_it_shows_a_finding_with_its_differences(client, office, watched):
    client.force_login(office)
    page = client.get(f"/work/monitoring/findings/{watched['fb'].pk}/").content.decode()
    assert "<del>部署</del><ins>暂停</ins>" in page
    assert "以签发发布的版本为准" in page


def test_it_shows_a_run_with_its_indicators(client, office, watched):
    client.force_login(office)
    page = client.get(f"/work/monitoring/runs/{watched['run_a'].pk}/").content.decode()
    assert "网站巡检：三江镇网站" in page and "不更新" in page and "空白栏目" in page
    r = client.get(f"/work/monitoring/runs/{watched['run_a'].pk}/progress/")
    assert r.status_code == 200 and r["HX-Refresh"] == "true"


def test_the_county_office_sets_thresholds(client, office):
    client.force_login(office)
    page = client.get("/work/monitoring/thresholds/").content.decode()
    assert 'name="account_stale_days" value="14"' in page and "保存" in page
    from sanshen.monitoring.indicators import DEFAULTS

    values = {**DEFAULTS, "account_stale_days": 10}
    r = client.post("/work/monitoring/thresholds/", values)
    assert r.status_code == 302
    assert list(Threshold.objects.values_list("key", "value", "updated_by")) == [("account_stale_days", 10, office.pk)]
    assert messages_of(r) == ["已保存，修改了 1 项阈值。"]
    entry = AuditEntry.objects.filter(action="monitoring.thresholds_changed").get()
    assert entry.detail["changed"] == {"account_stale_days": 10}


@pytest.mark.parametrize("value, error", [("0", "阈值至少为 1"), ("abc", "请填写整数"), ("101", "阈值不能超过 100")])
def test_it_refuses_a_bad_threshold_and_saves_nothing(client, office, value, error):
    from sanshen.monitoring.indicators import DEFAULTS

    client.force_login(office)
    r = client.post("/work/monitoring/thresholds/", {**DEFAULTS, "account_stale_days": 20, "repost_similarity": value})
    assert r.status_code == 200
    assert error in r.content.decode()
    assert messages_of(r) == ["有阈值填写不正确，请按提示修改。"]
    assert Threshold.objects.count() == 0


def test_only_the_county_office_changes_thresholds(client, county, office):
    from sanshen.monitoring.indicators import DEFAULTS

    client.force_login(county.county_reviewer)
    assert client.post("/work/monitoring/thresholds/", {**DEFAULTS, "account_stale_days": 3}).status_code == 403
    assert Threshold.objects.count() == 0


def test_the_county_office_starts_a_run_and_watches_it(client, office, county, site, django_capture_on_commit_callbacks, monkeypatch):
    from sanshen.monitoring import runs

    monkeypatch.setattr(runs, "OTHER_SITE_DELAY", 0)
    site.robots()
    site.page("/", "<p>三江镇 2026-06-01</p>")
    watched = MonitoredSite.objects.create(unit=county.unit_a, kind=MonitoredSite.Kind.UNIT_SITE, name="三江镇网站", url=site.url("/"), max_pages=FAST.max_pages)
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/work/monitoring/runs/", {"kind": "site", "site": watched.pk})
    run = MonitorRun.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/work/monitoring/runs/{run.pk}/"
    assert (run.status, run.started_by, run.pages) == ("done", office, 1)
    assert AuditEntry.objects.filter(action="monitoring.run_started").count() == 1
    page = client.get(r["Location"]).content.decode()
    assert "已完成" in page and "发起人 龙红梅" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "site"}, "请选择要巡检的网站"),
        ({"kind": "account", "site": "999"}, "监测对象不存在或已停用"),
        ({"kind": "nonsense"}, "任务类型无效"),
    ],
)
def test_it_refuses_a_bad_run_request(client, office, data, message):
    client.force_login(office)
    r = client.post("/work/monitoring/runs/", data)
    assert r.status_code == 302
    assert messages_of(r) == [message]
    assert MonitorRun.objects.count() == 0


def test_it_does_not_start_a_run_twice(client, office, watched):
    active = MonitorRun.objects.create(kind="site", site=watched["a"], status="running")
    client.force_login(office)
    r = client.post("/work/monitoring/runs/", {"kind": "site", "site": watched["a"].pk})
    assert r["Location"] == f"/work/monitoring/runs/{active.pk}/"
    assert messages_of(r) == ["该任务正在运行，请等待完成后再启动。"]
    assert MonitorRun.objects.filter(site=watched["a"]).count() == 2


def test_only_the_county_office_starts_runs(client, county, watched):
    client.force_login(county.county_reviewer)
    assert client.post("/work/monitoring/runs/", {"kind": "reposts"}).status_code == 403
    assert client.get("/work/monitoring/runs/").status_code == 405
    assert MonitorRun.objects.filter(kind="reposts").count() == 0
