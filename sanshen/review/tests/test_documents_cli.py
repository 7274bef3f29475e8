"""`sanshen check FILE` on PDFs, spreadsheets and pictures: findings say which file and where in it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sanshen.documents.tests.files import pdf_of_images, text_image, xlsx_bytes

REPO = Path(__file__).resolve().parents[3]
ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"
CHECKERS = ["--checkers", "secrecy,sensitive,pii,repost"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sanshen.checks.cli", "check", *args], cwd=REPO, capture_output=True, timeout=120
    )


def _text_pdf(lines: list[str]) -> bytes:
    """A PDF with a real text layer, as offices export from Word."""
    import weasyprint

    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return weasyprint.HTML(string=f'<html><body style="font-family: Noto Sans CJK SC">{paragraphs}</body></html>').write_pdf()


def test_it_reads_spreadsheet_cells(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["姓名", "电话"], ["张三", MOBILE]]}))
    result = run(*CHECKERS, "--format", "json", str(path))
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout.decode())
    assert {k: finding[k] for k in ("rule", "start", "end", "text", "file", "sheet", "cell")} == {
        "rule": "pii.phone", "start": 0, "end": 11, "text": MOBILE, "file": str(path), "sheet": "值班表", "cell": "B2",
    }
    text = run(*CHECKERS, str(path)).stdout.decode().splitlines()
    assert text[0].startswith("工作表“值班表” B2  严重  pii.phone  “13812345678” → “138****5678”")


def test_it_reads_a_picture_by_ocr_with_boxes(tmp_path):
    path = tmp_path / "公示.png"
    path.write_bytes(text_image(["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]))
    result = run(*CHECKERS, "--format", "json", str(path))
    assert result.returncode == 1
    findings = json.loads(result.stdout.decode())
    assert [(f["rule"], f["text"], f["file"], f["page"]) for f in findings] == [
        ("pii.id_card", ID_NUMBER, str(path), 1),
        ("pii.phone", MOBILE, str(path), 1),
    ]
    for f in findings:
        x0, y0, x1, y1 = f["box"]
        mx0, my0, mx1, my1 = f["match_box"]
        assert 150 < y0 < y1 < 215 and x0 <= mx0 < mx1 <= x1 + 1 and (my0, my1) == (y0, y1)
    assert findings[0]["match_box"][2] <= findings[1]["match_box"][0]


def test_it_reads_pdf_text_pages_and_scanned_pages(tmp_path):
    path = tmp_path / "名单.pdf"
    path.write_bytes(_text_pdf(["低保对象名单", f"联系电话：{MOBILE}"]))
    result = run(*CHECKERS, "--format", "json", str(path))
    (finding,) = json.loads(result.stdout.decode())
    assert {k: finding[k] for k in ("rule", "text", "file", "page")} == {
        "rule": "pii.phone", "text": MOBILE, "file": str(path), "page": 1,
    }
    assert "box" not in finding
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(pdf_of_images([text_image(["无个人信息"]), text_image([f"电话 {MOBILE}"])]))
    result = run(*CHECKERS, "--format", "json", str(scanned))
    (finding,) = json.loads(result.stdout.decode())
    assert (finding["rule"], finding["text"], finding["page"], len(finding["box"])) == ("pii.phone", MOBILE, 2, 4)


def test_text_files_get_their_name_too(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text(f"联系电话：{MOBILE}", encoding="utf-8")
    (finding,) = json.loads(run(*CHECKERS, "--format", "json", str(path)).stdout.decode())
    assert (finding["file"], finding["start"], finding["end"]) == (str(path), 5, 16)


def test_the_html_report_marks_the_text_of_the_pieces(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["姓名", "电话"], ["张三", MOBILE]]}))
    page = run(*CHECKERS, "--format", "html", str(path)).stdout.decode()
    assert f'<mark class="serious" title="严重 pii.phone：' in page
    assert f">{MOBILE}</mark>" in page


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("坏.pdf", b"%PDF-1.7\n garbage", "PDF 文件已损坏，无法打开。"),
        ("坏.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "图片已损坏或格式不受支持。"),
        ("假.xlsx", b"<?php echo 1; ?>", "文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
    ],
)
def test_it_refuses_broken_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr.decode() == f"sanshen check：无法读取文件 {path}：{message}\n"
    assert result.stdout == b""


def test_it_still_needs_no_django(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["张三", MOBILE]]}))
    code = (
        "import sys; from sanshen.checks.cli import check_main; "
        f"rc = check_main(['--checkers', 'pii', {str(path)!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 1, result.stderr.decode()
