"""涉密标识: classification marks and internal-use markings, which must never be published."""

from __future__ import annotations

import re

from ..context import CheckContext
from ..finding import Finding

SOURCE = "《中华人民共和国保守国家秘密法》; GB/T 9704-2012 7.2.3 密级和保密期限"

# An internal label: what a document says it is ("内部资料", "工作秘密").
LABELS = (
    "内部资料", "内部文件", "内部材料", "内部刊物", "内部参考", "内部参阅", "内部使用", "内部传阅", "内部发行",
    "内部交流", "内部学习资料", "内部通报", "内部简报", "内部明电", "内部文稿", "内部报告", "内部资料性出版物",
    "内部掌握", "内部数据", "工作秘密", "敏感信息", "国家秘密",
)  # fmt: skip
# Every label holds one of these: a text with none has no label.
_LABEL_WORDS = ("内部", "秘密", "敏感信息")
# Labels that are a marking on their own when they stand alone, "（内部）" or "工作秘密" on a line of its own.
STANDALONE_LABELS = (*LABELS, "内部")
# Keep-inside verbs after a prohibition: "不得外传", "严禁翻印", "请勿擅自转发".
KEEP_VERBS = (
    "外传", "外泄", "外流", "外借", "外带", "外送", "外发", "翻印", "翻拍", "复印", "复制", "拍照", "截图", "转发",
    "转载", "转印", "扩散", "传播", "传阅", "公开", "对外公开", "对外提供", "对外发布", "上网", "上传", "泄露",
    "泄漏", "引用", "摘抄", "带出",
)  # fmt: skip

# What may separate a label from the phrase after it: a few characters of the same sentence
# ("内部资料，请各单位注意保存"), never a sentence end.
_GAP = r"[^\n。！？!?]{0,8}?"
_PROHIBITION = r"(?:不得|严禁|禁止|请勿|切勿|勿|不准|不许|不宜|不能|不可)"
# A keep-inside phrase: "不得外传", "注意保存", "阅后收回" (the disclosure checker's drafts read it too).
KEEP_INSIDE = (
    rf"(?:{_PROHIBITION}(?:擅自|私自|随意|向外|对外|以任何形式)?(?:{'|'.join(KEEP_VERBS)})"
    r"|(?:注意|妥善|严格|做好|认真)(?:保存|保管|保密|收存)|(?:严格)?控制知悉范围"
    r"|(?:阅后|阅毕|用后|会后)(?:收回|退回|销毁|清退|即焚))"
)
# A period is a marking only with its value: "保密期限：1年", not "国家秘密的保密期限分为三种".
_PERIOD = r"保密期限\s*(?:[：:]\s*[^\s，。；\n]{1,10}|\d+\s*(?:年|个月)|[一二三四五六七八九十]+\s*(?:年|个月)|长期)"
# Where a marking begins: the start of a line or text, after a bracket, a space, a bullet or the end of a
# sentence. A label in the middle of a sentence ("加强内部资料管理，不得外传") is a rule about them, not a mark.
_ANCHORS = "\n \t\u3000（(【[〔《“\"★☆●■◆▲。；;：:！？"
# "本文件为内部资料", "本通报属于工作秘密": the document speaks of itself, by any of the 公文 kinds.
_DOCUMENT = (
    r"(?:此件|本件|(?:本|该|此)(?:文件|文|资料|材料|刊|期|报告|纪要|简报|通报|通知|方案|意见|函|表|清单|名单|报表|"
    r"汇报|请示|批复|决定|计划|总结|会议记录|记录|信息|内容|稿|条|条内容|条信息|帖|推文))"
)
_SELF = (
    rf"(?:{_DOCUMENT}|以上(?:内容|数据|情况|进度|信息|数字|材料|口径)?)"
    r"(?:为|系|属|属于|是|均为|均属|涉及|含有|包含)"
)
# Who alone may read it, after a label: "内部资料，仅供窗口工作人员参考" (without a label, 仅供…参考 is advice).
_ONLY_FOR = r"仅[供限][^\s，。；！？、\n]{0,12}?(?:参考|参阅|使用|阅知|传阅|掌握)"
# Labels that say how the document is used, which follow it with no 为 between: "此件内部使用，请勿外传".
USAGE_LABELS = ("内部使用", "内部传阅", "内部参阅", "内部掌握", "内部学习", "内部交流", "内部参考")


def _anchored(words) -> str:
    """Each word, allowed only at an anchor. The first character stays a literal, so `re` skips ahead to it;
    the look-behind after it then asks whether the character before the word is an anchor (or there is none)."""
    anchor_class = re.escape(_ANCHORS)
    return "|".join(
        f"{re.escape(w[0])}(?<![^{anchor_class}]{re.escape(w[0])}){re.escape(w[1:])}"
        for w in sorted(words, key=len, reverse=True)
    )


class SecrecyMarkChecker:
    """Finds 密级 marks (绝密/机密/秘密 with ★ and a period) and internal-use markings; never overridable.

    A marking is a grammar, not a list: an internal label (内部资料, 工作秘密 …) followed within the same
    sentence by a keep-inside phrase (不得外传, 注意保存, 请勿转发 …) or a 保密期限; a document calling itself
    one ("本文件为内部资料"); a label standing alone on its line or in brackets ("（内部资料）"); and the
    仅供…参阅 family. A label inside a sentence about secrecy work does not fire.
    """

    code = "secrecy"
    label = "涉密标识"

    # 密级★期限, the GB/T 9704 form; the star is what separates a mark from the ordinary word. Without a star,
    # "秘密 保密期限：5年" is a mark too, but not "国家秘密保密期限" in a sentence of the law.
    CLASSIFICATION = re.compile(
        r"(绝密|机密|秘密)\s*[★☆*＊]\s*(?:\d+\s*年|[一二三四五六七八九十]+年|长期|启用前|\d+\s*个月)?"
        r"|(?<!国家)(?<!工作)(?<!商业)(绝密|机密|秘密)[\s　，,、]*保密期限\s*[：:]\s*[^\s，。；\n]{1,8}"
    )
    # A bare 密级 word alone on a line (the head of a document) is a mark too.
    HEAD_MARK = re.compile(r"(?m)^[ \t　]*(绝密|机密|秘密)[ \t　]*$")
    # The marking families, each its own pattern: each then starts with a literal character, and `re` skips ahead
    # to it, where one pattern of alternatives in named groups is tried at every position. Group 1 is the marking.
    # Each with the words one of which every match holds: a text with none skips the pattern.
    NOTICES = (
        # label × keep-inside phrase × period: "内部资料 注意保存", "工作秘密，严禁外传 保密期限：1年"
        (
            re.compile(
                rf"((?:{_anchored(LABELS)}){_GAP}(?:{KEEP_INSIDE}|{_PERIOD}|{_ONLY_FOR}(?:[，,、]?{KEEP_INSIDE})?)"
                rf"(?:{_GAP}{_PERIOD})?)"
            ),
            _LABEL_WORDS,
        ),
        # "本文件为内部资料，请勿转发": the marking starts at the label
        (re.compile(rf"{_SELF}((?:{'|'.join(LABELS)})(?:{_GAP}(?:{KEEP_INSIDE}|{_PERIOD}))?)"), _LABEL_WORDS),
        # "此件内部使用，请勿外传": a document and how it is used, then a clause's end (not "…内部使用的术语")
        (
            re.compile(
                rf"{_DOCUMENT}((?:{'|'.join(USAGE_LABELS)})(?:{_GAP}(?:{KEEP_INSIDE}|{_PERIOD}))?)"
                r"(?=$|[\s，,。；;！？!?）)】〕])",
                re.MULTILINE,
            ),
            ("内部",),
        ),
        # "（内部数据，属工作秘密，未经审定不得外传）": a label and a keep-inside phrase in one pair of brackets, the
        # label first or after what says the content is one (属, 系, 为); not a rule about them ("加强内部资料管理")
        (
            re.compile(
                rf"[（(【〔]((?:[^（）()【】〔〕\n]{{0,8}}?(?:属于|属|系|为|是|，|,|、|限[^（）()【】〔〕\n，,。]{{0,4}}?))?"
                rf"(?:{'|'.join((*LABELS, *USAGE_LABELS))})"
                rf"[^（）()【】〔〕\n]{{0,16}}?(?:{KEEP_INSIDE}|{_PERIOD}))[\u4e00-\u9fff]{{0,4}}[。！]?[）)】〕]"
            ),
            _LABEL_WORDS,
        ),
        # "（内部资料）", "【工作秘密】", "内部资料" alone on a line
        (
            re.compile(rf"((?:{_anchored(STANDALONE_LABELS)}))(?=[ \t\u3000]*(?:$|[\n）)】\]〕★☆]))", re.MULTILINE),
            _LABEL_WORDS,
        ),
        # "限科级以上干部范围传达", "限班子成员范围内阅知": who may read it, within what circle
        (
            re.compile(
                r"(限[^，。；！？\s]{0,10}?(?:干部|人员|领导|成员|同志|党员|委员|班子)范围内?"
                r"(?:传达|阅读|阅知|学习|使用|传阅|知悉|掌握)"
                r"|限(?:收件人|收文人|本人|与会人员|参会人员)(?:阅知|阅读|参阅|阅))"
            ),
            ("范围", "限收", "限本人", "限与会", "限参会"),
        ),
        # "仅供领导参阅", "仅供县领导参阅", "仅限内部使用"; not "仅供参考"
        (
            re.compile(
                # 参考 only for leaders: "本指南仅供办事人员参考" is advice to readers, not a marking
                r"(仅[供限](?:[^\s，。；！？、\n]{0,10}?(?:领导|常委|委员|班子成员)(?:参阅|参考|阅知|传阅|阅)"
                r"|[^\s，。；！？、\n]{0,16}?(?:同志|负责人|人员|单位|系统|机关|部门)(?:内部(?:使用|参阅|阅知|传阅|掌握)|参阅|阅知|传阅|掌握)"
                r"|内部(?:使用|参考|交流|学习|传阅|阅读|参阅|掌握)|参阅|传阅|阅知))"
            ),
            ("仅供", "仅限"),
        ),
    )
    # A keep-inside phrase alone in brackets, "（请勿外传）", "【阅后收回】": a marking with its label left out. Not
    # a copyright line: "（未经许可不得转载）" holds more than the phrase.
    BRACKETED_KEEP = re.compile(rf"[（(【〔]\s*(?:请|此件|本件)?({KEEP_INSIDE})[\u4e00-\u9fff]{{0,4}}\s*[）)】〕]")
    OPENING = re.compile("[（(【〔]")
    KEEP_WORDS = ("勿", "不得", "严禁", "禁止", "不准", "不许", "阅后", "阅毕", "用后", "会后")
    # 涉密/国家秘密 as a label (e.g. "密级：涉密") rather than in a sentence about secrecy work.
    LABELLED = re.compile(r"密\s*级\s*[：:]\s*(绝密|机密|秘密|涉密|内部)")
    # Every mark and label holds 密 (a 密级★期限 mark a star too), and every notice one of its words (NOTICES): most
    # texts hold none, and looking for a word is many times faster than trying the patterns.
    MARK_CHAR = "密"
    STARS = "★☆*＊"

    EXAMPLES = [
        ("（本通报限系统内部传阅，请勿上网公开）", ["secrecy.internal_notice"]),
        ("（本办法适用于各单位内部资料的管理，不得外传的材料须登记）", []),
        # 密级 and 保密期限
        ("机密★5年", ["secrecy.classification"]),
        ("秘密★启用前", ["secrecy.classification"]),
        ("秘密 保密期限：5年", ["secrecy.classification"]),
        ("密级：秘密", ["secrecy.labelled"]),
        # label × keep-inside phrase × period
        ("内部资料 注意保存", ["secrecy.internal_notice"]),
        ("内部文件，请各单位妥善保管", ["secrecy.internal_notice"]),
        ("工作秘密 严禁擅自复制 保密期限：1年", ["secrecy.internal_notice"]),
        ("（内部使用，请勿转发）", ["secrecy.internal_notice"]),
        # a document calling itself internal; a label on its own; 仅供…参阅
        ("本文件为内部资料，不得翻印。", ["secrecy.internal_notice"]),
        ("（请勿外传）", ["secrecy.internal_notice"]),
        ("（请勿截图转发）", ["secrecy.internal_notice"]),
        ("通报了3起典型问题（限科级以上干部范围传达，请勿截图转发）", ["secrecy.internal_notice"]),
        ("以上进度为内部掌握口径，请勿对外引用。", ["secrecy.internal_notice"]),
        ("本稿仅供参会单位内部掌握，请勿对外转发。", ["secrecy.internal_notice"]),
        ("（限收件人阅，不得翻印、转借）", ["secrecy.internal_notice"]),
        ("【阅后收回】", ["secrecy.internal_notice"]),
        ("【内部资料】", ["secrecy.internal_notice"]),
        ("此件仅供县领导参阅", ["secrecy.internal_notice"]),
        ("（此件内部使用，请勿外传）", ["secrecy.internal_notice"]),
        ("（内部资料，仅供窗口工作人员参考）", ["secrecy.internal_notice"]),
        ("本指南仅供办事群众参考", []),
        ("全县完成造林3.2万亩（内部数据，属工作秘密，未经审定不得外传）。", ["secrecy.internal_notice"]),
        ("（各单位要加强内部资料管理，不得外传涉密文件）", []),
        ("本材料内部传阅", ["secrecy.internal_notice"]),
        ("该文件内部使用的术语已统一", []),
        ("本预案仅限县地质灾害应急指挥部成员单位内部使用，不得对外公开。", ["secrecy.internal_notice"]),
        ("（本案例材料仅供司法行政系统内部参阅，不得对外公开）", ["secrecy.internal_notice"]),
        ("落实包保责任人（本段内容仅限内部掌握，不得公开），确保不发生极端事件", ["secrecy.internal_notice"]),
        # negations and sentences about secrecy work stay silent
        ("本文件内容不涉密", []),
        ("保密工作会议召开", []),
        ("严守党和国家秘密", []),
        ("各单位要加强内部资料管理，不得外传涉密文件", []),
        ("本文件不属于内部资料，可以公开", []),
        ("以上数据仅供参考", []),
        ("（未经许可不得转载）", []),
        ("（严禁酒后驾驶）", []),
        ("限定范围内使用财政资金", []),
        ("停车场仅供参会单位使用", []),
        ("本次招聘限锦屏县户籍人员报名，工作范围覆盖全县", []),
        ("国家秘密的保密期限分为三种", []),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        marked = self.MARK_CHAR in text
        starred = marked and any(star in text for star in self.STARS)
        for m in self.CLASSIFICATION.finditer(text) if starred or (marked and "保密期限" in text) else ():
            findings.append(self._finding("secrecy.classification", m, f"出现密级标识“{m.group(0)}”，涉密内容不得上网发布"))
        for m in self.HEAD_MARK.finditer(text) if marked else ():
            findings.append(
                self._finding("secrecy.classification", m, f"文首单独出现密级“{m.group(1)}”，涉密内容不得上网发布", group=1)
            )
        marked_at: list[tuple[int, int]] = []
        screened: dict[tuple[str, ...], bool] = {}  # the label families share their words: looked for once
        for pattern, words in self.NOTICES:
            if words not in screened:
                screened[words] = any(word in text for word in words)
            if not screened[words]:
                continue
            for m in pattern.finditer(text):
                # Two families may read one marking ("【内部资料】" is also a label in brackets): report it once.
                if any(a < m.end(1) and m.start(1) < b for a, b in marked_at):
                    continue
                marked_at.append(m.span(1))
                message = f"出现内部资料标识“{m.group(1)}”，标明内部使用的材料不得上网发布"
                findings.append(self._finding("secrecy.internal_notice", m, message, group=1))
        # The pattern opens with a class, which `re` would try at every position: it is tried at each bracket.
        keep = any(b in text for b in "（(【〔") and any(word in text for word in self.KEEP_WORDS)
        brackets = self.OPENING.finditer(text) if keep else ()
        for m in filter(None, (self.BRACKETED_KEEP.match(text, b.start()) for b in brackets)):
            if not any(a < m.end(1) and m.start(1) < b for a, b in marked_at):
                message = f"出现内部资料标识“{m.group(0)}”，标明不得外传的材料不得上网发布"
                findings.append(self._finding("secrecy.internal_notice", m, message))
        for m in self.LABELLED.finditer(text) if marked else ():
            findings.append(self._finding("secrecy.labelled", m, f"标注了密级“{m.group(0)}”，涉密内容不得上网发布"))
        return findings

    @staticmethod
    def _finding(rule: str, m: re.Match, message: str, group: int = 0) -> Finding:
        return Finding(
            rule=rule,
            category="secrecy_mark",
            standard=2,
            severity="block",
            start=m.start(group),
            end=m.end(group),
            text=m.group(group),
            message=message,
            source=SOURCE,
        )
