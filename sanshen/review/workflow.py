"""三审三校 workflow: every change of a submission's state happens here and nowhere else.

One question — `available_actions(submission, user)` — decides what a person may do to an item now.
Pages, the JSON API and commands draw their buttons from it, and `perform()` refuses any action
not in it, after locking the row, so the check and the change see the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sanshen.accounts.models import RoleName, User
from sanshen.audit.log import record
from sanshen.lib.workdays import add_working_days

from .checking import run_checks
from .exceptions import BlockedByFindings, Conflict, InvalidInput, InvalidTransition, NotAllowed, StaleRevision
from .models import (
    ESCALATION_ROLES,
    REVIEW_POINT_KEYS,
    STAGE_ROLES,
    STAGES,
    UNIT_STAGES,
    Decision,
    Escalation,
    Grade,
    Notification,
    Revision,
    Status,
    Submission,
    Topic,
    WrittenFiling,
)

EDITABLE_BY_DRAFTER = (Status.DRAFT, Status.CHANGES_REQUESTED)
REFUSING_STAGES = (Status.FINAL_REVIEW, Status.COUNTY_REVIEW)


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


def stage_roles(submission: Submission, stage: str) -> tuple[tuple[str, ...], bool]:
    """The roles that act at `stage` on this item, and whether they must be held in its unit.

    终审 is open to the 分管领导 and the main leader, except when the item also needs the main leader's
    签批 and the unit has a 分管领导: then 终审 is the 分管领导's, so two people sign.
    """
    roles, own_unit = STAGE_ROLES[stage]
    if stage == Status.FINAL_REVIEW and submission.needs_main_leader and _has_deputy(submission):
        roles = (RoleName.FINAL_REVIEWER,)
    return roles, own_unit


def _has_deputy(submission: Submission) -> bool:
    return (
        User.objects.filter(is_active=True, roles__unit_id=submission.unit_id, roles__role=RoleName.FINAL_REVIEWER)
        .exclude(pk=submission.drafter_id)
        .exists()
    )


def holds_stage_role(user: User, submission: Submission, stage: str) -> bool:
    roles, own_unit = stage_roles(submission, stage)
    return any(user.has_role(r, submission.unit_id if own_unit else None) for r in roles)


def _passed_other_stage(submission: Submission, user: User, stage: str) -> bool:
    return (
        submission.decisions.filter(run=submission.run, action=Decision.Action.PASS, actor=user)
        .exclude(stage=stage)
        .exists()
    )


def self_approval(submission: Submission, user: User, stage: str) -> tuple[bool, bool]:
    """(conflicted, allowed): is this person the drafter or a signer of another stage, and if so may they still sign?

    Nobody signs two stages or their own draft while the unit has someone else for the stage; a unit
    that lacks people may, and the decision records it.
    """
    conflicted = user.pk == submission.drafter_id or _passed_other_stage(submission, user, stage)
    if not conflicted:
        return False, True
    signers = set(
        submission.decisions.filter(run=submission.run, action=Decision.Action.PASS)
        .exclude(stage=stage)
        .values_list("actor_id", flat=True)
    )
    others = eligible_users(submission, stage).exclude(pk=user.pk).exclude(pk=submission.drafter_id).exclude(pk__in=signers)
    return True, not others.exists()


def can_edit(submission: Submission, user: User) -> bool:
    """A stage holds a lock: while an item is at a stage only that stage's reviewers change it."""
    if submission.status in EDITABLE_BY_DRAFTER:
        return user.pk == submission.drafter_id
    if submission.status in STAGES:
        return holds_stage_role(user, submission, submission.status)
    return False


def can_view(submission: Submission, user: User) -> bool:
    return Submission.objects.visible_to(user).filter(pk=submission.pk).exists()


def _publishers(submission: Submission, user: User) -> bool:
    if submission.is_website:
        return user.has_role(RoleName.COUNTY_REVIEWER)
    account = submission.media_account
    if account.operators.filter(pk=user.pk).exists():
        return True
    return not account.operators.exists() and user.has_role(RoleName.SECOND_REVIEWER, submission.unit_id)


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

    if status in STAGES and holds_stage_role(user, submission, status):
        conflicted, allowed = self_approval(submission, user, status)
        if allowed:
            note = "本单位该环节无其他人员，本人兼签将被记录" if conflicted else ""
            actions.append(Action("pass", _pass_label(status), needs_points=True, style="primary", note=note))
        actions.append(Action("request_changes", "建议修改"))
        if status == Status.COUNTY_REVIEW:
            actions.append(Action("send_back", "打回原单位"))
        else:
            actions.append(Action("return", "回退", choices=_return_choices(submission)))
        if status == Status.SECOND_REVIEW:
            actions.append(Action("escalate", "报请保密/网信部门", choices=tuple(Escalation.Kind.choices)))
        if status in REFUSING_STAGES:
            actions.append(Action("refuse", "不予发布", style="danger"))

    if status == Status.ESCALATED:
        open_kinds = set(
            submission.escalations.filter(run=submission.run, answered_at__isnull=True).values_list("kind", flat=True)
        )
        if any(user.has_role(ESCALATION_ROLES[k]) for k in open_kinds):
            actions.append(Action("answer", "答复意见", choices=tuple(Escalation.Verdict.choices), style="primary"))

    if status == Status.APPROVED and _publishers(submission, user):
        actions.append(Action("publish", "发布", needs_comment=False, style="primary"))

    if status == Status.PUBLISHED and _publishers(submission, user):
        actions.append(Action("withdraw", "撤稿", style="danger"))

    return actions


def _pass_label(stage: str) -> str:
    return {
        Status.FIRST_REVIEW: "初审通过",
        Status.SECOND_REVIEW: "复审通过",
        Status.FINAL_REVIEW: "终审同意发布",
        Status.MAIN_LEADER: "签批同意",
        Status.COUNTY_LEADER: "批示同意",
        Status.COUNTY_REVIEW: "审核通过",
    }[stage]


def _return_choices(submission: Submission) -> tuple[tuple[str, str], ...]:
    path = submission.stage_path()
    earlier = path[: path.index(submission.status)] if submission.status in path else []
    return (("drafter", "退回拟稿人"),) + tuple((s, f"退回{Status(s).label}") for s in earlier)


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
    revision = Revision.objects.create(
        submission=submission, number=1, title=title, body=body, author=user, stage=Status.DRAFT, note="新建"
    )
    submission.current_revision = revision
    submission.save(update_fields=["current_revision"])
    run_checks(revision)
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
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if not can_edit(submission, user):
            raise NotAllowed("当前环节您不能修改本稿件", code="cannot_edit")
        current = submission.current_revision
        if current.number != base_revision:
            base = submission.revisions.filter(number=base_revision).first()
            raise StaleRevision(
                f"稿件已被他人修改（当前为第 {current.number} 版，您编辑的是第 {base_revision} 版），请查看差异后重新修改",
                code="stale_revision",
                base=base,
                current=current,
            )
        title = _clean_title(title)
        changed_details = []
        if details:
            if submission.status not in EDITABLE_BY_DRAFTER:
                raise NotAllowed("送审后只能修改标题和正文", code="details_locked")
            changed_details = _apply_details(submission, details)
        if title == current.title and body == current.body and not changed_details:
            return current
        revision = Revision.objects.create(
            submission=submission,
            number=current.number + 1,
            title=title,
            body=body,
            author=user,
            stage=submission.status,
            note=note[:200],
        )
        submission.title, submission.body, submission.current_revision = title, body, revision
        submission.version += 1
        submission.save(update_fields=["title", "body", "current_revision", "version", "updated", *changed_details])
        run_checks(revision)
        record("review.edit", actor=user, obj=submission, ip=ip, revision=revision.number, stage=submission.status)
    return revision


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
        # of=("self",): lock only the submission row; PostgreSQL refuses FOR UPDATE on the outer join to a null revision.
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("unit", "current_revision")
            .get(pk=submission.pk)
        )
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
        if decision is not None:
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
        )
    return locked


def _refusal(submission: Submission, user: User, action: str):
    if not can_view(submission, user):
        return NotAllowed("您无权处理本稿件", code="not_visible")
    if action == "pass" and submission.status == Status.FINAL_REVIEW and user.has_role(RoleName.MAIN_LEADER, submission.unit_id):
        if not holds_stage_role(user, submission, submission.status):
            return NotAllowed("本稿件须由分管领导终审，主要领导在下一环节签批", code="main_leader_signs_later")
    if action == "pass" and submission.status in STAGES and holds_stage_role(user, submission, submission.status):
        return NotAllowed("您是本稿件的拟稿人或已在其他环节签批，须由本单位其他人员审核", code="self_approval")
    return InvalidTransition(
        f"稿件当前为“{submission.get_status_display()}”，您不能执行此操作", code=f"not_allowed_in_{submission.status}"
    )


def _decision(submission: Submission, user: User, action: str, *, opinion: str = "", points=(), stage=None, **extra):
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
        revision=submission.current_revision,
        **extra,
    )


def _submit(submission: Submission, user: User, *, opinion: str = "") -> Decision:
    _check_findings_gate(submission, action="submit")
    decision = _decision(submission, user, Decision.Action.SUBMIT, opinion=opinion)
    if submission.status == Status.CHANGES_REQUESTED and submission.resume_stage:
        target = submission.resume_stage
    else:
        submission.run += 1
        decision.run = submission.run
        target = Status.FIRST_REVIEW
    if submission.submitted_at is None:
        submission.submitted_at = timezone.now()
    submission.resume_stage = ""
    _enter_stage(submission, target, user)
    return decision


def _pass(submission: Submission, user: User, *, opinion: str = "", points=(), finding_reasons=None) -> Decision:
    missing = [k for k in REVIEW_POINT_KEYS if k not in set(points or ())]
    if missing:
        raise InvalidInput("请逐项确认全部八项审核要点后再通过", code="points_required")
    stage = submission.status
    findings = _check_findings_gate(submission, action="pass", reasons=finding_reasons or {})
    if stage == Status.COUNTY_REVIEW:
        _check_form_complete(submission)
    conflicted, _ = self_approval(submission, user, stage)
    decision = _decision(
        submission,
        user,
        Decision.Action.PASS,
        opinion=opinion,
        points=points,
        self_approved=conflicted,
        note="本单位该环节无其他人员，本人兼签" if conflicted else "",
        findings=findings,
    )
    path = submission.stage_path()
    following = path[path.index(stage) + 1 :] if stage in path else []
    if following:
        _enter_stage(submission, following[0], user)
    else:
        _leave_stages(submission, Status.APPROVED)
        _notify_publishers(submission)
    if stage in UNIT_STAGES and (not following or following[0] not in UNIT_STAGES):
        # The item leaves its unit: archive the form as it stands (rendered in the background).
        transaction.on_commit(lambda pk=submission.pk, run=submission.run: _archive_form(pk, run))
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
    if stage == Status.COUNTY_LEADER and not submission.filings.filter(run=submission.run).exists():
        # 特级信息需采取书面报送，即时备案 (第六条3): filed the moment it first goes up in this run.
        WrittenFiling.objects.create(submission=submission, run=submission.run, filed_by=actor)
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


def _notify_publishers(submission: Submission) -> None:
    if submission.is_website:
        users = User.objects.filter(is_active=True, roles__role=RoleName.COUNTY_REVIEWER).distinct()
    else:
        users = submission.media_account.operators.all() or eligible_users(submission, Status.SECOND_REVIEW)
    _notify(users, submission, Notification.Kind.TO_REVIEW, f"《{submission.title}》已审核通过，待发布", exclude=None)


def _check_findings_gate(submission: Submission, *, action: str, reasons: dict | None = None) -> list[dict]:
    """Block findings stop submission and passing; serious ones need a recorded reason to pass."""
    from .checking import gate_findings

    blocking, serious_open = gate_findings(submission.current_revision)
    if blocking:
        raise BlockedByFindings(
            f"机审发现 {len(blocking)} 处禁止发布的问题（如涉密标识），须先处理", code="blocked", findings=blocking
        )
    reasons = reasons or {}
    if action == "pass":
        unexplained = [f for f in serious_open if not str(reasons.get(str(f.pk), "")).strip()]
        if unexplained:
            raise BlockedByFindings(
                f"机审发现 {len(unexplained)} 处严重问题未处理，请修改或逐条填写通过理由", code="serious_unexplained", findings=unexplained
            )
        from .checking import record_pass_reasons

        return record_pass_reasons(submission.current_revision, serious_open, reasons)
    return []


def _check_form_complete(submission: Submission) -> None:
    from .signoff import form_missing_parts

    missing = form_missing_parts(submission)
    if missing:
        raise InvalidTransition(
            f"审签表不完整（缺少：{'、'.join(missing)}），请打回原单位", code="form_incomplete"
        )


def _archive_form(submission_pk: int, run: int) -> None:
    from .tasks import archive_signoff_form

    archive_signoff_form(submission_pk, run)

