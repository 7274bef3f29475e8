"""register_error: the one way into the register, for every source; the same open error is never registered twice."""

import pytest
import time_machine
from django.db import IntegrityError, transaction

from sanshen.accountability.exceptions import InvalidInput
from sanshen.accountability.models import EntryStep, ErrorEntry, Reminder, Severity, Source, State
from sanshen.accountability.register import register_error

from .helpers import audit_actions, beijing, entry_at

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.mark.parametrize(
    "source, state, has_deadline",
    [
        (Source.COUNTY_REVIEW, State.CONFIRMED, True),
        (Source.SUPERIOR, State.CONFIRMED, True),
        # found by a machine or by the public: the county office confirms first
        (Source.MONITORING, State.PENDING, False),
        (Source.PUBLIC_REPORT, State.PENDING, False),
    ],
)
def test_it_starts_each_source_in_its_state(oversight, source, state, has_deadline):
    entry = entry_at(oversight, source=source)
    assert (entry.state, entry.deadline is not None, entry.standard, entry.category_label) == (state, has_deadline, 8, "错别字")
    assert list(entry.steps.values_list("action", "to_state")) == [("register", state)]
    assert audit_actions(entry) == [("accountability.register", None, None, "c.office" if has_deadline else None)]


def test_it_gives_a_confirmed_entry_a_deadline_in_working_days(oversight):
    with time_machine.travel(beijing(2026, 11, 2, 10, 0), tick=False):  # a Monday
        general = entry_at(oversight, text="一")
        serious = entry_at(oversight, text="二", severity=Severity.SERIOUS)
    assert general.deadline == beijing(2026, 11, 9, 10, 0)  # five working days
    assert serious.deadline == beijing(2026, 11, 4, 10, 0)  # two
    with time_machine.travel(beijing(2026, 9, 30, 10, 0), tick=False):  # the eve of the National Day week
        holiday = entry_at(oversight, text="三", severity=Severity.SERIOUS)
    assert holiday.deadline == beijing(2026, 10, 9, 10, 0)


def test_it_tells_the_unit_of_a_confirmed_entry(oversight):
    entry_at(oversight)
    recipients = sorted(Reminder.objects.values_list("recipient__username", flat=True))
    assert recipients == ["a.final", "a.first", "a.leader", "a.second"]
    assert Reminder.objects.first().message.startswith("新登记一般差错：“贯切落实”，请于")


def test_it_returns_the_open_entry_for_the_same_error(oversight):
    first = entry_at(oversight, source=Source.MONITORING)
    again = entry_at(oversight, source=Source.MONITORING, message="第二次发现")
    assert again.pk == first.pk
    assert ErrorEntry.objects.count() == 1
    # another category, another page or another unit is another error
    assert entry_at(oversight, source=Source.MONITORING, category="fixed_phrase").pk != first.pk
    assert entry_at(oversight, source=Source.MONITORING, url="https://www.example.gov.cn/art/2.html").pk != first.pk
    assert entry_at(oversight, source=Source.MONITORING, unit=oversight.unit_b).pk != first.pk
    assert ErrorEntry.objects.count() == 4


def test_it_registers_a_closed_error_anew(oversight):
    from .helpers import act

    first = entry_at(oversight, source=Source.MONITORING)
    act(first, oversight.office, "dismiss", comment="误报")
    second = entry_at(oversight, source=Source.MONITORING)
    assert second.pk != first.pk and second.state == State.PENDING


def test_the_database_refuses_two_open_entries_with_one_key(oversight):
    entry = entry_at(oversight)
    clone = ErrorEntry.objects.get(pk=entry.pk)
    clone.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    clone.state = State.VERIFIED  # a closed twin is allowed
    clone.save()


def test_it_keeps_a_screenshot_and_a_stored_page(oversight):
    shot = entry_at(oversight, text="一", evidence=PNG)
    page = entry_at(oversight, text="二", evidence="<html><body>贯切落实</body></html>".encode())
    assert (shot.evidence_kind, shot.evidence.name.endswith(".png")) == ("image", True)
    assert (page.evidence_kind, page.evidence.name.endswith(".html")) == ("page", True)
    assert page.evidence.read().decode() == "<html><body>贯切落实</body></html>"


def test_it_names_the_revision_it_was_found_in(oversight):
    from sanshen.test import draft

    s = draft(oversight)
    entry = register_error(
        unit=oversight.unit_a, source=Source.COUNTY_REVIEW, category="typo", severity="general", text="贯切",
        revision=s.current_revision, found_by=oversight.county_reviewer,
    )
    assert (entry.submission, entry.revision, entry.place) == (s, s.current_revision, f"《{s.title}》")
    assert entry.content_hash == (getattr(s.current_revision, "content_hash", "") or "")


@pytest.mark.parametrize(
    "change, code, message",
    [
        ({"source": "rumour"}, "bad_source", "发现途径无效：rumour"),
        ({"severity": "minor"}, "bad_severity", "差错性质无效：minor（应为 serious 或 general）"),
        ({"category": "spelling"}, "bad_category", "差错类别无效：spelling"),
        ({"text": "  "}, "text_required", "请填写差错原文"),
        ({"url": ""}, "place_required", "请填写差错所在的稿件、页面地址或新媒体账号"),
        ({"state": State.VERIFIED}, "bad_initial_state", "新登记的差错只能是待确认或已确认，不能是 verified"),
    ],
)
def test_it_refuses_bad_arguments_with_a_chinese_message(oversight, change, code, message):
    arguments = {
        "unit": oversight.unit_a, "source": Source.MONITORING, "category": "typo", "severity": "general",
        "text": "贯切落实", "url": "https://www.example.gov.cn/a.html", **change,
    }
    with pytest.raises(InvalidInput) as exc:
        register_error(**arguments)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert ErrorEntry.objects.count() == EntryStep.objects.count() == 0


def test_it_refuses_an_item_of_another_unit(oversight):
    from sanshen.test import draft

    s = draft(oversight)
    with pytest.raises(InvalidInput) as exc:
        register_error(unit=oversight.unit_b, source=Source.MONITORING, category="typo", severity="general", text="x", submission=s)
    assert exc.value.message == "稿件属于三江镇，不能登记到茅坪镇"


def test_it_cuts_an_overlong_text(oversight):
    entry = entry_at(oversight, text="错" * 400)
    assert len(entry.text) == 300 and entry.text.endswith("…")
