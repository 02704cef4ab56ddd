"""Read-side queries across the tables: the review queue and its filters, one comment's whole history, the
records export, and the review app's statistics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import OPEN_REVIEW_STATUSES, ActionStatus, ReviewStatus
from bot.store.archive import ArchiveStore
from bot.store.journal import JournalStore
from bot.store.reviews import ReviewStore
from bot.store.rows import (
    ActionLatencyRow,
    ActionRow,
    ActionsPerDayRow,
    CommentHistory,
    CommentRow,
    CommentStateRow,
    ExportPostRows,
    ExportRows,
    OverrideRateRow,
    PostRow,
    PostVersionRow,
    QueueRow,
    QueueSpanRow,
    ReviewRow,
    VerdictRow,
)
from bot.store.verdicts import VerdictStore

# Actions that ran their course for the statistics: carried out on the platform, or as a dry run.
COMPLETED = (ActionStatus.DONE, ActionStatus.DRY_RUN)

# The verdicts the queue lists, each with the comment version it judged; `QueueFilter`'s clauses use v and c.
QUEUE_JOIN = "verdicts v JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version"


@dataclass(frozen=True, kw_only=True)
class QueueFilter:
    """Which verdicts a review-queue query selects: the review statuses (None: every reviewed or queued
    status), where, what category and action, a text search over text and author, and urgent only."""

    statuses: tuple[str, ...] | None = OPEN_REVIEW_STATUSES
    platform: str | None = None
    page_id: str | None = None
    category: str | None = None
    action: str | None = None
    search: str | None = None
    urgent_only: bool = False


OPEN_QUEUE = QueueFilter()  # the open queue: pending and escalated verdicts, unfiltered


class QueueStore(ArchiveStore, VerdictStore, JournalStore, ReviewStore):
    """The review queue, comment history, export and statistics."""

    # Read-side queries for the moderators' review app, `modbot flagged` and the records export.
    _QUEUE_SELECT = f"""SELECT v.*, c.text, c.author_name, c.author_id, c.platform, c.page_id, c.post_id,
        c.comment_id, c.parent_id, c.permalink, c.media, c.created_at AS comment_created_at,
        c.is_hidden AS hidden_at_fetch, c.post_version, COALESCE(s.state, 'visible') AS state
        FROM {QUEUE_JOIN} LEFT JOIN comment_state s ON s.uid = v.comment_uid"""

    @staticmethod
    def _queue_where(filters: QueueFilter) -> tuple[str, list[str]]:
        """The WHERE clause (over `verdicts v` joined to `comments c`) and its parameters for `filters`."""
        clauses: list[str] = []
        params: list[str] = []
        if filters.statuses:
            clauses.append(f"v.review_status IN ({','.join('?' * len(filters.statuses))})")
            params.extend(filters.statuses)
        else:
            clauses.append("v.review_status != ?")
            params.append(ReviewStatus.NONE)
        for column, value in (
            ("c.platform", filters.platform),
            ("c.page_id", filters.page_id),
            ("v.action", filters.action),
        ):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if filters.category:
            clauses.append("EXISTS (SELECT 1 FROM json_each(v.categories) j WHERE j.value = ?)")
            params.append(filters.category)
        if filters.urgent_only:
            clauses.append("v.urgent = 1")
        if filters.search:
            search = filters.search
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(c.text LIKE ? ESCAPE '\\' OR c.author_name LIKE ? ESCAPE '\\' OR c.author_id LIKE ? ESCAPE '\\')"
            )
            params.extend([like, like, like])
        return " AND ".join(clauses), params

    def review_queue(
        self, filters: QueueFilter = OPEN_QUEUE, *, limit: int = 100, offset: int = 0
    ) -> list[QueueRow]:
        """Verdicts awaiting a moderator (or any reviewed status), urgent first, then oldest first."""
        where, params = self._queue_where(filters)
        return self._rows(
            QueueRow,
            f"{self._QUEUE_SELECT} WHERE {where} ORDER BY v.urgent DESC, v.created_at ASC, v.id ASC "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def review_queue_count(self, filters: QueueFilter = OPEN_QUEUE) -> int:
        """How many verdicts `review_queue` would list for `filters`, without a limit."""
        where, params = self._queue_where(filters)
        row = self._one(f"SELECT COUNT(*) AS n FROM {QUEUE_JOIN} WHERE {where}", params)
        return int(row["n"]) if row else 0

    def queue_facets(self) -> dict[str, list[str]]:
        """The values each queue filter can take, from what is actually in the database."""

        def column(sql: str) -> list[str]:
            return [r["x"] for r in self._query(sql) if r["x"] is not None]

        return {
            "platform": column("SELECT DISTINCT platform AS x FROM comments ORDER BY x"),
            "page_id": column("SELECT DISTINCT page_id AS x FROM comments ORDER BY x"),
            "action": column("SELECT DISTINCT action AS x FROM verdicts WHERE action != 'allow' ORDER BY x"),
            "category": column(
                "SELECT DISTINCT j.value AS x FROM verdicts v, json_each(v.categories) j ORDER BY x"
            ),
        }

    def review_item(self, verdict_id: int) -> QueueRow | None:
        """One verdict with the comment version it judged and the comment's current state."""
        return self._row(QueueRow, f"{self._QUEUE_SELECT} WHERE v.id = ?", (verdict_id,))

    def queue_counts_by_page(self) -> dict[tuple[str, str], int]:
        """Verdicts awaiting review per (platform, page_id)."""
        rows = self._query(
            """SELECT c.platform AS platform, c.page_id AS page_id, COUNT(*) AS n
               FROM verdicts v JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version
               WHERE v.review_status = ? GROUP BY c.platform, c.page_id""",
            (ReviewStatus.PENDING,),
        )
        return {(r["platform"], r["page_id"]): int(r["n"]) for r in rows}

    def comment_history(self, uid: str) -> CommentHistory:
        """Everything on record about one comment: versions, verdicts, actions, reviews, audit rows."""
        return {
            "versions": self.comment_versions(uid),
            "verdicts": self.verdicts_for(uid),
            "actions": self.actions_for(uid),
            "reviews": self.reviews_for(uid),
            "audit": self.audit_rows(subject=uid),
            "state": self.comment_state(uid),
        }

    def export_comment_uids(self, start: str, end: str) -> list[str]:
        """Comments created in [start, end) (ISO timestamps, UTC), oldest first."""
        rows = self._query(
            "SELECT uid, MIN(created_at) AS t FROM comments GROUP BY uid HAVING t >= ? AND t < ? ORDER BY t, uid",
            (start, end),
        )
        return [r["uid"] for r in rows]

    def export_rows(self, uids: Sequence[str]) -> ExportRows:
        """Every version, verdict, action, review and current state for the given comments, in bulk."""
        out: ExportRows = {"versions": [], "verdicts": [], "actions": [], "reviews": [], "state": []}
        # SQLite caps bound parameters; 500 per query stays far below every build's limit.
        for i in range(0, len(uids), 500):
            chunk = list(uids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            out["versions"] += self._rows(
                CommentRow, f"SELECT * FROM comments WHERE uid IN ({marks}) ORDER BY uid, version", chunk
            )
            out["verdicts"] += self._rows(
                VerdictRow, f"SELECT * FROM verdicts WHERE comment_uid IN ({marks}) ORDER BY id", chunk
            )
            out["actions"] += self._rows(
                ActionRow, f"SELECT * FROM actions WHERE comment_uid IN ({marks}) ORDER BY id", chunk
            )
            out["reviews"] += self._rows(
                ReviewRow, f"SELECT * FROM reviews WHERE comment_uid IN ({marks}) ORDER BY id", chunk
            )
            out["state"] += self._rows(
                CommentStateRow, f"SELECT * FROM comment_state WHERE uid IN ({marks})", chunk
            )
        return out

    def export_post_rows(self, posts: Sequence[tuple[str, str]]) -> ExportPostRows:
        """The archived posts (latest text) and every version of them, for (platform, post_id) pairs, in bulk.
        A post never archived (the platform gave no text for it) is simply absent."""
        out: ExportPostRows = {"posts": [], "versions": []}
        by_platform: dict[str, list[str]] = {}
        for platform, post_id in dict.fromkeys(posts):
            by_platform.setdefault(platform, []).append(post_id)
        # Both read by primary key (platform, post_id[, version]); chunked as in export_rows.
        for platform, ids in sorted(by_platform.items()):
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out["posts"] += self._rows(
                    PostRow,
                    f"SELECT * FROM posts WHERE platform = ? AND post_id IN ({marks}) ORDER BY post_id",
                    (platform, *chunk),
                )
                out["versions"] += self._rows(
                    PostVersionRow,
                    f"SELECT * FROM post_versions WHERE platform = ? AND post_id IN ({marks}) "
                    "ORDER BY post_id, version",
                    (platform, *chunk),
                )
        return out

    # -- statistics -------------------------------------------------------------------------------
    def stats_actions_per_day(self, since: str) -> list[ActionsPerDayRow]:
        """Completed actions per UTC day, kind and the deciding verdict's first category."""
        return self._rows(
            ActionsPerDayRow,
            """SELECT substr(COALESCE(a.finished_at, a.created_at), 1, 10) AS day, a.kind AS kind,
                   COALESCE(json_extract(v.categories, '$[0]'), 'none') AS category, COUNT(*) AS n
               FROM actions a LEFT JOIN verdicts v ON v.id = a.verdict_id
               WHERE a.status IN (?, ?) AND COALESCE(a.finished_at, a.created_at) >= ?
               GROUP BY day, kind, category ORDER BY day""",
            (*COMPLETED, since),
        )

    def stats_override_rates(self) -> list[OverrideRateRow]:
        """Per rule: verdicts that auto-removed a comment, and how many a moderator later restored."""
        return self._rows(
            OverrideRateRow,
            """SELECT COALESCE(v.rule_id, '-') AS rule_id, COUNT(*) AS removed,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
                        AND r.decision = 'restore') THEN 1 ELSE 0 END) AS restored,
                   SUM(CASE WHEN v.review_status IN (?, ?) THEN 1 ELSE 0 END) AS confirmed
               FROM verdicts v WHERE v.action IN ('hide', 'delete')
               GROUP BY v.rule_id ORDER BY removed DESC, rule_id""",
            (ReviewStatus.CONFIRMED, ReviewStatus.DELETED),
        )

    def stats_action_latencies(self, since: str) -> list[ActionLatencyRow]:
        """Seconds from a comment's creation to each completed action on it, for the latency chart."""
        return self._rows(
            ActionLatencyRow,
            """SELECT a.kind AS kind, a.actor AS actor,
                   (julianday(a.finished_at) - julianday(c.created_at)) * 86400.0 AS seconds
               FROM actions a JOIN comments c ON c.uid = a.comment_uid AND c.version = 1
               WHERE a.status IN (?, ?) AND a.finished_at IS NOT NULL AND a.finished_at >= ?""",
            (*COMPLETED, since),
        )

    def stats_queue_spans(self) -> list[QueueSpanRow]:
        """When each queued verdict entered the queue and when a final review took it out (NULL: still in)."""
        return self._rows(
            QueueSpanRow,
            """SELECT v.id, v.created_at AS entered,
                   (SELECT MIN(r.created_at) FROM reviews r WHERE r.verdict_id = v.id
                      AND r.decision IN ('confirm', 'restore', 'delete', 'keep')) AS left_at
               FROM verdicts v WHERE v.action != 'allow'""",
        )
