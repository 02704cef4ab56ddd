"""Each platform page's health as `modbot status` shows it (state derived from what happened, last poll,
errors, queue, pending and failed actions, lease holder, pause), for the review app's health page."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.config import PageConfig
from bot.domain import parse_timestamp
from bot.store import Store
from bot.store.ops import paused_pages

DEFAULT_INTERVAL = 60.0  # a page's poll interval when there is no config to read it from
MIN_STALE_SECONDS = 300.0


def ago(ts: str | None) -> str:
    """How long ago a stored timestamp was ("42s ago", "3m ago", "5.0h ago"), as `modbot status` prints it."""
    if not ts:
        return "never"
    then = parse_timestamp(ts)
    if then is None:
        return ts
    secs = (datetime.now(UTC) - then).total_seconds()
    if secs < 120:
        return f"{secs:.0f}s ago"
    if secs < 7200:
        return f"{secs / 60:.0f}m ago"
    return f"{secs / 3600:.1f}h ago"


def derived_state(status: Mapping[str, Any], *, stale_after: float) -> tuple[str, str | None]:
    """A page's state as it stands now, from what happened: "ok" or "starting" with no poll completed for
    `stale_after` seconds is "stale" (a daemon stopped, stuck in a call, or unable to write its database)."""
    state = str(status.get("state") or "never polled")
    if state not in ("ok", "starting"):
        return state, None
    now = datetime.now(UTC)
    last = parse_timestamp(status.get("last_poll_at"))
    since = parse_timestamp(status.get("state_since"))
    ref = last or since
    if ref is None or (now - ref).total_seconds() > stale_after:
        if last is None:
            return "stale", f"{state} but no poll has ever completed"
        return "stale", f"was {state}, but no poll has completed for {ago(status.get('last_poll_at'))[:-4]}"
    return state, None


@dataclass(kw_only=True, frozen=True)
class PageHealth:
    name: str
    platform: str
    page_id: str | None
    state: str
    why: str | None
    state_since: str | None
    last_poll_at: str | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    comments: int
    versions: int
    api_calls: int
    queue: int
    pending: int
    retrying: int
    done: int
    failed: int
    lease_owner: str | None
    lease_seconds_left: float | None
    paused_by: str | None
    paused_at: str | None
    pause_reason: str | None

    @property
    def paused(self) -> bool:
        return self.paused_by is not None


def stale_after(interval_seconds: float) -> float:
    """Seconds without a poll after which a page polled every `interval_seconds` is stale."""
    return max(3 * interval_seconds, MIN_STALE_SECONDS)


def polled_page_states(store: Store, pages: Iterable[PageConfig] = ()) -> dict[str, str]:
    """Each page the database has a status for → its derived state, judged stale by its own configured
    interval (DEFAULT_INTERVAL for a page the config does not name), as page_health judges it."""
    intervals = {p.name: p.interval_seconds for p in pages}
    return {
        s["page"]: derived_state(s, stale_after=stale_after(intervals.get(s["page"], DEFAULT_INTERVAL)))[0]
        for s in store.page_statuses()
    }


def page_health(store: Store, pages: Iterable[PageConfig] = ()) -> list[PageHealth]:
    """Every configured page, and every page the database has a status for, in that order."""
    statuses = {s["page"]: s for s in store.page_statuses()}
    queues = store.queue_counts_by_page()
    actions = store.action_counts_by_page()
    archived = store.archived_counts_by_page()
    retrying = store.retrying_actions_by_page()
    leases = store.leases()
    pauses = paused_pages(store)
    known: list[tuple[str, str, str | None, float]] = [
        (p.name, p.platform.value, p.page_id, p.interval_seconds) for p in pages
    ]
    names = {k[0] for k in known}
    known += [
        (n, s["platform"], s.get("page_id"), DEFAULT_INTERVAL) for n, s in statuses.items() if n not in names
    ]
    known += [(n, "?", None, DEFAULT_INTERVAL) for n in pauses if n not in names and n not in statuses]
    out: list[PageHealth] = []
    now = time.time()
    for name, platform, page_id, interval in known:
        s: Mapping[str, Any] = statuses.get(name, {})
        key = (platform, page_id) if page_id else None
        acts = actions.get(key, {}) if key else {}
        state, why = derived_state(s, stale_after=stale_after(interval))
        pause = pauses.get(name)
        if pause is not None and state != "paused":
            why = "paused in the review app; the daemon stops polling at its next scheduled poll"
        lease = leases.get(f"{platform}:{page_id}") if page_id else None
        n_comments, n_versions = archived.get(key, (0, 0)) if key else (0, 0)
        out.append(
            PageHealth(
                name=name,
                platform=platform,
                page_id=page_id,
                state=state,
                why=why,
                state_since=s.get("state_since"),
                last_poll_at=s.get("last_poll_at"),
                last_success_at=s.get("last_success_at"),
                last_error=s.get("last_error"),
                last_error_at=s.get("last_error_at"),
                comments=n_comments,
                versions=n_versions,
                api_calls=int(s.get("api_calls") or 0),
                queue=queues.get(key, 0) if key else 0,
                pending=int(acts.get("pending", 0)),
                retrying=retrying.get(key, 0) if key else 0,
                done=int(acts.get("done", 0)),
                failed=int(acts.get("failed", 0)),
                lease_owner=lease["owner"] if lease else None,
                lease_seconds_left=float(lease["expires_at"]) - now if lease else None,
                paused_by=pause["paused_by"] if pause else None,
                paused_at=pause["paused_at"] if pause else None,
                pause_reason=pause["reason"] if pause else None,
            )
        )
    return out
