"""民族名称: the 56 ethnic groups' names and the names of 民族自治地方 (自治区、自治州、自治县、自治旗).

A group's name one character off (维吾儿族, 布衣族), a former name (僮族), and an autonomous area's name misspelt
(黔东南苗族桐族自治州), with its groups in the wrong order (黔东南侗族苗族自治州), wrong or missing (广西自治区). Where a
garbled 自治州 name is followed by one of its counties (…自治州锦屏县), the county tells which 州 was meant.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..context import CheckContext
from ..finding import Finding
from .places import load_place_table

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GROUPS_FILE = DATA_DIR / "ethnic_groups.tsv"
AREAS_FILE = DATA_DIR / "autonomous_areas.tsv"
SOURCE_GROUPS = "GB/T 3304-1991《中国各民族名称的罗马字母拼写法和代码》"
SOURCE_AREAS = "GB/T 2260 中华人民共和国行政区划代码（民族自治地方）"
_HAN_ONLY = re.compile("[\u4e00-\u9fff]+")
_AREA_SUFFIX = re.compile("自治[区州县旗]")
# The suffix itself misspelt: 自制州, 自冶县, 自治洲. Checked only after a name that is an area's but for it.
_SUFFIX_SLIP = re.compile("自[制冶致质至]([区州县旗])|自治(洲)")


@dataclass(frozen=True, slots=True)
class EthnicGroup:
    name: str
    former: tuple[tuple[str, str], ...] = ()  # (former name, year renamed)
    wrong: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AutonomousArea:
    name: str
    level: str  # 区 / 州 / 县 / 旗
    province: str = ""
    parent: str = ""
    counties: tuple[str, ...] = ()
    until: str = ""  # the year a former name went; "" for a current unit


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("|") if v)


@functools.cache
def load_groups(path: Path = GROUPS_FILE) -> tuple[EthnicGroup, ...]:
    groups = []
    for fields in _rows(path):
        name, former, wrong, neighbours = (fields + [""] * 4)[:4]
        renamed = tuple(tuple(item.split(":", 1)) for item in _split(former))
        groups.append(EthnicGroup(name, renamed, _split(wrong), _split(neighbours)))
    if len(groups) != 56:
        raise ValueError(f"{path.name} lists {len(groups)} ethnic groups, not 56")
    return tuple(groups)


@functools.cache
def load_areas(path: Path = AREAS_FILE) -> tuple[AutonomousArea, ...]:
    areas = []
    for fields in _rows(path):
        _code, name, level, province, parent, counties, until = (fields + [""] * 7)[:7]
        areas.append(AutonomousArea(name, level, province, parent, _split(counties), until))
    return tuple(areas)


@dataclass(frozen=True, slots=True)
class AreaName:
    """An autonomous area's name taken apart: place (黔东南) + groups (苗族, 侗族) + suffix (自治州)."""

    place: str
    groups: tuple[str, ...]  # canonical group names, in the order written
    suffix: str


class EthnicNames:
    """The groups and areas, indexed for the checker and for protected_spans."""

    # What a group's one-character short form is written with (侗乡, 苗寨, 藏医, 侗年, 侗话): no confusable is meant there.
    SHORT_FORM_NOUNS = "乡寨家歌语文绣医药戏锦年话"

    def __init__(self, groups: tuple[EthnicGroup, ...], areas: tuple[AutonomousArea, ...]):
        self.groups = {g.name: g for g in groups}
        # What may stand for a group inside an area's name: the name, and without 族 where two characters or more
        # remain (新疆维吾尔自治区, 伊犁哈萨克自治州); "各族" for 龙胜各族自治县.
        self.tokens: dict[str, str] = {"各族": "各族"}
        for g in groups:
            self.tokens[g.name] = g.name
            if len(g.name) >= 3:
                self.tokens[g.name[:-1]] = g.name
        self.token_lengths = sorted({len(t) for t in self.tokens}, reverse=True)
        self.areas = {a.name: a for a in areas}
        self.current = [a for a in areas if not a.until]
        self.parsed = {a.name: self.parse(a.name) for a in areas}
        self.lengths: dict[str, list[int]] = {}
        for a in areas:
            suffix = a.name[-3:]
            self.lengths.setdefault(suffix, [])
            if len(a.name) not in self.lengths[suffix]:
                self.lengths[suffix].append(len(a.name))
        # (place, suffix) → the current areas of that place: 黔东南 + 自治州 → 黔东南苗族侗族自治州.
        self.by_place: dict[tuple[str, str], list[AutonomousArea]] = {}
        for a in self.current:
            parsed = self.parsed[a.name]
            if len(parsed.place) >= 2:
                self.by_place.setdefault((parsed.place, parsed.suffix), []).append(a)
        self.place_lengths = sorted({len(p) for p, _ in self.by_place}, reverse=True)
        # One character left open in the part before the suffix, or one left out: the names one edit away.
        self.masks: dict[str, set[str]] = {}
        self.shortened: dict[str, set[str]] = {}
        for a in self.current:
            stem = len(a.name) - 3
            for i in range(stem):
                self.masks.setdefault(a.name[:i] + "\0" + a.name[i + 1 :], set()).add(a.name)
                if i > 0:
                    self.shortened.setdefault(a.name[:i] + a.name[i + 1 :], set()).add(a.name)
        self.known_wrong: dict[str, tuple[str, str]] = {}  # wrong or former → (group, year or "")
        for g in groups:
            for w in g.wrong:
                self.known_wrong[w] = (g.name, "")
            for name, year in g.former:
                self.known_wrong[name] = (g.name, year)
        self.neighbours = frozenset(n for g in groups for n in g.neighbours)
        # The groups of three characters or more, one character left open before 族 (or one left out, one added).
        self.group_masks: dict[str, set[str]] = {}
        for g in groups:
            if len(g.name) >= 3:
                for i in range(len(g.name) - 1):
                    self.group_masks.setdefault(g.name[:i] + "\0" + g.name[i + 1 :], set()).add(g.name)
        self.two_character = tuple(g.name for g in groups if len(g.name) == 2)
        self.group_shortened = {
            g.name[:i] + g.name[i + 1 :]: g.name for g in groups if len(g.name) >= 4 for i in range(1, len(g.name) - 1)
        }
        self.group_lengths = sorted({len(g) for g in self.groups} | {len(w) for w in self.known_wrong}, reverse=True)

    def parse(self, name: str) -> AreaName:
        """Take an area's name apart, reading its groups back from the suffix."""
        suffix, end = name[-3:], len(name) - 3
        groups: list[str] = []
        while end > 0:
            for length in self.token_lengths:
                token = name[max(0, end - length) : end]
                if len(token) == length and token in self.tokens and end - length >= 0:
                    groups.insert(0, self.tokens[token])
                    end -= length
                    break
            else:
                break
        return AreaName(name[:end], tuple(groups), suffix)

    def correct_names(self) -> list[str]:
        return list(self.groups) + list(self.areas)

    def short_forms(self) -> list[str]:
        """Words of a group's one-character short form (侗 of 侗族) and a noun: 侗乡, 侗寨, 苗家, 藏语 …."""
        stems = [g[0] for g in self.groups if len(g) == 2 and g.endswith("族")]
        return [stem + noun for stem in stems for noun in self.SHORT_FORM_NOUNS]


@functools.cache
def ethnic_names() -> EthnicNames:
    return EthnicNames(load_groups(), load_areas())


_NUMERALS = frozenset("一二三四五六七八九十两")


class EthnicNameChecker:
    """Finds ethnic groups' names and 民族自治地方 names written wrong: a character off, a former name, groups in the
    wrong order, missing or not the area's."""

    code = "ethnic"
    label = "民族名称"

    # A wrong character that makes a word this frequent with its neighbour makes another phrase, not a slip.
    WORD_FREQ = 50
    # A two-character group one character off is reported only with another group's name (or 民族) this near it.
    PEOPLES_REACH = 60

    # Written fewer times than this in the word table, a character is too rare to name a clan (恫, 佘; not 古).
    RARE = 100
    # What one people alone is known by, right after its name.
    OWN_CULTURE = {"侗族": ("大歌", "琵琶歌", "鼓楼", "风雨桥"), "苗族": ("飞歌", "姊妹节", "银饰")}

    EXAMPLES = [
        ("新疆维吾儿族群众载歌载舞", ["ethnic.group"]),
        ("仡老族傩戏", ["ethnic.group"]),
        ("村民们唱起悠扬的恫族大歌", ["ethnic.group"]),
        ("洞族大歌", ["ethnic.group"]),
        ("洞族的传说", []),
        ("黔东南苗族桐族自治州锦屏县", ["ethnic.area"]),
        ("黔东南侗族苗族自治州", ["ethnic.area_order"]),
        ("黔东南苗族侗族自制州", ["ethnic.area"]),
        ("村民自制的腌鱼", []),
        ("广西自治区南宁市", ["ethnic.area_groups"]),
        ("1965年僮族改称壮族", ["ethnic.former_group"]),
        ("新疆维吾尔自治区各族群众", []),
        ("贵州省黔东南苗族侗族自治州锦屏县", []),
        ("布依族、仡佬族、毛南族同胞", []),
        ("各省、自治区、直辖市", []),
        ("王家族人世代务农", []),
    ]

    def __init__(self) -> None:
        from .typo_tables import load_tables  # read when first needed: the tables take a second to load

        self.names = ethnic_names()
        self.tables = load_tables()

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings: list[Finding] = []
        areas: list[tuple[int, int]] = []
        if "自治" in text:
            for m in _AREA_SUFFIX.finditer(text):
                span, finding = self._area(text, m.start(), m.end())
                if span is not None:
                    areas.append(span)
                if finding is not None:
                    findings.append(finding)
                    areas.append((finding.start, finding.end))
        if "自" in text and any(c in text for c in "制冶致质至洲"):
            for m in _SUFFIX_SLIP.finditer(text):
                finding = self._suffix_slip(text, m)
                if finding is not None:
                    findings.append(finding)
                    areas.append((finding.start, finding.end))
        if "族" in text:
            for m in re.finditer("族", text):
                finding = self._group(text, m.end())
                if finding is not None and not any(s <= finding.start and finding.end <= e for s, e in areas):
                    findings.append(finding)
        return findings

    # -- groups -----------------------------------------------------------------------------------------------

    def _group(self, text: str, end: int) -> Finding | None:
        names = self.names
        for length in names.group_lengths:
            window = text[end - length : end]
            if len(window) != length:
                continue
            if window in names.groups or window in names.neighbours:
                return None
            known = names.known_wrong.get(window)
            if known is not None and self._starts_word(text, end - length):
                group, year = known
                if year:
                    message = f"民族名称“{window}”已于{year}年改为“{group}”"
                    return self._group_finding("ethnic.former_group", "warn", end - length, end, window, group, message)
                return self._group_finding(
                    "ethnic.group", "serious", end - length, end, window, group, f"民族名称有误：应为“{group}”"
                )
        for length in (3, 4, 5, 6):
            start = end - length
            window = text[start:end]
            if len(window) != length or not _HAN_ONLY.fullmatch(window) or not self._starts_word(text, start):
                continue
            meant = self._one_off_group(text, start, window)
            if meant is not None:
                return self._group_finding(
                    "ethnic.group", "serious", start, end, window, meant, f"民族名称有误：应为“{meant}”"
                )
        meant = self._two_character_group(text, end)
        if meant is not None:
            return self._group_finding(
                "ethnic.group", "serious", end - 2, end, text[end - 2 : end], meant, f"民族名称有误：应为“{meant}”"
            )
        return None

    def _two_character_group(self, text: str, end: int) -> str | None:
        """The two-character group (侗族, 畲族) that text[end-2:end] misspells by a character that sounds or looks
        like the group's (洞族, 佘族), where what is written is no word (家族, 贵族, 种族) and starts one, and the text
        speaks of peoples: another group's name stands near it, or the character written is rarer than the group's.
        Stories have their clans (妖族, 翼族, 海皇一族)."""
        window = text[end - 2 : end]
        start = end - 2
        if start < 0 or not _HAN_ONLY.fullmatch(window) or window in self.names.groups or window[0] in _NUMERALS:
            return None
        if self.tables.word_freq.get(window) or not self._starts_word(text, start):
            return None
        found = {g for g in self.names.two_character if self._alike(window[0], g[0])}
        if len(found) != 1:
            return None
        meant = found.pop()
        # A rare character, rarer than the group's own (恫族大歌 for 侗族), is no clan's name (古族 of stories is):
        # the slip needs no other people beside it.
        freq = self.tables.word_freq
        if freq.get(window[0], 0) < min(self.RARE, freq.get(meant[0], 0)):
            return meant
        # What only one people has names it (洞族大歌 is 侗族大歌; no story's clan sings 大歌).
        if any(text.startswith(own, end) for own in self.OWN_CULTURE.get(meant, ())):
            return meant
        near = text[max(0, start - self.PEOPLES_REACH) : end + self.PEOPLES_REACH]
        if not any(g in near for g in self.names.groups if g != window) and "民族" not in near:
            return None
        return meant

    def _one_off_group(self, text: str, start: int, window: str) -> str | None:
        names = self.names
        found = set()
        freq = self.tables.word_freq
        for i in range(len(window) - 1):
            for meant in names.group_masks.get(window[:i] + "\0" + window[i + 1 :], ()):
                if len(meant) >= 4:
                    found.add(meant)
                # "申屠家族" is the 申屠 family: where the rest of a three-character name is a word (家族), a
                # different first character makes another word, not a misspelt 土家族.
                elif (i > 0 or freq.get(meant[1:], 0) < self.WORD_FREQ) and self._alike(window[i], meant[i]):
                    if not self._makes_word(text, start + i):
                        found.add(meant)
        meant = names.group_shortened.get(window)
        if meant is not None:
            found.add(meant)
        if len(window) >= 5:
            for i in range(1, len(window) - 1):
                shorter = window[:i] + window[i + 1 :]
                # "俄罗斯民族" is a people, not a misspelt 俄罗斯族: an added character that makes a word stays.
                if len(shorter) >= 4 and shorter in names.groups and not self._makes_word(text, start + i):
                    found.add(shorter)
        if self.tables.word_freq.get(window) or len(found) != 1:
            return None
        return found.pop()

    def _starts_word(self, text: str, start: int) -> bool:
        """A group's name starts a word: not 民族 read as a misspelt 回族 (…的民族), nor the tail of a longer name."""
        if start == 0:
            return True
        before = text[start - 1 : start + 1]
        return not (len(before) == 2 and self.tables.word_freq.get(before, 0) >= self.WORD_FREQ)

    def _group_finding(self, rule, severity, start, end, written, meant, message) -> Finding:
        return Finding(
            rule=rule,
            category="fixed_phrase",
            standard=1,
            severity=severity,
            start=start,
            end=end,
            text=written,
            message=message,
            suggestion=meant,
            source=SOURCE_GROUPS,
        )

    # -- autonomous areas -------------------------------------------------------------------------------------

    def _area(self, text: str, at: int, end: int) -> tuple[tuple[int, int] | None, Finding | None]:
        """The correct area name ending at `end` (its span), or a finding for a wrong one; (None, None) for neither."""
        names = self.names
        suffix = text[at:end]
        lengths = names.lengths.get(suffix, ())
        for length in sorted(lengths, reverse=True):
            if text[end - length : end] in names.areas:
                return (end - length, end), None
        finding = self._structure(text, at, end, suffix)
        if finding is None:
            finding = self._one_off_area(text, end, lengths)
        return None, finding

    def _structure(self, text: str, at: int, end: int, suffix: str) -> Finding | None:
        """Place + groups read back from the suffix, against the area of that place."""
        names = self.names
        groups: list[str] = []
        start = at
        while True:
            for length in names.token_lengths:
                token = text[start - length : start]
                if start - length >= 0 and token in names.tokens:
                    groups.insert(0, names.tokens[token])
                    start -= length
                    break
            else:
                break
        for length in names.place_lengths:
            place = text[start - length : start]
            if start - length < 0 or (place, suffix) not in names.by_place:
                continue
            span_start = start - length
            written = text[span_start:end]
            candidates = names.by_place[(place, suffix)]
            area = self._by_county(text, end, candidates, groups) or candidates[0]
            official = names.parsed[area.name]
            if tuple(groups) == official.groups:
                # The groups are right but written otherwise (伊犁哈萨克族自治州 for 伊犁哈萨克自治州).
                return self._area_finding("ethnic.area", "serious", span_start, end, written, area, "名称有误")
            if sorted(groups) == sorted(official.groups):
                return self._area_finding(
                    "ethnic.area_order", "serious", span_start, end, written, area, "名称中各民族的顺序有误"
                )
            if not groups:
                # 甘孜自治州 for 甘孜藏族自治州: a half-short form, common in news; a hint, not an error.
                return self._area_finding(
                    "ethnic.area_groups", "info", span_start, end, written, area, "应使用含民族名称的全称"
                )
            return self._area_finding(
                "ethnic.area_groups", "serious", span_start, end, written, area, "名称中的民族与该地不符"
            )
        # A county or city that is no autonomous area, written as one (锦屏侗族自治县: 锦屏县 is a county of a 自治州).
        if groups:
            table = load_place_table()
            for length in (2, 3, 4):
                plain = text[start - length : start] + suffix[-1]
                if start - length >= 0 and any(d.name == plain for d in table.names.get(plain, ())):
                    return Finding(
                        rule="ethnic.area",
                        category="place_name",
                        standard=1,
                        severity="serious",
                        start=start - length,
                        end=end,
                        text=text[start - length : end],
                        message=f"“{plain}”不是民族自治地方，名称中不加民族和“自治”：应为“{plain}”",
                        suggestion=plain,
                        source=SOURCE_AREAS,
                    )
        # The right place and groups with another level's suffix (黔东南苗族侗族自治区 for …自治州).
        for length in names.place_lengths if groups else ():
            place = text[start - length : start]
            others = [s for s in ("自治区", "自治州", "自治县", "自治旗") if s != suffix]
            for area in (a for other in others for a in names.by_place.get((place, other), ())):
                if start - length >= 0 and sorted(names.parsed[area.name].groups) == sorted(groups):
                    problem = f"的级别有误（是{area.name[-1]}，不是{suffix[-1]}）"
                    return self._area_finding(
                        "ethnic.area", "serious", start - length, end, text[start - length : end], area, problem
                    )
        return None

    def _by_county(self, text: str, end: int, candidates: list[AutonomousArea], groups: list[str]):
        """The area whose county follows the name, preferring, among all areas with these groups, the one it names."""
        names = self.names
        pool = list(candidates)
        if groups:
            pool += [a for a in names.current if names.parsed[a.name].groups == tuple(groups) and a.name[-3:] == "自治州"]
        for area in pool:
            if any(text.startswith(county, end) for county in area.counties):
                return area
        return None

    def _suffix_slip(self, text: str, m: re.Match) -> Finding | None:
        """黔东南苗族侗族自制州: the name of an area but for its suffix."""
        suffix = "自治" + ("州" if m.group(2) else m.group(1))
        for length in sorted(self.names.lengths.get(suffix, ()), reverse=True):
            start = m.start() - (length - len(suffix))
            meant = text[max(0, start) : m.start()] + suffix
            if start >= 0 and meant in self.names.areas:
                area = self.names.areas[meant]
                written = text[start : m.end()]
                return self._area_finding("ethnic.area", "serious", start, m.end(), written, area, "名称有误")
        return None

    def _one_off_area(self, text: str, end: int, lengths) -> Finding | None:
        names = self.names
        found: dict[str, tuple[int, str]] = {}
        for length in lengths:
            for size in (length - 1, length, length + 1):
                start = end - size
                window = text[start:end]
                if start < 0 or not _HAN_ONLY.fullmatch(window) or window in names.areas:
                    continue
                if size == length:
                    for i in range(size - 3):
                        for name in names.masks.get(window[:i] + "\0" + window[i + 1 :], ()):
                            found[name] = (start, window)
                elif size == length - 1:
                    for name in names.shortened.get(window, ()):
                        found[name] = (start, window)
                else:
                    for i in range(1, size - 3):
                        shorter = window[:i] + window[i + 1 :]
                        if shorter in names.areas and not names.areas[shorter].until:
                            found[shorter] = (start, window)
        if not found:
            return None
        if len(found) > 1:
            areas = [names.areas[name] for name in found]
            area = self._by_county(text, end, areas, [])
            if area is None:
                return None
        else:
            area = names.areas[next(iter(found))]
        start, written = found[area.name]
        return self._area_finding("ethnic.area", "serious", start, end, written, area, "名称有误")

    @staticmethod
    def _area_finding(rule, severity, start, end, written, area: AutonomousArea, problem: str) -> Finding:
        where = f"（{area.province}{area.parent}）" if area.province else ""
        return Finding(
            rule=rule,
            category="place_name",
            standard=1,
            severity=severity,
            start=start,
            end=end,
            text=written,
            message=f"民族自治地方{problem}：应为“{area.name}”{where}",
            suggestion=area.name,
            source=SOURCE_AREAS,
        )

    # -- shared -----------------------------------------------------------------------------------------------

    def _alike(self, a: str, b: str) -> bool:
        t = self.tables
        return not set(t.readings.get(a, ())).isdisjoint(t.readings.get(b, ("-",))) or b in t.shapes.get(a, ())

    def _makes_word(self, text: str, at: int) -> bool:
        freq = self.tables.word_freq
        return any(
            len(pair) == 2 and freq.get(pair, 0) >= self.WORD_FREQ
            for pair in (text[max(0, at - 1) : at + 1], text[at : at + 2])
        )
