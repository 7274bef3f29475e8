"""法律法规名称: law titles that are misspelt, repealed, unknown, or cited without 书名号."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from ..context import CheckContext, chinese_date
from ..finding import Finding


DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "laws.tsv"
SOURCE = "国家法律法规数据库; GB/T 15834-2011 4.15（书名号）"
PREFIX = "中华人民共和国"


@dataclass(frozen=True, slots=True)
class Law:
    """法律法规: one title with its short forms, and its repeal if any."""

    title: str
    short_forms: tuple[str, ...]
    kind: str
    repealed_on: dt.date | None = None
    replaced_by: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.short_forms)

    def repealed_at(self, day: dt.date) -> bool:
        return self.repealed_on is not None and day >= self.repealed_on


@dataclass
class LawRegister:
    laws: list[Law]
    by_name: dict[str, Law]
    # Each name with one character removed → the names it came from (one-edit look-ups).
    deletions: dict[str, set[str]]

    def current_replacement(self, law: Law, day: dt.date) -> Law | None:
        """Follow 取代 links until a title in force on `day`: 经济合同法 → 合同法 → 民法典."""
        seen = set()
        while law.replaced_by and law.title not in seen:
            seen.add(law.title)
            law = self.by_name.get(law.replaced_by)
            if law is None:
                return None
            if not law.repealed_at(day):
                return law
        return None


@functools.cache
def load_law_register(path: Path = DATA_FILE) -> LawRegister:
    laws = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, short, kind, repealed_on, replaced_by = (line.split("\t") + [""] * 5)[:5]
        short_forms = [s for s in short.split("|") if s]
        if title.startswith(PREFIX):
            short_forms.insert(0, title[len(PREFIX) :])
        laws.append(
            Law(
                title=title,
                short_forms=tuple(dict.fromkeys(short_forms)),
                kind=kind,
                repealed_on=dt.date.fromisoformat(repealed_on) if repealed_on else None,
                replaced_by=replaced_by,
            )
        )
    by_name: dict[str, Law] = {}
    for law in laws:
        for name in law.names:
            # A full title wins over someone else's short form of the same spelling.
            if name not in by_name or name == law.title:
                by_name[name] = law
    deletions: dict[str, set[str]] = {}
    for name in by_name:
        for i in range(len(name)):
            deletions.setdefault(name[:i] + name[i + 1 :], set()).add(name)
    return LawRegister(laws=laws, by_name=by_name, deletions=deletions)


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one inserted, deleted or replaced character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class LawTitleChecker:
    """Finds law titles in 书名号 that are one character off a real one, repealed, or unknown, and law titles cited
    without 书名号."""

    code = "law"
    label = "法律法规名称"

    # 《…》 and the inner 〈…〉 of a nested title are both titles.
    TITLES = (re.compile(r"《([^《》\n]{1,100})》"), re.compile(r"〈([^〈〉\n]{1,100})〉"))
    # Trailing notes that are not part of the title: "（2019年修订）", "（草案）", "（试行）".
    NOTE = re.compile(r"[（(]([^（）()]*)[）)]$")
    DRAFT = re.compile(r"草案|征求意见稿|送审稿")
    LOOKS_LIKE_LAW = re.compile(r"(?:法|法典|条例|细则|办法|规定|准则|章程)$")
    # "…法实施条例" and "…法修正案" of a law we know are real even when the register does not list them.
    DERIVED = re.compile(r"^(.+法)(?:实施条例|实施细则|实施办法|修正案.*)$")
    # Citing a repealed law on purpose: "原《合同法》", "《婚姻法》同时废止".
    ABOUT_REPEAL = re.compile(r"废止|失效|不再适用|取代|施行前|修改前|修订前")
    SENTENCE_END = re.compile(r"[。！？；\n]")
    # A law named bare in a citation: "根据个人信息保护法规定".
    CITING = re.compile(r"(?:依据|根据|按照|依照|遵照|违反|遵守|执行|对照|依)(?:国家|新修订的|修订后的|新)?$")
    # CITING is at most six characters, and "$" may stand before a final newline: it is looked for in this many.
    CITING_REACH = 7
    CITED = re.compile(
        r"(?:第[一二三四五六七八九十百零〇\d]+条|的?(?:有关|相关)?规定|的?要求|等|和|及|与|、|，|。|；|,|;)"
    )
    # Bare names that are customarily written without 书名号 in running text.
    BARE_ALLOWED = frozenset({"宪法", "党章"})
    PLEDGE = re.compile(r"(?:拥护|遵守|维护|忠于|效忠)$")

    EXAMPLES = [
        ("依据《中华人民共和国保守国家秘密》等有关规定", ["law.title_typo"]),
        ("依据《中华人民共和国合同法》第五十二条", ["law.repealed"], {"publication_date": dt.date(2024, 3, 1)}),
        ("依据《中华人民共和国合同法》第五十二条", [], {"publication_date": dt.date(2019, 3, 1)}),
        ("根据《中华人民共和国数字经济促进法》", ["law.unknown"]),
        ("根据《事业单位公开招聘人员暂行办法》", ["law.title_kind"]),
        ("根据《事业单位公开招聘人员暂行规定》", []),
        ("依据《中华人民共和国统计法实施细则》发布", ["law.repealed"]),
        ("根据个人信息保护法规定", ["law.no_title_marks"]),
        ("具有中华人民共和国国籍，拥护中华人民共和国宪法，拥护中国共产党的领导", []),
        ("《个人信息保护条例》", ["law.title_kind"]),
        ("《农民工工资保障支付条例》", ["law.title_typo"]),
        ("依据《中华人民共和国民法典》第一百五十三条", []),
        ("《锦屏县人民政府网信息发布审签表》", []),
        ("学唱《国歌》", []),
    ]

    def __init__(self) -> None:
        self.register = load_law_register()
        # Titles by their characters in any order: 《农民工工资保障支付条例》 is 《保障农民工工资支付条例》 reordered.
        self.reordered = {"".join(sorted(name)): name for name in self.register.by_name if len(name) >= 6}
        # Names end in a handful of characters (法, 条例, 细则, 法典…) but start with some 200. An automaton is quick
        # where a node has few branches, so it holds the names reversed and walks the reversed text.
        self.bare_names = ahocorasick.Automaton()
        for name in self.register.by_name:
            if len(name) >= 3:
                self.bare_names.add_word(name[::-1], name)
        self.bare_names.make_automaton()

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        day = context.date
        findings: list[Finding] = []
        titled: list[tuple[int, int]] = []
        for pattern in self.TITLES:
            for m in pattern.finditer(text):
                titled.append((m.start(), m.end()))
                finding = self._check_title(text, m, day)
                if finding:
                    findings.append(finding)
        findings.extend(self._bare_titles(text, titled))
        return findings

    # Titles in 书名号 ----------------------------------------------------------------------------

    def _check_title(self, text: str, m: re.Match, day: dt.date) -> Finding | None:
        raw = m.group(1)
        title = re.sub(r"[\s\u3000]", "", raw)
        note = self.NOTE.search(title)
        if note:
            title = title[: note.start()]
        is_draft = bool(note and self.DRAFT.search(note.group(1)))
        kept_note = note.group(0) if note else ""  # suggestions keep "（2019年修订）" where it was
        start, end = m.start(1), m.end(1)
        law = self.register.by_name.get(title)
        if law is not None:
            return self._repealed(text, m, law, start, end, day)
        if is_draft or not title:
            return None
        typo = self._near_miss(title) or self.reordered.get("".join(sorted(title)), "")
        if typo:
            return self._finding(
                "law.title_typo",
                "serious",
                start,
                end,
                text,
                f"法律法规名称有误：“{raw}”应为“{typo}”",
                typo + kept_note,
            )
        meant, why = self._other_kind(title)
        if meant:
            return self._finding(
                "law.title_kind",
                "warn",
                start,
                end,
                text,
                f"未找到“{raw}”，现行的是“{meant}”{why}，请核实",
                meant + kept_note,
            )
        if title.startswith(PREFIX) and self.LOOKS_LIKE_LAW.search(title):
            derived = self.DERIVED.match(title)
            if derived and derived.group(1) in self.register.by_name:
                return None
            return self._finding(
                "law.unknown",
                "warn",
                start,
                end,
                text,
                f"“{raw}”未在法律法规库中找到，请核实名称",
                "",
            )
        return None

    # The kinds a regulation's title ends with: one written for another (暂行办法 for 暂行规定) is a slip of memory.
    KINDS = ("办法", "规定", "条例", "细则", "规则", "决定")

    def _other_kind(self, title: str) -> tuple[str, str]:
        """The one known title that differs from `title` only in its kind (…暂行办法 → …暂行规定; …条例 → …法, a law
        named as a regulation), and what to add about it; ("", "") where there is none."""
        kind = next((k for k in self.KINDS if title.endswith(k)), None)
        if kind is None:
            return "", ""
        stem = title[: -len(kind)]
        found = [stem + k for k in self.KINDS if k != kind and stem + k in self.register.by_name]
        if len(found) == 1 and len(title) >= 6:
            return found[0], ""
        if kind == "条例" and stem + "法" in self.register.by_name:
            return stem + "法", "（法律，不是条例）"
        return "", ""

    def _near_miss(self, title: str) -> str:
        """The one real title one edit away, if there is exactly one and the written title looks like a law."""
        if not (title.startswith(PREFIX) or (len(title) >= 4 and self.LOOKS_LIKE_LAW.search(title))):
            return ""
        candidates = set(self.register.deletions.get(title, ()))  # a character missing
        for i in range(len(title)):
            shorter = title[:i] + title[i + 1 :]
            if shorter in self.register.by_name:  # a character too many
                candidates.add(shorter)
            candidates |= self.register.deletions.get(shorter, set())  # a character replaced
        candidates = {c for c in candidates if _one_edit(title, c)}
        if not title.startswith(PREFIX):
            # Without the prefix only another short form is a fair guess ("网路安全法" → "网络安全法").
            candidates = {c for c in candidates if not c.startswith(PREFIX)}
        return candidates.pop() if len(candidates) == 1 else ""

    def _repealed(self, text: str, m: re.Match, law: Law, start: int, end: int, day: dt.date) -> Finding | None:
        if not law.repealed_at(day):
            return None
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。！？；\n") + 1
        after = self.SENTENCE_END.search(text, m.end())
        sentence = text[sentence_start : after.start() if after else len(text)]
        if text[max(0, m.start() - 1) : m.start()] in ("原", "旧") or self.ABOUT_REPEAL.search(sentence):
            return None
        replacement = self.register.current_replacement(law, day)
        where = f"，现行为《{replacement.title}》" if replacement else ""
        return self._finding(
            "law.repealed",
            "serious",
            start,
            end,
            text,
            f"《{law.title}》已于{chinese_date(law.repealed_on)}废止{where}",
            replacement.title if replacement else "",
        )

    # Titles without 书名号 -------------------------------------------------------------------------

    def _names(self, text: str) -> list[tuple[int, int]]:
        """Where register names stand in the text: leftmost first, the longest name at each place, no overlaps."""
        longest: dict[int, int] = {}
        last = len(text) - 1
        for reversed_end, name in self.bare_names.iter(text[::-1]):
            start = last - reversed_end
            longest[start] = max(longest.get(start, 0), start + len(name))
        spans = []
        for start in sorted(longest):
            if not spans or start >= spans[-1][1]:
                spans.append((start, longest[start]))
        return spans

    def _bare_titles(self, text: str, titled: list[tuple[int, int]]) -> list[Finding]:
        findings = []
        for start, end in self._names(text):
            # Inside a title, or right after an unclosed 《 (the punctuation check reports that one).
            if any(s <= start < e for s, e in titled) or text[start - 1 : start] in ("《", "〈"):
                continue
            name = text[start:end]
            full = name.startswith(PREFIX)
            # "拥护中华人民共和国宪法" (招聘条件, 公务员法 第十三条) pledges loyalty; it cites no title.
            if name == PREFIX + "宪法" and self.PLEDGE.search(text, max(0, start - 2), start):
                continue
            if not full:
                if name in self.BARE_ALLOWED:
                    continue
                citing = self.CITING.search(text, max(0, start - self.CITING_REACH), start)
                if not (citing and self.CITED.match(text, end)):
                    continue
            findings.append(
                self._finding(
                    "law.no_title_marks",
                    "warn",
                    start,
                    end,
                    text,
                    f"引用法律法规名称应加书名号：《{name}》",
                    f"《{name}》",
                    source="GB/T 15834-2011 4.15.3 书名号; 《党政机关公文格式》",
                )
            )
        return findings

    @staticmethod
    def _finding(rule, severity, start, end, text, message, suggestion, source=SOURCE) -> Finding:
        return Finding(
            rule=rule,
            category="law_title",
            standard=1,
            severity=severity,
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            suggestion=suggestion,
            source=source,
        )
