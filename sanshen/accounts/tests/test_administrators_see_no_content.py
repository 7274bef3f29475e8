"""三权分立: the three administrators read no submission and no form. Every route under /work/ and /api/ is
opened by each of them with the ids of a real published item, its attachment, its findings and its archived
审签表; each answer is a refusal, or a page without the item."""

import io
import re
import zipfile

import pytest
from django.urls import get_resolver

from sanshen.lib.seal import draw_seal
from sanshen.review import attachments, workflow
from sanshen.review.models import FindingRecord, SignOffRecord, Status
from sanshen.test import approve_through_unit, draft, pass_as

TITLE = "三江镇召开森林防火指挥部全体成员会议"
BODY_PHRASE = "指挥部成员名单另行印发"
ADMINISTRATORS = ["sysadmin", "security", "auditor"]
REFUSED = {401, 403, 404, 405}

CONVERTER = re.compile(r"<(?:(int|str|slug|uuid|path):)?(\w+)>")


@pytest.fixture
def published(county, django_capture_on_commit_callbacks):
    """A website item of unit A taken all the way to publication, with an attachment and its archived form."""
    with django_capture_on_commit_callbacks(execute=True):  # the attachment is checked once it is stored
        s = draft(county, title=TITLE, body=f"<p>11月20日，三江镇召开会议。{BODY_PHRASE}。</p>")
        attachments.add_attachment(s, county.drafter, name="会议图片.png", data=draw_seal("三江镇", size=120))
    with django_capture_on_commit_callbacks(execute=True):
        s = approve_through_unit(county, s)
        s = pass_as(s, county.county_reviewer)
        workflow.perform(s, county.county_reviewer, "publish", opinion="")
    s.refresh_from_db()
    assert s.status == Status.PUBLISHED and SignOffRecord.objects.filter(submission=s).exists()
    return s


def _routes(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        if hasattr(p, "url_patterns"):
            yield from _routes(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def _url(route: str, s) -> str:
    attachment = s.attachments.first()
    finding = FindingRecord.objects.filter(revision__submission=s).first()
    values = {
        "pk": attachment.pk if route.startswith("work/attachments/") else s.pk,
        "submission_id": s.pk,
        "finding_pk": finding.pk if finding else 1,
        "finding_id": finding.pk if finding else 1,
        "record_pk": SignOffRecord.objects.filter(submission=s).first().pk,
        "number": 1,
        "page": 1,
        "fmt": "pdf",
        "name": "pass",
        "public_id": "00000000-0000-0000-0000-000000000000",
    }
    # Parameters of routes added later get a plausible value of their kind.
    default = {"int": 1, "uuid": "00000000-0000-0000-0000-000000000000"}
    path = CONVERTER.sub(lambda m: str(values.get(m.group(2), default.get(m.group(1), 1))), route)
    return "/" + path.replace("^", "").replace("$", "")


def test_it_walks_every_work_and_api_route():
    routes = [r for r in _routes() if r.startswith(("work/", "api/"))]
    assert len(routes) >= 40
    assert "work/archive/<int:record_pk>.<str:fmt>" in routes


def test_no_administrator_reads_the_item_anywhere(county, client, published):
    # One item for all three: rendering its 审签表 and reading its picture take seconds.
    for who in ADMINISTRATORS:
        client.force_login(getattr(county, who))
        _assert_sees_nothing(client, published, who)


def _assert_sees_nothing(client, published, who):
    answered = {}
    for route in _routes():
        if not route.startswith(("work/", "api/")):
            continue
        r = client.get(_url(route, published))
        answered[route] = r.status_code
        if r.status_code in REFUSED or r.status_code == 302:
            continue
        assert r.status_code == 200, (who, route, r.status_code)
        content = b"".join(r.streaming_content) if r.streaming else r.content
        assert BODY_PHRASE.encode() not in content, (who, route)
        if who == "auditor" and route.startswith("work/audit/"):
            continue  # the audit log and its export name what each entry was about (the item's title, a file's name)
        assert r["Content-Type"].startswith(("text/html", "application/json")), (who, route, r["Content-Type"])
        text = content.decode()
        assert TITLE not in text and "会议图片" not in text, (who, route)
    # The item's own pages, files and forms are refused outright, not merely emptied.
    for route in (
        "work/submissions/<int:pk>/",
        "work/submissions/<int:pk>/form.<str:fmt>",
        "work/submissions/<int:pk>/export.docx",
        "work/attachments/<int:pk>/",
        "work/archive/<int:record_pk>.<str:fmt>",
        "api/submissions/<submission_id>",
    ):
        assert answered[route] in REFUSED, (who, route, answered[route])
    # The lists are there but empty, the archive's zip export included.
    assert client.get("/api/submissions").json()["items"] == [], who
    export = client.get("/work/archive/", {"export": "zip"})
    assert export.status_code in REFUSED or zipfile.ZipFile(io.BytesIO(export.content)).namelist() == [], who
