import datetime as dt
import io

import pytest
import weasyprint
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap

from sanshen.checks import Engine
from sanshen.documents.errors import DocumentImportError
from sanshen.documents.extract import TextPiece, character_box, check_pieces, describe_location, extract_text
from sanshen.documents.upload import inspect_upload

from .files import cjk_font, docx_bytes, pdf_of_images, text_image, xlsx_bytes

ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"
GONGSHI = ["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]


@pytest.fixture(scope="module")
def pii_check():
    return Engine(codes=["secrecy", "pii"]).check


def _textbox_run(text: str):
    return parse_xml(
        f'<w:r xmlns:w="{nsmap["w"]}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def test_it_reads_docx_paragraphs_tables_text_boxes_and_headers():
    d = Document()
    d.sections[0].header.paragraphs[0].text = "县人民政府办公室"
    d.add_paragraph("关于公示的通知")
    d.add_paragraph("")
    p = d.add_paragraph("联系人：张三")
    p._p.append(_textbox_run("内部资料 注意保存"))
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "电话"
    table.cell(1, 1).text = MOBILE
    d.add_paragraph("以上名单公示7天。")
    pieces = extract_text(inspect_upload("公示.docx", docx_bytes(d)))
    assert pieces == [
        TextPiece("关于公示的通知", {"file": "公示.docx", "paragraph": 1}),
        TextPiece("联系人：张三", {"file": "公示.docx", "paragraph": 3}),
        TextPiece("内部资料 注意保存", {"file": "公示.docx", "paragraph": 3, "textbox": 1}),
        TextPiece("姓名", {"file": "公示.docx", "table": 1, "cell": "1,1"}),
        TextPiece("电话", {"file": "公示.docx", "table": 1, "cell": "1,2"}),
        TextPiece(MOBILE, {"file": "公示.docx", "table": 1, "cell": "2,2"}),
        TextPiece("以上名单公示7天。", {"file": "公示.docx", "paragraph": 4}),
        TextPiece("县人民政府办公室", {"file": "公示.docx", "header": 1, "paragraph": 1}),
    ]


def test_it_reads_xlsx_cells_as_people_typed_them():
    data = xlsx_bytes(
        {
            "低保名单": [["姓名", "身份证号", "电话", "金额", "日期"], ["张三", ID_NUMBER, 13812345678, 1520.5, dt.date(2024, 3, 1)]],
            "说明": [[None, 13900001111.0]],
        }
    )
    pieces = extract_text(inspect_upload("名单.xlsx", data))
    assert pieces == [
        TextPiece("姓名", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "A1"}),
        TextPiece("身份证号", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "B1"}),
        TextPiece("电话", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "C1"}),
        TextPiece("金额", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "D1"}),
        TextPiece("日期", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "E1"}),
        TextPiece("张三", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "A2"}),
        TextPiece(ID_NUMBER, {"file": "名单.xlsx", "sheet": "低保名单", "cell": "B2"}),
        TextPiece(MOBILE, {"file": "名单.xlsx", "sheet": "低保名单", "cell": "C2"}),
        TextPiece("1520.5", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "D2"}),
        TextPiece("2024-03-01T00:00:00", {"file": "名单.xlsx", "sheet": "低保名单", "cell": "E2"}),
        TextPiece("13900001111", {"file": "名单.xlsx", "sheet": "说明", "cell": "B1"}),
    ]


def _text_pdf() -> bytes:
    html = (
        "<body style=\"font-family:'Noto Sans CJK SC'\"><p>公示名单</p>"
        f"<p>张三 身份证号{ID_NUMBER} 电话{MOBILE}</p><p style='page-break-before:always'>第二页</p></body>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def test_it_reads_the_pdf_text_layer_page_by_page():
    pieces = extract_text(inspect_upload("公示.pdf", _text_pdf()))
    assert pieces == [
        TextPiece(f"公示名单 \n张三 身份证号{ID_NUMBER} 电话{MOBILE}", {"file": "公示.pdf", "page": 1}),
        TextPiece("第二页", {"file": "公示.pdf", "page": 2}),
    ]


def test_it_finds_pii_in_the_pdf_text_layer_with_page_offsets(pii_check):
    findings = check_pieces(extract_text(inspect_upload("公示.pdf", _text_pdf())), pii_check)
    assert [(f.rule, f.start, f.end, f.text, f.location) for f in findings] == [
        ("pii.id_card", 13, 31, ID_NUMBER, {"file": "公示.pdf", "page": 1}),
        ("pii.phone", 34, 45, MOBILE, {"file": "公示.pdf", "page": 1}),
    ]


@pytest.fixture(scope="module")
def gongshi_pieces():
    return extract_text(inspect_upload("公示.png", text_image(GONGSHI)))


def test_it_reads_pictures_by_ocr_line_by_line(gongshi_pieces):
    pieces = gongshi_pieces
    assert [p.text for p in pieces][0] == "2024年低保对象公示"
    assert [p.location["page"] for p in pieces] == [1, 1, 1]
    assert pieces[2].text.replace(" ", "") == f"张三{ID_NUMBER}{MOBILE}"
    # boxes go down the page, one line each, inside the 900×256 picture
    boxes = [p.location["box"] for p in pieces]
    assert all(0 <= x0 < x1 <= 900 and 0 <= y0 < y1 <= 256 for x0, y0, x1, y1 in boxes)
    assert boxes[0][1] < boxes[1][1] < boxes[2][1]


def test_it_points_ocr_findings_at_the_line_and_the_matched_characters(gongshi_pieces, pii_check):
    pieces = gongshi_pieces
    findings = check_pieces(pieces, pii_check)
    assert [(f.rule, f.text) for f in findings] == [("pii.id_card", ID_NUMBER), ("pii.phone", MOBILE)]
    line_box = pieces[2].location["box"]
    id_box, phone_box = (f.location["match_box"] for f in findings)
    assert all(f.location["box"] == line_box and f.location["file"] == "公示.png" for f in findings)
    # where the numbers really are: the line is drawn from x=40 in 32 px Noto Sans CJK
    font = cjk_font(32)
    id_left = 40 + font.getlength("张三  ")
    id_right = 40 + font.getlength(f"张三  {ID_NUMBER}")
    phone_left = 40 + font.getlength(f"张三  {ID_NUMBER}  ")
    phone_right = 40 + font.getlength(GONGSHI[2])
    assert abs(id_box[0] - id_left) <= 15 and abs(id_box[2] - id_right) <= 15
    assert abs(phone_box[0] - phone_left) <= 15 and abs(phone_box[2] - phone_right) <= 15
    assert id_box[1] == line_box[1] and id_box[3] == line_box[3]


def test_it_ocrs_scanned_pdf_pages_with_boxes_in_points(pii_check):
    scanned = pdf_of_images([text_image(GONGSHI)])
    pieces = extract_text(inspect_upload("扫描件.pdf", scanned))
    findings = check_pieces(pieces, pii_check)
    assert [(f.rule, f.text, f.location["page"]) for f in findings] == [("pii.id_card", ID_NUMBER, 1), ("pii.phone", MOBILE, 1)]
    # the picture is 900×256 px placed at 96 dpi: 675×192 pt
    x0, y0, x1, y1 = findings[1].location["box"]
    assert 0 < x0 < x1 <= 675 and 0 < y0 < y1 <= 192


def test_it_ocrs_pictures_inside_a_docx(pii_check):
    d = Document()
    d.add_paragraph("附件：公示名单(图片)")
    d.add_picture(io.BytesIO(text_image(GONGSHI)))
    findings = check_pieces(extract_text(inspect_upload("公示.docx", docx_bytes(d))), pii_check)
    assert [(f.rule, f.text, f.location["image"]) for f in findings] == [
        ("pii.id_card", ID_NUMBER, "image1.png"),
        ("pii.phone", MOBILE, "image1.png"),
    ]


def test_it_skips_ocr_when_asked():
    assert extract_text(inspect_upload("公示.png", text_image(GONGSHI)), ocr=False) == []


def test_check_pieces_keeps_offsets_relative_to_each_piece(pii_check):
    pieces = [
        TextPiece("无个人信息", {"file": "a.docx", "paragraph": 1}),
        TextPiece(f"电话：{MOBILE}", {"file": "a.docx", "paragraph": 2}),
        TextPiece("机密★5年", {"file": "a.docx", "table": 1, "cell": "1,1"}),
    ]
    findings = check_pieces(pieces, pii_check)
    assert [(f.rule, f.start, f.end, f.location) for f in findings] == [
        ("pii.phone", 3, 14, {"file": "a.docx", "paragraph": 2}),
        ("secrecy.classification", 0, 5, {"file": "a.docx", "table": 1, "cell": "1,1"}),
    ]


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        # all full-width: equal shares
        ("甲乙丙丁", 1, 3, [25.0, 0, 75.0, 10]),
        # digits are half as wide as Chinese characters
        ("张三13812345678", 2, 13, [26.67, 0, 100.0, 10]),
        ("ab", 0, 1, [0.0, 0, 50.0, 10]),
    ],
)
def test_character_box_splits_a_line_by_width(text, start, end, expected):
    box = character_box(text, [0, 0, 100, 10], start, end)
    assert box == expected


def test_it_refuses_a_broken_pdf_cleanly():
    from sanshen.documents.upload import UploadInfo

    info = UploadInfo("坏.pdf", "pdf", "application/pdf", ".pdf", 10, b"%PDF-1.7 x")
    with pytest.raises(DocumentImportError) as caught:
        extract_text(info)
    assert caught.value.message == "附件“坏.pdf”无法作为 PDF 打开。"


def test_it_reads_a_text_box_once_though_word_stores_it_twice():
    w = nsmap["w"]
    run = parse_xml(
        f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>红头文件</w:t></w:r></w:p></w:txbxContent>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>红头文件</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    d = Document()
    d.add_paragraph("正文")._p.append(run)
    pieces = extract_text(inspect_upload("a.docx", docx_bytes(d)))
    assert [(p.text, p.location) for p in pieces] == [
        ("正文", {"file": "a.docx", "paragraph": 1}),
        ("红头文件", {"file": "a.docx", "paragraph": 1, "textbox": 1}),
    ]


@pytest.mark.parametrize(
    "location, words",
    [
        ({"file": "a.docx", "paragraph": 3}, "a.docx 第3段"),
        ({"file": "a.docx", "paragraph": 3, "textbox": 1}, "a.docx 第3段文本框1"),
        ({"file": "a.docx", "table": 2, "cell": "4,1"}, "a.docx 表格2 第4行第1列"),
        ({"file": "a.docx", "header": 1, "paragraph": 1}, "a.docx 第1节页眉"),
        ({"file": "a.docx", "footer": 2, "paragraph": 1}, "a.docx 第2节页脚"),
        ({"file": "a.docx", "image": "image1.png", "box": [1, 2, 3, 4]}, "a.docx 图片 image1.png (图片文字识别)"),
        ({"file": "名单.xlsx", "sheet": "低保", "cell": "B3"}, "名单.xlsx 工作表“低保” B3"),
        ({"file": "a.pdf", "page": 2}, "a.pdf 第2页"),
        ({"file": "a.png", "page": 1, "box": [1, 2, 3, 4]}, "a.png 第1页 (图片文字识别)"),
    ],
)
def test_describe_location_says_where_in_words(location, words):
    assert describe_location(location) == words


# ---------------------------------------------------------------------------------------------
# Reading a step at a time, OCR sources, blank pages and the OCR budget


def test_ocr_pieces_say_they_were_read_by_ocr(gongshi_pieces):
    assert {p.source for p in gongshi_pieces} == {"ocr"}
    assert {p.source for p in extract_text(inspect_upload("公示.pdf", _text_pdf()))} == {""}


def test_ocr_text_is_checked_with_the_ocr_source():
    seen = []

    def engine_check(text, context=None):
        seen.append((text, context.source if context else None))
        return []

    pieces = [TextPiece("打字", {"paragraph": 1}), TextPiece("识别", {"page": 1, "box": [0, 0, 1, 1]}, source="ocr")]
    check_pieces(pieces, engine_check)
    assert seen == [("打字", None), ("识别", "ocr")]
    from sanshen.checks import CheckContext

    seen.clear()
    check_pieces(pieces, engine_check, CheckContext(title="标题"))
    assert seen == [("打字", ""), ("识别", "ocr")]


def test_ocr_text_gets_no_punctuation_width_findings():
    check = Engine(codes=["punctuation"]).check
    typed = TextPiece("各单位(含乡镇),请于周五前报送", {"paragraph": 1})
    read = TextPiece("各单位(含乡镇),请于周五前报送", {"page": 1, "box": [0, 0, 100, 10]}, source="ocr")
    assert [(f.rule, f.start) for f in check_pieces([typed], check)] == [("punctuation.halfwidth", 3), ("punctuation.halfwidth", 7)]
    assert check_pieces([read], check) == []


def _page_with(lines: list[str], size=(1654, 2339), font_size=28) -> bytes:
    """An A4 page at 200 dpi: a few lines of text on white, or nothing at all."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((160, 200 + i * 60), line, fill="black", font=cjk_font(font_size))
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def _scanned_blank() -> bytes:
    """Grey paper with scanner noise and dark strips along two edges, as a blank sheet comes out of a scanner."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    page = Image.new("L", (1654, 2339), 236)
    page.putdata([236 + rng.randint(-12, 12) for _ in range(1654 * 2339)])
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, 30, 2339], fill=40)
    draw.rectangle([0, 2300, 1654, 2339], fill=40)
    for _ in range(15):
        x, y = rng.randint(100, 1500), rng.randint(100, 2200)
        draw.point((x, y), fill=60)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "make, blank",
    [
        (lambda: _page_with([]), True),
        (_scanned_blank, True),
        # one short line of small print is not blank: it is what a check is for
        (lambda: _page_with(["联系电话：13812345678"], font_size=18), False),
        (lambda: _page_with(["2024年低保对象公示"]), False),
        (lambda: text_image(GONGSHI), False),
    ],
)
def test_blank_pages_are_told_from_pages_with_text(make, blank):
    from PIL import Image

    from sanshen.documents.extract import is_blank

    assert is_blank(Image.open(io.BytesIO(make()))) is blank


def test_blank_pdf_pages_are_skipped_without_ocr(monkeypatch):
    from sanshen.documents import extract

    from .files import blank_pdf

    calls = []
    monkeypatch.setattr(extract, "ocr_image", lambda image, location: calls.append(location) or [])
    info = inspect_upload("空白.pdf", blank_pdf(100))
    with extract.FileReader(info) as reader:
        assert (reader.total, reader.unit) == (100, "页")
        assert [piece for step in range(reader.total) for piece in reader.read(step)] == []
        assert reader.ocr_used == 0
    assert calls == []


def test_a_scanned_pdf_is_read_page_by_page_and_counts_its_ocr():
    from sanshen.documents import extract

    info = inspect_upload("扫描件.pdf", pdf_of_images([text_image(["森林防火工作会议"]), _page_with([]), text_image([f"电话 {MOBILE}"])]))
    with extract.FileReader(info) as reader:
        pages = [[(p.text.replace(" ", ""), p.location["page"], p.source) for p in reader.read(step)] for step in range(reader.total)]
        assert pages == [[("森林防火工作会议", 1, "ocr")], [], [(f"电话{MOBILE}", 3, "ocr")]]
        assert reader.ocr_used == 2
    with extract.FileReader(info, ocr_used=5) as resumed:
        resumed.read(2)
        assert resumed.ocr_used == 6


def test_the_ocr_budget_ends_the_reading_with_a_reason():
    info = inspect_upload("扫描件.pdf", pdf_of_images([text_image([f"第{n}页"]) for n in range(1, 4)]))
    with pytest.raises(DocumentImportError) as refused:
        extract_text(info, ocr_budget=2)
    assert (refused.value.code, refused.value.message) == (
        "ocr_budget", "需要文字识别的扫描页和图片超过 2 个，机审无法完成。请拆分为几个文件分别上传。",
    )  # fmt: skip


def test_office_files_are_read_text_first_then_each_picture():
    from sanshen.documents.extract import FileReader

    d = Document()
    d.add_paragraph(f"电话{MOBILE}")
    d.add_picture(io.BytesIO(text_image(["森林防火工作会议"])))
    d.add_picture(io.BytesIO(_page_with([], size=(300, 200))))
    with FileReader(inspect_upload("a.docx", docx_bytes(d))) as reader:
        assert (reader.total, reader.unit) == (3, "项")
        assert [[(p.text, p.source) for p in reader.read(step)] for step in range(3)] == [
            [(f"电话{MOBILE}", "")], [("森林防火工作会议", "ocr")], [],
        ]  # fmt: skip
        assert reader.ocr_used == 1
    with FileReader(inspect_upload("a.docx", docx_bytes(d)), ocr=False) as reader:
        assert reader.total == 1


def test_it_ocrs_pictures_inside_a_spreadsheet(pii_check):
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as SheetImage

    book = Workbook()
    book.active.title = "名单"
    book.active["A1"] = "名单见图"
    book.active.add_image(SheetImage(io.BytesIO(text_image(GONGSHI))), "B2")
    out = io.BytesIO()
    book.save(out)
    findings = check_pieces(extract_text(inspect_upload("名单.xlsx", out.getvalue())), pii_check)
    assert [(f.rule, f.text, f.location["image"], "box" in f.location) for f in findings] == [
        ("pii.id_card", ID_NUMBER, "image1.png", True),
        ("pii.phone", MOBILE, "image1.png", True),
    ]


def test_it_ocrs_a_picture_on_a_pdf_page_that_has_text_and_keeps_only_its_lines(pii_check):
    import base64

    picture = base64.b64encode(text_image([f"张三  {ID_NUMBER}"])).decode()
    html = (
        f'<html><body style="font-family: Noto Sans CJK SC"><p>联系电话{MOBILE}</p>'
        f'<img src="data:image/png;base64,{picture}" style="width:14cm"></body></html>'
    )
    pieces = extract_text(inspect_upload("名单.pdf", weasyprint.HTML(string=html).write_pdf()))
    assert [(p.source, "box" in p.location) for p in pieces] == [("", False), ("ocr", True)]
    findings = check_pieces(pieces, pii_check)
    # the phone is in the text layer and is not read a second time from the picture of the page
    assert [(f.rule, f.text, "box" in f.location) for f in findings] == [("pii.phone", MOBILE, False), ("pii.id_card", ID_NUMBER, True)]
