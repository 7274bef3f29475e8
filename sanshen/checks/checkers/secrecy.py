"""涉密标识: classification marks and internal-use notices, which must never be published."""

from __future__ import annotations

import re

from ..context import CheckContext
from ..finding import Finding

SOURCE = "《中华人民共和国保守国家秘密法》; GB/T 9704-2012 7.2.3 密级和保密期限"


class SecrecyMarkChecker:
    """Finds 密级 marks (绝密/机密/秘密 with ★ and a period) and 内部资料-type notices; never overridable."""

    code = "secrecy"
    label = "涉密标识"

    # 密级★期限, the GB/T 9704 form; the star is what separates a mark from the ordinary word.
    CLASSIFICATION = re.compile(
        r"(绝密|机密|秘密)\s*[★☆*＊]\s*(?:\d+\s*年|[一二三四五六七八九十]+年|长期|启用前|\d+\s*个月)?"
    )
    # A bare 密级 word alone on a line (the head of a document) is a mark too.
    HEAD_MARK = re.compile(r"(?m)^[ \t　]*(绝密|机密|秘密)[ \t　]*$")
    NOTICES = re.compile(
        r"内部资料[，,、\s　]*注意保[存管]|内部资料[，,、\s　]*不得外传|内部文件[，,、\s　]*不得外传"
        r"|内部资料[，,、\s　]*严禁外传|仅供领导参阅|仅供内部参考|内部传阅|内部使用[，,、\s　]*不得外传"
        r"|敏感信息[，,、\s　]*不得公开|工作秘密[，,、\s　]*不得公开|国家秘密[，,、\s　]*严禁泄露"
    )
    # 涉密/国家秘密 as a label (e.g. "密级：涉密") rather than in a sentence about secrecy work.
    LABELLED = re.compile(r"密\s*级\s*[：:]\s*(绝密|机密|秘密|涉密|内部)")
    # Every mark and label holds 密 (a 密级★期限 mark a star too), and every notice one of these words: most texts
    # hold none, and looking for a word is many times faster than trying the patterns.
    MARK_CHAR = "密"
    STARS = "★☆*＊"
    NOTICE_WORDS = ("内部", "仅供", "不得公开", "严禁泄露")

    EXAMPLES = [
        ("机密★5年", ["secrecy.classification"]),
        ("秘密★启用前", ["secrecy.classification"]),
        ("内部资料 注意保存", ["secrecy.internal_notice"]),
        ("密级：秘密", ["secrecy.labelled"]),
        ("本文件内容不涉密", []),
        ("保密工作会议召开", []),
        ("严守党和国家秘密", []),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        marked = self.MARK_CHAR in text
        starred = marked and any(star in text for star in self.STARS)
        for m in self.CLASSIFICATION.finditer(text) if starred else ():
            findings.append(self._finding("secrecy.classification", m, f"出现密级标识“{m.group(0)}”，涉密内容不得上网发布"))
        for m in self.HEAD_MARK.finditer(text) if marked else ():
            findings.append(
                self._finding("secrecy.classification", m, f"文首单独出现密级“{m.group(1)}”，涉密内容不得上网发布", group=1)
            )
        notices = any(word in text for word in self.NOTICE_WORDS)
        for m in self.NOTICES.finditer(text) if notices else ():
            findings.append(self._finding("secrecy.internal_notice", m, f"出现“{m.group(0)}”，内部资料不得上网发布"))
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
