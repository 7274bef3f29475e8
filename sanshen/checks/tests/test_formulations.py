import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.fixed_phrase import FixedPhraseChecker
from sanshen.checks.checkers.formulations import (
    DATA_FILE,
    FormulationIndex,
    QuoteFreeText,
    Slip,
    MIN_SWAP,
    load_formulations,
    one_edit,
    word_swap,
)

checker = FixedPhraseChecker()
FORMULATIONS = load_formulations()


def test_the_data_file_names_its_sources_and_date():
    header = "".join(line for line in DATA_FILE.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    for source in ("二十大报告", "二十届一中全会", "三中全会", "四中全会", "2025年政府工作报告", "Compiled 2026-12-06"):
        assert source in header


def test_the_data_file_lists_each_formulation_once_with_a_kind_and_source():
    texts = [f.text for f in FORMULATIONS]
    assert len(texts) == len(set(texts))
    assert len(texts) > 200
    for f in FORMULATIONS:
        assert f.kind and f.source, f.text
        # A neighbour holds a stretch one edit or, in a long one, one word off the formulation (else it could never
        # be taken for a slip of it); a wrong form is no correct one.
        n = len(f.text)
        for other in f.neighbours:
            stretches = [other[a : a + size] for size in (n - 1, n, n + 1) for a in range(len(other) - size + 1)]
            assert any(
                one_edit(stretch, f.text) or n >= MIN_SWAP and word_swap(stretch, f.text) for stretch in stretches
            ), (f.text, other)
        for wrong in f.misspellings:
            assert wrong not in texts, wrong
    for family in ("两个确立", "两个维护", "四个意识", "四个自信", "五位一体", "四个全面", "新发展理念", "高质量发展",
                   "中国式现代化", "习近平新时代中国特色社会主义思想", "全过程人民民主", "新质生产力"):  # fmt: skip
        assert family in texts


@pytest.mark.parametrize(
    "window, formulation, expected",
    [
        ("四个自性", "四个自信", ("sub", 3)),
        ("人类命运同体", "人类命运共同体", ("del", 4)),
        ("中国式现代代化", "中国式现代化", ("ins", 5)),
        ("四个自信", "四个自信", None),
        ("四个意见", "四个自信", None),
        ("两个", "四个自信", None),
        ("人类命运同体共", "人类命运共同体", None),
    ],
)
def test_one_edit_names_the_edit_or_none(window, formulation, expected):
    assert one_edit(window, formulation) == expected


@pytest.mark.parametrize(
    "window, formulation, expected",
    [
        ("以中国特色现代化全面推进", "以中国式现代化全面推进", (3, 2)),
        ("在资源配置中的基础性作用", "在资源配置中的决定性作用", (7, 2)),
        ("党的伟理想和最终目标", "党的最高理想和最终目标", (2, 1)),
        # one for one is one_edit's; the first or last two characters changed, or three, is no swap
        ("以中国式现代化全面推动", "以中国式现代化全面推进", None),
        ("从中国式现代化全面推进", "以中国式现代化全面推进", None),
        ("以中国式现代化全面推进", "以中国式现代化全面推进", None),
        ("以中国式现代化全面推进", "以中国特色社会主义全面推进", None),
        ("新时代中国特色主义思想", "新时代中国特色社会主义思想", (7, 0)),
        ("新时代中国特色社会主义伟大思想", "新时代中国特色社会主义思想", (11, 2)),
        ("习近平中国特色社会主义思想", "习近平新时代中国特色社会主义思想", (3, 0)),
        ("习中国特色社会主义思想", "习近平新时代中国特色社会主义思想", None),
    ],
)
def test_a_word_swap_names_where_and_how_wide_or_none(window, formulation, expected):
    assert word_swap(window, formulation) == expected


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("四个自信", (0, 4), (0, 4)),
        ("“四个自信”", (0, 4), (1, 5)),
        ("“三个代表”重要思想", (0, 8), (1, 10)),
        ("‘两个’确立", (2, 4), (4, 6)),
    ],
)
def test_quote_free_offsets_map_back_to_the_text(text, span, expected):
    quote_free = QuoteFreeText(text)
    assert quote_free.span(*span) == expected
    start, end = expected
    assert text[start:end].replace("“", "").replace("”", "").replace("‘", "").replace("’", "") == quote_free.text[
        span[0] : span[1]
    ]


@pytest.mark.parametrize(
    "how, at, written, expected",
    [
        ("sub", 3, "四个自性", "四个自信"),
        ("sub", 6, "三个代表”重要恩想", "三个代表”重要思想"),
        ("del", 4, "人类命运同体", "人类命运共同体"),
        ("ins", 5, "中国式现代代化", "中国式现代化"),
        ("swap", 3, "以“中国特色现代化”全面推进中华民族伟大复兴", "以“中国式现代化”全面推进中华民族伟大复兴"),
        ("swap", 13, "充分发挥市场在资源配置中的基础性作用", "充分发挥市场在资源配置中的决定性作用"),
        ("swap", 10, "习近平新时代中国特色主义思想", "习近平新时代中国特色社会主义思想"),
        ("known", 0, "四个全面”总体布局", "五位一体”总体布局"),
    ],
)
def test_a_slip_undoes_its_one_edit_and_keeps_the_writers_quotation_marks(how, at, written, expected):
    formulation = next(f for f in FORMULATIONS if f.text == expected.replace("”", "").replace("“", ""))
    quote_free = written.replace("“", "").replace("”", "")
    swap = word_swap(quote_free, formulation.text)
    width = swap[1] if how == "swap" else 1
    assert Slip(0, len(quote_free), formulation, how, at, width).corrected(written) == expected


@pytest.mark.parametrize("formulation", [f.text for f in FORMULATIONS])
def test_every_formulation_written_right_passes_plain_and_in_quotation_marks(formulation):
    for text in (f"要深入学习{formulation}，推动落实。", f"坚持“{formulation}”不动摇"):
        assert checker.check(text, CheckContext()) == [], text


@pytest.mark.parametrize("formulation", [f.text for f in FORMULATIONS if len(f.text) >= 7])
def test_every_long_formulation_with_a_character_wrong_inside_is_found(formulation):
    middle = len(formulation) // 2
    if formulation[middle] in "、，的和":
        middle += 1
    written = formulation[:middle] + "鑫" + formulation[middle + 1 :]
    [finding] = [f for f in checker.check(f"要深入学习{written}，推动落实。", CheckContext()) if f.suggestion == formulation]
    assert (finding.start, finding.end, finding.rule) == (5, 5 + len(written), "fixed_phrase.formulation")


def test_an_index_of_its_own_formulations_finds_only_those():
    mine = tuple(f for f in FORMULATIONS if f.text in ("四个自信", "两个维护"))
    index = FormulationIndex(mine)
    scan = index.scan("坚定四个自性，做到两个维护，推进中国式现代代")
    # Candidates, before fixed_phrase judges them: "四个自" is one character short of 四个自信 too.
    assert [(s.start, s.end, s.formulation.text, s.how) for s in index.slips(scan)] == [
        (2, 5, "四个自信", "del"),
        (2, 6, "四个自信", "sub"),
    ]
    assert scan.exact == [(9, 13)]
