# ruff: noqa: F811 - pytest fixtures imported from test_web are used as arguments
"""Review app hardening from issue 11: redirects stay on the site (11); hostile ids and dates are 4xx,
not 500 (15). Sessions: test_web_sessions."""

from __future__ import annotations

import pytest

from bot.web import create_app
from bot.web.security import safe_local_path
from tests.browser.seed import PASSWORD
from tests.test_web import app, ids, login, signed_in, store, token  # noqa: F401 - fixtures shared with test_web

HOSTILE_TARGETS = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/queue\r\nSet-Cookie: x=1",
    "/\u3000/evil.example",
    "/\x85/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_safe_local_path_refuses_everything_a_browser_could_take_off_site(target):
    assert safe_local_path(target) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/queue", "/queue"),
        ("/queue?status=pending&platform=x", "/queue?status=pending&platform=x"),
        ("/item/3?back=/queue", "/item/3?back=/queue"),
        ("/queue?q=caf\u00e9", "/queue?q=caf%C3%A9"),
        ("/queue#frag", "/queue"),
    ],
)
def test_safe_local_path_keeps_same_site_paths_normalised(target, expected):
    assert safe_local_path(target) == expected


def _location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_login_decide_and_bulk_never_redirect_off_site(app, ids, target):
    client = app.test_client()
    t = token(client)
    r = client.post("/login", data={"csrf_token": t, "username": "mia", "password": PASSWORD, "next": target})
    assert _location(r) == "/queue"
    t = token(client, "/queue")
    vid = ids["old_flag"]
    r = client.post(f"/item/{vid}/decide", data={"decision": "keep", "csrf_token": t, "back": target})
    assert _location(r) == "/queue"
    r = client.post(
        "/bulk", data={"decision": "confirm", "csrf_token": t, "back": target, "ids": [ids["xss"]]}
    )
    assert _location(r) == "/queue"
    page = client.get(f"/item/{ids['spam']}", query_string={"back": target})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "evil.example" not in html and "javascript:" not in html


# -- 15: 4xx where a 500 used to be ---------------------------------------------------------------------
def test_an_item_id_beyond_sqlite_integers_is_404(app):
    client, _ = signed_in(app)
    assert client.get("/item/99999999999999999999").status_code == 404


def test_export_to_the_last_day_there_is_is_a_clear_error_not_500(store, ids):
    app = create_app(store)
    client, _ = signed_in(app, "rex")
    r = client.get(
        "/export/download", query_string={"from": "2026-01-01", "to": "9999-12-31", "format": "csv"}
    )
    assert r.status_code in (200, 302, 400)
    if r.status_code == 302:
        assert "9999-12-31" in client.get(r.headers["Location"]).get_data(as_text=True)


def test_a_bulk_id_beyond_sqlite_integers_is_400(app, ids):
    client, t = signed_in(app)
    r = client.post("/bulk", data={"csrf_token": t, "decision": "confirm", "ids": ["99999999999999999999"]})
    assert r.status_code in (302, 400)
