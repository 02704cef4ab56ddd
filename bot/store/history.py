"""Read-only queries over the archive for policy replay and the monthly transparency report.

Kept apart from the Store's table groups (which write): nothing here changes the database or appends to the audit chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.domain import ActionStatus, AlertStatus
from bot.store import Store

# A moderator's final word on a verdict; "note" and "escalate" leave the question open.
FINAL_DECISIONS = ("confirm", "restore", "delete", "keep")
# The comment stays up (or goes back up) by a person's decision.
KEPT_BY_MODERATOR = ("restore", "keep")


def archived_versions(
    store: Store, start: str, end: str, *, page_size: int = 5000
) -> Iterator[list[dict[str, Any]]]:
    """Every archived comment version created in [start, end) (ISO, UTC) with its newest verdict (NULL
    columns when it has none), oldest first, in pages. Each page is its own query, so a long replay never
    holds the store's lock between pages."""
    after: tuple[str, str, int] = ("", "", 0)
    while True:
        rows = store._query(
            """SELECT c.uid, c.version, c.platform, c.page_id, c.author_id, c.author_name, c.text, c.media,
                   c.created_at, v.id AS verdict_id, v.action, v.rule_id, v.scores, v.scorer,
                   v.policy_version
               FROM comments c
               LEFT JOIN verdicts v ON v.id = (SELECT MAX(x.id) FROM verdicts x
                                               WHERE x.comment_uid = c.uid AND x.comment_version = c.version)
               WHERE c.created_at >= ? AND c.created_at < ? AND (c.created_at, c.uid, c.version) > (?, ?, ?)
               ORDER BY c.created_at, c.uid, c.version LIMIT ?""",
            (start, end, *after, page_size),
        )
        if not rows:
            return
        yield rows
        last = rows[-1]
        after = (last["created_at"], last["uid"], int(last["version"]))


def moderator_final_decisions(store: Store, start: str, end: str) -> dict[tuple[str, int | None], str]:
    """(comment uid, version or None when the review names no verdict) → the latest final decision of a
    moderator on it, for comments created in [start, end)."""
    rows = store._query(
        f"""SELECT r.comment_uid AS uid, v.comment_version AS version, r.decision
            FROM reviews r LEFT JOIN verdicts v ON v.id = r.verdict_id
            WHERE r.decision IN ({",".join("?" * len(FINAL_DECISIONS))})
              AND r.comment_uid IN (SELECT uid FROM comments WHERE created_at >= ? AND created_at < ?)
            ORDER BY r.id""",
        (*FINAL_DECISIONS, start, end),
    )
    out: dict[tuple[str, int | None], str] = {}
    for r in rows:
        out[(r["uid"], None if r["version"] is None else int(r["version"]))] = r["decision"]
    return out


# -- transparency report --------------------------------------------------------------------------------
# Aggregates only: no query below returns comment text, an author, or any id of a comment, post or page.
def comments_seen(store: Store, start: str, end: str) -> dict[str, int]:
    """Comments (and comment versions) archived that were created in [start, end), per platform."""
    rows = store._query(
        """SELECT platform, COUNT(DISTINCT uid) AS comments, COUNT(*) AS versions FROM comments
           WHERE created_at >= ? AND created_at < ? GROUP BY platform ORDER BY platform""",
        (start, end),
    )
    return {r["platform"]: int(r["comments"]) for r in rows} | {
        f"{r['platform']}:versions": int(r["versions"]) for r in rows
    }


def completed_actions(store: Store, start: str, end: str) -> list[dict[str, Any]]:
    """Actions completed on the platform (not dry runs) in [start, end): kind, platform, who (modbot or a
    moderator), the deciding verdict's rule and first category, counted."""
    return store._query(
        """SELECT a.kind AS kind, a.platform AS platform,
               CASE WHEN a.actor = 'modbot' THEN 'automatic' ELSE 'moderator' END AS by_whom,
               COALESCE(v.rule_id, '-') AS rule_id,
               COALESCE(json_extract(v.categories, '$[0]'), 'none') AS category, COUNT(*) AS n
           FROM actions a LEFT JOIN verdicts v ON v.id = a.verdict_id
           WHERE a.status = ? AND a.finished_at >= ? AND a.finished_at < ?
           GROUP BY kind, platform, by_whom, rule_id, category ORDER BY kind, platform, rule_id""",
        (ActionStatus.DONE, start, end),
    )


# 911 as a number of its own: "call 911" and "(911)" count, "case 29115" and "9110" do not.
_CALL_911 = re.compile(r"\b911\b")


def replies_pointing_to_911(store: Store, start: str, end: str) -> int:
    """Completed replies of [start, end) that point to 911. SQLite has no regex, so LIKE only narrows the
    rows and the count is made here; only the number leaves this function."""
    rows = store._query(
        """SELECT text FROM actions WHERE kind = 'reply' AND status = ? AND text LIKE '%911%'
             AND finished_at >= ? AND finished_at < ?""",
        (ActionStatus.DONE, start, end),
    )
    return sum(1 for r in rows if _CALL_911.search(r["text"] or ""))


def removal_overrides(store: Store, start: str, end: str) -> list[dict[str, Any]]:
    """Per rule: verdicts of [start, end) that removed a comment (hide or delete; a dry run's verdict
    removed nothing), and how many of those a moderator then put back (a restore review)."""
    return store._query(
        """SELECT COALESCE(v.rule_id, '-') AS rule_id, COUNT(*) AS removed,
               SUM(CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
                    AND r.decision = 'restore') THEN 1 ELSE 0 END) AS restored
           FROM verdicts v WHERE v.action IN ('hide', 'delete') AND v.dry_run = 0
             AND v.created_at >= ? AND v.created_at < ?
           GROUP BY v.rule_id ORDER BY removed DESC, rule_id""",
        (start, end),
    )


def action_delays(store: Store, start: str, end: str) -> list[float]:
    """Seconds from a comment's creation to each completed automatic or moderator action on it, for
    actions finished in [start, end)."""
    rows = store._query(
        """SELECT (julianday(a.finished_at) - julianday(c.created_at)) * 86400.0 AS seconds
           FROM actions a JOIN comments c ON c.uid = a.comment_uid AND c.version = 1
           WHERE a.status = ? AND a.finished_at >= ? AND a.finished_at < ?""",
        (ActionStatus.DONE, start, end),
    )
    return [float(r["seconds"]) for r in rows if r["seconds"] is not None]


def urgent_delays(store: Store, start: str, end: str) -> tuple[int, list[float], list[float]]:
    """For urgent verdicts recorded in [start, end): seconds from the verdict to the first alert sent about
    it ("alerted") and to a moderator's first review of it ("reviewed"). The schema records no separate
    acknowledgement of an alert; the first review is the first sign that a person took the item up.
    Returns (urgent verdicts, delays to alert, delays to review)."""
    rows = store._query(
        """SELECT (julianday((SELECT MIN(al.sent_at) FROM alerts al WHERE al.verdict_id = v.id
                              AND al.status = ?)) - julianday(v.created_at)) * 86400.0 AS alerted,
               (julianday((SELECT MIN(r.created_at) FROM reviews r WHERE r.verdict_id = v.id))
                - julianday(v.created_at)) * 86400.0 AS reviewed
           FROM verdicts v WHERE v.urgent = 1 AND v.created_at >= ? AND v.created_at < ?""",
        (AlertStatus.SENT, start, end),
    )
    return (
        len(rows),
        [float(r["alerted"]) for r in rows if r["alerted"] is not None],
        [float(r["reviewed"]) for r in rows if r["reviewed"] is not None],
    )


def urgent_ack_delays(store: Store, start: str, end: str) -> list[float]:
    """Seconds from each urgent verdict recorded in [start, end) to its acknowledgement in the review app
    (bot.store.ops.acknowledge), for those acknowledged; empty on a database without acknowledgements."""
    if "alert_acks" not in store.db.table_names():
        return []
    rows = store._query(
        """SELECT (julianday(k.acked_at) - julianday(v.created_at)) * 86400.0 AS seconds
           FROM verdicts v JOIN alert_acks k ON k.verdict_id = v.id
           WHERE v.urgent = 1 AND v.created_at >= ? AND v.created_at < ?""",
        (start, end),
    )
    return [float(r["seconds"]) for r in rows if r["seconds"] is not None]


def alerts_sent(store: Store, start: str, end: str) -> dict[str, int]:
    """Alerts delivered in [start, end), per channel (email, webhook), about comments or about pages."""
    rows = store._query(
        """SELECT channel, CASE WHEN verdict_id IS NULL THEN 'operations' ELSE 'comment' END AS about,
               COUNT(*) AS n FROM alerts WHERE status = ? AND sent_at >= ? AND sent_at < ?
           GROUP BY channel, about ORDER BY channel, about""",
        (AlertStatus.SENT, start, end),
    )
    return {f"{r['channel']}:{r['about']}": int(r["n"]) for r in rows}


def policy_versions(store: Store, start: str, end: str) -> list[dict[str, Any]]:
    """Each policy version that decided verdicts in [start, end): first and last use, verdicts decided."""
    return store._query(
        """SELECT policy_version, MIN(created_at) AS first_used, MAX(created_at) AS last_used,
               COUNT(*) AS verdicts
           FROM verdicts WHERE created_at >= ? AND created_at < ?
           GROUP BY policy_version ORDER BY first_used""",
        (start, end),
    )
