from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="accounts-login"),
    path("logout/", auth_views.LogoutView.as_view(), name="accounts-logout"),
    path("password/", views.password_change, name="accounts-password-change"),
    path("second-factor/", views.second_factor_verify, name="accounts-second-factor"),
    path("second-factor/setup/", views.second_factor_setup, name="accounts-second-factor-setup"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="accounts-recovery-codes"),
    path("second-factor/off/", views.second_factor_off, name="accounts-second-factor-off"),
    path("security/", views.security, name="accounts-security"),
    path("tokens/", views.tokens, name="accounts-tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="accounts-token-revoke"),
]
