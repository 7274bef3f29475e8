"""检查上下文: what the checked item is, and the deployment's registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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

    @property
    def date(self) -> dt.date:
        return self.publication_date or dt.date.today()
