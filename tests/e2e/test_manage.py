"""三权分立 in a real browser: the system administrator asks for a role on a person's page in /manage/, the
security administrator approves it on the request's page, and only then does the role count.

Photographed at 1366 px and 390 px for docs/screenshots (manage-*.png).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sanshen.accounts.models import Role, RoleName, RoleRequest, User
from sanshen.test import make_county

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
REASON = "龙文同志接任茅坪镇党政办主任"


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px"


def test_the_security_administrator_approves_a_role_the_system_administrator_asked_for(open_as, shot):
    county = make_county()
    person_url = f"/manage/accounts/user/{county.outsider.pk}/change/"

    for viewport, suffix in ((PHONE, "-phone"), (WIDE, "")):
        page = open_as(county.sysadmin, viewport=viewport)
        page.goto(person_url)
        expect(page.locator("h2", has_text="申请角色（稿件角色须安全管理员批准后生效）")).to_be_visible()
        # Administrator roles are not even offered to the system administrator.
        options = page.locator("select[name='role_requests-0-role'] option").all_inner_texts()
        assert "初审（办公室主任）" in options and "审计管理员" not in options and "安全管理员" not in options
        if suffix:
            _fits(page, PHONE["width"])
            shot(page, "manage-role-request-phone")
            continue
        page.select_option("select[name='role_requests-0-unit']", label="茅坪镇")
        page.select_option("select[name='role_requests-0-role']", label="初审（办公室主任）")
        page.fill("input[name='role_requests-0-reason']", REASON)
        shot(page, "manage-role-request")
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("已提交申请，待安全管理员审批：茅坪镇 · 初审（办公室主任）")

    request = RoleRequest.objects.get()
    assert request.status == RoleRequest.Status.PENDING
    assert not User.objects.get(pk=county.outsider.pk).has_role(RoleName.FIRST_REVIEWER)

    phone = open_as(county.security, viewport=PHONE)
    phone.goto(f"/manage/accounts/rolerequest/{request.pk}/change/")
    expect(phone.get_by_text(REASON)).to_be_visible()
    _fits(phone, PHONE["width"])
    shot(phone, "manage-role-approve-phone")

    page = open_as(county.security, viewport=WIDE)
    page.goto("/manage/accounts/rolerequest/")
    page.get_by_role("link", name="龙文").click()
    expect(page.locator("h1")).to_contain_text("角色申请：龙文 · 初审（办公室主任）")
    page.get_by_label("审批意见（驳回时必填）").fill("同意，已核对任职文件。")
    shot(page, "manage-role-approve")
    page.get_by_role("button", name="批准").click()
    expect(page.locator(".messagelist")).to_contain_text("已批准：龙文 · 茅坪镇 · 初审（办公室主任），即时生效")
    expect(page.locator("#result_list")).to_contain_text("已批准")

    role = Role.objects.get(user=county.outsider, role=RoleName.FIRST_REVIEWER)
    assert (role.unit, role.requested_by, role.approved_by) == (county.unit_b, county.sysadmin, county.security)
    assert User.objects.get(pk=county.outsider.pk).has_role(RoleName.FIRST_REVIEWER, county.unit_b)


def test_a_new_account_and_a_reset_show_a_one_time_password_once(open_as, shot):
    county = make_county()
    for viewport, suffix in ((PHONE, "-phone"), (WIDE, "")):
        page = open_as(county.sysadmin, viewport=viewport)
        page.goto("/manage/accounts/user/add/")
        username = f"a.drafter{len(suffix)}"
        page.get_by_label("用户名").fill(username)
        page.get_by_label("姓名").fill("吴红梅")
        page.get_by_label("单位").select_option(label="三江镇")
        page.get_by_role("button", name="保存", exact=True).click()
        shown = page.locator("#one-time-password").inner_text()
        person = User.objects.get(username=username)
        assert person.must_change_password and person.check_password(shown)
        _fits(page, viewport["width"])
        shot(page, f"manage-one-time-password{suffix}")
        page.get_by_role("link", name="继续：申请角色").click()
        expect(page.locator("h2", has_text="申请角色")).to_be_visible()

    page.get_by_role("link", name="重置密码").click()
    expect(page.get_by_role("button", name="生成一次性密码")).to_be_visible()
    shot(page, "manage-password-reset")
    page.get_by_role("button", name="生成一次性密码").click()
    again = page.locator("#one-time-password").inner_text()
    assert again != shown and User.objects.get(username=username).check_password(again)
    expect(page.locator("#content-main")).to_contain_text("已为 a.drafter0（吴红梅）重置密码")


def test_the_security_administrator_approves_a_whitelist_proposal_and_it_is_in_force_for_that_unit(open_as, shot):
    from sanshen.review import workflow
    from sanshen.review.models import WhitelistEntry
    from sanshen.test import draft, submit

    county = make_county()
    s = submit(draft(county, "值班安排", "<p>镇政府值班电话13800138000。</p>"))
    phone = s.current_revision.findings.get(rule="pii.phone")
    workflow.resolve_finding(s, county.first, phone, resolution="propose_whitelist", reason="镇政府公开的值班电话")

    # The system administrator is not offered the whitelist at all.
    page = open_as(county.sysadmin, viewport=WIDE)
    assert page.goto("/manage/review/whitelistentry/").status == 403
    open_as.expect_console("status of 403")

    page = open_as(county.security, viewport=WIDE)
    page.goto("/manage/review/whitelistentry/")
    expect(page.locator("#result_list")).to_contain_text("13800138000")
    expect(page.locator("#result_list")).to_contain_text("待审批")
    page.locator("#result_list input.action-select").first.check()
    page.select_option("select[name='action']", label="批准所选提议")
    page.get_by_role("button", name="执行").click()
    expect(page.locator(".messagelist")).to_contain_text("已批准 1 条。")
    expect(page.locator("#result_list")).to_contain_text("已生效")
    shot(page, "manage-whitelist-approved")
    entry = WhitelistEntry.objects.get()
    assert (entry.status, entry.decided_by, entry.unit) == ("approved", county.security, county.unit_a)
    # In force for the unit that proposed it; 茅坪镇 is still told about the number.
    mine = draft(county, "又一篇", "<p>镇政府值班电话13800138000。</p>")
    assert mine.current_revision.findings.get(rule="pii.phone").resolution == "whitelisted"
    theirs = workflow.create_submission(county.outsider, title="通知", body="<p>电话13800138000。</p>", column=county.column)
    assert theirs.current_revision.findings.get(rule="pii.phone").resolution == "open"
