"""GET/POST /api/submissions and GET /api/submissions/{id}."""

import datetime as dt
import json

import pytest
import time_machine

from sanshen.accounts.models import MediaAccount
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import Status, Submission
from sanshen.test import draft

FIRE = "三江镇召开森林防火工作会议"


def _create(api, user, **fields):
    return api(user).post("/api/submissions", {"title": FIRE, "body": "<p>部署秋冬季森林防火工作。</p>", **fields})


# ---------------------------------------------------------------------------------------------
# Create


def test_it_creates_a_draft_with_its_first_revision(county, api):
    r = _create(api, county.drafter, column_id=county.column.pk, grade="important", topics=["policy"], remark="急")
    assert r.status_code == 201
    s = Submission.objects.get()
    assert (s.title, s.status, s.unit, s.drafter, s.column, s.grade, s.topics, s.remark) == (
        FIRE,
        Status.DRAFT,
        county.unit_a,
        county.drafter,
        county.column,
        "important",
        ["policy"],
        "急",
    )
    assert s.current_revision.number == 1
    data = r.json()
    assert data["id"] == s.pk
    assert data["current_revision"]["text"] == FIRE + "\n部署秋冬季森林防火工作。"
    assert data["topics"] == [{"value": "policy", "label": "政策文件"}]
    assert data["target"] == {"kind": "column", "id": county.column.pk, "name": "乡镇动态"}
    assert AuditEntry.objects.filter(action="review.create", object_id=str(s.pk)).count() == 1


def test_it_creates_an_item_for_the_units_media_account(county, api):
    r = _create(api, county.drafter, media_account_id=county.account.pk)
    assert r.status_code == 201
    assert r.json()["target"] == {"kind": "media_account", "id": county.account.pk, "name": "微信公众号·三江镇发布"}
    assert r.json()["stage_path"] == [
        {"code": "first_review", "label": "初审初校"},
        {"code": "second_review", "label": "复审复校"},
        {"code": "final_review", "label": "终审终校"},
    ]


def test_it_cleans_the_body_html(county, api):
    r = _create(api, county.drafter, column_id=county.column.pk, body='<p onclick="x()">会议<script>alert(1)</script></p>')
    assert r.status_code == 201
    assert Submission.objects.get().body == "<p>会议</p>"


def test_it_stores_and_checks_a_pasted_picture(county, api, django_capture_on_commit_callbacks):
    import base64

    from sanshen.documents.tests.files import text_image

    picture = base64.b64encode(text_image(["值班电话", "13812345678"], width=500)).decode()
    body = f'<p>值班安排见下图。</p><p><img src="data:image/png;base64,{picture}" alt="值班表"></p>'
    with django_capture_on_commit_callbacks(execute=True):
        r = _create(api, county.drafter, column_id=county.column.pk, body=body)
    assert r.status_code == 201
    s = Submission.objects.get()
    (image,) = s.body_images.all()
    assert "data:image" not in s.body
    assert f'src="/work/images/{image.public_id}/"' in s.body
    (f,) = image.findings.all()
    assert (f.rule, f.text) == ("pii.phone", "13812345678")


def test_it_refuses_a_broken_pasted_picture_and_creates_nothing(county, api):
    body = '<p>见下图。</p><p><img src="data:image/png;base64,iVBORw0KGgoAAAAbroken="></p>'
    r = _create(api, county.drafter, column_id=county.column.pk, body=body)
    assert r.status_code == 400
    assert (r.json()["code"], r.json()["error"]) == ("bad_pasted_image", "正文中的“粘贴的图片1.png”已损坏，请删除后重新插入")
    assert not Submission.objects.exists()


def _account(county, unit_attr: str, **fields) -> int:
    return MediaAccount.objects.create(name="另一个号", platform="weibo", unit=getattr(county, unit_attr), **fields).pk


@pytest.mark.parametrize(
    "fields,code,message",
    [
        # the target: exactly one of a column and a media account of the unit's own
        (lambda c: {}, "target_required", "请选择一个发布目标：网站栏目或政务新媒体账号（只能选一个）"),
        (
            lambda c: {"column_id": c.column.pk, "media_account_id": c.account.pk},
            "target_required",
            "请选择一个发布目标：网站栏目或政务新媒体账号（只能选一个）",
        ),
        (lambda c: {"column_id": 999}, "column_not_found", "网站栏目不存在"),
        (lambda c: {"media_account_id": 999}, "media_account_not_found", "政务新媒体账号不存在或已停用"),
        (lambda c: {"media_account_id": _account(c, "unit_b")}, "foreign_account", "只能发布到本单位开办的政务新媒体账号"),
        (
            lambda c: {"media_account_id": _account(c, "unit_a", is_active=False)},
            "media_account_not_found",
            "政务新媒体账号不存在或已停用",
        ),
        # a repost names its source and its author
        (
            lambda c: {"column_id": c.column.pk, "is_repost": True, "repost_source": "人民网"},
            "repost_fields",
            "转载稿件须注明原稿作者及出处",
        ),
        (lambda c: {"column_id": c.column.pk, "title": "   "}, "title_required", "标题不能为空"),
    ],
    ids=["no_target", "two_targets", "no_column", "no_account", "foreign_account", "inactive_account", "repost", "blank"],
)
def test_it_refuses_bad_details_with_400(county, api, fields, code, message):
    r = _create(api, county.drafter, **fields(county))
    assert r.status_code == 400
    assert r.json() == {"error": message, "code": code}
    assert Submission.objects.count() == 0


def test_it_refuses_someone_who_is_not_a_drafter(county, api):
    r = _create(api, county.first, column_id=county.column.pk)
    assert r.status_code == 403
    assert r.json() == {"error": "您没有本单位的拟稿权限", "code": "not_a_drafter"}
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "payload,fields",
    [
        ({"body": "x"}, [{"field": "title", "message": "必填"}]),
        ({"title": "x" * 201}, [{"field": "title", "message": "不能超过 200 个字符"}]),
        ({"title": "会议", "colum_id": 1}, [{"field": "colum_id", "message": "不允许的字段"}]),
        ({"title": "会议", "grade": "urgent"}, [{"field": "grade", "message": "须为以下之一：general、important、special"}]),
        ({"title": "会议", "topics": "budget"}, [{"field": "topics", "message": "须为列表"}]),
        ({"title": "会议", "column_id": "一"}, [{"field": "column_id", "message": "须为整数"}]),
        ({"title": "会\x00议"}, [{"field": "title", "message": "不能包含控制字符"}]),
        ({"title": "会议", "body": "<p>\x01</p>"}, [{"field": "body", "message": "不能包含控制字符"}]),
        ({"title": "会议", "remark": "\x0b"}, [{"field": "remark", "message": "不能包含控制字符"}]),
        ({"title": "会议", "repost_url": "ftp://x"}, [{"field": "repost_url", "message": "须为 http:// 或 https:// 开头的网址"}]),
        (["title"], [{"field": "请求内容", "message": "须为 JSON 对象"}]),
    ],
)
def test_it_answers_invalid_input_with_422_in_chinese(county, api, payload, fields):
    r = api(county.drafter).client.post("/api/submissions", json.dumps(payload), content_type="application/json")
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_request"
    assert r.json()["fields"] == fields
    assert r.json()["error"] == "请求内容有误（" + "；".join(f"{f['field']}：{f['message']}" for f in fields) + "）"
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("body", ["{not json", "title=会议", ""])
def test_it_answers_a_body_that_is_not_json_with_400_or_422(county, api, body):
    r = api(county.drafter).client.post("/api/submissions", body, content_type="application/json")
    if body:
        assert (r.status_code, r.json()) == (400, {"error": "请求内容须为 JSON", "code": "bad_json"})
    else:
        assert r.status_code == 422
        assert r.json()["fields"] == [{"field": "请求内容", "message": "必填"}]


def test_it_refuses_a_body_the_cleaner_cannot_read(county, api, monkeypatch):
    def gives_up(html):
        raise ValueError("Document is empty")

    monkeypatch.setattr("sanshen.api.views.clean_office_html", gives_up)
    r = _create(api, county.drafter, column_id=county.column.pk, body="<p>会议</p>")
    assert (r.status_code, r.json()) == (400, {"error": "正文无法解析为 HTML，请检查后重新提交", "code": "bad_body"})
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("body", ["<!-- 草稿 -->", "</p>", "<![CDATA[x]]>", "<?xml version='1.0'?>"])
def test_odd_fragments_never_give_a_500(county, api, body):
    r = _create(api, county.drafter, column_id=county.column.pk, body=body)
    assert r.status_code in (201, 400)


def test_tabs_and_newlines_are_ordinary_text(county, api):
    r = _create(api, county.drafter, column_id=county.column.pk, body="<p>一\t二</p>\r\n<p>三</p>")
    assert r.status_code == 201


# ---------------------------------------------------------------------------------------------
# List


def test_it_lists_what_the_person_may_see_newest_first(county, api):
    first = draft(county, "第一篇")
    second = draft(county, "第二篇")
    Submission.objects.create(unit=county.unit_b, drafter=county.outsider, title="茅坪镇的稿件", column=county.column)
    r = api(county.first).get("/api/submissions")
    assert r.status_code == 200
    data = r.json()
    assert (data["count"], data["page"], data["page_size"], data["pages"]) == (2, 1, 30, 1)
    assert [i["id"] for i in data["items"]] == [second.pk, first.pk]
    assert data["items"][0]["drafter"] == {"id": county.drafter.pk, "name": "潘德江"}


def test_it_filters_by_status_and_title(county, api):
    a = draft(county, "森林防火会议")
    b = draft(county, "森林防火通知")
    draft(county, "招商引资会议")
    workflow.perform(b, county.drafter, "submit")
    client = api(county.drafter)
    assert [i["id"] for i in client.get("/api/submissions", q="森林防火").json()["items"]] == [b.pk, a.pk]
    assert [i["id"] for i in client.get("/api/submissions", q="森林", status="first_review").json()["items"]] == [b.pk]
    assert client.get("/api/submissions", status="published").json()["count"] == 0


def test_it_pages(county, api):
    ids = [draft(county, f"第{n}篇").pk for n in range(5)]
    client = api(county.drafter)
    page2 = client.get("/api/submissions", page=2, page_size=2).json()
    assert (page2["count"], page2["pages"]) == (5, 3)
    assert [i["id"] for i in page2["items"]] == [ids[2], ids[1]]
    assert client.get("/api/submissions", page=9, page_size=2).json()["items"] == []


@pytest.mark.parametrize(
    "params,field,message",
    [
        ({"status": "done"}, "status", "须为以下之一"),
        ({"page": 0}, "page", "不能小于 1"),
        ({"page_size": 101}, "page_size", "不能大于 100"),
        ({"q": "x" * 101}, "q", "不能超过 100 个字符"),
    ],
)
def test_it_refuses_bad_list_parameters(county, api, params, field, message):
    r = api(county.drafter).get("/api/submissions", **params)
    assert r.status_code == 422
    assert r.json()["fields"][0]["field"] == field
    assert r.json()["fields"][0]["message"].startswith(message)


# ---------------------------------------------------------------------------------------------
# Detail


SUBMITTED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Monday


def test_it_shows_an_item_with_its_stage_and_the_actions_of_this_person(county, api):
    s = draft(county, topics=["budget"])
    with time_machine.travel(SUBMITTED_AT, tick=False):
        workflow.perform(s, county.drafter, "submit")
    s.refresh_from_db()
    with time_machine.travel(SUBMITTED_AT + dt.timedelta(hours=2), tick=False):
        data = api(county.first).get(f"/api/submissions/{s.pk}").json()
    assert data["status"] == "first_review"
    assert data["stage"] == {"code": "first_review", "label": "初审初校"}
    assert [p["code"] for p in data["stage_path"]] == [
        "first_review",
        "second_review",
        "final_review",
        "main_leader",
        "county_review",
    ]
    assert data["grade_label"] == "一般信息"
    assert data["topics"] == [{"value": "budget", "label": "预决算"}]
    assert data["version"] == 1
    assert data["due_at"] == "2026-03-03T01:00:00Z"
    assert data["overdue"] is False
    assert data["decisions"][0]["action"] == "submit"
    assert [a["name"] for a in data["actions"]] == ["edit", "pass", "request_changes", "return"]
    assert data["actions"][1] == {
        "name": "pass",
        "label": "初审通过",
        "needs_comment": True,
        "needs_points": True,
        "choices": [],
        "note": "",
    }
    assert data["actions"][3]["choices"] == [{"value": "drafter", "label": "退回拟稿人"}]
    assert data["content_hash"] == s.current_revision.content_hash
    assert data["decisions"][0]["content_hash"] == s.current_revision.content_hash
    assert [a["name"] for a in api(county.drafter).get(f"/api/submissions/{s.pk}").json()["actions"]] == ["recall"]


def test_it_flags_an_item_past_its_due_time(county, api):
    s = draft(county)
    with time_machine.travel(SUBMITTED_AT, tick=False):
        workflow.perform(s, county.drafter, "submit")
    with time_machine.travel(SUBMITTED_AT + dt.timedelta(days=2), tick=False):
        data = api(county.first).get(f"/api/submissions/{s.pk}").json()
    assert data["overdue"] is True


def test_a_draft_has_no_stage_and_no_due_time(county, api):
    s = draft(county)
    data = api(county.drafter).get(f"/api/submissions/{s.pk}").json()
    assert (data["stage"], data["due_at"], data["overdue"]) == (None, None, False)
    assert [a["name"] for a in data["actions"]] == ["edit", "submit"]
