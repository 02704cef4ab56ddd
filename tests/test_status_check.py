"""`modbot status --check --stale-intervals N`: how many poll intervals without a completed poll make a page stale."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from tests.test_status import _ago, _status


def test_stale_intervals_sets_the_staleness_threshold(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:  # no config: the interval is the 60 s default
        store.update_page_status(
            "east", "facebook", "1", state="ok", last_poll_at=_ago(10), last_success_at=_ago(10)
        )
    code, out = _status(db, "--check")
    assert code == 1 and "stale" in out  # 10 minutes > max(3 x 60 s, 5 min)
    code, out = _status(db, "--check", "--stale-intervals", "20")
    assert code == 0, out  # 10 minutes < 20 x 60 s
    code, out = _status(db, "--check", "--stale-intervals", "0.5")
    assert code == 2  # below 1 is a usage error


def test_a_lease_nobody_renews_fails_the_check(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.update_page_status(
            "east", "facebook", "1", state="ok", last_poll_at=_ago(0.5), last_success_at=_ago(0.5)
        )
        assert store.hold_lease("facebook:1", "host-a:123", 60)
    assert _status(db, "--check")[0] == 0
    with Store(db) as store:
        store.conn.execute("UPDATE page_leases SET expires_at = expires_at - 3600")
    code, out = _status(db, "--check")
    assert code == 1 and "lease held by nobody: facebook:1" in out
