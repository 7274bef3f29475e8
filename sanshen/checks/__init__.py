"""机审: the automatic check library. No Django here: it runs in the web app, the CLI and tests alike.

    >>> from sanshen.checks import check
    >>> [f.rule for f in check("本文件为机密★5年")]
    ['secrecy.classification']
"""

from __future__ import annotations

from .context import CheckContext
from .engine import Engine, EngineConfig, RuleSetting
from .finding import CATEGORIES, SEVERITIES, STANDARDS, Finding

_default_engine: Engine | None = None


def default_engine() -> Engine:
    """The engine with every checker at its defaults, built once per process."""
    global _default_engine
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine


def check(text: str, context: CheckContext | None = None, *, categories=None) -> list[Finding]:
    return default_engine().check(text, context, categories=categories)


def mask(text: str, findings: list[Finding], policy=None) -> str:
    from .masking import mask as _mask

    return _mask(text, findings, policy)


__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "STANDARDS",
    "CheckContext",
    "Engine",
    "EngineConfig",
    "Finding",
    "RuleSetting",
    "check",
    "default_engine",
    "mask",
]
