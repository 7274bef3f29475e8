import re

import pytest

from sanshen.checks.normalize import fold, normalize, runs_of


@pytest.mark.parametrize(
    "text, expected",
    [
        # width and case
        ("ＴＭＤ１２３", "tmd123"),
        ("Ａ　Ｂ", "ab"),
        # 繁 → 简, one character at a time
        ("習近平", "习近平"),
        ("積極幫助殘廢人", "积极帮助残废人"),
        # Kangxi radical and compatibility ideograph fold through NFKC first
        ("⼈民", "人民"),
        ("\uf900", "岂"),
        # symbols and spaces slipped between characters
        ("法*轮*功", "法轮功"),
        ("习 近 平", "习近平"),
        ("法\u200b轮\ufeff功", "法轮功"),
        ("法＊轮．功", "法轮功"),
        ("法★轮·功", "法轮功"),
        # sentence punctuation and line breaks stay: they end a phrase
        ("甲，乙。丙", "甲，乙。丙"),
        ("甲\n乙", "甲\n乙"),
        ("甲、乙；丙（丁）", "甲、乙；丙（丁）"),
        # nothing to do
        ("", ""),
        ("全县春耕生产有序推进", "全县春耕生产有序推进"),
    ],
)
def test_it_normalises(text, expected):
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    "text, word, span",
    [
        ("法*轮*功", "法轮功", (0, 5)),
        ("**法轮功**", "法轮功", (2, 5)),
        ("前言 法 轮 功 后文", "法轮功", (3, 8)),
        ("他说ＴＭＤ！", "tmd", (2, 5)),
        ("第一行\n习 近 平", "习近平", (4, 9)),
        ("无分隔符的殘廢人", "残废人", (5, 8)),
    ],
)
def test_it_maps_spans_back_to_the_original(text, word, span):
    n = normalize(text)
    start = n.text.index(word)
    assert n.original_span(start, start + len(word)) == span


@pytest.mark.parametrize("text", ["ＴＭＤ習近平", "Ⅻ①ﬁ㈠", "İstanbul", "法*轮*功", "a\u0301"])
def test_it_folds_one_character_to_one(text):
    assert len(fold(text)) == len(text)


def test_it_refuses_an_empty_or_out_of_range_span():
    n = normalize("法*轮*功")
    with pytest.raises(ValueError):
        n.original_span(1, 1)
    with pytest.raises(ValueError):
        n.original_span(0, 4)


def test_it_handles_text_made_only_of_separators():
    n = normalize("* * *")
    assert n.text == ""
    assert n.original == "* * *"


@pytest.mark.parametrize(
    "text, runs",
    [
        ("法*轮**功", ["*", "**"]),
        ("**法轮功", ["**"]),
        ("法轮功", []),
        ("a  b\u3000\u3000c", ["  ", "\u3000\u3000"]),
    ],
)
def test_runs_of_finds_the_runs_a_plus_would(text, runs):
    char_class = "[*\\s]"
    assert re.findall(runs_of(char_class), text) == runs == re.findall(char_class + "+", text)
