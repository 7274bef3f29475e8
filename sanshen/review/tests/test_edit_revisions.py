"""修改 (校): every save is an attributed revision; a save based on an old revision is refused with the diff;
while an item is at a stage only that stage's reviewers may change it."""

import pytest

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.exceptions import NotAllowed, StaleRevision
from sanshen.review.models import Revision, Status
from sanshen.test import draft, make_person

from .helpers import general_item_at, message_texts, snapshot


def _edit_audit(s) -> list[tuple]:
    entries = AuditEntry.objects.filter(action="review.edit", object_id=str(s.pk)).order_by("seq")
    return [(e.actor.username, e.detail["revision"], e.detail["stage"]) for e in entries]


def test_it_saves_a_reviewers_edit_as_a_new_revision(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    r = client.post(
        f"/work/submissions/{s.pk}/edit/",
        {"title": s.title, "body": "<p>11月20日，三江镇召开秋冬季森林防火工作会议。</p>", "note": "补全会议名称", "base_revision": 1},
    )
    assert r.status_code == 302
    assert r.url == f"/work/submissions/{s.pk}/"
    assert message_texts(r) == ["修改已保存为新版本。"]
    s.refresh_from_db()
    revision = s.current_revision
    assert (revision.number, revision.author, revision.stage, revision.note) == (2, county.first, "first_review", "补全会议名称")
    assert s.body == revision.body == "<p>11月20日，三江镇召开秋冬季森林防火工作会议。</p>"
    assert (s.status, s.version) == (Status.FIRST_REVIEW, 2)
    assert _edit_audit(s) == [("a.first", 2, "first_review")]


def test_it_keeps_every_revision_with_its_author(county):
    s = draft(county)
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>第二稿。</p>", base_revision=1)
    workflow.perform(s, county.drafter, "submit")
    workflow.save_revision(s, county.first, title="三江镇部署森林防火工作", body="<p>第二稿。</p>", base_revision=2)
    rows = list(Revision.objects.filter(submission=s).values_list("number", "author__username", "stage", "title"))
    assert rows == [
        (1, "a.drafter", "draft", "三江镇召开森林防火工作会议"),
        (2, "a.drafter", "draft", "三江镇召开森林防火工作会议"),
        (3, "a.first", "first_review", "三江镇部署森林防火工作"),
    ]
    assert _edit_audit(s) == [("a.drafter", 2, "draft"), ("a.first", 3, "first_review")]


def test_it_makes_no_revision_when_nothing_changed(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    revision = workflow.save_revision(s, county.first, title=s.title, body=s.body, base_revision=1)
    assert revision.number == 1
    assert snapshot(s) == before


def test_it_refuses_a_save_based_on_an_old_revision(county):
    other_first = make_person("a.first2", "杨帆", county.unit_a, "first_reviewer")
    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body="<p>姜海燕改的。</p>", base_revision=1)
    before = snapshot(s)
    with pytest.raises(StaleRevision) as exc:
        workflow.save_revision(s, other_first, title=s.title, body="<p>杨帆改的。</p>", base_revision=1)
    assert exc.value.code == "stale_revision"
    assert (exc.value.base.number, exc.value.current.number, exc.value.current.author) == (1, 2, county.first)
    assert exc.value.message == "稿件已被他人修改（当前为第 2 版，您编辑的是第 1 版），请查看差异后重新修改"
    assert snapshot(s) == before


def test_it_answers_409_with_the_diff_on_the_edit_page(county, client):
    other_first = make_person("a.first2", "杨帆", county.unit_a, "first_reviewer")
    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body="<p>三江镇召开冬季防火会议。</p>", base_revision=1)
    before = snapshot(s)
    client.force_login(other_first)
    r = client.post(
        f"/work/submissions/{s.pk}/edit/", {"title": s.title, "body": "<p>三江镇召开春季防火会议。</p>", "base_revision": 1}
    )
    assert r.status_code == 409
    page = r.content.decode()
    assert "稿件已被他人修改（当前为第 2 版，您编辑的是第 1 版），请查看差异后重新修改" in page
    assert "<del>冬</del><ins>春</ins>" in page
    assert snapshot(s) == before


def test_it_refuses_an_edit_by_the_drafter_while_the_item_is_at_a_stage(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        workflow.save_revision(s, county.drafter, title=s.title, body="<p>拟稿人想再改。</p>", base_revision=1)
    assert exc.value.code == "cannot_edit"
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/edit/", {"title": s.title, "body": "<p>拟稿人想再改。</p>", "base_revision": 1})
    assert r.status_code == 302
    assert message_texts(r) == ["当前环节您不能修改本稿件。"]
    assert snapshot(s) == before


def test_it_refuses_an_edit_by_the_reviewer_of_another_stage(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        workflow.save_revision(s, county.second, title=s.title, body="<p>复审提前改。</p>", base_revision=1)
    assert exc.value.code == "cannot_edit"
    assert snapshot(s) == before


def test_it_refuses_to_change_the_details_after_submission(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        workflow.save_revision(s, county.first, title=s.title, body=s.body, base_revision=1, grade="general")
    assert exc.value.code == "details_locked"
    assert snapshot(s) == before


def test_it_shows_the_diff_between_any_two_revisions(county, client):
    s = draft(county, body="<p>一二三。</p>")
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>一二四。</p>", base_revision=1)
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>一五四。</p>", base_revision=2)
    client.force_login(county.drafter)
    r = client.get(f"/work/submissions/{s.pk}/diff/?a=1&b=3")
    assert r.status_code == 200
    assert "一<del>二三</del><ins>五四</ins>。" in r.content.decode()
    r = client.get(f"/work/submissions/{s.pk}/diff/?a=1&b=9")
    assert r.status_code == 404
