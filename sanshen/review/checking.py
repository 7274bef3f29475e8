"""机审 in the workflow: run the check library on each saved revision and keep what people decide."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sanshen.checks import CheckContext, Engine, EngineConfig, Finding, RuleSetting
from sanshen.registers.loading import deployment_registers, deployment_whitelist

from .models import FindingRecord, Revision, Submission, WhitelistEntry

GATED = ("block", "serious")

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


def context_for(submission: Submission) -> CheckContext:
    return CheckContext(
        title=submission.title,
        target_column=submission.column.name if submission.column_id else "",
        grade=submission.grade,
        topics=tuple(submission.topics),
        is_repost=submission.is_repost,
        repost_source=submission.repost_source,
        repost_author=submission.repost_author,
        repost_url=submission.repost_url,
        publication_date=timezone.localdate(),
        registers=deployment_registers(),
    )


def run_checks(revision: Revision) -> list[FindingRecord]:
    """Check one revision; a person's earlier verdict on the same finding carries over."""
    submission = revision.submission
    findings = engine().check(revision_text(revision), context_for(submission))
    whitelist = deployment_whitelist()
    previous = {}
    earlier = submission.revisions.filter(number__lt=revision.number).order_by("-number").first()
    if earlier is not None:
        for rec in earlier.findings.exclude(resolution=FindingRecord.Resolution.OPEN):
            previous[rec.key] = rec
    records = []
    for f in findings:
        rec = finding_record(revision, f)
        if (f.text, "") in whitelist or (f.text, f.rule) in whitelist:
            if f.category != "secrecy_mark":
                rec.resolution = FindingRecord.Resolution.WHITELISTED
                rec.reason = "白名单"
        kept = previous.get(rec.key)
        if kept is not None and kept.resolution != FindingRecord.Resolution.FIXED and f.category != "secrecy_mark":
            rec.resolution, rec.reason = kept.resolution, kept.reason
            rec.decided_by_id, rec.decided_at = kept.decided_by_id, kept.decided_at
        records.append(rec)
    with transaction.atomic():
        revision.findings.all().delete()
        FindingRecord.objects.bulk_create(records)
    return records


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


def gate_findings(revision: Revision) -> tuple[list[FindingRecord], list[FindingRecord]]:
    """(block findings still open, serious findings still open) on this revision, its attachments and body pictures."""
    from .attachments import ensure_files_checked, file_findings

    ensure_files_checked(revision)
    open_ = list(revision.findings.filter(severity__in=GATED, resolution=FindingRecord.Resolution.OPEN))
    open_ += list(file_findings(revision).filter(severity__in=GATED, resolution=FindingRecord.Resolution.OPEN))
    return [f for f in open_ if f.severity == "block"], [f for f in open_ if f.severity == "serious"]


def record_pass_reasons(revision: Revision, serious: list[FindingRecord], reasons: dict) -> list[dict]:
    """A pass over serious findings records each reason; the decision keeps all findings it was taken on."""
    for rec in serious:
        rec.reason = str(reasons[str(rec.pk)]).strip()[:300]
        rec.save(update_fields=["reason"])
    from .attachments import file_findings

    return [rec.as_dict() for rec in [*revision.findings.all(), *file_findings(revision)]]


def resolve(record: FindingRecord, user, resolution: str, reason: str = "") -> FindingRecord:
    """A reviewer marks a finding fixed, not an error (with a reason) or whitelisted."""
    from .exceptions import InvalidInput, NotAllowed

    if resolution not in FindingRecord.Resolution.values or resolution == FindingRecord.Resolution.OPEN:
        raise InvalidInput("处理结果无效", code="bad_resolution")
    if record.category == "secrecy_mark" and resolution != FindingRecord.Resolution.FIXED:
        raise NotAllowed("涉密标识只能删改，不能标为非错误或加入白名单", code="secrecy_not_overridable")
    if resolution in (FindingRecord.Resolution.NOT_ERROR, FindingRecord.Resolution.WHITELISTED) and not reason.strip():
        raise InvalidInput("请填写理由", code="reason_required")
    with transaction.atomic():
        record.resolution, record.reason = resolution, reason.strip()[:300]
        record.decided_by, record.decided_at = user, timezone.now()
        record.save(update_fields=["resolution", "reason", "decided_by", "decided_at"])
        if resolution == FindingRecord.Resolution.WHITELISTED:
            WhitelistEntry.objects.get_or_create(
                text=record.text, rule=record.rule, defaults={"reason": record.reason, "added_by": user}
            )
    return record
