"""Person names where county writing puts them: after an office or a form of address (县委书记李明华, 村民杨通银,
记者王芳), before 同志 (李明华同志), and in a list that follows an office or ends in 等县领导 (县领导李明华、杨世杰;
李明华、杨世杰等县领导), and before its sex in a profile (吴丽萍，女，苗族). Where a name begins a clause or follows
据, 由, 在 …, also before an office (杨世杰副县长),
before what the person says or does (据杨世杰介绍, 李明华表示) and in a bare list (出席会议的有李明华、杨世杰), if it
reads as no frequent word.

    person_name_spans(text) -> list[tuple[int, int]]

The typo checker protects these spans (typo_usage.ProtectedNames): a given name is often an ordinary word to the
language model (明华 → 明年, 世杰 → 世界, 建身 → 健身), and a county's items name its officials in every other
sentence. A name is a common surname and the next two characters; where the name has only one, the character
after it is protected too, which costs at most a correction next to a name. Misspelt state leaders' names are the
leader checker's, which does not read these spans.
"""

from __future__ import annotations

import re

from ..sentences import line_starts
from .leaders import LeaderNameChecker

# Single-character surnames, the commonest; left out are rare ones that are far more often words after an office
# (和, 由, 信, 居, 区, 但, 那, 都, 来, 干: 负责人和…, 组长由…, 居民区…, 领导干部).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班"
    "储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门"
    "云容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於"
    "呼揭尉冶斯元束檀衣展阴昝智幸奉植衡富尧闭"
    "滚"  # a 侗族 surname of 黔东南 (侗族教师滚明华)
)
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 轩辕 端木 独孤 南宫 西门 百里 呼延 申屠 "
    "澹台 公冶 太史 闻人 赫连 钟离 宗政 濮阳 淳于 拓跋 完颜 爱新觉罗"
).split()
# Offices and forms of address a name follows in 公文 and news items: the leader checker's general titles, and the
# offices below them and the people a county's items quote.
TITLES = LeaderNameChecker.GENERIC_TITLES | frozenset(
    "县委常委 副乡长 副镇长 院长 副院长 检察长 校长 副校长 所长 副所长 站长 队长 组长 科长 处长 董事长 总经理 经理 村长 "
    "支书 主任委员 调研员 政委 指导员 负责人 县领导 市领导 省领导 代表 记者 通讯员 联系人 讲解员 教授 医生 老师 村民 "
    "居民 志愿者 先生 女士".split()
)

_COMPOUND = frozenset(COMPOUND_SURNAMES)
_HAN = "[\u4e00-\u9fff]"
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SURNAMES}])"
# A given name of one or two characters; 等 ends a list of names rather than belonging to one (王芳等同志).
_NAME = f"{_SURNAME}(?:(?!等){_HAN}){{1,2}}"
# Groups a person belongs to and the roles an item quotes people in, rather than offices: many words that are no
# names come before and after them (全村村民, 人大代表, 群众满意度), so a name after one must read as no word (_no_word).
GROUPS = frozenset(
    "村民 居民 志愿者 代表 负责人 联系人 县领导 市领导 省领导 学员 游客 党员 干部 驻村干部 护林员 网格员 保洁员 歌师 "
    "养殖户 种植户 脱贫户 农户 工人 民警 辅警 护士 教师 学生 家长 村医 选手 市民 青年 老人 大学生 创业者 带头人 讲解员 "
    "演员 厨师 店主 技术员 队员 球员 运动员 考生".split()
)
# A family word names the person after it as surely as an office does (您父亲杨光荣, 其妻子姜秀兰): a given name that
# is a word (光荣) is still one.
_AFTER_KIN = re.compile(f"(?:妻子|丈夫|爱人|老伴|儿子|女儿|父亲|母亲|孙子|孙女)({_NAME})")
_OFFICES = "|".join(sorted(TITLES - GROUPS, key=len, reverse=True))
_AFTER_OFFICE = re.compile(rf"(?:{_OFFICES})[：:\s]?({_NAME})")
_AFTER_GROUP = re.compile("(?:" + "|".join(sorted(GROUPS, key=len, reverse=True)) + rf")[：:\s]?({_NAME})")
_BEFORE_COMRADE = re.compile(f"({_NAME})同志")
_PERSON_LEADS = "据由在向和与及同有为是"
# Where a name with no office before it may begin: the text's start, after punctuation or a space, or after a word
# that leads to a person (据, 由, 在, 向, 有 …). Inside a run of characters, an organ's name comes before its offices
# (党组书记, 治理处处长) far more often than a person's.
_OPENS = f"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{_PERSON_LEADS}]))"
# A name before an office (杨世杰副县长一行, 在李明华县长陪同下, 王芳老师).
_BEFORE_TITLE = re.compile(f"{_OPENS}({_NAME})(?:{_OFFICES})")
# A name before what it says or does (，李明华表示；据杨世杰介绍；会议由赵丽娜主持), also after a word for a role that
# no list holds (歌师吴世杰说, 种植大户杨丽娜介绍).
_VERBS = "表示|介绍|指出|强调|说|告诉|坦言|主持|讲话|发言|要求|认为|提出"
# Said in some manner (陆秀珍笑着说, 杨丽娜高兴地介绍).
_MANNER = f"(?:笑着|{_HAN}{{2}}地)?"
_SAYS = re.compile(f"(?:{_OPENS}|(?<=[员民户农工师生客部长手匠人]))({_NAME})(?={_MANNER}(?:{_VERBS}))")
# 任免: a name after 任命 or 免去, or opening a line before 为…局长 or 的…职务 (任命：⏎龙丽娜为县教育局局长；).
_APPOINTED = re.compile(
    rf"(?:任命|聘任|聘请|提名|推荐|免去|撤销|拟任)[：:\s]*({_NAME})(?=同志|为|的|任|担任)"
    + rf"|{_OPENS}({_NAME})(?=为[^；;。\n]{{1,30}}?(?:{_OFFICES})"
    + r"|的[^；;。\n]{1,30}?职务)"
)
# A profile in a 任前公示 or a list of staff: a name before its sex or people (吴丽萍，女，苗族，1988年10月生; 杨明（男）;
# 杨秀珍（苗族）).
_PROFILE = re.compile(rf"{_OPENS}({_NAME})(?=[，,]\s*[男女][，,、）)]|[（(](?:[男女]|{_HAN}{{1,3}}族)[）)，,、])")
_WHOLE_NAME = re.compile(_NAME)
# The names of an item's bylines and contacts (编辑：姚嘉怡  审核：陶明辉; 编辑　杨帆; 联系人：乡妇联 龙秀珍): a role, a
# colon or a space, the name.
_BYLINE_ROLES = (
    "编辑", "审核", "初审", "复审", "终审", "校对", "摄影", "撰稿", "供稿", "通讯员", "记者", "作者", "联系人", "联络员", "经办人"
)
_BYLINE = re.compile(
    rf"(?:{'|'.join(_BYLINE_ROLES)})(?:[：:][ \t　]*|[ \t　]+)"
    # the writer's unit may come first (作者：县地方志办公室　刘志远; 联系人：乡妇联 龙秀珍)
    rf"(?:[^\s　：:（）()]{{2,16}}?(?:办公室|委员会|中心|局|站|所|院|馆|社|部|办|镇|乡|联|协)[ \t　]+)?({_NAME})"
)
# The person an entry of a numbered list opens with (公示名单: "1．潘玉兰，魁胆村，因病…").
_UNIT_ENDS = frozenset("省市州县区镇乡村局委办厅")
_LIST_ENTRY = re.compile(
    rf"[ \t　]*(?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?:[．.、][ \t　]*|\t)({_NAME})(?=[，,：:；;（(\s]|家庭)"
)  # "1．潘玉兰，", a table's row "1	龙运松	男", a 最美家庭 list's "3.吴丽萍家庭（敦寨镇亮司村）"
# A line of a roster (表彰名单): the name, perhaps its sex, a wide space or a tab, the person's unit and nothing more
# (陆德华　锦屏县第二小学, 王春梅（女）　锦屏县第一小学).
_ROSTER_LINE = re.compile(
    rf"[ \t　]*({_NAME})(?:[（(][^）)\n]{{1,6}}[）)])?[\t　]+"
    r"(?=[^\n]{0,30}?(?:学|校|局|镇|乡|村|中心|公司|医院|院|站|所|委|办|队|社|厂|场|部|馆|会)[ \t　]*(?:\n|$))"
)
# A table's column of names: the header cell 姓名 (or 姓　名), or one naming the person's part (户主姓名, 家庭户主,
# 联系人, 联络员, 负责人 …), names the column below it; a cell may add the person's sex or people in brackets
# (龙秀霞（女）).
_NAME_HEADER = re.compile(r"姓[ 　]*名|(?:家庭)?户主(?:姓名)?|(?:联系|联络|负责|申请|责任|监护|经办)[人员](?:姓名)?")
_NAME_CELL = re.compile(rf"[ 　]*({_HAN}{{2,4}})[ 　]*(?:[（(][^）)]{{1,6}}[）)])?[ 　]*")
# What sets a table's cells apart: a tab, or a bar (序号 | 姓名 | 性别).
_CELL_BREAK = re.compile(r"\t|[ 　]*\|[ 　]*")


def table_name_spans(text: str) -> list[tuple[int, int]]:
    """The cells of a table's column of names (tabs or bars between the cells; _NAME_HEADER), down to the first
    line that is no row of the table."""
    found: list[tuple[int, int]] = []
    if not ("\t" in text or "|" in text) or _NAME_HEADER.search(text) is None:
        return found
    column = None
    for at in line_starts(text):
        end = text.find("\n", at)
        end = end if end >= 0 else len(text)
        breaks = list(_CELL_BREAK.finditer(text, at, end))
        if not breaks:
            column = None
            continue
        bounds = [at, *(b for m in breaks for b in m.span()), end]
        cells = list(zip(bounds[::2], bounds[1::2]))  # (start, end) of each cell
        titled = [i for i, (a, b) in enumerate(cells) if _NAME_HEADER.fullmatch(text[a:b].strip())]
        if titled:
            column = titled[0]
            continue
        if column is None or column >= len(cells):
            continue
        a, b = cells[column]
        m = _NAME_CELL.fullmatch(text, a, b)
        if m is not None:
            found.append(m.span(1))
    return found


# The end of a list of names (李明华、杨世杰等县领导), and the next name of a list (、杨世杰).
_LIST_OPENS = re.compile(_OPENS)
_LIST_END = re.compile(f"(?<={_HAN})等(?:[县市省]?领导|(?:[0-9一二三四五六七八九十]+名)?同志)")
_NEXT_IN_LIST = re.compile(f"、({_NAME})")


def person_name_spans(text: str, words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where `text` names a person, as (start, end) offsets, in order: after an office or a group (县委书记李明华,
    村民杨通银), before 同志, in 任免 forms, in a list of any of these, and, where a name may begin (_OPENS), before
    an office, before what the person says or does, at the head of a numbered list's entry, and in a bare list of
    names.

    `words` are frequent words: a surname that makes one with the character before it is no surname (有关单位同志,
    居民居住证), and a name's third character that begins one is the next word's (主任高雨担任, 副县长李明出席)."""
    after_office = [m.span(1) for m in _AFTER_OFFICE.finditer(text)]
    found = list(after_office)
    found += [m.span(1) for m in _AFTER_KIN.finditer(text)]
    if any(role in text for role in _BYLINE_ROLES):
        found += [m.span(1) for m in _BYLINE.finditer(text)]
    if "男" in text or "女" in text or "族" in text:
        found += [m.span(1) for m in _PROFILE.finditer(text)]
    if "同志" in text:
        found += [m.span(1) for m in _BEFORE_COMRADE.finditer(text)]
    if "等" in text:
        found += [span for m in _LIST_END.finditer(text) for span in _listed_before(text, m.start())]
    # Where no office comes before it, a name is one only where it reads as no frequent word (文件指出, 农村局局长;
    # a name like 林建设 loses nothing: a word is not corrected).
    unvouched = [m.span(1) for pattern in (_AFTER_GROUP, _BEFORE_TITLE, _SAYS) for m in pattern.finditer(text)]
    unvouched += [m.span(m.lastindex) for m in _APPOINTED.finditer(text)]
    # A list's entry vouches for more than an opening does: a given name that is a word (潘玉兰) is still one.
    found += [
        m.span(1)
        for at in line_starts(text)
        for m in (_LIST_ENTRY.match(text, at) or _ROSTER_LINE.match(text, at),)
        if m is not None and not {m.group(1), m.group(1)[:2]} & words and m.group(1)[-1] not in _UNIT_ENDS
    ]
    found += [span for span in unvouched if _no_word(text, *span, words)]
    found += table_name_spans(text)
    if "、" in text:
        found += _listed_bare(text, words)
    # Right after an office, a surname that makes a word with the office's last character is still one (镇长龙丽娜,
    # 主任何丽娜), unless the name reads as a word (总经理解释).
    named_after_office = {start for start, end in after_office if _no_word(text, start, end, words)}
    spans: dict[int, int] = {}  # start → end; a list is walked once however many of its names were found
    for start, end in found:
        if start > 0 and text[start - 1 : start + 1] in words and start not in named_after_office:
            continue
        while start not in spans:
            if end - start == 3 and text[start + 2 : start + 4] in words:
                end -= 1
            spans[start] = end
            following = _NEXT_IN_LIST.match(text, end)
            if following is None:
                break
            start, end = following.span(1)
    return sorted(spans.items())


def name_at(text: str, at: int) -> re.Match | None:
    """A surname and one or two characters at text[at:], or None."""
    return _WHOLE_NAME.match(text, at)


def _no_word(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether text[start:end] reads as no frequent word: neither whole, nor its first or last two characters
    (农村局, 文件; 马建国)."""
    first_two = text[start : start + 2]
    if first_two in _COMPOUND:  # 欧阳 is a word and a surname: the given name decides
        return not {text[start:end], text[start + 2 : end]} & words
    return not {text[start:end], first_two, text[end - 2 : end]} & words


def _listed_bare(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """The first names of lists of names with no office (出席会议的有李明华、杨世杰；李明华、杨世杰参加调研): two names
    side by side across 、, the first where a name may begin (_OPENS), neither of them a frequent word and one
    that reads as none at all (马建国、杨世杰: _no_word); the caller walks on through the rest of the list."""
    found = []
    for comma in (m.start() for m in re.finditer("、", text)):
        first = _name_before(text, comma)
        following = _NEXT_IN_LIST.match(text, comma)
        if first < 0 or following is None or not _LIST_OPENS.match(text, first):
            continue
        start, end = following.span(1)
        if end - start == 3 and text[start + 2 : start + 4] in words:
            end -= 1
        pair = ((first, comma), (start, end))
        if all(text[a:b] not in words for a, b in pair) and any(_no_word(text, a, b, words) for a, b in pair):
            found.append((first, comma))
    return found


def _listed_before(text: str, end: int) -> list[tuple[int, int]]:
    """The names of a list that ends at `end` (李明华、杨世杰|等县领导), walked back from its end, so that a long text
    costs one pass: between two 、 a whole name, before the first the longest name that ends there."""
    spans = []
    while (start := _name_before(text, end)) >= 0:
        spans.append((start, end))
        if start == 0 or text[start - 1] != "、":
            break
        end = start - 1
    return spans


def _name_before(text: str, end: int) -> int:
    """Where the listed name that ends at `end` starts, or -1: after a 、 the whole name up to it, with none the
    longest name that ends there."""
    comma = text.rfind("、", max(0, end - 5), end)
    if comma >= 0:
        return comma + 1 if _WHOLE_NAME.fullmatch(text, comma + 1, end) else -1
    return next((a for a in range(max(0, end - 4), end - 1) if _WHOLE_NAME.fullmatch(text, a, end)), -1)
