"""The whole engine on clean county writing: 60 passages written for sanshen (data/clean_county_passages.jsonl:
乡镇动态, 通知公告, 招聘, 招标采购, 人事任免, 预决算, 民族文化 …, 15,000 characters with names of officials, villagers
and firms, office landlines, amounts and percentages). Each finding on them is a false alarm a clerk would have to
dismiss: before the 2026-12-07 fixes there were 20 (15 landline notes, 5 names "corrected")."""

import json
from pathlib import Path

import pytest

from sanshen.checks import CheckContext, Engine

PASSAGES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "clean_county_passages.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]

engine = Engine()


def test_the_passages_are_many_and_of_every_kind():
    assert len(PASSAGES) == 60
    assert {"乡镇动态", "部门动态", "通知公告", "招聘公告", "招标采购", "人事任免", "预决算", "民族文化"} <= {
        p["kind"] for p in PASSAGES
    }


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda p: p["text"][:12])
def test_clean_county_writing_gets_no_finding(passage):
    text = passage["text"]
    assert [(f.rule, f.text, f.suggestion) for f in engine.check(text, CheckContext())] == []
