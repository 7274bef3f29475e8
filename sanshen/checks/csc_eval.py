"""`sanshen csc-eval FILE.jsonl`: measures the typo checkers on a Chinese spelling-check data set;
`sanshen csc-eval --speed`: measures how fast they check official writing.

Each line is {"src": sentence as written, "tgt": corrected sentence}. The checkers' suggestions are applied to `src`
(only same-length replacements count as corrections) and the result is scored at sentence level, as ReaLiSe's
metric_core.py does:

- predicted positive: the sentence was changed; gold positive: src != tgt;
- detection hit: a changed sentence whose set of changed positions equals the gold set; correction hit: output == tgt;
- false-positive rate: share of clean sentences (src == tgt) that were changed.

The main figures count what the checkers assert: findings of severity warn and above. Hints (info: a correction in
a sentence with other doubtful spots) are scored separately under "with_hints", as if every suggestion were taken.

With --speed the checkers run on 公文-like text composed here from varied sentences (numbers, places, departments
filled in at random): the median time for a 5,000-character article over 20 different articles, and the throughput
on about 1 MB of such text, single-threaded.

One JSON object is printed. No Django and no database are needed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass

from .context import CheckContext
from .engine import Engine
from .finding import Finding

# The checkers that correct characters: misspellings, formulations, session names (界 for 届) and the names of ethnic
# groups and autonomous areas (桐族 for 侗族).
TYPO_CHECKERS = ("typo", "fixed_phrase", "session", "ethnic")


@dataclass
class Counts:
    sentences: int = 0
    skipped: int = 0  # src and tgt of different lengths: no position-wise gold
    gold_positive: int = 0
    clean: int = 0
    predicted_positive: int = 0
    false_positive: int = 0
    detection_hits: int = 0
    correction_hits: int = 0

    def add(self, src: str, tgt: str, predicted: str) -> None:
        self.sentences += 1
        if len(src) != len(tgt):
            self.skipped += 1
            return
        gold = changed_positions(src, tgt)
        changed = changed_positions(src, predicted)
        if gold:
            self.gold_positive += 1
        else:
            self.clean += 1
        if changed:
            self.predicted_positive += 1
            if not gold:
                self.false_positive += 1
            if changed == gold:
                self.detection_hits += 1
            if predicted == tgt:
                self.correction_hits += 1


def changed_positions(a: str, b: str) -> set[int]:
    return {i for i, (x, y) in enumerate(zip(a, b)) if x != y}


def apply_corrections(text: str, findings: list[Finding]) -> str:
    """`text` with every same-length suggestion applied; overlapping findings after the first are dropped."""
    chars = list(text)
    taken = [False] * len(text)
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if not f.suggestion or len(f.suggestion) != f.end - f.start or any(taken[f.start : f.end]):
            continue
        chars[f.start : f.end] = f.suggestion
        taken[f.start : f.end] = [True] * (f.end - f.start)
    return "".join(chars)


def sample_lines(lines: list[str], n: int) -> list[str]:
    """`n` of `lines`, spread evenly (the same ones every run): a bounded run that still sees the whole file."""
    return [lines[i * len(lines) // n] for i in range(n)]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def report(counts: Counts) -> dict:
    out = {"sentences": counts.sentences}
    for name, hits in (("detection", counts.detection_hits), ("correction", counts.correction_hits)):
        p = _ratio(hits, counts.predicted_positive)
        r = _ratio(hits, counts.gold_positive)
        out[name] = {"precision": p, "recall": r, "f1": _f1(p, r), "hits": hits}
    out["false_positive_rate"] = _ratio(counts.false_positive, counts.clean)
    out["counts"] = {
        "gold_positive": counts.gold_positive,
        "clean": counts.clean,
        "predicted_positive": counts.predicted_positive,
        "false_positive": counts.false_positive,
        "skipped_unaligned": counts.skipped,
    }
    return out


def evaluate(lines, engine: Engine) -> dict:
    asserted, with_hints = Counts(), Counts()
    context = CheckContext()
    started = time.perf_counter()
    chars = 0
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        src, tgt = row["src"], row["tgt"]
        chars += len(src)
        findings = engine.check(src, context)
        asserted.add(src, tgt, apply_corrections(src, [f for f in findings if f.severity != "info"]))
        with_hints.add(src, tgt, apply_corrections(src, findings))
    seconds = time.perf_counter() - started
    out = report(asserted)
    out["with_hints"] = report(with_hints)
    del out["with_hints"]["sentences"]
    out["seconds"] = round(seconds, 3)
    out["ms_per_1000_chars"] = round(1000 * seconds / chars * 1000, 3) if chars else 0.0
    return out


# Sentences of the kinds a county website publishes (written for sanshen); {fields} vary from sentence to sentence.
OFFICIAL_SENTENCES = (
    "{month}月{day}日，{dept}召开{topic}工作推进会，传达学习上级有关会议精神，分析当前形势，安排部署下一阶段重点任务。"
    "{name}出席会议并讲话。",
    "会议指出，{topic}事关人民群众切身利益，事关经济社会发展大局，各级各部门必须提高政治站位，切实增强责任感和紧迫感，"
    "把各项工作抓实抓细。",
    "会议强调，要坚持问题导向和目标导向相结合，聚焦群众反映强烈的突出问题，建立问题清单、任务清单和责任清单，"
    "实行销号管理，确保按期整改到位。",
    "截至{month}月底，全县累计完成固定资产投资{amount}万元，同比增长{percent}%，其中工业投资增长{percent}%，"
    "民间投资占比进一步提高。",
    "{place}结合实际，组织开展{topic}专项检查{count}次，出动检查人员{count}人次，发现并督促整改各类隐患{count}处，"
    "立案查处违法行为{count}起。",
    "下一步，{place}将持续加大工作力度，进一步健全长效机制，强化部门联动和信息共享，推动{topic}工作提质增效，"
    "不断提升群众的获得感、幸福感和安全感。",
    "今年以来，{dept}共受理群众来信来访和热线诉求{count}件，按期办结率达{percent}%，群众满意率持续保持在较高水平。",
    "各乡镇人民政府、县直各有关单位要高度重视，明确分管领导和具体经办人员，于{month}月{day}日前将工作总结和统计报表"
    "报送至{dept}。逾期未报的，将予以通报。",
    "为深入贯彻落实党中央、国务院和省委、省政府关于{topic}的决策部署，进一步规范工作流程，提高服务质量和效率，"
    "结合我县实际，制定本实施方案。",
    "坚持以人民为中心的发展思想，坚持统筹发展和安全，坚持系统观念，着力补短板、强弱项、固底板，"
    "推动全县经济社会持续健康发展。",
    "到{year}年，全县基本建成布局合理、功能完善、运行高效的公共服务体系，城乡居民人均可支配收入年均增长{percent}%以上，"
    "生态环境质量持续改善。",
    "县财政安排专项资金{amount}万元，重点支持农村道路、饮水安全、垃圾污水处理等基础设施建设，惠及群众{count}余户。",
    "各地要加强组织领导，成立由主要负责同志任组长的工作专班，定期研究解决工作中遇到的困难和问题，"
    "形成一级抓一级、层层抓落实的工作格局。",
    "要加大宣传引导力度，充分利用广播电视、政府网站和政务新媒体等渠道，及时发布权威信息，回应社会关切，"
    "营造全社会共同参与的良好氛围。",
    "县纪委监委将把{topic}工作纳入日常监督重点，对工作不力、敷衍塞责、弄虚作假的单位和个人，依规依纪严肃追责问责。",
    "{place}党委坚持把发展特色产业作为乡村振兴的重要抓手，因地制宜发展茶叶、油茶、食用菌和中药材种植，"
    "带动{count}户农户增收致富。",
    "据统计，全县共有规模以上工业企业{count}家，高新技术企业{count}家，{month}月份规模以上工业增加值同比增长{percent}%。",
    "学校、医院、商场、车站等人员密集场所要落实消防安全主体责任，定期开展隐患排查和应急演练，"
    "确保疏散通道畅通、消防设施完好有效。",
    "本通知自印发之日起施行，有效期五年。此前发布的有关规定与本通知不一致的，以本通知为准。"
    "执行中遇到的问题，请及时向县人民政府办公室反映。",
    "联系人：{name}，联系电话：0591-{landline}，电子邮箱：zwgk{count}@example.gov.cn。",
    "在深入调研的基础上，县委、县政府研究出台了支持民营经济发展的若干措施，从降低经营成本、缓解融资难题、"
    "优化审批服务等方面推出{count}条具体举措。",
    "近年来，我县持续深化“放管服”改革，推行“一件事一次办”，企业开办时间压缩至{count}个工作日以内，"
    "政务服务事项网上可办率达到{percent}%。",
    "防汛关键期，各级领导干部要坚守岗位、靠前指挥，严格执行二十四小时值班和领导带班制度，遇有重大险情必须第一时间报告，"
    "不得迟报、漏报、瞒报。",
    "{name}同志要求，要认真总结经验，查找短板不足，以更加务实的作风、更加有力的举措，确保全年目标任务圆满完成。",
)
PLACES = ("城关镇", "东湖乡", "白沙镇", "青山街道", "南屿镇", "上街镇", "竹岐乡", "廷坪乡", "洋里乡", "鸿尾乡", "凤山镇", "梅溪镇")
DEPARTMENTS = (
    "县人民政府办公室", "县发展和改革局", "县教育局", "县财政局", "县农业农村局", "县卫生健康局", "县应急管理局",
    "县市场监督管理局", "县住房和城乡建设局", "县生态环境局",
)
TOPICS = (
    "安全生产", "春耕生产", "乡村振兴", "防汛抗旱", "营商环境", "城乡环境整治", "森林防火", "食品安全", "政务公开",
    "耕地保护", "就业创业", "养老服务",
)
NAMES = ("王建国", "李明华", "陈志强", "林晓东", "张秀英", "黄海燕", "刘德明", "吴文斌", "郑丽君", "许国平")
ARTICLE_CHARS = 5000


def official_article(rng: random.Random, size: int = ARTICLE_CHARS) -> str:
    """About `size` characters of 公文-like text, paragraphs of varied sentences."""
    parts, length = [], 0
    while length < size:
        sentence = rng.choice(OFFICIAL_SENTENCES).format(
            month=rng.randint(1, 12),
            day=rng.randint(1, 28),
            dept=rng.choice(DEPARTMENTS),
            topic=rng.choice(TOPICS),
            name=rng.choice(NAMES),
            place=rng.choice(PLACES),
            amount=rng.randint(100, 99999),
            percent=rng.randint(1, 99),
            count=rng.randint(2, 500),
            year=rng.randint(2025, 2030),
            landline=rng.randint(22000000, 89999999),
        )
        parts.append(sentence + ("\n" if rng.random() < 0.25 else ""))
        length += len(parts[-1])
    return "".join(parts)[:size]


def measure_speed(engine: Engine, megabytes: float = 1.0, runs: int = 20, seed: int = 20240601) -> dict:
    rng = random.Random(seed)
    context = CheckContext()
    engine.check(official_article(rng), context)  # first call: lazy imports and caches outside the timing
    times, cpu_times = [], []
    for _ in range(runs):
        article = official_article(rng)
        started, cpu_started = time.perf_counter(), time.process_time()
        engine.check(article, context)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    articles, size = [], 0
    while size < megabytes * 1_000_000:
        articles.append(official_article(rng))
        size += len(articles[-1].encode("utf-8"))
    started = time.perf_counter()
    findings = sum(len(engine.check(a, context)) for a in articles)
    seconds = time.perf_counter() - started
    return {
        "article_chars": ARTICLE_CHARS,
        "article_ms_median": round(statistics.median(times) * 1000, 1),
        # CPU time of this process: what the wall time would be on a machine nobody else is using.
        "article_cpu_ms_median": round(statistics.median(cpu_times) * 1000, 1),
        "article_runs": runs,
        "megabytes": round(size / 1_000_000, 2),
        "throughput_mb_s": round(size / 1_000_000 / seconds, 3),
        "findings": findings,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanshen csc-eval", description="错别字检查的句级评测（CSC 数据集）与速度测量")
    parser.add_argument("file", nargs="?", help="JSON lines with src and tgt")
    parser.add_argument("--only", default=",".join(TYPO_CHECKERS), help="checker codes, comma-separated")
    parser.add_argument("--speed", action="store_true", help="measure speed on composed 公文-like text instead")
    parser.add_argument("--megabytes", type=float, default=1.0, help="text for the throughput figure (with --speed)")
    parser.add_argument(
        "--sample", type=int, default=0, metavar="N", help="score only N sentences, spread evenly over the file"
    )
    args = parser.parse_args(argv)
    codes = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in codes if c not in TYPO_CHECKERS]
    if unknown:
        parser.error(f"只能评测错别字类检查项 {', '.join(TYPO_CHECKERS)}，不认识: {', '.join(unknown)}")
    if bool(args.file) == args.speed:
        parser.error("需要给出评测文件，或者 --speed（二者取一）")
    if args.sample < 0:
        parser.error("--sample 须为正整数")
    lines = []
    if args.file:
        try:
            with open(args.file, encoding="utf-8") as f:
                lines = f.readlines()
        except OSError as exc:
            print(f"无法读取 {args.file}: {exc}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    engine = Engine(codes=codes)
    load_seconds = time.perf_counter() - started
    for checker in engine.checkers:
        if getattr(checker, "warning", ""):
            print(checker.warning, file=sys.stderr)
    result = {"file": args.file, "checkers": codes, "load_seconds": round(load_seconds, 3)}
    if args.speed:
        del result["file"]
        result.update(measure_speed(engine, args.megabytes))
        print(json.dumps(result, ensure_ascii=False))
        return 0
    lines = [line for line in lines if line.strip()]
    if args.sample and args.sample < len(lines):
        result["sampled_from"] = len(lines)
        lines = sample_lines(lines, args.sample)
    try:
        result.update(evaluate(lines, engine))
    except (ValueError, KeyError) as exc:
        print(f"{args.file} 格式有误: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0
