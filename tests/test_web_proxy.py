"""Behind a trusted reverse proxy, login throttling sees the client's address; from anyone else the header is ignored."""

from __future__ import annotations

import json

import pytest

from bot.web.app import create_app
from bot.web.security import LoginLimiter
from tests.browser.seed import PASSWORD
from tests.conftest import token

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

PROXY = "10.0.0.2"


def login_via(client, peer: str, forwarded: str | None, password: str = "wrong password"):
    t = token(client)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        "/login",
        data={"csrf_token": t, "username": "mia", "password": password},
        environ_base={"REMOTE_ADDR": peer},
        headers=headers,
    )


def limited_app(store, proxies):
    limiter = LoginLimiter(max_failures=100, window=300, max_address_failures=3)
    return create_app(store, limiter=limiter, trusted_proxies=proxies)


def test_trusted_proxy_forwards_the_real_client(store, ids):
    app = limited_app(store, ("10.0.0.0/30",))
    codes = [login_via(app.test_client(), PROXY, "203.0.113.7").status_code for _ in range(5)]
    assert codes[:3] == [401] * 3 and set(codes[3:]) == {429}
    # Another client behind the same proxy is not blocked, and a spoofed left-most entry changes nothing.
    assert login_via(app.test_client(), PROXY, "198.51.100.4", PASSWORD).status_code == 302
    assert login_via(app.test_client(), PROXY, "198.51.100.4, 203.0.113.7").status_code == 429


def test_untrusted_peer_cannot_pick_its_address(store, ids):
    app = limited_app(store, ("10.0.0.0/30",))
    codes = [
        login_via(app.test_client(), "192.0.2.9", f"203.0.113.{n}").status_code for n in range(5)
    ]  # a new forged address each time: still one peer
    assert set(codes[3:]) == {429}
    no_proxies = limited_app(store, ())
    codes = [login_via(no_proxies.test_client(), PROXY, f"203.0.113.{n}").status_code for n in range(5)]
    assert set(codes[3:]) == {429}


def test_the_audit_row_of_a_sign_in_names_the_client_behind_a_trusted_proxy(store, ids):
    """Issue 14 item 10: the audit chain records the client's address, not the proxy's; an untrusted peer's
    forwarding header is not believed there either."""
    app = limited_app(store, ("10.0.0.0/30",))
    assert login_via(app.test_client(), PROXY, "203.0.113.7", PASSWORD).status_code == 302
    assert login_via(app.test_client(), "192.0.2.9", "198.51.100.99", PASSWORD).status_code == 302
    logins = [row for row in reversed(store.audit_rows()) if row["event"] == "web_login"]
    assert [json.loads(row["details"])["addr"] for row in logins[-2:]] == ["203.0.113.7", "192.0.2.9"]
