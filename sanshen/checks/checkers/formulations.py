"""重要表述: the key formulations of data/formulations.tsv, found as written and one edit off.

The matcher finds, in one Aho–Corasick pass, every formulation written correctly and every half of one. A variant
with one wrong, added or missing character keeps one of the two halves intact (the edit falls in the other half, or
between them), so only the few places where a half stands need a closer look: the window there is compared with the
formulation once, in a bounded edit-distance test. Nothing tries edits position by position.

Quotation marks do not count: “三个代表”重要思想 is 三个代表重要思想, and a slip inside quotation marks is a slip.
The matcher finds candidates; fixed_phrase.py decides which of them are errors.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from ..lexicon import find_matches

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "formulations.tsv"
QUOTES = "“”‘’「」『』\"'"
_QUOTE = re.compile(f"[{QUOTES}]")
# Shorter formulations are only matched as written: one edit off a three-character one is mostly another word.
MIN_FUZZY = 4
# From this length a formulation is matched with one of its words swapped too (中国特色现代化 for 中国式现代化,
# 基础性作用 for 决定性作用): so long a phrase, the same but for one or two characters, is no other phrase.
MIN_SWAP = 10
# … and from this length with a word of two or three characters left out or put in (中国特色主义思想, 习近平中国特色
# 社会主义思想). Shorter ones have such shorter forms in use: 坚持和加强党的领导 is no slip of 坚持和加强党的全面领导.
MIN_GAP = 14


@dataclass(frozen=True, slots=True)
class Formulation:
    """One row of formulations.tsv."""

    text: str
    kind: str
    source: str
    neighbours: tuple[str, ...] = ()  # correct phrases one edit away: never slips of this one
    misspellings: tuple[str, ...] = ()  # known wrong forms, reported as they are


@functools.cache
def load_formulations(path: Path = DATA_FILE) -> tuple[Formulation, ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, kind, source, neighbours, misspellings = (line.split("\t") + [""] * 5)[:5]
        if _QUOTE.search(text) or not text:
            raise ValueError(f"Invalid formulation in {path.name}: {text!r} (write it without quotation marks)")
        rows.append(
            Formulation(
                text=text,
                kind=kind,
                source=source,
                neighbours=tuple(w for w in neighbours.split("|") if w),
                misspellings=tuple(w for w in misspellings.split("|") if w),
            )
        )
    return tuple(rows)


class QuoteFreeText:
    """A text with its quotation marks taken out, and the way back to the text's own offsets."""

    __slots__ = ("original", "text", "_kept_at")

    def __init__(self, original: str):
        self.original = original
        self.text = original
        # _kept_at[m]: where, in the quote-free text, the m-th removed mark stood (the offset of what followed it).
        self._kept_at = None
        # str.find and str.replace per mark present run many times faster than a translate or a regex over the text.
        present = [q for q in QUOTES if q in original]
        if present:
            removed = []
            for q in present:
                at = original.find(q)
                while at != -1:
                    removed.append(at)
                    at = original.find(q, at + 1)
                self.text = self.text.replace(q, "")
            removed.sort()
            self._kept_at = [at - i for i, at in enumerate(removed)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of text[start:end]; marks inside the span stay inside it."""
        if self._kept_at is None:
            return start, end
        return start + bisect_right(self._kept_at, start), end - 1 + bisect_right(self._kept_at, end - 1) + 1


@dataclass(frozen=True, slots=True)
class Slip:
    """A window of the quote-free text one edit off a formulation.

    `how` is "sub" (window[at] written for formulation[at]), "del" (formulation[at] missing before window[at]),
    "ins" (window[at] added), "swap" (`width` characters from window[at] written for one or two of the
    formulation's) or "known" (a listed wrong form).
    """

    start: int
    end: int
    formulation: Formulation
    how: str
    at: int
    width: int = 1

    def corrected(self, written: str) -> str:
        """`written` (the original span, quotation marks included) with the one edit undone."""
        if self.how == "known":
            meant = iter(self.formulation.text)
            if sum(ch not in QUOTES for ch in written) != len(self.formulation.text):
                return self.formulation.text
            # As long as the listed form: the writer's quotation marks stay where they were (“四个全面”总体布局).
            return "".join(ch if ch in QUOTES else next(meant) for ch in written)
        # The edit's offset counts characters of the quote-free window: find that character in the original.
        seen = -1
        for i, ch in enumerate(written):
            if ch in QUOTES:
                continue
            seen += 1
            if seen == self.at:
                if self.how == "swap":
                    f = self.formulation.text
                    kept_after = self.end - self.start - self.at - self.width
                    return written[:i] + f[self.at : len(f) - kept_after] + _after_chars(written, i, self.width)
                if self.how == "sub":
                    return written[:i] + self.formulation.text[self.at] + written[i + 1 :]
                if self.how == "del":
                    return written[:i] + self.formulation.text[self.at] + written[i:]
                return written[:i] + written[i + 1 :]
        return written + self.formulation.text[self.at:]  # unreachable for a window the matcher produced


def _after_chars(written: str, i: int, count: int) -> str:
    """What follows the `count` characters from written[i], quotation marks not counted."""
    while count:
        count -= written[i] not in QUOTES
        i += 1
    return written[i:]


def word_swap(window: str, formulation: str, gaps: bool = True) -> tuple[int, int] | None:
    """(offset, width) when `window` is `formulation` with one or two of its characters, neither the first two
    nor the last two, written as another one or two (not one for one: that is one_edit's), or with a word of two or
    three characters left out or put in (where `gaps`); else None. `width` counts the window's characters in place
    of the formulation's."""
    lw, lf = len(window), len(formulation)
    if abs(lw - lf) > 3:
        return None
    i = 0
    while i < min(lw, lf) and window[i] == formulation[i]:
        i += 1
    j = 0
    while j < min(lw, lf) - i and window[lw - 1 - j] == formulation[lf - 1 - j]:
        j += 1
    written, meant = lw - i - j, lf - i - j
    swapped = 1 <= written <= 2 and 1 <= meant <= 2 and not written == meant == 1
    gap = min(written, meant) == 0 and max(written, meant) in (2, 3)
    if i < 2 or j < 2 or not (swapped or gaps and gap):
        return None
    return i, written


def one_edit(window: str, formulation: str) -> tuple[str, int] | None:
    """("sub" | "del" | "ins", offset) when `window` is one edit off `formulation`, else None."""
    lw, lf = len(window), len(formulation)
    i, shortest = 0, min(lw, lf)
    while i < shortest and window[i] == formulation[i]:
        i += 1
    if lw == lf:
        if i < lw and window[i + 1 :] == formulation[i + 1 :]:
            return "sub", i
    elif lw == lf - 1:
        if window[i:] == formulation[i + 1 :]:
            return "del", i
    elif lw == lf + 1:
        if window[i + 1 :] == formulation[i:]:
            return "ins", i
    return None


class FormulationScan:
    """What one pass over a text found: formulations as written (exact) and the places a half of one stands."""

    __slots__ = ("quote_free", "exact", "anchors", "extra")

    def __init__(self, quote_free, exact, anchors, extra):
        self.quote_free: QuoteFreeText = quote_free
        self.exact: list[tuple[int, int]] = exact  # spans of the quote-free text, sorted by start
        self.anchors: list[tuple[int, int]] = anchors  # (pattern index, start) of halves and listed wrong forms
        self.extra: set[int] = extra  # indices (0-based, in the caller's list) of the extra words found


class FormulationIndex:
    """All formulations, their neighbours, known wrong forms and halves in one automaton.

    `extra_words`: more words to look for in the same pass (the 规范表述 table's screen words); a scan reports
    which of them occur.
    """

    def __init__(self, formulations: tuple[Formulation, ...] | None = None, extra_words: tuple[str, ...] = ()):
        self.formulations = formulations if formulations is not None else load_formulations()
        patterns: dict[str, int] = {}
        # What each pattern (by index) is; one word may be several of these at once (不忘初心 is a formulation and
        # the first half of 不忘初心、牢记使命).
        self.correct: set[int] = set()  # formulations and their correct neighbours
        self.known: dict[int, Formulation] = {}  # listed wrong forms → the formulation meant
        self.halves: dict[int, list[tuple[Formulation, int]]] = {}  # halves → (formulation, offset of the half)
        self.extra: dict[int, int] = {}  # the caller's extra words → their place in its list

        def index_of(word: str) -> int:
            return patterns.setdefault(word, len(patterns))

        for f in self.formulations:
            self.correct.add(index_of(f.text))
            for word in f.neighbours:
                self.correct.add(index_of(word))
        for f in self.formulations:
            for word in f.misspellings:
                self.known[index_of(word)] = f
            if len(f.text) >= MIN_FUZZY:
                half = len(f.text) // 2
                for part, offset in ((f.text[:half], 0), (f.text[half:], half)):
                    self.halves.setdefault(index_of(part), []).append((f, offset))
        for n, word in enumerate(extra_words):
            self.extra[index_of(word)] = n
        self.patterns = list(patterns)
        # A DFA: twice the scan speed of the default NFA on Chinese text, for a few hundred patterns' memory.
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns, implementation=ahocorasick_rs.Implementation.DFA)
        self.longest = max(map(len, self.patterns))

    def scan(self, text: str) -> FormulationScan:
        quote_free = QuoteFreeText(text)
        exact, anchors, extra = [], [], set()
        correct, halves, known, extras = self.correct, self.halves, self.known, self.extra
        for index, start, end in find_matches(self.automaton, quote_free.text, overlapping=True):
            if index in correct:
                exact.append((start, end))
            if index in halves or index in known:
                anchors.append((index, start))
            if index in extras:
                extra.add(extras[index])
        exact.sort()
        return FormulationScan(quote_free, exact, anchors, extra)

    def slips(self, scan: FormulationScan) -> list[Slip]:
        """Every window one edit off a formulation that no correctly written formulation explains."""
        text = scan.quote_free.text
        exact = scan.exact
        exact_starts = [s for s, _ in exact]
        found: dict[tuple[int, int], Slip] = {}
        for index, anchor in scan.anchors:
            formulation = self.known.get(index)
            if formulation is not None:
                end = anchor + len(self.patterns[index])
                if not self._explained(exact, exact_starts, anchor, end):
                    # A listed wrong form says more than the general rule: it replaces what a half found there.
                    found[(anchor, end)] = Slip(anchor, end, formulation, "known", 0)
            for formulation, offset in self.halves.get(index, ()):
                f = formulation.text
                n = len(f)
                # One edit beyond the intact half leaves one of the two characters next to it in place, or moved by
                # one: most halves (发展, 全面) stand in ordinary text where neither is, and need no closer look.
                # (At the text's edge the slice is "", which is in every string: no shortcut there.)
                if offset == 0:
                    at, expected = anchor + n // 2, f[n // 2 : n // 2 + 2]
                    if text[at : at + 1] not in expected and text[at + 1 : at + 2] not in expected:
                        # A word swapped right after the half (全面推进 → 全面实现) leaves the characters after it.
                        if n < MIN_SWAP or not set(text[at + 1 : at + 4]) & set(f[n // 2 + 1 : n // 2 + 4]):
                            continue
                    spans = [(anchor, anchor + n), (anchor, anchor + n - 1), (anchor, anchor + n + 1)]
                    if n >= MIN_GAP:
                        spans += [(anchor, anchor + n + d) for d in (-3, -2, 2, 3)]
                else:
                    expected = f[offset - 2 : offset]
                    before, further = text[anchor - 1 : anchor], text[max(0, anchor - 2) : anchor - 1]
                    if before not in expected and further not in expected:
                        if n < MIN_SWAP or not set(text[max(0, anchor - 4) : anchor - 1]) & set(f[max(0, offset - 4) : offset - 1]):
                            continue
                    end = anchor + n - offset
                    spans = [(end - n, end), (end - n + 1, end), (end - n - 1, end)]
                    if n >= MIN_GAP:
                        spans += [(end - n - d, end) for d in (-3, -2, 2, 3)]
                for start, end in spans:
                    if start < 0 or end > len(text) or (start, end) in found:
                        continue
                    window = text[start:end]
                    # A window holding the formulation whole is the formulation with a neighbour ("学习习近平…").
                    if f in window:
                        continue
                    edit = one_edit(window, f)
                    if edit is not None:
                        slip = Slip(start, end, formulation, *edit)
                    elif n >= MIN_SWAP and (swap := word_swap(window, f, gaps=n >= MIN_GAP)) is not None:
                        slip = Slip(start, end, formulation, "swap", *swap)
                    else:
                        continue
                    if not self._explained(exact, exact_starts, start, end):
                        found[(start, end)] = slip
        return sorted(found.values(), key=lambda s: (s.start, s.end))

    def _explained(self, exact, exact_starts, start: int, end: int) -> bool:
        """A window is no slip where it lies inside a correct formulation or crosses one; one it wholly contains
        (中国特色社会主义 in a misspelt 习近平新时代中国特色社会主义思想) does not explain it."""
        i = bisect_left(exact_starts, start - self.longest)
        j = bisect_left(exact_starts, end)
        for s, e in exact[i:j]:
            if e > start and not (start <= s and e <= end and (s, e) != (start, end)):
                return True
        return False


@functools.cache
def default_index() -> FormulationIndex:
    return FormulationIndex()
