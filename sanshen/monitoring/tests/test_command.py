"""sanshen monitor URL --once --format json|text: every finding printed, exit 1 when any, 0 when clean."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    # The pages below are dated 2026-12-01: five days before "today", so the home page counts as updated.
    with time_machine.travel(dt.datetime(2026, 12, 6, 10, tzinfo=dt.timezone.utc), tick=False):
        yield

ARGS = ("--once", "--delay", "0", "--timeout", "2")


def monitor(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("monitor", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_it_prints_every_finding_as_json_and_exits_1(site, other):
    site.robots()
    other.page("/casino", "<p>真人荷官 在线发牌</p>")
    site.page("/", f'<p>首页 2026-12-01</p><a href="/gone">失效</a><a href="{other.url("/casino")}">链接</a><div style="display:none"><a href="{other.url("/x")}">x</a></div>')
    site.page("/gone", "无", status=404)
    other.page("/x", "<p>x</p>")
    code, out, _ = monitor(site.url("/"), *ARGS, "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert sorted((f["kind"], f["severity"]) for f in findings) == [
        ("broken_link", "serious"),
        ("external_link_changed", "block"),
        ("hidden_content", "serious"),
    ]
    for f in findings:
        assert {"url", "kind", "severity", "text", "message"} <= set(f)
    broken = next(f for f in findings if f["kind"] == "broken_link")
    assert (broken["url"], broken["text"], broken["target"], broken["home"]) == (site.url("/"), "失效", site.url("/gone"), True)


def test_it_prints_text_and_exits_0_on_a_clean_site(site):
    site.robots()
    site.page("/", '<p>锦屏县人民政府 2026-12-01</p><a href="/a">A</a>')
    site.page("/a", "<p>县政府召开常务会议。</p>")
    code, out, _ = monitor(site.url("/"), *ARGS, "--format", "text")
    assert (code, out) == (0, "共发现 0 个问题。\n")


def test_it_reports_machine_check_findings_by_their_category(site):
    site.robots()
    site.page("/", "<p>2026-12-01 本文件为机密★5年。</p>")
    code, out, _ = monitor(site.url("/"), *ARGS, "--format", "text")
    assert code == 1
    assert out.splitlines() == [
        site.url("/"),
        "  [涉密标识·block] 出现密级标识“机密★5年”，涉密内容不得上网发布",
        "  证据：机密★5年",
        "共发现 1 个问题。",
    ]


def test_it_respects_max_pages_and_says_what_it_left(site):
    site.robots()
    site.page("/", '<p>2026-12-01</p><a href="/a">A</a><a href="/b">B</a>')
    site.page("/a", "<p>A</p>")
    site.page("/b", "<p>B</p>")
    code, _, err = monitor(site.url("/"), *ARGS, "--max-pages", "2")
    assert code == 0
    assert site.requested() == ["/robots.txt", "/", "/a"]
    assert err.strip() == f"{site.url('/b')}：超出页数上限（2 页），未检查"


@pytest.mark.parametrize(
    "args, message",
    [
        (("http://127.0.0.1:9/", "--format", "json"), "请加 --once：本命令抓取一次后退出，定期监测由后台任务（huey）按计划运行。"),
        (("ftp://example/", "--once"), "没有可抓取的网址（只支持 http/https）"),
        (("http://127.0.0.1:9/", "--once", "--max-pages", "0"), "--max-pages 至少为 1"),
    ],
)
def test_it_refuses_bad_input_in_chinese(args, message):
    with pytest.raises(CommandError) as caught:
        call_command("monitor", *args)
    assert str(caught.value) == message
    assert caught.value.returncode == 2
