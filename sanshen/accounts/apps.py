from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanshen.accounts"
    verbose_name = "单位与人员"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
