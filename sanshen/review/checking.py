"""机审 in the workflow: the one module that runs the check library on revisions and files and keeps the records.

The body of each revision is checked when it is saved; attachments and pictures in the body are checked in the
background (OCR takes seconds a page) by the huey tasks at the end of this module. What people decide about a
finding is kept here too: a reviewer's "非错误" for one item, and the approved whitelist, which settles non-block
findings after the check and never reaches the engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sanshen.checks import CheckContext, Engine, EngineConfig, Finding, RuleSetting
from sanshen.registers.loading import deployment_registers, deployment_whitelist

from .exceptions import InvalidInput, NotAllowed
from .integrity import pictures_in
from .models import Attachment, BodyImage, CheckStatus, FindingRecord, Revision, Submission

GATED = ("block", "serious")
# Block findings (涉密标识, 禁用词 …) go away only when the text no longer has them: nobody may settle them.
UNSETTLEABLE = ("block",)

_engine: Engine | None = None


def engine() -> Engine:
    """The deployment's engine, built once per process from settings.SANSHEN_CHECKS."""
    global _engine
    if _engine is None:
        conf = settings.SANSHEN_CHECKS
        try:
            config = EngineConfig(
                checkers=dict(conf.get("checkers", {})),
                disabled_checkers=frozenset(conf.get("disabled_checkers", ())),
                rules={rule: RuleSetting(**value) for rule, value in conf.get("rules", {}).items()},
            )
            _engine = Engine(config)
        except (ValueError, TypeError, ImportError) as exc:
            raise ImproperlyConfigured(f"SANSHEN_CHECKS 设置有误：{exc}") from exc
    return _engine


def revision_text(revision: Revision) -> str:
    return text_of(revision.title, revision.body)


def text_of(title: str, body_html: str) -> str:
    """The plain text the checks read: the title on the first line, then the body."""
    from sanshen.documents.html import html_to_text

    return title + "\n" + html_to_text(body_html).text


# How many of a column's latest published items its profile (column_fit) is learned from, and how often each
# process learns them again: a profile moves slowly, and counting published items on every check would not.
PROFILE_ITEMS = 200
PROFILE_MAX_AGE = 600.0
_profiles: dict = {"built": None, "profiles": {}}


def column_profiles() -> dict:
    """Each website column's profile (column name → ColumnProfile), learned from its own published items."""
    import time

    from sanshen.accounts.models import Column
    from sanshen.checks.profiles import build_column_profile

    now = time.monotonic()
    if _profiles["built"] is None or now - _profiles["built"] > PROFILE_MAX_AGE:
        profiles = {}
        for column in Column.objects.all():
            latest = (
                Submission.objects.published()
                .filter(column=column)
                .order_by("-published_at")  # the column page's own index
                .values_list("published_revision__title", "published_revision__body")[:PROFILE_ITEMS]
            )
            profiles[column.name] = build_column_profile((text_of(t, b) for t, b in latest), kind=column.kind)
        _profiles.update(built=now, profiles=profiles)
    return _profiles["profiles"]


def context_for(submission: Submission) -> CheckContext:
    return CheckContext(
        title=submission.title,
        target_column=submission.column.name if submission.column_id else "",
        column_kind=submission.column.kind if submission.column_id else "",
        column_profiles=column_profiles() if submission.column_id else {},
        grade=submission.grade,
        topics=tuple(submission.topics),
        is_repost=submission.is_repost,
        repost_source=submission.repost_source,
        repost_author=submission.repost_author,
        repost_url=submission.repost_url,
        publication_date=timezone.localdate(),
        registers=deployment_registers(),
    )


def finding_record(revision: Revision | None, f: Finding) -> FindingRecord:
    """An unsaved FindingRecord for a finding (of a revision, or of a file when revision is None)."""
    return FindingRecord(
        revision=revision,
        rule=f.rule,
        category=f.category,
        standard=f.standard,
        severity=f.severity,
        start=f.start,
        end=f.end,
        text=f.text[:200],
        suggestion=f.suggestion[:200],
        message=f.message[:300],
        source=f.source[:200],
        location=f.location,
    )


def finding_of(rec: FindingRecord) -> Finding:
    return Finding(
        rule=rec.rule,
        category=rec.category,
        standard=rec.standard,
        severity=rec.severity,
        start=rec.start,
        end=rec.end,
        text=rec.text,
        message=rec.message,
        suggestion=rec.suggestion,
        source=rec.source,
        location=dict(rec.location),
    )


def _settle(rec: FindingRecord, unit_id: int, previous: dict[tuple, FindingRecord]) -> FindingRecord:
    """Carry a person's "非错误" on the same finding over from the last check, and apply the whitelist in force."""
    if rec.severity in UNSETTLEABLE:
        return rec
    whitelist = deployment_whitelist()
    if any((rec.text, rule, unit) in whitelist for rule in ("", rec.rule) for unit in (None, unit_id)):
        rec.resolution, rec.reason = FindingRecord.Resolution.WHITELISTED, "白名单"
        return rec
    kept = previous.get(rec.key)
    if kept is not None and kept.resolution == FindingRecord.Resolution.NOT_ERROR:
        rec.resolution, rec.reason = kept.resolution, kept.reason
        rec.decided_by_id, rec.decided_at = kept.decided_by_id, kept.decided_at
    return rec


def run_checks(revision: Revision) -> list[FindingRecord]:
    """Check one revision's title and body; the findings of any earlier check of it are replaced."""
    submission = revision.submission
    findings = engine().check(revision_text(revision), context_for(submission))
    previous = {}
    earlier = submission.revisions.filter(number__lt=revision.number).order_by("-number").first()
    if earlier is not None:
        previous = {rec.key: rec for rec in earlier.findings.exclude(resolution=FindingRecord.Resolution.OPEN)}
    records = [_settle(finding_record(revision, f), submission.unit_id, previous) for f in findings]
    with transaction.atomic():
        revision.findings.all().delete()
        FindingRecord.objects.bulk_create(records)
    return records


# ---------------------------------------------------------------------------------------------
# What stands in the way


def file_findings(revision: Revision) -> QuerySet[FindingRecord]:
    """Findings in the submission's attachments and in the pictures of this revision's body."""
    # Ids first: an OR across the attachment join would make PostgreSQL scan every finding of every item.
    attachments = list(Attachment.objects.filter(submission_id=revision.submission_id).values_list("pk", flat=True))
    pictures = list(pictures_in(revision.submission_id, revision.body).values_list("pk", flat=True))
    return (
        FindingRecord.objects.filter(Q(attachment__in=attachments) | Q(body_image__in=pictures))
        .select_related("attachment", "body_image")
        .order_by("attachment_id", "body_image_id", "id")
    )


def files_not_checked(revision: Revision) -> list[Attachment | BodyImage]:
    """Files whose check has not finished or failed: they stop submission and publication like a block finding."""
    return [
        *Attachment.objects.filter(submission_id=revision.submission_id).exclude(check_status=CheckStatus.DONE),
        *pictures_in(revision.submission_id, revision.body).exclude(check_status=CheckStatus.DONE),
    ]


def gate_findings(revision: Revision) -> tuple[list[FindingRecord], list[FindingRecord]]:
    """(block findings, serious findings still open) on this revision, its attachments and body pictures.

    A block finding counts whatever anyone marked on it: only a revision without it makes it go away.
    """
    gated = [
        *revision.findings.filter(severity__in=GATED),
        *file_findings(revision).filter(severity__in=GATED),
    ]
    block = [f for f in gated if f.severity == "block"]
    serious = [f for f in gated if f.severity == "serious" and f.resolution == FindingRecord.Resolution.OPEN]
    return block, serious


def record_reasons(serious: list[FindingRecord], reasons: dict) -> list[FindingRecord]:
    """Keep the reason this person gave for each open serious finding (at 送审 or a pass).

    Each person who sends the item on answers for every serious finding themselves: a reason given earlier is
    shown to them, not taken as theirs. Returns the findings left without a reason (nothing is saved then).
    """
    given = {rec.pk: str(reasons.get(str(rec.pk), "")).strip()[:300] for rec in serious}
    unexplained = [rec for rec in serious if not given[rec.pk]]
    if not unexplained:
        for rec in serious:
            rec.reason = given[rec.pk]
            rec.save(update_fields=["reason"])
    return unexplained


def decision_snapshot(revision: Revision) -> list[dict]:
    """Every finding a decision was taken on, kept with the decision."""
    return [rec.as_dict() for rec in [*revision.findings.all(), *file_findings(revision)]]


def masked_text(revision: Revision) -> str:
    """The revision's text with its personal data masked (脱敏), as anyone but the unit's reviewers sees old text.

    The revision's own check found the data; if its offsets no longer fit (text extraction changed since), the
    personal-data checks are run again on the text."""
    from sanshen.checks.masking import MASKED_CATEGORIES, mask, masks

    text = revision_text(revision)
    stored = [finding_of(f) for f in revision.findings.all() if masks(f.category, f.severity)]
    try:
        return mask(text, stored)
    except ValueError:
        return mask(text, engine().check(text, None, categories=sorted(MASKED_CATEGORIES)))


def masked_body(revision: Revision) -> str:
    """The revision's body HTML with the same personal data masked (masks keep their length, so the text map holds)."""
    from sanshen.documents.html import html_to_text, replace_text

    offset = len(revision.title) + 1
    plain, masked = revision_text(revision)[offset:], masked_text(revision)[offset:]
    body = revision.body
    if plain == masked or len(plain) != len(masked) or html_to_text(body).text != plain:
        return body if plain == masked else ""
    spans, start = [], None
    for i, (a, b) in enumerate(zip(plain, masked, strict=True)):
        if a != b and start is None:
            start = i
        elif a == b and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(plain)))
    for s, e in reversed(spans):
        body = replace_text(body, s, e, plain[s:e], masked[s:e])
    return body


def mark_not_error(record: FindingRecord, user, reason: str) -> FindingRecord:
    """非错误（本稿）: a reviewer settles one finding of this item, with a reason later reviewers see."""
    if record.severity in UNSETTLEABLE:
        raise NotAllowed("禁止类问题（如涉密标识、禁用词）只能修改原文，不能标为非错误", code="block_not_settleable")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写理由", code="reason_required")
    record.resolution, record.reason = FindingRecord.Resolution.NOT_ERROR, reason[:300]
    record.decided_by, record.decided_at = user, timezone.now()
    record.save(update_fields=["resolution", "reason", "decided_by", "decided_at"])
    return record


# ---------------------------------------------------------------------------------------------
# Files, checked in the background
#
# OCR takes seconds a page and one worker may serve the whole county, so a file is checked a slice at a time: a
# slice reads steps (a PDF page; the text, then each picture, of a .docx or .xlsx; a picture) until
# SANSHEN_FILE_CHECK_SLICE_SECONDS have passed, keeps what it found in check_progress and gives the worker back.
# Every huey task runs one slice of whichever file's turn it is (`files_by_turn`): the unit whose files had a
# turn longest ago first, and within a unit the file with least left to read. A unit's 100-page scan therefore
# holds up another unit's picture by one slice at most, and its own picture comes before its next page. Blank
# pages are skipped before OCR (extract.is_blank); SANSHEN_OCR_PAGE_BUDGET and SANSHEN_FILE_CHECK_TIME_LIMIT end
# a file's check with a Chinese reason when it is too much. Tasks carry no file: a file owns one queued task
# while it has work left, whichever file that task then serves.

FILE_MODELS = (Attachment, BodyImage)
# Tasks for small files (a picture, a short PDF) come before other queued background work.
SMALL_FILE_PRIORITY = 10
SMALL_FILE_STEPS = 3
# A worker holds a file this long past its slice; one that died is replaced once it has passed.
CLAIM_MARGIN = dt.timedelta(minutes=2)
# Turns older than this are forgotten: a unit that was served an hour ago is not owed anything.
TURN_MEMORY = dt.timedelta(minutes=10)
# Seconds a step takes before a file has measured its own (an OCR'd A4 page on one core).
STEP_SECONDS = 2.5


class FileCheckTooLong(Exception):
    pass


def queue_check(owner: Attachment | BodyImage) -> None:
    """Check the file in the background once the transaction that stored it commits."""
    priority = SMALL_FILE_PRIORITY if _steps_left(owner) <= SMALL_FILE_STEPS else 0
    transaction.on_commit(lambda: file_check_task(priority=priority))


def check_attachment(attachment_pk: int) -> int | None:
    """机审 of one attachment to the end, at once: its text, and OCR of its pictures and scanned pages."""
    return check_file_now(Attachment, attachment_pk)


def check_body_image(image_pk: int) -> int | None:
    """机审 of one picture in the body, by OCR, at once."""
    return check_file_now(BodyImage, image_pk)


def check_file_now(model, pk: int) -> int | None:
    """Run slices of this file until its check ends; the number of findings, None if it failed or is gone."""
    while run_slice(only=(model, pk)):
        pass
    owner = model.objects.filter(pk=pk, check_status=CheckStatus.DONE).first()
    return None if owner is None else owner.findings.count()


@db_task()
def file_check_task() -> None:
    """附件和正文图片机审 in the background: one slice of the file whose turn it is, and a task for its next slice."""
    if run_slice():
        file_check_task()


@db_periodic_task(crontab(minute="*/5"))
def resume_file_checks_task() -> int:
    return resume_file_checks()


def resume_file_checks(now: dt.datetime | None = None) -> int:
    """Queue a task for files whose check has stood still (its worker died, the queue was lost); returns how many."""
    now = now or timezone.now()
    stalled = 0
    for model in FILE_MODELS:
        waiting = model.objects.filter(check_status=CheckStatus.PENDING).filter(_unclaimed(now))
        stalled += waiting.filter(
            Q(check_turn_at__lt=now - TURN_MEMORY) | Q(check_turn_at__isnull=True, created__lt=now - TURN_MEMORY)
        ).count()
    for _ in range(stalled):
        file_check_task()
    return stalled


def _unclaimed(now: dt.datetime) -> Q:
    return Q(check_claimed_until__isnull=True) | Q(check_claimed_until__lt=now)


def files_by_turn(now: dt.datetime | None = None) -> list[tuple[type, int]]:
    """Files waiting for their check and free to take, in the order they get their turn.

    The unit whose files last had a turn longest ago goes first (a unit never served yet before any), then the
    file with the fewest steps left, then the oldest.
    """
    now = now or timezone.now()
    last_turn: dict[int, dt.datetime] = {}
    waiting = []
    for model in FILE_MODELS:
        recent = model.objects.filter(check_turn_at__gte=now - TURN_MEMORY).values("submission__unit_id")
        for row in recent.annotate(last=Max("check_turn_at")):
            unit = row["submission__unit_id"]
            last_turn[unit] = max(last_turn.get(unit, row["last"]), row["last"])
        # The progress's counts only: the findings kept in it so far are not read for this.
        fields = ["pk", "created", "size", "submission__unit_id", "check_progress__done", "check_progress__total"]
        if model is Attachment:
            fields += ["kind", "pages"]
        for row in model.objects.filter(check_status=CheckStatus.PENDING).filter(_unclaimed(now)).values(*fields):
            left = _left(row["check_progress__done"], row["check_progress__total"], row.get("kind", "png"), row.get("pages"), row["size"])
            waiting.append((row["submission__unit_id"], left, row["created"], model is BodyImage, row["pk"], model))
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    waiting.sort(key=lambda w: (last_turn.get(w[0], never), *w[1:5]))
    return [(w[5], w[4]) for w in waiting]


def _steps_left(owner: Attachment | BodyImage) -> int:
    progress = owner.check_progress or {}
    kind = owner.kind if isinstance(owner, Attachment) else "png"
    return _left(progress.get("done"), progress.get("total"), kind, getattr(owner, "pages", None), owner.size)


def _left(done: int | None, total: int | None, kind: str, pages: int | None, size: int) -> int:
    """Steps the check of a file still has to take: counted once it started, guessed from its pages or size before."""
    if total is not None:
        return total - (done or 0)
    if kind == "pdf":
        return pages or 1
    if kind in ("docx", "xlsx"):
        return 1 + size // (1024 * 1024)  # its text, and pictures that make it large
    return 1


def _claim(only: tuple[type, int] | None):
    """The next file to work on, held for this worker (a conditional UPDATE: two workers never hold one file)."""
    now = timezone.now()
    hold = now + dt.timedelta(seconds=settings.SANSHEN_FILE_CHECK_SLICE_SECONDS) + CLAIM_MARGIN
    for model, pk in [only] if only else files_by_turn(now):
        free = model.objects.filter(pk=pk, check_status=CheckStatus.PENDING).filter(_unclaimed(now))
        if free.update(check_claimed_until=hold):
            return model.objects.select_related("submission").get(pk=pk)
    return None


def run_slice(*, only: tuple[type, int] | None = None) -> bool:
    """One slice of the check of the file whose turn it is (or of `only`); True when that file has steps left."""
    from sanshen.documents.errors import DocumentImportError, UploadRejected
    from sanshen.documents.extract import FileReader, check_pieces

    owner = _claim(only)
    if owner is None:
        return False
    model, checked_file = type(owner), owner.file.name
    progress = dict(owner.check_progress or {})
    started = time.monotonic()
    try:
        context = _file_context(owner.submission)
        try:
            info = stored_info(owner)
        except FileNotFoundError:
            _release(model, owner.pk)
            return False  # removed meanwhile: its file goes once the removal commits
        budget, used = settings.SANSHEN_OCR_PAGE_BUDGET, progress.get("ocr", 0)
        with FileReader(info, ocr_budget=budget, ocr_used=used, picture_page=model is Attachment) as reader:
            done, found = progress.get("done", 0), []
            while done < reader.total:
                found += check_pieces(reader.read(done), engine().check, context)
                done += 1
                if time.monotonic() - started >= settings.SANSHEN_FILE_CHECK_SLICE_SECONDS:
                    break
            seconds = progress.get("seconds", 0) + time.monotonic() - started
            progress = {
                "done": done, "total": reader.total, "unit": reader.unit, "ocr": reader.ocr_used, "seconds": round(seconds, 2),
                "findings": progress.get("findings", []) + [f.to_dict() for f in found],
            }  # fmt: skip
        if done < reader.total and seconds > settings.SANSHEN_FILE_CHECK_TIME_LIMIT:
            raise FileCheckTooLong
    except (DocumentImportError, UploadRejected) as exc:
        _mark_failed(model, owner.pk, checked_file, exc.message)
        return False
    except FileCheckTooLong:
        _mark_failed(
            model, owner.pk, checked_file,
            f"机审超时：读到第 {done}/{reader.total} {reader.unit}时已用时 {round(seconds)} 秒"
            f"(上限 {settings.SANSHEN_FILE_CHECK_TIME_LIMIT} 秒)。请拆分为几个文件分别上传。",
        )  # fmt: skip
        return False
    except Exception:
        _mark_failed(model, owner.pk, checked_file, "机审出错，请删除后重新上传；仍不行请联系管理员")
        raise
    if done >= reader.total:
        _store_findings(model, owner.pk, checked_file, [Finding.from_dict(d) for d in progress.pop("findings")], progress)
        return False
    # Only if the file is still the one read: a masked copy swapped in meanwhile starts afresh.
    model.objects.filter(pk=owner.pk, file=checked_file, check_status=CheckStatus.PENDING).update(check_progress=progress)
    _release(model, owner.pk)
    return True


def _release(model, pk: int) -> None:
    model.objects.filter(pk=pk).update(check_claimed_until=None, check_turn_at=timezone.now())


def stored_info(owner: Attachment | BodyImage):
    """The stored file as an UploadInfo, as it was when accepted (not re-encoded again: boxes must still fit)."""
    from sanshen.documents.upload import KINDS, UploadInfo

    with owner.file.open("rb") as f:
        data = f.read()
    kind = owner.kind if isinstance(owner, Attachment) else kind_of(owner.content_type)
    content_type, extension, _ = KINDS[kind]
    name = owner.name if isinstance(owner, Attachment) else owner.label
    return UploadInfo(
        name, kind, content_type, extension, len(data), data,
        pages=getattr(owner, "pages", None), width=owner.width, height=owner.height,
    )  # fmt: skip


def kind_of(content_type: str) -> str:
    from sanshen.documents.upload import KINDS

    return next(kind for kind, (ct, _, _) in KINDS.items() if ct == content_type)


def _file_context(submission: Submission) -> CheckContext:
    # Findings about the item itself (a title's full stop, a repost without its source) come from the
    # body's check; repeated for every cell of a spreadsheet they would only be noise.
    return dataclasses.replace(
        context_for(submission), title="", is_repost=False, repost_source="", repost_author="", repost_url=""
    )


def _store_findings(model, pk: int, checked_file: str, findings: list[Finding], progress: dict) -> int | None:
    """Replace the file's findings; a person's earlier verdict on the same finding carries over (as in run_checks)."""
    with transaction.atomic():
        owner = model.objects.select_for_update().select_related("submission").filter(pk=pk).first()
        if owner is None or owner.file.name != checked_file:
            if owner is not None:
                _release(model, pk)
            return None  # removed or masked meanwhile: the check of the newer file stores its own findings
        previous = {rec.key: rec for rec in owner.findings.exclude(resolution=FindingRecord.Resolution.OPEN)}
        field = "attachment" if model is Attachment else "body_image"
        records = []
        for f in findings:
            rec = finding_record(None, f)
            setattr(rec, field, owner)
            records.append(_settle(rec, owner.submission.unit_id, previous))
        owner.findings.all().delete()
        FindingRecord.objects.bulk_create(records)
        owner.check_status, owner.check_error, owner.checked_at = CheckStatus.DONE, "", timezone.now()
        owner.check_progress, owner.check_claimed_until, owner.check_turn_at = progress, None, timezone.now()
        owner.save(update_fields=["check_status", "check_error", "checked_at", "check_progress", "check_claimed_until", "check_turn_at"])
    return len(records)


def _mark_failed(model, pk: int, checked_file: str, message: str) -> None:
    model.objects.filter(pk=pk, file=checked_file).update(
        check_status=CheckStatus.FAILED, check_error=message[:300], checked_at=timezone.now(), check_progress={}
    )
    _release(model, pk)


# ---------------------------------------------------------------------------------------------
# Progress, for the page


@dataclasses.dataclass(frozen=True)
class CheckProgress:
    """Where the check of a file being checked stands: steps read of all, and about how long the rest takes."""

    done: int
    total: int | None
    unit: str
    eta_seconds: int | None

    @property
    def eta_label(self) -> str:
        if self.eta_seconds is None:
            return ""
        if self.eta_seconds < 60:
            return f"约 {max(5, round(self.eta_seconds / 5) * 5)} 秒"
        return f"约 {round(self.eta_seconds / 60)} 分钟"


def check_progress(owner: Attachment | BodyImage) -> CheckProgress | None:
    """None for a file not being checked. The estimate counts this file's own pace (or STEP_SECONDS before it has
    one) for the steps left, times the units that take turns with it now."""
    if owner.check_status != CheckStatus.PENDING:
        return None
    progress = owner.check_progress or {}
    total, done = progress.get("total"), progress.get("done", 0)
    pace = progress["seconds"] / done if done and progress.get("seconds") else STEP_SECONDS
    units = _units_waiting()
    left = _steps_left(owner)
    return CheckProgress(done, total, progress.get("unit", "页" if getattr(owner, "kind", "") == "pdf" else "项"), round(left * pace * max(units, 1)))


def _units_waiting() -> int:
    units = set()
    for model in FILE_MODELS:
        units.update(model.objects.filter(check_status=CheckStatus.PENDING).values_list("submission__unit_id", flat=True))
    return len(units)
