from django import template

register = template.Library()


@register.filter
def waited(delta) -> str:
    """A waiting time in Chinese: 2天3小时, 5小时12分钟, 8分钟."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}小时{minutes}分钟"
    return f"{minutes}分钟"


@register.filter
def has_action(actions, name) -> bool:
    return any(a.name == name for a in actions)
