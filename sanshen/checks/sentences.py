"""The sentence or clause around a place in a text: where the checkers look for the words that decide a finding.

Each caller names what ends its stretch (。！？ for a sentence, ， too for a clause, a line break or not) and how far
it may reach (`floor`, `ceiling`).
"""

from __future__ import annotations

SENTENCE_STOPS = "。！？；\n"


def sentence_start(text: str, at: int, stops: str = SENTENCE_STOPS, floor: int = 0) -> int:
    """Where the stretch holding text[at] starts: after the last of `stops` before `at`, and not before `floor`."""
    return max(floor, max(text.rfind(c, floor, at) for c in stops) + 1)


def sentence_end(text: str, at: int, stops: str = SENTENCE_STOPS, ceiling: int | None = None) -> int:
    """Where the stretch from `at` ends: at the first of `stops` from `at`, and not after `ceiling` (the text's end)."""
    ceiling = len(text) if ceiling is None else ceiling
    return min([ceiling, *(i for i in (text.find(c, at, ceiling) for c in stops) if i >= 0)])


def line_starts(text: str, start: int = 0):
    """Where each line of `text` from `start` (a line's start) begins, in order: a pattern that holds only there is
    tried there alone."""
    yield start
    at = text.find("\n", start)
    while at >= 0:
        yield at + 1
        at = text.find("\n", at + 1)
