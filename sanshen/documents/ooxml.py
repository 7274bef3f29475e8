"""Office Open XML packages (.docx, .xlsx): the checks every one passes before a library parses it.

A .docx or .xlsx is a zip of XML parts. Before mammoth, python-docx or openpyxl open one, the
package is refused if it is a zip bomb (declared sizes too large or too compressed), holds
encrypted or exotic members or macros, or any XML part declares a DTD or entities (billion
laughs, external entities). Python's zipfile never returns more bytes than a member declares, so
checking the declared sizes bounds what any later reader inflates.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from . import active_content
from .errors import DocumentImportError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# Far above any real document (a 300-page report with photos is ~50 MB inflated).
MAX_MEMBERS = 5000
MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 128 * 1024 * 1024
# Real XML parts inflate 5-30x; a bomb inflates hundreds or thousands of times.
MAX_RATIO = 100
RATIO_APPLIES_ABOVE = 1024 * 1024

_KINDS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
KIND_LABELS = {"docx": "Word 文档(.docx)", "xlsx": "Excel 表格(.xlsx)", "pptx": "PowerPoint 演示文稿(.pptx)"}


@dataclass(frozen=True)
class Package:
    """A checked package: its kind and the open zip (members' sizes already bounded)."""

    kind: str
    zip: zipfile.ZipFile


# An Office file embedded in another (a chart's data in a report) is checked like the file itself, this deep.
MAX_NESTING = 2


def open_package(data: bytes, *, _depth: int = 0) -> Package:
    """Check `data` as an OOXML package and open it; raise DocumentImportError saying what is wrong.

    Active content is refused too (active_content: external references, OLE/ActiveX, macros, DDE and
    fields that fetch), in the package and in every Office file embedded in it.
    """
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentImportError("文件设置了打开密码，无法读取。请在 Word/WPS 中取消密码后另存为 .docx 再上传。", code="encrypted")
        raise DocumentImportError(
            "这是旧版 Office 格式(.doc/.xls)，不能直接导入。请在 Word/WPS 中另存为 .docx 或 .xlsx 后再上传。",
            code="legacy_format",
        )
    if not data.startswith(ZIP_MAGIC):
        raise DocumentImportError("文件不是有效的 Office 文档(.docx/.xlsx)，请确认文件类型。", code="not_office")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise DocumentImportError("文件已损坏，无法作为 Office 文档打开。", code="corrupt") from exc
    _check_members(members)
    names = {m.filename for m in members}
    for name in sorted(names):
        active_content.check_member_name(name)
    kind = next((k for part, k in _KINDS.items() if part in names), None)
    if kind is None or "[Content_Types].xml" not in names:
        raise DocumentImportError("文件是压缩包，但不是 Word 或 Excel 文档。", code="not_office")
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            active_content.check_part(member.filename, _check_xml_part(archive, member))
        elif "/embeddings/" in f"/{member.filename}":
            _check_embedded(archive, member, _depth)
    return Package(kind=kind, zip=archive)


def _check_embedded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, depth: int) -> None:
    """An Office file inside the package (check_member_name let only .docx/.xlsx/.pptx through) passes the same checks."""
    if depth >= MAX_NESTING:
        raise DocumentImportError(f"文件中嵌入的文档 {member.filename} 层层嵌套过深，已拒绝。", code="ole_object")
    try:
        open_package(archive.read(member), _depth=depth + 1)
    except DocumentImportError as exc:
        raise DocumentImportError(f"文件中嵌入的文档 {member.filename} 未通过检查：{exc.message}", code=exc.code) from exc
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise DocumentImportError(f"文件部件 {member.filename} 已损坏。", code="corrupt") from exc


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise DocumentImportError(f"文件包含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}，疑似恶意构造的压缩包。", code="zip_bomb")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise DocumentImportError("文件内容经过加密，无法读取。请取消密码后再上传。", code="encrypted")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentImportError(f"文件部件 {member.filename} 使用了不支持的压缩方式。", code="corrupt")
        total += member.file_size
        if member.file_size > MAX_MEMBER_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise DocumentImportError("文件解压后体积过大，疑似压缩炸弹，已拒绝。", code="zip_bomb")
        if member.file_size > RATIO_APPLIES_ABOVE and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise DocumentImportError(
                f"文件部件 {member.filename} 的压缩比异常(超过 {MAX_RATIO} 倍)，疑似压缩炸弹，已拒绝。", code="zip_bomb"
            )


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    try:
        data = archive.read(member)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        # zipfile raises BadZipFile on a CRC mismatch, e.g. a member larger than it declared.
        raise DocumentImportError(f"文件部件 {member.filename} 已损坏。", code="corrupt") from exc
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DocumentImportError(
            f"文件部件 {member.filename} 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。", code="xml_bomb"
        ) from exc
    except ParseError as exc:
        raise DocumentImportError(f"文件部件 {member.filename} 不是有效的 XML(第 {exc.position[0]} 行)。", code="corrupt") from exc
