"""Issue 12.8 and 12.7 outside the browser: the CLI resolves the database one way, `policy check --policy`,
`policy show` headers, a busy port, the export form after an error, Restore on a visible comment, the
demo's fresh comments, and the decision's explanation on the item page."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.sandbox import Sandbox
from bot.sandbox.seeds import seed_demo
from bot.store import Store
from bot.web import create_app
from tests.browser.seed import add_users, comment, judge, seed_plain, verdict
from tests.conftest import signed_in

REPO = Path(__file__).resolve().parents[1]


def _seeded_db(path: Path) -> None:
    with Store(path) as store:
        add_users(store)
        seed_plain(store)


@pytest.mark.parametrize("command", [["status"], ["flagged"], ["audit", "verify"]])
def test_status_and_flagged_find_the_database_like_every_other_command(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODBOT_CONFIG", raising=False)
    # No --db and no config: ./modbot.db, as every command does (status used to demand --config or --db).
    _seeded_db(tmp_path / "modbot.db")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "give --config or --db" not in result.output
    # $MODBOT_CONFIG names a config whose db is elsewhere: that one is used, not ./modbot.db.
    other = tmp_path / "elsewhere" / "modbot.db"
    other.parent.mkdir()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[modbot]\ndb = "{other}"\npolicy_dir = "{REPO / "moderation_policies"}"\n')
    monkeypatch.setenv("MODBOT_CONFIG", str(cfg))
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1 and f"no database at {other}" in result.output, result.output
    _seeded_db(other)
    assert CliRunner().invoke(main, command).exit_code == 0


def test_policy_check_takes_policy_dir_as_the_readme_says_and_show_has_headers(tmp_path):
    policy_dir = str(REPO / "moderation_policies")
    ok = CliRunner().invoke(main, ["policy", "check", "--policy", policy_dir])
    assert ok.exit_code == 0 and "policy OK" in ok.output, ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: {name: x}\nrules: [{id: r1}]\n")
    refused = CliRunner().invoke(main, ["policy", "check", "--policy", str(bad)])
    assert refused.exit_code == 1 and "r1" in refused.output
    clash = CliRunner().invoke(main, ["policy", "check", policy_dir, "--policy", str(bad)])
    assert clash.exit_code == 2 and "not two different ones" in clash.output
    shown = CliRunner().invoke(main, ["policy", "show", "--policy", policy_dir])
    assert shown.exit_code == 0, shown.output
    header = shown.output.splitlines()[0].split()
    assert header == ["RULE", "ACTION", "CATEGORY", "FLAGS", "THRESHOLDS"]
    threat = next(line for line in shown.output.splitlines() if line.startswith("threat-violence "))
    assert "urgent" in threat and "threat >= 0.995" in threat


def test_serve_on_a_busy_port_is_one_line_not_a_traceback(tmp_path):
    _seeded_db(tmp_path / "m.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--demo-secret", "--db", str(tmp_path / "m.db"), "--port", str(port)]
        )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(another program is using it; pick another with --port)"
    ]
    assert "Traceback" not in result.output


def test_export_form_keeps_the_dates_typed_after_an_error(tmp_path):
    store = Store(tmp_path / "w.db")
    add_users(store)
    client, _ = signed_in(create_app(store), "rex")
    r = client.get("/export/download?from=2026-05-09&to=2026-05-01&format=json")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'name="from" value="2026-05-09"' in page and 'name="to" value="2026-05-01"' in page
    assert 'value="json" checked' in page
    assert "flash error" in page
    store.close()


def test_restore_is_disabled_on_a_visible_comment_as_hide_is_on_a_hidden_one(tmp_path):
    store = Store(tmp_path / "w.db")
    add_users(store)
    visible = judge(store, comment("v1", "The chief should resign"), verdict("flag", "harassment"))
    hidden = judge(store, comment("h1", "hidden when fetched", hidden=True), verdict("flag", "spam"))
    client, _ = signed_in(create_app(store))

    def disabled(verdict_id: int, value: str) -> bool:
        html = client.get(f"/item/{verdict_id}").get_data(as_text=True)
        tag = next(t for t in html.split("<button")[1:] if f'value="{value}"' in t.split(">", 1)[0])
        return "disabled" in tag.split(">", 1)[0]

    assert disabled(visible, "restore") and not disabled(visible, "hide")
    assert not disabled(hidden, "restore")
    store.close()


def test_item_page_says_which_signals_crossed_which_thresholds(tmp_path):
    store = Store(tmp_path / "w.db")
    add_users(store)
    from dataclasses import replace

    from bot.domain import ActionKind, RuleMatch

    v = replace(
        verdict("flag", "threat", rule_id="threat-possible", score=0.41),
        scores={"threat": 0.41, "counter_speech": 0.02},
        matches=(
            RuleMatch(
                rule_id="threat-possible",
                title="Possible threat",
                category="threat",
                clause="clause",
                action=ActionKind.FLAG,
                urgent=True,
                dry_run=False,
                evidence=("threat=0.41",),
            ),
        ),
    )
    vid = judge(store, comment("t1", "you'll get what's coming"), v)
    app = create_app(store, policy_dir=REPO / "moderation_policies")
    client, _ = signed_in(app, "ada")
    html = client.get(f"/item/{vid}").get_data(as_text=True)
    section = html[html.index('id="explain"') :]
    assert 'data-rule="threat-possible"' in section
    assert "threat = <b>0.410</b>" in section and "crossed" in section
    policy_page = client.get("/admin/policy").get_data(as_text=True)
    row = policy_page[policy_page.index('data-rule="threat-violence"') :].split("</tr>", 1)[0]
    assert "threat &gt;= 0.995" in row and "urgent" in row and "hide" in row and "Attachment" not in row[:0]
    store.close()


def test_demo_comments_are_stamped_just_before_the_first_poll():
    end = time.time()
    sandbox = Sandbox.start(seed=lambda sb: seed_demo(sb, comments_end=end), platforms=["facebook"])
    try:
        created = [sandbox.comment("facebook", cid)["created"] for cid in sandbox.comment_ids("facebook")]
    finally:
        sandbox.stop()
    assert created and all(end - 120 <= c <= end for c in created)
