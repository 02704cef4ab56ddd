"""`modbot report`: a removal counts when the platform carried it out (not when a verdict decided it), and
every figure of a month uses one basis, UTC, over [first day, next month's first day): events one second
either side of the boundary fall in their own month, whatever offset their timestamp was stored with."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Platform
from bot.store import Store
from tests.store_clock import set_store_clock
from tests.test_transparency import _act, _comment, _report, _verdict

try:  # bot/store.py is becoming a package (bot.store.ops); either layout works
    from bot.store.ops import acknowledge
except ImportError:
    from bot.store.ops import acknowledge

BOUNDARY = datetime(2026, 4, 1, tzinfo=UTC)
BEFORE = BOUNDARY - timedelta(seconds=1)  # 2026-03-31 23:59:59 UTC
AFTER = BOUNDARY + timedelta(seconds=1)  # 2026-04-01 00:00:01 UTC


class Clock:
    """The store's clock, set by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def iso(self) -> str:
        return self.now.isoformat(timespec="microseconds")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(BEFORE)
    set_store_clock(monkeypatch, c.iso)
    return c


def _complete(store: Store, row_id: int, action: Action, status: ActionStatus, at: datetime) -> None:
    store.complete_action(
        row_id, ActionResult(action=action, status=status, detail=status.value, finished_at=at)
    )


def test_a_removal_counts_when_carried_out_not_when_decided(tmp_path: Path, clock: Clock) -> None:
    march = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)
    clock.now = march
    path = tmp_path / "modbot.db"
    with Store(path) as store:
        done, failed, pending, waiting, dry, flagged = (
            _comment(n, Platform.FACEBOOK, f"Spam number {n} from a shop", march) for n in range(1, 7)
        )
        for c in (done, failed, pending, waiting, dry, flagged):
            store.archive_comment(c)
        hide = _verdict("hide", "spam-link", "spam", "p-1")
        v_done = store.record_verdict(done.uid, 1, hide)
        v_failed = store.record_verdict(failed.uid, 1, hide)
        v_pending = store.record_verdict(pending.uid, 1, hide)
        store.record_verdict(waiting.uid, 1, _verdict("delete", "doxxing-address", "doxxing", "p-1"))
        store.record_verdict(dry.uid, 1, replace(hide, dry_run=True))
        at = march + timedelta(seconds=30)
        _act(store, done, "hide", v_done, at)
        _act(store, failed, "hide", v_failed, at, status=ActionStatus.FAILED)
        # Journaled before the platform call and never completed: the platform has not confirmed it.
        store.journal_action(
            Action(
                kind=ActionKind.HIDE,
                comment_uid=pending.uid,
                platform=pending.platform,
                page_id=pending.page_id,
                comment_id=pending.id,
            ),
            f"{pending.uid}:hide:{v_pending}:modbot",
            v_pending,
        )
        # A flagged comment a moderator deletes: a removal carried out, though no verdict decided it.
        v_flag = store.record_verdict(flagged.uid, 1, _verdict("flag", "harassment", "harassment", "p-1"))
        store.record_review(flagged.uid, v_flag, "mod-ines", "delete")
        _act(store, flagged, "delete", v_flag, at + timedelta(minutes=5), actor="mod-ines")
        # A moderator "restores" the comment whose hide failed: it was never removed, so nothing is reversed.
        store.record_review(failed.uid, v_failed, "mod-ines", "restore")

    r = json.loads(_report(path, "json"))
    rev = r["removals_reversed"]
    assert (rev["removed"], rev["restored"]) == (2, 0)
    assert rev["by_rule"] == [
        {"rule": "harassment", "removed": 1, "restored": 0, "override_rate": 0.0},
        {"rule": "spam-link", "removed": 1, "restored": 0, "override_rate": 0.0},
    ]
    assert "failed or is still pending is not counted" in rev["counted"]
    # The verdicts stay visible, labelled as decisions: four decided (the dry run is none, the flag neither),
    # one of them carried out.
    dec = r["removal_decisions"]
    assert (dec["decided"], dec["carried_out"]) == (4, 1)
    assert dec["by_rule"] == {"spam-link": 3, "doxxing-address": 1}
    assert r["actions"]["by_kind"] == {"delete": 1, "hide": 1}

    html = _report(path, "html")
    assert re.search(r'id="removals-carried-out">2</b>\s*removals carried out', html)
    assert re.search(r'id="removals-reversed">0</b>\s*of them reversed by a moderator', html)
    assert "4 verdicts in the month decided to hide or delete" in html
    assert "1 of these decisions have been carried out" in html
    assert '<span id="urgent-items">0</span> urgent items' in html and "built-in method" not in html


def _seed_boundary(store: Store, clock: Clock) -> None:
    """One of everything one second before midnight UTC on 31 March, and one second after."""
    minus6, plus2 = timezone(timedelta(hours=-6)), timezone(timedelta(hours=2))
    m = _comment(1, Platform.FACEBOOK, "Spam before midnight, buy now", BEFORE)
    a = _comment(2, Platform.FACEBOOK, "Spam after midnight, buy now", AFTER)
    # Written at 18:00:01 in Las Cruces on 31 March: 00:00:01 UTC on 1 April.
    a_local = _comment(3, Platform.REDDIT, "Spam at six in the evening local", AFTER.astimezone(minus6))
    for c in (m, a, a_local):
        store.archive_comment(c)

    clock.now = BEFORE
    vm = store.record_verdict(m.uid, 1, _verdict("hide", "spam-link", "spam", "p-march"))
    um = store.record_verdict(
        m.uid, 1, _verdict("reply", "crime-in-progress", "emergency", "p-march", urgent=True)
    )
    alert = store.record_alert(um, m.uid, "email")
    store.finish_alert(int(alert["id"]), sent=True)
    # The platform answered in local times: 01:59:59+02:00 is still March in UTC, 18:00:01-06:00 is April.
    _act(store, m, "hide", vm, BEFORE.astimezone(plus2))
    _act(store, m, "reply", um, BEFORE, text="If this is happening now, call 911.")

    clock.now = AFTER
    va = store.record_verdict(a.uid, 1, _verdict("hide", "spam-link-2", "spam", "p-april"))
    ua = store.record_verdict(
        a.uid, 1, _verdict("reply", "crime-in-progress", "emergency", "p-april", urgent=True)
    )
    alert = store.record_alert(ua, a.uid, "email")
    store.finish_alert(int(alert["id"]), sent=True)
    _act(store, a, "hide", va, AFTER.astimezone(minus6))
    _act(store, a, "reply", ua, AFTER, text="Call 911 if you are in danger.")
    # March's urgent item is acknowledged after midnight: its time belongs to March, the decision's month.
    acknowledge(store, um, "mod-ines")
    clock.now = AFTER + timedelta(seconds=1)
    acknowledge(store, ua, "mod-ines")


def test_events_one_second_either_side_of_midnight_fall_in_their_own_month(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "modbot.db"
    with Store(path) as store:
        _seed_boundary(store, clock)
    march, april = (json.loads(_report(path, "json", month)) for month in ("2026-03", "2026-04"))
    assert '<span id="urgent-items">1</span> urgent items' in _report(path, "html", "2026-03")

    assert march["comments_seen"] == {"comments": 1, "versions": 1, "by_platform": {"facebook": 1}}
    assert april["comments_seen"] == {
        "comments": 2,
        "versions": 2,
        "by_platform": {"facebook": 1, "reddit": 1},
    }
    # The rule tells the two hides apart: their times were stored with +02:00 and -06:00 offsets.
    for r, rule, policy, first, last in (
        (march, "spam-link", "p-march", "2026-03-31T23:59:59Z", "2026-03-31T23:59:59Z"),
        (april, "spam-link-2", "p-april", "2026-04-01T00:00:01Z", "2026-04-01T00:00:01Z"),
    ):
        assert r["actions"]["by_kind"] == {"hide": 1, "reply": 1}, r["report"]["month"]
        assert r["actions"]["by_rule"] == {rule: {"hide": 1}, "crime-in-progress": {"reply": 1}}
        assert [o["rule"] for o in r["removals_reversed"]["by_rule"]] == [rule]
        assert r["time_to_action"]["count"] == 2
        assert (r["removals_reversed"]["removed"], r["removal_decisions"]["decided"]) == (1, 1)
        assert r["replies_pointing_to_911"] == 1
        assert r["alerts_sent"] == {"total": 1, "by_channel": {"email:comment": 1}}
        assert r["urgent"]["items"] == 1
        assert r["urgent"]["time_to_alert"]["count"] == 1
        assert r["policy_versions"] == [
            {"version": policy, "first_used": first, "last_used": last, "verdicts": 2}
        ]
    # Each urgent item's acknowledgement counts once, in its decision's month, whenever it came.
    assert march["urgent"]["time_to_acknowledgement"] == {
        "count": 1,
        "median_seconds": 2.0,
        "p90_seconds": 2.0,
    }
    assert april["urgent"]["time_to_acknowledgement"] == {
        "count": 1,
        "median_seconds": 1.0,
        "p90_seconds": 1.0,
    }
    # Nothing of either second strays into the neighbouring months.
    for month in ("2026-02", "2026-05"):
        r = json.loads(_report(path, "json", month))
        assert r["comments_seen"]["comments"] == 0 and r["actions"]["total"] == 0
        assert r["alerts_sent"]["total"] == 0 and r["urgent"]["items"] == 0 and r["policy_versions"] == []
