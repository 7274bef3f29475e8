import datetime as dt

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.leaders import LeaderNameChecker, load_national_fallen, load_national_posts

TODAY = dt.date(2024, 5, 1)
# 杜家毫 was 湖南省委书记 from August 2016 to October 2020.
HUNAN = {"leaders": [{"name": "杜家毫", "title": "湖南省委书记", "valid_from": "2016-08-29", "valid_to": "2020-10-16"}]}
# A county's own leaders, as a deployment registers them.
COUNTY = {
    "leaders": [
        {"name": "张三", "title": "县委书记|书记", "organisation": "中共某县委员会", "valid_from": dt.date(2021, 6, 1)},
        {"name": "李纲", "title": ["县长"], "valid_from": "2021-06-01"},
        {"name": "王五", "title": "县长", "valid_from": "2016-01-01", "valid_to": "2021-06-01"},
    ],
    "fallen_officials": [{"name": "赵某某", "date": "2023-03-01"}],
}


@pytest.fixture(scope="module")
def checker():
    return LeaderNameChecker()


@pytest.mark.parametrize(
    "text, day, registers, expected",
    [
        # a name one character off, next to the post its holder has on that day
        ("湖南省委书记杜家豪到衡阳调研", dt.date(2018, 6, 1), HUNAN, [("leader.name", 6, 9, "杜家毫")]),
        ("书记杜家豪", dt.date(2018, 6, 1), HUNAN, [("leader.name", 2, 5, "杜家毫")]),
        ("国务院总理李墙主持召开国务院常务会议", TODAY, {}, [("leader.name", 5, 7, "李强")]),
        ("习进平总书记强调", TODAY, {}, [("leader.name", 0, 3, "习近平")]),
        ("副总理刘国忠出席", TODAY, {}, [("leader.name", 3, 6, "刘国中")]),
        ("中央纪委书记李西", TODAY, {}, [("leader.name", 6, 8, "李希")]),
        ("县委书记张山主持会议", TODAY, COUNTY, [("leader.name", 4, 6, "张三")]),
        # near-homophones: two characters that sound like the right ones, or one next to a bare title
        ("习进苹总书记强调", TODAY, {}, [("leader.name", 0, 3, "习近平")]),
        ("中共中央总书记、国家主席、中央军委主席习进萍", TODAY, {}, [("leader.name", 19, 22, "习近平")]),
        ("国务委员陈怡琴出席", TODAY, {}, [("leader.name", 4, 7, "谌贻琴")]),
        ("丁雪祥副总理", TODAY, {}, [("leader.name", 0, 3, "丁薛祥")]),
        ("主席习近萍", TODAY, {}, [("leader.name", 2, 5, "习近平")]),
        # a real name with a post the register does not give them on that day
        ("国务院副总理李强出席会议", TODAY, {}, [("leader.title", 0, 8, "国务院总理")]),
        ("国家副主席王沪宁", TODAY, {}, [("leader.title", 0, 8, "全国政协主席")]),
        ("全国人大常委会副委员长赵乐际", TODAY, {}, [("leader.title", 0, 14, "全国人大常委会委员长")]),
        ("国务院副总理韩正", TODAY, {}, [("leader.title", 0, 8, "国家副主席")]),
        ("国务院总理李克强考察贵州", TODAY, {}, [("leader.title", 0, 8, "时任国务院总理")]),
        ("县长张三", TODAY, COUNTY, [("leader.title", 0, 4, "县委书记")]),
        # 落马 officials reported as active
        ("周永康出席会议并讲话", TODAY, {}, [("leader.fallen", 0, 3, "")]),
        ("苏荣出席会议", TODAY, {}, [("leader.fallen", 0, 2, "")]),
        ("赵某某到乡镇调研", TODAY, COUNTY, [("leader.fallen", 0, 3, "")]),
        # correct names and posts
        ("国务院总理李强主持召开国务院常务会议", TODAY, {}, []),
        ("中共中央总书记、国家主席、中央军委主席习近平", TODAY, {}, []),
        ("习近平总书记强调", TODAY, {}, []),
        ("王沪宁主席出席", TODAY, {}, []),
        ("国务院总理李克强考察贵州", dt.date(2019, 1, 1), {}, []),
        ("时任国务院总理李克强考察贵州", TODAY, {}, []),
        ("县委书记、县长李纲", TODAY, COUNTY, []),
        ("县长王五", dt.date(2019, 1, 1), COUNTY, []),
        # outside the holder's term the near-miss is not judged
        ("湖南省委书记杜家豪到衡阳调研", dt.date(2022, 6, 1), HUNAN, []),
        # common names and other people's posts stay silent
        ("县长李刚到乡镇调研", TODAY, {}, []),
        ("县长李强到乡镇调研", TODAY, {}, []),
        ("协会主席李强致辞", TODAY, {}, []),
        ("书记李西到村里走访", TODAY, {}, []),
        ("县委书记王小红", TODAY, {}, []),
        ("市委书记杜家豪", dt.date(2018, 6, 1), HUNAN, []),
        ("习近平同志", TODAY, {}, []),
        # two characters off that do not sound alike, or one off next to a bare title that does not sound alike
        ("习远苹总书记强调", TODAY, {}, []),
        ("书记习远平到村里走访", TODAY, {}, []),
        ("国务委员陈明琴出席", TODAY, {}, []),
        # 落马 officials in reports of their fall, or before it
        ("周永康被查后，有关部门召开会议强调", TODAY, {}, []),
        ("周永康出席会议", dt.date(2010, 1, 1), {}, []),
        ("江苏荣获全国文明城市称号，省长出席颁奖", TODAY, {}, []),
    ],
)
def test_it_finds_wrong_leader_names_and_only_those(checker, text, day, registers, expected):
    findings = checker.check(text, CheckContext(publication_date=day, registers=registers))
    assert [(f.rule, f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert f.category == "leader_name"
        assert f.severity == ("warn" if f.rule == "leader.title" else "serious")
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text, day, registers, message",
    [
        ("湖南省委书记杜家豪", dt.date(2018, 6, 1), HUNAN, "领导姓名疑似写错：湖南省委书记应为“杜家毫”"),
        (
            "国务院副总理李强",
            TODAY,
            {},
            "领导职务与任职记录不符：李强现任国务院总理、中共中央政治局常委，不是“国务院副总理”",
        ),
        (
            "国务院总理李克强",
            TODAY,
            {},
            "领导职务与任职记录不符：李克强已于2023年3月11日卸任国务院总理，如指当时职务应写“时任国务院总理”",
        ),
        ("周永康出席会议", TODAY, {}, "周永康已于2014年7月29日落马（原中央政治局常委），不应以正面活动报道"),
    ],
)
def test_it_explains_what_is_wrong(checker, text, day, registers, message):
    [finding] = checker.check(text, CheckContext(publication_date=day, registers=registers))
    assert finding.message == message


@pytest.mark.parametrize(
    "registers",
    [
        {"leaders": [{"name": "张三"}]},
        {"leaders": [{"title": "县长"}]},
        {"leaders": [{"name": "张三", "title": "县长", "valid_from": "去年"}]},
        {"fallen_officials": [{"name": "赵某某"}]},
    ],
)
def test_it_refuses_a_malformed_register(checker, registers):
    with pytest.raises(ValueError):
        checker.check("县长张三", CheckContext(registers=registers))


def test_its_national_list_is_consistent():
    posts = load_national_posts()
    current = {p.name for p in posts if p.valid_on(dt.date(2026, 1, 1))}
    # 中央政治局常委, 国家主席/副主席, 全国人大、全国政协 leaders, 总理 and 副总理 serving in 2026.
    assert {"习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希", "韩正", "何立峰", "张国清", "刘国中"} <= current
    for post in posts:
        assert post.titles and all(post.titles)
        assert post.valid_from is not None
        assert post.valid_to is None or post.valid_from < post.valid_to
    for official in load_national_fallen():
        assert official.name not in current


def test_it_takes_the_registers_the_web_app_builds(checker):
    # As sanshen.registers passes them: dates as date objects, empty fields as None, the same lists on every call.
    registers = {
        "leaders": [{"name": "张三", "title": "县委书记", "organisation": None, "valid_from": dt.date(2021, 6, 1),
                     "valid_to": None}],
        "fallen_officials": [{"name": "赵某某", "date": dt.date(2023, 3, 1), "note": None}],
    }  # fmt: skip
    context = CheckContext(publication_date=TODAY, registers=registers)
    for _ in range(2):
        findings = checker.check("县委书记张山主持，赵某某出席", context)
        assert [(f.rule, f.start, f.end) for f in findings] == [("leader.name", 4, 6), ("leader.fallen", 9, 12)]
    registers["leaders"] = []
    assert [f.rule for f in checker.check("县委书记张山主持", CheckContext(registers=registers))] == []
