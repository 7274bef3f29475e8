import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sanshen.test import PASSWORD


@pytest.mark.parametrize(
    "password, code",
    [
        ("abcdefg", "password_too_short"),
        ("abcdefgh", "password_too_few_classes"),
        ("Zhangsan1!", "password_contains_username"),
    ],
)
def test_it_rejects_weak_passwords(db, django_user_model, password, code):
    user = django_user_model(username="zhangsan", full_name="张三")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert code in [e.code for e in exc.value.error_list]


def test_it_accepts_a_long_passphrase(db, django_user_model):
    user = django_user_model(username="zhangsan", full_name="张三")
    validate_password("Correct horse battery staple 1 for the county website!!" + "x" * 8, user)


def test_it_refuses_the_last_five_passwords(county):
    user = county.drafter
    used = [f"Pass#word{i}x" for i in range(5)]
    for p in used:
        user.set_password(p)
        user.save()
    for p in used + [PASSWORD]:
        with pytest.raises(ValidationError) as exc:
            validate_password(p, user)
        assert exc.value.error_list[0].code == "password_reused"
    validate_password("Brand#New2026pw", user)


def test_it_sends_an_old_password_to_the_change_page(county, client):
    client.force_login(county.first)
    assert client.get("/work/").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=91), tick=False):
        client.force_login(county.first)
        r = client.get("/work/")
    assert r.status_code == 302
    assert r["Location"] == "/accounts/password/?next=%2Fwork%2F"


def test_it_forces_a_new_account_to_change_its_initial_password(county, client):
    county.first.must_change_password = True
    county.first.save()
    client.force_login(county.first)
    r = client.get("/work/submissions/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/?next=%2Fwork%2Fsubmissions%2F"
    r = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh#Start2026",
            "new_password2": "Fresh#Start2026",
            "next": "/work/submissions/",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/work/submissions/"
    county.first.refresh_from_db()
    assert not county.first.must_change_password
    assert client.get("/work/submissions/").status_code == 200
