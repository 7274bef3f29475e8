import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.fixed_phrase import RULES, FixedPhraseChecker, _rule

checker = FixedPhraseChecker()


def found(text):
    return [(f.rule, f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())]


@pytest.mark.parametrize(
    "text, expected",
    [
        # POL-02 固定表述
        ("坚决打好扫黑险恶专项斗争", [("fixed_phrase.term", 4, 8, "扫黑除恶", "serious")]),
        ("坚持一郭两制方针", [("fixed_phrase.term", 2, 6, "一国两制", "serious")]),
        ("认真贯切落实会议精神", [("fixed_phrase.term", 2, 4, "贯彻", "serious")]),
        ("勿忘初心、牢记使命", [("fixed_phrase.term", 0, 4, "不忘初心", "serious")]),
        ("坚决打好扫黑除恶专项斗争", []),
        # POL-03 会议届次 is the session checker's (test_sessions.py): nothing here
        ("学习贯彻党的二十大三中全会精神", []),
        # POL-04 建国
        ("庆祝建国75周年", [("fixed_phrase.founding", 2, 8, "新中国成立75周年", "warn")]),
        ("庆祝新中国成立75周年", []),
        ("张建国同志", []),
        # POL-05 亲自
        ("县长亲自部署防汛工作", [("fixed_phrase.in_person", 2, 4, "", "warn")]),
        ("习近平总书记亲自部署、亲自指挥", []),
        ("毛主席亲自题词", []),
        ("群众亲自动手清理河道", []),
        # POL-06 隆重召开
        ("全县安全生产例会隆重召开", [("fixed_phrase.grand_meeting", 8, 12, "召开", "warn")]),
        ("第十四届全国人民代表大会第一次会议在北京隆重召开", []),
        ("全县安全生产例会召开", []),
        # POL-07 老板
        ("局里的老板说要加班", [("fixed_phrase.boss", 3, 5, "负责人", "warn")]),
        ("个体工商户老板积极纳税", []),
        # POL-08
        ("践行八荣八耻", [("fixed_phrase.honor_shame", 2, 6, "社会主义荣辱观", "warn")]),
        # POL-09 犯罪嫌疑人
        ("罪犯王某某已被刑拘", [("fixed_phrase.suspect", 0, 2, "犯罪嫌疑人", "warn")]),
        ("犯罪嫌疑人王某已被刑事拘留", []),
        ("监狱对罪犯开展职业技能培训", []),
        # POL-10 成员国
        ("世界贸易组织成员国", [("fixed_phrase.member", 6, 9, "成员", "warn")]),
        ("世界贸易组织成员", []),
        ("联合国成员国", []),
        # POL-11 评价色彩
        ("本县获评最佳旅游目的地", [("fixed_phrase.superlative", 4, 6, "", "info")]),
        ("歌坛天后到场献唱", [("fixed_phrase.slang", 2, 4, "", "info")]),
        ("天后宫修缮工程", []),
        ("三天后复查", []),
        ("几天后再议", []),
        ("服用天王补心丹", []),
        # POL-15 涉港澳台
        ("中国和台湾的贸易", [("fixed_phrase.cross_strait", 0, 5, "大陆和台湾", "serious")]),
        ("推动中港两地合作", [("fixed_phrase.cross_strait", 2, 4, "内地与香港", "serious")]),
        ("中国与香港的往来", [("fixed_phrase.cross_strait", 0, 5, "内地与香港", "serious")]),
        ("大陆和台湾的贸易", []),
        ("建设数据中台", []),
        # POL-16 思想全称
        ("学习习近平思想", [("fixed_phrase.thought", 2, 7, "习近平新时代中国特色社会主义思想", "warn")]),
        ("学习习近平经济思想和习近平法治思想", []),
        ("学习《习近平新时代中国特色社会主义思想学习纲要》", []),
        # POL-17 党史学习教育
        ("开展党史教育活动", [("fixed_phrase.campaign", 2, 6, "党史学习教育", "warn")]),
        ("开展党史学习教育", []),
        ("参观党史教育基地", []),
        # POL-20 发文字号
        ("国办秘函[2019]19号", [("fixed_phrase.doc_number", 4, 10, "〔2019〕", "warn")]),
        ("国办秘函【2019】19号", [("fixed_phrase.doc_number", 4, 10, "〔2019〕", "warn")]),
        ("国办秘函〔2019〕19号", []),
        ("见附件[2019]", []),
    ],
)
def test_it_applies_the_formulation_table(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a long formulation: any character wrong, missing or added inside it
        ("深入学习习近平新时代中国特色社会注义思想", [(4, 20, "习近平新时代中国特色社会主义思想")]),
        ("习近平新时代中国特色社会主义思享", [(0, 16, "习近平新时代中国特色社会主义思想")]),
        ("构建人类命运同体", [(0, 8, "构建人类命运共同体")]),
        ("推动构建人类命运同体", [(2, 10, "构建人类命运共同体")]),
        ("发展全过程人民主", [(2, 8, "全过程人民民主")]),
        ("践行全过程人民民民主", [(2, 10, "全过程人民民主")]),
        ("践行全过程人名民主", [(2, 9, "全过程人民民主")]),
        ("铸牢中华民族共同休意识", [(0, 11, "铸牢中华民族共同体意识")]),
        # a short one: a character that sounds or looks like the right one, or doubles its neighbour
        ("推进中国式现代代建设", [(2, 8, "中国式现代化")]),
        ("坚定四个自性", [(2, 6, "四个自信")]),
        ("深刻领悟两个确力", [(4, 8, "两个确立")]),
        ("做到两个维户", [(2, 6, "两个维护")]),
        ("全面推进乡村振新", [(0, 8, "全面推进乡村振兴")]),
        ("实施乡村振新战略", [(2, 8, "乡村振兴战略")]),
        # … or one no word of the dictionary takes up
        ("坚持邓役平理论", [(2, 7, "邓小平理论")]),
        ("推动高质量展", [(2, 6, "高质量发展")]),
        ("坚持毛泽思想", [(2, 6, "毛泽东思想")]),
        ("贯彻新发展念", [(2, 6, "新发展理念")]),
        # inside quotation marks; marks inside a formulation stay where they are in the suggestion
        ("增强“四个意识”、坚定“四个自信”、做到“两个维户”", [(21, 25, "两个维护")]),
        ("坚持“三个代表”重要恩想", [(3, 12, "三个代表”重要思想")]),
        ("‘两个确力’", [(1, 5, "两个确立")]),
        # a listed wrong form, where the general rule would stay silent (富余 is a word)
        ("推动共同富余取得实质性进展", [(2, 6, "共同富裕")]),
        # written right, with or without quotation marks
        ("深入学习习近平新时代中国特色社会主义思想，增强四个自信", []),
        ("学习习近平新时代中国特色社会主义思想", []),
        ("坚持“三个代表”重要思想和科学发展观", []),
        ("深刻领悟“两个确立”的决定性意义，增强“四个意识”", []),
        ("中国式现代化建设", []),
        ("推动高质量发展", []),
        ("不忘初心、牢记使命", []),
        # the correct neighbours a formulation lists
        ("践行社会主义核心价值体系", []),
        ("全面建设小康社会", []),
        ("中国共产党领导下的多党合作和政治协商制度", []),
        # ordinary phrases one edit from a formulation
        ("这两个确定的目标", []),
        ("四个方面的意识", []),
        ("提出四个意见", []),
        ("推进中国现代化进程", []),
        ("中华民族的伟大复兴", []),
        ("坚持人民至上，不能凌驾于人民之上", []),
        ("全面从严治警", []),
        ("推进全面依法治县", []),
        ("建设文化强县", []),
        ("打造网络大国", []),
        ("优秀论文数被中国超过", []),
        ("坚持全面从严管党治党", []),
        ("确保十个确诊病例得到救治", []),
        ("不忘初心，牢记使命", []),
        ("政治意识、大局意识、核心意识和看齐意识", []),
    ],
)
def test_it_finds_misspelt_key_formulations(text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert f.rule == "fixed_phrase.formulation"
        assert f.severity == "serious"
        assert f.category == "fixed_phrase"
        assert f.text == text[f.start : f.end]
        canonical = f.suggestion.replace("”", "").replace("“", "")
        assert f.message == f"重要表述“{canonical}”书写有误（“{f.text}”）"


def test_a_formulation_finding_names_the_document_that_fixes_the_wording():
    [f] = checker.check("坚定四个自性", CheckContext())
    assert f.source == "中央文件规范表述（党章）"


def test_it_names_its_sources():
    [f] = checker.check("全县安全生产例会隆重召开", CheckContext())
    assert f.source == "新华社《新闻信息报道中的禁用词和慎用词》"
    [g] = checker.check("国办秘函[2019]19号", CheckContext())
    assert g.source.startswith("GB/T 9704-2012")


@pytest.mark.parametrize(
    "text, rule",
    [
        ("坚决打好扫黑险恶专项斗争", "fixed_phrase.term"),
        ("庆祝建国75周年", "fixed_phrase.founding"),
        ("县长亲自部署防汛工作", "fixed_phrase.in_person"),
        ("局里的老板说要加班", "fixed_phrase.boss"),
        ("罪犯张某已被刑事拘留", "fixed_phrase.suspect"),
        ("世贸组织成员国", "fixed_phrase.member"),
        ("打造最佳旅游目的地", "fixed_phrase.superlative"),
        ("中国和台湾", "fixed_phrase.cross_strait"),
        ("中国与澳门", "fixed_phrase.cross_strait"),
        ("中港合作", "fixed_phrase.cross_strait"),
        ("开展党史教育活动", "fixed_phrase.campaign"),
        ("国办秘函[2019]19号", "fixed_phrase.doc_number"),
    ],
)
def test_a_text_a_rule_matches_holds_one_of_its_screen_words(text, rule):
    # The checker skips a rule whose screen words are all missing: safe only if every text it matches holds one.
    matched = [r for r in RULES if r.pattern.search(text)]
    assert rule in [r.rule for r in matched]
    for r in matched:
        assert r.screen and any(word in text for word in r.screen), r.rule
    assert rule in [f.rule for f in checker.check(text, CheckContext())]


def test_a_plain_word_rule_screens_itself_and_a_pattern_needs_its_words():
    plain = next(r for r in RULES if r.pattern.pattern == "贯切")
    assert plain.screen == ("贯切",)
    assert _rule("x", r"建国\d+周年", "", "", "warn", "").screen == ()
