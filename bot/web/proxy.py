"""Behind a reverse proxy: take the client address from X-Forwarded-For, but only from a trusted proxy."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """ "10.0.0.5", "10.0.0.0/8", "::1" → networks; raises ValueError naming a bad entry."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items)


def _trusted(addr: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(addr.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


class TrustedProxies:
    """WSGI middleware: when the direct peer is a trusted proxy, REMOTE_ADDR becomes the client it forwarded for.

    X-Forwarded-For is read right to left, skipping trusted proxies; the first untrusted hop is the client
    (entries further left were written by the client itself and prove nothing). From any other peer the
    header is ignored, so a client cannot choose the address that login throttling and the audit rows see.
    """

    def __init__(self, app: Callable[..., Any], networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    # Left untyped on purpose: a WSGI environ (PEP 3333) is free-form (CGI strings, wsgi.* objects)
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        peer = environ.get("REMOTE_ADDR", "")
        if self.networks and _trusted(peer, self.networks):
            hops = [h.strip() for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            for hop in reversed(hops):
                if not _trusted(hop, self.networks):
                    environ["modbot.proxy_peer"] = peer
                    environ["REMOTE_ADDR"] = hop
                    break
        return self.app(environ, start_response)
