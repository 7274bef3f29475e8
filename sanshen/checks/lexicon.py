"""敏感词词库: entries with a category and a level, a whitelist, and one compiled automaton.

Words are matched on normalised text (see normalize.py), so "法輪功" and "法*轮*功" match "法轮功".
A whitelist word that covers a match suppresses it: with "老板" listed and "老板娘" whitelisted,
"老板娘" stays silent while "老板" alone is found.

File formats for `load_lexicon` (one entry per line or row):
    词语[,分类[,级别[,说明[,建议]]]]     .txt (comma, "，" or tab between columns), .csv, .xlsx
Level 1 = 禁用 (block), 2 = 严重 (serious, the default), 3 = 慎用 (warn). The category "白名单" puts
the word on the whitelist. Blank lines and lines starting with "#" are skipped; a header row is skipped.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick_rs

from .normalize import NormalizedText, fold, normalize

LEVEL_SEVERITY = {1: "block", 2: "serious", 3: "warn"}
LEVEL_LABELS = {1: "禁用", 2: "严重", 3: "慎用"}
DEFAULT_LEVEL = 2
DEFAULT_CATEGORY = "其他"
WHITELIST_CATEGORIES = frozenset({"白名单", "whitelist"})
# Categories under 第三条(三) (国家安全、社会稳定); all others fall under (二) 敏感词.
STANDARD_3_CATEGORIES = frozenset({"政治", "邪教", "暴恐", "涉稳", "违禁", "民族宗教"})
HEADER_WORDS = frozenset({"词语", "敏感词", "词", "关键词", "word", "词条"})
MAX_WORD_LENGTH = 50

_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_BETWEEN_SURROGATES = re.compile("[^\ud800-\udfff]+")
_LEVEL = re.compile(r"^\s*([123一二三])\s*级?\s*$")
_CHINESE_LEVELS = {"一": 1, "二": 2, "三": 3}


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    word: str
    category: str = DEFAULT_CATEGORY
    level: int = DEFAULT_LEVEL
    note: str = ""
    suggestion: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVEL_SEVERITY:
            raise ValueError(f"Invalid level for {self.word!r}: {self.level!r} (1, 2 or 3)")
        if not normalize(self.word).text:
            raise ValueError(f"Invalid word: {self.word!r} has nothing left after normalisation")

    @property
    def severity(self) -> str:
        return LEVEL_SEVERITY[self.level]

    @property
    def standard(self) -> int:
        return 3 if self.category in STANDARD_3_CATEGORIES else 2


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon word at text[start:end] of the *normalised* text."""

    start: int
    end: int
    entry: LexiconEntry


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A lexicon word found at original[start:end], after whitelist and overlap rules."""

    start: int
    end: int
    text: str
    entry: LexiconEntry


class Lexicon:
    """A word list plus whitelist, compiled once into an Aho–Corasick automaton.

    The automaton is ahocorasick_rs's: its overlapping scan runs about five times faster than
    pyahocorasick's iterator on Chinese text, and the scan is most of what the sensitive checker costs.
    """

    def __init__(self, entries=(), whitelist=(), name: str = ""):
        self.name = name
        by_key: dict[str, LexiconEntry] = {}
        for entry in entries:
            if isinstance(entry, str):
                entry = LexiconEntry(entry)
            key = normalize(entry.word).text
            kept = by_key.get(key)
            # The same word listed twice (or in both 繁 and 简 forms): the stricter level wins.
            if kept is None or entry.level < kept.level:
                by_key[key] = entry
        white_keys = {normalize(word).text for word in whitelist} - {""}
        self.entries: tuple[LexiconEntry, ...] = tuple(by_key.values())
        self.whitelist: frozenset[str] = frozenset(whitelist)
        self._automaton = None
        # _values[i]: (entry or None, whitelisted) for pattern i of the automaton.
        self._values: list[tuple[LexiconEntry | None, bool]] = []
        if by_key or white_keys:
            keys = list(by_key) + sorted(white_keys - by_key.keys())
            self._values = [(by_key.get(key), key in white_keys) for key in keys]
            self._automaton = ahocorasick_rs.AhoCorasick(keys)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return self._automaton is not None

    def scan(self, normalized: str) -> tuple[list[Hit], list[tuple[int, int]]]:
        """Every lexicon hit and every whitelist span in normalised text, overlaps included."""
        hits: list[Hit] = []
        white: list[tuple[int, int]] = []
        if self._automaton is None:
            return hits, white
        values = self._values
        for index, start, end in find_matches(self._automaton, normalized, overlapping=True):
            entry, whitelisted = values[index]
            if entry is not None:
                hits.append(Hit(start, end, entry))
            if whitelisted:
                white.append((start, end))
        return hits, white

    def find(self, text: str) -> list[LexiconMatch]:
        """The words of this lexicon in `text`, with offsets into `text` as given."""
        normalized = normalize(text)
        hits, white = self.scan(normalized.text)
        return resolve(normalized, hits, white)


def find_matches(automaton: ahocorasick_rs.AhoCorasick, text: str, overlapping: bool = False) -> list[tuple]:
    """automaton.find_matches_as_indexes(text), also for text holding lone surrogates, which it cannot encode."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        pass
    # No pattern holds a surrogate (it could not have been compiled), so no match spans one.
    found = []
    for piece in _BETWEEN_SURROGATES.finditer(text):
        shift = piece.start()
        hits = automaton.find_matches_as_indexes(piece.group(), overlapping=overlapping)
        found += [(index, start + shift, end + shift) for index, start, end in hits]
    return found


def resolve(normalized: NormalizedText, hits: list[Hit], white: list[tuple[int, int]]) -> list[LexiconMatch]:
    """Drop hits a whitelist span covers and hits inside a longer hit; map the rest to the original."""
    white = sorted(white)
    white_starts = [ws for ws, _ in white]
    # furthest[i]: the furthest end among the first i+1 whitelist spans, for an O(log n) cover test.
    furthest = list(itertools.accumulate((we for _, we in white), max))
    candidates = []
    for hit in hits:
        i = bisect_right(white_starts, hit.start)
        if i and furthest[i - 1] >= hit.end:
            continue
        start, end = normalized.original_span(hit.start, hit.end)
        if _splits_ascii_word(normalized.original, start, end):
            continue
        candidates.append((start, end, hit.entry))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    matches: list[LexiconMatch] = []
    reach = -1
    for start, end, entry in candidates:
        # Sorted by start, longest first: a hit ending within an earlier one lies inside it.
        if end <= reach:
            continue
        reach = end
        matches.append(LexiconMatch(start, end, normalized.original[start:end], entry))
    return matches


def _splits_ascii_word(original: str, start: int, end: int) -> bool:
    """ "TMD" must not match inside "ATMD" or "TMDX": Latin words need word boundaries."""
    first, last = fold(original[start]), fold(original[end - 1])
    before = fold(original[start - 1]) if start > 0 else ""
    after = fold(original[end]) if end < len(original) else ""
    return bool(
        (_ASCII_ALNUM.match(first) and before and _ASCII_ALNUM.match(before))
        or (_ASCII_ALNUM.match(last) and after and _ASCII_ALNUM.match(after))
    )


# ----------------------------------------------------------------------------------------------
# Loading word-list files


def load_lexicon(data: bytes, filename: str, name: str | None = None) -> Lexicon:
    """Read a .txt, .csv or .xlsx word list; a bad line raises ValueError naming the file and line."""
    suffix = filename.lower().rpartition(".")[2]
    if suffix == "xlsx":
        rows = _xlsx_rows(data, filename)
    elif suffix == "csv":
        rows = ((n, row) for n, row in enumerate(csv.reader(io.StringIO(_decode(data, filename))), start=1))
    elif suffix == "txt":
        rows = _txt_rows(_decode(data, filename))
    else:
        raise ValueError(f"不支持的词库文件类型“{filename}”，请使用 .txt、.csv 或 .xlsx 文件")
    entries: list[LexiconEntry] = []
    whitelist: list[str] = []
    for line_number, row in rows:
        cells = [_cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or cells[0].startswith("#"):
            continue
        if not entries and not whitelist and cells[0].lower() in HEADER_WORDS:
            continue
        entry = _parse_row(cells, filename, line_number)
        if entry.category in WHITELIST_CATEGORIES:
            whitelist.append(entry.word)
        else:
            entries.append(entry)
    if not entries and not whitelist:
        raise ValueError(f"词库文件“{filename}”中没有任何词语")
    return Lexicon(entries, whitelist, name=filename if name is None else name)


def _parse_row(cells: list[str], filename: str, line_number: int) -> LexiconEntry:
    where = f"词库文件“{filename}”第 {line_number} 行"
    word = cells[0]
    if not word:
        raise ValueError(f"{where}：词语为空")
    if len(word) > MAX_WORD_LENGTH:
        raise ValueError(f"{where}：词语超过 {MAX_WORD_LENGTH} 个字")
    if not normalize(word).text:
        raise ValueError(f"{where}：词语“{word}”只含符号或空格")
    category = cells[1] if len(cells) > 1 and cells[1] else DEFAULT_CATEGORY
    level = DEFAULT_LEVEL
    if len(cells) > 2 and cells[2]:
        m = _LEVEL.match(cells[2])
        if m is None:
            raise ValueError(f"{where}：级别“{cells[2]}”无效，应为 1、2 或 3（1 禁用，2 严重，3 慎用）")
        level = _CHINESE_LEVELS.get(m.group(1)) or int(m.group(1))
    if len(cells) > 5:
        raise ValueError(f"{where}：列数过多，格式应为“词语,分类,级别,说明,建议”")
    note = cells[3] if len(cells) > 3 else ""
    suggestion = cells[4] if len(cells) > 4 else ""
    return LexiconEntry(word, category, level, note, suggestion)


def _txt_rows(text: str):
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if "\t" in line:
            yield n, line.split("\t")
        else:
            yield n, re.split(r"[,，]", line)


def _xlsx_rows(data: bytes, filename: str):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValueError(f"无法读取 Excel 文件“{filename}”：{exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield n, list(row)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decode(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"无法识别词库文件“{filename}”的编码，请保存为 UTF-8 或 GBK 编码")
