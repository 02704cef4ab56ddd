"""`modbot status` tells the truth (issues 11.6, 11.7): every state is derived from what happened: counts
from the archive itself, "stale" when no poll has completed for a while, a rejected policy reload shown."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.store import Store
from tests.browser.seed import comment

REPO = Path(__file__).resolve().parent.parent


def _status(db: Path, *extra: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["status", "--db", str(db), *extra])
    return r.exit_code, r.output


def _ago(minutes: float) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="microseconds")


def test_archived_counts_per_page_come_from_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        for n in range(5):
            store.archive_comment(comment(f"a{n}", f"comment {n}", page_id="111"))
        for n in range(3):
            store.archive_comment(comment(f"b{n}", f"comment {n}", page_id="222"))
        store.archive_comment(comment("b0", "comment 0, edited", page_id="222"))
        # Two pages on one platform; the first's cycles failed after archiving, so its counter lagged.
        store.update_page_status("east", "facebook", "111", state="ok", last_poll_at=_ago(0), comments_seen=1)
        store.update_page_status("west", "facebook", "222", state="ok", last_poll_at=_ago(0), comments_seen=3)
    code, out = _status(db)
    assert code == 0
    east, west = out.split("west (facebook 222)")
    assert "comments:     5 archived (5 versions)" in east
    assert "comments:     3 archived (4 versions)" in west


def test_a_page_left_starting_or_ok_with_no_poll_for_long_is_stale(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.update_page_status("fresh", "facebook", "1", state="ok", last_poll_at=_ago(0.5))
        # The daemon started, then could not complete a single poll (a full disk, say).
        store.update_page_status("stuck", "facebook", "2", state="starting")
        store.conn.execute("UPDATE page_status SET state_since = ? WHERE page = 'stuck'", (_ago(30),))
        # Last good poll an hour ago, then stuck in a network call: it still said ok.
        store.update_page_status(
            "hung", "x", "3", state="ok", last_poll_at=_ago(60), last_success_at=_ago(60)
        )
    code, out = _status(db, "--check")
    assert code == 1
    text = out.replace("\n  ", " ")
    assert "fresh (facebook 1) state:        ok since" in text
    assert "stuck (facebook 2) state:        stale since" in text and "no poll has ever completed" in text
    assert "hung (x 3) state:        stale" in text and "no poll has completed for" in text
    assert "pages not ok: hung, stuck" in out


def test_a_rejected_policy_reload_is_audited_and_shown(tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.daemon import Daemon
    from tests.test_daemon import KeywordScorer

    policy = tmp_path / "policy"
    shutil.copytree(REPO / "moderation_policies", policy)
    db = tmp_path / "s.db"
    daemon = Daemon(Settings(db_path=db, policy_dir=policy), scorer=KeywordScorer())
    daemon.start()
    try:
        broken = next(policy.glob("*.y*ml"))
        broken.write_text("rules: [this is: not: valid\n")
        assert daemon.reload_policy() is False
    finally:
        assert daemon.shutdown()
    with Store(db) as store:
        rows = [r for r in store.audit_rows() if r["event"] == "policy_reload_rejected"]
        assert len(rows) == 1
    code, out = _status(db, "--check")
    assert "policy: last reload REJECTED" in out and code == 1 and "policy reload rejected" in out
