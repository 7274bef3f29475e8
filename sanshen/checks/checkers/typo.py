"""错别字: misspelt words and idioms, from a dictionary of known errors and from sound- and shape-alike characters."""

from __future__ import annotations

import bisect
import functools
import glob
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from ..context import CheckContext
from ..finding import Finding
from ..lexicon import find_matches
from . import typo_cache, typo_usage
from .typo_tables import TARGET_FREQ, Alternative, Tables, extra_words, load_tables, segment, tables_key
from .typo_usage import SOURCE_DE, SOURCE_USAGE, NamesInText

# Debian's libime-data-language-model: a word trigram model in KenLM's binary format (fcitx5 input method data).
def _debian_lm_path() -> str:
    # The package installs under the architecture's multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu, …).
    found = sorted(glob.glob("/usr/lib/*/libime/zh_CN.lm"))
    return found[0] if found else "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm"


DEFAULT_LM_PATH = _debian_lm_path()


# Debian's sunpinyin-data: the sunpinyin input method's word trigram model (trained on the open-gram corpus) and its
# lexicon, read by _slm.pyx. A second opinion: mixed with the first (SECOND_LM_WEIGHT), it separates slips from
# rare but right words better than either alone (docs/benchmarks.md, eighth session).
def _debian_second_lm_path() -> str:
    found = sorted(glob.glob("/usr/lib/*/sunpinyin/data/lm_sc.t3g"))
    return found[0] if found else "/usr/lib/x86_64-linux-gnu/sunpinyin/data/lm_sc.t3g"


DEFAULT_SECOND_LM_PATH = _debian_second_lm_path()
SECOND_LM_WEIGHT = 0.3
SOURCE_COMMON = "《通用规范汉字表》; 常见错别字表"
SOURCE_IDIOM = "常用成语表"
SOURCE_CONFUSABLE = "同音、形近字与语言模型"
SOURCE_REPEATED = "重复字词"
SOURCE_MISSING = "漏字、多字与语言模型"

# The corrected word alone must be this much more probable (natural log) than the window's own best split before
# the language model is asked; a frequent word written for another (real-word error) needs less.
WINDOW_GATE = 3.0
REAL_WORD_GATE = 2.0


@dataclass(frozen=True)
class SearchTables:
    """The look-up tables of the candidate search. The compiled core builds its own from the targets; these serve
    the Python search (where the core is not built, and as its reference) and the data builder."""

    two_char: dict[str, list[str]]  # toneless pinyin → the two-character targets that sound so
    # A correction target with one character as "?" followed by that character's reading → targets (寻?bao → 寻宝).
    by_mask: dict[str, list[str]]
    # A four-character target with one half as "??" and that half's readings → targets (??电话lian xi → 联系电话).
    by_half: dict[str, list[str]]
    # The two-character sequences found in targets, and the same with one side as its reading (寻bao, xun宝).
    pairs: frozenset[str]
    cover_starts: frozenset[str]  # the first two and first three characters of the cover words


def search_tables(t: Tables) -> SearchTables:
    by_mask: dict[str, list[str]] = {}
    by_half: dict[str, list[str]] = {}
    two_char: dict[str, list[str]] = {}
    pairs: set[str] = set()
    # In a fixed order, as the compiled core takes them: a frozenset's order changes with each process's string
    # hashes, and the lists' order is the order in which candidates are found.
    for word in sorted(t.targets):
        # The reading the character has in this word: 车 in 马车 is che, never ju.
        key = t.word_key.get(word) or " ".join(t.readings.get(ch, ("?",))[0] for ch in word)
        sounds = key.split()
        if len(sounds) != len(word):
            continue
        if len(word) == 2:
            two_char.setdefault(key, []).append(word)
        for i, reading in enumerate(sounds):
            by_mask.setdefault(word[:i] + "?" + word[i + 1 :] + reading, []).append(word)
        if len(word) == 4 and word not in t.terms:
            by_half.setdefault("??" + word[2:] + " ".join(sounds[:2]), []).append(word)
            by_half.setdefault(word[:2] + "??" + " ".join(sounds[2:]), []).append(word)
        for i in range(len(word) - 1):
            pairs.add(word[i : i + 2])
            pairs.add(word[i] + sounds[i + 1])
            pairs.add(sounds[i] + word[i + 1])
    return SearchTables(
        two_char=two_char,
        by_mask=by_mask,
        by_half=by_half,
        pairs=frozenset(pairs),
        cover_starts=frozenset(w[:k] for w in t.cover for k in (2, 3) if len(w) >= k),
    )


@functools.cache
def load_search_tables() -> SearchTables:
    return search_tables(load_tables())


def real_word_errors(t: Tables, word_key: dict[str, str]) -> dict[str, tuple[Alternative, ...]]:
    """For every frequent word, the far more frequent words that sound or look like it (used by the data builder:
    too slow to derive at every start). sanshen's own words get none and are meant for none: they are never corrected
    (逐件 is no 逐渐), and a word of county work is no likelier slip than the common word it resembles (活期 is no
    适期, 骗取 no 片区)."""
    out: dict[str, tuple[Alternative, ...]] = {}
    own = extra_words()
    logp = t.word_logp
    by_mask = search_tables(t).by_mask
    by_sound: dict[str, list[str]] = {}
    for word, key in word_key.items():
        by_sound.setdefault(key, []).append(word)
    for written in sorted(t.cover - own):
        found: dict[str, Alternative] = {}
        ceiling = logp[written] + REAL_WORD_GATE
        for i in range(len(written)):
            masked = written[:i] + "?" + written[i + 1 :]
            meant_words = [w for r in t.readings.get(written[i], ()) for w in by_mask.get(masked + r, ())]
            meant_words += [written[:i] + c + written[i + 1 :] for c in t.shapes.get(written[i], ())]
            for meant in meant_words:
                if meant != written and meant in t.targets and meant not in own and logp[meant] >= ceiling:
                    found.setdefault(meant, Alternative(meant, t.relation(written[i], meant[i]), (i,)))
        for meant in by_sound.get(word_key.get(written, ""), ()):
            changed = tuple(i for i, (a, b) in enumerate(zip(written, meant)) if a != b)
            if len(changed) == 2 and meant not in own and t.word_freq[meant] >= TARGET_FREQ and logp[meant] >= ceiling:
                found.setdefault(meant, Alternative(meant, "sound", changed))
        if found:
            # The split of the written word may beat the word itself (一 + 致): the gate compares with the best.
            base = segment(t, written)[0]
            kept = tuple(a for a in found.values() if logp[a.word] - base >= REAL_WORD_GATE)
            if kept:
                out[written] = kept
    return out


@functools.cache
def load_core():
    """The compiled candidate search (_typo_core) over the shared tables, or None where it is not built; from the
    disk cache (typo_cache.py) where it holds one built from the same tables, options and extension."""
    try:
        from .. import _typo_core
    except ImportError:
        return None
    TypoCore = _typo_core.TypoCore
    options = {
        "window_gate": WINDOW_GATE,
        "two_change_gate": TypoChecker.TWO_CHANGE_GATE,
        "target_freq": TARGET_FREQ,
        # Sorted: the cache key holds the options' repr, and a set's order changes with each process's hashes.
        "place_suffixes": "".join(sorted(TypoChecker.PLACE_SUFFIXES)),
        "doubled": "".join(sorted(TypoChecker.DOUBLED)),
        "rare_freq": TypoChecker.RARE_WRITTEN_FREQ,
        "rare_penalty": TypoChecker.RARE_WRITTEN_PENALTY,
        "whole_word_numerals": "".join(sorted(TypoChecker.WHOLE_WORD_NUMERALS)),
    }
    return typo_cache.cached(
        "typo-core",
        lambda: typo_cache.key([Path(_typo_core.__file__)], tables_key(), options),
        lambda: TypoCore(load_tables(), **options),
        TypoCore.dump,
        TypoCore.load,
    )


# A word of three or four characters this frequent (or an idiom) may be restored where one of its characters is
# missing (乡村兴 → 乡村振兴); rarer words restore too many names and new words.
MISSING_WORD_FREQ = 200
# An idiom is fixed, so a rarer one may be restored too, at its own bar (TypoChecker.MISSING_IDIOM_THRESHOLD).
MISSING_IDIOM_FREQ = 50


@dataclass(frozen=True)
class MissingTable:
    """What is left of a word with one character dropped → the words it may have been (乡村兴 → 乡村振兴)."""

    remnants: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]

    @functools.cached_property
    def automaton(self) -> ahocorasick_rs.AhoCorasick:
        """Finds the remnants (the compiled core has its own search: TypoCore.gaps)."""
        return ahocorasick_rs.AhoCorasick(list(self.remnants))


@functools.cache
def load_missing_table() -> MissingTable:
    t = load_tables()
    by_remnant: dict[str, set[str]] = {}
    # Words this frequent and of three or four characters are all targets; idioms less frequent too (持之以恒,
    # 因地制宜), which must then make their context far likelier (MISSING_IDIOM_THRESHOLD): 有一日 is said as it is.
    for word in [
        w for w, f in t.word_freq.items()
        if 3 <= len(w) <= 4 and (f >= MISSING_WORD_FREQ or f >= MISSING_IDIOM_FREQ and w in t.idioms)
    ]:
        # Only a character inside the word: without its first or last one a word reads as a name or another word
        # (悟空 of 孙悟空, 诺贝 of 诺贝尔).
        for k in range(1, len(word) - 1):
            remnant = word[:k] + word[k + 1 :]
            # A remnant that is a word itself (互联 of 互联网) is no sign of a missing character.
            if remnant not in t.word_freq:
                by_remnant.setdefault(remnant, set()).add(word)
    remnants = tuple(sorted(by_remnant))
    freq = t.word_freq
    return MissingTable(
        remnants=remnants,
        words=tuple(
            tuple(sorted(words, key=lambda w: (-freq[w], w))) if len(words) > 1 else tuple(words)
            for words in map(by_remnant.__getitem__, remnants)
        ),
    )


def _all_han(s: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)


@functools.cache
def load_language_model(path: str):
    """The KenLM model at `path`, or None when the file or the kenlm package is missing."""
    if not path or not Path(path).is_file():
        return None
    try:
        import kenlm
    except ImportError:
        return None
    return kenlm.Model(path)


@functools.cache
def load_second_model(path: str):
    """sunpinyin's model at `path` with the lexicon beside it (pydict_sc.bin), or None when either file or the
    compiled reader (_slm) is missing, or the file is not such a model."""
    if not path or not Path(path).is_file():
        return None
    lexicon = Path(path).with_name("pydict_sc.bin")
    if not lexicon.is_file():
        return None
    try:
        from .._slm import ThreadedModel
    except ImportError:
        return None
    try:
        return ThreadedModel(path, str(lexicon))
    except (ValueError, UnicodeDecodeError):
        return None


def _occurs_at(text: str, phrase: str, part: str, start: int) -> bool:
    """Whether `phrase`, which contains `part`, occurs in `text` with its `part` at `start` (按装修 around 按装)."""
    offset = phrase.find(part)
    return offset >= 0 and start - offset >= 0 and text.startswith(phrase, start - offset)


class Candidate(NamedTuple):
    """A replacement of text[start:end] (inside one run of Chinese characters) by `word`."""

    start: int
    end: int
    word: str
    how: str  # "sound" or "shape"
    changes: int = 1
    gain: float = 0.0  # log10 gain of the context under the language model (or word statistics)
    whole: bool = False  # a four-character word restored whole (TypoChecker.WHOLE_WORD_NEED)


class TypoChecker:
    """Finds misspelt words: known errors from a dictionary, misspelt idioms, and sound- or shape-alike characters
    where the corrected sentence is clearly more likely under a language model (or word statistics without one).

    A correction must raise its context's score by about `threshold`: a little less where no other reading
    competes for its characters, more where several do (rival readings). It is a warning when it is the only
    doubtful spot of its sentence or restores an idiom; where the sentence holds other
    near-misses or a stray rare character, it is garbled beyond what the checker can mend and the correction is
    only a hint (info) to read the whole sentence.

    Also: 公文 usage decided by context (截至/截止, 必须/必需, 作出/做好 …: typo.usage) and 的/地/得 (typo.de), both
    from typo_usage.py; a character dropped from a word or typed twice (typo.missing, typo.extra), by the model.
    No correction touches a name of the places table, a session name or a person named after an office
    (typo_usage.ProtectedNames).

    Options: `lm_path` (KenLM model; default Debian's libime zh_CN.lm, skipped with a warning when missing),
    `second_lm_path` (sunpinyin's lm_sc.t3g, mixed with the first; default Debian's sunpinyin-data, the first alone
    with a warning when missing), `threshold` (how much more likely, in log10 units, a correction must make its
    context).
    Registers read: "whitelist" (words never to flag).
    """

    code = "typo"
    label = "错别字"

    CONTEXT = 4
    # log10 gain a correction must bring to its context; tuned on ECSpell-odw. The two models together agree on
    # fewer false corrections, so their mix asks less than the first alone. Word statistics alone separate far
    # worse, so without a model only near-certain cases pass.
    THRESHOLD_BLEND = 4.5
    THRESHOLD_LM = 5.0
    THRESHOLD_WORDS = 8.0
    # A four-character dictionary word with one character written as a sound- or look-alike (市场泾济, 波涛凶涌,
    # 所做所为) is looked for wherever it stands, even where the slip makes other words of its parts, and needs only
    # this much gain: three characters of four in place are evidence of their own. On ECSpell it found 66 errors
    # the other searches miss and nothing in a clean sentence at a gain of 0; on the clean sentences of every CSC
    # file about half of what passed 0 was a slip the data keeps, most of the rest passed below 2. Not where the
    # window holds a numeral (一百多例 → 一百多位), where the changed character ends the window and the other
    # three make a word (前列腺炎, 想不到 of 也想不到), or where the changed half is one of sanshen's own words
    # (防制 of 病媒生物防制) or a negated verb (不知可否): there the four characters are two words.
    WHOLE_WORD_NEED = 2.0
    WHOLE_WORD_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两多几第")
    # Two changed characters need more evidence: sound-alike word pairs are how names and places read.
    TWO_CHANGE_EXTRA = 2.0
    # A three- or four-character word restored is rarely a coincidence.
    LONG_WORD_BONUS = 1.0
    # Rival readings: candidates that replace some of the same characters with other words. A correction without
    # rivals may pass LONE_BONUS below the threshold; each rival (up to RIVALS_COUNTED) asks RIVAL_COST more. Where
    # several words fit the same characters the model's preference among them is weak evidence; where one word
    # alone fits, a smaller gain is seldom chance. On ECSpell this raised precision on odw, law and med (med's above
    # 0.80) and recall on odw and law (docs/benchmarks.md).
    LONE_BONUS = 0.5
    RIVAL_COST = 0.25
    RIVALS_COUNTED = 3
    # A sound-alike slip is an input method's, which offers common characters first: where a character replaced by
    # a lone sound-alike reading is rarer than this, the reading is more often a term or a name the dictionary lacks
    # (疣体, 酯类, 周琦), and it gets no lone bonus. Look-alikes keep it (睛天 → 晴天). Measured on every CSC file:
    # LEMON precision up on six of seven sets, ECSpell recall down 0.4 to 0.9 points (docs/benchmarks.md).
    LONE_WRITTEN_FREQ = 1000
    # 他, 她 and 它 read alike and each is right in some sentence: which is meant depends on who is meant, which the
    # words around it do not show (它们 of chairs read as 他们). They are never corrected into each other.
    PRONOUNS = frozenset("他她它")
    # Conjunctions are typed often and right: one taken for a look-alike makes a word of the next character
    # (且经验收合格 read as 月经), which is rarely the slip.
    CONJUNCTIONS = frozenset("且而并及与或但又亦")
    FORMAL_VERBS = frozenset(typo_usage.VERBS)
    # Another candidate of the sentence within this much of what it must reach makes its findings hints. Beside the
    # second model, whose mix asks less (THRESHOLD_BLEND), the band is narrower by about as much: weak readings
    # (设有 → 没有) would otherwise become doubts that make a plain correction a hint (流感疫描).
    DOUBT = 3.0
    DOUBT_BLEND = 2.75
    # A character this rare outside any dictionary word is likely another, unmendable error (偾务, 出柤).
    RARE_CHAR_FREQ = 300
    # A correction that replaces a character this rare needs this much more gain: in clean text such a character is
    # mostly a term the dictionary lacks (奥美拉唑, 吡哌酸), while a slip of the keyboard writes a common one.
    RARE_WRITTEN_FREQ = 100
    RARE_WRITTEN_PENALTY = 1.0
    # Two free characters both replaced (淡味 → 单位) must make a word this much (natural log) more probable than
    # the pair alone before the model is asked: most such pairs in clean text are names and new words.
    TWO_CHANGE_GATE = 4.0
    # Place-name suffixes: a two-character change just before one is usually a village or town name.
    PLACE_SUFFIXES = frozenset("村镇乡县区市街路巷山河湖寺庙桥港湾岛")
    # Before one of these, a run that is no word is a village's name (_names_a_village).
    VILLAGE_SUFFIXES = frozenset("村寨屯")
    VILLAGE_AFTER = re.compile("[侗苗]?[村寨屯]")  # 魁胆村, 魁胆侗寨
    # …or a list of them that ends so: "魁胆、瑶光等村寨", "文斗、加池等苗寨", "文斗、魁胆等传统村落".
    VILLAGE_LIST_AFTER = re.compile(
        "(?:、[\u4e00-\u9fff]{2,3}){0,8}等(?:一批|一些|多个)?(?:传统)?(?:村落|[侗苗]?村寨|[侗苗]寨|村)"
    )
    VILLAGE_SUFFIX = re.compile("[村寨屯]")
    # 寨 and 屯 name villages in the counties of Guizhou (村寨, 侗寨, 两寨群众, 屯堡) and are typed on purpose: never
    # replaced (寨 also reads qian, which made 两寨 a 两千).
    VILLAGE_WORDS = frozenset("寨屯")
    SENTENCE_END = re.compile(r"[。！？；!?;\n]")
    # 重复字词: a word typed twice (解决解决, 乡村振兴乡村振兴) and a function character doubled (的的).
    REPEATED_WORD = re.compile(r"([\u4e00-\u9fff]{2,8})\1")
    DOUBLED = "的了是在和与及或被于将就也而并其之所以把对从向为"
    DOUBLED_CHAR = re.compile(rf"([{DOUBLED}])\1")
    # A repeat made of numerals is a number (二〇二〇年), and 一X一X a way of speaking (一步一步).
    NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
    # Verbs and adjectives whose ABAB form is ordinary Chinese (研究研究, 雪白雪白).
    REDUPLICATED = frozenset(
        "研究 讨论 商量 考虑 学习 休息 活动 打听 了解 锻炼 整理 收拾 准备 检查 比较 介绍 交流 认识 体验 尝试 "
        "琢磨 总结 关心 照顾 帮助 打扮 放松 练习 调查 表扬 提醒 商议 合计 观察 思考 打扫 清理 温习 复习 分析 "
        "轻松 高兴 热闹 暖和 凉快 舒服 雪白 通红 冰凉 碧绿 漆黑 笔直 滚烫 崭新 大口 大步 大把 小口 小步".split()
    )
    # Forms that repeat by nature: talk (来了来了), V着V着, degree words (很多很多, 好久好久), 是不是不.
    PARTICLES = frozenset("了的啊吧呀呢哦嘛着")
    DEGREE = frozenset("很好太极真超")
    # Any Chinese character typed twice: a missing-or-extra candidate where no word explains the pair (落落实).
    DOUBLED_ANY = re.compile(r"([\u4e00-\u9fff])\1")
    BODY_PARTS = frozenset("手头嘴眼脚腿身肩腰背脸眉耳鼻胸")
    # log10 gains the repaired context must bring: a restored word (乡村兴 → 乡村振兴) or a dropped copy (落落实).
    MISSING_THRESHOLD = 6.5
    # Three characters left of a four-character word (乡村兴) are seldom a name: a smaller gain suffices.
    MISSING_LONG_THRESHOLD = 3.0
    # An idiom less a character (因地宜): many a short phrase is one (有一日, 可见斑片影), so the mended idiom must make
    # its context this much likelier (on the CSC sentences the wrong ones reached 5.5, the right ones 6.3–7.5).
    MISSING_IDIOM_THRESHOLD = 6.0
    EXTRA_THRESHOLD = 6.0
    # A 的/地/得 rule stands unless the model reads the change this much (log10) worse: a noun after 的 after all.
    DE_VETO = 1.0
    # Every word of the tables is written in these characters (CJK Unified Ideographs), as _context assumes.
    CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

    EXAMPLES = [
        ("这次事故令人震憾", ["typo.common"]),
        ("热列欢迎各位来宾", ["typo.common"]),
        ("全体干部再接再励", ["typo.idiom"]),
        ("我们要认真贯彻落实会议精神", []),
        ("全体干部再接再厉，勠力同心", []),
        ("请按装修标准施工", []),
        ("要切实解决解决群众急难愁盼问题", ["typo.repeated"]),
        ("我们的的工作", ["typo.repeated"]),
        ("为了了解群众诉求，达到目的的手段", []),
        ("二〇二〇年，大家研究研究再定", []),
        ("截止目前，全县共有企业300家", ["typo.usage"]),
        ("报名截止日期为5月1日，截至目前已有30人报名", []),
        ("截止案发之日，当事人共收取茶位费1360元", ["typo.usage"]),
        ("报名截止之日，共有200人报名", []),
        ("各参赛队队员奋力的挥动船桨", ["typo.de"]),
        ("各项志愿服务活动开展地有声有色，受到好评", ["typo.de"]),
        ("项目落地很快，群众满意", []),
        ("村寨变的更加干净整洁", ["typo.de"]),
        ("今年菜价涨的很快。", ["typo.de"]),
        ("工作人员耐心的为群众讲解养老保险政策", ["typo.de"]),
        ("引导农户营造干净整洁地居住环境", ["typo.de"]),
        ("请合理得安排出行路线", ["typo.de"]),
        ("请作出合理的安排", []),
        ("整个秋收进展的很顺利，预计国庆节前能全部收完", ["typo.de"]),
        ("村民龙大爷开心的说：“今年收成好。”", ["typo.de"]),
        ("他说的话很开心的说不出来", []),
        ("不少年轻人赶回家乡，积极的参与到比赛中来", ["typo.de"]),
        ("要认真的落实各项政策", ["typo.de"]),
        ("要认真落实各项政策，工作做得很扎实", []),
        ("推进乡村兴战略", ["typo.missing"]),
        ("要认真落落实各项任务", ["typo.extra"]),
        ("坚持因地宜、分类指导", ["typo.missing"]),
        ("申请获取三江镇杉城小区改造项目的招标公告，方案已在杉城小区公示栏公示", []),
        ("重点在高校、注宅小区设置智能快件箱", ["typo.confusable"]),
        ("若是有一日，宗门系统从新开放", []),
        ("平略镇应急救援队队员奋力划桨", []),
        ("近日，廷坪乡召开乡村振兴工作推进会", []),
        ("锦屏县是侗乡苗寨聚居的地方", []),
        ("县委书记李明华到隆里乡调研", []),
        ("各乡镇要认真做好防汛准被工作", ["typo.confusable"]),
        ("学习贯彻党的二十届三中全会精神", []),
        ("治疗一个疣体需要50元左右", []),
        ("预计明天将是睛天，气温回升", ["typo.confusable"]),
        ("我可以和它们聊最秘密的心事，它们是最棒的保密者", []),
        ("镇长龙丽娜主持会议，据杨世杰介绍，出席的有赵丽娜、王祖贤", []),
        ("成交供应商为贵州锦程建设工程有限公司", []),
        ("姚春生，平秋镇魁胆村，保洁员", []),
        ("二〇二五年全县粮食产量稳定", []),
        # Four-character words restored whole, though the slip makes words of its parts (WHOLE_WORD_NEED).
        ("公司类型为有线责任公司", ["typo.confusable"]),
        ("依法为职工缴纳社会保鲜", ["typo.confusable"]),
        ("请各成员单位准时参加联系会议", ["typo.confusable"]),
        ("深入开展病媒生物防制工作", []),
        ("慢性前列腺炎以理疗为主", []),
        ("全年共接诊一百多例", []),
        ("殿下，不知可否代为通传", []),
        # 公文 pairs decided by the words around them (typo_usage.USAGE_RULES)
        ("对拟任人选予以公式，公示期五天", ["typo.usage"]),
        ("计算公式如下", []),
        ("全县安全生产形式总体平稳", ["typo.usage"]),
        ("针对群众反应比较集中的饮水问题", ["typo.usage"]),
        ("活动开展以来群众反应热烈", []),
        ("14个小区己全部完工", ["typo.usage"]),
        ("严于律己，他们自己经常说", []),
        ("发生燃气泄露时", ["typo.usage"]),
        ("不得泄漏国家秘密", ["typo.usage"]),
        ("在5个工作内办结", ["typo.usage"]),
        ("项目总投资50万元以上，且经验收合格", []),
        ("把好环境变成好“钱景”", []),
        ("锦教通〔2025〕45号", []),
        ("垂钓须遵守“一人一竿、一线一钩”的规定", []),
        ("经村（社区）推荐、乡镇审核后报县民政局", []),
        ("经村党组织提议、村“两委”会议商议", []),
        ("到另一个寨子做客，两寨群众对歌", []),
    ]

    def __init__(
        self,
        lm_path: str | None = DEFAULT_LM_PATH,
        threshold: float | None = None,
        compiled: bool = True,
        second_lm_path: str | None = DEFAULT_SECOND_LM_PATH,
    ):
        self.tables = load_tables()
        # The compiled core finds exactly what the Python methods below find, ten times faster; `compiled=False`
        # keeps to Python (the tests compare the two).
        self.core = load_core() if compiled else None
        self._remnants_indexed = False
        self.lm = load_language_model(lm_path) if lm_path else None
        self.lm_path = lm_path
        # The second model is asked only beside the first (_second_opinion).
        self.second = load_second_model(second_lm_path) if second_lm_path and self.lm is not None else None
        if threshold is None:
            if self.lm is None:
                threshold = self.THRESHOLD_WORDS
            else:
                threshold = self.THRESHOLD_BLEND if self.second is not None else self.THRESHOLD_LM
        if threshold <= 0:
            raise ValueError(f"Invalid threshold: {threshold!r}")
        self.threshold = threshold
        self.doubt = self.DOUBT_BLEND if self.second is not None else self.DOUBT
        if self.lm is None and lm_path:
            self.warning = (
                f"未找到语言模型 {lm_path}（需安装 libime-data-language-model 与 kenlm），错别字检查改用词频统计，查出率较低"
            )
        elif second_lm_path and self.second is None:
            self.warning = (
                f"未找到或无法读取第二语言模型 {second_lm_path}（需安装 sunpinyin-data），错别字检查只用一个模型，查出率略低"
            )
        else:
            self.warning = ""

    # -- checking ----------------------------------------------------------------------------------------

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        whitelist = [w for w in context.registers.get("whitelist", ()) or () if w]
        names = NamesInText(text)
        findings: list[Finding] = []
        # The characters the findings so far hold: a text of thousands of findings (one phrase said over and over)
        # is checked against it in time linear in the text, where a look through the findings was quadratic.
        held = bytearray(len(text))

        def take(f: Finding) -> None:
            findings.append(f)
            held[f.start : f.end] = b"\x01" * (f.end - f.start)

        def whitelisted(start: int, end: int) -> bool:
            return any(w in text[max(0, start - len(w)) : end + len(w)] for w in whitelist)

        def kept(start: int, end: int) -> bool:
            """Whether a correction of text[start:end] stands: clear of the findings so far, of the whitelist and of
            names."""
            return held.find(1, start, end) < 0 and not whitelisted(start, end) and not names.touches(start, end)

        # The known errors come first and never overlap each other (_known_errors keeps the longest).
        for f in self._known_errors(text):
            if kept(f.start, f.end):
                take(f)
        # Checked against the known errors only: repeated words may overlap one another.
        repeated = [
            f for f in self._repeated(text) if held.find(1, f.start, f.end) < 0 and not whitelisted(f.start, f.end)
        ]
        for f in repeated:
            take(f)
        # The model's scores by sentence, shared by the rules below: a text repeats many of its contexts.
        memo: tuple[dict, dict] = ({}, {})
        for f in self._usage(text, memo):
            if kept(f.start, f.end):
                take(f)
        scored = self._with_whole_words(text, self._scored_runs(text), memo)
        if any(pronoun in text for pronoun in self.PRONOUNS):
            scored = [c for c in scored if self.PRONOUNS.isdisjoint(c.word) or not self._swaps_pronouns(text, c)]

        villages: dict[int, set[str]] = {}

        def kept_correction(c: Candidate) -> bool:
            return (
                kept(c.start, c.end)
                and not self._names_a_village(text, c, villages)
                and not self._asks_a_not_a(text, c)
                and not self._quoted(text, c)
                and not self.DOCUMENT_NUMBER.match(text, c.end)
                and not self._names_a_level(text, c)
                and not self._changes_any(text, c, self.VILLAGE_WORDS)
                and not self._counts_something(c)
                and not (c.how == "shape" and self._changes_any(text, c, self.CONJUNCTIONS))
            )

        # A name written again and again (隆里) is not corrected, but its candidates still make their sentence
        # doubtful: the repeats may be a term (室壁 of 左室壁) as well as a name.
        counts: dict[str, int] = {}
        for cand, sure in self._decide(text, scored, kept_correction, names.touches):
            if not self._touches_repeated_name(text, cand, counts):
                take(self._confusable_finding(text, cand, sure))
        for f in self._missing_or_extra(text, memo):
            if kept(f.start, f.end):
                take(f)
        return sorted(findings, key=lambda f: (f.start, f.end))

    # -- 公文易混词, 的/地/得, missing and doubled characters ------------------------------------------------

    def _usage(self, text: str, memo: tuple[dict, dict] | None = None) -> list[Finding]:
        """公文 usage (截至/截止, 必须/必需, 作出/做好 …) and 的/地/得, each from the words around it. The model may
        veto a 的/地/得 change that makes its context clearly less likely (a noun after all)."""
        found = []
        for hit in typo_usage.find_usage(text, typo_usage.USAGE_RULES, self.tables.word_freq):
            found.append(self._usage_finding(text, hit, "typo.usage", SOURCE_USAGE))
        if "的" in text or "得" in text or "地" in text:
            for hit in typo_usage.find_usage(text, typo_usage.DE_RULES, self.tables.word_freq):
                vetoed = hit.rule.vetoed and self.lm is not None
                if vetoed and self._gain(text, hit.start, hit.end, hit.right, memo) < -self.DE_VETO:
                    continue
                found.append(self._usage_finding(text, hit, "typo.de", SOURCE_DE))
        return found

    @staticmethod
    def _usage_finding(text: str, hit: typo_usage.UsageHit, rule: str, source: str) -> Finding:
        wrong = text[hit.start : hit.end]
        return Finding(
            rule=rule,
            category="typo",
            standard=8,
            severity=hit.rule.severity,
            start=hit.start,
            end=hit.end,
            text=wrong,
            message=f"“{wrong}”应为“{hit.right}”：{hit.rule.message}",
            suggestion=hit.right,
            source=source,
        )

    def _gain(self, text: str, start: int, end: int, replacement: str, memo: tuple[dict, dict] | None = None) -> float:
        """How much more likely (log10) the context of text[start:end] reads with `replacement` in its place;
        `memo` keeps segmentations and scores by string."""
        a, b = self._context(text, start, end)
        segments, scores = memo if memo is not None else ({}, {})
        base = self._cached_score(text[a:b], segments, scores)
        return self._cached_score(text[a:start] + replacement + text[end:b], segments, scores) - base

    def _missing_or_extra(self, text: str, memo: tuple[dict, dict] | None = None) -> list[Finding]:
        """A character dropped from a word (乡村兴 for 乡村振兴) or typed twice (落落实), where the language model
        reads the repaired context as far more likely. Only with the model: word statistics cannot tell."""
        if self.lm is None:
            return []
        found: list[tuple[float, Finding]] = []
        table = load_missing_table()
        if self.core is not None:
            if not self._remnants_indexed:
                self.core.index_remnants(table.remnants)
                self._remnants_indexed = True
            remnants, doubles = self.core.gaps(text)
        else:
            remnants = self._remnants(text, table)
            doubles = [m.start() for m in self.DOUBLED_ANY.finditer(text)]
        for index, start, end in remnants:
            before = text[start - 1] if start else ""
            if text[start] in self.NUMERALS and (before in self.NUMERALS or before.isdigit()):
                continue  # 二〇二五年 is a year, not 二〇 + 二十五年: numerals are the number checker's
            gain, word = max((self._gain(text, start, end, w, memo), w) for w in table.words[index])
            need = self.MISSING_THRESHOLD if end - start == 2 else self.MISSING_LONG_THRESHOLD
            if word in self.tables.idioms:
                need = max(need, self.MISSING_IDIOM_THRESHOLD)
            if gain >= need:
                wrong = text[start:end]
                found.append((gain, Finding(
                    rule="typo.missing", category="typo", standard=8, severity="warn", start=start, end=end,
                    text=wrong, message=f"“{wrong}”疑漏字，应为“{word}”", suggestion=word, source=SOURCE_MISSING,
                )))
        for p in doubles:
            ch = text[p]
            if ch in self.DOUBLED or ch in self.NUMERALS or text[p - 1 : p] == ch or text[p + 2 : p + 3] == ch:
                continue  # function characters are typo.repeated's; 对对对 is said on purpose
            if text[p - 1 : p] == "一" or ch in self.PLACE_SUFFIXES or ch in "省州":
                continue  # 一排排, 一颗颗; 本市市场, 全县县城
            if text[p + 2 : p + 3] == text[p + 3 : p + 4] != "" or (p > 1 and text[p - 2] == text[p - 1]):
                continue  # 干干净净, 窝窝囊囊
            if self._inside_word(text, p, p + 2):
                continue  # 人人, 天天, 清清楚楚
            if text[p + 2 : p + 3] in self.BODY_PARTS:
                continue  # 挥挥手, 点点头: a verb said twice before its body part
            # One copy must belong to a word (落 + 落实), and only one: 轮胎胎面 is 轮胎 + 胎面.
            cover, freq = self.tables.cover, self.tables.word_freq
            before, after = (text[p - 1 : p + 1] if p else ""), text[p + 1 : p + 3]
            if not ((before in cover and after not in freq) or (after in cover and before not in freq)):
                continue
            if after in freq and any(text[p - k : p + 1] in freq for k in (2, 3) if p >= k):
                continue  # 救援队 + 队员, 工作组 + 组长: two words that meet at the doubled character
            gain = self._gain(text, p, p + 2, ch, memo)
            if gain >= self.EXTRA_THRESHOLD:
                found.append((gain, Finding(
                    rule="typo.extra", category="typo", standard=8, severity="warn", start=p, end=p + 2,
                    text=text[p : p + 2], message=f"“{text[p : p + 2]}”疑多了一个“{ch}”", suggestion=ch,
                    source=SOURCE_MISSING,
                )))
        kept: list[Finding] = []
        for _, f in sorted(found, key=lambda gf: (-gf[0], gf[1].start)):
            if not any(f.start < k.end and k.start < f.end for k in kept):
                kept.append(f)
        return kept

    def _remnants(self, text: str, table: MissingTable) -> list[tuple[int, int, int]]:
        """The remnants in `text` worth weighing, as (index in table.remnants, start, end): what the compiled
        core's gaps() gives."""
        found = []
        cover = self.tables.cover
        for index, start, end in find_matches(table.automaton, text, overlapping=True):
            if self._inside_word(text, start, end):
                continue  # 员会 of 动员会: nothing is missing
            if (start and text[start - 1 : start + 1] in cover) or text[end - 1 : end + 1] in cover:
                continue  # 自动 + 清零: the remnant's edge belongs to a word outside it
            found.append((index, start, end))
        return found

    def _inside_word(self, text: str, start: int, end: int) -> bool:
        """Whether a dictionary word of at most four characters, longer than text[start:end], holds it."""
        freq = self.tables.word_freq
        return any(
            text[i : i + length] in freq
            for length in range(end - start + 1, 5)
            for i in range(max(0, end - length), start + 1)
            if i + length <= len(text)
        )

    def _known_errors(self, text: str) -> list[Finding]:
        matches = []
        entries = self.tables.misspelt
        for index, start, end in self.tables.misspellings.find_matches_as_indexes(text, overlapping=True):
            wrong, right, kind, allowed = entries[index]
            if any(_occurs_at(text, phrase, wrong, start) for phrase in allowed):
                continue
            matches.append((start, end, wrong, right, kind))
        # Longest first, so "热列欢迎" is reported once even where a shorter entry matches inside it.
        kept: list[tuple] = []
        for m in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
            if all(m[1] <= k[0] or k[1] <= m[0] for k in kept):
                kept.append(m)
        findings = []
        for start, end, wrong, right, kind in sorted(kept):
            is_idiom = right in self.tables.idioms or len(right) == 4 and kind == "known"
            findings.append(
                Finding(
                    rule="typo.idiom" if is_idiom else "typo.common",
                    category="idiom_typo" if is_idiom else "typo",
                    standard=8,
                    severity="warn",
                    start=start,
                    end=end,
                    text=wrong,
                    message=(f"成语“{wrong}”有错字，应为“{right}”" if is_idiom else f"“{wrong}”是常见错别字，应为“{right}”"),
                    suggestion=right,
                    source=SOURCE_IDIOM if is_idiom else SOURCE_COMMON,
                )
            )
        return findings

    def _repeated(self, text: str) -> list[Finding]:
        """Words typed twice and doubled function characters: the second copy is the suggestion to drop."""
        found = []
        if self.core is not None:
            words, doubles = self.core.repeats(text)
        else:
            words = [(m.start(), len(m.group(1))) for m in self.REPEATED_WORD.finditer(text)]
            doubles = [m.start() for m in self.DOUBLED_CHAR.finditer(text)]
        for start, length in words:
            unit = text[start : start + length]
            if len(set(unit)) == 1 or set(unit) <= self.NUMERALS or unit[0] == "一" or unit in self.REDUPLICATED:
                continue
            if unit[-1] in self.PARTICLES or unit[0] in self.DEGREE or unit[1] in "不没":
                continue
            found.append((start, start + 2 * length, unit))
        for p in doubles:
            # 为了了解, 目的的, 可以以: a dictionary word holds one of the two, so each belongs to its own word.
            if self._in_word(text, p, p) or self._in_word(text, p + 1, p):
                continue
            if text[p - 1 : p] == text[p] or text[p + 2 : p + 3] == text[p]:  # 对对对: said thrice on purpose
                continue
            if not any(s < p + 2 and p < e for s, e, _ in found):
                found.append((p, p + 2, text[p]))
        # A two-character word said twice (ABAB) is sometimes the language's own (研究研究): a hint, not a warning;
        # not a verb of 公文 that nobody says twice (开展开展, 推进推进).
        return [
            Finding(
                rule="typo.repeated",
                category="typo",
                standard=8,
                severity="info" if len(unit) == 2 and unit not in self.FORMAL_VERBS else "warn",
                start=start,
                end=end,
                text=text[start:end],
                message=f"“{unit}”重复出现，疑为多打" + ("，请确认" if len(unit) == 2 else ""),
                suggestion=unit,
                source=SOURCE_REPEATED,
            )
            for start, end, unit in sorted(found)
        ]

    def _in_word(self, text: str, p: int, pair: int | None = None) -> bool:
        """Whether a dictionary word of two to four characters in `text` holds position p, the doubled pair at
        `pair` itself (的的 as in 的的确确) not counted where one is given."""
        freq = self.tables.word_freq
        return any(
            text[i : i + length] in freq
            for length in (2, 3, 4)
            for i in range(max(0, p - length + 1), p + 1)
            if i + length <= len(text) and (i, length) != (pair, 2)
        )

    def _confusable_finding(self, text: str, cand: Candidate, sure: bool) -> Finding:
        wrong = text[cand.start : cand.end]
        is_idiom = cand.word in self.tables.idioms
        changed = "、".join(f"“{a}”→“{b}”" for a, b in zip(wrong, cand.word) if a != b)
        kind = "同音字" if cand.how == "sound" else "形近字"
        message = f"“{wrong}”疑为“{cand.word}”之误（{kind}：{changed}）"
        return Finding(
            rule="typo.idiom" if is_idiom else "typo.confusable",
            category="idiom_typo" if is_idiom else "typo",
            standard=8,
            severity="warn" if sure else "info",
            start=cand.start,
            end=cand.end,
            text=wrong,
            message=message if sure else message + "；句中另有疑点，请通读全句",
            suggestion=cand.word,
            source=SOURCE_IDIOM if is_idiom else SOURCE_CONFUSABLE,
        )

    # -- candidates: cheap, many ---------------------------------------------------------------------------

    def _scored_runs(self, text: str) -> list[Candidate]:
        """The scored candidates of `text`, run by run of Chinese characters. Every dictionary word, every
        candidate and every scoring context lies inside one such run, so a run repeated in the text (会议强调,
        各乡镇) is worked out once per call. Only candidates near enough the threshold to matter to _decide are kept.

        The compiled core does all of it but the model's scoring; the Python below is its reference (and serves
        where the core is not built or the model is missing)."""
        if self.core is not None and self.lm is not None:
            found = self.core.scan(
                text, self.lm.score, self.threshold, self.TWO_CHANGE_EXTRA, self.LONG_WORD_BONUS, self._floor()
            )
            return self._second_opinion(text, [Candidate(*c) for c in found])
        done: dict[str, list[Candidate]] = {}
        segments: dict[str, tuple[float, list[str]]] = {}
        scores: dict[str, float] = {}
        out: list[Candidate] = []
        for m in self.CHINESE_RUN.finditer(text):
            run = m.group()
            scored = done.get(run)
            if scored is None:
                if self.core is None:
                    candidates = self._candidates(run, segments)
                else:
                    candidates = [Candidate(*c) for c in self.core.candidates(run)]
                scored = done[run] = self._scored(run, candidates, segments, scores)
            if scored:
                offset = m.start()
                out.extend(c._replace(start=c.start + offset, end=c.end + offset) for c in scored)
        return self._second_opinion(text, out)

    def _candidates(
        self, text: str, segments: dict[str, tuple[float, list[str]]]
    ) -> list[Candidate]:
        """Every sound- or shape-alike word the text may have meant, where the word alone is far more likely
        than what is written (WINDOW_GATE). Offsets are into `text`; `segments` caches segment()."""
        t = self.tables
        n = len(text)
        search = load_search_tables()
        logp, by_mask, readings, targets, pairs = t.word_logp, search.by_mask, t.readings, t.targets, search.pairs
        count, words_here = self._coverage(text)
        found: dict[tuple[int, str], Candidate] = {}

        def gated(window: str, word: str, gate: float = WINDOW_GATE) -> bool:
            split = segments.get(window)
            if split is None:
                split = segments[window] = segment(t, window)
            return logp[word] - split[0] >= gate

        for i, written in words_here:
            for alt in t.alternatives.get(written, ()):
                if all(count[i + k] == 1 for k in alt.changed):
                    if len(alt.changed) == 2 and self._before_place_suffix(text, i, i + len(written)):
                        continue
                    found[(i, alt.word)] = Candidate(i, i + len(written), alt.word, alt.how, len(alt.changed))

        free = [False] * n
        meant_by_char = t.meant
        for p in range(n):
            if count[p]:
                continue
            meant = meant_by_char.get(text[p])
            if meant is None:
                continue
            free[p] = True
            # A target word around p holds p next to one of its neighbours: keep only what p may stand for
            # that pairs with a neighbour in some target (寻 + bao, 宝 + ?), then only the windows that fit.
            left, right = text[p - 1 : p], text[p + 1 : p + 2]
            reach = [(m, left + m in pairs, m + right in pairs) for m in meant]
            reach = [r for r in reach if r[1] or r[2]]
            if not reach:
                continue
            lo = p - 1
            while lo > p - 3 and lo > 0 and text[lo - 1 : lo + 1] in pairs:
                lo -= 1
            hi = p + 2
            while hi < p + 4 and hi < n and text[hi - 1 : hi + 1] in pairs:
                hi += 1
            for m, reach_left, reach_right in reach:
                sound = m.isascii()
                for i in range(lo, p + 1) if reach_left else (p,):
                    for end in range(p + 1, hi + 1) if reach_right else (p + 1,):
                        if not 2 <= end - i <= 4:
                            continue
                        if sound:
                            words = by_mask.get(text[i:p] + "?" + text[p + 1 : end] + m, ())
                        else:
                            word = text[i:p] + m + text[p + 1 : end]
                            words = (word,) if word in targets else ()
                        for word in words:
                            if (i, word) not in found and gated(text[i:end], word):
                                found[(i, word)] = Candidate(i, end, word, "sound" if sound else "shape")

        # Two free characters side by side may be one word typed with the wrong characters (淡味 for 单位).
        for i in range(n - 1):
            if not (free[i] and free[i + 1]):
                continue
            window = text[i : i + 2]
            for first in readings[window[0]]:
                for second in readings[window[1]]:
                    for word in search.two_char.get(first + " " + second, ()):
                        if word[0] == window[0] or word[1] == window[1] or (i, word) in found:
                            continue
                        if t.word_freq[word] < TARGET_FREQ or self._before_place_suffix(text, i, i + 2):
                            continue
                        if not gated(window, word, self.TWO_CHANGE_GATE):
                            continue
                        found[(i, word)] = Candidate(i, i + 2, word, "sound", 2)
                        # The word may be part of a longer one around it (联席悔意 for 联席会议).
                        for a, b in ((i - 1, i + 2), (i, i + 3), (i - 2, i + 2), (i - 1, i + 3), (i, i + 4)):
                            longer = text[max(a, 0) : i] + word + text[i + 2 : b]
                            if len(longer) == b - a and longer in targets:
                                found[(a, longer)] = Candidate(a, b, longer, "sound", 2)
        return list(found.values())

    def _with_whole_words(self, text: str, scored: list[Candidate], memo: tuple[dict, dict]) -> list[Candidate]:
        """`scored` and the four-character words restored whole (_whole_words) that may matter to _decide; one
        found both ways is kept as restored whole, which needs less gain. `memo` caches segment() and _score()."""
        if self.lm is None:
            return scored
        if self.core is not None:
            found = [Candidate(*c, whole=True) for c in self.core.whole_words(text)]
        else:
            found = [
                c._replace(start=c.start + m.start(), end=c.end + m.start())
                for m in self.CHINESE_RUN.finditer(text)
                for c in self._whole_words(m.group())
            ]
        if not found:
            return scored
        # Half of the window one of sanshen's own words (防制 of 病媒生物防制): a term, never a slip. Nor a negated
        # verb (不知可否 is no 不置可否): 不 makes a phrase of its own with any verb.
        own, words = extra_words(), self.tables.word_freq
        found = [
            c
            for c in found
            if (half := self._changed_half(text, c)) not in own and not (half[0] == "不" and half in words)
        ]
        segments, scores = memo
        whole = self._scored(text, found, segments, scores)
        spans = {(c.start, c.end, c.word) for c in whole}
        return [c for c in scored if (c.start, c.end, c.word) not in spans] + whole

    def _counts_something(self, cand: Candidate) -> bool:
        """Whether the candidate's word is a quantity (一百多里, 三十余年: numerals and a unit), which the dictionary
        holds as a phrase: a number is followed by whatever it counts (一百多例)."""
        word = cand.word
        return len(word) >= 3 and sum(ch in self.WHOLE_WORD_NUMERALS for ch in word) >= len(word) - 1

    @staticmethod
    def _changes_any(text: str, cand: Candidate, chars: frozenset[str]) -> bool:
        """Whether `cand` replaces one of `chars` as written."""
        return any(a != b and a in chars for a, b in zip(text[cand.start : cand.end], cand.word))

    @staticmethod
    def _changed_half(text: str, cand: Candidate) -> str:
        """The half of a four-character window, as written, that holds the character `cand` changes."""
        first = text[cand.start : cand.start + 2]
        return first if first != cand.word[:2] else text[cand.start + 2 : cand.end]

    def _whole_words(self, run: str) -> list[Candidate]:
        """The four-character targets that a window of `run` (one run of Chinese characters) is with one character
        written as a sound- or look-alike, or with one half written as another word that reads the same (练习电话
        for 联系电话: an input method offers whole words), where the window is no word itself (WHOLE_WORD_NEED)."""
        t = self.tables
        search = load_search_tables()
        by_mask, by_half, targets, logp, word_key = search.by_mask, search.by_half, t.targets, t.word_logp, t.word_key
        found: dict[tuple[int, str], Candidate] = {}
        for i in range(len(run) - 3):
            window = run[i : i + 4]
            if window in logp or not self.WHOLE_WORD_NUMERALS.isdisjoint(window):
                continue
            for k in range(4):
                if (k == 0 and window[1:] in logp) or (k == 3 and window[:3] in logp):
                    continue
                for m in t.meant.get(window[k], ()):
                    if m.isascii():
                        words = by_mask.get(window[:k] + "?" + window[k + 1 :] + m, ())
                    else:
                        word = window[:k] + m + window[k + 1 :]
                        words = (word,) if word in targets else ()
                    how = "sound" if m.isascii() else "shape"
                    for word in words:
                        if len(word) == 4 and word[k] != window[k] and (i, word) not in found:
                            found[(i, word)] = Candidate(i, i + 4, word, how, 1, whole=True)
            # A half that is a word, read as that word reads (予以 is yu yi, never zhu yi), beside a half that is one.
            for h in (0, 2):
                written, kept = window[h : h + 2], window[2 - h : 4 - h]
                if written not in word_key or kept not in logp:
                    continue
                masked = "??" + kept if h == 0 else kept + "??"
                for word in by_half.get(masked + word_key[written], ()):
                    if word[h] != written[0] and word[h + 1] != written[1] and (i, word) not in found:
                        found[(i, word)] = Candidate(i, i + 4, word, "sound", 2, whole=True)
        return list(found.values())

    def _coverage(self, text: str) -> tuple[list[int], list[tuple[int, str]]]:
        """How many frequent words contain each position, and those words as (start, word)."""
        cover, starts = self.tables.cover, load_search_tables().cover_starts
        count = [0] * len(text)
        words_here = []
        for i in range(len(text) - 1):
            two = text[i : i + 2]
            if two not in starts:
                continue
            # Only whole words: a slice cut short by the end of the text is no word of its length.
            three = text[i : i + 3] if i + 3 <= len(text) else ""
            four = text[i : i + 4] if i + 4 <= len(text) and three in starts else ""
            for word in (two, three, four):
                if word in cover:
                    words_here.append((i, word))
                    for p in range(i, i + len(word)):
                        count[p] += 1
        return count, words_here

    def _before_place_suffix(self, text: str, start: int, end: int) -> bool:
        return text[end - 1] in self.PLACE_SUFFIXES or (end < len(text) and text[end] in self.PLACE_SUFFIXES)

    # -- deciding: few, careful ----------------------------------------------------------------------------

    def _scored(
        self,
        text: str,
        candidates: list[Candidate],
        segments: dict[str, tuple[float, list[str]]],
        scores: dict[str, float],
    ) -> list[Candidate]:
        """`candidates` with their gains, but those too far below the threshold to matter to _decide (neither
        chosen nor doubtful); `segments` and `scores` cache segment() and _score() by string."""
        scored = []
        for cand in candidates:
            changed = [p for p in range(cand.start, cand.end) if text[p] != cand.word[p - cand.start]]
            # A character written twice (姊姊, 星星) is doubled on purpose: neither copy is a slip.
            if any(text[p - 1 : p] == text[p] or text[p + 1 : p + 2] == text[p] for p in changed):
                continue
            a, b = self._context(text, cand.start, cand.end)
            base = self._cached_score(text[a:b], segments, scores)
            gain = self._cached_score(text[a : cand.start] + cand.word + text[cand.end : b], segments, scores) - base
            gain -= self._rare_penalty(text, cand)
            cand = cand._replace(gain=gain)
            if self._margin(cand) >= -self._floor():
                scored.append(cand)
        return scored

    def _rare_penalty(self, text: str, cand: Candidate) -> float:
        """RARE_WRITTEN_PENALTY where the candidate replaces a character rarer than RARE_WRITTEN_FREQ, else 0."""
        freq = self.tables.word_freq
        for p in range(cand.start, cand.end):
            if text[p] != cand.word[p - cand.start] and freq.get(text[p], 0) < self.RARE_WRITTEN_FREQ:
                return self.RARE_WRITTEN_PENALTY
        return 0.0

    # -- the second model: its opinion mixed in where it knows the words -----------------------------------------

    def _second_opinion(self, text: str, scored: list[Candidate]) -> list[Candidate]:
        """`scored` (the candidates the first model's gain keeps within reach of the threshold) with each gain mixed
        with the second model's (SECOND_LM_WEIGHT of it), and those then too far below to matter dropped. Keeping
        more of the first model's candidates for the second to weigh found nothing more on ECSpell.

        The second model knows fewer words: where the context as written holds a word of the dictionary it lacks
        (述法, 止付, 择伐: terms of administration), it would read the term as a slip, so the first model alone
        decides there and must reach THRESHOLD_LM. Words restored whole keep the first model's gain, for which
        WHOLE_WORD_NEED was set."""
        if self.second is None:
            return scored
        second, weight = self.second, SECOND_LM_WEIGHT
        scores: dict[str, float] = {}
        lacking: dict[str, bool] = {}
        out = []
        for cand in scored:
            if cand.whole:
                out.append(cand)
                continue
            a, b = self._context(text, cand.start, cand.end)
            written = text[a:b]
            lacks = lacking.get(written)
            if lacks is None:
                words = (self.core.segment(written) if self.core is not None else segment(self.tables, written))[1]
                lacks = lacking[written] = any(len(w) > 1 and w not in second for w in words)
            if lacks:
                gain = cand.gain - (self.THRESHOLD_LM - self.threshold)
            else:
                corrected = text[a : cand.start] + cand.word + text[cand.end : b]
                for s in (written, corrected):
                    if s not in scores:
                        scores[s] = second.score(s)
                second_gain = scores[corrected] - scores[written] - self._rare_penalty(text, cand)
                gain = (1.0 - weight) * cand.gain + weight * second_gain
            cand = cand._replace(gain=gain)
            if self._margin(cand) >= -self._floor():
                out.append(cand)
        return out

    def _cached_score(self, s: str, segments: dict[str, tuple[float, list[str]]], scores: dict[str, float]) -> float:
        score = scores.get(s)
        if score is None:
            split = segments.get(s)
            if split is None:
                split = segments[s] = self.core.segment(s) if self.core is not None else segment(self.tables, s)
            score = scores[s] = self._score(split)
        return score

    def _context(self, text: str, start: int, end: int) -> tuple[int, int]:
        a = start
        while a > 0 and start - a < self.CONTEXT and "\u4e00" <= text[a - 1] <= "\u9fff":
            a -= 1
        b = end
        while b < len(text) and b - end < self.CONTEXT and "\u4e00" <= text[b] <= "\u9fff":
            b += 1
        return a, b

    @staticmethod
    def _asks_a_not_a(text: str, cand: Candidate) -> bool:
        """Whether the candidate begins at the second verb of an A不A question (能不能多搞点, 是不是): the frame makes
        that character a word of its own, so it joins no word with what follows (能多 is no 能够)."""
        at = cand.start
        return at >= 2 and text[at - 1] in "不没" and text[at - 2] == text[at]

    # A few characters right before a year in square or hexagonal brackets are the issuing office's code of a
    # document number (锦教通〔2025〕45号, 锦府办发[2025]8号): abbreviations, never words.
    DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,6}[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]")
    OPENING_QUOTES = frozenset("“‘「『\"'")
    CLOSING_QUOTES = frozenset("”’」』\"'")

    # After 村, 乡, 镇 or 县, a bracketed or listed level (村（社区）, 村、乡（镇）) or an organ of it (村党组织, 村“两委”,
    # 村民委员会, 村级) shows the character names a level of administration (经村（社区）推荐 is no 经过).
    LEVEL_AFTER = re.compile(r"（(?:社区|居)）|、[村乡镇县社]|党(?:组织|支部|总支|委)|[“\"]?两委|民委员会|委会|级")

    def _names_a_level(self, text: str, cand: Candidate) -> bool:
        """Whether the candidate replaces a 村, 乡, 镇 or 县 that names a level of administration (LEVEL_AFTER)."""
        return any(
            text[p] in "村乡镇县" and text[p] != cand.word[p - cand.start] and self.LEVEL_AFTER.match(text, p + 1)
            for p in range(cand.start, cand.end)
        )

    # A quotation this short is a word or a slogan of set phrases (“一人一竿、一线一钩”), written so on purpose.
    QUOTED_SPAN = 12

    @classmethod
    def _quoted(cls, text: str, cand: Candidate) -> bool:
        """Whether the candidate rewrites part of a short quotation: a word or phrase set off in quotation marks is
        written so on purpose, a pun (好“钱景”), a coined name (“寨牛”, ‘黑榜’), a term (水稻“两迁”害虫) or a slogan
        (“因树修剪、随枝作形”)."""
        a = cand.start
        while a > 0 and cand.start - a < cls.QUOTED_SPAN and text[a - 1] not in cls.OPENING_QUOTES:
            if text[a - 1] in cls.CLOSING_QUOTES or text[a - 1] in "。！？\n":
                return False
            a -= 1
        b = cand.end
        while b < len(text) and b - a < cls.QUOTED_SPAN and text[b] not in cls.CLOSING_QUOTES:
            if text[b] in cls.OPENING_QUOTES or text[b] in "。！？\n":
                return False
            b += 1
        return a > 0 and text[a - 1] in cls.OPENING_QUOTES and b < len(text) and text[b] in cls.CLOSING_QUOTES

    def _names_a_village(self, text: str, cand: Candidate, villages: dict[int, set[str]]) -> bool:
        """Whether the candidate rewrites what reads as a village's name: no dictionary word, right before 村, 寨 or
        屯 (平秋镇魁胆村 is not 斗胆村; 魁胆侗寨; 魁胆、瑶光等村寨), here or anywhere in the text (打响魁胆生态茶品牌
        after 魁胆村). Villages are too many for the places table, and a county writes of them daily. `villages`
        keeps, by length, what stands before each 村, 寨 and 屯 of the text, read once."""
        written = text[cand.start : cand.end]
        if written in self.tables.word_freq:
            return False
        if self.VILLAGE_AFTER.match(text, cand.end) or self.VILLAGE_LIST_AFTER.match(text, cand.end):
            return True
        gauge = "站" in (text[cand.end - 1], text[cand.end : cand.end + 1])
        if gauge and text[cand.start - 1 : cand.start] in ("乡", "镇"):
            return True  # a rain gauge named by its village (河口乡加池站)
        length = len(written)
        if length not in villages:
            villages[length] = {text[m.start() - length : m.start()] for m in self.VILLAGE_SUFFIX.finditer(text, length)}
        return written in villages[length]

    # A pair of characters that is no word, written this often in one text as a unit, is a name there (隆里 eleven
    # times in a piece on 隆里古城: 一盘隆里人家的腊肉 is no 盘龙). Pairs with a function character (的价 of 的价格),
    # inside longer words (巴瘤 of 淋巴瘤) or where two words meet (民检 of 人民检察院) repeat by grammar.
    NAME_REPEATS = 3
    NOT_IN_NAMES = frozenset("的了是在和与及或被于将就也而并其之所以把对从向为着过地得这那有个不")

    def _touches_repeated_name(self, text: str, cand: Candidate, counts: dict[str, int]) -> bool:
        freq = self.tables.word_freq
        for i in range(max(0, cand.start - 1), cand.end):
            pair = text[i : i + 2]
            if len(pair) < 2 or pair in freq or not self.NOT_IN_NAMES.isdisjoint(pair) or not _all_han(pair):
                continue
            if pair not in counts:
                counts[pair] = self._alone_count(text, pair)
            if counts[pair] >= self.NAME_REPEATS:
                return True
        return False

    def _alone_count(self, text: str, pair: str) -> int:
        """In how many different settings (the characters either side) `pair` stands in `text` as a unit: inside no
        dictionary word of three or four characters, and not where either of its characters makes a word with its
        other neighbour (民检 of 人民检察院, 像制 of 录像制品 are where two words meet). A sentence said three times
        (各级党组织和零导干部…) is one setting: its slip is corrected at every place."""
        freq, cover = self.tables.word_freq, self.tables.cover
        settings = set()
        at = text.find(pair)
        while at >= 0:
            if not (
                (at and text[at - 1 : at + 1] in cover)
                or text[at + 1 : at + 3] in cover
                or any(
                    text[a : a + length] in freq
                    for length in (3, 4)
                    for a in range(max(0, at + 2 - length), at + 1)
                    if a + length <= len(text)
                )
            ):
                settings.add((text[at - 1 : at], text[at + 2 : at + 3]))
            at = text.find(pair, at + 1)
        return len(settings)

    def _swaps_pronouns(self, text: str, cand: Candidate) -> bool:
        return any(
            written != meant and written in self.PRONOUNS and meant in self.PRONOUNS
            for written, meant in zip(text[cand.start : cand.end], cand.word)
        )

    def _floor(self) -> float:
        """How far below the threshold a candidate may still matter: within DOUBT of what it must reach (as a
        doubt or a rival) when it has no rivals itself. Those further below are dropped once scored."""
        return self.doubt + self.LONE_BONUS

    def _margin(self, cand: Candidate) -> float:
        if cand.whole:
            return cand.gain - self.WHOLE_WORD_NEED
        need = self.threshold + (self.TWO_CHANGE_EXTRA if cand.changes > 1 else 0.0)
        if cand.end - cand.start >= 3:
            need -= self.LONG_WORD_BONUS
        return cand.gain - need

    def _decide(self, text: str, scored: list[Candidate], keep, named=None) -> list[tuple[Candidate, bool]]:
        """The corrections to report, each with whether it is sure (the only doubtful spot of its sentence, or
        restored idioms).
        A candidate passes where it stands at or above what it must reach (_standings). Candidates for which `keep`
        is false are left out; it is asked only in sentences with a candidate that passes, and only of candidates
        within DOUBT of passing (elsewhere nothing is reported either way). `named(start, end)` tells whether a
        protected name overlaps a span: a rare character inside one (侗 of 侗乡, 隆 of 隆里乡) is no stray."""
        margins = [self._margin(cand) for cand in scored]
        # No candidate stands higher than its margin plus LONE_BONUS: where none can pass, rivals need no count.
        if not any(margin + self.LONE_BONUS >= 0 for margin in margins):
            return []
        ends = [m.end() for m in self.SENTENCE_END.finditer(text)] + [len(text)]
        by_sentence: dict[int, list[int]] = {}
        for k, cand in enumerate(scored):
            by_sentence.setdefault(bisect.bisect_right(ends, cand.start), []).append(k)
        decided = []
        for k, members in sorted(by_sentence.items()):
            # Rivals overlap, so they share a sentence (no candidate holds a sentence's end): standings are counted
            # sentence by sentence, and only where one may pass.
            if not any(margins[j] + self.LONE_BONUS >= 0 for j in members):
                continue
            here_scored = [scored[j] for j in members]
            standings = self._standings(text, here_scored, [margins[j] for j in members])
            if not any(standing >= 0 for standing in standings):
                continue
            # Below -DOUBT a candidate is neither chosen nor a doubt.
            here = [
                (standing, cand)
                for standing, cand in zip(standings, here_scored)
                if standing >= -self.doubt and keep(cand)
            ]
            # Best first; of equal standing the longer word (联席会议 over 会议).
            here.sort(key=lambda sc: (-sc[0], sc[1].start - sc[1].end, sc[1].start, sc[1].word))
            chosen: list[Candidate] = []
            taken: set[int] = set()  # the characters the chosen hold: a sentence with no end may hold thousands
            for standing, cand in here:
                if standing >= 0 and taken.isdisjoint(range(cand.start, cand.end)):
                    chosen.append(cand)
                    taken.update(range(cand.start, cand.end))
            if not chosen:
                continue
            doubtful = any(
                -self.doubt <= standing < 0 and taken.isdisjoint(range(cand.start, cand.end)) for standing, cand in here
            )
            start = ends[k - 1] if k else 0
            # A restored idiom (喜上眉稍 → 喜上眉梢) is evidence of its own that the sentence's other doubts do not
            # weaken: on the CSC files none was made in a clean sentence.
            sure = all(c.word in self.tables.idioms for c in chosen) or (
                not doubtful and not self._stray_rare_character(text, start, ends[k], chosen, named)
            )
            decided.extend((cand, sure) for cand in chosen)
        return sorted(decided, key=lambda cs: cs[0].start)

    def _standings(self, text: str, scored: list[Candidate], margins: list[float] | None = None) -> list[float]:
        """How far each candidate of `text` stands above what it must reach (below it when negative): its margin
        over the threshold (`margins`, worked out here when not given), eased for a lone reading (of common
        characters where it is a sound-alike) and raised for each rival reading of its characters."""
        if margins is None:
            margins = [self._margin(cand) for cand in scored]
        # The candidates that share a character with one: all but those that end before it begins or begin after it
        # ends (each candidate holds a character, so none is both, and each overlaps itself).
        starts = sorted(cand.start for cand in scored)
        ends = sorted(cand.end for cand in scored)
        freq, limit = self.tables.word_freq, self.LONE_WRITTEN_FREQ
        standings = []
        for k, cand in enumerate(scored):
            rivals = bisect.bisect_left(starts, cand.end) - bisect.bisect_right(ends, cand.start) - 1
            bonus = self.LONE_BONUS
            if cand.how == "sound":
                for written, meant in zip(text[cand.start : cand.end], cand.word):
                    if written != meant and freq.get(written, 0) < limit:
                        bonus = 0.0
                        break
            standings.append(margins[k] + bonus - self.RIVAL_COST * min(rivals, self.RIVALS_COUNTED))
        return standings

    def _stray_rare_character(self, text: str, start: int, end: int, chosen: list[Candidate], named=None) -> bool:
        """Whether text[start:end], corrected, holds a rare character that no dictionary word explains, nor a
        protected name (`named`, as in _decide)."""
        chars = list(text[start:end])
        for cand in chosen:
            chars[cand.start - start : cand.end - start] = cand.word
        s = "".join(chars)
        freq = self.tables.word_freq
        # Rare characters are few: the words that may explain one are looked up only around it.
        return any(
            "\u4e00" <= ch <= "\u9fff"
            and freq.get(ch, 0) < self.RARE_CHAR_FREQ
            and not self._in_word(s, p)
            and not (named and named(start + p, start + p + 1))
            for p, ch in enumerate(s)
        )

    def _score(self, split: tuple[float, list[str]]) -> float:
        """log10 probability of a split from segment(): by the language model, or by the split's own statistics."""
        logp, words = split
        if self.lm is None:
            return logp / math.log(10)
        return self.lm.score(" ".join(words), bos=False, eos=False)
