"""主动内容: what in an Office file or a PDF acts on its own when someone opens it, and is refused.

A .docx, .xlsx or PDF that a county site publishes is opened by reviewers and the public. These are
refused wherever a file enters (attachments, Word import, the command line), because they reach out
or run code when the file is opened, not when someone chooses to click:

- Office: relationships to network addresses other than hyperlinks (a template, picture, OLE
  object, frame or data link fetched on opening: template injection, NTLM leaks, Follina), OLE
  objects and ActiveX controls, embedded files other than Office packages that pass these same
  checks, macros (VBA, Excel 4.0 macro sheets), DDE and DATABASE fields, fields that fetch from the
  network (INCLUDEPICTURE, INCLUDETEXT, LINK, IMPORT), external data connections and altChunk.
- PDF: JavaScript anywhere (OpenAction, AA, names tree, form fields), Launch, SubmitForm,
  ImportData, GoToR/GoToE actions, embedded files and file-attachment annotations, RichMedia and
  XFA forms.

A hyperlink to a web page, a local template path left by the author's machine, or a PDF that opens
at a page are normal and pass. Nothing is rewritten: a refusal says what to do instead.
"""

from __future__ import annotations

import io
import re
from xml.etree.ElementTree import Element

from .errors import DocumentImportError, UploadRejected

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SSML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# What a relationship of each type fetches when the file is opened, in the drafter's words.
_FETCHED = {
    "attachedtemplate": "模板",
    "image": "图片",
    "oleobject": "OLE 对象",
    "frame": "框架",
    "subdocument": "子文档",
    "externallinkpath": "外部数据链接",
    "xlexternallinkpath": "外部数据链接",
    "package": "嵌入文档",
    "afchunk": "嵌入内容",
}
_HYPERLINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "file", "tel"})
# A local path: a drive letter (C:\ or file:///C:/), file:/// with no host, or relative to the document. Anything
# else (http, ftp, \\host, file://host, mhtml:, ms-…: handlers) reaches a host or runs a program.
_LOCAL_PATH = re.compile(
    r"^(?:file:/{0,3})?[A-Za-z]:[\\/]|^file:///(?![\\/])|^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![\\/]{2})", re.IGNORECASE
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Parts that hold code or an object some program runs: the part name is enough to know.
_CODE_PART = re.compile(r"(?:^|/)(?:vbaproject\.bin|vbadata\.xml|activex/[^/]*)$|(?:^|/)macrosheets/", re.IGNORECASE)
_MACRO_PACKAGE = re.compile(r"\.(?:docm|dotm|xlsm|xltm|xlam|xlsb|pptm|potm|ppsm|sldm)$", re.IGNORECASE)
_OFFICE_PACKAGE = re.compile(r"\.(?:docx|xlsx|pptx)$", re.IGNORECASE)
_FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "IMPORT"})
_DDE_FIELDS = frozenset({"DDE", "DDEAUTO"})
_REMOTE_ARGUMENT = re.compile(r"^(?:(?:https?|ftp|mhtml|ms-[a-z-]+|search-ms|webdav):|file://(?!/)|[\\/]{2})", re.IGNORECASE)
_FIELD_ARGUMENT = re.compile(r'"([^"]*)"|(\S+)')

COPY_TO_NEW = "请把内容复制到新建的空白文档中另存后再上传。"
UNLINK_FIELDS = "请在 Word 中全选(Ctrl+A)后按 Ctrl+Shift+F9 把域转换为普通文字，另存后再上传。"


def refuse(message: str, code: str) -> DocumentImportError:
    return DocumentImportError(message, code=code)


# ---------------------------------------------------------------------------------------------
# Office packages


def check_member_name(name: str) -> None:
    """Refuse a package member that is code or an object by its name alone (before it is read)."""
    if _CODE_PART.search(name):
        if "activex" in name.lower():
            raise refuse(f"文件含有 ActiveX 控件({name})，可能含有可执行代码，已拒绝。请删除控件后再上传。", "activex")
        if "macrosheets/" in name.lower():
            raise refuse(f"表格含有 Excel 4.0 宏表({name})，不允许上传。请另存为不含宏的 .xlsx。", "macro")
        raise refuse("文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。", "macro")
    if "/embeddings/" in f"/{name.lower()}":
        if _MACRO_PACKAGE.search(name):
            raise refuse(f"文件中嵌入的文档 {name} 含有宏，已拒绝。请把嵌入的对象改为图片后再上传。", "macro")
        if not _OFFICE_PACKAGE.search(name):
            raise refuse(
                f"文件嵌入了 OLE 对象({name})，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。",
                "ole_object",
            )
    if name.lower() == "xl/connections.xml":
        raise refuse(
            "表格含有外部数据连接(xl/connections.xml)，打开时会联网或读取其他数据源，已拒绝。"
            "请在 Excel 中删除数据连接(数据→查询和连接)后另存再上传。",
            "data_connection",
        )


def check_part(name: str, root: Element) -> None:
    """Refuse what a parsed XML part asks for on opening: external relationships, DDE and fetching fields."""
    lower = name.lower()
    if lower.endswith(".rels"):
        for rel in root.iter(_REL_NS):
            _check_relationship(rel.get("Type", ""), rel.get("Target", ""), rel.get("TargetMode", ""))
    elif lower.startswith("word/") and lower.endswith(".xml"):
        for instruction in field_instructions(root):
            check_field(instruction)
    elif lower.startswith("xl/externallinks/"):
        if any(el.tag in (f"{_SSML}ddeLink", f"{_SSML}oleLink") for el in root.iter()):
            raise refuse(
                f"表格含有 DDE/OLE 外部链接({name})，打开时可能运行其他程序，已拒绝。请在 Excel 中断开链接后另存再上传。",
                "dde",
            )


def _check_relationship(rel_type: str, target: str, mode: str) -> None:
    kind = rel_type.rsplit("/", 1)[-1].lower()
    if kind == "afchunk":
        raise refuse(f"文件嵌入了其他格式的内容块(altChunk：{target})，打开时由 Word 另行解析，已拒绝。{COPY_TO_NEW}", "alt_chunk")
    if mode.lower() != "external":
        return
    if kind == "hyperlink":
        scheme = _SCHEME.match(target.strip())
        if scheme and scheme.group(1).lower() not in _HYPERLINK_SCHEMES:
            raise refuse(f"文件中的超链接“{target[:80]}”会调用本机程序，已拒绝。请删除该链接后再上传。", "bad_hyperlink")
        return
    if _LOCAL_PATH.match(target.strip()):
        return  # a path on the author's own machine: nothing is fetched from anywhere else
    what = _FETCHED.get(kind, "外部资源")
    raise refuse(f"文件引用了网络上的{what}({target[:80]})，打开时会自动联网获取，已拒绝。{COPY_TO_NEW}", "external_reference")


def field_instructions(root: Element) -> list[str]:
    """The instruction of every field in a WordprocessingML part: simple fields and complex ones (split over runs)."""
    out = [el.get(f"{_W}instr", "") for el in root.iter(f"{_W}fldSimple")]
    stack: list[list[str]] = []
    for el in root.iter():
        if el.tag not in (f"{_W}fldChar", f"{_W}instrText"):
            continue
        if el.tag == f"{_W}instrText":
            if stack and stack[-1] is not None:
                stack[-1].append(el.text or "")
            continue
        kind = el.get(f"{_W}fldCharType")
        if kind == "begin":
            stack.append([])
        elif kind == "separate" and stack and stack[-1] is not None:
            out.append("".join(stack[-1]))
            stack[-1] = None  # the result follows; its text is not instruction
        elif kind == "end" and stack:
            parts = stack.pop()
            if parts is not None:
                out.append("".join(parts))
    return out


def check_field(instruction: str) -> None:
    words = instruction.split()
    if not words:
        return
    name = words[0].upper()
    if name in _DDE_FIELDS:
        raise refuse(f"文件含有 DDE 域代码({name})，打开时可能运行其他程序，已拒绝。{UNLINK_FIELDS}", "dde")
    if name == "DATABASE":
        raise refuse(f"文件含有读取外部数据库的域代码(DATABASE)，打开或更新时会连接数据源，已拒绝。{UNLINK_FIELDS}", "remote_field")
    if name not in _FETCHING_FIELDS:
        return
    for quoted, plain in _FIELD_ARGUMENT.findall(instruction[len(words[0]) :].strip()):
        argument = (quoted or plain).replace("\\\\", "\\")
        if _REMOTE_ARGUMENT.match(argument):
            raise refuse(
                f"文件含有联网获取内容的域代码({name} {argument[:80]})，打开时会自动联网，已拒绝。{UNLINK_FIELDS}", "remote_field"
            )


# ---------------------------------------------------------------------------------------------
# PDF

# Action types (/S) that run code, start programs, send data or open other files.
_PDF_ACTIONS = {
    "/JavaScript": "脚本(JavaScript)",
    "/Launch": "启动外部程序的动作(Launch)",
    "/SubmitForm": "提交表单的动作(SubmitForm)",
    "/ImportData": "导入数据的动作(ImportData)",
    "/GoToR": "打开其他文件的动作(GoToR)",
    "/GoToE": "打开嵌入文件的动作(GoToE)",
    "/RichMediaExecute": "富媒体动作(RichMediaExecute)",
}
_PDF_SUBTYPES = {"/FileAttachment": "附件注释(嵌入文件)", "/RichMedia": "富媒体(Flash/视频)", "/Movie": "影片", "/Sound": "声音"}
_PDF_KEYS = {"/JS": "脚本(JavaScript)", "/JavaScript": "脚本(JavaScript)", "/EmbeddedFiles": "嵌入文件", "/XFA": "XFA 动态表单", "/RichMediaContent": "富媒体(Flash/视频)"}
REPRINT_PDF = "请用“打印为 PDF”(WPS“输出为 PDF”)重新生成后再上传。"
# Nesting deeper than this inside one object is not a document, it is an attack on the parser.
_MAX_DEPTH = 64


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with active content anywhere in it; UploadRejected says what was found."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise UploadRejected("PDF 设置了密码，无法读取。请上传未加密的 PDF。", code="encrypted") from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise UploadRejected("PDF 文件已损坏，无法打开。", code="bad_pdf") from exc
    with pdf:
        for obj in pdf.objects:
            found = _pdf_active(obj, 0)
            if found:
                raise UploadRejected(f"PDF 含有{found}，打开时可能自动执行或夹带文件，已拒绝。{REPRINT_PDF}", code="pdf_active_content")


def _pdf_active(obj, depth: int) -> str | None:
    import pikepdf

    if depth > _MAX_DEPTH:
        return "异常深的嵌套结构"
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in obj.keys():
            if key in _PDF_KEYS:
                return _PDF_KEYS[key]
        action = obj.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in _PDF_ACTIONS:
            return _PDF_ACTIONS[str(action)]
        subtype = obj.get("/Subtype")
        if isinstance(subtype, pikepdf.Name) and str(subtype) in _PDF_SUBTYPES:
            return _PDF_SUBTYPES[str(subtype)]
        if obj.get("/Type") == pikepdf.Name("/EmbeddedFile"):
            return "嵌入文件"
        children = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return None
    for child in children:
        # Indirect objects are visited on their own by the caller's walk over every object.
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
            found = _pdf_active(child, depth + 1)
            if found:
                return found
    return None
