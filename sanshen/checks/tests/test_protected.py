import pytest

from sanshen.checks.checkers.protected import protected_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        # key formulations, with the quotation marks inside one
        ("增强“四个意识”", ["四个意识"]),
        ("坚持“三个代表”重要思想", ["三个代表”重要思想"]),
        ("践行社会主义核心价值体系", ["社会主义核心价值体系"]),
        # session names, right or wrong
        ("党的二十届三中全会", ["二十届三中全会"]),
        ("十四届全国人大二次会议", ["十四届全国人大二次会议"]),
        ("二十界三中全会", ["二十界三中全会"]),
        ("学习党的二十大精神", ["党的二十大"]),
        # ethnic groups and autonomous areas
        ("黔东南苗族侗族自治州锦屏县", ["黔东南苗族侗族自治州"]),
        ("仡佬族、毛南族同胞", ["仡佬族", "毛南族"]),
        ("走进侗乡苗寨，聆听侗族大歌", ["侗乡", "苗寨", "侗族"]),
        # overlapping spans come back merged, adjacent ones apart
        ("党的二十大三中全会", ["党的二十大三中全会"]),
        ("二十届三中全会中国式现代化", ["二十届三中全会", "中国式现代化"]),
        # nothing to protect, or a misspelt formulation (another checker reports it)
        ("县里召开安全生产会议", []),
        ("坚定四个自性", []),
    ],
)
def test_it_returns_the_spans_no_checker_may_correct(text, expected):
    spans = protected_spans(text)
    assert [text[s:e] for s, e in spans] == expected
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))

