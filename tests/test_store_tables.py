"""The store as table groups over one connection (bot/store/): one transaction across groups, one clock, the
batch and single forms of an operation agreeing, and statuses bound from the enums. Real SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import (
    Action,
    ActionKind,
    ActionResult,
    ActionStatus,
    AlertStatus,
    Comment,
    Platform,
    ReviewStatus,
    Verdict,
)
from bot.store import QueueFilter, StoreError, core, ops
from bot.store.core import StoreBase


def _comment(cid: str, page_id: str = "lcpd", text: str = "hello") -> Comment:
    return Comment(
        platform=Platform.FACEBOOK,
        page_id=page_id,
        post_id="10",
        id=cid,
        text=text,
        created_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
        author_id="u1",
        author_name="Ana",
        raw={"id": cid},
    )


def _verdict(action: ActionKind, *, urgent: bool = False) -> Verdict:
    return Verdict(
        action=action,
        urgent=urgent,
        score=0.9,
        categories=("threat",),
        rule_id="threat",
        clause=None,
        reason="test",
        reply=None,
        scores={},
        matches=(),
        policy_version="p1",
        scorer="test",
    )


def test_every_table_group_shares_the_one_connection_and_transaction(store):
    assert all(issubclass(group, StoreBase) for group in type(store).__mro__[1:-2])
    c = _comment("1_1")
    with pytest.raises(RuntimeError, match="abandon"), store.transaction():
        store.archive_comment(c)  # archive group
        store.record_verdict(c.uid, 1, _verdict(ActionKind.HIDE))  # verdicts group
        store.upsert_user("okafor", "hash", "moderator")  # users group
        raise RuntimeError("abandon")
    # Nothing of the three groups' writes, nor their audit rows, survives the rolled-back transaction.
    assert store.count("comments") == store.count("verdicts") == store.count("users") == 0
    assert [r["event"] for r in store.audit_rows()] == ["schema_migrated"]
    assert store.verify_audit()[1] == []


def test_one_clock_for_every_table_group(store, monkeypatch):
    monkeypatch.setattr("bot.store.core.utcnow", lambda: "2026-03-10T09:00:00.000000+00:00")
    c = _comment("1_1")
    store.archive_comment(c)
    vid = store.record_verdict(c.uid, 1, _verdict(ActionKind.HIDE, urgent=True))
    alert = store.record_alert(vid, c.uid, "email")
    store.record_review(c.uid, vid, "okafor", "confirm")
    ack = ops.acknowledge(store, vid, "okafor")
    stamps = {
        store.latest_comment(c.uid)["archived_at"],
        store.verdict(vid)["created_at"],
        alert["created_at"],
        store.reviews_for(c.uid)[0]["created_at"],
        ack["acked_at"] if ack else None,
        store.audit_rows(c.uid)[-1]["ts"],
    }
    assert stamps == {"2026-03-10T09:00:00.000000+00:00"}
    assert core.utcnow() == "2026-03-10T09:00:00.000000+00:00"


def test_record_verdict_is_record_verdicts_of_one_and_a_batch_is_atomic(store):
    a, b = _comment("1_1"), _comment("1_2")
    store.archive_comments([a, b])
    one = store.record_verdict(a.uid, 1, _verdict(ActionKind.ALLOW))
    many = store.record_verdicts(
        [(b.uid, 1, _verdict(ActionKind.HIDE)), (a.uid, 1, _verdict(ActionKind.FLAG))]
    )
    assert many == [one + 1, one + 2]
    statuses = [store.verdict(i)["review_status"] for i in (one, *many)]
    assert statuses == [ReviewStatus.NONE, ReviewStatus.PENDING, ReviewStatus.PENDING]
    assert [r["event"] for r in store.audit_rows(a.uid)].count("verdict") == 2
    # A batch with one bad item (no such archived comment: the foreign key refuses it) records none of it.
    before = store.count("verdicts")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        store.record_verdicts(
            [(a.uid, 1, _verdict(ActionKind.HIDE)), ("facebook:nope", 1, _verdict(ActionKind.HIDE))]
        )
    assert store.count("verdicts") == before


def test_pending_actions_for_every_page_or_one_page(store):
    here, there = _comment("1_1", "lcpd"), _comment("2_1", "other")
    store.archive_comments([here, there])
    rows = {}
    for c in (here, there):
        action = Action(
            kind=ActionKind.HIDE, comment_uid=c.uid, platform=c.platform, page_id=c.page_id, comment_id=c.id
        )
        rows[c.page_id] = (action, store.journal_action(action, f"hide:{c.uid}"))
    assert [r["id"] for r in store.pending_actions()] == [rows["lcpd"][1]["id"], rows["other"][1]["id"]]
    assert [r["page_id"] for r in store.pending_actions("facebook", "other")] == ["other"]
    assert store.pending_actions("x", "other") == []
    with pytest.raises(StoreError, match="both"):
        store.pending_actions("facebook")
    action, row = rows["other"]
    store.complete_action(row["id"], ActionResult(action=action, status=ActionStatus.DONE))
    assert store.pending_actions("facebook", "other") == []
    assert [r["page_id"] for r in store.pending_actions()] == ["lcpd"]
    # A retry scheduled for a failed action puts it back among the pending (bound, not a literal).
    store.complete_action(row["id"], ActionResult(action=action, status=ActionStatus.FAILED, detail="500"))
    store.schedule_action_retry(row["id"], 1e12, "500 again")
    assert store.action(row["id"])["status"] == ActionStatus.PENDING
    assert store.retrying_actions_by_page() == {("facebook", "other"): 1}


def test_unacknowledged_urgent_items_are_the_open_ones_nobody_took_in_hand(store):
    cs = [_comment(f"1_{i}") for i in range(3)]
    store.archive_comments(cs)
    vids = [store.record_verdict(c.uid, 1, _verdict(ActionKind.HIDE, urgent=True)) for c in cs]
    store.record_verdict(cs[0].uid, 1, _verdict(ActionKind.HIDE))  # not urgent: never counted
    for c, vid in zip(cs, vids, strict=True):
        store.finish_alert(int(store.record_alert(vid, c.uid, "email")["id"]), sent=True)
    assert ops.unacknowledged_urgent_count(store) == 3
    store.record_review(cs[1].uid, vids[1], "okafor", "escalate")  # escalated: still open
    store.record_review(cs[2].uid, vids[2], "okafor", "confirm")  # decided: out of the queue
    assert ops.unacknowledged_urgent_count(store) == 2
    ops.acknowledge(store, vids[0], "okafor")
    assert ops.unacknowledged_urgent_count(store) == 1
    alerts = ops.unacknowledged_urgent_alerts(store)
    assert [(a["verdict_id"], a["channel"], a["status"]) for a in alerts] == [
        (vids[1], "email", AlertStatus.SENT)
    ]
    assert ops.first_alert_at(store, vids[1]) == alerts[0]["sent_at"]


def test_the_queue_and_its_counts_read_review_statuses_from_the_enum(store):
    cs = [_comment(f"1_{i}") for i in range(4)]
    store.archive_comments(cs)
    allow = store.record_verdict(cs[0].uid, 1, _verdict(ActionKind.ALLOW))
    flags = [store.record_verdict(c.uid, 1, _verdict(ActionKind.FLAG)) for c in cs[1:]]
    store.record_review(cs[2].uid, flags[1], "okafor", "escalate")
    store.record_review(cs[3].uid, flags[2], "okafor", "keep")
    assert [r["id"] for r in store.review_queue()] == [flags[0], flags[1]]
    assert store.review_queue_count() == 2
    # No status filter: everything a person may see, never an allow verdict.
    assert allow not in [r["id"] for r in store.review_queue(QueueFilter(statuses=None))]
    assert store.review_queue_count(QueueFilter(statuses=None)) == 3
    assert store.review_queue_count(QueueFilter(statuses=(ReviewStatus.KEPT,))) == 1
    assert store.queue_counts_by_page() == {("facebook", "lcpd"): 1}
