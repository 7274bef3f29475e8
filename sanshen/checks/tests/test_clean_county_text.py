"""The whole engine on county writing, written for sanshen (data/):

- clean_county_passages.jsonl and clean_county_passages_2.jsonl: 120 clean passages, about 30,000 characters, of
  every kind a county publishes (乡镇动态, 通知公告, 招聘, 招标采购, 人事任免, 预决算, 统计公报, 民族文化, WeChat,
  Weibo and Douyin posts, 政策问答, 公示名单, 防诈骗宣传 …) with names of officials, villagers and firms, office
  landlines, amounts and percentages. A finding on them is a false alarm a clerk would have to dismiss: 29 of
  them before the 2026-12-07 fixes.
- planted_errors.jsonl: 60 passages of the same kinds with one error each, five of each category the engine
  checks (secrecy, personal data, typo, formulation, session, law title, number, statistics, ethnic name, leader,
  repost source, injected advertising): 48 were found before those fixes (counting notes), 59 now at warn or
  above (the 60th is a note).
- heldout_planted.jsonl and heldout_clean.jsonl: 96 planted errors (eight of each category) and 40 clean passages,
  written afterwards by someone who had read neither the checkers nor the files above. Measured before any fix
  made with them: 77 of 96 found (at warn or above, overlapping the error), 4 warnings elsewhere in them, and
  warnings on 3 of the 40 clean passages. Since fixed with them: 93 found, no other warning.
- heldout2_planted.jsonl and heldout2_clean.jsonl: 72 planted errors (six of each category) and 30 clean passages
  by another such writer, measured once before any fix made with them: 57 of 72 found, no finding
  on the clean passages. Since fixed with them: 71 found, still none on the clean ones.
- heldout3_planted.jsonl and heldout3_clean.jsonl: a third such set (72 and 30), measured before any fix made with
  it: 53 of 72 found, warnings on 3 of the 30 clean passages. Since fixed with it: 70 found, none on the clean ones.
  One planted passage lost its closing "（来源：新华社；…转载）", a repost line the item would be marked for.
- heldout4_planted.jsonl and heldout4_clean.jsonl: a fourth (72 and 30), written after the fixes of the third and
  measured before any fix made with it: 57 of 72 found, a warning on 1 of the 30 clean passages. Since fixed with
  it: 70 found, none on the clean ones.
- heldout5_planted.jsonl and heldout5_clean.jsonl: a fifth, by a writer asked to find what the engine misses,
  measured before any fix made with it: 44 of 72 found, warnings on 2 of the 30 clean passages. Since fixed with it:
  58 found, none on the clean ones; its misses are listed below.
- heldout6_planted.jsonl and heldout6_clean.jsonl: a sixth (72 and 30), written after the fifth's fixes by a writer
  asked for the slips clerks really make, measured before any fix made with it: 60 of 72 found, a warning on 1 of
  the 30 clean passages (a 【转载】 item whose 来源 line asks for the item to be marked as a repost: right, as the
  passage was checked unmarked; the line is left out here). Since fixed with it: 71 found.
- heldout7_planted.jsonl and heldout7_clean.jsonl: a seventh, of whole documents (730–1,121 characters: 36 with one
  planted error, three of each category, and 24 clean), measured before any fix made with it: 32 of 36 found,
  warnings on 9 of the 24 clean documents (two of them a 来源 line naming the county's own site, two a 来源 line
  of another outlet on an unmarked item, which are right; those two lines are left out here, and one in a planted
  document). Since fixed with it: all 36 found, none on the clean ones.
- heldout8_planted.jsonl and heldout8_clean.jsonl: an eighth of whole documents (817–1,682 characters; 36 and 24),
  written after the seventh's fixes and measured before any fix made with it: 27 of 36 found, warnings on 5 of the
  24 clean documents and 14 false warnings inside the planted ones. Since fixed with it: 35 found (the 36th, an
  illness, is reported on the named person, whose name is masked), none on the clean ones.
- heldout9_planted.jsonl and heldout9_clean.jsonl: a ninth of whole documents (956–1,299 characters; 36 and 24),
  of kinds the earlier writers rarely chose (审计, 统计, 环境, 人社, 司法 …), written after the eighth's fixes and
  measured before any fix made with it: 30 of 36 found, warnings on 3 of the 24 clean documents and 4 false
  warnings inside the planted ones. Since fixed with it: 35 found (the 36th again an illness reported on the
  person), none on the clean ones.
- heldout10_planted.jsonl and heldout10_clean.jsonl: a tenth of whole documents (902–1,262 characters; 24 with two
  planted errors of each category, 12 clean), written after the ninth's fixes and measured before any fix made
  with it: 22 of 24 found, no warning on the 12 clean documents, 4 false warnings inside the planted ones (and 2
  findings on the planted errors' own words beside the marked span). Since fixed with it: the same 22 and the
  illness reported on its person; the miss, parts of 资助资金 that miss their total, stays a note.
- heldout11_planted.jsonl and heldout11_clean.jsonl: an eleventh of whole documents (1,056–1,580 characters; 24 and
  12) of new-media and 政务公开 kinds (公众号 articles, a day's 微博 feed, 抖音 scripts, 政策问答, a 政府信息公开
  annual report, service guides), measured before any fix made with it: 22 of 24 found, no false warning inside the
  planted ones, a warning on 1 of the 12 clean (a 来源 line of 贵州日报 on an unmarked item: right, and left out
  here). Since fixed with it: all 24.
- heldout12_planted.jsonl and heldout12_clean.jsonl: a twelfth (1,074–1,535 characters; 24 and 12) of kinds rarely
  seen (任前公示, 招标 and 中标 notices, 决算 notes, flood reports, 救助 lists …), measured before any fix made with
  it: 23 of 24 found, 2 false warnings inside the planted ones, a warning on 1 of the 12 clean (a 来源 line of
  黔东南日报, right, left out here). Since fixed with it: all 24, none else.
- heldout13_planted.jsonl and heldout13_clean.jsonl: a thirteenth (about 1,000–1,300 characters; 24 and 12) of
  乡镇 and 部门 news full of people, offices and quotes (visits, meetings, 村BA, 党建, 帮扶 stories, 表彰 lists),
  measured before any fix made with it: 22 of 24 found, 6 false warnings inside the planted ones and warnings on 2
  of the 12 clean (县委办主任 read as 班主任, 民政办 as 政协, 旅游周, 房前屋后, a name before its people in brackets,
  a closing ’ after Latin letters taken for an apostrophe, and 推动乡村全面振兴 taken for a misspelt formulation).
  Since fixed with it: 23 (the illness reported on its person), none else; the miss, money parts above their
  total with a count of households among them, stays unread.
- heldout14_planted.jsonl and heldout14_clean.jsonl: a fourteenth (1,097–1,478 characters; 24 and 12) of policy
  documents (实施方案, 工作要点, 考核办法, 意见, a 政府工作报告 excerpt …), measured before any fix made with it: 20
  of 24 found, 2 false warnings inside the planted ones (食材, 账物相符), a warning on 1 of the 12 clean (政府信息公开
  条例 cited without 《》: right, and given its marks and full title here). Since fixed with it: 23; the miss, three
  kinds of projects short of their total, stays a note.
- heldout15_planted.jsonl and heldout15_clean.jsonl: a fifteenth of speeches, a press conference, 述职 and essays on
  Dong and Miao culture and 清水江文书, measured before any fix made with it: 21 of 24 found, 5 false warnings inside
  the planted ones, warnings on 3 of the 12 clean (one right: 隆重召开 of a county meeting, written 召开 here).
  Since fixed with it: 23; the miss, four parts of a tea-garden total short of it by less than their rounding
  allows (3.2万亩 against 1.3 + 0.7 + 0.5 + 0.5), cannot be told from rounding.
- heldout16_planted.jsonl and heldout16_clean.jsonl: a sixteenth of 统计公报, 招聘 notices with tables, budgets and
  anti-fraud explainers, measured before any fix made with it: 21 of 24 found, no false warning inside the planted
  ones and none on the 12 clean. Since fixed with it: all 24.
- heldout17_planted.jsonl and heldout17_clean.jsonl: a seventeenth of 公示 and 公告 (征地, 救助 lists, 表彰, 行政处罚,
  遗失, 竣工验收, 中标候选人), measured before any fix made with it: 20 of 24 found, 7 false warnings inside the
  planted ones, warnings on 2 of the 12 clean (a 处罚决定书's number with places, 指界). Since fixed with it: 21,
  none else; the misses are below.
- heldout18_planted.jsonl and heldout18_clean.jsonl: an eighteenth of replies to 网民留言 and 县长信箱, tourism
  posts, weather and landslide warnings and service guides, measured before any fix made with it: 19 of 24 found, 5
  false warnings inside the planted ones, a warning on 1 of the 12 clean (a rain gauge named by its village). Since
  fixed with it: 23, none else.
- heldout19 to heldout22 (_planted and _clean): four more of whole documents (24 and 12 each) of 会议纪要, 领导活动,
  督查通报 and 表彰 lists (19); 行政处罚决定书, 双随机 results, 环评公示, 征地 and credit notices (20); farming,
  health and 医保 guides, school enrolment, 禁火令, 就业补贴 (21); 乡村振兴 experience, 党建, festivals, 招商 and
  视察 reports (22), measured before any fix made with them: 23, 19, 19 and 21 of 24 found (82 of 96), 4, 5, 5 and 1
  false warnings inside the planted ones, warnings on 0, 2, 1 and 0 of the 12 clean. Most misses were sessions that
  had not met on the date the text is signed with (a 纪要 of March 2025 studying 十四届全国人大四次会议). Since fixed
  with them: 94, none else; the two misses are below.
- heldout23_planted.jsonl and heldout23_clean.jsonl: 24 documents each with one typo only, four of each kind a clerk
  makes (a sound-alike, a look-alike, a confused pair of 公文 words, 的/地/得, a dropped character, a real word for
  another), and 12 clean: 8 of 24 found before any fix made with it (a third, as on the CSC sets), 4 false warnings
  inside the planted ones, 1 of 12 clean warned. Since fixed with it: 21.
- heldout24 to heldout26: 信访 replies, 资助 and 养老 lists, 任前公示 and 调解 cases (24); 统计月报, budget reports,
  project and score tables (25); new-media posts, 微博 feeds, video scripts and live-sale notices (26), measured
  before any fix made with them: 22, 21 and 19 of 24 found, 8, 9 and 2 false warnings inside the planted ones,
  warnings on 2, 2 and 3 of the 12 clean (names in a score table's 姓名 column, a table of two classifications
  of one total, rates taken for parts, words: 灾毁, 省下, 稻浪, 电暖器). One warning that was right (法律援助法 cited
  without 《》) is given its marks and full title here. Since fixed with them: 24, 24 and 22.
- heldout27 (typos only, as the twenty-third, by another writer) and heldout29, heldout30 (政府工作报告, 总结, 巡察 and
  审计整改, 法治政府 reports; accident reports, 抽检 notices, health notices, traffic and utility notices), and
  heldout28_clean.jsonl, 30 clean documents rich in names, firms, tables and Dong and Miao terms, measured before any
  fix made with them: 13 of 24 typos (two of them slips listed after the twenty-third set: 报消, 实地考查), 23 and 17
  of 24; false warnings inside the planted ones 1, 1 and 9; warnings on 0, 1 and 0 of 12 clean and on 2 of the 30.
  Since fixed with them: 17, 24 and 22, none else.
- heldout31_planted.jsonl and heldout31_clean.jsonl: a third typos-only set (30 documents, five of each kind, and 12
  clean), by a third writer, measured after the typo fixes of the other two and before any made with it: 15 of 30
  found, 1 false warning inside the planted ones, 1 of 12 clean warned. Since fixed with it: 19.
- heldout32_planted.jsonl and heldout32_clean.jsonl: 开学 notices, teacher recruitment and awards, 农机 and 高标准农田
  公示, 耕地 and 林长制 reports, 退役军人 news, measured before any fix made with it: 23 of 24 found, 2 false warnings
  inside the planted ones (a 侗族 surname, 滚; 增施), 1 of 12 clean warned (兼职刷单 after 不轻信网络). Since: 23,
  none else.
- heldout34 (林权 and 采伐 permits, 价格 and 计量, 宗教 and 民族团结, weather, 统战 and 侨务) and heldout35 (typos only, a
  fourth writer, 30 documents), measured before any fix made with them: 19 of 24 and 14 of 30 found, 6 and 1 false
  warnings inside the planted ones, 5 and 1 of 12 clean warned (permit numbers with places, 宗数, 顶焦度, 整田, 县籍,
  悦读). Since fixed with them: 24 and 16, none else.
- heldout36_clean.jsonl: 30 more hard clean documents (speeches, press conferences, 规范性文件, 任免 and 任前公示 with
  profiles, 村规民约, festival addresses, tourism routes, 政府信息公开 annual reports): warnings on 4 of 30 before any fix
  made with them (a rate to reach, 成活率达到90%以上; 连续 after a class read as a pupil's name; 寨外; 做月子); none since.
- heldout33_clean.jsonl: 30 more hard clean documents (办事指南, 依申请公开 replies, 医保 and 社保 Q&A, anti-fraud, anti-drug
  and 非法集资 warnings quoting the scams, 河长制, 工会 and 妇联 news, replies to 建议 and 提案), tables with bars:
  warnings on 6 of 30 before any fix made with them (a 实施细则 not in the register, a compound's name before 小区,
  shares of two wholes, 大肠埃希氏菌, a 最美家庭 list's names, a slogan); none since.
- heldout37 and heldout38 (typos only, a fifth and a sixth writer, 30 documents each and 12 clean; the thirty-eighth
  set's clean file leaves out one 临时救助 公示 that names its people with their illnesses, which the engine rightly
  warns of), measured after the sixth session's first typo rule (four-character words restored whole) and before
  any fix made with them: 10 and 17 of 30 found, 1 and 4 false warnings inside the planted ones, 0 and 3 of 12 clean
  warned (筹资筹劳, 管养, 网格管理, 个转企, 补齐, 深化 + 乡镇). Since fixed with them: 23 and 21, none else.
- heldout39 (低空经济, 以旧换新, 殡葬改革, 河湖长制, 古树名木, 法律援助 and other rare kinds; 24 and 12) and
  heldout40_clean.jsonl (30 hard clean documents: 名单, 公示 and 花名册 with bars, forestry and medicine terms, anti-fraud
  warnings quoting scams in straight quotes), measured before any fix made with them: 22 of 24 found, 3 false
  warnings inside the planted ones, 1 of 12 and 3 of 30 clean warned (two items of a list read as part and whole,
  既便于, 面签, 出材量, 候考室, quoted scams). Since: 23 (the miss: a plenum the table does not know) and a warning
  that is right on the date the tests check on (a 2025 text's 今年3月 session); none on the clean ones.
- heldout41 (typos only, a seventh writer; 30 and 12), written last with the forty-second and measured after every
  fix of this session: 15 of 30 found, 2 false warnings inside the planted ones (亲自阅卷、亲自接访 of a 信访 rule read
  as a report of a leader's activity), none on the clean ones. Since fixed with it: 24.
- heldout42 (常务会议, 人大 and 政协 news, 预算执行, 衔接资金 公示, 统计公报, posts and reposts; 24 and 12), written last
  and measured after every fix of this session: 21 of 24 found, 2 false warnings inside the planted ones and 1 of 12
  clean warned (a 来源 line of 新华社 or 黔东南日报 on an item checked unmarked, right, and left out here; 实木 read as
  史). Since: 23 (the GDP's parts now flagged on the total as well; 真票可验 and 点数优惠 as invoice-ad words).

Every text is checked as 锦屏县's deployment checks it: its own name is its register of own sources."""

import datetime as dt
import json
from pathlib import Path

import pytest

from sanshen.checks import CheckContext, Engine

DATA = Path(__file__).parent / "data"


def _rows(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


FIRST = _rows("clean_county_passages.jsonl")
SECOND = [
    *_rows("clean_county_passages_2.jsonl"),
    *_rows("heldout_clean.jsonl"),
    *_rows("heldout2_clean.jsonl"),
    *_rows("heldout3_clean.jsonl"),
    *_rows("heldout4_clean.jsonl"),
    *_rows("heldout5_clean.jsonl"),
    *_rows("heldout6_clean.jsonl"),
    *_rows("heldout7_clean.jsonl"),
    *_rows("heldout8_clean.jsonl"),
    *_rows("heldout9_clean.jsonl"),
    *_rows("heldout10_clean.jsonl"),
    *_rows("heldout11_clean.jsonl"),
    *_rows("heldout12_clean.jsonl"),
    *_rows("heldout13_clean.jsonl"),
    *_rows("heldout14_clean.jsonl"),
    *_rows("heldout15_clean.jsonl"),
    *_rows("heldout16_clean.jsonl"),
    *_rows("heldout17_clean.jsonl"),
    *_rows("heldout18_clean.jsonl"),
    *_rows("heldout19_clean.jsonl"),
    *_rows("heldout20_clean.jsonl"),
    *_rows("heldout21_clean.jsonl"),
    *_rows("heldout22_clean.jsonl"),
    *_rows("heldout23_clean.jsonl"),
    *_rows("heldout24_clean.jsonl"),
    *_rows("heldout25_clean.jsonl"),
    *_rows("heldout26_clean.jsonl"),
    *_rows("heldout27_clean.jsonl"),
    *_rows("heldout28_clean.jsonl"),
    *_rows("heldout29_clean.jsonl"),
    *_rows("heldout30_clean.jsonl"),
    *_rows("heldout31_clean.jsonl"),
    *_rows("heldout32_clean.jsonl"),
    *_rows("heldout33_clean.jsonl"),
    *_rows("heldout34_clean.jsonl"),
    *_rows("heldout35_clean.jsonl"),
    *_rows("heldout36_clean.jsonl"),
    *_rows("heldout37_clean.jsonl"),
    *_rows("heldout38_clean.jsonl"),
    *_rows("heldout39_clean.jsonl"),
    *_rows("heldout40_clean.jsonl"),
    *_rows("heldout41_clean.jsonl"),
    *_rows("heldout42_clean.jsonl"),
    *_rows("heldout43_clean.jsonl"),
    *_rows("heldout44_clean.jsonl"),
    *_rows("heldout45_clean.jsonl"),
    *_rows("heldout46_clean.jsonl"),
]
PLANTED = _rows("planted_errors.jsonl")
HELD_OUT = [
    *_rows("heldout_planted.jsonl"),
    *_rows("heldout2_planted.jsonl"),
    *_rows("heldout3_planted.jsonl"),
    *_rows("heldout4_planted.jsonl"),
    *_rows("heldout5_planted.jsonl"),
    *_rows("heldout6_planted.jsonl"),
    *_rows("heldout7_planted.jsonl"),
    *_rows("heldout8_planted.jsonl"),
    *_rows("heldout9_planted.jsonl"),
    *_rows("heldout10_planted.jsonl"),
    *_rows("heldout11_planted.jsonl"),
    *_rows("heldout12_planted.jsonl"),
    *_rows("heldout13_planted.jsonl"),
    *_rows("heldout14_planted.jsonl"),
    *_rows("heldout15_planted.jsonl"),
    *_rows("heldout16_planted.jsonl"),
    *_rows("heldout17_planted.jsonl"),
    *_rows("heldout18_planted.jsonl"),
    *_rows("heldout19_planted.jsonl"),
    *_rows("heldout20_planted.jsonl"),
    *_rows("heldout21_planted.jsonl"),
    *_rows("heldout22_planted.jsonl"),
    *_rows("heldout23_planted.jsonl"),
    *_rows("heldout24_planted.jsonl"),
    *_rows("heldout25_planted.jsonl"),
    *_rows("heldout26_planted.jsonl"),
    *_rows("heldout27_planted.jsonl"),
    *_rows("heldout29_planted.jsonl"),
    *_rows("heldout30_planted.jsonl"),
    *_rows("heldout31_planted.jsonl"),
    *_rows("heldout32_planted.jsonl"),
    *_rows("heldout34_planted.jsonl"),
    *_rows("heldout35_planted.jsonl"),
    *_rows("heldout37_planted.jsonl"),
    *_rows("heldout38_planted.jsonl"),
    *_rows("heldout39_planted.jsonl"),
    *_rows("heldout41_planted.jsonl"),
    *_rows("heldout42_planted.jsonl"),
    *_rows("heldout43_planted.jsonl"),
    *_rows("heldout44_planted.jsonl"),
    *_rows("heldout45_planted.jsonl"),
    *_rows("heldout46_planted.jsonl"),
]
# Errors the engine does not warn of (docs/decisions.md): a handling note after a subject that is not the document
# itself (参阅材料系涉密材料，阅后收回), and parts that miss their total where the list may leave kinds out or
# overlap (a note only: 25名 of posts, 186家 of units, 1246户 of households), and a growth rate that a figure
# rounded to its last digit allows (1.2亿元 may be 1.174亿: 15%). (群众满度 and 落到处 are found since, as common
# slips in the hand-written table; 两个确定 for 两个确立 since the sixteenth set, by its frame 的决定性意义.)
KNOWN_MISSES = {"涉密材料，阅后收回", "25名", "食品销售单位71家", "1246户", "增长15%"}
# The fifth set's: two rates given 分别 with their bases in the next sentence. (Found since: a family after another's
# verb, 做到“两个确立”; a word swapped at a formulation's middle, 全面实现…复兴; 总体国家安全发展观 and the
# province's 围绕“四新”主攻“四化”, now in the data file; an even split, 每镇80万元; the three kinds of 防止返贫监测对象
# that make their whole, 486户; a place said to lead three with fewer, 居三镇之首; the four ads with no contact, by
# the scorer's words for them: 私聊, 均可套, 学信网可查, 票据代开, 气狗, 支持验货; 拔付 and 告如下 as common slips.)
KNOWN_MISSES |= {"25%"}
# The sixth set's: parts of 中小学教师 listed as 小学, 初中 and 高中 (a whole only by the total's name; a note).
KNOWN_MISSES |= {"计划公开招聘中小学教师85名"}
# A miss named with words of its own passage, where other sets hold the same error found (none now: the seventh
# set's 二十届五中全会 is found since by the document its 全会 adopted, two sentences on).
KNOWN_MISSED_IN: set[tuple[str, str]] = set()
# Findings elsewhere that say the same planted error again: the shares of a total written wrong; a named person's
# illness reported on the person (pii.health masks the name, 吴某某, where no 公示 needs it).
ALSO_FOUND = {
    "10320.00万元": {"statistics.share"},
    "（患尿毒症）": {"pii.health"},
    "因患尿毒症长期透析的": {"pii.health"},
    "患有尿毒症、每周需到县人民医院透析的": {"pii.health"},
    "日赚300元兼职，详询QQ群556677889": {"injected.fraud.word"},  # 想在家轻松赚钱 opens the same ad
    "去年确诊为宫颈癌中晚期": {"pii.health"},
    # Written in 2025: its "今年3月…十四届全国人大三次会议" is, on the 2026 date the tests check it on, the fourth session.
    "赵乐纪": {"session.year"},
    "线上百家乐、真人视讯，首存即送38%": {"injected.gambling.word"},  # 【皇冠体育官方直营】 opens the same ad
}
FOUND_ELSEWHERE = {"（患尿毒症）", "因患尿毒症长期透析的", "患有尿毒症、每周需到县人民医院透析的", "去年确诊为宫颈癌中晚期"}
# The tenth's: five 资助资金 that add up to 4168.5万元 under a total of 4268.5万元 (a list that may leave kinds out).
KNOWN_MISSES |= {"4268.5万元"}
# The thirteenth's: money parts above their total, read no further where a count of households stands among them;
# the fourteenth's: three kinds of projects 4 short of their 86 (a note: a list may leave kinds out).
KNOWN_MISSES |= {"收益分配资金共计26.8万元", "社会民生项目21个"}
# The fifteenth's: parts that miss their total by less than their rounding allows.
KNOWN_MISSES |= {"茶园面积达到3.2万亩"}
# The seventeenth's: 有意义 for 有异议 (both words), a count of households against a list (7户 for 6); the eighteenth's:
# kinds of hazard points above their total (a note). (A law title two characters off, 实施细则 for 实施条例, is found
# since the twenty-fifth set: a regulation's kind written for another.)
KNOWN_MISSES |= {"对上述公示对象有意义的", "拟新纳入农村低保7户16人", "不稳定斜坡9处"}
# The twenty-first's: 科学合理的施用 (the model reads 的 as likelier, and may veto a 的/地 change), and a plenum the
# table does not know (二十届五中全会 in a text signed in February 2026: the table's last plenum met in October 2025,
# and whether another had met since is what it cannot tell).
KNOWN_MISSES |= {"科学合理的施用底肥", "党的二十届五中全会"}
# The twenty-third's (typos only): 以至 for 以致 (both words; only the sense tells), and a character dropped where the
# model does not read the mended phrase as much likelier (最低生保障) or from a word's end (有关事公告); the
# twenty-sixth's: three sales channels short of their total (a note: a list may leave kinds out), and the same
# unknown plenum in a post that carries no date of its own.
KNOWN_MISSES |= {"以至", "最低生保障", "有关事公告", "1.35亿元"}
KNOWN_MISSED_IN.add(("二十届五中全会", "锦屏好物"))
# The twenty-seventh's (typos only): a character dropped from a set phrase the dictionary holds too seldom or not as
# an idiom (标兼治, 齐抓管; idioms are targets since, at a higher bar: 因地宜 and 持以恒 are found), and
# a real word written for another inside a collocation of 公文 (基础实施, 办理实现, 练习电话: the language model
# cannot tell them from ordinary phrases, 实践安排 reading as 时间安排 too; 予以公式 is found since, by its context); the thirtieth's: a count stated in
# the text against its table, and a drop reckoned against a base in brackets a clause before.
KNOWN_MISSES |= {"标兼治", "齐抓管", "基础实施", "练习电话"}  # 办理实现 found since (a half restored whole)
KNOWN_MISSES |= {"本期共抽检食品样品72批次", "事故起数同比下降25%"}
# The thirty-first's (typos only, a third writer, measured after the fixes of the other two): pairs of words both right
# somewhere (行政权利, 群众反应 — 群众反应强烈 is right —, 正式起用, 长效机智, 权力做好), dropped characters the model does
# not read as much likelier mended (人居境, 全心全为, 应急案), and two found elsewhere but here only as hints or not at
# all: 综合冶理 beside another doubt of its sentence, 有序的推进 ending its clause (the verb may be a noun there).
KNOWN_MISSES |= {"人居境"}  # 应急案 is found since 应急预案 is a word; 长效机智 since 长效机制 is a term
KNOWN_MISSED_IN.add(("全心全为", "全心全为乡亲们服务"))
KNOWN_MISSED_IN |= {("综合冶理", "山水林田路")}  # 有序的推进。 found since (the verb ends its clause)
# The thirty-second's: a count of posts in the text against the table's (小学学段52名 where the table holds 47).
KNOWN_MISSES |= {"小学学段52名"}
# The thirty-fifth's (typos only, a fourth writer, measured after every typo fix before it): look-alikes the search
# does not weigh (脱贪户, 荼园, 裁植), pairs each right somewhere (把权利关进, 群众反应的, 安全生产形式, 报道 for 报到, 自助
# for 资助, 办理等级, 逐户合适, 现予以公式), 的 before a verb that ends its clause (扎实的开展。) or before a complement
# that runs on (落实的不到位等问题), and 全心全为 again.
KNOWN_MISSES |= {"荼园", "裁植", "落实的不到位"}  # 脱贪户 found since 脱贫户 is a word; 扎实的开展。 since
KNOWN_MISSES |= {"报道", "办理等级", "自助", "逐户合适"}
# Found since the sixth session's rules for pairs of 公文 with the words around them (予以公式, 群众反应的问题, 安全生产
# 形式总体平稳, 行政权利运行, 权力做好, 正式起用) and its formulations (全心全意为人民服务, 把权力关进制度的笼子).
# The thirty-seventh's (typos only, a fifth writer, measured after the sixth session's first typo rules: 10 of 30):
# sound-alikes the model weighs too little against their rivals (核消, 主讯期, 扶守, 等极), a look-alike the glyph table
# lacks (烘千), 的 before a complement the model prefers (住的更安心), and two characters of a word changed
# (视频安全). The thirty-eighth's (typos only, a sixth writer: 17 of 30): look-alikes in context (未端, 瞻养), 以至 again,
# 的 before a complement that runs on (落实的不够到位), dropped characters (家庭医签约, 专业作社) and real words for others
# (引水安全, 先进世纪, 起伏线).
KNOWN_MISSES |= {"核消补贴", "安装扶守", "火险等极", "烘千设备", "住的更安心", "视频安全"}  # 主讯期 since (below)
# (瞻养 of the thirty-eighth is found since as a 常见错别字.)
KNOWN_MISSES |= {"未端", "以至错过", "家庭医签约", "专业作社", "引水安全", "先进世纪", "起伏线"}  # 落实的不够到位 since
# The thirty-ninth's: a plenum the table does not know, in a text with no date of its own.
KNOWN_MISSED_IN.add(("二十届五中全会", "古树名木"))
# The forty-first's (typos only, a seventh writer, measured after every fix of the sixth session: 15 of 30): look-alikes
# in context (荼园 again, 食用茵), 齐抓管 again, and real words for others that the model weighs too little in their
# documents (制作记忆, 定式定点, 客服困难; the last two are found in a sentence alone).
KNOWN_MISSES |= {"制作记忆", "定式定点", "客服困难"}  # 食用茵 since (below)
# The forty-second's: a total whose parts stand in paragraphs of their own under headings, each with its share of a
# total named, not given, in its sentence (占衔接资金总额的60.3%).
KNOWN_MISSES |= {"5860万元"}
# The forty-third's (typos only, an eighth writer, measured after the seventh session's first rules: 11 of 30, 16 after
# its fixes): sound- and look-alikes the model weighs too little (雨污分留, 拔打, 撒离, 肓区, 比试成绩, 正式同车), one
# made a hint by a weak doubt far off in its sentence (陪训), dropped characters it does not read as much likelier
# mended (公共卫服务, 农村饮安全, 秸还田 — 秸秆还田 is a term too seldom for the rule), 以至 again, 做出 of 公文 (a note),
# 传成人 (传承人 is a word since, but the model prefers 代表性传成人 as written), and 搞的红火 before a colon (a colon
# ends no clause: 俗话说的好：).
KNOWN_MISSES |= {"雨污分留", "传成人", "做出行政处罚", "以至引发", "搞的红火"}  # 陪训 since (below)
# (拔打, 撒离 and 肓区 are found since as 常见错别字 of a list written after the set, whose writer was given them among
# its examples: not independent evidence.)
KNOWN_MISSES |= {"公共卫服务", "农村饮安全", "秸还田", "比试成绩", "正式同车"}
# Found since the eighth session's second model (sunpinyin's, mixed with the first: checkers/typo.py): 主讯期,
# 食用茵 and 陪训. It also warns once where nothing is wrong, in a quotation of 民法典 第二百九十六条 (因用水、排水 read
# as 饮用水): a false warning kept in sight here rather than hidden by a rule made for it.
KNOWN_FALSE_WARNINGS = {("typo.confusable", "因用水")}
# The forty-fifth's (typos only, a ninth writer, 40 planted and 30 clean documents, measured before any fix made with
# it): 19 of 40 found by the first model alone, 22 with the second (协带, 采罚, 祭祠 more); no warning on the clean
# documents either way, and one false warning inside a planted one either way (加足水量 read as 加用水量). Its misses:
# sound-alikes the models weigh too little or that a rival or a weak doubt of the sentence outweighs (滑破 beside 划破,
# 界时, 冒冲, 秸杆, 随仿, 陪训 beside 开班 → 开办), real words for others (对付, 元件, 起伏线), rare characters
# (蹉商, 分孽, 控缀, 遗瞩) and a look-alike beside a clause of other doubts (衫木).
KNOWN_MISSES |= {"蹉商", "对付", "分孽", "反利", "控缀", "猪温", "滑破", "就助", "随仿", "投述", "遗瞩", "界时"}
KNOWN_MISSES |= {"元件", "衫木", "冒冲"}
KNOWN_MISSED_IN |= {("陪训", "技能陪训班"), ("秸杆", "焚烧秸杆、落叶")}
KNOWN_FALSE_WARNINGS |= {("typo.confusable", "足水量")}
# The forty-sixth's (typos only, look-alikes as OCR of a scan or a hasty hand leaves them, a tenth writer: 10 a part
# written for its whole, 10 a stroke or two off, 10 drawn alike; 30 planted and 20 clean documents), measured after
# the ninth session's parts of characters and before any fix made with it: 15 of 30 found (13 without the parts:
# 害区 and 卫生完 more), no warning on the clean documents, two inside the planted ones (鱼粪, 代驾, own words since).
# Its misses: a conjunction's look-alike (且织: a shape change of 且 or 与 is never made), a slip inside a short
# quotation (“寨老+人民周解”), look-alikes the model weighs too little or that a doubt of the sentence makes hints (君众,
# 扩太, 王要, 下牛, 居往, 睛天, 廷长), a character drawn as a surname's (于部 of 党员于部), pairs no table holds (夭气,
# 曰期, 成续), and words the dictionary lacked (微信, 酒驾: 徽信 is found since words of today's county communication
# became own words; 洒驾 is not, the model reading 洒家 as likelier).
KNOWN_MISSES |= {"且织", "周解", "君众", "扩太", "王要", "下牛", "居往", "睛天", "廷长", "于部"}
KNOWN_MISSES |= {"夭气", "曰期", "洒驾", "成续"}

engine = Engine()
# The texts were written in December 2026 and speak of it (the 两会 of 2027 has not met, the 二十届四中全会 is the
# latest plenum): they are checked on that date, not on the day the tests run.
COUNTY = CheckContext(publication_date=dt.date(2026, 12, 7), registers={"own_sources": ("锦屏县",)})


def findings(text):
    return engine.check(text, COUNTY)


def test_the_passages_are_many_and_of_every_kind():
    assert (len(FIRST), len(SECOND), len(PLANTED), len(HELD_OUT)) == (60, 863, 60, 1414)
    assert {"乡镇动态", "部门动态", "通知公告", "招聘公告", "招标采购", "人事任免", "预决算", "民族文化"} <= {
        p["kind"] for p in FIRST
    }
    categories = {}
    for p in PLANTED:
        categories[p["category"]] = categories.get(p["category"], 0) + 1
    assert len(categories) == 12 and set(categories.values()) == {5}


@pytest.mark.parametrize("passage", FIRST, ids=lambda p: p["text"][:12])
def test_clean_county_writing_gets_no_finding(passage):
    assert [(f.rule, f.text, f.suggestion) for f in findings(passage["text"])] == []


@pytest.mark.parametrize("passage", SECOND, ids=lambda p: p["text"][:12])
def test_clean_posts_and_notices_get_no_warning(passage):
    # Notes may stay, each a hint to read again: 装簧 (a 芦笙 maker's word) beside 装潢, 兼职刷单 quoted in an
    # anti-fraud post, a 统一社会信用代码.
    text = passage["text"]
    assert [(f.rule, f.text, f.severity) for f in findings(text) if f.severity != "info"] == []


@pytest.mark.parametrize("passage", PLANTED + HELD_OUT, ids=lambda p: p["category"] + ":" + p["error"][:10])
def test_a_planted_error_is_found_and_nothing_else(passage):
    text, error = passage["text"], passage["error"]
    start = text.index(error)
    end = start + len(error)
    found = [f for f in findings(text) if f.severity != "info"]
    on_it = [f for f in found if f.start < end and start < f.end]
    missed = error in KNOWN_MISSES or any(error == e and words in text for e, words in KNOWN_MISSED_IN)
    if error in FOUND_ELSEWHERE:
        on_it = [f for f in found if f.rule in ALSO_FOUND[error]]
    assert bool(on_it) != missed, (error, [(f.rule, f.text) for f in found])
    others = [(f.rule, f.text) for f in found if f not in on_it and f.rule not in ALSO_FOUND.get(error, ())]
    assert [other for other in others if other not in KNOWN_FALSE_WARNINGS] == []


def test_the_known_false_warnings_are_still_made():
    # Each stays listed only while the engine still makes it.
    made = {(f.rule, f.text) for p in PLANTED + HELD_OUT for f in findings(p["text"]) if p["error"] != f.text}
    assert KNOWN_FALSE_WARNINGS <= made
