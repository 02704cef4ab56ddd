"""Several daemons on one database (issue 11.2): each page is acted on by the one daemon holding its lease;
the others wait, say so, and take the page over only once the lease has expired."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.daemon import Daemon
from bot.platforms import make_connector
from bot.sandbox.sandbox import Sandbox
from bot.store import Store
from tests.test_daemon import SPAM, THREAT, KeywordScorer, _settings, seed


@pytest.fixture
def sandbox() -> Any:
    sb = Sandbox.start(seed=seed, platforms=("facebook",))
    yield sb
    sb.stop()


def _write_counts(sandbox: Sandbox) -> Counter[tuple[str, str]]:
    """Platform writes (hide, reply, delete...) per (endpoint, path): a count above 1 is a duplicate."""
    return Counter((r.endpoint, r.path) for r in sandbox.requests if r.method in ("POST", "DELETE"))


def _daemon(sandbox: Sandbox, tmp_path: Path, **page: Any) -> Daemon:
    settings = _settings(
        tmp_path, [sandbox.page_config("facebook", interval_seconds=0.2, jitter_seconds=0, **page)]
    )
    return Daemon(
        settings,
        scorer=KeywordScorer(),
        connector_factory=lambda p: make_connector(p, sandbox.environ),
    )


def test_two_daemons_on_one_database_never_write_twice(sandbox: Sandbox, tmp_path: Path) -> None:
    # Slow writes widen the window in which both daemons would see the same pending action.
    sandbox.faults.set("facebook", "hide", "slow", delay=0.15)
    sandbox.faults.set("facebook", "reply", "slow", delay=0.15)
    first = _daemon(sandbox, tmp_path, recheck_seconds=0.5)
    second = _daemon(sandbox, tmp_path, recheck_seconds=0.5)
    post = sandbox.insert_post("facebook", "Road closure update", created=time.time() - 60)
    waiters = []
    for d in (first, second):
        d.start()
        waiters.append(threading.Thread(target=d.wait))
        waiters[-1].start()
    try:
        for n in range(8):  # new comments keep arriving while both daemons poll
            sandbox.insert_comment("facebook", post.id, f"{THREAT} #{n}", author=f"Angry {n}")
            sandbox.insert_comment("facebook", post.id, f"{SPAM} {n}", author=f"Spammer {n}")
            time.sleep(0.3)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            hidden = [c for cid in sandbox.comment_ids("facebook") if (c := sandbox.comment("facebook", cid))]
            if sum(1 for c in hidden if c["hidden"]) >= 2 + 16:
                break
            time.sleep(0.1)
    finally:
        for d in (first, second):
            d.request_stop()
        for w in waiters:
            w.join(10)
        assert first.shutdown() and second.shutdown()
    writes = _write_counts(sandbox)
    assert writes, "nothing was written at all"
    assert {k: n for k, n in writes.items() if n > 1} == {}
    comments = [c for cid in sandbox.comment_ids("facebook") if (c := sandbox.comment("facebook", cid))]
    threats = [c for c in comments if c["text"].startswith(THREAT)]
    assert len(threats) == 9 and all(c["hidden"] for c in threats)
    with Store(tmp_path / "daemon.db") as store:
        assert store.verify_audit()[1] == []
        assert store.leases() == {}  # both stopped cleanly: the page is free at once
        assert store.pending_actions() == []


def test_a_page_held_by_another_daemon_waits_until_the_lease_expires(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store(tmp_path / "daemon.db") as store:
        # A daemon on another host took the page and was then killed: its lease runs out in 1.5 s.
        store.hold_lease("facebook:" + sandbox.page_config("facebook").page_id, "other-host:4242:dead", 1.5)
    daemon = _daemon(sandbox, tmp_path)
    daemon.lease_seconds = 30.0
    with caplog.at_level("WARNING", logger="bot.daemon"):
        daemon.start()
        waiter = threading.Thread(target=daemon.wait)
        waiter.start()
        try:
            time.sleep(0.8)
            assert daemon.pages["sandbox-facebook"].state == "standby"
            assert _write_counts(sandbox) == {}  # nothing done on a page another daemon holds
            deadline = time.monotonic() + 10
            while not _write_counts(sandbox) and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            daemon.request_stop()
            waiter.join(10)
            assert daemon.shutdown()
    assert any("held by another daemon (other-host:4242:dead" in r.getMessage() for r in caplog.records)
    assert sorted(e for e, _ in _write_counts(sandbox)) == ["hide", "hide", "reply"]
    with Store(tmp_path / "daemon.db") as store:
        taken = [r for r in store.audit_rows() if r["event"] == "lease_taken"]
        assert any("other-host:4242:dead" in r["details"] for r in taken)


def test_once_with_every_page_held_elsewhere_returns_without_acting(sandbox: Sandbox, tmp_path: Path) -> None:
    with Store(tmp_path / "daemon.db") as store:
        store.hold_lease("facebook:" + sandbox.page_config("facebook").page_id, "live-daemon:1:abc", 300)
    daemon = _daemon(sandbox, tmp_path)
    daemon.max_cycles = 1
    started = time.monotonic()
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    waiter.join(10)
    finished = not waiter.is_alive()
    assert daemon.shutdown() and finished
    assert time.monotonic() - started < 8
    assert _write_counts(sandbox) == {}
    with Store(tmp_path / "daemon.db") as store:
        assert store.leases()["facebook:" + sandbox.page_config("facebook").page_id]["owner"] == (
            "live-daemon:1:abc"
        )
    from click.testing import CliRunner

    from bot.cli.daemon import status_command

    out = CliRunner().invoke(status_command, ["--db", str(tmp_path / "daemon.db")]).output
    page_key = "facebook:" + sandbox.page_config("facebook").page_id
    assert f"  {page_key}: live-daemon:1:abc (until" in out


def test_a_dry_run_takes_no_lease_and_leaves_the_live_daemons_page_alone(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    key = "facebook:" + sandbox.page_config("facebook").page_id
    with Store(tmp_path / "daemon.db") as store:
        store.hold_lease(key, "live-daemon:1:abc", 300)
    daemon = _daemon(sandbox, tmp_path)
    daemon.dry_run, daemon.max_cycles = True, 1
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    waiter.join(10)
    assert daemon.shutdown() and not waiter.is_alive()
    assert daemon.pages["sandbox-facebook"].cycles == 1 and _write_counts(sandbox) == {}
    with Store(tmp_path / "daemon.db") as store:
        assert store.leases()[key]["owner"] == "live-daemon:1:abc"
        assert {r["status"] for r in store._query("SELECT status FROM actions")} == {"dry_run"}


def test_a_lease_left_by_a_killed_daemon_on_this_host_is_taken_over_at_once(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    import socket
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    key = "facebook:" + sandbox.page_config("facebook").page_id
    with Store(tmp_path / "daemon.db") as store:
        store.hold_lease(key, f"{socket.gethostname()}:{gone.pid}:0badc0de", 300)
    daemon = _daemon(sandbox, tmp_path)
    daemon.max_cycles = 1
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    waiter.join(10)
    assert daemon.shutdown() and not waiter.is_alive()
    assert daemon.pages["sandbox-facebook"].cycles == 1
    assert sorted(e for e, _ in _write_counts(sandbox)) == ["hide", "hide", "reply"]
