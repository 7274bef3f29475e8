import io
import re
import zipfile

import pytest
from docx import Document
from PIL import Image

from sanshen.documents.errors import UploadRejected
from sanshen.documents.upload import inspect_upload, reencode_image, storage_name

from .files import (
    animated_gif,
    docx_bytes,
    jpeg_rotated,
    jpeg_with_gps,
    ole_file,
    pdf_of_images,
    png,
    png_declaring,
    xlsx_bytes,
    zip_with,
)

JSP = b'<%@ page import="java.io.*" %><% Runtime.getRuntime().exec(request.getParameter("c")); %>'
PHP = b"<?php system($_GET['c']); ?>"
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
SVG_PLAIN = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _docx() -> bytes:
    d = Document()
    d.add_paragraph("正文")
    return docx_bytes(d)


def _pptx_named_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, make, kind, content_type, extension",
    [
        ("关于开展检查的通知.docx", _docx, "docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ("公示名单.xlsx", lambda: xlsx_bytes({"名单": [["姓名"], ["张三"]]}), "xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ("扫描件.PDF", lambda: pdf_of_images([png(), png()]), "pdf", "application/pdf", ".pdf"),
        ("图.png", png, "png", "image/png", ".png"),
        ("照片.JPG", jpeg_with_gps, "jpeg", "image/jpeg", ".jpg"),
        ("照片.jpeg", jpeg_with_gps, "jpeg", "image/jpeg", ".jpg"),
        ("动图.gif", animated_gif, "gif", "image/gif", ".gif"),
        ("图.webp", lambda: png(fmt="WEBP"), "webp", "image/webp", ".webp"),
        # the content decides: a PNG named .jpg is stored as .png
        ("照片.jpg", png, "png", "image/png", ".png"),
    ],
)
def test_it_accepts_by_content(name, make, kind, content_type, extension):
    info = inspect_upload(name, make())
    assert (info.name, info.kind, info.content_type, info.extension) == (name, kind, content_type, extension)
    assert info.size == len(info.data)


def test_it_counts_pdf_pages():
    info = inspect_upload("扫描件.pdf", pdf_of_images([png(), png(), png()]))
    assert info.pages == 3


def test_it_stores_office_files_and_pdfs_as_sent():
    data = _docx()
    assert inspect_upload("a.docx", data).data == data


def test_it_strips_exif_and_gps_from_photos():
    original = jpeg_with_gps()
    assert dict(Image.open(io.BytesIO(original)).getexif())  # the fixture does carry EXIF
    info = inspect_upload("照片.jpg", original)
    stored = Image.open(io.BytesIO(info.data))
    assert dict(stored.getexif()) == {}
    assert b"CanonEOS" not in info.data and b"Exif" not in info.data
    assert (info.width, info.height) == (64, 48)


def test_it_drops_anything_appended_to_a_picture():
    polyglot = png() + JSP
    info = inspect_upload("图.png", polyglot)
    assert b"<%" not in info.data
    assert Image.open(io.BytesIO(info.data)).size == (40, 20)


def test_it_applies_the_exif_orientation_before_dropping_it():
    info = inspect_upload("手机照片.jpg", jpeg_rotated())
    assert (info.width, info.height) == (40, 60)
    assert Image.open(io.BytesIO(info.data)).size == (40, 60)


def test_it_keeps_animation_but_not_the_gif_comment():
    info = inspect_upload("动图.gif", animated_gif(3))
    stored = Image.open(io.BytesIO(info.data))
    assert stored.n_frames == 3
    assert b"made by a camera" not in info.data


def test_reencode_image_keeps_the_format():
    for fmt, magic in (("PNG", b"\x89PNG"), ("JPEG", b"\xff\xd8\xff"), ("WEBP", b"RIFF")):
        assert reencode_image(png(fmt=fmt))[: len(magic)] == magic


@pytest.mark.parametrize(
    "name, make, code, message",
    [
        # names
        ("x.jsp", lambda: JSP, "dangerous_name", "不允许上传 .jsp 文件(文件名“x.jsp”)。"),
        ("x.jsp.jpg", lambda: JSP, "dangerous_name", "不允许上传 .jsp 文件(文件名“x.jsp.jpg”)。"),
        ("x.JSP.jpg", png, "dangerous_name", "不允许上传 .jsp 文件(文件名“x.JSP.jpg”)。"),
        ("x.php%00.jpg", lambda: PHP, "bad_name", "文件名含有不允许的字符(如 %00、路径分隔符或控制字符)。"),
        ("x.php\x00.jpg", lambda: PHP, "bad_name", "文件名含有不允许的字符(如 %00、路径分隔符或控制字符)。"),
        ("../../etc/cron.png", png, "bad_name", "文件名含有不允许的字符(如 %00、路径分隔符或控制字符)。"),
        ("..\\web.config.png", png, "bad_name", "文件名含有不允许的字符(如 %00、路径分隔符或控制字符)。"),
        ("shell.asp.png", png, "dangerous_name", "不允许上传 .asp 文件(文件名“shell.asp.png”)。"),
        ("x.svg", lambda: SVG_SCRIPT, "dangerous_name", "不允许上传 .svg 文件(文件名“x.svg”)。"),
        ("x.html", lambda: HTML, "dangerous_name", "不允许上传 .html 文件(文件名“x.html”)。"),
        ("setup.exe", lambda: b"MZ\x90\x00", "dangerous_name", "不允许上传 .exe 文件(文件名“setup.exe”)。"),
        ("说明.txt", lambda: "文本".encode(), "unsupported_type", "只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"),
        ("无扩展名", png, "unsupported_type", "只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"),
        ("旧文档.doc", lambda: ole_file(encrypted=False), "unsupported_type", "只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"),
        # content that is not what the name says
        ("x.jpg", lambda: JSP, "unsupported_type", "文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
        ("x.jpg", lambda: PHP, "unsupported_type", "文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
        ("x.png", lambda: SVG_SCRIPT, "unsupported_type", "不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"),
        ("x.png", lambda: SVG_PLAIN, "unsupported_type", "不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"),
        ("x.jpg", lambda: HTML, "unsupported_type", "不允许上传 HTML/XML 文件。"),
        ("x.pdf", lambda: b"MZ\x90\x00\x03" + b"\x00" * 60, "unsupported_type", "不允许上传可执行程序或脚本。"),
        ("x.pdf", lambda: b"\x7fELF\x02\x01\x01", "unsupported_type", "不允许上传可执行程序或脚本。"),
        ("x.pdf", lambda: b"#!/bin/sh\nrm -rf /", "unsupported_type", "不允许上传可执行程序或脚本。"),
        ("x.pdf", lambda: b"\x1f\x8b\x08\x00", "unsupported_type", "不允许上传压缩包，请直接上传其中的文档或图片。"),
        ("x.pdf", lambda: b"just some bytes", "unsupported_type",
         "无法识别的文件类型。只接受 .docx、.xlsx、.pdf 和 .jpg/.png/.gif/.webp 图片。"),
        ("x.docx", _pptx_named_docx, "unsupported_type", "只接受 Word 文档(.docx)和 Excel 表格(.xlsx)。"),
        ("x.docx", lambda: ole_file(encrypted=False), "legacy_format",
         "这是旧版 Office 格式(.doc/.xls)，不能直接导入。请在 Word/WPS 中另存为 .docx 或 .xlsx 后再上传。"),
        ("x.docx", lambda: ole_file(encrypted=True), "encrypted",
         "文件设置了打开密码，无法读取。请在 Word/WPS 中取消密码后另存为 .docx 再上传。"),
        # broken and hostile files
        ("x.png", lambda: b"", "empty", "文件是空的。"),
        ("x.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "bad_image", "图片已损坏或格式不受支持。"),
        ("x.pdf", lambda: b"%PDF-1.7\n garbage", "bad_pdf", "PDF 文件已损坏，无法打开。"),
        ("x.docx", lambda: zip_with(_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "macro",
         "文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
        ("x.docx", lambda: zip_with(_docx(), add={"word/media/filler.bin": b"\x00" * (2 * 1024 * 1024)}), "zip_bomb",
         "文件部件 word/media/filler.bin 的压缩比异常(超过 100 倍)，疑似压缩炸弹，已拒绝。"),
        # 50 megapixels declared by a 100-byte file: refused before any decoding
        ("大图.png", lambda: png_declaring(8000, 6250), "too_many_pixels",
         "图片尺寸 8000×6250(50 百万像素)超过上限 40 百万像素。"),
        ("炸弹.png", lambda: png_declaring(100_000, 100_000), "too_many_pixels", "图片像素过多，超过上限 40 百万像素。"),
    ],
)
def test_it_refuses(name, make, code, message):
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(name, make())
    assert (caught.value.code, caught.value.message) == (code, message)


def test_it_refuses_a_real_50_megapixel_image():
    buffer = io.BytesIO()
    Image.new("L", (8000, 6250), 255).save(buffer, "PNG")
    with pytest.raises(UploadRejected) as caught:
        inspect_upload("大图.png", buffer.getvalue())
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    "limits, make, code, message",
    [
        ({"max_bytes": 1024}, lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000, "too_large", "文件大小 3 KB 超过上限 1 KB。"),
        ({"max_bytes": 50 * 1024 * 1024}, lambda: b"%PDF-1.7" + b"\x00" * (60 * 1024 * 1024), "too_large",
         "文件大小 60.0 MB 超过上限 50.0 MB。"),
        ({"max_pages": 2}, lambda: pdf_of_images([png(), png(), png()]), "too_many_pages", "PDF 共 3 页，超过上限 2 页。"),
        ({"max_pixels": 799}, lambda: png(40, 20), "too_many_pixels", "图片尺寸 40×20(0 百万像素)超过上限 0 百万像素。"),
        ({"max_pixels": 5000}, lambda: animated_gif(10), "too_many_frames", "动图共 10 帧，总像素超过上限。"),
    ],
)
def test_it_applies_the_limits_it_is_given(limits, make, code, message):
    with pytest.raises(UploadRejected) as caught:
        inspect_upload("f.png" if code != "too_many_pages" else "f.pdf", make(), **limits)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_it_accepts_exactly_at_the_limits():
    assert inspect_upload("f.png", png(40, 20), max_pixels=800).kind == "png"
    assert inspect_upload("f.pdf", pdf_of_images([png(), png()]), max_pages=2).pages == 2


def test_storage_name_is_a_fresh_uuid_with_the_real_extension():
    info = inspect_upload("x.jpg", png())
    first, second = storage_name(info), storage_name(info)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", first)
    assert first != second


# ---------------------------------------------------------------------------------------------
# Seals: any picture type becomes the PNG the forms print


def _seal(fmt: str, mode: str = "RGB", **save) -> bytes:
    from PIL import ImageDraw

    image = Image.new(mode, (120, 120), (0, 0, 0, 0) if mode == "CMYK" else "white")  # CMYK paper is no ink
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), outline="red" if mode != "CMYK" else (0, 255, 255, 0), width=8)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        lambda: _seal("JPEG"),
        lambda: _seal("JPEG", "CMYK"),
        lambda: _seal("PNG"),
        lambda: _seal("GIF"),
        lambda: _seal("WEBP"),
        lambda: _seal("BMP"),
        lambda: _seal("TIFF"),
    ],
)
def test_a_seal_of_any_picture_type_becomes_a_png_on_transparent_paper(make):
    from sanshen.documents.upload import seal_png

    data = seal_png(make())
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    seal = Image.open(io.BytesIO(data))
    assert (seal.format, seal.mode, seal.size) == ("PNG", "RGBA", (120, 120))
    # the white paper is see-through, the red ring is not
    assert seal.getpixel((60, 60))[3] == 0 and seal.getpixel((60, 14))[3] == 255


def test_a_seal_keeps_its_own_transparency_and_is_scaled_down():
    from sanshen.documents.upload import SEAL_SIDE, seal_png

    image = Image.new("RGBA", (3000, 2000), (0, 0, 0, 0))
    image.paste((200, 20, 20, 255), (1000, 500, 2000, 1500))
    out = io.BytesIO()
    image.save(out, "PNG")
    seal = Image.open(io.BytesIO(seal_png(out.getvalue())))
    assert seal.size == (SEAL_SIDE, round(SEAL_SIDE * 2 / 3))
    assert seal.getpixel((5, 5))[3] == 0 and seal.getpixel((500, 333)) == (200, 20, 20, 255)


def test_a_seal_photo_is_turned_upright():
    from sanshen.documents.upload import seal_png

    assert Image.open(io.BytesIO(seal_png(jpeg_rotated()))).size == (40, 60)


@pytest.mark.parametrize(
    "data, code, message",
    [
        (b"", "empty", "公章图片是空的。"),
        (SVG_SCRIPT, "unsupported_type", "公章必须是图片文件(JPG、PNG、GIF、WebP、BMP 或 TIFF)。"),
        (PHP, "unsupported_type", "公章必须是图片文件(JPG、PNG、GIF、WebP、BMP 或 TIFF)。"),
        (b"%PDF-1.4 seal", "unsupported_type", "公章必须是图片文件(JPG、PNG、GIF、WebP、BMP 或 TIFF)。"),
        (png_declaring(100_000, 100_000), "too_many_pixels", "图片像素过多，超过上限 40 百万像素。"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "bad_image", "图片已损坏或格式不受支持。"),
        (b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "too_large", "公章图片大小 11.0 MB 超过上限 10.0 MB。"),
    ],
)
def test_a_seal_that_is_not_a_picture_is_refused(data, code, message):
    from sanshen.documents.upload import seal_png

    with pytest.raises(UploadRejected) as refused:
        seal_png(data)
    assert (refused.value.code, refused.value.message) == (code, message)
