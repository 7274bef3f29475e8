"""The reader of sunpinyin's threaded trigram model (_slm.pyx), checked against the model as sunpinyin's own tool
prints it (tslminfo, Debian's sunpinyin-utils)."""

import math
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from sanshen.checks._slm import ThreadedModel
from sanshen.checks.checkers.typo import DEFAULT_SECOND_LM_PATH, TypoChecker, load_second_model
from sanshen.checks.context import CheckContext

MODEL = Path(DEFAULT_SECOND_LM_PATH)
LEXICON = MODEL.with_name("pydict_sc.bin")


@pytest.fixture(scope="module")
def model():
    return load_second_model(str(MODEL))


def _word_ids() -> dict[int, str]:
    """The lexicon's words by id, read independently of the reader: UTF-32 strings from the offset in the header."""
    data = LEXICON.read_bytes()
    count, offset = int.from_bytes(data[4:8], "little"), int.from_bytes(data[8:12], "little")
    words = data[offset:].decode("utf-32-le").split("\0")[:count]
    return {i: w for i, w in enumerate(words) if w and not w.startswith("<")}


@pytest.fixture(scope="module")
def printed():
    """The model as tslminfo prints it: n-gram (word ids) → (-ln p, -ln back-off weight)."""
    out = subprocess.run(
        [shutil.which("tslminfo") or "tslminfo", "-v", str(MODEL)], capture_output=True, text=True, check=True
    ).stdout
    grams: dict[tuple[int, ...], tuple[float, float]] = {}
    order = 0
    for line in out.splitlines():
        if line.startswith("\\"):
            order = int(line[1])
            continue
        parts = line.split()
        if order == 0 or len(parts) < order + 1:
            continue
        ids = tuple(int(p) for p in parts[:order])
        bow = float(parts[order + 1]) if order < 3 else 0.0
        grams[ids] = (float(parts[order]), bow)
    return grams


def _expected(grams, ids: list[int]) -> float:
    """log10 probability of the words by the textbook back-off rule over the printed n-grams."""
    total = 0.0
    for k, wid in enumerate(ids):
        history = tuple(ids[max(0, k - 2) : k])
        cost = 0.0
        while (history + (wid,)) not in grams:
            cost += grams.get(history, (0.0, 0.0))[1] if history else 0.0
            if not history:
                break
            history = history[1:]
        cost += grams[history + (wid,)][0]
        total -= cost / math.log(10)
    return total


def test_scores_agree_with_the_printed_model(model, printed):
    words = {i: w for i, w in _word_ids().items() if (i,) in printed}
    rng = random.Random(7)
    trigrams = [g for g in printed if len(g) == 3 and all(i in words for i in g)]
    bigrams = [g for g in printed if len(g) == 2 and all(i in words for i in g)]
    # Trigrams as printed, bigrams with a third word that may or may not follow them (backing off), and
    # random word triples (backing off twice).
    cases = [list(g) for g in rng.sample(trigrams, 300)]
    cases += [list(g) + [rng.choice(list(words))] for g in rng.sample(bigrams, 300)]
    cases += [rng.sample(list(words), 3) for _ in range(300)]
    assert len(cases) == 900
    checked = 0
    for ids in cases:
        # A word spelt twice in the lexicon is looked up as one of its ids: those are left out.
        if len({words[i] for i in ids}) < len(ids) or any(model.split(words[i]) != [words[i]] for i in ids):
            continue
        got = model.score_words(" ".join(words[i] for i in ids))
        assert got == pytest.approx(_expected(printed, ids), abs=1e-6), [words[i] for i in ids]
        checked += 1
    assert checked > 800


def test_text_is_split_into_the_models_words_and_scored(model):
    assert model.split("各单位要认真落实") == ["各", "单位", "要", "认真", "落实"]
    assert model.score("各单位要认真落实") == pytest.approx(model.score_words("各 单位 要 认真 落实"))
    # A slip makes the sentence less likely: the typo checker's evidence.
    assert model.score("各单位要认真落实") > model.score("各淡味要认真落实") + 3
    assert "单位" in model and "淡味" not in model and len(model) > 60_000


def test_a_character_the_model_lacks_stands_alone(model):
    # 㔜 is in no word of the lexicon: one unknown word, as likely as the model's unknown word.
    assert "㔜" not in model
    assert model.split("单位㔜") == ["单位", "㔜"]
    assert model.score("㔜") == pytest.approx(model.score_words("㔜"))
    assert model.score("㔜") < model.score("的")


def test_a_broken_model_file_is_refused_with_a_message(tmp_path):
    garbage = tmp_path / "lm_sc.t3g"
    garbage.write_bytes(b"\xff" * 400_000)
    shutil.copy(LEXICON, tmp_path / "pydict_sc.bin")
    with pytest.raises(ValueError, match="不支持的语言模型格式"):
        ThreadedModel(str(garbage), str(tmp_path / "pydict_sc.bin"))
    cut = tmp_path / "cut.t3g"
    cut.write_bytes(MODEL.read_bytes()[:1_000_000])
    with pytest.raises(ValueError, match="语言模型文件不完整"):
        ThreadedModel(str(cut), str(tmp_path / "pydict_sc.bin"))
    empty = tmp_path / "empty.t3g"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="语言模型文件不完整"):
        ThreadedModel(str(empty), str(tmp_path / "pydict_sc.bin"))
    # The checker goes on with the first model alone, and says why.
    load_second_model.cache_clear()
    checker = TypoChecker(second_lm_path=str(cut))
    assert checker.second is None and "无法读取" in checker.warning
    alone = tmp_path / "alone" / "lm_sc.t3g"
    alone.parent.mkdir()
    shutil.copy(MODEL, alone)
    assert load_second_model(str(alone)) is None


def test_without_the_second_model_the_first_decides_alone_and_says_so():
    both = TypoChecker()
    assert both.second is not None and both.warning == ""
    assert (both.threshold, both.doubt) == (TypoChecker.THRESHOLD_BLEND, TypoChecker.DOUBT_BLEND)
    alone = TypoChecker(second_lm_path="/nonexistent/lm_sc.t3g")
    assert alone.second is None
    # No path at all, or a model without the lexicon beside it, is no model either.
    assert load_second_model("") is None
    assert "第二语言模型" in alone.warning
    assert (alone.threshold, alone.doubt) == (TypoChecker.THRESHOLD_LM, TypoChecker.DOUBT)
    # Both still find a plain slip.
    for checker in (both, alone):
        assert [f.suggestion for f in checker.check("各乡镇要认真做好防汛准被工作", CheckContext())] == ["准备"]


def test_the_mix_finds_what_the_first_model_alone_misses():
    # To the second model 眼睛 after 的 is far likelier than 眼晴, more than to the first.
    both, alone = TypoChecker(), TypoChecker(second_lm_path=None)
    assert [f.suggestion for f in both.check("他的眼晴很大", CheckContext())] == ["眼睛"]
    assert alone.check("他的眼晴很大", CheckContext()) == []
