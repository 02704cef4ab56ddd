"""`modbot replay` on the demo database: a candidate rule hiding "corrupt" is caught before it runs (exit 3,
the critics listed), the shipped policy changes nothing, nothing is written; the admin page shows the same."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.demo import run_demo
from bot.domain import Comment, Platform
from bot.moderation import Moderator, score_input
from bot.store import Store
from bot.web import close_app, create_app
from tests.browser.seed import PASSWORD, add_users

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "moderation_policies"
# Critics of the department, as a page gets them: harsh, and none of them removable.
CRITICS = {
    "kept": "LCPD is corrupt as hell, a f***ing disgrace.",  # flagged; a moderator keeps it up
    "plain": "This department is corrupt from top to bottom and the chief knows it.",
    "plural": "Corrupt cops protecting corrupt cops. Nothing changes.",
}
CORRUPT_RULE = """rules:
  - id: corrupt-word
    title: Calls the department corrupt
    clause: "Candidate rule under test: hides comments that call anyone corrupt."
    category: harassment
    when:
      any:
        - {keywords: ["corrupt", "corruption"]}
    action: hide
%s"""
OVERRIDE = (
    '    viewpoint_override: "Candidate only: written to check that replay stops a viewpoint rule before '
    'it goes live."\n'
)


def _critic(n: int, text: str) -> Comment:
    from datetime import UTC, datetime

    return Comment(
        platform=Platform.FACEBOOK,
        page_id="critics-page",
        post_id="critics-post",
        id=f"critic-{n}",
        text=text,
        created_at=datetime.now(UTC),
        author_id=f"critic-author-{n}",
        author_name=f"Critic {n}",
        raw={"id": f"critic-{n}", "message": text},
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, moderator: Moderator) -> dict[str, object]:
    """The demo's database after two rounds, plus three critics judged by the shipped policy as the daemon
    judges them, one of them (flagged) kept up by a moderator."""
    root = tmp_path_factory.mktemp("replay")
    run_demo(
        root / "demo", cycles=2, port=0, interval_seconds=0.5, serve_app=False, install_signals=False,
        echo=lambda _line: None,
    )  # fmt: skip
    db = root / "demo" / "modbot.db"
    uids = {}
    with Store(db) as store:
        for n, (key, text) in enumerate(CRITICS.items()):
            c = _critic(n, text)
            archived = store.archive_comment(c)
            verdict = moderator.judge(score_input(c))
            vid = store.record_verdict(c.uid, archived.version, verdict)
            uids[key] = c.uid
            if key == "kept":
                assert verdict.action.value == "flag", verdict
                store.record_review(c.uid, vid, "mia", "keep", "criticism stays up")
            else:
                assert verdict.action.value == "allow", verdict
    return {"db": db, "uids": uids, "root": root}


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    """The shipped policy plus a rule hiding "corrupt", with the viewpoint override the guard demands."""
    target = tmp_path / "candidate"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns("*.md", "*.txt"))
    (target / "zz_corrupt.yaml").write_text(CORRUPT_RULE % OVERRIDE, encoding="utf-8")
    return target


def _counts(db: Path) -> dict[str, int]:
    with Store(db, migrate=False) as store:
        return {t: store.count(t) for t in ("comments", "verdicts", "actions", "reviews", "alerts", "audit")}


def _replay(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["replay", "--db", str(db), *args])


def test_a_rule_hiding_corrupt_exits_3_and_lists_the_critics_it_would_hide(demo_db, candidate):
    db = demo_db["db"]
    before = _counts(db)
    result = _replay(db, "--policy", str(candidate), "--format", "json")
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    uids = demo_db["uids"]
    assert {i["uid"] for i in report["would_hide_restored"]} == {uids["kept"]}
    kept = report["would_hide_restored"][0]
    assert kept["text"] == CRITICS["kept"] and kept["moderator"] == "keep"
    assert (kept["old_action"], kept["new_action"], kept["new_rule"]) == ("flag", "hide", "corrupt-word")
    assert kept["scores"]["institution_target"] >= 0.5
    # Every critic is newly hidden, and the institution-target signal marks each of them.
    assert {i["uid"] for i in report["newly_hidden"]} == set(uids.values())
    assert {i["uid"] for i in report["would_hide_protected"]} == set(uids.values())
    assert all("institution_target" in i["protected_signals"] for i in report["would_hide_protected"])
    assert {i["text"] for i in report["newly_hidden"]} == set(CRITICS.values())
    assert report["matrix"]["allow->hide"] == 2 and report["matrix"]["flag->hide"] == 1
    assert report["per_rule"]["corrupt-word"] == {"caught": 3, "released": 0}
    # The kept critic's old flag (whichever rule the shipped model gave it) is released for the new hide.
    assert report["per_rule"][kept["old_rule"]] == {"caught": 0, "released": 1}
    assert report["newly_released"] == [] and report["changed"] == 3
    assert report["compared"] == before["comments"]
    assert report["policy_version_new"] != report["policy_version_old"]
    assert report["scorer"] == "recorded" and report["rescored"] == 0
    assert set(report) >= {
        "range", "policy_version_old", "policy_version_new", "scorer", "compared", "matrix",
        "would_hide_restored", "would_hide_protected", "newly_hidden", "newly_released",
    }  # fmt: skip
    # Nothing acted on, nothing recorded.
    assert _counts(db) == before


def test_the_text_report_calls_out_the_critics_first(demo_db, candidate, tmp_path):
    out = tmp_path / "replay.txt"
    result = _replay(demo_db["db"], "--policy", str(candidate), "--out", str(out))
    assert result.exit_code == 3
    text = out.read_text(encoding="utf-8")
    assert text.index("WOULD HIDE what a moderator restored or kept up: 1") < text.index(
        "Old action -> new action"
    )
    assert text.index(CRITICS["kept"]) < text.index("Old action -> new action")
    assert "WOULD NEWLY HIDE speech the protected-speech signals mark: 3" in text
    assert re.search(r"allow -> hide\s+2\s+changed", text)
    assert "corrupt-word" in text and "Newly hidden or deleted: 3" in text


def test_the_csv_report_has_one_row_per_listed_version(demo_db, candidate):
    result = _replay(demo_db["db"], "--policy", str(candidate), "--format", "csv")
    assert result.exit_code == 3
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_list: dict[str, set[str]] = {}
    for row in rows:
        by_list.setdefault(row["list"], set()).add(row["text"])
    assert by_list["would_hide_restored"] == {CRITICS["kept"]}
    assert by_list["newly_hidden"] == set(CRITICS.values())
    assert all(r["new_rule"] == "corrupt-word" for r in rows)


def test_the_shipped_policy_reports_zero_changes(demo_db):
    before = _counts(demo_db["db"])
    result = _replay(demo_db["db"], "--policy", str(SHIPPED), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changed"] == 0 and report["compared"] == before["comments"]
    assert all(k.split("->")[0] == k.split("->")[1] for k in report["matrix"])
    for key in ("would_hide_restored", "would_hide_protected", "newly_hidden", "newly_released"):
        assert report[key] == []
    assert report["per_rule"] == {}
    assert report["policy_version_new"] == report["policy_version_old"]
    text = _replay(demo_db["db"], "--policy", str(SHIPPED))
    assert text.exit_code == 0 and "0 would change" in text.stdout


def test_the_shipped_policy_with_the_scorer_run_again_changes_nothing(demo_db):
    result = _replay(demo_db["db"], "--policy", str(SHIPPED), "--scorer", "bundled", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["scorer"] == "bundled" and report["rescored"] == report["compared"] > 0
    assert report["changed"] == 0


def test_the_guard_refuses_the_candidate_without_a_viewpoint_override(demo_db, candidate):
    (candidate / "zz_corrupt.yaml").write_text(CORRUPT_RULE % "", encoding="utf-8")
    result = _replay(demo_db["db"], "--policy", str(candidate))
    assert result.exit_code == 1
    assert "viewpoint guard" in result.output and "corrupt-word" in result.output


def test_the_range_limits_what_is_replayed(demo_db, candidate):
    result = _replay(
        demo_db["db"], "--policy", str(candidate), "--from", "2000-01-01", "--to", "2000-12-31",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["compared"] == 0 and report["range"] == {"from": "2000-01-01", "to": "2000-12-31"}
    bad = _replay(demo_db["db"], "--policy", str(candidate), "--from", "2026-02-30")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_a_hide_a_moderator_restored_counts_even_when_the_recorded_verdict_hid_it_too(tmp_path, moderator):
    """A moderator already put this comment back: a policy that would hide it again is stopped as well."""
    db = tmp_path / "restored.db"
    text = "I'll shoot the next cop I see. Watch me."
    with Store(db) as store:
        c = _critic(9, text)
        archived = store.archive_comment(c)
        verdict = moderator.judge(score_input(c))
        assert verdict.removes, verdict
        vid = store.record_verdict(c.uid, archived.version, verdict)
        store.record_review(c.uid, vid, "mia", "restore", "a quote from the news story")
    result = _replay(db, "--policy", str(SHIPPED), "--format", "json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["changed"] == 0 and report["newly_hidden"] == []
    assert [(i["old_action"], i["moderator"]) for i in report["would_hide_restored"]] == [
        (verdict.action.value, "restore")
    ]


def test_the_admin_page_shows_the_same_report(demo_db, candidate):
    db = Path(str(demo_db["db"]))
    with Store(db) as store:
        add_users(store)
    app = create_app(db)
    try:
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"csrf_token": token, "username": "ada", "password": PASSWORD})
        page = client.get("/admin/replay", query_string={"policy": str(candidate)})
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "would hide 1 comment(s) a moderator restored or kept up" in html
        for text in CRITICS.values():
            assert text in html
        assert "allow → hide" in html and "corrupt-word" in html
        shipped = client.get("/admin/replay", query_string={"policy": str(SHIPPED)}).get_data(as_text=True)
        assert "0 would change" in shipped and "hides nothing a moderator restored" in shipped
        # Only policy files are read: not an arbitrary file on the server.
        other = client.get("/admin/replay", query_string={"policy": "/etc/passwd"}).get_data(as_text=True)
        assert "not a policy directory or .yaml file" in other and "root:" not in other
        # Moderators do not get it.
        mod = app.test_client()
        token = re.search(  # type: ignore[union-attr]
            r'name="csrf_token" value="([^"]+)"', mod.get("/login").get_data(as_text=True)
        ).group(1)
        mod.post("/login", data={"csrf_token": token, "username": "mia", "password": PASSWORD})
        assert mod.get("/admin/replay", query_string={"policy": str(candidate)}).status_code == 403
    finally:
        close_app(app)


def test_bench_replay_prints_the_time(tmp_path):
    result = CliRunner().invoke(main, ["bench", "replay", "--versions", "400"])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"replay:\s+\d+\.\d s \(\d+ versions/s; scorer recorded, 0 scored again\)", result.output
    )
    assert "archived versions: 400" in result.output and "would change:      0" in result.output
