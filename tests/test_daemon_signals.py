"""`modbot run` as a real process: SIGHUP policy reload (bad policy kept out), SIGTERM mid-cycle exits 0
promptly with nothing left pending, JSON logs without secrets, bad config and missing tokens exit 2."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from bot.cli.daemon import run_command, status_command
from bot.demo import sandbox_config_text
from bot.sandbox.sandbox import SANDBOX_SECRETS, Sandbox
from bot.store import Store
from tests.test_crash import seed

REPO = Path(__file__).resolve().parent.parent
POLICY = REPO / "moderation_policies"


def _wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _audit_events(db: Path) -> list[str]:
    """Audit events so far; empty while the daemon is still creating the schema."""
    with Store(db, migrate=False) as store:
        try:
            return [r["event"] for r in store._query("SELECT event FROM audit ORDER BY id")]
        except sqlite3.OperationalError:
            return []


def test_sighup_reloads_policy_and_sigterm_exits_cleanly_mid_cycle(tmp_path: Path) -> None:
    policy_dir = tmp_path / "policy"
    shutil.copytree(POLICY, policy_dir)
    sandbox = Sandbox.start(seed=seed, platforms=("facebook",))
    try:
        sandbox.faults.set("facebook", "*", "slow", delay=0.02)  # a long acting phase to interrupt
        db = tmp_path / "sig.db"
        config = tmp_path / "modbot.toml"
        config.write_text(
            sandbox_config_text(
                sandbox, db_path=db, policy_dir=policy_dir, platforms=["facebook"], log_format="json"
            )
        )
        env = {**os.environ, **sandbox.environ, "PYTHONPATH": str(REPO)}
        log_path = tmp_path / "daemon.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(config)],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                # Startup finished once the first poll started; give the cycle time to begin acting.
                assert _wait_for(lambda: db.exists() and "action_pending" in _audit_events(db))

                # An invalid policy is rejected; the daemon keeps running on the old one.
                rules = policy_dir / "attachment_a.yaml"
                good = rules.read_text()
                rules.write_text(good.replace("action: hide", "action: obliterate", 1))
                proc.send_signal(signal.SIGHUP)
                assert _wait_for(lambda: b"policy reload rejected" in log_path.read_bytes(), 10)
                assert proc.poll() is None

                # A valid change is swapped in and audited.
                rules.write_text(good.replace("LCPD GO-158 Attachment A", "LCPD GO-158 Attachment A (rev 2)"))
                proc.send_signal(signal.SIGHUP)
                assert _wait_for(lambda: "policy_reloaded" in _audit_events(db), 10)
                assert proc.poll() is None

                # SIGTERM while actions are still being carried out.
                with Store(db, migrate=False) as store:
                    journaled_before = store.count("actions")
                sent = time.monotonic()
                proc.send_signal(signal.SIGTERM)
                code = proc.wait(15)
                took = time.monotonic() - sent
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(10)
        assert code == 0
        assert took < 10, f"shutdown took {took:.1f}s"

        with Store(db, migrate=False) as store:
            assert store.pending_actions() == []  # the in-flight action was finished and recorded
            journaled = store.count("actions")
            statuses = {r["status"] for r in store._query("SELECT status FROM actions")}
        assert journaled >= journaled_before and statuses == {"done"}
        # The cycle really was interrupted (not finished before the signal arrived).
        assert journaled < 150, journaled

        lines = [ln for ln in log_path.read_text().splitlines() if ln.strip()]
        records = [json.loads(ln) for ln in lines if ln.startswith("{")]
        assert records and len(records) >= len(lines) - 2  # every daemon line is JSON (tolerate stray noise)
        assert any(r.get("page") == "lcpd-facebook" for r in records)
        assert any(r.get("action") == "hide" and r.get("comment_uid") for r in records)
        text = log_path.read_text()
        for secret in SANDBOX_SECRETS["facebook"].values():
            assert secret not in text

        # `modbot status` reads the same database.
        result = CliRunner().invoke(status_command, ["--config", str(config)])
        assert result.exit_code == 0, result.output
        assert "lcpd-facebook" in result.output and "review queue:" in result.output
        assert "0 pending" in result.output
    finally:
        sandbox.stop()


def test_bad_config_and_missing_token_exit_2_naming_the_key(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[modbot]\nscorer = "bundled"\n[[pages]]\nname = "x"\nplatform = "facebook"\npage_id = "1"\ntoken_env = "T"\ninterval_seconds = -1\n'
    )
    result = runner.invoke(run_command, ["--config", str(bad)])
    assert result.exit_code == 2
    assert "pages[0].interval_seconds" in result.output

    good = tmp_path / "good.toml"
    good.write_text(
        f'[modbot]\ndb = "m.db"\npolicy_dir = "{POLICY}"\n'
        '[[pages]]\nname = "lcpd"\nplatform = "facebook"\npage_id = "1"\ntoken_env = "LCPD_FB_TOKEN_UNSET"\n'
        'base_url = "http://127.0.0.1:9/"\n'
    )
    monkeypatch.delenv("LCPD_FB_TOKEN_UNSET", raising=False)
    result = runner.invoke(run_command, ["--config", str(good)])
    assert result.exit_code == 2
    assert "LCPD_FB_TOKEN_UNSET" in result.output

    # Every unset variable of every page in one line, so the operator fixes the environment in one go.
    two = tmp_path / "two.toml"
    two.write_text(
        good.read_text() + '[[pages]]\nname = "lcpd-reddit"\nplatform = "reddit"\npage_id = "LasCrucesPD"\n'
        'client_id_env = "QA_R_ID"\nclient_secret_env = "QA_R_SECRET"\nusername_env = "QA_R_USER"\n'
        'password_env = "QA_R_PASS"\nbase_url = "http://127.0.0.1:9"\n'
    )
    for var in ("QA_R_ID", "QA_R_SECRET", "QA_R_PASS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("QA_R_USER", "LCPD_modbot")
    result = runner.invoke(run_command, ["--config", str(two)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(two) in line
    for var in ("LCPD_FB_TOKEN_UNSET", "QA_R_ID", "QA_R_SECRET", "QA_R_PASS"):
        assert var in line
    assert "QA_R_USER" not in line


def test_invalid_policy_exits_2(tmp_path: Path) -> None:
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "rules.yaml").write_text("rules:\n  - id: x\n    action: obliterate\n")
    config = tmp_path / "c.toml"
    config.write_text(
        f'[modbot]\ndb = "m.db"\npolicy_dir = "{policy}"\n'
        '[[pages]]\nname = "lcpd"\nplatform = "facebook"\npage_id = "1"\ntoken_env = "T"\n'
    )
    result = CliRunner().invoke(run_command, ["--config", str(config)])
    assert result.exit_code == 2 and "invalid policy" in result.output
