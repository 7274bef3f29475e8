"""`sanshen check FILE` run as a separate process, the way a person or a script runs it: every file type read by the
readers and limits of an upload, hostile files refused with exit status 2 and a Chinese message."""

import json
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from .files import (
    BILLION_LAUGHS,
    blank_pdf,
    docx_with_field,
    docx_with_member,
    docx_with_template,
    hostile_pdf,
    HOSTILE_PDFS,
    pdf_of_images,
    plain_docx,
    text_image,
    xlsx_bytes,
    zip_bomb_docx,
    zip_with,
)

REPO = Path(__file__).resolve().parents[3]
# The checkers whose findings these tests spell out; the default run is tested on its own.
MINE = ["--checkers", "secrecy,sensitive,pii,repost"]
TEXT = "关于春耕的通知\n联系人：张三，手机13812345678。\n本文件为机密★5年\n"
ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"
PHONE_MESSAGE = "手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）"


def run(*args, stdin: bytes = b"", timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sanshen.cli", "check", *args], cwd=REPO, input=stdin, capture_output=True, timeout=timeout
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


# ---------------------------------------------------------------------------------------------
# Text, standard input and web pages


def test_it_prints_one_line_per_finding(notice):
    result = run(*MINE, str(notice))
    assert result.returncode == 1
    assert out(result).splitlines() == [
        f"2:10  严重  pii.phone  “13812345678” → “138****5678”  {PHONE_MESSAGE}",
        "3:5  禁止  secrecy.classification  “机密★5年”  出现密级标识“机密★5年”，涉密内容不得上网发布",
        "共 2 个问题（禁止 1，严重 1）",
    ]
    assert err(result) == ""


def test_it_prints_exactly_one_json_list(notice):
    result = run(*MINE, "--format", "json", str(notice))
    assert result.returncode == 1
    findings = json.loads(out(result))
    assert [(f["rule"], f["start"], f["end"], f["text"], f["file"]) for f in findings] == [
        ("pii.phone", 17, 28, MOBILE, str(notice)),
        ("secrecy.classification", 34, 39, "机密★5年", str(notice)),
    ]
    assert (findings[0]["suggestion"], findings[0]["category"]) == ("138****5678", "pii_phone")


def test_it_prints_a_self_contained_html_report(notice):
    result = run(*MINE, "--format", "html", str(notice))
    page = out(result)
    assert result.returncode == 1
    assert page.startswith("<!DOCTYPE html>")
    assert '<mark class="serious" title="严重 pii.phone：手机号码' in page and ">13812345678</mark>" in page


@pytest.mark.parametrize(
    "content, status, last_line",
    [
        ("全县春耕生产有序推进。", 0, "未发现问题"),
        # warnings and notes alone do not fail the run
        ("他曾是一名残废人。电话：0591-87654321", 0, "共 2 个问题（警告 1，提示 1）"),
        ("手机13812345678", 1, "共 1 个问题（严重 1）"),
    ],
)
def test_its_exit_status_follows_severity(tmp_path, content, status, last_line):
    path = tmp_path / "a.txt"
    path.write_text(content, encoding="utf-8")
    result = run(*MINE, str(path))
    assert (result.returncode, out(result).splitlines()[-1]) == (status, last_line)


def test_it_reads_gb18030_text(tmp_path):
    path = tmp_path / "旧文件.txt"
    path.write_bytes("联系人手机13812345678".encode("gb18030"))
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["start"]) for f in findings] == [("pii.phone", 5)]


def test_it_reads_standard_input():
    result = run(*MINE, "--format", "json", "-", stdin="手机13812345678".encode("utf-8"))
    assert [(f["rule"], f["start"], f["end"], "file" in f) for f in json.loads(out(result))] == [("pii.phone", 2, 13, False)]


def _page(body: str) -> str:
    return f"<html><head></head><body><p>县政府通知</p>{body}<p>全文完</p></body></html>"


def test_it_reads_html_and_says_where_text_is_hidden(tmp_path):
    path = tmp_path / "首页.html"
    path.write_text(_page('<div style="position:absolute;left:-9999px">真人荷官，QQ：12345678</div>'), encoding="utf-8")
    result = run("--checkers", "injected", "--format", "json", str(path))
    findings = json.loads(out(result))
    assert [(f["rule"], f["start"], f["end"], f["hidden"]) for f in findings] == [
        ("injected.gambling.word", 6, 10, "移出可视区域"),
        ("injected.hidden_text", 6, 22, "移出可视区域"),
        ("injected.gambling.ad", 6, 22, "移出可视区域"),
    ]
    assert result.returncode == 1
    path.write_text(_page("<p hidden>真人荷官</p>"), encoding="utf-8")
    lines = out(run("--checkers", "injected", str(path))).splitlines()
    assert [line.split("  ")[:3] for line in lines[:2]] == [
        ["2:1（隐藏）", "禁止", "injected.gambling.word"],
        ["2:1（隐藏）", "禁止", "injected.hidden_text"],
    ]


def test_it_reads_gbk_html_with_its_meta_charset(tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>机密★5年</title><style>p{}</style></head><body>'
        "<h1>通知</h1><script>var a = '13812345678';</script>"
        "<p>联系人：张三，\n  手机<b>13912345678</b>。</p><div>本文件为机密★5年</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    assert out(run(*MINE, str(path))).splitlines()[:2] == [
        f"2:10  严重  pii.phone  “13912345678” → “139****5678”  {PHONE_MESSAGE}",
        "3:5  禁止  secrecy.classification  “机密★5年”  出现密级标识“机密★5年”，涉密内容不得上网发布",
    ]


# ---------------------------------------------------------------------------------------------
# Documents, read as uploads are: pieces with their places, OCR of pictures inside them


def test_it_reads_docx_paragraphs_and_table_cells_with_their_places(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于公示补助名单的通知")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "身份证号"
    table.cell(1, 0).text = "张三"
    table.cell(1, 1).text = ID_NUMBER
    table.cell(1, 2).text = MOBILE
    document.add_paragraph("以上名单公示五天。")
    path = tmp_path / "名单.docx"
    document.save(path)
    result = run(*MINE, "--format", "json", str(path))
    assert result.returncode == 1
    assert [(f["rule"], f["start"], f["end"], f["table"], f["cell"]) for f in json.loads(out(result))] == [
        ("pii.id_card", 0, 18, 1, "2,2"),
        ("pii.phone", 0, 11, 1, "2,3"),
    ]
    assert out(run(*MINE, str(path))).splitlines()[1].startswith("表格1 第2行第3列  严重  pii.phone  “13812345678”")


def test_it_reads_a_table_picture_inside_a_docx_by_ocr(tmp_path):
    """Issue 11: an ID number and a phone in a table pasted as a picture passed the command line."""
    document = docx.Document()
    document.add_paragraph("低保对象公示")
    picture = tmp_path / "table.png"
    picture.write_bytes(text_image(["姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]))
    document.add_picture(str(picture))
    path = tmp_path / "公示.docx"
    document.save(path)
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["text"], f["image"], len(f["match_box"])) for f in findings] == [
        ("pii.id_card", ID_NUMBER, "image1.png", 4),
        ("pii.phone", MOBILE, "image1.png", 4),
    ]


def test_it_reads_a_picture_inside_a_spreadsheet_by_ocr(tmp_path):
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as SheetImage

    picture = tmp_path / "table.png"
    picture.write_bytes(text_image([f"联系电话 {MOBILE}"]))
    book = Workbook()
    book.active.title = "名单"
    book.active["A1"] = "见图"
    book.active.add_image(SheetImage(str(picture)), "B2")
    path = tmp_path / "名单.xlsx"
    book.save(path)
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["text"], f["image"]) for f in findings] == [("pii.phone", MOBILE, "image1.png")]


def test_ocr_text_gets_no_punctuation_width_findings(tmp_path):
    """OCR reads "，" as "," and "（" as "(": the recogniser's guess, not the drafter's (CheckContext.source)."""
    path = tmp_path / "扫描.png"
    path.write_bytes(text_image(["各单位(含乡镇),请于周五前报送材料"]))
    typed = tmp_path / "打字.txt"
    typed.write_text("各单位(含乡镇),请于周五前报送材料", encoding="utf-8")

    def found(p: Path) -> list[tuple]:
        return [(f["rule"], f["start"], f["end"]) for f in json.loads(out(run("--checkers", "punctuation", "--format", "json", str(p))))]

    assert found(typed) == [("punctuation.halfwidth", 3, 4), ("punctuation.halfwidth", 7, 8)]
    assert found(path) == []


def test_it_reads_spreadsheet_cells(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["姓名", "电话"], ["张三", MOBILE]]}))
    result = run(*MINE, "--format", "json", str(path))
    (finding,) = json.loads(out(result))
    assert {k: finding[k] for k in ("rule", "start", "end", "text", "file", "sheet", "cell")} == {
        "rule": "pii.phone", "start": 0, "end": 11, "text": MOBILE, "file": str(path), "sheet": "值班表", "cell": "B2",
    }  # fmt: skip
    assert out(run(*MINE, str(path))).splitlines()[0].startswith("工作表“值班表” B2  严重  pii.phone  “13812345678” → “138****5678”")


def test_it_reads_a_picture_by_ocr_with_boxes(tmp_path):
    path = tmp_path / "公示.png"
    path.write_bytes(text_image(["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]))
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["text"], f["file"], f["page"]) for f in findings] == [
        ("pii.id_card", ID_NUMBER, str(path), 1),
        ("pii.phone", MOBILE, str(path), 1),
    ]
    for f in findings:
        x0, y0, x1, y1 = f["box"]
        mx0, my0, mx1, my1 = f["match_box"]
        assert 150 < y0 < y1 < 215 and x0 <= mx0 < mx1 <= x1 + 1 and (my0, my1) == (y0, y1)


def _text_pdf(lines: list[str]) -> bytes:
    """A PDF with a real text layer, as offices export from Word."""
    import weasyprint

    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return weasyprint.HTML(string=f'<html><body style="font-family: Noto Sans CJK SC">{paragraphs}</body></html>').write_pdf()


def test_it_reads_pdf_text_pages_and_scanned_pages(tmp_path):
    path = tmp_path / "名单.pdf"
    path.write_bytes(_text_pdf(["低保对象名单", f"联系电话：{MOBILE}"]))
    (finding,) = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert ({k: finding[k] for k in ("rule", "text", "file", "page")}, "box" in finding) == (
        {"rule": "pii.phone", "text": MOBILE, "file": str(path), "page": 1}, False,
    )  # fmt: skip
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(pdf_of_images([text_image(["无个人信息"]), text_image([f"电话 {MOBILE}"])]))
    (finding,) = json.loads(out(run(*MINE, "--format", "json", str(scanned))))
    assert (finding["rule"], finding["text"], finding["page"], len(finding["box"])) == ("pii.phone", MOBILE, 2, 4)


def test_it_reads_a_picture_on_a_pdf_page_with_text(tmp_path):
    """A Word file with a table pasted as a picture, exported to PDF: text layer and a picture on one page."""
    import base64

    import weasyprint

    picture = base64.b64encode(text_image([f"张三  {ID_NUMBER}"])).decode()
    html = f'<html><body style="font-family: Noto Sans CJK SC"><p>低保对象名单如下</p><img src="data:image/png;base64,{picture}" style="width:14cm"></body></html>'
    path = tmp_path / "名单.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    findings = json.loads(out(run(*MINE, "--format", "json", str(path))))
    assert [(f["rule"], f["text"], f["page"], "box" in f) for f in findings] == [("pii.id_card", ID_NUMBER, 1, True)]


def test_the_html_report_marks_the_text_of_the_pieces(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["姓名", "电话"], ["张三", MOBILE]]}))
    page = out(run(*MINE, "--format", "html", str(path)))
    assert '<mark class="serious" title="严重 pii.phone：' in page and f">{MOBILE}</mark>" in page


def test_it_runs_every_registered_checker_by_default(notice):
    result = run("--format", "json", str(notice))
    rules = [f["rule"] for f in json.loads(out(result))]
    assert result.returncode == 1 and "secrecy.classification" in rules and "pii.phone" in rules


# ---------------------------------------------------------------------------------------------
# Refused: bad options, unreadable and hostile files (exit status 2, a Chinese message, nothing on stdout)


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
    assert (result.returncode, out(result)) == (2, "")
    assert message in err(result)


def _macro_docx() -> bytes:
    return zip_with(plain_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


@pytest.mark.parametrize(
    "name, make, message",
    [
        # empty, or nothing to read
        ("空.txt", lambda: b"", "无法读取文件 {path}：文件是空的。"),
        ("空.docx", lambda: b"", "无法读取文件 {path}：文件是空的。"),
        ("空白.txt", lambda: "  \n\u3000\n".encode(), "文件 {path} 中没有文字，未作检查。"),
        ("空白.pdf", lambda: blank_pdf(3), "文件 {path} 中没有读到文字(空白页和空白图片不检查)，未作检查。"),
        # unreadable
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0", "不支持的文件类型“.doc”：支持 .txt、.html、.htm、.docx、.xlsx、.pdf 和 .png/.jpg/.gif/.webp 图片，请另存为 .docx"),
        ("binary.txt", lambda: b"\xff\xfe\xfd\x80\x81", "无法识别文件编码：{path}（请保存为 UTF-8 或 GBK 编码）"),
        ("broken.docx", lambda: b"not a zip file", "无法读取文件 {path}：无法识别的文件类型。只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"),
        ("坏.pdf", lambda: b"%PDF-1.7\n garbage", "无法读取文件 {path}：PDF 文件已损坏，无法打开。"),
        ("坏.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "无法读取文件 {path}：图片已损坏或格式不受支持。"),
        ("假.xlsx", lambda: b"<?php echo 1; ?>", "无法读取文件 {path}：文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
        # bombs: refused before anything is inflated
        ("炸弹.docx", zip_bomb_docx, "无法读取文件 {path}：文件解压后体积过大，疑似压缩炸弹，已拒绝。"),
        ("实体.docx", lambda: zip_with(plain_docx(), replace={"word/document.xml": BILLION_LAUGHS}),
         "无法读取文件 {path}：文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        # active content
        ("宏.docx", _macro_docx, "无法读取文件 {path}：文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
        ("模板.docx", lambda: docx_with_template("https://evil.example/t.dotm"),
         "无法读取文件 {path}：文件引用了网络上的模板(https://evil.example/t.dotm)，打开时会自动联网获取，已拒绝。请把内容复制到新建的空白文档中另存后再上传。"),
        ("对象.docx", lambda: docx_with_member("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
         "无法读取文件 {path}：文件嵌入了 OLE 对象(word/embeddings/oleObject1.bin)，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。"),
        ("域.docx", lambda: docx_with_field('INCLUDEPICTURE "http://evil.example/a.png" \\d'),
         "无法读取文件 {path}：文件含有联网获取内容的域代码(INCLUDEPICTURE http://evil.example/a.png)，打开时会自动联网，已拒绝。请在 Word 中全选(Ctrl+A)后按 Ctrl+Shift+F9 把域转换为普通文字，另存后再上传。"),
        ("脚本.pdf", lambda: hostile_pdf(HOSTILE_PDFS["open_action_javascript"]),
         "无法读取文件 {path}：PDF 含有脚本(JavaScript)，打开时可能自动执行或夹带文件，已拒绝。请用“打印为 PDF”(WPS“输出为 PDF”)重新生成后再上传。"),
    ],
)
def test_it_refuses_unreadable_and_hostile_files(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    result = run(str(path))
    assert (result.returncode, out(result)) == (2, "")
    assert err(result) == "sanshen check：" + message.format(path=path) + "\n"


def test_it_refuses_a_missing_file(tmp_path):
    result = run(str(tmp_path / "missing.txt"))
    assert (result.returncode, err(result)) == (2, f"sanshen check：文件不存在：{tmp_path / 'missing.txt'}\n")


def test_it_refuses_empty_standard_input():
    result = run("-", stdin=b"")
    assert (result.returncode, err(result)) == (2, "sanshen check：无法读取文件 标准输入：文件是空的。\n")


def test_a_zip_bomb_is_refused_quickly_and_without_inflating(tmp_path):
    path = tmp_path / "炸弹.docx"
    path.write_bytes(zip_bomb_docx(1100 * 1024 * 1024))
    assert path.stat().st_size < 1.5 * 1024 * 1024
    started = time.monotonic()
    result = run(str(path))
    assert result.returncode == 2 and "疑似压缩炸弹" in err(result) and "MemoryError" not in err(result)
    assert time.monotonic() - started < 30


def test_it_needs_no_django_and_reads_text_without_ocr(notice):
    code = (
        "import sys; from sanshen.documents.check_cli import main; "
        f"rc = main(['--checkers', 'secrecy,pii', {str(notice)!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; "
        "assert 'rapidocr_onnxruntime' not in sys.modules and 'docx' not in sys.modules, 'readers imported for text'; "
        "sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert result.returncode == 1, err(result)


def test_documents_are_read_without_django_too(tmp_path):
    path = tmp_path / "值班表.xlsx"
    path.write_bytes(xlsx_bytes({"值班表": [["张三", MOBILE]]}))
    code = (
        "import sys; from sanshen.documents.check_cli import main; "
        f"rc = main(['--checkers', 'pii', {str(path)!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 1, err(result)


def test_the_plain_docx_the_hostile_ones_are_made_from_is_read(tmp_path):
    # The refusals above come from what was added to it, not from the document itself.
    path = tmp_path / "通知.docx"
    path.write_bytes(plain_docx("联系电话13812345678"))
    result = run(*MINE, "--format", "json", str(path))
    assert [(f["rule"], f["paragraph"]) for f in json.loads(out(result))] == [("pii.phone", 1)]
