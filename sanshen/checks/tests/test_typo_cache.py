"""The typo checker's disk cache (typo_cache.py): a process that loads the tables and the compiled core from it
finds exactly what it would have found with them built, and a cache it cannot trust or write is no error."""

import os
import re
import subprocess
import sys
from array import array
from dataclasses import fields
from pathlib import Path

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers import typo, typo_cache, typo_tables
from sanshen.checks.checkers.typo import TypoChecker
from sanshen.checks.checkers.typo_tables import Tables
from sanshen.checks.lexicon import find_matches
from sanshen.checks.tests.test_typo import garbled_sentences

# Sentences with typos planted of every kind the checker reports, and clean ones beside them.
PLANTED = [
    "热列欢迎各位来宾",
    "全体干部再接再励",
    "我县大力发展大数局产业，推动数字经济。",
    "县联席悔意办公室设在县民政局。",
    "各级党组织和零导干部要带头落实。",
    "请各淡味于本周五前报送材料",
    "国家锐务总局发布通知",
    "各乡镇要认真做好防汛准被工作",
    "推进乡村兴战略",
    "要认真落落实各项任务",
    "要切实解决解决群众急难愁盼问题",
    "截止目前，全县共有企业300家",
    "要认真的落实各项政策",
    "近日，廷坪乡召开乡村振兴工作推进会",
    "县委书记李明华到隆里乡调研",
    "学习贯彻党的二十届三中全会精神",
]


@pytest.fixture(scope="module")
def built_tables():
    """The tables as read from the data files, never from a cache."""
    return typo_tables.build_tables()


@pytest.fixture
def written(tmp_path, monkeypatch):
    """An empty cache folder, and the names of the entries written to it, one per write."""
    # The process's own tables and core, loaded as usual before the folder changes (TypoChecker() takes them).
    typo_tables.load_tables()
    typo.load_core()
    monkeypatch.setenv("SANSHEN_CACHE_DIR", str(tmp_path / "cache"))
    names = []
    write = typo_cache.write

    def spy(name, key, value):
        names.append(name)
        write(name, key, value)

    monkeypatch.setattr(typo_cache, "write", spy)
    return names


def load_tables():
    """What load_tables() gives a new process: from the cache, or built and written to it."""
    return typo_tables.load_tables.__wrapped__()


def load_core(monkeypatch, tables):
    """What load_core() gives a new process whose tables are `tables`."""
    monkeypatch.setattr(typo, "load_tables", lambda: tables)
    return typo.load_core.__wrapped__()


def assert_same_tables(loaded, built):
    for field in fields(Tables):
        a, b = getattr(loaded, field.name), getattr(built, field.name)
        if field.name == "misspellings":
            text = "，".join(entry[0] for entry in built.misspelt)
            assert find_matches(a, text, overlapping=True) == find_matches(b, text, overlapping=True)
        elif isinstance(b, dict):
            # In the same order too: the core's lists are built in it.
            assert type(a) is dict and list(a.items()) == list(b.items()), field.name
        else:
            assert type(a) is type(b) and a == b, field.name


def comparable(state):
    """A core's dump() with each table's entries in key order: a loaded table may hold them in other slots."""
    out = dict(state)
    for name, value in state.items():
        if isinstance(value, tuple) and len(value) == 3:  # a FlatTable: (slots, keys, values)
            out[name] = (value[0], sorted(zip(array("Q", value[1]), array("i", value[2]))))
    return out


def checker_with(tables, core):
    checker = TypoChecker()
    checker.tables, checker.core = tables, core
    return checker


def test_it_loads_the_tables_it_built(written, built_tables):
    first = load_tables()
    second = load_tables()
    assert written == ["typo-tables"]  # built and written once, then loaded
    assert_same_tables(first, built_tables)
    assert_same_tables(second, built_tables)


def test_it_loads_the_core_it_built(written, built_tables, monkeypatch):
    built = load_core(monkeypatch, built_tables)
    loaded = load_core(monkeypatch, built_tables)
    assert written == ["typo-core"]
    assert comparable(loaded.dump()) == comparable(built.dump())


def test_a_core_from_the_cache_searches_as_a_built_one(written, built_tables, monkeypatch):
    built = load_core(monkeypatch, built_tables)
    loaded = load_core(monkeypatch, built_tables)
    assert written == ["typo-core"]
    runs = [s[:-1] for s in garbled_sentences(300, 21)]
    assert [loaded.candidates(r) for r in runs] == [built.candidates(r) for r in runs]
    assert sum(len(built.candidates(r)) for r in runs) > 1000
    assert [loaded.segment(r) for r in runs] == [built.segment(r) for r in runs]
    text = "".join(garbled_sentences(100, 22)) + "".join(PLANTED)

    def score(sentence, bos, eos):
        # Any scorer will do that depends on every character: both cores must ask it the same and keep the same.
        return -(sum(ord(c) * (i + 1) for i, c in enumerate(sentence)) % 1009) / 100

    scanned = built.scan(text, score, 1.0, 0.5, 0.5, 1.0)
    assert loaded.scan(text, score, 1.0, 0.5, 0.5, 1.0) == scanned and len(scanned) > 50
    assert loaded.repeats(text) == built.repeats(text)
    remnants = typo.load_missing_table().remnants
    built.index_remnants(remnants)
    loaded.index_remnants(remnants)
    assert loaded.gaps(text) == built.gaps(text)


def test_the_checker_reports_the_same_with_the_cache(written, built_tables, monkeypatch):
    built = checker_with(built_tables, load_core(monkeypatch, built_tables))
    typo_cache.path("typo-core").unlink()
    # As in a process after the first few: the core was built from tables loaded from the cache, and is loaded too.
    load_tables()
    tables = load_tables()
    load_core(monkeypatch, tables)
    cached = checker_with(tables, load_core(monkeypatch, tables))
    assert written == ["typo-core", "typo-tables", "typo-core"]
    texts = PLANTED + garbled_sentences(40, 23) + ["".join(garbled_sentences(150, 24))]
    reported = [built.check(text, CheckContext()) for text in texts]
    assert [cached.check(text, CheckContext()) for text in texts] == reported
    assert {f.rule for found in reported for f in found} >= {
        "typo.common", "typo.idiom", "typo.confusable", "typo.missing", "typo.extra", "typo.repeated", "typo.usage",
    }
    assert sum(map(len, reported)) > 40


def test_a_core_cached_by_another_process_finds_candidates_in_the_python_search_order(written, built_tables,
                                                                                     monkeypatch):
    # Another process hashes strings otherwise, so its sets iterate in another order: the lists of candidates the
    # core keeps must not follow it.
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    subprocess.run(
        [sys.executable, "-c", "from sanshen.checks.checkers import typo; typo.load_core()"],
        cwd=Path(typo.__file__).parents[3],
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=True,
    )
    core = load_core(monkeypatch, built_tables)
    assert written == []  # loaded from what the other process wrote
    python_only = TypoChecker(compiled=False)
    runs = [s[:-1] for s in garbled_sentences(150, 25)]
    assert [core.candidates(r) for r in runs] == [[tuple(c)[:5] for c in python_only._candidates(r, {})] for r in runs]


# -- a cache that cannot be trusted or written -------------------------------------------------------------------


def flip_a_byte(data):
    return data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        flip_a_byte,
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data + b"\0",
        lambda data: b"",
        lambda data: data.replace(typo_cache.FORMAT, b"sanshen typo cache 0\n"),
    ],
    ids=["flipped byte", "truncated", "trailing byte", "empty", "other format"],
)
def test_a_damaged_entry_is_built_again(written, built_tables, damage):
    load_tables()
    entry = typo_cache.path("typo-tables")
    entry.write_bytes(damage(entry.read_bytes()))
    assert_same_tables(load_tables(), built_tables)
    assert written == ["typo-tables", "typo-tables"]  # and written again, whole
    load_tables()
    assert written == ["typo-tables", "typo-tables"]


def test_an_entry_others_may_write_is_not_read(written, built_tables):
    # a good entry, but writable by the group: someone else could have put it there
    load_tables()
    entry = typo_cache.path("typo-tables")
    entry.chmod(0o664)
    assert typo_cache.read("typo-tables", typo_tables.tables_key()) is None
    entry.chmod(0o600)
    assert typo_cache.read("typo-tables", typo_tables.tables_key()) is not None


def test_an_entry_for_other_inputs_is_not_used(written, built_tables):
    # Tables of other data files, written under their own key where the present data's entry would be.
    state = typo_tables.tables_state(built_tables)
    state["word_freq"] = {**state["word_freq"], "数局": 10**6}
    typo_cache.write("typo-tables", "0" * 64, state)
    assert_same_tables(load_tables(), built_tables)
    assert written == ["typo-tables", "typo-tables"]


def test_a_state_that_does_not_load_is_built_again(written, built_tables):
    # A state with the right key and checksum that is not Tables' (a bug, never seen): built again, not a crash.
    typo_cache.write("typo-tables", typo_tables.tables_key(), {"word_freq": {}})
    assert_same_tables(load_tables(), built_tables)
    assert written == ["typo-tables", "typo-tables"]  # that state, then the tables built over it


@pytest.mark.parametrize(
    "part, bad",
    [
        ("meant", array("i", [1 << 30] * 0x10000).tobytes()),  # a character's list beyond the lists
        ("rare", b"\0" * 10),  # not one flag per character
        ("numerals", b"\0" * 10),
        ("logp_values", b"\0" * 7),  # not whole doubles
    ],
)
def test_the_core_refuses_an_inconsistent_state(written, built_tables, monkeypatch, part, bad):
    core = load_core(monkeypatch, built_tables)
    with pytest.raises(ValueError, match="Inconsistent"):
        type(core).load({**core.dump(), part: bad})


def test_the_core_refuses_a_table_value_beyond_its_lists(written, built_tables, monkeypatch):
    core = load_core(monkeypatch, built_tables)
    state = core.dump()
    slots, keys, values = state["by_mask"]
    values = array("i", values)
    values[0] = 1 << 30
    with pytest.raises(ValueError, match="Inconsistent"):
        type(core).load({**state, "by_mask": (slots, keys, values.tobytes())})


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch, built_tables):
    # A folder beneath a file cannot be made, not even by root (for whom a read-only folder is writable).
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("SANSHEN_CACHE_DIR", str(tmp_path / "file" / "cache"))
    assert_same_tables(load_tables(), built_tables)
    assert load_core(monkeypatch, built_tables) is not None


def test_it_leaves_no_temporary_file(written):
    load_tables()
    assert [p.name for p in typo_cache.cache_dir().iterdir()] == [typo_cache.path("typo-tables").name]


# -- the key and the folder ----------------------------------------------------------------------------------


def test_the_key_changes_with_any_input(tmp_path, monkeypatch):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("词\t1\n", encoding="utf-8")
    b.write_text("词\t2\n", encoding="utf-8")
    key = typo_cache.key([a, b], 1.0, "x")
    assert typo_cache.key([a, b], 1.0, "x") == key
    assert typo_cache.key([a, b], 2.0, "x") != key
    assert typo_cache.key([a, b], 1.0, "y") != key
    assert typo_cache.key([b, a], 1.0, "x") != key
    assert typo_cache.key([a], 1.0, "x") != key
    b.write_text("词\t3\n", encoding="utf-8")  # the same size and, as like as not, the same mtime
    assert typo_cache.key([a, b], 1.0, "x") != key
    b.write_text("词\t2\n", encoding="utf-8")
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert typo_cache.key([a, b], 1.0, "x") != key


def test_the_tables_key_covers_every_file_the_tables_are_read_from():
    # tables_key() takes the typo_* files of the data folder: every file typo_tables.py reads must be one of them.
    source = Path(typo_tables.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'"([\w.]+\.(?:tsv|txt|csv))"', source))
    assert read and all(name.startswith("typo_") for name in read)
    assert read <= {p.name for p in typo_tables.DATA_DIR.glob("typo_*")}


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"SANSHEN_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/xdg"}, "/srv/cache"),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/sanshen"),
        ({"XDG_CACHE_HOME": "relative"}, "/home/editor/.cache/sanshen"),  # the specification ignores it
        ({}, "/home/editor/.cache/sanshen"),
    ],
)
def test_the_cache_folder(monkeypatch, env, expected):
    monkeypatch.setenv("HOME", "/home/editor")
    for name in ("SANSHEN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert typo_cache.cache_dir() == Path(expected)
