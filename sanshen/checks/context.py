"""检查上下文: what the checked item is, and the deployment's registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .profiles import ColumnProfile

# CheckContext.source for text read from a picture or scanned page by OCR.
OCR = "ocr"


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
