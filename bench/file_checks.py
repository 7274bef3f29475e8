"""Fair background checks: how long one unit's picture waits while another unit's big PDF is being checked.

    .venv/bin/python bench/file_checks.py [--scan-pages 20] [--old]

Issue 9 point 6: a 12 KB, 100-page blank PDF kept the only worker busy for almost 4 minutes and another unit's
picture waited 2.6 minutes. This runs the real path in-process on a fresh SQLite database in a temporary folder:
unit 三江镇 uploads a PDF (attachments.add_attachment), one second later unit 茅坪镇 uploads a 公示 picture; a real
huey consumer with ONE thread worker (SqliteHuey in the same folder, as `sanshen run_huey -w 1` runs it) does the
checks. Reported per scenario: the picture's wait from upload to 已检查, the PDF's time to 已检查, and the slices.

Scenarios:
- blank PDF: 100 empty A4 pages, no text layer (made with pikepdf, about 9 KB);
- scanned PDF: --scan-pages pages of A4 text drawn as pictures (every page needs OCR);
- with --old, both again the way checks ran before: no blank-page test and no slices (the whole file in one job),
  by setting SANSHEN_FILE_CHECK_SLICE_SECONDS to a day and making extract.is_blank answer False. Slow: the blank
  PDF alone then takes minutes.

Prints a Markdown table, the settings in force and the load average (the machine is shared: compare runs only at
similar load).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGSHI = ["2024年低保对象公示", "姓名  身份证号  联系电话", "张三  11010519491231002X  13812345678"]
SCAN_LINES = [
    "为切实做好今冬明春森林防火工作，全镇各村进一步压实属地责任，",
    "加强巡山护林和野外用火管理，确保不发生重大森林火灾。",
    "各单位要严格落实信息发布审核制度，坚持先审核、后发布。",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan-pages", type=int, default=20, help="pages of the scanned PDF (each needs OCR)")
    parser.add_argument("--old", action="store_true", help="also run without slices and without the blank-page test")
    parser.add_argument("--picture-after", type=float, default=1.0, help="seconds between the PDF and the picture")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="sanshen-bench-file-checks-"))
    _configure_environment(var_dir)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from huey.contrib.djhuey import HUEY

        HUEY.immediate = False
        call_command("migrate", verbosity=0)
        from sanshen.documents.tests.files import blank_pdf, pdf_of_images, text_image
        from sanshen.test import make_county

        county = make_county()
        blank = blank_pdf(100)
        scan = pdf_of_images([text_image(SCAN_LINES, width=1650, font_size=30, line_height=60) for _ in range(args.scan_pages)])
        picture = text_image(GONGSHI)
        print(
            f"Slices of {settings.SANSHEN_FILE_CHECK_SLICE_SECONDS} s, time limit {settings.SANSHEN_FILE_CHECK_TIME_LIMIT} s, "
            f"OCR budget {settings.SANSHEN_OCR_PAGE_BUDGET} pages; one huey thread worker; load average {_load()}"
        )
        _warm_up(county, picture)
        rows = []
        # The picture's own check, with nothing else queued: what is left of its wait is the delay the PDF caused.
        scenarios = [("picture alone", None, False), ("blank PDF, 100 pages", blank, False),
                     (f"scanned PDF, {args.scan_pages} pages", scan, False)]  # fmt: skip
        if args.old:
            scenarios += [("blank PDF, 100 pages (old: no slices, no blank test)", blank, True),
                          (f"scanned PDF, {args.scan_pages} pages (old)", scan, True)]  # fmt: skip
        for label, pdf, old in scenarios:
            rows.append((label, len(pdf or b"")) + run_scenario(county, pdf, picture, old=old, picture_after=args.picture_after))
        alone = rows[0][2]
        print()
        print("| scenario | PDF size | picture (other unit) waited | of which delay by the PDF | PDF checked after | PDF slices |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, size, picture_wait, pdf_done, slices in rows:
            if size == 0:
                print(f"| {label} | — | {picture_wait:.1f} s | — | — | — |")
                continue
            print(f"| {label} | {size / 1024:.0f} KB | {picture_wait:.1f} s | {picture_wait - alone:.1f} s | {pdf_done:.1f} s | {slices} |")
        print(f"\nLoad average after: {_load()}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def run_scenario(county, pdf: bytes | None, picture: bytes, *, old: bool, picture_after: float) -> tuple[float, float, int]:
    """(the picture's wait, the PDF's time to 已检查, slices the PDF took), with a consumer of one worker running."""
    from django.test import override_settings

    from sanshen.documents import extract
    from sanshen.review import attachments, workflow
    from sanshen.review.models import Attachment, CheckStatus
    from sanshen.test import draft

    slice_seconds = 24 * 3600 if old else None
    real_is_blank = extract.is_blank
    slices = {"pdf": 0}
    consumer = _consumer()
    try:
        with override_settings(**({"SANSHEN_FILE_CHECK_SLICE_SECONDS": slice_seconds} if old else {})):
            if old:
                extract.is_blank = lambda image: False
            mine = draft(county, title="低保对象公示名单")
            theirs = workflow.create_submission(
                county.outsider, title="茅坪镇公示", body="<p>公示如下。</p>", column=county.column
            )
            started = time.monotonic()
            big = None
            if pdf is not None:
                big = attachments.add_attachment(mine, county.drafter, name="名单.pdf", data=pdf)
                time.sleep(picture_after)
            picture_at = time.monotonic()
            small = attachments.add_attachment(theirs, county.outsider, name="公示.png", data=picture)
            picture_wait = None
            pdf_done = None if big is not None else 0.0
            last_done = 0
            while picture_wait is None or pdf_done is None:
                time.sleep(0.05)
                small.refresh_from_db()
                if picture_wait is None and small.check_status != CheckStatus.PENDING:
                    picture_wait = time.monotonic() - picture_at
                    assert small.check_status == CheckStatus.DONE, small.check_error
                if big is not None and pdf_done is None:
                    big.refresh_from_db()
                    done = (big.check_progress or {}).get("done", 0)
                    if done != last_done:
                        slices["pdf"] += 1
                        last_done = done
                    if big.check_status != CheckStatus.PENDING:
                        pdf_done = time.monotonic() - started
                        assert big.check_status == CheckStatus.DONE, big.check_error
                if time.monotonic() - started > 1800:
                    raise RuntimeError("no result after 30 minutes")
            Attachment.objects.filter(pk__in=[small.pk, *([big.pk] if big else [])]).delete()
    finally:
        extract.is_blank = real_is_blank
        consumer.stop(graceful=True)
    return picture_wait, pdf_done, max(slices["pdf"], 1)


def _consumer():
    """A huey consumer with one thread worker, in this process (the checks see the settings overridden here)."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False, initial_delay=0.05, backoff=1.0, max_delay=0.1)
    consumer.start()
    return consumer


def _warm_up(county, picture: bytes) -> None:
    """Load the OCR models and the engine once, as a running worker has them."""
    from sanshen.documents.extract import ocr_engine
    from sanshen.review.checking import engine

    ocr_engine()
    engine().check("预热")


def _configure_environment(var_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanshen.settings"
    # SQLite, media, the huey queue and the secret key all go to the throwaway folder, never var/.
    os.environ["SANSHEN_VAR_DIR"] = str(var_dir)
    os.environ["SANSHEN_DEBUG"] = "false"
    os.environ["SANSHEN_HUEY_IMMEDIATE"] = "false"
    for name in ("DATABASE_URL", "SANSHEN_MEDIA_ROOT", "SANSHEN_REDIS_URL"):
        os.environ.pop(name, None)


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
