"""审计日志: an append-only, hash-chained record of every action."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """审计记录: who did what to which object, when, from where, and with what outcome.

    Each entry carries an HMAC over its own fields and the previous entry's hash, so an edited,
    inserted or deleted entry breaks the chain (`sanshen audit verify`). On PostgreSQL a trigger
    also refuses UPDATE and DELETE.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象", max_length=40, blank=True, db_index=True)
    outcome = models.CharField("结果", max_length=20, default="ok")
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.actor_name}"


class ChainHead(models.Model):
    """The chain's tip: one row, locked while an entry is appended, so entries form one line."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
