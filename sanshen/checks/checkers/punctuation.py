"""标点符号: the mechanically checkable rules of GB/T 15834-2011 《标点符号用法》."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..context import OCR, CheckContext
from ..finding import Finding

STANDARD = "GB/T 15834-2011"
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Chinese punctuation that may sit where a Han character would: "”," is as Chinese as "字,".
CJK_CLOSING = "。，、；：？！”’）》】〕〉」』"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕", "〈": "〉", "「": "」", "『": "』"}
CLOSERS = {v: k for k, v in PAIRS.items()}


def _is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def _contains_any(text: str, marks: tuple[str, ...]) -> bool:
    # Looking for one character is many times faster than for a string, and most texts lack the first one.
    return any(mark[0] in text and mark in text for mark in marks)


def _line_start_patterns(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    # "(?m)^…" is tried at every position of the text; "\n…" only where there is a newline.
    return re.compile(pattern), re.compile("\n" + pattern)


def _at_line_starts(patterns: tuple[re.Pattern, re.Pattern], text: str) -> Iterator[re.Match]:
    """The matches "(?m)^" + pattern would find: at the start of the text, then after each newline."""
    at_start, after_newline = patterns
    first = at_start.match(text)
    if first:
        yield first
    yield from after_newline.finditer(text)


@dataclass(frozen=True, slots=True)
class _Open:
    char: str
    pos: int
    paragraph: int
    at_paragraph_start: bool


class PunctuationChecker:
    """Finds GB/T 15834 punctuation errors: wrong ellipsis and dash forms, half-width marks in Chinese, unpaired or
    wrongly nested quotes and 书名号, doubled marks, hyphens in number ranges, and 序次语 followed by a mark."""

    code = "punctuation"
    label = "标点符号"

    # Speed: `re` jumps from one occurrence of a pattern's first literal character (or, slower, character class) to
    # the next in C, but tries a pattern that opens with a lookbehind, a repeat or a group at every position. So the
    # patterns below start with a character every match holds, and the rest of a rule runs only when a plain
    # substring test says the text can match at all.

    # Never look inside these: their dots, colons and slashes are not punctuation.
    SKIP = re.compile(
        r"(?:https?|ftp)://[^\s，。；！？、）》”\u4e00-\u9fff]+|www\.[A-Za-z0-9.\-/_%?=&#]+"
        r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
    )
    SKIP_MARKS = ("://", "www.", "@")
    ELLIPSIS = re.compile(r"\.\.\.+|。。。+|…+")
    ELLIPSIS_MARKS = ("...", "。。。", "…")
    # 目录 leaders: "第一章 总则……………1" is a table of contents, not an omission.
    LEADER = re.compile(r"[ \t　]*\d+[ \t　]*(?:\n|$)")
    ELLIPSIS_DENG = re.compile(r"……[ \t　]*等等?")
    # "--" stands for either 破折号 or 一字线, so it gets no suggestion; "──" and "———" are misdrawn 破折号.
    # Five or more are a separator line, not punctuation.
    DOUBLE_HYPHEN = re.compile(rf"(?<=[{HAN}”》）])(?:-{{2,4}}|－{{2,4}}|(─{{2}}|—{{3,4}}))(?=[{HAN}“《（])")
    DOUBLE_HYPHEN_MARKS = ("--", "－－", "──", "———")
    SINGLE_DASH = re.compile(rf"—(?<=[{HAN}]—)(?=[{HAN}])")
    # Arabic 序次语 take "1." (下脚点); bracketed ones take nothing after them.
    # Patterns for the start of a line are pairs: one for the start of the text, one for after a newline.
    DIGIT_ENUM = _line_start_patterns(r"[ \t　]*(\d{1,2})、(?!\d)")
    BRACKET_ENUM = _line_start_patterns(r"[ \t　]*([（(][一二三四五六七八九十\d]{1,3}[）)])([、，,.．：:])")
    TITLE_SERIES = re.compile(r"、(?<=([”》])、)([“《])")
    STACKED = re.compile(r"[?？!！][?？!！][?？!！][?？!！]+")
    STACKED_MARKS = "?？!！"
    LINE_START = _line_start_patterns(r"[ \t　]*([，。、；：？！])")
    # A half-width mark in Chinese: ":" after Chinese, unless "://"; "(" and ")" after or before Chinese; ",;?!" after
    # Chinese, or between a number or word and Chinese ("共3,其中"); "." after Chinese where a sentence ends there (a
    # line's end, a space or more Chinese), not in a file name (方案.docx) or an ellipsis (等...). A Chinese mark
    # counts as Chinese before it.
    HALF_WIDTH = re.compile(
        rf"[,;:?!().](?:(?<=[{HAN}{CJK_CLOSING}]:)(?!//)|(?<=[{HAN}{CJK_CLOSING}][()])|(?<=[()])(?=[{HAN}])"
        rf"|(?<=[{HAN}{CJK_CLOSING}][,;?!])|(?<=[A-Za-z0-9][,;?!])(?=[{HAN}])"
        rf"|(?<=[{HAN}]\.)(?=[{HAN}\s]|\Z))"
    )
    RANGE_HYPHEN = re.compile(r"(?<![A-Za-z0-9.\-/])(\d+(?:\.\d+)?)(万|亿)?-(\d+(?:\.\d+)?)(万元|亿元|万|亿|元|%|‰)")
    # A match is made of these characters only, around a hyphen between a number and a digit ("0591-2" too).
    RANGE_HYPHEN_CHARS = ".万亿-元%‰"
    RANGE_HYPHEN_RUN = re.compile(r"[\d.万亿\-元%‰]*")
    RANGE_HYPHEN_SIGN = re.compile(r"-(?<=[\d万亿]-)(?=\d)")
    # Group 1 is the first mark, which every branch needs followed by a second; the branches are, in order: the same
    # mark repeated, exactly two 。, a mark before ，、；：, and ，、；： before 。.
    DOUBLED = re.compile(
        r"([，、；：。])(?=[，、；：。])(?:(?<=[，、；：])\1+|(?<=。)(?<!。。)。(?!。)|(?=[，、；：])|(?<=[，、；：])(?=。))"
    )
    PAIR_MARKS = re.compile(r"[\n“”‘’《》（）【】〔〕〈〉「」『』]")
    ENUMERATOR_BEFORE = re.compile(r"(?:^|[\s。；：，、;:,])[\d一二三四五六七八九十A-Za-z]{1,3}$")
    SENTENCE_END = "。！？；!?;"
    # Rules OCR'd text is not checked by: a recogniser cannot tell "，" from ",", "（" from "(", "……" from "...", "——"
    # from "--" or "～" from "-", and an unpaired mark there is most often one read at the other width.
    WIDTH_RULES = frozenset(
        {"punctuation.halfwidth", "punctuation.ellipsis", "punctuation.dash", "punctuation.range_hyphen",
         "punctuation.unpaired"}
    )  # fmt: skip

    EXAMPLES = [
        ("云南......", ["punctuation.ellipsis"]),
        ("苹果、香蕉……等", ["punctuation.ellipsis_deng"]),
        ("长城--中国的象征", ["punctuation.dash"]),
        ("（一）、总体要求", ["punctuation.enumeration"]),
        ("学习《民法典》、《刑法》", ["punctuation.title_series"]),
        ("真的吗？？？？", ["punctuation.stacked"]),
        ("各单位,请于周五前报送", ["punctuation.halfwidth"]),
        ("印发《关于加强管理的通知", ["punctuation.unpaired"]),
        ("他说“要落实“三审三校”制度”", ["punctuation.nested_quotes"]),
        ("《学习《民法典》读本》", ["punctuation.nested_titles"]),
        ("补贴3-5万元", ["punctuation.range_hyphen"]),
        ("各乡镇，，街道", ["punctuation.duplicate"]),
        ("关于开展安全检查的通知", ["punctuation.title_period"], {"title": "关于开展安全检查的通知。"}),
        ("云南……", []),
        ("1. 加强领导", []),
        ("详见 https://www.gov.cn/zhengce/index.htm?a=1,2 和 10:30 的 3.5 倍", []),
        ("He said: \"Hello, world!\"", []),
        ("各单位(含乡镇),请于周五前报送……", [], {"source": "ocr"}),
        ("各乡镇，，街道", ["punctuation.duplicate"], {"source": "ocr"}),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        skip = [m.span() for m in self.SKIP.finditer(text)] if _contains_any(text, self.SKIP_MARKS) else []
        ocr = context.source == OCR
        findings = []
        findings += self._ellipses(text)
        findings += self._dashes(text)
        findings += self._enumerations(text)
        findings += self._simple(text)
        if not ocr:
            findings += self._half_width(text)
        findings += self._pairs(text)
        findings = [f for f in findings if not any(s <= f.start < e for s, e in skip)]
        if ocr:
            findings = [f for f in findings if f.rule not in self.WIDTH_RULES]
        findings += self._title(context.title)
        return findings

    # PUN-01, PUN-02 -------------------------------------------------------------------------------

    def _ellipses(self, text: str) -> list[Finding]:
        findings = []
        if not _contains_any(text, self.ELLIPSIS_MARKS):
            return findings
        for m in self.ELLIPSIS.finditer(text):
            run = m.group()
            if run[0] == "…" and len(run) in (2, 4):
                continue
            if not self._in_chinese(text, m.start(), m.end()) or self.LEADER.match(text, m.end()):
                continue
            findings.append(
                self._finding(
                    "punctuation.ellipsis", m.start(), m.end(), text,
                    f"省略号应为六连点“……”，不用“{run}”", "……", "4.11.2",
                )
            )  # fmt: skip
        for m in self.ELLIPSIS_DENG.finditer(text):
            findings.append(
                self._finding(
                    "punctuation.ellipsis_deng", m.start(), m.end(), text,
                    "省略号和“等”“等等”不能同时使用", m.group().lstrip("… \t　"), "A.9.2",
                )
            )  # fmt: skip
        return findings

    # PUN-03 ---------------------------------------------------------------------------------------

    def _dashes(self, text: str) -> list[Finding]:
        findings = []
        double_hyphens = _contains_any(text, self.DOUBLE_HYPHEN_MARKS)
        for m in self.DOUBLE_HYPHEN.finditer(text) if double_hyphens else ():
            if m.group(1):
                message, suggestion = f"破折号应为“——”，不用“{m.group()}”", "——"
            else:
                message, suggestion = f"“{m.group()}”不是规范标点：解释说明用破折号“——”，表示起止用一字线“—”", ""
            findings.append(self._finding("punctuation.dash", m.start(), m.end(), text, message, suggestion, "4.10.2"))
        for m in self.SINGLE_DASH.finditer(text):
            if self._single_dash_is_explanation(text, m.start()):
                findings.append(
                    self._finding(
                        "punctuation.dash", m.start(), m.end(), text,
                        "用于解释说明的破折号应为两字线“——”；一字线“—”只用于起止、递进", "——", "4.10.2",
                    )
                )  # fmt: skip
        return findings

    def _single_dash_is_explanation(self, text: str, pos: int) -> bool:
        """"长城—中国的象征" explains; "北京—上海" and "古猿—猿人—古人" connect: only the first is a 破折号."""
        start = max((text.rfind(c, 0, pos) for c in "。！？；，、\n"), default=-1) + 1
        end = min((i for i in (text.find(c, pos) for c in "。！？；，、\n") if i != -1), default=len(text))
        clause = text[start:end]
        if clause.count("—") != 1:
            return False
        after = text[pos + 1 : end]
        return pos - start >= 2 and len(after) >= 4 and ("的" in after or after.startswith("是"))

    # PUN-04 ---------------------------------------------------------------------------------------

    def _enumerations(self, text: str) -> list[Finding]:
        findings = []
        for m in _at_line_starts(self.DIGIT_ENUM, text):
            findings.append(
                Finding(
                    rule="punctuation.enumeration",
                    category="punctuation",
                    standard=8,
                    severity="info",
                    start=m.start(1),
                    end=m.end(),
                    text=text[m.start(1) : m.end()],
                    message="阿拉伯数字序次语后宜用下脚点“.”，不用顿号",
                    suggestion=f"{m.group(1)}.",
                    source=f"{STANDARD} 附录B（序次语之后的标点用法）; GB/T 9704-2012 7.3.3",
                )
            )
        for m in _at_line_starts(self.BRACKET_ENUM, text):
            findings.append(
                self._finding(
                    "punctuation.enumeration", m.start(1), m.end(2), text,
                    f"带括号的序次语后不再加标点：“{m.group(1)}”后的“{m.group(2)}”应删去", m.group(1),
                    "附录B（序次语之后的标点用法）",
                )
            )  # fmt: skip
        return findings

    # PUN-05, 06, 07, 13, 14 -----------------------------------------------------------------------

    def _simple(self, text: str) -> list[Finding]:
        findings = []
        for m in self.TITLE_SERIES.finditer(text):
            # The standard says 通常: a suggestion, not an error.
            findings.append(
                self._finding(
                    "punctuation.title_series", m.start(1), m.end(), text,
                    "并列的书名号、引号之间通常不用顿号", m.group(1) + m.group(2), "4.5.3.5",
                ).with_severity("info")
            )  # fmt: skip
        stacked = any(c in text for c in self.STACKED_MARKS)
        for m in self.STACKED.finditer(text) if stacked else ():
            if not self._in_chinese(text, m.start(), m.end()):
                continue
            findings.append(
                self._finding(
                    "punctuation.stacked", m.start(), m.end(), text,
                    "问号、叹号叠用最多三个", m.group()[:3], "4.2.3、4.3.3",
                )
            )  # fmt: skip
        for m in _at_line_starts(self.LINE_START, text):
            findings.append(
                self._finding(
                    "punctuation.line_start", m.start(1), m.end(1), text,
                    f"点号“{m.group(1)}”不应出现在行首", "", "5.1.1、5.1.2",
                )
            )  # fmt: skip
        for m in self._range_hyphens(text):
            low, low_unit, high, unit = m.groups()
            if unit in ("元",):
                suggestion = f"{low}{low_unit or ''}～{high}{unit}"
            else:
                # "3-5万元" is 3万～5万元: the range sign is 浪纹线 and 万/亿/% may not be dropped.
                head = unit[0] if unit in ("万元", "亿元") else unit
                suggestion = f"{low}{low_unit or head}～{high}{unit}"
            findings.append(
                self._finding(
                    "punctuation.range_hyphen", m.start(), m.end(), text,
                    "数值范围用浪纹线“～”连接，不用短横线“-”", suggestion, "4.13.3",
                )
            )  # fmt: skip
        for m in self.DOUBLED.finditer(text):
            # A repeated mark, or "。。", is matched whole; a mark before another is matched alone.
            span_end = m.end() if m.end() - m.start() > 1 else m.end() + 1
            written = text[m.start() : span_end]
            suggestion = written[0] if len(set(written)) == 1 else ""
            findings.append(
                self._finding(
                    "punctuation.duplicate", m.start(), span_end, text,
                    f"点号“{written}”连用，应只保留一个", suggestion, "第4章（点号不叠用）",
                )
            )  # fmt: skip
        return findings

    def _range_hyphens(self, text: str) -> Iterator[re.Match]:
        """RANGE_HYPHEN's matches, looked for only in the runs of number characters around a hyphen.

        A match never spans a character outside the run, so a scan of the whole text is in step at the run's start.
        """
        checked_to = 0
        for hyphen in self.RANGE_HYPHEN_SIGN.finditer(text):
            if hyphen.start() < checked_to:
                continue
            start = hyphen.start()
            while start > 0 and (text[start - 1].isdecimal() or text[start - 1] in self.RANGE_HYPHEN_CHARS):
                start -= 1  # isdecimal() is what \d matches
            checked_to = self.RANGE_HYPHEN_RUN.match(text, hyphen.end()).end()
            yield from self.RANGE_HYPHEN.finditer(text, start, checked_to)

    # PUN-08 ---------------------------------------------------------------------------------------

    def _half_width(self, text: str) -> list[Finding]:
        if not any(mark in text for mark in FULL_WIDTH):  # seven searches for a character beat the pattern
            return []
        found = self.HALF_WIDTH.findall(text)  # the marks alone: a text converted wholesale can hold thousands
        if not found:
            return []
        full = sum(text.count(FULL_WIDTH[c]) for c in FULL_WIDTH)
        if len(found) >= 5 and len(found) > full:
            # A text converted wholesale to half-width marks gets one finding, not hundreds.
            first = self.HALF_WIDTH.search(text).start()
            kinds = "".join(dict.fromkeys(found))
            return [
                self._finding(
                    "punctuation.halfwidth", first, first + 1, text,
                    f"全文中文语句使用半角标点{len(found)}处（{' '.join(kinds)}），应统一改用全角标点",
                    FULL_WIDTH[text[first]], "第5章（全角标点）",
                )
            ]  # fmt: skip
        marks = [m.start() for m in self.HALF_WIDTH.finditer(text)]
        return [
            self._finding(
                "punctuation.halfwidth", i, i + 1, text,
                f"中文语句中应使用全角标点“{FULL_WIDTH[text[i]]}”，不用半角“{text[i]}”", FULL_WIDTH[text[i]],
                "第5章（全角标点）",
            )
            for i in marks
        ]  # fmt: skip

    # PUN-09, 10, 11 -------------------------------------------------------------------------------

    def _pairs(self, text: str) -> list[Finding]:
        findings: list[Finding] = []
        stack: list[_Open] = []
        paragraph = 0
        paragraph_start = 0
        # Only newlines and paired marks change anything below: the loop visits those alone.
        for mark in self.PAIR_MARKS.finditer(text):
            i, char = mark.start(), mark.group()
            if char == "\n" and not stack:
                # Nothing open: paragraph numbers are only compared with those of open marks, so leave it as it is.
                paragraph_start = i + 1
                continue
            if char == "\n":
                findings += self._end_paragraph(text, stack, paragraph, paragraph_start, i)
                if text[paragraph_start:i].strip():
                    paragraph += 1
                paragraph_start = i + 1
                continue
            if char in PAIRS:
                at_start = not text[paragraph_start:i].strip()
                if char == "“" and at_start:
                    # 跨段引文: a paragraph opening with “ continues the quotation the last one left open.
                    stack[:] = [o for o in stack if not (o.char == "“" and o.at_paragraph_start)]
                if char == "“" and any(o.char == "“" and o.paragraph == paragraph for o in stack):
                    paragraph_end = text.find("\n", i)
                    rest = text[i : paragraph_end if paragraph_end != -1 else len(text)]
                    if rest.count("”") < 2:
                        # Not enough ” left for two quotations: this “ was meant to close the open one ("被“收编“").
                        findings.append(self._unpaired(text, i, "引号方向有误，此处应为后引号“””", "”"))
                        depth = max(k for k, o in enumerate(stack) if o.char == "“")
                        del stack[depth:]
                        continue
                    findings.append(self._nested(text, i, "“", "‘", "引号里面还要用引号时，外双内单", "4.8.3"))
                if char == "《" and any(o.char == "《" and o.paragraph == paragraph for o in stack):
                    findings.append(self._nested(text, i, "《", "〈", "书名号里面还要用书名号时，外双内单", "4.15.3"))
                stack.append(_Open(char, i, paragraph, at_start))
            elif char in CLOSERS:
                if self._not_a_closer(text, i, paragraph_start, stack):
                    continue
                opener = CLOSERS[char]
                depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].char == opener), None)
                if depth is None:
                    findings.append(self._unpaired(text, i, f"“{char}”缺少与之配对的“{opener}”", ""))
                    continue
                for unclosed in stack[depth + 1 :]:
                    findings.append(self._unclosed(text, unclosed))
                del stack[depth:]
        findings += self._end_paragraph(text, stack, paragraph, paragraph_start, len(text), final=True)
        return findings

    def _not_a_closer(self, text: str, i: int, paragraph_start: int, stack: list[_Open]) -> bool:
        char = text[i]
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if char == "’" and (after.isdigit() or before.isascii() and before.isalpha()):
            # An apostrophe ("don’t", "’24", "users’"), unless it closes a ‘ opened before it (办‘村BA’).
            letters = after.isascii() and after.isalpha()
            return after.isdigit() or letters or not any(o.char == "‘" for o in stack)
        if char == "）" and not any(o.char == "（" for o in stack):
            # 序次语 "1）", "一）" at the start of a line or clause.
            return bool(self.ENUMERATOR_BEFORE.search(text[paragraph_start:i]))
        return False

    def _end_paragraph(self, text, stack: list[_Open], paragraph, start, end, final=False) -> list[Finding]:
        if not stack:
            return []
        line = text[start:end].strip()
        if not line and not final:
            return []
        # A title broken over short lines ("…关于修订《锦屏县人民政府" / "网站…》的通知") keeps its marks open.
        carries = (
            not final
            and len(line) <= 40
            and not line.endswith(tuple(self.SENTENCE_END))
            and all(paragraph - o.paragraph < 3 for o in stack)
        )
        if carries:
            return []
        next_line = text[end + 1 :].lstrip(" \t　\n")
        findings = []
        for o in stack:
            # 跨段引文: each paragraph opens with “ and only the last one closes it.
            if o.char == "“" and o.at_paragraph_start and next_line.startswith("“") and not final:
                continue
            findings.append(self._unclosed(text, o))
        stack.clear()
        return findings

    def _unclosed(self, text: str, o: _Open) -> Finding:
        return self._unpaired(text, o.pos, f"“{o.char}”缺少与之配对的“{PAIRS[o.char]}”", "")

    def _unpaired(self, text: str, i: int, message: str, suggestion: str) -> Finding:
        message = f"成对标号不配对：{message}"
        return self._finding("punctuation.unpaired", i, i + 1, text, message, suggestion, "4.8.2、4.9.2、4.15.2")

    def _nested(self, text: str, i: int, wrong: str, right: str, message: str, clause: str) -> Finding:
        rule = "punctuation.nested_quotes" if wrong == "“" else "punctuation.nested_titles"
        return self._finding(rule, i, i + 1, text, message, right, clause)

    # PUN-12 ---------------------------------------------------------------------------------------

    def _title(self, title: str) -> list[Finding]:
        stripped = title.rstrip()
        if not stripped.endswith("。"):
            return []
        i = len(stripped) - 1
        finding = Finding(
            rule="punctuation.title_period",
            category="punctuation",
            standard=8,
            severity="warn",
            start=i,
            end=i + 1,
            text="。",
            message="标题末尾一般不用句号",
            source="公文标题惯例（参见 GB/T 9704-2012 7.3.1）",
            location={"field": "title"},
        )
        return [finding]

    # Shared ---------------------------------------------------------------------------------------

    @staticmethod
    def _in_chinese(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        return any(_is_han(c) or (c and c in CJK_CLOSING + "“‘《（") for c in (before, after))

    @staticmethod
    def _finding(rule, start, end, text, message, suggestion, clause) -> Finding:
        return Finding(
            rule=rule,
            category="punctuation",
            standard=8,
            severity="warn",
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            suggestion=suggestion,
            source=f"{STANDARD} {clause}",
        )
