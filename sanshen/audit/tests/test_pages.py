"""审计日志 pages: in Chinese, filtered, exported as CSV, checkpoints printable; only the audit administrator."""

import csv
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from sanshen.audit import checkpoints
from sanshen.audit.log import checkpoint, record
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.test import draft, pass_as

from .helpers import raw

PAGES = ["/work/audit/", "/work/audit/1/", "/work/audit/export.csv", "/work/audit/checkpoints/"]


@pytest.fixture
def history(county):
    """Entries 1-4: a login, a failed login, an item created and submitted, in unit A (三江镇). The auditor's
    login (force_login) is entry 5."""
    record("accounts.login", actor=county.drafter, obj=county.drafter, ip="10.0.0.8")
    record("accounts.login_failed", outcome="failed", ip="10.0.0.9", username="a.drafter")
    submission = draft(county, title="三江镇召开森林防火工作会议")
    workflow.perform(submission, county.drafter, "submit")
    return submission


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["sysadmin", "drafter", "county_reviewer"])
def test_it_refuses_everyone_but_the_auditor(county, client, history, path, who):
    client.force_login(getattr(county, who))
    before = AuditEntry.objects.count()
    assert client.get(path).status_code == 403
    assert AuditEntry.objects.count() == before  # a refused export writes nothing


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_visitors_to_the_login_page(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_shows_actions_objects_and_results_in_chinese(county, client, history):
    client.force_login(county.auditor)
    r = client.get("/work/audit/")
    assert r.status_code == 200
    page = r.content.decode().split("<table")[1]  # the rows, not the filter's options
    for text in ("登录", "登录失败", "账号 a.drafter", "新建稿件", "送审", "稿件《三江镇召开森林防火工作会议》", "人员 潘德江（a.drafter）",
                 "成功", "失败", "三江镇", "10.0.0.8"):  # fmt: skip
        assert text in page, text
    for raw_code in ("accounts.login", "review.submit", "accounts.user ", ">ok<", ">failed<"):
        assert raw_code not in page, raw_code


def test_it_names_the_stage_of_a_decision(county, client, history):
    pass_as(history, county.first)
    client.force_login(county.auditor)
    page = client.get("/work/audit/", {"action": "review.pass"}).content.decode()
    assert "审核通过（初审初校）" in page


def test_it_names_a_deleted_object_by_what_was_recorded(county, client):
    record("manage.deleted", actor=county.sysadmin, obj=county.column, object="乡镇动态")
    raw("UPDATE audit_auditentry SET object_id = %s WHERE seq = 1", ["99999"])  # the row it named is gone
    client.force_login(county.auditor)
    page = client.get("/work/audit/").content.decode()
    assert "系统管理：删除" in page and "乡镇动态（已删除）" in page


def _seqs(client, **query) -> list[int]:
    r = client.get("/work/audit/", query)
    assert r.status_code == 200
    return [row.entry.seq for row in r.context["rows"]]


def test_it_filters_by_person_unit_action_and_result(county, client, history):
    client.force_login(county.auditor)
    everything = _seqs(client)
    assert everything == [5, 4, 3, 2, 1]
    assert _seqs(client, who="潘德江") == [4, 3, 1]
    assert _seqs(client, who="a.drafter") == [4, 3, 1]  # the login name too
    assert _seqs(client, unit=county.unit_a.pk) == [4, 3, 1]
    assert _seqs(client, unit=county.auditor.unit.pk) == [5]
    assert _seqs(client, action="accounts.login") == [5, 1]
    assert _seqs(client, action="review.submit") == [4]
    assert _seqs(client, outcome="failed") == [2]
    assert _seqs(client, who="潘德江", action="accounts.login") == [1]


def test_it_filters_by_county_days(county, client):
    client.force_login(county.auditor)  # entry 1, today
    day = timezone.make_aware(datetime(2020, 3, 10, 0, 30))  # 00:30 in 锦屏县 is still the 9th in UTC
    for offset in (-1, 0, 1):
        with time_machine.travel(day + timedelta(days=offset), tick=False):
            record("accounts.login", actor=county.drafter, obj=county.drafter)
    assert _seqs(client, start="2020-03-10", end="2020-03-10") == [3]
    assert _seqs(client, start="2020-03-10") == [4, 3, 1]
    assert _seqs(client, end="2020-03-10") == [3, 2]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2026-13-40"}, "起始日期："),
        ({"start": "2026-03-11", "end": "2026-03-10"}, "起始日期不能晚于截止日期"),
        ({"action": "nothing.such"}, "操作："),
    ],
)
def test_it_explains_a_bad_filter_and_still_lists(county, client, history, query, message):
    client.force_login(county.auditor)
    r = client.get("/work/audit/", query)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert len(r.context["rows"]) == 5


def test_it_keeps_the_filters_across_pages(county, client):
    for _ in range(55):
        record("accounts.login", actor=county.drafter, obj=county.drafter)
    record("accounts.logout", actor=county.drafter, obj=county.drafter)
    client.force_login(county.auditor)
    r = client.get("/work/audit/", {"action": "accounts.login"})
    assert 'href="?action=accounts.login&amp;page=2"' in r.content.decode()
    assert _seqs(client, action="accounts.login", page=2) == [6, 5, 4, 3, 2, 1]  # 56 logins, the auditor's last


def test_it_opens_one_entry_with_its_detail_in_chinese(county, client, history):
    client.force_login(county.auditor)
    r = client.get("/work/audit/4/")
    assert r.status_code == 200
    page = r.content.decode()
    for text in ("第 4 条：送审", "review.submit", "稿件《三江镇召开森林防火工作会议》", "原环节", "草稿", "新环节", "初审初校",
                 AuditEntry.objects.get(seq=4).hash):  # fmt: skip
        assert text in page, text
    assert 'href="/work/audit/3/">上一条' in page and 'href="/work/audit/5/">下一条' in page
    assert "下一条" not in client.get("/work/audit/5/").content.decode()  # the auditor's own login is the last
    assert client.get("/work/audit/999/").status_code == 404


def test_it_exports_the_filtered_entries_as_csv_excel_can_open(county, client, history):
    client.force_login(county.auditor)
    r = client.get("/work/audit/export.csv", {"who": "潘德江"})
    assert r.status_code == 200
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    assert r["Content-Disposition"].startswith('attachment; filename="audit-')
    data = b"".join(r.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "时间", "操作人", "单位", "操作", "操作代码", "对象", "结果", "来源地址", "详情", "哈希"]
    assert [(r[0], r[2], r[3], r[4], r[7]) for r in rows[1:]] == [
        ("1", "潘德江", "三江镇", "登录", "成功"),
        ("3", "潘德江", "三江镇", "新建稿件", "成功"),
        ("4", "潘德江", "三江镇", "送审", "成功"),
    ]
    assert rows[2][6] == "稿件《三江镇召开森林防火工作会议》"
    # The export is itself in the audit log: who, how many rows, which filters.
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.actor, last.detail) == ("audit.exported", county.auditor, {"count": 3, "filters": {"who": "潘德江"}})


def test_it_keeps_spreadsheet_formulas_out_of_the_export(county, client):
    record("accounts.login_failed", outcome="failed", username="=HYPERLINK(\"http://x\")")
    county.drafter.full_name = "=1+1"
    county.drafter.save()
    record("accounts.login", actor=county.drafter, obj=county.drafter)
    client.force_login(county.auditor)
    text = b"".join(client.get("/work/audit/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2][2] == "'=1+1"
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_it_verifies_the_chain_from_the_page(county, client, history):
    checkpoint("daily")
    client.force_login(county.auditor)
    assert "哈希链完好：共核对 5 条，与 1 个检查点一致" in client.get("/work/audit/", {"verify": "1"}).content.decode()
    raw("DELETE FROM audit_auditentry WHERE seq = 1")
    page = client.get("/work/audit/", {"verify": "1"}).content.decode()
    assert "最早出错的是第 1 条" in page and "链首缺失：第 1–1 条记录被删除" in page


def test_it_lists_the_checkpoints_for_printing(county, client, history):
    first = checkpoint("daily")
    record("accounts.logout", actor=county.drafter, obj=county.drafter)
    second = checkpoint("backup")
    client.force_login(county.auditor)
    r = client.get("/work/audit/checkpoints/")
    assert r.status_code == 200
    assert [(m.seq, state) for m, state in r.context["rows"]] == [(5, "一致"), (4, "一致")]
    page = r.content.decode()
    assert first.hash in page and second.hash in page and "每日" in page and "备份" in page
    assert str(checkpoints.path()) in page and "data-print" in page
    # An entry rewritten behind the application's back: its checkpoint no longer matches.
    raw("UPDATE audit_auditentry SET hash = %s WHERE seq = 5", ["f" * 64])
    assert [state for _, state in client.get("/work/audit/checkpoints/").context["rows"]] == ["不一致", "一致"]


def test_it_says_when_there_is_no_checkpoint_yet(county, client):
    client.force_login(county.auditor)
    assert "还没有检查点" in client.get("/work/audit/checkpoints/").content.decode()
