"""主动公开范围: material that says it is not for the public (此件不公开, internal drafts, internal minutes)."""

from __future__ import annotations

import re

from ..context import CheckContext
from ..finding import Finding
from .secrecy import KEEP_INSIDE

SOURCE = "《中华人民共和国政府信息公开条例》第十四条至第十六条（不予公开的信息、过程稿和讨论记录）；第三条（四）属于主动公开范围"

# The document speaking of itself: "此件不公开", "本通知暂不宜公开".
_SELF = r"(?:此件|本件|本文件|本文|本通知|本意见|本方案|本纪要|本材料|本报告|本稿|该文件)"
_NOT_PUBLIC = r"(?:暂不宜公开|暂不公开|暂缓公开|不宜公开|不予公开|不公开|不得公开|不对外公开|不宜上网|不得上网|依申请公开|免予公开)"
_DRAFT = r"(?:讨论稿|初稿|草稿|修改稿|送审稿|代拟稿|征求意见稿|审议稿)"
_OPEN, _CLOSE = r"[（(【\[〔]", r"[）)】\]〕]"


class DisclosureScopeChecker:
    """Flags items that say they are outside 主动公开: 此件不公开 and 公开属性：不予公开, internal or unfinished
    drafts, and meeting minutes marked internal. Markings of 内部资料 and 工作秘密 are the secrecy checker's.

    Severity 严重, not 禁止: whether a document may now be published is a reviewer's decision (a draft may have been
    released for comment, a 不公开 attribute revised), recorded as the reason when passing. A bare draft mark
    (讨论稿, 初稿) is 警告, and says nothing at all where the text invites the public to comment on it.
    """

    code = "disclosure"
    label = "主动公开范围"

    # Three patterns, not one of alternatives: each then starts with a literal character or class, which `re` skips
    # ahead to instead of trying every position.
    NOT_PUBLIC = (
        # "（此件不公开）", "本通知暂不宜公开", "此件依申请公开"
        re.compile(rf"{_SELF}(?:内容)?(?:属于?|为|系)?\s*(?:暂|暂时)?{_NOT_PUBLIC}"),
        # "公开属性：不予公开", "公开方式：依申请公开"
        re.compile(rf"公开(?:属性|方式|类型|选项|形式)\s*[：:]\s*{_NOT_PUBLIC}"),
        # "【不予公开】", "（暂不公开）"
        re.compile(rf"{_OPEN}\s*{_NOT_PUBLIC}\s*{_CLOSE}"),
    )
    INTERNAL_DRAFT = re.compile(
        rf"内部(?:征求意见稿|讨论稿)|征求意见稿\s*{_OPEN}\s*内部\s*{_CLOSE}"
        # any draft with a keep-inside phrase: "（送审稿，请勿外传）", "讨论稿 不得转发"
        rf"|{_DRAFT}[^\n。]{{0,6}}?(?:{KEEP_INSIDE}|不公开|不得公开|不对外公开)"
        r"|仅供(?:内部)?征求意见(?:使用|用)?"
    )
    INTERNAL_MINUTES = re.compile(
        rf"内部(?:会议)?纪要|纪要\s*{_OPEN}\s*内部\s*{_CLOSE}"
        r"|会议纪要[^\n。]{0,10}?(?:不予公开|不公开|不得公开|不得外传|请勿外传|内部传阅)"
    )
    # A draft mark: the word in brackets or alone on its line (checked in _is_mark, after the word is found).
    DRAFT = re.compile(_DRAFT)
    # The public is invited to comment: a draft is then published on purpose.
    CONSULTATION = re.compile(
        r"公开征求|征求社会|向社会(?:公开)?征求|公众意见|社会公众|意见反馈|反馈意见|意见建议|征集意见|征求意见的(?:公告|通知|函)"
        r"|听证|公示期|反馈方式|电子邮箱"
    )
    # Every match of a family holds one of its words; a text with none skips the family's patterns.
    NOT_PUBLIC_WORDS = ("公开", "上网")
    INTERNAL_DRAFT_WORDS = ("征求意见", "稿")
    MINUTES_WORD = "纪要"
    DRAFT_WORD = "稿"

    EXAMPLES = [
        ("（此件不公开）", ["disclosure.not_public"]),
        ("公开属性：不予公开", ["disclosure.not_public"]),
        ("本通知暂不宜公开，请各单位遵照执行。", ["disclosure.not_public"]),
        ("XX县乡村振兴实施方案（内部征求意见稿）", ["disclosure.internal_draft"]),
        ("县森林督查整改工作方案（送审稿，请勿外传）", ["disclosure.internal_draft"]),
        ("讨论稿 不得擅自转发", ["disclosure.internal_draft"]),
        ("县政府常务会议纪要（内部）", ["disclosure.internal_minutes"]),
        ("XX县城区停车管理办法（讨论稿）", ["disclosure.draft"]),
        # public consultation, disclosure reports and ordinary wording stay silent
        ("关于公开征求《XX县城区停车管理办法（征求意见稿）》意见的公告", []),
        ("（此件公开发布）", []),
        ("本年度不予公开政府信息12件，其中属于国家秘密的3件", []),
        ("依申请公开办理情况良好", []),
        ("《关于报送发展规划（送审稿）的请示》收悉", []),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        not_public = self.NOT_PUBLIC if any(word in text for word in self.NOT_PUBLIC_WORDS) else ()
        for m in (m for pattern in not_public for m in pattern.finditer(text)):
            message = f"“{m.group(0)}”：标明不公开或依申请公开的信息不属于主动公开范围，不得在网站发布"
            findings.append(self._finding("disclosure.not_public", "serious", m.start(), m.end(), text, message))
        internal_draft = any(word in text for word in self.INTERNAL_DRAFT_WORDS)
        for m in self.INTERNAL_DRAFT.finditer(text) if internal_draft else ():
            message = f"“{m.group(0)}”：标明内部或不得外传的文稿不属于主动公开范围，定稿并经审核后方可公开"
            findings.append(self._finding("disclosure.internal_draft", "serious", m.start(), m.end(), text, message))
        for m in self.INTERNAL_MINUTES.finditer(text) if self.MINUTES_WORD in text else ():
            message = f"“{m.group(0)}”：标明内部的会议纪要不属于主动公开范围，不得在网站发布"
            findings.append(self._finding("disclosure.internal_minutes", "serious", m.start(), m.end(), text, message))
        drafts = [m for m in self.DRAFT.finditer(text) if _is_mark(text, m.start(), m.end())] if self.DRAFT_WORD in text else []
        if drafts and not self.CONSULTATION.search(text):
            for m in drafts:
                if any(f.start <= m.start() < f.end for f in findings) or _inside_title(text, m.start()):
                    continue
                message = f"“{m.group(0)}”：未定稿的文稿暂不宜公开；如为公开征求意见，请写明征求意见的方式和期限"
                findings.append(self._finding("disclosure.draft", "warn", m.start(), m.end(), text, message))
        return findings

    @staticmethod
    def _finding(rule: str, severity: str, start: int, end: int, text: str, message: str) -> Finding:
        return Finding(
            rule=rule,
            category="disclosure_scope",
            standard=4,
            severity=severity,
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            source=SOURCE,
        )


_OPENERS, _CLOSERS = "（(【[〔", "）)】]〕"


def _is_mark(text: str, start: int, end: int) -> bool:
    """In brackets ("（讨论稿）") or alone on its line: a mark on this document, not a word in a sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].rstrip(" \t\u3000")
    after = text[end : len(text) if line_end < 0 else line_end].lstrip(" \t\u3000")
    if not before and not after:
        return True
    return bool(before and after) and before[-1] in _OPENERS and after[0] in _CLOSERS


def _inside_title(text: str, position: int) -> bool:
    """Inside 《…》: the title of another document cited ("《关于报送规划（送审稿）的请示》"), not this one."""
    return text.rfind("《", 0, position) > text.rfind("》", 0, position)
