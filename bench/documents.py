"""How long documents take: OCR of a picture page, and a 20-page .docx through the real code path.

    .venv/bin/python bench/documents.py [--repeat 3] [--quick]

Runs in-process on a fresh SQLite database in a temporary folder (SANSHEN_VAR_DIR), migrated, with
the county of sanshen.test.make_county(). Everything it reads is drawn or written here:

- OCR: the 公示 picture the tests use (sanshen/documents/tests/files.py:text_image) and an A4 page
  at 200 dpi drawn with Pillow and Noto Sans CJK, made to look scanned (grey paper, noise, 0.6° tilt,
  blur, JPEG 85). Each goes through inspect_upload, then extract_text; the model load is timed once.
- Word: a .docx of about 20 pages (python-docx) through read_docx, attachments.create_from_word
  (first call in the process, then warm), checking.run_checks, attachments.add_attachment and
  attachments.check_attachment. Huey is not immediate: the check is called directly, so only it is timed.

Prints Markdown tables of medians (min–max, n) over --repeat runs, peak RSS and the load average.
--quick: one run of each (about half the time; the A4 page dominates).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# The picture the OCR tests read: a 公示 table with a name, an ID number and a mobile number.
GONGSHI = ["2024年低保对象公示", "姓名  身份证号  联系电话", "张三  11010519491231002X  13812345678"]
# A4 at 200 dpi (the resolution extract.py renders PDF pages at), 12 pt text.
A4_DPI = 200
A4_SIZE = (round(210 / 25.4 * A4_DPI), round(297 / 25.4 * A4_DPI))
A4_LINES = 41
SECTIONS = 20
MOBILE_EVERY = 5

SENTENCES = (
    "为切实做好今冬明春森林防火工作，全镇各村（社区）进一步压实属地责任，加强巡山护林和野外用火管理。",
    "会议要求各单位坚持问题导向，对照年度目标任务逐项梳理，确保各项工作按时保质完成。",
    "今年以来，该镇共完成农村危房改造四十三户，新修通组公路十二公里，惠及群众一千六百余人。",
    "县卫生健康局组织开展基层医疗卫生机构业务培训，围绕常见病诊疗规范和院感防控等内容展开。",
    "各乡镇、各部门要严格落实信息发布审核制度，坚持先审核、后发布，确保发布内容准确无误。",
    "活动现场发放宣传资料两千余份，解答群众咨询三百余人次，进一步增强了群众的安全防范意识。",
    "检查组一行先后深入企业生产车间、仓库等地，详细了解安全生产责任制度落实情况。",
    "下一步，将继续加大政策宣传力度，健全长效工作机制，推动各项惠民政策落到实处。",
    "该项目建成后可解决周边四个村一万余人的饮水问题，群众生产生活条件将得到明显改善。",
    "县交通运输局对辖区内客运站、渡口开展安全隐患排查，发现的问题已全部整改到位。",
    "各村要结合实际制定具体实施方案，明确责任人和完成时限，每月五日前报送工作进展情况。",
    "全镇上下迅速行动，组织干部群众五百余人次参与环境卫生整治，清理垃圾六十余吨。",
    "通过开展此次活动，进一步提升了基层干部依法行政能力，营造了良好的法治氛围。",
    "县教育局组织专家对全县中小学校舍安全进行全面检查，对发现的隐患建立台账、限期整改。",
    "镇党委、政府召开专题会议，听取各村工作汇报，研究部署下一阶段重点工作任务。",
)
SECTION_TOPICS = (
    "森林防火", "安全生产", "农村危房改造", "基层医疗", "政务公开", "法治宣传", "环境卫生整治", "饮水安全",
    "交通安全", "校舍安全", "防汛抗旱", "乡村振兴", "食品安全", "民生实事", "营商环境", "社会救助",
    "耕地保护", "文明创建", "矛盾纠纷化解", "就业服务",
)
NUMERALS = "一二三四五六七八九十"
TABLE_HEAD = ("序号", "工作内容", "责任单位", "完成时限")
UNITS = ("镇党政办", "镇应急办", "镇农业服务中心", "镇卫生院", "镇派出所", "镇综治中心")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each step (medians are reported)")
    parser.add_argument("--quick", action="store_true", help="one run of each step")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")

    var_dir = Path(tempfile.mkdtemp(prefix="sanshen-bench-documents-"))
    _configure_environment(var_dir)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from huey.contrib.djhuey import HUEY

        # Checks are queued as in production; the benchmark calls the check itself so that only it is timed.
        HUEY.immediate = False
        call_command("migrate", verbosity=0)
        from sanshen.test import make_county

        county = make_county()
        _print_environment()
        print()
        print(ocr_table(measure_ocr(repeat)))
        print(f"\nPeak RSS after OCR: {_peak_rss_mb():.0f} MB")
        print()
        word, summary = measure_word(county, repeat)
        print(summary)
        print()
        print(word_table(word))
        print(f"\nPeak RSS at the end: {_peak_rss_mb():.0f} MB; load average after: {_load()}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def _configure_environment(var_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanshen.settings"
    # SQLite, media, the huey queue and the secret key all go to the throwaway folder, never var/.
    os.environ["SANSHEN_VAR_DIR"] = str(var_dir)
    os.environ["SANSHEN_DEBUG"] = "false"
    os.environ["SANSHEN_HUEY_IMMEDIATE"] = "false"
    for name in ("DATABASE_URL", "SANSHEN_MEDIA_ROOT", "SANSHEN_REDIS_URL"):
        os.environ.pop(name, None)


def _print_environment() -> None:
    import sqlite3

    import django

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, "
        f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}, onnxruntime {version('onnxruntime')} "
        f"(CPU), {os.cpu_count()} CPUs, load average {_load()}"
    )


def _load() -> str:
    # The machine is shared: the load next to the figures says how much they can be trusted.
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed(fn, repeat: int) -> tuple[list[float], object]:
    """Seconds for each of `repeat` calls of fn(), and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def spread(times: list[float]) -> str:
    """"0.73 s (0.59–0.76 s, n=3)": the median first, the range only when there is one."""
    median = f"{statistics.median(times):.2f} s"
    if len(times) == 1:
        return f"{median} (n=1)"
    return f"{median} ({min(times):.2f}–{max(times):.2f} s, n={len(times)})"


# ---------------------------------------------------------------------------------------------
# OCR


def a4_scan() -> bytes:
    """An A4 page of 12 pt text at 200 dpi as a cheap office scanner makes it: grey paper, noise, tilt, blur, JPEG."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    paper = (236, 234, 228)
    page = Image.new("RGB", A4_SIZE, paper)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), round(12 / 72 * A4_DPI))
    margin, top, line_height = 190, 150, 52
    per_line = (A4_SIZE[0] - 2 * margin) // font.size
    text = "".join(SENTENCES[i % len(SENTENCES)] for i in range(A4_LINES * per_line // 40 + 2))
    for i in range(A4_LINES):
        draw.text((margin, top + i * line_height), text[i * per_line : (i + 1) * per_line], fill=(30, 30, 30), font=font)
    noise = Image.effect_noise(A4_SIZE, 40).convert("RGB")
    page = Image.blend(page, noise, 0.12)
    page = page.rotate(0.6, resample=Image.BICUBIC, fillcolor=paper)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=85)
    return out.getvalue()


def measure_ocr(repeat: int) -> dict:
    from sanshen.documents import extract
    from sanshen.documents.tests.files import text_image
    from sanshen.documents.upload import inspect_upload

    started = time.perf_counter()
    extract.ocr_engine()
    load = time.perf_counter() - started

    pictures = [
        ("公示 table (3 lines, 32 px Noto Sans CJK), PNG", "公示.png", text_image(GONGSHI)),
        (
            f"A4 scan-like page at {A4_DPI} dpi: {A4_LINES} lines of 12 pt text, grey paper, noise, 0.6° tilt, blur, JPEG 85",
            "扫描件.jpg",
            a4_scan(),
        ),
    ]
    rows = []
    for label, name, data in pictures:
        inspect_times, info = timed(lambda: inspect_upload(name, data), repeat)
        ocr_times, pieces = timed(lambda: extract.extract_text(info), repeat)
        rows.append(
            {
                "label": label,
                "size": f"{info.width}×{info.height}",
                "bytes": len(data),
                "lines": len(pieces),
                "inspect": inspect_times,
                "ocr": ocr_times,
            }
        )
    return {"load": load, "rows": rows}


def ocr_table(result: dict) -> str:
    lines = [
        "| Picture | Size | File | Lines read | `inspect_upload` | `extract_text` (OCR) |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['label']} | {r['size']} | {r['bytes'] / 1024:.0f} KB | {r['lines']} | {spread(r['inspect'])} "
            f"| **{spread(r['ocr'])}** |"
        )
    lines.append(f"\nLoading the OCR models once per process: {result['load']:.2f} s")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Word


def twenty_pages() -> bytes:
    """About 20 A4 pages of a 方案: a heading, 20 sections with a sub-heading, 5 paragraphs of 3 sentences, a 6×4 table."""
    from docx import Document

    from sanshen.documents.tests.files import docx_bytes

    rng = random.Random(2026)
    document = Document()
    document.add_heading("关于印发三江镇2026年重点工作实施方案的通知", level=1)
    for n, topic in enumerate(SECTION_TOPICS, start=1):
        number = NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]
        document.add_heading(f"{number}、扎实推进{topic}工作", level=2)
        for _ in range(5):
            document.add_paragraph("".join(rng.sample(SENTENCES, 3)))
        table = document.add_table(rows=6, cols=4)
        cells = list(TABLE_HEAD)
        for row in range(1, 6):
            cells += [str(row), f"{topic}第{row}项任务", UNITS[(n + row) % len(UNITS)], f"2026年{row + 2}月底前"]
        for cell, text in zip(table._cells, cells):
            cell.text = text
        if n % MOBILE_EVERY == 0:
            # A drafter's own mobile in a contact line: the personal data the checks must find.
            document.add_paragraph(f"联系人：潘德江，联系电话：139{n:04d}{n * 37:04d}。")
    return docx_bytes(document)


def measure_word(county, repeat: int) -> tuple[list[tuple[str, list[float]]], str]:
    from sanshen.documents.docx_import import read_docx
    from sanshen.documents.extract import describe_location
    from sanshen.documents.html import html_to_text
    from sanshen.review import attachments, checking

    data = twenty_pages()
    read_times, document = timed(lambda: read_docx(data), repeat)
    characters = len(html_to_text(document.html).text)

    def create():
        submission, _ = attachments.create_from_word(county.drafter, name="方案.docx", data=data, column=county.column)
        return submission

    # The first call builds the check engine and loads its word lists; later calls find them built.
    cold, submission = timed(create, 1)
    warm, submission = timed(create, repeat)
    revision = submission.current_revision
    body_findings = list(revision.findings.all())
    checks, _ = timed(lambda: checking.run_checks(revision), repeat)
    add_times, attachment = timed(
        lambda: attachments.add_attachment(submission, county.drafter, name="方案.docx", data=data), repeat
    )
    pks = iter(list(submission.attachments.order_by("pk").values_list("pk", flat=True)))
    check_times, _ = timed(lambda: attachments.check_attachment(next(pks)), repeat)
    attachment.refresh_from_db()
    file_findings = list(attachment.findings.all())

    steps = [
        ("`read_docx` (package checks, mammoth, sanitise, title)", read_times),
        (
            "`attachments.create_from_word` = import + store + `workflow.create_submission` "
            "(incl. `run_checks` on the body) + audit, warm",
            warm,
        ),
        ("the same, first call in a process (builds the check engine and loads word lists)", cold),
        ("`checking.run_checks` alone on that revision", checks),
        ("as an attachment: `attachments.add_attachment` (inspect, parse once without OCR, store)", add_times),
        (
            "as an attachment: `attachments.check_attachment` (text pieces by paragraph and cell, engine on each "
            "piece, store findings)",
            check_times,
        ),
    ]
    summary = "\n".join(
        [
            f"The .docx: {len(data) / 1024:.0f} KB, {characters:,} characters of body text after import, "
            f"{SECTIONS} sections, a mobile number in every {MOBILE_EVERY}th.",
            f"Findings in the body (create_from_word): {len(body_findings)} ({rules(body_findings) or 'none'}).",
            f"Findings in the attachment (check_attachment): {len(file_findings)} ({rules(file_findings) or 'none'}), at: "
            + "; ".join(describe_location(r.location) for r in file_findings),
        ]
    )
    return steps, summary


def rules(records) -> str:
    return ", ".join(f"{rule} ×{n}" for rule, n in sorted(Counter(r.rule for r in records).items()))


def word_table(steps: list[tuple[str, list[float]]]) -> str:
    lines = ["| Step | Time |", "|---|---|"]
    lines += [f"| {label} | {spread(times)} |" for label, times in steps]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
