"""The command line's reports (sanshen check prints them; its file reading is sanshen.documents.check_cli) and
`python -m sanshen.checks.cli csc-eval`."""

import subprocess
import sys
import types
from pathlib import Path

import pytest

from sanshen.checks import Engine, cli

REPO = Path(__file__).resolve().parents[3]
TEXT = "关于春耕的通知\n联系人：张三，手机13812345678。\n本文件为机密★5年\n"


@pytest.fixture(scope="module")
def findings():
    return Engine(codes=["secrecy", "pii"]).check(TEXT)


def test_it_prints_one_line_per_finding_and_a_summary(findings):
    assert cli.render_text(TEXT, findings).splitlines() == [
        "2:10  严重  pii.phone  “13812345678” → “138****5678”  手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）",
        "3:5  禁止  secrecy.classification  “机密★5年”  出现密级标识“机密★5年”，涉密内容不得上网发布",
        "共 2 个问题（禁止 1，严重 1）",
    ]


def test_it_says_where_a_finding_in_a_file_is_by_the_describer_given(findings):
    placed = [f.shifted(0, file="a.xlsx", sheet="表", cell="B2") for f in findings]
    lines = cli.render_text(TEXT, placed, describe=lambda place: f"{place['sheet']}!{place['cell']}").splitlines()
    assert [line.split("  ")[0] for line in lines[:2]] == ["表!B2", "表!B2"]


@pytest.mark.parametrize(
    "severities, status, summary",
    [
        ([], 0, "未发现问题"),
        (["warn", "info"], 0, "共 2 个问题（警告 1，提示 1）"),
        (["serious"], 1, "共 1 个问题（严重 1）"),
        (["block", "warn"], 1, "共 2 个问题（禁止 1，警告 1）"),
    ],
)
def test_its_exit_status_follows_severity(findings, severities, status, summary):
    chosen = [findings[0].with_severity(s) for s in severities]
    assert (cli.exit_status(chosen), cli.summary(chosen)) == (status, summary)


def test_it_makes_a_self_contained_html_report_with_the_text_escaped(findings):
    page = cli.render_html("<b>" + TEXT, [f.shifted(3) for f in findings], title="通知.txt")
    assert page.startswith("<!DOCTYPE html>")
    assert '<mark class="serious" title="严重 pii.phone：手机号码' in page
    assert ">13812345678</mark>" in page and "&lt;b&gt;" in page
    assert "<script" not in page and "http" not in page


@pytest.mark.parametrize(
    "value, known, message",
    [
        ("pii_phone,phone_numbers", ("pii_phone",), "未知的问题类别：phone_numbers；可用：pii_phone"),
        (",", ("pii_phone",), "未知的问题类别：（空）；可用：pii_phone"),
    ],
)
def test_it_refuses_unknown_names(value, known, message):
    with pytest.raises(cli.UsageError) as raised:
        cli.names(value, known, "问题类别")
    assert str(raised.value) == message


def test_it_accepts_known_names():
    assert cli.names(" pii_phone , sensitive_word", ("pii_phone", "sensitive_word"), "问题类别") == ["pii_phone", "sensitive_word"]
    assert cli.names(None, (), "问题类别") is None


def test_csc_eval_delegates_to_its_module(monkeypatch):
    calls = []
    fake = types.ModuleType("sanshen.checks.csc_eval")
    fake.main = lambda argv: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "sanshen.checks.csc_eval", fake)
    monkeypatch.setattr(sys.modules["sanshen.checks"], "csc_eval", fake, raising=False)
    assert cli.main(["csc-eval", "data.tsv", "--limit", "10"]) == 7
    assert calls == [["data.tsv", "--limit", "10"]]


def test_it_says_how_to_use_it_and_reads_no_files():
    result = subprocess.run([sys.executable, "-m", "sanshen.checks.cli", "check", "a.txt"], cwd=REPO, capture_output=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode() == "用法：python -m sanshen.checks.cli csc-eval ...（检查文件请用 sanshen check 文件）\n"
