"""Leaders approve on their phones: at 390 px the inbox and the item page fit the screen and work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS, REVIEW_POINTS, Decision, Status
from sanshen.test import approve_through_unit, draft, make_county, pass_as

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "三江镇召开2026年秋冬季森林防火工作部署会"
BODY = (
    "<p>11月20日，三江镇召开秋冬季森林防火工作部署会，镇党委、政府班子成员，各村（社区）党组织书记参加会议。</p>"
    "<p>会议要求，各村（社区）要压紧压实森林防火责任，加强野外用火管理，咨询电话：0855-7221234。</p>"
)


def _fits(page) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def _inside(locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]


def test_it_lets_a_reviewer_pass_an_item_at_phone_width(open_as, shot):
    county = make_county()
    submission = draft(county, title=TITLE, body=BODY)
    workflow.perform(submission, county.drafter, "submit")

    page = open_as(county.first, viewport=PHONE)
    _fits(page)
    shot(page, "inbox-phone")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    _fits(page)
    shot(page, "submission-phone")

    box = page.locator("details.action-pass")
    assert box.evaluate("d => d.open")
    for _key, point in REVIEW_POINTS:
        checkbox = box.get_by_label(point, exact=True)
        _inside(checkbox)
        checkbox.check()
    box.locator("textarea[name=opinion]").fill("同意报送。")
    button = box.get_by_role("button", name="初审通过")
    button.scroll_into_view_if_needed()
    _inside(button)
    assert button.bounding_box()["height"] >= 40  # a finger, not a mouse pointer
    button.click()
    expect(page.locator(".messages")).to_contain_text("初审通过，已送复审复校：网站管理员 石晓东")
    _fits(page)

    submission.refresh_from_db()
    assert submission.status == Status.SECOND_REVIEW
    decision = submission.decisions.get(action=Decision.Action.PASS)
    assert (decision.stage, decision.actor, decision.opinion) == (Status.FIRST_REVIEW, county.first, "同意报送。")
    assert decision.points == list(REVIEW_POINT_KEYS)


@pytest.mark.parametrize(
    "path",
    ["/work/", "/work/submissions/", "/work/notifications/", "/work/archive/", "/work/submissions/new/"],
)
def test_it_fits_back_office_pages_into_a_phone(open_as, path):
    county = make_county()
    workflow.perform(draft(county, title=TITLE, body=BODY), county.drafter, "submit")
    page = open_as(county.drafter, viewport=PHONE)
    page.goto(path)
    _fits(page)
    menu = page.locator("header.top nav")
    _inside(menu)


def test_it_fits_the_public_site_into_a_phone(open_as, shot):
    county = make_county()
    submission = approve_through_unit(county, draft(county, title=TITLE, body=BODY))
    submission = workflow.perform(pass_as(submission, county.county_reviewer), county.county_reviewer, "publish")
    page = open_as(None, viewport=PHONE)
    page.goto("/")
    _fits(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("article h1")).to_have_text(TITLE)
    _fits(page)
    shot(page, "public-article-phone")
