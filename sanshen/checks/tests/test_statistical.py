import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.statistical import StatisticsChecker


@pytest.fixture(scope="module")
def checker():
    return StatisticsChecker()


def found(checker, text):
    findings = checker.check(text, CheckContext())
    for f in findings:
        assert (f.category, f.standard, f.severity) == ("statistics", 7, "warn")
        assert f.source == "第三条第7项 统计数据准确"
        assert text[f.start : f.end] == f.text
    return findings


@pytest.mark.parametrize(
    "text, expected",
    [
        # a rate of change against the two figures it comes from
        ("从120万元增长到150万元，增长20%", [(17, 20, "由120万元到150万元应为增长25.0%，文中为增长20%，请核实")]),
        ("从120万元增长到150万元，增长25%", []),
        ("去年增长5%。从120万元增长到150万元，增长20%", [(24, 27, "由120万元到150万元应为增长25.0%，文中为增长20%，请核实")]),
        ("从120万元增长到150万元。增长20%", []),
        ("从150万元下降到120万元，下降25%", [(17, 20, "由150万元到120万元应为下降20.0%，文中为下降25%，请核实")]),
        ("从150万元下降到120万元，下降20%", []),
        ("从120万元增长到150万元，下降25%", [(17, 20, "由120万元到150万元应为增长25.0%，文中为下降25%，请核实")]),
        ("由去年同期的120万元增至150万元，同比增长20%", [(23, 26, "由120万元到150万元应为增长25.0%，文中为增长20%，请核实")]),
        ("由2019年的120万元增长到2024年的150万元，增长25%", []),
        ("由120增至150万元，增长20%", [(14, 17, "由120万元到150万元应为增长25.0%，文中为增长20%，请核实")]),
        ("由1,200万元增长到1,500万元，增长25%", []),
        ("从9000元增长到12000元，增长30%", [(18, 21, "由9000元到12000元应为增长33.3%，文中为增长30%，请核实")]),
        ("从9000元增长到12000元，增长33.3%", []),
        # counts are exact; rounded figures allow what their rounding allows
        ("从3个增加到5个，增长60%", [(11, 14, "由3个到5个应为增长66.7%，文中为增长60%，请核实")]),
        ("从3个增加到5个，增长66.7%", []),
        ("从9000元增长到1.2万元，增长30%", []),
        # the amount of change between them
        ("从120万元增长到150万元，增加20万元，增长25%", [(17, 21, "由120万元到150万元的变化量应为30万元，文中为20万元，请核实")]),
        ("从120万元增长到150万元，增加30万元，增长25%", []),
        # the base as the figure less the change, or named after 比
        ("实现收入150亿元，比上年增加30亿元，增长20%", [(22, 25, "由120亿元到150亿元应为增长25.0%，文中为增长20%，请核实")]),
        ("全县贫困户1200户，比上年减少300户，下降20%", []),
        ("今年完成150万元，比上年同期的120万元增长20%", [(23, 26, "由120万元到150万元应为增长25.0%，文中为增长20%，请核实")]),
        ("今年完成150万元，比上年同期的120万元增长25%", []),
        # rates that are not the plain change: real growth, yearly averages, 生产总值
        ("按可比价格计算，由120亿元增长到150亿元，增长5.2%", []),
        ("由120万元增长到150万元，年均增长4.6%", []),
        ("地区生产总值150亿元，比上年增加30亿元，增长8.5%", []),
        ("销量从120万辆增长到150万辆，增长1.25倍", []),
    ],
)
def test_it_checks_a_rate_of_change_against_its_figures(checker, text, expected):
    findings = found(checker, text)
    assert [(f.start, f.end, f.message) for f in findings] == expected
    assert all(f.rule == "statistics.change_rate" for f in findings)


@pytest.mark.parametrize(
    "text, expected",
    [
        # two percentages differ by 个百分点
        ("由45.2%提高到50.3%，提高5.1%", [("statistics.percentage_point", 17, 21, "5.1个百分点")]),
        ("由45.2%提高到50.3%，提高5.1个百分点", []),
        ("由45.2%提高到50.3%，提高11.3%", []),
        ("由45%提高到50%，提高3个百分点", [("statistics.change_rate", 13, 18, "")]),
        ("由45%提高到50%，提高5个百分点", []),
        ("从120万元增长到150万元，增长25个百分点", []),
    ],
)
def test_it_tells_percentage_points_from_percent(checker, text, expected):
    assert [(f.rule, f.start, f.end, f.suggestion) for f in found(checker, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a share against its part and whole
        ("城镇人口30万人，占总人口50万人的65%", [("statistics.share", 18, 21, "30万人占50万人的60.0%，文中为65%，请核实")]),
        ("城镇人口30万人，占总人口50万人的60%", []),
        ("完成投资1.5亿元，占年度计划2亿元的75%", []),
        # shares of one whole add up to no more than 100%
        ("分别占45%、35%、30%", [("statistics.share_sum", 0, 14, "各部分所占比例相加为110%，超过100%，请核实")]),
        ("一二三产业分别占比为45.5%、35.2%和20.3%", [("statistics.share_sum", 5, 27, "各部分所占比例相加为101.0%，超过100%，请核实")]),
        ("一二三产业分别占比为45.5%、34.2%和20.3%", []),
        ("党员和团员分别占40%、30%", []),
        ("达标率分别为98%、99%", []),
        ("三次产业结构为8.5:38.2:55.3", [("statistics.share_sum", 7, 20, "结构比例各项相加为102.0，不等于100，请核实")]),
        ("三次产业结构为8.5:38.2:53.3", []),
        ("三次产业结构由9.1:40.2:50.7调整为8.5:38.2:53.3", []),
        ("男女比例为51.2:48.8，师生比例为1:15", []),
        ("会议于10:30召开", []),
    ],
)
def test_it_checks_shares(checker, text, expected):
    assert [(f.rule, f.start, f.end, f.message) for f in found(checker, text)] == expected


TABLE = "序号\t乡镇\t户数\t金额（万元）\t备注\n1\t城关镇\t120\t35.5\n2\t东湖乡\t80\t20\t新增\n合计\t{}\t{}\n以上数据截至6月底。"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a table as html_to_text writes it: a row a line, cells split by tabs, empty cells gone
        (TABLE.format(200, 55.5), []),
        (TABLE.format(210, 55.5), [(52, 55, "表中“合计”行“户数”列为210，各行相加为200，请核实统计数据")]),
        (TABLE.format(200, 56.5), [(56, 60, "表中“合计”行“金额（万元）”列为56.5，各行相加为55.5，请核实统计数据")]),
        # rounding: each row rounded to 0.1 may leave the total 0.1 off
        (TABLE.format(200, 55.6), []),
        # 合计 first, then the rows; a title row of years
        ("项目\t2023\t2024\n合计\t300\t331\n一般公共服务\t100\t110\n教育\t200\t220",
         [(20, 23, "表中“合计”行“2024”列为331，各行相加为330，请核实统计数据")]),
        ("项目\t2023\t2024\n合计\t300\t330\n一般公共服务\t100\t110\n教育\t200\t220", []),
        # hierarchies: 功能分类 codes, 一、 and its unmarked children, 其中, 小计
        ("科目编码\t科目名称\t金额\n合计\t350\n201\t一般公共服务支出\t100\n20101\t人大事务\t60\n20103\t政府办公厅\t40\n"
         "205\t教育支出\t250", []),
        ("科目编码\t科目名称\t金额\n合计\t351\n201\t一般公共服务支出\t100\n20101\t人大事务\t60\n20103\t政府办公厅\t40\n"
         "205\t教育支出\t250", [(16, 19, "表中“合计”行“金额”列为351，最高一级各行相加为350，请核实统计数据")]),
        ("项目\t金额\n一、基本支出\t100\n工资福利支出\t60\n商品和服务支出\t40\n二、项目支出\t50\n合计\t150", []),
        ("项目\t人数\n党员\t30\n其中：女党员\t12\n群众\t20\n合计\t50", []),
        ("片区\t金额\n城关镇\t10\n东湖乡\t20\n小计\t30\n白沙镇\t5\n青山乡\t5\n小计\t10\n合计\t40", []),
        # rates and shares in a table
        ("项目\t金额\t增长率\n城关镇\t100\t5.2\n东湖乡\t50\t3.1\n合计\t150\t4.5", []),
        ("项目\t金额\t占比\n城关镇\t100\t66.7%\n东湖乡\t50\t33.3%\n合计\t150\t100%", []),
        ("项目\t金额\t占比\n城关镇\t100\t66.7%\n东湖乡\t50\t43.3%\n合计\t150\t100%",
         [(43, 47, "表中“合计”行“占比”列为100%，各行相加为110.0%，请核实统计数据")]),
        # rows whose cells cannot be lined up, and tables with no total
        ("乡镇\t户数\t金额\n城关镇\t120\t35.5\n东湖乡\t20\n合计\t200\t55.5", []),
        ("乡镇\t户数\n城关镇\t120\n东湖乡\t80", []),
        ("合计\t200", []),
        ("品名\t单价\t数量\n桌子\t300\t10\n椅子\t100\t20\n合计\t—\t30", []),
        ("品名\t单价\t数量\n桌子\t300\t10\n椅子\t100\t20\n合计\t—\t31", [(34, 36, "表中“合计”行“数量”列为31，各行相加为30，请核实统计数据")]),
    ],
)  # fmt: skip
def test_it_adds_up_the_rows_of_a_table(checker, text, expected):
    findings = found(checker, text)
    assert [(f.start, f.end, f.message) for f in findings] == expected
    assert all(f.rule == "statistics.table_total" for f in findings)


@pytest.mark.parametrize(
    "text, message",
    [
        # the message names the rows it added
        ("片区\t金额\n城关镇\t10\n东湖乡\t20\n小计\t30\n白沙镇\t5\n青山乡\t5\n小计\t10\n合计\t45",
         "表中“合计”行“金额”列为45，各小计行相加为40，请核实统计数据"),
        ("项目\t人数\n党员\t30\n其中：女党员\t12\n群众\t20\n合计\t60", "表中“合计”行“人数”列为60，除“其中”外各行相加为50，请核实统计数据"),
    ],
)  # fmt: skip
def test_it_names_the_rows_it_added(checker, text, message):
    assert [f.message for f in found(checker, text)] == [message]


def parts(checker, text):
    return [
        (f.rule, f.severity, f.text, f.message)
        for f in checker.check(text, CheckContext())
        if f.rule in ("statistics.parts_total", "statistics.share", "statistics.share_sum")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2026年，县林业局收入预算合计1856.4万元，其中一般公共预算拨款收入1632.4万元，政府性基金预算拨款收入224万元。",
        "支出预算合计1856.4万元，其中基本支出1128.6万元，占60.8%；项目支出727.8万元，占39.2%。",
        "全县一般公共预算支出完成26.8亿元，同比增长2.1%。其中，教育支出5.36亿元，社会保障和就业支出4.02亿元，"
        "卫生健康支出2.68亿元，农林水支出5.9亿元，其他支出8.84亿元。",
        "“三公”经费预算合计12.5万元，比上年减少1.3万元，下降9.4%。其中，因公出国（境）费0万元；公务用车购置及运行维护费"
        "10.2万元；公务接待费2.3万元。",
        # a part of the parts, a change, per-head figures, a second breakdown, another unit: nothing to add up
        "全县完成投资50亿元，比上年增加5亿元，其中工业投资20亿元，增加3亿元；基础设施投资25亿元，增加2亿元。",
        "全体居民人均可支配收入19860元，其中城镇常住居民人均可支配收入35420元，农村常住居民人均可支配收入14280元。",
        "全镇共排查各类隐患40处，其中地质灾害隐患点23处、山塘水库6处、临河临崖路段11处，已完成整改32处，其余8处正在整改。",
        "全镇共排查各类隐患40处，其中地质灾害隐患点23处、山塘水库6座。",
        "专任教师90人，其中教授31人，副教授41人，讲师18人，所有教师中，具有博士学位的共计73人。",
        # a list short of its total by much: left short on purpose
        "全县共有企业300家，其中工业企业150家，商贸企业100家。",
    ],
)
def test_parts_that_agree_with_their_total_pass(checker, text):
    assert parts(checker, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a whole list (其他) that does not add up
        (
            "全县一般公共预算支出完成26.8亿元。其中，教育支出5.36亿元，卫生健康支出2.68亿元，其他支出19.8亿元。",
            [("statistics.parts_total", "warn", "26.8亿元。其中，教育支出5.36亿元，卫生健康支出2.68亿元，其他支出19.8亿元",
              "其中各项已列全，相加为27.84亿元，与总数26.8亿元不符，请核实")],
        ),
        # a share that the part and the total do not give, and shares above 100%
        (
            "全县农作物播种面积41.2万亩，其中粮食作物24.6万亩，占59.7%；油料作物5.8万亩，占14.1%；蔬菜10.8万亩，占28.2%。",
            [
                ("statistics.share", "warn", "28.2%", "10.8万亩占总数41.2万亩的26.2%，文中为28.2%，请核实"),
                ("statistics.share_sum", "info", "59.7%；油料作物5.8万亩，占14.1%；蔬菜10.8万亩，占28.2%",
                 "其中各项所占比例相加为102.0%，超过100%；若是总数的分项，请核实"),
            ],
        ),
        (
            "全年林业总产值12.4亿元，其中林下经济产值3.1亿元，占林业总产值的28.0%。",
            [("statistics.share", "warn", "28.0%", "3.1亿元占总数12.4亿元的25.0%，文中为28.0%，请核实")],
        ),
        # parts above the total, or a little short of it: a note, as 其中 also lists what overlaps (女性, 少数民族)
        (
            "全县共有企业300家，其中工业企业150家，商贸企业180家。",
            [("statistics.parts_total", "info", "300家，其中工业企业150家，商贸企业180家",
              "其中各项相加为330家，大于总数300家；若是总数的分项，请核实")],
        ),
        (
            "县林业局收入预算合计1865.4万元，其中一般公共预算拨款收入1632.4万元，政府性基金预算拨款收入224万元。",
            [("statistics.parts_total", "info", "1865.4万元，其中一般公共预算拨款收入1632.4万元，政府性基金预算拨款收入224万元",
              "其中各项相加为1856.4万元，比总数1865.4万元少9万元；若已列全，请核实")],
        ),
    ],
)  # fmt: skip
def test_parts_that_disagree_with_their_total_are_found(checker, text, expected):
    assert parts(checker, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # shares given clause by clause, the last for the rest: they must make 100%
        (
            "涉及农村土地的占38.6%，涉及城乡建设的占24.3%，涉及劳动和社会保障的占19.5%，涉及其他事项的占19.0%。",
            [("statistics.share_sum", "warn", "各项（末项为其他）所占比例相加为101.4%，不等于100%，请核实")],
        ),
        ("涉及农村土地的占38.6%，涉及城乡建设的占24.3%，涉及劳动和社会保障的占19.5%，涉及其他事项的占17.6%。", []),
        # with no 其他 the shares need not be of one whole; a 其他 inside a name is no rest (法人或其他组织)
        ("男性占52%，党员占48%，少数民族占80%。", []),
        ("自然人占80%，法人占15%，法人或其他组织占10%。", []),
    ],
)
def test_shares_given_clause_by_clause_make_a_whole(checker, text, expected):
    assert [(f.rule, f.severity, f.message) for f in checker.check(text, CheckContext())] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "2024年全县接待游客185万人次，2025年达到212万人次，同比增长12.6%。",
            [("statistics.change_rate", "12.6%", "由185万人次到212万人次应为增长14.6%，文中为增长12.6%，请核实")],
        ),
        (
            "完成投资12.6亿元，上年同期完成11.2亿元，同比增长15.8%。",
            [("statistics.change_rate", "15.8%", "由11.2亿元到12.6亿元应为增长12.5%，文中为增长15.8%，请核实")],
        ),
        (
            "事故由2024年的46起下降到2025年的37起，减少11起。",
            [("statistics.change_rate", "11起", "由46起到37起的变化量应为9起，文中为11起，请核实")],
        ),
        (
            "新化乡共有12个行政村，已完成验收的有9个，尚未完成的有4个。",
            [("statistics.parts_total", "12个行政村，已完成验收的有9个，尚未完成的有4个",
              "已完成的9个与未完成的4个相加为13个，与总数12个不符，请核实")],
        ),
        (
            "共有320人参加笔试，最终录取48人，录取率为12%。",
            [("statistics.share", "12%", "由48人和320人算得录取率为15.0%，文中为12%，请核实")],
        ),
        (
            "预算支出合计3.42亿元，其中基本支出1.86亿元，用于人员工资；项目支出1.36亿元。",
            [("statistics.parts_total", "3.42亿元，其中基本支出1.86亿元，用于人员工资；项目支出1.36亿元",
              "其中各项已列全，相加为3.22亿元，与总数3.42亿元不符，请核实")],
        ),
    ],
)
def test_it_checks_figures_against_each_other_as_county_items_give_them(text, expected):
    found = StatisticsChecker().check(text, CheckContext())
    assert [(f.rule, f.text, f.message) for f in found] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("拟对以下3户困难群众给予临时救助：\n1．潘玉兰，魁胆村，因病；\n2．刘宗华，平秋村，因灾。\n以上2户合计5500元。", ["以下2户"]),
        ("拟对以下2户困难群众给予临时救助：\n1．潘玉兰，魁胆村，因病；\n2．刘宗华，平秋村，因灾。\n以上2户合计5500元。", []),
        ("以下十户家庭为县级“最美家庭”：\n三江镇：杨国庆家庭、龙秀英家庭\n敦寨镇：吴春花家庭\n公示期5天。", ["以下三户"]),
        ("以下2户给予临时救助，现予以公示：吴*明，偶里村，因病致困；龙*花，皮所村，因意外事故致困。", []),
        ("以下5名同志：见附件。", []),
    ],
)
def test_a_list_holds_the_number_it_announces(text, expected):
    found = [f for f in StatisticsChecker().check(text, CheckContext()) if f.rule == "statistics.list_count"]
    assert [f.suggestion for f in found] == expected
