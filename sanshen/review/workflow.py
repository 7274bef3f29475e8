"""三审三校 workflow: who may see and do what, and every change of a submission's state. Nothing else decides.

One question — `available_actions(submission, user)` — decides what a person may do to an item now. Pages,
the JSON API and commands draw their buttons from it, and `perform()` refuses any action not in it, after
locking the row, so the check and the change see the same state. The inbox (`waiting_for`), what a person may
see (`visible_submissions`), the archive and who may settle a finding derive from the same stage table
(stages.py) and publisher rule.

What is published is guarded where publication happens: `publication_blockers()` lists every reason the item
may not be published now — every required signature covers the text, no block finding, every escalation
answered without objection, 特级 filed and approved, a complete form — and is asked by the pass that leads to
publication, by publish itself and by `sanshen verify-published`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from sanshen.accounts.models import RoleName, User
from sanshen.audit.log import record
from sanshen.lib.workdays import add_working_days

from . import checking, integrity
from .exceptions import BlockedByFindings, Conflict, InvalidInput, InvalidTransition, NotAllowed, PublicationBlocked, StaleRevision
from .models import (
    ESCALATION_ROLES,
    REVIEW_POINT_KEYS,
    Decision,
    Escalation,
    FindingRecord,
    Grade,
    Notification,
    Revision,
    SignOffRecord,
    Status,
    Submission,
    Topic,
    WrittenFiling,
)
from .stages import ORDER, STAGE, STAGES, UNIT_STAGES, required_stages, stages_after

EDITABLE_BY_DRAFTER = integrity.DRAFTER_STATUSES
COUNTY_STAGE_ROLES = frozenset(r for s in STAGE.values() if not s.own_unit for r in s.roles)


@dataclass(frozen=True)
class Action:
    """One thing a person may do now: drawn as a button, checked again on the server."""

    name: str
    label: str
    needs_comment: bool = True
    needs_points: bool = False
    style: str = "secondary"
    # Extra choices the form must offer, e.g. the stages a return may go back to.
    choices: tuple[tuple[str, str], ...] = field(default=())
    note: str = ""


@dataclass(frozen=True)
class Blocker:
    """一项不能发布的理由: a short English code for tests and logs, a Chinese sentence for people."""

    code: str
    message: str


# ---------------------------------------------------------------------------------------------
# Who may see


def visible_submissions(user: User) -> QuerySet[Submission]:
    """A unit sees its own items; county roles see what has reached them; operators see what they publish."""
    if not user.is_authenticated or not user.is_active:
        return Submission.objects.none()
    roles = user.role_names()
    # Membership of a unit grants nothing: only a content role in it (an administrator placed there reads nothing).
    q = Q(unit_id__in=user.content_unit_ids())
    if roles & {RoleName.COUNTY_REVIEWER, RoleName.COUNTY_OFFICE}:
        # New-media items never come to the county: only website items that reached county review.
        q |= Q(
            column__isnull=False,
            status__in=(Status.COUNTY_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN),
        ) | Exists(Decision.objects.filter(submission=OuterRef("pk"), stage=Status.COUNTY_REVIEW))
    if RoleName.COUNTY_LEADER in roles:
        q |= Q(grade=Grade.SPECIAL) & (
            Q(status=Status.COUNTY_LEADER)
            | Exists(Decision.objects.filter(submission=OuterRef("pk"), stage=Status.COUNTY_LEADER))
        )
    kinds = [k for k, r in ESCALATION_ROLES.items() if r in roles]
    if kinds:
        q |= Exists(Escalation.objects.filter(submission=OuterRef("pk"), kind__in=kinds))
    q |= _publisher_q(user) & Q(status__in=(Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN))
    return Submission.objects.filter(q)


def can_view(submission: Submission, user: User) -> bool:
    return visible_submissions(user).filter(pk=submission.pk).exists()


def archive_records(user: User) -> QuerySet[SignOffRecord]:
    """审签表存档 a person may open: the forms of the items they may see, nothing else."""
    return SignOffRecord.objects.filter(submission__in=visible_submissions(user).values("pk"))


# ---------------------------------------------------------------------------------------------
# Who may act


def eligible_users(submission: Submission, stage: str):
    """People who hold the acting role for `stage` on this item."""
    if stage == Status.ESCALATED:
        kinds = submission.escalations.filter(run=submission.run, answered_at__isnull=True).values_list("kind", flat=True)
        roles = [ESCALATION_ROLES[k] for k in kinds]
        return User.objects.filter(is_active=True, roles__role__in=roles).distinct()
    roles, own_unit = stage_roles(submission, stage)
    q = Q(is_active=True, roles__role__in=roles)
    if own_unit:
        q &= Q(roles__unit_id=submission.unit_id)
    return User.objects.filter(q).distinct()


def stage_roles(submission: Submission, stage: str, *, deputies: dict | None = None) -> tuple[tuple[str, ...], bool]:
    """The roles that act at `stage` on this item, and whether they must be held in its unit.

    终审 is open to the 分管领导 and the main leader, except when the item also needs the main leader's
    签批 and the unit has a 分管领导: then 终审 is the 分管领导's, so two people sign.
    """
    spec = STAGE[stage]
    roles = spec.roles
    if stage == Status.FINAL_REVIEW and submission.needs_main_leader and _has_deputy(submission, deputies):
        roles = (RoleName.FINAL_REVIEWER,)
    return roles, spec.own_unit


def _has_deputy(submission: Submission, memo: dict | None = None) -> bool:
    """Does the unit have a 分管领导 other than the drafter? `memo` keeps the answer across one list of items."""
    key = (submission.unit_id, submission.drafter_id)
    if memo is not None and key in memo:
        return memo[key]
    found = (
        User.objects.filter(is_active=True, roles__unit_id=submission.unit_id, roles__role=RoleName.FINAL_REVIEWER)
        .exclude(pk=submission.drafter_id)
        .exists()
    )
    if memo is not None:
        memo[key] = found
    return found


def holds_stage_role(user: User, submission: Submission, stage: str, *, deputies: dict | None = None) -> bool:
    roles, own_unit = stage_roles(submission, stage, deputies=deputies)
    return any(user.has_role(r, submission.unit_id if own_unit else None) for r in roles)


def _epoch(submission: Submission) -> int:
    """The last drafter revision: signatures on anything older no longer count."""
    return (
        submission.revisions.filter(stage__in=EDITABLE_BY_DRAFTER).aggregate(n=Max("number"))["n"] or 1
    )


def _current_passes(submission: Submission):
    return submission.decisions.filter(
        run=submission.run, action=Decision.Action.PASS, revision__number__gte=_epoch(submission)
    )


def self_approval(submission: Submission, user: User, stage: str) -> tuple[bool, bool]:
    """(conflicted, allowed): is this person the drafter or a signer of another stage, and if so may they still sign?

    Nobody signs two stages or their own draft while the unit has someone else for the stage; a unit
    that lacks people may, and the decision records it.
    """
    signers = set(_current_passes(submission).exclude(stage=stage).values_list("actor_id", flat=True))
    conflicted = user.pk == submission.drafter_id or user.pk in signers
    if not conflicted:
        return False, True
    others = eligible_users(submission, stage).exclude(pk=user.pk).exclude(pk=submission.drafter_id).exclude(pk__in=signers)
    return True, not others.exists()


def can_edit(submission: Submission, user: User) -> bool:
    """A stage holds a lock: while an item is at a stage only that stage's reviewers change it (if they edit at all)."""
    if submission.status in EDITABLE_BY_DRAFTER:
        return user.pk == submission.drafter_id
    if submission.status in STAGES:
        return STAGE[submission.status].may_edit and holds_stage_role(user, submission, submission.status)
    return False


def may_see_original(submission: Submission, user: User) -> bool:
    """显示原文 (personal data unmasked in old text): the unit's own reviewers, never county roles or other units."""
    return any(
        user.has_role(role, submission.unit_id) for spec in STAGE.values() if spec.own_unit for role in spec.roles
    )


def may_upload_scan(submission: Submission, user: User) -> bool:
    """审签表扫描件: a unit that signs on paper sends its scan through its 复审 (the unit's designated submitter)."""
    return submission.unit.signs_on_paper and user.has_role(RoleName.SECOND_REVIEWER, submission.unit_id)


def may_resolve(submission: Submission, user: User) -> bool:
    """非错误 and whitelist proposals: the reviewer who holds the item at their stage, never the drafter."""
    return submission.status in STAGES and holds_stage_role(user, submission, submission.status)


def _publisher_q(user: User) -> Q:
    """谁发布: the county reviewer publishes website items; an account's operators publish its posts, and where an
    account has no operator, the unit's 复审 (its website administrator) does."""
    q = Q(pk__in=[])
    if user.has_role(RoleName.COUNTY_REVIEWER):
        q |= Q(column__isnull=False)
    q |= Q(media_account__operators=user)
    units = [u for u, r in user.role_pairs() if r == RoleName.SECOND_REVIEWER]
    if units:
        q |= Q(media_account__unit_id__in=units) & ~Exists(
            MediaAccountOperators.objects.filter(mediaaccount_id=OuterRef("media_account_id"))
        )
    return q


def may_publish(submission: Submission, user: User) -> bool:
    return Submission.objects.filter(pk=submission.pk).filter(_publisher_q(user)).exists()


def available_actions(submission: Submission, user: User) -> list[Action]:
    """What this person may do to this item now. Nothing else decides permissions."""
    if not user.is_authenticated or not user.is_active:
        return []
    status = submission.status
    actions: list[Action] = []

    if can_edit(submission, user):
        actions.append(Action("edit", "修改", needs_comment=False))

    if status in EDITABLE_BY_DRAFTER and user.pk == submission.drafter_id:
        label = "重新送审" if status == Status.CHANGES_REQUESTED else "送审"
        actions.append(Action("submit", label, needs_comment=False, style="primary"))

    if status == Status.FIRST_REVIEW and user.pk == submission.drafter_id and _recallable(submission):
        actions.append(Action("recall", "撤回", needs_comment=False, note="初审人员尚未处理，可撤回修改"))

    if status in STAGES and holds_stage_role(user, submission, status):
        spec = STAGE[status]
        conflicted, allowed = self_approval(submission, user, status)
        objection = _standing_objection(submission) if spec.may_escalate else None
        if allowed and objection is None:
            note = "本单位该环节无其他人员，本人兼签将被记录" if conflicted else ""
            actions.append(Action("pass", spec.pass_label, needs_points=spec.ticks_points, style="primary", note=note))
        actions.append(Action("request_changes", "建议修改"))
        if spec.sends_back:
            actions.append(Action("send_back", "打回原单位"))
        else:
            actions.append(Action("return", "回退", choices=_return_choices(submission)))
        if spec.may_escalate:
            note = f"{objection}，不能通过；可回退、建议修改后重新报请" if objection else ""
            actions.append(Action("escalate", "报请保密/网信部门", choices=tuple(Escalation.Kind.choices), note=note))
        if spec.may_refuse or (objection and status == Status.SECOND_REVIEW):
            actions.append(Action("refuse", "不予发布", style="danger"))

    if status == Status.ESCALATED:
        open_kinds = set(
            submission.escalations.filter(run=submission.run, answered_at__isnull=True).values_list("kind", flat=True)
        )
        if any(user.has_role(ESCALATION_ROLES[k]) for k in open_kinds):
            actions.append(Action("answer", "答复意见", choices=tuple(Escalation.Verdict.choices), style="primary"))

    if status == Status.APPROVED and may_publish(submission, user):
        actions.append(Action("publish", "发布", needs_comment=False, style="primary"))

    if status == Status.PUBLISHED and may_publish(submission, user):
        actions.append(Action("withdraw", "撤稿", style="danger"))

    return actions


def _return_choices(submission: Submission) -> tuple[tuple[str, str], ...]:
    earlier = [s for s in required_stages(submission) if ORDER[s] < ORDER[submission.status]]
    return (("drafter", "退回拟稿人"),) + tuple((s, f"退回{Status(s).label}") for s in earlier)


def _recallable(submission: Submission) -> bool:
    """撤回 is possible until the first reviewer has acted: the last thing that happened is the drafter's 送审."""
    last = submission.decisions.order_by("-created", "-id").first()
    return (
        last is not None
        and last.action == Decision.Action.SUBMIT
        and last.actor_id == submission.drafter_id
        and submission.current_revision_id == last.revision_id
    )


def _latest_escalations(submission: Submission) -> list[Escalation]:
    latest: dict[str, Escalation] = {}
    for e in submission.escalations.filter(run=submission.run).order_by("asked_at", "id"):
        latest[e.kind] = e
    return list(latest.values())


def _standing_objection(submission: Submission) -> str | None:
    """不宜发布 from the secrecy bureau or cyberspace office stops the item until it is asked again and answered."""
    for e in _latest_escalations(submission):
        if e.verdict == Escalation.Verdict.OBJECT:
            return f"{e.get_kind_display()}答复“不宜发布”"
    return None


# ---------------------------------------------------------------------------------------------
# Queues


def waiting_for(user: User, limit: int = 200) -> list[Submission]:
    """我的待办: the items on which this person has something to do now, oldest deadline first."""
    if not user.is_authenticated or not user.is_active:
        return []
    q = Q(drafter=user, status__in=EDITABLE_BY_DRAFTER)
    for unit_id, role in user.role_pairs():
        for stage, spec in STAGE.items():
            if role in spec.roles:
                q |= Q(status=stage, unit_id=unit_id) if spec.own_unit else Q(status=stage)
        kind = {r: k for k, r in ESCALATION_ROLES.items()}.get(role)
        if kind:
            q |= Q(status=Status.ESCALATED) & Exists(
                Escalation.objects.filter(submission=OuterRef("pk"), kind=kind, answered_at__isnull=True)
            )
    q |= Q(status=Status.APPROVED) & _publisher_q(user)
    items = []
    qs = (
        Submission.objects.filter(q)
        .defer("body")
        .select_related("unit", "drafter", "column", "media_account")
        .order_by("due_at", "stage_entered_at", "id")
    )
    deputies: dict = {}
    # Read in pages of `limit`: an open cursor over the whole queue would have PostgreSQL sort all of it first.
    for offset in itertools.count(0, limit):
        page = list(qs[offset : offset + limit])
        for s in page:
            # 终审 of an item the main leader must sign later is the deputy's: the main leader has nothing to do yet.
            if s.status in STAGES and not holds_stage_role(user, s, s.status, deputies=deputies):
                continue
            items.append(s)
            if len(items) >= limit:
                return items
        if len(page) < limit:
            return items
    return items


# ---------------------------------------------------------------------------------------------
# What stands between an item and publication


def publication_blockers(submission: Submission, revision: Revision | None = None, *, read_files: bool = False) -> list[Blocker]:
    """Every reason `revision` (the current one by default) may not be published now, in Chinese. Empty: it may.

    The required stages are those of the item's grade, topics, unit and target *now*; each needs a pass that
    covers this text (integrity.signatures). Then: no block finding on the text, its attachments or pictures,
    and no serious one without a reason; every file checked; every escalation of the run answered and none
    objecting; 特级: the written filing for this text; a website item: a complete 审签表.
    """
    revision = revision or submission.current_revision
    blockers = [Blocker(code, message) for code, message in integrity.content_problems(submission, revision, read_files=read_files)]
    stages = required_stages(submission)
    signed = integrity.signatures(submission, revision, stages)
    blockers += [Blocker(code, message) for code, message in signed.problems]

    for owner in checking.files_not_checked(revision):
        blockers.append(Blocker("file_not_checked", f"“{owner.name}”{owner.get_check_status_display()}，机审未完成"))
    block, serious = checking.gate_findings(revision)
    for f in block:
        where = f"（{f.place}）" if f.place else ""
        blockers.append(Blocker("block_finding", f"机审禁止发布：{f.message}“{f.text}”{where}"))
    for f in serious:
        if not f.reason:
            blockers.append(Blocker("serious_unexplained", f"机审严重问题未说明理由：{f.message}“{f.text}”"))

    for e in _latest_escalations(submission):
        label = e.get_kind_display()
        if e.answered_at is None:
            blockers.append(Blocker("escalation_unanswered", f"{label}尚未答复"))
        elif e.verdict == Escalation.Verdict.OBJECT:
            blockers.append(Blocker("escalation_objection", f"{label}答复“不宜发布”"))
        elif e.verdict == Escalation.Verdict.REVISE and not submission.revisions.filter(created__gt=e.answered_at).exists():
            blockers.append(Blocker("escalation_revise", f"{label}答复“修改后发布”，答复后稿件未修改"))

    if submission.needs_county_leader:
        epoch = _epoch(submission)
        if not submission.filings.filter(run=submission.run, revision__number__gte=epoch).exists():
            blockers.append(Blocker("filing_missing", "特级信息缺少对当前稿件的书面报送备案"))
    if submission.is_website and Status.COUNTY_REVIEW in signed.valid:
        from .signoff import form_missing_parts

        missing = form_missing_parts(submission)
        if missing:
            blockers.append(Blocker("form_incomplete", f"审签表不完整（缺少：{'、'.join(missing)}）"))
    return blockers


def verify_published(submission: Submission) -> list[Blocker]:
    """What is wrong with a published item: every publication rule on the revision that is online, its stored files
    hashed again, and a publish decision on exactly that content. Empty when the item is as its signers approved."""
    revision = submission.published_revision
    if revision is None:
        return [Blocker("no_published_revision", "已发布稿件没有记录发布版本")]
    blockers = publication_blockers(submission, revision, read_files=True)
    published = submission.decisions.filter(action=Decision.Action.PUBLISH).order_by("-created", "-id").first()
    if published is None or published.content_hash != revision.content_hash:
        blockers.append(Blocker("publish_hash_mismatch", "发布记录的内容校验码与在线版本不符"))
    if submission.current_revision_id != revision.pk:
        blockers.append(Blocker("revised_after_publication", "发布后稿件又有新版本，在线内容与当前版本不一致"))
    return blockers


def verify_published_items() -> tuple[int, list[tuple[Submission, list[Blocker]]]]:
    """`sanshen verify-published`: every published item checked; returns (count checked, failures)."""
    checked, failures = 0, []
    for submission in Submission.objects.published().select_related("unit", "published_revision", "current_revision").iterator():
        checked += 1
        blockers = verify_published(submission)
        if blockers:
            failures.append((submission, blockers))
    return checked, failures


def _refuse_publication(blockers: list[Blocker]) -> PublicationBlocked:
    lines = "；".join(f"{i}. {b.message}" for i, b in enumerate(blockers, start=1))
    return PublicationBlocked(f"不能发布：{lines}", code="publication_blocked", blockers=blockers)


# ---------------------------------------------------------------------------------------------
# Creating and editing


@transaction.atomic
def create_submission(user: User, *, title: str, body: str, ip: str | None = None, **details) -> Submission:
    """新建稿件 in the drafter's own unit, with its first revision."""
    if user.unit_id is None or not user.has_role(RoleName.DRAFTER, user.unit_id):
        raise NotAllowed("您没有本单位的拟稿权限", code="not_a_drafter")
    title = _clean_title(title)
    submission = Submission(unit_id=user.unit_id, drafter=user, title=title, body=body)
    _apply_details(submission, details)
    submission.save()
    revision = integrity.stamp(
        Revision(submission=submission, number=1, title=title, body=body, author=user, stage=Status.DRAFT, note="新建"),
        submission,
    )
    revision.save()
    submission.current_revision = revision
    submission.save(update_fields=["current_revision"])
    checking.run_checks(revision)
    record("review.create", actor=user, obj=submission, ip=ip, title=title)
    return submission


DETAIL_FIELDS = (
    "column",
    "media_account",
    "grade",
    "topics",
    "ask_main_leader",
    "is_repost",
    "repost_source",
    "repost_author",
    "repost_url",
    "remark",
)


def _apply_details(submission: Submission, details: dict) -> list[str]:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}", code="unknown_field")
    for name, value in details.items():
        setattr(submission, name, value)
    if (submission.column_id is None) == (submission.media_account_id is None):
        raise InvalidInput("请选择一个发布目标：网站栏目或政务新媒体账号（只能选一个）", code="target_required")
    if submission.media_account_id and submission.media_account.unit_id != submission.unit_id:
        raise InvalidInput("只能发布到本单位开办的政务新媒体账号", code="foreign_account")
    if submission.grade not in Grade.values:
        raise InvalidInput("信息分类无效", code="bad_grade")
    bad_topics = [t for t in submission.topics if t not in Topic.values]
    if bad_topics:
        raise InvalidInput(f"专题无效：{', '.join(bad_topics)}", code="bad_topic")
    if submission.is_repost and not (submission.repost_source.strip() and submission.repost_author.strip()):
        raise InvalidInput("转载稿件须注明原稿作者及出处", code="repost_fields")
    return list(details)


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidInput("标题不能为空", code="title_required")
    if len(title) > 200:
        raise InvalidInput("标题不能超过 200 字", code="title_too_long")
    return title


def save_revision(
    submission: Submission,
    user: User,
    *,
    title: str,
    body: str,
    base_revision: int,
    note: str = "",
    ip: str | None = None,
    **details,
) -> Revision:
    """保存修改: a new revision, refused if it was based on an older one than the current."""
    with transaction.atomic():
        submission = _lock_for_change(submission, user, base_revision)
        current = submission.current_revision
        title = _clean_title(title)
        changed_details = []
        if details:
            if submission.status not in EDITABLE_BY_DRAFTER:
                raise NotAllowed("送审后只能修改标题和正文", code="details_locked")
            before = integrity.details_of(submission)
            changed_details = _apply_details(submission, details)
            if integrity.details_of(submission) == before:
                changed_details = []
        if title == current.title and body == current.body and not changed_details:
            return current
        submission.title, submission.body = title, body
        revision = new_revision(submission, user, note=note, title=title, body=body)
        submission.save(update_fields=["title", "body", "current_revision", "version", "updated", *changed_details])
        checking.run_checks(revision)
        record("review.edit", actor=user, obj=submission, ip=ip, revision=revision.number, stage=submission.status)
    return revision


def lock_submission(pk: int) -> Submission:
    """The item's row, locked until the transaction ends; its revision and unit are read after the lock.

    Not joined in the locking query: in PostgreSQL a row joined to the locked one is read in the snapshot taken before
    the wait, so the new current revision committed by the transaction waited for would read as none.
    """
    return Submission.objects.select_for_update().get(pk=pk)


def _lock_for_change(submission: Submission, user: User, base_revision: int | None) -> Submission:
    """Lock the row for an edit of its content; refuse a person who may not edit now, or an edit of old text."""
    submission = lock_submission(submission.pk)
    if not can_edit(submission, user):
        raise NotAllowed("当前环节您不能修改本稿件", code="cannot_edit")
    current = submission.current_revision
    if base_revision is not None and current.number != base_revision:
        base = submission.revisions.filter(number=base_revision).first()
        if base is not None and (base.title, base.body, base.details) == (current.title, current.body, current.details):
            return submission  # only files changed since: the text being saved is not stale
        raise StaleRevision(
            f"稿件已被他人修改（当前为第 {current.number} 版，您编辑的是第 {base_revision} 版），请查看差异后重新修改",
            code="stale_revision",
            base=base,
            current=current,
        )
    return submission


def new_revision(submission: Submission, user: User, *, note: str, title: str | None = None, body: str | None = None) -> Revision:
    """A new revision of a locked item as it stands now (its files included), made the current one.

    Every change of what a signature covers is a revision — text, details, an attachment added, removed or
    masked — so signatures can be checked against revisions alone. The caller saves the submission.
    """
    current = submission.current_revision
    revision = integrity.stamp(
        Revision(
            submission=submission,
            number=current.number + 1,
            title=current.title if title is None else title,
            body=current.body if body is None else body,
            author=user,
            stage=submission.status,
            note=note[:200],
        ),
        submission,
    )
    revision.save()
    submission.current_revision = revision
    submission.version += 1
    return revision


def restamp_first_revision(submission: Submission) -> None:
    """The first revision, written before the item's pictures could be stored, lists them now (nobody has signed)."""
    revision = submission.current_revision
    if revision.number != 1 or submission.decisions.exists():
        raise InvalidTransition("只能补记新建稿件的图片", code="not_new")
    integrity.stamp(revision, submission)
    revision.save(update_fields=["details", "files", "content_hash"])


def file_change(submission: Submission, user: User, *, note: str, ip: str | None, action: str, **audit) -> Revision:
    """An attachment or picture changed (inside the caller's transaction, row locked): a revision records it."""
    revision = new_revision(submission, user, note=note)
    submission.save(update_fields=["current_revision", "version", "updated"])
    checking.run_checks(revision)
    record(action, actor=user, obj=submission, ip=ip, revision=revision.number, **audit)
    return revision


def lock_editable(submission: Submission, user: User) -> Submission:
    """The row locked for a change of its files by someone who may edit it now."""
    return _lock_for_change(submission, user, None)


# ---------------------------------------------------------------------------------------------
# Findings


def resolve_finding(
    submission: Submission, user: User, finding: FindingRecord, *, resolution: str, reason: str = "", county_wide: bool = False, ip=None
) -> FindingRecord:
    """A reviewer settles a finding of the item they hold: 非错误 for this item, or a whitelist proposal.

    "Fixed" is not something a person can declare: a finding is fixed when a later revision no longer has it.
    """
    with transaction.atomic():
        locked = lock_submission(submission.pk)
        if not may_resolve(locked, user):
            raise NotAllowed("只有当前环节的审核人员可以处理机审问题", code="cannot_resolve")
        revision = locked.current_revision
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.revision_id != revision.pk and finding not in checking.file_findings(revision):
            raise InvalidTransition("该问题不属于当前版本", code="stale_finding")
        if resolution == FindingRecord.Resolution.NOT_ERROR:
            checking.mark_not_error(finding, user, reason)
        elif resolution == "propose_whitelist":
            from . import whitelist

            whitelist.propose(finding, user, unit_id=locked.unit_id, county_wide=county_wide, reason=reason, ip=ip)
            checking.mark_not_error(finding, user, f"已提议加入白名单：{reason.strip()}")
        else:
            raise InvalidInput("处理结果无效：只能标为“非错误”或提议加入白名单（问题已修改的，保存新版本后自动消失）", code="bad_resolution")
        record(
            "review.finding_resolved", actor=user, obj=locked, ip=ip,
            finding=finding.pk, rule=finding.rule, text=finding.text, resolution=resolution, reason=finding.reason,
        )  # fmt: skip
    return finding


# ---------------------------------------------------------------------------------------------
# Transitions


def perform(
    submission: Submission,
    user: User,
    action: str,
    *,
    expected_version: int | None = None,
    ip: str | None = None,
    **kwargs,
) -> Submission:
    """The one dispatcher: lock the row, ask available_actions again, then run the transition."""
    handler = TRANSITIONS.get(action)
    if handler is None:
        raise InvalidInput(f"未知操作：{action}", code="unknown_action")
    with transaction.atomic():
        locked = lock_submission(submission.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("已被他人处理：稿件状态或内容已变化，请刷新后查看", code="already_handled")
        allowed = {a.name: a for a in available_actions(locked, user)}
        if action not in allowed:
            raise _refusal(locked, user, action)
        spec = allowed[action]
        opinion = (kwargs.pop("opinion", "") or "").strip()
        if spec.needs_comment and not opinion:
            raise InvalidInput("请填写意见", code="opinion_required")
        from_status = locked.status
        decision = handler(locked, user, opinion=opinion, **kwargs)
        locked.version += 1
        locked.save()
        decision.from_status = from_status
        decision.to_status = locked.status
        decision.save()
        record(
            f"review.{action}",
            actor=user,
            obj=locked,
            ip=ip,
            from_status=from_status,
            to_status=locked.status,
            opinion=opinion[:500],
            revision=locked.current_revision.number if locked.current_revision else None,
            content_hash=decision.content_hash,
        )
    return locked


def _refusal(submission: Submission, user: User, action: str):
    if not can_view(submission, user):
        return NotAllowed("您无权处理本稿件", code="not_visible")
    if action == "pass" and submission.status == Status.FINAL_REVIEW and user.has_role(RoleName.MAIN_LEADER, submission.unit_id):
        if not holds_stage_role(user, submission, submission.status):
            return NotAllowed("本稿件须由分管领导终审，主要领导在下一环节签批", code="main_leader_signs_later")
    if action == "pass" and submission.status in STAGES and holds_stage_role(user, submission, submission.status):
        objection = _standing_objection(submission) if STAGE[submission.status].may_escalate else None
        if objection:
            return InvalidTransition(f"{objection}，不能通过：可回退、建议修改后重新报请，或不予发布", code="escalation_objection")
        return NotAllowed("您是本稿件的拟稿人或已在其他环节签批，须由本单位其他人员审核", code="self_approval")
    if action == "recall" and submission.status == Status.FIRST_REVIEW and user.pk == submission.drafter_id:
        return InvalidTransition("初审人员已处理本稿件，不能撤回", code="already_reviewed")
    return InvalidTransition(
        f"稿件当前为“{submission.get_status_display()}”，您不能执行此操作", code=f"not_allowed_in_{submission.status}"
    )


def _decision(submission: Submission, user: User, action: str, *, opinion: str = "", points=(), stage=None, **extra):
    revision = submission.current_revision
    return Decision(
        submission=submission,
        run=submission.run,
        stage=stage or submission.status,
        action=action,
        from_status=submission.status,
        to_status=submission.status,
        actor=user,
        opinion=opinion,
        points=list(points),
        revision=revision,
        content_hash=revision.content_hash if revision else "",
        **extra,
    )


def _gate(submission: Submission, reasons: dict | None) -> None:
    """Before the item moves on: files checked, no block finding, and this person's reason for each serious one."""
    revision = submission.current_revision
    waiting = checking.files_not_checked(revision)
    if waiting:
        names = "、".join(f"“{f.name}”" for f in waiting)
        if any(f.check_status == "failed" for f in waiting):
            raise BlockedByFindings(f"{names} 机审失败，请删除后重新上传", code="file_check_failed")
        raise BlockedByFindings(f"{names} 正在机审（图片文字识别较慢），请稍后再试", code="file_check_pending")
    block, serious = checking.gate_findings(revision)
    if block:
        raise BlockedByFindings(
            f"机审发现 {len(block)} 处禁止发布的问题（如涉密标识、禁用词），只能修改原文后再送", code="blocked", findings=block
        )
    unexplained = checking.record_reasons(serious, reasons or {})
    if unexplained:
        raise BlockedByFindings(
            f"机审发现 {len(unexplained)} 处严重问题，请修改，或逐条填写理由（审核人员可见）", code="serious_unexplained", findings=unexplained
        )


def _submit(submission: Submission, user: User, *, opinion: str = "", finding_reasons=None) -> Decision:
    _gate(submission, finding_reasons)
    decision = _decision(submission, user, Decision.Action.SUBMIT, opinion=opinion, findings=checking.decision_snapshot(submission.current_revision))
    resume = submission.resume_stage if submission.status == Status.CHANGES_REQUESTED else ""
    if submission.status == Status.DRAFT:
        submission.run += 1
        decision.run = submission.run
    if resume and not _changed_since_request(submission):
        target = resume  # nothing changed: the stage that asked looks again, earlier signatures still cover the text
    else:
        target = STAGES[0]  # new text: every stage signs it again (each sees the diff since they signed)
    if submission.submitted_at is None:
        submission.submitted_at = timezone.now()
    submission.resume_stage = ""
    _enter_stage(submission, target, user)
    return decision


def _changed_since_request(submission: Submission) -> bool:
    asked = (
        submission.decisions.filter(run=submission.run, action=Decision.Action.REQUEST_CHANGES).order_by("-created", "-id").first()
    )
    return asked is None or asked.revision_id != submission.current_revision_id


def _recall(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    last_submit = submission.decisions.filter(action=Decision.Action.SUBMIT).order_by("-created", "-id").first()
    decision = _decision(submission, user, Decision.Action.RECALL, opinion=opinion)
    back = last_submit.from_status if last_submit and last_submit.from_status in EDITABLE_BY_DRAFTER else Status.DRAFT
    _leave_stages(submission, back)
    if back == Status.CHANGES_REQUESTED:
        submission.resume_stage = STAGES[0]
    return decision


def _pass(submission: Submission, user: User, *, opinion: str = "", points=(), finding_reasons=None) -> Decision:
    stage = submission.status
    spec = STAGE[stage]
    points = [p for p in (points or ()) if p in REVIEW_POINT_KEYS] if spec.ticks_points else []
    if spec.ticks_points and len(set(points)) < len(REVIEW_POINT_KEYS):
        raise InvalidInput("请逐项确认全部八项审核要点后再通过", code="points_required")
    _gate(submission, finding_reasons)
    conflicted, _ = self_approval(submission, user, stage)
    decision = _decision(
        submission,
        user,
        Decision.Action.PASS,
        opinion=opinion,
        points=points,
        self_approved=conflicted,
        note="本单位该环节无其他人员，本人兼签" if conflicted else "",
        findings=checking.decision_snapshot(submission.current_revision),
    )
    following = stages_after(submission, stage)
    if following:
        _enter_stage(submission, following[0], user)
    else:
        # This pass leads to publication: the item may only become "待发布" if it could be published as it is.
        decision.from_status = decision.to_status = stage
        decision.save()
        blockers = publication_blockers(submission)
        if blockers:
            raise _refuse_publication(blockers)
        _leave_stages(submission, Status.APPROVED)
        _notify_publishers(submission)
    if stage in UNIT_STAGES and (not following or following[0] not in UNIT_STAGES):
        # The item leaves its unit: archive the form as it stands (rendered in the background).
        from .signoff import archive_signoff_form

        transaction.on_commit(lambda pk=submission.pk, run=submission.run: archive_signoff_form(pk, run))
    return decision


def _request_changes(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    decision = _decision(submission, user, Decision.Action.REQUEST_CHANGES, opinion=opinion)
    submission.resume_stage = submission.status
    _leave_stages(submission, Status.CHANGES_REQUESTED)
    _notify_chain(submission, user, Notification.Kind.CHANGES_REQUESTED, f"《{submission.title}》需要修改", opinion)
    return decision


def _return(submission: Submission, user: User, *, opinion: str = "", to_stage: str = "drafter") -> Decision:
    choices = dict(_return_choices(submission))
    if to_stage not in choices:
        raise InvalidInput("回退目标无效", code="bad_return_target")
    decision = _decision(submission, user, Decision.Action.RETURN, opinion=opinion, note=choices[to_stage])
    _notify_chain(submission, user, Notification.Kind.RETURNED, f"《{submission.title}》被{choices[to_stage]}", opinion)
    if to_stage == "drafter":
        submission.resume_stage = ""
        _leave_stages(submission, Status.DRAFT)
    else:
        _enter_stage(submission, to_stage, user)
    return decision


def _send_back(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    decision = _decision(submission, user, Decision.Action.SEND_BACK, opinion=opinion)
    _notify_chain(submission, user, Notification.Kind.RETURNED, f"《{submission.title}》被县信息中心打回", opinion)
    submission.resume_stage = ""
    _leave_stages(submission, Status.DRAFT)
    return decision


def _refuse(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    decision = _decision(submission, user, Decision.Action.REFUSE, opinion=opinion)
    _leave_stages(submission, Status.REFUSED)
    _notify_chain(submission, user, Notification.Kind.REFUSED, f"《{submission.title}》不予发布", opinion)
    return decision


def _escalate(submission: Submission, user: User, *, opinion: str = "", kinds=()) -> Decision:
    kinds = [k for k in dict.fromkeys(kinds or ()) if k in Escalation.Kind.values]
    if not kinds:
        raise InvalidInput("请选择报请的部门（保密部门和/或网信部门）", code="escalation_kind_required")
    for kind in kinds:
        Escalation.objects.create(submission=submission, run=submission.run, kind=kind, question=opinion, asked_by=user)
    decision = _decision(submission, user, Decision.Action.ESCALATE, opinion=opinion, note="、".join(Escalation.Kind(k).label for k in kinds))
    _enter_stage(submission, Status.ESCALATED, user)
    return decision


def _answer(submission: Submission, user: User, *, opinion: str = "", verdict: str = "") -> Decision:
    if verdict not in Escalation.Verdict.values:
        raise InvalidInput("请选择意见：可以发布、修改后发布或不宜发布", code="verdict_required")
    kinds = [k for k, role in ESCALATION_ROLES.items() if user.has_role(role)]
    pending = submission.escalations.filter(run=submission.run, answered_at__isnull=True, kind__in=kinds)
    now = timezone.now()
    answered = list(pending)
    for escalation in answered:
        escalation.answered_by, escalation.answered_at = user, now
        escalation.verdict, escalation.answer = verdict, opinion
        escalation.save(update_fields=["answered_by", "answered_at", "verdict", "answer"])
    decision = _decision(
        submission, user, Decision.Action.ANSWER, opinion=opinion, note=Escalation.Verdict(verdict).label
    )
    label = "、".join(Escalation.Kind(e.kind).label for e in answered)
    if not submission.escalations.filter(run=submission.run, answered_at__isnull=True).exists():
        _enter_stage(submission, Status.SECOND_REVIEW, user, notify=False)
    _notify(
        eligible_users(submission, Status.SECOND_REVIEW),
        submission,
        Notification.Kind.ANSWERED,
        f"{label}已答复《{submission.title}》：{Escalation.Verdict(verdict).label}",
        opinion,
        exclude=user,
    )
    return decision


def _publish(submission: Submission, user: User, *, opinion: str = "", post_url: str = "") -> Decision:
    blockers = publication_blockers(submission)
    if blockers:
        raise _refuse_publication(blockers)
    if not submission.is_website:
        post_url = (post_url or "").strip()
        if not post_url.startswith(("http://", "https://")):
            raise InvalidInput("请填写新媒体平台上的发布地址（http:// 或 https:// 开头）", code="post_url_required")
        submission.post_url = post_url
    submission.published_revision = submission.current_revision
    submission.published_at = timezone.now()
    submission.status = Status.PUBLISHED
    decision = _decision(submission, user, Decision.Action.PUBLISH, opinion=opinion, stage=Status.APPROVED)
    _notify_chain(submission, user, Notification.Kind.PUBLISHED, f"《{submission.title}》已发布", opinion)
    return decision


def _withdraw(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    submission.status = Status.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.withdraw_reason = opinion[:300]
    decision = _decision(submission, user, Decision.Action.WITHDRAW, opinion=opinion, stage=Status.PUBLISHED)
    _notify_chain(submission, user, Notification.Kind.WITHDRAWN, f"《{submission.title}》已撤稿", opinion)
    return decision


TRANSITIONS = {
    "submit": _submit,
    "recall": _recall,
    "pass": _pass,
    "request_changes": _request_changes,
    "return": _return,
    "send_back": _send_back,
    "refuse": _refuse,
    "escalate": _escalate,
    "answer": _answer,
    "publish": _publish,
    "withdraw": _withdraw,
}


# ---------------------------------------------------------------------------------------------
# Helpers of the transitions


def _enter_stage(submission: Submission, stage: str, actor: User, *, notify: bool = True) -> None:
    now = timezone.now()
    submission.status = stage
    submission.stage_entered_at = now
    submission.due_at = add_working_days(timezone.localtime(now), submission.unit.stage_limit())
    submission.overdue_notified = False
    if stage == Status.COUNTY_LEADER and not submission.filings.filter(
        run=submission.run, revision__number__gte=_epoch(submission)
    ).exists():
        # 特级信息需采取书面报送，即时备案 (第六条3): filed the moment this text first goes up.
        WrittenFiling.objects.create(submission=submission, run=submission.run, filed_by=actor, revision=submission.current_revision)
    if notify:
        kind = Notification.Kind.ESCALATED if stage == Status.ESCALATED else Notification.Kind.TO_REVIEW
        _notify(
            eligible_users(submission, stage),
            submission,
            kind,
            f"《{submission.title}》待您{Status(stage).label}",
            exclude=None,
        )


def _leave_stages(submission: Submission, status: str) -> None:
    submission.status = status
    submission.stage_entered_at = timezone.now()
    submission.due_at = None


def _notify(users, submission: Submission, kind: str, message: str, comment: str = "", *, exclude: User | None) -> None:
    ids = {u.pk for u in users} - ({exclude.pk} if exclude else set())
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, submission=submission, kind=kind, message=message[:300], comment=comment)
        for pk in sorted(ids)
    )


def _notify_chain(submission: Submission, actor: User, kind: str, message: str, comment: str) -> None:
    """The drafter and everyone who signed earlier in this run hear of it, with the comment."""
    signers = set(
        submission.decisions.filter(run=submission.run, action=Decision.Action.PASS).values_list("actor_id", flat=True)
    )
    users = User.objects.filter(pk__in=signers | {submission.drafter_id})
    _notify(users, submission, kind, message, comment, exclude=actor)


def publishers(submission: Submission) -> list[User]:
    """The people who may publish this item: everyone the publisher rule (_publisher_q) admits."""
    # Only an account's operators: media_accounts=None would match everyone without an account (a query each below).
    operators = Q(media_accounts=submission.media_account_id) if submission.media_account_id else Q(pk__in=[])
    candidates = User.objects.filter(is_active=True).filter(
        Q(roles__role=RoleName.COUNTY_REVIEWER)
        | operators
        | Q(roles__role=RoleName.SECOND_REVIEWER, roles__unit_id=submission.unit_id)
    )
    return [u for u in candidates.distinct() if may_publish(submission, u)]


def _notify_publishers(submission: Submission) -> None:
    _notify(publishers(submission), submission, Notification.Kind.TO_REVIEW, f"《{submission.title}》已审核通过，待发布", exclude=None)


# The join table of MediaAccount.operators, for "an account with no operator" in a query.
MediaAccountOperators = Submission.media_account.field.related_model.operators.through


# ---------------------------------------------------------------------------------------------
# Who has it now: the message after an action (pages and API), from the stage table and the rules above


def next_holders(submission: Submission) -> list[str]:
    """The people who hold the item now, each as "post name" ("办公室主任 姜海燕"), from the same rules that let
    them act: eligible_users for a stage or an escalation, publishers once approved, the drafter when it is back."""
    status = submission.status
    if status in STAGES:
        roles, own_unit = stage_roles(submission, status)
        post = {spec.roles[0]: spec.form_label for spec in STAGE.values()}  # 单位主要领导 may also sign 终审
        people = list(eligible_users(submission, status))
        labels = []
        for u in [u for u in people if u.pk != submission.drafter_id] or people:
            role = next((r for r in roles if u.has_role(r, submission.unit_id if own_unit else None)), roles[0])
            labels.append(f"{u.position or post.get(role, STAGE[status].form_label)} {u.display_name}")
        return labels
    if status == Status.ESCALATED:
        kind_of_role = {role: kind for kind, role in ESCALATION_ROLES.items()}
        labels = []
        for u in eligible_users(submission, status).prefetch_related("roles"):
            kind = next((kind_of_role[r.role] for r in u.roles.all() if r.role in kind_of_role), "")
            labels.append(f"{Escalation.Kind(kind).label if kind else u.position} {u.display_name}")
        return labels
    if status == Status.APPROVED:
        return [f"{u.position or '发布人员'} {u.display_name}" for u in publishers(submission)]
    if status in EDITABLE_BY_DRAFTER:
        return [f"拟稿人 {submission.drafter.display_name}"]
    return []


def _names(labels: list[str]) -> str:
    if not labels:
        return "（暂无可处理人员，请联系系统管理员设置角色）"
    shown = "、".join(labels[:3])
    return shown if len(labels) <= 3 else f"{shown}等 {len(labels)} 人"


def outcome_message(submission: Submission, action: str, from_status: str) -> str:
    """What was just done and who has the item now, e.g. "初审通过，已送复审复校：网站管理员 石晓东"."""
    done = STAGE[from_status].pass_label if action == "pass" and from_status in STAGE else f"已{Decision.Action(action).label}"
    status = submission.status
    where = Status(status).label
    if action == "recall":
        return f"已撤回，稿件回到{where}，可修改后重新送审"
    holders = _names(next_holders(submission)) if status not in (Status.PUBLISHED, Status.WITHDRAWN) else ""
    if action == "submit":
        return f"已送{where}：{holders}"
    if status in STAGES:
        verb = "已退回" if action == "return" else "已送"
        return f"{done}，{verb}{where}：{holders}"
    if status == Status.ESCALATED:
        return f"{done}，等待答复：{holders}"
    if status == Status.APPROVED:
        return f"{done}，审核完毕，待发布：{holders}"
    if status == Status.PUBLISHED:
        if submission.is_website:
            from django.urls import reverse

            url = reverse("public-article", args=[submission.public_id])
            return f"已发布到网站“{submission.column.name}”栏目：{url}"
        return f"已记录发布：{submission.media_account}，{submission.post_url}"
    if status in EDITABLE_BY_DRAFTER:
        return f"{done}，稿件现由{holders} 修改"
    if status == Status.WITHDRAWN:
        place = "网站上的文章已撤下" if submission.is_website else f"请在“{submission.media_account}”上删除该条信息"
        return f"已撤稿：{place}"
    return f"{done}：稿件办结（{where}），已通知拟稿人 {submission.drafter.display_name}"
