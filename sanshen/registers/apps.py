from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "sanshen.registers"
    verbose_name = "词库与名录"
