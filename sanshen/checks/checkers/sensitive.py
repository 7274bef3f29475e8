"""敏感词: words of the sensitive-word lexicon, found through width, 繁简 and inserted-symbol disguises."""

from __future__ import annotations

import functools
from pathlib import Path

from ..context import CheckContext
from ..finding import Finding
from ..lexicon import LEVEL_LABELS, Lexicon, LexiconEntry, load_lexicon, resolve
from ..normalize import NormalizedText, normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_LEXICON_FILE = "sensitive_words.csv"
DEFAULT_LEXICON_NAME = "内置敏感词库"
REGISTER_LEXICON_NAME = "本单位敏感词库"


@functools.lru_cache(maxsize=2)
def normalized(text: str) -> NormalizedText:
    """normalize(text), kept for the last texts: the sensitive and injected checkers both read the text folded."""
    return normalize(text)


@functools.cache
def default_lexicon() -> Lexicon:
    data = (DATA_DIR / DEFAULT_LEXICON_FILE).read_bytes()
    return load_lexicon(data, DEFAULT_LEXICON_FILE, name=DEFAULT_LEXICON_NAME)


@functools.lru_cache(maxsize=8)
def _register_lexicon(entries: tuple, whitelist: tuple) -> Lexicon:
    # Registers arrive as plain lists on every check; compiling is the slow part, so keep a few.
    return Lexicon(entries, whitelist, name=REGISTER_LEXICON_NAME)


class SensitiveWordChecker:
    """Finds words of the built-in and the deployment's sensitive-word lexicons; whitelisted phrases stay silent.

    Planted-ad wording (gambling, pornography, fake certificates …) is the injected checker's shipped list; a
    deployment's own words of those categories still come in through the register and are reported here.

    Options: `lexicon` (a Lexicon or the path of a .txt/.csv/.xlsx word list; default: the built-in list)
    and `whitelist` (words never to flag). Registers read: "sensitive_words" (a Lexicon, or entries / words
    checked in addition to the lexicon) and "whitelist" (words never to flag).
    """

    code = "sensitive"
    label = "敏感词"

    RULE = "sensitive.word"

    EXAMPLES = [
        ("他曾是一名残废人", ["sensitive.word"]),
        ("不宜称北朝鲜、南朝鲜", ["sensitive.word", "sensitive.word"]),
        ("法*轮*功", ["sensitive.word"]),
        ("ＴＭＤ", ["sensitive.word"]),
        ("積極幫助殘廢人就業", ["sensitive.word"]),
        ("积极帮助残疾人就业", []),
        ("自动取款机ATMD型号", []),
        ("加强对口支援交流合作", []),
    ]

    def __init__(self, lexicon: Lexicon | str | Path | None = None, whitelist=()):
        if lexicon is None:
            lexicon = default_lexicon()
        elif isinstance(lexicon, (str, Path)):
            path = Path(lexicon)
            lexicon = load_lexicon(path.read_bytes(), path.name)
        elif not isinstance(lexicon, Lexicon):
            raise ValueError(f"Invalid lexicon option: {lexicon!r} (a Lexicon or a file path)")
        self.lexicon = lexicon
        self.whitelist = Lexicon((), tuple(whitelist)) if whitelist else None

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        lexicons = [self.lexicon] + self._register_lexicons(context)
        if self.whitelist is not None:
            lexicons.append(self.whitelist)
        folded = normalized(text)
        hits, white, sources = [], [], {}
        for lexicon in lexicons:
            found, covered = lexicon.scan(folded.text)
            hits += found
            white += covered
            for hit in found:
                sources.setdefault(id(hit.entry), lexicon.name)
        return [
            self._finding(m.start, m.end, m.text, m.entry, sources.get(id(m.entry), ""))
            for m in resolve(folded, hits, white)
        ]

    @staticmethod
    def _register_lexicons(context: CheckContext) -> list[Lexicon]:
        words = context.registers.get("sensitive_words") or ()
        whitelist = context.registers.get("whitelist") or ()
        if isinstance(words, Lexicon):
            extra = [words]
            if whitelist:
                extra.append(_register_lexicon((), tuple(sorted(whitelist))))
            return extra
        if not words and not whitelist:
            return []
        entries = tuple(LexiconEntry(w) if isinstance(w, str) else w for w in words)
        return [_register_lexicon(entries, tuple(sorted(whitelist)))]

    def _finding(self, start: int, end: int, text: str, entry: LexiconEntry, source: str) -> Finding:
        message = f"敏感词“{entry.word}”（{entry.category}，{LEVEL_LABELS[entry.level]}）"
        if entry.note:
            message += f"：{entry.note}"
        return Finding(
            rule=self.RULE,
            category="sensitive_word",
            standard=entry.standard,
            severity=entry.severity,
            start=start,
            end=end,
            text=text,
            message=message,
            suggestion=entry.suggestion,
            source=source,
        )
