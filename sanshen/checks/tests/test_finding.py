import dataclasses

import pytest

from sanshen.checks.finding import Finding


def make(**changes):
    fields = dict(rule="pii.phone", category="pii_phone", standard=6, severity="serious", start=2, end=13)
    return Finding(**{**fields, "text": "1" * 11, "message": "m", **changes})


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"category": "nonsense"}, "Invalid category: 'nonsense'"),
        ({"severity": "fatal"}, "Invalid severity: 'fatal'"),
        ({"standard": 9}, "Invalid standard: 9"),
        ({"start": -1}, "Invalid offsets: -1..13"),
        ({"start": 14}, "Invalid offsets: 14..13"),
    ],
)
def test_it_refuses_invalid_values(changes, error):
    with pytest.raises(ValueError, match=f"^{error}$"):
        make(**changes)


def test_it_keeps_every_field_and_stays_frozen():
    f = Finding("punctuation.title_period", "punctuation", 8, "warn", 0, 1, "。", "标题", "", "src", {"field": "title"})
    assert (f.rule, f.category, f.standard, f.severity) == ("punctuation.title_period", "punctuation", 8, "warn")
    assert (f.start, f.end) == (0, 1)
    assert (f.text, f.message, f.suggestion, f.source, f.location) == ("。", "标题", "", "src", {"field": "title"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 3


def test_location_defaults_to_its_own_empty_dict_and_takes_no_part_in_equality():
    a, b = make(), make()
    assert a.location == {} and a.location is not b.location
    assert make(location={"page": 2}) == a and hash(make(location={"page": 2})) == hash(a)
    assert make(suggestion="x") != a


def test_replace_and_dicts_round_trip():
    f = make(suggestion="138****1111", location={"page": 2})
    assert dataclasses.replace(f, start=3).start == 3
    assert f.to_dict()["page"] == 2 and "location" not in f.to_dict()
    assert Finding.from_dict(f.to_dict()) == f and Finding.from_dict(f.to_dict()).location == {"page": 2}
    assert f.shifted(10, file="a.docx").location == {"page": 2, "file": "a.docx"}
