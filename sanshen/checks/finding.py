"""问题 (Finding): one thing a checker found in a text, with offsets and a reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

# 严重程度. "block" stops submission and passing; "serious" needs a recorded reason to pass.
SEVERITIES = ("block", "serious", "warn", "info")
SEVERITY_LABELS = {"block": "禁止", "serious": "严重", "warn": "警告", "info": "提示"}

CATEGORIES = {
    "secrecy_mark": "涉密标识",
    "sensitive_word": "敏感词",
    "pii_id_card": "身份证号",
    "pii_bank_card": "银行卡号",
    "pii_phone": "电话号码",
    "pii_uscc": "统一社会信用代码",
    "pii_other": "其他个人信息",
    "typo": "错别字",
    "idiom_typo": "成语错误",
    "fixed_phrase": "规范表述",
    "leader_name": "领导姓名",
    "place_name": "地名",
    "law_title": "法律法规名称",
    "punctuation": "标点符号",
    "number_usage": "数字用法",
    "statistics": "统计数据",
    "column_fit": "栏目与分类",
    "repost_source": "转载来源",
    "injected_content": "植入内容",
    "disclosure_scope": "公开范围",
    "link": "链接",
}

# 第三条 的八项工作标准.
STANDARDS = {
    1: "符合国家政策、法律法规",
    2: "无涉密信息和敏感词",
    3: "不危及国家安全、公共安全、经济安全、社会稳定",
    4: "属于主动公开范围",
    5: "发布信息真实准确，符合栏目内容",
    6: "不涉及个人信息",
    7: "统计数据准确，不含敏感数据",
    8: "无语言文字错误",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding at text[start:end]; offsets are Python str indices into the text as given."""

    rule: str
    category: str
    standard: int
    severity: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str = ""
    source: str = ""
    # Where the text came from when it is not the body (file, page, sheet, cell, box).
    location: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"Invalid category: {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"Invalid severity: {self.severity!r}")
        if self.standard not in STANDARDS:
            raise ValueError(f"Invalid standard: {self.standard!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Invalid offsets: {self.start}..{self.end}")

    def to_dict(self) -> dict:
        data = asdict(self)
        location = data.pop("location") or {}
        data.update(location)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        names = {f for f in cls.__dataclass_fields__ if f != "location"}
        base = {k: v for k, v in data.items() if k in names}
        location = {k: v for k, v in data.items() if k not in names}
        return cls(**base, location=location)

    def shifted(self, offset: int, **location) -> "Finding":
        """The same finding with offsets moved by `offset` (for text split into pieces)."""
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            location={**self.location, **location},
        )

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]
