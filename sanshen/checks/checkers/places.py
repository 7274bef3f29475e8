"""地名: 行政区划 names that contradict each other ("湖北省张家界市") or are one character off a real one."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from ..context import CheckContext
from ..finding import Finding
from ..lexicon import find_matches
from .typo_tables import load_tables

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "places.tsv"
SOURCE = "GB/T 2260 中华人民共和国行政区划代码（数据取自 jionlp 行政区划表）"

LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY = "P", "C", "D"


@dataclass(frozen=True, slots=True, eq=False)
class Division:
    """One 行政区划 unit: 省级 (P), 地级 (C) or 县级 (D)."""

    code: str
    name: str
    alias: str
    level: str

    @property
    def is_municipality(self) -> bool:
        # 直辖市 and 特别行政区 are listed twice, as 省级 and as 地级, under the same code.
        return self.level == LEVEL_CITY and self.code.endswith("0000")

    def contains(self, other: "Division") -> bool:
        if self.level == LEVEL_PROVINCE or self.is_municipality:
            return other.code[:2] == self.code[:2]
        if self.level == LEVEL_CITY:
            return other.code[:4] == self.code[:4]
        return False


@dataclass
class PlaceTable:
    divisions: list[Division]
    names: dict[str, list[Division]]  # full names, and the short forms people write in full ("黔东南州")
    towns: dict[str, frozenset[str]]  # 县级 (or 地级) code → its 乡级 names
    known_names: frozenset[str]  # every name at any level, current or former
    children: dict[Division, list[Division]]
    parents: dict[Division, list[Division]]


@functools.cache
def load_place_table(path: Path = DATA_FILE) -> PlaceTable:
    divisions: list[Division] = []
    towns: dict[str, frozenset[str]] = {}
    known: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] in (LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY):
            divisions.append(Division(code=fields[1], name=fields[2], alias=fields[3], level=fields[0]))
        elif fields[0] == "T":
            names = fields[2].split("|")
            towns[fields[1]] = frozenset(names)
            known.update(names)
        elif fields[0] == "H":
            known.add(fields[1])
    names: dict[str, list[Division]] = {}
    for d in divisions:
        names.setdefault(d.name, []).append(d)
        # "黔东南州" for 黔东南苗族侗族自治州, "玉屏县" for 玉屏侗族自治县: the forms in everyday use.
        for long_suffix, short_suffix in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if d.name.endswith(long_suffix) and d.alias and "/" not in d.alias:
                names.setdefault(d.alias + short_suffix, []).append(d)
    known.update(names)
    # GB/T 2260 codes carry the hierarchy: 省 = first two digits, 地 = first four.
    provinces = {d.code[:2]: d for d in divisions if d.level == LEVEL_PROVINCE}
    cities = {d.code[:4]: d for d in divisions if d.level == LEVEL_CITY and not d.is_municipality}
    municipalities = {d.code[:2]: d for d in divisions if d.is_municipality}
    children: dict[Division, list[Division]] = {d: [] for d in divisions}
    parents: dict[Division, list[Division]] = {d: [] for d in divisions}
    for d in divisions:
        if d.level == LEVEL_PROVINCE:
            continue
        ups = [provinces.get(d.code[:2])]
        if d.level == LEVEL_COUNTY:
            ups.append(cities.get(d.code[:4]) or municipalities.get(d.code[:2]))
        for up in ups:
            if up is not None and up.code != d.code:
                children[up].append(d)
                parents[d].append(up)
    return PlaceTable(
        divisions=divisions, names=names, towns=towns, known_names=frozenset(known), children=children, parents=parents
    )


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    divisions: tuple[Division, ...]
    is_alias: bool


class PlaceNameChecker:
    """Finds 行政区划 written under the wrong parent (“湖北省张家界市”) and names one character off a real one."""

    code = "place"
    label = "地名"

    # 县级 names too generic to pin down a place: "张家界市城区" means the town centre, not 山西's 城区.
    GENERIC_COUNTY_CHARS = frozenset("东西南北中新老旧城市郊矿区内外上下前后关")
    # 功能区 (开发区、新区…) are not 行政区划: several cities have one of the same name.
    ZONE_WORDS = re.compile(r"开发区|高新|新区|园区|管委会|管理区|示范区|试验区|合作区|保税|实验区|食品区|工业区")
    # A short name (“张家界”) stands for the unit only when the phrase ends right after it.
    ALIAS_END = re.compile(r"(?:$|[^\u4e00-\u9fff]|的|等|和|与|及|境内|地区)")
    # A character differing here is a different word, not a misspelling: "湖南省各州市" is not "永州市".
    NOT_A_MISSPELLING = frozenset(
        "各全本该此每其两一二三四五六七八九十百多等及和与或省市县区州盟旗乡镇村内外上下中东西南北新老大小"
    )
    # 县级 suffixes whose one-character variants we may call misspellings.
    SUFFIXES = ("省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道")
    TOWNSHIP_SUFFIXES = ("镇", "乡", "街道")
    TOWNSHIP_END = re.compile("[镇乡]")

    EXAMPLES = [
        ("湖北省张家界市", ["place.containment"]),
        ("四川省重庆市", ["place.containment"]),
        ("湖南省张家介市", ["place.misspelling"]),
        ("湖南省张家界市永定区", []),
        ("重庆市渝中区", []),
        ("湖南省各州市", []),
        ("锦平县人民政府", ["place.misspelling"]),
        ("锦屏县深化乡镇综合行政执法改革", []),  # 深化 + 乡镇, no 新化乡
        ("任命杨通武为县农业农村局副局长", []),
        ("向所在乡镇人民政府或县民政局反映", []),
        ("全县贫困县摘帽，锦屏县", []),
        ("锦屏县规划建设三江镇片区、敦赛镇片区等供水工程", ["place.misspelling"]),
        ("锦屏县规划建设三江镇片区、敦寨镇片区等供水工程", []),
        ("锦屏县各中心镇、集镇和乡", []),
    ]

    # Two characters this frequent before 县 are a word (贫困县, 示范县), not a county's name.
    WORD_FREQ = 50

    def __init__(self) -> None:
        self.table = load_place_table()
        self.keys, self.automaton = self._build_automaton(self.table)
        self.aliases = frozenset(a for d in self.table.divisions for a in d.alias.split("/"))
        self._child_name_index: dict[Division, dict[int, dict[str, list[str]]]] = {}
        # Counties of two characters and 县 by each with one character masked: 锦?县 → 锦屏县.
        self.counties_by_mask: dict[str, list[str]] = {}
        for d in self.table.divisions:
            if d.level == LEVEL_COUNTY and len(d.name) == 3 and d.name.endswith("县"):
                for i in (0, 1):
                    self.counties_by_mask.setdefault(d.name[:i] + "?" + d.name[i + 1 :], []).append(d.name)

    @staticmethod
    def _build_automaton(table: PlaceTable) -> tuple[list[tuple], ahocorasick_rs.AhoCorasick]:
        keys: dict[str, list[tuple[Division, bool]]] = {}
        for name, divisions in table.names.items():
            keys.setdefault(name, []).extend((d, False) for d in divisions)
        for d in table.divisions:
            # 省级 and 地级 short names ("湖南", "张家界"); 县级 short names are too often ordinary words.
            if d.level in (LEVEL_PROVINCE, LEVEL_CITY) and len(d.alias) >= 2 and d.alias != d.name:
                for alias in d.alias.split("/"):
                    keys.setdefault(alias, []).append((d, True))
        # Leftmost-longest matching is exactly what _tokens wants, done in C: no Python work per overlapping match
        # (a text full of names has many). The DFA costs some 20 ms to build and walks text faster than the NFA.
        automaton = ahocorasick_rs.AhoCorasick(
            list(keys),
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        )
        return [(key, tuple(entries)) for key, entries in keys.items()], automaton

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        tokens = self._tokens(text)
        findings: list[Finding] = []
        for upper, lower in zip(tokens, tokens[1:]):
            if upper.end == lower.start:
                finding = self._containment(text, upper, lower)
                if finding:
                    findings.append(finding)
        if "县" in text:
            findings += self._lone_counties(text, tokens)
        if "镇" in text or "乡" in text:
            findings += self._lone_townships(text, tokens)
        flagged = {(f.start, f.end) for f in findings}
        for token in tokens:
            for finding in self._misspellings_after(text, token) + self._misspellings_before(text, token):
                if (finding.start, finding.end) not in flagged:
                    flagged.add((finding.start, finding.end))
                    findings.append(finding)
        return findings

    # Candidates -----------------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[Token]:
        """Place names in the text, leftmost-longest, without overlaps."""
        tokens: list[Token] = []
        for index, start, end in find_matches(self.automaton, text):
            key, entries = self.keys[index]
            full = tuple(d for d, is_alias in entries if not is_alias)
            divisions = full or tuple(d for d, _ in entries)
            tokens.append(Token(start, end, key, divisions, is_alias=not full))
        return tokens

    # Deciding -------------------------------------------------------------------------------------

    def _containment(self, text: str, upper: Token, lower: Token) -> Finding | None:
        if upper.is_alias and lower.is_alias:
            return None
        if lower.is_alias and not self.ALIAS_END.match(text, lower.end):
            return None
        parents = [d for d in upper.divisions if d.level in (LEVEL_PROVINCE, LEVEL_CITY)]
        if upper.is_alias:
            parents = [d for d in parents if d.level == LEVEL_PROVINCE]
        children = [d for d in lower.divisions if self._is_specific(d)]
        if not parents or not children:
            return None
        rank = {LEVEL_PROVINCE: 0, LEVEL_CITY: 1, LEVEL_COUNTY: 2}
        # The upper name must be a level above the lower one for the pair to be a 隶属 statement.
        pairs = [(p, c) for p in parents for c in children if rank[p.level] < rank[c.level]]
        if not pairs or any(p.contains(c) or p.code == c.code for p, c in pairs):
            return None
        parent = pairs[0][0]
        written = text[upper.start : lower.end]
        if any(c.is_municipality for _, c in pairs):
            municipality = next(c for _, c in pairs if c.is_municipality)
            message = f"{municipality.name}是直辖市，不属于{upper.text}"
            suggestion = lower.text
        else:
            homes = {self._home_of(c, parent.level) for _, c in pairs}
            homes.discard(None)
            if len(homes) == 1:
                home = homes.pop()
                label = self._label(home, short=upper.text != parent.name)
                message = f"{lower.text}属于{label}，不属于{upper.text}"
                suggestion = label + lower.text
            elif len(children) == 1 and children[0].code[2:4] == "90":
                province = self._home_of(children[0], LEVEL_PROVINCE)
                message = f"{lower.text}由{province.name}直辖，不属于{upper.text}"
                suggestion = lower.text
            else:
                message = f"{upper.text}没有名为“{lower.text}”的下辖区划"
                suggestion = ""
        return Finding(
            rule="place.containment",
            category="place_name",
            standard=8,
            severity="serious",
            start=upper.start,
            end=lower.end,
            text=written,
            message=f"行政区划隶属关系错误：{message}",
            suggestion=suggestion,
            source=SOURCE,
        )

    def _home_of(self, division: Division, level: str) -> Division | None:
        homes = [d for d in self.table.parents[division] if d.level == level]
        return homes[0] if homes else None

    def _township_names(self, division: Division) -> list[str]:
        # The table also lists farms, parks and offices at this level; only 乡镇街道 have names worth correcting.
        return [n for n in self.table.towns.get(division.code, ()) if n.endswith(self.TOWNSHIP_SUFFIXES)]

    @staticmethod
    def _label(division: Division, short: bool) -> str:
        """The name as the text wrote its neighbour: "湘西州" after "黔东南州", the full name otherwise."""
        if short and division.name.endswith("自治州") and "/" not in division.alias:
            return division.alias + "州"
        return division.name

    def _is_specific(self, division: Division) -> bool:
        if division.level != LEVEL_COUNTY:
            return True
        base = division.name[:-1]
        if self.ZONE_WORDS.search(division.name):
            return False
        return len(base) >= 2 and not set(base) <= self.GENERIC_COUNTY_CHARS

    def _misspellings_after(self, text: str, upper: Token) -> list[Finding]:
        """“湖南省张家介市”: right after a real unit, a name one character off one of its children."""
        if upper.is_alias:
            return []
        names: dict[str, Division] = {}
        for parent in upper.divisions:
            for length, by_last_char in self._child_names(parent).items():
                window = text[upper.end : upper.end + length]
                for name in by_last_char.get(window[-1:], ()):
                    if self._one_off(window, name):
                        names.setdefault(name, parent)
        if not names:
            return []
        # Windows of different lengths can match different names; the longest one is the likelier word.
        longest = max(len(n) for n in names)
        names = {n: p for n, p in names.items() if len(n) == longest}
        window = text[upper.end : upper.end + longest]
        if self._words_run_on(text, upper.end, upper.end + longest):
            return []
        parent = next(iter(names.values()))
        return [self._misspelling(upper.end, window, sorted(names), f"{parent.name}下辖")]

    def _words_run_on(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is a word and the first character of another that runs on past it (锦屏县深化乡镇
        综合行政执法改革: 深化 + 乡镇, no 新化乡)."""
        words = load_tables().word_freq
        return words.get(text[start : end - 1], 0) >= self.WORD_FREQ and text[end - 1 : end + 1] in words

    def _child_names(self, parent: Division) -> dict[int, dict[str, list[str]]]:
        """The names a misspelling after `parent` may stand for, by length and last character.

        Only a name as long as the window and ending in its last character can be one character off it (_one_off):
        a province has a hundred names below it, of which a window needs to be compared with a few.
        """
        index = self._child_name_index.get(parent)
        if index is None:
            if parent.level == LEVEL_COUNTY:
                candidates = self._township_names(parent)
            else:
                candidates = [d.name for d in self.table.children[parent]]
                if parent.level == LEVEL_CITY and not parent.is_municipality:
                    candidates += self._township_names(parent)
            index = {}
            for name in candidates:
                index.setdefault(len(name), {}).setdefault(name[-1], []).append(name)
            self._child_name_index[parent] = index
        return index

    def _misspellings_before(self, text: str, lower: Token) -> list[Finding]:
        """“湖男省长沙市”: right before a real unit, a name one character off one of its parents."""
        if lower.is_alias:
            return []
        for child in lower.divisions:
            if not self._is_specific(child):
                continue
            for parent in self.table.parents[child]:
                start = lower.start - len(parent.name)
                window = text[max(start, 0) : lower.start]
                if start >= 0 and self._one_off(window, parent.name):
                    return [self._misspelling(start, window, [parent.name], f"{lower.text}属于")]
        return []

    def _one_off(self, window: str, name: str) -> bool:
        # Cheap tests first: this runs for many child names of every place named in the text.
        if len(window) != len(name) or len(name) < 3 or window[-1] != name[-1]:
            return False
        if window[0] != name[0] and window[1] != name[1]:
            return False  # two differences already
        diffs = [(a, b) for a, b in zip(window, name) if a != b]
        if len(diffs) != 1:
            return False
        wrong = diffs[0][0]
        if not "\u4e00" <= wrong <= "\u9fff" or wrong in self.NOT_A_MISSPELLING:
            return False
        if window in self.table.known_names:
            return False
        suffix = next((s for s in self.SUFFIXES if name.endswith(s)), None)
        if suffix is None or not window.endswith(suffix):
            return False
        # "莆田县" is the old name of 莆田市's area, not a misspelling: the stem is a real place.
        stem = window[: -len(suffix)]
        return not (any(stem + other in self.table.known_names for other in self.SUFFIXES) or stem in self.aliases)

    # "任命杨通武为县农业农村局副局长": before 县 these are a verb or a preposition, not a county's last character.
    BEFORE_A_UNIT = frozenset("为是在于和与及或到向对给从各本全该邻外")

    def _lone_counties(self, text: str, tokens: list[Token]) -> list[Finding]:
        """"锦平县" with no place around it: a county of no table, one sound-alike character off one that is,
        where its two characters make no word (贫困县, 示范县 are kinds of county)."""
        tables = load_tables()  # the typo checker's, read once per process
        findings = []
        at = text.find("县")
        while at != -1:
            start = at - 2
            written = text[start : at + 1]
            if (
                start >= 0
                and "\u4e00" <= written[0] <= "\u9fff"
                and "\u4e00" <= written[1] <= "\u9fff"
                and written not in self.table.known_names
                and written[1] not in self.BEFORE_A_UNIT
                and tables.word_freq.get(written[:2], 0) < self.WORD_FREQ
                and not any(t.start < at + 1 and start < t.end for t in tokens)
            ):
                meant = {
                    name
                    for i in (0, 1)
                    for name in self.counties_by_mask.get(written[:i] + "?" + written[i + 1 :], ())
                    if tables.relation(written[i], name[i]) == "sound"
                }
                if len(meant) == 1:
                    findings.append(self._misspelling(start, written, sorted(meant), "无此县名，同音的有"))
            at = text.find("县", at + 1)
        return findings

    def _lone_townships(self, text: str, tokens: list[Token]) -> list[Finding]:
        """"敦赛镇片区" where the text names 锦屏县: a 镇 or 乡 of no table, one sound- or look-alike character off a
        township of a county the text names, where the characters before 镇 or 乡 make no word (中心镇, 集镇)."""
        counties = {d for t in tokens if not t.is_alias for d in t.divisions if d.level == LEVEL_COUNTY}
        names = {n for d in counties for n in self._township_names(d) if n[-1] in "镇乡"}
        if not names:
            return []
        tables = load_tables()
        by_end: dict[tuple[int, str], list[str]] = {}
        for name in names:
            by_end.setdefault((len(name), name[-1]), []).append(name)
        named = bytearray(len(text))  # the characters of the names the table knows
        for t in tokens:
            named[t.start : t.end] = b"\x01" * (t.end - t.start)
        findings = []
        for m in self.TOWNSHIP_END.finditer(text):
            end = m.end()
            for (length, last), candidates in by_end.items():
                start = end - length
                window = text[start:end]
                if last != window[-1:] or start < 0 or tables.word_freq.get(window[:-1], 0) >= self.WORD_FREQ:
                    continue
                if named.find(1, start, end) >= 0:
                    continue
                meant = sorted(
                    name
                    for name in candidates
                    if self._one_off(window, name)
                    and all(self._alike(tables, a, b) for a, b in zip(window, name) if a != b)
                )
                if len(meant) == 1:
                    findings.append(self._misspelling(start, window, meant, "本文所列县无此乡镇，音形相近的有"))
        return findings

    @staticmethod
    def _alike(tables, written: str, meant: str) -> bool:
        """Sound- or look-alike, or alike in look through a third character (赛 and 寨 both look like 塞): a name the
        text should hold is evidence enough for the looser likeness."""
        return tables.alike(written, meant) or not set(tables.shapes.get(written, ())).isdisjoint(
            tables.shapes.get(meant, ())
        )

    @staticmethod
    def _misspelling(start: int, window: str, names: list[str], reason: str) -> Finding:
        wanted = "”或“".join(names)
        return Finding(
            rule="place.misspelling",
            category="place_name",
            standard=8,
            severity="warn",
            start=start,
            end=start + len(window),
            text=window,
            message=f"地名“{window}”疑为“{wanted}”之误（{reason}“{wanted}”）",
            # Two equally close names: say both, suggest neither.
            suggestion=names[0] if len(names) == 1 else "",
            source=SOURCE,
        )
