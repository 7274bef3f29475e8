"""Protected spans: where a text names something whose characters no other checker may "correct".

    protected_spans(text) -> list[tuple[int, int]]

returns the (start, end) offsets, sorted, overlapping ones merged, of
- key formulations written correctly (data/formulations.tsv, with their correct neighbours; quotation marks inside
  one are part of its span: “三个代表”重要思想),
- session names, right or wrong (二十届三中全会, 十四届全国人大二次会议, 党的二十大; a wrong one is reported by the
  session checker, so no other checker needs to guess at it),
- the 56 ethnic groups' names and the names of 民族自治地方, current and former, and a group's short form with a
  noun (侗乡, 苗寨, 藏语).
A confusable-character or typo rule should drop any candidate that overlaps one of these spans. Pure and cheap: one
Aho–Corasick pass and a regular expression for session names; the tables load once per process.
"""

from __future__ import annotations

import functools

import ahocorasick_rs

from ..lexicon import find_matches
from .ethnic import ethnic_names
from .formulations import QuoteFreeText, load_formulations
from .sessions import session_spans


@functools.cache
def _names_automaton() -> ahocorasick_rs.AhoCorasick:
    words = set()
    for f in load_formulations():
        words.add(f.text)
        words.update(f.neighbours)
    words.update(ethnic_names().correct_names())
    words.update(ethnic_names().short_forms())
    return ahocorasick_rs.AhoCorasick(
        sorted(words),
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that name a key formulation, a session, an ethnic group or an autonomous area."""
    quote_free = QuoteFreeText(text)
    spans = [quote_free.span(s, e) for _, s, e in find_matches(_names_automaton(), quote_free.text)]
    spans += session_spans(text)
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start < last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged
