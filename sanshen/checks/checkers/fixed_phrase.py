"""规范表述: political formulations and wording rules (checks.md §3.1, POL-02 … POL-20) and misspelt key formulations."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick_rs

from ..context import CheckContext
from ..finding import Finding
from ..lexicon import find_matches
from .typo import load_tables

XINHUA = "新华社《新闻信息报道中的禁用词和慎用词》"
CENTRAL = "中央文件规范表述"
GBT9704 = "GB/T 9704-2012《党政机关公文格式》7.2.4 发文字号"


@dataclass(frozen=True)
class Rule:
    """One row of the 规范表述 table: a pattern, what to write instead, and why.

    `suggestion` is a replacement template for the match (\\1 refers to a group); "" means delete the match.
    `group` is the part of the match the finding points at. `unless_before` / `unless_around` are patterns that,
    found in the text before the match (same sentence) or around it, make the match legitimate; `only_after` must
    occur in the few characters before the match for it to count. `screen`: words of which every match contains
    at least one; a text with none of them skips the pattern. A pattern that is a plain word screens itself.
    """

    rule: str
    pattern: re.Pattern
    suggestion: str | None
    message: str
    severity: str
    source: str
    standard: int = 1
    group: int = 0
    unless_before: re.Pattern | None = None
    unless_around: re.Pattern | None = None
    only_after: re.Pattern | None = None
    screen: tuple[str, ...] = ()


def _rule(rule, pattern, suggestion, message, severity, source, standard=1, group=0, screen=(), **conditions):
    compiled = {name: re.compile(p) for name, p in conditions.items()}
    if not screen and re.escape(pattern) == pattern:
        screen = (pattern,)
    return Rule(rule, re.compile(pattern), suggestion, message, severity, source, standard, group, screen=screen, **compiled)


# Titles that make a sentence about a leader's activity (POL-05).
_TITLES = r"(?:书记|县长|市长|省长|区长|州长|旗长|镇长|乡长|主任|局长|部长|厅长|处长|主席|领导|负责人|委员|常委)"
_SENTENCE = r"[^。！？；\n]"

RULES: tuple[Rule, ...] = (
    # POL-02 固定表述 typo list: whole wrong forms of set phrases.
    _rule("fixed_phrase.term", r"扫黑险恶", "扫黑除恶", "固定表述错误：应为“扫黑除恶”", "serious", CENTRAL),
    _rule("fixed_phrase.term", r"一郭两制", "一国两制", "固定表述错误：应为“一国两制”", "serious", CENTRAL),
    _rule("fixed_phrase.term", r"贯切", "贯彻", "“贯切”是错别字，应为“贯彻”", "serious", CENTRAL, standard=8),
    _rule("fixed_phrase.term", r"勿忘初心", "不忘初心", "固定表述为“不忘初心、牢记使命”", "serious", CENTRAL),
    _rule("fixed_phrase.term", r"两个100年", "两个一百年", "固定表述为“两个一百年”", "serious", CENTRAL),
    _rule("fixed_phrase.term", r"一代一路", "一带一路", "固定表述错误：应为“一带一路”", "serious", CENTRAL),
    # POL-03 会议届次: 二十届N中全会, never 二十大N中全会.
    _rule(
        "fixed_phrase.session",
        r"(十[一二三四五六七八九]|二十|十)大([一二三四五六七八九])中全会",
        r"\1届\2中全会",
        "全会届次应写作“X届X中全会”，不写“X大X中全会”",
        "warn",
        "党的全会届次规范表述",
        screen=("中全会",),
    ),
    # POL-04 新中国成立, not 建国.
    _rule(
        "fixed_phrase.founding",
        r"建国(\d{1,3}|[一二三四五六七八九十]{1,3})周年",
        r"新中国成立\1周年",
        "公文中应写“新中国成立XX周年”或“中华人民共和国成立XX周年”，不写“建国XX周年”",
        "warn",
        "公文规范表述",
        screen=("建国",),
    ),
    # POL-05 领导活动不用“亲自”; 党中央对总书记的表述（亲自部署、亲自指挥）除外.
    _rule(
        "fixed_phrase.in_person",
        r"亲自",
        "",
        "报道领导活动不使用“亲自”，建议删去",
        "warn",
        XINHUA,
        only_after=_TITLES,
        unless_before=r"总书记|习近平|党中央",
    ),
    # POL-06 “隆重召开” only for 党中央、国务院 important meetings.
    _rule(
        "fixed_phrase.grand_meeting",
        r"隆重召开",
        "召开",
        "“隆重召开”只用于党中央、国务院召开的重要会议，一般会议写“召开”",
        "warn",
        XINHUA,
        unless_before=r"党中央|中共中央|国务院|全国人民代表大会|全国人大|全国政协|中国共产党第|全国代表大会",
    ),
    # POL-07 领导干部、国企负责人不称“老板”.
    _rule(
        "fixed_phrase.boss",
        r"(?:局|厅|处|科|委|办|单位|部门|机关|政府|国企|县里|市里|乡里|镇里)(?:里的|的|里)?(老板)",
        "负责人",
        "领导干部、国有企业负责人不称“老板”",
        "warn",
        XINHUA,
        group=1,
        screen=("老板",),
    ),
    # POL-08 实践社会主义荣辱观, not 践行八荣八耻.
    _rule("fixed_phrase.honor_shame", r"八荣八耻", "社会主义荣辱观", "应写“社会主义荣辱观”，不写“八荣八耻”", "warn", XINHUA),
    # POL-09 判决前称“犯罪嫌疑人”.
    _rule(
        "fixed_phrase.suspect",
        rf"罪犯(?={_SENTENCE}{{0,12}}(?:刑拘|刑事拘留|逮捕|批捕|涉嫌|审查起诉|移送|立案侦查|在逃|落网|被抓获))",
        "犯罪嫌疑人",
        "法院判决前应称“犯罪嫌疑人”，不称“罪犯”",
        "warn",
        XINHUA,
        screen=("罪犯",),
    ),
    # POL-10 WTO、APEC 的成员不是“成员国”.
    _rule(
        "fixed_phrase.member",
        r"(?:世界贸易组织|世贸组织|WTO|亚太经合组织|亚太经济合作组织|APEC)(成员国)",
        "成员",
        "世界贸易组织、亚太经合组织的成员包括单独关税区，应写“成员”或“成员方”，不写“成员国”",
        "warn",
        XINHUA,
        group=1,
        screen=("成员国",),
    ),
    # POL-11 评价色彩过强的称谓与用语.
    _rule(
        "fixed_phrase.superlative",
        r"(?:最佳|最著名)(?=景区|景点|旅游目的地|目的地|城市|品牌|产品|企业|单位|医院|学校)",
        None,
        "新闻报道不使用“最佳”“最著名”等绝对化评价",
        "info",
        XINHUA,
        screen=("最佳", "最著名"),
    ),
    _rule(
        "fixed_phrase.slang",
        r"影帝|影后|天王|天后",
        None,
        "新闻报道不使用“影帝”“天王”等称谓",
        "info",
        XINHUA,
        unless_around=r"天后宫|天王殿|天王寺|妈祖",
        screen=("影帝", "影后", "天王", "天后"),
    ),
    # POL-15 涉港澳台.
    _rule(
        "fixed_phrase.cross_strait",
        r"中国(?:和|与|同)台湾(?!地区)",
        "大陆和台湾",
        "涉台表述：应写“大陆和台湾”或“两岸”，不写“中国和台湾”",
        "serious",
        XINHUA,
        screen=("台湾",),
    ),
    _rule("fixed_phrase.cross_strait", r"中台关系", "两岸关系", "涉台表述：应写“两岸关系”", "serious", XINHUA),
    _rule(
        "fixed_phrase.cross_strait",
        r"中国(?:和|与|同)(香港|澳门)(?!特别行政区|地区)",
        r"内地与\1",
        "涉港澳表述：应写“内地与香港/澳门”，不写“中国和香港/澳门”",
        "serious",
        XINHUA,
        screen=("香港", "澳门"),
    ),
    _rule(
        "fixed_phrase.cross_strait",
        r"中港(?=两地|关系|合作|贸易|交流)",
        "内地与香港",
        "涉港表述：应写“内地与香港”，不写“中港”",
        "serious",
        XINHUA,
        screen=("中港",),
    ),
    # POL-16 重要思想的全称，不加书名号.
    _rule(
        "fixed_phrase.thought",
        r"习近平思想",
        "习近平新时代中国特色社会主义思想",
        "应使用全称“习近平新时代中国特色社会主义思想”",
        "warn",
        CENTRAL,
    ),
    _rule(
        "fixed_phrase.thought",
        r"《习近平新时代中国特色社会主义思想》",
        "习近平新时代中国特色社会主义思想",
        "作为理论名称时不加书名号",
        "warn",
        CENTRAL,
    ),
    # POL-17 党史学习教育 (2021).
    _rule(
        "fixed_phrase.campaign",
        r"党史教育(?!基地)",
        "党史学习教育",
        "2021年开展的专题教育名称为“党史学习教育”",
        "warn",
        CENTRAL,
        screen=("党史教育",),
    ),
    # POL-20 发文字号用六角括号〔〕.
    _rule(
        "fixed_phrase.doc_number",
        r"(?<=[\u4e00-\u9fff])([\[【(（［]((?:19|20)\d{2})[\]】)）］])(?=\d{1,4}号)",
        r"〔\2〕",
        "发文字号中的年份应使用六角括号“〔〕”",
        "warn",
        GBT9704,
        group=1,
        screen=("号",),
    ),
)

# Key formulations that must be written exactly; one character wrong, missing or extra is a serious error.
FORMULATIONS = (
    "习近平新时代中国特色社会主义思想",
    "中国特色社会主义",
    "中华民族伟大复兴",
    "中国式现代化",
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "全过程人民民主",
    "人类命运共同体",
    "乡村振兴",
    "高质量发展",
    "新发展理念",
    "新发展格局",
    "全面从严治党",
    "党风廉政建设",
    "社会主义核心价值观",
    "一国两制",
    "一带一路",
    "脱贫攻坚",
    "精准扶贫",
    "共同富裕",
    "总体国家安全观",
    "生态文明建设",
    "绿水青山就是金山银山",
    "中央八项规定",
    "以人民为中心",
    "不忘初心",
    "牢记使命",
    "两个一百年",
    "五位一体",
    "四个全面",
    "三严三实",
    "两学一做",
    "全面深化改革",
    "全面依法治国",
    "铸牢中华民族共同体意识",
    "扫黑除恶",
    "党史学习教育",
    "稳中求进",
    "马克思列宁主义",
    "毛泽东思想",
    "邓小平理论",
    "三个代表",
    "科学发展观",
)


class FixedPhraseChecker:
    """Finds wrong political formulations (规范表述 table POL-02 … POL-20) and key formulations written with
    one character wrong, missing or extra."""

    code = "fixed_phrase"
    label = "规范表述"

    FORMULATIONS = FORMULATIONS
    # Short formulations only count as misspelt when the wrong character sounds or looks like the right one:
    # otherwise "两个确定" would be read as a misspelt 两个确立.
    SHORT = 5
    # How far before “亲自” a title may stand for the sentence to be about a leader.
    NEAR = 10

    EXAMPLES = [
        ("坚决打好扫黑险恶专项斗争", ["fixed_phrase.term"]),
        ("学习贯彻党的二十大三中全会精神", ["fixed_phrase.session"]),
        ("庆祝建国75周年", ["fixed_phrase.founding"]),
        ("全县安全生产例会隆重召开", ["fixed_phrase.grand_meeting"]),
        ("开展党史教育活动", ["fixed_phrase.campaign"]),
        ("国办秘函[2019]19号", ["fixed_phrase.doc_number"]),
        ("深入学习习近平新时代中国特色社会注义思想", ["fixed_phrase.formulation"]),
        ("坚定四个自性", ["fixed_phrase.formulation"]),
        ("坚决打好扫黑除恶专项斗争", []),
        ("学习贯彻党的二十届三中全会精神", []),
        ("开展党史学习教育", []),
        ("国办秘函〔2019〕19号", []),
        ("第十四届全国人民代表大会第一次会议在北京隆重召开", []),
        ("深入学习习近平新时代中国特色社会主义思想，增强四个自信", []),
    ]

    def __init__(self):
        # Any one-character slip leaves one half intact: find the halves, then measure the whole.
        # anchor_entries[i]: the (formulation, offset) pairs whose half is anchor pattern i.
        halves: dict[str, tuple[tuple[str, int], ...]] = {}
        for formulation in self.FORMULATIONS:
            half = len(formulation) // 2
            for part, offset in ((formulation[:half], 0), (formulation[half:], half)):
                halves[part] = (*halves.get(part, ()), (formulation, offset))
        self.anchor_entries = list(halves.values())
        # The rules' screen words go into the same automaton: the one pass that finds the halves tells which rules
        # can match at all, where a search per rule would read the text once each.
        words = list(halves) + sorted({w for rule in RULES for w in rule.screen} - halves.keys())
        index = {word: i for i, word in enumerate(words)}
        self.rule_screens = [frozenset(index[w] for w in rule.screen) if rule.screen else None for rule in RULES]
        self.words = ahocorasick_rs.AhoCorasick(words)
        # Leftmost-longest, as a regex alternation of the formulations longest first would match.
        self.exact = ahocorasick_rs.AhoCorasick(self.FORMULATIONS, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        self.tables = load_tables()

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        hits = find_matches(self.words, text, overlapping=True)
        found = {index for index, _, _ in hits}
        findings = [
            f
            for rule, screen in zip(RULES, self.rule_screens)
            if screen is None or not screen.isdisjoint(found)
            for f in self._apply(rule, text)
        ]
        halves = len(self.anchor_entries)
        slips = self._misspelt_formulations(text, [hit for hit in hits if hit[0] < halves])
        # 习近平新时代中国特色社会注义思想 also contains a slipped 中国特色社会主义: report the whole once.
        # A slip the table already names (一郭两制) is reported once, by the table.
        findings.extend(
            f
            for f in slips
            if not any(g is not f and g.start <= f.start and f.end <= g.end for g in slips)
            and not any(f.start < g.end and g.start < f.end for g in findings)
        )
        return findings

    # -- the 规范表述 table -------------------------------------------------------------------------------

    def _apply(self, rule: Rule, text: str) -> list[Finding]:
        findings = []
        for m in rule.pattern.finditer(text):
            sentence_start = max(text.rfind(p, 0, m.start()) for p in "。！？；\n") + 1
            if rule.unless_before is not None and rule.unless_before.search(text, sentence_start, m.start()):
                continue
            if rule.only_after is not None and not rule.only_after.search(
                text, max(sentence_start, m.start() - self.NEAR), m.start()
            ):
                continue
            if rule.unless_around is not None:
                if rule.unless_around.search(text[max(0, m.start() - 4) : m.end() + 4]):
                    continue
            start, end = m.start(rule.group), m.end(rule.group)
            suggestion = m.expand(rule.suggestion) if rule.suggestion else ""
            findings.append(
                Finding(
                    rule=rule.rule,
                    category="fixed_phrase",
                    standard=rule.standard,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    text=text[start:end],
                    message=rule.message,
                    suggestion=suggestion,
                    source=rule.source,
                )
            )
        return findings

    # -- key formulations with one slip ----------------------------------------------------------------------

    def _misspelt_formulations(self, text: str, anchors: list[tuple[int, int, int]]) -> list[Finding]:
        """Spans one slip off a key formulation; `anchors` are the halves found in the text (index, start, end)."""
        exact = find_matches(self.exact, text)
        # Exact spans never overlap one another, so their ends rise with their starts.
        exact_starts, exact_ends = [s for _, s, _ in exact], [e for _, _, e in exact]

        def overlaps_exact(start: int, end: int) -> bool:
            i = bisect_left(exact_starts, end)
            return i > 0 and exact_ends[i - 1] > start

        seen: set[tuple[int, int]] = set()
        findings = []
        # By end, the longest first where several end together: the order `seen` below depends on.
        anchors.sort(key=lambda hit: (hit[2], hit[1]))
        for index, anchor_start, anchor_end in anchors:
            # Every span _slips offers contains the anchor: an anchor inside a correctly written
            # formulation (most of them) can only offer spans that overlap it, which are dropped.
            if overlaps_exact(anchor_start, anchor_end):
                continue
            for formulation, offset in self.anchor_entries[index]:
                for start, end in self._slips(text, formulation, anchor_start - offset, offset == 0):
                    if (start, end) in seen or overlaps_exact(start, end):
                        continue
                    seen.add((start, end))
                    findings.append(self._formulation_finding(text, start, end, formulation))
        return findings

    def _slips(self, text: str, formulation: str, start: int, anchored_left: bool):
        """Spans near `start` that differ from `formulation` by one substitution, deletion or insertion."""
        n = len(formulation)
        lengths = (n, n - 1, n + 1)
        for length in lengths:
            # Anchored on the left half: the span starts at `start`; on the right half: it ends where F would.
            s = start if anchored_left else start + n - length
            e = s + length
            if s < 0 or e > len(text):
                continue
            window = text[s:e]
            if window == formulation or not _han_only(window):
                continue
            if self._one_slip(window, formulation):
                yield s, e

    def _one_slip(self, window: str, formulation: str) -> bool:
        if len(window) == len(formulation):
            diff = [i for i, (a, b) in enumerate(zip(window, formulation)) if a != b]
            if len(diff) != 1:
                return False
            if len(formulation) <= self.SHORT:
                return self._alike(window[diff[0]], formulation[diff[0]])
            return True
        if len(formulation) <= self.SHORT:
            return False
        shorter, longer = sorted((window, formulation), key=len)
        # A missing or extra character inside the formulation; at its edges it is only a neighbouring word.
        for i in range(1, len(longer) - 1):
            if longer[:i] + longer[i + 1 :] == shorter:
                return True
        return False

    def _alike(self, a: str, b: str) -> bool:
        t = self.tables
        sounds_a = {_fuzzy(r) for r in t.readings.get(a, ())}
        return bool(sounds_a & {_fuzzy(r) for r in t.readings.get(b, ())}) or b in t.shapes.get(a, ())

    @staticmethod
    def _formulation_finding(text: str, start: int, end: int, formulation: str) -> Finding:
        wrong = text[start:end]
        return Finding(
            rule="fixed_phrase.formulation",
            category="fixed_phrase",
            standard=1,
            severity="serious",
            start=start,
            end=end,
            text=wrong,
            message=f"重要表述“{formulation}”书写有误（“{wrong}”）",
            suggestion=formulation,
            source=CENTRAL,
        )


_FUZZY = re.compile(r"^(zh|ch|sh)|(ng)$")


def _fuzzy(reading: str) -> str:
    """A reading with the distinctions many speakers blur (zh/z, ch/c, sh/s, -ng/-n) dropped: 自信 ~ 自性."""
    return _FUZZY.sub(lambda m: m.group(1)[0] if m.group(1) else "n", reading)


_HAN_ONLY = re.compile("[\u4e00-\u9fff]*")


def _han_only(text: str) -> bool:
    return _HAN_ONLY.fullmatch(text) is not None
