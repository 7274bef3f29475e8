"""The demo records monitoring runs against its own public site, through the app itself."""

from __future__ import annotations

import pytest

from sanshen.monitoring.demo import record_demo_runs
from sanshen.monitoring.models import MonitoredSite, MonitorRun
from sanshen.review import workflow
from sanshen.review.models import Status
from sanshen.review.tests.helpers import general_item_at

pytestmark = pytest.mark.django_db


def test_it_records_runs_against_the_demos_own_site(county):
    s = general_item_at(county, Status.APPROVED)
    workflow.perform(s, county.county_reviewer, "publish", opinion="")
    recorded = record_demo_runs("http://testserver/")
    assert [(r.kind, r.status) for r in recorded] == [("site", "done"), ("account", "done")]
    site_run, account_run = recorded
    assert site_run.pages >= 3  # home, the column, the article
    assert [c["name"] for c in site_run.indicators["columns"]] == ["乡镇动态"]
    assert account_run.indicators["new_posts"] == 1
    assert set(MonitoredSite.objects.values_list("kind", "url", "feed_url")) == {
        ("county_site", "http://testserver/", ""),
        ("account", "http://testserver/column/xzdt/", "http://testserver/column/xzdt/feed/"),
    }
    # A second call adds runs, not sites.
    record_demo_runs("http://testserver/")
    assert MonitoredSite.objects.count() == 2 and MonitorRun.objects.count() == 4
