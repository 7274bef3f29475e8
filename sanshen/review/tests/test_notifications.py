"""站内通知: the next reviewers hear when an item reaches them; the drafter and earlier signers hear, with the
comment, of requests for changes, returns, refusals and publication."""

from sanshen.review.models import Escalation, Grade, Notification, Status
from sanshen.test import make_person, pass_as

from .helpers import act, general_item_at, notified

K = Notification.Kind
SIGNERS = ["a.drafter", "a.first", "a.second"]  # drafter and signers before 终审, sorted by username


def test_it_tells_every_reviewer_of_the_stage_when_the_item_reaches_them(county):
    make_person("a.first2", "杨帆", county.unit_a, "first_reviewer")
    s = general_item_at(county, Status.FIRST_REVIEW)
    assert notified(s, K.TO_REVIEW) == [("a.first", ""), ("a.first2", "")]
    (n, _) = Notification.objects.filter(submission=s, kind=K.TO_REVIEW)
    assert n.message == "《三江镇召开森林防火工作会议》待您初审初校"


def test_it_tells_only_the_next_stage_and_not_another_unit(county):
    s = pass_as(general_item_at(county, Status.FIRST_REVIEW), county.first)
    rows = list(Notification.objects.filter(submission=s, kind=K.TO_REVIEW).values_list("recipient__username", "message"))
    assert sorted(rows) == [
        ("a.first", "《三江镇召开森林防火工作会议》待您初审初校"),
        ("a.second", "《三江镇召开森林防火工作会议》待您复审复校"),
    ]
    assert not Notification.objects.filter(recipient=county.outsider_reviewer).exists()


def test_it_tells_the_county_leader_of_a_special_item(county):
    s = pass_as(general_item_at(county, Status.MAIN_LEADER, grade=Grade.SPECIAL), county.leader)
    assert ("c.leader", "") in notified(s, K.TO_REVIEW)


def test_it_tells_the_drafter_and_earlier_signers_of_a_request_for_changes(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    act(s, county.final, "request_changes", opinion="请补充参会人员。")
    assert notified(s, K.CHANGES_REQUESTED) == [(name, "请补充参会人员。") for name in SIGNERS]
    (n, *_) = Notification.objects.filter(submission=s, kind=K.CHANGES_REQUESTED)
    assert n.message == "《三江镇召开森林防火工作会议》需要修改"


def test_it_tells_the_drafter_and_earlier_signers_of_a_return(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    act(s, county.final, "return", to_stage=Status.FIRST_REVIEW, opinion="数据请初审再核。")
    assert notified(s, K.RETURNED) == [(name, "数据请初审再核。") for name in SIGNERS]


def test_it_tells_the_drafter_and_earlier_signers_of_a_refusal(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    act(s, county.final, "refuse", opinion="不属于公开范围。")
    assert notified(s, K.REFUSED) == [(name, "不属于公开范围。") for name in SIGNERS]


def test_it_tells_the_drafter_and_every_signer_of_publication(county):
    s = general_item_at(county, Status.APPROVED)
    act(s, county.county_reviewer, "publish", opinion="已发布到乡镇动态。")
    # the county reviewer signed 审核 but published it: nobody tells them what they did
    assert notified(s, K.PUBLISHED) == [(name, "已发布到乡镇动态。") for name in ("a.drafter", "a.final", "a.first", "a.second")]


def test_it_tells_the_publishers_when_an_item_is_approved(county):
    website = general_item_at(county, Status.APPROVED)
    media = general_item_at(county, Status.APPROVED, media_account=county.account)
    waiting = Notification.objects.filter(kind=K.TO_REVIEW, message__endswith="已审核通过，待发布")
    assert sorted(waiting.values_list("submission", "recipient__username")) == [
        (website.pk, "c.reviewer"),
        (media.pk, "a.second"),  # the account's operator
    ]


def test_it_tells_the_offices_asked_and_then_the_second_reviewer(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY], opinion="储备点位置是否涉密？")
    assert notified(s, K.ESCALATED) == [("c.secrecy", "")]
    act(s, county.secrecy, "answer", verdict=Escalation.Verdict.REVISE, opinion="删去具体位置。")
    rows = list(Notification.objects.filter(submission=s, kind=K.ANSWERED).values_list("recipient__username", "message", "comment"))
    assert rows == [("a.second", "县保密部门已答复《三江镇召开森林防火工作会议》：修改后发布", "删去具体位置。")]


def test_it_marks_notifications_read_when_the_item_is_opened(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    assert "未读通知 <b>1</b>" in client.get("/work/").content.decode()
    client.get(f"/work/submissions/{s.pk}/")
    assert Notification.objects.filter(recipient=county.first, read_at__isnull=True).count() == 0
    assert "未读通知 <b>0</b>" in client.get("/work/").content.decode()
