"""sanshen.wsgi: the client's address comes from a trusted proxy's X-Real-IP, and from nobody else."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from sanshen.wsgi import ClientAddress, trusted_networks


def seen(networks: str, peer: str, **headers) -> dict:
    """What the application sees of the request after ClientAddress."""
    captured = {}

    def app(environ, start_response):
        captured.update(environ)
        return []

    environ = {"REMOTE_ADDR": peer, **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}
    ClientAddress(app, trusted_networks(networks))(environ, lambda *a: None)
    return captured


FORWARDING = {"HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"}


@pytest.mark.parametrize(
    "networks, peer, headers, address, trusted",
    [
        # nginx on this machine says who the client is (and that it came over HTTPS).
        ("127.0.0.1,::1", "127.0.0.1", {"x_real_ip": "203.0.113.7", "x_forwarded_proto": "https"}, "203.0.113.7", True),
        ("127.0.0.1,::1", "::1", {"x_real_ip": "2001:db8::5"}, "2001:db8::5", True),
        ("10.0.0.0/24", "10.0.0.9", {"x_real_ip": "198.51.100.1"}, "198.51.100.1", True),
        # A trusted proxy that sends no address, or garbage, leaves its own.
        ("127.0.0.1", "127.0.0.1", {}, "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.1", {"x_real_ip": "1.2.3.4, 5.6.7.8"}, "127.0.0.1", True),
        # Anyone else can claim neither an address nor HTTPS: the headers are dropped.
        ("127.0.0.1,::1", "198.51.100.20", {"x_real_ip": "127.0.0.1", "x_forwarded_proto": "https"}, "198.51.100.20", False),
        ("10.0.0.0/24", "10.0.1.1", {"x_forwarded_for": "10.0.0.2", "x_forwarded_host": "evil.example"}, "10.0.1.1", False),
        ("", "127.0.0.1", {"x_real_ip": "203.0.113.7"}, "127.0.0.1", False),
    ],
)
def test_it_takes_the_address_only_from_a_trusted_proxy(networks, peer, headers, address, trusted):
    environ = seen(networks, peer, **headers)
    assert environ["REMOTE_ADDR"] == address
    sent = {f"HTTP_{k.upper()}" for k in headers}
    assert FORWARDING & set(environ) == (sent if trusted else set())


@pytest.mark.parametrize("value", ["nginx", "127.0.0.1,localhost", "10.0.0.0/33"])
def test_a_bad_proxy_setting_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="SANSHEN_TRUSTED_PROXIES"):
        trusted_networks(value)
