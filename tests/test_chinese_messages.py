"""Messages Django writes itself are Chinese too: each configured password validator, the password forms, and the
page a form gets when its CSRF token has gone stale (Django's own says "Forbidden" and mentions DEBUG).

Django 5.2's zh_Hans catalogue misses the length rule's new wording, so the stock validator answered in English;
sanshen.accounts.length_validator says it in Chinese.
"""

import re

import pytest
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from sanshen.accounts.forms import ChangePasswordForm
from sanshen.test import PASSWORD

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A sentence in English: two words of Latin letters in a row.
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def assert_chinese(message: str) -> None:
    assert CHINESE.search(message) and not ENGLISH.search(message), message


@pytest.fixture(autouse=True)
def _site_language():
    # As LocaleMiddleware sets it for every request (LANGUAGES has zh-hans only).
    with translation.override("zh-hans"):
        yield


# (password, the message it gets) for each rule, for the user a.drafter.
REFUSED = [
    ("Ab1!", "password_too_short", "密码太短：至少需要 8 个字符。"),
    ("abcdefghij", "password_too_few_classes", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类。"),
    ("Xa.drafter9", "password_contains_username", "密码不能包含用户名。"),
    (PASSWORD, "password_reused", "不能使用最近 5 次用过的密码。"),
    ("Password1!", "password_too_common", None),
]


@pytest.mark.parametrize("password, code, expected", REFUSED)
def test_each_refusal_is_chinese(county, password, code, expected):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, county.drafter)
    messages = {e.code: e.messages[0] for e in refused.value.error_list}
    assert code in messages, messages
    assert_chinese(messages[code])
    if expected is not None:
        assert messages[code] == expected


def test_every_configured_validator_explains_itself_in_chinese():
    validators = get_default_password_validators()
    assert len(validators) >= 5
    for validator in validators:
        assert_chinese(str(validator.get_help_text()))


@pytest.mark.parametrize(
    "data, field, expected",
    [
        ({"old_password": "Wrong#Pass2026", "new_password1": "Neu#Pass2027x", "new_password2": "Neu#Pass2027x"},
         "old_password", "你的旧密码不正确。请重新输入。"),
        ({"old_password": PASSWORD, "new_password1": "Neu#Pass2027x", "new_password2": "Neu#Pass2027y"},
         "new_password2", "输入的两个密码不一致。"),
        ({"old_password": PASSWORD, "new_password1": "Ab1!", "new_password2": "Ab1!"},
         "new_password2", "密码太短：至少需要 8 个字符。"),
        ({"old_password": "", "new_password1": "", "new_password2": ""}, "old_password", "这个字段是必填项。"),
    ],
)
def test_the_change_password_form_refuses_in_chinese(county, data, field, expected):
    form = ChangePasswordForm(county.drafter, data)
    assert not form.is_valid()
    assert expected in form.errors[field]
    for messages in form.errors.values():
        for message in messages:
            assert_chinese(message)


def test_the_change_password_page_shows_the_length_rule_in_chinese(county, client):
    client.force_login(county.drafter)
    r = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "Ab1!", "new_password2": "Ab1!"}
    )
    body = r.content.decode()
    assert "密码太短：至少需要 8 个字符。" in body
    assert "too short" not in body


def test_a_form_posted_without_its_csrf_token_gets_the_chinese_page(county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.drafter)
    r = client.post("/accounts/password/", {"old_password": PASSWORD})
    assert r.status_code == 403
    body = r.content.decode()
    assert '<html lang="zh-hans">' in body and "页面已过期" in body
    assert "DEBUG" not in body and "Forbidden" not in body
