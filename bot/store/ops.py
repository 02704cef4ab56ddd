"""Store queries for the people side of moderation: the queue's next item, alert acknowledgements and
re-alerts, escalated items' holders, and paused pages. Takes a Store; its tables come with migration 9."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import OPEN_REVIEW_STATUSES, AlertStatus
from bot.store import Store, core
from bot.store.queue import QUEUE_JOIN, QueueFilter
from bot.store.rows import AcknowledgementRow, AssignmentRow, PauseRow

# An urgent verdict still waiting for a person: open in the queue and nobody has acknowledged it. The one
# definition the re-alerting (bot.escalation) and /metrics both read; `v` is the verdicts table, and the
# query binds OPEN_REVIEW_STATUSES to its placeholders (first, before any other parameter).
_OPEN_UNACKNOWLEDGED_URGENT = f"""v.urgent = 1 AND v.review_status IN ({",".join("?" * len(OPEN_REVIEW_STATUSES))})
                 AND NOT EXISTS (SELECT 1 FROM alert_acks k WHERE k.verdict_id = v.id)"""


def _has(store: Store, table: str) -> bool:
    """A database opened without migrating (a read-only `modbot status`) may predate these tables."""
    return table in store.db.table_names()


# -- the queue's next item ----------------------------------------------------------------------------
def next_in_queue(store: Store, current: int, filters: QueueFilter) -> int | None:
    """The item after `current` in the queue's order (urgent first, then oldest, then id) among the
    items matching the filters, whether or not `current` itself still matches them."""
    item = store._one("SELECT urgent, created_at FROM verdicts WHERE id = ?", (current,))
    if item is None:
        return None
    where, params = store._queue_where(filters)
    after = "(v.urgent < ? OR (v.urgent = ? AND (v.created_at > ? OR (v.created_at = ? AND v.id > ?))))"
    u, c = int(item["urgent"]), str(item["created_at"])
    row = store._one(
        f"SELECT v.id FROM {QUEUE_JOIN} WHERE {where} AND {after} "
        "ORDER BY v.urgent DESC, v.created_at ASC, v.id ASC LIMIT 1",
        [*params, u, u, c, c, current],
    )
    return int(row["id"]) if row else None


# -- acknowledgements and re-alerts -----------------------------------------------------------------
def first_alert_at(store: Store, verdict_id: int) -> str | None:
    """When the first alert about this verdict was sent (None: none was sent)."""
    row = store._one(
        "SELECT MIN(sent_at) AS t FROM alerts WHERE verdict_id = ? AND status = ?",
        (verdict_id, AlertStatus.SENT),
    )
    return row["t"] if row and row["t"] else None


def acknowledgement(store: Store, verdict_id: int) -> AcknowledgementRow | None:
    if not _has(store, "alert_acks"):
        return None
    return store._row(AcknowledgementRow, "SELECT * FROM alert_acks WHERE verdict_id = ?", (verdict_id,))


def acknowledge(store: Store, verdict_id: int, user: str) -> AcknowledgementRow | None:
    """Record that `user` has taken the urgent verdict in hand (the first acknowledgement counts; a
    second is a no-op). Audited. Returns the acknowledgement, or None when there is no such verdict."""
    from datetime import datetime

    verdict = store.verdict(verdict_id)
    if verdict is None:
        return None
    existing = acknowledgement(store, verdict_id)
    if existing is not None:
        return existing
    now = core.utcnow()
    first = first_alert_at(store, verdict_id)
    seconds = None
    if first:
        seconds = max(0.0, (datetime.fromisoformat(now) - datetime.fromisoformat(first)).total_seconds())
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO alert_acks (verdict_id, user, acked_at, first_alert_at, seconds) "
            "VALUES (?, ?, ?, ?, ?)",
            (verdict_id, user, now, first, seconds),
        )
        store._audit(
            conn,
            user,
            "alert_acknowledged",
            verdict["comment_uid"],
            {"verdict_id": verdict_id, "first_alert_at": first, "seconds": seconds},
        )
    return acknowledgement(store, verdict_id)


def ack_latencies(store: Store, since: str) -> list[float]:
    """Seconds from first alert to acknowledgement, for acknowledgements since `since` (ISO time)."""
    if not _has(store, "alert_acks"):
        return []
    rows = store._query(
        "SELECT seconds FROM alert_acks WHERE acked_at >= ? AND seconds IS NOT NULL ORDER BY seconds",
        (since,),
    )
    return [float(r["seconds"]) for r in rows]


def unacknowledged_urgent_count(store: Store) -> int:
    """Urgent verdicts still open in the queue that nobody has acknowledged."""
    row = store._one(
        f"SELECT COUNT(*) AS n FROM verdicts v WHERE {_OPEN_UNACKNOWLEDGED_URGENT}", OPEN_REVIEW_STATUSES
    )
    return int(row["n"]) if row else 0


def unacknowledged_urgent_alerts(store: Store) -> list[dict[str, Any]]:
    """Every alert row (verdict_id, channel, status, sent_at, created_at) about an urgent verdict still open
    and unacknowledged, by verdict and then in the order recorded: what re-alerting decides from."""
    return store._query(
        "SELECT v.id AS verdict_id, a.channel, a.status, a.sent_at, a.created_at"
        " FROM verdicts v JOIN alerts a ON a.verdict_id = v.id"
        f" WHERE {_OPEN_UNACKNOWLEDGED_URGENT} ORDER BY v.id, a.id",
        OPEN_REVIEW_STATUSES,
    )


def realert_channel(level: int, base: str) -> str:
    """What a re-alert is recorded under in the alerts table: one row per verdict, level and channel."""
    return f"realert{level}:{base}"


# -- escalated items: who holds what ------------------------------------------------------------------
def assign(store: Store, verdict_id: int, assignee: str, by: str, note: str | None = None) -> None:
    """Give an (escalated) item to `assignee`; audited under `by`'s name."""
    verdict = store.verdict(verdict_id)
    subject = verdict["comment_uid"] if verdict else None
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO assignments (verdict_id, assignee, assigned_by, assigned_at, note) VALUES (?,?,?,?,?) "
            "ON CONFLICT(verdict_id) DO UPDATE SET assignee = excluded.assignee, "
            "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at, note = excluded.note",
            (verdict_id, assignee, by, core.utcnow(), note),
        )
        store._audit(conn, by, "item_assigned", subject, {"verdict_id": verdict_id, "assignee": assignee})


def assignment(store: Store, verdict_id: int) -> AssignmentRow | None:
    if not _has(store, "assignments"):
        return None
    return store._row(AssignmentRow, "SELECT * FROM assignments WHERE verdict_id = ?", (verdict_id,))


def assignments_for(store: Store, verdict_ids: Sequence[int]) -> dict[int, AssignmentRow]:
    ids = [int(i) for i in verdict_ids]
    if not ids or not _has(store, "assignments"):
        return {}
    rows = store._rows(
        AssignmentRow, f"SELECT * FROM assignments WHERE verdict_id IN ({','.join('?' * len(ids))})", ids
    )
    return {int(r["verdict_id"]): r for r in rows}


# -- paused pages -------------------------------------------------------------------------------------
def pause_page(store: Store, page: str, by: str, reason: str | None = None) -> bool:
    """Pause polling of `page` (its config name); False if it already was. Audited."""
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO page_pauses (page, paused_by, paused_at, reason) VALUES (?, ?, ?, ?)",
            (page, by, core.utcnow(), reason),
        )
        if cur.rowcount:
            store._audit(conn, by, "page_paused", f"page:{page}", {"reason": reason or ""})
        return bool(cur.rowcount)


def resume_page(store: Store, page: str, by: str) -> bool:
    """Resume polling of `page`; False if it was not paused. Audited."""
    with store.transaction() as conn:
        cur = conn.execute("DELETE FROM page_pauses WHERE page = ?", (page,))
        if cur.rowcount:
            store._audit(conn, by, "page_resumed", f"page:{page}", {})
        return bool(cur.rowcount)


def paused_pages(store: Store) -> dict[str, PauseRow]:
    if not _has(store, "page_pauses"):
        return {}
    return {r["page"]: r for r in store._rows(PauseRow, "SELECT * FROM page_pauses ORDER BY page")}


def is_paused(store: Store, page: str) -> bool:
    if not _has(store, "page_pauses"):
        return False
    return store._one("SELECT 1 AS x FROM page_pauses WHERE page = ?", (page,)) is not None
