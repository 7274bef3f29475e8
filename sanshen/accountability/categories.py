"""差错类别: what an error is, in the words of 第三条's eight work standards and of the checks and monitoring.

Every category carries the work standard (第三条 1–8) it usually breaks; 0 stands for what is not about the text
itself (links, updates, the review procedure). The check library's categories are taken as they are, so a new
checker's findings can be registered without touching this table.
"""

from __future__ import annotations

from sanshen.checks.finding import CATEGORIES as CHECK_CATEGORIES
from sanshen.checks.finding import STANDARDS

STANDARD_CHOICES = [(0, "网站运维与发布程序")] + [(n, f"{n}. {label}") for n, label in STANDARDS.items()]

# The standard a check category usually breaks (a finding's own standard wins where known).
_CHECK_STANDARDS = {
    "secrecy_mark": 2,
    "sensitive_word": 2,
    "pii_id_card": 6,
    "pii_bank_card": 6,
    "pii_phone": 6,
    "pii_uscc": 6,
    "pii_other": 6,
    "typo": 8,
    "idiom_typo": 8,
    "fixed_phrase": 8,
    "leader_name": 8,
    "place_name": 8,
    "law_title": 1,
    "punctuation": 8,
    "number_usage": 8,
    "repost_source": 5,
    "link": 0,
}

# Found by monitoring (the kinds of `sanshen monitor`) or entered by the county office.
OTHER_CATEGORIES: dict[str, tuple[str, int]] = {
    "policy": ("不符合政策法规", 1),
    "leak": ("泄露国家秘密", 2),
    "security": ("危害安全稳定", 3),
    "scope": ("不属于主动公开范围", 4),
    "wrong_column": ("内容与栏目不符", 5),
    "fake_date": ("伪造发稿日期", 5),
    "repost_changed": ("转载改动原文", 5),
    "statistics": ("统计数据错误", 7),
    "broken_link": ("链接不可用", 0),
    "hidden_content": ("暗链或隐藏内容", 3),
    "external_link_changed": ("外链内容变质", 3),
    "content_changed": ("页面内容与审定稿不一致", 0),
    "stale": ("长期未更新", 0),
    "stale_column": ("栏目不更新", 0),
    "stale_account": ("新媒体账号不更新", 0),
    "empty_column": ("空白栏目", 0),
    "unanswered_message": ("留言未答复", 0),
    "other": ("其他差错", 0),
}

# Deductions for these fall under the 更新维护 indicator; everything else under 内容准确.
UPDATE_CATEGORIES = frozenset({"stale", "stale_column", "stale_account", "empty_column", "unanswered_message", "broken_link"})
# A leak is referred to the secrecy bureau (第七条).
LEAK_CATEGORIES = frozenset({"leak", "secrecy_mark"})


def all_categories() -> dict[str, tuple[str, int]]:
    table = {code: (label, _CHECK_STANDARDS.get(code, 8)) for code, label in CHECK_CATEGORIES.items()}
    table.update(OTHER_CATEGORIES)
    return table


def category_label(code: str) -> str:
    entry = all_categories().get(code)
    return entry[0] if entry else code


def default_standard(code: str) -> int:
    return all_categories()[code][1]


def category_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _) in all_categories().items()]


def is_known(code: str) -> bool:
    return code in all_categories()


def suggest_severity(category: str, standard: int, finding_severity: str = "") -> str:
    """通报 language for a check finding: 严重表述错误 for political wording, leaders, secrecy and leaks; else 一般差错.

    The national indicators count wrong leader names, state names and political formulations as 严重表述错误
    (checks.md §2.2); the county reviewer can always change the suggestion before registering.
    """
    if category in ("leader_name", "secrecy_mark", "leak", "hidden_content", "external_link_changed", "content_changed"):
        return "serious"
    if category in ("fixed_phrase", "sensitive_word") and standard in (1, 2, 3) and finding_severity in ("block", "serious"):
        return "serious"
    return "general"
