"""单位隔离: a person of unit B gets 404 on unit A's items through every page, and lists never show them."""

import pytest
from django.core.files.base import ContentFile

from sanshen.review import workflow
from sanshen.review.models import FindingRecord, SignOffRecord, Status
from sanshen.test import pass_as

from .helpers import general_item_at, snapshot

# (method, path template): every page that reaches one item. {pk}, {finding} and {record} are unit A's.
ITEM_PAGES = [
    ("get", "/work/submissions/{pk}/"),
    ("get", "/work/submissions/{pk}/edit/"),
    ("post", "/work/submissions/{pk}/edit/"),
    ("post", "/work/submissions/{pk}/action/"),
    ("get", "/work/submissions/{pk}/diff/"),
    ("get", "/work/submissions/{pk}/diff/?a=1&b=2"),
    ("get", "/work/submissions/{pk}/form.pdf"),
    ("get", "/work/submissions/{pk}/form.png"),
    ("get", "/work/submissions/{pk}/form.docx"),
    ("post", "/work/submissions/{pk}/findings/{finding}/resolve/"),
    ("post", "/work/submissions/{pk}/findings/{finding}/apply/"),
    ("post", "/work/submissions/{pk}/form-scan/"),
    ("get", "/work/archive/{record}.pdf"),
    ("get", "/work/archive/{record}.png"),
]

# What a forged request would carry: enough for every page above to act if it let the person through.
FORGED_POST = {
    "action": "pass", "version": "2", "opinion": "同意。", "points": ["political"], "title": "改标题", "body": "<p>改正文</p>",
    "base_revision": "2", "resolution": "not_error", "reason": "不是错误",
}


@pytest.fixture
def unit_a_item(county):
    """Unit A's item at 初审, with a second revision, a finding and an archived form."""
    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body="<p>三江镇召开森林防火会议。</p>", base_revision=1)
    s.refresh_from_db()
    finding = FindingRecord.objects.create(
        revision=s.current_revision, rule="typo.word", category="typo", standard=8, severity="warn",
        start=6, end=8, text="三江", suggestion="山江", message="疑似错字",
    )
    record = SignOffRecord(submission=s, unit=s.unit, run=1, title=s.title, fingerprint="f" * 16)
    record.pdf.save("form-a.pdf", ContentFile(b"%PDF-1.7 unit A form"), save=False)
    record.png.save("form-a.png", ContentFile(b"\x89PNG\r\n\x1a\n unit A form"), save=False)
    record.save()
    return s, finding, record


@pytest.mark.parametrize("who", ["outsider", "outsider_reviewer"])
@pytest.mark.parametrize("method, path", ITEM_PAGES)
def test_it_answers_404_to_another_unit(county, client, unit_a_item, who, method, path):
    s, finding, record = unit_a_item
    before = snapshot(s)
    client.force_login(getattr(county, who))
    url = path.format(pk=s.pk, finding=finding.pk, record=record.pk)
    r = client.post(url, FORGED_POST) if method == "post" else client.get(url)
    assert r.status_code == 404
    assert snapshot(s) == before
    finding.refresh_from_db()
    assert finding.resolution == FindingRecord.Resolution.OPEN


def test_it_answers_the_same_404_whether_an_id_exists_in_another_unit_or_not(county, client):
    ours = [general_item_at(county, Status.FIRST_REVIEW).pk for _ in range(3)]
    theirs = workflow.create_submission(county.outsider, title="茅坪镇开展安全生产检查", body="<p>正文。</p>", column=county.column)
    client.force_login(county.outsider)
    answers = {pk: client.get(f"/work/submissions/{pk}/") for pk in range(1, theirs.pk + 4)}
    assert {pk for pk, r in answers.items() if r.status_code == 200} == {theirs.pk}
    assert {r.status_code for pk, r in answers.items() if pk != theirs.pk} == {404}
    missing = answers[theirs.pk + 1].content
    assert all(answers[pk].content == missing for pk in ours)


def test_it_keeps_another_units_items_out_of_the_inbox(county, client):
    a = general_item_at(county, Status.FIRST_REVIEW)
    b = workflow.create_submission(county.outsider, title="茅坪镇开展安全生产检查", body="<p>正文。</p>", column=county.column)
    workflow.perform(b, county.outsider, "submit")
    assert list(workflow.waiting_for(county.outsider_reviewer)) == [b]
    client.force_login(county.outsider_reviewer)
    page = client.get("/work/").content.decode()
    assert b.title in page
    assert a.title not in page


def test_it_keeps_another_units_items_out_of_the_list_and_search(county, client):
    a = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.outsider)
    for query in ("", "?q=森林防火", f"?status={Status.FIRST_REVIEW}", "?q=三江镇&status=first_review&page=1"):
        r = client.get(f"/work/submissions/{query}")
        assert r.status_code == 200
        assert a.title not in r.content.decode(), query
    assert list(workflow.visible_submissions(county.outsider)) == []


def test_it_keeps_another_units_items_out_of_the_list_after_publication(county, client):
    a = general_item_at(county, Status.COUNTY_REVIEW)
    a = pass_as(a, county.county_reviewer)
    workflow.perform(a, county.county_reviewer, "publish")
    client.force_login(county.outsider_reviewer)
    assert a.title not in client.get("/work/submissions/").content.decode()
    assert client.get(f"/work/submissions/{a.pk}/").status_code == 404


def test_it_keeps_another_units_forms_out_of_the_archive(county, client, unit_a_item):
    s, _, record = unit_a_item
    client.force_login(county.outsider)
    r = client.get("/work/archive/")
    assert r.status_code == 200
    assert s.title not in r.content.decode()
    r = client.get("/work/archive/?export=zip")
    assert r.status_code == 200
    assert b"form-a" not in r.content and s.title.encode() not in r.content
    client.force_login(county.drafter)
    assert client.get(f"/work/archive/{record.pk}.pdf").content == b"%PDF-1.7 unit A form"


def test_it_keeps_unit_staff_out_of_the_county_queues(county, client):
    client.force_login(county.first)
    assert client.get("/work/queues/").status_code == 404
