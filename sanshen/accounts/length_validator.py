"""Django's length rule with its message in Chinese.

Django 5.2 changed the message's source text and its zh_Hans catalogue still carries the old one, so the stock
validator answers in English ("This password is too short…"); the help text is translated and stays Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短：至少需要 {self.min_length} 个字符。"
