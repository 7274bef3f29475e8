"""会议届次: the names of party congresses, plenary sessions and people's congress / CPPCC sessions, parsed and checked.

A session name is 届 (term) + body + 次/中 (session): 二十届三中全会, 第十四届全国人民代表大会第二次会议,
十四届全国人大二次会议, 全国政协十四届二次会议, 县委十四届五次全会. The parse finds each such name, and the
checker reports 界 written for 届, "二十大三中全会" for 二十届三中全会 (checks.md POL-03), numbers no term or session of
that body can have, and Arabic numerals where session names use Chinese ones. `session_spans` gives the names found
(right or wrong) to protected_spans, so no other checker "corrects" a character inside one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from ..context import CheckContext, chinese_date
from ..finding import Finding
from ..sentences import sentence_end, sentence_start

SOURCE = "党和国家重要会议名称规范表述"
_NUMBER = r"[一二三四五六七八九十]{1,3}|[0-9０-９]{1,3}"
# The bodies that hold numbered sessions, longest first where one begins another.
_BODIES = (
    "中央纪律检查委员会", "全国人民代表大会常务委员会", "全国人民代表大会", "全国人大常委会", "全国委员会常务委员会",
    "人民代表大会常务委员会", "人民代表大会", "人大常委会", "纪律检查委员会", "全国委员会", "中央委员会", "中央纪委",
    "全国人大", "全国政协", "委员会", "常委会", "人大", "政协", "纪委",
)  # fmt: skip
SESSION = re.compile(
    rf"(?P<first>第)?(?P<n>{_NUMBER})(?P<jie>[届界])(?P<body>{'|'.join(_BODIES)})?"
    rf"(?:(?P<second>第)?(?P<m>{_NUMBER})(?P<kind>中全会|次全体会议|次全会|次会议))?"
)
# "中国共产党第二十届全国代表大会": 届 for 次, the congress counted as if it were a term.
CONGRESS_AS_TERM = re.compile(rf"(?:中国共产党|党的)(?P<first>第)?(?P<n>{_NUMBER})(?P<jie>届)全国代表大会")
# "二十届中央纪委三中全会": a plenum of the 纪委 is a 次全会; only the 中央委员会 holds 中全会.
DISCIPLINE_PLENUM = re.compile(rf"(?P<n>{_NUMBER})届(?P<body>中央纪委|纪委)(?P<m>{_NUMBER})(?P<zhong>中)全会")
# "党的二十届三次全会": the 中央委员会's plenum counted as a local committee's (县委十四届五次全会 is right).
CENTRAL_AS_LOCAL = re.compile(rf"党的(?P<n>{_NUMBER})届(?P<m>{_NUMBER})(?P<ci>次)全(?:体)?会")
# "二十大三中全会": the congress where the term's plenum is meant.
CONGRESS_PLENUM = re.compile(rf"(?P<n>{_NUMBER})大(?P<m>{_NUMBER})中全会")
CONGRESS = re.compile(rf"党的(?P<n>{_NUMBER})大|中国共产党第(?P<n2>{_NUMBER})次全国代表大会")
_TERM_MARK = re.compile("[届界]")
# "第二十次中央委员会第三次全体会议": 次 for 届. A congress is counted by 次 (第二十次全国代表大会); a body elected for a
# term, followed by its own session, is not.
TERM_AS_TIMES = re.compile(
    rf"第(?P<n>{_NUMBER})(?P<ci>次)(?P<body>中央委员会|中央纪律检查委员会|全国人民代表大会常务委员会|全国人民代表大会"
    rf"|人民代表大会常务委员会|人民代表大会|全国委员会)第(?P<m>{_NUMBER})(?P<kind>次全体会议|次会议)"
)
_DIGITS = "一二三四五六七八九"
_NUMERALS = frozenset(_DIGITS + "十0123456789０１２３４５６７８９")
_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")
# Who sits before the term number decides whose session it is: 全国政协十四届二次会议, 县委十四届五次全会.
_BEFORE = re.compile(r"(全国政协|中国人民政治协商会议|全国人大|[省市县区州旗盟]委|[省市县区州旗盟]政协|[省市县区州旗盟])$")


def chinese_number(value: str) -> int | None:
    """"二十一" → 21, "14" → 14; None for what is not a number from 1 to 99."""
    value = value.translate(_WIDE)
    if value.isdigit():
        return int(value) or None
    tens, _, units = value.rpartition("十")
    if "十" not in value:
        return _DIGITS.index(value) + 1 if len(value) == 1 else None
    if len(tens) > 1 or len(units) > 1 or not set(tens + units) <= set(_DIGITS):
        return None
    number = (_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(units) + 1 if units else 0)
    return number if number < 100 and tens != "一" else None


def chinese_numeral(number: int) -> str:
    """21 → "二十一"."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[units - 1] if units else "")


@dataclass(frozen=True, slots=True)
class Limits:
    """How high a body's term and session numbers go."""

    label: str
    max_term: int
    max_session: int


# A term of the 中央委员会 has had up to 7 plenums since the eighth (the eighth itself had 12); the 全国人大 and
# 全国政协 meet once a year in a five-year term; their 常委会 meet about every two months.
CENTRAL_COMMITTEE = Limits("中央委员会全体会议", 21, 9)
DISCIPLINE = Limits("中央纪委全体会议", 21, 9)
NPC = Limits("全国人民代表大会会议", 15, 5)
NPC_STANDING = Limits("全国人大常委会会议", 15, 60)
CPPCC = Limits("全国政协会议", 15, 5)
CPPCC_STANDING = Limits("全国政协常委会会议", 15, 60)
LOCAL = Limits("地方会议", 30, 20)
# A local people's congress standing committee meets every month or two: 县人大常委会 has some 30 meetings a term.
LOCAL_STANDING = Limits("地方人大常委会会议", 30, 80)
CONGRESS_LIMITS = Limits("党的全国代表大会", 21, 0)


@dataclass(frozen=True, slots=True)
class SessionName:
    """A session name at text[start:end], as parsed."""

    start: int
    end: int
    term: str  # the term number as written ("二十", "14")
    term_span: tuple[int, int]
    session: str  # the session number as written, "" for a term alone ("十四届全国人大代表")
    session_span: tuple[int, int]
    term_mark: int  # offset of 届 (or the wrong 界 / 大 / 次)
    wrong_mark: str  # "界", "大" or "次" where 届 belongs, else ""
    limits: Limits | None


def _limits(body: str, before: str, kind: str) -> Limits | None:
    standing = "常务委员会" in body or "常委会" in body
    if kind == "中全会" or body == "中央委员会":
        return CENTRAL_COMMITTEE
    if body in ("中央纪委", "中央纪律检查委员会"):
        return DISCIPLINE
    if "全国人" in body or (before == "全国人大" and not body):
        return NPC_STANDING if standing else NPC
    if body.startswith("全国") or before in ("全国政协", "中国人民政治协商会议"):
        return CPPCC_STANDING if standing else CPPCC
    if not kind:
        return None
    return LOCAL_STANDING if standing else LOCAL


def session_names(text: str) -> list[SessionName]:
    """Every session name in the text, right or wrong, in order."""
    names: list[SessionName] = []
    if "届" in text or "界" in text:
        for mark in _TERM_MARK.finditer(text):
            at = mark.start()
            # A term number stands right before 届: most 界 (世界, 各界) are gone after one look.
            if at == 0 or text[at - 1] not in _NUMERALS:
                continue
            name = _session_at(text, at)
            if name is not None and (not names or name.start >= names[-1].end):
                names.append(name)
    if "次" in text:
        for m in TERM_AS_TIMES.finditer(text):
            if chinese_number(m["n"]) is None or chinese_number(m["m"]) is None:
                continue
            names.append(
                SessionName(
                    m.start(), m.end(), m["n"], m.span("n"), m["m"], m.span("m"), m.start("ci"), "次",
                    _limits(m["body"], "", m["kind"]),
                )
            )  # fmt: skip
    if "中全会" in text:
        for m in CONGRESS_PLENUM.finditer(text):
            n, s = chinese_number(m["n"]), chinese_number(m["m"])
            if n is None or s is None:
                continue
            names.append(
                SessionName(
                    m.start(), m.end(), m["n"], m.span("n"), m["m"], m.span("m"), m.end("n"), "大", CENTRAL_COMMITTEE
                )
            )
    if "大" in text:
        for m in CONGRESS.finditer(text):
            group = "n" if m["n"] else "n2"
            if chinese_number(m[group]) is None:
                continue
            names.append(SessionName(m.start(), m.end(), m[group], m.span(group), "", (0, 0), -1, "", CONGRESS_LIMITS))
    names.sort(key=lambda n: (n.start, -n.end))
    return names


def _session_at(text: str, at: int) -> SessionName | None:
    """The session name whose 届 (or 界) stands at `at`, if one does."""
    for start in range(max(0, at - 4), at):
        m = SESSION.match(text, start)
        if m is None or m.start("jie") != at or chinese_number(m["n"]) is None:
            continue
        if m["m"] is not None and chinese_number(m["m"]) is None:
            return None
        body, kind = m["body"] or "", m["kind"] or ""
        before = _BEFORE.search(text, max(0, start - 12), start)
        limits = _limits(body, before.group() if before else "", kind)
        # A term alone counts only with a body that makes it a session name ("十四届全国人大代表"), and 界 only in a
        # whole name: "三界" is no term.
        if not kind and (not body or m["jie"] == "界" and not body.startswith(("全国", "中央"))):
            return None
        if kind and not body and kind != "中全会" and before is None:
            # "第三届五次会议" of what? Without a body or who holds it, it may be a school or a club.
            limits = None
        return SessionName(
            start=m.start(),
            end=m.end(),
            term=m["n"],
            term_span=m.span("n"),
            session=m["m"] or "",
            session_span=m.span("m") if m["m"] else (0, 0),
            term_mark=at,
            wrong_mark="界" if m["jie"] == "界" else "",
            limits=limits,
        )
    return None


def session_spans(text: str) -> list[tuple[int, int]]:
    """Where session names stand, for protected_spans."""
    return [(n.start, n.end) for n in session_names(text)]


# The documents the 中央全会 adopted, by a phrase no other title has: a title beside another plenum's name is a slip
# of one or the other (二十届二中全会审议通过的《中共中央关于进一步全面深化改革…的决定》). From the plenums'
# communiqués (新华社).
PLENUM_DOCUMENTS = (
    ((20, 4), "中共中央关于制定国民经济和社会发展第十五个五年规划的建议", "第十五个五年规划的建议"),
    ((20, 3), "中共中央关于进一步全面深化改革、推进中国式现代化的决定", "进一步全面深化改革、推进中国式现代化"),
    ((20, 2), "党和国家机构改革方案", "党和国家机构改革方案"),
    ((19, 6), "中共中央关于党的百年奋斗重大成就和历史经验的决议", "党的百年奋斗重大成就和历史经验"),
    ((19, 5), "中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议", "第十四个五年规划和二〇三五年远景目标"),
    ((19, 4), "中共中央关于坚持和完善中国特色社会主义制度、推进国家治理体系和治理能力现代化若干重大问题的决定",
     "坚持和完善中国特色社会主义制度、推进国家治理体系和治理能力现代化"),
    ((18, 3), "中共中央关于全面深化改革若干重大问题的决定", "关于全面深化改革若干重大问题"),
)  # fmt: skip
# When each plenum met (year, month), from the communiqués: a plenum's 精神 studied in a year when the next term's
# plenum of that number had met is a slip of the term (2024年7月以来…十九届三中全会精神).
PLENUM_DATES = {
    (18, 1): (2012, 11), (18, 2): (2013, 2), (18, 3): (2013, 11), (18, 4): (2014, 10), (18, 5): (2015, 10),
    (18, 6): (2016, 10), (18, 7): (2017, 10),
    (19, 1): (2017, 10), (19, 2): (2018, 1), (19, 3): (2018, 2), (19, 4): (2019, 10), (19, 5): (2020, 10),
    (19, 6): (2021, 11), (19, 7): (2022, 10),
    (20, 1): (2022, 10), (20, 2): (2023, 2), (20, 3): (2024, 7), (20, 4): (2025, 10),
}  # fmt: skip
# PLENUM_DATES holds every plenum held up to this day: a later one named before it is one that had not met.
PLENUMS_KNOWN_UNTIL = dt.date(2025, 12, 31)
# The 全国人大 and 全国政协 meet each March, the first session of the ninth term in 1998: 十四届二次会议 is 2024's.
FIRST_NPC_TERM, FIRST_NPC_YEAR = 9, 1998
# A year that dates a session: "2024年全国两会", "2025年3月", "2024年7月以来". Group 2 is the month.
DATED = re.compile(r"((?:19|20)\d{2})年(?:(\d{1,2})月)?")
TWO_SESSIONS = re.compile(r"((?:19|20)\d{2}|今)年(?:(?:全国)?两会|3月)")
# When the party's congresses met (十八大 2012年11月, 十九大 2017年10月, 二十大 2022年10月).
CONGRESS_YEARS = {18: 2012, 19: 2017, 20: 2022}
CONGRESS_MONTHS = {18: 11, 19: 10, 20: 10}
# The 中央委员会 of each term, from the day after its congress closed: whose plenums' 精神 a county studies now.
TERMS = ((20, dt.date(2022, 10, 23)), (19, dt.date(2017, 10, 25)), (18, dt.date(2012, 11, 15)))
# The next congress is due in the autumn of 2027: after that the current term is not known here.
TERMS_KNOWN_UNTIL = dt.date(2027, 9, 30)
SPIRIT = re.compile(r"精神|决策部署")
# What a session is said to have done, its 精神 among them: it has met (十四届全国人大四次会议审议通过的政府工作报告).
DONE = re.compile(SPIRIT.pattern + r"|审议通过|通过的|作出的|提出的|确定的|部署的?|以来|关于")
_BARE_PLENUM = re.compile("([一二三四五六七八九])中全会")


class _Plenums:
    """What the plenum rule asks of the whole text, worked out once per text however many names it holds: the
    plenums named, those written bare ("三中全会和四中全会": the second), and where each document's phrase and 全会
    stand from a point on (the names come in order, so each search starts where the last one ended)."""

    def __init__(self, text: str, names: list[SessionName]):
        self.text, self.names = text, names
        self._named: set | None = None
        self._bare: set | None = None
        self._found: dict[str, tuple[int, int]] = {}  # phrase → (searched from, found at)

    def named(self) -> set:
        if self._named is None:
            self._named = {
                (chinese_number(n.term), chinese_number(n.session)) for n in self.names if n.limits is CENTRAL_COMMITTEE
            }
        return self._named

    def bare(self) -> set:
        if self._bare is None:
            self._bare = {chinese_number(n) for n in _BARE_PLENUM.findall(self.text)}
        return self._bare

    def find(self, phrase: str, start: int) -> int:
        """text.find(phrase, start), the search reused where an earlier one from before `start` found it after."""
        searched_from, at = self._found.get(phrase, (len(self.text) + 1, -1))
        if not (searched_from <= start and (at >= start or at < 0)):
            at = self.text.find(phrase, start)
            self._found[phrase] = (start, at)
        return at

    def spoken_of_after(self, start: int) -> bool:
        return self.find("全会", start) >= 0


def _npc_year(name: "SessionName") -> int | None:
    """The year a 全国人大 or 全国政协 session met (十四届二次会议: 2024)."""
    term, session = chinese_number(name.term), chinese_number(name.session)
    if term is None or session is None:
        return None
    return FIRST_NPC_YEAR + 5 * (term - FIRST_NPC_TERM) + session - 1


def _has_met(year: int, today: dt.date) -> bool:
    """Whether the 两会 of `year` had met by `today` (they open in the first days of March)."""
    return (year, 3) <= (today.year, today.month)


def _last(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """The last match of `pattern` in text[start:end], or None."""
    found = None
    for found in pattern.finditer(text, start, end):
        pass
    return found


# A date right after a session's name that dates it: "党的二十大于2022年10月16日至22日在北京召开".
DATED_AFTER = re.compile(r"(?:胜利)?于((?:19|20)\d{2})年(\d{1,2})月")


DATED_REACH = 200  # how far back a sentence is read for its date: every name reads it again


def _dated_before(text: str, at: int) -> re.Match | None:
    """The last "2024年" or "2024年7月" of the sentence before `at`, within DATED_REACH characters."""
    return _last(DATED, text, sentence_start(text, at, "。！？\n", floor=max(0, at - DATED_REACH)), at)


# Between a date and a session name, what makes the date the meeting's own ("2025年10月召开的党的…", "2025年10月
# 20日至23日，党的…在北京举行"), and after the name ("党的二十大胜利召开以来"); "2025年10月，县委学习…三中全会精神"
# dates the study, not the plenum.
_MEETING_GAP = re.compile(
    r"(?:\d{1,2}日(?:[至到—－-]\d{1,2}日)?)?(?:(?:胜利)?(?:召开|举行)的?(?:中国共产党|党的)?|，?(?:中国共产党|党的)?)"
)
_MEETING_AFTER = re.compile(r"(?:在[\u4e00-\u9fff]{1,6})?(?:胜利|隆重)?(?:召开|开幕|闭幕|举行)")


def _dates_the_meeting(text: str, dated: re.Match, name: "SessionName") -> bool:
    gap = text[dated.end() : name.start]
    if not _MEETING_GAP.fullmatch(gap):
        return False
    return "召开" in gap or "举行" in gap or bool(_MEETING_AFTER.match(text, name.end))


class SessionNameChecker:
    """Finds session names written wrong: 界 or 次 for 届, 二十大三中全会 for 二十届三中全会, impossible term or
    session numbers, and Arabic numerals in a session name."""

    code = "session"
    label = "会议届次"

    DOCUMENT_REACH = 40
    SENTENCE_REACH = 200  # how far a sentence is read (for the other session of the 两会, for 全会 before a title)
    # How far before a 全国人大 session its dating "2025年全国两会" may stand (a sentence or two of one line).
    YEAR_REACH = 80

    EXAMPLES = [
        ("学习贯彻党的二十界三中全会精神", ["session.term_mark"]),
        ("学习贯彻党的二十大三中全会精神", ["session.congress_plenum"]),
        ("十四届全国人大六次会议在京开幕", ["session.ordinal"]),
        ("第14届全国人民代表大会第3次会议", ["session.numerals"]),
        ("学习贯彻党的二十届三中全会精神", []),
        ("第十四届全国人民代表大会第三次会议", []),
        ("全国政协十四届三次会议", []),
        ("县委十四届五次全会召开", []),
        ("县第十八届人民代表大会常务委员会第二十六次会议审查批准", []),
        ("世界经济论坛第十届年会", []),
        ("中国共产党第二十次中央委员会第三次全体会议", ["session.term_mark"]),
        ("中国共产党第二十次全国代表大会", []),
        ("二十届二中全会审议通过的《中共中央关于进一步全面深化改革、推进中国式现代化的决定》", ["session.plenum"]),
        ("二十届三中全会审议通过的《中共中央关于进一步全面深化改革、推进中国式现代化的决定》", []),
        ("中国共产党第二十届全国代表大会", ["session.term_mark"]),
        ("二十届中央纪委三中全会", ["session.congress_plenum"]),
        ("二十届中央纪委三次全会", []),
        ("专题学习党的二十届三次全会精神", ["session.congress_plenum"]),
        ("2024年7月以来，全县把学习贯彻党的十九届三中全会精神作为重大政治任务", ["session.plenum"]),
        ("2025年10月20日至23日，党的二十届三中全会在北京举行", ["session.plenum"]),
        ("2025年10月20日至23日，党的二十届四中全会在北京举行", []),

        ("2018年3月，全县学习贯彻党的十九届三中全会精神", []),
        ("2025年全国两会期间，干部群众收看十四届全国人大二次会议开幕会", ["session.year"]),
        ("2024年全国两会，即十四届全国人大二次会议和全国政协十四届二次会议", []),
        ("传达学习2025年3月召开的全国政协十四届二次会议精神", ["session.year"]),
        ("学习全国政协十三届三次会议精神。2025年3月召开的这次会议作出了新部署", ["session.year"]),
        ("学习贯彻2025年10月召开的党的二十届五中全会精神", ["session.plenum"]),
        ("学习贯彻2025年10月召开的党的二十届四中全会精神", []),
        ("自2022年10月党的二十一大胜利召开以来", ["session.year"]),
        ("自2022年10月党的二十大胜利召开以来", []),
        # on the date the text is signed with (its 落款), not only the day it is published
        ("会议传达学习了十四届全国人大四次会议精神。\n\n锦屏县人民政府办公室\n2025年3月17日", ["session.year"]),
        ("会议传达学习了十四届全国人大三次会议精神。\n\n锦屏县人民政府办公室\n2025年3月17日", []),
        ("今年3月召开的十三届全国人大三次会议提出，居民医保补助标准再提高30元。\n\n锦屏县医疗保障局\n2025年6月12日", ["session.year"]),
        ("要深入学习贯彻党的二十届四中全会精神。\n\n（锦屏县人大常委会办公室\u30002025年7月17日）", ["session.plenum"]),
        ("要深入学习贯彻党的二十届四中全会精神。\n\n（锦屏县人大常委会办公室\u30002025年11月17日）", []),
        ("推动党的二十届五中全会精神进村入户。\n\n（锦屏县融媒体中心\u30002025年11月17日）", ["session.plenum"]),
        ("推动党的二十届五中全会精神进村入户。\n\n（锦屏县融媒体中心\u30002026年2月12日）", []),
        ("为贯彻落实党的二十届四中全会关于深化集体林权制度改革的部署。\n\n锦屏县林业局\n2025年7月8日", ["session.plenum"]),
        ("学习贯彻党的十八届三中全会精神。\n\n锦屏县人民政府\n2011年5月1日", ["session.plenum"]),
        ("深入贯彻落实党的二十届四中全会和十四届全国人大五次会议精神", ["session.year"], {"publication_date": dt.date(2026, 4, 3)}),
        ("落实十四届全国人大四次会议审议通过的政府工作报告", ["session.year"], {"publication_date": dt.date(2025, 5, 20)}),
        ("迎接十四届全国人大四次会议召开", [], {"publication_date": dt.date(2025, 5, 20)}),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        if "全国代表大会" in text:
            for m in CONGRESS_AS_TERM.finditer(text):
                corrected = text[m.start() : m.start("jie")] + "次" + text[m.end("jie") : m.end()]
                message = f"党的全国代表大会按“次”计：应为“{corrected}”"
                findings.append(self._finding("session.term_mark", "serious", m.span(), m.group(), message, corrected))
        if "次全" in text:
            for m in CENTRAL_AS_LOCAL.finditer(text):
                corrected = text[m.start() : m.start("ci")] + "中" + text[m.end("ci") : m.end()]
                message = f"党的中央委员会全体会议称“X届X中全会”，“X次全会”是地方党委全会的称法：应为“{corrected}”"
                finding = self._finding("session.congress_plenum", "serious", m.span(), m.group(), message, corrected)
                findings.append(finding)
        if "纪委" in text:
            for m in DISCIPLINE_PLENUM.finditer(text):
                corrected = text[m.start() : m.start("zhong")] + "次" + text[m.end("zhong") : m.end()]
                message = f"纪委的全体会议称“X次全会”，“X中全会”专指中央委员会全会：应为“{corrected}”"
                finding = self._finding("session.congress_plenum", "serious", m.span(), m.group(), message, corrected)
                findings.append(finding)
        taken = [(f.start, f.end) for f in findings]
        names = session_names(text)
        today = context.as_of(text) if names else context.date
        plenums = _Plenums(text, names)
        for name in names:
            if any(name.start < end and start < name.end for start, end in taken):
                continue
            finding = self._judge(text, name)
            if finding is None and name.limits is CENTRAL_COMMITTEE and name.session:
                finding = self._plenum(text, name, plenums, today)
            if finding is None and name.limits in (NPC, CPPCC) and name.session:
                finding = self._two_sessions_year(text, name, today)
                finding = finding or self._two_sessions_apart(text, name, names, today)
                finding = finding or self._session_to_come(text, name, today)
            if finding is None and name.limits is CONGRESS_LIMITS:
                finding = self._congress_year(text, name) or self._congress_to_come(text, name, today)
            if finding is not None:
                findings.append(finding)
        return findings

    def _two_sessions_year(self, text: str, name: SessionName, today: dt.date) -> Finding | None:
        """A 全国人大 or 全国政协 session after "2025年全国两会" (or "今年3月", the year the text speaks as of) in its
        line that is not that year's."""
        held = _npc_year(name)
        if held is None:
            return None
        line_start = sentence_start(text, name.start, "\n", floor=max(0, name.start - self.YEAR_REACH))
        dated = _last(TWO_SESSIONS, text, line_start, name.start)
        if dated is None:
            # "…十三届三次会议精神。2025年3月召开的这次会议…": the date may follow, in the next sentence.
            line_end = sentence_end(text, name.end, "\n", ceiling=min(len(text), name.end + self.YEAR_REACH))
            dated = TWO_SESSIONS.search(text, name.end, line_end)
        if dated is None:
            return None
        year = today.year if dated.group(1) == "今" else int(dated.group(1))
        if year == held:
            return None
        written = text[name.start : name.end]
        said = f"{dated.group()}（{year}年）" if dated.group(1) == "今" else dated.group()
        message = f"“{written}”于{held}年召开，与前文“{said}”的年份不符，请核实届次和会次"
        # The session of that year: 十四届…四次 → 三次, 十三届三次 → 十四届三次 for 2025.
        term_then, session_then = divmod(year - FIRST_NPC_YEAR, 5)
        suggestion = ""
        if term_then >= 0:
            suggestion = self._renumbered(text, name, FIRST_NPC_TERM + term_then, session_then + 1)
        return self._finding("session.year", "warn", (name.start, name.end), written, message, suggestion)

    def _two_sessions_apart(
        self, text: str, name: SessionName, names: list[SessionName], today: dt.date
    ) -> Finding | None:
        """A 全国人大 session beside a 全国政协 one of another year in its sentence (十四届全国人大二次会议和全国政协
        十四届三次会议): the 两会 meet together. The older of the two is the one questioned: an old name copied
        forward is the usual slip; but where the newer has not met yet on the item's date, the newer is."""
        held = _npc_year(name)
        start = sentence_start(text, name.start, floor=max(0, name.start - self.SENTENCE_REACH))
        end = sentence_end(text, name.end, ceiling=min(len(text), name.end + self.SENTENCE_REACH))
        first = bisect_left(names, start, key=attrgetter("start"))
        for other in itertools.takewhile(lambda n: n.start < end, names[first:]):
            if other.limits not in (NPC, CPPCC) or other.limits is name.limits:
                continue
            year = _npc_year(other)
            if held is None or year is None or held == year:
                continue
            if held < year and _has_met(year, today) or held > year and not _has_met(held, today):
                written, other_written = text[name.start : name.end], text[other.start : other.end]
                when = f"于{held}年召开" if held < year else f"将于{held}年召开，尚未举行"
                message = f"“{written}”{when}，同句的“{other_written}”于{year}年召开，两会同年召开，请核实会次"
                term_then, session_then = divmod(year - FIRST_NPC_YEAR, 5)
                suggestion = self._renumbered(text, name, FIRST_NPC_TERM + term_then, session_then + 1)
                return self._finding("session.year", "warn", (name.start, name.end), written, message, suggestion)
        return None

    def _session_to_come(self, text: str, name: SessionName, today: dt.date) -> Finding | None:
        """A 全国人大 or 全国政协 session whose 精神 is studied before it has met (十四届全国人大五次会议精神 in a text
        of April 2026)."""
        held = _npc_year(name)
        if held is None or _has_met(held, today) or not DONE.match(text, name.end):
            return None
        latest = today.year if _has_met(today.year, today) else today.year - 1
        written = text[name.start : name.end]
        message = f"“{written}”将于{held}年召开，截至{chinese_date(today)}尚未召开，请核实会次"
        term_then, session_then = divmod(latest - FIRST_NPC_YEAR, 5)
        suggestion = ""
        if term_then >= 0:  # the terms counted here begin in 1998, as in _two_sessions_year
            suggestion = self._renumbered(text, name, FIRST_NPC_TERM + term_then, session_then + 1)
        return self._finding("session.year", "warn", (name.start, name.end), written, message, suggestion)

    def _congress_year(self, text: str, name: SessionName) -> Finding | None:
        """A congress after a year of its sentence in which another congress met (2022年10月党的二十一大), or
        dated after its name to another month (党的二十大于2022年11月16日…召开)."""
        number = chinese_number(name.term)
        dated = _dated_before(text, name.start)
        if dated is None or not _dates_the_meeting(text, dated, name):
            dated = DATED_AFTER.match(text, name.end)
        if dated is None or number is None:
            return None
        year = int(dated.group(1))
        held = next((n for n, y in CONGRESS_YEARS.items() if y == year), None)
        month = int(dated.group(2)) if dated.group(2) else None
        if held == number and month is not None and month != CONGRESS_MONTHS[number]:
            # "2022年11月16日，党的二十大开幕": the congress of that year met in another month.
            right = f"{year}年{CONGRESS_MONTHS[number]}月"
            span = (dated.start(1), dated.end())
            written = text[span[0] : span[1]]
            message = f"党的{chinese_numeral(number)}大于{right}召开，文中为“{written}”，请核实"
            return self._finding("session.year", "warn", span, written, message, right)
        if held is None or held == number or CONGRESS_YEARS.get(number) == year:
            return None
        message = f"{year}年召开的是党的{chinese_numeral(held)}大"
        return self._congress_finding(text, name, held, message)

    def _congress_to_come(self, text: str, name: SessionName, today: dt.date) -> Finding | None:
        """A congress whose 精神 is studied before it has met (宣讲党的二十一大精神 in 2025)."""
        number = chinese_number(name.term)
        current = next((t for t, since in TERMS if since <= today), None)
        if number is None or current is None or number <= current or today > TERMS_KNOWN_UNTIL:
            return None
        if not SPIRIT.match(text, name.end) and not text.startswith("以来", name.end):
            return None
        message = f"党的{chinese_numeral(number)}大尚未召开，最近一次是党的{chinese_numeral(current)}大"
        return self._congress_finding(text, name, current, message)

    def _congress_finding(self, text: str, name: SessionName, meant_number: int, why: str) -> Finding:
        written = text[name.start : name.end]
        (term_start, term_end) = (at - name.start for at in name.term_span)
        meant = written[:term_start] + chinese_numeral(meant_number) + written[term_end:]
        message = f"{why}，文中为“{written}”，请核实"
        return self._finding("session.year", "warn", (name.start, name.end), written, message, meant)

    def _adopted_by_another(self, name: SessionName, written: str, plenum: tuple[int, int], title: str) -> Finding:
        adopted_by = f"{chinese_numeral(plenum[0])}届{chinese_numeral(plenum[1])}中全会"
        message = f"《{title}》是党的{adopted_by}审议通过的，文中为“{written}”，请核实"
        return self._finding("session.plenum", "warn", (name.start, name.end), written, message, "")

    def _plenum(self, text: str, name: SessionName, plenums: _Plenums, today: dt.date) -> Finding | None:
        """A plenum beside another plenum's document, or an old term's plenum whose 精神 is studied now."""
        term, session = chinese_number(name.term), chinese_number(name.session)
        written = text[name.start : name.end]
        # A title is the plenum's where it follows within DOCUMENT_REACH characters of the same sentence.
        window = text[name.end : name.end + self.DOCUMENT_REACH + max(len(p) for _, _, p in PLENUM_DOCUMENTS)]
        window = window[: min((i for i in map(window.find, "。；！？\n") if i >= 0), default=len(window))]
        for plenum, title, phrase in PLENUM_DOCUMENTS:
            at = window.find(phrase)
            if 0 <= at <= self.DOCUMENT_REACH and plenum != (term, session):
                return self._adopted_by_another(name, written, plenum, title)
        # The one plenum a text names is the "全会" its other sentences speak of: "传达学习党的二十届五中全会精神。
        # …全会…审议通过了《…第十五个五年规划的建议》" names the plenum that adopted it wrongly.
        if plenums.spoken_of_after(name.end):
            alone = plenums.named() == {(term, session)} and plenums.bare() <= {session}
            for plenum, title, phrase in PLENUM_DOCUMENTS if alone else ():
                at = plenums.find(phrase, name.end)
                if at < 0 or plenum == (term, session):
                    continue
                if "全会" in text[sentence_start(text, at, floor=max(0, at - self.SENTENCE_REACH)) : at]:
                    return self._adopted_by_another(name, written, plenum, title)
        successor = PLENUM_DATES.get((term + 1, session)) if term is not None else None
        dated = _dated_before(text, name.start)
        if dated is not None and dated.group(2) and _dates_the_meeting(text, dated, name):
            # "2025年10月召开的党的二十届五中全会": the plenum of that month was another.
            when = (int(dated.group(1)), int(dated.group(2)))
            met = [plenum for plenum, date in PLENUM_DATES.items() if date == when and plenum[0] >= (term or 0)]
            if met and (term, session) not in met:
                meant = f"{chinese_numeral(met[0][0])}届{chinese_numeral(met[0][1])}中全会"
                message = f"{when[0]}年{when[1]}月召开的是党的{meant}，文中为“{written}”，请核实"
                suggestion = self._renumbered(text, name, *met[0])
                return self._finding("session.plenum", "warn", (name.start, name.end), written, message, suggestion)
            # "2024年10月召开的党的二十届三中全会": no plenum met that month, and this one met in another.
            held = PLENUM_DATES.get((term, session))
            if not met and held is not None and held != when:
                right = f"{held[0]}年{held[1]}月"
                message = f"党的{written}于{right}召开，文中为“{dated.group()}”，请核实"
                return self._finding("session.plenum", "warn", dated.span(), dated.group(), message, right)
        held = PLENUM_DATES.get((term, session))
        # "学习贯彻党的二十届四中全会精神" in a text of July 2025: that plenum met in October. "党的二十届五中全会精神"
        # in one of November 2025: the table knows every plenum until PLENUMS_KNOWN_UNTIL, and it is not there.
        unheard = held is None and today <= PLENUMS_KNOWN_UNTIL and any(t == term for t, _ in PLENUM_DATES)
        if (unheard or held is not None and held > (today.year, today.month)) and DONE.match(text, name.end):
            # The latest plenum that had met (none the table knows where the text is older than it).
            met = [plenum for plenum, date in PLENUM_DATES.items() if date <= (today.year, today.month)]
            latest = max(met, default=None)
            when = "" if held is None else f"于{held[0]}年{held[1]}月召开，"
            message = f"党的{written}{when}截至{chinese_date(today)}尚未召开，请核实届次"
            if latest is not None:
                message += f"（其时最近的是{chinese_numeral(latest[0])}届{chinese_numeral(latest[1])}中全会）"
            suggestion = self._renumbered(text, name, *latest) if latest is not None else ""
            return self._finding("session.plenum", "warn", (name.start, name.end), written, message, suggestion)
        if successor is not None and dated is not None and SPIRIT.match(text, name.end):
            when = (int(dated.group(1)), int(dated.group(2) or 12))
            if when >= successor:
                meant = f"{chinese_numeral(term + 1)}届{chinese_numeral(session)}中全会"
                message = (
                    f"{dated.group()}时{meant}已于{successor[0]}年{successor[1]}月召开，文中学习贯彻的是“{written}”"
                    f"精神，请核实届次"
                )
                return self._finding("session.plenum", "warn", (name.start, name.end), written, message, "")
        current = next((t for t, since in TERMS if since <= today), None)
        if (
            current is not None
            and today <= TERMS_KNOWN_UNTIL
            and term is not None
            and term < current - 1
            and SPIRIT.match(text, name.end)
        ):
            message = (
                f"“{written}”是第{chinese_numeral(term)}届中央委员会的全会，现为第{chinese_numeral(current)}届，"
                f"学习贯彻其精神请核实届次（如“{chinese_numeral(current)}届”）"
            )
            return self._finding("session.plenum", "warn", (name.start, name.end), written, message, "")
        return None

    def _judge(self, text: str, name: SessionName) -> Finding | None:
        written = text[name.start : name.end]
        if name.wrong_mark:
            corrected = self._corrected(text, name)
            if name.wrong_mark == "大":
                message = f"全会届次应写作“X届X中全会”，不写“X大X中全会”：应为“{corrected}”"
                span = (name.start, name.end)
                return self._finding("session.congress_plenum", "warn", span, written, message, corrected)
            message = f"会议名称中“{name.wrong_mark}”应为“届”：应为“{corrected}”"
            return self._finding("session.term_mark", "serious", (name.start, name.end), written, message, corrected)
        limits = name.limits
        term, session = chinese_number(name.term), chinese_number(name.session) if name.session else None
        if limits is not None:
            max_session = limits.max_session
            if limits is CENTRAL_COMMITTEE and term is not None and term < 9:
                max_session = 12
            if term is not None and term > limits.max_term:
                message = f"{limits.label}的届次“{name.term}”超出实有范围（至多{chinese_numeral(limits.max_term)}），请核实"
                return self._finding("session.ordinal", "warn", (name.start, name.end), written, message, "")
            if session is not None and max_session and session > max_session:
                message = f"{limits.label}每届不超过{chinese_numeral(max_session)}次，“{written}”的会次有误，请核实"
                return self._finding("session.ordinal", "warn", (name.start, name.end), written, message, "")
        if any(ch.isdigit() for ch in name.term + name.session):
            corrected = self._corrected(text, name)
            message = f"会议届次、会次使用汉字数字：应为“{corrected}”"
            return self._finding("session.numerals", "warn", (name.start, name.end), written, message, corrected)
        return None

    @staticmethod
    def _renumbered(text: str, name: SessionName, term: int, session: int) -> str:
        """The name with its term and session numbers replaced, written as it was otherwise."""
        (ts, te), (ss, se) = name.term_span, name.session_span
        return (
            text[name.start : ts] + chinese_numeral(term) + text[te:ss] + chinese_numeral(session) + text[se : name.end]
        )

    @staticmethod
    def _corrected(text: str, name: SessionName) -> str:
        """The name with 届 in its place and Chinese numerals throughout."""
        pieces = []
        cursor = name.start
        edits = [(name.term_span, chinese_numeral(chinese_number(name.term)))]
        if name.session:
            edits.append((name.session_span, chinese_numeral(chinese_number(name.session))))
        if name.wrong_mark:
            edits.append(((name.term_mark, name.term_mark + 1), "届"))
        for (start, end), replacement in sorted(edits):
            pieces.append(text[cursor:start])
            pieces.append(replacement)
            cursor = end
        pieces.append(text[cursor : name.end])
        return "".join(pieces)

    @staticmethod
    def _finding(
        rule: str, severity: str, span: tuple[int, int], written: str, message: str, suggestion: str
    ) -> Finding:
        return Finding(
            rule=rule,
            category="fixed_phrase",
            standard=1,
            severity=severity,
            start=span[0],
            end=span[1],
            text=written,
            message=message,
            suggestion=suggestion,
            source=SOURCE,
        )
