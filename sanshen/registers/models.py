"""词库与名录: the deployment's own data for the automatic checks, kept by administrators."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone


class RegisterVersion(models.Model):
    """One row whose number changes whenever any register changes, so every app server reloads.

    The number is a fresh random one, not a count: a change that is rolled back must not leave its number to the
    next change, or a server that cached the rolled-back registers under that number would keep them.
    """

    number = models.PositiveBigIntegerField(default=0)

    @classmethod
    def bump(cls) -> None:
        number = secrets.randbits(62) + 1
        if not cls.objects.filter(pk=1).update(number=number):
            cls.objects.update_or_create(pk=1, defaults={"number": number})

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0


class BumpOnChange(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        RegisterVersion.bump()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        RegisterVersion.bump()
        return result


class SensitiveWord(BumpOnChange):
    """敏感词: a word with its category and level (1 禁用 → block, 2 严重 → serious, 3 慎用 → warn)."""

    class Level(models.IntegerChoices):
        FORBIDDEN = 1, "禁用"
        SERIOUS = 2, "严重"
        CAUTION = 3, "慎用"

    word = models.CharField("词语", max_length=50, unique=True)
    category = models.CharField("分类", max_length=30, default="其他")
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices, default=Level.SERIOUS)
    note = models.CharField("说明", max_length=200, blank=True)
    suggestion = models.CharField("建议", max_length=50, blank=True)
    is_whitelist = models.BooleanField("白名单", default=False, help_text="白名单中的词语不报敏感词")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "敏感词"
        ordering = ["category", "word"]

    def __str__(self) -> str:
        return self.word


class Leader(BumpOnChange):
    """领导名录: a leader and title valid over a period, for name and title checks."""

    name = models.CharField("姓名", max_length=20)
    title = models.CharField("职务", max_length=100, help_text="多个职务用 | 分隔，如 县委书记|县人大常委会主任")
    organisation = models.CharField("单位", max_length=100, blank=True)
    valid_from = models.DateField("任职起", null=True, blank=True)
    valid_to = models.DateField("任职止", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "领导名录"
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class FallenOfficial(BumpOnChange):
    """落马官员: named in a positive context after this date is a serious error."""

    name = models.CharField("姓名", max_length=20)
    date = models.DateField("通报日期")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "落马官员"
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.name


class QualifiedSource(BumpOnChange):
    """稿源单位: sources a repost may come from (国办发〔2018〕123号)."""

    name = models.CharField("名称", max_length=100, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "可转载稿源"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
