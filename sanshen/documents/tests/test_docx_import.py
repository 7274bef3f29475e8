import io
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook
from PIL import Image

from sanshen.documents.docx_import import read_docx, replace_image_sources
from sanshen.documents.errors import DocumentImportError
from sanshen.documents.html import html_to_text

from .files import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    docx_bytes,
    forge_central_directory,
    jpeg_with_gps,
    ole_file,
    png,
    zip_with,
)


def notice() -> bytes:
    """A short 通知 as drafters write it: heading, paragraphs, a sub-heading, lists, a table, a photo."""
    d = Document()
    d.add_heading("关于开展安全检查的通知", level=1)
    d.add_paragraph("各乡镇人民政府：")
    p = d.add_paragraph("请于")
    p.add_run("3月1日").bold = True
    p.add_run("前报送")
    p.add_run("自查报告").italic = True
    p.add_run("。")
    d.add_heading("一、总体要求", level=2)
    d.add_heading("（一）工作目标", level=3)
    d.add_paragraph("第一项", style="List Bullet")
    d.add_paragraph("第二项", style="List Number")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "姓名", (0, 1): "电话", (1, 0): "张三", (1, 1): "13812345678"}.items():
        table.cell(r, c).text = text
    d.add_picture(io.BytesIO(jpeg_with_gps()))
    return docx_bytes(d)


def test_it_imports_title_body_tables_lists_and_pictures():
    doc = read_docx(notice())
    assert doc.title == "关于开展安全检查的通知"
    assert doc.html == (
        "<p>各乡镇人民政府：</p>"
        "<p>请于<strong>3月1日</strong>前报送<em>自查报告</em>。</p>"
        "<h3>一、总体要求</h3>"
        "<h4>（一）工作目标</h4>"
        "<ul><li>第一项</li></ul><ol><li>第二项</li></ol>"
        "<table><tbody><tr><td>姓名</td><td>电话</td></tr><tr><td>张三</td><td>13812345678</td></tr></tbody></table>"
        '<p><img src="docx-image:1"></p>'
    )
    assert html_to_text(doc.html).text == (
        "各乡镇人民政府：\n请于3月1日前报送自查报告。\n一、总体要求\n（一）工作目标\n第一项\n第二项\n姓名\t电话\n张三\t13812345678"
    )
    assert doc.warnings == []
    [(name, content_type, data)] = doc.images
    assert (name, content_type) == ("image1.jpg", "image/jpeg")
    picture = Image.open(io.BytesIO(data))
    assert picture.size == (64, 48)
    # the camera and the GPS position in the photo's EXIF are gone
    assert dict(picture.getexif()) == {}
    assert b"CanonEOS" not in data


def test_it_reads_chinese_heading_style_names():
    d = Document()
    d.styles["Heading 1"].name = "标题 1"
    d.styles["Heading 2"].name = "标题 2"
    d.add_paragraph("县政府召开常务会议", style=d.styles["标题 1"])
    d.add_paragraph("会议要点", style=d.styles["标题 2"])
    d.add_paragraph("会议指出……")
    doc = read_docx(docx_bytes(d))
    assert doc.title == "县政府召开常务会议"
    assert doc.html == "<h3>会议要点</h3><p>会议指出……</p>"


def test_it_takes_a_title_style_paragraph_as_title():
    d = Document()
    d.add_paragraph("2024年政务公开工作要点", style="Title")
    d.add_paragraph("正文第一段。")
    doc = read_docx(docx_bytes(d))
    assert (doc.title, doc.html) == ("2024年政务公开工作要点", "<p>正文第一段。</p>")


def test_it_takes_a_short_first_paragraph_as_title_when_there_is_no_heading():
    d = Document()
    d.add_paragraph("关于公布2024年度考核结果的通知")
    d.add_paragraph("各单位：现将结果公布如下。")
    doc = read_docx(docx_bytes(d))
    assert (doc.title, doc.html) == ("关于公布2024年度考核结果的通知", "<p>各单位：现将结果公布如下。</p>")


def test_it_takes_a_later_heading_as_title_but_keeps_it_in_the_body():
    d = Document()
    d.add_paragraph("县政办发〔2024〕12号")
    d.add_heading("关于印发工作方案的通知", level=1)
    d.add_paragraph("正文")
    doc = read_docx(docx_bytes(d))
    assert doc.title == "关于印发工作方案的通知"
    assert doc.html == "<p>县政办发〔2024〕12号</p><h2>关于印发工作方案的通知</h2><p>正文</p>"


def test_it_leaves_the_title_empty_when_the_first_paragraph_is_body_text():
    d = Document()
    long = "根据县委、县政府工作部署，" * 10
    d.add_paragraph(long)
    doc = read_docx(docx_bytes(d))
    assert doc.title == ""
    assert doc.html == f"<p>{long}</p>"
    assert doc.warnings == ["未识别到标题，请手动填写。"]


def test_it_converts_bmp_pictures_to_png():
    d = Document()
    d.add_paragraph("标题")
    d.add_picture(io.BytesIO(png(fmt="BMP")))
    doc = read_docx(docx_bytes(d))
    [(name, content_type, data)] = doc.images
    assert (name, content_type, data[:8]) == ("image1.png", "image/png", b"\x89PNG\r\n\x1a\n")


def test_it_skips_a_broken_picture_with_a_warning():
    d = Document()
    d.add_paragraph("标题")
    d.add_picture(io.BytesIO(png()))
    d.add_picture(io.BytesIO(png(colour="red")))
    data = zip_with(docx_bytes(d), replace={"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40})
    doc = read_docx(data)
    assert doc.warnings == ["第 1 张图片未导入：图片已损坏或格式不受支持。"]
    # the surviving picture is renumbered, so images[i] is always "docx-image:{i + 1}"
    assert doc.html == '<p><img src="docx-image:1"></p>'
    assert [name for name, _, _ in doc.images] == ["image1.png"]
    assert Image.open(io.BytesIO(doc.images[0][2])).getpixel((0, 0)) == (255, 0, 0)


def test_it_refuses_a_picture_over_the_pixel_limit_with_a_warning():
    d = Document()
    d.add_paragraph("标题")
    d.add_picture(io.BytesIO(png(width=300, height=300)))
    doc = read_docx(docx_bytes(d), max_image_pixels=50_000)
    assert doc.images == []
    assert doc.html == ""
    assert doc.warnings == ["第 1 张图片未导入：图片尺寸 300×300(0 百万像素)超过上限 0 百万像素。"]


def test_it_never_follows_an_external_picture_link():
    d = Document()
    d.add_paragraph("标题")
    d.add_paragraph("正文")
    d.add_picture(io.BytesIO(png()))
    data = docx_bytes(d)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    rels = rels.replace('Target="media/image1.png"', 'Target="file:///etc/passwd" TargetMode="External"')
    body = body.replace("r:embed=", "r:link=")
    doc = read_docx(zip_with(data, replace={"word/_rels/document.xml.rels": rels.encode(), "word/document.xml": body.encode()}))
    assert doc.images == []
    assert doc.html == "<p>正文</p>"
    assert doc.warnings == ["第 1 张图片是外部链接或已丢失，未导入。"]


def test_it_replaces_placeholders_with_stored_urls():
    html = '<p>图一<img src="docx-image:1" alt="现场"></p><p>图二<img src="docx-image:2"></p><p><img src="docx-image:3"></p>'
    stored = "/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/"
    mapping = {"docx-image:1": stored, "docx-image:2": "https://evil.example/x.png"}
    assert replace_image_sources(html, mapping) == f'<p>图一<img src="{stored}" alt="现场"></p><p>图二</p>'


def test_it_round_trips_text_through_python_docx():
    d = Document()
    d.add_heading("标题", level=1)
    for i in range(5):
        d.add_paragraph(f"第{i + 1}段，联系电话0571-12345678。")
    doc = read_docx(docx_bytes(d))
    assert html_to_text(doc.html).text == "\n".join(f"第{i + 1}段，联系电话0571-12345678。" for i in range(5))


# --- refusals -------------------------------------------------------------------------------


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out.getvalue()


def _simple() -> bytes:
    d = Document()
    d.add_paragraph("正文")
    return docx_bytes(d)


@pytest.mark.parametrize(
    "make, code, message",
    [
        (lambda: "纯文本".encode(), "not_office", "文件不是有效的 Office 文档(.docx/.xlsx)，请确认文件类型。"),
        (lambda: b"", "not_office", "文件不是有效的 Office 文档(.docx/.xlsx)，请确认文件类型。"),
        (lambda: b"PK\x03\x04 truncated", "corrupt", "文件已损坏，无法作为 Office 文档打开。"),
        (lambda: _simple()[: len(_simple()) // 2], "corrupt", "文件已损坏，无法作为 Office 文档打开。"),
        (lambda: ole_file(encrypted=False), "legacy_format",
         "这是旧版 Office 格式(.doc/.xls)，不能直接导入。请在 Word/WPS 中另存为 .docx 或 .xlsx 后再上传。"),
        (lambda: ole_file(encrypted=True), "encrypted",
         "文件设置了打开密码，无法读取。请在 Word/WPS 中取消密码后另存为 .docx 再上传。"),
        (_plain_zip, "not_office", "文件是压缩包，但不是 Word 或 Excel 文档。"),
        (_xlsx, "not_docx", "这不是 Word 文档(.docx)。Excel 表格请作为附件上传。"),
        # a member that inflates 1000x
        (lambda: zip_with(_simple(), add={"word/media/filler.bin": b"\x00" * (2 * 1024 * 1024)}), "zip_bomb",
         "文件部件 word/media/filler.bin 的压缩比异常(超过 100 倍)，疑似压缩炸弹，已拒绝。"),
        # a member that declares 4 GB in the central directory
        (lambda: forge_central_directory(_simple(), "word/styles.xml", file_size=0xFFFF0000), "zip_bomb",
         "文件解压后体积过大，疑似压缩炸弹，已拒绝。"),
        # a member that declares fewer bytes than it holds: zipfile stops and the CRC fails
        (lambda: forge_central_directory(_simple(), "word/document.xml", file_size=10), "corrupt",
         "文件部件 word/document.xml 已损坏。"),
        (lambda: forge_central_directory(_simple(), "word/document.xml", flag_bits=0x1), "encrypted",
         "文件内容经过加密，无法读取。请取消密码后再上传。"),
        (lambda: zip_with(_simple(), replace={"word/document.xml": BILLION_LAUGHS}), "xml_bomb",
         "文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        (lambda: zip_with(_simple(), replace={"word/document.xml": EXTERNAL_ENTITY}), "xml_bomb",
         "文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        (lambda: zip_with(_simple(), replace={"[Content_Types].xml": b'<!DOCTYPE x><Types/>'}), "xml_bomb",
         "文件部件 [Content_Types].xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        (lambda: zip_with(_simple(), replace={"word/document.xml": b"<w:document><w:body>"}), "corrupt",
         "文件部件 word/document.xml 不是有效的 XML(第 1 行)。"),
    ],
)
def test_it_refuses_malformed_and_hostile_files(make, code, message):
    with pytest.raises(DocumentImportError) as caught:
        read_docx(make())
    assert caught.value.code == code
    assert caught.value.message == message


def test_it_refuses_a_package_mammoth_cannot_read():
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    data = zip_with(_simple(), replace={"word/document.xml": body})
    with pytest.raises(DocumentImportError) as caught:
        read_docx(data)
    assert caught.value.code == "corrupt"
    assert caught.value.message == "Word 文档结构不完整，无法转换。请在 Word/WPS 中重新保存后再试。"
