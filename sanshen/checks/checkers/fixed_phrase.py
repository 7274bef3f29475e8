"""规范表述: political formulations and wording rules (checks.md §3.1, POL-02 … POL-20) and misspelt key formulations."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..context import CheckContext
from ..finding import Finding
from .formulations import FormulationIndex, FormulationScan, Slip, load_formulations
from .places import load_place_table
from .typo_tables import load_tables, segment
from .typo_usage import SpanSet

XINHUA = "新华社《新闻信息报道中的禁用词和慎用词》"
CENTRAL = "中央文件规范表述"
GBT9704 = "GB/T 9704-2012《党政机关公文格式》7.2.4 发文字号"
ADVERTISING_LAW = "《中华人民共和国广告法》第九条"


def _names_a_place(written: str) -> bool:
    """Whether `written` is a place's name or its short name (锦屏 of 锦屏县, 贵州 of 贵州省)."""
    known = load_place_table().known_names
    return written in known or any(written + suffix in known for suffix in "省市州县区镇乡")


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
    # 两个确立 is 领悟 and 拥护, 两个维护 is 做到, 四个自信 is 坚定: after the other's verb one was written for the other.
    # (增强“四个自信” is in use beside 坚定“四个自信”: 增强 is left alone.)
    *(
        _rule(
            "fixed_phrase.family_verb",
            rf"{verb}[“‘\"]?({written})",
            meant,
            f"“{verb}”之后应为“{meant}”（固定表述：{usage}）",
            "serious",
            CENTRAL,
            group=1,
            screen=(written,),
        )
        for verb, written, meant, usage in (
            ("做到", "两个确立", "两个维护", "深刻领悟“两个确立”的决定性意义、坚决做到“两个维护”"),
            ("领悟", "两个维护", "两个确立", "深刻领悟“两个确立”的决定性意义、坚决做到“两个维护”"),
            ("坚定", "四个意识", "四个自信", "增强“四个意识”、坚定“四个自信”"),
        )
    ),
    # POL-03 会议届次 (二十大三中全会): sessions.py parses session names.
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
        unless_before=r"总书记|习近平|党中央|毛主席|毛泽东|周总理|周恩来|邓小平",
        # "主要负责人亲自抓、负总责" assigns a duty; it reports no activity. So does the 信访 rule that the leader
        # in charge of a case reads its file and meets the petitioner himself (包案领导坚持亲自阅卷、亲自接访).
        unless_around=r"亲自抓|负总责|坚持亲自|亲自阅卷|亲自接访|亲自包案",
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
    # A product praised as the best there is (魁胆茶油是全国最高级的山茶油): 广告法 forbids such words in what
    # promotes goods, and a government site that repeats them endorses the product (not 最高级别的应急响应).
    _rule(
        "fixed_phrase.absolute_claim",
        r"(?:最高级|顶级|极品|最正宗|最优质)(?!别)(?=[^。！？；\n]{0,12}?"
        r"(?:油|茶|米|酒|菜|果|肉|鸡|鸭|鹅|鱼|蜜|笋|菇|蛋|产品|商品|品牌|特产|农产品))",
        None,
        "宣传产品不使用“最高级”“顶级”“极品”等绝对化用语（《中华人民共和国广告法》第九条）",
        "warn",
        ADVERTISING_LAW,
        screen=("最高级", "顶级", "极品", "最正宗", "最优质"),
    ),
    _rule(
        "fixed_phrase.slang",
        # "三天后", "几天后" count days.
        r"影帝|影后|天王|(?<![0-9０-９一二三四五六七八九十百千两几数多半隔当前每])天后",
        None,
        "新闻报道不使用“影帝”“天王”等称谓",
        "info",
        XINHUA,
        unless_around=r"天后宫|天王殿|天王寺|妈祖|天王补心|天王老子",
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
    # 台湾 in a list of countries that ends 等国家 (赴法国、台湾等国家交流演出): a list with 台湾, 香港 or 澳门 in it
    # ends 等国家和地区.
    _rule(
        "fixed_phrase.cross_strait",
        r"(?:(?<=[、和与及])(?:台湾|香港|澳门)|(?:台湾|香港|澳门)(?=、))[^，。；！？,;!?\n]{0,30}?"
        r"等(?:[0-9一二三四五六七八九十多]+个)?国(?:家(?!和地区|及地区|地区)|(?![家内外际]))",
        None,
        "涉港澳台表述：台湾、香港、澳门不与国家并列称“国家”，列举时应写“国家和地区”",
        "serious",
        XINHUA,
        screen=("台湾", "香港", "澳门"),
    ),
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
        # Every match holds a bracket and the year's first two digits: far rarer than "号".
        screen=tuple(bracket + century for bracket in "[【(（［" for century in ("19", "20")),
    ),
    # 发文顺序号不编虚位: 〔2025〕8号, not 〔2025〕08号. Not the numbers of 行政执法文书 (锦消行罚决字〔2026〕0011号,
    # 锦市监处罚〔2025〕07号) nor of 许可 (锦林采〔2025〕015号), which GB/T 9704 does not govern and which their own
    # systems number with places.
    _rule(
        "fixed_phrase.doc_number",
        r"(?<![决罚处执]字)(?<![决罚采许])(〔(?:19|20)\d{2}〕)0+(\d{1,4}号)",
        r"\1\2",
        "发文字号的顺序号不编虚位（1不编为01）",
        "warn",
        GBT9704,
        screen=("〕0",),
    ),
)


NUMERALS = frozenset("一二三四五六七八九十两")
# Characters whose presence or absence changes no formulation: "中华民族的伟大复兴", "核心意识和看齐意识".
OPTIONAL_CHARS = frozenset("的之地得和与及了着、，,；;：:")
_HAN = re.compile("[\u4e00-\u9fff]")
# Characters that stand alone as words all the time: left alone in a window they make ordinary text ("论文数被中国超过"),
# not a misspelt formulation.
FUNCTION_CHARS = frozenset(
    "被在是把对从向为给将于以由让使或也都就还又才再很更最不没未无已曾要会能可该这那其此各每某本该"
    "一二三四五六七八九十两几多个项条位名大小新老上下中前后里外内来去到出入有非所而则即但并且如若"
)


def _outermost(found: list[Finding]) -> list[Finding]:
    """The findings that no other holds (a span held by another, or given twice, is left out), in their order:
    sorted once, not compared pair by pair (a text may hold thousands)."""
    spans = Counter((f.start, f.end) for f in found)
    held, reach = set(), -1
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if reach >= f.end or spans[(f.start, f.end)] > 1:
            held.add(id(f))
        reach = max(reach, f.end)
    return [f for f in found if id(f) not in held]


class FixedPhraseChecker:
    """Finds wrong political formulations (规范表述 table POL-02 … POL-20) and key formulations (data/formulations.tsv)
    written with one character wrong, missing or added, inside or outside quotation marks."""

    code = "fixed_phrase"
    label = "规范表述"

    # Formulations this short or shorter are one edit from ordinary phrases ("两个确定", "中国现代化"): there an edit
    # must pass the tests of _is_slip. At either end of any formulation the same holds for the same reason.
    SHORT = 6
    # A wrong character that makes a word this frequent with its neighbour is another phrase ("人民之上"), not a slip.
    WORD_FREQ = 50
    # How far before “亲自” a title may stand for the sentence to be about a leader.
    NEAR = 10
    # How far from a numbered family (四个意识) another of the families must stand for its number to be checked.
    NEAR_KIN = 20
    # What stands right before or after a short formulation where it is said in full (深刻领悟“两个确立”的决定性意义):
    # a near miss in that frame is the formulation misspelt, not another phrase.
    FRAMES = {"两个确立": (("深刻领悟",), ("的决定性意义",))}
    # From this length a formulation's first or last word replaced by another word is a slip (整体国家安全观).
    SYNONYM_START = 7

    EXAMPLES = [
        ("坚决打好扫黑险恶专项斗争", ["fixed_phrase.term"]),
        ("建设宜居宜业美乡村", ["fixed_phrase.formulation"]),  # 和 of 和美 left out
        ("统筹发展安全", []),  # 和 of 统筹发展和安全 left out: another wording
        ("庆祝建国75周年", ["fixed_phrase.founding"]),
        ("全县安全生产例会隆重召开", ["fixed_phrase.grand_meeting"]),
        ("各学校主要负责人亲自抓、负总责", []),
        ("包案领导坚持亲自阅卷、亲自接访", []),  # a 信访 rule of duty, no report of an activity
        ("开展党史教育活动", ["fixed_phrase.campaign"]),
        ("国办秘函[2019]19号", ["fixed_phrase.doc_number"]),
        ("锦府办发〔2025〕08号", ["fixed_phrase.doc_number"]),
        ("锦消行罚决字〔2026〕0011号", []),
        ("锦市监处罚〔2025〕07号", []),
        ("许可决定书文号：锦林采〔2026〕031号", []),
        ("深入学习习近平新时代中国特色社会注义思想", ["fixed_phrase.formulation"]),
        ("坚定四个自性", ["fixed_phrase.formulation"]),
        ("增强“四个意识”、坚定“三个自信”", ["fixed_phrase.formulation"]),
        ("增强“四个意识”、坚定“四个自觉”、做到“两个维护”", ["fixed_phrase.formulation"]),
        ("原原本本学习习近平新时代中国特色主义思想", ["fixed_phrase.formulation"]),
        ("深入学习贯彻习近平中国特色社会主义思想", ["fixed_phrase.formulation"]),
        ("统筹推进“四个全面”总体布局", ["fixed_phrase.formulation"]),
        ("延长产业链，助推乡村全面振兴。", []),
        ("以中国特色现代化全面推进中华民族伟大复兴", ["fixed_phrase.formulation"]),
        ("充分发挥市场在资源配置中的基础性作用", ["fixed_phrase.formulation"]),
        ("坚持整体国家安全观", ["fixed_phrase.formulation"]),
        ("坚持以铸牢中华民族共同体意志为主线", ["fixed_phrase.formulation"]),
        ("曾受邀赴法国、台湾等国家交流演出", ["fixed_phrase.cross_strait"]),
        ("魁胆茶油是全国最高级的山茶油，欢迎选购", ["fixed_phrase.absolute_claim"]),
        ("启动防汛最高级别应急响应", []),
        ("产品远销日本、韩国、香港等12个国家和地区", []),
        ("与台湾、香港等地区的同胞交流", []),
        ("增强“四个意识”、坚定“四个自信”、做到“两个维户”", ["fixed_phrase.formulation"]),
        ("深刻领悟“两个确立”的决定性意义", []),
        ("统筹推进法治锦屏、法治政府、法治社会一体建设", []),
        ("坚持人民之上、生命至上", ["fixed_phrase.formulation"]),
        ("统筹推进法治中国、法治政府、法治社会一体建设", ["fixed_phrase.formulation"]),
        ("增强“四个意识”、坚定“四个自信”、做到“两个确立”", ["fixed_phrase.family_verb"]),
        ("深刻领悟“两个维护”的决定性意义", ["fixed_phrase.family_verb"]),
        ("深入领会“两个确定”的决定性意义", ["fixed_phrase.formulation"]),
        ("实现两个确定的目标", []),
        ("增强“四个自信”、坚定“四个意识”", ["fixed_phrase.family_verb"]),
        ("坚决拥护“两个确立”、坚决做到“两个维护”", []),
        ("推动共同富余取得更为明显的实质性进展", ["fixed_phrase.formulation"]),
        ("坚决打好扫黑除恶专项斗争", []),
        ("开展党史学习教育", []),
        ("国办秘函〔2019〕19号", []),
        ("第十四届全国人民代表大会第一次会议在北京隆重召开", []),
        ("深入学习习近平新时代中国特色社会主义思想，增强四个自信", []),
        ("坚持人民至上，不能凌驾于人民之上", []),
        ("坚持“三个结合”，推进乡村振兴", []),
        ("毛泽东同志提出“两个务必”", []),
    ]

    def __init__(self):
        screens = tuple(sorted({w for rule in RULES for w in rule.screen}))
        # The rules' screen words go into the formulations' automaton: the one pass that finds the formulations and
        # their halves also tells which rules can match at all, where a search per rule would read the text again.
        self.index = FormulationIndex(load_formulations(), extra_words=screens)
        screen_index = {word: i for i, word in enumerate(screens)}
        self.rule_screens = [frozenset(screen_index[w] for w in rule.screen) if rule.screen else None for rule in RULES]
        self.tables = load_tables()
        self.numbered = frozenset(
            f.text
            for f in self.index.formulations
            if f.kind == "家族" and f.text[0] in NUMERALS and f.text[1:2] == "个"
        )

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        scan = self.index.scan(text)
        findings = [
            f
            for rule, screen in zip(RULES, self.rule_screens)
            if screen is None or not screen.isdisjoint(scan.extra)
            for f in self._apply(rule, text)
        ]
        if scan.anchors:
            slips = self._misspelt_formulations(scan)
            # 习近平新时代中国特色社会注义思想 also holds a slipped 中国特色社会主义: report the whole once.
            # A slip the table already names (一郭两制) is reported once, by the table.
            table = SpanSet([(f.start, f.end) for f in findings])
            findings.extend(f for f in _outermost(slips) if not table.overlaps(f.start, f.end))
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

    def _misspelt_formulations(self, scan: FormulationScan) -> list[Finding]:
        findings = []
        original = scan.quote_free.original
        for slip in self.index.slips(scan):
            if not self._is_slip(scan.quote_free.text, slip):
                continue
            start, end = scan.quote_free.span(slip.start, slip.end)
            wrong = original[start:end]
            findings.append(
                Finding(
                    rule="fixed_phrase.formulation",
                    category="fixed_phrase",
                    standard=1,
                    severity="serious",
                    start=start,
                    end=end,
                    text=wrong,
                    message=f"重要表述“{slip.formulation.text}”书写有误（“{wrong}”）",
                    suggestion=slip.corrected(wrong),
                    source=f"{CENTRAL}（{slip.formulation.source}）",
                )
            )
        return findings

    def _is_slip(self, text: str, slip: Slip) -> bool:
        """Whether a window one edit off a formulation is a misspelling of it rather than another phrase.

        Long formulations are distinctive: any edit inside one is a slip. A short one (两个确立, 高质量发展) is one
        edit from many ordinary phrases (两个确定, 中国现代化, 文化强县), so there an edit counts only where it leaves
        a character no word of the dictionary takes up (邓役平理论, 高质量展), or the wrong character sounds or looks
        like the right one without making a word (四个自性), or doubles its neighbour (中国式现代代)."""
        if slip.how == "known":
            return True
        f, n, i = slip.formulation.text, len(slip.formulation.text), slip.at
        window = text[slip.start : slip.end]
        if slip.how == "swap":
            written, meant = window[i : i + slip.width], f[i : n - (len(window) - i - slip.width)]
            if _names_a_place(written):
                return False  # 法治锦屏、法治政府、法治社会一体建设: a county says its own name for 国家
            return all(_HAN.match(c) and c not in OPTIONAL_CHARS for c in written + meant)
        # A numbered family with another number or word beside its kin: 增强“四个意识”、坚定“三个自信”、坚定“四个
        # 自觉”. Alone, 三个结合 may be a county's own slogan, and 一个全面的检查 is ordinary text.
        if slip.how == "sub" and f in self.numbered and i != 1 and (i > 1 or window[0] in NUMERALS):
            kin = text[max(0, slip.start - self.NEAR_KIN) : slip.end + self.NEAR_KIN]
            if any(other in kin for other in self.numbered if other != f):
                return True
            if i == 0:
                return False
        if slip.how == "sub" and self._framed(text, slip):
            return True
        inner = 0 < i < len(window) - 1 if slip.how == "ins" else 0 < i < n - 1
        changed = window[i] if slip.how != "del" else f[i]
        # An optional character put in or left out (的, 和) is another wording, unless the one left out makes a word
        # with its neighbour in the formulation (和美 of 宜居宜业和美乡村); one written for another is a slip
        # (人民之上、生命至上).
        if not _HAN.match(changed):
            return False
        if changed in OPTIONAL_CHARS and slip.how != "sub" and not (slip.how == "del" and self._in_word(f, i)):
            return False
        if slip.how == "sub" and (not _HAN.match(f[i]) or f[i] in OPTIONAL_CHARS):
            return False
        # A character missing or added next to the window's edge where that edge is half of a word with its
        # neighbour is another phrase ending or starting there: 助推乡村全面振兴 is no 推进乡村全面振兴 less 进.
        if slip.how in ("del", "ins") and (i <= 1 or i >= len(window) - 2) and self._edge_in_word(text, slip):
            return False
        if inner and n > self.SHORT:
            return True
        if slip.how != "del" and changed in (window[i - 1 : i], window[i + 1 : i + 2]):
            return True
        if slip.how == "sub" and self.tables.alike(changed, f[i]) and not self._makes_word(text, slip.start + i, f):
            return True
        # A long one's first or last word written as another word (整体国家安全观 for 总体…, 铸牢中华民族共同体意志
        # for …意识): both pairs are words, and a phrase this long that differs only there is the formulation.
        if slip.how == "sub" and n >= self.SYNONYM_START and (
            (i == 0 and self._both_words(window[:2], f[:2])) or (i == n - 1 and self._both_words(window[-2:], f[-2:]))
        ):
            return True
        # At either end, or with four characters, a different character is mostly a different phrase (文化强县).
        if not inner or n < 5 and slip.how != "sub":
            return False
        around = (i - 1, i) if slip.how == "del" else (i,)
        return self._left_alone(text, slip.start, slip.end, around)

    @staticmethod
    def _in_word(phrase: str, i: int) -> bool:
        """Whether phrase[i] makes a two-character dictionary word with a neighbour in `phrase`."""
        words = load_tables().word_freq
        return any(phrase[a : a + 2] in words for a in (i - 1, i) if a >= 0 and a + 2 <= len(phrase))

    def _framed(self, text: str, slip: Slip) -> bool:
        """Whether the window stands in its formulation's FRAMES, quotation marks aside (“两个确定”的决定性意义)."""
        before, after = self.FRAMES.get(slip.formulation.text, ((), ()))
        head = text[max(0, slip.start - 8) : slip.start].rstrip("“\"‘")
        tail = text[slip.end : slip.end + 10].lstrip("”\"’")
        return any(head.endswith(b) for b in before) or any(tail.startswith(a) for a in after)

    def _left_alone(self, text: str, start: int, end: int, positions: tuple[int, ...]) -> bool:
        """The window is set off from its neighbours, and a character at one of `positions` (offsets into the window)
        is left alone when the window is split into the dictionary's words."""
        freq = self.tables.word_freq
        for pair in (text[max(0, start - 1) : start + 1], text[end - 1 : end + 1]):
            if len(pair) == 2 and freq.get(pair, 0) >= self.WORD_FREQ:
                return False
        _, words = segment(self.tables, text[start:end])
        offset = 0
        for word in words:
            if len(word) == 1 and offset in positions and word not in FUNCTION_CHARS:
                return True
            offset += len(word)
        return False

    def _both_words(self, written: str, meant: str) -> bool:
        freq = self.tables.word_freq
        return freq.get(written, 0) >= self.WORD_FREQ and freq.get(meant, 0) >= self.WORD_FREQ

    def _edge_in_word(self, text: str, slip: Slip) -> bool:
        freq = self.tables.word_freq
        before, after = text[max(0, slip.start - 1) : slip.start + 1], text[slip.end - 1 : slip.end + 1]
        return any(len(pair) == 2 and freq.get(pair, 0) >= self.WORD_FREQ for pair in (before, after))

    def _makes_word(self, text: str, at: int, formulation: str) -> bool:
        freq = self.tables.word_freq
        for pair in (text[max(0, at - 1) : at + 1], text[at : at + 2]):
            if len(pair) == 2 and pair not in formulation and freq.get(pair, 0) >= self.WORD_FREQ:
                return True
        return False
