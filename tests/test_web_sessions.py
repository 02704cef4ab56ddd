"""Review-app sessions are revocable server-side (issue 11.12): logout, a password change and removal end
them, and an idle one expires. A cookie copied before any of these is worthless after it."""

from __future__ import annotations

import pytest

from bot.web import create_app
from tests.conftest import login, signed_in

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")


def _copied_cookie(client) -> str:
    cookie = client.get_cookie("modbot_session")
    assert cookie is not None
    return cookie.value


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("modbot_session", value)
    return other


def test_a_cookie_copied_before_logout_no_longer_works_after_it(app, store, ids):
    client, t = signed_in(app)
    stolen = _copied_cookie(client)
    assert _with_cookie(app, stolen).get("/queue").status_code == 200
    assert client.post("/logout", data={"csrf_token": t}).status_code == 302
    thief = _with_cookie(app, stolen)
    assert thief.get("/queue").status_code == 302  # sent to sign in
    r = thief.post(f"/item/{ids['old_flag']}/decide", data={"decision": "keep", "csrf_token": t})
    assert r.status_code in (401, 403)
    assert store.reviews_for("facebook:c1") == []


def test_a_password_change_or_removal_ends_every_session_of_that_user(app, store, ids):
    from bot.web.security import hash_password

    first, _ = signed_in(app)
    second, _ = signed_in(app)
    store.upsert_user("mia", hash_password("another long password"), "moderator")
    assert first.get("/queue").status_code == 302 and second.get("/queue").status_code == 302
    third = app.test_client()
    assert login(third, password="another long password").status_code == 302
    assert third.get("/queue").status_code == 200
    store.remove_user("mia")
    assert third.get("/queue").status_code == 302


def test_an_idle_session_expires(store, ids, monkeypatch):
    import bot.web.shared as web_shared

    now = [1_000_000.0]
    monkeypatch.setattr(web_shared, "_now", lambda: now[0])
    app = create_app(store, idle_minutes=30)
    client, _ = signed_in(app)
    now[0] += 20 * 60
    assert client.get("/queue").status_code == 200  # activity renews it
    now[0] += 20 * 60
    assert client.get("/queue").status_code == 200
    now[0] += 31 * 60
    assert client.get("/queue").status_code == 302
