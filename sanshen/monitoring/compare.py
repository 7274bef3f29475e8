"""转载比对 (第二条(六)): does a repost keep the original's title and substance? No Django, no network.

The original page carries more than the article (navigation, 来源 lines, footers), so the comparison first cuts the
original down to the stretch that matches the repost, then measures similarity on the words alone (spacing and
punctuation do not count). Changed numbers and swapped words (a name, a place) are reported even when the rest
is the same: they are what a careless or deliberate edit changes.

    >>> c = compare_repost("全县新增就业1200人", "全县今年新增城镇就业1200人，完成全年任务。", "全县新增就业1200人", "全县今年新增城镇就业1500人，完成全年任务。")
    >>> c.title_changed, c.numbers
    (False, [('1200', '1500')])
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from sanshen.lib.diff import Chunk, diff

_NOT_WORDS = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBER = re.compile(r"\d|[〇零一二两三四五六七八九十百千万亿]{2,}")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# A swapped word longer than this is a rewritten passage, not a changed name.
MAX_NAME_CHARS = 8
MAX_SHOWN_CHUNKS = 60
MIN_RUN = 6


def words_only(text: str) -> str:
    return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass
class RepostComparison:
    title_changed: bool
    original_title: str
    title: str
    similarity: float  # 0..1, of the words, against the matching stretch of the original
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (original, repost)
    names: list[tuple[str, str]] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)

    def problems(self, min_similarity: float) -> list[str]:
        out = []
        if self.title_changed:
            out.append(f"标题与原文不同：原文“{self.original_title}”，转载“{self.title}”")
        if self.similarity < min_similarity:
            out.append(f"正文与原文相似度 {self.similarity:.0%}，低于 {min_similarity:.0%}")
        if self.numbers:
            out.append("数字被改动：" + "；".join(f"“{a or '（无）'}”→“{b or '（无）'}”" for a, b in self.numbers[:5]))
        if self.names:
            out.append("词语被替换：" + "；".join(f"“{a}”→“{b}”" for a, b in self.names[:5]))
        return out

    def shown_chunks(self) -> list[dict]:
        """The differences with a little context around each, for the page."""
        out = []
        for i, chunk in enumerate(self.chunks):
            if chunk.op == "equal":
                text = chunk.text
                if len(text) > 40:
                    head = text[:20] if i > 0 else ""
                    tail = text[-20:] if i < len(self.chunks) - 1 else ""
                    text = (head or "…") + (" … " if head and tail else "") + (tail or "…")
                out.append({"op": "equal", "text": text})
            else:
                out.append({"op": chunk.op, "text": chunk.text[:300]})
            if len(out) >= MAX_SHOWN_CHUNKS:
                break
        return out


def compare_repost(original_title: str, original_text: str, title: str, text: str) -> RepostComparison:
    window = matching_window(original_text, text)
    a, b = words_only(window), words_only(text)
    similarity = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if (a or b) else 1.0
    chunks = diff(window, text)
    numbers, names = _changes(chunks)
    return RepostComparison(
        title_changed=words_only(original_title) != words_only(title),
        original_title=original_title,
        title=title,
        similarity=similarity,
        numbers=numbers,
        names=names,
        chunks=chunks,
    )


def matching_window(original: str, text: str) -> str:
    """The lines of `original` from the first to the last that share a run of words with `text` (menus, 来源 lines
    and footers fall outside). Runs shorter than MIN_RUN characters do not count: any two pages share those."""
    # Compare the words (each character folded by NFKC) but cut the original as written.
    positions, folded = [], []
    for i, ch in enumerate(original or ""):
        for c in unicodedata.normalize("NFKC", ch):
            if not _NOT_WORDS.match(c):
                positions.append(i)
                folded.append(c)
    a, b = "".join(folded), words_only(text)
    if not a or not b:
        return original
    blocks = [m for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= MIN_RUN]
    if not blocks:
        return original
    first, last = blocks[0], blocks[-1]
    # Whole lines (paragraphs): a changed word at a paragraph's end is part of the article.
    start = original.rfind("\n", 0, positions[first.a]) + 1
    end = original.find("\n", positions[last.a + last.size - 1])
    return original[start : len(original) if end < 0 else end]


def _changes(chunks: list[Chunk]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Changed numbers and swapped words, each change region read whole ("王建国"→"李国庆", not "王建"→"李")."""
    numbers: list[tuple[str, str]] = []
    names: list[tuple[str, str]] = []
    for old, new, end in _regions(chunks):
        old_s, new_s = old.strip(), new.strip()
        if _NUMBER.search(old_s) or _NUMBER.search(new_s):
            # Keep the number with the digits around it: "1200" → "1500", not "2" → "5".
            numbers.append(_widen_number(chunks, end, old_s, new_s))
        elif old_s and new_s and _HAN.match(old_s) and _HAN.match(new_s) and len(old_s) <= MAX_NAME_CHARS and len(new_s) <= MAX_NAME_CHARS:
            names.append((old_s, new_s))
    return numbers, names


def _regions(chunks: list[Chunk]):
    """(old text, new text, index after the region) of each run of changes; one shared character does not split a run."""
    i = 0
    while i < len(chunks):
        if chunks[i].op == "equal":
            i += 1
            continue
        old = new = ""
        while i < len(chunks):
            chunk = chunks[i]
            if chunk.op == "equal":
                joins = len(chunk.text) == 1 and i + 1 < len(chunks) and chunks[i + 1].op != "equal"
                if not joins:
                    break
                old += chunk.text
                new += chunk.text
            elif chunk.op == "delete":
                old += chunk.text
            else:
                new += chunk.text
            i += 1
        yield old, new, i


def _widen_number(chunks: list[Chunk], after: int, old: str, new: str) -> tuple[str, str]:
    """Extend a changed digit run with the digits in the equal text on both sides."""
    before_text = ""
    for j in range(after - 1, -1, -1):
        if chunks[j].op == "equal":
            before_text = chunks[j].text
            break
    after_text = chunks[after].text if after < len(chunks) and chunks[after].op == "equal" else ""
    lead = re.search(r"[\d.]*$", before_text).group(0)
    trail = re.match(r"[\d.%]*", after_text).group(0)
    return (lead + old + trail if old else "", lead + new + trail if new else "")
