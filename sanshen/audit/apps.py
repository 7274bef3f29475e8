from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sanshen.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from . import checks  # noqa: F401
