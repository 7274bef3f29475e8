from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "sanshen.accountability"
    verbose_name = "责任追究（错敏登记、通报、考核、约谈）"
