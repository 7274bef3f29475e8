from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sanshen.public"
    verbose_name = "门户网站"
