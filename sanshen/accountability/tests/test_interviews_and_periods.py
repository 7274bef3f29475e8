"""约谈 proposals (a serious error, a leak, or a unit's third error of the quarter) and the period codes."""

import pytest
import time_machine

from sanshen.accountability import interviews
from sanshen.accountability.exceptions import InvalidInput
from sanshen.accountability.models import Severity, Source
from sanshen.accountability.periods import parse_period

from .helpers import act, beijing, entry_at


@pytest.mark.parametrize(
    "errors, reasons",
    [
        ([("typo", "serious")], ["出现严重表述错误1处"]),
        ([("leak", "general")], ["涉嫌泄密1处"]),
        ([("typo", "general")] * 3, ["2026年第三季度累计差错3处（达到3处）"]),
        ([("typo", "general")] * 2, None),
        ([("typo", "serious"), ("leak", "general"), ("typo", "general")],
         ["出现严重表述错误1处", "涉嫌泄密1处", "2026年第三季度累计差错3处（达到3处）"]),
    ],
)
def test_it_proposes_an_interview(oversight, errors, reasons):
    with time_machine.travel(beijing(2026, 8, 3, 10, 0), tick=False):
        for i, (category, severity) in enumerate(errors):
            entry_at(oversight, text=f"差错{i}", category=category, severity=severity)
    proposals = {p.unit.name: p.reasons for p in interviews.proposals(parse_period("2026Q3"))}
    assert proposals.get("三江镇") == reasons
    assert interviews.proposals(parse_period("2026Q2")) == []


def test_pending_and_dismissed_errors_propose_nothing_and_an_interview_ends_the_proposal(oversight):
    with time_machine.travel(beijing(2026, 8, 3, 10, 0), tick=False):
        entry_at(oversight, text="待确认", severity=Severity.SERIOUS, source=Source.MONITORING)
        dismissed = entry_at(oversight, text="不成立", severity=Severity.SERIOUS, source=Source.MONITORING)
        act(dismissed, oversight.office, "dismiss", comment="误报")
        assert interviews.proposals(parse_period("2026Q3")) == []
        serious = entry_at(oversight, text="严重", severity=Severity.SERIOUS)
        assert [p.unit for p in interviews.proposals(parse_period("2026Q3"))] == [oversight.unit_a]
        interviews.record_interview(
            oversight.office, unit=oversight.unit_a, period="2026Q3", reason="严重表述错误", held_at=beijing(2026, 8, 5, 9, 0),
            interviewers="杨志强", interviewees="李国庆", minutes="已约谈。", entries=[serious],
        )
    assert interviews.proposals(parse_period("2026Q3")) == []
    with pytest.raises(InvalidInput) as exc:
        interviews.record_interview(oversight.office, unit=oversight.unit_b, reason="", held_at=beijing(2026, 8, 5, 9, 0),
                                    interviewers="x", interviewees="y", minutes="z")
    assert exc.value.code == "fields_required"


@pytest.mark.parametrize(
    "code, label, first, last, previous",
    [
        ("2026Q3", "2026年第三季度", "2026-07-01", "2026-09-30", "2026Q2"),
        ("2026Q1", "2026年第一季度", "2026-01-01", "2026-03-31", "2025Q4"),
        ("2026M09", "2026年9月", "2026-09-01", "2026-09-30", "2026M08"),
        ("2026M01", "2026年1月", "2026-01-01", "2026-01-31", "2025M12"),
        ("2024M02", "2024年2月", "2024-02-01", "2024-02-29", "2024M01"),
        ("2026", "2026年度", "2026-01-01", "2026-12-31", "2025"),
        ("2026q4", "2026年第四季度", "2026-10-01", "2026-12-31", "2026Q3"),
    ],
)
def test_it_reads_a_period(code, label, first, last, previous):
    period = parse_period(code)
    assert (period.label, str(period.first_day), str(period.last_day), period.previous().code) == (label, first, last, previous)


@pytest.mark.parametrize("code", ["2026Q0", "2026Q5", "2026M00", "2026M9", "2026M13", "1999", "Q3", "2026-Q3", ""])
def test_it_refuses_a_bad_period(code):
    with pytest.raises(InvalidInput) as exc:
        parse_period(code)
    assert exc.value.message == f"期间“{code}”无法识别：季度写作 2026Q3，月份写作 2026M09，年度写作 2026"
