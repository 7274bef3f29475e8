"""审签表 from the recorded signatures: never typed, always built from Decision rows."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from huey.contrib.djhuey import db_task

from sanshen.documents.errors import UploadRejected
from sanshen.documents.signoff import REVIEW_POINTS as FORM_POINTS
from sanshen.documents.signoff import EscalationAnswer, Signature, SignOffForm, heading, media_heading, missing_parts

from . import integrity
from .models import REVIEW_POINTS, Decision, Grade, SignOffRecord, Submission
from .stages import STAGE, required_stages


def _latest_passes(submission: Submission, run: int) -> dict[str, Decision]:
    passes = {}
    for d in submission.decisions.filter(run=run, action=Decision.Action.PASS).select_related("actor", "revision"):
        passes[d.stage] = d  # ordered by time: the last pass at a stage is the one that counts
    return passes


def signed_passes(submission: Submission, run: int | None = None) -> dict[str, Decision]:
    """The passes the form prints: in the current run, only those that still cover the current text (a
    signature given to text the drafter later replaced is void and leaves its row blank); an earlier run's form
    is printed as it stood."""
    run = run or submission.run
    if run != submission.run or submission.current_revision is None:
        return _latest_passes(submission, run)
    return integrity.signatures(submission, submission.current_revision, required_stages(submission)).valid


def _signature(label: str, decision: Decision | None) -> Signature | None:
    if decision is None:
        return None
    note = "本人兼签（本单位该环节无其他人员）" if decision.self_approved else ""
    return Signature(label, decision.actor.display_name, timezone.localtime(decision.created), decision.opinion, note)


def build_form(submission: Submission, run: int | None = None) -> SignOffForm:
    run = run or submission.run
    passes = signed_passes(submission, run)
    submit = submission.decisions.filter(run=run, action=Decision.Action.SUBMIT).select_related("actor").last()
    drafter = Signature(
        "拟稿人",
        submission.drafter.display_name,
        timezone.localtime(submit.created) if submit else None,
        "",
    )
    # A point counts as checked when every stage that ticks the points (初审、复审、终审) ticked it.
    signed = [d for s, d in passes.items() if STAGE[s].ticks_points]
    # The form prints the points in the same order as REVIEW_POINTS, under its own labels.
    points = {
        form_label: bool(signed) and all(key in d.points for d in signed)
        for (key, _), form_label in zip(REVIEW_POINTS, FORM_POINTS, strict=True)
    }
    revision = submission.current_revision
    seal = None
    if submission.unit.seal:
        try:
            with submission.unit.seal.open("rb") as f:
                seal = f.read()
            if not seal.startswith(b"\x89PNG\r\n\x1a\n"):
                # A seal stored before uploads were converted (a JPEG scan): the forms print PNG only.
                from sanshen.documents.upload import seal_png

                seal = seal_png(seal)
        except OSError:
            seal = None
        except UploadRejected:
            seal = None  # not a picture at all: the form says the seal is missing
    return SignOffForm(
        form_no=f"{submission.unit.code}-{submission.pk:06d}-{run}",
        unit_name=submission.unit.name,
        seal_png=seal,
        title=submission.title,
        body_text=_plain_body(revision.body if revision else submission.body),
        drafter=drafter,
        **{
            STAGE[stage].form_row: _signature(STAGE[stage].form_label, passes.get(stage))
            for stage in STAGE
            if STAGE[stage].form_row
        },
        points=points,
        grade_label=Grade(submission.grade).label,
        remark=submission.remark,
        generated_at=timezone.localtime(),
        revision_label=f"第{revision.number}版" if revision else "",
        fingerprint=fingerprint(submission, run, revision.number if revision else 0, passes),
        main_leader_required=submission.needs_main_leader,
        content_hash=revision.content_hash if revision else "",
        heading=heading(settings.SANSHEN_COUNTY_NAME) if submission.is_website else media_heading(settings.SANSHEN_COUNTY_NAME),
        target_label=f"网站栏目 · {submission.column.name}" if submission.is_website else f"政务新媒体 · {submission.media_account}",
        escalations=_escalation_answers(submission, run),
    )


def _escalation_answers(submission: Submission, run: int) -> tuple[EscalationAnswer, ...]:
    """The last question of each kind to the secrecy bureau and the cyberspace office in this run, and its answer."""
    latest = {}
    for e in submission.escalations.filter(run=run).select_related("answered_by").order_by("asked_at", "id"):
        latest[e.kind] = e
    return tuple(
        EscalationAnswer(
            office=e.get_kind_display(),
            verdict=e.get_verdict_display() if e.answered_at else "",
            answer=e.answer,
            name=e.answered_by.display_name if e.answered_by else "",
            answered_at=timezone.localtime(e.answered_at) if e.answered_at else None,
        )
        for e in latest.values()
    )


def fingerprint(submission: Submission, run: int, revision_number: int, passes: dict[str, Decision]) -> str:
    parts = [str(submission.public_id), str(run), str(revision_number)]
    parts += [f"{s}:{d.pk}:{d.actor_id}:{d.created.isoformat()}" for s, d in sorted(passes.items())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _plain_body(html: str) -> str:
    from sanshen.documents.html import html_to_text

    return html_to_text(html).text


def form_missing_parts(submission: Submission) -> list[str]:
    """Empty when the form is complete: a scan for paper units, otherwise every required signature."""
    if submission.unit.signs_on_paper:
        return [] if submission.form_scan else ["审签表扫描件"]
    return missing_parts(build_form(submission))


def render(submission: Submission, fmt: str = "pdf", run: int | None = None) -> bytes:
    from sanshen.documents import signoff as renderer

    if fmt == "docx":
        return renderer.render_docx(build_form(submission, run))
    _, pdf, png = render_pdf_and_png(submission, run)
    return png if fmt == "png" else pdf


def render_pdf_and_png(submission: Submission, run: int | None = None) -> tuple[SignOffForm, bytes, bytes]:
    """The form, its PDF and the image of that PDF: built once, rendered once."""
    from sanshen.documents import signoff as renderer

    form = build_form(submission, run)
    pdf = renderer.render_pdf(form, county_name=settings.SANSHEN_COUNTY_NAME)
    return form, pdf, renderer.render_png(pdf)


@db_task()
def archive_signoff_form(submission_pk: int, run: int) -> int | None:
    """存档: keep the form PDF and image in the unit's archive when the item leaves the unit."""
    submission = Submission.objects.select_related("unit").get(pk=submission_pk)
    if submission.unit.signs_on_paper and submission.form_scan:
        record = SignOffRecord(
            submission=submission, unit=submission.unit, run=run, title=submission.title, is_scan=True, fingerprint=""
        )
        with submission.form_scan.open("rb") as f:
            record.pdf.save(f"scan-{submission.pk}-{run}{_suffix(submission.form_scan.name)}", ContentFile(f.read()), save=False)
    else:
        form, pdf, png = render_pdf_and_png(submission, run)
        record = SignOffRecord(
            submission=submission, unit=submission.unit, run=run, title=submission.title, fingerprint=form.fingerprint
        )
        record.pdf.save(f"form-{submission.pk}-{run}.pdf", ContentFile(pdf), save=False)
        record.png.save(f"form-{submission.pk}-{run}.png", ContentFile(png), save=False)
    record.save()
    return record.pk


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


# ---------------------------------------------------------------------------------------------
# The PDF and image of the form as it stands, drawn in the background (about a second each: never in a click)

RENDER_DIR = "signoff-renders"
# A render asked for and not yet stored is asked for again after this long (a consumer that was down).
REQUEUE_AFTER_S = 60


def render_key(form: SignOffForm) -> str:
    """Everything the form prints but the time it was drawn: the same records give the same key."""
    import dataclasses
    from datetime import datetime

    stable = dataclasses.replace(form, generated_at=datetime(2000, 1, 1))
    return hashlib.sha256(repr(stable).encode()).hexdigest()[:32]


def _render_name(submission_pk: int, key: str, fmt: str) -> str:
    return f"{RENDER_DIR}/{submission_pk}/{key}.{fmt}"


def stored_render(submission: Submission, fmt: str) -> bytes | None:
    """The form's PDF or PNG drawn for exactly the records as they are now; None until the background job has."""
    from django.core.files.storage import default_storage

    name = _render_name(submission.pk, render_key(build_form(submission)), fmt)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as f:
        return f.read()


def queue_render(submission: Submission) -> None:
    """Ask the background consumer to draw the form as it stands.

    A marker keeps every poll of a waiting page from queueing the same drawing again."""
    from django.core.files.storage import default_storage

    key = render_key(build_form(submission))
    marker = _render_name(submission.pk, key, "queued")
    if default_storage.exists(marker):
        age = timezone.now() - default_storage.get_modified_time(marker)
        if age.total_seconds() < REQUEUE_AFTER_S:
            return
        default_storage.delete(marker)
    default_storage.save(marker, ContentFile(b""))
    # Queued at once: callers (page views, after perform() has committed) hold no open transaction.
    render_form_task(submission.pk)


@db_task()
def render_form_task(submission_pk: int) -> str | None:
    """Draw the current form (PDF and PNG) and keep it under its render key; older drawings of the item go."""
    from django.core.files.storage import default_storage

    submission = Submission.objects.select_related("unit", "column", "media_account", "current_revision").filter(pk=submission_pk).first()
    if submission is None:
        return None
    form, pdf, png = render_pdf_and_png(submission)
    key = render_key(form)
    folder = f"{RENDER_DIR}/{submission_pk}"
    if default_storage.exists(folder):
        for old in default_storage.listdir(folder)[1]:
            if not old.startswith(key):
                default_storage.delete(f"{folder}/{old}")
    for fmt, data in (("pdf", pdf), ("png", png)):
        name = _render_name(submission_pk, key, fmt)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
    return key
