"""Shared pytest plugins, and the review app's sign-in helpers every web test module uses."""

from __future__ import annotations

import re

from tests.browser.seed import PASSWORD

pytest_plugins = ["tests.conftest_platforms", "tests.conftest_webhook", "tests.conftest_scoring"]

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client, path="/login"):
    """The CSRF token of the form on `path`."""
    return TOKEN_RE.search(client.get(path).get_data(as_text=True)).group(1)


def login(client, name="mia", password=PASSWORD, addr="10.0.0.1"):
    """Sign in as `name` through the login form, from `addr`; returns the login POST's response."""
    t = token(client)
    return client.post(
        "/login",
        data={"csrf_token": t, "username": name, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def signed_in(app, name="mia"):
    """A test client signed in as `name` (sent on to the queue), and a CSRF token for its forms."""
    client = app.test_client()
    r = login(client, name)
    assert r.status_code == 302 and r.headers["Location"] == "/queue"
    return client, token(client, "/queue")
