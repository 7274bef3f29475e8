import pytest

from sanshen.checks import CheckContext, Engine, EngineConfig, RuleSetting
from sanshen.checks.checkers.injected import CATEGORY_CODES, DATA_DIR, DEFAULT_LEXICON_FILE, InjectedContentChecker
from sanshen.checks.lexicon import Lexicon, LexiconEntry, load_lexicon


@pytest.fixture(scope="module")
def checker():
    return InjectedContentChecker()


def _found(checker, text, **context):
    findings = checker.check(text, CheckContext(**context))
    for f in findings:
        assert f.category == "injected_content"
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.severity, f.start, f.end) for f in findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        # one listed word per category
        ("真人荷官在线发牌", [("injected.gambling.word", "block", 0, 4), ("injected.gambling.word", "block", 4, 8)]),
        ("同城约炮", [("injected.porn.word", "block", 0, 4)]),
        ("出售仿真枪", [("injected.contraband.word", "block", 0, 5)]),
        ("代开各类发票", [("injected.fake_document.word", "block", 0, 6)]),
        ("信用卡套现", [("injected.loan.word", "block", 0, 5)]),
        ("兼职刷单", [("injected.fraud.word", "block", 0, 4)]),
        # disguised by symbols, spaces, width and 繁体
        ("真*人*荷*官", [("injected.gambling.word", "block", 0, 7)]),
        ("信 用 卡 套 現", [("injected.loan.word", "block", 0, 9)]),
        ("北京ＰＫ１０", [("injected.gambling.word", "block", 0, 6)]),
        # refused, not offered: no finding
        ("不出租、不出售银行卡和电话卡", []),
        ("请远离六合彩", []),
        ("拒绝兼职刷单", []),
        ("请勿参与“网上赌场”", []),
        ("不要相信“日赚千元”", []),
        ("提款不限次数，首存送彩金", [("injected.gambling.word", "block", 7, 12)]),
        # quoted in a warning or a crackdown report: a warning only
        # beside a warning it is a warning (to check); quoted in the warning, or called a fraud in its own clause, it
        # is the warning's subject (a note)
        ("反诈民警提醒：兼职刷单都是诈骗", [("injected.fraud.word", "info", 7, 11)]),
        ("反诈民警提醒，兼职刷单，日赚500", [("injected.fraud.word", "warn", 7, 11)]),
        ("反诈民警提醒：“兼职刷单”都是诈骗", [("injected.fraud.word", "info", 8, 12)]),
        ("骗子发布“兼职刷单、日赚几百”的招聘信息", [("injected.fraud.word", "info", 5, 9)]),
        ("凡是通过网络刷单、刷信誉的，都是诈骗", [("injected.fraud.word", "info", 9, 12)]),
        ("通过网络刷信誉的，日赚500", [("injected.fraud.word", "block", 4, 7)]),
        ("“兼职刷单”", [("injected.fraud.word", "block", 1, 5)]),
        # the item's title names the warning: a quoted word in its questions is the warning's own
        ("【反诈问答】\n问：网上有人说可以“兼职刷单”，靠谱吗？", [("injected.fraud.word", "info", 17, 21)]),
        ("【反诈问答】\n兼职刷单，日赚500", [("injected.fraud.word", "warn", 7, 11)]),
        ("县公安局破获一起开设赌场案，查获老虎机12台", [("injected.gambling.word", "warn", 16, 19)]),
        # a shop's registered name holding a listed word (百家 + 乐购): a note; the same word after no place is not one
        ("当事人：锦屏县敦寨镇百家乐购超市（个体工商户）", [("injected.gambling.word", "info", 10, 13)]),
        ("澳门百家乐超市", [("injected.gambling.word", "block", 2, 5)]),
        # government wording that shares characters with the list
        ("纳税人可申请代开增值税发票", []),
        ("黄金、铂金、彩金饰品抽检合格", []),
        ("严厉打击境外赌博网站推广活动", []),
        ("创业担保贷款实现当天申请、当天放款", []),
        ("学历证书须在学信网可查", []),
    ],
)
def test_it_finds_listed_words(checker, text, expected):
    assert _found(checker, text) == expected


@pytest.mark.parametrize(
    "text, rule, severity",
    [
        # variants with no listed word: a contact hook meets lures (and prices)
        ("澳门首冲送88彩金，日提无上限，QQ：12345678", "injected.gambling.ad", "block"),
        ("足球竞猜、篮球投注，赔率全网最高，扫码下载APP：www.bet365x.cc", "injected.gambling.ad", "serious"),
        ("同城约会，学生妹少妇上门，300元/次，联系微信：yue5201314", "injected.porn.ad", "block"),
        ("冰糖、叶子、飞行燃料现货，顺丰到付，TG：@ice2024", "injected.contraband.ad", "serious"),
        ("办理毕业证、学位证，全国包过，联系QQ：1234567890", "injected.fake_document.ad", "serious"),
        ("代开增值税专用发票，点数低，电话：13812345678", "injected.fake_document.ad", "serious"),
        ("征信不好也能贷，不看负债，电话：13912345678", "injected.loan.ad", "block"),
        ("花呗、白条取现，当场到账，TG：@xianjin99", "injected.loan.ad", "serious"),
        ("网上兼职打字员，日赚200-500元，QQ：555666777", "injected.fraud.ad", "serious"),
        ("手机操作日赚300元，加V X：abc1234", "injected.fraud.ad", "serious"),
        ("手机操作日赚300元，加薇信：abc1234", "injected.fraud.ad", "serious"),
        # no contact in the line (it is in a picture or behind a link), but several words only such an ad uses
        ("网上棋牌现金局，上分下分秒到账，每天签到领红包", "injected.gambling.ad", "serious"),
        ("信用卡逾期不用愁，专业代还、大额套现，当天到账", "injected.loan.ad", "serious"),
        # a web address beside four weak lures of one kind: an ad with no strong word, for a person to confirm
        ("同城交友，寂寞美女在线视频，私密一对一，上门服务，扫码进入www.yy520live.cc", "injected.porn.ad", "serious"),
        # a warning beside the ad, in another sentence, does not make it a quote
        ("档案严禁个人自带。办理毕业证、学位证，全国包过，联系QQ：1234567890。", "injected.fake_document.ad", "serious"),
        ("出售仿真枪、气枪，货到付款，电报联系@hjd668", "injected.contraband.ad", "block"),
    ],
)
def test_it_scores_ad_like_passages(checker, text, rule, severity):
    ads = [f for f in checker.check(text, CheckContext()) if f.rule.endswith(".ad")]
    assert [(f.rule, f.severity) for f in ads] == [(rule, severity)]


@pytest.mark.parametrize(
    "text",
    [
        # hotlines, recruitment and procurement notices, bank products, code scanning
        "政务服务热线：12345，咨询电话：0591-12345678",
        "招聘保洁员2名，日结工资150元/天，包吃住，联系电话：13812345678，微信：hr12345",
        "招聘兼职网格员10名，每月补贴1500元，报名电话：13912345678",
        "项目预算金额：150万元，采购人联系电话：13912345678，网址：www.ccgp-fujian.gov.cn",
        "农商银行推出“乡村振兴贷”，无抵押、无担保，最高可贷30万元，咨询电话：13812345678",
        "扫码关注“某某发布”微信公众号，获取更多资讯。官网：www.xx.gov.cn",
        "为残疾人提供上门服务，按摩推拿每次收费30元，预约电话：13612345678",
        "体育彩票开奖结果请扫码查询，咨询电话13512345678",
        "办证大厅提供身份证、驾驶证办理服务，身份证工本费20元，咨询电话：13412345678，扫码预约",
        "创业担保贷款无抵押、无担保，符合条件的当天到账",
        "县文化馆举办棋牌比赛，上午开赛，下午颁奖",
        # warnings that quote an ad in full
        "警惕刷单诈骗：“日赚300元”的兼职都是骗局，请勿添加陌生人微信：abc1234",
        "驾驶证考试没有“包过”一说，凡称可以包过的都是骗子，举报电话：13800000000",
    ],
)
def test_government_text_is_not_an_ad(checker, text):
    assert _found(checker, text) == []


def test_an_ad_may_go_on_over_a_line_break(checker):
    text = "联系电话：13812345678\n足球投注 赔率最高\nTG：@bet8888"
    assert _found(checker, text) == [("injected.gambling.ad", "serious", 19, 38)]


def test_it_explains_the_ad(checker):
    [finding] = checker.check("网上兼职打字员，日赚200-500元，QQ：555666777", CheckContext())
    assert finding.message == (
        "疑似被植入的刷单返利等诈骗广告（联系方式“QQ：555666777”，诱导用语“兼职”“日赚”，价格“200-500元”）。"
        "政府网站不得出现此类内容，请核实来源并删除"
    )
    assert finding.suggestion == ""


def test_it_explains_the_word(checker):
    [finding] = checker.check("信用卡套现", CheckContext())
    assert finding.message.startswith("植入内容“信用卡套现”（非法放贷套现）：非法放贷、信用卡套现广告用语（依据")
    assert finding.source == "内置植入内容词库"


def test_the_shipped_list_has_a_category_and_a_source_for_every_word():
    lexicon = load_lexicon((DATA_DIR / DEFAULT_LEXICON_FILE).read_bytes(), DEFAULT_LEXICON_FILE)
    assert len(lexicon) > 150
    assert {e.category for e in lexicon.entries} == set(CATEGORY_CODES)
    for entry in lexicon.entries:
        assert entry.level == 1, entry
        assert "依据" in entry.note, entry


def test_the_register_whitelist_silences_a_listed_word(checker):
    assert _found(checker, "真人荷官", registers={"whitelist": ["真人荷官"]}) == []
    assert _found(checker, "真人荷官", registers={"whitelist": ["别的词"]}) == [("injected.gambling.word", "block", 0, 4)]


def test_a_rule_setting_switches_a_category_off_or_down():
    config = EngineConfig(
        rules={"injected.loan": RuleSetting(enabled=False), "injected.gambling.word": RuleSetting(severity="warn")}
    )
    engine = Engine(config, codes=["injected"])
    text = "信用卡套现，真人荷官，征信不好也能贷，不看负债，电话：13912345678"
    assert [(f.rule, f.severity) for f in engine.check(text)] == [("injected.gambling.word", "warn")]


def test_it_takes_a_lexicon_option(tmp_path):
    path = tmp_path / "本地广告词.csv"
    path.write_text("词语,分类,级别\n某广告词,赌博,1\n某新词,新类别,1\n", encoding="utf-8")
    checker = InjectedContentChecker(lexicon=str(path))
    assert _found(checker, "某广告词和某新词，真人荷官") == [
        ("injected.gambling.word", "block", 0, 4),
        ("injected.other.word", "block", 5, 8),
    ]
    checker = InjectedContentChecker(lexicon=Lexicon([LexiconEntry("某广告词", "色情", 1), LexiconEntry("某慎用词", "色情", 3)]))
    assert _found(checker, "某广告词，某慎用词") == [("injected.porn.word", "block", 0, 4), ("injected.porn.word", "warn", 5, 9)]
    with pytest.raises(ValueError, match="Invalid lexicon option"):
        InjectedContentChecker(lexicon=["某词"])


def test_it_runs_in_the_engine():
    findings = Engine(codes=["injected"]).check("页面出现“注册送彩金”")
    assert [(f.rule, f.start, f.end) for f in findings] == [("injected.gambling.word", 5, 10)]


EXPLAINER = (
    "锦屏县公安局反诈中心提醒\n"
    "近期电信网络诈骗案件高发，请广大群众提高警惕。\n"
    "一、刷单返利：“动动手指，日赚300元”\n"
    "骗子话术：“宝妈在家也能做，一单一结。”先小额返利取得信任，再诱导大额垫付。\n"
    "二、虚假贷款：“无抵押、不查征信、秒到账”\n"
    "骗子话术：“您的贷款已审批，请先交保证金。”正规贷款放款前不收任何费用。\n"
    "凡是要求先交钱的，都是诈骗。"
)


def test_an_explainer_that_warns_throughout_quotes_its_scams():
    # the text names fraud again and again: its quoted scam lines are examples, at most notes
    found = InjectedContentChecker().check(EXPLAINER, CheckContext())
    assert [f for f in found if f.severity != "info"] == []


def test_an_ad_planted_unquoted_in_a_crackdown_report_is_still_found():
    text = (
        "县公安局持续开展打击整治枪爆违法犯罪专项行动，今年以来共收缴非法枪支9支。"
        "出售气狗及配件，支持验货，暗号锦屏。公安机关提醒，私藏枪支弹药属违法行为，请主动上交。"
    )
    found = InjectedContentChecker().check(text, CheckContext())
    assert [(f.rule, f.severity) for f in found] == [("injected.contraband.ad", "serious")]


def test_a_scam_in_straight_quotes_or_described_by_its_punishment_is_a_note():
    # Straight quotes open and close alike; "…的，…依法惩戒" describes an offence, it does not offer it.
    text = (
        "【典型案例】今年4月，我县一名青年在网上看到\"兼职刷单\"广告，被骗1.2万元。民警提醒广大群众谨防诈骗。\n"
        "为赚取\"好处费\"出租、出借、出售银行卡和电话卡的，不仅可能被依法惩戒，还可能构成犯罪。"
    )
    found = InjectedContentChecker().check(text, CheckContext())
    assert sorted((f.text, f.severity) for f in found) == [("兼职刷单", "info"), ("出售银行卡", "info")]
