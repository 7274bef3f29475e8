"""审签表 rendering: real PDFs read back with poppler, real PNGs and .docx files, no mocks."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image, ImageChops, ImageDraw

from sanshen.documents.signoff import (
    BODY_LIMIT,
    REVIEW_POINTS,
    Signature,
    SignOffForm,
    body_paragraphs,
    format_time,
    missing_parts,
    render_docx,
    render_html,
    render_pdf,
    render_png,
)

UTC = timezone.utc


def make_seal_png() -> bytes:
    """A red ring with a star on a transparent ground: enough of a 公章 to see it overlaid."""
    size = 300
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (214, 32, 32, 255)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=10)
    centre = size / 2
    star = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        radius = 48 if i % 2 == 0 else 18
        star.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def at(hour: int, minute: int) -> datetime:
    """A UTC time on 18 March 2025; the form prints it 8 hours later (Beijing time)."""
    return datetime(2025, 3, 18, hour, minute, tzinfo=UTC)


BODY = (
    "3月17日，三江镇组织应急办、林业站等部门工作人员，深入各村开展春季森林防火专项检查。\n"
    "检查组重点查看了防火物资储备、扑火队伍值守和野外用火管控情况。"
)


def make_form(**changes) -> SignOffForm:
    form = SignOffForm(
        form_no="SQ-2025-0318-0007",
        unit_name="锦屏县三江镇人民政府",
        seal_png=make_seal_png(),
        title="三江镇开展春季森林防火专项检查",
        body_text=BODY,
        drafter=Signature("党政办干事", "杨丽", at(1, 5), ""),
        site_admin=Signature("网站管理员", "龙建华", at(2, 10), "内容真实，格式规范，建议发布。"),
        office_head=Signature("党政办主任", "吴志刚", at(3, 0), "经审核，无涉密信息和敏感词，同意报送。"),
        deputy_leader=Signature("副镇长", "潘晓东", at(6, 30), "同意发布。"),
        main_leader=Signature("镇长", "姜文", at(8, 45), "同意。", on_behalf_note="受镇党委书记委托"),
        county_leader=None,
        points={point: point != "时效性" for point in REVIEW_POINTS},
        grade_label="一般信息",
        remark="本信息附现场照片3张。",
        generated_at=at(9, 0),
        revision_label="第2版",
        fingerprint="sha256:9f2c4e0b7a1d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
    )
    return dataclasses.replace(form, **changes)


def unsigned(role_label: str) -> Signature:
    return Signature(role_label, "", None, "")


@pytest.fixture(scope="module")
def full_pdf() -> bytes:
    return render_pdf(make_form())


@pytest.fixture(scope="module")
def long_body_pdf() -> bytes:
    # 甲 fills the part that is printed, 乙 only the part that must be cut.
    return render_pdf(make_form(body_text="甲" * BODY_LIMIT + "乙" * 200))


def run_poppler(*args: str, pdf: bytes) -> bytes:
    """Run a poppler-utils tool on `pdf`; "{pdf}" in args stands for its file name."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        command = [arg.replace("{pdf}", file.name) for arg in args]
        return subprocess.run(command, capture_output=True, check=True).stdout


def pdf_text(pdf: bytes) -> str:
    """Text poppler reads back in drawing order, without whitespace: CJK lines break anywhere."""
    text = run_poppler("pdftotext", "-raw", "-enc", "UTF-8", "{pdf}", "-", pdf=pdf).decode("utf-8")
    return re.sub(r"\s+", "", text)


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table, cut by the widths of its dashed rule because the type column holds spaces."""
    lines = run_poppler("pdffonts", "{pdf}", pdf=pdf).decode("utf-8").splitlines()
    header, rule, *rows = lines
    spans, start = [], 0
    for dashes in rule.split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    names = [header[a:b].strip() for a, b in spans]
    return [{name: row[a:b].strip() for name, (a, b) in zip(names, spans)} for row in rows]


def dark_pixels(grey: Image.Image) -> int:
    return sum(grey.histogram()[:128])


class TestPdf:
    def test_it_embeds_every_font_as_an_outline_subset(self, full_pdf):
        fonts = pdf_fonts(full_pdf)
        assert fonts
        assert [f["name"] for f in fonts if f["emb"] != "yes"] == []
        assert [f["name"] for f in fonts if f["type"] == "Type 3"] == []
        # Exactly the faces the stylesheet names: a fallback face here means a glyph the CJK fonts lack.
        families = sorted(f["name"].split("+", 1)[1] for f in fonts)
        assert families == ["DejaVu-Sans", "DejaVu-Sans-Mono", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC"]

    def test_it_is_one_a4_portrait_page(self, full_pdf):
        info = run_poppler("pdfinfo", "{pdf}", pdf=full_pdf).decode("utf-8")
        assert re.search(r"^Pages:\s+1$", info, re.M)
        assert "595.276 x 841.89 pts (A4)" in info

    def test_it_prints_everything_that_was_signed(self, full_pdf):
        text = pdf_text(full_pdf)
        for expected in [
            "锦屏县人民政府网信息发布审签表",
            "来文单位（盖公章）：",
            # The unit name is positioned under the seal, so it is drawn (and read back) last but for the footer.
            "锦屏县三江镇人民政府编号：",
            "信息类别：一般信息",
            "拟稿人",
            "签名：杨丽（党政办干事）2025年3月18日09:05",
            "内容真实，格式规范，建议发布。",
            "签名：龙建华（网站管理员）2025年3月18日10:10",
            "经审核，无涉密信息和敏感词，同意报送。",
            "签名：吴志刚（党政办主任）2025年3月18日11:00",
            "签名：潘晓东（副镇长）2025年3月18日14:30",
            "签名：姜文（镇长）〔受镇党委书记委托〕2025年3月18日16:45",
            "信息标题三江镇开展春季森林防火专项检查",
            "深入各村开展春季森林防火专项检查。",
            "但预决算、突发事件等重要信息必须送本单位主要领导签批。",
            "本信息附现场照片3张。",
            "编号：SQ-2025-0318-0007",
            "版本：第2版",
            "生成时间：2025年3月18日17:00",
            "sha256:9f2c4e0b7a1d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
        ]:
            assert expected in text, expected

    def test_it_ticks_exactly_the_points_reviewed(self, full_pdf):
        text = pdf_text(full_pdf)
        ticks = re.findall(r"([☑☐])(\d)\.", text)
        assert ticks == [
            ("☑", "1"), ("☑", "2"), ("☑", "3"), ("☐", "4"),
            ("☑", "5"), ("☑", "6"), ("☑", "7"), ("☑", "8"),
        ]
        assert "☑8.文字、图片、格式、符号等" in text

    def test_it_leaves_the_county_leader_row_out_of_ordinary_forms(self, full_pdf):
        assert "县领导批示" not in pdf_text(full_pdf)

    def test_it_prints_blank_signature_lines_for_missing_signatures(self):
        form = make_form(grade_label="特级信息", main_leader=None, deputy_leader=unsigned("副镇长"))
        text = pdf_text(render_pdf(form))
        assert "县领导批示" in text
        # 分管领导, 单位主要领导 and 县领导 rows: a line to sign on and an empty date, as on paper.
        assert text.count("签名：年月日") == 3
        assert "潘晓东" not in text and "姜文" not in text

    def test_it_takes_the_county_name_from_the_caller(self):
        text = pdf_text(render_pdf(make_form(), county_name="黎平县"))
        assert "黎平县人民政府网信息发布审签表" in text
        assert "锦屏县人民政府网信息发布审签表" not in text

    def test_it_cuts_a_long_body_and_points_to_the_attachment(self, long_body_pdf):
        text = pdf_text(long_body_pdf)
        assert "甲……（全文见附件）" in text
        assert "乙" not in text
        # The form, not the body, decides where it ends: 备注 and the footer still follow.
        assert text.endswith("第2页／共2页指纹：sha256:9f2c4e0b7a1d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f")
        assert "各单位可根据信息重要程度" in text

    def test_it_draws_ink_where_pdftoppm_renders_the_title(self, full_pdf):
        png = run_poppler("pdftoppm", "-png", "-r", "60", "-singlefile", "{pdf}", pdf=full_pdf)
        page = Image.open(io.BytesIO(png)).convert("L")
        width, height = page.size
        assert (width, height) == (497, 702)
        # The heading spans the middle of the top band; 19pt 黑体 leaves well over a thousand dark pixels.
        title_band = page.crop((width // 5, 0, width * 4 // 5, height // 10))
        assert dark_pixels(title_band) > 1000
        # The seal is red: the unit line holds pixels far redder than grey text ever is.
        rgb = Image.open(io.BytesIO(png)).convert("RGB").crop((0, height // 10, width // 2, height // 6))
        red, green, _blue = rgb.split()
        strong_red = Image.eval(red, lambda v: 255 if v > 180 else 0)
        weak_green = Image.eval(green, lambda v: 255 if v < 110 else 0)
        assert ImageChops.multiply(strong_red, weak_green).getbbox() is not None


class TestPng:
    def test_it_rasterises_one_page_at_a4_proportions(self, full_pdf):
        png = render_png(full_pdf)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.width == pytest.approx(210 / 25.4 * 110, abs=1)
        assert image.height / image.width == pytest.approx(297 / 210, rel=0.005)

    def test_it_stacks_a_second_page_below_the_first(self, long_body_pdf):
        image = Image.open(io.BytesIO(render_png(long_body_pdf, dpi=60)))
        assert image.width == pytest.approx(210 / 25.4 * 60, abs=1)
        assert image.height / image.width == pytest.approx(2 * 297 / 210, rel=0.005)
        # Both halves carry a form: the second page is not left blank.
        lower = image.convert("L").crop((0, image.height // 2, image.width, image.height * 3 // 4))
        assert dark_pixels(lower) > 1000


@pytest.mark.parametrize(
    "changes, expected",
    [
        # complete forms
        ({}, []),
        ({"main_leader": None}, []),
        ({"main_leader_required": True}, []),
        ({"grade_label": "特级信息", "county_leader": Signature("副县长", "杨军", at(9, 0), "同意发布。")}, []),
        ({"grade_label": "重要信息", "county_leader": None}, []),
        ({"body_text": None}, []),
        # one part missing
        ({"seal_png": None}, ["来文单位公章"]),
        ({"drafter": Signature("干事", "杨丽", None, "")}, ["拟稿人"]),
        ({"drafter": Signature("干事", "  ", at(1, 0), "")}, ["拟稿人"]),
        ({"site_admin": None}, ["网站管理员"]),
        ({"site_admin": unsigned("网站管理员")}, ["网站管理员"]),
        ({"office_head": Signature("党政办主任", "吴志刚", None, "同意。")}, ["办公室主任审核意见"]),
        ({"deputy_leader": None}, ["分管领导审核意见"]),
        ({"main_leader": None, "main_leader_required": True}, ["单位主要领导签批"]),
        ({"main_leader": unsigned("镇长"), "main_leader_required": True}, ["单位主要领导签批"]),
        ({"grade_label": "特级信息"}, ["县领导批示"]),
        ({"grade_label": "特级信息", "county_leader": unsigned("副县长")}, ["县领导批示"]),
        ({"title": " "}, ["信息标题"]),
        # several missing, reported in the order of the form
        (
            {
                "title": "",
                "grade_label": "特级信息",
                "main_leader": None,
                "main_leader_required": True,
                "office_head": None,
                "seal_png": None,
            },
            ["来文单位公章", "办公室主任审核意见", "单位主要领导签批", "县领导批示", "信息标题"],
        ),
    ],
)
def test_it_names_the_missing_parts(changes, expected):
    assert missing_parts(make_form(**changes)) == expected


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"points": {"政治性": True, "合法性": True}}, "Unknown review points: ['合法性']"),
        ({"seal_png": b"\xff\xd8\xff\xe0JFIF"}, "seal_png is not a PNG image"),
    ],
)
def test_it_refuses_malformed_forms(changes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make_form(**changes)


@pytest.mark.parametrize(
    "body_text, expected",
    [
        (None, ["见附件"]),
        ("  \n ", ["见附件"]),
        ("第一段。\n\n  第二段。 ", ["第一段。", "第二段。"]),
        ("字" * BODY_LIMIT, ["字" * BODY_LIMIT]),
        ("字" * (BODY_LIMIT + 1), ["字" * BODY_LIMIT + "……", "（全文见附件）"]),
        ("字" * (BODY_LIMIT - 2) + "\n尾声", ["字" * (BODY_LIMIT - 2), "尾……", "（全文见附件）"]),
    ],
)
def test_it_prints_the_body_up_to_the_limit(body_text, expected):
    assert body_paragraphs(body_text) == expected


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2025, 3, 18, 1, 5, tzinfo=UTC), "2025年3月18日 09:05"),
        (datetime(2025, 12, 31, 16, 30, tzinfo=UTC), "2026年1月1日 00:30"),
        (datetime(2025, 3, 18, 9, 5), "2025年3月18日 09:05"),
        (None, ""),
    ],
)
def test_it_prints_times_in_beijing_time(moment, expected):
    assert format_time(moment) == expected


def test_it_escapes_what_people_typed():
    html = render_html(make_form(title="<script>alert(1)</script>", remark="A & B"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html


def test_it_overlays_the_seal_only_when_there_is_one():
    assert html_seals(render_html(make_form())) == 1
    assert html_seals(render_html(make_form(seal_png=None))) == 0


def html_seals(html: str) -> int:
    return len(re.findall(r'<img class="seal" src="data:image/png;base64,', html))


class TestDocx:
    def read(self, form: SignOffForm, **kwargs) :
        return docx.Document(io.BytesIO(render_docx(form, **kwargs)))

    def test_it_writes_the_form_as_a_word_table(self):
        document = self.read(make_form())
        assert document.paragraphs[0].text == "锦屏县人民政府网信息发布审签表"
        assert "来文单位（盖公章）：锦屏县三江镇人民政府" in document.paragraphs[1].text
        (table,) = document.tables
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert [row[0] for row in rows] == [
            "拟稿人",
            "网站管理员",
            "办公室主任\n审核意见",
            "分管领导\n审核意见",
            "单位主要\n领导签批",
            "信息审核要点",
            "信息标题",
            "信息详细内容\n（可另附）",
            "备注",
        ]
        assert rows[0][1] == "签名：杨丽（党政办干事）　2025年3月18日 09:05"
        assert rows[1][1] == "内容真实，格式规范，建议发布。\n签名：龙建华（网站管理员）　2025年3月18日 10:10"
        assert rows[4][1] == "同意。\n签名：姜文（镇长）〔受镇党委书记委托〕　2025年3月18日 16:45"
        assert rows[5][1].split("　")[:4] == ["☑1.政治性", "☑2.保密性", "☑3.真实性", "☐4.时效性"]
        assert rows[6][1] == "三江镇开展春季森林防火专项检查"
        assert rows[7][1] == BODY
        assert rows[8][1].endswith("本信息附现场照片3张。")
        assert len(document.inline_shapes) == 1
        footer = document.sections[0].footer.paragraphs[0].text
        assert "编号：SQ-2025-0318-0007" in footer
        assert footer.endswith("sha256:9f2c4e0b7a1d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f")

    def test_it_leaves_unsigned_rows_blank_and_adds_the_county_leader_row(self):
        form = make_form(grade_label="特级信息", seal_png=None, main_leader=unsigned("镇长"))
        document = self.read(form, county_name="黎平县")
        assert document.paragraphs[0].text == "黎平县人民政府网信息发布审签表"
        (table,) = document.tables
        rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
        # Two empty lines to write on, as on paper, then the line to sign.
        assert rows["单位主要\n领导签批"] == "\n\n签名：＿＿＿＿＿＿　　　　年　　月　　日"
        assert rows["县领导\n批示"] == "\n\n签名：＿＿＿＿＿＿　　　　年　　月　　日"
        assert len(document.inline_shapes) == 0

    def test_it_names_chinese_fonts_for_word(self):
        document = self.read(make_form())
        east_asia = {
            run._element.rPr.rFonts.get(qn("w:eastAsia"))
            for paragraph in document.paragraphs
            for run in paragraph.runs
            if run.text
        }
        assert east_asia == {"黑体", "宋体"}


if __name__ == "__main__":
    # Regenerates the sample shown in the docs: python -m sanshen.documents.tests.test_signoff PATH.png
    with open(sys.argv[1], "wb") as out:
        out.write(render_png(render_pdf(make_form())))
