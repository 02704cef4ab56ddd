"""A database modbot cannot use stops `modbot run` with one line and an exit status the systemd unit does
not restart in a loop (issue 11.7)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CONFIG = """[modbot]
db = {db!r}
policy_dir = {policy!r}

[[pages]]
name = "fb"
platform = "facebook"
page_id = "1"
token_env = "MODBOT_TEST_TOKEN"
base_url = "http://127.0.0.1:9/"
"""


def _run(tmp_path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "modbot.toml"
    config.write_text(CONFIG.format(db=str(db), policy=str(REPO / "moderation_policies")))
    env = {**os.environ, "MODBOT_TEST_TOKEN": "x" * 20, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--once", "--once-timeout", "5"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def _unit_prevents(status: int) -> bool:
    unit = (REPO / "config" / "modbot.service").read_text()
    found = re.search(r"^RestartPreventExitStatus=(.+)$", unit, re.M)
    return found is not None and str(status) in found.group(1).split()


def test_a_corrupt_database_is_one_line_and_an_exit_systemd_does_not_repeat(tmp_path):
    db = tmp_path / "modbot.db"
    db.write_bytes(b"this is not an SQLite database at all" * 100)
    proc = _run(tmp_path, db)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if "cannot use the database" in line]
    assert len(lines) == 1 and "corrupt" in lines[0] and str(db) in lines[0]
    assert proc.returncode == 3 and _unit_prevents(proc.returncode)


def test_a_database_path_that_cannot_be_created_is_one_line(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database directory should be")
    proc = _run(tmp_path, blocker / "modbot.db")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 3 and "cannot use the database" in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_database_file_is_one_line(tmp_path):
    from bot.store import Store

    db = tmp_path / "modbot.db"
    Store(db).close()
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db) + suffix)
        if p.exists():
            p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        proc = _run(tmp_path, db)
    finally:
        tmp_path.chmod(0o755)
    assert "Traceback" not in proc.stderr and proc.returncode == 3 and "read-only" in proc.stderr
