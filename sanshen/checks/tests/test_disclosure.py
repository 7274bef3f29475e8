import pytest

from sanshen.checks import CheckContext, Engine
from sanshen.checks.checkers.disclosure import DisclosureScopeChecker


def _found(text):
    findings = DisclosureScopeChecker().check(text, CheckContext())
    for f in findings:
        assert (f.category, f.standard) == ("disclosure_scope", 4)
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.severity, f.start, f.end) for f in findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the document says it is not for the public
        ("（此件不公开）", [("disclosure.not_public", "serious", 1, 6)]),
        ("（此件依申请公开）", [("disclosure.not_public", "serious", 1, 8)]),
        ("本通知暂不宜公开，请各单位遵照执行。", [("disclosure.not_public", "serious", 0, 8)]),
        ("此件属于不予公开", [("disclosure.not_public", "serious", 0, 8)]),
        ("公开属性：不予公开", [("disclosure.not_public", "serious", 0, 9)]),
        ("公开方式: 依申请公开", [("disclosure.not_public", "serious", 0, 11)]),
        ("【暂不公开】", [("disclosure.not_public", "serious", 0, 6)]),
        # internal drafts
        ("乡村振兴实施方案（内部征求意见稿）", [("disclosure.internal_draft", "serious", 9, 16)]),
        ("征求意见稿（内部）", [("disclosure.internal_draft", "serious", 0, 9)]),
        ("征求意见稿，请勿外传", [("disclosure.internal_draft", "serious", 0, 10)]),
        ("本稿仅供征求意见使用", [("disclosure.internal_draft", "serious", 2, 10)]),
        # meeting minutes marked internal
        ("县政府常务会议纪要（内部）", [("disclosure.internal_minutes", "serious", 7, 13)]),
        ("内部会议纪要", [("disclosure.internal_minutes", "serious", 0, 6)]),
        ("专题会议纪要 此件不得外传", [("disclosure.internal_minutes", "serious", 2, 13)]),
        # unfinished drafts, when the public is not asked to comment
        ("城区停车管理办法（讨论稿）", [("disclosure.draft", "warn", 9, 12)]),
        ("工作要点（初稿）", [("disclosure.draft", "warn", 5, 7)]),
        ("征求意见稿\n关于加强停车管理的意见", [("disclosure.draft", "warn", 0, 5)]),
        # public consultation, 公开 attributes that are public, reports on disclosure, citations
        ("关于公开征求《城区停车管理办法（征求意见稿）》意见的公告", []),
        ("管理办法（征求意见稿）\n反馈意见请发送至电子邮箱", []),
        ("（此件公开发布）", []),
        ("公开属性：主动公开", []),
        ("本年度不予公开政府信息12件，其中属于国家秘密的3件", []),
        ("依申请公开办理情况良好，（三）不予公开", []),
        ("《关于报送发展规划（送审稿）的请示》收悉", []),
        ("审议通过《县城市管理条例（草案）》", []),
        ("会议纪要由县政府办公室整理印发", []),
    ],
)
def test_it_flags_what_is_outside_active_disclosure(text, expected):
    assert _found(text) == expected


def test_it_explains_the_scope():
    [finding] = DisclosureScopeChecker().check("（此件不公开）", CheckContext())
    assert finding.message == "“此件不公开”：标明不公开或依申请公开的信息不属于主动公开范围，不得在网站发布"
    assert "政府信息公开条例" in finding.source


def test_it_runs_in_the_engine():
    [finding] = Engine(codes=["disclosure"]).check("公开属性：不予公开")
    assert (finding.rule, finding.category_label) == ("disclosure.not_public", "公开范围")
