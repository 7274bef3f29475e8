"""A 一般 website item from draft to published through the API alone, one persona per stage."""

from sanshen.review.models import REVIEW_POINT_KEYS, Decision, Status, Submission

POINTS = list(REVIEW_POINT_KEYS)


def _act(client, item, name, **fields):
    r = client.post(f"/api/submissions/{item['id']}/actions/{name}", {"expected_version": item["version"], **fields})
    assert r.status_code == 200, r.json()
    return r.json()


def test_it_takes_a_general_item_from_draft_to_the_public_site(county, api, client, django_capture_on_commit_callbacks):
    drafter = api(county.drafter)
    item = drafter.post(
        "/api/submissions",
        {"title": "三江镇召开森林防火工作会议", "body": "<p>11月20日，三江镇召开森林防火工作会议。</p>", "column_id": county.column.pk},
    ).json()
    assert [s["code"] for s in item["stage_path"]] == ["first_review", "second_review", "final_review", "county_review"]

    # The drafter proofreads once more before sending it.
    r = drafter.post(
        f"/api/submissions/{item['id']}/revisions",
        {"title": "三江镇召开森林防火工作会议", "body": "<p>11月20日，三江镇召开秋冬季森林防火工作会议。</p>", "base_revision": 1},
    )
    assert r.status_code == 201
    item = drafter.get(f"/api/submissions/{item['id']}").json()
    item = _act(drafter, item, "submit")
    assert item["status"] == "first_review"

    with django_capture_on_commit_callbacks(execute=True):
        for user, next_status in (
            (county.first, "second_review"),
            (county.second, "final_review"),
            (county.final, "county_review"),
        ):
            reviewer = api(user)
            assert any(i["id"] == item["id"] for i in reviewer.get("/api/queue").json()["items"])
            item = reviewer.get(f"/api/submissions/{item['id']}").json()
            assert "pass" in [a["name"] for a in item["actions"]]
            item = _act(reviewer, item, "pass", opinion="同意。", points=POINTS)
            assert item["status"] == next_status

    county_reviewer = api(county.county_reviewer)
    item = county_reviewer.get(f"/api/submissions/{item['id']}").json()
    item = _act(county_reviewer, item, "pass", opinion="审核通过。", points=POINTS)
    assert item["status"] == "approved"
    item = _act(county_reviewer, item, "publish")
    assert (item["status"], item["published_revision"]) == ("published", 2)

    s = Submission.objects.get()
    assert s.status == Status.PUBLISHED
    assert list(s.decisions.values_list("action", "stage", "actor__username")) == [
        (Decision.Action.SUBMIT, "draft", "a.drafter"),
        (Decision.Action.PASS, "first_review", "a.first"),
        (Decision.Action.PASS, "second_review", "a.second"),
        (Decision.Action.PASS, "final_review", "a.final"),
        (Decision.Action.PASS, "county_review", "c.reviewer"),
        (Decision.Action.PUBLISH, "approved", "c.reviewer"),
    ]
    # The form was archived when the item left its unit.
    assert s.signoff_records.count() == 1
    page = client.get(f"/article/{s.public_id}/")
    assert page.status_code == 200
    assert "秋冬季森林防火工作会议" in page.content.decode()
