"""公文易混词 and 的/地/得: corrections decided by the words around them, and the names no correction may touch.

Used by TypoChecker (typo.py). Each rule is a pattern with a lookahead or a word list on each side; the typo checker
asks the language model only to veto a 的/地/得 change that makes its context clearly worse (a noun after 的).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick_rs

from ..lexicon import find_matches
from .firm_names import firm_name_spans
from .person_names import person_name_spans, table_name_spans
from .places import LEVEL_CITY, LEVEL_PROVINCE, load_place_table
from .typo_tables import load_tables

SOURCE_USAGE = "公文常见易混词用法"
SOURCE_DE = "“的、地、得”用法（《现代汉语词典》、GB/T 15834 附录）"

# A date or time point: 目前, 今年, 2023年底, 3月31日, 12月份, 发稿时, the day of an event (案发之日, 本公告发布之日).
_DIGITS = "[0-9０-９]"
_HAN_NUM = "[〇零一二三四五六七八九十]"
TIME_POINT = (
    r"(?:目前|当前|现在|今天|昨天|本周|本月|上月|今年|去年|本年度?|年底|年末|月底|月末|发稿时|记者发稿时|"
    r"[\u4e00-\u9fff]{1,8}?之日|"
    rf"(?:{_DIGITS}{{4}}|{_HAN_NUM}{{2,4}}|今|去|前)年(?:底|末|{_DIGITS}{{1,2}}月(?:底|末|份|{_DIGITS}{{1,2}}日)?)?|"
    rf"{_DIGITS}{{1,2}}月(?:底|末|份|{_DIGITS}{{1,2}}[日号])?|{_HAN_NUM}{{1,3}}月(?:底|末|份)?)"
    rf"(?:{_DIGITS}{{1,2}}[时点])?"
)
# After the time point: what stood then (截至6月底，全县…), not the deadline's hour (截止3月1日下午5点) or 前.
AFTER_TIME_POINT = r"(?=[，,]?[\u4e00-\u9fff0-9０-９])(?![止前上下中晚早0-9０-９])"

# Objects that 作出 takes in 公文 (作出决定、作出贡献); 做出 stays for things made (做出产品、做出样子).
ZUO_CHU_OBJECTS = (
    "决定|决策|贡献|部署|安排|规定|批示|指示|承诺|努力|说明|解释|答复|回应|处理|处罚|处分|判断|评价|调整|选择|表率|"
    "结论|让步|牺牲|修改|修订|界定|认定|裁定|裁决|鉴定|决议|批复|审查|审核|审批|保证|评估|预测|预判|响应"
)
# Verbs that 必须 (must) goes before; 必需 (needed) does not.
BIXU_VERBS = (
    "要(?![素件])|坚持|做到|加强|严格|按照|依照|遵守|遵循|执行|落实|及时|认真|确保|具备|符合|依法|经过|提交|报送|是|"
    "进行|采取|持有|使用|办理|缴纳|明确|注明|建立|制定|接受|服从|承担|履行|立即|首先|始终|全面|切实|高度|牢固|深入|"
    "取得|提供|填写|携带|出具|通过|予以|给予|热爱|牢记|坚守|树立|增强|保持"
)
# Spans of time one 度过 (度过春节); 渡过 is for water and hard times (渡过难关).
DU_TIME = r"(?:春节|节日|佳节|假期|寒假|暑假|周末|时光|岁月|一生|晚年|童年|青春|余生|难忘的|愉快的|美好的|[一二三四五六七八九十两几数]+个?(?:年|月|天|日|小时|春秋|寒暑|星期))"
DU_HARDSHIP = r"(?:难关|危机|险关|险滩)"


@dataclass(frozen=True)
class UsageRule:
    """Where `pattern` matches, its group "w" should read `right` (a rule of usage, not a misspelt word)."""

    name: str
    pattern: re.Pattern
    right: str
    message: str
    severity: str = "warn"
    # A character before the match that joins the written word into another word (工作好 is not 作好).
    not_after: str = ""
    # How many characters before the written one may make a dictionary word with it, where the match is then none
    # (工作好 is not 作好: 工作 is a word; 落地很快 is not 落得很快).
    joins_before: int = 0
    # Where every match starts with one of `lead` right before `mark` (认真 + 的), find_usage tries the pattern only
    # there: a long alternation of words tried at every position is the slow part of `re`.
    lead: frozenset[str] = frozenset()
    mark: str = ""
    # Whether the language model may veto a match that makes its context clearly less likely (TypoChecker._usage):
    # not where the form alone settles it (落实的很到位。 is 得 whatever the model has read more often).
    vetoed: bool = True


def _rule(
    name, pattern, right, message, severity="warn", not_after="", lead=(), mark="", joins_before=0, vetoed=True
):
    return UsageRule(
        name, re.compile(pattern), right, message, severity, not_after, joins_before, frozenset(lead), mark, vetoed
    )


USAGE_RULES = (
    # 截至 + a time point + what stood at that point; 截止 is the deadline itself (截止日期, 报名于5日截止).
    _rule(
        "截止→截至",
        rf"(?P<w>截止)(?!到){TIME_POINT}{AFTER_TIME_POINT}",
        "截至",
        "“截止”后接时间点并说明到该时为止的情况，应为“截至”（截至目前、截至6月底）",
    ),
    _rule(
        "截至→截止",
        r"(?P<w>截至)(?=日期|时间|期限|时限|日(?![前内起止])|[。；;！!？?]|$)",
        "截止",
        "表示到期停止（截止日期、某日截止），应为“截止”；“截至”后须接时间点",
    ),
    _rule("必需→必须", rf"(?P<w>必需)(?={BIXU_VERBS})", "必须", "用在动词前表示一定要，应为“必须”；“必需”是必不可少（必需品）"),
    _rule("必须品→必需品", r"(?P<w>必须)(?=品(?![德行质牌味格位]))", "必需", "“必需品”：必不可少的物品，不写作“必须品”"),
    _rule(
        "做出→作出",
        rf"(?P<w>做)(?=出了?(?:重要|重大|积极|突出|新的?|更大的?|应有的?|巨大的?|卓越的?|明确的?|相应的?)?(?:{ZUO_CHU_OBJECTS}))",
        "作",
        "公文中“作出”后接决定、贡献、部署等抽象事物；具体的东西才“做出”",
        # A preference of official writing: ordinary prose writes 做出决定 as well.
        severity="info",
        joins_before=1,  # 叫做出
    ),
    _rule(
        "作好→做好", r"(?P<w>作)(?=好(?![好吃看听玩]))", "做", "“做好”（做好工作、做好准备），不写作“作好”", joins_before=1
    ),  # not 工作好
    # 多做为民实事 is 做 + 为民: only 做为 that opens a clause or names a role.
    _rule(
        "做为→作为",
        r"(?:^|(?<=[，。；：！？、,;:!?\s]))(?P<w>做)(?=为(?!了|人民|群众|民))|(?P<w2>做)(?=为(?:一名|一个|一种|一项|一位|国家|全国|我国|党员|干部|政府))",
        "作",
        "“作为”不写作“做为”",
        joins_before=1,  # 当做为
    ),
    _rule("其它→其他", r"(?P<w>其它)", "其他", "公文中统一用“其他”（指人指物均可）", severity="info"),
    _rule("渡过→度过", rf"(?P<w>渡)(?=过了?{DU_TIME})", "度", "度过的是时间（度过春节、度过晚年）；渡过的是江河、难关"),
    _rule("度过→渡过", rf"(?P<w>度)(?=过了?{DU_HARDSHIP})", "渡", "渡过的是江河、难关（渡过难关）；度过的是时间"),
    _rule("欢渡→欢度", r"欢(?P<w>渡)", "度", "“欢度”节日，不写作“欢渡”"),
    _rule(
        "反应→反映",
        r"(?:(?:如实|向[^，。；！？\s]{1,12})(?P<w>反应)(?!症|器|堆|物|釜|炉)|(?P<w2>反应)(?=诉求|意见和建议|意见建议))",
        "反映",
        "把情况、意见告诉上级是“反映”；“反应”是对刺激的回应",
        not_after="良敏后学性物药体应激",
    ),
    _rule(
        "启示→启事",
        r"(?<=招聘|寻人|招领|征稿|征文|迁址|更正|开业|招生|招租|挂失|遗失|招商|征婚|鸣谢)(?P<w>启示)",
        "启事",
        "登报张贴的告示是“启事”（招聘启事、寻人启事）",
    ),
    # 检察 is the procuratorate's (人民检察院, 检察建议, 检察监督); a check of safety or of work is 检查. Both are
    # frequent words, so only the words around them tell (安全大检察, 专项检察组).
    _rule(
        "检察→检查",
        r"(?:(?<=安全|隐患|专项|全面|联合|质量|卫生|消防|抽查|督导|例行)|(?<=大))(?P<w>检察)"
        r"(?![院官长署权]|机关|建议|工作|人员|监督|系统|业务|职能|公益|委员|部门|干警)"
        r"|(?P<w2>检察)(?=组(?!织)|出了?[问隐]|中发现|发现|验收)",
        "检查",
        "查看、核查是“检查”（安全检查、专项检查）；“检察”是检察机关的法律监督（人民检察院、检察建议）",
    ),
    # Who tells the government of a problem 反映 it (群众反映的问题, 群众反映比较集中的); 群众反应热烈 is a reaction, and is
    # left alone: only a problem, a concern or a count after it tells. (These rules open with the written word and
    # look behind it from there: a pattern that opens with a look-behind is tried at every character of the text.)
    _rule(
        "反应→反映（群众）",
        r"(?P<w>反应)(?:(?<=群众反应|村民反应|居民反应|网民反应|市民反应|职工反应|师生反应|家长反应|代表反应|委员反应"
        r"|基层反应|各方反应)|(?<=您反应|你反应))"
        r"(?=的(?:问题|情况|意见|诉求|困难|事项|热点|难点)|(?:比较|较为|最为)?集中|较多|强烈的[\u4e00-\u9fff]{0,8}问题|问题|情况)",
        "反映",
        "把情况、意见告诉上级是“反映”（群众反映的问题）；“反应”是对刺激的回应",
    ),
    # 公示 lays a decision open to objection (予以公示, 公示期, 公示无异议); 公式 is a formula (计算公式如下).
    _rule(
        "公式→公示",
        r"(?P<w>公式)(?:(?<=予以公式|进行公式|张榜公式|现予公式|集中公式|对外公式)(?![化中里])|(?=期|无异议|名单))",
        "公示",
        "向社会公开、接受监督是“公示”（予以公示、公示期）；“公式”是计算用语",
    ),
    # 形势 is how things stand (安全生产形势总体平稳); 形式 is a form (形式多样).
    _rule(
        "形式→形势",
        r"(?P<w>形式)(?:(?<=安全生产形式|经济运行形式)|(?<=安全形式|防控形式|疫情形式|防汛形式|汛情形式|当前形式|国际形式"
        r"|国内形式|就业形式|治安形式|发展形式)|(?<=严峻的形式|复杂的形式))"
        r"(?=总体|依然|仍然|十分|更加|日益|严峻|复杂|稳定|平稳|持续|好转|向好|不容乐观)",
        "形势",
        "事物发展的状况是“形势”（安全生产形势总体平稳）；“形式”是事物的样式",
    ),
    # 权力 is the power of an office (权力运行, 把权力关进制度的笼子); 权利 is what a person is entitled to.
    _rule(
        "权利→权力",
        r"(?P<w>权利)(?=运行|清单制度|监督制约|制约|寻租|关进|过分集中|过于集中)",
        "权力",
        "职权意义上是“权力”（权力运行、权力制约）；“权利”是依法享有的利益",
    ),
    # What a citizen or a party holds by law is 权利 (合法权利, 权利和义务).
    _rule(
        "权力→权利",
        r"(?P<w>权力)(?:(?<=合法权力|公民权力|诉讼权力|选举权力|知情权力|财产权力|继承权力)(?!机关|机构)"
        r"|(?=和义务|与义务|义务))",
        "权利",
        "依法享有的利益是“权利”（合法权利、诉讼权利、权利和义务）；“权力”是职权",
    ),
    # 全力 is with all one's strength (全力做好, 全力以赴); 权力 is no adverb.
    _rule(
        "权力→全力",
        r"(?P<w>权力)(?<=[，。；：\n要将须应并正]权力)(?=做好|抓好|推进|推动|配合|保障|支持|救治|搜救|抢修|以赴|投入|打造|确保)",
        "全力",
        "用尽全部力量是“全力”（全力做好、全力以赴）",
    ),
    # 启用 puts a thing into use (新址正式启用); 起用 appoints a person.
    _rule("起用→启用", r"(?P<w>起)(?=用)(?<=正式起|同步起|全面起)", "启", "开始使用是“启用”（正式启用）；“起用”是任用人员"),
    # 已 (already) before what has been done (已全部完工, 已经); 己 is oneself and stands after 自, 知, 律 ….
    _rule(
        "己→已",
        r"(?P<w>己)(?=经|全部|全面|基本|完成|完工|达到|累计|超过|被|有|进入|开始|启动|建成|实现|办结|拨付|下达|发放|取得|成为)",
        "已",
        "表示已经是“已”（已全部完工）；“己”是自己",
        not_after="自知利克舍异一律损为",
    ),
    # A gas or a liquid leaks out (燃气泄漏); a secret is let out (泄露国家秘密).
    _rule(
        "泄露→泄漏",
        r"(?P<w>泄露)(?:(?<=燃气泄露|煤气泄露|气体泄露|管道泄露|油气泄露|有毒泄露|氨气泄露|氯气泄露)"
        r"|(?<=天然气泄露|液化气泄露|危化品泄露|化学品泄露))",
        "泄漏",
        "气体、液体等漏出是“泄漏”（燃气泄漏）；秘密、信息外传是“泄露”",
    ),
    _rule(
        "泄漏→泄露",
        r"(?P<w>泄漏)(?=了?(?:国家秘密|工作秘密|商业秘密|秘密|个人信息|公民个人信息|隐私|密码|考题|试题))",
        "泄露",
        "秘密、信息外传是“泄露”（泄露国家秘密）；气体、液体漏出是“泄漏”",
    ),
    # 考察 looks into how things are (考察调研, 实地考察); 考查 tests what was learnt (考查课).
    _rule(
        "考查→考察",
        r"(?P<w>考查)(?:(?<=实地考查|外出考查|赴外考查|参观考查|学习考查|调研考查|组团考查)|(?=调研|学习|团|组(?!织)))",
        "考察",
        "实地了解情况是“考察”（考察调研、实地考察）；“考查”是检查评定学业",
    ),
    # A loan is 贷款 (发放贷款); 货款 is what goods cost.
    _rule(
        "货款→贷款",
        r"(?P<w>货)(?=款)(?:(?<=申请货|办理货|创业货|小额货|担保货|贴息货|信用货|助学货|扶贫货|惠农货|涉农货|农户货|银行货)"
        r"|(?<=放货))",
        "贷",
        "借款是“贷款”（发放贷款、创业担保贷款）；“货款”是买货的钱",
    ),
    _rule(
        "世故→事故",
        r"(?P<w>世故)(?<=发生世故|安全世故|交通世故|生产世故|责任世故|重大世故|较大世故|一般世故|特大世故|溺水世故"
        r"|火灾世故|伤亡世故|各类世故|防范世故)",
        "事故",
        "意外的损失或灾祸是“事故”（发生事故）；“世故”是处世经验",
    ),
    _rule(
        "意象→意向",
        r"(?P<w>意象)(?:(?<=就业意象|合作意象|投资意象|签约意象|购买意象|求职意象|签订意象|培训意象|入住意象|购房意象"
        r"|转移意象)|(?=书|协议|登记|调查|摸底|清单))",
        "意向",
        "打算、意图是“意向”（就业意向、合作意向）；“意象”是文艺作品中的形象",
    ),
    _rule(
        "推荐→推进",
        r"(?P<w>推荐)(?<=加快推荐|稳步推荐|有序推荐|持续推荐|全力推荐|扎实推荐|加速推荐|统筹推荐|协同推荐|深入推荐"
        r"|全面推荐)(?=[\u4e00-\u9fff])",
        "推进",
        "推动工作向前是“推进”（加快推进）；“推荐”是介绍好的人或事物",
    ),
    # 5个工作日内: a deadline is counted in working days.
    _rule(
        "工作→工作日",
        r"(?P<w>工作)(?<=[0-9０-９一二三四五六七八九十两]个工作)(?=内|之内|后|以内)",
        "工作日",
        "期限按“工作日”计（5个工作日内），漏写“日”",
    ),
    # 自即日起: 即 is "this very"; 既 never starts 即日.
    _rule("既日→即日", r"(?P<w>既)(?=日(?:起|生效|施行|实施|执行))", "即", "“即日起”（自即日起施行），不写作“既日”"),
    # 建全 is 健全 unless 全 starts the next word (创建全国文明城市): checked in find_usage.
    _rule("建全→健全", r"(?P<w>建)(?=全)", "健", "“健全”（健全机制、健全制度），不写作“建全”"),
)

# 地 joins an adverbial to its verb (认真地落实); 得 joins a verb to its complement (做得很好); 的 goes before a noun.
# Words used as adverbials (认真地、逐步地); not those that are also nouns (系统的建设, 科学的发展观).
ADVERBIALS = (
    "认真 积极 稳步 扎实 有序 深入 全面 切实 有效 持续 不断 努力 坚决 主动 及时 严格 大力 稳妥 逐步 充分 广泛 "
    "依法 精准 彻底 妥善 仔细 迅速 快速 顺利 默默 悄悄 紧紧 牢牢 全力 果断 扎扎实实 实实在在 认认真真 坚定不移 "
    "毫不动摇 一如既往 有条不紊 坚持不懈 认真细致 扎实有效 稳妥有序 积极主动 深入细致 积极稳妥 奋力 竭力 尽力 科学合理"
).split()
# Verbs seldom used as nouns (支持、服务、研究 are: 积极的支持 is right): after them comes an object.
VERBS = (
    "推进 推动 落实 抓好 做好 贯彻 执行 完成 加强 提升 提高 改善 解决 查处 排查 化解 推广 推行 补齐 筑牢 守住 压实 "
    "抓实 抓细 做实 做细 落细 督促 清理 整合 优化 深化 拓展 扩大 增加 减少 降低 遏制 消除 清除 走访 慰问 帮扶 梳理 "
    "报送 上报 开展 破解 防范 打击 整治 履行 融入 投身 维护 查看 听取 倾听 询问 核对 核实 清点 登记 填写 讲解 解答 "
    "回应 答复 完善 建立 部署 实施 引导 收集 采集 摸排 走进 配合 对接 谋划 施用 喷施 追施 修剪 采摘 挥动 挥舞 划动 奔跑 "
    "冲刺 攀登 抢修 扑救 疏散 搜救 清运 投放 发放 参与到 投入到 加入到"
).split()
# A verb followed by one of these is a noun phrase (推进措施, 学习态度): 的 is right there.
NOUN_HEADS = (
    "措施 工作 态度 力度 情况 成效 成果 进度 机制 方案 计划 过程 作用 能力 水平 体系 效果 精神 氛围 局面 态势 势头 "
    "步伐 举措 意识 理念 行动 活动 任务 目标 要求 责任 制度 政策 项目 资金 经验 做法 模式 质量 效率 热情 动力 路径 "
    "思路 办法 方式 方法 手段 结果 成绩 问题 形势 阶段 环节 领域 重点 难点 标准 规定 原则 意见 内容 对象 范围 人员 "
    "队伍 平台 载体 基础 保障 条件 环境 空间 格局 质效 合力 力量 信心 决心 风气 作风 状态 氛围 主体 部门 单位 者 员"
).split()
DEGREES = "很 非常 十分 特别 更加 比较 较为 较 相当 越来越 不够 不太 极其 格外 更".split()
COMPLEMENTS = (
    "好 快 慢 实 细 扎实 到位 突出 明显 出色 顺利 认真 充分 及时 清楚 周到 彻底 深入 全面 有效 规范 精彩 成功 稳 "
    "牢固 透彻 具体 细致 扎实有效 有声有色 有模有样 井井有条 井然有序 红红火火 热火朝天 急 猛 安心 舒心 放心 开心 "
    "红火 热闹 兴旺 干净 整齐"
).split()
COMPLEMENT_VERBS = (
    "做 干 搞 抓 办 学 讲 写 说 跑 走 住 唱 跳 落实 开展 完成 推进 执行 准备 安排 组织 保持 发展 建设 进行 贯彻 落 变 涨 跌 长 来 "
    "进展".split()
)
# What follows a verb of change only through 得 (变得更加整洁, 涨得越来越快).
_CHANGE_VERBS = "变 长 涨 跌".split()
# Qualities a noun after 得 or 地 usually carries with 的 (美好的生活, 显著的成效, 整洁的居住环境).
NOUN_ATTRIBUTES = "美好 美丽 良好 重要 显著 明显 满意 幸福 和谐 优美 优良 突出 巨大 丰硕 可喜 坚实 崭新 整洁 干净 舒适 宜居".split()
# Before 得 and a verb, these are adverbials too (合理得安排 → 合理地安排), though 合理的安排 is a noun phrase.
ADVERBIALS_BEFORE_DE2 = ADVERBIALS + ["合理", "科学", "高效", "有力", "清醒", "深刻"]
# A feeling one says something with (开心的说 → 开心地说).
FEELINGS = "开心 高兴 激动 自豪 感慨 动情 兴奋 满意 笑着 欣喜 坚定 认真 郑重".split()
# The manner one serves in, and whom (耐心的为群众讲解 → 耐心地).
MANNERS = "耐心 热情 细心 详细 主动 积极 认真 及时 贴心".split()
SERVED = "群众 村民 居民 游客 企业 患者 老人 学生 家长 办事群众 参保群众 大家 他们 她们 我们".split()


def _alternation(words) -> str:
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


_ADVERBIAL = _alternation(ADVERBIALS)
_VERB = _alternation(VERBS)
_RESULT_VERB = _alternation("做好 抓好 做实 抓实 压实 做细 抓细 落细 筑牢 守住 补齐".split())
_NOUN_HEAD = _alternation(NOUN_HEADS)
_LONG_NOUN_HEAD = _alternation(w for w in NOUN_HEADS if len(w) > 1)
_DEGREE = _alternation(DEGREES)
_COMPLEMENT_WORD = _alternation(COMPLEMENTS)
_COMPLEMENT = rf"(?:{_DEGREE})?(?:{_COMPLEMENT_WORD})"
_CLAUSE_END = r"(?:[，。；！？,;!?、）)]|$)"
# What makes the verb after an adverbial and 的 a noun (得到了扎实的开展, 进行有序的投放): 的 is right there.
_NOMINALISING = "得到|进行|给予|受到|加以|实现|取得|予以|获得|引起|作出|做出"
# Places a quality is said of (整洁的村道, 干净的庭院): nouns, so 地 cannot stand before them.
_PLACES = _alternation("村道 道路 街道 街巷 庭院 院落 村庄 村寨 校园 社区 小区 河道 河岸 广场".split())

DE_RULES = (
    # 认真的落实 → 认真地落实 (not 认真的落实措施: a noun follows the verb). A verb with its result (做好, 压实)
    # heads no noun: 认真的做好政策宣传 is 地 though 政策 follows.
    # An object may stand in quotation marks (扎实的开展“送岗位进村寨”流动招聘).
    _rule(
        "的→地",
        rf"(?:{_ADVERBIAL})(?P<w>的)(?:(?:{_RESULT_VERB})(?=[\u4e00-\u9fff“])(?![和与及的])"
        rf"|(?:{_VERB})(?=[\u4e00-\u9fff“])(?![和与及的]|(?:{_NOUN_HEAD})))",
        "地",
        "状语与动词之间用“地”（认真地落实）",
        lead=ADVERBIALS,
        mark="的",
    ),
    # The verb ending its clause (消费券将分三批有序的投放，): 地, unless a verb before makes it a noun (工作得到了扎实的
    # 开展), or 是 or a measure word stands right before (这是一次有序的推进).
    _rule(
        "的→地（句末）",
        rf"(?<!{_NOMINALISING})(?<!(?:{_NOMINALISING})了)(?<![是的次种个项])"
        rf"(?:{_ADVERBIAL})(?P<w>的)(?:{_VERB})(?={_CLAUSE_END})",
        "地",
        "状语与动词之间用“地”（有序地推进）",
        lead=ADVERBIALS,
        mark="的",
    ),
    _rule(
        "得→地",
        rf"(?:{_alternation(ADVERBIALS_BEFORE_DE2)})(?P<w>得)(?={_VERB}|安排|部署|利用|使用|组织|认识到|意识到)",
        "地",
        "状语与动词之间用“地”（扎实地推进）",
        lead=ADVERBIALS_BEFORE_DE2,
        mark="得",
    ),
    # 耐心的为群众讲解 → 耐心地为…: an attitude before the one served, then what is done for them.
    _rule(
        "的→地（服务）",
        rf"(?:{_alternation(MANNERS)})(?P<w>的)(?=[为向给帮替](?:{_alternation(SERVED)}))",
        "地",
        "状语与动词之间用“地”（耐心地为群众讲解）",
        lead=MANNERS,
        mark="的",
    ),
    # 开心的说：“…” → 开心地说.
    _rule(
        "的→地（说）",
        rf"(?:{_alternation(FEELINGS)})(?P<w>的)(?=(?:说|表示|告诉记者|介绍)[：:，,“])",
        "地",
        "状语与动词之间用“地”（开心地说）",
        lead=FEELINGS,
        mark="的",
    ),
    # 营造干净整洁地居住环境 → 整洁的…: 地 before a noun.
    _rule(
        "地→的",
        rf"(?:{_alternation(NOUN_ATTRIBUTES)})(?P<w>地)"
        rf"(?={_LONG_NOUN_HEAD}|{_PLACES}|生活|家园|答卷|[\u4e00-\u9fff]{{2}}(?:环境|氛围|空间|家园))",
        "的",
        "定语与名词之间用“的”（整洁的居住环境）",
        lead=NOUN_ATTRIBUTES,
        mark="地",
    ),
    # 做的扎实。 → 做得扎实 (not 做的很多工作: the complement must end the clause).
    _rule(
        "的→得",
        rf"(?:{_alternation(COMPLEMENT_VERBS)})(?P<w>的)(?=(?:{_COMPLEMENT_WORD}){_CLAUSE_END})",
        "得",
        "动词与补语之间用“得”（做得很扎实）",
        lead=COMPLEMENT_VERBS,
        mark="的",
    ),
    # With a degree before the complement (落实的很到位。, 住的更安心): no noun phrase reads so, whatever the model
    # has read more often.
    _rule(
        "的→得（程度）",
        rf"(?:{_alternation(COMPLEMENT_VERBS)})(?P<w>的)(?=(?:{_DEGREE})(?:{_COMPLEMENT_WORD}){_CLAUSE_END})",
        "得",
        "动词与补语之间用“得”（做得很扎实）",
        lead=COMPLEMENT_VERBS,
        mark="的",
        vetoed=False,
    ),
    # 开展地有声有色 → 开展得有声有色: 地 between a verb and its complement (not 落地很快: 落地 is a word).
    _rule(
        "地→得",
        rf"(?:{_alternation(COMPLEMENT_VERBS)})(?P<w>地)(?={_COMPLEMENT}{_CLAUSE_END})",
        "得",
        "动词与补语之间用“得”（开展得有声有色）",
        lead=COMPLEMENT_VERBS,
        mark="地",
        joins_before=3,  # 落地, 耕地, 基地: 地 ends a word
    ),
    # 变的更加整洁 → 变得更加整洁.
    _rule(
        "的→得（变化）",
        rf"(?:{_alternation(_CHANGE_VERBS)})(?P<w>的)(?=更加|更为|越来越|愈发|愈加|日益)",
        "得",
        "动词与补语之间用“得”（变得更加整洁）",
        lead=_CHANGE_VERBS,
        mark="的",
    ),
    _rule(
        "得→的",
        rf"(?:{_alternation(NOUN_ATTRIBUTES)})(?P<w>得)(?={_LONG_NOUN_HEAD}|生活|家园|变化|前景|未来)",
        "的",
        "定语与名词之间用“的”（美好的生活）",
        lead=NOUN_ATTRIBUTES,
        mark="得",
    ),
)


@dataclass(frozen=True, slots=True)
class UsageHit:
    rule: UsageRule
    start: int
    end: int
    right: str


def find_usage(text: str, rules=USAGE_RULES, words=frozenset()) -> list[UsageHit]:
    """The matches of `rules` in `text`. `words` is the dictionary: 建 + 全X stays where 全X is a word (创建全国)."""
    hits = []
    led: dict[tuple[frozenset[str], str], list[int]] = {}  # rules that share their lead and mark share its places
    for rule in rules:
        if rule.lead:
            key = (rule.lead, rule.mark)
            if key not in led:
                led[key] = _lead_starts(rule, text)
            matches = _led_matches(rule, text, led[key])
        elif rule.name.partition("→")[0] in text:  # screen: every match holds the wrong form
            matches = rule.pattern.finditer(text)
        else:
            continue
        for m in matches:
            group = "w" if m.start("w") >= 0 else "w2"
            start, end = m.start(group), m.end(group)
            if rule.not_after and start and text[start - 1] in rule.not_after:
                continue
            # 工作好, 叫做出, 当做为, 落地很快: the character belongs to a word with those before it.
            if any(text[start - k : end] in words for k in range(1, rule.joins_before + 1) if start >= k):
                continue
            if rule.name == "建全→健全" and any(text[end : end + k] in words for k in (2, 3, 4)):
                continue
            hits.append(UsageHit(rule, start, end, rule.right))
    return sorted(hits, key=lambda h: (h.start, h.end))


def _lead_starts(rule: UsageRule, text: str) -> list[int]:
    """Where a word of rule.lead stands right before rule.mark, in order."""
    lengths = sorted({len(w) for w in rule.lead})
    starts = set()
    at = text.find(rule.mark)
    while at != -1:
        for n in lengths:
            if n <= at and text[at - n : at] in rule.lead:
                starts.add(at - n)
        at = text.find(rule.mark, at + 1)
    return sorted(starts)


def _led_matches(rule: UsageRule, text: str, starts: list[int] | None = None):
    """rule.pattern.finditer(text) for a rule whose matches start with a word of rule.lead followed by rule.mark:
    the pattern is tried only where such a word stands (`starts`, from _lead_starts), left to right, never inside
    the previous match."""
    if starts is None:
        starts = _lead_starts(rule, text)
    end = 0
    for start in starts:
        if start >= end:
            m = rule.pattern.match(text, start)
            if m is not None:
                end = m.end()
                yield m


# -- names no correction may touch ------------------------------------------------------------------------------

# The organs of a village or a community, whose first character no correction may take (经村人民调解委员会调解 is
# not 经过人民…).
VILLAGE_ORGAN = re.compile(
    r"(?:村|社区|居)(?:民委员会|人民调解委员会|党支部|党总支|党委|委会|两委|务监督委员会|集体经济组织|股份经济合作社)"
)
# A residential compound's name before 小区, introduced after its place (三江镇杉城小区): a name, often a word one
# character off; named so once, it is one wherever the text names the compound (在杉城小区公示栏). Not 注宅小区.
COMPOUND_NAME = re.compile(r"(?:[镇乡县区村]|街道|社区)([\u4e00-\u9fff]{2})(?=小区)")
ANY_COMPOUND = re.compile(r"([\u4e00-\u9fff]{2})(?=小区)")
# An amount in capital numerals (人民币壹佰贰拾叁万肆仟伍佰元整): 拾叁 is no 十三 to correct. A run of the digits
# alone is no amount (苏柒柒 is a name): the run must hold a unit. Runs are found whole and tested after, since a
# pattern that looked for the unit inside the run would go back over a long run from each of its characters.
CAPITAL_RUN = re.compile("[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整]{2,}")
CAPITAL_UNITS = frozenset("拾佰仟万亿元圆")
CAPITAL_DIGITS = frozenset("壹贰叁肆伍陆柒捌玖")
# A session name: 第十四届全国人民代表大会第二次会议, 二十届三中全会, 县十八届人大三次会议.
SESSION_NAME = re.compile(r"第?[〇零一二三四五六七八九十百]+届[^，。；！？、,;!?\s]{0,30}(?:会议|全会|代表大会|委员会)")


class ProtectedNames:
    """Spans of `text` that are real names: 行政区划 and 乡镇 of the places table, session names, village organs
    (村人民调解委员会), persons (person_names.py), firms' trade names (firm_names.py), and amounts in capital
    numerals (壹佰贰拾叁万). A confusable correction that overlaps one is dropped (廷坪乡 is not 萍乡, 二十届 is not
    第二十届, 县委书记李明华 is not 李明年)."""

    def __init__(self) -> None:
        table = load_place_table()
        names = {n for n in table.known_names if len(n) >= 2}
        # 省级 and 地级 short names ("张家界"); 县级 short names are too often ordinary words to protect alone.
        upper = [d for d in table.divisions if d.level in (LEVEL_PROVINCE, LEVEL_CITY)]
        names.update(a for d in upper for a in d.alias.split("/") if len(a) >= 2)
        self.known = frozenset(names)
        self.automaton = ahocorasick_rs.AhoCorasick(sorted(names))
        self.words = load_tables().cover
        # A name or session name overlapping text[start:end] lies within this many characters of it.
        self.reach = max(max(map(len, names)), 40)

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = [(start, end) for _, start, end in find_matches(self.automaton, text, overlapping=True)]
        if "届" in text:
            found += [m.span() for m in SESSION_NAME.finditer(text)]
        if "村" in text or "社区" in text or "居" in text:
            found += [m.span() for m in VILLAGE_ORGAN.finditer(text)]
        found += person_name_spans(text, self.words)
        found += firm_name_spans(text)
        if not CAPITAL_DIGITS.isdisjoint(text):
            found += [m.span() for m in CAPITAL_RUN.finditer(text) if not CAPITAL_UNITS.isdisjoint(m.group())]
        external = _external_protected_spans()
        if external is not None:
            found += [(start, end) for start, end in external(text)]
        return sorted(found)


class NamesInText:
    """The protected names of one text, looked for piece by piece: only around the corrections weighed (most texts
    have few), in pieces of whole CHUNKs that reach ProtectedNames.reach characters beyond the correction each side,
    so that every name overlapping it is seen whole."""

    CHUNK = 256

    # A place named in full with one of these keeps its short name (隆里 of 隆里乡) through the whole text.
    SHORTENED = "乡镇县"

    def __init__(self, text: str):
        self.text = text
        self.pieces: dict[tuple[int, int], SpanSet] = {}
        self._whole_names: SpanSet | None = None

    def touches(self, start: int, end: int) -> bool:
        """Whether a protected name overlaps text[start:end]."""
        names = protected_names()  # built on the first question: a clean text asks none
        reach, chunk = names.reach, self.CHUNK
        a = max(0, (start - reach) // chunk * chunk)
        b = min(len(self.text), -(-(end + reach) // chunk) * chunk)
        spans = self.pieces.get((a, b))
        if spans is None:
            spans = self.pieces[(a, b)] = SpanSet(names.spans(self.text[a:b]), offset=a)
        return spans.overlaps(start, end) or self._named_in_whole(start, end) or self._short_name(names, start, end)

    def _named_in_whole(self, start: int, end: int) -> bool:
        """Whether text[start:end] touches a name only the whole text shows: a cell of a table's column of names
        (whose title may stand far above it) and that name wherever else the text writes it (茅坪镇龙秀珍家庭 below
        the table), or a compound the text names after its place (三江镇杉城小区)."""
        if self._whole_names is None:
            text = self.text
            spans = table_name_spans(text)
            for name in {text[a:b] for a, b in spans if b - a >= 2}:
                at = text.find(name)
                while at >= 0:
                    spans.append((at, at + len(name)))
                    at = text.find(name, at + len(name))
            if "小区" in text:
                named = {m.group(1) for m in COMPOUND_NAME.finditer(text)}
                spans += [m.span(1) for m in ANY_COMPOUND.finditer(text) if m.group(1) in named]
            self._whole_names = SpanSet(spans)
        return self._whole_names.overlaps(start, end)

    def _short_name(self, names: "ProtectedNames", start: int, end: int) -> bool:
        """Whether text[start:end] touches the short name (隆里) of a township or county the text names in full
        (隆里乡): 一盘隆里人家的腊肉 is no 盘龙. Alone, such short names are too often ordinary words to protect."""
        text = self.text
        for length in (2, 3):
            for i in range(max(0, start - length + 1), end):
                short = text[i : i + length]
                if len(short) == length and any(
                    short + suffix in names.known and short + suffix in text for suffix in self.SHORTENED
                ):
                    return True
        return False


class SpanSet:
    """Spans, merged: whether a span overlaps any of them, by bisection rather than by a walk over all."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: list[tuple[int, int]], offset: int = 0):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start + offset < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end + offset)
            else:
                self.starts.append(start + offset)
                self.ends.append(end + offset)

    def overlaps(self, start: int, end: int) -> bool:
        # Merged spans are disjoint and in order: only the last one that starts before `end` can reach `start`.
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start


@functools.cache
def protected_names() -> ProtectedNames:
    return ProtectedNames()


@functools.cache
def _external_protected_spans():
    """The fixed-formulation checker's protected spans (known formulations), where that module provides them.

    Hook for `protected_spans(text) -> [(start, end)]` in fixed_phrase.py, written alongside this module."""
    try:
        from .protected import protected_spans
    except ImportError:
        return None
    return protected_spans
