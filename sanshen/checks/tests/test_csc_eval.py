import json
import random

import pytest

from sanshen.checks import csc_eval
from sanshen.checks.finding import Finding

ROWS = [
    # fixed by typo: detection and correction hits
    ("热列欢迎各位来宾", "热烈欢迎各位来宾"),
    # fixed by fixed_phrase
    ("坚决打好扫黑险恶专项斗争", "坚决打好扫黑除恶专项斗争"),
    # one of two errors fixed: changed, but neither hit
    ("热列欢迎各位来宾", "热烈欢迎各位嘉宾"),
    # a clean sentence changed: a false positive
    ("请按装说明书操作", "请按装说明书操作"),
    # a clean sentence left alone
    ("今天天气很好。", "今天天气很好。"),
    # an error nobody finds
    ("今天天气很坏。", "今天天气很好。"),
    # src and tgt of different lengths: skipped
    ("今天天气好", "今天的天气好"),
    # suggestions of another length (新中国成立75周年) or deletions (亲自) are not corrections
    ("庆祝建国75周年，县长亲自部署", "庆祝建国75周年，县长亲自部署"),
    # fixed by session (界 for 届) and by ethnic (桐 for 侗)
    ("学习贯彻党的二十界三中全会精神", "学习贯彻党的二十届三中全会精神"),
    ("黔东南苗族桐族自治州锦屏县", "黔东南苗族侗族自治州锦屏县"),
]


def write_rows(tmp_path, rows):
    path = tmp_path / "tiny.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "src": s, "tgt": t}, ensure_ascii=False) for i, (s, t) in enumerate(rows)) + "\n",
        encoding="utf-8",
    )
    return path


def test_it_scores_sentences_as_the_readme_defines(tmp_path, capsys):
    path = write_rows(tmp_path, ROWS)
    assert csc_eval.main([str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sentences"] == 10
    assert result["checkers"] == ["typo", "fixed_phrase", "session", "ethnic"]
    assert result["counts"] == {
        "gold_positive": 6,
        "clean": 3,
        "predicted_positive": 6,
        "false_positive": 1,
        "skipped_unaligned": 1,
    }
    # detection: 4 hits of 6 changed sentences and of 6 erroneous ones
    assert result["detection"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "hits": 4}
    assert result["correction"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "hits": 4}
    assert result["false_positive_rate"] == 0.3333
    assert result["seconds"] >= 0


def test_it_runs_only_the_named_checkers(tmp_path, capsys):
    path = write_rows(tmp_path, ROWS[:2])
    assert csc_eval.main([str(path), "--only", "fixed_phrase"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["checkers"] == ["fixed_phrase"]
    assert result["detection"]["hits"] == 1
    assert result["counts"]["predicted_positive"] == 1


def test_it_refuses_checkers_that_are_not_typo_checkers(tmp_path):
    path = write_rows(tmp_path, ROWS[:1])
    with pytest.raises(SystemExit):
        csc_eval.main([str(path), "--only", "pii"])


def test_it_reports_a_missing_file(tmp_path, capsys):
    assert csc_eval.main([str(tmp_path / "none.jsonl")]) == 2
    assert "无法读取" in capsys.readouterr().err


def test_it_reports_a_malformed_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"src": "只有原句"}\n', encoding="utf-8")
    assert csc_eval.main([str(path)]) == 2
    assert "格式有误" in capsys.readouterr().err


def _finding(start, end, suggestion):
    return Finding("typo.common", "typo", 8, "warn", start, end, "x" * (end - start), "", suggestion=suggestion)


@pytest.mark.parametrize(
    "findings, expected",
    [
        ([_finding(1, 2, "烈")], "热烈欢迎"),
        ([_finding(0, 4, "热烈欢迎")], "热烈欢迎"),
        # another length, or no suggestion: not a correction
        ([_finding(1, 2, "烈烈")], "热列欢迎"),
        ([_finding(1, 2, "")], "热列欢迎"),
        # overlapping suggestions: the first one wins
        ([_finding(0, 2, "热烈"), _finding(1, 3, "裂欢")], "热烈欢迎"),
    ],
)
def test_it_applies_same_length_suggestions(findings, expected):
    assert csc_eval.apply_corrections("热列欢迎", findings) == expected


def test_it_scores_hints_apart_from_what_the_checkers_assert(tmp_path, capsys):
    # 提搞 → 提高 is only a hint here: the sentence has another near-miss (淡味 for 单位) left alone
    rows = [
        ("全县各级淡味要高度重视，村民的生活水平不断提搞。", "全县各级淡味要高度重视，村民的生活水平不断提高。"),
        ("热列欢迎各位来宾", "热烈欢迎各位来宾"),
    ]
    assert csc_eval.main([str(write_rows(tmp_path, rows))]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["counts"]["predicted_positive"] == 1
    assert result["detection"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "hits": 1}
    assert result["with_hints"]["counts"]["predicted_positive"] == 2
    assert result["with_hints"]["detection"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "hits": 2}
    assert result["with_hints"]["correction"]["hits"] == 2


def test_it_measures_speed_on_composed_official_text(capsys):
    assert csc_eval.main(["--speed", "--megabytes", "0.02", "--only", "fixed_phrase"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["checkers"] == ["fixed_phrase"]
    assert result["article_chars"] == 5000
    assert result["article_runs"] == 20
    assert result["article_ms_median"] > 0
    assert result["article_cpu_ms_median"] > 0
    assert result["megabytes"] >= 0.02
    assert result["throughput_mb_s"] > 0
    assert result["findings"] == 0


@pytest.mark.parametrize("argv", [[], ["--speed", "data.jsonl"]])
def test_it_wants_either_a_file_or_speed(argv):
    with pytest.raises(SystemExit):
        csc_eval.main(argv)


def test_it_composes_official_articles_of_the_asked_length():
    first = csc_eval.official_article(random.Random(1))
    assert len(first) == 5000
    assert first == csc_eval.official_article(random.Random(1))
    assert first != csc_eval.official_article(random.Random(2))
    assert "{" not in first


def test_it_scores_an_even_sample(tmp_path, capsys):
    # 8 rows, a sample of 4: rows 0, 2, 4 and 6 (热列欢迎 fixed, 热列欢迎 half-fixed, 今天天气很好 clean, 今天天气好 unaligned)
    path = write_rows(tmp_path, ROWS[:8])
    assert csc_eval.main([str(path), "--sample", "4"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sentences"] == 4
    assert result["sampled_from"] == 8
    assert result["counts"] == {
        "gold_positive": 2,
        "clean": 1,
        "predicted_positive": 2,
        "false_positive": 0,
        "skipped_unaligned": 1,
    }
    assert csc_eval.sample_lines(list("abcdefgh"), 3) == ["a", "c", "f"]


def test_it_refuses_a_negative_sample(tmp_path, capsys):
    path = write_rows(tmp_path, ROWS)
    with pytest.raises(SystemExit):
        csc_eval.main([str(path), "--sample", "-1"])
    assert "--sample 须为正整数" in capsys.readouterr().err
