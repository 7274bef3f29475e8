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
        ("（通讯员　陆秋菊　编辑　杨帆　审核　欧阳平）", ["陆秋菊", "杨帆", "欧阳平"]),
        ("（作者：县地方志办公室　刘志远）", ["刘志远"]),
        ("授予县民宗局“模范集体”称号；杨秀珍（苗族）、龙德华（侗族）等同志获评模范个人", ["杨秀珍", "龙德华"]),
        ("潘正林的妻子姜秀兰去年确诊为宫颈癌", ["姜秀兰"]),
        ("经核实，您父亲杨光荣于2025年3月确诊", ["杨光荣"]),
        ("清水江是锦屏人的母亲河，父亲节那天", []),
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
        # with no office before it: before an office, before what the person says or does, in a list of names
        ("杨世杰副县长一行到隆里乡调研。", ["杨世杰"]),
        ("在李明华县长的陪同下，考察组参观了基地。", ["李明华"]),
        ("王芳老师带领学生参观。", ["王芳"]),
        ("会议由赵丽娜主持。", ["赵丽娜"]),
        ("据杨世杰介绍，今年全乡共种植油茶三千亩。", ["杨世杰"]),
        ("会上，王祖贤表示，将抓好落实。", ["王祖贤"]),
        ("出席会议的有李明华、杨世杰、赵丽娜。", ["李明华", "杨世杰", "赵丽娜"]),
        ("李明华、杨世杰参加了调研。", ["李明华", "杨世杰"]),
        # a surname that makes a word with the office's last character (长龙, 任何), unless the name reads as one
        ("镇长龙丽娜主持会议。", ["龙丽娜"]),
        ("办公室主任何丽娜宣读了表彰决定。", ["何丽娜"]),
        ("总经理解释了原因。", []),
        # after the roles an item quotes people in, and a role word no list holds before what they say
        ("学员吴世杰说：“这次培训很实用。”", ["吴世杰"]),
        ("歌师吴世杰已经教了几十年侗歌。", ["吴世杰"]),
        ("种植大户杨丽娜介绍，今年收成不错。", ["杨丽娜"]),
        ("群众满意度持续提升。", []),
        ("联系人：欧阳丽娜，联系电话：0855-7222530。", ["欧阳丽娜"]),
        ("学生家长满意度达98%。", []),
        # 任免
        ("任命：\n龙丽娜为锦屏县教育局局长；", ["龙丽娜"]),
        ("免去：\n刘世杰的锦屏县发展和改革局局长职务；", ["刘世杰"]),
        ("经研究，决定任命龙世杰为县林业局副局长。", ["龙世杰"]),
        ("现将杨世杰等3名同志的拟任职情况公示如下。", ["杨世杰"]),
        # a profile: the name before its sex
        ("拟任乡镇党委书记；吴丽萍，女，苗族，1988年10月生", ["吴丽萍"]),
        ("杨明华（男），1990年生", ["杨明华"]),
        ("男女老少齐上阵，女同志占一半", []),
        # ... but not an organ before its offices, a word, or a list of words
        ("市场监管总局党组书记、副局长", []),
        ("北京市委政法委基层社会治理处处长", []),
        ("组长由国务院机关党组成员、国办督查室主任高雨担任。", ["高雨"]),
        ("县农业农村局局长", []),
        ("文件指出，要加强管理。", []),
        ("要坚持高质量、高效率推进", []),
        ("安全生产、森林防火、防汛抗旱等工作", []),
        # a roster line, and a table's 姓名 column (far below its title row)
        ("一、优秀教师\n王春梅（女）　锦屏县第一小学\n陆德华　锦屏县第二小学", ["王春梅", "陆德华"]),
        ("序号\t单位\t姓　名\t准考证号\n1\t县中医医院\t吴昌\t2025080629\n2\t妇幼保健院\t龙秀霞（女）\t2025080630", ["吴昌", "龙秀霞"]),
        ("序号\t单位\t人数\n1\t县中医医院\t12", []),
        ("序号 | 姓名 | 性别 | 民族\n15 | 吴昌海 | 男 | 侗族\n16 | 龙秀霞 | 女 | 苗族", ["吴昌海", "龙秀霞"]),
        # a column named for the person's part (户主姓名, 联络员), and a contact line's unit before the name
        ("序号 | 村 | 户主姓名 | 家庭人口\n6 | 瑶白村 | 龙秀珍 | 3", ["龙秀珍"]),
        ("序号\t单位\t联络员\t联系电话\n11\t县融媒体中心\t姜山\t0855-7221395", ["姜山"]),
        ("联系人：乡妇联 龙秀珍", ["龙秀珍"]),
        ("二、最美家庭\n3.吴丽萍家庭（敦寨镇亮司村）：科学教子类。", ["吴丽萍"]),
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


@pytest.mark.parametrize(
    "template",
    [
        "{a}县长在会上强调，要压实工作责任。",
        "{a}副县长一行到隆里乡调研。",
        "据{a}介绍，今年全乡共种植油茶三千亩。",
        "{a}表示，将进一步做好服务工作。",
        "出席会议的有{a}、{b}、{c}。",
        "{a}、{b}参加了调研。",
    ],
)
def test_a_name_with_no_office_before_it_is_never_corrected(template):
    # 63 of 280 such sentences (40 names, seven frames) had a name "corrected" before these spans; none now
    names = ["李明华", "杨世杰", "赵丽娜", "王祖贤", "张建身", "潘正刚", "刘雅芝", "黄德君"]
    for k, name in enumerate(names):
        text = template.format(a=name, b=names[(k + 3) % 8], c=names[(k + 5) % 8])
        assert [f.suggestion for f in checker.check(text, CheckContext()) if f.suggestion] == [], text


def test_an_organ_before_its_office_is_still_corrected():
    # 党 and 冶 are surnames too; an organ's name inside a run is no person's
    for text, right in (("市场监管总局党祖书记、副局长", "党组"), ("北京市委政法委基层社会冶理处处长", "治理")):
        assert right in [f.suggestion for f in checker.check(text, CheckContext())]


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


def test_a_name_in_a_tables_name_column_is_never_corrected():
    # The title row (姓名) stands far above most of the rows: the typo checker reads names piece by piece.
    rows = "".join(f"{k}\t锦屏县中医医院（中医学）\t罗宇\t20250806{k:02d}\t76.9\n" for k in range(40))
    text = "岗位代码\t招聘单位（岗位）\t姓名\t准考证号\t笔试成绩\n" + rows + "41\t锦屏县中医医院（中医学）\t吴昌\t2025080641\t81.5"
    assert [f.suggestion for f in checker.check(text, CheckContext()) if f.start >= len(text) - 30] == []
