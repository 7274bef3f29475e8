"""`sanshen csc-eval FILE.jsonl`: measures the typo checkers on a Chinese spelling-check data set.

Each line is {"src": sentence as written, "tgt": corrected sentence}. The checkers' suggestions are applied to `src`
(only same-length replacements count as corrections) and the result is scored at sentence level, as ReaLiSe's
metric_core.py does:

- predicted positive: the sentence was changed; gold positive: src != tgt;
- detection hit: a changed sentence whose set of changed positions equals the gold set; correction hit: output == tgt;
- false-positive rate: share of clean sentences (src == tgt) that were changed.

One JSON object is printed. No Django and no database are needed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

from .context import CheckContext
from .engine import Engine
from .finding import Finding

TYPO_CHECKERS = ("typo", "fixed_phrase")


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
    counts = Counts()
    context = CheckContext()
    started = time.perf_counter()
    chars = 0
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        src, tgt = row["src"], row["tgt"]
        chars += len(src)
        counts.add(src, tgt, apply_corrections(src, engine.check(src, context)))
    seconds = time.perf_counter() - started
    out = report(counts)
    out["seconds"] = round(seconds, 3)
    out["ms_per_1000_chars"] = round(1000 * seconds / chars * 1000, 3) if chars else 0.0
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanshen csc-eval", description="错别字检查的句级评测（CSC 数据集）")
    parser.add_argument("file", help="JSON lines with src and tgt")
    parser.add_argument("--only", default=",".join(TYPO_CHECKERS), help="checker codes, comma-separated")
    args = parser.parse_args(argv)
    codes = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in codes if c not in TYPO_CHECKERS]
    if unknown:
        parser.error(f"只能评测错别字类检查项 {', '.join(TYPO_CHECKERS)}，不认识: {', '.join(unknown)}")
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
    try:
        result.update(evaluate(lines, engine))
    except (ValueError, KeyError) as exc:
        print(f"{args.file} 格式有误: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0
