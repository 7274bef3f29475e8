"""The county regulation itself, checked by the leader, place, law, punctuation and number checkers.

It cites 《中华人民共和国保守国家秘密》 twice; the law is 《中华人民共和国保守国家秘密法》. Its copy in shared/seed/
has every Chinese comma, colon and bracket turned half-width, which deserves one finding, not one per mark.
Anything else found in it would be noise to a careful proofreader.
"""

import datetime as dt
import re
from pathlib import Path

import pytest

from sanshen.checks import CheckContext, Engine

SEED_FILE = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "000_8d20d46f561bbedd.txt"
CODES = ["leader", "place", "law", "punctuation", "number"]
WRONG_TITLE = "中华人民共和国保守国家秘密"

# Where shared/ is not beside the checkout: the two paragraphs that cite the law, as the regulation prints them.
CITING_PARAGRAPHS = (
    "为进一步规范锦屏县人民政府门户网站及全县政府系统政务新媒体平台(以下简称县政府网站及政务新媒体平台)信息采集、"
    "审核、发布工作,依据国家《中华人民共和国保守国家秘密》《中华人民共和国政府信息公开条例》《中华人民共和国网络安全法》"
    "等有关规定,保障政府网站及政务新媒体平台发布信息的权威性、及时性、准确性、严肃性和安全性,不断提升政府公信力和工作"
    "透明度,特制定本制度。\n\n"
    "3.终审终校。由乡镇、县直各部门主要领导或分管领导对复审复校提出采用意见的信息进行终审终校,主要负责审读全文,全面把关,"
    "审查初审初校、复审复校意见,把好政治导向,按照《中华人民共和国保守国家秘密》《中华人民共和国政府信息公开条例》"
    "《中华人民共和国网络安全法》,判断并决定信息是否要上网公开发布或回退等最终处理意见。"
)


def regulation_text() -> str:
    if SEED_FILE.exists():
        return SEED_FILE.read_text(encoding="utf-8")
    return CITING_PARAGRAPHS


@pytest.mark.parametrize("text", [regulation_text(), CITING_PARAGRAPHS], ids=["regulation", "citing-paragraphs"])
def test_it_finds_the_wrong_law_titles_and_nothing_else(text):
    findings = Engine(codes=CODES).check(text, CheckContext(publication_date=dt.date(2024, 1, 9)))

    citations = [m.start() + 1 for m in re.finditer(f"《{WRONG_TITLE}》", text)]
    assert len(citations) == 2
    first_half_width = re.search(r"[,;:?!()]", text).start()
    assert [(f.rule, f.severity, f.start, f.end, f.text, f.suggestion) for f in findings] == [
        ("punctuation.halfwidth", "warn", first_half_width, first_half_width + 1, text[first_half_width],
         {"(": "（", ",": "，", ":": "："}[text[first_half_width]]),
        ("law.title_typo", "serious", citations[0], citations[0] + 13, WRONG_TITLE, WRONG_TITLE + "法"),
        ("law.title_typo", "serious", citations[1], citations[1] + 13, WRONG_TITLE, WRONG_TITLE + "法"),
    ]  # fmt: skip
    assert findings[0].message.startswith("全文中文语句使用半角标点")
    assert findings[1].message == f"法律法规名称有误：“{WRONG_TITLE}”应为“{WRONG_TITLE}法”"

