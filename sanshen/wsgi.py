"""The WSGI application gunicorn serves (`make run`, scripts/serve.sh).

Behind nginx every request comes from nginx's own address, so login limits, the audit log and the lockouts would
see one client. When the peer is one of SANSHEN_TRUSTED_PROXIES (addresses or networks, comma-separated; this
machine by default, like gunicorn's own forwarded_allow_ips), the client's address is taken from the X-Real-IP
header that proxy sets; from any other peer the forwarding headers are dropped, so a client reaching gunicorn
directly cannot claim another address or HTTPS.
"""

from __future__ import annotations

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanshen.settings")

FORWARDING_HEADERS = ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def trusted_networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"SANSHEN_TRUSTED_PROXIES: not an address or network: {part!r}") from None
    return networks


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class ClientAddress:
    """REMOTE_ADDR becomes the client's address when a trusted proxy says who the client is."""

    def __init__(self, app, networks):
        self.app = app
        self.networks = networks

    def __call__(self, environ, start_response):
        peer = _address(environ.get("REMOTE_ADDR", ""))
        if peer is not None and any(peer in network for network in self.networks):
            client = _address(environ.get("HTTP_X_REAL_IP", ""))
            if client is not None:
                environ["REMOTE_ADDR"] = str(client)
        else:
            for header in FORWARDING_HEADERS:
                environ.pop(header, None)
        return self.app(environ, start_response)


TRUSTED_PROXIES = trusted_networks(os.environ.get("SANSHEN_TRUSTED_PROXIES", "127.0.0.1,::1"))
application = ClientAddress(get_wsgi_application(), TRUSTED_PROXIES)
