"""`modbot demo` end to end (sandbox, daemon, alerts, review app), and the shipped config/service files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests
from click.testing import CliRunner

from bot.config import load_settings
from bot.demo import run_demo
from bot.store import Store

REPO = Path(__file__).resolve().parent.parent


def test_demo_two_cycles_acts_alerts_and_serves_the_review_app(tmp_path: Path) -> None:
    lines: list[str] = []
    app_answers: list[int] = []

    def echo(line: str) -> None:
        lines.append(line)
        m = re.search(r"review app: (http://127\.0\.0\.1:\d+)", line)
        if m:  # the app is up while the daemon runs
            app_answers.append(requests.get(m.group(1) + "/", timeout=5, allow_redirects=False).status_code)

    summary = run_demo(
        tmp_path / "demo", cycles=2, port=0, interval_seconds=0.5, install_signals=False, echo=echo
    )
    out = "\n".join(lines)
    assert summary.cycles >= 1 and summary.added_between_cycles > 0
    assert app_answers and app_answers[0] in (200, 302, 303)

    db = tmp_path / "demo" / "modbot.db"
    with Store(db) as store:
        platforms = {r["platform"] for r in store._query("SELECT DISTINCT platform FROM comments")}
        assert platforms == {"facebook", "instagram", "x", "reddit"}
        actions = {(r["kind"], r["status"]) for r in store._query("SELECT kind, status FROM actions")}
        assert ("hide", "done") in actions and ("reply", "done") in actions
        # Criticism of the police stays up, however harsh.
        kept = store._query(
            "SELECT v.action FROM verdicts v JOIN comments c ON c.uid = v.comment_uid "
            "WHERE c.text LIKE '%you pigs actually patrolled%'"
        )
        assert kept and {r["action"] for r in kept} <= {"allow", "flag"}
        sent = store._query("SELECT COUNT(*) AS n FROM alerts WHERE status = 'sent'")[0]["n"]
    assert sent > 0
    alerts = [json.loads(line) for line in (tmp_path / "demo" / "alerts.jsonl").read_text().splitlines()]
    assert len(alerts) == sent and {a["event"] for a in alerts} == {"urgent_comment"}
    assert all(a["clause"] and a["rule"] and a["excerpt"] for a in alerts)
    # Instagram's API has no comment permalinks; every other platform's alert links to the comment.
    assert all(a["permalink"] for a in alerts if a["platform"] != "instagram")
    for needle in ("Verdicts:", "Actions:", "Urgent:", "modbot flagged --db", str(db)):
        assert needle in out
    assert "cycle 2" in out
    # An author edits a comment between rounds: the records keep both versions, each judged.
    with Store(db) as store:
        edited = store._query("SELECT uid FROM comments GROUP BY uid HAVING COUNT(*) > 1")
        assert len(edited) == 4  # one per platform
        for row in edited:
            verdicts = store._query(
                "SELECT comment_version FROM verdicts WHERE comment_uid = ?", (row["uid"],)
            )
            assert sorted(v["comment_version"] for v in verdicts) == [1, 2]
    assert "4 edited comment(s) kept in every version" in out
    # With --cycles the app stops with the demo: the summary says so instead of leaving a dead address.
    assert "review app: stopped with the demo" in out


def test_demo_command_help_and_registration() -> None:
    from bot.cli import main

    result = CliRunner().invoke(main, ["demo", "--help"])
    assert result.exit_code == 0 and "--cycles" in result.output
    for args in (["run", "--help"], ["status", "--help"], ["bench", "cycle", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, args


def test_example_config_is_valid_and_documents_every_key() -> None:
    example = REPO / "config" / "modbot.example.toml"
    settings = load_settings(example)
    assert {p.platform.value for p in settings.pages} == {"facebook", "instagram", "x", "reddit"}
    assert settings.alerts.email is not None and settings.alerts.webhook is not None
    text = example.read_text()
    source = (REPO / "bot" / "config.py").read_text()
    keys = set(re.findall(r'\.(?:get|positive)\(\s*"([a-z_]+)"', source))
    keys |= {
        f"{role}_env" for role in re.findall(r'"(\w+)"', source.split("CREDENTIAL_ROLES")[1].split("}")[0])
    }
    keys -= {"facebook", "instagram", "x", "reddit"}
    missing = sorted(
        k
        for k in keys
        if not re.search(rf"(^|[\s#]){k}\s*(=|\s)", text, re.M)
        and f".{k}]" not in text
        and f"[{k}]" not in text
    )
    assert missing == []
    # No secret values: every credential is an environment variable name.
    for line in text.splitlines():
        if re.match(r"\s*\w+_env\s*=", line):
            assert re.match(r'\s*\w+_env\s*=\s*"[A-Z][A-Z0-9_]*"', line), line


def test_service_unit_loads_tokens_from_an_environment_file_and_is_hardened() -> None:
    unit = (REPO / "config" / "modbot.service").read_text()
    # The unit runs the binary where the README's Deployment section installs it.
    venv = re.search(r"python3 -m venv (\S+?) ", (REPO / "README.md").read_text())
    assert venv is not None
    assert f"ExecStart={venv.group(1)}/bin/modbot run --config" in unit
    for needle in (
        "EnvironmentFile=/etc/modbot/modbot.env",
        "ExecStart=/opt/modbot/bin/modbot run --config",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "NoNewPrivileges=true",
        "ProtectSystem=strict",
        "RestartPreventExitStatus=2",
        "User=modbot",
    ):
        assert needle in unit


def test_demo_and_score_without_a_policy_directory_say_so_in_plain_words(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # As after `pip install` outside the source checkout: no moderation_policies/ where modbot looks.
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODBOT_POLICY_DIR", str(tmp_path / "no-such-policy"))
    demo = CliRunner().invoke(main, ["demo", "--cycles", "1", "--no-web", "--data-dir", str(tmp_path / "d")])
    assert demo.exit_code == 1 and isinstance(demo.exception, SystemExit), demo.exception
    assert "no-such-policy" in demo.output and "MODBOT_POLICY_DIR" in demo.output
    assert "Traceback" not in demo.output
    score = CliRunner().invoke(main, ["score", "hello"])
    assert score.exit_code == 1 and "no-such-policy" in score.output and "--policy" in score.output


def test_demo_prints_a_modbot_command_that_runs_from_this_shell(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import sys

    from bot.demo import modbot_command

    # After `make demo` the script is in .venv/bin, usually not on PATH: print its path, not a bare name.
    monkeypatch.setenv("PATH", str(tmp_path))
    printed = modbot_command()
    if (Path(sys.executable).parent / "modbot").is_file():
        assert printed != "modbot" and Path(printed).is_file()
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert modbot_command() == "modbot" and shutil.which("modbot")


def test_review_app_unit_runs_serve_with_real_options_behind_tls() -> None:
    import shlex

    from bot.cli import main

    unit = (REPO / "config" / "modbot-web.service").read_text()
    daemon_unit = (REPO / "config" / "modbot.service").read_text()
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart="))
    # the same binary as the daemon's unit, and only options `modbot serve` really has
    assert argv[0] in daemon_unit and argv[1] == "serve"
    serve = main.get_command(click_context(main), "serve")
    known = {opt for p in serve.params for opt in p.opts}
    assert [a for a in argv[2:] if a.startswith("--") and a not in known] == []
    assert "--secure-cookies" in argv and "EnvironmentFile=/etc/modbot/modbot.env" in unit
    assert "User=modbot" in unit and "ProtectSystem=strict" in unit


def click_context(command):  # type: ignore[no-untyped-def]
    import click

    return click.Context(command)
