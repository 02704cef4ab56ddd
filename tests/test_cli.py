"""The `modbot` CLI: score (text and JSON lines), policy check, audit verify, and documentation of every command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.store import Store

REPO = Path(__file__).resolve().parent.parent


def walk(group: click.Group, prefix: str = "modbot"):
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from walk(cmd, path)


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    missing_help = [p for p, c in walk(main) if not (c.help or "").strip()]
    undocumented = [p for p, _ in walk(main) if p not in readme]
    assert missing_help == []
    assert undocumented == []


def run_jsonl(lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "score", "--jsonl"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_score_jsonl_threat_hidden_urgent_and_criticism_allowed():
    proc = run_jsonl(
        [
            json.dumps({"id": "1", "text": "I will shoot the next cop I see", "media": []}),
            json.dumps(
                {
                    "id": "2",
                    "text": "LCPD's response times are a disgrace and the chief should resign.",
                    "media": [],
                }
            ),
            json.dumps(
                {
                    "id": "3",
                    "text": "Someone is breaking into cars on Main St right now",
                    "media": [],
                    "platform": "facebook",
                }
            ),
        ]
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "2", "3"]
    assert set(out[0]) == {"id", "action", "urgent", "score", "categories", "rule", "reason", "reply"}
    assert out[0]["action"] == "hide" and out[0]["urgent"] is True and "threat" in out[0]["categories"]
    assert out[0]["rule"] and "Attachment A" in out[0]["reason"]
    assert 0.0 <= out[0]["score"] <= 1.0
    assert out[1]["action"] == "allow" and out[1]["rule"] is None
    assert out[2]["urgent"] is True and "911" in (out[2]["reply"] or "")


def test_score_jsonl_malformed_lines_are_named_and_the_rest_scored():
    proc = run_jsonl(
        [
            json.dumps({"id": "a", "text": "Thank you officers for your help today", "media": []}),
            "{not json",
            json.dumps({"id": "b", "media": []}),
            json.dumps({"id": "c", "text": "hello", "media": ["hologram"]}),
            json.dumps(["a", "list"]),
            json.dumps({"id": "d", "text": "Great job at the parade!", "media": ["photo"]}),
            json.dumps({"text": "a line without an id", "media": []}),
            json.dumps({"id": {"nested": 1}, "text": "an id that is not a scalar"}),
            json.dumps({"id": 7, "text": "numeric ids are echoed as given"}),
        ]
    )
    assert proc.returncode == 1
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "d", 7]
    for lineno in (2, 3, 4, 5, 7, 8):
        assert f"line {lineno}" in proc.stderr
    assert "'text' is required" in proc.stderr and "hologram" in proc.stderr
    assert "line 7: 'id' is required" in proc.stderr


def test_score_text_prints_readable_verdict():
    result = CliRunner().invoke(main, ["score", "I will shoot the next cop I see"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("HIDE  [URGENT]")
    assert "rule:" in result.output and "clause:" in result.output


def test_score_requires_text_or_jsonl():
    result = CliRunner().invoke(main, ["score"])
    assert result.exit_code == 2 and "either TEXT or --jsonl" in result.output


def test_policy_check_passes_shipped_and_names_the_pig_rule(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["policy", "check", str(REPO / "moderation_policies")])
    assert ok.exit_code == 0 and "policy OK" in ok.output
    bad = tmp_path / "p"
    shutil.copytree(REPO / "moderation_policies", bad)
    (bad / "zz_civility.yaml").write_text(
        'rules:\n  - id: no-pigs\n    title: Civility\n    clause: "Be civil."\n    category: vulgarity\n'
        "    when: {any: [{keywords: [pig, pigs]}]}\n    action: hide\n"
    )
    failed = runner.invoke(main, ["policy", "check", str(bad)])
    assert failed.exit_code == 1
    assert "rule no-pigs" in failed.output and "viewpoint guard" in failed.output


def test_audit_verify_cli(tmp_path):
    db = tmp_path / "a.db"
    Store(db).close()
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify", "--db", str(db)])
    assert ok.exit_code == 0 and "audit chain OK" in ok.output
    missing = runner.invoke(main, ["audit", "verify", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "no database" in missing.output


@pytest.mark.parametrize(
    "body, message",
    [
        ("[modbot]\nscorer = 'magic'\n", "modbot.scorer"),
        ("[[pages]]\nname = 'fb'\nplatform = 'myspace'\npage_id = '1'\n", "pages[0].platform"),
        ("[[pages]]\nname = 'fb'\nplatform = 'facebook'\npage_id = '1'\n", "pages[0].token_env"),
        ("[modbot]\ncolour = 'red'\n", "unknown key(s): colour"),
        (
            "[[pages]]\nname = 'fb'\nplatform = 'facebook'\npage_id = '1'\ntoken_env = 'T'\ninterval_seconds = -1\n",
            "pages[0].interval_seconds",
        ),
        (
            "[[pages]]\nname = 'fb'\nplatform = 'facebook'\npage_id = '1'\ntoken_env = 'T'\nrecheck_seconds = -5\n",
            "pages[0].recheck_seconds",
        ),
        ("[modbot]\nlease_seconds = 5\n", "modbot.lease_seconds: must be at least 30"),
        (
            "[modbot]\nlease_seconds = 40\n[[pages]]\nname = 'fb'\nplatform = 'facebook'\npage_id = '1'\n"
            "token_env = 'T'\ntimeout_seconds = 30\n",
            "modbot.lease_seconds: 40 is less than twice",
        ),
    ],
)
def test_bad_config_names_the_key(tmp_path, body, message):
    cfg = tmp_path / "modbot.toml"
    cfg.write_text(body)
    result = CliRunner().invoke(main, ["db", "migrate", "--config", str(cfg)])
    assert result.exit_code == 1
    assert message in result.output and str(cfg) in result.output


def test_score_jsonl_invalid_utf8_line_is_skipped_not_fatal():
    data = b'{"id": "x", "text": "hello"}\n\xff\xfe\n{"id": "y", "text": "hola"}\n'
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "score", "--jsonl"],
        input=data,
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["x", "y"]
    assert b"line 2: not valid UTF-8" in proc.stderr


def test_score_jsonl_hostile_lines_never_lose_their_neighbours():
    """Issue 11.8: a lone surrogate crashed re2 and a 10,000-deep line raised RecursionError: exit 1 with
    no output at all."""
    data = "\n".join(
        [
            json.dumps({"id": "before", "text": "Thanks for the update"}),
            '{"id": "surrogate", "text": "\\ud800 I\'ll shoot the next cop I see. Watch me."}',
            '{"id": "deep", "text": "x", "nested": ' + "[" * 10_000 + "]" * 10_000 + "}",
            '{"id": "\\udfff", "text": "an id that is valid JSON but not text"}',
            json.dumps({"id": "after", "text": "See you at the parade"}),
        ]
    ).encode()
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "score", "--jsonl"],
        input=data,
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["before", "surrogate", "\udfff", "after"], proc.stderr[-2000:]
    assert out[1]["action"] == "hide" and out[1]["urgent"]  # the rest of the text is still a threat
    assert proc.returncode == 1 and b"line 3: not usable JSON (nested too deeply)" in proc.stderr
    assert b"Traceback" not in proc.stderr


# Peak memory of this process image (VmHWM; ru_maxrss would also count the forking parent's pages).
_MEASURED = (
    "import re, sys\n"
    "from bot.cli import main\n"
    "try:\n"
    "    main(['score', '--jsonl'])\n"
    "finally:\n"
    "    hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "    print('MAXRSS', hwm, file=sys.stderr)\n"
)


def _score_measured(data: bytes) -> tuple[subprocess.CompletedProcess[bytes], int]:
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED], input=data, capture_output=True, cwd=REPO, timeout=300
    )
    kib = int(proc.stderr.rsplit(b"MAXRSS ", 1)[1].split()[0])
    return proc, kib


def test_score_jsonl_skips_a_line_over_the_size_limit_without_reading_it_whole():
    """Issue 11.10: a 50 MB line took 617 MB; lines over 1 MB are reported and skipped."""
    small = json.dumps({"id": "a", "text": "Thanks for the update"}).encode() + b"\n"
    after = json.dumps({"id": "b", "text": "See you at the parade"}).encode() + b"\n"
    huge = b'{"id": "huge", "text": "' + b"spam " * 10_000_000 + b'"}\n'  # 50 MB
    # The same run with a short bad line in its place: the same batches are scored around it.
    base, base_kib = _score_measured(small + b"{not json\n" + after)
    proc, kib = _score_measured(small + huge + after)
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["a", "b"]
    assert (
        proc.returncode == 1 and b"line 2: longer than 1,000,000 bytes (50,000,027); not read" in proc.stderr
    )
    assert kib - base_kib < 40 * 1024, (base_kib, kib)  # far less than the line itself


def test_a_comment_longer_than_the_scan_limit_goes_to_a_person():
    """Issue 11.10: Normalized.truncated was never read; the unscanned middle could hide anything."""
    long = "Great parade today, thank you all. " * 900  # 31,500 characters
    proc = run_jsonl(
        [
            json.dumps({"id": "long", "text": long}),
            json.dumps({"id": "short", "text": "Thanks for the update"}),
        ]
    )
    out = {o["id"]: o for o in map(json.loads, proc.stdout.splitlines())}
    # (The bundled scorer already flags a text this long as possible spam; the note says what was unread.
    # An ALLOW becoming a FLAG is tested in test_daemon with a scorer that allows it.)
    assert out["long"]["action"] != "allow" and "scan limit" in out["long"]["reason"]
    assert "scan limit" not in out["short"]["reason"]


@pytest.mark.parametrize("command", [["flagged"], ["audit", "verify"], ["status"], ["db", "migrate"]])
def test_a_file_that_is_not_a_database_is_one_clear_line(tmp_path, command):
    garbage = tmp_path / "notes.db"
    garbage.write_text("this is not a modbot database\n" * 200)
    result = CliRunner().invoke(main, [*command, "--db", str(garbage)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert "cannot use the database: file is not a database" in result.output
    assert garbage.read_text().startswith("this is not")  # left as it was


@pytest.mark.parametrize(
    ("module", "expected"),
    [("bot", "replay"), ("bot.cli", "replay"), ("bot.sandbox", "--port-base")],
)
def test_the_python_m_entry_points_start_the_cli(module, expected):
    proc = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith(f"Usage: python -m {module} ") and expected in proc.stdout
