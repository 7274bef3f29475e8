"""文本归一化: fold width, case and traditional characters, drop separators, and map offsets back.

Matching word lists against raw text misses "ＴＭＤ", "法輪功" and "法*轮*功". Both the word list and the
text go through the same folding, so whatever the folding loses it loses on both sides alike.

    >>> n = normalize("法*輪 功")
    >>> n.text
    '法轮功'
    >>> n.original_span(0, 3)
    (0, 5)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

# Symbols slipped between characters to dodge word lists ("法*轮*功", "习 近 平", zero-width spaces).
# Sentence punctuation (，。；：！？、) and line breaks are not here: they end a phrase, and skipping
# them would join words across sentences. Full-width forms fold to these ASCII ones first.
SEPARATORS = (
    " \t\u00a0\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "*#@$%^&_+=|\\/~`'\".-"
    "·•・‧∙⋅"
    "★☆※○●◎◇◆□■△▲▽▼♡♥❤✿❀"
)


def runs_of(char_class: str) -> str:
    """A pattern for runs of `char_class` ("[…]") that `re` finds quickly: "[…][…]*" rather than "[…]+".

    `re` jumps between occurrences of a pattern's first character class in C, but tries a pattern that opens with
    a repeat at every position: the same matches come two to three times faster.
    """
    return f"{char_class}{char_class}*"


# Captured, so that split() returns the kept pieces and the dropped runs alternately.
_SEPARATOR_RUN = re.compile("(" + runs_of("[" + re.escape(SEPARATORS) + "]") + ")")

# Blocks holding Han characters that have traditional forms (CJK Ext. A, Unified, Compatibility).
_HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@functools.cache
def fold_table() -> dict[int, str]:
    """One-to-one character folding: NFKC width forms, lower case, then traditional → simplified.

    Only mappings that keep one character as one character are kept, so folded text has the
    same length as the original and offsets need no map.
    """
    table: dict[int, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) != 1:
            folded = ch
        lowered = folded.lower()
        if len(lowered) == 1:
            folded = lowered
        # Separators are dropped anyway, and full-width sentence punctuation (，：（) only ends phrases:
        # leaving both alone keeps ordinary Chinese text on the fast path of fold().
        if ch in SEPARATORS or (folded.isascii() and not folded.isalnum() and folded not in SEPARATORS):
            continue
        if folded != ch:
            table[code] = folded
    simplified = _traditional_to_simplified()
    # Compose: a compatibility ideograph or a Kangxi radical first folds by NFKC, then converts.
    for code, value in table.items():
        table[code] = simplified.get(value, value)
    for traditional, simple in simplified.items():
        table.setdefault(ord(traditional), simple)
    return table


def _traditional_to_simplified() -> dict[str, str]:
    """Character-level 繁→简 from OpenCC's own data (shipped inside the opencc wheel, works offline).

    Each character is converted on its own line, so OpenCC's phrase rules cannot change lengths.
    """
    import opencc

    chars = [chr(code) for start, stop in _HAN_BLOCKS for code in range(start, stop)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError("OpenCC t2s changed the number of lines; cannot build the character table")
    return {a: b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@functools.cache
def _foldable_runs() -> re.Pattern:
    return re.compile(runs_of("[" + "".join(re.escape(chr(code)) for code in sorted(fold_table())) + "]"))


def fold(text: str) -> str:
    """Width, case and 繁简 folding; the result has exactly the length of `text`."""
    # Most text is simplified Chinese with a few capitals: translate only the runs that need it.
    table = fold_table()
    return _foldable_runs().sub(lambda m: m.group(0).translate(table), text)


class NormalizedText:
    """`text` is the folded original with separators removed; spans map back to the original."""

    __slots__ = ("original", "text", "_norm_starts", "_orig_starts")

    def __init__(self, original: str, text: str, norm_starts: list[int], orig_starts: list[int]):
        self.original = original
        self.text = text
        # Kept runs: run k begins at _norm_starts[k] in `text` and at _orig_starts[k] in `original`.
        self._norm_starts = norm_starts
        self._orig_starts = orig_starts

    def original_index(self, index: int) -> int:
        """Where text[index] came from in the original."""
        k = bisect_right(self._norm_starts, index) - 1
        return self._orig_starts[k] + index - self._norm_starts[k]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of text[start:end]: from its first kept character to its last, inclusive."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"Invalid span {start}..{end} for normalised text of length {len(self.text)}")
        return self.original_index(start), self.original_index(end - 1) + 1


def normalize(text: str) -> NormalizedText:
    folded = fold(text)
    # pieces[0], run, pieces[1], run, ...: split and prefix sums in C instead of a Python loop per run.
    parts = _SEPARATOR_RUN.split(folded)
    if len(parts) == 1:
        return NormalizedText(text, folded, [0], [0])
    pieces = parts[0::2]
    orig_starts = list(accumulate(map(len, parts), initial=0))[0::2]
    norm_starts = list(accumulate(map(len, pieces[:-1]), initial=0))
    # Runs are maximal, so only the first and the last piece can be empty; an empty piece keeps no run.
    first, last = (0 if pieces[0] else 1), (len(pieces) if pieces[-1] else len(pieces) - 1)
    if first >= last:
        return NormalizedText(text, "", [0], [len(folded)])
    return NormalizedText(text, "".join(pieces), norm_starts[first:last], orig_starts[first:last])
