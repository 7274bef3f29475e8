import importlib.util
import random

import pytest

from sanshen.checks import CheckContext, Engine, csc_eval
from sanshen.checks.checkers import typo, typo_tables
from sanshen.checks.checkers.typo import DEFAULT_LM_PATH, Candidate, TypoChecker, load_search_tables

# The language model is Debian's libime-data-language-model, read with the kenlm package.
checker = TypoChecker()
# The first model alone (libime's): the tests of how a gain is weighed against the threshold, on its scale.
first_only = TypoChecker(second_lm_path=None)


def found(text, context=None, on=checker):
    return [(f.rule, f.start, f.end, f.suggestion) for f in on.check(text, context or CheckContext())]


def test_it_uses_the_language_model():
    assert checker.lm is not None, f"语言模型 {DEFAULT_LM_PATH} 未安装"
    assert checker.warning == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        # the hand-written list of common errors
        ("热列欢迎各位来宾", [("typo.common", 0, 4, "热烈欢迎")]),
        ("请按装说明书操作", [("typo.common", 1, 3, "安装")]),
        ("这次事故令人震憾", [("typo.common", 6, 8, "震撼")]),
        ("同心戮力谋发展", [("typo.common", 0, 4, "同心勠力")]),
        # idioms, from the list and from one shape-alike character
        ("全体干部再接再励", [("typo.idiom", 4, 8, "再接再厉")]),
        ("大家迫不急待地出发了", [("typo.idiom", 2, 6, "迫不及待")]),
        ("干部要以身作责", [("typo.idiom", 3, 7, "以身作则")]),
        # the legitimate forms, and a wrong form inside a right phrase, stay silent
        ("热烈欢迎各位来宾", []),
        ("请按装修标准施工", []),
        ("全体干部再接再厉，勠力同心", []),
        ("迫不及待", []),
    ],
)
def test_it_finds_dictionary_errors(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 大数据 is an own word: the whole of it is restored.
        ("我县大力发展大数局产业，推动数字经济。", [("typo.confusable", 6, 9, "大数据")]),
        ("县政府是本县的行政机关，国务原各部门指导工作。", [("typo.confusable", 12, 15, "国务院")]),
        ("县联席悔意办公室设在县民政局。", [("typo.confusable", 1, 5, "联席会议")]),
        ("各级党组织和零导干部要带头落实。", [("typo.confusable", 6, 8, "领导")]),
        # clean official text, new words, names and places stay silent
        ("我县大力发展大数据产业，推动数字经济。", []),
        ("请各乡镇于本周五前报送材料。", []),
        ("全县抗疫工作队临时党支部召开会议。", []),
        ("石柱镇马咀村党总支书记", []),
        ("县委书记主持召开常委会会议，研究部署防汛救灾工作。", []),
        ("要认真贯彻落实党中央决策部署，扎实推进乡村振兴。", []),
        ("张建国同志任县农业农村局局长。", []),
        # numbers and Latin letters are never touched
        ("2023年GDP增长5.2%", []),
    ],
)
def test_it_finds_sound_alike_characters_by_the_language_model(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a look-alike character in an ordinary word
        ("预计明天将是睛天，气温回升。", [("typo.confusable", 6, 8, "晴天")]),
        ("预计明天将是晴天，气温回升。", []),
        ("请拨打热线电活反映问题。", [("typo.confusable", 5, 7, "电话")]),
        ("请拨打热线电话反映问题。", []),
        # a 常见错别字 of the hand-written table is reported as such, before the search weighs it
        ("请拔打热线电话反映问题。", [("typo.common", 1, 3, "拨打")]),
        # two neighbouring characters typed for a word of the same sound
        ("请各淡味于本周五前报送材料。", [("typo.confusable", 2, 4, "单位")]),
        ("请各单位于本周五前报送材料。", []),
        # words of recent official writing vouch for their characters (监委 is not 建委, 提质 not 实质)
        ("县纪委监委将把安全生产工作纳入日常监督重点。", []),
        ("推动食品安全工作提质增效，不断提升群众的获得感。", []),
    ],
)
def test_it_finds_look_alike_characters_and_misspelt_words(text, expected):
    assert found(text) == expected


def test_it_reports_the_changed_characters_and_severity():
    [f] = checker.check("各级党组织和零导干部要带头落实。", CheckContext())
    assert f.category == "typo"
    assert f.standard == 8
    assert f.severity == "warn"
    assert f.text == "零导"
    assert f.message == "“零导”疑为“领导”之误（同音字：“零”→“领”）"
    [shape] = checker.check("预计明天将是睛天，气温回升。", CheckContext())
    assert (shape.start, shape.end, shape.suggestion) == (6, 8, "晴天")
    assert shape.message == "“睛天”疑为“晴天”之误（形近字：“睛”→“晴”）"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the only doubtful spot of its sentence: a warning
        ("村民的生活水平不断提搞，债务负担有所减轻。", [(9, 11, "提高", "warn")]),
        ("我县大力发展大数局产业，推动数字经济。", [(6, 9, "大数据", "warn")]),
        # another near-miss in the same sentence (淡味 for 单位), or a rare character no word explains (偾): the
        # sentence is garbled beyond what the checker mends, and the correction is only a hint
        ("全县各级淡味要高度重视，村民的生活水平不断提搞。", [(21, 23, "提高", "info")]),
        ("村民的生活水平不断提搞，偾务负担有所加重。", [(9, 11, "提高", "info")]),
        # the doubt belongs to its own sentence
        ("全县各级淡味要高度重视。村民的生活水平不断提搞。", [(21, 23, "提高", "warn")]),
    ],
)
def test_it_warns_only_where_the_correction_is_the_sentences_one_doubt(text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.suggestion, f.severity) for f in findings] == expected
    for f in findings:
        assert f.message.endswith("；句中另有疑点，请通读全句") == (f.severity == "info")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("各级党组织和零导干部要带头落实。", [(6, 8, "领导", "warn")]),
        ("请拔打热线电话反映问题。", [(1, 3, "拨打", "warn")]),
        ("请各淡味按时报送材料。", [(2, 4, "单位", "warn")]),
        # 五前 → 五千 is a second doubtful spot (within DOUBT): the correction is a hint, at every place alike
        ("请各淡味于本周五前报送材料。", [(2, 4, "单位", "info")]),
        ("请各单位于本周五前报送材料。", []),
    ],
)
def test_a_repeated_sentence_is_corrected_at_every_place(sentence, expected):
    # each run of Chinese characters is worked out once per text: its findings go to every place it occurs
    text = sentence * 3
    n = len(sentence)
    assert [(f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())] == [
        (start + k * n, end + k * n, word, severity) for k in range(3) for start, end, word, severity in expected
    ]


def test_a_rare_character_inside_a_protected_name_is_no_stray():
    # 侗 is rare and 侗乡 is no dictionary word, but it is a protected name: 力渡 is the sentence's one doubt
    text = "要求加强对侗乡苗寨旅游的监管力渡。"
    assert [(f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())] == [
        (14, 16, "力度", "warn")
    ]
    # the same sentence about a place that is no name keeps the hint (偾 is rare and explained by nothing)
    text = "要求加强对偾乡苗寨旅游的监管力渡。"
    assert [(f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())] == [
        (14, 16, "力度", "info")
    ]


def test_a_lone_reading_passes_a_little_below_the_threshold():
    # 准备 is the only word that fits 准被 and gains just under THRESHOLD_LM: alone, it is reported
    text = "各乡镇要认真做好防汛准被工作。"
    (cand,) = [c for c in first_only._scored_runs(text) if first_only._margin(c) > -first_only.LONE_BONUS]
    assert (cand.word, first_only._margin(cand) < 0) == ("准备", True)
    assert [(f.start, f.end, f.suggestion, f.severity) for f in first_only.check(text, CheckContext())] == [
        (10, 12, "准备", "warn")
    ]


def test_each_rival_reading_asks_more_up_to_three():
    def cand(start, end, gain):
        return Candidate(start, end, "某词", "sound", 1, gain)

    text = "工作安排部署落实"  # common characters: a lone reading of them passes LONE_BONUS below the threshold
    lone = cand(0, 2, checker.threshold)
    rivals = [cand(1, 3, 0.0), cand(0, 2, 0.0), cand(1, 2, 0.0), cand(0, 1, 0.0), cand(2, 4, 0.0)]
    apart = cand(5, 7, 0.0)  # touches none of lone's characters
    assert checker._standings(text, [lone])[0] == checker.LONE_BONUS
    assert checker._standings(text, [lone, apart])[0] == checker.LONE_BONUS
    assert checker._standings(text, [lone, rivals[0], apart])[0] == checker.LONE_BONUS - checker.RIVAL_COST
    # rivals[4] starts after lone ends: five candidates, four of them rivals, three counted
    assert (
        checker._standings(text, [lone, *rivals])[0] == checker.LONE_BONUS - checker.RIVALS_COUNTED * checker.RIVAL_COST
    )


def test_a_lone_sound_alike_of_an_uncommon_character_is_not_eased():
    # 疣 is written far less often than LONE_WRITTEN_FREQ: a lone sound-alike over it is more often a term (疣体)
    # than an input method's slip; a look-alike keeps the bonus (睛天 → 晴天)
    freq = checker.tables.word_freq
    assert freq["疣"] < checker.LONE_WRITTEN_FREQ <= freq["体"]
    text = "治疗一个疣体"
    rare = Candidate(4, 6, "幼体", "sound", 1, checker.threshold)
    common = Candidate(4, 6, "疣替", "sound", 1, checker.threshold)  # only 体 replaced
    look_alike = Candidate(4, 6, "犹体", "shape", 1, checker.threshold)
    assert checker._standings(text, [rare]) == [0.0]
    assert checker._standings(text, [common]) == [checker.LONE_BONUS]
    assert checker._standings(text, [look_alike]) == [checker.LONE_BONUS]
    # the clean sentence of LEMON's medical set that the eased lone reading had "corrected" to 幼体
    assert found("一般情况下，治疗一个疣体，激光治疗需要50元左右，冷冻治疗需要20元左右。") == []


def test_he_she_and_it_are_never_swapped():
    text = "我可以和它们聊最秘密的心事，它们是最棒的保密者。"
    assert any(c.word in ("他们", "她们") for c in checker._scored_runs(text))
    assert found(text) == []


def test_it_stays_silent_on_official_writing():
    rng = random.Random(1)
    articles = [csc_eval.official_article(rng) for _ in range(5)]
    assert [found(a) for a in articles] == [[]] * 5


def test_it_leaves_whitelisted_words_alone():
    context = CheckContext(registers={"whitelist": ["零导"]})
    assert found("各级党组织和零导干部要带头落实。", context) == []


def test_it_degrades_to_word_statistics_without_the_model():
    fallback = TypoChecker(lm_path="/nonexistent/zh_CN.lm")
    assert fallback.lm is None
    assert "未找到语言模型" in fallback.warning
    assert fallback.threshold == TypoChecker.THRESHOLD_WORDS
    assert found("热列欢迎各位来宾", on=fallback) == [("typo.common", 0, 4, "热烈欢迎")]
    assert found("各级党组织和领导干部要带头落实。", on=fallback) == []


def test_it_refuses_a_bad_threshold():
    with pytest.raises(ValueError, match="Invalid threshold"):
        TypoChecker(threshold=0)


def test_it_runs_in_the_engine_with_offsets_into_the_whole_text():
    engine = Engine(codes=["typo"])
    text = "第一段没有问题。\n第二段热列欢迎来宾。"
    [f] = engine.check(text)
    assert (f.rule, text[f.start : f.end], f.suggestion) == ("typo.common", "热列欢迎", "热烈欢迎")


def test_its_real_word_error_table_is_up_to_date():
    # typo_real_word_errors.tsv is derived offline; rebuild it with make_typo_data.py --real-word-errors
    tables, word_key = typo_tables.read_tables()
    derived = {w: set(alts) for w, alts in typo.real_word_errors(tables, word_key).items()}
    assert derived == {w: set(alts) for w, alts in typo_tables.load_tables().alternatives.items()}


# -- characters drawn alike, doubled characters, rare characters ---------------------------------------------------


def _char_table(name):
    """A data file of a character and the characters it pairs with, one per line, as a dict."""
    table = {}
    with open(typo_tables.DATA_DIR / name, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                ch, paired = line.rstrip("\n").split("\t")
                table[ch] = paired
    return table


def _glyph_table():
    return _char_table("typo_glyph_shapes.tsv")


def _parts_table():
    return _char_table("typo_glyph_parts.tsv")


def _listed_shapes(ch):
    """The shape-alikes typo_chars.tsv lists for `ch` (pycorrector's groups), without the glyph table."""
    with open(typo_tables.DATA_DIR / "typo_chars.tsv", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == ch:
                return fields[3]
    return ""


@pytest.mark.parametrize(
    "text, written, meant, expected",
    [
        ("国家锐务总局发布通知", "锐", "税", [("typo.confusable", 2, 4, "税务")]),
        ("经县政府批淮同意", "淮", "准", [("typo.confusable", 4, 6, "批准")]),
        ("推动民营企亚发展", "亚", "业", [("typo.confusable", 4, 6, "企业")]),
        ("请各单位负贲人参会", "贲", "责", [("typo.confusable", 4, 7, "负责人")]),
    ],
)
def test_it_corrects_characters_drawn_alike_that_only_the_glyph_table_pairs(text, written, meant, expected):
    assert meant in _glyph_table()[written] and meant not in _listed_shapes(written)
    assert found(text) == expected
    assert found(text.replace(written, meant)) == []


def test_the_glyph_table_pairs_no_numerals():
    numerals = set("〇零一二三四五六七八九十百千万亿两")
    pairs = [(ch, c) for ch, alike in _glyph_table().items() for c in alike if ch in numerals and c in numerals]
    assert pairs == []
    assert "王" in _glyph_table()["三"]  # 三 has look-alikes, only not the other numerals


@pytest.mark.parametrize(
    "text, written, meant, expected",
    [
        ("县人民去院依法公开审理了这起案件。", "去", "法", [("typo.confusable", 1, 5, "人民法院")]),
        ("县工业和言息化局牵头负责。", "言", "信", [("typo.confusable", 4, 7, "信息化")]),
        ("请各村委贝会于本月底前报送材料。", "贝", "员", [("typo.confusable", 3, 6, "委员会")]),
        ("全县共有党贝三千余名。", "贝", "员", [("typo.confusable", 4, 6, "党员")]),
    ],
)
def test_it_corrects_a_character_written_for_the_one_it_is_drawn_in(text, written, meant, expected):
    # Neither sound- nor look-alike as whole glyphs: only the table of parts pairs them.
    assert meant in _parts_table()[written]
    assert meant not in _listed_shapes(written) and meant not in _glyph_table().get(written, "")
    assert typo_tables.load_tables().relation(written, meant) == "shape"
    assert found(text) == expected
    assert found(text.replace(written, meant)) == []


def test_a_whole_character_is_not_taken_for_its_part():
    # 干 is drawn in 旱, but the whole written for its part was left out: 旱粮 and 散坟 are words of county text.
    assert "旱" in _parts_table()["干"] and "坟" in _parts_table()["文"]
    tables = typo_tables.load_tables()
    assert "干" not in tables.meant["旱"] and "文" not in tables.meant["坟"]
    assert found("玉米、大豆等旱粮作物生长正常。") == []
    assert found("清明节期间在公墓和散坟集中区域安排专人值守。") == []


def test_parts_are_not_read_into_real_word_errors():
    # The real-word table reads `shapes`, which the parts stay out of (it was not measured with them).
    tables = typo_tables.load_tables()
    assert "员" in tables.parts["贝"] and "员" not in tables.shapes.get("贝", ())
    from_parts = [
        (written, alt.word)
        for written, alts in tables.alternatives.items()
        for alt in alts
        for i in alt.changed
        if alt.how == "shape" and alt.word[i] in tables.parts.get(written[i], ())
    ]
    assert from_parts == []


def test_the_table_of_parts_is_drawn_from_the_font():
    # make_typo_data.py --glyphs (a developer tool, beside the data it writes) on a few characters: a part with
    # less than half the whole's ink is a radical (口 of 吃), never a part.
    spec = importlib.util.spec_from_file_location("make_typo_data", typo_tables.DATA_DIR / "make_typo_data.py")
    make_typo_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_typo_data)
    parts = make_typo_data.glyph_parts(list("贝员口吃去法也地言信"))
    assert parts == {"贝": ["员"], "去": ["法"], "也": ["地"], "言": ["信"]}


def test_a_doubled_character_is_not_taken_for_a_slip():
    text = "因为这位房东是我姊姊的朋友"
    # The search offers 姊妹 for 姊姊; a character written twice is doubled on purpose, so it is not even scored.
    assert (8, 10, "姊妹") in [c[:3] for c in checker.core.candidates(text)]
    assert found(text) == []
    assert found(text, on=python_only) == []


@pytest.mark.parametrize(
    "text, candidate",
    [
        ("建议服用奥美拉唑胶囊", (6, 8, "拉屎")),
        ("你可以考虑服用吡哌酸，呋喃妥因", (7, 9, "屁股")),
    ],
)
def test_a_rare_character_needs_more_evidence(text, candidate, monkeypatch):
    # 唑 and 吡 are rare: in clean text mostly parts of terms the dictionary lacks. (Nor does a lone sound-alike of
    # them get the lone bonus: LONE_WRITTEN_FREQ, taken out here to test the penalty alone.)
    assert found(text) == [] and found(text, on=first_only) == []
    monkeypatch.setattr(TypoChecker, "RARE_WRITTEN_PENALTY", 0.0)
    monkeypatch.setattr(TypoChecker, "LONE_WRITTEN_FREQ", 0)
    assert found(text, on=TypoChecker(compiled=False, second_lm_path=None)) == [("typo.confusable", *candidate)]
    # The second model needs no penalty to refuse them: it reads the corrected context as no likelier.
    assert found(text, on=TypoChecker(compiled=False)) == []


# -- the compiled core (_typo_core) against the Python methods it replaces ------------------------------------------

python_only = TypoChecker(compiled=False)


def garbled_sentences(count, seed):
    """Sentences of dictionary words with some characters swapped for sound- or shape-alikes: text dense in
    candidates of every kind, to compare the two searches on."""
    rng = random.Random(seed)
    tables = typo_tables.load_tables()
    words = sorted(tables.targets)
    by_reading = {}
    for ch, readings in tables.readings.items():
        for reading in readings:
            by_reading.setdefault(reading, []).append(ch)
    sentences = []
    for _ in range(count):
        chars = list("".join(rng.choice(words) for _ in range(rng.randint(3, 12))))
        for p in rng.sample(range(len(chars)), k=min(len(chars), rng.randint(0, 3))):
            meant = tables.meant.get(chars[p], ())
            if meant:
                choice = rng.choice(meant)
                chars[p] = rng.choice(by_reading[choice]) if choice.isascii() else choice
        sentences.append("".join(chars) + rng.choice("。，；\n"))
    return sentences


def test_the_compiled_core_is_built():
    assert checker.core is not None, "sanshen.checks._typo_core 未编译（pip install -e . 会编译它）"


@pytest.mark.parametrize("seed", range(4))
def test_the_compiled_core_finds_what_the_python_search_finds(seed):
    sentences = garbled_sentences(150, seed)
    total = 0
    for run in sentences:
        run = run[:-1]
        compiled = checker.core.candidates(run)
        assert compiled == [tuple(c)[:5] for c in python_only._candidates(run, {})], run
        total += len(compiled)
        assert checker.core.segment(run) == typo_tables.segment(typo_tables.load_tables(), run)
    assert total > 500  # the garbled text must give the searches something to find


@pytest.mark.parametrize("seed", range(4))
def test_the_compiled_core_finds_the_whole_words_the_python_search_finds(seed):
    text = "".join(garbled_sentences(300, 200 + seed))
    compiled = checker.core.whole_words(text)
    runs = TypoChecker.CHINESE_RUN.finditer(text)
    expected = [(c.start + m.start(), c.end + m.start(), c.word, c.how, c.changes) for m in runs
                for c in python_only._whole_words(m.group())]
    assert compiled == expected
    assert len(compiled) > 20


def test_the_compiled_core_restores_the_halves_the_python_search_restores():
    # Four-character targets with a half written as a same-sound word: the garbled text of the other tests changes
    # single characters only.
    tables = typo_tables.load_tables()
    search = load_search_tables()
    by_key: dict[str, list[str]] = {}
    for word, key in tables.word_key.items():
        if len(word) == 2:
            by_key.setdefault(key, []).append(word)
    rng = random.Random(7)
    pieces = []
    for word in sorted(w for w in tables.targets if len(w) == 4)[::40]:
        h = rng.choice((0, 2))
        others = [w for w in by_key.get(tables.word_key.get(word[h : h + 2], ""), ()) if w[0] != word[h] and w[1] != word[h + 1]]
        pieces.append(word[:h] + rng.choice(others) + word[h + 2 :] if others else word)
    text = "，".join(pieces)
    compiled = checker.core.whole_words(text)
    runs = TypoChecker.CHINESE_RUN.finditer(text)
    expected = [(c.start + m.start(), c.end + m.start(), c.word, c.how, c.changes) for m in runs
                for c in python_only._whole_words(m.group())]
    assert compiled == expected
    assert sum(1 for c in compiled if c[4] == 2) > 20
    assert search.by_half  # the Python search's table of halves


@pytest.mark.parametrize(
    "text, found_whole",
    [
        ("公司类型为有线责任公司", ("有线责任", "有限责任")),  # 有线 and 责任 are words: no other search tries it
        ("全县疫情防空应急预案", ("疫情防空", "疫情防控")),
        ("深入开展病媒生物防制工作", None),  # 防制 is one of sanshen's own words
        ("慢性前列腺炎以理疗为主", None),  # 前列腺 + 炎: the changed character ends the window
        ("全年共接诊一百多例", None),  # a numeral in the window
        ("全县共有一百多例", None),
        # a half written as another word that reads the same: an input method offers whole words
        ("如有疑问请拨打练习电话0855-7221234", ("练习电话", "联系电话")),
        ("因专家评审等原因，办理实现可能适当延长", ("办理实现", "办理时限")),
        # read as the word reads: 予以 is yu yi, though 予 alone also reads zhu (no 个人主义)
        ("对表现突出的个人予以通报表扬", None),
    ],
)
def test_a_four_character_word_is_restored_whole_where_its_parts_are_words(text, found_whole):
    # With the restoring switched off, nothing is found; with it, exactly the whole word (or still nothing).
    reported = [(f.text, f.suggestion) for f in checker.check(text, CheckContext())]
    assert reported == ([found_whole] if found_whole else [])
    without = TypoChecker()
    without._with_whole_words = lambda text, scored, memo: scored
    assert found(text, on=without) == []


@pytest.mark.parametrize("seed", range(2))
def test_the_compiled_checker_reports_what_the_python_checker_reports(seed):
    # Without its last stop the text ends inside a run of Chinese characters.
    text = "".join(garbled_sentences(200, 100 + seed))[:-1]
    reported = found(text)
    assert reported == found(text, on=python_only)
    assert len(reported) > 20


def test_the_compiled_core_refuses_characters_beyond_the_basic_plane():
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        checker.core.candidates("中\U00020000国")


@pytest.mark.parametrize("on", [checker, python_only], ids=["compiled", "python"])
def test_a_sentence_is_read_the_same_with_or_without_its_final_stop(on):
    sentences = [s[:-1] for s in garbled_sentences(120, 7)] + ["各级党组织和零导干部要带头落实", "请各淡味于本周五前报送材料"]
    reported = [found(s, on=on) for s in sentences]
    assert reported == [found(s + "。", on=on) for s in sentences]
    assert sum(map(len, reported)) > 10


def test_a_word_that_ends_the_text_is_counted_once():
    for sentence in garbled_sentences(50, 8):
        run = sentence[:-1]
        count, words = python_only._coverage(run)
        stopped_count, stopped_words = python_only._coverage(run + "。")
        assert (count, words) == (stopped_count[:-1], stopped_words)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a word typed twice, a function character doubled
        ("推进乡村振兴乡村振兴工作。", [(2, 10, "乡村振兴", "warn")]),
        ("我们的的工作", [(2, 4, "的", "warn")]),
        ("省人大常委会报国务院和和全国人大常委会备案", [(10, 12, "和", "warn")]),
        # two characters said twice may be the language's own (研究研究): only a hint; not a verb of 公文
        ("要多沟通沟通群众急难愁盼问题", [(2, 6, "沟通", "info")]),
        ("要切实解决解决群众急难愁盼问题", [(3, 7, "解决", "warn")]),
        ("各乡镇要开展开展专项整治", [(4, 8, "开展", "warn")]),
        # each of the two belongs to a word of its own (为了 了解, 目的 的, 可以 以, 现在 在, 场所 所在)
        ("为了了解群众诉求，达到目的的手段", []),
        ("可以以此为据，现在在家办公，经营场所所在地", []),
        # fixed and spoken doubling: numbers, 一X一X, ABAB verbs, V着V着, degree words, 是不是, emphasis
        ("二〇二〇年，一步一步，研究研究再定", []),
        ("走着走着，很多很多，你是不是不想干了", []),
        ("对对对，不了了之，实实在在，的的确确", []),
    ],
)
def test_it_finds_repeated_words(text, expected):
    findings = [f for f in checker.check(text, CheckContext()) if f.rule == "typo.repeated"]
    assert [(f.start, f.end, f.suggestion, f.severity) for f in findings] == expected
    for f in findings:
        assert f.category == "typo" and f.standard == 8
        assert f.text == text[f.start : f.end] == f.suggestion * 2


def test_it_leaves_a_whitelisted_repeat_alone():
    context = CheckContext(registers={"whitelist": ["长安长安"]})
    assert found("演唱《长安长安》", context) == []
    assert found("演唱《长安长安》") == [("typo.repeated", 3, 7, "长安")]


def test_the_compiled_core_finds_the_repeats_the_regexes_find():
    rng = random.Random(9)
    pieces = [s[: rng.randint(1, 9)] for s in garbled_sentences(200, 9)]
    pieces += ["的", "了", "的的的", "天天", "乡村振兴", "研究", "对对对", "一二", "，", "。"]
    # Pieces doubled at random, so that repeats of every length sit next to each other and to other text.
    text = "".join(p * rng.choice((1, 1, 2, 3)) for p in rng.choices(pieces, k=400))
    words, doubles = checker.core.repeats(text)
    assert words == [(m.start(), len(m.group(1))) for m in TypoChecker.REPEATED_WORD.finditer(text)]
    assert doubles == [m.start() for m in TypoChecker.DOUBLED_CHAR.finditer(text)]
    assert len(words) > 50 and len(doubles) > 10
    assert found(text) == found(text, on=python_only)


def test_the_compiled_core_finds_the_remnants_and_doubles_the_python_search_finds():
    table = typo.load_missing_table()
    checker.core.index_remnants(table.remnants)
    rng = random.Random(11)
    words = sorted(w for ws in table.words for w in ws)
    # Words with an inner character dropped or doubled, between garbled sentences, a non-Chinese mark here and there.
    pieces = []
    for _ in range(300):
        w = rng.choice(words)
        k = rng.randrange(1, len(w) - 1)
        pieces.append(rng.choice([w[:k] + w[k + 1 :], w[: k + 1] + w[k:], w]))
        filler = garbled_sentences(1, rng.randrange(1000))[0] if rng.random() < 0.3 else rng.choice("，。a1 的")
        pieces.append(filler)
    text = "".join(pieces)
    remnants, doubles = checker.core.gaps(text)
    assert remnants == python_only._remnants(text, table)
    assert doubles == [m.start() for m in TypoChecker.DOUBLED_ANY.finditer(text)]
    assert len(remnants) > 50 and len(doubles) > 20


def test_a_restored_idiom_stays_a_warning_beside_another_doubt():
    # 一见 → 意见 stands within DOUBT of passing: elsewhere in the sentence it would make a correction a hint, but
    # a restored idiom is evidence of its own
    text = "群众一见是干部来访，立即喜上眉稍。"
    scored = checker._scored_runs(text)
    assert any(
        c.word == "意见" and -checker.doubt <= s < 0 for c, s in zip(scored, checker._standings(text, scored))
    )
    assert [(f.rule, f.text, f.suggestion, f.severity) for f in checker.check(text, CheckContext())] == [
        ("typo.idiom", "喜上眉稍", "喜上眉梢", "warn")
    ]


def test_a_year_in_chinese_numerals_is_not_missing_a_character():
    # 二五年 is what is left of 二十五年 without 十; inside 二〇二五年 it is the year's end, the way 公文 dates write it
    for text in ("二〇二五年全县粮食产量稳定。", "落款：锦屏县人民政府 二〇二四年十二月五日", "二0二五年"):
        assert [f for f in checker.check(text, CheckContext()) if f.rule == "typo.missing"] == [], text
    assert [f.suggestion for f in checker.check("全县已连续二五年保持稳定", CheckContext())] == []
