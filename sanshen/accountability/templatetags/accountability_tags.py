"""Template helpers of 责任追究: the register entry a review finding or send-back already became."""

from django import template

from sanshen.accountability.models import ErrorEntry

register = template.Library()


@register.simple_tag
def registered_entry(finding=None, decision=None):
    """The entry made from this finding or decision, if any (shown instead of the 登记 button)."""
    # A variable missing from the including template arrives as "": only a real object counts.
    if getattr(finding, "pk", None):
        return ErrorEntry.objects.filter(finding=finding).order_by("-pk").first()
    if getattr(decision, "pk", None):
        return ErrorEntry.objects.filter(decision=decision).order_by("-pk").first()
    return None


@register.filter
def hours(value) -> str:
    return "—" if value is None else f"{value:g}"


@register.filter
def signed(value) -> str:
    return f"+{value}" if isinstance(value, int) and value > 0 else str(value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
