import pytest

from sanshen.checks import CheckContext, Engine
from sanshen.checks.checkers.repost import RepostSourceChecker

BODY = "全县春耕生产有序推进。"


def _found(text, checker=None, **context):
    findings = (checker or RepostSourceChecker()).check(text, CheckContext(**context))
    for f in findings:
        assert (f.category, f.standard) == ("repost_source", 5)
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.severity, f.start, f.end) for f in findings]


@pytest.mark.parametrize(
    "context, expected",
    [
        # nothing named
        ({}, [("repost.missing_source", "serious", 0, 0), ("repost.missing_author", "serious", 0, 0)]),
        ({"repost_author": "张三"}, [("repost.missing_source", "serious", 0, 0)]),
        ({"repost_source": "本站", "repost_author": "张三"}, [("repost.missing_source", "serious", 0, 0)]),
        ({"repost_source": "新华社", "repost_author": "  "}, [("repost.missing_author", "serious", 0, 0)]),
        # a source outside the qualified list
        ({"repost_source": "某某生活号", "repost_author": "李四"}, [("repost.unqualified_source", "warn", 0, 0)]),
        ({"repost_source": "城市俱乐部", "repost_author": "李四"}, [("repost.unqualified_source", "warn", 0, 0)]),
        # qualified: central and provincial news units, their channels, party and government websites
        ({"repost_source": "新华社", "repost_author": "记者 张三"}, []),
        ({"repost_source": "新华社客户端", "repost_author": "张三"}, []),
        ({"repost_source": "《人民日报》", "repost_author": "张三"}, []),
        ({"repost_source": "福建日报", "repost_author": "张三"}, []),
        ({"repost_source": "中国政府网", "repost_author": "张三"}, []),
        ({"repost_source": "福建省人民政府网站", "repost_author": "张三"}, []),
        ({"repost_source": "闽侯县教育局", "repost_author": "张三"}, []),
        ({"repost_source": "中共闽侯县委宣传部", "repost_author": "张三"}, []),
        ({"repost_source": "中华人民共和国生态环境部", "repost_author": "张三"}, []),
    ],
)
def test_it_checks_a_marked_repost(context, expected):
    assert _found(BODY, is_repost=True, **context) == expected


def test_it_names_the_unqualified_source():
    [finding] = RepostSourceChecker().check(
        BODY, CheckContext(is_repost=True, repost_source="某某生活号", repost_author="李四")
    )
    assert finding.message == "转载来源“某某生活号”不在本单位认定的稿源单位名单中，请核实其是否具备新闻发布资质"


def test_the_register_adds_qualified_sources():
    context = {"is_repost": True, "repost_source": "闽侯县融媒体中心", "repost_author": "王五"}
    assert _found(BODY, **context) == [("repost.unqualified_source", "warn", 0, 0)]
    assert _found(BODY, registers={"qualified_sources": ["闽侯县融媒体中心"]}, **context) == []


def test_the_option_replaces_the_default_list():
    checker = RepostSourceChecker(qualified_sources=["本县融媒体中心"])
    context = {"is_repost": True, "repost_author": "王五"}
    assert _found(BODY, checker, repost_source="本县融媒体中心", **context) == []
    assert _found(BODY, checker, repost_source="新华社", **context) == [("repost.unqualified_source", "warn", 0, 0)]
    # party and government websites qualify whatever the list says
    assert _found(BODY, checker, repost_source="福州市人民政府", **context) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本文转载自人民网。", [("repost.undeclared", "warn", 2, 5)]),
        ("转自：新华社微信公众号", [("repost.undeclared", "warn", 0, 6)]),
        ("（来源：福建日报）全县春耕", [("repost.undeclared", "warn", 1, 8)]),
        ("原标题：春耕正当时", [("repost.undeclared", "warn", 0, 4)]),
        # not a repost
        ("机器运转自如，生产有序", []),
        ("来源：本站", []),
        ("数据来源：国家统计局网站", []),
        ("资金来源：县财政局", []),
        (BODY, []),
    ],
)
def test_it_notices_an_unmarked_repost(text, expected):
    assert _found(text) == expected


def test_a_marked_repost_may_say_so_in_the_body():
    assert _found("本文转载自人民网。", is_repost=True, repost_source="人民网", repost_author="张三") == []


def test_it_runs_in_the_engine():
    findings = Engine(codes=["repost"]).check(BODY, CheckContext(is_repost=True, repost_author="张三"))
    assert [f.rule for f in findings] == ["repost.missing_source"]
