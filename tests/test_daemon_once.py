"""`modbot run --once` returns (issue 11.5): a page that cannot be polled is given up after a few attempts,
and the whole run is bounded by --once-timeout; the exit status and stderr name the pages left undone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.daemon import Daemon
from bot.demo import sandbox_config_text
from bot.platforms import make_connector
from bot.sandbox.sandbox import Sandbox
from tests.test_daemon import POLICY, KeywordScorer, _settings, seed

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def sandbox() -> Any:
    sb = Sandbox.start(seed=seed, platforms=("facebook", "reddit"))
    yield sb
    sb.stop()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_once_gives_up_a_page_that_keeps_failing_and_finishes_the_others(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults.set("reddit", "*", "malformed")  # a page answering garbage every time
    good = sandbox.page_config("facebook", interval_seconds=0.2, jitter_seconds=0)
    broken = sandbox.page_config("reddit", interval_seconds=0.2, jitter_seconds=0)
    daemon = Daemon(
        _settings(tmp_path, [good, broken]),
        scorer=KeywordScorer(),
        connector_factory=lambda p: make_connector(p, sandbox.environ),
        max_cycles=1,
        once_attempts=3,
        deadline_seconds=30,
        backoff_base=0.05,
        backoff_max=0.2,
    )
    started = time.monotonic()
    daemon.start()
    waiter = threading.Thread(target=daemon.wait)
    waiter.start()
    waiter.join(25)
    finished = not waiter.is_alive()
    if not finished:
        daemon.request_stop()
    assert daemon.shutdown()
    assert finished, "--once did not return"
    assert time.monotonic() - started < 20
    assert daemon.pages[good.name].cycles == 1
    assert daemon.incomplete == [broken.name]


def test_run_once_with_an_unreachable_page_exits_within_the_timeout(sandbox: Sandbox, tmp_path: Path) -> None:
    config = tmp_path / "modbot.toml"
    text = sandbox_config_text(
        sandbox, db_path=tmp_path / "once.db", policy_dir=POLICY, platforms=("facebook", "reddit")
    )
    # The Reddit page's API is not reachable at all (nothing listens on the port).
    text = text.replace(sandbox.page_config("reddit").base_url, f"http://127.0.0.1:{_closed_port()}")
    config.write_text(text)
    env = {**os.environ, **sandbox.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--once", "--once-timeout", "4"],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
    )
    took = time.monotonic() - started
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr[-2000:]
    assert "page(s) without a complete cycle: lcpd-reddit" in stderr
    assert took < 4 + 8 + 10  # the timeout, the shutdown grace, interpreter start-up
    assert sandbox.comment_ids("facebook")  # and the reachable page was moderated:
    assert any(
        c["hidden"] for cid in sandbox.comment_ids("facebook") if (c := sandbox.comment("facebook", cid))
    )
