"""Review app hardening from issue 11: redirects stay on the site (11); hostile ids and dates are 4xx,
not 500 (15). Sessions: test_web_sessions."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from bot.web import create_app
from bot.web.security import LoginLimiter, is_loopback, safe_local_path, secret_key_problem
from tests.browser.seed import PASSWORD
from tests.conftest import login, signed_in, token

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

REPO = Path(__file__).resolve().parent.parent

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


# -- 13: session key, cookies, HSTS, login throttling -------------------------------------------------
@pytest.mark.parametrize("weak", ["a" * 32, " " * 40, "abcd" * 10, "0123456789" * 3 + "01", "short"])
def test_a_predictable_session_key_is_refused(weak):
    assert secret_key_problem(weak) is not None


def test_random_session_keys_pass():
    for _ in range(20):
        assert secret_key_problem(secrets.token_urlsafe(32)) is None
        assert secret_key_problem(secrets.token_hex(32)) is None


def test_serve_refuses_a_session_key_that_only_has_length(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.store import Store

    Store(tmp_path / "web.db").close()
    monkeypatch.setenv("MODBOT_WEB_SECRET", "a" * 32)
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "web.db")])
    assert r.exit_code == 1 and "MODBOT_WEB_SECRET is too predictable" in r.output


def test_hsts_is_sent_with_secure_cookies_only(store, ids):
    assert "Strict-Transport-Security" not in create_app(store).test_client().get("/login").headers
    r = create_app(store, secure_cookies=True).test_client().get("/login")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("10.1.2.3", False)],
)
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_on_a_non_loopback_address_sends_secure_cookies_and_hsts(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from bot.store import Store

    Store(tmp_path / "web.db").close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "MODBOT_WEB_SECRET": secrets.token_urlsafe(48), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--db", str(tmp_path / "web.db"), "--host", "0.0.0.0",
         "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:  # noqa: S310
                    headers = r.headers
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)
    assert "Secure" in headers["Set-Cookie"] and headers["Strict-Transport-Security"]


def test_failed_logins_from_one_address_are_throttled_across_user_names(store, ids):
    app = create_app(store, limiter=LoginLimiter(max_failures=5, window=300, max_address_failures=20))
    codes = [
        login(app.test_client(), name=f"guess{n}", password="wrong password").status_code for n in range(30)
    ]
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
    assert login(app.test_client()).status_code == 429  # this address is blocked for every name now
    assert login(app.test_client(), addr="10.0.0.9").status_code == 302  # others are not


# -- 14: CSV formula guard and bidi isolation --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example")',
        "\n=1+1",
        " =1+1",
        "\u00a0=1+1",
        "\u200b=1+1",
        "\ufeff=1+1",
        "\u3000=1+1",
        "\uff1dHYPERLINK(1)",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(1)",
        "\t@SUM(1)",
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_defused(text):
    from bot.export import _cell

    assert _cell(text) == "'" + text


@pytest.mark.parametrize("text", ["hello", "a = b", "Thanks!", "50% off"])
def test_csv_cells_of_plain_text_are_left_alone(text):
    from bot.export import _cell

    assert _cell(text) == text


def test_every_author_supplied_field_is_bidi_isolated(app, store):
    from tests.browser.seed import comment, judge, verdict

    rlo = "\u202e"
    vid = judge(
        store,
        comment("bidi1", f"{rlo}txet desrever", author=f"{rlo}Evil Name"),
        verdict(),
    )
    client, _ = signed_in(app)
    for path in ("/queue", f"/item/{vid}"):
        html = client.get(path).get_data(as_text=True)
        assert html.count(rlo) >= 2
        # each occurrence sits directly inside a <bdi>, so it cannot reorder what follows it
        for chunk in html.split(rlo)[:-1]:
            assert chunk.rsplit("<", 1)[-1].startswith("bdi"), chunk[-120:]
