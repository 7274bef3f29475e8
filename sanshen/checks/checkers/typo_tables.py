"""The character and word tables of the typo checker (字频、词频、读音、字形), and the word segmenter over them.

Apart from the checker so that other checkers can use the same tables (readings and shapes of characters for
formulations, ethnic names and leaders' names) without importing the checker, which imports them in turn.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

import ahocorasick_rs

from . import typo_cache

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Frequency given to sanshen's own additions (typo_extra_words.txt): enough to vouch for their characters.
EXTRA_WORD_FREQ = 1000
# Frequency given to the terms of county administration (typo_terms.txt): known, vouching for their characters and
# suggested, but below typo.MISSING_WORD_FREQ: their remnants are often phrases of their own (乡村游 of 乡村旅游,
# 文旅消费 holding 旅消费).
TERM_FREQ = 100
# A word this frequent vouches for its characters: an error would have to be elsewhere.
COVER_FREQ = 50
# A correction target rarer than this is too obscure to suggest.
TARGET_FREQ = 20


def _data_lines(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


@dataclass(frozen=True)
class Alternative:
    """A word that may have been meant where a frequent word is written: sound- or shape-alike at the `changed`
    offsets of the written word."""

    word: str
    how: str  # "sound" or "shape"
    changed: tuple[int, ...]


@dataclass(frozen=True)
class Tables:
    """The word statistics every TypoChecker shares (read once per process)."""

    word_freq: dict[str, int]
    total: int  # of word_freq: word_logp is log(frequency / total)
    word_key: dict[str, str]  # word → its toneless pinyin, one syllable per character (typo_words.tsv)
    targets: frozenset[str]  # words frequent enough to be suggested
    meant: dict[str, tuple[str, ...]]  # character → the readings and look-alikes it may have been typed for
    readings: dict[str, tuple[str, ...]]  # character → its toneless readings
    shapes: dict[str, tuple[str, ...]]  # character → characters of similar shape
    # character → the characters drawn with it as a large part (贝 → 员, 去 → 法), apart from `shapes`: in `meant`,
    # so candidates where no dictionary word holds the character and in four-character words restored whole. The
    # real-word table and the other checkers' look-alike tests (places, leaders, fixed phrases) read `shapes` and
    # were not measured with them.
    parts: dict[str, tuple[str, ...]]
    cover: frozenset[str]  # words (two to four characters) frequent enough to vouch for their characters
    # A frequent word → the more likely words it may be a slip for (real-word errors: 截断 for 阶段).
    alternatives: dict[str, tuple[Alternative, ...]]
    idioms: frozenset[str]
    # The terms of county administration (typo_terms.txt): compounds of two words each a word (承诺时限), restored
    # whole from a single character only, never from a half written as another word (承诺实现 is a phrase).
    terms: frozenset[str]
    # Finds the known wrong words; a match's pattern index picks its entry in misspelt:
    # (wrong, right, list, legitimate contexts containing wrong).
    misspellings: ahocorasick_rs.AhoCorasick
    misspelt: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    unknown_logp: float

    @functools.cached_property
    def word_logp(self) -> dict[str, float]:
        """Natural log probability of each word. Built when first read (the compiled core computes its own): the
        Python search and segment() need it, the compiled checker does not, and it is a tenth of start-up."""
        total = self.total
        return {w: math.log(f / total) for w, f in self.word_freq.items() if f > 0}

    def relation(self, written: str, meant: str) -> str:
        """How `written` may stand for `meant`: "sound", "shape" or "" (unrelated)."""
        if not set(self.readings.get(written, ())).isdisjoint(self.readings.get(meant, ("-",))):
            return "sound"
        return "shape" if meant in self.shapes.get(written, ()) or meant in self.parts.get(written, ()) else ""

    def alike(self, written: str, meant: str) -> bool:
        """Whether `written` sounds like `meant` with the distinctions many speakers blur (zh/z, ch/c, sh/s, -ng/-n:
        自信 ~ 自性, 寨 ~ 赛) dropped, or looks like it."""
        sounds = {fuzzy_reading(r) for r in self.readings.get(written, ())}
        return not sounds.isdisjoint(fuzzy_reading(r) for r in self.readings.get(meant, ())) or (
            meant in self.shapes.get(written, ())
        )


_FUZZY = re.compile(r"^(zh|ch|sh)|(ng)$")


def fuzzy_reading(reading: str) -> str:
    """A toneless reading with zh/ch/sh read as z/c/s and -ng as -n."""
    return _FUZZY.sub(lambda m: m.group(1)[0] if m.group(1) else "n", reading)


@functools.cache
def extra_words() -> frozenset[str]:
    """sanshen's own words (typo_extra_words.txt and the terms of typo_terms.txt): known, and never taken for a slip
    of a more frequent word."""
    return frozenset(word for (word,) in _data_lines("typo_extra_words.txt")) | terms()


@functools.cache
def terms() -> frozenset[str]:
    """The terms of county administration (typo_terms.txt), counted at TERM_FREQ."""
    return frozenset(word for (word,) in _data_lines("typo_terms.txt"))


def segment(tables: Tables, s: str) -> tuple[float, list[str]]:
    """Most probable split of `s` into dictionary words (unigram), as (natural log probability, words)."""
    get, unknown = tables.word_logp.get, tables.unknown_logp
    n = len(s)
    best = [0.0] * (n + 1)
    back = [1] * (n + 1)
    for j in range(1, n + 1):
        score, step = best[j - 1] + get(s[j - 1], unknown), 1
        for length in (2, 3, 4):
            if length > j:
                break
            lp = get(s[j - length : j])
            if lp is not None and best[j - length] + lp > score:
                score, step = best[j - length] + lp, length
        best[j], back[j] = score, step
    words, j = [], n
    while j > 0:
        words.append(s[j - back[j] : j])
        j -= back[j]
    words.reverse()
    return best[n], words


@functools.cache
def load_tables() -> Tables:
    """The tables as build_tables() reads them, from the disk cache (typo_cache.py) where it holds them for the
    present data files and code (in half the time)."""
    return typo_cache.cached("typo-tables", tables_key, build_tables, tables_state, tables_from_state)


@functools.cache
def tables_key() -> str:
    """The cache key of what build_tables() reads: the typo_* files of the data folder and this module."""
    return typo_cache.key([*sorted(DATA_DIR.glob("typo_*")), Path(__file__)])


def build_tables() -> Tables:
    tables, _ = read_tables()
    alternatives: dict[str, list[Alternative]] = {}
    for written, meant, how, changed in _data_lines("typo_real_word_errors.tsv"):
        alternatives.setdefault(written, []).append(Alternative(meant, how, tuple(map(int, changed.split(",")))))
    return replace(tables, alternatives={k: tuple(v) for k, v in alternatives.items()})


def tables_state(tables: Tables) -> dict:
    """The fields of `tables` as marshal stores them fast: the alternatives and the sets as tuples (marshal sorts a
    set's items, which took four times as long as the rest), without the automaton."""
    state = {f.name: getattr(tables, f.name) for f in fields(Tables) if f.name != "misspellings"}
    for name in ("targets", "cover", "idioms", "terms"):
        state[name] = tuple(state[name])
    state["alternatives"] = {
        written: tuple((a.word, a.how, a.changed) for a in alternatives)
        for written, alternatives in tables.alternatives.items()
    }
    return state


def tables_from_state(state: dict) -> Tables:
    """The Tables that tables_state() gave `state`. The automaton, which cannot be stored, is built again from the
    misspelt words (a few milliseconds)."""
    alternatives = {
        written: tuple(Alternative(*a) for a in alternatives) for written, alternatives in state["alternatives"].items()
    }
    return Tables(
        **{
            **state,
            "targets": frozenset(state["targets"]),
            "cover": frozenset(state["cover"]),
            "idioms": frozenset(state["idioms"]),
            "terms": frozenset(state["terms"]),
            "alternatives": alternatives,
        },
        misspellings=ahocorasick_rs.AhoCorasick([entry[0] for entry in state["misspelt"]]),
    )


def read_tables() -> tuple[Tables, dict[str, str]]:
    """The tables but for the real-word errors (typo_real_word_errors.tsv, which the data builder derives from
    them), and each word's pinyin."""
    # The largest file (136,000 words), split in one go: a fifth of start-up less than line by line.
    with open(DATA_DIR / "typo_words.tsv", encoding="utf-8") as f:
        text = f.read()
    if text.startswith("#"):  # the header line
        text = text.partition("\n")[2]
    if "\n#" in text or "\n\n" in text.strip("\n"):
        text = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    lines = text.strip("\n").split("\n")
    fields = "\t".join(lines).split("\t")
    if len(fields) != 3 * len(lines):
        raise ValueError("typo_words.tsv: every line must be word, frequency and pinyin, separated by tabs")
    words = fields[0::3]
    word_freq: dict[str, int] = dict(zip(words, map(int, fields[1::3])))
    word_key: dict[str, str] = dict(zip(words, fields[2::3]))
    readings: dict[str, tuple[str, ...]] = {}
    shapes: dict[str, tuple[str, ...]] = {}
    for ch, freq, sounds, similar in _data_lines("typo_chars.tsv"):
        word_freq.setdefault(ch, int(freq))
        readings[ch] = tuple(sounds.split())
        if similar:
            shapes[ch] = tuple(similar)
    # Characters drawn alike (typo_glyph_shapes.tsv, computed from a font's glyphs) join the shape groups.
    for ch, alike in _data_lines("typo_glyph_shapes.tsv"):
        if ch in readings:
            extra = tuple(c for c in alike if c in readings and c not in shapes.get(ch, ()))
            if extra:
                shapes[ch] = shapes.get(ch, ()) + extra
    # A character drawn as a large part of another (贝 of 员, 去 of 法: typo_glyph_parts.tsv) may be written for it,
    # a stroke group left out. The whole written for its part (旱粮 → 干粮, 散坟集 → 散文集) was measured and left
    # out: +0.1 to +1.2 points of ECSpell recall for 20 false warnings on county text.
    parts: dict[str, tuple[str, ...]] = {}
    for part, wholes in _data_lines("typo_glyph_parts.tsv"):
        if part in readings:
            more = tuple(w for w in wholes if w in readings and w not in shapes.get(part, ()))
            if more:
                parts[part] = more
    for word in extra_words():
        word_freq[word] = max(word_freq.get(word, 0), TERM_FREQ if word in terms() else EXTRA_WORD_FREQ)
    total = sum(word_freq.values())

    idioms = frozenset(line[0] for line in _data_lines("typo_idioms.txt"))
    targets = frozenset({w for w, f in word_freq.items() if 2 <= len(w) <= 4 and (f >= TARGET_FREQ or w in idioms)})
    cover = [w for w, f in word_freq.items() if f >= COVER_FREQ and 2 <= len(w) <= 4]

    # A word in both lists takes its common-errors entry (with the contexts where it is legitimate).
    misspelt: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
    for wrong, right in _data_lines("typo_known_misspellings.tsv"):
        misspelt[wrong] = (wrong, right, "known", ())
    for wrong, right, *rest in _data_lines("typo_common_errors.tsv"):
        allowed = tuple(c for c in rest[0].split(",") if c) if rest else ()
        misspelt[wrong] = (wrong, right, "common", allowed)
    tables = Tables(
        word_freq=word_freq,
        total=total,
        word_key=word_key,
        targets=targets,
        meant={ch: rs + shapes.get(ch, ()) + parts.get(ch, ()) for ch, rs in readings.items()},
        readings=readings,
        shapes=shapes,
        parts=parts,
        cover=frozenset(cover),
        alternatives={},
        idioms=idioms,
        terms=terms(),
        # ahocorasick_rs rather than pyahocorasick: twenty times faster over a page with no match.
        misspellings=ahocorasick_rs.AhoCorasick(list(misspelt)),
        misspelt=tuple(misspelt.values()),
        unknown_logp=math.log(1 / total) - 4.0,
    )
    return tables, word_key
