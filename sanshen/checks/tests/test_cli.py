"""`sanshen check` run as a separate process, the way a person or a script runs it."""

import json
import subprocess
import sys
import types
from pathlib import Path

import docx
import pytest

from sanshen.checks import cli

REPO = Path(__file__).resolve().parents[3]
# The checkers whose findings these tests spell out; the default run is tested on its own.
MINE = ["--checkers", "secrecy,sensitive,pii,repost"]
TEXT = "关于春耕的通知\n联系人：张三，手机13812345678。\n本文件为机密★5年\n"


def run(*args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sanshen.checks.cli", "check", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


@pytest.fixture
def notice(tmp_path) -> Path:
    path = tmp_path / "通知.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_it_prints_one_line_per_finding(notice):
    result = run(*MINE, str(notice))
    assert result.returncode == 1
    assert out(result).splitlines() == [
        "2:10  严重  pii.phone  “13812345678” → “138****5678”  手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）",
        "3:5  禁止  secrecy.classification  “机密★5年”  出现密级标识“机密★5年”，涉密内容不得上网发布",
        "共 2 个问题（禁止 1，严重 1）",
    ]
    assert err(result) == ""


def test_it_prints_exactly_one_json_list(notice):
    result = run(*MINE, "--format", "json", str(notice))
    assert result.returncode == 1
    findings = json.loads(out(result))
    assert [(f["rule"], f["start"], f["end"], f["text"]) for f in findings] == [
        ("pii.phone", 17, 28, "13812345678"),
        ("secrecy.classification", 34, 39, "机密★5年"),
    ]
    assert findings[0]["suggestion"] == "138****5678"
    assert findings[0]["category"] == "pii_phone"


def test_it_prints_a_self_contained_html_report(notice):
    result = run(*MINE, "--format", "html", str(notice))
    assert result.returncode == 1
    page = out(result)
    assert page.startswith("<!DOCTYPE html>")
    assert '<mark class="serious" title="严重 pii.phone：手机号码' in page
    assert ">13812345678</mark>" in page
    assert '<mark class="block"' in page
    assert "<script" not in page and "http" not in page


def test_it_escapes_html_in_the_report(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("<b>手机13812345678</b>", encoding="utf-8")
    page = out(run(*MINE, "--format", "html", str(path)))
    assert "&lt;b&gt;手机" in page
    assert "<b>" not in page


@pytest.mark.parametrize(
    "content, status, last_line",
    [
        ("全县春耕生产有序推进。", 0, "未发现问题"),
        # warnings and notes alone do not fail the run
        ("他曾是一名残废人。咨询电话：0591-87654321", 0, "共 2 个问题（警告 1，提示 1）"),
        ("手机13812345678", 1, "共 1 个问题（严重 1）"),
    ],
)
def test_its_exit_status_follows_severity(tmp_path, content, status, last_line):
    path = tmp_path / "a.txt"
    path.write_text(content, encoding="utf-8")
    result = run(*MINE, str(path))
    assert result.returncode == status
    assert out(result).splitlines()[-1] == last_line


def test_it_reads_gb18030_text(tmp_path):
    path = tmp_path / "旧文件.txt"
    path.write_bytes("联系人手机13812345678".encode("gb18030"))
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["start"]) for f in findings] == [("pii.phone", 5)]


def test_it_reads_standard_input():
    result = run(*MINE, "--format", "json", "-", stdin="手机13812345678".encode("utf-8"))
    assert [(f["rule"], f["start"], f["end"]) for f in json.loads(out(result))] == [("pii.phone", 2, 13)]


def test_it_reads_html(tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>机密★5年</title><style>p{}</style></head><body>'
        "<h1>通知</h1><script>var a = '13812345678';</script>"
        "<p>联系人：张三，\n  手机<b>13912345678</b>。</p><div>本文件为机密★5年</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    result = run(*MINE, str(path))
    assert out(result).splitlines()[:2] == [
        "2:10  严重  pii.phone  “13912345678” → “139****5678”  手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）",
        "3:5  禁止  secrecy.classification  “机密★5年”  出现密级标识“机密★5年”，涉密内容不得上网发布",
    ]


def test_it_reads_docx_paragraphs_and_table_cells(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于公示补助名单的通知")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "身份证号"
    table.cell(1, 0).text = "张三"
    table.cell(1, 1).text = "11010519491231002X"
    table.cell(1, 2).text = "13812345678"
    document.add_paragraph("以上名单公示五天。")
    path = tmp_path / "名单.docx"
    document.save(path)
    result = run(*MINE, "--format", "json", str(path))
    text = "关于公示补助名单的通知\n姓名\n身份证号\n张三\n11010519491231002X\n13812345678\n以上名单公示五天。"
    findings = json.loads(out(result))
    assert [(f["rule"], f["start"], f["end"]) for f in findings] == [("pii.id_card", 23, 41), ("pii.phone", 42, 53)]
    assert [text[f["start"] : f["end"]] for f in findings] == ["11010519491231002X", "13812345678"]


def test_only_keeps_the_named_categories(notice):
    result = run(*MINE, "--only", "pii_phone,sensitive_word", "--format", "json", str(notice))
    assert [f["rule"] for f in json.loads(out(result))] == ["pii.phone"]
    assert result.returncode == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--only", "pii_phone,phone_numbers"], "参数错误：未知的问题类别：phone_numbers"),
        (["--only", ","], "参数错误：未知的问题类别：（空）"),
        (["--checkers", "spelling"], "参数错误：未知的检查项：spelling"),
        (["--format", "xml"], "参数错误："),
    ],
)
def test_it_refuses_bad_options(notice, args, message):
    result = run(*args, str(notice))
    assert result.returncode == 2
    assert message in err(result)
    assert out(result) == ""


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "文件不存在："),
        ("report.pdf", b"%PDF-1.4", "PDF 文件已损坏，无法打开。"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "请另存为 .docx"),
        ("broken.docx", b"not a zip file", "无法读取 Word 文件"),
        ("binary.txt", b"\xff\xfe\xfd\x80\x81", "无法识别文件编码"),
    ],
)
def test_it_refuses_bad_input(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(*MINE, str(path))
    assert result.returncode == 2
    assert message in err(result)
    assert out(result) == ""


def test_it_needs_no_django(notice):
    code = (
        "import sys; from sanshen.checks.cli import check_main; "
        f"rc = check_main(['--checkers', 'secrecy,sensitive,pii,repost', {str(notice)!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert result.returncode == 1, err(result)


def test_it_runs_every_registered_checker_by_default(notice):
    result = run("--format", "json", str(notice))
    assert result.returncode == 1, err(result)
    rules = [f["rule"] for f in json.loads(out(result))]
    assert "secrecy.classification" in rules and "pii.phone" in rules


def test_csc_eval_delegates_to_its_module(monkeypatch):
    calls = []
    fake = types.ModuleType("sanshen.checks.csc_eval")
    fake.main = lambda argv: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "sanshen.checks.csc_eval", fake)
    monkeypatch.setattr(sys.modules["sanshen.checks"], "csc_eval", fake, raising=False)
    assert cli.csc_eval_main(["data.tsv", "--limit", "10"]) == 7
    assert calls == [["data.tsv", "--limit", "10"]]


def test_it_says_how_to_use_it_without_a_command():
    result = subprocess.run([sys.executable, "-m", "sanshen.checks.cli"], cwd=REPO, capture_output=True, timeout=60)
    assert result.returncode == 2
    assert "用法" in err(result)
