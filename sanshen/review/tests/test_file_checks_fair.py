"""附件机审 in the background, fairly: a slice at a time, units taking turns, small files first within a unit, blank
pages skipped, a time limit and an OCR budget per file, and the progress on the item page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from sanshen.documents import extract
from sanshen.documents.extract import TextPiece
from sanshen.documents.tests.files import blank_pdf, pdf_of_images, text_image
from sanshen.review import attachments, checking, workflow
from sanshen.review.models import Attachment, CheckStatus, FindingRecord
from sanshen.test import draft

MOBILE = "13812345678"


@pytest.fixture
def fake_ocr(monkeypatch):
    """OCR that answers at once with one line holding a phone number, and counts its calls."""
    calls = []

    def ocr(image, location):
        calls.append(dict(location))
        return [TextPiece(f"电话{MOBILE}", {**location, "box": [10, 10, 200, 30]}, source="ocr")]

    monkeypatch.setattr(extract, "ocr_image", ocr)
    return calls


@pytest.fixture
def queued(settings, huey_queue):
    """A consumer that has not run yet: tasks wait in the queue, the test runs the slices."""
    settings.SANSHEN_FILE_CHECK_SLICE_SECONDS = 0  # every slice reads one step
    return huey_queue


def _scan(pages: int) -> bytes:
    return pdf_of_images([text_image([f"第{n}页 联系电话"]) for n in range(1, pages + 1)])


def _attach(submission, user, name: str, data: bytes, capture) -> Attachment:
    with capture(execute=True):
        return attachments.add_attachment(submission, user, name=name, data=data)


def _theirs(county):
    return workflow.create_submission(county.outsider, title="茅坪镇公示", body="<p>公示如下。</p>", column=county.column)


def _status(a: Attachment) -> tuple:
    a.refresh_from_db()
    return a.check_status, a.check_progress.get("done"), a.check_progress.get("total")


def test_a_file_is_checked_a_step_per_slice_and_keeps_what_it_found(county, queued, fake_ocr, django_capture_on_commit_callbacks):
    pdf = _attach(draft(county), county.drafter, "扫描件.pdf", _scan(3), django_capture_on_commit_callbacks)
    assert [checking.run_slice() for _ in range(3)] == [True, True, False]
    assert _status(pdf) == (CheckStatus.DONE, 3, 3)
    assert [(f.rule, f.text, f.location["page"]) for f in pdf.findings.order_by("id")] == [("pii.phone", MOBILE, n) for n in (1, 2, 3)]
    assert "findings" not in pdf.check_progress and pdf.check_claimed_until is None
    assert checking.run_slice() is False  # nothing left


def test_another_units_picture_waits_for_one_slice_of_a_big_pdf(county, queued, fake_ocr, django_capture_on_commit_callbacks):
    """Issue 9: another unit's picture waited 2.6 minutes behind a 100-page PDF and its 送审 was refused."""
    pdf = _attach(draft(county), county.drafter, "扫描件.pdf", _scan(5), django_capture_on_commit_callbacks)
    assert checking.run_slice() is True  # the PDF's first page
    picture = _attach(_theirs(county), county.outsider, "公示.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    assert checking.files_by_turn() == [(Attachment, picture.pk), (Attachment, pdf.pk)]
    assert checking.run_slice() is False
    assert _status(picture) == (CheckStatus.DONE, 1, 1)
    assert _status(pdf) == (CheckStatus.PENDING, 1, 5)


def test_units_take_turns_and_a_units_small_file_comes_before_its_big_one(county, queued, fake_ocr, django_capture_on_commit_callbacks):
    mine, theirs = draft(county), _theirs(county)
    big_a = _attach(mine, county.drafter, "甲.pdf", _scan(4), django_capture_on_commit_callbacks)
    big_b = _attach(theirs, county.outsider, "乙.pdf", _scan(4), django_capture_on_commit_callbacks)
    order = []
    for _ in range(3):
        before = {a.pk: _status(a)[1] for a in (big_a, big_b)}
        checking.run_slice()
        order += [a.name for a in (big_a, big_b) if _status(a)[1] != before[a.pk]]
    assert order == ["甲.pdf", "乙.pdf", "甲.pdf"]
    # 三江镇 adds a picture: it goes before 三江镇's own PDF, after 茅坪镇's turn
    small_a = _attach(mine, county.drafter, "甲.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    assert checking.files_by_turn() == [(Attachment, big_b.pk), (Attachment, small_a.pk), (Attachment, big_a.pk)]


def test_small_files_are_queued_before_other_background_work(county, queued, django_capture_on_commit_callbacks):
    _attach(draft(county), county.drafter, "扫描件.pdf", _scan(4), django_capture_on_commit_callbacks)
    _attach(draft(county), county.drafter, "公示.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    # queued second, taken first
    assert [(t.name, t.priority) for t in HUEY.pending()] == [("file_check_task", 10), ("file_check_task", 0)]


def test_a_file_held_by_another_worker_is_left_to_it_until_its_hold_runs_out(county, queued, fake_ocr, django_capture_on_commit_callbacks):
    first = _attach(draft(county), county.drafter, "一.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    second = _attach(draft(county), county.drafter, "二.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    Attachment.objects.filter(pk=first.pk).update(check_claimed_until=timezone.now() + dt.timedelta(minutes=1))
    assert checking.run_slice() is False
    assert (_status(first)[0], _status(second)[0]) == (CheckStatus.PENDING, CheckStatus.DONE)
    assert checking.run_slice() is False and _status(first)[0] == CheckStatus.PENDING
    Attachment.objects.filter(pk=first.pk).update(check_claimed_until=timezone.now() - dt.timedelta(seconds=1))
    checking.run_slice()
    assert _status(first)[0] == CheckStatus.DONE


def test_blank_pages_are_skipped_without_ocr(county, queued, fake_ocr, django_capture_on_commit_callbacks, settings):
    settings.SANSHEN_FILE_CHECK_SLICE_SECONDS = 2
    pdf = _attach(draft(county), county.drafter, "空白.pdf", blank_pdf(100), django_capture_on_commit_callbacks)
    assert checking.run_slice() is False
    assert _status(pdf) == (CheckStatus.DONE, 100, 100)
    assert (fake_ocr, pdf.findings.count()) == ([], 0)


def test_a_file_over_the_ocr_budget_fails_with_a_reason_and_stops_submission(county, queued, fake_ocr, settings, django_capture_on_commit_callbacks):
    settings.SANSHEN_OCR_PAGE_BUDGET = 2
    s = draft(county)
    pdf = _attach(s, county.drafter, "扫描件.pdf", _scan(3), django_capture_on_commit_callbacks)
    while checking.run_slice():
        pass
    pdf.refresh_from_db()
    assert (pdf.check_status, pdf.check_error) == (
        CheckStatus.FAILED, "需要文字识别的扫描页和图片超过 2 个，机审无法完成。请拆分为几个文件分别上传。",
    )  # fmt: skip
    assert (pdf.check_progress, pdf.check_claimed_until, FindingRecord.objects.filter(attachment=pdf).count()) == ({}, None, 0)
    assert checking.files_not_checked(s.current_revision) == [pdf]


def test_a_file_past_its_time_limit_fails_with_a_reason(county, queued, fake_ocr, settings, django_capture_on_commit_callbacks):
    settings.SANSHEN_FILE_CHECK_TIME_LIMIT = 0
    pdf = _attach(draft(county), county.drafter, "扫描件.pdf", _scan(3), django_capture_on_commit_callbacks)
    assert checking.run_slice() is False
    pdf.refresh_from_db()
    assert (pdf.check_status, pdf.check_error) == (
        CheckStatus.FAILED, "机审超时：读到第 1/3 页时已用时 0 秒(上限 0 秒)。请拆分为几个文件分别上传。",
    )  # fmt: skip


def test_a_stalled_check_is_queued_again(county, queued, django_capture_on_commit_callbacks):
    stalled = _attach(draft(county), county.drafter, "一.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    recent = _attach(draft(county), county.drafter, "二.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    held = _attach(draft(county), county.drafter, "三.png", text_image(["公示"]), django_capture_on_commit_callbacks)
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    Attachment.objects.filter(pk=stalled.pk).update(created=long_ago)
    Attachment.objects.filter(pk=held.pk).update(created=long_ago, check_claimed_until=timezone.now() + dt.timedelta(minutes=1))
    Attachment.objects.filter(pk=recent.pk).update(check_turn_at=timezone.now())
    HUEY.flush()
    assert checking.resume_file_checks() == 1
    assert len(HUEY) == 1


def test_the_check_of_one_file_at_once_still_works(county, fake_ocr):
    # What sanshen.review.tests.machine and the admin tools call: the whole file, now.
    s = draft(county)
    attachment = attachments.add_attachment(s, county.drafter, name="扫描件.pdf", data=_scan(2))
    assert checking.check_attachment(attachment.pk) == 2


# ---------------------------------------------------------------------------------------------
# Progress on the item page


def test_the_progress_says_page_n_of_m_and_an_estimate(county, queued, fake_ocr, django_capture_on_commit_callbacks):
    pdf = _attach(draft(county), county.drafter, "扫描件.pdf", _scan(3), django_capture_on_commit_callbacks)
    waiting = checking.check_progress(pdf)
    assert (waiting.done, waiting.total, waiting.unit) == (0, None, "页")
    assert waiting.eta_seconds == round(3 * checking.STEP_SECONDS)
    checking.run_slice()
    pdf.refresh_from_db()
    Attachment.objects.filter(pk=pdf.pk).update(check_progress={**pdf.check_progress, "seconds": 30.0})
    pdf.refresh_from_db()
    progress = checking.check_progress(pdf)
    assert (progress.done, progress.total, progress.unit, progress.eta_seconds, progress.eta_label) == (1, 3, "页", 60, "约 1 分钟")
    while checking.run_slice():
        pass
    pdf.refresh_from_db()
    assert checking.check_progress(pdf) is None


@pytest.mark.parametrize(
    "seconds, label",
    [(None, ""), (0, "约 5 秒"), (12, "约 10 秒"), (59, "约 60 秒"), (60, "约 1 分钟"), (150, "约 2 分钟"), (600, "约 10 分钟")],
)
def test_the_estimate_is_said_in_round_figures(seconds, label):
    assert checking.CheckProgress(1, 3, "页", seconds).eta_label == label


def test_the_item_page_shows_the_progress_and_polls_until_the_check_ends(county, client, queued, fake_ocr, django_capture_on_commit_callbacks):
    s = draft(county)
    pdf = _attach(s, county.drafter, "扫描件.pdf", _scan(3), django_capture_on_commit_callbacks)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert f'hx-get="/work/attachments/{pdf.pk}/check/" hx-trigger="every 3s"' in page
    assert "机审中 · 排队中 · 约 10 秒" in page
    checking.run_slice()
    r = client.get(f"/work/attachments/{pdf.pk}/check/")
    assert r.status_code == 200 and "HX-Refresh" not in r
    assert "机审中 · 第 1/3 页 · 约 5 秒" in r.content.decode()
    while checking.run_slice():
        pass
    r = client.get(f"/work/attachments/{pdf.pk}/check/")
    assert (r.status_code, r["HX-Refresh"]) == (200, "true")
    assert "机审已检查" in r.content.decode() and "hx-get" not in r.content.decode()


def test_people_who_cannot_see_the_item_cannot_poll_its_files(county, client, queued, django_capture_on_commit_callbacks):
    pdf = _attach(draft(county), county.drafter, "扫描件.pdf", _scan(1), django_capture_on_commit_callbacks)
    client.force_login(county.outsider)
    assert client.get(f"/work/attachments/{pdf.pk}/check/").status_code == 404
    client.logout()
    assert client.get(f"/work/attachments/{pdf.pk}/check/").status_code == 302
    client.force_login(county.drafter)
    assert client.post(f"/work/attachments/{pdf.pk}/check/").status_code == 405


def test_the_upload_page_still_works_with_the_badge(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/work/submissions/{s.pk}/attachments/", {"file": SimpleUploadedFile("空白.pdf", blank_pdf(2))})
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    a = s.attachments.get()
    assert f'<span class="badge check-done" id="check-{a.pk}">机审已检查</span>' in page
