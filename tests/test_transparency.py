"""`modbot report`: the month's figures match what the database holds, the next month's records stay out, and
no personal data (comment text, names, ids) reaches the HTML, CSV or JSON; the HTML fetches nothing."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Comment, Platform, Verdict
from bot.store import Store
from bot.store.ops import acknowledge

MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
MODERATOR = "moderator-okafor-3317"


class Clock:
    """The store's clock (bot.store.core.utcnow, the one every table group reads), set by the test."""

    def __init__(self) -> None:
        self.now = MARCH

    def at(self, when: datetime) -> None:
        self.now = when

    def iso(self) -> str:
        return self.now.isoformat(timespec="microseconds")


def _comment(n: int, platform: Platform, text: str, created: datetime) -> Comment:
    return Comment(
        platform=platform,
        page_id=f"pagexq{n}-4471",
        post_id=f"postxq{n}-9902",
        id=f"cmtxq{n}-55{n}17",
        text=text,
        created_at=created,
        author_id=f"authorxq{n}-80{n}31",
        author_name=f"Resident Zebulon{n} Quackenbush",
        raw={"id": f"cmtxq{n}-55{n}17", "message": text},
    )


def _verdict(
    action: str, rule: str | None, category: str | None, policy: str, *, urgent: bool = False
) -> Verdict:
    return Verdict(
        action=ActionKind(action),
        urgent=urgent,
        score=0.9 if rule else 0.0,
        categories=(category,) if category else (),
        rule_id=rule,
        clause=None,
        reason="test",
        reply=None,
        scores={},
        matches=(),
        policy_version=policy,
        scorer="test",
    )


def _act(
    store: Store,
    c: Comment,
    kind: str,
    vid: int,
    finished: datetime,
    *,
    text: str | None = None,
    actor: str = "modbot",
    status: ActionStatus = ActionStatus.DONE,
) -> None:
    action = Action(
        kind=ActionKind(kind),
        comment_uid=c.uid,
        platform=c.platform,
        page_id=c.page_id,
        comment_id=c.id,
        text=text,
        actor=actor,
    )
    row = store.journal_action(action, f"{c.uid}:{kind}:{vid}:{actor}", vid)
    store.complete_action(
        int(row["id"]), ActionResult(action=action, status=status, detail="ok", finished_at=finished)
    )


def _seed(store: Store, clock: Clock) -> None:
    s = timedelta(seconds=1)
    # -- March 2026 ----------------------------------------------------------------------------------
    spam1 = _comment(1, Platform.FACEBOOK, "Buy followers cheap at spamzorp dot example", MARCH)
    spam2 = _comment(2, Platform.FACEBOOK, "Crypto doubling scheme, DM me now wombatcoin", MARCH)
    dox = _comment(3, Platform.INSTAGRAM, "Officer lives at 12 Larkspur Lane, go visit", MARCH)
    urgent = _comment(4, Platform.FACEBOOK, "Someone is breaking into the house on Quillfeather St", MARCH)
    fine = _comment(5, Platform.REDDIT, "Thanks for the pothole update, appreciated muchly", MARCH)
    asks = _comment(6, Platform.FACEBOOK, "When does the records office open on Tuesdays?", MARCH)
    for c in (spam1, spam2, dox, urgent, fine, asks):
        store.archive_comment(c)
    # The question is edited: a second version of the same comment.
    store.archive_comment(replace(asks, text="When does the records office open on Tuesdays and Fridays?"))

    clock.at(MARCH + 10 * s)
    v1 = store.record_verdict(spam1.uid, 1, _verdict("hide", "spam-link", "spam", "policy-2026-03a"))
    v2 = store.record_verdict(spam2.uid, 1, _verdict("hide", "spam-link", "spam", "policy-2026-03a"))
    v3 = store.record_verdict(dox.uid, 1, _verdict("delete", "doxxing-address", "doxxing", "policy-2026-03a"))
    v5 = store.record_verdict(fine.uid, 1, _verdict("allow", None, None, "policy-2026-03a"))
    # A dry run would have hidden the same comment: it removed nothing, so it is no removal to reverse.
    dry = replace(_verdict("hide", "spam-link", "spam", "policy-2026-03a"), dry_run=True)
    store.record_verdict(fine.uid, 1, dry)
    clock.at(MARCH + timedelta(days=5))
    v4 = store.record_verdict(
        urgent.uid, 1, _verdict("reply", "crime-in-progress", "emergency", "policy-2026-03b", urgent=True)
    )
    v6 = store.record_verdict(
        asks.uid, 2, _verdict("reply", "records-question", "question", "policy-2026-03b")
    )
    assert v5

    done = MARCH + 20 * s
    _act(store, spam1, "hide", v1, done)
    _act(store, spam2, "hide", v2, done)
    _act(store, dox, "delete", v3, done)
    _act(store, spam2, "delete", v2, done, status=ActionStatus.FAILED)  # failed: not counted
    urgent_at = MARCH + timedelta(days=5)
    _act(store, urgent, "reply", v4, urgent_at + 5 * s, text="If this is happening now, call 911 right away.")
    _act(store, asks, "reply", v6, urgent_at + 5 * s, text="The records office opens at 9 on weekdays.")
    # A moderator reverses one of the two spam hides.
    clock.at(MARCH + timedelta(days=1))
    store.record_review(spam1.uid, v1, MODERATOR, "restore", "not spam: a local shop")
    _act(store, spam1, "unhide", v1, MARCH + timedelta(days=1, seconds=3), actor=MODERATOR)
    store.record_review(spam2.uid, v2, MODERATOR, "confirm")
    # Alerts about the urgent comment: email 30 s after the verdict, webhook 45 s; a failed one not counted.
    for channel, after in (("email", 30), ("webhook", 45)):
        clock.at(urgent_at)
        alert = store.record_alert(v4, urgent.uid, channel)
        clock.at(urgent_at + after * s)
        store.finish_alert(int(alert["id"]), sent=True)
    failed = store.record_alert(v3, dox.uid, "webhook")
    store.finish_alert(int(failed["id"]), sent=False, error="connection refused")
    clock.at(urgent_at + 90 * s)
    acknowledge(store, v4, MODERATOR)
    clock.at(urgent_at + 120 * s)
    store.record_review(urgent.uid, v4, MODERATOR, "confirm", "patrol sent")

    # -- April 2026: another month; none of it may count for March ------------------------------------
    late = _comment(7, Platform.X, "April spam from grackleshop, click here", APRIL)
    store.archive_comment(late)
    clock.at(APRIL + 10 * s)
    v7 = store.record_verdict(late.uid, 1, _verdict("hide", "spam-link", "spam", "policy-2026-04"))
    v8 = store.record_verdict(
        late.uid, 1, _verdict("reply", "crime-in-progress", "emergency", "policy-2026-04", urgent=True)
    )
    _act(store, late, "hide", v7, APRIL + 20 * s)
    _act(store, late, "reply", v8, APRIL + 20 * s, text="Call 911 if you are in danger.")
    alert = store.record_alert(v8, late.uid, "email")
    store.finish_alert(int(alert["id"]), sent=True)
    store.record_review(late.uid, v7, MODERATOR, "restore")
    _act(store, late, "unhide", v7, APRIL + 60 * s, actor=MODERATOR)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clock = Clock()
    monkeypatch.setattr("bot.store.core.utcnow", clock.iso)
    path = tmp_path / "modbot.db"
    with Store(path) as store:
        _seed(store, clock)
    return path


def _report(db: Path, fmt: str, month: str = "2026-03") -> str:
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--month", month, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_months_figures_match_the_database_and_the_next_month_is_left_out(db: Path) -> None:
    r = json.loads(_report(db, "json"))
    assert (r["report"]["month"], r["report"]["from"], r["report"]["to_exclusive"]) == (
        "2026-03", "2026-03-01", "2026-04-01",
    )  # fmt: skip
    assert r["comments_seen"] == {
        "comments": 6,
        "versions": 7,
        "by_platform": {"facebook": 4, "instagram": 1, "reddit": 1},
    }
    a = r["actions"]
    assert a["total"] == 6  # the failed delete does not count
    assert a["by_kind"] == {"delete": 1, "hide": 2, "reply": 2, "unhide": 1}
    assert a["by_whom"] == {"automatic": 5, "moderator": 1}
    assert a["by_rule"] == {
        "crime-in-progress": {"reply": 1},
        "doxxing-address": {"delete": 1},
        "records-question": {"reply": 1},
        "spam-link": {"hide": 2, "unhide": 1},
    }
    assert a["by_category"]["spam"] == {"hide": 2, "unhide": 1}
    assert a["by_category"]["doxxing"] == {"delete": 1}
    assert a["by_platform"] == {"facebook": {"hide": 2, "reply": 2, "unhide": 1}, "instagram": {"delete": 1}}
    rev = r["removals_reversed"]
    assert (rev["removed"], rev["restored"], rev["override_rate"]) == (3, 1, round(1 / 3, 4))
    assert rev["by_rule"] == [
        {"rule": "spam-link", "removed": 2, "restored": 1, "override_rate": 0.5},
        {"rule": "doxxing-address", "removed": 1, "restored": 0, "override_rate": 0.0},
    ]
    assert r["replies_pointing_to_911"] == 1  # the records-office reply does not point to 911
    assert r["alerts_sent"] == {"total": 2, "by_channel": {"email:comment": 1, "webhook:comment": 1}}
    u = r["urgent"]
    assert u["items"] == 1
    assert u["time_to_alert"] == {"count": 1, "median_seconds": 30.0, "p90_seconds": 30.0}
    assert u["time_to_first_review"] == {"count": 1, "median_seconds": 120.0, "p90_seconds": 120.0}
    assert u["time_to_acknowledgement"] == {"count": 1, "median_seconds": 90.0, "p90_seconds": 90.0}
    assert r["time_to_action"]["count"] == 6
    assert [(p["version"], p["verdicts"]) for p in r["policy_versions"]] == [
        ("policy-2026-03a", 5),
        ("policy-2026-03b", 2),
    ]
    assert r["policy_versions"][0]["first_used"] == "2026-03-10T09:00:10Z"
    assert r["policy_versions"][1]["last_used"] == "2026-03-15T09:00:00Z"

    # April holds only its own records.
    april = json.loads(_report(db, "json", "2026-04"))
    assert april["comments_seen"]["by_platform"] == {"x": 1}
    assert april["actions"]["by_kind"] == {"hide": 1, "reply": 1, "unhide": 1}
    assert april["replies_pointing_to_911"] == 1 and april["alerts_sent"]["total"] == 1
    assert april["removals_reversed"]["restored"] == 1 and april["urgent"]["items"] == 1
    assert april["urgent"]["time_to_acknowledgement"]["count"] == 0
    assert [p["version"] for p in april["policy_versions"]] == ["policy-2026-04"]


def _personal_data(db: Path) -> set[str]:
    with Store(db, migrate=False) as store:
        rows = store._query(
            "SELECT uid, page_id, post_id, comment_id, author_id, author_name, text FROM comments"
        )
        names = {r["moderator"] for r in store._query("SELECT moderator FROM reviews")}
        replies = {r["text"] for r in store._query("SELECT text FROM actions WHERE text IS NOT NULL")}
    values = {str(v) for r in rows for v in r.values() if v} | names | replies
    assert len(values) > 40  # every comment's text, author, and ids: the test reads them all
    return values


@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
def test_no_comment_text_name_or_id_appears_in_the_report(db: Path, fmt: str) -> None:
    for month in ("2026-03", "2026-04"):
        out = _report(db, fmt, month)
        leaked = sorted(v for v in _personal_data(db) if v in out)
        assert leaked == [], f"{fmt} {month} contains {leaked}"
        # Parts of names too (a first or last name on its own).
        assert "Quackenbush" not in out and "Zebulon" not in out


def test_the_html_is_one_self_contained_file(db: Path) -> None:
    html = _report(db, "html")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<svg" in html  # the charts are inline
    assert "to a person&#39;s acknowledgement" in html or "to a person's acknowledgement" in html
    external = re.findall(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*""", html, re.I)
    assert external == []
    assert re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I) == []
    assert re.findall(r"@import", html, re.I) == []
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()  # no stylesheet fetched: the CSS is inline


def test_only_911_as_a_number_of_its_own_counts_as_pointing_to_911(tmp_path: Path) -> None:
    replies = (
        "Your report is filed as case 29115; an officer will follow up.",  # not 911: part of a case number
        "Reference 9110 when you call the records office.",
        "If it is happening now, call 911.",
        "Emergency (911) or non-emergency 575-526-0795.",
    )
    path = tmp_path / "modbot.db"
    with Store(path) as store:
        for n, text in enumerate(replies, start=1):
            c = _comment(n, Platform.FACEBOOK, f"Question number {n} about a report", MARCH)
            store.archive_comment(c)
            vid = store.record_verdict(c.uid, 1, _verdict("reply", "records-question", "question", "p-1"))
            _act(store, c, "reply", vid, MARCH + timedelta(seconds=n), text=text)
    r = json.loads(_report(path, "json"))
    assert r["actions"]["by_kind"] == {"reply": 4}
    assert r["replies_pointing_to_911"] == 2
