"""Builds the typo checker's word, character and idiom tables from registry packages (a developer tool).

Not used at run time: the product reads the .tsv/.txt files this writes. Run it again when a source package changes:

    .venv/bin/pip install jieba==0.42.1 pypinyin==0.55.0
    pip download --no-deps pycorrector==1.1.4 jionlp==1.5.31 macro-correct==0.0.6   # then unzip the wheels
    .venv/bin/python sanshen/checks/data/make_typo_data.py UNZIPPED_WHEELS_DIR

The last table, typo_real_word_errors.tsv, is derived from the others (and the checker's COVER_FREQ, TARGET_FREQ and
REAL_WORD_GATE); to rebuild only it, after changing those constants:

    .venv/bin/python sanshen/checks/data/make_typo_data.py --real-word-errors

typo_glyph_shapes.tsv (characters that look alike when drawn) and typo_glyph_parts.tsv (characters drawn as a large
part of others) are computed here from the glyphs of a CJK font, then typo_real_word_errors.tsv again (it reads the
shapes too); it needs Debian's fonts-noto-cjk:

    .venv/bin/python sanshen/checks/data/make_typo_data.py --glyphs

Sources (all facts about the language, none from the shared evaluation data):
- jieba 0.42.1 dict.txt (MIT): word frequencies;
- pypinyin 0.55.0 (MIT): readings of characters and of words in context;
- pycorrector 1.1.4 data/same_stroke.txt and common_char_set.txt (Apache-2.0): characters of similar shape;
- jionlp 1.5.31 dictionary/chinese_idiom.zip (Apache-2.0): idioms with their frequency;
- macro-correct 0.0.6 output/confusion_dict.json (Apache-2.0): known misspelt words, kept only where the right form
  is a dictionary word or idiom and the wrong form is not.
- typo_real_word_errors.tsv: for each frequent word, the far more frequent words that sound or look like it
  (截断 → 阶段), computed from the tables above.
- typo_glyph_shapes.tsv: for each character of typo_chars.tsv of frequency >= GLYPH_MIN_FREQ, the characters whose
  glyphs in Noto Sans CJK SC (Debian fonts-noto-cjk, SIL OFL 1.1) are most alike (木/术, 己/已, 淮/准, 锐/税):
  each glyph drawn at GLYPH_PIXELS px, blurred, compared by cosine similarity; the GLYPH_NEIGHBOURS nearest at
  GLYPH_MIN_SIMILARITY or more, numerals excepted (五/三 is another number, not a slip of the pen).
- typo_glyph_parts.tsv: for the same characters, those drawn as a large part of another (贝 of 员, 去 of 法, 也 of
  地, 言 of 信): whole-glyph likeness misses them, the part being drawn smaller. Each glyph's ink is cut at PART_CUTS
  of its width or height from each side; every piece of at least half the glyph, and every whole glyph, is scaled to
  fill a PART_PIXELS square and blurred; a piece as alike as PART_MIN_SIMILARITY to a whole glyph holding at least
  PART_MIN_INK of the piece's owner's ink makes that glyph a part of the owner.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Rarer jieba entries are mostly names and fragments: as correction targets they only add false alarms.
MIN_WORD_FREQ = 4
MIN_IDIOM_FREQ = 10
MIN_REAL_WORD_FREQ = 50
GLYPH_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
GLYPH_FONT_INDEX = 2  # the collection's Simplified Chinese face (Noto Sans CJK SC)
GLYPH_MIN_FREQ = 20
GLYPH_PIXELS = 36  # drawn at this size in a box four pixels wider
GLYPH_BLUR = 1.2  # Gaussian radius: strokes a pixel apart still overlap
GLYPH_MIN_SIMILARITY = 0.7
GLYPH_NEIGHBOURS = 3
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
PART_DRAWN_PIXELS = 48  # the glyphs are drawn this large before their ink is cut into pieces
PART_PIXELS = 20
PART_CUTS = (0.3, 0.35, 0.4, 0.45, 0.5)
PART_MIN_SIMILARITY = 0.85
# A part with less ink than this share of the whole is a radical or a stroke (口 of 吃, 亻 of 信): not a slip.
PART_MIN_INK = 0.5
PART_INK_LEVEL = 40  # a pixel of the 0-255 drawing this bright is ink


def is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def word_key(word: str) -> str:
    from pypinyin import Style, lazy_pinyin  # only the full rebuild needs jieba and pypinyin

    return " ".join(lazy_pinyin(word, style=Style.NORMAL))


def char_readings(ch: str) -> list[str]:
    from pypinyin import Style, pinyin

    readings = []
    for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
        if r.isascii() and r.isalpha() and r not in readings:
            readings.append(r)
    return readings


def read_jieba() -> dict[str, int]:
    import jieba

    freq: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split(" ")
            if is_han(word):
                freq[word] = freq.get(word, 0) + int(count)
    return freq


def read_idioms(wheels: Path) -> dict[str, int]:
    with zipfile.ZipFile(wheels / "jionlp/dictionary/chinese_idiom.zip") as z:
        text = z.read("chinese_idiom.txt").decode("utf-8")
    idioms = {}
    for line in io.StringIO(text):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and len(parts[0]) == 4 and is_han(parts[0]) and int(parts[1]) >= MIN_IDIOM_FREQ:
            idioms[parts[0]] = int(parts[1])
    return idioms


def read_shapes(wheels: Path) -> dict[str, set[str]]:
    shapes: dict[str, set[str]] = {}
    with open(wheels / "pycorrector/data/same_stroke.txt", encoding="utf-8") as f:
        for line in f:
            group = [ch for ch in line.split() if len(ch) == 1 and is_han(ch)]
            for ch in group:
                shapes.setdefault(ch, set()).update(c for c in group if c != ch)
    return shapes


def read_common_errors() -> dict[str, str]:
    """sanshen's own list of common errors (written by hand, committed next to this script)."""
    errors = {}
    for line in open(HERE / "typo_common_errors.tsv", encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            wrong, right, *_ = line.rstrip("\n").split("\t")
            errors[wrong] = right
    return errors


def read_known_misspellings(wheels: Path, words: dict[str, int], idioms: dict[str, int]) -> dict[str, str]:
    pairs = json.loads((wheels / "macro_correct/output/confusion_dict.json").read_text(encoding="utf-8"))
    common = read_common_errors()
    # Where the package's pair contradicts sanshen's own list (it has 勠力同心 → 戮力同心), the own list wins.
    rights, wrongs = set(common.values()), set(common)
    known = {}
    for wrong, right in pairs.items():
        # Short forms match inside longer words, and a frequent "wrong" form is usually a real word.
        if not (is_han(wrong) and is_han(right) and len(wrong) == len(right) >= 3):
            continue
        if words.get(wrong, 0) >= MIN_REAL_WORD_FREQ or wrong in idioms or not (right in words or right in idioms):
            continue
        if wrong in rights or right in wrongs:
            continue
        if sum(a != b for a, b in zip(wrong, right)) == 1:
            known[wrong] = right
    return known


def write_real_word_errors() -> None:
    # Imported here: the checker reads the tables this script has just written.
    sys.path.insert(0, str(HERE.parents[2]))
    from sanshen.checks.checkers import typo, typo_tables

    tables, word_key = typo_tables.read_tables()
    errors = typo.real_word_errors(tables, word_key)
    with open(HERE / "typo_real_word_errors.tsv", "w", encoding="utf-8") as out:
        out.write(
            "# written\tmeant\thow\tchanged offsets (derived from typo_words.tsv and typo_chars.tsv by"
            " make_typo_data.py: COVER_FREQ %d, TARGET_FREQ %d, REAL_WORD_GATE %s)\n"
            % (typo_tables.COVER_FREQ, typo_tables.TARGET_FREQ, typo.REAL_WORD_GATE)
        )
        for written in sorted(errors):
            for alt in sorted(errors[written], key=lambda a: a.word):
                out.write(f"{written}\t{alt.word}\t{alt.how}\t{','.join(map(str, alt.changed))}\n")


def glyph_vectors(chars: list[str]):
    """Each character drawn in the font, blurred, centred on zero and scaled to unit length: one row each."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(str(GLYPH_FONT), GLYPH_PIXELS, index=GLYPH_FONT_INDEX)
    box = GLYPH_PIXELS + 4
    vectors = np.zeros((len(chars), box * box), np.float32)
    for k, ch in enumerate(chars):
        image = Image.new("L", (box, box), 0)
        draw = ImageDraw.Draw(image)
        top = draw.textbbox((0, 0), ch, font=font)[1]
        draw.text((2, 2 - top), ch, font=font, fill=255)
        v = np.asarray(image.filter(ImageFilter.GaussianBlur(GLYPH_BLUR)), np.float32).ravel()
        v = v - v.mean()
        vectors[k] = v / (np.linalg.norm(v) + 1e-6)
    return vectors


def glyph_chars() -> list[str]:
    """The characters of typo_chars.tsv of frequency >= GLYPH_MIN_FREQ."""
    chars = []
    for line in open(HERE / "typo_chars.tsv", encoding="utf-8"):
        if not line.startswith("#"):
            ch, freq, *_ = line.rstrip("\n").split("\t")
            if int(freq) >= GLYPH_MIN_FREQ and is_han(ch):
                chars.append(ch)
    return chars


def write_glyph_shapes() -> None:
    import numpy as np

    chars = glyph_chars()
    vectors = glyph_vectors(chars)
    with open(HERE / "typo_glyph_shapes.tsv", "w", encoding="utf-8") as out:
        settings = (GLYPH_PIXELS, GLYPH_BLUR, GLYPH_MIN_SIMILARITY, GLYPH_NEIGHBOURS)
        out.write(
            "# char\tcharacters drawn alike, most alike first (Noto Sans CJK SC glyphs, %d px, blur %s, cosine >= %s, "
            "%d nearest; make_typo_data.py --glyphs)\n" % settings
        )
        for start in range(0, len(chars), 1024):
            block = vectors[start : start + 1024] @ vectors.T
            for k, row in enumerate(block):
                row[start + k] = -1.0  # not itself
                nearest = np.argsort(-row, kind="stable")[:GLYPH_NEIGHBOURS]
                ch = chars[start + k]
                alike = [
                    chars[j] for j in nearest
                    if row[j] >= GLYPH_MIN_SIMILARITY and not (ch in NUMERALS and chars[j] in NUMERALS)
                ]  # fmt: skip
                if alike:
                    out.write(f"{ch}\t{''.join(alike)}\n")


def _glyph_drawing(ch: str, font):
    """`ch` drawn white on black in a box four pixels wider than the font's size each way, as a float array."""
    import numpy as np
    from PIL import Image, ImageDraw

    box = font.size + 8
    image = Image.new("L", (box, box), 0)
    draw = ImageDraw.Draw(image)
    top = draw.textbbox((0, 0), ch, font=font)[1]
    draw.text((4, 4 - top), ch, font=font, fill=255)
    return np.asarray(image, np.float32)


def _filled_vector(drawing):
    """The ink of `drawing` cropped, stretched to fill a PART_PIXELS square, blurred, centred on zero and scaled to
    unit length; None where there is no ink."""
    import numpy as np
    from PIL import Image, ImageFilter

    ys, xs = np.nonzero(drawing > PART_INK_LEVEL)
    if not len(xs):
        return None
    ink = drawing[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8)
    square = Image.fromarray(ink).resize((PART_PIXELS, PART_PIXELS), Image.BILINEAR)
    v = np.asarray(square.filter(ImageFilter.GaussianBlur(1.0)), np.float32).ravel()
    v = v - v.mean()
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else None


def glyph_parts(chars: list[str]) -> dict[str, list[str]]:
    """part → the characters of `chars` drawn with it as a large part, most alike first (see the module's
    docstring)."""
    import numpy as np
    from PIL import ImageFont

    font = ImageFont.truetype(str(GLYPH_FONT), PART_DRAWN_PIXELS, index=GLYPH_FONT_INDEX)
    drawings = [_glyph_drawing(ch, font) for ch in chars]
    ink = np.array([(d > PART_INK_LEVEL).sum() for d in drawings])
    wholes = np.zeros((len(chars), PART_PIXELS * PART_PIXELS), np.float32)
    pieces, owners = [], []
    for k, d in enumerate(drawings):
        v = _filled_vector(d)
        if v is None:
            continue
        wholes[k] = v
        ys, xs = np.nonzero(d > PART_INK_LEVEL)
        x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
        w, h = x1 - x0, y1 - y0
        for cut in PART_CUTS:
            dx, dy = int(w * cut), int(h * cut)
            right, bottom = d[y0:y1, x0 + dx : x1], d[y0 + dy : y1, x0:x1]
            left, top = d[y0:y1, x0 : x1 - dx], d[y0 : y1 - dy, x0:x1]
            for piece in (right, bottom, left, top):
                v = _filled_vector(piece)
                if v is not None:
                    pieces.append(v)
                    owners.append(k)
    found: dict[tuple[int, int], float] = {}
    pieces_array = np.stack(pieces)
    for start in range(0, len(pieces), 4096):
        alike = pieces_array[start : start + 4096] @ wholes.T
        for row, part in zip(*np.nonzero(alike >= PART_MIN_SIMILARITY)):
            owner = owners[start + row]
            if part == owner or ink[part] < PART_MIN_INK * ink[owner]:
                continue
            found[(part, owner)] = max(found.get((part, owner), 0.0), float(alike[row, part]))
    parts: dict[str, list[tuple[float, str]]] = {}
    for (part, owner), similarity in found.items():
        parts.setdefault(chars[part], []).append((-similarity, chars[owner]))
    return {part: [owner for _, owner in sorted(owners)] for part, owners in parts.items()}


def write_glyph_parts() -> None:
    parts = glyph_parts(glyph_chars())
    with open(HERE / "typo_glyph_parts.tsv", "w", encoding="utf-8") as out:
        settings = (PART_PIXELS, PART_MIN_SIMILARITY, PART_MIN_INK)
        out.write(
            "# part\tcharacters drawn with it as a large part, most alike first (Noto Sans CJK SC glyphs, %d px, "
            "cosine >= %s, ink >= %s of the whole; make_typo_data.py --glyphs)\n" % settings
        )
        for part in sorted(parts):
            out.write(f"{part}\t{''.join(parts[part])}\n")


def main(argv: list[str]) -> int:
    if argv == ["--real-word-errors"]:
        write_real_word_errors()
        return 0
    if argv == ["--glyphs"]:
        write_glyph_shapes()
        write_glyph_parts()
        write_real_word_errors()
        return 0
    wheels = Path(argv[0])
    words = read_jieba()
    idioms = read_idioms(wheels)
    shapes = read_shapes(wheels)
    common = {line.strip() for line in open(wheels / "pycorrector/data/common_char_set.txt", encoding="utf-8")}

    known = read_known_misspellings(wheels, words, idioms)
    # jionlp also lists some variant spellings as idioms (戮力同心): sanshen's own list decides.
    idioms = {w: f for w, f in idioms.items() if w not in read_common_errors()}
    # jieba counted some misspellings as words (部份, 震憾): they must never be offered as a correction.
    wrong_forms = set(known) | set(read_common_errors())
    kept = {w: f for w, f in words.items() if 2 <= len(w) <= 4 and f >= MIN_WORD_FREQ and w not in wrong_forms}
    for idiom, count in idioms.items():
        kept.setdefault(idiom, max(count, MIN_WORD_FREQ))
    with open(HERE / "typo_words.tsv", "w", encoding="utf-8") as out:
        out.write("# word\tfrequency\tpinyin (jieba 0.42.1 dict.txt frequencies, jionlp idioms; pypinyin readings)\n")
        for word in sorted(kept):
            out.write(f"{word}\t{kept[word]}\t{word_key(word)}\n")

    chars = sorted({w for w in words if len(w) == 1} | common | set(shapes))
    with open(HERE / "typo_chars.tsv", "w", encoding="utf-8") as out:
        out.write("# char\tfrequency\treadings\tsimilar shapes (jieba, pypinyin, pycorrector same_stroke)\n")
        for ch in chars:
            readings = char_readings(ch)
            if not readings:
                continue
            similar = "".join(sorted(shapes.get(ch, ())))
            out.write(f"{ch}\t{words.get(ch, 0)}\t{' '.join(readings)}\t{similar}\n")

    with open(HERE / "typo_idioms.txt", "w", encoding="utf-8") as out:
        out.write("# 成语 (jionlp 1.5.31 chinese_idiom, frequency >= %d)\n" % MIN_IDIOM_FREQ)
        for idiom in sorted(idioms):
            out.write(idiom + "\n")

    with open(HERE / "typo_known_misspellings.tsv", "w", encoding="utf-8") as out:
        out.write("# wrong\tright (macro-correct 0.0.6 confusion_dict, filtered)\n")
        for wrong, right in sorted(known.items()):
            out.write(f"{wrong}\t{right}\n")
    write_real_word_errors()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
