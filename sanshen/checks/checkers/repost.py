"""转载来源: a repost names its source and author, and the source is one qualified to publish news."""

from __future__ import annotations

import re

from ..context import CheckContext
from ..finding import Finding
from ..sentences import line_starts

SOURCE = "国办发〔2018〕123号：原则上只转载党委和政府网站以及有关主管部门确定的稿源单位发布的信息；第二条(六)"

# 中央新闻单位 and the provincial party papers (省级党报), which hold first-class news licences, plus the
# national government portal. A deployment adds its own 稿源单位 through the "qualified_sources" register.
DEFAULT_QUALIFIED_SOURCES = (
    "新华社", "新华网", "新华每日电讯", "人民日报", "人民网", "中央广播电视总台", "中央电视台", "央视网", "央视新闻",
    "中央人民广播电台", "中国国际广播电台", "央广网", "国际在线", "光明日报", "光明网", "经济日报", "中国经济网",
    "中国日报", "求是", "求是网", "解放军报", "中国军网", "中国新闻社", "中新网", "中国新闻网", "中国青年报",
    "中国青年网", "工人日报", "农民日报", "法治日报", "科技日报", "中国纪检监察报", "中央纪委国家监委网站",
    "学习强国", "中国政府网", "国务院新闻办公室",
    "北京日报", "天津日报", "河北日报", "山西日报", "内蒙古日报", "辽宁日报", "吉林日报", "黑龙江日报", "解放日报",
    "新华日报", "浙江日报", "安徽日报", "福建日报", "江西日报", "大众日报", "河南日报", "湖北日报", "湖南日报",
    "南方日报", "广西日报", "海南日报", "重庆日报", "四川日报", "贵州日报", "云南日报", "西藏日报", "陕西日报",
    "甘肃日报", "青海日报", "宁夏日报", "新疆日报",
)  # fmt: skip

# 党委和政府网站 themselves: "福建省人民政府", "福州市人民政府网站", "某县教育局", "中共某县委".
GOVERNMENT_SOURCE = re.compile(
    r"^(?:中共)?.{0,20}(?:省|自治区|市|自治州|州|地区|盟|县|自治县|旗|区)"
    r".{0,12}?(?:人民政府|政府|党委|委员会|宣传部|组织部|统战部|局|厅|委|办公室|办)"
    r"(?:门户网站|官方网站|网站|官网|网|微信公众号|公众号)?$"
    r"|^国务院.{0,12}$|^中华人民共和国.{1,12}(?:部|委员会|局|署|总局)(?:网站|官网)?$"
)
# What an item with no source says about itself.
OWN_SITE = frozenset({"本站", "本网", "本网站", "原创", "本单位"})

# Sources that name no publisher: the internet in general, its users, a chat group, a platform or app.
# "人民日报微博" and "新华社客户端" name one; "微博" and "抖音" do not.
VAGUE_SOURCES = (
    "网络", "互联网", "网上", "网页", "网站", "某网站", "某网", "某平台", "某公众号", "网友", "网民", "网传", "网摘",
    "朋友圈", "微信朋友圈", "微信群", "微信群聊", "QQ群", "qq群", "群聊", "工作群", "微信", "公众号", "微信公众号", "视频号", "微博",
    "新浪微博", "抖音", "快手", "小红书", "今日头条", "头条", "百度", "百度百科", "百家号", "知乎", "B站", "b站", "哔哩哔哩",
    "自媒体", "网络平台", "有关媒体", "相关媒体", "网络媒体", "媒体", "佚名", "不详", "未知", "综合", "综合网络",
    "综合自网络", "互联网公开资料",
)  # fmt: skip
# What may follow a vague source and leave it vague: "网络整理", "网络图片", "抖音APP", "微信群转发".
_VAGUE_SUFFIX = (
    r"(?:整理|综合|转载|转发|分享|截图|视频|资料|公开资料|素材|图片|信息|投稿|爆料|供稿|提供|网友|用户|博主|APP|App|app|客户端|平台)?"
)
_VAGUE = "|".join(re.escape(name) for name in sorted(VAGUE_SOURCES, key=len, reverse=True))
# What may come before one and leave it vague: "本地微信群", "当地网友", "热心网友", "网友微信群转发".
_VAGUE_PREFIX = "(?:本地|当地|某些?|一些|部分|热心|多名|一位|一名|网友|网民|群众|市民)?"
# What hearsay says it did: "据网友爆料", "据小红书博主分享".
_HEARD = "消息|报道|爆料|传言|传闻|流传|分享|发布|发文|透露|称"
# A chat group however it is named ("养殖户交流群", "三年级家长群"): none is a publisher.
_GROUP_CHAT = r"[\u4e00-\u9fff\w]{0,8}?(?:交流群|家长群|业主群|粉丝群|微信群|QQ群|qq群|工作群)"
_VAGUE_NAME = rf"(?:{_VAGUE_PREFIX}(?:{_VAGUE})|{_GROUP_CHAT})"
VAGUE_SOURCE = re.compile(rf"^(?:来源于?|来自|转自|摘自)?{_VAGUE_NAME}{_VAGUE_SUFFIX}$", re.IGNORECASE)
VAGUE_MESSAGE = (
    "不是稿源：网络、网友、群聊和社交平台都不是发布单位。按国办发〔2018〕123号，原则上只转载党委和政府网站以及"
    "有关主管部门确定的稿源单位发布的信息。建议：注明原发布单位（如新华社、人民网、某省人民政府网站）和原作者；"
    "查不到原发布单位的内容（含图片）不得转载使用"
)


class RepostSourceChecker:
    """Checks reposts: source and author are named, the source is qualified and names a publisher; flags unmarked
    reposts and vague sources ("来源：网络", "图片来源于网络") anywhere in the body.

    Option: `qualified_sources` (names replacing the shipped default list). Register read:
    "qualified_sources" (names added to the list), "own_sources" (the deployment's own names: a 来源 line naming
    one is the item's own). Context read: is_repost, repost_source, repost_author.
    """

    code = "repost"
    label = "转载来源"

    # The body says it is a repost: "转载自人民网", "转自新华社微信公众号", "（来源：福建日报）".
    BODY_REPOST = re.compile(
        r"转载自|转载于"
        r"|转自[：:]?\s*[“《]?[^\s，。；,;]{1,20}?(?:报|网|社|台|客户端|公众号|微信|微博|新闻|杂志)"
        # "数据来源：国家统计局网站" cites data; it is not a repost. The look-behinds come after 来源 so that every
        # branch starts with a character: the regex engine then skips ahead to 转, 来 or 原 instead of trying
        # each position, which is most of this checker's time.
        r"|来源(?<!数据来源)(?<!资金来源)(?<!经费来源)(?<!资料来源)[：:]\s*[“《]?(?!本站|本网)[^\s，。；,;）)]{1,20}?(?:报|网|社|台|客户端|公众号|新闻|杂志)"
        r"|原标题[：:]"
    )
    # A vague source named in the body: "（来源：网络）", "图片来源于网络", "转自微信朋友圈", "内容来自网友".
    # Every branch starts with a character, so `re` skips ahead to it (see BODY_REPOST); "来自" alone is too
    # common ("来自全县各乡镇的代表") and counts only after what was taken: 图片来自, 本文来自.
    BODY_VAGUE = re.compile(
        r"(?:来源|转自|转载自|摘自|源自|出处|图源|稿源|图片来自|照片来自|配图来自|视频来自|素材来自|内容来自|本文来自"
        r"|文章来自|资料来自)"
        r"(?<!资金来源)(?<!经费来源)(?<!收入来源)(?<!经济来源)"
        rf"\s*[：:]?\s*[于自]?\s*[“《\"]?(?P<source>{_VAGUE_NAME}{_VAGUE_SUFFIX})[”》\"]?"
        r"(?=\s*(?:$|[\s，。；;,.、）)\]】！!？?]|如有侵权))",
        re.MULTILINE,
    )

    # A platform named as what was reposted from, in brackets: "【抖音转载】", "（微信群转发）". The pattern opens with
    # a class, so a text is screened for the tag's end first.
    PLATFORM_TAG = re.compile(rf"[【\[（(](?P<source>(?:{_VAGUE}))(?:转载|转发|搬运)[】\]）)]")
    PLATFORM_TAG_WORDS = ("转载】", "转发】", "搬运】", "转载）", "转发）", "搬运）", "转载)", "转发)", "转载]")
    # Hearsay given as the source of news: "据网传消息", "据网络报道", "据网友爆料，", "据小红书上一位博主分享，".
    # Not "据网友反映" (a report of what the public asks, which a reply to 网民留言 answers).
    HEARSAY = re.compile(
        rf"据\s*(?P<source>(?:{_VAGUE})(?:[^，,。；\n]{{0,8}}?(?={_HEARD})|(?=[，,：:])))(?:{_HEARD})?"
    )

    # …and hearsay heading a line as its source: "网友爆料：5月12日，…", "网传消息：…".
    HEARSAY_HEAD = re.compile(rf"[ \t　]*(?P<source>(?:{_VAGUE})(?:{_HEARD}))\s*[：:]")  # tried at each line's start

    EXAMPLES = [
        ("全文略", ["repost.missing_source", "repost.missing_author"], {"is_repost": True}),
        ("网友爆料：5月12日，有群众在稻田里发现一只受伤的白鹭。", ["repost.vague_source"]),
        ("网友反映：村口路灯不亮，请尽快维修。", []),
        ("全文略", [], {"is_repost": True, "repost_source": "新华社", "repost_author": "记者 张三"}),
        ("全文略", ["repost.unqualified_source"], {"is_repost": True, "repost_source": "某某生活号", "repost_author": "李四"}),
        ("全文略", [], {"is_repost": True, "repost_source": "福建省人民政府网站", "repost_author": "王五"}),
        ("本文转载自人民网。", ["repost.undeclared"]),
        ("（来源：福建日报）全县春耕工作有序推进", ["repost.undeclared"]),
        ("来源：锦屏县人民政府网", [], {"registers": {"own_sources": ("锦屏县",)}}),
        ("来源：黔东南日报", ["repost.undeclared"], {"registers": {"own_sources": ("锦屏县",)}}),
        ("来源：黔东南日报锦屏县记者站", ["repost.undeclared"], {"registers": {"own_sources": ("锦屏县",)}}),
        ("机器运转自如，生产有序", []),
        ("来源：本站", []),
        # a source that names no publisher is not a source, in the item's field or in the body
        ("全文略", ["repost.vague_source"], {"is_repost": True, "repost_source": "网络", "repost_author": "佚名"}),
        ("全文略", ["repost.vague_source"], {"is_repost": True, "repost_source": "微信朋友圈", "repost_author": "李四"}),
        ("部分图片来源于网络，如有侵权请联系删除。", ["repost.vague_source"]),
        ("（来源：抖音）", ["repost.vague_source"]),
        ("全县网民来源广泛", []),
        ("据网传消息，今年基础养老金将再次提高。", ["repost.vague_source"]),
        ("据网友爆料，某路段积水严重", ["repost.vague_source"]),
        ("据网友反映，某路段积水严重，经核实已修复", []),
        ("出行请注意安全。来源：网友投稿", ["repost.vague_source"]),
        ("视频来源：本地微信群", ["repost.vague_source"]),
        ("图片来源：当地网友", ["repost.vague_source"]),
        ("案例来源：微信群转发", ["repost.vague_source"]),
        ("来源：养殖户交流群", ["repost.vague_source"]),
        ("【抖音转载】这几种野生菌千万别采！", ["repost.vague_source"]),
        ("据小红书上一位博主分享，敦寨镇的荷花已进入盛花期", ["repost.vague_source"]),
        ("据有关媒体报道，今年油茶价格上涨", ["repost.vague_source"]),
        ("美得像一幅水墨画。视频素材来自抖音网友，侵删", ["repost.vague_source"]),
        ("来源：人民日报微博", ["repost.undeclared"]),
    ]

    def __init__(self, qualified_sources=None):
        names = DEFAULT_QUALIFIED_SOURCES if qualified_sources is None else qualified_sources
        self.qualified_sources = tuple(_clean(name) for name in names if _clean(name))

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        vague = [self._vague_in_body(m) for m in self.BODY_VAGUE.finditer(text)]
        if "据" in text:
            vague += [self._vague_in_body(m) for m in self.HEARSAY.finditer(text)]
        if "：" in text or ":" in text:
            heads = (self.HEARSAY_HEAD.match(text, at) for at in line_starts(text))
            vague += [self._vague_in_body(m) for m in heads if m is not None]
        if any(word in text for word in self.PLATFORM_TAG_WORDS):
            vague += [self._vague_in_body(m) for m in self.PLATFORM_TAG.finditer(text)]
        if not context.is_repost:
            # "来源：互联网" is said once: as a vague source, not again as an unmarked repost.
            taken = {(f.start, f.end) for f in vague}
            own = tuple(name for name in context.registers.get("own_sources") or () if name)
            undeclared = [
                self._undeclared(m) for m in self.BODY_REPOST.finditer(text) if not (own and self._own_source(m, own))
            ]
            return vague + [f for f in undeclared if not any(a < f.end and f.start < b for a, b in taken)]
        findings = []
        source = _clean(context.repost_source)
        if not source or source in OWN_SITE:
            findings.append(self._item_finding("repost.missing_source", "serious", "转载信息未注明来源（原发布单位）"))
        elif is_vague(source):
            message = f"转载来源“{context.repost_source.strip()}”{VAGUE_MESSAGE}"
            findings.append(self._item_finding("repost.vague_source", "serious", message))
        elif not self.is_qualified(source, context.registers.get("qualified_sources") or ()):
            message = f"转载来源“{context.repost_source.strip()}”不在本单位认定的稿源单位名单中，请核实其是否具备新闻发布资质"
            findings.append(self._item_finding("repost.unqualified_source", "warn", message))
        if not _clean(context.repost_author):
            findings.append(self._item_finding("repost.missing_author", "serious", "转载信息未注明原作者"))
        return findings + vague

    def is_qualified(self, source: str, extra=()) -> bool:
        source = _clean(source)
        if GOVERNMENT_SOURCE.match(source):
            return True
        names = self.qualified_sources + tuple(_clean(name) for name in extra if _clean(name))
        # "新华社客户端" and "人民日报海外版" are the listed outlet's own channels.
        return source.startswith(names)

    @staticmethod
    def _own_source(m: re.Match, own: tuple[str, ...]) -> bool:
        """Whether a 来源 line names the deployment's own outlet first (来源：锦屏县人民政府网), not merely mentions
        it (来源：黔东南日报锦屏县记者站 is another outlet's)."""
        written = m.group()
        if not written.startswith("来源"):
            return False
        return written[2:].lstrip("：: “《").startswith(own)

    def _undeclared(self, m: re.Match) -> Finding:
        return Finding(
            rule="repost.undeclared",
            category="repost_source",
            standard=5,
            severity="warn",
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            message=f"正文出现“{m.group(0)}”，疑似转载，但稿件未标记为转载：请标记转载并填写来源和原作者",
            source=SOURCE,
        )

    @staticmethod
    def _vague_in_body(m: re.Match) -> Finding:
        # No suggestion: a suggestion replaces the found text, and the real publisher is for a person to find.
        return Finding(
            rule="repost.vague_source",
            category="repost_source",
            standard=5,
            severity="serious",
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            message=f"“{m.group(0)}”：“{m.group('source')}”{VAGUE_MESSAGE}",
            source=SOURCE,
        )

    @staticmethod
    def _item_finding(rule: str, severity: str, message: str) -> Finding:
        # About the item's fields, not a place in the text: an empty span at the start.
        return Finding(
            rule=rule,
            category="repost_source",
            standard=5,
            severity=severity,
            start=0,
            end=0,
            text="",
            message=message,
            source=SOURCE,
        )


def is_vague(source: str) -> bool:
    """A source that names no publisher: "网络", "网友", "微信群", "抖音APP"."""
    return bool(VAGUE_SOURCE.match(_clean(source)))


def _clean(name: str) -> str:
    """Spaces and title marks do not change a name: "《人民日报》" is 人民日报."""
    return re.sub(r"[\s《》“”\"]+", "", name or "")
