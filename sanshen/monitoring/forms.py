from django import forms

from .indicators import THRESHOLDS
from .models import MonitoredSite, MonitorRun

# Days and counts above this are typing mistakes (ten years), not policies.
MAX_THRESHOLD = 3650


class ThresholdForm(forms.Form):
    """监测指标阈值: one whole-number field per indicator, labelled as the national tables name them."""

    def __init__(self, *args, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for t in THRESHOLDS:
            top = 100 if t.unit == "%" else MAX_THRESHOLD
            self.fields[t.key] = forms.IntegerField(
                label=f"{t.label}（{t.unit}）",
                min_value=1,
                max_value=top,
                initial=current[t.key],
                help_text=f"{t.help}。国家标准默认 {t.default}{t.unit}。",
                error_messages={
                    "required": "请填写阈值",
                    "invalid": "请填写整数",
                    "min_value": "阈值至少为 1",
                    "max_value": f"阈值不能超过 {top}",
                },
            )


class RunForm(forms.Form):
    """立即运行: a site's crawl, an account's check, or the repost comparison."""

    kind = forms.ChoiceField(choices=MonitorRun.Kind.choices, error_messages={"invalid_choice": "任务类型无效"})
    site = forms.ModelChoiceField(
        queryset=MonitoredSite.objects.filter(is_active=True), required=False, error_messages={"invalid_choice": "监测对象不存在或已停用"}
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, site = data.get("kind"), data.get("site")
        if kind == MonitorRun.Kind.SITE and (site is None or not site.is_website):
            raise forms.ValidationError("请选择要巡检的网站")
        if kind == MonitorRun.Kind.ACCOUNT and (site is None or site.kind != MonitoredSite.Kind.ACCOUNT):
            raise forms.ValidationError("请选择要检查的新媒体账号")
        if kind == MonitorRun.Kind.REPOSTS:
            data["site"] = None
        return data
