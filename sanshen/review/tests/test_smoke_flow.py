"""A 一般 website item from draft to published, through every unit stage and the county review."""

from sanshen.review import workflow
from sanshen.review.models import Decision, Status
from sanshen.test import approve_through_unit, draft, pass_as


def test_it_takes_a_general_item_to_the_public_site(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    with django_capture_on_commit_callbacks(execute=True):
        s = approve_through_unit(county, s)
    assert s.status == Status.COUNTY_REVIEW
    s = pass_as(s, county.county_reviewer)
    assert s.status == Status.APPROVED
    s = workflow.perform(s, county.county_reviewer, "publish")
    assert s.status == Status.PUBLISHED
    assert s.published_revision_id == s.current_revision_id
    stages = list(s.decisions.filter(action=Decision.Action.PASS).values_list("stage", flat=True))
    assert stages == ["first_review", "second_review", "final_review", "county_review"]
    r = client.get(f"/article/{s.public_id}/")
    assert r.status_code == 200
    assert "三江镇召开森林防火工作会议" in r.content.decode()
    assert s.signoff_records.count() == 1
