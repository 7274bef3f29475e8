from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sanshen.monitoring"
    verbose_name = "监测"
