"""The demo county's year of history: every source and state, two issued bulletins, an interview, a referral."""

import datetime as dt

from django.utils import timezone

from sanshen.accountability.demo import load_history
from sanshen.accountability.models import Bulletin, ErrorEntry, Interview, SecrecyReferral, Source, State


def test_it_gives_the_demo_county_a_year_of_history(db):
    from sanshen.demo import load_demo

    load_demo()  # `sanshen demo` loads the history with the county
    assert set(ErrorEntry.objects.values_list("state", flat=True)) == set(State.values)
    assert set(ErrorEntry.objects.values_list("source", flat=True)) == set(Source.values)
    assert Bulletin.objects.issued().count() == 2
    assert all(b.docx and b.pdf and b.figures["totals"]["errors"] >= 1 for b in Bulletin.objects.issued())
    assert Interview.objects.count() == SecrecyReferral.objects.count() == 1
    assert load_history() is False
    # 17 from the history (found 2–350 days ago); the demo's monitoring runs of today may register more, as 待确认.
    history = ErrorEntry.objects.filter(found_at__lt=timezone.now() - dt.timedelta(days=1))
    assert history.count() == 17
