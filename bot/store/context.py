"""Read-only queries for what surrounds one archived comment: its post, its parent, its thread, and its author.

Kept apart from the Store's table groups: every function takes the open Store, reads the latest
archived version of each comment, and returns plain rows, capped, for the review app's item page. A comment
links to its post by (platform, post_id) and to the comment it answers by (platform, parent_id = comment_id).
"""

from __future__ import annotations

from bot.store import Store, media
from bot.store.rows import AlsoOnPageRow, ContextCommentRow, PostRow, PostVersionRow, QueueRow
from bot.store.textmatch import text_norm_sha256

# Caps on what one item page lists (the page stays readable and each query bounded).
THREAD_NEIGHBOURS = 5  # before and after, each
AUTHOR_OTHERS = 20
ALSO_ON_PAGES = 10

# The latest archived version of each comment, with its latest verdict, review and state (a comment
# may have no verdict when it was archived but not judged, e.g. a reply fetched for context).
_SELECT = """SELECT c.uid, c.version, c.platform, c.page_id, c.post_id, c.comment_id, c.parent_id,
    c.author_id, c.author_name, c.text, c.text_sha256, c.created_at, c.permalink,
    COALESCE(s.state, 'visible') AS state,
    v.id AS verdict_id, v.action, v.review_status, v.urgent,
    r.decision AS review_decision, r.moderator AS reviewed_by, r.created_at AS reviewed_at
    FROM comments c
    LEFT JOIN comment_state s ON s.uid = c.uid
    LEFT JOIN verdicts v ON v.id = (SELECT MAX(id) FROM verdicts WHERE comment_uid = c.uid)
    LEFT JOIN reviews r ON r.id = (SELECT MAX(id) FROM reviews WHERE comment_uid = c.uid)
    WHERE c.version = (SELECT MAX(version) FROM comments l WHERE l.uid = c.uid)"""


def post_text(store: Store, platform: str, post_id: str) -> PostRow | None:
    """The archived post the comment answers, or None (the platform gave no text for it)."""
    return media.post(store, platform, post_id)


def post_versions(store: Store, platform: str, post_id: str) -> list[PostVersionRow]:
    """Every archived text of that post, oldest first: more than one when the post was edited."""
    return media.post_versions(store, platform, post_id)


def parent_comment(store: Store, platform: str, parent_id: str | None) -> ContextCommentRow | None:
    """The comment a reply answers, when it is archived."""
    if not parent_id:
        return None
    return store._row(ContextCommentRow, f"{_SELECT} AND c.uid = ?", (f"{platform}:{parent_id}",))


def thread_neighbours(
    store: Store, item: QueueRow, limit: int = THREAD_NEIGHBOURS
) -> tuple[list[ContextCommentRow], list[ContextCommentRow]]:
    """The archived comments on the same post nearest in time: up to `limit` before and `limit` after,
    each list oldest first. Ties on the time are ordered by uid so no comment is listed twice; the row-value
    comparison lets SQLite walk the comments_post index from the item outwards and stop at `limit`."""
    uid = f"{item['platform']}:{item['comment_id']}"
    key = (item["platform"], item["post_id"], uid)
    at = item["comment_created_at"]
    before = store._rows(
        ContextCommentRow,
        f"""{_SELECT} AND c.platform = ? AND c.post_id = ? AND c.uid != ? AND (c.created_at, c.uid) < (?, ?)
            ORDER BY c.created_at DESC, c.uid DESC LIMIT ?""",
        (*key, at, uid, limit),
    )
    after = store._rows(
        ContextCommentRow,
        f"""{_SELECT} AND c.platform = ? AND c.post_id = ? AND c.uid != ? AND (c.created_at, c.uid) > (?, ?)
            ORDER BY c.created_at, c.uid LIMIT ?""",
        (*key, at, uid, limit),
    )
    return list(reversed(before)), after


def _author_clause(item: QueueRow) -> tuple[str, tuple[str, ...]] | None:
    # The platform's author id when there is one; a name alone only when the platform gave no id.
    author_id, author_name = item.get("author_id"), item.get("author_name")
    if author_id:
        return "c.author_id = ?", (author_id,)
    if author_name:
        return "c.author_id IS NULL AND c.author_name = ?", (author_name,)
    return None


def author_on_page(
    store: Store, item: QueueRow, limit: int = AUTHOR_OTHERS
) -> tuple[list[ContextCommentRow], int]:
    """The author's other archived comments on the same page, newest first, with their latest decisions;
    and how many there are in all."""
    who = _author_clause(item)
    if who is None:
        return [], 0
    clause, params = who
    uid = f"{item['platform']}:{item['comment_id']}"
    where = f"AND c.platform = ? AND c.page_id = ? AND c.uid != ? AND {clause}"
    args = (item["platform"], item["page_id"], uid, *params)
    rows = store._rows(
        ContextCommentRow, f"{_SELECT} {where} ORDER BY c.created_at DESC, c.uid DESC LIMIT ?", (*args, limit)
    )
    total = store._one(f"SELECT COUNT(*) AS n FROM ({_SELECT} {where})", args)
    return rows, int(total["n"]) if total else len(rows)


def same_text_elsewhere(store: Store, item: QueueRow, limit: int = ALSO_ON_PAGES) -> list[AlsoOnPageRow]:
    """The same text from the same author on other pages of the same platform, one row per page: how many
    times, when first and last, and its newest verdict there. Newest page first. "The same text" is as
    bot.store.textmatch folds it: case, accents, spacing, punctuation, emoji and tracking parameters aside."""
    who = _author_clause(item)
    if who is None:
        return []
    clause, params = who
    digest = text_norm_sha256(item.get("text") or "")
    rows = store._rows(
        AlsoOnPageRow,
        f"""SELECT page_id, COUNT(*) AS n, MIN(created_at) AS first_at, MAX(created_at) AS last_at,
            MAX(verdict_id) AS verdict_id FROM ({_SELECT} AND c.platform = ? AND c.page_id != ?
            AND c.text_norm_sha256 = ? AND {clause}) GROUP BY page_id ORDER BY last_at DESC LIMIT ?""",
        (item["platform"], item["page_id"], digest, *params, limit),
    )
    return rows
