"""个人信息: 身份证号, 银行卡号, 手机号 and other personal data that must be masked (脱敏) before publishing."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate
from operator import itemgetter, mul

from ..context import CheckContext
from ..finding import Finding
from ..masking import MaskPolicy, masked_value, masks
from ..sentences import sentence_end, sentence_start
from .person_names import name_at, person_name_spans
from .typo_tables import load_tables

SOURCE_ID_CARD = "GB 11643-1999《公民身份号码》"
SOURCE_BANK_CARD = "ISO/IEC 7812 银行卡号校验（Luhn）"
SOURCE_USCC = "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"
SOURCE_PRIVACY = "2018年政务公开工作要点：涉及个人隐私的政府信息公开时作去标识化处理"

# GB/T 2260 province codes (81/82/83: 港澳台居民居住证).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {ch: value for value, ch in enumerate(USCC_CHARS)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Full-width digits, letters and the symbols numbers and addresses are written with ("１３８", "＠").
# Not the full-width punctuation every Chinese sentence has: folding it would cost a pass for nothing.
_FULL_WIDTH_CHARS = "％＋－．＠＿" + "".join(
    chr(code) for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
)
HALF_WIDTH = {ord(ch): ord(ch) - 0xFEE0 for ch in _FULL_WIDTH_CHARS}
_FULL_WIDTH = re.compile(f"[{_FULL_WIDTH_CHARS}]")
BANK_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "34", "37")


def id_card_checksum_ok(number: str) -> bool:
    """GB 11643 (ISO 7064 MOD 11-2) check character of an 18-character ID number."""
    total = sum(int(ch) * w for ch, w in zip(number[:17], ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def uscc_checksum_ok(code: str) -> bool:
    """GB 32100 check character: weights 3^i mod 31 over the first 17 characters."""
    total = sum(map(mul, map(_USCC_VALUES.__getitem__, code[:17]), USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def _is_birth_date(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return today.year - 150 <= born.year and born <= today


# A candidate is (priority, start, end, rule, severity, message), a plain tuple: the bench text has thousands
# of phone numbers per megabyte, and a Finding is built only for the candidates that are kept.
# Lower priority wins where two candidates overlap: a valid ID number is not also reported as a bank card.
# Priorities, strongest first.
VALID_ID, VALID_BANK, VALID_USCC, MOBILE, PASSPORT, WEAK_ID, WEAK_BANK, WEAK_USCC, LANDLINE, OTHER = range(10)


class PersonalDataChecker:
    """Finds ID, bank card and phone numbers and other personal data (checked by checksum) that must be masked.

    Option: `mask_policy`, the deployment's MaskPolicy, used for the suggested masked form.
    """

    code = "pii"
    label = "个人信息"

    # Candidates, looked for after full-width digits and letters are folded; validation below decides.
    ID_CARD_18 = re.compile(
        r"(?<![\dA-Za-z])\d{6}((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])"
    )
    ID_CARD_15 = re.compile(r"(?<![\dA-Za-z])\d{6}(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}(?![\dA-Za-z])")
    BANK_CARD = re.compile(r"(?<![\dA-Za-z])\d{16,19}(?![\dA-Za-z])")
    # "6222 0212 3456 7890 128": groups of four, as printed on the card.
    BANK_CARD_GROUPED = re.compile(r"(?<![\d])(?<!\d[ -])\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?(?![ -]?\d)")
    MOBILE = re.compile(r"(?<![\dA-Za-z+])(?:(?:\+|00)?86[-－ ]?)?1[3-9]\d{9}(?!\d)")
    MOBILE_GROUPED = re.compile(
        r"(?<![\d+])(?<!\d[- ])(?:(?:\+|00)?86[-－ ]?)?1[3-9]\d[-－ ]\d{4}[-－ ]\d{4}(?![-－ ]?\d)"
    )
    # Area code (010, 02x, 0xxx) then a local number, which never starts with 0 or 1.
    LANDLINE = re.compile(
        r"(?<![\d+])(?:[(（](?:010|02\d|0[3-9]\d{2})[)）]|(?:010|02\d|0[3-9]\d{2})[-－ ]?)[2-9]\d{6,7}(?!\d)"
    )
    EMAIL = re.compile(
        r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])"
    )
    PASSPORT = re.compile(r"(?<![0-9A-Za-z])[A-Z]{1,2}\d{6,9}(?![0-9A-Za-z])")
    PLATE = re.compile(
        r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([·•・]?)"
        r"(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![0-9A-Za-z])"
    )
    USCC = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")

    # ID numbers and ungrouped card numbers hold 15 digits in a row; most texts have none, and one search for
    # them costs less than the three patterns it spares.
    FIFTEEN_DIGITS = re.compile(r"\d{15}")

    # Context words looked for just before a weak candidate.
    BANK_CONTEXT = re.compile(r"卡号|账号|帐号|账户|帐户|银行|开户行")
    PASSPORT_CONTEXT = re.compile(r"护照|通行证")
    PLATE_CONTEXT = re.compile(r"车牌|号牌|牌照|车号|车辆|机动车|驾驶|轿车|货车|客车|车主|违停|违章")
    USCC_CONTEXT = re.compile(r"信用代码")
    # A landline after these words is a unit's (咨询电话, 采购人…联系电话, 县医疗保障局，电话), which may be published,
    # unless words about a private person or home are near it too (住宅电话, 村民…家中电话).
    OFFICE_PHONE_CONTEXT = re.compile(
        r"咨询|举报|投诉|监督|值班|服务|办公|传真|热线|报名|采购|招标|代理|联系人|联系电话|单位|办公室|反映|公示|"
        r"[局委办院所站队联会社股科部处厅庭馆校]|中心|政府|公司"
    )
    OFFICE_EMAIL_CONTEXT = re.compile(r"报名|投稿|应聘|简历|咨询|举报|投诉|监督|联系邮箱|办公|单位|[局委办院所站队联会社股科部处厅馆校]")
    # A block of contact lines of a unit, read this far back to its blank line: headed by the unit, or giving an office
    # landline (联系人：乡妇联 龙秀珍\n联系电话：0855-7302116).
    UNIT_HEADS_BLOCK = re.compile(r"单位[：:]|(?:公司|局|中心|委员会|政府|办公室)\n|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
    CONTACT_BLOCK = 160
    PRIVATE_CONTEXT = re.compile(r"住宅|宅电|家庭|家中|家住|个人|户主|村民|居民|本人|患者|当事人|家属")
    CONTEXT_WINDOW = 20
    # What ends the sentence an address or a diagnosis is read in, and how far an address's may reach.
    STOPS = "。；;！？\n"
    HOME_REACH = 60
    # A house number: after a village group (四组36号) or a road (环城路12号). A person's home where its sentence says
    # so (老人家中, 家住, 户主), not a unit's address (地址：…, 位于, 服务中心).
    HOUSE_NUMBER = re.compile(
        r"(?:[一二三四五六七八九十\d]{1,3}组|[路街巷弄])"
        r"(\d{1,4}号(?:\d{1,3}[栋幢])?(?:\d{1,2}单元)?(?:\d{1,4}室)?)(?![楼院线文令门房厅室车道口码窗柜馆台舱库机位字])"
    )
    HOME_CONTEXT = re.compile(
        r"家中|家住|住址|住在|居住|独居|户主|老人家|的家|家门|住户|租住|村民|群众|[（(，,]住(?=[\u4e00-\u9fff])"
    )
    # A diagnosis after a person's name in the same sentence, this close: 龙秀英今年3月被确诊为乳腺癌.
    # Not 明确诊断; 患 alone before an illness's name (其患精神分裂症).
    DIAGNOSIS = re.compile(
        r"确诊(?!断)|诊断为|患有|罹患|身患|查出患|患(?=[\u4e00-\u9fff]{1,8}?(?:症|病|癌))"
        r"|突发(?=脑出血|脑溢血|脑梗|心梗|心肌梗死|心脏病|中风)"
    )
    HEALTH_REACH = 20
    GROUP_BEFORE_NAME = re.compile(r"村民|居民|群众|老人|农户|脱贫户|监测户|低保户|患者|困难群众|独居老人")
    NAME_ENDS = frozenset("，,。；;、（( \n")
    # The illness a diagnosis names (患精神分裂症, 确诊为乳腺癌): what a 公示 must leave out, as it must name the person.
    ILLNESS = re.compile(r"[\u4e00-\u9fff]{1,9}?(?:症|病|癌)")
    DIAGNOSIS_WORDS = ("确诊", "诊断为", "患", "突发")
    # A villager the sentence is about, named at its start (今年4月，…村民龙再兴（62岁）因…，突发脑出血…).
    SUBJECT_REACH = 30
    # An injury said of a named person (造成杨再兴右小腿胫腓骨粉碎性骨折, 伤者龙某某颅脑损伤): health data as a
    # diagnosis is. The person is named right after what caused it or a word for the injured, in the injury's clause;
    # 受伤 alone is what a report of an accident says, and stays.
    INJURY = re.compile(r"骨折|骨裂|烧伤|烫伤|挫裂?伤|颅脑损伤|脑震荡|截肢")
    INJURY_WORDS = ("骨", "伤", "脑震荡", "截肢")
    INJURED = re.compile(r"(?:造成|致使|导致|致)(?:村民|群众|游客|行人|工人|乘客|学生|驾驶人|驾驶员|伤者)?|伤者|伤员")
    BODY = frozenset("左右双头面颈胸腹背腰腿臂手脚足膝肩肋盆颅眼")
    # A pupil named with school and class (四年级（3）班学生杨子涵), and a person named with a criminal sentence
    # (被判处有期徒刑一年、缓刑二年的石光明, 社区矫正对象石光明): the name is masked, the rest may stay.
    PUPIL = re.compile(r"[一二三四五六七八九1-9]年级[（(]?\d{1,2}[）)]?班(?:学生|学员)?(?!班主任|班长|主任|老师|教师)")
    SENTENCED = re.compile(r"判处[^。；！？\n]{1,24}?的|矫正对象|刑满释放人员|服刑人员")
    UNIT_ADDRESS_CONTEXT = re.compile(r"地址|位于|坐落|办公|设在|大厅|中心|政府|委员会|[局院所站馆校厅]")
    # Unit mailboxes on government domains are published on purpose.
    PUBLIC_EMAIL_DOMAINS = re.compile(r"(?:^|\.)gov\.cn$|\.gov$", re.IGNORECASE)

    EXAMPLES = [
        ("申请人身份证号11010519491231002X", ["pii.id_card"]),
        ("身份证号110105194912310021", ["pii.id_card"]),
        ("收款账号6222600260001072444", ["pii.bank_card"]),
        ("联系电话：138-1234-5678", ["pii.phone"]),
        ("统一社会信用代码：91310110666007217T", ["pii.uscc"]),
        ("护照号码E12345678", ["pii.passport"]),
        ("联系人手机138****5678，身份证号350102********123X", []),
        ("拨打12345政务服务便民热线或12315投诉举报", []),
        ("咨询电话：0855-7222108", []),
        ("村民杨通银家中电话：0855-7654321", ["pii.phone"]),
        ("在魁胆村四组36号王秀兰老人家中，工作人员了解老人身体状况", ["pii.address"]),
        ("办公地址：三江镇环城北路28号", []),
        ("字幕：瑶白村2组37号 独居老人龙奶奶家", ["pii.address"]),
        ("岗位代码21考生吴林晓因患甲状腺疾病正在住院治疗，其体检时间另行通知", ["pii.health"]),
        ("驾驶人杨某（男，35岁，住三江镇清江路36号2单元301室）驾驶小型轿车", ["pii.address"]),
        ("大同乡村民龙秀英今年3月被确诊为乳腺癌，先后3次住院治疗", ["pii.health"]),
        ("全县确诊乳腺癌患者32人，均已纳入大病保险", []),
        ("该生为锦屏县第二小学四年级（3）班学生杨子涵，事发时家长外出务工", ["pii.minor"]),
        ("四年级（1）班、六年级（3）班连续三周获得流动红旗", []),
        ("2．杨丽琼，女，苗族，铜鼓镇中学九年级（1）班班主任", []),
        ("因盗窃罪被判处有期徒刑一年、缓刑二年的石光明表示，将认真改造", ["pii.offender"]),
        ("工作人员来到村民龙有财家中，了解到其患精神分裂症已十余年", ["pii.health"]),
        ("临时救助对象公示\n1．潘玉兰，魁胆村，因患精神分裂症长期住院治疗，拟救助3000元；", ["pii.illness"]),
        ("临时救助对象公示\n1．潘玉兰，魁胆村，因病长期住院治疗，拟救助3000元；", []),
        ("临时救助对象公示\n3\t岑梧村\t姜某某\t因女儿确诊为急性淋巴细胞白血病，长期住院化疗\t4500", ["pii.illness"]),
        ("走访组看望了患有尿毒症、每周需到县人民医院透析的村民姜德华", ["pii.health"]),
        ("县人民医院收治了患有尿毒症的患者12人", []),
        ("党员们看望了患尿毒症需每周三次透析的村民龙光明，详细了解其医疗费用报销情况", ["pii.health"]),
        ("今年4月，亮司村村民龙再兴（62岁）因自觉没有不适，擅自停用降压药近半年，突发脑出血被送往县人民医院", ["pii.health"]),
        ("县人民医院医生龙再兴介绍，突发脑出血的患者要及时送医", []),
        ("滑坡冲毁1间木质偏厦，造成杨再兴右小腿胫腓骨粉碎性骨折，已送县人民医院救治", ["pii.health"]),
        ("滑坡冲毁1间木质偏厦，造成1人右小腿骨折，已送县人民医院救治", []),
        ("事故造成驾驶人杨某受伤，已送医救治", []),
        ("滑坡冲毁1间木质偏厦，造成杨某某右小腿胫腓骨粉碎性骨折，已送县人民医院救治", []),
    ]

    def __init__(self, mask_policy: MaskPolicy | None = None):
        if mask_policy is not None and not isinstance(mask_policy, MaskPolicy):
            raise ValueError(f"Invalid mask_policy option: {mask_policy!r}")
        self.mask_policy = mask_policy or MaskPolicy()

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        # Full-width digits and letters fold to ASCII one for one, so offsets hold.
        scan = text.translate(HALF_WIDTH) if _FULL_WIDTH.search(text) else text
        numbers = _NumberStretches(scan)
        candidates = [
            *self._id_cards(numbers, context.date),
            *self._bank_cards(numbers, scan),
            *self._uscc_codes(numbers, scan),
            *self._phones(numbers, scan),
            *self._others(numbers, scan),
        ]
        return [self._finding(*c[1:], text) for c in _without_overlaps(candidates)]

    def _finding(self, start: int, end: int, rule: str, severity: str, message: str, text: str) -> Finding:
        """The finding with the original characters, and their masked form as the suggestion."""
        original = text[start:end]
        category = _CATEGORIES[rule]
        masked = masks(category, severity)
        return Finding(
            rule=rule,
            category=category,
            standard=6,
            severity=severity,
            start=start,
            end=end,
            text=original,
            message=message,
            suggestion=masked_value(rule, original, self.mask_policy) if masked else "",
            source=_SOURCES[rule],
        )

    # --- candidates and their validation -----------------------------------------------------------

    def _id_cards(self, numbers: _NumberStretches, today: dt.date):
        if not numbers.has(self.FIFTEEN_DIGITS):
            return
        for m, start, end in numbers.finditer(self.ID_CARD_18):
            number = m.group(0)
            if number[:2] not in PROVINCE_CODES or not _is_birth_date(*map(int, m.groups()), today):
                continue
            if id_card_checksum_ok(number):
                yield (VALID_ID, start, end, "pii.id_card", "serious", "身份证号码，发布前须脱敏")
            else:
                yield (WEAK_ID, start, end, "pii.id_card", "warn", "疑似身份证号(校验失败)")
        for m, start, end in numbers.finditer(self.ID_CARD_15):
            yy, month, day = map(int, m.groups())
            if m.group(0)[:2] in PROVINCE_CODES and _is_birth_date(1900 + yy, month, day, today):
                message = "疑似15位旧版身份证号码，请核实，发布前须脱敏"
                yield (WEAK_ID, start, end, "pii.id_card", "warn", message)

    def _bank_cards(self, numbers: _NumberStretches, text: str):
        patterns = (self.BANK_CARD, self.BANK_CARD_GROUPED)
        if not numbers.has(self.FIFTEEN_DIGITS):
            patterns = (self.BANK_CARD_GROUPED,)
        for pattern in patterns:
            for m, start, end in numbers.finditer(pattern):
                digits = re.sub(r"\D", "", m.group(0))
                if not 16 <= len(digits) <= 19 or not digits.startswith(BANK_PREFIXES):
                    continue
                if luhn_ok(digits):
                    yield (VALID_BANK, start, end, "pii.bank_card", "serious", "银行卡号，发布前须脱敏")
                elif self._context_before(self.BANK_CONTEXT, text, start):
                    message = "疑似银行卡号（校验位不符），请核实，发布前须脱敏"
                    yield (WEAK_BANK, start, end, "pii.bank_card", "warn", message)

    def _uscc_codes(self, numbers: _NumberStretches, text: str):
        for m, start, end in numbers.finditer(self.USCC):
            code = m.group(0)
            labelled = self._context_before(self.USCC_CONTEXT, text, start)
            if uscc_checksum_ok(code):
                message = "统一社会信用代码，组织机构代码应公开，无需脱敏"
                # A labelled code outranks a bank card that happens to pass Luhn as well.
                priority = VALID_ID if labelled else VALID_USCC
                yield (priority, start, end, "pii.uscc", "info", message)
            elif labelled or not code[:17].isdigit():
                # Digits alone (or with an ID card's final X) and no label are more likely other numbers.
                message = "统一社会信用代码校验不通过，请核实"
                yield (WEAK_USCC, start, end, "pii.uscc", "warn", message)

    def _phones(self, numbers: _NumberStretches, text: str):
        for pattern in (self.MOBILE, self.MOBILE_GROUPED):
            for _, start, end in numbers.finditer(pattern):
                message = "手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）"
                yield (MOBILE, start, end, "pii.phone", "serious", message)
        for _, start, end in numbers.finditer(self.LANDLINE):
            # An office's line in a notice is published on purpose; a note on every one only trains people to
            # dismiss notes.
            if self._an_offices(self.OFFICE_PHONE_CONTEXT, text, start):
                continue
            message = "固定电话号码：单位办公电话可以公开，个人住宅电话须脱敏"
            yield (LANDLINE, start, end, "pii.phone", "info", message)

    def _others(self, numbers: _NumberStretches, text: str):
        emails = numbers.finditer(self.EMAIL) if "@" in numbers.joined else ()
        for m, start, end in emails:
            domain = m.group(0).rpartition("@")[2]
            # An office's mailbox on a public service (报名邮箱 of a 招聘 notice) is published as its line is.
            office = self._an_offices(self.OFFICE_EMAIL_CONTEXT, text, start) or self._units_contact(text, start)
            if not self.PUBLIC_EMAIL_DOMAINS.search(domain) and not office:
                message = "电子邮箱地址：个人邮箱须脱敏，单位公开邮箱可以保留"
                yield (OTHER, start, end, "pii.email", "warn", message)
        for _, start, end in numbers.finditer(self.PASSPORT):
            if self._context_before(self.PASSPORT_CONTEXT, text, start):
                message = "护照或通行证号码，发布前须脱敏"
                yield (PASSPORT, start, end, "pii.passport", "serious", message)
        for m in self._house_numbers(text):
            # Its sentence, within HOME_REACH each side: a text of addresses with no full stop is read piece by piece.
            low, high = max(0, m.start() - self.HOME_REACH), min(len(text), m.end() + self.HOME_REACH)
            start, end = sentence_start(text, m.start(), self.STOPS, low), sentence_end(text, m.end(), self.STOPS, high)
            clause = text[start:end]
            if self.HOME_CONTEXT.search(clause) and not self.UNIT_ADDRESS_CONTEXT.search(clause):
                message = "个人住址的门牌号，发布前须脱敏"
                yield (OTHER, m.start(1), m.end(), "pii.address", "warn", message)
        yield from self._health(text)
        yield from self._injuries(text)
        if "班" in text and "年级" in text:
            yield from self._named_after(text, self.PUPIL, "pii.minor", "未成年人的姓名与学校班级同时公开，发布前须隐去姓名")
        if any(word in text for word in ("判处", "矫正对象", "刑满释放", "服刑")):
            message = "点名个人的刑事处罚信息属个人隐私，发布前须隐去姓名"
            yield from self._named_after(text, self.SENTENCED, "pii.offender", message)
        # Plates begin with a Chinese character, so they are looked for in the whole text.
        for m in self.PLATE.finditer(text):
            tail = m.group(0)[2:]
            if sum(ch.isdigit() for ch in tail) < 3:
                continue
            # "闽A·12345" is written as a plate; without the dot a nearby word about vehicles must say so.
            if m.group(1) or self._context_around(self.PLATE_CONTEXT, text, m.start(), m.end()):
                message = "车牌号码：涉及个人车辆的须脱敏，依法公示的除外"
                yield (OTHER, m.start(), m.end(), "pii.plate", "warn", message)

    def _house_numbers(self, text: str):
        """HOUSE_NUMBER's matches, looked for only around each 号 with digits before it: the pattern opens with a
        class, which `re` would try at every position of the text."""
        at, end = text.find("号"), 0
        while at != -1:
            if at > end and text[at - 1 : at].isdigit():
                m = self.HOUSE_NUMBER.search(text, max(end, at - 8), at + 16)
                if m is not None and m.start(1) < at < m.end(1):
                    yield m
                    end = m.end()
            at = text.find("号", at + 1)

    def _named_after(self, text: str, pattern: re.Pattern, rule: str, message: str):
        """The person named right after each match of `pattern`."""
        words = load_tables().cover
        for m in pattern.finditer(text):
            name = name_at(text, m.end())
            # A surname that begins a word is no name: 六年级（3）班连续三周获得 (连续).
            if name is not None and name.group()[:2] not in words:
                yield (OTHER, name.start(), name.end(), rule, "warn", message)

    def _health(self, text: str):
        """A named person's illness (村民龙秀英…被确诊为乳腺癌): health data of a person named, which 政府信息公开
        leaves out; the name is masked (龙某某), the illness may stay. A 公示 must name its people (1．潘玉兰，魁胆村，
        因患精神分裂症…): there the illness is what goes (因病)."""
        reported = set()
        listed = "公示" in text
        for diagnosis in self.DIAGNOSIS.finditer(text) if any(w in text for w in self.DIAGNOSIS_WORDS) else ():
            # Names are looked for only in the stretch before the diagnosis, within its sentence: medical text says
            # 确诊 in every other sentence, and names of no one.
            at = diagnosis.start()
            low = sentence_start(text, at, self.STOPS, floor=max(0, at - self.HEALTH_REACH))
            window = text[low:at]
            # A stroke or heart attack (突发脑出血) is said of a villager, or of no one: a doctor who warns of it
            # (医生龙再兴介绍，突发脑梗…) is named beside it.
            acute = diagnosis.group() == "突发"
            names = [] if acute else person_name_spans(window, load_tables().cover)
            if not names and not acute:
                # "看望了患有尿毒症、每周需到县人民医院透析的村民姜德华": the person after what is said of them.
                ceiling = min(len(text), diagnosis.end() + 2 * self.HEALTH_REACH)
                high = sentence_end(text, diagnosis.end(), self.STOPS, ceiling=ceiling)
                of = text.find("的", diagnosis.end(), high)
                if of >= 0:
                    after = person_name_spans(text[of + 1 : high], load_tables().cover)
                    names = [(start + of + 1 - low, end + of + 1 - low) for start, end in after[:1]]
                    # "…透析的村民龙光明，": right after a group and before a pause, a name that reads as a word too.
                    name = None if names else self._private_name(text, self.GROUP_BEFORE_NAME.match(text, of + 1))
                    if name is not None and name[1] <= high:
                        names = [(name[0] - low, name[1] - low)]
            if not names:
                names = self._private_subject(text, at, low)
            # In a 公示 a person masked as 姜某某 on the diagnosis's line is a person too: the list names the rest of
            # them (village, household), so the illness still goes.
            line = ""
            if listed and not names:
                reach = self.HOME_REACH  # a line of a list, not a text with no line breaks read again for each
                low_line = sentence_start(text, at, "\n", max(0, at - reach))
                line = text[low_line : sentence_end(text, at, "\n", at + reach)]
            person = bool(names) or "某某" in line
            named_at = diagnosis.end() + text.startswith("为", diagnosis.end())  # 确诊为白血病: the illness after 为
            illness = self.ILLNESS.match(text, named_at) if listed and person else None
            if illness is not None:
                message = "公示中不写个人的具体病情（可写“因病”）：病情属个人隐私"
                yield (OTHER, illness.start(), illness.end(), "pii.illness", "warn", message)
                continue
            for start, end in names:
                if (low + start) not in reported:
                    reported.add(low + start)
                    message = "点名个人的病情属个人隐私，发布前须隐去姓名"
                    yield (OTHER, low + start, low + end, "pii.health", "warn", message)

    def _private_subject(self, text: str, at: int, low: int) -> list[tuple[int, int]]:
        """The villager (or resident, patient …) named near the start of the sentence of text[at], as a span
        relative to `low`, or none."""
        start = sentence_start(text, at, self.STOPS, floor=max(0, at - 4 * self.HEALTH_REACH))
        name = self._private_name(text, self.GROUP_BEFORE_NAME.search(text, start, min(at, start + self.SUBJECT_REACH)))
        return [] if name is None else [(name[0] - low, name[1] - low)]

    def _private_name(self, text: str, group: re.Match | None) -> tuple[int, int] | None:
        """The name right after a group of private persons (村民龙光明), unmasked and followed by a pause, or None."""
        name = name_at(text, group.end()) if group else None
        if name is None or "某" in name.group() or text[name.end() : name.end() + 1] not in self.NAME_ENDS:
            return None
        return name.span()

    def _injuries(self, text: str):
        """A named person's injury (造成杨再兴右小腿胫腓骨粉碎性骨折): the name is masked, as for an illness; in a 公示,
        which must name its people, the injury is what goes (因伤)."""
        listed = "公示" in text
        words = load_tables().cover
        for injury in self.INJURY.finditer(text) if any(w in text for w in self.INJURY_WORDS) else ():
            at = injury.start()
            clause = sentence_start(text, at, self.STOPS + "，,", floor=max(0, at - self.HEALTH_REACH))
            lead = self.INJURED.search(text, clause, at)
            name = name_at(text, lead.end()) if lead else None
            # A name already masked (杨某某) is no name; one that reads as a frequent word (王明) is not taken.
            if name is None or name.end() > at or "某" in name.group() or {name.group(), name.group()[:2]} & words:
                continue
            start, end = name.span()
            # 造成王明右腿骨折: the body part is not the name's.
            if end - start == 3 and (text[start + 2] in self.BODY or text[start + 2 : start + 4] in words):
                end -= 1
            if listed:
                message = "公示中不写个人的具体伤情（可写“因伤”）：伤情属个人隐私"
                yield (OTHER, at, injury.end(), "pii.illness", "warn", message)
            else:
                yield (OTHER, start, end, "pii.health", "warn", "点名个人的伤情属个人隐私，发布前须隐去姓名")

    def _context_before(self, pattern: re.Pattern, text: str, start: int, floor: int = 0) -> bool:
        return pattern.search(text, max(floor, start - self.CONTEXT_WINDOW), start) is not None

    def _an_offices(self, office: re.Pattern, text: str, start: int) -> bool:
        """Whether the words before text[start:] in its own sentence or line give a unit's number or address, and
        none a private person's (本人账户 of the answer before a 咨询电话 line is not about it)."""
        clause = sentence_start(text, start, "。；;\n", floor=max(0, start - self.CONTEXT_WINDOW))
        return self._context_before(office, text, start, clause) and not self._context_before(
            self.PRIVATE_CONTEXT, text, start, clause
        )

    def _units_contact(self, text: str, start: int) -> bool:
        """Whether text[start:] stands in a block of contact lines that a unit heads (建设单位：…有限公司\n联系人：潘工\n
        联系电话：…\n电子邮箱：…), with no private person's words in it."""
        block = max(text.rfind("\n\n", max(0, start - self.CONTACT_BLOCK), start), max(0, start - self.CONTACT_BLOCK))
        headed = self.UNIT_HEADS_BLOCK.search(text, block, start) is not None
        return headed and self.PRIVATE_CONTEXT.search(text, block, start) is None

    def _context_around(self, pattern: re.Pattern, text: str, start: int, end: int) -> bool:
        window = self.CONTEXT_WINDOW
        return pattern.search(text, max(0, start - window), min(len(text), end + window)) is not None

_CATEGORIES = {
    "pii.id_card": "pii_id_card",
    "pii.bank_card": "pii_bank_card",
    "pii.phone": "pii_phone",
    "pii.uscc": "pii_uscc",
    "pii.email": "pii_other",
    "pii.passport": "pii_other",
    "pii.plate": "pii_other",
    "pii.address": "pii_other",
    "pii.health": "pii_other",
    "pii.illness": "pii_other",
    "pii.minor": "pii_other",
    "pii.offender": "pii_other",
}
_SOURCES = {
    "pii.id_card": SOURCE_ID_CARD,
    "pii.bank_card": SOURCE_BANK_CARD,
    "pii.uscc": SOURCE_USCC,
}
_SOURCES = {rule: _SOURCES.get(rule, SOURCE_PRIVACY) for rule in _CATEGORIES}


class _NumberStretches:
    """The stretches of text that could hold a number, an e-mail address or a code, joined by line breaks.

    Numbers are a small part of a document; running the patterns over these stretches alone (instead of
    the whole text) is what keeps the checker fast. Each stretch is maximal, so what the patterns see
    just before and after it is a line break here and some other non-number character in the text.
    """

    # Captured, so that split() returns the stretches and the text between them alternately.
    STRETCH = re.compile(r"([0-9A-Za-z+(（][0-9A-Za-z+\-－ ()（）@._%]{5,})")

    def __init__(self, text: str):
        parts = self.STRETCH.split(text)
        pieces = parts[1::2]
        # Prefix sums in C rather than a Python loop per stretch.
        self._text_starts = list(accumulate(map(len, parts)))[0::2][: len(pieces)]
        self._joined_starts = list(accumulate((len(piece) + 1 for piece in pieces), initial=0))[: len(pieces)]
        self.joined = "\n".join(pieces)

    def has(self, pattern: re.Pattern) -> bool:
        return pattern.search(self.joined) is not None

    def finditer(self, pattern: re.Pattern):
        """Matches of `pattern`, each with its start and end in the text."""
        for m in pattern.finditer(self.joined):
            k = bisect_right(self._joined_starts, m.start()) - 1
            shift = self._text_starts[k] - self._joined_starts[k]
            yield m, m.start() + shift, m.end() + shift


def _without_overlaps(candidates: list[tuple]) -> list[tuple]:
    """Keep candidates strongest first, dropping any that overlaps one already kept; in text order."""
    starts: list[int] = []
    ends: dict[int, int] = {}
    kept: list[tuple] = []
    for c in sorted(candidates, key=itemgetter(0, 1)):
        _, start, end, *_ = c
        # Kept spans never overlap, so only the last one starting before `end` can reach into c.
        i = bisect_left(starts, end)
        if i and ends[starts[i - 1]] > start:
            continue
        insort(starts, start)
        ends[start] = end
        kept.append(c)
    return sorted(kept, key=itemgetter(1))
