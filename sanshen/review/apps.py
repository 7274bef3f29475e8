from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sanshen.review"
    verbose_name = "三审三校"

    def ready(self) -> None:
        # Each background task sits next to the work it runs; importing the modules registers them with huey.
        from . import checking, reminders, signoff  # noqa: F401
