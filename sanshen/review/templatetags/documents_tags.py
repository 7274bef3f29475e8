"""Template filters for files: body pictures on the public site."""

from django import template
from django.urls import reverse

from sanshen.review.integrity import IMAGE_SRC

register = template.Library()


@register.filter
def public_images(body: str, item) -> str:
    """The published body with its pictures pointed at the public site (/work/ is the back office, behind login)."""

    def public(match) -> str:
        return reverse("public-body-image", args=[item.public_id, match.group(1)])

    return IMAGE_SRC.sub(public, body or "")
