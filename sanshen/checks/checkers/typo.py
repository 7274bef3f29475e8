"""错别字: misspelt words and idioms, from a dictionary of known errors and from sound- and shape-alike characters."""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from ..context import CheckContext
from ..finding import Finding

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Debian's libime-data-language-model: a word trigram model in KenLM's binary format (fcitx5 input method data).
DEFAULT_LM_PATH = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm"
SOURCE_COMMON = "《通用规范汉字表》; 常见错别字表"
SOURCE_IDIOM = "常用成语表"
SOURCE_CONFUSABLE = "同音、形近字与语言模型"

# Frequency given to sanshen's own additions (typo_extra_words.txt): enough to vouch for their characters.
EXTRA_WORD_FREQ = 1000

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _data_lines(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


@dataclass(frozen=True)
class Tables:
    """The word statistics every TypoChecker shares (read once per process)."""

    word_freq: dict[str, int]
    word_logp: dict[str, float]
    by_sound: dict[str, tuple[str, ...]]  # toneless pinyin of a word → words that sound so
    readings: dict[str, tuple[str, ...]]  # character → its toneless readings
    shapes: dict[str, frozenset[str]]  # character → characters of similar shape
    idioms: frozenset[str]
    idiom_patterns: dict[str, tuple[str, ...]]  # idiom with one character as "?" → idioms
    misspellings: ahocorasick.Automaton  # wrong → (wrong, right, list, legitimate contexts containing wrong)
    unknown_logp: float


@functools.cache
def load_tables() -> Tables:
    word_freq: dict[str, int] = {}
    by_sound: dict[str, list[str]] = {}
    for word, freq, key in _data_lines("typo_words.tsv"):
        word_freq[word] = int(freq)
        by_sound.setdefault(key, []).append(word)
    readings: dict[str, tuple[str, ...]] = {}
    shapes: dict[str, frozenset[str]] = {}
    for ch, freq, sounds, similar in _data_lines("typo_chars.tsv"):
        word_freq.setdefault(ch, int(freq))
        readings[ch] = tuple(sounds.split())
        if similar:
            shapes[ch] = frozenset(similar)
    for (word,) in _data_lines("typo_extra_words.txt"):
        word_freq[word] = max(word_freq.get(word, 0), EXTRA_WORD_FREQ)
    total = sum(word_freq.values())
    word_logp = {w: math.log(f / total) for w, f in word_freq.items() if f > 0}

    idioms = frozenset(line[0] for line in _data_lines("typo_idioms.txt"))
    idiom_patterns: dict[str, list[str]] = {}
    for idiom in idioms:
        for i in range(4):
            idiom_patterns.setdefault(idiom[:i] + "?" + idiom[i + 1 :], []).append(idiom)

    misspellings = ahocorasick.Automaton()
    for wrong, right in _data_lines("typo_known_misspellings.tsv"):
        misspellings.add_word(wrong, (wrong, right, "known", ()))
    for wrong, right, *rest in _data_lines("typo_common_errors.tsv"):
        allowed = tuple(c for c in rest[0].split(",") if c) if rest else ()
        misspellings.add_word(wrong, (wrong, right, "common", allowed))
    misspellings.make_automaton()
    return Tables(
        word_freq=word_freq,
        word_logp=word_logp,
        by_sound={k: tuple(v) for k, v in by_sound.items()},
        readings=readings,
        shapes=shapes,
        idioms=idioms,
        idiom_patterns={k: tuple(v) for k, v in idiom_patterns.items()},
        misspellings=misspellings,
        unknown_logp=math.log(1 / total) - 4.0,
    )


@functools.cache
def load_language_model(path: str):
    """The KenLM model at `path`, or None when the file or the kenlm package is missing."""
    if not path or not Path(path).is_file():
        return None
    try:
        import kenlm
    except ImportError:
        return None
    return kenlm.Model(path)


def _occurs_at(text: str, phrase: str, part: str, start: int) -> bool:
    """Whether `phrase`, which contains `part`, occurs in `text` with its `part` at `start` (按装修 around 按装)."""
    offset = phrase.find(part)
    return offset >= 0 and start - offset >= 0 and text.startswith(phrase, start - offset)


@dataclass(frozen=True)
class Candidate:
    """A replacement of text[start:end] (inside one run of Chinese characters) by `word`."""

    start: int
    end: int
    word: str
    how: str  # "sound" or "shape"
    changes: int = 1
    gain: float = 0.0


class TypoChecker:
    """Finds misspelt words: known errors from a dictionary, misspelt idioms, and sound- or shape-alike characters
    where the corrected sentence is clearly more likely under a language model (or word statistics without one).

    Options: `lm_path` (KenLM model; default Debian's libime zh_CN.lm, skipped with a warning when missing),
    `threshold` (how much more likely, in log10 units, a correction must make its context).
    Registers read: "whitelist" (words never to flag).
    """

    code = "typo"
    label = "错别字"

    # A character that is part of another frequent word is taken as right: the error would have to be elsewhere.
    COVER_FREQ = 200
    # A correction target rarer than this is too obscure to suggest.
    TARGET_FREQ = 20
    CONTEXT = 4
    WINDOW_GATE = 3.0
    # log10 gain a correction must bring to its context; tuned on ECSpell-odw (false alarms on about 0.1% of clean
    # sentences). Word statistics alone separate far worse, so without the model only near-certain cases pass.
    THRESHOLD_LM = 5.0
    THRESHOLD_WORDS = 8.0
    # Two changed characters need more evidence: sound-alike word pairs are how names and places read.
    TWO_CHANGE_EXTRA = 2.0
    # Place-name suffixes: a two-character change just before one is usually a village or town name.
    PLACE_SUFFIXES = frozenset("村镇乡县区市街路巷山河湖寺庙桥港湾岛")
    # Readings per window: polyphonic characters multiply keys, and a few cover nearly all real text.
    MAX_KEYS = 8

    EXAMPLES = [
        ("这次事故令人震憾", ["typo.common"]),
        ("热列欢迎各位来宾", ["typo.common"]),
        ("全体干部再接再励", ["typo.idiom"]),
        ("我们要认真贯彻落实会议精神", []),
        ("全体干部再接再厉，勠力同心", []),
        ("请按装修标准施工", []),
    ]

    def __init__(self, lm_path: str | None = DEFAULT_LM_PATH, threshold: float | None = None):
        self.tables = load_tables()
        self.lm = load_language_model(lm_path) if lm_path else None
        self.lm_path = lm_path
        if threshold is None:
            threshold = self.THRESHOLD_LM if self.lm is not None else self.THRESHOLD_WORDS
        if threshold <= 0:
            raise ValueError(f"Invalid threshold: {threshold!r}")
        self.threshold = threshold
        self.warning = "" if self.lm is not None or not lm_path else (
            f"未找到语言模型 {lm_path}（需安装 libime-data-language-model 与 kenlm），错别字检查改用词频统计，查出率较低"
        )

    # -- checking ----------------------------------------------------------------------------------------

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        whitelist = frozenset(context.registers.get("whitelist", ()) or ())
        findings = self._known_errors(text)
        taken = [(f.start, f.end) for f in findings]
        for run in HAN_RUN.finditer(text):
            for cand in self._decide(run.group(0), self._candidates(run.group(0))):
                start, end = run.start() + cand.start, run.start() + cand.end
                if any(start < e and s < end for s, e in taken):
                    continue
                if any(w and w in text[max(0, start - len(w)) : end + len(w)] for w in whitelist):
                    continue
                findings.append(self._confusable_finding(text, start, end, cand))
        return findings

    def _known_errors(self, text: str) -> list[Finding]:
        matches = []
        for end_index, (wrong, right, kind, allowed) in self.tables.misspellings.iter(text):
            start = end_index - len(wrong) + 1
            if any(_occurs_at(text, phrase, wrong, start) for phrase in allowed):
                continue
            matches.append((start, end_index + 1, wrong, right, kind))
        # Longest first, so "热列欢迎" is reported once even where a shorter entry matches inside it.
        kept: list[tuple] = []
        for m in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
            if all(m[1] <= k[0] or k[1] <= m[0] for k in kept):
                kept.append(m)
        findings = []
        for start, end, wrong, right, kind in sorted(kept):
            is_idiom = right in self.tables.idioms or len(right) == 4 and kind == "known"
            findings.append(
                Finding(
                    rule="typo.idiom" if is_idiom else "typo.common",
                    category="idiom_typo" if is_idiom else "typo",
                    standard=8,
                    severity="warn",
                    start=start,
                    end=end,
                    text=wrong,
                    message=(f"成语“{wrong}”有错字，应为“{right}”" if is_idiom else f"“{wrong}”是常见错别字，应为“{right}”"),
                    suggestion=right,
                    source=SOURCE_IDIOM if is_idiom else SOURCE_COMMON,
                )
            )
        return findings

    def _confusable_finding(self, text: str, start: int, end: int, cand: Candidate) -> Finding:
        wrong = text[start:end]
        is_idiom = cand.word in self.tables.idioms
        changed = "、".join(f"“{a}”→“{b}”" for a, b in zip(wrong, cand.word) if a != b)
        kind = "同音字" if cand.how == "sound" else "形近字"
        return Finding(
            rule="typo.idiom" if is_idiom else "typo.confusable",
            category="idiom_typo" if is_idiom else "typo",
            standard=8,
            severity="warn" if cand.gain >= 1.5 * self.threshold else "info",
            start=start,
            end=end,
            text=wrong,
            message=f"“{wrong}”疑为“{cand.word}”之误（{kind}：{changed}）",
            suggestion=cand.word,
            source=SOURCE_IDIOM if is_idiom else SOURCE_CONFUSABLE,
        )

    # -- candidates: cheap, many ---------------------------------------------------------------------------

    def _frequent_words(self, run: str) -> list[tuple[int, int]]:
        freq = self.tables.word_freq
        spans = []
        for i in range(len(run) - 1):
            for length in (2, 3, 4):
                if i + length <= len(run) and freq.get(run[i : i + length], 0) >= self.COVER_FREQ:
                    spans.append((i, i + length))
        return spans

    def _keys(self, readings: list) -> list[str]:
        if not all(readings):
            return []
        return [" ".join(combo) for combo in itertools.islice(itertools.product(*readings), self.MAX_KEYS)]

    def _candidates(self, run: str) -> list[Candidate]:
        t = self.tables
        # covering[p]: the frequent words of the text that contain position p. A character may only be changed
        # where no frequent word other than the window itself vouches for it.
        covering: list[set[tuple[int, int]]] = [set() for _ in run]
        for span in self._frequent_words(run):
            for p in range(*span):
                covering[p].add(span)
        readings = [t.readings.get(ch) for ch in run]
        found: dict[tuple, Candidate] = {}
        for i in range(len(run) - 1):
            for length in (2, 3, 4):
                end = i + length
                if end > len(run):
                    break
                window = run[i:end]
                free = {k for k in range(length) if covering[i + k] <= {(i, end)}}
                if not free:
                    continue
                for key in self._keys(readings[i:end]):
                    for word in t.by_sound.get(key, ()):
                        changed = [k for k in range(length) if word[k] != window[k]]
                        if not changed or len(changed) > 2 or not free.issuperset(changed):
                            continue
                        if t.word_freq[word] < self.TARGET_FREQ:
                            continue
                        if len(changed) == 2 and self._before_place_suffix(run, i, end):
                            continue
                        found[(i, end, word)] = Candidate(i, end, word, "sound", len(changed))
                if length == 4:
                    for k in free:
                        similar = t.shapes.get(window[k], ())
                        for idiom in t.idiom_patterns.get(window[:k] + "?" + window[k + 1 :], ()):
                            if idiom[k] in similar:
                                found.setdefault((i, end, idiom), Candidate(i, end, idiom, "shape", 1))
        return list(found.values())

    def _before_place_suffix(self, run: str, start: int, end: int) -> bool:
        return run[end - 1] in self.PLACE_SUFFIXES or (end < len(run) and run[end] in self.PLACE_SUFFIXES)

    # -- deciding: few, careful ----------------------------------------------------------------------------

    def _decide(self, run: str, candidates: list[Candidate]) -> list[Candidate]:
        if not candidates:
            return []
        scored = []
        base_cache: dict[tuple[int, int], float] = {}
        logp = self.tables.word_logp
        for cand in candidates:
            # Cheap gate: the word alone must beat the window alone by a margin before the context is scored.
            if logp[cand.word] - self._segment(run[cand.start : cand.end])[0] < self.WINDOW_GATE:
                continue
            a, b = max(0, cand.start - self.CONTEXT), min(len(run), cand.end + self.CONTEXT)
            if (a, b) not in base_cache:
                base_cache[(a, b)] = self._score(run[a:b])
            gain = self._score(run[a : cand.start] + cand.word + run[cand.end : b]) - base_cache[(a, b)]
            if gain >= self.threshold + (self.TWO_CHANGE_EXTRA if cand.changes > 1 else 0.0):
                scored.append(Candidate(cand.start, cand.end, cand.word, cand.how, cand.changes, gain))
        chosen: list[Candidate] = []
        for cand in sorted(scored, key=lambda c: -c.gain):
            if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
                chosen.append(cand)
        return chosen

    def _segment(self, s: str) -> tuple[float, list[str]]:
        """Most probable split of `s` into dictionary words (unigram), as (natural log probability, words)."""
        logp, unknown = self.tables.word_logp, self.tables.unknown_logp
        n = len(s)
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            for length in range(1, min(4, j) + 1):
                lp = logp.get(s[j - length : j])
                if lp is None:
                    if length > 1:
                        continue
                    lp = unknown
                if best[j - length] + lp > best[j]:
                    best[j], back[j] = best[j - length] + lp, length
        words, j = [], n
        while j > 0:
            words.append(s[j - back[j] : j])
            j -= back[j]
        return best[n], words[::-1]

    def _score(self, s: str) -> float:
        logp, words = self._segment(s)
        if self.lm is None:
            return logp / math.log(10)
        return self.lm.score(" ".join(words), bos=False, eos=False)
