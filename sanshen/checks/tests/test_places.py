import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.places import PlaceNameChecker, load_place_table
from sanshen.checks.data.build_places import build_rows


@pytest.fixture(scope="module")
def checker():
    return PlaceNameChecker()


@pytest.mark.parametrize(
    "text, expected",
    [
        # 隶属关系: the lower unit is not under the upper one
        ("湖北省张家界市", [("place.containment", 0, 7, "湖南省张家界市")]),
        ("位于湖北省张家界的天门山", [("place.containment", 2, 8, "湖南省张家界")]),
        ("四川省重庆市", [("place.containment", 0, 6, "重庆市")]),
        ("长沙市慈利县", [("place.containment", 0, 6, "张家界市慈利县")]),
        ("湖北张家界市", [("place.containment", 0, 6, "湖南省张家界市")]),
        ("黔东南州吉首市", [("place.containment", 0, 7, "湘西州吉首市")]),
        ("荆州市天门市", [("place.containment", 0, 6, "天门市")]),
        ("吉林市朝阳区", [("place.containment", 0, 6, "")]),
        # one character off a real name, next to its real neighbour
        ("湖南省张家介市", [("place.misspelling", 3, 7, "张家界市")]),
        ("湖男省长沙市", [("place.misspelling", 0, 3, "湖南省")]),
        ("张家界市慈丽县", [("place.misspelling", 4, 7, "慈利县")]),
        ("锦屏县三扛镇", [("place.misspelling", 3, 6, "三江镇")]),
        # two real names equally close: say so, suggest neither
        ("湖南省永洲市", [("place.misspelling", 3, 6, "")]),
        # correct hierarchies and their everyday short forms
        ("湖南省张家界市永定区", []),
        ("贵州省黔东南州锦屏县三江镇", []),
        ("重庆市渝中区", []),
        ("北京市朝阳区", []),
        ("河南省济源市", []),
        ("山东省济南市莱芜区", []),
        ("浙江西湖区", []),
        # generic 城区, 功能区 and words that merely contain a short name
        ("张家界市城区", []),
        ("福州市滨海新区", []),
        ("江苏省长治久安", []),
        ("山西省日照时数", []),
        ("广东省中山大学", []),
        ("湖南省各州市", []),
        # former names are names, not misspellings
        ("湖北省襄樊市", []),
        ("福建省莆田县", []),
        ("锦屏县人民政府", []),
    ],
)
def test_it_finds_wrong_places_and_only_those(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.rule, f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert f.category == "place_name"
        assert f.standard == 8
        assert f.severity == ("serious" if f.rule == "place.containment" else "warn")
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text, message",
    [
        ("湖北省张家界市", "行政区划隶属关系错误：张家界市属于湖南省，不属于湖北省"),
        ("四川省重庆市", "行政区划隶属关系错误：重庆市是直辖市，不属于四川省"),
        ("荆州市天门市", "行政区划隶属关系错误：天门市由湖北省直辖，不属于荆州市"),
        ("湖南省张家介市", "地名“张家介市”疑为“张家界市”之误（湖南省下辖“张家界市”）"),
        ("湖南省永洲市", "地名“永洲市”疑为“株洲市”或“永州市”之误（湖南省下辖“株洲市”或“永州市”）"),
    ],
)
def test_it_explains_what_is_wrong(checker, text, message):
    [finding] = checker.check(text, CheckContext())
    assert finding.message == message


def test_it_accepts_every_real_province_city_county_chain(checker):
    table = load_place_table()
    chains = []
    for county in (d for d in table.divisions if d.level == "D"):
        ups = {u.level: u for u in table.parents[county]}
        if "P" in ups:
            chains.append(ups["P"].name + (ups["C"].name if "C" in ups else "") + county.name)
    assert len(chains) > 2800
    # One text, the chains kept apart by a comma so that only real neighbours meet.
    assert checker.check("，".join(chains), CheckContext()) == []


def test_it_reads_the_derived_table():
    table = load_place_table()
    levels = [d.level for d in table.divisions]
    assert levels.count("P") == 34
    assert 330 < levels.count("C") < 360
    assert 2800 < levels.count("D") < 3200
    [jinping] = table.names["锦屏县"]
    assert jinping.code == "522628"
    assert [u.name for u in table.parents[jinping]] == ["贵州省", "黔东南苗族侗族自治州"]
    assert "三江镇" in table.towns["522628"]
    assert "襄樊市" in table.known_names


def test_it_builds_the_table_from_jionlp_data():
    location = (
        "湖南省\t430000\t湖南\n"
        "\t张家界市\t430800\t张家界\n"
        "\t\t永定区\t430802\t永定\n"
        "\t\t\t崇文街道\n"
        "\t\t\t\t某社区\n"
        "\t省直辖行政区划\t439000\t省直辖\n"
        "\t\t某某市\t439001\t某某\n"
        "湖北省\t420000\t湖北\n"
        "台湾省\t710000\t台湾\n"
        "\t台北市\t710100\t台北\n"
        "\t\t中正区\n"
        "\t\t\t某里\n"
    )
    changes = "2010-12-09\t国批\t湖北省\t湖北\t襄樊市\t襄樊=>湖北省\t襄阳市\n"
    assert build_rows(location, changes) == [
        "P\t430000\t湖南省\t湖南",
        "C\t430800\t张家界市\t张家界",
        "D\t430802\t永定区\t永定",
        "D\t439001\t某某市\t某某",
        "P\t420000\t湖北省\t湖北",
        "P\t710000\t台湾省\t台湾",
        "C\t710100\t台北市\t台北",
        "T\t430802\t崇文街道",
        "H\t襄樊市",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # offsets count characters, whatever their width in bytes
        ("ABC湖北省张家界市", [("place.containment", 3, 10)]),
        ("😀，湖北省张家界市", [("place.containment", 2, 9)]),
        ("Tel 0744，湖南省张家介市", [("place.misspelling", 12, 16)]),
        ("湖南省张家界市永定区，湖北省张家界市", [("place.containment", 11, 18)]),
        # a lone surrogate (a broken paste) does not stop the check
        ("\ud800湖北省张家界市", [("place.containment", 1, 8)]),
    ],
)
def test_it_gives_offsets_in_characters(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.rule, f.start, f.end) for f in findings] == expected
    for f in findings:
        assert text[f.start : f.end] == f.text
