"""Shared pytest plugins and fixtures (a store, its review-app users, seeded items, the review app), and the
review app's sign-in helpers every web test module uses. A module that needs a store seeded its own way
defines its own `store` (tests/test_export.py), which pytest uses there instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bot.store import Store
from bot.web import create_app
from tests.browser.seed import PASSWORD, add_users, seed_plain

pytest_plugins = ["tests.conftest_platforms", "tests.conftest_webhook", "tests.conftest_scoring"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated database in the test's own directory."""
    s = Store(tmp_path / "modbot.db")
    yield s
    s.close()


@pytest.fixture
def users(store: Store) -> None:
    """The review app's users in `store`: mia (moderator), ada (admin) and rex (records), password PASSWORD.
    Modules whose every test signs in use it with `pytestmark = pytest.mark.usefixtures("users")`."""
    add_users(store)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """The plain seed's verdicts (tests.browser.seed.seed_plain), by name."""
    return seed_plain(store)


@pytest.fixture
def app(store: Store, ids: dict[str, int]) -> Flask:
    """The review app on `store`, after the plain seed."""
    return create_app(store)


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
