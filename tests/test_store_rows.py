"""The store's typed rows name exactly the columns its queries return (bot.store.rows): the review queue and
one item, page statuses, one comment's whole history, what surrounds an item (bot.store.context) and the
stats page's queries. Real SQLite, migrated to the current schema."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Comment, Platform, Verdict
from bot.store import QueueFilter, Store
from bot.store import context as store_context
from bot.store import media as store_media
from bot.store.rows import (
    ActionLatencyRow,
    ActionRow,
    ActionsPerDayRow,
    AlsoOnPageRow,
    AuditRow,
    CommentHistory,
    CommentRow,
    CommentStateRow,
    ContextCommentRow,
    DecoratedVerdict,
    ExportPostRows,
    ExportRows,
    OverrideRateRow,
    PageStatusRow,
    PostRow,
    PostVersionRow,
    QueueItem,
    QueueRow,
    QueueSpanRow,
    QueueViewFilters,
    ReviewRow,
    VerdictRow,
)
from bot.web.views.queue import _decorate, queue_filters
from tests.test_thread_context import put


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


def test_the_export_queries_hold_each_table_s_typed_rows(tmp_path):
    store, uid, _ = _seeded(tmp_path)
    with store:
        store_media.archive_posts(
            store, [store_media.PostText(platform="facebook", page_id="lcpd", post_id="10", text="Parade")]
        )
        rows = store.export_rows([uid])
        posts = store.export_post_rows([("facebook", "10")])
    assert set(rows) == ExportRows.__required_keys__
    shapes = {
        "versions": CommentRow,
        "verdicts": VerdictRow,
        "actions": ActionRow,
        "reviews": ReviewRow,
        "state": CommentStateRow,
    }
    for key, shape in shapes.items():
        assert rows[key], key
        assert all(set(row) == shape.__required_keys__ for row in rows[key]), key
    assert set(posts) == ExportPostRows.__required_keys__
    assert [set(p) for p in posts["posts"]] == [PostRow.__required_keys__]
    assert [set(v) for v in posts["versions"]] == [PostVersionRow.__required_keys__]


def test_what_surrounds_an_item_carries_exactly_the_context_row_columns(tmp_path):
    with Store(tmp_path / "context.db") as store:
        put(store, "top", "Where was the road closed?", minute=0, author="bob", judge="allow")
        put(store, "b1", "before it", minute=1, author="ann")
        vid = put(store, "it", "you all deserve it", minute=2, parent="top", judge="flag")
        put(store, "a1", "after it", minute=3, author="cy")
        put(store, "elsewhere", "you all deserve it", minute=4, page="other", post="p9", judge="flag")
        assert vid is not None
        item = store.review_item(vid)
        assert item is not None
        parent = store_context.parent_comment(store, "facebook", item["parent_id"])
        before, after = store_context.thread_neighbours(store, item)
        by_author, total = store_context.author_on_page(store, item)
        (also_on,) = store_context.same_text_elsewhere(store, item)
    keys = ContextCommentRow.__required_keys__
    assert parent is not None and set(parent) == keys and parent["comment_id"] == "top"
    assert all(set(row) == keys for row in (*before, *after))
    assert [r["comment_id"] for r in before] == ["top", "b1"] and [r["comment_id"] for r in after] == ["a1"]
    assert total == 1 and [r["comment_id"] for r in by_author] == ["b1"] and set(by_author[0]) == keys
    assert set(also_on) == AlsoOnPageRow.__required_keys__ and also_on["page_id"] == "other"


def test_the_stats_queries_carry_exactly_their_row_columns(tmp_path):
    store, _, vid = _seeded(tmp_path)
    with store:
        (per_day,) = store.stats_actions_per_day("2000-01-01T00:00:00")
        (rate,) = store.stats_override_rates()
        (latency,) = store.stats_action_latencies("2000-01-01T00:00:00")
        (span,) = store.stats_queue_spans()
    assert set(per_day) == ActionsPerDayRow.__required_keys__
    assert (per_day["kind"], per_day["category"], per_day["n"]) == ("hide", "threat", 1)
    assert set(rate) == OverrideRateRow.__required_keys__
    assert (rate["rule_id"], rate["removed"]) == ("threat", 1)
    assert set(latency) == ActionLatencyRow.__required_keys__ and latency["seconds"] is not None
    assert set(span) == QueueSpanRow.__required_keys__ and span["id"] == vid


def test_the_queue_view_s_shapes_carry_exactly_their_keys(tmp_path):
    store, uid, vid = _seeded(tmp_path)
    with store:
        item = store.review_item(vid)
        (verdict_row,) = store.comment_history(uid)["verdicts"]
    assert item is not None and set(_decorate(item)) == QueueItem.__required_keys__
    assert set(_decorate(verdict_row)) == DecoratedVerdict.__required_keys__
    assert _decorate(item)["top_scores"] == [("threat", 0.9)]
    assert set(queue_filters({})) == QueueViewFilters.__required_keys__
