"""栏目画像: what a column's published items look like, learned from them and handed to the checks in the context.

A plain data type with the functions that build and score it, apart from the checker (checkers/column_fit.py) so
that the context can name it without importing a checker.

    >>> news = build_column_profile(["县农业农村局召开春耕生产工作会议"] * 3, kind="news")
    >>> news.items
    3
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from typing import Iterable

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True, eq=False)
class ColumnProfile:
    """What a column's published items look like: in how many of them each pair of Chinese characters occurs.

    `mean` and `spread` describe the items' own scores, each item scored against the others: a new item scoring far
    below them is unlike what the column publishes. Pairs found in a single item are left out; they say nothing
    about the column and would make the profile as large as its items.
    """

    items: int
    counts: dict[str, int]
    mean: float
    spread: float
    kind: str = ""

    def score(self, text: str) -> float:
        """How typical the text's character pairs are of the column: the mean log share of items holding each."""
        return _score(_pairs(text), self.counts, self.items)

    def deviation(self, text: str) -> float:
        """The text's score in spreads from the column's own items' mean: -3 or less is unusual."""
        return (self.score(text) - self.mean) / self.spread

    def to_dict(self) -> dict:
        return {"items": self.items, "counts": self.counts, "mean": self.mean, "spread": self.spread, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict) -> ColumnProfile:
        return cls(int(data["items"]), dict(data["counts"]), float(data["mean"]), float(data["spread"]),
                   str(data.get("kind", "")))  # fmt: skip


def build_column_profile(texts: Iterable[str], *, kind: str = "") -> ColumnProfile:
    """The profile of a column from its published items (title and body text of each)."""
    item_pairs = [_pairs(text) for text in texts]
    item_pairs = [pairs for pairs in item_pairs if pairs]
    counts: dict[str, int] = {}
    for pairs in item_pairs:
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    # Each item against the others: its own occurrence taken out of every count it added to.
    n = len(item_pairs)
    own_scores = [_score(pairs, counts, n - 1, leave_out=True) for pairs in item_pairs] if n > 1 else [0.0]
    mean = statistics.fmean(own_scores)
    spread = max(statistics.pstdev(own_scores), 0.05)
    kept = {pair: count for pair, count in counts.items() if count > 1}
    return ColumnProfile(n, kept, mean, spread, kind)


def column_fit_score(text: str, profile: ColumnProfile) -> float:
    """How well a text fits a column, in spreads from its items' mean (0 typical, below -3 unusual)."""
    return profile.deviation(text)


def _pairs(text: str) -> frozenset[str]:
    # The first 5,000 characters tell the column as well as the rest, and bound the work on a long budget table.
    return frozenset(run[i : i + 2] for run in HAN_RUN.findall(text[:5000]) for i in range(len(run) - 1))


def _score(pairs: frozenset[str], counts: dict[str, int], items: int, leave_out: bool = False) -> float:
    if not pairs:
        return 0.0
    taken = 1 if leave_out else 0
    denominator = math.log(items + 1)
    return sum(math.log(counts.get(pair, taken) - taken + 0.5) for pair in pairs) / len(pairs) - denominator
