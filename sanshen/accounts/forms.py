from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from .models import ApiToken


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message for unknown users and wrong passwords, so accounts cannot be enumerated.
        "invalid_login": "用户名或密码错误。连续输错 5 次，账号将被锁定 30 分钟。",
        "inactive": "用户名或密码错误。连续输错 5 次，账号将被锁定 30 分钟。",
    }


class ChangePasswordForm(PasswordChangeForm):
    pass


class CodeForm(forms.Form):
    """验证码: the 6 digits the authenticator shows now."""

    code = forms.CharField(
        label="验证码",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "placeholder": "6 位数字",
            }
        ),
        error_messages={"required": "请输入验证码"},
    )


class RecoveryCodeForm(forms.Form):
    """恢复码: one of the codes shown when the authenticator was set up; each works once."""

    recovery_code = forms.CharField(
        label="恢复码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如 abcd-efgh"}),
        error_messages={"required": "请输入恢复码"},
    )


class TokenForm(forms.Form):
    """签发 API 令牌 for oneself."""

    name = forms.CharField(
        label="用途",
        max_length=60,
        help_text="如“县融媒体中心对接”",
        error_messages={"required": "请填写令牌用途", "max_length": "令牌用途不能超过 60 字"},
    )
    scope = forms.ChoiceField(
        label="权限",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="只读令牌只能查询；读写令牌可以做本人在网页上能做的一切（新建、修改、送审、审核）。",
        error_messages={"required": "请选择令牌权限", "invalid_choice": "请选择令牌权限"},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写令牌用途")
        return name
