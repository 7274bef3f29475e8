"""Login, logout and password change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from sanshen.audit.log import client_ip, record

from .forms import ChangePasswordForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request), "locked": True},
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
        return redirect("review-inbox")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.method == "GET"})
