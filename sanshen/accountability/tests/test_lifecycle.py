"""待确认 → 已确认/不成立 → 整改中 → 已整改 → 已核验, each step by the person it belongs to, each audited."""

import pytest
import time_machine

from sanshen.accountability.exceptions import InvalidInput, InvalidTransition, NotAllowed
from sanshen.accountability.models import Reminder, SecrecyReferral, Severity, Source, State
from sanshen.accountability.register import send_overdue_reminders
from sanshen.accountability.rules import available_actions
from sanshen.review import workflow
from sanshen.test import draft

from .helpers import act, audit_actions, beijing, entry_at


def test_it_takes_a_monitoring_entry_through_every_step(oversight):
    with time_machine.travel(beijing(2026, 11, 2, 10, 0), tick=False) as clock:
        entry = entry_at(oversight, source=Source.MONITORING)
        entry = act(entry, oversight.office, "confirm", severity=Severity.SERIOUS, category="fixed_phrase")
        assert (entry.state, entry.severity, entry.category, entry.standard) == (State.CONFIRMED, "serious", "fixed_phrase", 8)
        assert entry.deadline == beijing(2026, 11, 4, 10, 0)
        clock.shift(3600)
        entry = act(entry, oversight.second, "start")
        clock.shift(3600)
        entry = act(entry, oversight.second, "rectify", comment="已改为“贯彻落实”。", proof_url="https://www.example.gov.cn/art/1.html?v=2")
        assert (entry.state, entry.rectified_by, entry.rectified_late) == (State.RECTIFIED, oversight.second, False)
        entry = act(entry, oversight.office, "verify")
    assert (entry.state, entry.verified_by, entry.is_open) == (State.VERIFIED, oversight.office, False)
    assert list(entry.steps.values_list("action", "from_state", "to_state")) == [
        ("register", "", "pending"),
        ("confirm", "pending", "confirmed"),
        ("start", "confirmed", "rectifying"),
        ("rectify", "rectifying", "rectified"),
        ("verify", "rectified", "verified"),
    ]
    assert audit_actions(entry) == [
        ("accountability.register", None, None, None),
        ("accountability.confirm", "pending", "confirmed", "c.office"),
        ("accountability.start", "confirmed", "rectifying", "a.second"),
        ("accountability.rectify", "rectifying", "rectified", "a.second"),
        ("accountability.verify", "rectified", "verified", "c.office"),
    ]


def test_it_takes_the_corrected_revision_as_proof(oversight):
    s = draft(oversight, body="<p>全面贯切落实会议精神。</p>")
    entry = entry_at(oversight, source=Source.COUNTY_REVIEW, url="", submission=s, revision=s.current_revision)
    with pytest.raises(InvalidInput) as exc:
        act(entry, oversight.drafter, "rectify", comment="已改")
    assert exc.value.code == "no_corrected_revision"
    workflow.save_revision(s, oversight.drafter, title=s.title, body="<p>全面贯彻落实会议精神。</p>", base_revision=1)
    entry = act(entry, oversight.drafter, "rectify", comment="已改")
    assert (entry.state, entry.proof_revision.number) == (State.RECTIFIED, 2)
    with pytest.raises(InvalidInput):
        act(entry, oversight.office, "reopen", comment="")
    entry = act(entry, oversight.office, "reopen", comment="标题中仍有错字")
    assert (entry.state, entry.proof_revision, entry.rectified_at) == (State.RECTIFYING, None, None)
    with pytest.raises(InvalidInput) as exc:
        act(entry, oversight.drafter, "rectify", comment="再改", proof_revision=1)
    assert exc.value.message == "请选择第 1 版之后的修改版本作为整改依据"


def test_it_marks_a_late_rectification(oversight):
    with time_machine.travel(beijing(2026, 11, 2, 10, 0), tick=False) as clock:
        entry = entry_at(oversight)
        clock.move_to(beijing(2026, 11, 10, 9, 0))
        entry = act(entry, oversight.second, "rectify", comment="已改", proof_url="https://www.example.gov.cn/x")
    assert entry.rectified_late is True


def test_it_dismisses_extends_and_refers(oversight):
    pending = entry_at(oversight, source=Source.PUBLIC_REPORT, text="防讯")
    pending = act(pending, oversight.office, "dismiss", comment="原文为“防汛”，报告有误。")
    assert (pending.state, pending.dismissed_reason, available_actions(pending, oversight.office)) == (State.DISMISSED, "原文为“防汛”，报告有误。", [])
    with time_machine.travel(beijing(2026, 11, 2, 10, 0), tick=False):
        entry = entry_at(oversight, category="leak", text="内部资料 注意保存", severity=Severity.SERIOUS)
        with pytest.raises(InvalidInput) as exc:
            act(entry, oversight.office, "extend", comment="需协调", deadline="2026-11-03")
        assert exc.value.code == "deadline_not_later"
        entry = act(entry, oversight.office, "extend", comment="需协调", deadline="2026-11-20")
    assert entry.deadline == beijing(2026, 11, 20, 18, 0)
    entry = act(entry, oversight.office, "refer", comment="涉嫌泄露内部资料，移送县保密局。")
    referral = SecrecyReferral.objects.get()
    assert (referral.entry, referral.unit, referral.state) == (entry, oversight.unit_a, "referred")
    assert "refer" not in [a.name for a in available_actions(entry, oversight.office)]
    assert audit_actions(entry)[-1] == ("accountability.refer", "confirmed", "confirmed", "c.office")


# state → {persona: action names}; every other persona gets nothing.
EXPECTED = {
    State.PENDING: {"office": ["confirm", "dismiss", "refer"]},
    State.CONFIRMED: {"office": ["extend", "dismiss", "refer"], "second": ["start", "rectify"], "drafter": ["start", "rectify"],
                      "first": ["start", "rectify"], "final": ["start", "rectify"], "leader": ["start", "rectify"]},
    State.RECTIFIED: {"office": ["verify", "reopen", "refer"]},
    State.VERIFIED: {"office": ["refer"]},
}
PERSONAS = ("office", "drafter", "first", "second", "final", "leader", "outsider", "outsider_reviewer", "county_reviewer", "sysadmin", "auditor")


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_person_gets_exactly_their_actions(oversight, state):
    entry = entry_at(oversight, source=Source.MONITORING)
    if state != State.PENDING:
        entry = act(entry, oversight.office, "confirm")
    if state in (State.RECTIFIED, State.VERIFIED):
        entry = act(entry, oversight.second, "rectify", comment="已改", proof_url="https://www.example.gov.cn/y")
    if state == State.VERIFIED:
        entry = act(entry, oversight.office, "verify")
    for name in PERSONAS:
        got = [a.name for a in available_actions(entry, getattr(oversight, name))]
        assert got == EXPECTED[state].get(name, []), (state, name)


@pytest.mark.parametrize(
    "persona, action, error, code",
    [
        ("second", "confirm", InvalidTransition, "not_allowed_in_pending"),
        ("outsider", "confirm", NotAllowed, "not_visible"),
        ("county_reviewer", "dismiss", NotAllowed, "not_visible"),
        ("office", "verify", InvalidTransition, "not_allowed_in_pending"),
        ("office", "fly", InvalidInput, "unknown_action"),
    ],
)
def test_it_refuses_what_is_not_yours_and_changes_nothing(oversight, persona, action, error, code):
    entry = entry_at(oversight, source=Source.MONITORING)
    with pytest.raises(error) as exc:
        act(entry, getattr(oversight, persona), action, comment="x")
    assert exc.value.code == code
    entry.refresh_from_db()
    assert (entry.state, entry.steps.count(), len(audit_actions(entry))) == (State.PENDING, 1, 1)


def test_it_needs_a_reason_to_dismiss(oversight):
    entry = entry_at(oversight, source=Source.MONITORING)
    with pytest.raises(InvalidInput) as exc:
        act(entry, oversight.office, "dismiss", comment="  ")
    assert exc.value.message == "请填写不成立理由"


def test_it_reminds_the_unit_once_per_deadline(oversight):
    with time_machine.travel(beijing(2026, 11, 2, 10, 0), tick=False) as clock:
        entry = entry_at(oversight)
        Reminder.objects.all().delete()
        assert send_overdue_reminders() == 0
        clock.move_to(beijing(2026, 11, 9, 11, 0))
        assert send_overdue_reminders() == 1
        assert send_overdue_reminders() == 0
        messages = set(Reminder.objects.values_list("message", flat=True))
        assert messages == {"整改已超过时限（11月9日）：“贯切落实”，请尽快整改"}
        assert Reminder.objects.count() == 4
        entry = act(entry, oversight.office, "extend", comment="延期", deadline="2026-11-12")
        clock.move_to(beijing(2026, 11, 13, 9, 0))
        assert send_overdue_reminders() == 1
