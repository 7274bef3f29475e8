"""The audit page's filters: person, unit, action, result and a date range."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from sanshen.accounts.models import Unit

from .labels import OUTCOME_LABELS, action_choices


class EntryFilterForm(forms.Form):
    who = forms.CharField(
        label="操作人", required=False, max_length=150, widget=forms.TextInput(attrs={"placeholder": "姓名或用户名"})
    )
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    action = forms.ChoiceField(label="操作", required=False)
    outcome = forms.ChoiceField(label="结果", required=False)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部操作"), *action_choices()]
        outcomes = {value: label for value, label in OUTCOME_LABELS.items() if value != "refused"}  # one 拒绝 is enough
        self.fields["outcome"].choices = [("", "全部结果"), *outcomes.items()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data

    def apply(self, qs: QuerySet) -> QuerySet:
        """The entries matching the valid filters; an invalid field filters nothing (its message says why)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("who"):
            who = data["who"].strip()
            qs = qs.filter(Q(actor_name__icontains=who) | Q(actor__username__iexact=who))
        if data.get("unit"):
            qs = qs.filter(actor__unit=data["unit"])
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("outcome"):
            qs = qs.filter(outcome__in=["denied", "refused"] if data["outcome"] == "denied" else [data["outcome"]])
        if data.get("start"):
            qs = qs.filter(created__gte=_day_start(data["start"]))
        if data.get("end"):
            qs = qs.filter(created__lt=_day_start(data["end"]) + timedelta(days=1))
        return qs


def _day_start(day) -> datetime:
    # Days are the county's days (Asia/Shanghai), not UTC ones.
    return timezone.make_aware(datetime.combine(day, time.min))
