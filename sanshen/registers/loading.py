"""The deployment's registers as the check library wants them (CheckContext.registers), rebuilt only on change."""

from __future__ import annotations

import threading

from django.conf import settings

from sanshen.checks.lexicon import Lexicon, LexiconEntry

from .models import FallenOfficial, Leader, QualifiedSource, RegisterVersion, SensitiveWord

_lock = threading.Lock()
_cache: dict = {"version": None, "registers": {}, "whitelist": frozenset()}


def _current() -> dict:
    """One cheap query per call; everything is rebuilt (the word automaton too) only when the version moves."""
    version = RegisterVersion.current()
    if _cache["version"] != version:
        with _lock:
            if _cache["version"] != version:
                _cache["registers"] = _build()
                _cache["whitelist"] = _whitelist_pairs()
                _cache["version"] = version
    return _cache


def deployment_registers() -> dict:
    """The registers as CheckContext.registers wants them."""
    return _current()["registers"]


def deployment_whitelist() -> frozenset[tuple[str, str, int | None]]:
    """(text, rule, unit id) of the approved review whitelist; rule "" means every rule, unit None the whole county.

    These never reach the engine: they settle non-block findings after the check (review/checking.py), so a
    proposal cannot silence a banned word for every unit.
    """
    return _current()["whitelist"]


def _whitelist_pairs() -> frozenset[tuple[str, str, int | None]]:
    from sanshen.review.models import WhitelistEntry

    return frozenset(
        WhitelistEntry.objects.filter(status=WhitelistEntry.State.APPROVED).values_list("text", "rule", "unit_id")
    )


def _build() -> dict:
    words = list(SensitiveWord.objects.filter(is_whitelist=False))
    # The lexicon's own whitelist words are kept by the security administrator with the lexicon itself.
    white = set(SensitiveWord.objects.filter(is_whitelist=True).values_list("word", flat=True))
    entries = tuple(
        LexiconEntry(word=w.word, category=w.category, level=w.level, note=w.note, suggestion=w.suggestion) for w in words
    )
    registers = {
        "whitelist": tuple(sorted(white)),
        "leaders": [
            {
                "name": r.name,
                "title": r.title,
                "organisation": r.organisation,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
            }
            for r in Leader.objects.all()
        ],
        "fallen_officials": [{"name": f.name, "date": f.date, "note": f.note} for f in FallenOfficial.objects.all()],
        "qualified_sources": tuple(QualifiedSource.objects.values_list("name", flat=True)),
        # The deployment's own outlets: "来源：锦屏县人民政府网" on its own item is no repost.
        "own_sources": (settings.SANSHEN_COUNTY_NAME,),
    }
    if entries or white:
        registers["sensitive_words"] = Lexicon(entries, tuple(sorted(white)), name="本单位敏感词库")
    return registers


def import_words(data: bytes, filename: str) -> tuple[int, int]:
    """Import a txt/csv/xlsx word list; returns (added, updated). Bad files raise ValueError with a Chinese message."""
    from django.db import transaction

    from sanshen.checks.lexicon import load_lexicon

    lexicon = load_lexicon(data, filename)
    added = updated = 0
    with transaction.atomic():
        for entry in lexicon.entries:
            _, created = SensitiveWord.objects.update_or_create(
                word=entry.word,
                defaults={
                    "category": entry.category,
                    "level": entry.level,
                    "note": entry.note,
                    "suggestion": entry.suggestion,
                    "is_whitelist": False,
                },
            )
            added += created
            updated += not created
        for word in lexicon.whitelist:
            _, created = SensitiveWord.objects.update_or_create(word=word, defaults={"is_whitelist": True})
            added += created
            updated += not created
        RegisterVersion.bump()
    return added, updated
