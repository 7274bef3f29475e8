"""审签表 from the recorded signatures: never typed, always built from Decision rows."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils import timezone

from sanshen.documents.signoff import REVIEW_POINTS as FORM_POINTS
from sanshen.documents.signoff import Signature, SignOffForm, missing_parts

from .models import REVIEW_POINTS, Decision, Grade, Status, Submission


def _latest_passes(submission: Submission, run: int) -> dict[str, Decision]:
    passes = {}
    for d in submission.decisions.filter(run=run, action=Decision.Action.PASS).select_related("actor", "revision"):
        passes[d.stage] = d  # ordered by time: the last pass at a stage is the one that counts
    return passes


def _signature(label: str, decision: Decision | None) -> Signature | None:
    if decision is None:
        return None
    note = "本人兼签（本单位该环节无其他人员）" if decision.self_approved else ""
    return Signature(label, decision.actor.display_name, timezone.localtime(decision.created), decision.opinion, note)


def build_form(submission: Submission, run: int | None = None) -> SignOffForm:
    run = run or submission.run
    passes = _latest_passes(submission, run)
    submit = submission.decisions.filter(run=run, action=Decision.Action.SUBMIT).select_related("actor").last()
    drafter = Signature(
        "拟稿人",
        submission.drafter.display_name,
        timezone.localtime(submit.created) if submit else None,
        "",
    )
    # A point counts as checked when every unit stage that signed ticked it.
    signed = [d for s, d in passes.items() if s in (Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.FINAL_REVIEW)]
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
        except OSError:
            seal = None
    return SignOffForm(
        form_no=f"{submission.unit.code}-{submission.pk:06d}-{run}",
        unit_name=submission.unit.name,
        seal_png=seal,
        title=submission.title,
        body_text=_plain_body(revision.body if revision else submission.body),
        drafter=drafter,
        site_admin=_signature("网站管理员", passes.get(Status.SECOND_REVIEW)),
        office_head=_signature("办公室主任", passes.get(Status.FIRST_REVIEW)),
        deputy_leader=_signature("分管领导", passes.get(Status.FINAL_REVIEW)),
        main_leader=_signature("单位主要领导", passes.get(Status.MAIN_LEADER)),
        county_leader=_signature("分管县领导", passes.get(Status.COUNTY_LEADER)),
        points=points,
        grade_label=Grade(submission.grade).label,
        remark=submission.remark,
        generated_at=timezone.localtime(),
        revision_label=f"第{revision.number}版" if revision else "",
        fingerprint=fingerprint(submission, run, revision.number if revision else 0, passes),
        main_leader_required=submission.needs_main_leader,
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
