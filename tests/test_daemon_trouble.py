"""Persistent trouble is never silent (issue 11.4): a page that keeps failing backs off, logs one traceback
per distinct error, and alerts a person once; a full database alerts at once, even though it cannot record
the alert, and the daemon recovers when space returns."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.daemon import Daemon
from bot.platforms import make_connector
from bot.platforms.base import Connector, FetchResult
from bot.sandbox.sandbox import Sandbox
from tests.conftest_webhook import Receiver
from tests.test_daemon import KeywordScorer, _settings, seed


@pytest.fixture
def sandbox() -> Any:
    sb = Sandbox.start(seed=seed, platforms=("facebook",))
    yield sb
    sb.stop()


def _broken(connector: Connector, calls: list[float]) -> Connector:
    """The real connector with a bug in its fetch: what a page answering in an unexpected shape causes."""

    def fetch_new_comments(cursor: Mapping[str, Any] | None) -> FetchResult:
        calls.append(time.monotonic())
        raise KeyError("data")

    connector.fetch_new_comments = fetch_new_comments  # type: ignore[method-assign]
    return connector


def _run_for(daemon: Daemon, seconds: float) -> None:
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    time.sleep(seconds)
    daemon.request_stop()
    waiter.join(10)
    assert daemon.shutdown()


def test_a_page_failing_every_poll_backs_off_logs_once_and_alerts_once(
    sandbox: Sandbox, tmp_path: Path, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[float] = []
    page = sandbox.page_config("facebook", interval_seconds=0.05, jitter_seconds=0)
    daemon = Daemon(
        _settings(tmp_path, [page], receiver.url),
        scorer=KeywordScorer(),
        connector_factory=lambda p: _broken(make_connector(p, sandbox.environ), calls),
        backoff_base=0.05,
        backoff_max=0.8,
        trouble_alert_seconds=0.5,
    )
    with caplog.at_level(logging.WARNING):
        _run_for(daemon, 3.0)
    tracebacks = [r for r in caplog.records if r.exc_info and "poll cycle failed" in r.getMessage()]
    assert len(tracebacks) == 1  # was one per poll: 120 a minute
    assert 3 <= len(calls) <= 15  # backed off, not every 0.05 s (~60 polls)
    events = [json.loads(b) for b, _ in receiver.bodies]
    trouble = [e for e in events if e["event"] == "page_trouble"]
    assert len(trouble) == 1 and trouble[0]["state"] == "error" and "KeyError" in trouble[0]["problem"]
    assert daemon.pages[page.name].state == "error"


def test_a_full_database_alerts_at_once_and_the_daemon_recovers(
    sandbox: Sandbox, tmp_path: Path, receiver: Receiver
) -> None:
    page = sandbox.page_config("facebook", interval_seconds=0.1, jitter_seconds=0, recheck_seconds=0)
    daemon = Daemon(
        _settings(tmp_path, [page], receiver.url),
        scorer=KeywordScorer(),
        connector_factory=lambda p: make_connector(p, sandbox.environ),
        backoff_base=0.05,
        backoff_max=0.3,
    )
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    try:
        deadline = time.monotonic() + 10
        while daemon.pages[page.name].cycles < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert daemon.store is not None
        # The disk fills up: SQLite may not grow the file by a single page any more.
        pages = daemon.store.conn.execute("PRAGMA page_count").fetchone()[0]
        daemon.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        post = sandbox.insert_post("facebook", "New post", created=time.time() - 5)
        for n in range(40):
            sandbox.insert_comment("facebook", post.id, f"A long enough new comment number {n} " * 20)
        deadline = time.monotonic() + 10
        while daemon.pages[page.name].state != "db_error" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert daemon.pages[page.name].state == "db_error"
        deadline = time.monotonic() + 10
        while not receiver.bodies and time.monotonic() < deadline:
            time.sleep(0.05)
        daemon.store.conn.execute("PRAGMA max_page_count = 1073741823")  # space again
        deadline = time.monotonic() + 10
        while daemon.pages[page.name].state != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert daemon.pages[page.name].state == "ok"
    finally:
        daemon.request_stop()
        waiter.join(10)
        assert daemon.shutdown()
    events = [json.loads(b) for b, _ in receiver.bodies if json.loads(b)["event"] == "page_trouble"]
    assert len(events) == 1 and events[0]["state"] == "db_error" and "full" in events[0]["problem"]
