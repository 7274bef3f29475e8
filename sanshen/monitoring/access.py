"""Who sees monitoring: the county office and the county reviewers all of it, a unit its own sites' findings."""

from __future__ import annotations

from sanshen.accounts.models import RoleName

COUNTY_ROLES = frozenset({RoleName.COUNTY_OFFICE, RoleName.COUNTY_REVIEWER})


def sees_all(user) -> bool:
    return user.is_authenticated and bool(user.role_names() & COUNTY_ROLES)


def may_manage(user) -> bool:
    """Start runs and set thresholds: the county office (县政府办), which answers for the indicators."""
    return user.is_authenticated and RoleName.COUNTY_OFFICE in user.role_names()


def may_view(user) -> bool:
    return sees_all(user) or (user.is_authenticated and user.unit_id is not None and user.unit.is_publishing_unit)
