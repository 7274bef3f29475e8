"""Revisions: list, one, a new one (409 with the diff on a stale base), and the diff between two."""

import pytest

from sanshen.review import workflow
from sanshen.review.models import Revision, Status
from sanshen.test import draft

TITLE = "三江镇召开会议"


def _item(county, body="<p>三江镇召开会议。</p>"):
    return draft(county, TITLE, body)


def _edit(api, user, s, body, base, **fields):
    return api(user).post(f"/api/submissions/{s.pk}/revisions", {"title": TITLE, "body": body, "base_revision": base, **fields})


def test_it_lists_the_revisions(county, api):
    s = _item(county)
    workflow.save_revision(s, county.drafter, title=TITLE, body="<p>三江镇召开森林防火会议。</p>", base_revision=1, note="补充")
    r = api(county.first).get(f"/api/submissions/{s.pk}/revisions")
    assert r.status_code == 200
    assert [(v["number"], v["author"]["name"], v["stage"], v["note"]) for v in r.json()] == [
        (1, "潘德江", "draft", "新建"),
        (2, "潘德江", "draft", "补充"),
    ]


def test_it_shows_one_revision(county, api):
    s = _item(county)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/revisions/1")
    assert r.status_code == 200
    assert (r.json()["body"], r.json()["text"]) == ("<p>三江镇召开会议。</p>", "三江镇召开会议\n三江镇召开会议。")


def test_it_answers_404_for_a_missing_revision(county, api):
    s = _item(county)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/revisions/2")
    assert (r.status_code, r.json()) == (404, {"error": "第 2 版不存在", "code": "revision_not_found"})


def test_it_saves_a_new_revision(county, api):
    s = _item(county)
    r = _edit(api, county.drafter, s, "<p>三江镇召开森林防火会议。</p>", 1, note="补充会议名称")
    assert r.status_code == 201
    assert (r.json()["number"], r.json()["note"], r.json()["stage"]) == (2, "补充会议名称", "draft")
    s.refresh_from_db()
    assert (s.current_revision.number, s.body, s.version) == (2, "<p>三江镇召开森林防火会议。</p>", 1)


def test_the_drafter_may_change_the_details_before_submitting(county, api):
    s = _item(county)
    r = _edit(api, county.drafter, s, "<p>三江镇召开会议。</p>", 1, grade="important", media_account_id=county.account.pk)
    assert r.status_code == 201
    s.refresh_from_db()
    assert (s.grade, s.column, s.media_account) == ("important", None, county.account)
    # Fields not sent stay as they were.
    assert s.topics == []


def test_it_returns_the_current_revision_when_nothing_changed(county, api):
    s = _item(county)
    r = _edit(api, county.drafter, s, "<p>三江镇召开会议。</p>", 1)
    assert (r.status_code, r.json()["number"]) == (200, 1)
    assert Revision.objects.count() == 1


def test_a_stale_base_gives_409_with_the_diff_and_saves_nothing(county, api):
    s = _item(county)
    assert _edit(api, county.drafter, s, "<p>三江镇召开森林防火会议。</p>", 1).status_code == 201
    r = _edit(api, county.drafter, s, "<p>三江镇召开专题会议。</p>", 1)
    assert r.status_code == 409
    assert r.json() == {
        "error": "稿件已被他人修改（当前为第 2 版，您编辑的是第 1 版），请查看差异后重新修改",
        "code": "stale_revision",
        "fields": None,
        "findings": None,
        "base_revision": 1,
        "current_revision": 2,
        "diff": [
            {"op": "equal", "text": "三江镇召开会议\n三江镇召开"},
            {"op": "delete", "text": "森林防火"},
            {"op": "insert", "text": "专题"},
            {"op": "equal", "text": "会议。"},
        ],
        "their_changes": [
            {"op": "equal", "text": "三江镇召开会议\n三江镇召开"},
            {"op": "insert", "text": "森林防火"},
            {"op": "equal", "text": "会议。"},
        ],
    }
    assert Revision.objects.count() == 2
    s.refresh_from_db()
    assert s.body == "<p>三江镇召开森林防火会议。</p>"


def test_a_reviewer_edits_at_their_own_stage(county, api):
    s = _item(county)
    workflow.perform(s, county.drafter, "submit")
    r = _edit(api, county.first, s, "<p>三江镇召开专题会议。</p>", 1)
    assert r.status_code == 201
    assert (r.json()["author"]["name"], r.json()["stage"]) == ("姜海燕", "first_review")


@pytest.mark.parametrize(
    "who,submitted,fields,code,message",
    [
        # a stage holds a lock: the drafter while in review, a reviewer before it reaches them
        ("drafter", True, {}, "cannot_edit", "当前环节您不能修改本稿件"),
        ("first", False, {}, "cannot_edit", "当前环节您不能修改本稿件"),
        ("second", True, {}, "cannot_edit", "当前环节您不能修改本稿件"),
        # after 送审 only title and body change
        ("first", True, {"grade": "special"}, "details_locked", "送审后只能修改标题和正文"),
    ],
)
def test_it_refuses_edits_outside_the_stage_lock(county, api, who, submitted, fields, code, message):
    s = _item(county)
    if submitted:
        workflow.perform(s, county.drafter, "submit")
    r = _edit(api, getattr(county, who), s, "<p>改动。</p>", 1, **fields)
    assert (r.status_code, r.json()) == (403, {"error": message, "code": code})
    assert Revision.objects.count() == 1
    s.refresh_from_db()
    assert (s.grade, s.body) == ("general", "<p>三江镇召开会议。</p>")


def test_it_requires_a_base_revision(county, api):
    s = _item(county)
    r = api(county.drafter).post(f"/api/submissions/{s.pk}/revisions", {"title": TITLE, "body": "<p>x</p>"})
    assert r.status_code == 422
    assert r.json()["fields"] == [{"field": "base_revision", "message": "必填"}]


# ---------------------------------------------------------------------------------------------
# Diff


def _three_revisions(county):
    s = _item(county)
    workflow.save_revision(s, county.drafter, title=TITLE, body="<p>三江镇召开森林防火会议。</p>", base_revision=1)
    workflow.save_revision(s, county.drafter, title=TITLE, body="<p>三江镇召开 2026 年森林防火会议。</p>", base_revision=2)
    return s


@pytest.mark.parametrize(
    "params,a,b,chunks",
    [
        # by default the last two revisions
        (
            {},
            2,
            3,
            [
                {"op": "equal", "text": "三江镇召开会议\n三江镇召开"},
                {"op": "insert", "text": " 2026 年"},
                {"op": "equal", "text": "森林防火会议。"},
            ],
        ),
        (
            {"a": 1, "b": 3},
            1,
            3,
            [
                {"op": "equal", "text": "三江镇召开会议\n三江镇召开"},
                {"op": "insert", "text": " 2026 年森林防火"},
                {"op": "equal", "text": "会议。"},
            ],
        ),
        # backwards: words are compared whole, so 2026 is one token
        (
            {"a": 3, "b": 1},
            3,
            1,
            [
                {"op": "equal", "text": "三江镇召开会议\n三江镇召开"},
                {"op": "delete", "text": " 2026 年森林防火"},
                {"op": "equal", "text": "会议。"},
            ],
        ),
        ({"a": 2, "b": 2}, 2, 2, [{"op": "equal", "text": "三江镇召开会议\n三江镇召开森林防火会议。"}]),
    ],
)
def test_it_diffs_two_revisions(county, api, params, a, b, chunks):
    s = _three_revisions(county)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/diff", **params)
    assert r.status_code == 200
    assert r.json() == {"a": a, "b": b, "changed": a != b, "chunks": chunks}


def test_it_diffs_a_single_revision_with_itself(county, api):
    s = _item(county)
    assert api(county.drafter).get(f"/api/submissions/{s.pk}/diff").json()["changed"] is False


@pytest.mark.parametrize("params", [{"a": 9}, {"b": 0}])
def test_it_answers_404_for_a_missing_side_of_the_diff(county, api, params):
    s = _three_revisions(county)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/diff", **params)
    assert r.status_code == 404
    assert r.json()["code"] == "revision_not_found"


def test_the_status_of_an_edited_item_does_not_change(county, api):
    s = _item(county)
    workflow.perform(s, county.drafter, "submit")
    _edit(api, county.first, s, "<p>三江镇召开专题会议。</p>", 1)
    s.refresh_from_db()
    assert s.status == Status.FIRST_REVIEW


def test_a_new_revision_stores_a_pasted_picture(county, api, django_capture_on_commit_callbacks):
    import base64

    from sanshen.documents.tests.files import png

    s = draft(county)
    picture = base64.b64encode(png(120, 80, "green")).decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = _edit(api, county.drafter, s, f'<p>现场照片：</p><p><img src="data:image/png;base64,{picture}"></p>', 1)
    assert r.status_code == 201
    s.refresh_from_db()
    (image,) = s.body_images.all()
    assert s.current_revision.body == f'<p>现场照片：</p><p><img src="{image.url}"></p>'
