from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message for unknown users and wrong passwords, so accounts cannot be enumerated.
        "invalid_login": "用户名或密码错误。连续输错 5 次，账号将被锁定 30 分钟。",
        "inactive": "用户名或密码错误。连续输错 5 次，账号将被锁定 30 分钟。",
    }


class ChangePasswordForm(PasswordChangeForm):
    pass
