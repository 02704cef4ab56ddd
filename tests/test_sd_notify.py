"""The daemon tells systemd it is ready and keeps pinging the watchdog, over a notify socket the test binds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from bot.demo import sandbox_config_text
from bot.sandbox.sandbox import Sandbox
from bot.sd_notify import notify, watchdog_interval
from tests.test_crash import seed

REPO = Path(__file__).resolve().parent.parent


def bound_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(20)
    return sock


def test_notify_sends_a_datagram_and_is_silent_without_systemd(tmp_path):
    path = tmp_path / "notify.sock"
    with bound_socket(path) as sock:
        assert notify("READY=1", {"NOTIFY_SOCKET": str(path)})
        assert sock.recv(4096) == b"READY=1"
    assert not notify("READY=1", {})
    assert watchdog_interval({"WATCHDOG_USEC": "2000000"}) == 1.0
    assert watchdog_interval({"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog_interval({}) is None


def test_daemon_sends_ready_then_watchdog_pings(tmp_path):
    sandbox = Sandbox.start(seed=seed, platforms=("facebook",))
    path = tmp_path / "notify.sock"
    try:
        config = tmp_path / "modbot.toml"
        config.write_text(
            sandbox_config_text(
                sandbox,
                db_path=tmp_path / "m.db",
                policy_dir=REPO / "moderation_policies",
                platforms=["facebook"],
            )
        )
        env = {**os.environ, **sandbox.environ, "PYTHONPATH": str(REPO)}
        env.update(NOTIFY_SOCKET=str(path), WATCHDOG_USEC="600000")  # a ping every 0.3 s
        with bound_socket(path) as sock:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(config)],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                received = [sock.recv(4096) for _ in range(4)]
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
        assert b"READY=1" in received
        assert received.count(b"WATCHDOG=1") >= 2
    finally:
        sandbox.stop()
