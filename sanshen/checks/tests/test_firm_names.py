import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.firm_names import firm_name_spans
from sanshen.checks.checkers.typo import TypoChecker


@pytest.mark.parametrize(
    "text, names",
    [
        ("成交供应商为贵州锦程建设工程有限公司，成交金额为235.6万元。", ["锦程"]),
        ("中标人：锦屏县鸿运农业开发有限公司。", ["鸿运"]),
        ("由锦屏县鸿运达种养殖专业合作社负责收购。", ["鸿运达"]),
        ("黔东南州黔程旅游文化传媒有限责任公司", ["黔程"]),
        # a sole trader's farm or shop
        ("1\t锦屏县明兴种养殖场\t启蒙镇\t5000", ["明兴"]),
        ("锦屏县福旺农产品经营部", ["福旺"]),
        ("供应商名称：贵州锦程交通设施工程有限公司", ["锦程"]),
        ("贵州黔道安防科技有限公司", ["黔道"]),
        # no line of business, or no firm
        ("国家电网有限公司", []),
        ("锦屏县林业局召开会议。", []),
    ],
)
def test_it_finds_trade_names(text, names):
    assert [text[start:end] for start, end in firm_name_spans(text)] == names


checker = TypoChecker()


@pytest.mark.parametrize("name", ["锦程", "黔程", "鸿运", "世杰", "丽娜", "宏图"])
def test_a_trade_name_is_never_corrected(name):
    # 锦程 → 进程, 黔程 → 前程 …: a trade name is chosen to sound well, so it reads as a word one character off
    for text in (
        f"成交供应商为贵州{name}建设工程有限公司，成交金额为235.6万元。",
        f"中标人：锦屏县{name}农业开发有限公司。",
    ):
        assert [f.suggestion for f in checker.check(text, CheckContext()) if f.suggestion] == [], text


def test_a_slip_beside_a_firm_is_still_found():
    text = "成交供应商为贵州锦程建设工程有限公司，请于5日内签定合同。"
    assert [f.suggestion for f in checker.check(text, CheckContext())] == ["签订合同"]
