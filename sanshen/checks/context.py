"""检查上下文: what the checked item is, and the deployment's registers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .profiles import ColumnProfile

# CheckContext.source for text read from a picture or scanned page by OCR.
OCR = "ocr"

# A 落款 line: the date alone, or after the signing unit ("锦屏县农业农村局\n2025年7月8日", "（锦屏县融媒体中心　2025年6月
# 1日）"), in Arabic or Chinese numerals. No colon: "报名截止：2025年7月8日" is a deadline, not a signature.
_NUMERALS = "〇零一二三四五六七八九"
_DIGITS = "〇一二三四五六七八九"
_SIGNED = re.compile(
    r"[（(]?(?:[^\n：:（()）]{2,30}?[ \u3000]+)?"
    rf"(\d{{4}}|[{_NUMERALS}]{{4}})年(\d{{1,2}}|[十{_NUMERALS}]{{1,2}})月(\d{{1,2}}|[十{_NUMERALS}]{{1,3}})日[）)]?"
)
_SIGNATURE_LINES = 3  # the 落款 is among the last lines that hold anything
SIGNED_SINCE = 1949


def _chinese_digits(value: str) -> int:
    """"2025" → 2025, "二〇二五" → 2025, "十七" → 17, "三十" → 30."""
    if value.isdigit():
        return int(value)
    value = value.replace("零", "〇")
    if "十" not in value:
        return int("".join(str(_DIGITS.index(c)) for c in value))
    tens, _, units = value.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(units) if units else 0)


def chinese_date(day: dt.date) -> str:
    """2025-07-08 as a 公文 writes it: "2025年7月8日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def signed_date(text: str) -> dt.date | None:
    """The date a document is signed with: a line of its own among the last few, or None."""
    lines = [line.strip() for line in text[-200:].splitlines() if line.strip()][-_SIGNATURE_LINES:]
    for line in reversed(lines):
        m = _SIGNED.fullmatch(line)
        if m is None:
            continue
        try:
            signed = dt.date(*(_chinese_digits(g) for g in m.groups()))
        except ValueError:
            return None
        # A 落款 of the People's Republic: "1000年1月1日" is no signature to judge sessions by.
        return signed if SIGNED_SINCE <= signed.year else None
    return None


@dataclass
class CheckContext:
    """Everything a checker may look at besides the text itself.

    All fields are optional: with no context the engine checks the text alone.
    `registers` carries deployment data by name (e.g. "leaders", "qualified_sources",
    "sensitive_words", "whitelist"); each checker documents the names it reads.
    """

    title: str = ""
    target_column: str = ""
    grade: str = ""  # "general" / "important" / "special"
    topics: tuple[str, ...] = ()
    is_repost: bool = False
    repost_source: str = ""
    repost_author: str = ""
    repost_url: str = ""
    publication_date: dt.date | None = None
    registers: dict = field(default_factory=dict)
    # Where the text came from: "" for typed or imported text, OCR for text a recogniser read from a picture. The
    # width of OCR'd marks (",", "(" for "，", "（") is the recogniser's guess, so width rules leave it alone.
    source: str = ""
    # The target column's kind (news, notice, policy, personnel, recruitment, procurement, budget), and profiles of
    # the columns learned from their published items (column name → ColumnProfile, the target's own included).
    column_kind: str = ""
    column_profiles: dict[str, ColumnProfile] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        return self.publication_date or dt.date.today()

    def as_of(self, text: str) -> dt.date:
        """The date `text` speaks as of: the date it is signed with where that is earlier than its publication, else
        the publication date. A 纪要 signed in March 2025 and published later still has the 两会 of 2025 as its
        latest, and its 今年 is 2025."""
        signed = signed_date(text)
        return min(signed, self.date) if signed is not None else self.date
