from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sanshen.api"
    label = "api"
    verbose_name = "API"
