from __future__ import annotations

from django import forms

from sanshen.accounts.models import Unit

from .categories import category_choices
from .models import Bulletin, Interview, ScoringRule, SecrecyReferral, Severity, Source, State
from .periods import parse_period
from .exceptions import InvalidInput

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


def publishing_units():
    return Unit.objects.filter(is_active=True, kind__in=(Unit.Kind.TOWNSHIP, Unit.Kind.DEPARTMENT, Unit.Kind.COUNTY_GOVERNMENT_OFFICE))


class PeriodField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    state = forms.ChoiceField(label="状态", choices=[("", "全部状态"), ("open", "未办结"), ("overdue", "已超期")] + State.choices, required=False)
    source = forms.ChoiceField(label="发现途径", choices=[("", "全部途径")] + Source.choices, required=False)
    severity = forms.ChoiceField(label="性质", choices=[("", "全部性质")] + Severity.choices, required=False)
    period = PeriodField(label="期间", required=False, widget=forms.TextInput(attrs={"placeholder": "如 2026Q3"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else publishing_units()


class EntryForm(forms.Form):
    """手工登记: a superior's bulletin read out, or what the office itself found on a page or account."""

    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    source = forms.ChoiceField(
        label="发现途径", choices=[(Source.SUPERIOR, Source.SUPERIOR.label), (Source.MONITORING, "日常监测（人工）"), (Source.PUBLIC_REPORT, "网民来电来信")]
    )
    category = forms.ChoiceField(label="差错类别", choices=())
    severity = forms.ChoiceField(label="差错性质", choices=Severity.choices, initial=Severity.GENERAL)
    text = forms.CharField(label="差错原文", max_length=300)
    suggestion = forms.CharField(label="应为", max_length=300, required=False)
    message = forms.CharField(label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    url = forms.URLField(label="页面地址", max_length=500, assume_scheme="https")
    reference = forms.CharField(label="通报文号", max_length=100, required=False)
    reporter = forms.CharField(label="通报单位或报告人", max_length=100, required=False)
    found_on = forms.DateField(label="发现日期", widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(label="证据（截图 PNG/JPEG，或页面存档 HTML）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = publishing_units()
        self.fields["category"].choices = category_choices()

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        if f and f.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError("证据文件不能超过 5 MB")
        return f

    def clean(self):
        data = super().clean()
        if data.get("source") == Source.SUPERIOR and not data.get("reference"):
            self.add_error("reference", "上级通报须填写通报文号")
        return data


class ReviewRegisterForm(forms.Form):
    """县级审核 → 登记: a finding or a send-back decision of the submission, with the suggested severity."""

    finding = forms.IntegerField(required=False)
    decision = forms.IntegerField(required=False)
    category = forms.ChoiceField(choices=(), required=False)
    severity = forms.ChoiceField(choices=Severity.choices, required=False)
    text = forms.CharField(max_length=300, required=False)
    suggestion = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def clean(self):
        data = super().clean()
        if bool(data.get("finding")) == bool(data.get("decision")):
            raise forms.ValidationError("请选择一条机审问题或一条退回记录", code="one_origin")
        return data


class ActionForm(forms.Form):
    action = forms.CharField()
    comment = forms.CharField(required=False, max_length=2000)
    severity = forms.ChoiceField(choices=[("", "")] + Severity.choices, required=False)
    category = forms.ChoiceField(choices=(), required=False)
    deadline = forms.DateField(required=False)
    proof_revision = forms.IntegerField(required=False)
    proof_url = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "")] + category_choices()

    def details(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("severity", "category", "deadline", "proof_revision", "proof_url") if data.get(k) not in (None, "")}


BULK_ACTIONS = {"confirm": "确认登记", "verify": "核验通过", "dismiss": "认定不成立"}


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=list(BULK_ACTIONS.items()))
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    comment = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in ids]
        self.fields["ids"].error_messages["required"] = "请先勾选要处理的登记"
        self.fields["ids"].error_messages["invalid_choice"] = "所选登记不存在或您无权处理"


class ImportForm(forms.Form):
    file = forms.FileField(label="上级通报表格（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_EVIDENCE_BYTES * 2:
            raise forms.ValidationError("文件不能超过 10 MB")
        return f


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ("number", "title", "recipients", "intro", "analysis", "requirements", "issuer", "issue_date", "copy_to")
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "analysis": forms.Textarea(attrs={"rows": 5, "placeholder": "每段一行"}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class NewBulletinForm(forms.Form):
    period = PeriodField(label="期间", widget=forms.TextInput(attrs={"placeholder": "2026Q3、2026M09 或 2026"}))


class RuleForm(forms.ModelForm):
    class Meta:
        model = ScoringRule
        fields = ("kind", "indicator", "category", "severity", "points", "note", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = forms.ChoiceField(label="差错类别", choices=[("", "所有类别")] + category_choices(), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ScoringRule.Kind.CAP and not data.get("indicator"):
            self.add_error("indicator", "扣分上限须指明指标")
        if kind != ScoringRule.Kind.CAP:
            data["indicator"] = ""
        if kind != ScoringRule.Kind.ERROR:
            data["category"], data["severity"] = "", ""
        points = data.get("points")
        if points is not None and points < 0:
            self.add_error("points", "分值不能为负数")
        return data


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ("unit", "period", "reason", "held_at", "place", "interviewers", "interviewees", "minutes", "commitments", "follow_up_on")
        widgets = {
            "held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "commitments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = publishing_units()
        self.fields["period"].help_text = "如 2026Q3；留空则不针对某一期"

    def clean_period(self):
        value = self.cleaned_data.get("period", "").strip()
        if value:
            try:
                return parse_period(value).code
            except InvalidInput as exc:
                raise forms.ValidationError(exc.message) from None
        return ""


class FollowUpForm(forms.Form):
    note = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 3}))


class ReferralAnswerForm(forms.Form):
    state = forms.ChoiceField(label="办理状态", choices=[c for c in SecrecyReferral.State.choices if c[0] != "referred"])
    reply = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 3}))


class PublicReportForm(forms.Form):
    """我为政府网站找错: what a visitor saw wrong on an article."""

    KINDS = [("typo", "错别字"), ("fixed_phrase", "表述错误"), ("pii_other", "泄露个人信息"), ("broken_link", "链接或附件打不开"), ("other", "其他")]

    kind = forms.ChoiceField(label="问题类型", choices=KINDS)
    text = forms.CharField(label="有问题的文字", max_length=200)
    description = forms.CharField(label="问题说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contact = forms.CharField(label="联系方式（选填）", max_length=100, required=False)
    # A field people never see; bots that fill every field give themselves away.
    website = forms.CharField(required=False)
