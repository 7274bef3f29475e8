"""API authentication: the browser session (with CSRF) or a personal token (Authorization: Bearer …)."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sanshen.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


def SessionOrToken():
    return [TokenAuth(), SessionAuth()]
