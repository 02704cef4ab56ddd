"""CLI: `modbot flagged`, `modbot review`, `modbot user`, `modbot export`, `modbot serve` (refusals)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.sandbox import Sandbox, env_var
from bot.sandbox.sandbox import PAGE_IDS
from bot.store import Store
from tests.browser.seed import add_users, seed_from_sandbox, seed_plain


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    with Store(path) as s:
        add_users(s)
        ids = seed_plain(s)
    return str(path), ids


def run(*args, env=None, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=False)
    return result


def test_flagged_lists_the_open_queue_urgent_first(db):
    path, ids = db
    r = run("flagged", "--db", path)
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("#")]
    assert [int(ln.split()[0][1:]) for ln in lines] == [
        ids["urgent_threat"],
        ids["old_flag"],
        ids["spam"],
        ids["xss"],
    ]
    assert "URGENT" in lines[0] and "HIDE" in lines[0]
    assert "threaten or promote violence" in r.stdout
    assert "4 shown of 4" in r.stderr


def test_flagged_filters_and_json(db):
    path, ids = db
    r = run("flagged", "--db", path, "--platform", "reddit", "--json")
    rows = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [row["id"] for row in rows] == [ids["spam"]]
    assert rows[0]["categories"] == ["spam"] and rows[0]["state"] == "visible" and rows[0]["urgent"] is False
    assert run("flagged", "--db", path, "--urgent", "--json").stdout.count("\n") == 1
    assert (
        json.loads(run("flagged", "--db", path, "--search", "parking", "--json").stdout)["id"]
        == ids["old_flag"]
    )
    assert run("flagged", "--db", path, "--status", "reviewed").stdout.strip() == "nothing flagged matches"
    assert run("flagged", "--db", path, "--limit", "1").stdout.count("\n#") == 0  # one entry, first line


def test_flagged_without_a_database_says_so(tmp_path):
    r = CliRunner().invoke(main, ["flagged", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no database" in r.output


def test_review_confirm_escalate_note_keep(db):
    path, ids = db
    r = run(
        "review", ids["urgent_threat"], "--confirm", "--note", "clear threat", "--as", "mia", "--db", path
    )
    assert r.exit_code == 0 and "confirmed" in r.stdout
    assert run("review", ids["old_flag"], "--escalate", "--as", "mia", "--db", path).exit_code == 0
    assert run("review", ids["xss"], "--note", "looked at it", "--as", "ada", "--db", path).exit_code == 0
    with Store(path) as s:
        assert s.verdict(ids["urgent_threat"])["review_status"] == "confirmed"
        assert s.verdict(ids["old_flag"])["review_status"] == "escalated"
        assert s.verdict(ids["xss"])["review_status"] == "pending"
        audit = {(a["actor"], a["event"]) for a in s.audit_rows()}
    assert {("mia", "review_confirm"), ("mia", "review_escalate"), ("ada", "review_note")} <= audit


def test_review_refusals(db):
    path, ids = db
    unknown = CliRunner().invoke(
        main, ["review", str(ids["old_flag"]), "--keep", "--as", "ghost", "--db", path]
    )
    assert unknown.exit_code == 1 and "no review-app user 'ghost'" in unknown.output
    nothing = CliRunner().invoke(main, ["review", str(ids["old_flag"]), "--as", "mia", "--db", path])
    assert nothing.exit_code == 2
    missing = CliRunner().invoke(main, ["review", "9999", "--keep", "--as", "mia", "--db", path])
    assert missing.exit_code == 1 and "no verdict 9999" in missing.output
    no_page = CliRunner().invoke(
        main, ["review", str(ids["urgent_threat"]), "--restore", "--as", "mia", "--db", path]
    )
    assert no_page.exit_code == 1 and "--config" in no_page.output
    # Two decisions at once are refused, never resolved by whichever flag came last.
    both = CliRunner().invoke(
        main, ["review", str(ids["old_flag"]), "--keep", "--delete", "--as", "mia", "--db", path]
    )
    assert both.exit_code == 2 and "give one decision" in both.output
    with Store(path) as s:
        assert s.count("reviews") == 0 and s.count("actions") == 0


def test_review_restore_with_an_unset_credential_variable_is_one_clear_line(db, tmp_path, monkeypatch):
    path, ids = db
    monkeypatch.delenv("QA_UNSET_FB_TOKEN", raising=False)
    config = tmp_path / "modbot.toml"
    config.write_text(
        f'[modbot]\ndb = "{path}"\n\n[[pages]]\nname = "lcpd-facebook"\nplatform = "facebook"\n'
        'page_id = "lcpd"\ntoken_env = "QA_UNSET_FB_TOKEN"\n'
    )
    r = CliRunner().invoke(
        main, ["review", str(ids["urgent_threat"]), "--restore", "--as", "mia", "--config", str(config)]
    )
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "QA_UNSET_FB_TOKEN" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    with Store(path) as s:
        assert s.count("reviews") == 0 and s.count("actions") == 0


def test_review_restore_unhides_on_the_sandbox_with_config_credentials(tmp_path, monkeypatch):
    sandbox = Sandbox.start(seed=None, platforms=["facebook", "reddit"])
    try:
        path = tmp_path / "m.db"
        with Store(path) as s:
            add_users(s)
            world = seed_from_sandbox(s, sandbox)
            for c in world.connectors.values():
                c.close()
        config = tmp_path / "modbot.toml"
        config.write_text(
            f'[modbot]\ndb = "m.db"\n\n[[pages]]\nname = "lcpd-facebook"\nplatform = "facebook"\n'
            f'page_id = "{PAGE_IDS["facebook"]}"\ntoken_env = "{env_var("facebook", "token")}"\n'
            f'base_url = "{sandbox.base_url("facebook")}"\n'
        )
        for name, value in sandbox.environ.items():
            monkeypatch.setenv(name, value)
        cid = world.comment_ids["false_positive"]
        assert sandbox.comment("facebook", cid)["hidden"] is True
        r = run(
            "review",
            world.ids["false_positive"],
            "--restore",
            "--note",
            "idiom",
            "--as",
            "mia",
            "--config",
            config,
        )
        assert r.exit_code == 0, r.output
        assert "restored" in r.stdout and "platform action done" in r.stdout
        assert sandbox.comment("facebook", cid)["hidden"] is False
        with Store(path) as s:
            assert [(a["kind"], a["actor"], a["status"]) for a in s.actions_for(f"facebook:{cid}")][-1] == (
                "unhide",
                "mia",
                "done",
            )
    finally:
        sandbox.stop()


def test_user_add_list_remove_with_password_from_env_or_prompt(tmp_path):
    path = str(tmp_path / "u.db")
    r = run(
        "user",
        "add",
        "sgt.lopez",
        "--role",
        "admin",
        "--db",
        path,
        env={"MODBOT_USER_PASSWORD": "s3cret-pass"},
    )
    assert r.exit_code == 0 and "added sgt.lopez (admin)" in r.stdout
    r = run(
        "user", "add", "clerk", "--role", "records", "--db", path, input="pw-long-enough\npw-long-enough\n"
    )
    assert r.exit_code == 0, r.output
    with Store(path) as s:
        assert s.user("sgt.lopez")["password_hash"].startswith("$argon2id$")
        assert "s3cret-pass" not in json.dumps(s.audit_rows())
    listing = run("user", "list", "--db", path).stdout
    assert "sgt.lopez" in listing and "records" in listing
    assert run("user", "remove", "clerk", "--db", path).exit_code == 0
    gone = CliRunner().invoke(main, ["user", "remove", "clerk", "--db", path])
    assert gone.exit_code == 1 and "no user" in gone.output
    short = CliRunner().invoke(
        main, ["user", "add", "x", "--db", path], env={"MODBOT_USER_PASSWORD": "short"}
    )
    assert short.exit_code == 1 and "at least 8" in short.output
    bad = CliRunner().invoke(
        main, ["user", "add", "bad name", "--db", path], env={"MODBOT_USER_PASSWORD": "long-enough"}
    )
    assert bad.exit_code == 2


def test_user_add_has_no_password_option():
    r = CliRunner().invoke(main, ["user", "add", "--help"])
    assert "--password" not in r.output and "MODBOT_USER_PASSWORD" in r.output


def test_export_command_writes_csv_and_json(db, tmp_path):
    path, _ = db
    out = tmp_path / "records.json"
    today = __import__("datetime").date.today().isoformat()
    r = run("export", "--from", "2020-01-01", "--to", today, "--format", "json", "--out", out, "--db", path)
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert len(doc["comments"]) == 5  # the allowed comment is a record too
    assert not (tmp_path / "records.json.part").exists()
    csv_out = run("export", "--from", "2020-01-01", "--to", today, "--db", path)
    assert csv_out.stdout.startswith("uid,record,record_id,at,")
    assert "exported 5 comment(s)" in csv_out.stderr
    bad = CliRunner().invoke(main, ["export", "--from", "2026-02-01", "--to", "2026-01-01", "--db", path])
    assert bad.exit_code == 2 and "before it starts" in bad.output


def test_export_to_a_missing_directory_is_one_clear_error(db, tmp_path):
    path, _ = db
    target = tmp_path / "no-such-dir" / "records.csv"
    r = CliRunner().invoke(
        main, ["export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(target), "--db", path]
    )
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.exception
    assert f"cannot write {target}" in r.output and "Traceback" not in r.output
    with Store(path) as s:  # nothing was exported, so nothing is audited as exported
        assert not [row for row in s._query("SELECT event FROM audit") if "export" in row["event"]]


def test_serve_refuses_without_a_session_key(db, monkeypatch):
    path, _ = db
    monkeypatch.delenv("MODBOT_WEB_SECRET", raising=False)
    r = CliRunner().invoke(main, ["serve", "--db", path, "--port", "0"])
    assert r.exit_code == 1 and "MODBOT_WEB_SECRET" in r.output and "--demo-secret" in r.output
    monkeypatch.setenv("MODBOT_WEB_SECRET", "short")
    r = CliRunner().invoke(main, ["serve", "--db", path, "--port", "0"])
    assert r.exit_code == 1 and "too short" in r.output


@pytest.mark.parametrize("command", ["serve", "flagged", "review", "export", "user"])
def test_commands_have_help(command):
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0 and len(r.output.splitlines()) > 4


def test_serve_runs_waitress_on_a_real_port(db, tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    path, _ = db
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import secrets

    # A real random key: "x" * 40 only had length, which serve now refuses (issue 11.13).
    env = {**os.environ, "MODBOT_WEB_SECRET": secrets.token_urlsafe(48)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--db", path, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    body = r.read().decode()
                    headers = r.headers
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert "Sign in" in body and headers["Server"] == "modbot"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"modbot review app on http://127.0.0.1:{port}/" in err.decode()


def test_demo_accounts_cover_every_role(tmp_path):
    from bot.web.demo import create_demo_accounts
    from bot.web.security import verify_password

    with Store(tmp_path / "demo.db") as s:
        creds = create_demo_accounts(s, "demo-password-1")
        assert set(creds) == {"demo-admin", "demo-mod", "demo-records", "demo-supervisor"}
        assert {s.user(n)["role"] for n in creds} == {"admin", "moderator", "records", "supervisor"}
        assert verify_password(s.user("demo-mod")["password_hash"], "demo-password-1")
