"""Word-level diff for proofreading: Chinese compared character by character, Latin text word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

TOKEN = re.compile(r"[A-Za-z0-9_.%@/-]+|\s+|.", re.S)


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert", "delete"
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def diff(old: str, new: str) -> list[Chunk]:
    """Chunks that turn `old` into `new`; a replacement is a delete followed by an insert."""
    a, b = tokens(old), tokens(new)
    chunks: list[Chunk] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            chunks.append(Chunk("equal", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            chunks.append(Chunk("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(b[j1:j2])))
    return chunks


def changed(chunks: list[Chunk]) -> bool:
    return any(c.op != "equal" for c in chunks)
