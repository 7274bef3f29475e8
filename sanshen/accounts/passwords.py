"""Password rules from the 等保 baseline (length, character classes, no username, no reuse), and the one-time
passwords administrators give out."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least `min_classes` of: lower case, upper case, digits, symbols."""

    CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"\d"), re.compile(r"[^a-zA-Z\d]"))

    def __init__(self, min_classes: int = 3):
        if not 1 <= min_classes <= 4:
            raise ValueError(f"Invalid min_classes: {min_classes}")
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(bool(c.search(password)) for c in self.CLASSES) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_few_classes",
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class NoUsernameValidator:
    """The password must not contain the account name."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不能包含用户名。"


class HistoryValidator:
    """None of the last `keep` passwords may be used again."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        hashes = list(user.password_history.values_list("password", flat=True)[: self.keep])
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(f"不能使用最近 {self.keep} 次用过的密码。", code="password_reused")

    def get_help_text(self):
        return f"不能使用最近 {self.keep} 次用过的密码。"


# The demo county's shared password, printed in the README: refused for anyone else, and a deploy check looks for it.
DEMO_PASSWORD = "Jinping@2026"


class DemoPasswordValidator:
    """Not the demo county's shared password, which the README prints (so the deploy check need not look for it
    among passwords people chose themselves)."""

    def validate(self, password, user=None):
        if password.strip().lower() == DEMO_PASSWORD.lower():
            raise ValidationError("不能使用演示账号的公开密码。", code="password_is_demo_password")

    def get_help_text(self):
        return "不能使用演示账号的公开密码。"


# Letters and digits that cannot be misread when read out over the phone (no 0/O, 1/l/I).
ONE_TIME_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password(user=None) -> str:
    """A password of three groups of four, like `Kp7m-Xr4q-Tz9w`, that passes every configured validator."""
    from django.contrib.auth.password_validation import validate_password

    while True:
        groups = ["".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
