"""脱敏: mask personal data found by the pii checker, with one policy for the whole deployment.

One policy everywhere matters: when one page shows an ID card's first 6 + last 4 and another its
first 2 + last 8, the pieces can be stitched back together.

    >>> from sanshen.checks import check, mask
    >>> text = "联系人手机13812345678"
    >>> mask(text, check(text, categories=["pii_phone"]))
    '联系人手机138****5678'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .finding import Finding

# Categories masked before publishing. 统一社会信用代码 identifies an organisation and is meant to be public.
MASKED_CATEGORIES = frozenset({"pii_id_card", "pii_bank_card", "pii_phone", "pii_other"})

_COUNTRY_PREFIX = re.compile(r"^(?:\+|00)?86[-－ ]?(?=1)")
_AREA_CODE = re.compile(r"^[(（]?(010|02\d|0[3-9]\d{2})")


@dataclass(frozen=True)
class MaskPolicy:
    """How many characters stay visible at the head and tail of each kind of value; the rest become `mask_char`."""

    phone: tuple[int, int] = (3, 4)  # 138****5678
    landline_tail: int = 4  # the area code stays: 0591-****4321
    id_card: tuple[int, int] = (6, 4)  # 350102********123X
    bank_card: tuple[int, int] = (6, 4)  # 622202*********0128
    email_local: int = 1  # z*******@example.com
    passport: tuple[int, int] = (1, 2)  # E******78
    plate: tuple[int, int] = (2, 1)  # 闽A****5
    other: tuple[int, int] = (1, 1)
    mask_char: str = "*"

    def __post_init__(self) -> None:
        for name in ("phone", "id_card", "bank_card", "passport", "plate", "other"):
            head, tail = getattr(self, name)
            if head < 0 or tail < 0:
                raise ValueError(f"Invalid mask policy {name}: {(head, tail)!r} (counts must be ≥ 0)")
        if self.landline_tail < 0 or self.email_local < 0:
            raise ValueError("Invalid mask policy: counts must be ≥ 0")
        # A letter or digit as mask would leave something that still looks like a number.
        if len(self.mask_char) != 1 or self.mask_char.isalnum():
            raise ValueError(f"Invalid mask character: {self.mask_char!r} (one symbol, not a letter or digit)")


def needs_masking(finding: Finding) -> bool:
    """Personal data that must be masked; "info" findings (e.g. an office landline) are left alone."""
    return masks(finding.category, finding.severity)


def masks(category: str, severity: str) -> bool:
    """needs_masking before the Finding exists (the pii checker builds one only for what it keeps)."""
    return category in MASKED_CATEGORIES and severity != "info"


def mask(text: str, findings: list[Finding], policy: MaskPolicy | None = None) -> str:
    """`text` with every personal-data finding masked; other findings are ignored.

    Masks keep the length of what they replace, and the work runs right to left, so the
    offsets of the remaining findings still point at the same places.
    """
    policy = policy or MaskPolicy()
    pieces: list[str] = []
    end = len(text)
    for f in sorted((f for f in findings if needs_masking(f)), key=lambda f: (f.start, f.end), reverse=True):
        if f.end > end:
            continue  # overlaps one already masked
        if text[f.start : f.end] != f.text:
            raise ValueError(f"Finding {f.rule} at {f.start}..{f.end} does not match the text: {f.text!r}")
        pieces.append(text[f.end : end])
        pieces.append(masked_value(f.rule, f.text, policy))
        end = f.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


def masked_value(rule: str, value: str, policy: MaskPolicy | None = None) -> str:
    """The masked form of one value found by `rule` (e.g. "pii.phone", "13812345678" → "138****5678")."""
    policy = policy or MaskPolicy()
    if rule == "pii.phone":
        if value[:1] == "1":
            # A mobile number ("138…"): neither prefix can start with 1, so both patterns are skipped.
            return _mask_middle(value, *policy.phone, policy.mask_char)
        prefix = _COUNTRY_PREFIX.match(value)
        if prefix:
            return prefix.group(0) + masked_value(rule, value[prefix.end() :], policy)
        area = _AREA_CODE.match(value)
        if area:
            return _mask_middle(value, len(area.group(1)), policy.landline_tail, policy.mask_char)
        return _mask_middle(value, *policy.phone, policy.mask_char)
    if rule == "pii.address":
        return "".join(policy.mask_char if ch.isdigit() else ch for ch in value)  # 36号 → **号
    if rule == "pii.illness":
        return policy.mask_char * len(value)  # the illness a 公示 names: 因患*****
    if rule in ("pii.health", "pii.minor", "pii.offender"):
        return value[:1] + "某" * (len(value) - 1)  # the named person: 龙秀英 → 龙某某
    if rule == "pii.email":
        local, at, domain = value.rpartition("@")
        return _mask_middle(local, policy.email_local, 0, policy.mask_char) + at + domain
    head, tail = {
        "pii.id_card": policy.id_card,
        "pii.bank_card": policy.bank_card,
        "pii.passport": policy.passport,
        "pii.plate": policy.plate,
    }.get(rule, policy.other)
    return _mask_middle(value, head, tail, policy.mask_char)


def _mask_middle(value: str, head: int, tail: int, mask_char: str) -> str:
    """Mask the letters and digits between the first `head` and the last `tail`; separators stay."""
    positions = range(len(value)) if value.isalnum() else [i for i, ch in enumerate(value) if ch.isalnum()]
    # Always mask at least one character, even when the policy would keep everything.
    excess = head + tail - (len(positions) - 1)
    if excess > 0:
        cut = min(tail, excess)
        tail -= cut
        head -= excess - cut
    hidden = positions[max(head, 0) : len(positions) - tail]
    if isinstance(hidden, range):
        # No separators (the usual "13812345678"): one slice instead of a pass per character.
        return value[: hidden.start] + mask_char * len(hidden) + value[hidden.start + len(hidden) :]
    chars = list(value)
    for i in hidden:
        chars[i] = mask_char
    return "".join(chars)
