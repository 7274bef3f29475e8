"""Who may do what in 责任追究. Every view, command and bulk action asks here; nothing else decides.

- A unit's people see only their own unit's entries (others are 404) and answer for them: they rectify.
- The county office (县政府办, RoleName.COUNTY_OFFICE) sees every entry, confirms, dismisses, verifies, extends
  deadlines, refers leaks, and alone writes bulletins, scoring rules and interview records.
- County reviewers (县信息中心) register what they find in county review and see the entries they registered.
- The secrecy bureau (县保密局) sees and answers the referrals made to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from sanshen.accounts.models import RoleName

from .models import ErrorEntry, SecrecyReferral, Source, State

# The people of a unit who answer for its entries and hear of them (第四条: 主要领导第一责任人, 分管领导主要责任人,
# 科室负责人和信息稿件编辑人员直接责任人).
RESPONSIBLE_ROLES = (RoleName.FIRST_REVIEWER, RoleName.SECOND_REVIEWER, RoleName.FINAL_REVIEWER, RoleName.MAIN_LEADER)
UNIT_ROLES = RESPONSIBLE_ROLES + (RoleName.DRAFTER,)


@dataclass(frozen=True)
class Action:
    """One thing a person may do to an entry now: drawn as a button, checked again on the server."""

    name: str
    label: str
    needs_comment: bool = True
    style: str = "secondary"
    comment_label: str = "意见"
    fields: tuple[str, ...] = field(default=())


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_office(user) -> bool:
    return _active(user) and user.has_role(RoleName.COUNTY_OFFICE)


def is_county_reviewer(user) -> bool:
    return _active(user) and user.has_role(RoleName.COUNTY_REVIEWER)


def is_secrecy_officer(user) -> bool:
    return _active(user) and user.has_role(RoleName.SECRECY_OFFICER)


def answers_for_unit(user, unit_id: int) -> bool:
    """A person of the unit holding a role there: they see and rectify the unit's entries."""
    return _active(user) and any(u == unit_id and r in UNIT_ROLES for u, r in user.role_pairs())


def visible_entries(user):
    """The entries this person may see; everything else is 404 for them."""
    if not _active(user):
        return ErrorEntry.objects.none()
    if is_office(user):
        return ErrorEntry.objects.all()
    q = Q(pk__in=[])
    units = {u for u, r in user.role_pairs() if r in UNIT_ROLES}
    if units:
        q |= Q(unit_id__in=units)
    if is_county_reviewer(user):
        q |= Q(source=Source.COUNTY_REVIEW, found_by=user)
    return ErrorEntry.objects.filter(q)


def can_open_register(user) -> bool:
    """The register pages at all: the office, county reviewers and the people of publishing units."""
    if not _active(user):
        return False
    return is_office(user) or is_county_reviewer(user) or any(r in UNIT_ROLES for _, r in user.role_pairs())


def reached_county(submission) -> bool:
    """Items the county may register errors of: those at or past county review, or sent back by it."""
    from sanshen.review.models import Status

    past = (Status.COUNTY_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN)
    return submission.status in past or submission.decisions.filter(stage=Status.COUNTY_REVIEW).exists()


def can_register_from_review(user) -> bool:
    """County review → register in one click: county reviewers and the county office."""
    return is_county_reviewer(user) or is_office(user)


def can_manage(user) -> bool:
    """Manual entries, imports, bulletins, scores, scoring rules, interviews: the county office."""
    return is_office(user)


def visible_referrals(user):
    if is_office(user):
        return SecrecyReferral.objects.all()
    if is_secrecy_officer(user):
        return SecrecyReferral.objects.all()
    return SecrecyReferral.objects.none()


def can_answer_referral(user, referral: SecrecyReferral) -> bool:
    return referral.state != SecrecyReferral.State.CLOSED and (is_secrecy_officer(user) or is_office(user))


def available_actions(entry: ErrorEntry, user) -> list[Action]:
    """What this person may do to this entry now. Buttons are drawn from it and perform() refuses anything else."""
    if not _active(user):
        return []
    office = is_office(user)
    unit_person = answers_for_unit(user, entry.unit_id)
    state = entry.state
    actions: list[Action] = []
    if office and state == State.PENDING:
        actions.append(
            Action("confirm", "确认登记", needs_comment=False, style="primary", fields=("severity", "category", "deadline"))
        )
    if unit_person and state == State.CONFIRMED:
        actions.append(Action("start", "开始整改", needs_comment=False, style="primary"))
    if unit_person and state in (State.CONFIRMED, State.RECTIFYING):
        actions.append(
            Action("rectify", "提交整改", style="primary", comment_label="整改说明", fields=("proof_revision", "proof_url"))
        )
    if office and state == State.RECTIFIED:
        actions.append(Action("verify", "核验通过", needs_comment=False, style="primary"))
        actions.append(Action("reopen", "退回重新整改", comment_label="退回理由"))
    if office and state in (State.CONFIRMED, State.RECTIFYING):
        actions.append(Action("extend", "延长整改时限", comment_label="延期理由", fields=("deadline",)))
    if office and state in (State.PENDING, State.CONFIRMED):
        actions.append(Action("dismiss", "认定不成立", style="danger", comment_label="不成立理由"))
    if office and state != State.DISMISSED and not entry.referrals.exclude(state=SecrecyReferral.State.CLOSED).exists():
        actions.append(Action("refer", "移送县保密局", comment_label="移送事由"))
    return actions
