"""The engine: runs every configured checker over a text and collects all findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .context import CheckContext
from .finding import SEVERITIES, Finding
from .registry import CHECKERS, load_checker_class

# 涉密标识 can never be switched off or downgraded by a deployment.
NOT_OVERRIDABLE_CATEGORIES = frozenset({"secrecy_mark"})


class Checker(Protocol):
    code: str
    label: str

    def check(self, text: str, context: CheckContext) -> Iterable[Finding]: ...


@dataclass
class RuleSetting:
    enabled: bool = True
    severity: str | None = None


@dataclass
class EngineConfig:
    """A deployment's choices.

    `checkers`: code → options dict for the checker's constructor (absent code = defaults);
    `disabled_checkers`: codes not to run at all;
    `rules`: rule id (e.g. "pii.phone") or rule prefix (e.g. "punctuation") → RuleSetting.
    """

    checkers: dict[str, dict] = field(default_factory=dict)
    disabled_checkers: frozenset[str] = frozenset()
    rules: dict[str, RuleSetting] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code in set(self.checkers) | set(self.disabled_checkers):
            if code not in CHECKERS:
                raise ValueError(f"Unknown checker code: {code!r}")
        if "secrecy" in self.disabled_checkers:
            raise ValueError("涉密标识检查不能关闭")
        for rule, setting in self.rules.items():
            if setting.severity is not None and setting.severity not in SEVERITIES:
                raise ValueError(f"Invalid severity for {rule!r}: {setting.severity!r}")

    def setting_for(self, rule: str) -> RuleSetting | None:
        # The most specific setting wins: "pii.phone" before "pii".
        parts = rule.split(".")
        for i in range(len(parts), 0, -1):
            setting = self.rules.get(".".join(parts[:i]))
            if setting is not None:
                return setting
        return None


class Engine:
    """Builds its checkers once (word lists load here), then checks any number of texts."""

    def __init__(self, config: EngineConfig | None = None, codes: Iterable[str] | None = None):
        self.config = config or EngineConfig()
        wanted = list(codes) if codes is not None else list(CHECKERS)
        self.checkers: list[Checker] = []
        for code in wanted:
            if code not in CHECKERS:
                raise ValueError(f"Unknown checker code: {code!r}")
            if code in self.config.disabled_checkers:
                continue
            cls = load_checker_class(CHECKERS[code])
            self.checkers.append(cls(**self.config.checkers.get(code, {})))

    def check(
        self,
        text: str,
        context: CheckContext | None = None,
        *,
        categories: Iterable[str] | None = None,
    ) -> list[Finding]:
        context = context or CheckContext()
        wanted = frozenset(categories) if categories is not None else None
        findings: list[Finding] = []
        # Without rule settings every finding stands as found: skip the per-finding lookup.
        apply_settings = self._apply_settings if self.config.rules else None
        for checker in self.checkers:
            for finding in checker.check(text, context):
                if apply_settings is not None:
                    finding = apply_settings(finding)
                if finding is None:
                    continue
                if wanted is not None and finding.category not in wanted:
                    continue
                findings.append(finding)
        return sort_findings(dedupe(findings))

    def _apply_settings(self, finding: Finding) -> Finding | None:
        if finding.category in NOT_OVERRIDABLE_CATEGORIES:
            return finding
        setting = self.config.setting_for(finding.rule)
        if setting is None:
            return finding
        if not setting.enabled:
            return None
        if setting.severity:
            return finding.with_severity(setting.severity)
        return finding


_SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, f.end, _SEVERITY_RANK[f.severity], f.rule))


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Two checkers flagging the same span with the same suggestion: keep the more severe."""
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.start, f.end, f.category, f.suggestion)
        kept = best.get(key)
        if kept is None or _SEVERITY_RANK[f.severity] < _SEVERITY_RANK[kept.severity]:
            best[key] = f
    return list(best.values())
