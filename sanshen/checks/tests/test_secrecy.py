import pytest

from sanshen.checks import CheckContext, Engine, EngineConfig, RuleSetting
from sanshen.checks.checkers.secrecy import SecrecyMarkChecker


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本文件为机密★5年，请妥善保管", [("secrecy.classification", 4, 9)]),
        ("秘密★启用前", [("secrecy.classification", 0, 6)]),
        ("绝密☆长期", [("secrecy.classification", 0, 5)]),
        ("绝密\n关于某事项的报告", [("secrecy.classification", 0, 2)]),
        ("内部资料 注意保存", [("secrecy.internal_notice", 0, 9)]),
        ("此件仅供领导参阅。", [("secrecy.internal_notice", 2, 8)]),
        ("密级：秘密", [("secrecy.labelled", 0, 5)]),
        # harmless uses stay silent
        ("保密工作会议召开", []),
        ("本文件内容不涉密", []),
        ("严守党和国家秘密，加强保密教育", []),
        ("机密文件管理制度学习会", []),
    ],
)
def test_it_finds_marks_and_only_marks(text, expected):
    findings = SecrecyMarkChecker().check(text, CheckContext())
    assert [(f.rule, f.start, f.end) for f in findings] == expected
    for f in findings:
        assert f.severity == "block"
        assert f.category == "secrecy_mark"
        assert text[f.start : f.end] == f.text


def test_it_cannot_be_switched_off_or_downgraded():
    with pytest.raises(ValueError):
        EngineConfig(disabled_checkers=frozenset({"secrecy"}))
    engine = Engine(
        EngineConfig(rules={"secrecy": RuleSetting(enabled=False), "secrecy.classification": RuleSetting(severity="info")}),
        codes=["secrecy"],
    )
    [finding] = engine.check("机密★5年")
    assert finding.severity == "block"


def test_every_notice_holds_a_word_that_screens_for_it():
    # check() tries NOTICES only on a text holding one of NOTICE_WORDS.
    from sanshen.checks.checkers.secrecy import SecrecyMarkChecker as C

    for alternative in C.NOTICES.pattern.split("|"):
        assert any(word in alternative for word in C.NOTICE_WORDS), alternative
