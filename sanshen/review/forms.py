from django import forms

from sanshen.accounts.models import Column, MediaAccount

from .models import REVIEW_POINTS, Escalation, Grade, Topic


class SubmissionForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18, "class": "rich-source"}), required=False)
    target = forms.ChoiceField(label="发布目标")
    grade = forms.ChoiceField(label="信息分类", choices=Grade.choices, initial=Grade.GENERAL)
    topics = forms.MultipleChoiceField(
        label="专题", choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    ask_main_leader = forms.BooleanField(label="送本单位主要领导签批", required=False)
    is_repost = forms.BooleanField(label="转载稿件", required=False)
    repost_source = forms.CharField(label="原稿出处", max_length=100, required=False)
    repost_author = forms.CharField(label="原稿作者", max_length=100, required=False)
    repost_url = forms.URLField(label="原文链接", required=False, assume_scheme="https")
    remark = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "请选择")]
        choices += [(f"column:{c.pk}", f"网站栏目 · {c.name}") for c in Column.objects.all()]
        if unit is not None:
            choices += [
                (f"account:{a.pk}", f"新媒体 · {a}") for a in MediaAccount.objects.filter(unit=unit, is_active=True)
            ]
        self.fields["target"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("is_repost") and not (data.get("repost_source") and data.get("repost_author")):
            self.add_error("repost_source", "转载稿件须注明原稿作者及出处")
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        kind, _, pk = data["target"].partition(":")
        return {
            "column": Column.objects.get(pk=pk) if kind == "column" else None,
            "media_account": MediaAccount.objects.get(pk=pk) if kind == "account" else None,
            "grade": data["grade"],
            "topics": list(data["topics"]),
            "ask_main_leader": data["ask_main_leader"],
            "is_repost": data["is_repost"],
            "repost_source": data["repost_source"],
            "repost_author": data["repost_author"],
            "repost_url": data["repost_url"],
            "remark": data["remark"],
        }

    @staticmethod
    def initial_for(submission) -> dict:
        target = f"column:{submission.column_id}" if submission.column_id else f"account:{submission.media_account_id}"
        return {
            "title": submission.title,
            "body": submission.body,
            "target": target,
            "grade": submission.grade,
            "topics": submission.topics,
            "ask_main_leader": submission.ask_main_leader,
            "is_repost": submission.is_repost,
            "repost_source": submission.repost_source,
            "repost_author": submission.repost_author,
            "repost_url": submission.repost_url,
            "remark": submission.remark,
        }


class EditForm(forms.Form):
    """修改 after submission: title and body only; the base revision guards against lost updates."""

    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18, "class": "rich-source"}), required=False)
    note = forms.CharField(label="修改说明", max_length=200, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    points = forms.MultipleChoiceField(
        label="审核要点", choices=REVIEW_POINTS, required=False, widget=forms.CheckboxSelectMultiple
    )
    to_stage = forms.CharField(required=False)
    kinds = forms.MultipleChoiceField(choices=Escalation.Kind.choices, required=False)
    verdict = forms.ChoiceField(choices=[("", "")] + list(Escalation.Verdict.choices), required=False)
    post_url = forms.CharField(required=False, max_length=500)

    def kwargs(self, action: str) -> dict:
        data = self.cleaned_data
        extra = {
            "pass": {"points": data["points"]},
            "return": {"to_stage": data["to_stage"] or "drafter"},
            "escalate": {"kinds": data["kinds"]},
            "answer": {"verdict": data["verdict"]},
            "publish": {"post_url": data["post_url"]},
        }.get(action, {})
        return {"opinion": data["opinion"], **extra}


class ScanForm(forms.Form):
    scan = forms.FileField(label="审签表扫描件（PDF 或图片）")


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(label="标题", required=False)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
