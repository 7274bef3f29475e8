"""Template filters for files being checked in the background: the progress line of the attachment list."""

from django import template

from sanshen.review.checking import check_progress as _check_progress

register = template.Library()


@register.filter
def check_progress(owner):
    """CheckProgress of an attachment or body picture being checked (第 N/M 页, 约 …), None when not being checked."""
    return _check_progress(owner)
