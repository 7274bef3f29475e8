import pytest

from sanshen.checks import CheckContext, Engine
from sanshen.checks.checkers.sensitive import SensitiveWordChecker
from sanshen.checks.lexicon import Lexicon, LexiconEntry


@pytest.fixture(scope="module")
def checker():
    return SensitiveWordChecker()


@pytest.mark.parametrize(
    "text, expected",
    [
        # built-in list: 新华社 禁用词, with the suggested wording
        ("他曾是一名残废人。", [(5, 8, "残废人", "warn", 2, "残疾人")]),
        ("關心殘廢人", [(2, 5, "殘廢人", "warn", 2, "残疾人")]),
        ("不宜称北朝鲜", [(3, 6, "北朝鲜", "warn", 3, "朝鲜")]),
        ("他竟说ＴＭＤ", [(3, 6, "ＴＭＤ", "warn", 2, "")]),
        # evasions: symbols and spaces slipped between characters
        ("揭批法*轮*功邪教", [(2, 7, "法*轮*功", "serious", 3, "")]),
        ("法 轮 大 法 好", [(0, 9, "法 轮 大 法 好", "block", 3, "")]),
        # planted ads are the injected checker's (test_injected.py)
        ("真人荷官，在线发牌", []),
        # harmless text stays silent
        ("积极帮助残疾人就业", []),
        ("自动取款机ATMD型号", []),
        ("加强对口支援交流合作", []),
        ("看完电影后开会", []),
        ("坚决打击网络赌博", []),
    ],
)
def test_it_finds_built_in_words(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.text, f.severity, f.standard, f.suggestion) for f in findings] == expected
    for f in findings:
        assert (f.rule, f.category) == ("sensitive.word", "sensitive_word")
        assert text[f.start : f.end] == f.text
        assert f.source == "内置敏感词库"


def test_it_explains_the_word(checker):
    [finding] = checker.check("他曾是一名残废人", CheckContext())
    assert finding.message == "敏感词“残废人”（歧视，慎用）：新华社禁用词：对残疾人不使用蔑称"


def test_it_uses_a_lexicon_given_as_option():
    checker = SensitiveWordChecker(lexicon=Lexicon([LexiconEntry("某禁词", "政治", 1)], name="省级词库"))
    [finding] = checker.check("出现某禁词和残废人", CheckContext())
    assert (finding.start, finding.end, finding.severity, finding.source) == (2, 5, "block", "省级词库")


def test_it_loads_a_lexicon_file_given_as_option(tmp_path):
    path = tmp_path / "本地词库.txt"
    path.write_text("某禁词,政治,1\n", encoding="utf-8")
    [finding] = SensitiveWordChecker(lexicon=str(path)).check("出现某禁词", CheckContext())
    assert (finding.start, finding.end, finding.source) == (2, 5, "本地词库.txt")


def test_it_refuses_a_bad_lexicon_option():
    with pytest.raises(ValueError, match="Invalid lexicon option"):
        SensitiveWordChecker(lexicon=["某词"])


@pytest.mark.parametrize(
    "registers, expected",
    [
        # the deployment's words are checked as well as the built-in list
        ({"sensitive_words": ["某禁词"]}, [(0, 3, "serious", "本单位敏感词库"), (4, 7, "warn", "内置敏感词库")]),
        (
            {"sensitive_words": [LexiconEntry("某禁词", "政治", 3)]},
            [(0, 3, "warn", "本单位敏感词库"), (4, 7, "warn", "内置敏感词库")],
        ),
        ({"sensitive_words": Lexicon(["某禁词"], name="县词库")}, [(0, 3, "serious", "县词库"), (4, 7, "warn", "内置敏感词库")]),
        # the whitelist silences built-in and deployment words alike
        ({"sensitive_words": ["某禁词"], "whitelist": ["某禁词"]}, [(4, 7, "warn", "内置敏感词库")]),
        ({"whitelist": ["残废人"]}, []),
        ({"sensitive_words": Lexicon(["某禁词"]), "whitelist": ["某禁词"]}, [(4, 7, "warn", "内置敏感词库")]),
        ({}, [(4, 7, "warn", "内置敏感词库")]),
    ],
)
def test_it_reads_the_registers(registers, expected):
    findings = SensitiveWordChecker().check("某禁词，残废人", CheckContext(registers=registers))
    assert [(f.start, f.end, f.severity, f.source) for f in findings] == expected


def test_a_whitelisted_longer_phrase_covers_the_word():
    context = CheckContext(registers={"sensitive_words": ["老板"], "whitelist": ["老板娘"]})
    findings = SensitiveWordChecker().check("老板娘说老板不在", context)
    assert [(f.start, f.end) for f in findings] == [(4, 6)]


def test_it_takes_a_whitelist_option():
    checker = SensitiveWordChecker(whitelist=["聋子的耳朵"])
    assert checker.check("聋子的耳朵——摆设", CheckContext()) == []
    assert [(f.start, f.end) for f in checker.check("聋子", CheckContext())] == [(0, 2)]


def test_it_runs_in_the_engine():
    [finding] = Engine(codes=["sensitive"]).check("页面出现“残废人”")
    assert (finding.rule, finding.start, finding.end) == ("sensitive.word", 5, 8)


def test_the_sensitive_and_injected_checkers_fold_a_text_once():
    from sanshen.checks.checkers.sensitive import normalized

    text = "法*轮*功与真人荷官"
    assert normalized(text) is normalized(text)
    assert normalized(text).text == "法轮功与真人荷官"
