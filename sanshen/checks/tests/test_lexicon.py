import io
import re

import openpyxl
import pytest

from sanshen.checks.lexicon import Lexicon, LexiconEntry, load_lexicon


def _entries(lexicon):
    return sorted((e.word, e.category, e.level, e.note, e.suggestion) for e in lexicon.entries)


@pytest.mark.parametrize(
    "content, entries",
    [
        ("残废人\n", [("残废人", "其他", 2, "", "")]),
        ("残废人,歧视,3\n", [("残废人", "歧视", 3, "", "")]),
        ("残废人，歧视，3，对残疾人不使用蔑称，残疾人\n", [("残废人", "歧视", 3, "对残疾人不使用蔑称", "残疾人")]),
        ("残废人\t歧视\t1\n", [("残废人", "歧视", 1, "", "")]),
        ("残废人,歧视,三级\n", [("残废人", "歧视", 3, "", "")]),
        ("残废人,,2级\n", [("残废人", "其他", 2, "", "")]),
        # header, comments, blank lines
        ("词语,分类,级别\n# 社会类\n\n残废人,歧视,3\n", [("残废人", "歧视", 3, "", "")]),
        # the same word twice: the stricter level wins
        ("真人荷官,赌博,3\n真人荷官,赌博,1\n", [("真人荷官", "赌博", 1, "", "")]),
    ],
)
def test_it_reads_txt(content, entries):
    assert _entries(load_lexicon(content.encode("utf-8"), "words.txt")) == entries


def test_it_reads_gbk_txt_with_a_whitelist():
    lexicon = load_lexicon("老板,称谓,3\n老板娘,白名单\n".encode("gbk"), "本单位词库.TXT")
    assert _entries(lexicon) == [("老板", "称谓", 3, "", "")]
    assert lexicon.whitelist == frozenset({"老板娘"})
    assert lexicon.name == "本单位词库.TXT"


def test_it_reads_csv_with_quoted_commas():
    content = '词语,分类,级别,说明,建议\n残废人,歧视,3,"新华社禁用词，对残疾人不使用蔑称",残疾人\n'
    lexicon = load_lexicon(content.encode("utf-8-sig"), "words.csv")
    assert _entries(lexicon) == [("残废人", "歧视", 3, "新华社禁用词，对残疾人不使用蔑称", "残疾人")]


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_it_reads_xlsx():
    data = _xlsx([["敏感词", "分类", "级别"], ["真人荷官", "赌博", 2], [None, None, None], ["法轮功", "邪教", 1.0]])
    assert _entries(load_lexicon(data, "词库.xlsx")) == [("法轮功", "邪教", 1, "", ""), ("真人荷官", "赌博", 2, "", "")]


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"a,b,1\nc,d,9\n", "words.txt", "词库文件“words.txt”第 2 行：级别“9”无效"),
        ("甲\n乙,政治,高\n".encode(), "words.csv", "第 2 行：级别“高”无效"),
        (b"a,b,1,c,d,e\n", "words.txt", "第 1 行：列数过多"),
        (b"***\n", "words.txt", "第 1 行：词语“***”只含符号或空格"),
        (",b,1\n".encode(), "words.csv", "第 1 行：词语为空"),
        (("长" * 51).encode(), "words.txt", "第 1 行：词语超过 50 个字"),
        (b"\n# only a comment\n", "words.txt", "没有任何词语"),
        (b"word", "words.doc", "不支持的词库文件类型"),
        (b"not a zip", "words.xlsx", "无法读取 Excel 文件"),
        (b"\xff\xfe\xfd\xfc\x80", "words.txt", "无法识别词库文件“words.txt”的编码"),
    ],
)
def test_it_names_the_bad_line(data, filename, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        load_lexicon(data, filename)


def test_it_names_the_bad_xlsx_row():
    data = _xlsx([["词语", "分类", "级别"], ["真人荷官", "赌博", 2], ["法轮功", "邪教", "四"]])
    with pytest.raises(ValueError, match="第 3 行：级别“四”无效"):
        load_lexicon(data, "词库.xlsx")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("他曾是一名残废人。", [(5, 8, "残废人")]),
        ("他曾是一名殘廢人。", [(5, 8, "殘廢人")]),
        ("法 * 轮 * 功", [(0, 9, "法 * 轮 * 功")]),
        # the longer word wins over the word inside it
        ("这是网络赌博平台", [(2, 8, "网络赌博平台")]),
        ("参与赌博", [(2, 4, "赌博")]),
        # overlapping words are both reported
        ("赌博彩", [(0, 2, "赌博"), (1, 3, "博彩")]),
        # whitelisted phrase covers the word; the word alone still fires
        ("老板娘开店", []),
        ("老板娘和老板", [(4, 6, "老板")]),
        # Latin words need word boundaries
        ("他说TMD", [(2, 5, "TMD")]),
        ("他说ｔｍｄ！", [(2, 5, "ｔｍｄ")]),
        ("型号ATMD", []),
        ("TMDX型", []),
        ("T.M.D", [(0, 5, "T.M.D")]),
        ("", []),
    ],
)
def test_it_finds_words(text, expected):
    lexicon = Lexicon(
        ["残废人", "法轮功", "赌博", "网络赌博平台", "博彩", "老板", "TMD"],
        whitelist=["老板娘"],
    )
    assert [(m.start, m.end, m.text) for m in lexicon.find(text)] == expected


@pytest.mark.parametrize(
    "level, category, severity, standard",
    [
        (1, "邪教", "block", 3),
        (2, "政治", "serious", 3),
        (2, "赌博", "serious", 2),
        (3, "歧视", "warn", 2),
    ],
)
def test_it_maps_levels_and_categories(level, category, severity, standard):
    entry = LexiconEntry("某词", category, level)
    assert (entry.severity, entry.standard) == (severity, standard)


def test_it_refuses_a_bad_entry():
    with pytest.raises(ValueError):
        LexiconEntry("某词", level=4)
    with pytest.raises(ValueError):
        LexiconEntry(" * ")


def test_an_empty_lexicon_finds_nothing():
    lexicon = Lexicon()
    assert not lexicon
    assert lexicon.find("任何文字") == []
