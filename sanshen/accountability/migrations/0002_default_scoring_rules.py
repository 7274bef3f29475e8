"""The scoring rules a new deployment starts with; the county office edits them on the 考核 page."""

from decimal import Decimal

from django.db import migrations

DEFAULT_RULES = [
    # kind, indicator, category, severity, points, note
    ("base", "", "", "", "100", "政务公开信息发布年度基础分"),
    ("error", "", "", "serious", "2", "严重表述错误"),
    ("error", "", "", "general", "0.5", "一般差错"),
    ("error", "", "leak", "", "10", "泄露国家秘密"),
    ("error", "", "stale_column", "", "1", "栏目不更新（每个）"),
    ("error", "", "stale_account", "", "1", "新媒体账号不更新（每个）"),
    ("late", "", "", "", "0.5", "逾期整改"),
    ("unrectified", "", "", "", "1", "超过时限仍未整改"),
    ("cap", "content", "", "", "30", "内容准确类扣分上限"),
    ("cap", "rectification", "", "", "20", "整改落实类扣分上限"),
    ("cap", "updates", "", "", "20", "更新维护类扣分上限"),
]


def create_rules(apps, schema_editor):
    ScoringRule = apps.get_model("accountability", "ScoringRule")
    if ScoringRule.objects.exists():
        return
    ScoringRule.objects.bulk_create(
        ScoringRule(kind=kind, indicator=indicator, category=category, severity=severity, points=Decimal(points), note=note)
        for kind, indicator, category, severity, points, note in DEFAULT_RULES
    )


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
