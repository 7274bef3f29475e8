"""植入内容: ads planted on hacked pages (gambling, pornography, weapons and drugs, fake certificates and invoices,
illegal loans and cash-out, 刷单 fraud), by a shipped word list and by a scorer for ad-like passages."""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from ..context import CheckContext
from ..finding import Finding
from ..lexicon import Hit, Lexicon, find_matches, load_lexicon, resolve
from ..normalize import normalize
from ..sentences import sentence_end, sentence_start
from .sensitive import normalized

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_LEXICON_FILE = "injected_words.csv"
DEFAULT_LEXICON_NAME = "内置植入内容词库"
SOURCE_AD = "《互联网信息服务管理办法》第十五条；《网络信息内容生态治理规定》；政府网站不得出现违法广告（单项否决）"

# The word list's categories and the rule ids they report under: "injected.gambling" switches a whole category
# (its words and its ads) through the engine's rule settings.
CATEGORY_CODES = {
    "赌博": "gambling",
    "色情": "porn",
    "违禁": "contraband",
    "假证假票": "fake_document",
    "贷款套现": "loan",
    "刷单诈骗": "fraud",
}
CATEGORY_LABELS = {
    "gambling": "赌博",
    "porn": "色情",
    "contraband": "枪支毒品等违禁品",
    "fake_document": "假证假发票",
    "loan": "非法放贷套现",
    "fraud": "刷单返利等诈骗",
    "other": "违法",
}

# The scorer's signals, by category and weight: 2 for what only an ad says about itself, 1 for what ordinary
# government text also says (贷款, 证件, 兼职). A word of the word list counts as a strong signal too.
LURES = {
    ("gambling", 2): "彩金 首充 首存 充值送 注册送 注册就送 返水 反水 洗码 打码量 出款 秒提 荷官 百家乐 老虎机 下注 赔率 包赢 "
    "必中 计划群 娱乐城 博彩 赌场 网赌 炸金花 牛牛 时时彩 六合彩 飞艇 pk10 葡京 威尼斯人 德州扑克 上分 下分 现金局 "
    "棋牌现金",
    ("gambling", 1): "首冲 投注 真人 澳门 棋牌 开奖 信誉 皇冠 金沙 太阳城 捕鱼 彩票 体育 存款 提款 日提 无上限 大额",
    ("porn", 2): "学生妹 少妇 嫩模 楼凤 兼职妹 包夜 莞式 约炮 约妹 同城约 一夜情 裸聊 无码 啪啪 美女上门 包养 私聊",
    ("porn", 1): "小姐 外围 全套 快餐 上门服务 上门 按摩 同城 交友 午夜 私密 视频聊天 美女 空降 寂寞",
    ("contraband", 2): "手枪 气枪 猎枪 仿真枪 钢珠枪 弓弩 麻醉枪 火药枪 冰毒 麻古 k粉 摇头丸 海洛因 迷药 听话水 催情 春药 "
    "笑气 蒙汗药 隐秘发货 保密发货 匿名发货 气狗 支持验货",
    ("contraband", 1): "子弹 大麻 货源 现货 包邮 到付 发货 顺丰 验货 暗号",
    ("fake_document", 2): "包过 保过 包拿证 可查可验 真实可查 永久可查 学信网可查 一比一 高仿 免考 不用考试 点数低 "
    "代开发票 发票代开 票据代开",
    ("fake_document", 1): "刻章 办证 证件 毕业证 学历 驾照 驾驶证 身份证 发票 代开 普票 专票 公章 资格证 加急 点位",
    ("loan", 2): "黑户 白户 征信花 不看征信 无视征信 不查征信 征信不好 不看负债 也能贷 秒下款 秒批 秒到账 下款 强制下款 空放 "
    "套现 提额 代还 花呗 借呗 网贷 均可套",
    ("loan", 1): "口子 白条 无抵押 免抵押 无需抵押 贷款 借款 额度 放款 急用钱 当天到账 低息 利息低 无担保 提现",
    ("fraud", 2): "刷单 返佣 日赚 躺赚 稳赚 带单 荐股 零投入 轻松赚 usdt 收u 高额回报 一单一结 输入银行卡号 填写银行卡号 "
    "祖传秘方 包治 神药 特效药",
    ("fraud", 1): "垫付 日入 高回报 跑分 点赞 兼职 日结 佣金 返利 月入 保本 内幕 做任务 宝妈 手机操作 零门槛 赚钱 先到先得 "
    "名额有限 大额券 免费领取 调理包 偏方",
}
STRONG_LURES = frozenset(w for (_, weight), words in LURES.items() if weight == 2 for w in words.split())
# Contact hooks: a chat account followed by its id ("QQ：12345678", "薇信 abc123", "TG @name").
HOOK_WORDS = (
    "qq", "扣扣", "企鹅", "q号", "v信", "vx", "wx", "微信", "威信", "薇信", "维信", "徽信", "卫星号", "微x", "weixin",
    "wechat", "加v", "加微", "tg", "telegram", "电报", "飞机", "纸飞机", "蝙蝠", "whatsapp",
)  # fmt: skip
HOOK_ID = re.compile(r"[号群]?(?:码|账号)?(?:联系)?[:：]?(?:是|为)?@?([a-z0-9_]{5,20})")
# Links and codes to scan: weaker hooks, since government pages ask people to scan codes too.
LINK_WORDS = (
    "扫码", "扫一扫", "二维码", "长按识别", "复制链接", "复制网址", "打开链接", "点击链接", "点击进入", "官网", "主页链接",
)  # fmt: skip
MOBILE = re.compile(r"1(?<![0-9]1)[3-9][0-9]{9}(?![0-9])|[48]00(?<![0-9][48]00)[0-9]{7}(?![0-9])")
PRICE = re.compile(r"[¥￥][0-9]+|[0-9](?<![0-9.][0-9])[0-9]*(?:元|块钱|块|rmb)")
URL = re.compile(
    r"(?:https?://|www\.)[a-z0-9.\-/_%?=&#:]+"
    r"|[a-z0-9](?<![a-z0-9.\-@/][a-z0-9])[a-z0-9\-]{1,62}\.(?:com|net|cc|vip|top|xyz|app|me|tv|ws|la|bet|info|club"
    r"|live|site|online|shop|co|io|to|biz|cn)(?![a-z0-9\-])",
    re.IGNORECASE,
)
# Government and education sites are what a government page links to.
OFFICIAL_HOST = re.compile(r"gov\.cn|\.gov\b|edu\.cn|gov\.cn/|\.org\.cn", re.IGNORECASE)

# Words of a report or a warning about such ads ("警惕刷单返利诈骗", "破获一起网络赌博案"): a listed word near
# one is quoted, not advertised. An ad may say "非诈骗" or "拒绝骗局", which does not count.
COUNTER = re.compile(
    r"(?:诈骗|骗局|骗子|被骗|受骗|犯罪|违法|非法|涉嫌|打击|查处|破获|抓获|侦破|判处|取缔|整治|民警|公安|警方|反诈|禁毒"
    r"|扫黄|打非|举报|曝光|严禁|危害|案件|陷阱|法律责任|刑事责任|惩戒|惩处)"
)
COUNTER_NEGATED = ("非", "不是", "绝非", "拒绝", "杜绝", "没有", "无", "不", "防")
# A listed word right after one of these (and perhaps a verb) is refused, not offered: "不出售银行卡", "远离六合彩",
# "请勿参与网上赌场", "请勿相信任何“免考”“包过”的办证信息"; "不限IP，首存送彩金" is still an ad.
NEGATION = re.compile(
    r"(?:不|勿|禁|莫|别|拒绝|远离|杜绝|抵制)(?:要|得|可|能|会|再|去|许|准|用|参与|进行|从事|相信|轻信|点击|使用|购买|接受){0,2}"
    r"(?:任何|一切|所谓的?)?(?:网络|网上|线上)?[“‘\"'《（(]*$"
)
# What ends an ad's sentence (a line break ends its passage already), and a clause of a warning.
AD_STOPS = "。！？!?"
CLAUSE_STOPS = "，。；！？,;!?"
CONTEXT_CHARS = 80  # how far around a word or an ad the counter words are looked for, within its line
NEGATION_CHARS = 8
CLUSTER_GAP = 40  # signals further apart than this belong to different passages
ADJOINING_CHARS = 12  # a passage may go on over a line break to signals this close
WINDOW_CHARS = 160  # how far from a strong signal the weaker ones are looked for
BLOCK_SCORE = 7
WARNING_WORDS = 3


@dataclass(frozen=True, slots=True)
class Signal:
    start: int
    end: int
    kind: str  # "lure", "hook", "link", "price"
    weight: int
    category: str
    text: str


@functools.cache
def default_lexicon() -> Lexicon:
    data = (DATA_DIR / DEFAULT_LEXICON_FILE).read_bytes()
    lexicon = load_lexicon(data, DEFAULT_LEXICON_FILE, name=DEFAULT_LEXICON_NAME)
    unknown = {e.category for e in lexicon.entries} - CATEGORY_CODES.keys()
    if unknown:
        raise ValueError(f"{DEFAULT_LEXICON_FILE}: unknown categories {sorted(unknown)}")
    return lexicon


@functools.lru_cache(maxsize=8)
def _whitelist(words: tuple) -> Lexicon:
    return Lexicon((), words)


class _Scanner:
    """Two automatons. The first, over the whole text, holds the word list, the strong lures and the chat words:
    ordinary text holds almost none, and without one there is no ad. The second, the weak lures and link words,
    is read only around what the first found."""

    def __init__(self, lexicon: Lexicon):
        first: dict[str, list] = {}
        second: dict[str, tuple] = {}
        for entry in lexicon.entries:
            first.setdefault(normalize(entry.word).text, [None, None])[0] = entry
        for (category, weight), words in LURES.items():
            for word in words.split():
                key = normalize(word).text
                if weight >= 2:
                    first.setdefault(key, [None, None])[1] = ("lure", weight, category)
                else:
                    second[key] = ("lure", weight, category)
        for word in HOOK_WORDS:
            first.setdefault(normalize(word).text, [None, None])[1] = ("hook", 2, "")
        for word in LINK_WORDS:
            second[normalize(word).text] = ("link", 1, "")
        self.first_values = [tuple(v) for v in first.values()]
        # A DFA: twice as fast as the default on Chinese text, and a few hundred words keep it small.
        self.first = ahocorasick_rs.AhoCorasick(list(first), implementation=ahocorasick_rs.Implementation.DFA)
        self.second_values = list(second.values())
        self.second = ahocorasick_rs.AhoCorasick(list(second))


class InjectedContentChecker:
    """Finds planted ads: words of the shipped injected-content list (block), and ad-like passages in which a
    contact hook (QQ/微信/TG id, mobile, link, QR code) meets lures (彩金, 日赚, 包过, 秒到账, 无抵押 …) and prices.

    A word just after a refusal ("不出售银行卡") is skipped; one near the words of a warning or a crackdown report
    ("警惕刷单返利诈骗") is reported as 警告 only, and such a passage is not scored as an ad.
    Rules: injected.<category>.word and injected.<category>.ad, category one of gambling, porn, contraband,
    fake_document, loan, fraud (other for a custom list's own categories): a rule setting on "injected.loan"
    switches that category. Option: `lexicon` (a Lexicon or the path of a .txt/.csv/.xlsx list replacing the
    shipped one). Register read: "whitelist" (words never to flag). The deployment's own words of any category
    come through the sensitive-word register and are reported by the sensitive checker.
    """

    code = "injected"
    label = "植入内容"

    # How many different weak lures of one kind make an ad with a link and no strong signal.
    WEAK_LURES = 4

    EXAMPLES = [
        # the word list
        ("页面底部出现“真人荷官 在线发牌”字样", ["injected.gambling.word", "injected.gambling.word"]),
        ("信用卡套现找我", ["injected.loan.word"]),
        ("不出租、不出售银行卡和电话卡", []),
        ("警惕“兼职刷单”诈骗", ["injected.fraud.word"]),
        # an offence described by the law's consequence (…的，依法惩戒)
        ("为赚取好处费出售银行卡的，将被依法惩戒", ["injected.fraud.word"]),
        # ads with no listed word
        ("澳门首冲送88彩金，日提无上限，QQ：12345678", ["injected.gambling.ad"]),
        ("急用钱？征信花也能下款，微信：loan8888", ["injected.loan.ad"]),
        ("手机操作日赚300元，加VX：abc1234", ["injected.fraud.ad"]),
        ("提升景区服务质量。同城交友，寂寞美女在线视频，私密一对一，上门服务，扫码进入www.yy520live.cc。", ["injected.porn.ad"]),
        ("出售仿真枪、气枪，货到付款，电报联系@hjd668", ["injected.contraband.word", "injected.contraband.ad"]),
        # government text with phones, prices and loans
        ("政务服务热线：12345，咨询电话：0591-12345678", []),
        ("招聘保洁员2名，日结工资150元，联系电话：13812345678", []),
        ("项目预算金额：150万元，采购人联系电话：13912345678", []),
        ("创业担保贷款个人最高30万元，无抵押，咨询电话：0591-22334455", []),
        ("警惕刷单诈骗：“日赚300元”的兼职都是骗局，请勿添加陌生人微信：abc1234", []),
        ("证书只能通过正规评价机构考核取得，请勿相信任何“免考”“包过”的办证信息；", []),
        ("请提醒孩子不轻信网络兼职刷单、游戏账号交易等信息", []),
        ("毕业生档案严禁个人自带。办理毕业证、学位证，学信网可查，全国包过，联系QQ 2875641930。", ["injected.fake_document.ad"]),
    ]

    def __init__(self, lexicon: Lexicon | str | Path | None = None):
        if lexicon is None:
            lexicon = default_lexicon()
        elif isinstance(lexicon, (str, Path)):
            path = Path(lexicon)
            lexicon = load_lexicon(path.read_bytes(), path.name)
        elif not isinstance(lexicon, Lexicon):
            raise ValueError(f"Invalid lexicon option: {lexicon!r} (a Lexicon or a file path)")
        self.lexicon = lexicon
        self.scanner = _Scanner(lexicon)

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        norm = normalized(text)
        matches = find_matches(self.scanner.first, norm.text, overlapping=True)
        addressed = "www" in norm.text or "http" in norm.text
        if not matches and not addressed:
            return []
        hits: list[Hit] = []
        strong: list[tuple[int, int, tuple]] = []  # (start, end, feature) in the normalised text
        for index, start, end in matches:
            entry, feature = self.scanner.first_values[index]
            if entry is not None:
                hits.append(Hit(start, end, entry))
            if feature is not None:
                strong.append((start, end, feature))
        lines = _LineIndex(text)
        findings = self._word_findings(text, norm, hits, context, lines)
        signals = [Signal(f.start, f.end, "lure", 2, f.rule.split(".")[1], f.text) for f in findings]
        spans = [(hit.start, hit.end) for hit in hits]
        for start, end, (kind, weight, category) in strong:
            if kind == "hook":
                signal = _hook(text, norm, start, end)
            else:
                signal = _signal(text, norm, start, end, kind, weight, category)
            if signal is not None:
                signals.append(signal)
                spans.append((start, end))
        # Every ad holds a strong signal (a listed word, a strong lure, a chat id) or a web address: without one,
        # stop here.
        if not signals and addressed:
            for m in URL.finditer(text):
                # The normalised text keeps an address's letters and digits only: found there by them.
                kept = "".join(ch for ch in m.group().lower() if ch.isalnum())
                at = norm.text.find(kept)
                if at >= 0 and not OFFICIAL_HOST.search(m.group()):
                    signals.append(Signal(m.start(), m.end(), "link", 1, "", m.group()))
                    spans.append((at, at + len(kept)))
        if not signals:
            return findings
        signals += self._around(text, norm, _windows(spans, len(norm.text)))
        return findings + self._ads(text, list(_clusters(text, _outermost(signals))), lines)

    def _around(self, text: str, norm, windows: list[tuple[int, int]]) -> list[Signal]:
        """The weaker signals near the strong ones: weak lures, links and codes, mobile numbers, prices."""
        found = []
        for low, high in windows:
            piece = norm.text[low:high]
            for index, start, end in find_matches(self.scanner.second, piece, overlapping=True):
                kind, weight, category = self.scanner.second_values[index]
                found.append(_signal(text, norm, low + start, low + end, kind, weight, category))
            for m in MOBILE.finditer(norm.text, low, high):
                found.append(_signal(text, norm, m.start(), m.end(), "hook", 1, ""))
            for m in PRICE.finditer(norm.text, low, high):
                found.append(_signal(text, norm, m.start(), m.end(), "price", 1, ""))
            original_low, original_high = norm.original_span(low, high)
            for m in URL.finditer(text, original_low, original_high):
                weight = 0 if OFFICIAL_HOST.search(m.group(0)) else 1
                found.append(Signal(m.start(), m.end(), "link", weight, "", m.group(0)))
        return found

    def _ads(self, text: str, groups: list[list[Signal]], lines: "_LineIndex") -> list[Finding]:
        """An ad per passage. A passage with lures that is no ad alone may be one with the line just before or after
        it ("首充送88彩金" on one line of a page, "QQ：12345678" on the next)."""
        found, used = [], set()
        for i, group in enumerate(groups):
            if i in used:
                continue
            ad = self._ad(text, group, lines)
            if ad is None and any(s.kind == "lure" for s in group):
                for j in (i + 1, i - 1):
                    if 0 <= j < len(groups) and j not in used:
                        first, second = sorted((i, j))
                        if _adjoining(text, groups[first], groups[second]):
                            ad = self._ad(text, groups[first] + groups[second], lines)
                            if ad is not None:
                                used.add(j)
                                break
            if ad is not None:
                found.append(ad)
                used.add(i)
        return found

    def _word_findings(self, text, norm, hits, context, lines) -> list[Finding]:
        if not hits:
            return []
        white = []
        whitelist = context.registers.get("whitelist") or ()
        if whitelist:
            white = _whitelist(tuple(sorted(whitelist))).scan(norm.text)[1]
        findings = []
        # A title that names the warning (【反诈问答】, 防范电信网络诈骗提示) makes the whole item one.
        first_line = text[: text.find("\n")] if "\n" in text else ""
        headline = COUNTER.search(first_line)
        for m in resolve(norm, hits, white):
            if _negated(text, m.start, lines):
                continue
            code = CATEGORY_CODES.get(m.entry.category, "other")
            quoted = _counter_context(text, m.start, m.end, lines) or (headline.group(0) if headline else "")
            message = f"植入内容“{m.entry.word}”（{CATEGORY_LABELS[code]}）：{m.entry.note or '违法广告用语'}"
            severity = m.entry.severity
            if quoted:
                message += f"；出现在“{quoted}”的语境中，若是防范宣传中的引用可保留，请核实"
                # Within quotation marks as well, it is the warning's own example (骗子发布“兼职刷单、日赚几百”的
                # 信息): a note. Unquoted, a word beside 诈骗 may still be the ad itself.
                quoted_here = _in_quotes(text, m.start, m.end, lines) or _said_of(text, m.start, m.end, lines)
                severity = "info" if quoted_here else "warn"
            elif lines.warning and _in_quotes(text, m.start, m.end, lines):
                message += "；出现在防范宣传的引号中，若是引用的骗子话术可保留，请核实"
                severity = "info"
            elif _in_shop_name(text, m.start, m.end):
                message += "；出现在商户名称中，若是登记的字号可保留，请核实"
                severity = "info"
            findings.append(
                Finding(
                    rule=f"injected.{code}.word",
                    category="injected_content",
                    standard=m.entry.standard,
                    severity=severity,
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    message=message,
                    source=self.lexicon.name,
                )
            )
        return findings

    def _ad(self, text: str, group: list[Signal], lines: "_LineIndex") -> Finding | None:
        # The ad ends with the sentence of its last strong signal: a weak one after it (贷款 in 创业担保贷款) is the
        # page's own next sentence.
        last_strong = max((s.end for s in group if s.weight >= 2), default=group[-1].end)
        ends = sentence_end(text, last_strong, AD_STOPS)
        group = [s for s in group if s.start < ends]
        hook = min(4, sum(_distinct(group, "hook")) + sum(_distinct(group, "link")))
        lure = sum(_distinct(group, "lure"))
        price = 1 if any(s.kind == "price" for s in group) else 0
        strong = any(s.weight >= 2 for s in group if s.kind in ("lure", "hook"))
        score = hook + lure + price
        # With no contact in it (it is in a picture or behind a link), a line is an ad where several words that only
        # such an ad uses meet (上分下分秒到账, 专业代还、大额套现): serious, never block.
        alone = hook == 0 and self._most_lures(group, strong=True) >= 2 and lure >= 5
        # A link beside many weak lures of one kind (同城交友、寂寞美女、私密一对一、上门服务，扫码进入x.cc) is an ad
        # though none of its words is one only an ad uses (serious, below).
        weak = self._most_lures(group, strong=False)
        linked = weak >= self.WEAK_LURES and any(s.kind == "link" and s.weight >= 1 for s in group)
        if not (hook >= 1 and lure >= 2 and score >= 4 and (strong or linked)) and not alone:
            return None
        start, end = group[0].start, max(s.end for s in group)
        # A warning quotes an ad in its own sentence ("日赚300元、加微信的兼职都是骗局") or in quotation marks; a
        # sentence about crime beside it (严禁个人自带档案, 严打涉枪违法犯罪) is the page the ad was planted in.
        if _counter_context(text, start, end, lines, sentence=True) or _in_quotes(text, start, end, lines):
            return None
        if _negated(text, start, lines):
            return None  # "请勿相信任何“免考”“包过”的办证信息": refused, not offered
        # In a text that warns of them throughout (an anti-fraud explainer), an ad whose every strong word is quoted
        # is an example of one (四、虚假贷款：“无抵押、不查征信、秒到账”), and so is a line with no contact that quotes
        # some (二、刷单返利：“动动手指，日赚300元”). Unquoted, 出售气狗…支持验货 in a report on a crackdown is the ad
        # planted in it.
        if lines.warning:
            strong_signals = [s for s in group if s.weight >= 2]
            quoted = [s for s in strong_signals if _in_quotes(text, s.start, s.end, lines)]
            if quoted and (alone or len(quoted) == len(strong_signals)):
                return None
        weights: dict[str, int] = {}
        for s in group:
            if s.kind == "lure":
                weights[s.category] = weights.get(s.category, 0) + s.weight
        code = max(weights, key=weights.get)
        message = f"疑似被植入的{CATEGORY_LABELS[code]}广告（{_evidence(group)}）。政府网站不得出现此类内容，请核实来源并删除"
        return Finding(
            rule=f"injected.{code}.ad",
            category="injected_content",
            standard=3 if code == "contraband" else 2,
            # Found by a link and weak lures only (a 团委's 青年交友 event asks people to scan a code too), or with no
            # contact, an ad is for a person to confirm: serious, not block.
            severity="block" if score >= BLOCK_SCORE and strong and not alone else "serious",
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            source=SOURCE_AD,
        )

    @staticmethod
    def _most_lures(group: list[Signal], strong: bool) -> int:
        """The most different lures one category holds: strong ones of the scorer's own (LURES, weight 2; words of
        the word list are reported by themselves), or weak ones."""
        words: dict[str, set[str]] = {}
        for s in group:
            word = s.text.lower()
            if s.kind == "lure" and (word in STRONG_LURES if strong else s.weight == 1):
                words.setdefault(s.category, set()).add(word)
        return max(map(len, words.values()), default=0)


class _LineIndex:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._warning: bool | None = None

    @property
    def warning(self) -> bool:
        """Whether the whole text is a warning about such ads (an anti-fraud explainer): it names crime or fraud
        WARNING_WORDS times or more. There what stands in quotation marks is the warning's example."""
        if self._warning is None:
            text = self.text
            found = (m for m in COUNTER.finditer(text) if not text[max(0, m.start() - 2) : m.start()].endswith(COUNTER_NEGATED))
            self._warning = sum(1 for _ in itertools.islice(found, WARNING_WORDS)) >= WARNING_WORDS
        return self._warning

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The start of the line holding `start` and the end of the line holding `end`."""
        first = self.starts[bisect_right(self.starts, start) - 1]
        stop = self.text.find("\n", end)
        return first, len(self.text) if stop < 0 else stop


def _signal(text: str, norm, start: int, end: int, kind: str, weight: int, category: str) -> Signal:
    """A signal found at norm.text[start:end], placed on the original text."""
    a, b = norm.original_span(start, end)
    return Signal(a, b, kind, weight, category, text[a:b])


def _windows(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Stretches of the normalised text around the strong signals' spans, merged where they meet."""
    windows: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        low, high = max(0, start - WINDOW_CHARS), min(length, end + WINDOW_CHARS)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


def _hook(text: str, norm, start: int, end: int) -> Signal | None:
    """A chat account word with an id after it; an ASCII word ("tg") must not be the tail of a longer one."""
    if norm.text[start].isascii() and start > 0 and norm.text[start - 1].isascii() and norm.text[start - 1].isalnum():
        return None
    m = HOOK_ID.match(norm.text, end)
    if m is None:
        return None
    a, b = norm.original_span(start, m.end())
    return Signal(a, b, "hook", 2, "", text[a:b])


def _negated(text: str, start: int, lines: _LineIndex) -> bool:
    line_start, _ = lines.bounds(start, start)
    before = text[max(line_start, start - NEGATION_CHARS) : start]
    return NEGATION.search(before) is not None


# A shop's registered name: a place, the trade name, the shop's form (锦屏县敦寨镇百家乐购超市).
SHOP_FORM = re.compile(r"[\u4e00-\u9fff]{0,3}?(?:超市|商店|商行|经营部|门市部|便利店|酒店|宾馆|饭店|餐馆|农家乐)")


def _in_shop_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is (part of) the trade name of a shop named with its place: a word of the list is
    sometimes a word of a shop's name (百家 + 乐购)."""
    return text[start - 1 : start] in ("县", "镇", "乡", "村", "区", "市") and SHOP_FORM.match(text, end) is not None


def _said_of(text: str, start: int, end: int, lines: _LineIndex) -> bool:
    """Whether the clause of text[start:end] itself calls it a fraud or a crime (刷单兼职都是诈骗): the warning's own
    subject, not an ad beside a warning."""
    line_start, line_end = lines.bounds(start, end)
    clause_start = sentence_start(text, start, CLAUSE_STOPS, floor=line_start)
    clause_end = sentence_end(text, end, CLAUSE_STOPS, ceiling=line_end)
    # "凡是通过网络刷单、刷信誉的，都是诈骗": a clause ending in 的 is the subject of the next one.
    if text[clause_end - 1 : clause_end] == "的" and text[clause_end : clause_end + 1] in ("，", ","):
        clause_end = sentence_end(text, clause_end + 1, CLAUSE_STOPS, ceiling=line_end)
    for m in COUNTER.finditer(text, clause_start, clause_end):
        if not text[max(clause_start, m.start() - 2) : m.start()].endswith(COUNTER_NEGATED):
            return True
    return False


def _in_quotes(text: str, start: int, end: int, lines: _LineIndex) -> bool:
    """Whether text[start:end] stands within “…” (or ‘…’, or straight quotes, "…") of its line."""
    line_start, line_end = lines.bounds(start, end)
    for opening, closing in ("“”", "‘’"):
        before = text.rfind(opening, line_start, start)
        if before >= 0 and text.find(closing, before, start) < 0:
            after = text.find(closing, end, line_end)
            if after >= 0 and text.find(opening, end, after) < 0:
                return True
    # A straight quote opens and closes alike: inside where an odd number of them stands before it on its line.
    for mark in "\"'":
        if text.count(mark, line_start, start) % 2 and text.find(mark, end, line_end) >= 0:
            return True
    return False


def _counter_context(text: str, start: int, end: int, lines: _LineIndex, sentence: bool = False) -> str:
    """The first warning or crackdown word near text[start:end] in its line(s), or in its sentence(s) only, or ""."""
    line_start, line_end = lines.bounds(start, end)
    low, high = max(line_start, start - CONTEXT_CHARS), min(line_end, end + CONTEXT_CHARS)
    if sentence:
        low, high = sentence_start(text, start, AD_STOPS, floor=low), sentence_end(text, end, AD_STOPS, ceiling=high)
    for m in COUNTER.finditer(text, low, high):
        if not text[max(low, m.start() - 2) : m.start()].endswith(COUNTER_NEGATED):
            return m.group(0)
    return ""


def _outermost(signals: list[Signal]) -> list[Signal]:
    """Drop a word inside a longer one: "上门服务" counts once, not again as "上门"."""
    signals.sort(key=lambda s: (s.start, -s.end))
    kept, reach = [], -1
    for s in signals:
        if s.end <= reach:
            continue
        kept.append(s)
        reach = s.end
    return kept


def _clusters(text: str, signals: list[Signal]):
    """Signals in passages: a passage ends at a line break or a gap of more than CLUSTER_GAP characters."""
    group: list[Signal] = []
    reach = -1
    for s in signals:
        if group and (s.start - reach > CLUSTER_GAP or "\n" in text[reach : s.start]):
            yield group
            group = []
        group.append(s)
        reach = max(reach, s.end)
    if group:
        yield group


def _adjoining(text: str, first: list[Signal], second: list[Signal]) -> bool:
    reach = max(s.end for s in first)
    between = text[reach : second[0].start]
    return between.count("\n") == 1 and len(between) <= ADJOINING_CHARS


def _distinct(group: list[Signal], kind: str) -> list[int]:
    """The weight of each different word of a kind: "微信 … 微信" counts once."""
    seen: dict[str, int] = {}
    for s in group:
        if s.kind == kind:
            seen[s.text.lower()] = max(seen.get(s.text.lower(), 0), s.weight)
    return list(seen.values())


_EVIDENCE_LABELS = {"hook": "联系方式", "link": "链接或二维码", "lure": "诱导用语", "price": "价格"}


def _evidence(group: list[Signal]) -> str:
    parts = []
    for kind, label in _EVIDENCE_LABELS.items():
        shown = list(dict.fromkeys(s.text for s in group if s.kind == kind and s.weight > 0))
        if shown:
            parts.append(label + "".join(f"“{t}”" for t in shown[:4]))
    return "，".join(parts)
