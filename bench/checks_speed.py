"""How fast the check library is, on one core, with a 50,000-word sensitive-word lexicon.

    .venv/bin/python bench/checks_speed.py [--codes secrecy,sensitive,pii] [--size-mb 10] [--csc FILE.jsonl[,FILE…]]

Everything it reads is generated here (word list and government-style text), nothing from outside, unless
--csc names spelling-check data sets whose clean sentences are checked instead (each distinct sentence once).
Prints: whole-engine throughput, bare lexicon-scan throughput and the engine's share of it, the time for one
5,000-character article (median), and start-up time (import + Engine + first check in a fresh process), with
the typo checker's disk cache and without it.
Targets: engine ≥ 5 MB/s, article ≤ 10 ms, start-up ≤ 1 s. MB are megabytes of UTF-8 text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sanshen.checks import Engine, EngineConfig  # noqa: E402
from sanshen.checks.lexicon import Lexicon, LexiconEntry  # noqa: E402
from sanshen.checks.normalize import normalize  # noqa: E402
from sanshen.checks.registry import CHECKERS, load_checker_class  # noqa: E402

TARGET_MB_S = 5.0
TARGET_ARTICLE_MS = 10.0
TARGET_STARTUP_S = 1.0

# Characters common in government writing, for synthetic words that look like real ones.
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处府研质村乡镇县市省街道委办局厅保障改革服务群众安全环境治理推进落实加强完善健全规范"
)
PLACES = ["城关镇", "东湖乡", "白沙镇", "青山街道", "南屿镇", "上街镇", "竹岐乡", "廷坪乡", "洋里乡", "鸿尾乡"]
DEPARTMENTS = ["县人民政府办公室", "县发展和改革局", "县教育局", "县财政局", "县农业农村局", "县卫生健康局", "县应急管理局"]
TOPICS = ["安全生产", "春耕生产", "乡村振兴", "防汛抗旱", "营商环境", "城乡环境整治", "森林防火", "食品安全", "政务公开"]
NAMES = ["王建国", "李明华", "陈志强", "林晓东", "张秀英", "黄海燕", "刘德明", "吴文斌"]
SENTENCES = [
    "{month}月{day}日，{dept}召开{topic}工作推进会，{name}出席会议并讲话。",
    "会议指出，要深入贯彻落实党中央、国务院关于{topic}的决策部署，切实增强责任感和紧迫感。",
    "会议强调，各乡镇、各部门要压实属地责任，加强协调配合，确保{topic}各项任务落到实处。",
    "截至{month}月底，全县累计完成投资{amount}万元，同比增长{percent}%，完成年度计划的{percent}%。",
    "{place}聚焦{topic}，组织开展专项检查{count}次，发现并整改问题{count}个。",
    "下一步，{place}将持续加大工作力度，健全长效机制，推动{topic}工作提质增效。",
    "据了解，今年以来{dept}共受理群众诉求{count}件，办结率达{percent}%，群众满意度持续提升。",
    "联系人：{name}，联系电话：0591-{landline}，手机{mobile}。",
    "各单位要于{month}月{day}日前将材料报送至{dept}，逾期不报的，视为放弃。",
    "{place}严格落实“三审三校”制度，坚持先审后发，确保信息发布准确无误。",
    "本次活动共吸引群众{count}余人次参与，发放宣传资料{count}份，现场解答群众咨询{count}条。",
    "统一社会信用代码：91350100M000100Y43，法定代表人：{name}。",
]


HOSTILE = {
    "one rare character": "壹" * 20_000,
    "capital numerals with no unit": "壹贰叁肆" * 5_000,
    "house numbers with no full stop": "路1号" * 5_000,
    # Each read its sentence back from every match before they were held to 200 characters (7.5 s for these).
    "even splits with no full stop": "资金300万元，平均分配到5个镇，每镇80万元，" * 1_500,
    "named shares with no full stop": "优良天数177天，优良天数比例为98.9%，" * 1_500,
    "rankings with no full stop": "三江镇完成38户，敦寨镇完成45户，启蒙镇最多，" * 1_500,
    # Each 百分制 read the 80 lines after it before a statement inside lines already read was skipped (0.67 s).
    "scored items each saying 百分制": "考核实行百分制\n" + "（一）组织建设（15分）百分制\n" * 3_000,
    # Each part added up all before it (11.5 s before a 其中 list was held to 40 parts).
    "a 其中 list of 12,000 parts": "共有项目100000000个，其中" + "产业项目1个，" * 12_000,
    # Each name read its whole sentence back for a date, and all other names (45 s for 40,000 characters).
    "a plenum named again and again": "党的二十届四中全会，" * 4_000,
    "两会 sessions with no full stop": "十四届全国人大二次会议和全国政协十四届二次会议，" * 1_700,
    # Each total read its sentence from the start for its parts (3.4 s for 40,000 characters).
    "totals with no full stop": "补贴资金共计1953万元，" * 3_000,
    # A sentence's corrections were each compared with all chosen before (9.5 s), misspelt formulations with all others
    # (3.7 s for 40,000 characters).
    "typo candidates with no full stop": "文斗、魁胆，" * 6_600,
    "misspelt formulations with no full stop": "深刻领悟“两个确定”，" * 3_600,
    # Each typo finding was checked against all before it (3.9 s and 2.2 s for 80,000 characters).
    "four-character slips with no full stop": "有线责任" * 20_000,
    "公文 pairs with no full stop": "予以公式" * 20_000,
    # Each window a half written as another word of the same reading (练习电话), and a township one character off.
    "halves of four-character words with no full stop": "练习电话办理实现" * 10_000,
    "townships one character off with no full stop": "锦屏县" + "敦赛镇、启萌镇、" * 5_000,
}


def synthetic_lexicon(size: int, rng: random.Random) -> Lexicon:
    words = set()
    while len(words) < size:
        # Three to six characters: random two-character words would hit common words like 工作 everywhere.
        words.add("".join(rng.choice(COMMON) for _ in range(rng.randint(3, 6))))
    entries = [LexiconEntry(w, rng.choice(["政治", "赌博", "低俗", "其他"]), rng.randint(1, 3)) for w in sorted(words)]
    return Lexicon(entries, name="合成词库")


def government_text(size_bytes: int, rng: random.Random) -> list[str]:
    """Articles of about 5,000 characters each until the total reaches `size_bytes` of UTF-8."""
    articles, total = [], 0
    while total < size_bytes:
        parts, length = [], 0
        while length < 5000:
            sentence = rng.choice(SENTENCES).format(
                month=rng.randint(1, 12),
                day=rng.randint(1, 28),
                dept=rng.choice(DEPARTMENTS),
                topic=rng.choice(TOPICS),
                name=rng.choice(NAMES),
                place=rng.choice(PLACES),
                amount=rng.randint(100, 99999),
                percent=rng.randint(1, 99),
                count=rng.randint(2, 500),
                landline=rng.randint(22000000, 89999999),
                mobile=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
            )
            parts.append(sentence)
            length += len(sentence)
            if rng.random() < 0.15:
                parts.append("\n　　")
        article = "".join(parts)
        articles.append(article)
        total += len(article.encode("utf-8"))
    return articles


def csc_articles(paths: str, size_bytes: int) -> list[str]:
    """The `tgt` sentences of CSC .jsonl files (comma-separated paths), each distinct sentence once, joined with 。
    into articles of about 5,000 characters. The data sets repeat many sentences (ECSpell's 公文 file a good half):
    checked twice, a sentence costs the typo checker nothing the second time in an article."""
    sentences = []
    for path in paths.split(","):
        sentences += [json.loads(line)["tgt"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
    sentences = list(dict.fromkeys(sentences))
    articles, parts, length, total = [], [], 0, 0
    for sentence in sentences:
        parts.append(sentence.rstrip("。") + "。")
        length += len(parts[-1])
        if length >= 5000:
            articles.append("".join(parts))
            total += len(articles[-1].encode("utf-8"))
            parts, length = [], 0
            if total >= size_bytes:
                return articles
    if parts:
        articles.append("".join(parts))
    return articles


def importable_codes() -> tuple[list[str], list[str]]:
    found, missing = [], []
    for code, path in CHECKERS.items():
        try:
            load_checker_class(path)
            found.append(code)
        except ImportError:
            missing.append(code)
    return found, missing


def startup_seconds(codes: list[str], lexicon_file: str | None, cached: bool = True) -> float:
    """Import + Engine() + first check, in a fresh interpreter, in CPU seconds; the best of three. `cached`: with the
    typo checker's disk cache where it usually is (the first run writes it if missing); else each run starts with an
    empty cache folder, as the first start after an install or a change of the word lists does."""
    options = f"{{'sensitive': {{'lexicon': {lexicon_file!r}}}}}" if lexicon_file and "sensitive" in codes else "{}"
    code = (
        "import time; t = time.process_time()\n"
        "from sanshen.checks import Engine, EngineConfig\n"
        f"e = Engine(EngineConfig(checkers={options}), codes={codes!r})\n"
        "e.check('联系人手机13812345678，本文件为机密★5年。')\n"
        "print(time.process_time() - t)\n"
    )
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as empty:
            env = os.environ if cached else {**os.environ, "SANSHEN_CACHE_DIR": empty}
            result = subprocess.run(
                [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
            )
        runs.append(float(result.stdout.strip()))
    return min(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", help="checker codes to run, comma-separated (default: every one that imports)")
    parser.add_argument("--size-mb", type=float, default=10.0, help="megabytes of text to check (default 10)")
    parser.add_argument("--lexicon-size", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--per-checker", action="store_true", help="also time each checker alone on 1 MB")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the whole text (default 3)")
    parser.add_argument(
        "--csc",
        metavar="FILE.jsonl[,FILE…]",
        help="check the clean sentences (tgt) of CSC data sets instead of generated text: real writing, which "
        "repeats itself far less than the generated articles (measurement only; up to --size-mb)",
    )
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    available, missing = importable_codes()
    codes = args.codes.split(",") if args.codes else available
    print(f"checkers: {', '.join(codes)}" + (f"   (not importable yet: {', '.join(missing)})" if missing else ""))

    rng = random.Random(args.seed)
    t = time.perf_counter()
    lexicon = synthetic_lexicon(args.lexicon_size, rng)
    print(f"lexicon: {len(lexicon):,} words compiled in {time.perf_counter() - t:.2f} s")
    if args.csc:
        articles = csc_articles(args.csc, int(args.size_mb * 1_000_000))
    else:
        articles = government_text(int(args.size_mb * 1_000_000), rng)
    # A few lexicon words in the text, so the scan has hits to resolve.
    words = [e.word for e in lexicon.entries[:200]]
    articles = [a[:2500] + rng.choice(words) + a[2500:] for a in articles]
    megabytes = sum(len(a.encode("utf-8")) for a in articles) / 1_000_000
    print(f"text: {len(articles)} articles, {sum(map(len, articles)):,} characters, {megabytes:.1f} MB")

    config = EngineConfig(checkers={"sensitive": {"lexicon": lexicon}} if "sensitive" in codes else {})
    engine = Engine(config, codes=codes)

    # CPU time next to wall time: on a shared machine the wall clock also counts other people's work. Even CPU time
    # swings by a third there (caches and memory are shared), so the whole text is checked several times and the
    # best and the median pass are both printed; each pass is a fresh start for the engine's per-call memo.
    passes = []
    for _ in range(args.repeat):
        t, cpu = time.perf_counter(), time.process_time()
        findings = sum(len(engine.check(a)) for a in articles)
        passes.append((time.perf_counter() - t, time.process_time() - cpu))
    engine_s, engine_cpu = min(passes, key=lambda p: p[1])
    median_cpu = statistics.median(cpu for _, cpu in passes)
    print(
        f"engine: {megabytes / engine_s:.1f} MB/s wall, {megabytes / engine_cpu:.1f} MB/s CPU, best of {len(passes)} "
        f"passes (median {megabytes / median_cpu:.1f} MB/s CPU; {engine_s:.2f} s, {findings:,} findings)  "
        f"target ≥ {TARGET_MB_S}"
    )

    if args.per_checker:
        sample, size = [], 0
        for a in articles:
            if size >= 1_000_000:
                break
            sample.append(a)
            size += len(a.encode("utf-8"))
        for code in codes:
            options = {code: config.checkers[code]} if code in config.checkers else {}
            alone = Engine(EngineConfig(checkers=options), codes=[code])
            alone.check(sample[0])  # tables some checkers build on their first text (start-up, measured below)
            cpu = time.process_time()
            for a in sample:
                alone.check(a)
            print(f"  {code}: {size / 1_000_000 / (time.process_time() - cpu):.1f} MB/s CPU alone")

    cpu = time.process_time()
    hits = sum(len(lexicon.find(a)) for a in articles)
    scan_s = time.process_time() - cpu
    print(f"lexicon scan (normalise + match): {megabytes / scan_s:.1f} MB/s CPU ({hits:,} hits)")
    folded = [normalize(a).text for a in articles]
    automaton = lexicon._automaton
    cpu = time.process_time()
    for text in folded:
        automaton.find_matches_as_indexes(text, overlapping=True)
    raw_s = time.process_time() - cpu
    print(
        f"lexicon scan (automaton only): {megabytes / raw_s:.1f} MB/s CPU; "
        f"the whole engine runs at {raw_s / engine_cpu:.1%} of that speed"
    )

    article = articles[0][:5000]
    runs = []
    for _ in range(21):
        t, cpu = time.perf_counter(), time.process_time()
        engine.check(article)
        runs.append((time.perf_counter() - t, time.process_time() - cpu))
    wall_ms = statistics.median(w for w, _ in runs) * 1000
    cpu_ms = statistics.median(c for _, c in runs) * 1000
    target = f"target ≤ {TARGET_ARTICLE_MS:.0f}"
    print(f"5,000-character article: {wall_ms:.1f} ms wall, {cpu_ms:.1f} ms CPU (median of 21)  {target}")

    # Hostile text: what a body of one character, or of house numbers, costs (each once quadratic in its length).
    for name, text in HOSTILE.items():
        cpu = time.process_time()
        engine.check(text)
        print(f"hostile text, {name} ({len(text):,} characters): {time.process_time() - cpu:.2f} s CPU")

    startup = startup_seconds(codes, None)
    print(f"start-up (import + Engine + first check): {startup:.2f} s CPU  target ≤ {TARGET_STARTUP_S:.0f}")
    print(f"first start-up (no disk cache yet: builds and writes it): {startup_seconds(codes, None, False):.2f} s CPU")
    if "sensitive" in codes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "lexicon.txt"
            path.write_text("\n".join(f"{e.word},{e.category},{e.level}" for e in lexicon.entries), encoding="utf-8")
            print(f"start-up with the 50,000-word lexicon file: {startup_seconds(codes, str(path)):.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
