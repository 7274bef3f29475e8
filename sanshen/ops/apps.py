from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sanshen.ops"
    verbose_name = "运维"
