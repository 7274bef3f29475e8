"""三权分立 in the domain functions (accounts/roles.py): who may ask for, grant, approve, reject and revoke which role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sanshen.accounts import roles
from sanshen.accounts.models import Role, RoleName, RoleRequest
from sanshen.audit.models import AuditEntry
from sanshen.test import make_person, make_role


@pytest.fixture
def blank(county):
    """A new account with no role yet, whose owner has already replaced the initial password."""
    return make_person("c.new", "龙玉兰", county.county_reviewer.unit)


# (actor, role, person) → the refusal code; None: allowed.
GRANTS = [
    # the system administrator asks for content roles, for others only
    ("sysadmin", RoleName.COUNTY_REVIEWER, "outsider", None),
    ("sysadmin", RoleName.FIRST_REVIEWER, "drafter", None),
    ("sysadmin", RoleName.COUNTY_REVIEWER, "sysadmin", "own_role"),
    ("sysadmin", RoleName.DRAFTER, "drafter", "already_held"),
    # administrator roles: the security administrator's alone
    ("sysadmin", RoleName.AUDITOR, "blank", "administrator_role_by_security_admin"),
    ("sysadmin", RoleName.SECURITY_ADMIN, "blank", "administrator_role_by_security_admin"),
    ("sysadmin", RoleName.ADMIN, "blank", "administrator_role_by_security_admin"),
    ("security", RoleName.AUDITOR, "blank", None),
    ("security", RoleName.ADMIN, "blank", None),
    ("security", RoleName.SECURITY_ADMIN, "security", "own_role"),
    # the security administrator approves content roles but does not ask for them
    ("security", RoleName.DRAFTER, "blank", "content_role_by_system_admin"),
    # nobody else grants anything
    ("auditor", RoleName.DRAFTER, "blank", "content_role_by_system_admin"),
    ("county_reviewer", RoleName.COUNTY_REVIEWER, "outsider", "content_role_by_system_admin"),
    ("first", RoleName.AUDITOR, "blank", "administrator_role_by_security_admin"),
    # three different people, none of whom holds a content role
    ("security", RoleName.ADMIN, "auditor", "separation_of_duties"),
    ("security", RoleName.AUDITOR, "sysadmin", "separation_of_duties"),
    ("security", RoleName.AUDITOR, "outsider", "administrator_content_role"),
    ("sysadmin", RoleName.COUNTY_REVIEWER, "auditor", "administrator_content_role"),
    ("sysadmin", RoleName.COUNTY_REVIEWER, "security", "administrator_content_role"),
]


def _who(county, blank, name):
    return blank if name == "blank" else getattr(county, name)


@pytest.mark.parametrize("actor, role, person, refused", GRANTS)
def test_it_decides_who_may_grant_which_role(county, blank, actor, role, person, refused):
    actor, person = _who(county, blank, actor), _who(county, blank, person)
    roles_before = set(Role.objects.values_list("pk", flat=True))
    if refused:
        with pytest.raises(roles.RoleError) as exc:
            roles.grant_role(actor, person, person.unit or county.unit_a, role, reason="工作需要")
        assert exc.value.code == refused
        assert not RoleRequest.objects.exists()
        assert set(Role.objects.values_list("pk", flat=True)) == roles_before
        assert not AuditEntry.objects.filter(action__startswith="accounts.role_").exists()
    else:
        request = roles.grant_role(actor, person, person.unit, role, reason="工作需要")
        assert request.requested_by == actor


def test_a_content_role_waits_for_the_security_administrator(county):
    request = roles.grant_role(county.sysadmin, county.outsider, county.county_reviewer.unit, RoleName.COUNTY_REVIEWER)
    assert request.status == RoleRequest.Status.PENDING
    person = type(county.outsider).objects.get(pk=county.outsider.pk)
    assert not person.has_role(RoleName.COUNTY_REVIEWER)
    assert not Role.objects.filter(user=person, role=RoleName.COUNTY_REVIEWER).exists()
    entry = AuditEntry.objects.get(action="accounts.role_requested")
    assert (entry.actor_id, entry.object_id) == (county.sysadmin.pk, str(request.pk))
    assert entry.detail["role"] == "county_reviewer"


def test_it_approves_a_request_and_the_role_counts_from_then_on(county):
    request = roles.grant_role(county.sysadmin, county.outsider, county.unit_b, RoleName.FIRST_REVIEWER, reason="接任")
    role = roles.approve_role(county.security, request, comment="同意")
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_comment) == ("approved", county.security, "同意")
    assert (role.requested_by, role.approved_by, role.approved_at) == (county.sysadmin, county.security, request.decided_at)
    person = type(county.outsider).objects.get(pk=county.outsider.pk)
    assert person.has_role(RoleName.FIRST_REVIEWER, county.unit_b)
    entry = AuditEntry.objects.get(action="accounts.role_approved")
    assert entry.actor_id == county.security.pk
    assert entry.detail == {
        "request": request.pk,
        "person": "b.drafter",
        "unit": "茅坪镇",
        "role": "first_reviewer",
        "requested_by": "c.sysadmin",
        "comment": "同意",
    }


@pytest.mark.parametrize(
    "decider, code",
    [("sysadmin", "not_security_admin"), ("auditor", "not_security_admin"), ("county_reviewer", "not_security_admin")],
)
def test_only_the_security_administrator_approves(county, decider, code):
    request = roles.grant_role(county.sysadmin, county.outsider, county.unit_b, RoleName.FIRST_REVIEWER)
    with pytest.raises(roles.NotAllowed) as exc:
        roles.approve_role(getattr(county, decider), request)
    assert exc.value.code == code
    request.refresh_from_db()
    assert request.status == RoleRequest.Status.PENDING
    assert not Role.objects.filter(user=county.outsider, role=RoleName.FIRST_REVIEWER).exists()


def test_it_refuses_to_decide_a_request_twice(county):
    request = roles.grant_role(county.sysadmin, county.outsider, county.unit_b, RoleName.FIRST_REVIEWER)
    roles.reject_role(county.security, request, reason="该同志已调离")
    with pytest.raises(roles.InvalidRequest) as exc:
        roles.approve_role(county.security, request)
    assert exc.value.code == "already_decided"
    assert not Role.objects.filter(user=county.outsider, role=RoleName.FIRST_REVIEWER).exists()


def test_it_waits_until_the_person_has_replaced_a_password_the_admin_set(county):
    county.outsider.must_change_password = True
    county.outsider.save(update_fields=["must_change_password"])
    request = roles.grant_role(county.sysadmin, county.outsider, county.unit_b, RoleName.FIRST_REVIEWER)
    with pytest.raises(roles.InvalidRequest) as exc:
        roles.approve_role(county.security, request)
    assert exc.value.code == "initial_password_unchanged"
    request.refresh_from_db()
    assert request.status == RoleRequest.Status.PENDING


def test_a_rejection_needs_a_reason_and_grants_nothing(county):
    request = roles.grant_role(county.sysadmin, county.outsider, county.county_reviewer.unit, RoleName.COUNTY_REVIEWER)
    with pytest.raises(roles.InvalidRequest) as exc:
        roles.reject_role(county.security, request, reason="  ")
    assert exc.value.code == "reason_required"
    roles.reject_role(county.security, request, reason="乡镇人员不能担任县级审核")
    request.refresh_from_db()
    assert (request.status, request.decision_comment) == ("rejected", "乡镇人员不能担任县级审核")
    assert not Role.objects.filter(user=county.outsider, role=RoleName.COUNTY_REVIEWER).exists()
    entry = AuditEntry.objects.get(action="accounts.role_rejected")
    assert (entry.actor_id, entry.detail["reason"]) == (county.security.pk, "乡镇人员不能担任县级审核")


def test_the_security_administrator_grants_an_administrator_role_at_once(county, blank):
    request = roles.grant_role(county.security, blank, blank.unit, RoleName.ADMIN, reason="第二名系统管理员")
    assert (request.status, request.decided_by) == ("approved", county.security)
    blank.refresh_from_db()
    assert blank.is_staff  # may open /manage/ now
    assert Role.objects.get(user=blank).approved_by == county.security
    assert AuditEntry.objects.get(action="accounts.role_approved").detail["is_staff"] == {"before": False, "after": True}


def test_it_revokes_a_content_role_for_the_system_administrator(county):
    role = Role.objects.get(user=county.first)
    roles.revoke_role(county.sysadmin, role)
    assert not Role.objects.filter(user=county.first).exists()
    entry = AuditEntry.objects.get(action="accounts.role_revoked")
    assert entry.detail["role"] == "first_reviewer" and entry.detail["person"] == "a.first"


@pytest.mark.parametrize(
    "actor, holder, code",
    [
        ("sysadmin", "auditor", "administrator_role_by_security_admin"),
        ("sysadmin", "security", "administrator_role_by_security_admin"),
        ("security", "security", "own_role"),
        ("first", "drafter", "not_administrator"),
    ],
)
def test_it_refuses_revocations_outside_ones_remit(county, actor, holder, code):
    role = Role.objects.get(user=getattr(county, holder))
    with pytest.raises(roles.NotAllowed) as exc:
        roles.revoke_role(getattr(county, actor), role)
    assert exc.value.code == code
    assert Role.objects.filter(pk=role.pk).exists()


def test_revoking_the_system_administrator_closes_manage_to_him(county):
    roles.revoke_role(county.security, Role.objects.get(user=county.sysadmin))
    county.sysadmin.refresh_from_db()
    assert not county.sysadmin.is_staff


# --- fail closed -------------------------------------------------------------------------------------------


def test_a_role_nobody_approved_cannot_be_written(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=county.outsider, unit=county.unit_b, role=RoleName.FIRST_REVIEWER)
    assert not Role.objects.filter(user=county.outsider, role=RoleName.FIRST_REVIEWER).exists()


def test_a_pending_request_grants_nothing_anywhere(county, client):
    roles.grant_role(county.sysadmin, county.outsider, county.county_reviewer.unit, RoleName.COUNTY_REVIEWER)
    person = type(county.outsider).objects.get(pk=county.outsider.pk)
    assert person.role_pairs() == {(county.unit_b.pk, RoleName.DRAFTER)}
    assert not type(person).objects.filter(pk=person.pk, roles__role=RoleName.COUNTY_REVIEWER).exists()
    client.force_login(person)
    assert client.get("/work/queues/").status_code == 404


# --- 三权分立 in the model itself ------------------------------------------------------------------------------

PAIRS = [
    (RoleName.ADMIN, RoleName.AUDITOR, "separation_of_duties"),
    (RoleName.ADMIN, RoleName.SECURITY_ADMIN, "separation_of_duties"),
    (RoleName.SECURITY_ADMIN, RoleName.AUDITOR, "separation_of_duties"),
    (RoleName.AUDITOR, RoleName.ADMIN, "separation_of_duties"),
    (RoleName.ADMIN, RoleName.COUNTY_REVIEWER, "administrator_content_role"),
    (RoleName.SECURITY_ADMIN, RoleName.DRAFTER, "administrator_content_role"),
    (RoleName.DRAFTER, RoleName.AUDITOR, "administrator_content_role"),
    # content roles combine freely, and one administrator role may be held in two units
    (RoleName.DRAFTER, RoleName.FIRST_REVIEWER, None),
    (RoleName.ADMIN, RoleName.ADMIN, None),
]


@pytest.mark.parametrize("held, added, code", PAIRS)
def test_one_person_holds_at_most_one_of_the_three_administrator_roles(county, blank, held, added, code):
    make_role(blank, county.unit_a, held)
    if code is None:
        make_role(blank, county.unit_b, added)
        assert Role.objects.filter(user=blank).count() == 2
    else:
        with pytest.raises(ValidationError) as exc:
            make_role(blank, county.unit_b, added)
        assert exc.value.code == code
        assert Role.objects.filter(user=blank).count() == 1
