"""Tests for bot.actions: journal before the call, exactly once per key, error table, crash reconciliation."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.actions import RetryPolicy, action_key, carry_out, connector_key, reconcile_pending
from bot.config import PageConfig
from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Comment, Platform
from bot.platforms.base import (
    AuthError,
    CommentState,
    Connector,
    FetchResult,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
)
from bot.store import Store

PAGE = PageConfig(name="lcpd-fb", platform=Platform.FACEBOOK, page_id="100", credential_env={}, base_url="")


class MemoryConnector(Connector):
    """An in-memory platform implementing our own Connector interface; records every call it receives."""

    platform = Platform.FACEBOOK
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.DELETE, ActionKind.REPLY, ActionKind.UNHIDE})

    def __init__(self) -> None:
        super().__init__(PAGE)
        self.calls: list[tuple[str, str]] = []
        self.hidden: set[str] = set()
        self.deleted: set[str] = set()
        self.replies: dict[str, list[str]] = {}
        self.fail_with: PlatformErrorFactory | None = None
        self.journal_seen: list[str] = []  # status of the journal row at the moment of the call
        self.store: Store | None = None

    def _call(self, name: str, cid: str) -> None:
        self.calls.append((name, cid))
        if self.store is not None:
            rows = self.store.actions_for(f"facebook:{cid}")
            self.journal_seen.append(rows[-1]["status"] if rows else "none")
        if self.fail_with is not None:
            raise self.fail_with()
        if cid in self.deleted:
            raise NotFound("gone", status=404)

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        return FetchResult(comments=[], cursor={})

    def comment_state(self, comment_id: str) -> CommentState:
        if self.fail_with is not None:
            raise self.fail_with()
        if comment_id in self.deleted:
            return CommentState(exists=False)
        return CommentState(
            exists=True,
            hidden=comment_id in self.hidden,
            removed=False,
            replies_by_us=tuple(self.replies.get(comment_id, [])),
        )

    def hide_comment(self, comment_id: str) -> dict[str, Any]:
        self._call("hide", comment_id)
        self.hidden.add(comment_id)
        return {"success": True}

    def unhide_comment(self, comment_id: str) -> dict[str, Any]:
        self._call("unhide", comment_id)
        self.hidden.discard(comment_id)
        return {"success": True}

    def delete_comment(self, comment_id: str) -> dict[str, Any]:
        self._call("delete", comment_id)
        self.deleted.add(comment_id)
        return {"success": True}

    def reply_to_comment(self, comment_id: str, text: str) -> dict[str, Any]:
        self._call("reply", comment_id)
        self.replies.setdefault(comment_id, []).append(f"r{len(self.calls)}")
        return {"id": f"r{len(self.calls)}"}


PlatformErrorFactory = Any


def _archive(store: Store, cid: str) -> None:
    store.archive_comment(
        Comment(
            platform=Platform.FACEBOOK,
            page_id="100",
            post_id="p1",
            id=cid,
            text="some text",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )


def _action(kind: ActionKind, cid: str = "c1", text: str | None = None) -> Action:
    return Action(
        kind=kind,
        comment_uid=f"facebook:{cid}",
        platform=Platform.FACEBOOK,
        page_id="100",
        comment_id=cid,
        text=text,
    )


def test_journals_pending_before_the_call_and_done_after(store: Store) -> None:
    conn = MemoryConnector()
    conn.store = store
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.HIDE)
    result = carry_out(store, conn, _action(ActionKind.HIDE), key)
    assert result.status is ActionStatus.DONE and result.success
    assert conn.journal_seen == ["pending"]
    rows = store.actions_for("facebook:c1")
    assert [(r["status"], r["attempts"], r["idempotency_key"]) for r in rows] == [("done", 1, key)]
    assert store.comment_state("facebook:c1") == "hidden"


def test_same_key_never_calls_the_platform_twice(store: Store) -> None:
    conn = MemoryConnector()
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.REPLY)
    first = carry_out(store, conn, _action(ActionKind.REPLY, text="Call 911"), key)
    second = carry_out(store, conn, _action(ActionKind.REPLY, text="Call 911"), key)
    assert first.status is ActionStatus.DONE
    assert second.status is ActionStatus.DONE and "already done" in second.detail
    assert conn.calls == [("reply", "c1")]
    assert store.count("actions") == 1


def test_dry_run_journals_without_calling(store: Store) -> None:
    conn = MemoryConnector()
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.HIDE)
    result = carry_out(store, conn, _action(ActionKind.HIDE), key, dry_run=True)
    assert result.status is ActionStatus.DRY_RUN and result.success
    assert conn.calls == []
    assert store.actions_for("facebook:c1")[0]["status"] == "dry_run"
    # A dry run never consumes the live action (issue 11.1): a later live run under the same key acts,
    # and the dry-run record stays beside it.
    assert carry_out(store, conn, _action(ActionKind.HIDE), key).status is ActionStatus.DONE
    assert conn.calls == [("hide", "c1")]
    assert [r["status"] for r in store.actions_for("facebook:c1")] == ["dry_run", "done"]


def test_a_legacy_dry_run_row_under_the_live_key_is_not_taken_for_done(store: Store) -> None:
    """Databases written before dry runs had their own keys hold dry_run rows under the live key."""
    conn = MemoryConnector()
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.HIDE)
    row = store.journal_action(_action(ActionKind.HIDE), key)
    store.complete_action(
        int(row["id"]),
        ActionResult(action=_action(ActionKind.HIDE), status=ActionStatus.DRY_RUN, detail="dry"),
    )
    assert carry_out(store, conn, _action(ActionKind.HIDE), key).status is ActionStatus.DONE
    assert conn.calls == [("hide", "c1")]


@pytest.mark.parametrize(
    ("error", "kind", "status", "detail"),
    [
        (lambda: AuthError("token expired", status=401), ActionKind.HIDE, "failed", "renew"),
        (lambda: PermanentError("bad request", status=400), ActionKind.HIDE, "failed", "PermanentError"),
        (lambda: NotFound("gone", status=404), ActionKind.HIDE, "done", "no longer exists"),
        (lambda: NotFound("gone", status=404), ActionKind.DELETE, "done", "no longer exists"),
        (lambda: NotFound("gone", status=404), ActionKind.REPLY, "failed", "no longer exists"),
        (lambda: TransientError("502", status=502), ActionKind.HIDE, "pending", "temporary platform error"),
        (lambda: RateLimited("slow down", retry_at=time.time() + 60), ActionKind.HIDE, "pending", "rate"),
        (lambda: RuntimeError("connector bug"), ActionKind.HIDE, "failed", "unexpected error"),
    ],
)
def test_error_table(store: Store, error: Any, kind: ActionKind, status: str, detail: str) -> None:
    conn = MemoryConnector()
    conn.fail_with = error
    _archive(store, "c1")
    result = carry_out(store, conn, _action(kind, text="hi"), action_key("facebook:c1", 1, kind))
    assert result.status.value == status
    assert detail in result.detail
    assert store.actions_for("facebook:c1")[0]["status"] == status


def test_retryable_errors_back_off_and_fail_only_after_the_time_limit(store: Store) -> None:
    """Issue 11.3: five calls in a burst used to end an urgent hide as failed within seconds."""
    conn = MemoryConnector()
    conn.fail_with = lambda: TransientError("503", status=503)
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.HIDE)
    retry = RetryPolicy(base_seconds=30, max_seconds=600, give_up_after_seconds=3600)
    start = time.time()
    first = carry_out(store, conn, _action(ActionKind.HIDE), key, retry=retry, now=start)
    assert first.status is ActionStatus.PENDING and len(conn.calls) == 1
    # Asked again at once (the next cycle, reconcile, a restart): the platform is not called, the row waits.
    for _ in range(10):
        again = carry_out(store, conn, _action(ActionKind.HIDE), key, retry=retry, now=start + 1)
        assert again.status is ActionStatus.PENDING and (again.platform_response or {}).get("waiting")
    results = reconcile_pending(
        store, {connector_key(Platform.FACEBOOK, "100"): conn}, retry=retry, now=start + 1
    )
    assert [r.status for r in results] == [ActionStatus.PENDING] and len(conn.calls) == 1
    # Due attempts spread out: each delay is at least half the doubled base, capped at max_seconds.
    at, due = start, []
    while True:
        row = store.actions_for("facebook:c1")[0]
        if row["status"] != "pending":
            break
        at = float(row["next_attempt_at"])
        due.append(at)
        carry_out(store, conn, _action(ActionKind.HIDE), key, retry=retry, now=at)
    gaps = [b - a for a, b in zip([start, *due], due, strict=False)]
    assert gaps[0] >= 15 and gaps[1] >= 30 and max(gaps) <= 600
    assert at - start >= 3600 - 600  # kept trying for (about) the whole hour
    row = store.actions_for("facebook:c1")[0]
    assert (
        row["status"] == "failed" and "gave up after" in row["detail"] and row["attempts"] == len(conn.calls)
    )
    assert len(conn.calls) < 20  # not a burst: spread over the hour


def test_a_failing_action_is_retried_after_a_restart_and_then_succeeds(tmp_path: Any) -> None:
    path = tmp_path / "modbot.db"
    conn = MemoryConnector()
    conn.fail_with = lambda: TransientError("500", status=500)
    with Store(path) as store:
        _archive(store, "c1")
        carry_out(store, conn, _action(ActionKind.HIDE), action_key("facebook:c1", 1, ActionKind.HIDE))
    conn.fail_with = None  # the platform recovered; modbot was restarted meanwhile
    with Store(path) as store:
        later = time.time() + 3600
        results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn}, now=later)
        assert [r.status for r in results] == [ActionStatus.DONE]
        assert "c1" in conn.hidden


def test_failed_key_is_retried_when_carried_out_again(store: Store) -> None:
    conn = MemoryConnector()
    conn.fail_with = lambda: AuthError("expired", status=401)
    _archive(store, "c1")
    key = action_key("facebook:c1", 1, ActionKind.HIDE)
    assert carry_out(store, conn, _action(ActionKind.HIDE), key).status is ActionStatus.FAILED
    conn.fail_with = None  # a person renewed the token
    assert carry_out(store, conn, _action(ActionKind.HIDE), key).status is ActionStatus.DONE
    assert store.count("actions") == 1


def test_no_connector_and_non_platform_kinds_fail_cleanly(store: Store) -> None:
    _archive(store, "c1")
    r = carry_out(store, None, _action(ActionKind.HIDE), "k1")
    assert r.status is ActionStatus.FAILED and "no connector" in r.detail
    r = carry_out(store, MemoryConnector(), _action(ActionKind.FLAG), "k2")
    assert r.status is ActionStatus.FAILED and store.count("actions") == 1


def _crash_after_platform_call(store: Store, conn: MemoryConnector, action: Action, key: str) -> None:
    """What a kill between the platform call and the journal completion leaves behind."""
    store.journal_action(action, key)
    {"hide": conn.hide_comment, "delete": conn.delete_comment}.get(action.kind.value, lambda c: None)(
        action.comment_id
    )
    if action.kind is ActionKind.REPLY:
        conn.reply_to_comment(action.comment_id, action.text or "")


def test_reconcile_marks_done_what_the_platform_already_shows(store: Store) -> None:
    conn = MemoryConnector()
    for cid in ("c1", "c2", "c3", "c4"):
        _archive(store, cid)
    _crash_after_platform_call(store, conn, _action(ActionKind.HIDE, "c1"), "k-hide")
    _crash_after_platform_call(store, conn, _action(ActionKind.REPLY, "c2", "Call 911"), "k-reply")
    _crash_after_platform_call(store, conn, _action(ActionKind.DELETE, "c3"), "k-del")
    store.journal_action(_action(ActionKind.HIDE, "c4"), "k-never-called")  # crash before the call
    calls_before = len(conn.calls)
    results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn})
    assert [r.status for r in results] == [ActionStatus.DONE] * 4
    # Only c4 needed a platform call; c1-c3 were settled by looking.
    assert conn.calls[calls_before:] == [("hide", "c4")]
    assert store.pending_actions() == []
    assert [r["status"] for r in store.actions_for("facebook:c2")] == ["done"]
    assert len(conn.replies["c2"]) == 1


def test_reconcile_auth_error_fails_for_a_person_and_unknown_pages_stay_pending(store: Store) -> None:
    conn = MemoryConnector()
    _archive(store, "c1")
    store.journal_action(_action(ActionKind.HIDE, "c1"), "k1")
    store.journal_action(
        Action(kind=ActionKind.HIDE, comment_uid="x:9", platform=Platform.X, page_id="55", comment_id="9"),
        "k2",
    )  # no connector for the X page
    conn.fail_with = lambda: AuthError("expired", status=401)
    results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn})
    assert [r.status for r in results] == [ActionStatus.FAILED, ActionStatus.PENDING]
    assert [r["idempotency_key"] for r in store.pending_actions()] == ["k2"]


def test_reconcile_transient_check_leaves_pending(store: Store) -> None:
    conn = MemoryConnector()
    _archive(store, "c1")
    store.journal_action(_action(ActionKind.HIDE, "c1"), "k1")
    conn.fail_with = lambda: TransientError("timeout")
    results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn})
    assert results[0].status is ActionStatus.PENDING
    assert len(store.pending_actions()) == 1 and conn.calls == []


class BlindReplyConnector(MemoryConnector):
    """The platform's answer misses the page's reply (X's search index lagging, say, or a reply that has
    dropped out of its seven-day window), so only the archive can tell."""

    def comment_state(self, comment_id: str) -> CommentState:
        return CommentState(exists=True, hidden=None, removed=False)


def test_pending_reply_never_attempted_is_sent(store: Store) -> None:
    conn = BlindReplyConnector()
    _archive(store, "c1")
    store.journal_action(_action(ActionKind.REPLY, "c1", "Call 911"), "k")  # crash before the attempt
    results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn}, defer_uncertain=True)
    assert [r.status for r in results] == [ActionStatus.DONE]
    assert conn.calls == [("reply", "c1")]


def test_uncertain_reply_is_found_in_the_archive_or_deferred(store: Store) -> None:
    conn = BlindReplyConnector()
    key = connector_key(Platform.FACEBOOK, "100")
    for cid in ("c1", "c2"):
        _archive(store, cid)
        row = store.journal_action(_action(ActionKind.REPLY, cid, "Call 911"), f"k-{cid}")
        store.mark_action_attempt(row["id"])  # the process died during the platform call
    # The next fetch archived the page's reply to c1 (same text, parent c1); c2 shows nothing yet.
    store.archive_comment(
        Comment(
            platform=Platform.FACEBOOK,
            page_id="100",
            post_id="p1",
            id="r9",
            text="Call 911",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            parent_id="c1",
        )
    )
    results = reconcile_pending(store, {key: conn}, defer_uncertain=True)
    assert [r.status for r in results] == [ActionStatus.DONE, ActionStatus.PENDING]
    assert conn.calls == []
    # Outside the start-up pass the uncertain reply is sent again: at least once beats never.
    results = reconcile_pending(store, {key: conn})
    assert [r.status for r in results] == [ActionStatus.DONE] and conn.calls == [("reply", "c2")]


class EchoingReplyConnector(MemoryConnector):
    """Like X: the page's replies are listed with their text as the platform echoes it back."""

    def __init__(self, echoed: dict[str, dict[str, str]]) -> None:
        super().__init__()
        self.echoed = echoed

    def comment_state(self, comment_id: str) -> CommentState:
        texts = self.echoed.get(comment_id, {})
        return CommentState(exists=True, replies_by_us=tuple(texts), extra={"reply_texts": texts})


def test_a_listed_reply_settles_only_a_reply_with_the_same_text(store: Store) -> None:
    text = "Crimes & emergencies: call 911, not this page. See https://www.las-cruces.org/police"
    conn = EchoingReplyConnector(
        {
            # X puts the @name replied to in front, escapes "&" and shortens the link.
            "c1": {"t1": "@resident Crimes &amp; emergencies: call 911, not this page. See https://t.co/x1"},
            # The page replied to c2 before, with something else: this reply was not made yet.
            "c2": {"t2": "Thanks for the kind words!"},
        }
    )
    for cid in ("c1", "c2"):
        _archive(store, cid)
        row = store.journal_action(_action(ActionKind.REPLY, cid, text), f"k-{cid}")
        store.mark_action_attempt(row["id"])  # the process died during the platform call
    results = reconcile_pending(store, {connector_key(Platform.FACEBOOK, "100"): conn})
    assert [(r.status, r.detail) for r in results] == [
        (ActionStatus.DONE, "reconciled: the page has already replied on the platform"),
        (ActionStatus.DONE, "ok"),
    ]
    assert conn.calls == [("reply", "c2")]
