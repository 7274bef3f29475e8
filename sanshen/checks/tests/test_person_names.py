import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.person_names import person_name_spans
from sanshen.checks.checkers.typo import TypoChecker
from sanshen.checks.checkers.typo_tables import load_tables

WORDS = load_tables().cover


@pytest.mark.parametrize(
    "text, names",
    [
        ("县委书记李明华到隆里乡调研。", ["李明华"]),
        ("会议由县政府办公室主任欧阳梓涵主持。", ["欧阳梓涵"]),
        ("记者：王芳 通讯员 龙运海", ["王芳", "龙运海"]),
        ("李明华同志任县农业农村局局长。", ["李明华"]),
        ("任命李明华同志为县农业农村局局长。", ["李明华"]),
        # lists after an office, and before 等县领导 or 等同志
        ("县领导李明华、杨世杰、赵丽娜出席活动。", ["李明华", "杨世杰", "赵丽娜"]),
        ("李明华、杨世杰、赵丽娜等县领导出席活动。", ["李明华", "杨世杰", "赵丽娜"]),
        ("王芳、龙运海等同志参加。", ["王芳", "龙运海"]),
        ("欧阳梓涵、王芳等县领导", ["欧阳梓涵", "王芳"]),
        ("出席的有李明华、杨世杰等县领导", ["李明华", "杨世杰"]),
        ("会议等同志", []),
        # a two-character name: the next word is not part of it
        ("副县长费翔出席会议并讲话。", ["费翔"]),
        ("国办督查室主任高雨担任组长。", ["高雨"]),
        # a surname that makes a word with the character before it is no surname
        ("其他成员以有关单位同志为主。", []),
        ("对负责人和关键岗位人员进行审查。", []),
        ("县里召开安全生产会议。", []),
    ],
)
def test_it_finds_names_after_an_office_and_before_tongzhi(text, names):
    assert [text[start:end] for start, end in person_name_spans(text, WORDS)] == names


checker = TypoChecker()


@pytest.mark.parametrize(
    "template",
    ["县委书记{}到隆里乡调研。", "副县长{}出席会议并讲话。", "会议由县政府办公室主任{}主持。", "{}同志任县农业农村局局长。"],
)
@pytest.mark.parametrize("name", ["李明华", "杨世杰", "赵丽娜", "王祖贤", "张建身", "潘正刚", "刘雅芝", "黄德君"])
def test_a_name_after_an_office_is_never_corrected(template, name):
    # each of these given names was "corrected" to an ordinary word before (明华 → 明年, 世杰 → 世界, 建身 → 健身)
    text = template.format(name)
    assert [f.suggestion for f in checker.check(text, CheckContext()) if f.suggestion] == []


def test_a_long_list_is_read_whole():
    # every name once, whichever way the list was found (before 等同志, and walked on from each name after 、)
    text = "王明华、" * 300 + "王明华等同志"
    assert person_name_spans(text, WORDS) == [(4 * k, 4 * k + 3) for k in range(301)]


def test_names_in_a_list_are_never_corrected():
    for text in ("县领导李明华、杨世杰、赵丽娜出席活动。", "李明华、杨世杰、张建身等县领导出席活动。"):
        assert [f.suggestion for f in checker.check(text, CheckContext()) if f.suggestion] == []


def test_a_slip_next_to_a_name_is_still_found():
    text = "副县长李明华出席会议，要求加强对重点领域的监管力渡。"
    assert [(f.start, f.end, f.suggestion) for f in checker.check(text, CheckContext())] == [(23, 25, "力度")]
