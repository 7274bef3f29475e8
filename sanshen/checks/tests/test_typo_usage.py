"""公文易混词, 的/地/得, missing and doubled characters, and the names no correction may touch (typo_usage.py)."""

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers import typo_usage
from sanshen.checks.checkers.places import load_place_table
from sanshen.checks.checkers.typo import TypoChecker

checker = TypoChecker()


def found(text, rules=None):
    return [
        (f.rule, f.start, f.end, f.suggestion, f.severity)
        for f in checker.check(text, CheckContext())
        if rules is None or f.rule in rules
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 截至 + a time point + what stood then; 截止 is the deadline itself
        ("截止目前，全县共有企业300家。", [("typo.usage", 0, 2, "截至", "warn")]),
        ("截止2023年底，该村已实现脱贫。", [("typo.usage", 0, 2, "截至", "warn")]),
        ("截止6月30日全县累计完成投资5亿元。", [("typo.usage", 0, 2, "截至", "warn")]),
        ("截至目前，全县共有企业300家。", []),
        ("报名截止3月1日下午5点。", []),
        ("报名时间截止2024年5月31日。", []),
        ("截止到目前，全县共有企业300家。", []),
        ("报名截至日期为5月1日。", [("typo.usage", 2, 4, "截止", "warn")]),
        ("报名于5月1日截至。", [("typo.usage", 7, 9, "截止", "warn")]),
        # 即日起
        ("决定自既日起开展集中整治。", [("typo.usage", 3, 4, "即", "warn")]),
        ("既日常巡查又专项检查，自即日起施行。", []),
        ("报名截止日期为5月1日。", []),
        ("截至日前，已有30人报名。", []),
        # 必须 before a verb, 必需 for what is needed
        ("各单位必需坚持原则。", [("typo.usage", 3, 5, "必须", "warn")]),
        ("生活必须品供应充足。", [("typo.usage", 2, 4, "必需", "warn")]),
        ("各单位必须坚持原则，保障生活必需品供应。", []),
        ("必需经费由县财政保障，他必须品行端正。", []),
        # 作出决定 (a preference of 公文: info), 做好工作, 作为
        ("县政府做出重要部署。", [("typo.usage", 3, 4, "作", "info")]),
        ("县政府作出重要部署，车间做出新产品。", []),
        ("要作好防汛准备。", [("typo.usage", 1, 2, "做", "warn")]),
        ("要做好防汛准备，把工作好好抓实。", []),
        ("这项工作好不好，群众说了算。", []),  # 工作 + 好: the 作 is the word's
        ("做为一名党员，要带头。", [("typo.usage", 0, 1, "作", "warn")]),
        ("多做为民办实事，做为了群众的事。", []),
        # 其他 in 公文
        ("其它事项另行通知。", [("typo.usage", 0, 2, "其他", "info")]),
        # 度过 time, 渡过 water and hard times
        ("欢渡春节", [("typo.usage", 1, 2, "度", "warn")]),
        ("老人们在敬老院渡过了晚年。", [("typo.usage", 7, 8, "度", "warn")]),
        ("企业度过难关。", [("typo.usage", 2, 3, "渡", "warn")]),
        ("企业渡过难关，安全度过汛期。", []),
        # 反映 情况, 启事, 健全
        ("向上级反应情况。", [("typo.usage", 3, 5, "反映", "warn")]),
        ("向患者注射后出现不良反应。", []),
        ("发布招聘启示。", [("typo.usage", 4, 6, "启事", "warn")]),
        ("这件事给我们以启示。", []),
        ("要建全工作机制。", [("typo.usage", 1, 2, "健", "warn")]),
        ("创建全国文明城市，福建全省推广。", []),
        # 检查 of safety and work; 检察 of the procuratorate
        ("开展安全生产大检察。", [("typo.usage", 7, 9, "检查", "warn")]),
        ("专项检察组发现问题3个。", [("typo.usage", 2, 4, "检查", "warn")]),
        ("县人民检察院开展公益诉讼检察，加大检察监督力度。", []),
        ("检察机关依法提出检察建议。", []),
        # 反映 of the public, 公示, 形势, 权力 and 权利, 全力, 启用 (the sixth session's pairs)
        ("对群众反应的问题建立台账。", [("typo.usage", 3, 5, "反映", "warn")]),
        ("针对您反应的问题，答复如下。", [("typo.usage", 3, 5, "反映", "warn")]),
        ("活动开展以来群众反应热烈。", []),
        ("现予以公式，公示期5天。", [("typo.usage", 3, 5, "公示", "warn")]),
        ("公式无异议的，按程序办理。", [("typo.usage", 0, 2, "公示", "warn")]),
        ("计算公式如下，公式化管理。", []),
        ("全县安全生产形式总体平稳。", [("typo.usage", 6, 8, "形势", "warn")]),
        ("宣传形式多样，采取灵活就业形式。", []),
        ("严格规范行政权利运行。", [("typo.usage", 6, 8, "权力", "warn")]),
        ("不得侵犯农户的合法权力。", [("typo.usage", 9, 11, "权利", "warn")]),
        ("依法保障公民权利，规范权力运行。", []),
        ("各单位要权力做好岗位管理。", [("typo.usage", 4, 6, "全力", "warn")]),
        ("公安机关依法行使权力。", []),
        ("新址正式起用。", [("typo.usage", 4, 5, "启", "warn")]),
        ("大胆起用年轻干部。", []),
        # 已 and 己, 泄漏 and 泄露, 考察, 贷款, 事故, 意向, 推进, 工作日
        ("14个小区己全部完工。", [("typo.usage", 5, 6, "已", "warn")]),
        ("严于律己，知己知彼，自己经常说。", []),
        ("发生燃气泄露时立即撤离。", [("typo.usage", 4, 6, "泄漏", "warn")]),
        ("严禁泄漏国家秘密。", [("typo.usage", 2, 4, "泄露", "warn")]),
        ("组织赴外地考查调研。", [("typo.usage", 5, 7, "考察", "warn")]),
        ("本课程为考查课。", []),
        ("累计发放货款2000万元。", [("typo.usage", 4, 5, "贷", "warn")]),
        ("按时支付货款。", []),
        ("全年未发生世故。", [("typo.usage", 5, 7, "事故", "warn")]),
        ("他懂得人情世故。", []),
        ("登记就业意象。", [("typo.usage", 4, 6, "意向", "warn")]),
        ("加快推荐项目建设。", [("typo.usage", 2, 4, "推进", "warn")]),
        ("积极推荐优秀人才。", []),
        ("让群众依法行使诉讼权力。", [("typo.usage", 9, 11, "权利", "warn")]),
        ("在5个工作内办结。", [("typo.usage", 3, 5, "工作日", "warn")]),
        ("请于5个工作日内办结。", []),
    ],
)
def test_it_checks_official_usage_by_context(text, expected):
    assert found(text, {"typo.usage"}) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 地 between an adverbial and its verb
        ("要认真的落实各项政策。", [("typo.de", 3, 4, "地", "warn")]),
        ("要清醒得认识到问题所在。", [("typo.de", 3, 4, "地", "warn")]),
        ("交出满意地答卷。", [("typo.de", 4, 5, "的", "warn")]),
        ("建设干净整洁地村道。", [("typo.de", 6, 7, "的", "warn")]),
        ("部分工作完成的较好，但不足仍在。", [("typo.de", 6, 7, "得", "warn")]),
        ("取得明显地成效。", [("typo.de", 4, 5, "的", "warn")]),
        ("要扎实得推进乡村振兴。", [("typo.de", 3, 4, "地", "warn")]),
        ("工作人员认真的查看房屋结构。", [("typo.de", 6, 7, "地", "warn")]),
        # a verb with its result heads no noun: 政策 after 做好 is its object
        ("各乡镇要认真的做好政策宣传。", [("typo.de", 6, 7, "地", "warn")]),
        ("要认真的落实措施。", []),
        ("进行了认真的检查，认真地核实了情况。", []),
        ("要认真地落实各项政策，扎实地推进乡村振兴。", []),
        # a noun after the verb (推进措施), or nothing after it: 的 is right
        ("扎实的推进措施和严格的整治态度。", []),
        ("取得了积极的支持，得到有效的控制。", []),
        # an object in quotation marks, or the verb ending its clause: 地, unless a verb before makes it a noun
        ("各乡镇扎实的开展“送岗位进村寨”流动招聘。", [("typo.de", 5, 6, "地", "warn")]),
        ("消费券将分三批有序的投放，第一批1月20日开放。", [("typo.de", 9, 10, "地", "warn")]),
        ("各项工作得到了扎实的开展。", []),
        ("项目建设得到有序的推进，", []),
        ("这是一次有序的推进。", []),
        # 得 between a verb and its complement
        ("工作做的很扎实。", [("typo.de", 3, 4, "得", "warn")]),
        ("这件事办的非常好，", [("typo.de", 4, 5, "得", "warn")]),
        ("我们做的很多工作，做得很扎实。", []),
        # with a degree before the complement the model is not asked (it reads 落实的很到位 more often)
        ("扶持政策落实的很到位，群众很满意。", [("typo.de", 6, 7, "得", "warn")]),
        ("把林下养鸡搞的红火，鸡群白天觅食。", [("typo.de", 6, 7, "得", "warn")]),
        ("俗话说的好：“三百六十行，行行出状元。”", []),  # a saying's set form; a colon ends no clause
        # 的 before a noun
        ("取得显著得成效。", [("typo.de", 4, 5, "的", "warn")]),
        ("这比过去重要得多。", []),
    ],
)
def test_it_checks_de_di_de(text, expected):
    assert found(text, {"typo.de"}) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a character dropped from a four-character word
        ("推进乡村兴战略。", [("typo.missing", 2, 5, "乡村振兴", "warn")]),
        ("推进乡村振兴战略。", []),
        # a remnant that belongs to a word around it (动员会, 自动 + 清零) or to an idiom quoted short
        ("召开动员会，位移自动清零，中外游客齐聚一堂。", []),
        # a character typed twice
        ("要认真落落实各项任务。", [("typo.extra", 3, 5, "落", "warn")]),
        ("加快推推进项目建设。", [("typo.extra", 2, 4, "推", "warn")]),
        # doubling that is Chinese: words, AABB, 一AA, a verb before its body part, two words sharing it
        ("人人参与，天天坚持，干干净净，一排排房屋，挥挥手，轮胎胎面，本市市场。", []),
    ],
)
def test_it_finds_missing_and_doubled_characters(text, expected):
    assert found(text, {"typo.missing", "typo.extra"}) == expected


@pytest.mark.parametrize(
    "text, name",
    [
        # a town's name is not a common word misspelt (廷坪 is not 萍乡, 坞镇 not 乌镇, 东凤 not 东风)
        ("近日，丁坞镇召开乡村振兴工作推进会。", "丁坞镇"),
        ("东凤街道人民政府关于做好防汛工作的通知", "东凤街道"),
        ("记者从上梅街道获悉，今年以来该地持续优化营商环境。", "上梅街道"),
        ("近日，三和镇召开乡村振兴工作推进会。", "三和镇"),
        # a plenary-session name (的二十届 is not 第二十届)
        ("学习贯彻党的二十届三中全会精神", "二十届三中全会"),
    ],
)
def test_it_never_corrects_a_real_name(text, name):
    start = text.index(name)
    assert [f for f in checker.check(text, CheckContext()) if f.start < start + len(name) and start < f.end] == []


def test_a_name_does_not_shield_a_real_error_beside_it():
    text = "近日，丁坞镇召开乡村振兴工作推进会，各级党组织和零导干部要带头落实。"
    assert found(text) == [("typo.confusable", 24, 26, "领导", "warn")]


def test_no_town_of_the_places_table_is_corrected():
    names = sorted(n for n in load_place_table().known_names if 2 <= len(n) <= 8)[::40]
    assert len(names) > 800
    wrong = []
    for name in names:
        text = f"近日，{name}召开乡村振兴工作推进会。"
        wrong += [(name, f.rule, f.text) for f in checker.check(text, CheckContext()) if f.start < 3 + len(name)]
    assert wrong == []


@pytest.mark.parametrize(
    "text, spans",
    [
        ("学习党的二十届三中全会精神", [(4, 11)]),
        ("县第十八届人民代表大会第三次会议开幕", [(1, 16)]),
        ("近日，廷坪乡召开会议", [(3, 6)]),
        ("中标金额为人民币壹佰贰拾叁万肆仟伍佰元整（¥1,234,500.00）", [(8, 20)]),
        ("今年全县工作有序推进", []),
    ],
)
def test_it_finds_the_protected_names(text, spans):
    found_spans = typo_usage.protected_names().spans(text)
    for span in spans:
        assert span in found_spans
    if not spans:
        assert found_spans == []


def test_the_usage_rules_stay_silent_on_official_writing():
    from sanshen.checks import csc_eval
    import random

    rng = random.Random(3)
    articles = [csc_eval.official_article(rng) for _ in range(5)]
    assert [found(a) for a in articles] == [[]] * 5


# -- how the rules are tried: the same matches as a plain scan, found faster ---------------------------------------

LED_TEXTS = [
    "要认真的落实各项政策，积极的推进改革，扎扎实实的推进工作。",
    "认真的落实措施，全面的发展，积极的支持。",
    "工作做的很扎实。各项任务完成的非常好，准备的不够充分",
    "美好得生活，显著得成效，重要得作用。",
    "扎实得推进乡村振兴，稳步得提升服务水平。",
    "认真的认真的落实，积极的积极的推进",  # a lead word right after a match
    "的得的得，认真的，的落实",
    "活动开展地有声有色，工作落实地很好。项目落地很快。",
    "村寨变的更加整洁，菜价涨的越来越快，孩子长的更为结实。",
    "耐心的为群众讲解，营造整洁地居住环境，合理得安排路线。",
    "热情的向游客介绍，打造宜居地生活家园，科学得推进工作。",
    "他开心的说：“好。”她激动的表示，感谢。",
    "消费券将有序的投放，各项工作要扎实的推进；得到了扎实的开展，这是一次有序的推进。",
    "工作做的扎实，任务完成的好。",
]


@pytest.mark.parametrize("rule", typo_usage.DE_RULES, ids=lambda r: r.name)
def test_de_rules_find_what_a_scan_of_the_whole_text_finds(rule):
    total = 0
    for text in LED_TEXTS:
        expected = [(m.span(), m.span("w")) for m in rule.pattern.finditer(text)]
        assert [(m.span(), m.span("w")) for m in typo_usage._led_matches(rule, text)] == expected, text
        total += len(expected)
    assert total >= 2


def test_a_name_is_protected_wherever_the_text_is_cut_into_pieces():
    chunk = typo_usage.NamesInText.CHUNK
    for shift in range(-4, 5):
        text = "。" * (chunk - 2 + shift) + "近日，丁坞镇召开会议" + "。" * 600
        start = text.index("丁坞镇")
        names = typo_usage.NamesInText(text)
        assert names.touches(start + 1, start + 2) and names.touches(start - 1, start + 1)
        assert not names.touches(start - 3, start) and not names.touches(start + 3, start + 5)
        assert names.touches(start + 2, start + 400)


def test_spans_are_merged_for_the_overlap_test():
    spans = typo_usage.SpanSet([(10, 14), (12, 20), (30, 31), (5, 5)])
    assert (spans.starts, spans.ends) == ([5, 10, 30], [5, 20, 31])
    assert [spans.overlaps(a, b) for a, b in [(4, 6), (19, 25), (20, 30), (0, 5), (31, 40), (29, 31)]] == [
        True, True, False, False, False, True,
    ]


def test_a_village_organ_is_a_name():
    # 经 + 村人民调解委员会: no correction takes the organ's first character (经村 → 经过)
    assert found("经村人民调解委员会调解，双方达成协议。") == []
    assert found("经村民委员会研究决定，加强监管力渡。") == [("typo.confusable", 15, 17, "力度", "warn")]
