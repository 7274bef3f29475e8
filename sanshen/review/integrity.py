"""内容校验: what a signature covers, and whether the signatures on an item still cover the text to be published.

Every revision carries a SHA-256 of its content: title, body, the details that decide its stages and target
(grade, topics, column or account, …) and every file (attachments, pictures in the body) by their own SHA-256.
Every decision records the revision it was taken on and that hash. Whether a signature still counts is worked
out from these rows, never from a flag someone could set: a drafter's revision (made while the item is back with
the drafter) starts a new text that no earlier signature covers; a reviewer's own edit at their stage (校) is
covered by the pass that reviewer then signs at that stage.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .models import Attachment, BodyImage, Decision, Revision, Status, Submission

# Details that are part of what is signed: they decide the stages, the target and what the form says.
SIGNED_DETAILS = (
    "column_id",
    "media_account_id",
    "grade",
    "topics",
    "ask_main_leader",
    "is_repost",
    "repost_source",
    "repost_author",
    "repost_url",
    "remark",
)
# Revisions made while the item is with its drafter: each one is new text for every stage.
DRAFTER_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
IMAGE_SRC = re.compile(r"(?<=src=\")/work/images/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/")


# ---------------------------------------------------------------------------------------------
# Hashes


def sha256_of(fieldfile) -> str:
    """SHA-256 of a stored file, read in blocks."""
    digest = hashlib.sha256()
    with fieldfile.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pictures_in(submission_id: int, body: str) -> QuerySet[BodyImage]:
    """The stored pictures a body shows (a picture taken out of the body no longer counts)."""
    ids = set(IMAGE_SRC.findall(body or ""))
    return BodyImage.objects.filter(submission_id=submission_id, public_id__in=ids)


def details_of(submission: Submission) -> dict:
    return {name: getattr(submission, name) for name in SIGNED_DETAILS}


def files_of(submission: Submission, body: str) -> list[dict]:
    """The files that go with this body now: every attachment of the item and every picture the body shows."""
    files = [
        {"kind": "attachment", "id": a.pk, "name": a.name, "sha256": a.sha256}
        for a in Attachment.objects.filter(submission_id=submission.pk).order_by("pk")
    ]
    files += [
        {"kind": "picture", "id": str(p.public_id), "name": p.name, "sha256": p.sha256}
        for p in pictures_in(submission.pk, body).order_by("pk")
    ]
    return files


def compute_hash(title: str, body: str, details: dict, files: list[dict]) -> str:
    payload = json.dumps(
        {"title": title, "body": body, "details": details, "files": files},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def content_hash(revision: Revision) -> str:
    """The hash of a revision recomputed from its row: differs from revision.content_hash if the row was edited."""
    return compute_hash(revision.title, revision.body, revision.details, revision.files)


def stamp(revision: Revision, submission: Submission) -> Revision:
    """Fill in what the revision covers besides its text, as the item stands now, and its hash (before saving)."""
    revision.details = details_of(submission)
    revision.files = files_of(submission, revision.body)
    revision.content_hash = content_hash(revision)
    return revision


# ---------------------------------------------------------------------------------------------
# Signatures


@dataclass
class Signatures:
    """The state of the signatures on one revision: which passes count, and every reason one does not."""

    revision: Revision
    valid: dict[str, Decision] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, Chinese message)


def signatures(submission: Submission, revision: Revision, stages: list[str]) -> Signatures:
    """Check that each of `stages` has a pass in this run that covers `revision`.

    A pass covers it when it was taken on this text epoch (no drafter revision since) and every later
    revision is a reviewer's own edit at a stage that has passed on that edit or a later one.
    """
    result = Signatures(revision)
    revisions = list(submission.revisions.filter(number__lte=revision.number).order_by("number"))
    epoch = max((r.number for r in revisions if r.stage in DRAFTER_STATUSES), default=1)
    latest: dict[str, Decision] = {}
    for d in (
        submission.decisions.filter(run=submission.run, action=Decision.Action.PASS)
        .select_related("revision", "actor")
        .order_by("created", "id")
    ):
        latest[d.stage] = d
    for stage in stages:
        label = Status(stage).label
        d = latest.get(stage)
        if d is None:
            result.problems.append(("missing_pass", f"缺少“{label}”环节的签发"))
        elif d.revision is None or d.revision.number < epoch or d.revision.number > revision.number:
            shown = f"第{d.revision.number}版" if d.revision else "旧版本"
            result.problems.append(
                ("void_pass", f"“{label}”的签发（{d.actor.display_name}）针对{shown}，此后稿件已由拟稿人修改，须重新签发")
            )
        elif d.content_hash != d.revision.content_hash:
            result.problems.append(("pass_hash_mismatch", f"“{label}”的签发所记内容校验码与第{d.revision.number}版不符"))
        else:
            result.valid[stage] = d
    for r in revisions:
        if r.number <= epoch:
            continue
        d = latest.get(r.stage)
        if d is None or d.revision is None or d.revision.number < r.number:
            result.problems.append(
                ("uncovered_edit", f"第{r.number}版是在“{Status(r.stage).label}”环节的修改，该环节尚未对其签发")
            )
    ordered = [result.valid[s] for s in stages if s in result.valid]
    for earlier, later in zip(ordered, ordered[1:]):
        if (later.created, later.pk) < (earlier.created, earlier.pk):
            result.problems.append(
                ("out_of_order", f"“{Status(later.stage).label}”的签发早于“{Status(earlier.stage).label}”")
            )
    seen: dict[int, str] = {}
    for d in ordered:
        if d.actor_id in seen and not d.self_approved:
            result.problems.append(
                ("same_signer", f"{d.actor.display_name}同时签发了“{Status(seen[d.actor_id]).label}”和“{Status(d.stage).label}”")
            )
        seen.setdefault(d.actor_id, d.stage)
    return result


def content_problems(submission: Submission, revision: Revision, *, read_files: bool = False) -> list[tuple[str, str]]:
    """Whether the revision is still the content it was when signed, and the item still matches it.

    With read_files the stored files are hashed again (the verify command does; a transition trusts the rows).
    """
    problems = []
    if content_hash(revision) != revision.content_hash:
        problems.append(("revision_tampered", f"第{revision.number}版的内容与其校验码不符（版本记录被改动）"))
    if details_of(submission) != _json_round_trip(revision.details):
        problems.append(("details_changed", f"稿件属性（信息分类、专题或发布目标）与第{revision.number}版所签不符"))
    if files_of(submission, revision.body) != revision.files:
        problems.append(("files_changed", f"附件或正文图片与第{revision.number}版所签不符"))
    if read_files:
        for owner in [*Attachment.objects.filter(submission=submission), *pictures_in(submission.pk, revision.body)]:
            if sha256_of(owner.file) != owner.sha256:
                problems.append(("file_tampered", f"文件“{owner.name}”的内容与登记的校验码不符（文件被替换）"))
    if (submission.title, submission.body) != (revision.title, revision.body):
        problems.append(("text_differs", f"稿件当前的标题或正文与第{revision.number}版不符"))
    return problems


def _json_round_trip(value: dict) -> dict:
    return json.loads(json.dumps(value, default=str))
