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


@pytest.mark.parametrize(
    "source",
    ["网络", "互联网", "网友", "网民", "朋友圈", "微信朋友圈", "微信群", "群聊", "抖音", "快手", "微博", "抖音APP",
     "某网站", "网上", "来源于网络", "网络整理", "《网络》", "今日头条", "qq群"],
)  # fmt: skip
def test_a_source_that_names_no_publisher_is_not_a_source(source):
    assert _found(BODY, is_repost=True, repost_source=source, repost_author="张三") == [
        ("repost.vague_source", "serious", 0, 0)
    ]


@pytest.mark.parametrize(
    "source, expected",
    [
        # a publisher named on a platform is a source, qualified or not
        ("人民日报微博", []),
        ("新华社客户端", []),
        ("网络安全报", [("repost.unqualified_source", "warn", 0, 0)]),
        ("某某生活号", [("repost.unqualified_source", "warn", 0, 0)]),
        ("福州网络广播电视台", [("repost.unqualified_source", "warn", 0, 0)]),
    ],
)
def test_a_named_publisher_is_not_vague(source, expected):
    assert _found(BODY, is_repost=True, repost_source=source, repost_author="张三") == expected


def test_the_vague_source_message_gives_the_rule_and_a_suggestion():
    [finding] = RepostSourceChecker().check(
        BODY, CheckContext(is_repost=True, repost_source="网友", repost_author="张三")
    )
    assert finding.message.startswith("转载来源“网友”不是稿源：网络、网友、群聊和社交平台都不是发布单位。")
    assert "国办发〔2018〕123号" in finding.message
    assert "建议：注明原发布单位" in finding.message
    # a suggestion replaces the found text when accepted: there is none to give
    assert finding.suggestion == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("部分图片来源于网络，如有侵权请联系删除。", [(4, 9)]),
        ("（来源：网络）全县春耕有序推进", [(1, 6)]),
        ("来源：微信朋友圈\n正文", [(0, 8)]),
        ("图片来自网络", [(0, 6)]),
        ("本文转自微信群。", [(2, 7)]),
        ("信息来源：互联网", [(2, 8)]),
        ("素材来源：网络整理", [(2, 9)]),
        ("来源：“抖音”", [(0, 7)]),
        ("文章来自网友投稿", [(0, 8)]),  # a netizen is no publisher (docs/decisions.md)
        ("图源：网络", [(0, 5)]),
        # ordinary wording with the same words
        ("来自全县各乡镇的代表参加会议", []),
        ("群众诉求来源于网络问政平台", []),
        ("谣言来自网络，请勿轻信", []),
        ("资金来源：网络", []),
        ("收入来源于网络销售", []),
        ("加强网络安全宣传", []),
    ],
)
def test_it_finds_a_vague_source_in_the_body(text, expected):
    assert _found(text) == [("repost.vague_source", "serious", a, b) for a, b in expected]
    assert _found(text, is_repost=True, repost_source="新华社", repost_author="张三") == [
        ("repost.vague_source", "serious", a, b) for a, b in expected
    ]


def test_a_vague_source_is_not_also_an_unmarked_repost():
    # "来源：互联网" ends in 网, which alone would read as a named outlet
    assert _found("（来源：互联网）") == [("repost.vague_source", "serious", 1, 7)]
