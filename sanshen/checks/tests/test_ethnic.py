import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.ethnic import EthnicNameChecker, ethnic_names, load_areas, load_groups

checker = EthnicNameChecker()


def found(text):
    return [(f.rule, f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a group's name one character off: wrong, missing or added
        ("新疆维吾儿族群众载歌载舞", [("ethnic.group", 2, 6, "维吾尔族", "serious")]),
        ("维吾族", [("ethnic.group", 0, 3, "维吾尔族", "serious")]),
        ("柯尔克族牧民", [("ethnic.group", 0, 4, "柯尔克孜族", "serious")]),
        ("鄂温科族同胞", [("ethnic.group", 0, 4, "鄂温克族", "serious")]),
        ("达翰尔族", [("ethnic.group", 0, 4, "达斡尔族", "serious")]),
        ("鄂伦春春族", [("ethnic.group", 0, 5, "鄂伦春族", "serious")]),
        ("贵州布衣族", [("ethnic.group", 2, 5, "布依族", "serious")]),
        # two characters, one off, where the text speaks of peoples; not a clan of a story, nor 家族, 一族
        ("传唱侗族大歌，组织洞族青年歌队", [("ethnic.group", 9, 11, "侗族", "serious")]),
        ("以侗族、苗族为主，另有土家族、佘族、布依族", [("ethnic.group", 15, 17, "畲族", "serious")]),
        ("我们人族与妖族注定要有一战", []),
        ("鱼人一族的奴隶兵，苗族群众", []),
        ("侗族家族企业", []),
        ("仡老族傩戏", [("ethnic.group", 0, 3, "仡佬族", "serious")]),
        ("布郎族村寨", [("ethnic.group", 0, 3, "布朗族", "serious")]),
        ("畬族山歌", [("ethnic.group", 0, 2, "畲族", "serious")]),
        # a former name
        ("1965年僮族改称壮族", [("ethnic.former_group", 5, 7, "壮族", "warn")]),
        ("毛难族", [("ethnic.former_group", 0, 3, "毛南族", "warn")]),
        # right, and ordinary words with 族
        ("布依族、仡佬族、毛南族、土家族同胞", []),
        ("维吾尔族、哈萨克族、柯尔克孜族、乌孜别克族", []),
        ("中华民族、少数民族、各民族", []),
        ("俄罗斯民族服饰", []),
        ("乌兹别克族", []),
        ("王家族人世代务农", []),
        ("申屠家族的掌舵人", []),
        ("上班族和追星族", []),
        # autonomous areas: a character off
        ("黔东南苗族桐族自治州锦屏县", [("ethnic.area", 0, 10, "黔东南苗族侗族自治州", "serious")]),
        ("黔东男苗族侗族自治州", [("ethnic.area", 0, 10, "黔东南苗族侗族自治州", "serious")]),
        ("黔东南苗侗族自治州", [("ethnic.area", 0, 9, "黔东南苗族侗族自治州", "serious")]),
        ("新疆维吾儿自治区", [("ethnic.area", 0, 8, "新疆维吾尔自治区", "serious")]),
        ("内蒙自治区", [("ethnic.area", 0, 5, "内蒙古自治区", "serious")]),
        ("玉平侗族自治县", [("ethnic.area", 0, 7, "玉屏侗族自治县", "serious")]),
        ("伊犁哈萨克族自治州", [("ethnic.area", 0, 9, "伊犁哈萨克自治州", "serious")]),
        # … its groups in the wrong order, not its own, or missing
        ("黔东南侗族苗族自治州", [("ethnic.area_order", 0, 10, "黔东南苗族侗族自治州", "serious")]),
        # the right place and groups, another level's suffix
        ("黔东南苗族侗族自治区人民政府", [("ethnic.area", 0, 10, "黔东南苗族侗族自治州", "serious")]),
        ("广西壮族自治州", [("ethnic.area", 0, 7, "广西壮族自治区", "serious")]),
        # a county of a 自治州 that is none itself
        ("锦屏侗族自治县人民政府", [("ethnic.area", 0, 7, "锦屏县", "serious")]),
        ("玉屏侗族自治县", []),
        ("双江拉祜族佤族傣族布朗族自治县", [("ethnic.area_order", 0, 15, "双江拉祜族佤族布朗族傣族自治县", "serious")]),
        ("黔东南布依族苗族自治州", [("ethnic.area_groups", 0, 11, "黔东南苗族侗族自治州", "serious")]),
        ("广西自治区南宁市", [("ethnic.area_groups", 0, 5, "广西壮族自治区", "info")]),
        # … where the county that follows tells which 州 was meant
        ("黔南苗族侗族自治州锦屏县", [("ethnic.area", 0, 9, "黔东南苗族侗族自治州", "serious")]),
        ("黔南苗族侗族自治州都匀市", [("ethnic.area_groups", 0, 9, "黔南布依族苗族自治州", "serious")]),
        # right, former, or no area at all
        ("贵州省黔东南苗族侗族自治州锦屏县", []),
        ("积石山保安族东乡族撒拉族自治县", []),
        ("临夏回族自治州东乡族自治县", []),
        ("龙胜各族自治县", []),
        ("鄂伦春自治旗和鄂温克族自治旗", []),
        ("西藏自治区、新疆维吾尔自治区、宁夏回族自治区", []),
        ("海南黎族苗族自治州", []),
        ("各省、自治区、直辖市", []),
        ("坚持民族区域自治制度", []),
        ("村民自治区域", []),
        ("海东藏族自治州", []),
    ],
)
def test_it_checks_ethnic_and_autonomous_area_names(text, expected):
    assert found(text) == expected


def test_an_area_finding_says_where_the_area_is():
    [finding] = checker.check("玉平侗族自治县", CheckContext())
    assert finding.message == "民族自治地方名称有误：应为“玉屏侗族自治县”（贵州省铜仁市）"
    assert finding.category == "place_name"
    [group] = checker.check("维吾族", CheckContext())
    assert group.message == "民族名称有误：应为“维吾尔族”"
    assert group.category == "fixed_phrase"


def test_the_data_holds_56_groups_and_every_autonomous_area():
    assert len(load_groups()) == 56
    areas = [a for a in load_areas() if not a.until]
    levels = [a.level for a in areas]
    # 5 自治区, 30 自治州, 117 自治县, 3 自治旗 (GB/T 2260).
    assert (levels.count("区"), levels.count("州"), levels.count("县"), levels.count("旗")) == (5, 30, 117, 3)
    jinping = next(a for a in areas if a.name == "黔东南苗族侗族自治州")
    assert "锦屏县" in jinping.counties and jinping.province == "贵州省"


@pytest.mark.parametrize(
    "name, place, groups",
    [
        ("黔东南苗族侗族自治州", "黔东南", ("苗族", "侗族")),
        ("新疆维吾尔自治区", "新疆", ("维吾尔族",)),
        ("伊犁哈萨克自治州", "伊犁", ("哈萨克族",)),
        ("龙胜各族自治县", "龙胜", ("各族",)),
        ("西藏自治区", "西藏", ()),
        ("长白朝鲜族自治县", "长白", ("朝鲜族",)),
    ],
)
def test_an_area_name_comes_apart_into_place_and_groups(name, place, groups):
    parsed = ethnic_names().parse(name)
    assert (parsed.place, parsed.groups, parsed.suffix) == (place, groups, name[-3:])
