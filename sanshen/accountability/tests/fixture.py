"""A hand-computed 2026Q3 for the bulletin tests: two items through review at known times and six errors.

三江镇 (unit A), by hand:
- item 1: 送审 07-06 09:00, 初审 11:00 (2 h), 复审 14:00 (3 h), 终审 15:00 (1 h), 县级审核 19:00 (4 h), 发布 20:00
- item 2: 送审 08-03 09:00, 初审 10:00 (1 h), 复审 11:00 (1 h), 终审 13:00 (2 h), 县级审核打回 14:00 (1 h)
  ⇒ published 1, sent back 1; waits 初审 1.5, 复审 2, 终审 1.5, 县信息中心审核 2.5 hours
- errors found in Q3: 严重 07-08 rectified on time; 一般 07-20 rectified late; 一般 09-01 not rectified, overdue by 10-10
  ⇒ serious 1, general 2, on time 1, late 1, open 1 (overdue 1); Q2 had one error ⇒ change +2
茅坪镇 (unit B): one 一般 error 09-29 not yet due on 10-10, one pending and one dismissed (neither counts) ⇒ errors 1, +1
"""

from __future__ import annotations

import time_machine

from sanshen.accountability.models import Severity, Source
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS
from sanshen.test import draft

from .helpers import act, beijing, entry_at

AS_OF = beijing(2026, 10, 10, 9, 0)


def _pass(s, person, when):
    with time_machine.travel(when, tick=False):
        s.refresh_from_db()
        workflow.perform(s, person, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)


def build(county):
    one = draft(county, title="三江镇召开森林防火工作会议")
    with time_machine.travel(beijing(2026, 7, 6, 9, 0), tick=False):
        workflow.perform(one, county.drafter, "submit")
    for person, hour in ((county.first, 11), (county.second, 14), (county.final, 15), (county.county_reviewer, 19)):
        _pass(one, person, beijing(2026, 7, 6, hour, 0))
    with time_machine.travel(beijing(2026, 7, 6, 20, 0), tick=False):
        one.refresh_from_db()
        workflow.perform(one, county.county_reviewer, "publish")

    two = draft(county, title="三江镇关于冬季用电的通知")
    with time_machine.travel(beijing(2026, 8, 3, 9, 0), tick=False):
        workflow.perform(two, county.drafter, "submit")
    for person, hour in ((county.first, 10), (county.second, 11), (county.final, 13)):
        _pass(two, person, beijing(2026, 8, 3, hour, 0))
    with time_machine.travel(beijing(2026, 8, 3, 14, 0), tick=False):
        two.refresh_from_db()
        workflow.perform(two, county.county_reviewer, "send_back", opinion="审签表缺主要领导签批。")

    url = "https://www.example.gov.cn/art/{}.html"
    with time_machine.travel(beijing(2026, 5, 10, 9, 0), tick=False):
        entry_at(county, text="上季度差错", url=url.format(0))
    with time_machine.travel(beijing(2026, 7, 8, 9, 0), tick=False) as clock:
        serious = entry_at(county, text="二十大三中全会", category="fixed_phrase", severity=Severity.SERIOUS,
                           suggestion="二十届三中全会", url=url.format(1))
        clock.move_to(beijing(2026, 7, 9, 9, 0))
        act(serious, county.second, "rectify", comment="已改", proof_url=url.format(11))
    with time_machine.travel(beijing(2026, 7, 20, 9, 0), tick=False) as clock:
        late = entry_at(county, text="贯切落实", url=url.format(2))
        clock.move_to(beijing(2026, 8, 3, 9, 0))
        act(late, county.second, "rectify", comment="已改", proof_url=url.format(12))
    with time_machine.travel(beijing(2026, 9, 1, 9, 0), tick=False):
        entry_at(county, text="热列欢迎", url=url.format(3))
    with time_machine.travel(beijing(2026, 9, 29, 9, 0), tick=False):
        entry_at(county, unit=county.unit_b, text="防讯", url=url.format(4), category="typo")
        entry_at(county, unit=county.unit_b, text="待确认的", url=url.format(5), source=Source.MONITORING)
        dismissed = entry_at(county, unit=county.unit_b, text="不成立的", url=url.format(6), source=Source.PUBLIC_REPORT)
        act(dismissed, county.office, "dismiss", comment="误报")
    return one, two
