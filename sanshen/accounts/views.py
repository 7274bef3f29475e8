"""Login, logout, password change, the second factor and one's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sanshen.api.auth import issue_token, revoke_token
from sanshen.audit.log import client_ip, record

from . import second_factor
from .forms import ChangePasswordForm, CodeForm, LoginForm, RecoveryCodeForm, TokenForm
from .middleware import password_expired
from .models import ApiToken


def _next_url(request) -> str:
    """Where to go once a step is done: the page the person was sent away from, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("review-inbox")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    return render(
        request,
        "accounts/login.html",
        {
            "form": LoginForm(request),
            "locked": True,
            "address_locked": getattr(request, "sanshen_address_locked", False),
        },
        status=429,
    )


@login_required
def password_change(request):
    user = request.user
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
            record("accounts.password_changed", actor=user, obj=user, ip=client_ip(request))
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect(_next_url(request))
    context = {"form": form, "forced": password_expired(user), "next": _next_url(request)}
    return render(request, "accounts/password_change.html", context)


# ---------------------------------------------------------------------------------------------
# The second factor


@login_required
def second_factor_verify(request):
    """输入验证码: after the password, for whoever has an authenticator."""
    user = request.user
    if not second_factor.enrolled(user):
        return redirect("accounts-second-factor-setup" if second_factor.required(user) else "review-inbox")
    if second_factor.is_verified(request):
        return redirect(_next_url(request))
    recovery = "recovery_code" in request.POST
    code_form = CodeForm(request.POST if request.method == "POST" and not recovery else None)
    recovery_form = RecoveryCodeForm(request.POST if recovery else None)
    status = 200
    if request.method == "POST":
        form, field = (recovery_form, "recovery_code") if recovery else (code_form, "code")
        if form.is_valid():
            try:
                second_factor.verify(request, form.cleaned_data[field], recovery=recovery)
            except second_factor.SecondFactorError as exc:
                form.add_error(field, exc.message)
            else:
                if recovery:
                    left = second_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"已用一个恢复码登录，还剩 {left} 个。手机找回或更换后，请在“账号安全”中重新设置验证器。",
                    )
                return redirect(_next_url(request))
        status = 400
    context = {
        "form": code_form,
        "recovery_form": recovery_form,
        "recovery_open": recovery,
        "next": _next_url(request),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/second_factor.html", context, status=status)


@login_required
def second_factor_setup(request):
    """设置验证器: scan the QR code, enter the first code, receive the recovery codes (shown once)."""
    user = request.user
    device = second_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        except second_factor.SecondFactorError as exc:
            form.add_error("code", exc.message)
        else:
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "set_up": True, "next": _next_url(request)}
            )
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "replacing": second_factor.enrolled(user),
        "required": second_factor.required(user),
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def recovery_codes(request):
    """重新生成恢复码: the old ones stop working; the new ones are shown once."""
    try:
        codes = second_factor.new_recovery_codes(request)
    except second_factor.SecondFactorError as exc:
        messages.error(request, exc.message)
        return redirect("accounts-security")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "set_up": False, "next": reverse("accounts-security")}
    )


@login_required
@require_POST
def second_factor_off(request):
    """停用: only for someone who set up an authenticator of their own accord."""
    try:
        second_factor.turn_off(request)
    except second_factor.SecondFactorError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已停用双因素认证，验证器和恢复码均已作废。")
    return redirect("accounts-security")


@login_required
def security(request):
    """账号安全: password, second factor, API tokens."""
    user = request.user
    device = second_factor.authenticator(user)
    context = {
        "device": device,
        "required": second_factor.required(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user) if device else 0,
        "tokens_active": user.api_tokens.filter(revoked_at__isnull=True).count(),
    }
    return render(request, "accounts/security.html", context)


# ---------------------------------------------------------------------------------------------
# One's own API tokens


@login_required
def tokens(request):
    """API 令牌: one's own tokens; a new one's key is shown on this page once."""
    user = request.user
    form = TokenForm(request.POST or None)
    key = new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            new_token, key = issue_token(
                user.username,
                form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                actor=user,
                ip=client_ip(request),
            )
            form = TokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": user.api_tokens.all(), "key": key, "new_token": new_token}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # others' tokens do not exist here
    if token.is_revoked:
        raise Http404("令牌已撤销")
    revoke_token(request.user, token, ip=client_ip(request))
    messages.success(request, f"已撤销令牌“{token.name}”，使用它的调用从现在起一律被拒绝。")
    return redirect("accounts-tokens")
