"""The store's typed rows name exactly the columns its queries return (bot.store.rows): the review queue and
one item, page statuses, and one comment's whole history. Real SQLite, migrated to the current schema."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Comment, Platform, Verdict
from bot.store import QueueFilter, Store
from bot.store.rows import (
    ActionRow,
    AuditRow,
    CommentHistory,
    CommentRow,
    PageStatusRow,
    QueueRow,
    ReviewRow,
    VerdictRow,
)


def _seeded(tmp_path) -> tuple[Store, str, int]:
    store = Store(tmp_path / "rows.db")
    comment = Comment(
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        post_id="10",
        id="10_1",
        text="you will regret this",
        created_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
        author_id="u1",
        author_name="Ana",
        raw={"id": "10_1"},
    )
    store.archive_comments([comment])
    verdict = Verdict(
        action=ActionKind.HIDE,
        urgent=True,
        score=0.9,
        categories=("threat",),
        rule_id="threat",
        clause=None,
        reason="test",
        reply=None,
        scores={"threat": 0.9},
        matches=(),
        policy_version="p1",
        scorer="test",
    )
    vid = store.record_verdict(comment.uid, 1, verdict)
    action = Action(
        kind=ActionKind.HIDE,
        comment_uid=comment.uid,
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        comment_id="10_1",
    )
    row = store.journal_action(action, "hide:facebook:10_1:v1", vid)
    store.complete_action(row["id"], ActionResult(action=action, status=ActionStatus.DONE))
    store.record_review(comment.uid, vid, "okafor", "escalate")
    store.update_page_status(
        "lcpd-facebook", "facebook", "lcpd", state="ok", last_poll_at="2026-11-01T12:00:00+00:00"
    )
    return store, comment.uid, vid


def test_queue_rows_and_an_item_carry_exactly_the_queue_row_columns(tmp_path):
    store, uid, vid = _seeded(tmp_path)
    with store:
        (queued,) = store.review_queue(QueueFilter(statuses=None))
        item = store.review_item(vid)
    assert set(queued) == QueueRow.__required_keys__
    assert item is not None and set(item) == QueueRow.__required_keys__
    assert (item["id"], item["comment_uid"], item["state"]) == (vid, uid, "hidden")


def test_page_statuses_carry_exactly_the_page_status_row_columns(tmp_path):
    store, _, _ = _seeded(tmp_path)
    with store:
        (status,) = store.page_statuses()
    assert set(status) == PageStatusRow.__required_keys__
    assert (status["page"], status["page_id"], status["state"]) == ("lcpd-facebook", "lcpd", "ok")


def test_a_comment_history_holds_each_table_s_typed_rows(tmp_path):
    store, uid, vid = _seeded(tmp_path)
    with store:
        history = store.comment_history(uid)
    assert set(history) == CommentHistory.__required_keys__
    shapes = {
        "versions": CommentRow,
        "verdicts": VerdictRow,
        "actions": ActionRow,
        "reviews": ReviewRow,
        "audit": AuditRow,
    }
    for key, shape in shapes.items():
        assert history[key], key
        assert all(set(row) == shape.__required_keys__ for row in history[key]), key
    assert [v["id"] for v in history["verdicts"]] == [vid]
    assert history["state"] == "hidden"
