import pytest

from sanshen.checks.sentences import line_starts, sentence_end, sentence_start

TEXT = "会议指出，要压实责任。村民龙秀英确诊为乳腺癌；已纳入救助\n下一行"


@pytest.mark.parametrize(
    "at, stops, floor, expected",
    [
        (14, "。！？；\n", 0, 11),  # after 。
        (14, "，。", 0, 11),
        (3, "。！？；\n", 0, 0),  # no stop before: the text's start
        (14, "。！？；\n", 13, 13),  # a floor past the stop
        (30, "。！？；\n", 0, 29),  # after the line break
    ],
)
def test_sentence_start(at, stops, floor, expected):
    assert sentence_start(TEXT, at, stops, floor=floor) == expected


@pytest.mark.parametrize(
    "at, stops, ceiling, expected",
    [
        (12, "。！？；\n", None, 22),  # at ；
        (0, "，。", None, 4),
        (12, "。！？；\n", 18, 18),  # the ceiling comes first
        (30, "。！？；\n", None, len(TEXT)),  # no stop after: the text's end
    ],
)
def test_sentence_end(at, stops, ceiling, expected):
    assert sentence_end(TEXT, at, stops, ceiling=ceiling) == expected


def test_line_starts_are_where_each_line_begins():
    assert list(line_starts("一\n二三\n\n四")) == [0, 2, 5, 6]
    assert list(line_starts("")) == [0]
    assert list(line_starts("一\n二三\n\n四", 2)) == [2, 5, 6]
