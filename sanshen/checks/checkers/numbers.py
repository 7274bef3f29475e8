"""数字用法: the mechanically checkable rules of GB/T 15835-2011 《出版物上数字用法》, and totals that do not add up."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

from ..context import CheckContext
from ..finding import Finding

STANDARD = "GB/T 15835-2011"
DATE_SOURCE = "日期核对：日期须真实存在，星期须与日期相符"
HAN = "\u4e00-\u9fff"
CHINESE_DIGITS = "零一二三四五六七八九"
# ○ (a circle) is written for 〇 often enough to be read as one: ○五年 is a short year, not a crash.
DIGIT_VALUES = {c: i for i, c in enumerate(CHINESE_DIGITS)} | {"两": 2, "〇": 0, "○": 0}
CHINESE_NUMERALS = "零〇○一二三四五六七八九十百千万亿两"


def _full_year(short: int, this_year: int) -> str:
    """"19" → "2019年"; a year after next is last century's ("98" → "1998年")."""
    return f"{(2000 if 2000 + short <= this_year + 1 else 1900) + short}年"


def _to_chinese(digit: str) -> str:
    return CHINESE_DIGITS[int(digit)] if digit.isdigit() else digit


def _chinese_year(written: str) -> str:
    """"二〇二五" → "2025"; digits stay as they are."""
    return written if written.isdigit() else "".join(str(_value(c)) for c in written)


def _value(char: str) -> int:
    return int(char) if char.isdigit() else DIGIT_VALUES[char]


def _number_value(written: str) -> int:
    """ "12" → 12, "十二" → 12, "二十" → 20, "三十一" → 31 (numbers below 100 only)."""
    if written.isdigit():
        return int(written)
    if "十" not in written:
        return DIGIT_VALUES[written] if len(written) == 1 else -1
    tens, _, units = written.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return -1
    return (DIGIT_VALUES[tens] if tens else 1) * 10 + (DIGIT_VALUES[units] if units else 0)


def _numeral_forms(char: str) -> list[str]:
    """How a character of a fixed word may be written: "一" or "1", "十" or "10"; other characters as they are."""
    if char in DIGIT_VALUES and char not in "零〇○":
        return [char, str(DIGIT_VALUES[char])]
    if char == "十":
        return [char, "10"]
    return [char]


class NumberUsageChecker:
    """Finds GB/T 15835 number-usage errors (概数 with 顿号, 简写年份, 不完整日期 with "-", ranges that drop % or 万,
    "3千" and "十5", 零/〇, ".5", digits in fixed words), 公文 usage ("约300余人", "11月20号") and listed figures
    that do not add up to the stated total."""

    code = "number"
    label = "数字用法"

    # Speed: `re` jumps from one occurrence of a pattern's first literal character to the next in C, but tries a
    # pattern that opens with a lookbehind at every position of the text. So several patterns below start with a
    # character every match holds ("、", "年", "-", "."), and check what comes before it with a lookbehind: the match
    # starts at that character, and a group marks where the finding starts. Other rules run only when a substring
    # test says the text can match at all.

    # NUM-02: "三、四个月", "5、6天", "三、四十厘米" are 概数: adjacent numbers with a measure word, no 顿号.
    APPROXIMATE = re.compile(
        rf"、(?<=(?<=[{HAN}，；：,;:])(?<![第{CHINESE_NUMERALS}])([一二三四五六七八九两1-9])、)([一二三四五六七八九1-9])"
        r"(?![、\d])(?=[十百千万]?(?:个月|个|天|人|名|次|年(?!级)|岁|种|家|户|只|件|位|遍|回|周|小时|分钟|倍|成|项|条(?!款)|所|处|辆|台|吨|亩"
        r"|厘米|毫米|公里|千米|米|公斤|千克|斤|元|块钱|公顷|平方米|立方米|月份?))"
    )
    # NUM-04: "19年底", "24年3月", "’24年", "19年上半年", "于19年", "19年完成", "05年".
    # Every "NN年" is a candidate; _short_year_context decides whether it names a year or counts years ("用10年完成",
    # "19年来"). Both alternatives start at 年, so `re` jumps from one 年 to the next.
    SHORT_YEAR = re.compile(
        r"年(?:(?<=(?<![\d.\-~～—/])(?<![近约多这那第前后余每])[’‘'](\d{2})年)"
        r"|(?<=(?<![\d.\-~～—/．０-９])(\d{2})年))"
    )
    # "一九年", "二〇年": a year written short in Chinese digits; two digits in order up ("五六年") or 三五 count years.
    SHORT_YEAR_HAN = re.compile(r"年(?<=(?<![〇零○一二三四五六七八九十百千万两\d])([〇零○一二三四五六七八九]{2})年)")
    # A date that no calendar has (2026年2月30日, 4月31日), and a weekday beside a dated day that is not its own.
    # Each match starts at 月, which `re` skips ahead to, and looks back for the month; the year is read before it.
    DATE = re.compile(
        r"月(?:(?<=(?<![\d.\-/])(\d)月)|(?<=(?<![\d.\-/])(\d\d)月))(\d{1,2})日"
        r"(?:[（(](?:星期|周)([一二三四五六日天])[）)])?"
    )
    YEAR_BEFORE = re.compile(r"(?<![\d.\-/])((?:19|20)\d{2})年$")
    # A date written partly in Arabic, partly in Chinese numerals ("2025年5月三十一日", "二〇二五年6月18日"): found
    # from each 月, its year and month read backwards (MIXED_DATE_HEAD, on the few characters before) and its day on.
    MIXED_DATE_HEAD = re.compile(
        r"(?:(?<![\d〇零○一二三四五六七八九])(\d{4}|[〇零○一二三四五六七八九]{4})年)?"
        r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,2})月\Z"
    )
    MIXED_DATE_DAY = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})日")
    # What follows "NN年" when NN is a year.
    YEAR_PART_AFTER = re.compile(r"\d{1,2}月|底|初(?![步见具次心衷创始])|末(?!期)")
    YEAR_PERIOD_AFTER = re.compile(r"度(?!过)|[上下]半年|全年|第?[一二三四1-4]季度|[春秋]季")
    YEAR_EVENT_AFTER = re.compile(
        r"完成|开工|竣工|建成|启动|投产|投用|投入使用|出台|印发|颁布|发布|成立|获批|获评|实施|施行|正式|开始|起(?!草|步|来)"
    )
    # "NN年" after these counts years: "用10年", "历时10年", "第10年", "这10年", "满10年".
    DURATION_BEFORE = frozenset("近约多这那第前后余每用时过花费耗需要仅只满续期达超逾到至足了有再又共整短数几十百千年个分内外来去半已等长的龄刑")
    # …and when these follow: "在10年内", "从10年前", "在20年代", "自19年以来" is a year but "近19年来" is not.
    DURATION_AFTER = frozenset("来内间里中多余左期时的后前之以半零整了代个岁周级")
    # "23年全乡…", "：23年我县…": a year opening its clause, before what the clause is about.
    CLAUSE_OPENERS = frozenset("：:，,。；;！？\n （(")
    SUBJECTS_AFTER = frozenset("全我本该")
    # A year after a preposition: "于19年", "自19年起", "截至19年"; "于" only after a verb that dates ("成立于").
    YEAR_PREPOSITIONS = frozenset("于自从在")
    DATED_BEFORE_YU = frozenset("立始建生成工动布订施行办产业入版发定造创组")
    NOT_YEAR_BEFORE_ZAI = frozenset("存现实正所潜自")
    # 公文: 约 and 余/多/左右 both make a number approximate; one of them is enough ("约300余人", "约5万元左右").
    # 节约, 制约, 签约…: 约 as part of another word. "约" starts the pattern, so `re` jumps from one 约 to the next.
    DOUBLE_APPROXIMATE = re.compile(
        r"约(?<![节制签履预邀违公条合婉集简特相践赴毁守解缔失誓隐卷规契和成]约)(?:(?:有|为|计|达|合)?"
        r"(?:\d+(?:[.,]\d+)*|[一二三四五六七八九十两百千]+)(?:万亿|亿|万|千|百)?"
        r"(?:余|多|[^\d\s，。；、：,;:（）()“”约]{0,4}?左右(?![两侧岸边手方脚眼耳摇开为逢]))"
        # "约占全县总数的八成左右", "约占30%左右": a share said to be about, twice
        r"|占[^\d\s，。；、：,;:（）()“”约]{0,16}?(?:\d+(?:\.\d+)?%|[一二三四五六七八九]成)(?:左右|多))"
    )
    # 公文: dates take 日, not the spoken 号 ("11月20号"). The pattern starts at 号; the date is matched backwards.
    HAO = re.compile(r"号(?<=[\d一二三四五六七八九十]号)(?![楼院线文令门房厅室车道口码窗柜馆台舱库机位栋幢字])")
    DATE_BEFORE_HAO = re.compile(
        r"(?:(?<!\d)(\d{1,2})|(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,3}))月"
        r"(?:(\d{1,2})|([一二三四五六七八九十]{1,3}))号\Z"
    )
    # NUM-05: "2008-8" (年月 with a hyphen but no day).
    # "1985-04" is how references print 年月 (GB/T 7714), so only the unpadded month is taken as an error.
    INCOMPLETE_DATE = re.compile(r"-(?<=(?<![\d\-./])((?:19|20)\d{2})-)([1-9])(?![\d\-./:])")
    # NUM-06: "15~30%", "13~17万元": the first number lost its % or 万.
    RANGE_SIGNS = "~～—–"
    RANGE_UNIT = re.compile(r"(?<![A-Za-z0-9.\-/])(\d+(?:\.\d+)?)\s*([~～—–])\s*(\d+(?:\.\d+)?)(%|‰|万元|亿元|万|亿)")
    # NUM-07: only 万 and 亿 go with Arabic digits: "3千元", "4亿5千3百万".
    MAGNITUDE = re.compile(r"(?<![A-Za-z0-9.])(?:\d+(?:\.\d+)?[亿万千百十])+[万亿]?")
    DIGIT_BEFORE_MULTIPLIER = tuple(re.compile(rf"{c}(?<=\d{c})") for c in "千百十")
    # 千克、千米、百分点…: 千 and 百 as part of a unit or word, not a multiplier.
    NOT_MAGNITUDE = re.compile(r"[千百十](?=[克米瓦伏帕焦卡赫字分位兆秒升])")
    # NUM-08: 〇 numbers things, 零 counts them: "二零二四年", "三千〇五十二", and the look-alike ○.
    YEAR_DIGITS = re.compile(r"年(?<=(?<![0-9A-Za-z一二三四五六七八九十〇零○Ｏ０])([一二三四五六七八九〇零○0OoＯ０]{4})年)")
    COUNT_ZERO = re.compile(r"(?<=[千百万亿])[〇○](?=[一二三四五六七八九])")
    # NUM-09: ".5倍".
    # Only after a word that introduces a quantity: elsewhere ".2" is a full stop typed as "." before "2)".
    BARE_DECIMAL = re.compile(r"\.(?<=[约为达是了增降长至到的近超逾仅涨跌值率比\s（(：:]\.)(\d+)(?![\d.)）、])")
    # NUM-11: fixed words keep their Chinese numerals.
    FIXED_WORDS = (
        "一方面", "一律", "一致", "一些", "一般", "一定", "一直", "一切", "一旦", "一体化", "一把手", "一站式",
        "一揽子", "一刀切", "一带一路", "一国两制", "一心一意", "三心二意", "五湖四海", "七上八下", "四面八方",
        "十全十美", "九三学社", "五四运动", "三会一课", "两学一做", "三严三实", "五位一体", "第一书记",
        "三令五申", "七嘴八舌", "四平八稳", "万无一失", "一清二楚", "一丝不苟", "独一无二", "一举两得",
        "三番五次", "接二连三", "丢三落四", "说三道四", "一干二净", "九牛一毛", "三五成群",
    )  # fmt: skip
    # NUM-13: 干支纪年 and 农历 take Chinese numerals for month and day.
    LUNAR = re.compile(r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\d{1,2}月|农历\d{1,2}月(?:\d{1,2}日?)?")
    GANZHI_YEAR = re.compile(r"年(?<=[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年)")
    # 星期3: weekdays are words, in Chinese numerals.
    WEEKDAY_DIGIT = re.compile(r"(星期|礼拜)([1-7])(?![\d.])")
    # NUM-14: "十5个" mixes the two kinds in one number.
    MIXED = re.compile(
        rf"(?<![{CHINESE_NUMERALS}\d])([一二三四五六七八九]?十)([1-9])(?![\d.])(?=[个人天年月日次名元户家件项条位岁])"
    )
    TEN_THEN_DIGIT = re.compile(r"十[1-9]")
    # 百分之5.8: the words of a fraction with Arabic digits; the number takes its sign (5.8%).
    FRACTION_MIXED = re.compile(r"([百千万])分之(\d+(?:\.\d+)?)(?![\d.])")
    FRACTION_SIGNS = {"百": "%", "千": "‰", "万": "‱"}
    # Standard 7: "一等奖1名、二等奖3名、三等奖5名，共10名".
    UNITS = r"人次|万元|亿元|个|项|人|名|家|户|件|次|条|所|起|处|宗|批|台|辆|套|场|篇|元|亩|吨|公里"
    # Not after 公 (公共): the look-behinds follow the first character, so that `re` can skip to 共, 合 or 总.
    TOTAL = re.compile(
        r"(?:共(?<!公共)(?:计|有|(?![同建享青产识性商赢治担]))|合(?<!公合)计|总(?<!公总)计)"
        rf"[^\d，。；、：,;:]{{0,6}}?(\d+(?:\.\d+)?)({UNITS})"
    )
    PART = re.compile(rf"(?<![\d.第])(\d+(?:\.\d+)?)({UNITS})(?![\d])")
    # Every TOTAL starts with 共, 合计 or 总计: only the sentences holding one are looked at.
    # 共 alone where the text has no 计: one literal character is found many times faster than three words.
    TOTAL_WORD = re.compile(r"共|合计|总计")
    PARTS_REACH = 400  # the longest stretch of a sentence read for the parts of a total
    TOTAL_WORD_COMMON = re.compile(r"共")
    RESPECTIVELY = re.compile(r"分别(?:为|是)")
    # Figures that are not parts of one exact whole.
    NOT_EXACT = re.compile(r"约|近|超过|逾|余|多|左右|以上|以下|同比|增长|下降|增加|减少|比|较|（|\(|其中")
    SENTENCE_ENDS = "。！？；\n"
    SENTENCE_END = re.compile(r"[。！？；\n]")
    SEPARATORS_ONLY = re.compile(r"[，、,\s]*")
    NO_FIGURE_BEFORE_COMMA = re.compile(r"[^，。；\d]*[，,]?")

    EXAMPLES = [
        ("历时三、四个月", ["number.approximate"]),
        ("修剪后高度保持在三、四十厘米", ["number.approximate"]),
        ("每年七、八月为主汛期", ["number.approximate"]),
        ("强降水较为集中；七、八月份降水偏少", ["number.approximate"]),
        ("全县1、2月累计完成投资", []),
        ("茅坪镇代表队、天柱县代表队分获二、三名", []),
        ("项目19年底完工", ["number.short_year"]),
        ("19年完成", ["number.short_year"]),
        ("’24年", ["number.short_year"]),
        ("成立于19年", ["number.short_year"]),
        ("计划用10年完成，近19年来", []),
        ("约300余人", ["number.double_approximate"]),
        ("投资约5万元左右", ["number.double_approximate"]),
        ("约占省外务工总数的八成左右", ["number.double_approximate"]),
        ("约占全县的八成，占比30%左右", []),
        ("节约300余万元，约300人", []),
        ("定于11月20号召开", ["number.date_hao"]),
        ("11月20日，3号楼", []),
        ("于2008-8开工", ["number.incomplete_date"]),
        ("增长15~30%", ["number.range_unit"]),
        ("补贴3千元", ["number.magnitude"]),
        ("二零二四年", ["number.zero"]),
        ("约.5倍", ["number.leading_zero"]),
        ("从1方面看", ["number.fixed_word"]),
        ("共十5个", ["number.mixed"]),
        ("同比增长百分之5.8", ["number.mixed"]),
        ("农历8月15日", ["number.lunar"]),
        ("12月17日（星期3）下午", ["number.weekday"]),
        ("一等奖1名、二等奖3名、三等奖5名，共10名", ["number.total"]),
        ("补助标准为小学每生每年1000元，按学期发放，本学期每生500元，共计6000元", []),
        ("一等奖1名、二等奖3名、三等奖5名，共9名", []),
        ("计划10000亩，已完成新造3200亩、改造5800亩，合计9000亩", []),
        ("计划10000亩，已完成新造3200亩、改造5800亩，合计9500亩", ["number.total"]),
        ("第三、四季度", []),
        ("2024-01-10 16:30", []),
        ("5千克", []),
        ("二〇二四年", []),
        ("定于2026年2月30日召开", ["number.date"]),
        ("2026年3月5日（星期三）", ["number.date"]),
        ("2026年3月5日（星期四）", []),
        ("自一九年建成以来", ["number.short_year"]),
        ("产业发展回顾：23年全乡新种植油茶1200亩", ["number.short_year"]),
        ("县商务局负责人介绍，25年以来，全县累计销售农特产品2.3亿元", ["number.short_year"]),
        ("建县30年以来，全县面貌发生巨大变化", []),
        ("放假时间为2025年5月三十一日至6月2日", ["number.mixed_date"]),
        ("二〇二五年6月18日", ["number.mixed_date"]),
        ("二〇二五年六月十八日", []),
        ("过了五六年", []),
    ]

    def __init__(self) -> None:
        # One pattern for all the words; the group name says which word matched.
        alternatives = (f"(?P<w{i}>{self._fixed_word_pattern(w)})" for i, w in enumerate(self.FIXED_WORDS))
        self.fixed_words = re.compile(r"(?<![\d.])(?:" + "|".join(alternatives) + ")")
        # That pattern tries 45 words at every position; this one finds the few places worth running it.
        self.digit_in_fixed_word = self._digit_in_fixed_word_pattern(self.FIXED_WORDS)
        # Every character the words may be spelt with: a match never runs past one of these runs.
        chars = "".join(sorted(set("".join(self.FIXED_WORDS)) | set("0123456789")))
        self.fixed_word_chars = frozenset(chars)
        self.fixed_word_run = re.compile(f"[{re.escape(chars)}]*")

    @staticmethod
    def _digit_in_fixed_word_pattern(words: tuple[str, ...]) -> re.Pattern:
        """A digit beside a character it stands beside in a fixed word spelt with digits (1 before 方 in "1方面").

        Only such spellings are reported. Each word has a character that is no numeral, so each such spelling holds a
        digit beside a character that is no digit: neighbours that are digits ("93学社") are left out, as they would
        find every "10" and "93" in the text.
        """
        after: dict[str, set[str]] = {}
        before: dict[str, set[str]] = {}
        for word in words:
            for spelling in map("".join, itertools.product(*map(_numeral_forms, word))):
                for i, char in enumerate(spelling):
                    if char.isdigit() and i + 1 < len(spelling) and not spelling[i + 1].isdigit():
                        after.setdefault(char, set()).add(spelling[i + 1])
                    if char.isdigit() and i > 0 and not spelling[i - 1].isdigit():
                        before.setdefault(char, set()).add(spelling[i - 1])
        alternatives = []
        for digit in sorted(after.keys() | before.keys()):
            tests = []
            if digit in after:
                tests.append(f"(?=[{''.join(sorted(after[digit]))}])")
            if digit in before:
                tests.append(f"(?<=[{''.join(sorted(before[digit]))}]{digit})")
            alternatives.append(f"{digit}(?:{'|'.join(tests)})")
        return re.compile("|".join(alternatives))

    @staticmethod
    def _fixed_word_pattern(word: str) -> str:
        parts = []
        for char in word:
            forms = _numeral_forms(char)
            parts.append(f"(?:{'|'.join(forms)})" if len(forms) > 1 else re.escape(char))
        # "1方面军" is 红一方面军, a name of its own.
        tail = "(?!军)" if word == "一方面" else ""
        return "".join(parts) + tail

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        findings += self._approximate(text)
        findings += self._short_years(text, context.date.year)
        if "年" in text:
            findings += self._short_years_han(text, context.date.year)
        if "月" in text and "日" in text:
            findings += self._dates(text)
            findings += self._mixed_dates(text)
        findings += self._double_approximations(text)
        findings += self._hao_dates(text)
        findings += self._dates_and_ranges(text)
        findings += self._magnitudes(text)
        findings += self._zeros(text)
        findings += self._decimals_and_calendars(text)
        findings += self._fixed_words(text)
        findings += self._totals(text)
        return findings

    def _approximate(self, text: str) -> list[Finding]:
        findings = []
        if "、" not in text:
            return findings
        for m in self.APPROXIMATE.finditer(text):
            first, second = m.groups()
            if _value(second) != _value(first) + 1:
                continue
            if first.isdigit() and text.startswith("月", m.end()):
                continue  # "1、2月" of statistics names two months; "七、八月" is a 概数
            if text[m.start(1) - 1 : m.start(1)] in ("获", "列", "居") or text[max(0, m.start(1) - 2) : m.start(1)] == "排名":
                continue  # "分获二、三名" are places in a ranking (not 安排三、四个)
            suggestion = _to_chinese(first) + _to_chinese(second)
            findings.append(
                self._finding(
                    "number.approximate", m.start(1), m.end(), text,
                    f"相邻两数表示概数时用汉字且中间不用顿号：应为“{suggestion}”", suggestion, "5.2.1",
                )
            )  # fmt: skip
        return findings

    def _short_years(self, text: str, this_year: int) -> list[Finding]:
        findings = []
        for m in self.SHORT_YEAR.finditer(text):
            if m.group(1):
                start = m.start(1) - 1  # "’24年" starts at the apostrophe
            elif self._short_year_context(text, m.start(2), m.end(), this_year):
                start = m.start(2)
            else:
                continue
            short = int(m.group(1) or m.group(2))
            full = _full_year(short, this_year)
            findings.append(
                self._finding(
                    "number.short_year", start, m.end(), text,
                    f"年份不应简写：“{text[start : m.end()]}”应写全，如“{full}”", full, "5.2.2",
                )
            )  # fmt: skip
        return findings

    def _short_years_han(self, text: str, this_year: int) -> list[Finding]:
        findings = []
        for m in self.SHORT_YEAR_HAN.finditer(text):
            first, second = (_value(c) for c in m.group(1))
            if second == first + 1 or (first, second) == (3, 5):
                continue  # 五六年, 三五年: some years
            # The context test reads digits: the same text with these two written as digits, offsets unchanged.
            digits = text[: m.start(1)] + f"{first}{second}" + text[m.end(1) :]
            if not self._short_year_context(digits, m.start(1), m.end(), this_year):
                continue
            short = first * 10 + second
            full = _full_year(short, this_year)
            findings.append(
                self._finding(
                    "number.short_year", m.start(1), m.end(), text,
                    f"年份不应简写：“{text[m.start(1) : m.end()]}”应写全，如“{full}”", full, "5.2.2",
                )
            )  # fmt: skip
        return findings

    def _dates(self, text: str) -> list[Finding]:
        """Dates that do not exist, and weekdays that are not their date's (where the year is written)."""
        findings = []
        for m in self.DATE.finditer(text):
            start = m.start() - len(m.group(1) or m.group(2))
            before = self.YEAR_BEFORE.search(text, max(0, start - 5), start)
            if before is not None:
                start = before.start()
            year = before.group(1) if before is not None else None
            month, day, weekday = int(m.group(1) or m.group(2)), int(m.group(3)), m.group(4)
            # Without a year, 2月29日 may be right: a leap year is assumed.
            try:
                date = dt.date(int(year) if year else 2024, month, day)
            except ValueError:
                findings.append(
                    self._finding(
                        "number.date", start, m.end(3) + 1, text,
                        f"日期不存在：{f'没有{month}月' if not 1 <= month <= 12 else f'{month}月没有{day}日'}，请核实",
                        "", None,
                    )
                )  # fmt: skip
                continue
            if year and weekday and weekday != "一二三四五六日"[date.weekday()]:
                if not (weekday == "天" and date.weekday() == 6):
                    actual = "一二三四五六日"[date.weekday()]
                    start = m.end(3) + 2  # after 日 and the bracket: 星期三 or 周三
                    written = text[start : m.end(4)]
                    findings.append(
                        self._finding(
                            "number.date", start, m.end(4), text,
                            f"{year}年{month}月{day}日是星期{actual}，文中为“{written}”，请核实",
                            written[:-1] + actual, None,
                        )
                    )  # fmt: skip
        return findings

    def _mixed_dates(self, text: str) -> list[Finding]:
        findings = []
        at = text.find("月")
        while at != -1:
            head = self.MIXED_DATE_HEAD.search(text, max(0, at - 7), at + 1)
            day = self.MIXED_DATE_DAY.match(text, at + 1)
            parts = [p for p in (*head.groups(), day.group(1)) if p] if head and day else []
            if len({p.isdigit() for p in parts}) == 2:
                year, month = head.groups()
                arabic = f"{_number_value(month)}月{_number_value(day.group(1))}日"
                if year:
                    arabic = f"{_chinese_year(year)}年{arabic}"
                findings.append(
                    self._finding(
                        "number.mixed_date", head.start(), day.end(), text,
                        f"同一日期中阿拉伯数字与汉字数字混用（同类别同形式）：应统一写作“{arabic}”", arabic, "4.3",
                    )
                )  # fmt: skip
            at = text.find("月", at + 1)
        return findings

    def _short_year_context(self, text: str, start: int, end: int, this_year: int) -> bool:
        """Whether the "NN年" at text[start:end] names a year ("19年底", "于19年", "19年完成"), not a span of years."""
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if before in "近约多这那第前后余每" and before:
            return False
        if self.YEAR_PART_AFTER.match(text, end) or self.YEAR_PERIOD_AFTER.match(text, end):
            return True
        if text[start] == "0":
            return after not in "代级" or not after  # nobody counts "05年" of anything
        if after in self.DURATION_AFTER and after and not (after == "以" and text.startswith("以来", end)):
            return False
        two_before = text[start - 2 : start]
        if two_before in ("截至", "截止", "直至", "直到"):
            return True
        if before in self.YEAR_PREPOSITIONS:
            ahead = text[start - 2] if start >= 2 else ""
            if before == "于":
                return ahead in self.DATED_BEFORE_YU
            if after == "以":
                return before in "自从"  # "自19年以来": since a year
            return not (before == "在" and ahead in self.NOT_YEAR_BEFORE_ZAI)
        # "19年完成": a year only where the number can be one of recent years; "30年完成" may count them. So is
        # "23年全乡新种植…" at a clause's start, before the one it speaks of, and "，25年以来，" (years counted say
        # "25年来").
        short = int(text[start:end - 1])
        recent = short <= this_year % 100 + 1
        opens = not before or before in self.CLAUSE_OPENERS
        if after == "以" and opens and recent and text.startswith("以来", end):
            return True
        if before in self.DURATION_BEFORE or after == "以" or not recent:
            return False
        if opens and after and after in self.SUBJECTS_AFTER:
            return True
        return bool(self.YEAR_EVENT_AFTER.match(text, end))

    def _double_approximations(self, text: str) -> list[Finding]:
        findings = []
        if "约" not in text:
            return findings
        for m in self.DOUBLE_APPROXIMATE.finditer(text):
            start = m.start() - 1 if m.start() > 0 and text[m.start() - 1] == "大" else m.start()
            tail = m.group()
            marker = "左右" if tail.endswith("左右") else tail[-1]
            suggestion = tail[1:]
            findings.append(
                self._finding(
                    "number.double_approximate", start, m.end(), text,
                    f"“{text[start : m.start() + 1]}”与“{marker}”都表示概数，不能同时使用，只保留其一：如“{suggestion}”",
                    suggestion, "（公文用语：概数不重复表示）",
                )
            )  # fmt: skip
        return findings

    def _hao_dates(self, text: str) -> list[Finding]:
        findings = []
        if "号" not in text or "月" not in text:
            return findings
        for hao in self.HAO.finditer(text):
            # \Z holds at the end given: the date that ends at this 号.
            date = self.DATE_BEFORE_HAO.search(text, max(0, hao.start() - 8), hao.end())
            if date is None:
                continue
            month = date.group(1) or date.group(2)
            day = date.group(3) or date.group(4)
            if not (1 <= _number_value(month) <= 12 and 1 <= _number_value(day) <= 31):
                continue
            if self._in_quotation(text, date.start()):
                continue  # 引语 keeps what was said
            suggestion = f"{month}月{day}日"
            findings.append(
                Finding(
                    rule="number.date_hao",
                    category="number_usage",
                    standard=8,
                    severity="warn",
                    start=date.start(),
                    end=date.end(),
                    text=text[date.start() : date.end()],
                    message=f"公文中日期用“日”，不用口语的“号”：应为“{suggestion}”",
                    suggestion=suggestion,
                    source="GB/T 9704-2012 7.3.5.2（日期写作“×年×月×日”）",
                )
            )
        return findings

    @staticmethod
    def _in_quotation(text: str, i: int) -> bool:
        """Whether text[i] is inside a “quotation” opened in the same paragraph."""
        paragraph_start = text.rfind("\n", 0, i) + 1
        return text.rfind("“", paragraph_start, i) > text.rfind("”", paragraph_start, i)

    def _dates_and_ranges(self, text: str) -> list[Finding]:
        findings = []
        for m in self.INCOMPLETE_DATE.finditer(text):
            year, month = m.groups()
            suggestion = f"{year}年{int(month)}月"
            findings.append(
                self._finding(
                    "number.incomplete_date", m.start(1), m.end(), text,
                    f"年月日不完整时不能用“-”代替“年”“月”：应为“{suggestion}”", suggestion, "5.1.4",
                )
            )  # fmt: skip
        if not any(sign in text for sign in self.RANGE_SIGNS):
            return findings
        for m in self.RANGE_UNIT.finditer(text):
            low, sign, high, unit = m.groups()
            head = unit[0] if unit in ("万元", "亿元") else unit
            suggestion = f"{low}{head}～{high}{unit}"
            findings.append(
                self._finding(
                    "number.range_unit", m.start(), m.end(), text,
                    f"数值范围前一个数的“{head}”不能省略：应为“{suggestion}”", suggestion, "5.1.3",
                )
            )  # fmt: skip
        return findings

    def _magnitudes(self, text: str) -> list[Finding]:
        findings = []
        # Only a digit right before 千, 百 or 十 makes a finding.
        matches = self.MAGNITUDE.finditer(text) if any(p.search(text) for p in self.DIGIT_BEFORE_MULTIPLIER) else ()
        for m in matches:
            token = m.group()
            if not re.search(r"\d[千百十]", token) or self.NOT_MAGNITUDE.match(text, m.end() - 1):
                continue
            findings.append(
                self._finding(
                    "number.magnitude", m.start(), m.end(), text,
                    "阿拉伯数字只可与“万”“亿”连用，不与“千”“百”“十”连用",
                    # "1百零8": what follows belongs to the number too, so no value can be given.
                    "" if text[m.end() : m.end() + 1] in tuple("零〇一二三四五六七八九") else self._magnitude_value(token),
                    "5.3",
                )
            )  # fmt: skip
        matches = self.MIXED.finditer(text) if self.TEN_THEN_DIGIT.search(text) else ()
        for m in matches:
            tens, unit = m.groups()
            value = (_value(tens[0]) if len(tens) == 2 else 1) * 10 + int(unit)
            findings.append(
                self._finding(
                    "number.mixed", m.start(), m.end(), text,
                    f"一个数中汉字数字与阿拉伯数字不能混用：应为“{value}”", str(value), "5.3",
                )
            )  # fmt: skip
        matches = self.FRACTION_MIXED.finditer(text) if "分之" in text else ()
        for m in matches:
            value = m.group(2) + self.FRACTION_SIGNS[m.group(1)]
            findings.append(
                self._finding(
                    "number.mixed", m.start(), m.end(), text,
                    f"“{m.group(1)}分之”后不用阿拉伯数字：应为“{value}”", value, "5.3",
                )
            )  # fmt: skip
        return findings

    @staticmethod
    def _magnitude_value(token: str) -> str:
        """"3千" → "3000", "3千万" → "3000万", "4亿5千3百万" → "4.53亿"."""
        multipliers = {"千": 1000, "百": 100, "十": 10}
        value, section = Decimal(0), Decimal(0)
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)([亿万千百十])", token):
            if unit in multipliers:
                section += Decimal(number) * multipliers[unit]
            else:
                value += (section + Decimal(number)) * (10**8 if unit == "亿" else 10**4)
                section = Decimal(0)
        trailing = token[-1] if token[-1] in "万亿" and not token[-2].isdigit() else ""
        if trailing:
            section *= 10**8 if trailing == "亿" else 10**4
        value += section
        if value >= 10**8:
            return f"{(value / 10**8).normalize():f}亿"
        if trailing == "万" or value >= 10**4 and value % 10**4 == 0:
            return f"{(value / 10**4).normalize():f}万"
        return f"{value.normalize():f}"

    def _zeros(self, text: str) -> list[Finding]:
        findings = []
        for m in self.YEAR_DIGITS.finditer(text):
            digits = m.group(1)
            chinese = sum(c in "一二三四五六七八九" for c in digits)
            wrong = [c for c in digits if c in "零○0OoＯ０"]
            if not chinese or not wrong:
                continue
            fixed = "".join("〇" if c in "零○0OoＯ０" else c for c in digits) + "年"
            findings.append(
                self._finding(
                    "number.zero", m.start(1), m.end(), text,
                    f"汉字年份中的零应写作“〇”：应为“{fixed}”", fixed, "5.2.5",
                )
            )  # fmt: skip
        matches = self.COUNT_ZERO.finditer(text) if "〇" in text or "○" in text else ()
        for m in matches:
            findings.append(
                self._finding(
                    "number.zero", m.start(), m.end(), text,
                    "计量的数中用“零”，不用“〇”", "零", "5.2.5",
                )
            )  # fmt: skip
        return findings

    def _decimals_and_calendars(self, text: str) -> list[Finding]:
        findings = []
        for m in self.BARE_DECIMAL.finditer(text):
            findings.append(
                self._finding(
                    "number.leading_zero", m.start(), m.end(), text,
                    "纯小数须写出小数点前的“0”", f"0.{m.group(1)}", "5.1.2",
                )
            )  # fmt: skip
        for m in self.WEEKDAY_DIGIT.finditer(text) if "星期" in text or "礼拜" in text else ():
            day = "一二三四五六日"[int(m.group(2)) - 1]
            findings.append(
                self._finding(
                    "number.weekday", m.start(), m.end(), text,
                    f"星期几用汉字数字：应为“{m.group(1)}{day}”", m.group(1) + day, "4.2.3",
                )
            )  # fmt: skip
        lunar = "农历" in text or self.GANZHI_YEAR.search(text)
        for m in self.LUNAR.finditer(text) if lunar else ():
            findings.append(
                self._finding(
                    "number.lunar", m.start(), m.end(), text,
                    "干支纪年、农历月日应使用汉字数字", "", "4.2.1",
                )
            )  # fmt: skip
        return findings

    def _fixed_words(self, text: str) -> list[Finding]:
        findings = []
        checked_to = 0
        for hit in self.digit_in_fixed_word.finditer(text):
            if hit.start() < checked_to:
                continue
            # Run the full pattern over the run of word characters around the hit, from its start: a match never
            # spans a character outside the words, so that is where a scan of the whole text would be in step.
            start = hit.start()
            while start > 0 and text[start - 1] in self.fixed_word_chars:
                start -= 1
            end = self.fixed_word_run.match(text, hit.end()).end()
            checked_to = end
            # One character past the run, for the lookahead in "一方面(?!军)".
            for m in self.fixed_words.finditer(text, start, end + 1):
                word = self.FIXED_WORDS[int(m.lastgroup[1:])]
                if any(c.isdigit() for c in m.group()):
                    findings.append(
                        self._finding(
                            "number.fixed_word", m.start(), m.end(), text,
                            f"定型词语中的数字应使用汉字：应为“{word}”", word, "4.2.3",
                        )
                    )  # fmt: skip
        return findings

    # Standard 7 -----------------------------------------------------------------------------------

    def _totals(self, text: str) -> list[Finding]:
        findings = []
        words = self.TOTAL_WORD if "计" in text else self.TOTAL_WORD_COMMON
        sentence_end = -1
        for word in words.finditer(text):
            if word.start() < sentence_end:
                continue  # in the sentence just checked
            previous_end = sentence_end
            after = self.SENTENCE_END.search(text, word.start())
            sentence_end = after.start() if after else len(text)
            sentence_start = None
            # No total starts in this sentence before its first 共, 合计 or 总计.
            for total in self.TOTAL.finditer(text, word.start(), sentence_end):
                if sentence_start is None:
                    sentence_start = self._sentence_start(text, word.start(), previous_end + 1)
                parts = self._parts_before(text, sentence_start, total)
                parts = parts or self._parts_after(text, sentence_end, total)
                if len(parts) < 2:
                    continue
                stated = Decimal(total.group(1))
                added = sum(parts, Decimal(0))
                if added == stated:
                    continue
                unit = total.group(2)
                findings.append(
                    Finding(
                        rule="number.total",
                        category="number_usage",
                        standard=7,
                        severity="warn",
                        start=total.start(1),
                        end=total.end(2),
                        text=text[total.start(1) : total.end(2)],
                        message=f"所列各项合计{added.normalize():f}{unit}，与总数{total.group(1)}{unit}不符，请核实统计数据",
                        source="第三条第7项 统计数据准确",
                    )
                )
        return findings

    def _sentence_start(self, text: str, i: int, earliest: int) -> int:
        """Where the sentence holding text[i] starts, searching back no further than `earliest`."""
        return max(earliest, *(text.rfind(c, earliest, i) + 1 for c in self.SENTENCE_ENDS))

    def _parts_before(self, text: str, sentence_start: int, total: re.Match) -> list[Decimal]:
        """"一等奖1名、二等奖3名、三等奖5名，共9名": the listed figures right before the total."""
        if total.start() - sentence_start > self.PARTS_REACH:
            return []  # a sentence this long is no list before its total (and reading it again for each is quadratic)
        start = max(sentence_start, text.rfind("：", sentence_start, total.start()) + 1)
        segment = text[start : total.start()]
        parts = list(self.PART.finditer(segment))
        if not parts or self.NOT_EXACT.search(segment):
            return []
        # A rate is no part: "每生每年1000元，…本学期每生500元，共计6000元" gives what each gets, then the sum.
        if any("每" in segment[max(0, p.start() - 5) : p.start()] for p in parts):
            return []
        # Only separators between the last figure and "共": the total sums up exactly this list.
        if not self.SEPARATORS_ONLY.fullmatch(segment, parts[-1].end()):
            return []
        # A list joined by 、 begins after the last clause without one: "计划10000亩，已完成新造3200亩、改造5800亩，
        # 合计9000亩" sums the two, not the plan.
        gaps = [segment[a.end() : b.start()] for a, b in zip(parts, parts[1:])]
        if any("、" in gap for gap in gaps):
            first = len(parts) - 1
            while first > 0 and "、" in gaps[first - 1]:
                first -= 1
            parts = parts[first:]
        return self._same_unit(parts, total.group(2))

    def _parts_after(self, text: str, sentence_end: int, total: re.Match) -> list[Decimal]:
        """"共投入500万元，分别为中央资金200万元、省级资金100万元…": "分别" lists every part."""
        if sentence_end - total.end() > self.PARTS_REACH:
            return []
        respectively = self.RESPECTIVELY.search(text, total.end(), sentence_end)
        if not respectively or not self.NO_FIGURE_BEFORE_COMMA.fullmatch(text, total.end(), respectively.start()):
            return []
        segment = text[respectively.end() : sentence_end]
        if self.NOT_EXACT.search(segment) or self.TOTAL.search(segment):
            return []
        return self._same_unit(list(self.PART.finditer(segment)), total.group(2))

    @staticmethod
    def _same_unit(parts: list[re.Match], unit: str) -> list[Decimal]:
        if any(p.group(2) != unit for p in parts):
            return []
        return [Decimal(p.group(1)) for p in parts]

    @staticmethod
    def _finding(rule, start, end, text, message, suggestion, clause) -> Finding:
        """A finding of GB/T 15835 `clause`; with None, of a date checked against the calendar."""
        return Finding(
            rule=rule,
            category="number_usage",
            standard=8,
            severity="warn",
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            suggestion=suggestion,
            source=f"{STANDARD} {clause}" if clause else DATE_SOURCE,
        )
