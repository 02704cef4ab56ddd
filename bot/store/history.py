"""Read-only queries over the archive for policy replay (the transparency report keeps its own, in bot/transparency.py).

Kept apart from the Store's table groups (which write): nothing here changes the database or appends to the audit chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
