from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sanshen.review"
    verbose_name = "三审三校"
