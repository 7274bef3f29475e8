"""The 通报 as .docx (read back) and PDF (rendered with poppler), issuing, and what issuing freezes."""

import io
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from docx import Document

from sanshen.accountability import bulletins
from sanshen.accountability.exceptions import InvalidTransition, NotAllowed
from sanshen.accountability.models import Bulletin, ScoringRule
from sanshen.accountability.periods import parse_period
from sanshen.audit.models import AuditEntry

from . import fixture


@pytest.fixture
def issued(oversight):
    fixture.build(oversight)
    with time_machine.travel(fixture.AS_OF, tick=False):
        draft = bulletins.create_draft(parse_period("2026Q3"), oversight.office)
        draft = bulletins.update_draft(draft, oversight.office, analysis="三江镇终审把关不严。\n茅坪镇整改不及时。")
        return bulletins.issue(draft, oversight.office)


def _docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]], object]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables, document


def test_it_writes_the_docx_in_gongwen_layout(issued):
    paragraphs, tables, document = _docx_text(bulletins.render(issued, "docx"))
    assert paragraphs[:2] == ["锦屏县人民政府办公室", "锦府办通〔2026〕1号"]
    assert "关于2026年第三季度全县政府网站和政务新媒体信息发布审核情况的通报" in paragraphs
    assert "各乡镇人民政府，县直各部门：" in paragraphs
    assert [p for p in paragraphs if p[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、")] == [
        "一、总体情况", "二、差错类型及典型问题", "三、整改情况", "四、审核时效", "五、考核扣分", "六、存在的主要问题", "七、下一步工作要求",
    ]
    assert (
        "2026年第三季度，全县各单位通过县政府网站共发布信息1条，县政府信息中心审核退回1条，共登记错敏差错4处，"
        "其中严重表述错误1处、一般差错3处，较上期增加3处。已按时整改1处，逾期整改1处，尚未整改2处（其中已超过整改时限1处）。"
    ) in paragraphs
    assert "1. 三江镇https://www.example.gov.cn/art/1.html中“二十大三中全会”，应为“二十届三中全会”，严重表述错误，上级通报。" in paragraphs
    assert [p for p in paragraphs[-6:] if p] == [
        "锦屏县人民政府办公室", "2026年10月10日", "抄送：县人民政府办公室主要负责同志。", "锦屏县人民政府办公室　　　　2026年10月10日印发",
    ]
    units = tables[0]
    assert units[0] == ["单位", "发布信息", "审核退回", "严重表述错误", "一般差错", "差错合计", "较上期"]
    assert ["三江镇", "1", "1", "1", "2", "3", "+2"] in units
    assert ["茅坪镇", "0", "0", "0", "1", "1", "+1"] in units
    assert units[-1] == ["合计", "1", "1", "1", "3", "4", "+3"]
    section = document.sections[0]
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    fonts = {r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
             for p in document.paragraphs[:4] for r in p.runs}
    assert {"方正小标宋简体", "仿宋_GB2312"} <= fonts
    assert len(document.inline_shapes) == 2  # the per-unit bars and the trend lines


def test_it_renders_the_pdf_with_the_same_figures(issued, tmp_path):
    pdf = bulletins.render(issued, "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "锦府办通〔2026〕1号" in flat
    assert "共登记错敏差错4处，其中严重表述错误1处、一般差错3处，较上期增加3处" in flat
    assert "三江镇11123+2" in flat and "合计11134+3" in flat
    assert "—1—" in flat
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    # The fonts the page names for the PDF are the ones embedded in it (公文 fonts where installed, else the fallback).
    from sanshen.accountability.documents import pdf_fonts

    for role in ("title", "body", "heading"):
        name = pdf_fonts()[role].split("（")[0]
        assert name.replace(" ", "-") in fonts or name.replace(" ", "") in fonts, (role, name, fonts)


def test_issuing_freezes_the_figures_and_the_files(issued, oversight):
    stored_docx, stored_pdf = bulletins.render(issued, "docx"), bulletins.render(issued, "pdf")
    a = next(s for s in issued.figures["scores"] if s["unit_name"] == "三江镇")
    assert (a["deduction"], a["score"]) == ("4.5", "95.5")
    ScoringRule.objects.filter(kind="error", severity="serious", category="").update(points=Decimal("9"))
    fixture.entry_at(oversight, text="印发后登记", url="https://www.example.gov.cn/late.html", found_at=fixture.beijing(2026, 9, 15, 9, 0))
    issued = Bulletin.objects.get(pk=issued.pk)
    assert next(s for s in issued.figures["scores"] if s["unit_name"] == "三江镇")["score"] == "95.5"
    assert bulletins.render(issued, "docx") == stored_docx and bulletins.render(issued, "pdf") == stored_pdf
    assert bulletins.figures_of(issued)["totals"]["errors"] == 4
    issued.title = "改过的标题"
    with pytest.raises(InvalidTransition):
        issued.save()
    with pytest.raises(InvalidTransition):
        issued.delete()
    with pytest.raises(InvalidTransition) as exc:
        bulletins.update_draft(issued, oversight.office, title="改过的标题")
    assert exc.value.message == "通报已印发存档，不能修改"
    assert Bulletin.objects.get(pk=issued.pk).title.startswith("关于2026年第三季度")
    assert list(AuditEntry.objects.filter(action__startswith="accountability.bulletin").values_list("action", flat=True).order_by("seq")) == [
        "accountability.bulletin_draft", "accountability.bulletin_edit", "accountability.bulletin_issue",
    ]


def test_a_second_bulletin_of_the_period_is_not_issued(issued, oversight):
    another = bulletins.create_draft(parse_period("2026Q3"), oversight.office)
    with pytest.raises(InvalidTransition) as exc:
        bulletins.issue(another, oversight.office)
    assert exc.value.message == "2026年第三季度的通报已经印发过"


def test_only_the_county_office_drafts_and_issues(oversight):
    with pytest.raises(NotAllowed):
        bulletins.create_draft(parse_period("2026Q3"), oversight.county_reviewer)
    draft = bulletins.create_draft(parse_period("2026Q3"), oversight.office)
    with pytest.raises(NotAllowed):
        bulletins.issue(draft, oversight.second)


def test_the_command_writes_each_period_and_format(oversight, tmp_path, capsys):
    fixture.build(oversight)
    for period, fmt in (("2026Q3", "docx"), ("2026M09", "pdf"), ("2026", "docx")):
        out = tmp_path / f"{period}.{fmt}"
        call_command("bulletin", period, "--format", fmt, "-o", str(out))
        assert out.read_bytes()[:4] == (b"PK\x03\x04" if fmt == "docx" else b"%PDF")
    paragraphs, _, _ = _docx_text((tmp_path / "2026.docx").read_bytes())
    assert "关于2026年度全县政府网站和政务新媒体信息发布审核情况的通报" in paragraphs
    assert "已写出按台账现状生成的通报" in capsys.readouterr().out


@pytest.mark.parametrize("period", ["2026Q5", "2026M13", "26Q3", "2026-09", ""])
def test_the_command_refuses_a_bad_period_in_chinese(oversight, tmp_path, period):
    with pytest.raises(CommandError) as exc:
        call_command("bulletin", period, "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert str(exc.value) == f"期间“{period}”无法识别：季度写作 2026Q3，月份写作 2026M09，年度写作 2026"
    assert not (tmp_path / "x.docx").exists()


def test_the_command_writes_the_issued_file_when_there_is_one(issued, tmp_path, capsys):
    out = tmp_path / "q3.pdf"
    call_command("bulletin", "2026Q3", "--format", "pdf", "-o", str(out))
    assert out.read_bytes() == bulletins.render(issued, "pdf")
    assert "已写出已印发的通报 锦府办通〔2026〕1号" in capsys.readouterr().out


def test_the_sanshen_command_exits_0_and_1_as_a_command_should(tmp_path):
    import os
    import sys
    from pathlib import Path

    # A fresh install of its own: the command runs in another process, against a database of its own.
    env = {**os.environ, "SANSHEN_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "sanshen.settings"}
    sanshen = str(Path(sys.executable).parent / "sanshen")
    subprocess.run([sanshen, "migrate", "-v0"], env=env, check=True, capture_output=True)
    good = subprocess.run([sanshen, "bulletin", "2026Q3", "--format", "docx", "-o", str(tmp_path / "a.docx")], env=env, capture_output=True, text=True)
    bad = subprocess.run([sanshen, "bulletin", "2026Q9", "--format", "docx", "-o", str(tmp_path / "b.docx")], env=env, capture_output=True, text=True)
    assert (good.returncode, bad.returncode) == (0, 1), good.stderr
    assert (tmp_path / "a.docx").read_bytes()[:2] == b"PK" and not (tmp_path / "b.docx").exists()
    assert "期间“2026Q9”无法识别：季度写作 2026Q3，月份写作 2026M09，年度写作 2026" in bad.stderr
