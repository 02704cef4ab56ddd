"""The review queue and an item's page (blueprint `queue`): filters, paging, the item's history as one
timeline, and the next item in the queue a moderator came from."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast, overload
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for

from bot.domain import parse_timestamp
from bot.policy.explain import explain_matches
from bot.store import QueueFilter
from bot.store.ops import assignments_for, next_in_queue
from bot.store.rows import (
    CommentHistory,
    DecoratedVerdict,
    QueueItem,
    QueueRow,
    QueueViewFilters,
    TimelineEvent,
    VerdictRow,
)
from bot.web.decisions import BULK_DECISIONS
from bot.web.followup import item_followup
from bot.web.shared import MAX_ROW_ID, from_json, safe_next, state

STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": ("pending", "escalated"),
    "pending": ("pending",),
    "escalated": ("escalated",),
    "reviewed": ("confirmed", "restored", "deleted", "kept"),
    "all": None,
}
PAGE_SIZE = 50

bp = Blueprint("queue", __name__)


def queue_filters(args: Mapping[str, str]) -> QueueViewFilters:
    """The queue view's filters from a query string; an unknown status is the open queue."""
    status = args.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    return {
        "status": status,
        "platform": args.get("platform") or None,
        "page": args.get("page") or None,
        "category": args.get("category") or None,
        "action": args.get("action") or None,
        "q": (args.get("q") or "").strip()[:200] or None,
        "urgent": args.get("urgent") == "1",
    }


def queue_filter(f: QueueViewFilters) -> QueueFilter:
    """Those filters as the store's QueueFilter."""
    return QueueFilter(
        statuses=STATUS_FILTERS[f["status"]],
        platform=f["platform"],
        page_id=f["page"],
        category=f["category"],
        action=f["action"],
        search=f["q"],
        urgent_only=f["urgent"],
    )


def next_item(back: str, current: int) -> int | None:
    """The item after `current` in the order of the queue view the moderator came from (same filters).
    Asked before the decision is recorded, while `current` still has its place in that order."""
    f = queue_filters(dict(parse_qsl(urlsplit(back).query)))
    return next_in_queue(state().store, current, queue_filter(f))


@overload
def _decorate(row: QueueRow) -> QueueItem: ...
@overload
def _decorate(row: VerdictRow) -> DecoratedVerdict: ...
def _decorate(row: VerdictRow) -> DecoratedVerdict:
    """The row (a copy) with its JSON columns parsed for the templates; a queue row keeps its own columns."""
    scores = from_json(row.get("scores"), {}) or {}
    return DecoratedVerdict(
        **row,
        categories_list=from_json(row.get("categories"), []),
        top_scores=sorted(((k, v) for k, v in scores.items() if v >= 0.05), key=lambda kv: -kv[1])[:6],
        # a queue row's media column (JSON); a verdict of the timeline has none
        media_list=from_json(cast("str | None", row.get("media")), []) or [],
        matches_list=from_json(row.get("matches"), []) or [],
    )


def _timeline(history: CommentHistory) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for c in history["versions"]:
        events.append({"at": c["archived_at"], "kind": "version", "row": c})
    for v in history["verdicts"]:
        events.append({"at": v["created_at"], "kind": "verdict", "row": _decorate(v)})
    for a in history["actions"]:
        events.append({"at": a["created_at"], "kind": "action", "row": a})
    for r in history["reviews"]:
        events.append({"at": r["created_at"], "kind": "review", "row": r})
    events.sort(key=lambda e: parse_timestamp(e["at"]) or datetime.min.replace(tzinfo=UTC))
    return events


@bp.get("/")
def index() -> Any:
    return redirect(url_for("queue.queue"))


@bp.get("/queue")
def queue() -> Any:
    st = state()
    f = queue_filters(request.args)
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        offset = 0
    filters = queue_filter(f)
    items = [_decorate(i) for i in st.store.review_queue(filters, limit=PAGE_SIZE, offset=offset)]
    holders = assignments_for(st.store, [int(i["id"]) for i in items])
    total = st.store.review_queue_count(filters)
    urgent_open = st.store.review_queue_count(QueueFilter(urgent_only=True))
    open_total = st.store.review_queue_count()
    query = {k: ("1" if v is True else v) for k, v in f.items() if v not in (None, False)}
    return render_template(
        "queue.html",
        items=items,
        total=total,
        offset=offset,
        page_size=PAGE_SIZE,
        filters=f,
        facets=st.store.queue_facets(),
        statuses=list(STATUS_FILTERS),
        query=query,
        qs=urlencode(query),
        urgent_open=urgent_open,
        open_total=open_total,
        bulk_decisions=BULK_DECISIONS,
        holders=holders,
    )


@bp.get(f"/item/<int(max={MAX_ROW_ID}):verdict_id>")
def item(verdict_id: int) -> Any:
    st = state()
    row = st.store.review_item(verdict_id)
    if row is None:
        abort(404, description=f"There is no queue item #{verdict_id}.")
    history = st.store.comment_history(row["comment_uid"])
    back = safe_next(request.args.get("back"), url_for("queue.queue"))
    explained = explain_matches(
        st.policy,
        from_json(row.get("matches"), []) or [],
        from_json(row.get("scores"), {}) or {},
        row["rule_id"],
    )
    return render_template(
        "item.html",
        explained=explained,
        followup=item_followup(st.store, row),
        current_policy=st.policy,
        item=_decorate(row),
        history=history,
        timeline=_timeline(history),
        back=back,
    )
