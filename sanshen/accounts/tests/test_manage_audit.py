"""Every change made in /manage/ reaches the hash-chained audit log, with before/after values, in the same
transaction as the change."""

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanshen.accounts.models import ApiToken, Column, Unit
from sanshen.audit.admin_mixin import AuditedAdminMixin
from sanshen.audit.models import AuditEntry
from sanshen.lib.seal import draw_seal
from sanshen.registers.models import Leader, RegisterVersion, SensitiveWord
from sanshen.test import make_person, make_role, make_unit

from .helpers import submit


def _entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_every_manage_page_for_accounts_and_registers_is_audited():
    audited = {
        model._meta.label: isinstance(model_admin, AuditedAdminMixin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("accounts", "registers", "axes")
    }
    assert len(audited) == 11
    assert [label for label, ok in audited.items() if not ok] == []


def test_a_unit_change_records_each_changed_field_before_and_after(county, client):
    client.force_login(county.sysadmin)
    url = f"/manage/accounts/unit/{county.unit_a.pk}/change/"
    r = submit(client, url, {"name": "锦屏县三江镇人民政府", "stage_limit_days": "2", "signs_on_paper": "on"})
    assert r.status_code == 302
    entry = _entry("manage.changed")
    assert (entry.actor_id, entry.object_type) == (county.sysadmin.pk, "accounts.unit")
    assert entry.object_id == str(county.unit_a.pk)
    assert entry.detail == {
        "object": "锦屏县三江镇人民政府",
        "changes": {
            "name": {"before": "三江镇", "after": "锦屏县三江镇人民政府"},
            "signs_on_paper": {"before": False, "after": True},
            "stage_limit_days": {"before": None, "after": 2},
        },
    }


def test_a_seal_upload_records_the_old_and_new_file(county, client):
    client.force_login(county.sysadmin)
    before = county.unit_a.seal.name
    seal = SimpleUploadedFile("新公章.png", draw_seal("三江镇", size=120), content_type="image/png")
    r = submit(client, f"/manage/accounts/unit/{county.unit_a.pk}/change/", {"seal": seal})
    assert r.status_code == 302
    change = _entry("manage.changed").detail["changes"]["seal"]
    assert change["before"] == before
    assert change["after"] == Unit.objects.get(pk=county.unit_a.pk).seal.name != before


def test_saving_without_a_change_writes_nothing(county, client):
    client.force_login(county.sysadmin)
    assert submit(client, f"/manage/accounts/column/{county.column.pk}/change/", {}).status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="manage.").exists()


def test_a_new_column_records_its_values(county, client):
    client.force_login(county.sysadmin)
    r = submit(client, "/manage/accounts/column/add/", {"name": "通知公告", "slug": "tzgg", "kind": "notice"})
    assert r.status_code == 302
    entry = _entry("manage.added")
    column = Column.objects.get(slug="tzgg")
    assert (entry.object_type, entry.object_id) == ("accounts.column", str(column.pk))
    assert entry.detail["values"] == {
        "name": "通知公告",
        "slug": "tzgg",
        "kind": "notice",
        "description": "",
        "sort_order": 0,
        "on_home_page": True,
    }


def test_operators_of_a_media_account_are_recorded_as_lists(county, client):
    client.force_login(county.sysadmin)
    url = f"/manage/accounts/mediaaccount/{county.account.pk}/change/"
    r = submit(client, url, {"operators": [str(county.second.pk), str(county.first.pk)], "is_active": ""})
    assert r.status_code == 302
    assert _entry("manage.changed").detail["changes"] == {
        "operators": {"before": ["石晓东"], "after": sorted(["石晓东", "姜海燕"])},
        "is_active": {"before": True, "after": False},
    }


def test_a_person_change_records_before_and_after(county, client):
    client.force_login(county.sysadmin)
    changes = {"position": "信息员", "unit": str(county.unit_b.pk)}
    r = submit(client, f"/manage/accounts/user/{county.drafter.pk}/change/", changes, form_id="user_form")
    assert r.status_code == 302
    assert _entry("manage.changed").detail["changes"] == {
        "unit": {"before": "三江镇", "after": "茅坪镇"},
        "position": {"before": "", "after": "信息员"},
    }


def test_revoking_an_api_token_records_it_without_its_hash(county, client):
    token, key = ApiToken.issue(county.drafter, "县融媒体中心对接")
    client.force_login(county.sysadmin)
    r = client.post(f"/manage/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert not ApiToken.objects.exists()
    detail = _entry("manage.deleted").detail
    assert detail["values"]["key_hash"] == "已修改"
    assert detail["values"]["name"] == "县融媒体中心对接" and detail["values"]["user"] == "潘德江"
    assert ApiToken.hash_key(key) not in str(detail)


def test_deleting_a_unit_lists_what_went_with_it(county, client):
    unit = make_unit("县档案馆", "dag", Unit.Kind.DEPARTMENT)
    person = make_person("dag.drafter", "罗红梅", county.unit_b)
    make_role(person, unit, "drafter")
    client.force_login(county.sysadmin)
    r = client.post(f"/manage/accounts/unit/{unit.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    detail = _entry("manage.deleted").detail
    assert detail["values"]["name"] == "县档案馆" and detail["values"]["kind"] == "department"
    assert detail["cascade"] == ["角色: 罗红梅 · 县档案馆 · 拟稿人"] and detail["cascade_count"] == 1


def test_unlocking_an_account_is_recorded(county, client):
    attempt = AccessAttempt.objects.create(
        username="a.drafter", ip_address="10.0.0.8", user_agent="x", path_info="/accounts/login/",
        failures_since_start=5, get_data="", post_data="", http_accept="*/*", attempt_time=timezone.now(),
    )
    client.force_login(county.sysadmin)
    assert client.post(f"/manage/accounts/lockout/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert _entry("manage.deleted").detail["values"]["username"] == "a.drafter"


# --- the security administrator's word lists ----------------------------------------------------------------


def test_a_word_change_by_the_security_administrator_is_recorded(county, client):
    word = SensitiveWord.objects.create(word="代开发票", category="违法", level=2)
    client.force_login(county.security)
    r = submit(client, f"/manage/registers/sensitiveword/{word.pk}/change/", {"level": "1"})
    assert r.status_code == 302
    entry = _entry("manage.changed")
    assert (entry.actor_id, entry.object_type) == (county.security.pk, "registers.sensitiveword")
    assert entry.detail["changes"] == {"level": {"before": 2, "after": 1}}


def test_a_bulk_delete_records_every_word_and_reloads_the_registers(county, client):
    words = [SensitiveWord.objects.create(word=w, level=2) for w in ("赌博网站", "代开发票", "枪支")]
    version = RegisterVersion.current()
    client.force_login(county.security)
    r = client.post(
        "/manage/registers/sensitiveword/",
        {"action": "delete_selected", "_selected_action": [str(w.pk) for w in words[:2]], "post": "yes"},
    )
    assert r.status_code == 302
    assert list(SensitiveWord.objects.values_list("word", flat=True)) == ["枪支"]
    entries = AuditEntry.objects.filter(action="manage.deleted").order_by("seq")
    assert sorted(e.detail["values"]["word"] for e in entries) == ["代开发票", "赌博网站"]
    assert {e.object_id for e in entries} == {str(words[0].pk), str(words[1].pk)}
    assert RegisterVersion.current() != version


def test_a_leader_added_by_the_security_administrator_is_recorded(county, client):
    client.force_login(county.security)
    r = submit(client, "/manage/registers/leader/add/", {"name": "王明", "title": "县长", "organisation": "锦屏县人民政府"})
    assert r.status_code == 302
    assert Leader.objects.get().name == "王明"
    assert _entry("manage.added").detail["values"]["title"] == "县长"


# --- fail closed: no audit entry, no change ------------------------------------------------------------------


def _audit_fails(*args, **kwargs):
    raise RuntimeError("audit store unavailable")


@pytest.mark.parametrize(
    "target",
    ["sanshen.audit.admin_mixin.record", "sanshen.accounts.roles.record"],
)
def test_a_change_whose_audit_entry_cannot_be_written_rolls_back(county, client, target):
    client.raise_request_exception = True
    client.force_login(county.sysadmin)
    url = f"/manage/accounts/user/{county.outsider.pk}/change/"
    changes = {
        "position": "办公室副主任",
        "role_requests-0-unit": str(county.unit_b.pk),
        "role_requests-0-role": "first_reviewer",
        "role_requests-0-reason": "接任",
    }
    with mock.patch(target, _audit_fails), pytest.raises(RuntimeError):
        submit(client, url, changes, form_id="user_form")
    county.outsider.refresh_from_db()
    assert county.outsider.position == ""
    assert not county.outsider.role_requests.exists()


def test_a_bulk_delete_whose_audit_entry_cannot_be_written_deletes_nothing(county, client):
    words = [SensitiveWord.objects.create(word=w, level=2) for w in ("赌博网站", "代开发票")]
    client.force_login(county.security)
    with mock.patch("sanshen.audit.admin_mixin.record", _audit_fails), pytest.raises(RuntimeError):
        client.post(
            "/manage/registers/sensitiveword/",
            {"action": "delete_selected", "_selected_action": [str(w.pk) for w in words], "post": "yes"},
        )
    assert SensitiveWord.objects.count() == 2
