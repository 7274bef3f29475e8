"""环节表: the review stages as one table. Adding a stage is adding a row.

Each row says who acts (roles, and whether they must be held in the item's own unit), when an item must go
through it, what its pass is called, which row of the 审签表 it signs, and what else may be done there. The
stage lists, the role maps, the button labels and the form rows are all derived from it; workflow.py decides
from it who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sanshen.accounts.models import RoleName

from .models import Status, Submission


@dataclass(frozen=True)
class Stage:
    status: str
    roles: tuple[str, ...]
    own_unit: bool  # the role must be held in the item's unit (else: a county role)
    required: Callable[[Submission], bool]
    pass_label: str
    form_row: str  # the SignOffForm field its pass signs ("" for none)
    form_label: str  # that row's heading on the form
    ticks_points: bool = False  # the eight review points are ticked here (初审、复审、终审); leaders sign with an opinion
    may_edit: bool = True  # the stage's reviewers may change the text (校)
    may_escalate: bool = False
    may_refuse: bool = False
    sends_back: bool = False  # 打回原单位 instead of 回退 to an earlier stage


def _always(submission: Submission) -> bool:
    return True


STAGE_TABLE: tuple[Stage, ...] = (
    Stage(Status.FIRST_REVIEW, (RoleName.FIRST_REVIEWER,), True, _always, "初审通过", "office_head", "办公室主任", ticks_points=True),
    Stage(
        Status.SECOND_REVIEW, (RoleName.SECOND_REVIEWER,), True, _always, "复审通过", "site_admin", "网站管理员",
        ticks_points=True, may_escalate=True,
    ),
    Stage(
        Status.FINAL_REVIEW, (RoleName.FINAL_REVIEWER, RoleName.MAIN_LEADER), True, _always, "终审同意发布",
        "deputy_leader", "分管领导", ticks_points=True, may_refuse=True,
    ),
    Stage(
        Status.MAIN_LEADER, (RoleName.MAIN_LEADER,), True, lambda s: s.needs_main_leader, "签批同意",
        "main_leader", "单位主要领导",
    ),
    Stage(
        Status.COUNTY_LEADER, (RoleName.COUNTY_LEADER,), False, lambda s: s.needs_county_leader, "批示同意",
        "county_leader", "分管县领导", may_edit=False,
    ),
    Stage(
        Status.COUNTY_REVIEW, (RoleName.COUNTY_REVIEWER,), False, lambda s: s.is_website, "审核通过", "", "县信息中心",
        may_refuse=True, sends_back=True,
    ),
)  # fmt: skip

STAGE: dict[str, Stage] = {s.status: s for s in STAGE_TABLE}
STAGES: tuple[str, ...] = tuple(STAGE)
UNIT_STAGES: tuple[str, ...] = tuple(s.status for s in STAGE_TABLE if s.own_unit)
ORDER: dict[str, int] = {s.status: i for i, s in enumerate(STAGE_TABLE)}


def required_stages(submission: Submission) -> list[str]:
    """The stages this item must pass, from its grade, topics, unit and target as they are now."""
    return [s.status for s in STAGE_TABLE if s.required(submission)]


def stages_after(submission: Submission, stage: str) -> list[str]:
    """The required stages that come after `stage` in the table (whether or not `stage` is itself required)."""
    return [s for s in required_stages(submission) if ORDER[s] > ORDER.get(stage, -1)]
