"""The checkers, by code. One explicit dict: no import-time registration.

Order here is the order they run in; findings are sorted by position afterwards.
"""

from __future__ import annotations

import importlib

CHECKERS: dict[str, str] = {
    "secrecy": "sanshen.checks.checkers.secrecy.SecrecyMarkChecker",
    "sensitive": "sanshen.checks.checkers.sensitive.SensitiveWordChecker",
    "pii": "sanshen.checks.checkers.pii.PersonalDataChecker",
    "typo": "sanshen.checks.checkers.typo.TypoChecker",
    "fixed_phrase": "sanshen.checks.checkers.fixed_phrase.FixedPhraseChecker",
    "session": "sanshen.checks.checkers.sessions.SessionNameChecker",
    "ethnic": "sanshen.checks.checkers.ethnic.EthnicNameChecker",
    "leader": "sanshen.checks.checkers.leaders.LeaderNameChecker",
    "place": "sanshen.checks.checkers.places.PlaceNameChecker",
    "law": "sanshen.checks.checkers.laws.LawTitleChecker",
    "punctuation": "sanshen.checks.checkers.punctuation.PunctuationChecker",
    "number": "sanshen.checks.checkers.numbers.NumberUsageChecker",
    "statistics": "sanshen.checks.checkers.statistical.StatisticsChecker",
    "column_fit": "sanshen.checks.checkers.column_fit.ColumnFitChecker",
    "repost": "sanshen.checks.checkers.repost.RepostSourceChecker",
    "injected": "sanshen.checks.checkers.injected.InjectedContentChecker",
    "disclosure": "sanshen.checks.checkers.disclosure.DisclosureScopeChecker",
}


def load_checker_class(path: str) -> type:
    """Import "package.module.Class"; a bad path raises ImportError naming it."""
    module_name, _, class_name = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, class_name)
    except (ImportError, AttributeError) as exc:
        raise ImportError(f"无法加载检查项 {path!r}: {exc}") from exc
