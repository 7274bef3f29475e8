import io

import pypdfium2 as pdfium
import pytest
import weasyprint
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from sanshen.checks import Engine
from sanshen.checks.finding import Finding
from sanshen.documents.extract import TextPiece, check_pieces, extract_text
from sanshen.documents.mask_files import mask_docx, mask_file, mask_image
from sanshen.documents.upload import inspect_upload

from .files import docx_bytes, pdf_of_images, text_image, xlsx_bytes
from .test_extract import GONGSHI, ID_NUMBER, MOBILE, _textbox_run


@pytest.fixture(scope="module")
def pii_check():
    return Engine(codes=["secrecy", "pii"]).check


def _pii(pieces, check):
    return [(f.rule, f.text) for f in check_pieces(pieces, check)]


def test_it_paints_over_pii_in_a_picture_so_ocr_finds_none(pii_check):
    info = inspect_upload("公示.png", text_image(GONGSHI))
    findings = check_pieces(extract_text(info), pii_check)
    assert [(f.rule, f.text) for f in findings] == [("pii.id_card", ID_NUMBER), ("pii.phone", MOBILE)]
    masked = mask_file(info, findings)
    again = extract_text(inspect_upload("公示.png", masked))
    assert _pii(again, pii_check) == []
    # the rest of the picture is still readable
    assert [p.text for p in again][:1] == ["2024年低保对象公示"]
    assert "张三" in again[-1].text
    picture = Image.open(io.BytesIO(masked))
    assert picture.size == (900, 256)
    x0, y0, x1, y1 = findings[1].location["match_box"]
    assert picture.getpixel((int((x0 + x1) / 2), int((y0 + y1) / 2))) == (0, 0, 0)
    # the title line is untouched
    assert picture.getpixel((20, 20)) == (255, 255, 255)


def test_it_masks_a_scanned_pdf(pii_check):
    info = inspect_upload("扫描件.pdf", pdf_of_images([text_image(["第一页没有个人信息"]), text_image(GONGSHI)]))
    findings = check_pieces(extract_text(info), pii_check)
    assert [(f.rule, f.location["page"]) for f in findings] == [("pii.id_card", 2), ("pii.phone", 2)]
    masked = inspect_upload("扫描件.pdf", mask_file(info, findings))
    assert masked.pages == 2
    again = extract_text(masked)
    assert _pii(again, pii_check) == []
    assert again[0].text == "第一页没有个人信息"


def _text_pdf(rotation: int = 0) -> bytes:
    html = (
        "<body style=\"font-family:'Noto Sans CJK SC'\"><p>公示名单</p>"
        f"<p>张三 身份证号{ID_NUMBER} 电话{MOBILE}</p><p style='page-break-before:always'>第二页 {MOBILE[:3]}</p></body>"
    )
    document = pdfium.PdfDocument(weasyprint.HTML(string=html).write_pdf())
    document[0].set_rotation(rotation)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_it_masks_pdf_text_pages_and_keeps_the_others(pii_check, rotation):
    info = inspect_upload("公示.pdf", _text_pdf(rotation))
    findings = check_pieces(extract_text(info), pii_check)
    assert [(f.rule, f.location) for f in findings] == [
        ("pii.id_card", {"file": "公示.pdf", "page": 1}),
        ("pii.phone", {"file": "公示.pdf", "page": 1}),
    ]
    masked = mask_file(info, findings)
    document = pdfium.PdfDocument(masked)
    # page 1 is now a picture: no text layer to copy the number from
    assert document[0].get_textpage().get_text_range() == ""
    # page 2 had nothing to mask and keeps its text layer
    assert document[1].get_textpage().get_text_range() == "第二页 138"
    again = extract_text(inspect_upload("公示.pdf", masked))
    assert _pii(again, pii_check) == []
    # the words around the numbers survive (read by OCR now, the page is a picture)
    page_one = "".join(p.text for p in again if p.location["page"] == 1)
    assert "公示名单" in page_one


def test_it_masks_docx_text_across_runs_cells_text_boxes_and_headers(pii_check):
    d = Document()
    d.sections[0].header.paragraphs[0].text = f"联系电话：{MOBILE}"
    p = d.add_paragraph("联系人张三，手机")
    p.add_run(MOBILE[:7])
    p.add_run(MOBILE[7:]).bold = True
    p.add_run("。机密★5年")
    p._p.append(_textbox_run(f"身份证{ID_NUMBER}"))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "身份证号"
    table.cell(0, 1).text = ID_NUMBER
    info = inspect_upload("名单.docx", docx_bytes(d))
    findings = check_pieces(extract_text(info), pii_check)
    assert [(f.rule, f.location) for f in findings] == [
        ("pii.phone", {"file": "名单.docx", "paragraph": 1}),
        ("secrecy.classification", {"file": "名单.docx", "paragraph": 1}),
        ("pii.id_card", {"file": "名单.docx", "paragraph": 1, "textbox": 1}),
        ("pii.id_card", {"file": "名单.docx", "table": 1, "cell": "1,2"}),
        ("pii.phone", {"file": "名单.docx", "header": 1, "paragraph": 1}),
    ]
    masked = mask_file(info, findings)
    pieces = extract_text(inspect_upload("名单.docx", masked))
    assert [(p.text, p.location) for p in pieces] == [
        ("联系人张三，手机138****5678。机密★5年", {"file": "名单.docx", "paragraph": 1}),
        ("身份证110105********002X", {"file": "名单.docx", "paragraph": 1, "textbox": 1}),
        ("身份证号", {"file": "名单.docx", "table": 1, "cell": "1,1"}),
        ("110105********002X", {"file": "名单.docx", "table": 1, "cell": "1,2"}),
        ("联系电话：138****5678", {"file": "名单.docx", "header": 1, "paragraph": 1}),
    ]
    # runs keep their formatting: the bold run still holds the last four digits
    runs = Document(io.BytesIO(masked)).paragraphs[0].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [
        ("联系人张三，手机", False), ("138****", False), ("5678", True), ("。机密★5年", False), ("", False),
    ]
    assert _pii(pieces, pii_check) == [("secrecy.classification", "机密★5年")]


def test_it_paints_over_pii_in_pictures_inside_a_docx(pii_check):
    d = Document()
    d.add_paragraph("附件：公示名单")
    d.add_picture(io.BytesIO(text_image(GONGSHI)))
    info = inspect_upload("公示.docx", docx_bytes(d))
    findings = check_pieces(extract_text(info), pii_check)
    assert [f.location["image"] for f in findings] == ["image1.png", "image1.png"]
    masked = inspect_upload("公示.docx", mask_file(info, findings))
    assert _pii(extract_text(masked), pii_check) == []
    assert extract_text(masked)[0].text == "附件：公示名单"


def test_it_masks_xlsx_cells_and_keeps_the_rest(pii_check):
    data = xlsx_bytes({"名单": [["姓名", "身份证号", "电话", "补助"], ["张三", ID_NUMBER, 13812345678, 500], [None, None, None, "=SUM(D2:D2)"]]})
    info = inspect_upload("名单.xlsx", data)
    findings = check_pieces(extract_text(info), pii_check)
    assert [(f.rule, f.location["cell"]) for f in findings] == [("pii.id_card", "B2"), ("pii.phone", "C2")]
    masked = mask_file(info, findings)
    sheet = load_workbook(io.BytesIO(masked))["名单"]
    assert [c.value for c in sheet[2]] == ["张三", "110105********002X", "138****5678", 500]
    assert sheet["D3"].value == "=SUM(D2:D2)"


def test_it_ignores_findings_for_other_files_and_non_pii():
    data = inspect_upload("公示.png", text_image(GONGSHI)).data
    box = {"page": 1, "box": [40, 170, 650, 204]}
    elsewhere = _phone(box, file="另一个.png")
    not_pii = Finding(
        rule="secrecy.classification", category="secrecy_mark", standard=2, severity="block", start=0, end=5,
        text="机密★5年", message="密级", location={"file": "公示.png", **box},
    )
    info = inspect_upload("公示.png", data)
    assert mask_file(info, [elsewhere, not_pii]) == mask_image(data, [])
    assert mask_file(info, [_phone(box, file="公示.png")]) != mask_image(data, [])


def _phone(location: dict, **more) -> Finding:
    return Finding(
        rule="pii.phone", category="pii_phone", standard=6, severity="serious", start=0, end=11, text=MOBILE,
        message="手机号码", location={**location, **more},
    )


def test_it_refuses_a_stale_finding():
    d = Document()
    d.add_paragraph("电话13900001111")
    stale = Finding(
        rule="pii.phone", category="pii_phone", standard=6, severity="serious", start=2, end=13, text=MOBILE,
        message="手机号码", location={"paragraph": 1},
    )
    with pytest.raises(ValueError):
        mask_docx(docx_bytes(d), [stale])


def test_check_pieces_findings_round_trip_through_to_dict(pii_check):
    pieces = [TextPiece(f"电话{MOBILE}", {"file": "a.png", "page": 1, "box": [0, 0, 100, 10]})]
    [finding] = check_pieces(pieces, pii_check)
    assert Finding.from_dict(finding.to_dict()).location == finding.location
