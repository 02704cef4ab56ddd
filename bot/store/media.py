"""The store's media archive and post archive: blobs by SHA-256, each comment's media addresses, posts' text.

Functions beside the Store's table groups (the tables come with migration 8, bot.store.schema); every
function takes the open Store and writes inside its transaction, with an audit row where a record changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain import Comment, MediaKind
from bot.store import Store, core
from bot.store.core import text_sha256
from bot.store.rows import MediaAddressRow, PostRow, PostVersionRow

# Kinds whose bytes are archived; links and "other" point at pages anywhere on the web, never fetched.
ARCHIVED_KINDS = frozenset({MediaKind.PHOTO, MediaKind.GIF, MediaKind.VIDEO})

# comment_media.status: what became of one address.
PENDING = "pending"  # not tried yet, or a retry is due at next_attempt_at
FAILED = "failed"  # a try failed in a way that may pass (timeout, 5xx): retried at next_attempt_at
STORED = "stored"  # the bytes are in media_blobs under sha256
REFUSED = "refused"  # never fetchable as given (host not allowed, not an image, too large, gone): no retry
GIVEN_UP = "given_up"  # failed on every try up to the attempt limit
OPEN_STATUSES = (PENDING, FAILED)

# comment_media.role: the medium itself, or the platform's still of it (poster frame, thumbnail).
ROLE_MEDIA = "media"
ROLE_PREVIEW = "preview"


@dataclass(kw_only=True, frozen=True)
class MediaRow:
    """One address to archive, as due_media hands it to the fetcher."""

    comment_uid: str
    url: str
    kind: str
    role: str
    attempts: int


def queue_media(store: Store, comments: Iterable[Comment]) -> int:
    """Note every photo, GIF and video address of these comments for archiving; returns how many are new.

    Idempotent (a comment fetched again adds nothing), so it runs on every fetch, archived before or not."""
    now = core.utcnow()
    added = 0
    with store.transaction() as conn:
        for c in comments:
            position = 0
            for m in c.media:
                if m.kind not in ARCHIVED_KINDS:
                    continue
                addresses = [(m.url, ROLE_MEDIA), (m.preview_url, ROLE_PREVIEW)]
                for url, role in addresses:
                    if not url:
                        continue
                    cur = conn.execute(
                        """INSERT OR IGNORE INTO comment_media (comment_uid, url, position, role, kind, platform,
                           page_id, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)""",
                        (c.uid, url, position, role, m.kind.value, c.platform.value, c.page_id, PENDING, now),
                    )
                    added += cur.rowcount
                position += 1
    return added


def due_media(store: Store, platform: str, page_id: str, *, now: float, limit: int) -> list[MediaRow]:
    """This page's addresses to try now: never tried first, then due retries; full videos (large) last."""
    rows = store._query(
        """SELECT comment_uid, url, kind, role, attempts FROM comment_media
           WHERE platform = ? AND page_id = ? AND status IN (?, ?)
             AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
           ORDER BY (kind = 'video' AND role = 'media'), attempts, created_at, comment_uid, position
           LIMIT ?""",
        (platform, page_id, *OPEN_STATUSES, now, limit),
    )
    return [
        MediaRow(
            comment_uid=r["comment_uid"],
            url=r["url"],
            kind=r["kind"],
            role=r["role"],
            attempts=int(r["attempts"]),
        )
        for r in rows
    ]


def record_stored(store: Store, row: MediaRow, data: bytes, content_type: str) -> str:
    """Keep the bytes (once per SHA-256) and link them to the address; returns the SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    now = core.utcnow()
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO media_blobs (sha256, content_type, size, data, stored_at) VALUES (?,?,?,?,?)",
            (digest, content_type, len(data), data, now),
        )
        conn.execute(
            """UPDATE comment_media SET status = ?, sha256 = ?, content_type = ?, size = ?, attempts = attempts + 1,
               error = NULL, next_attempt_at = NULL, fetched_at = ? WHERE comment_uid = ? AND url = ?""",
            (STORED, digest, content_type, len(data), now, row.comment_uid, row.url),
        )
        store._audit(
            conn,
            "modbot",
            "media_archived",
            row.comment_uid,
            {
                "url": row.url,
                "role": row.role,
                "sha256": digest,
                "size": len(data),
                "content_type": content_type,
            },
        )
    return digest


def record_failure(
    store: Store, row: MediaRow, error: str, *, permanent: bool, next_attempt_at: float | None, give_up: bool
) -> str:
    """Note a failed try: refused for good, given up, or to be retried at `next_attempt_at`. Returns the status."""
    status = REFUSED if permanent else GIVEN_UP if give_up else FAILED
    with store.transaction() as conn:
        conn.execute(
            """UPDATE comment_media SET status = ?, attempts = attempts + 1, error = ?, next_attempt_at = ?,
               fetched_at = ? WHERE comment_uid = ? AND url = ?""",
            (
                status,
                error[:500],
                None if status != FAILED else next_attempt_at,
                core.utcnow(),
                row.comment_uid,
                row.url,
            ),
        )
        if status != FAILED:
            store._audit(
                conn,
                "modbot",
                "media_not_archived",
                row.comment_uid,
                {"url": row.url, "status": status, "error": error[:500]},
            )
    return status


def media_for(store: Store, uids: Sequence[str]) -> dict[str, list[MediaAddressRow]]:
    """Every archived (or attempted) address of these comments, in attachment order, by comment uid."""
    out: dict[str, list[MediaAddressRow]] = {}
    for i in range(0, len(uids), 500):
        chunk = list(uids[i : i + 500])
        rows = store._rows(
            MediaAddressRow,
            f"""SELECT comment_uid, url, position, role, kind, status, sha256, content_type, size, attempts, error,
                fetched_at FROM comment_media WHERE comment_uid IN ({",".join("?" * len(chunk))})
                ORDER BY comment_uid, position, role""",
            chunk,
        )
        for r in rows:
            out.setdefault(r["comment_uid"], []).append(r)
    return out


def blob(store: Store, sha256: str) -> tuple[bytes, str] | None:
    """The archived bytes with this SHA-256 and their sniffed content type, or None."""
    row = store._one("SELECT data, content_type FROM media_blobs WHERE sha256 = ?", (sha256,))
    return (bytes(row["data"]), str(row["content_type"])) if row else None


def blobs(store: Store, digests: Iterable[str]) -> Iterable[tuple[str, bytes, str]]:
    """(sha256, bytes, content type) for each of these digests that is archived, one at a time."""
    for digest in sorted(set(digests)):
        found = blob(store, digest)
        if found is not None:
            yield digest, found[0], found[1]


def media_counts(store: Store) -> dict[str, int]:
    """How many addresses are in each status (for status output and tests)."""
    rows = store._query("SELECT status, COUNT(*) AS n FROM comment_media GROUP BY status")
    return {r["status"]: int(r["n"]) for r in rows}


# -- posts ------------------------------------------------------------------------------------------


@dataclass(kw_only=True, frozen=True)
class PostText:
    """A post on the page (what comments answer), as an adapter fetched it."""

    platform: str
    page_id: str
    post_id: str
    text: str
    created_at: str | None = None
    permalink: str | None = None


def archive_posts(store: Store, posts: Iterable[PostText]) -> int:
    """Keep each post's latest text, and every text it has had as a version; a changed text is audited with
    its SHA-256 and version. Returns how many changed."""
    now = core.utcnow()
    changed = 0
    with store.transaction() as conn:
        for p in posts:
            digest = text_sha256(p.text)
            row = conn.execute(
                "SELECT text_sha256 FROM posts WHERE platform = ? AND post_id = ?", (p.platform, p.post_id)
            ).fetchone()
            if row is not None and row[0] == digest:
                continue
            conn.execute(
                """INSERT INTO posts (platform, post_id, page_id, text, text_sha256, created_at, permalink, archived_at)
                   VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (platform, post_id) DO UPDATE SET text = excluded.text,
                   text_sha256 = excluded.text_sha256, permalink = COALESCE(excluded.permalink, permalink),
                   created_at = COALESCE(excluded.created_at, created_at), archived_at = excluded.archived_at""",
                (p.platform, p.post_id, p.page_id, p.text, digest, p.created_at, p.permalink, now),
            )
            last = conn.execute(
                "SELECT MAX(version) FROM post_versions WHERE platform = ? AND post_id = ?",
                (p.platform, p.post_id),
            ).fetchone()
            version = int(last[0] or 0) + 1
            conn.execute(
                """INSERT INTO post_versions (platform, post_id, version, text, text_sha256, archived_at)
                   VALUES (?,?,?,?,?,?)""",
                (p.platform, p.post_id, version, p.text, digest, now),
            )
            store._audit(
                conn,
                "modbot",
                "post_archived" if row is None else "post_edited",
                f"{p.platform}:post:{p.post_id}",
                {"text_sha256": digest, "version": version},
            )
            changed += 1
    return changed


def post(store: Store, platform: str, post_id: str) -> PostRow | None:
    return store._row(PostRow, "SELECT * FROM posts WHERE platform = ? AND post_id = ?", (platform, post_id))


def post_versions(store: Store, platform: str, post_id: str) -> list[PostVersionRow]:
    """Every text the post has had, oldest first (the last is the one posts holds)."""
    return store._rows(
        PostVersionRow,
        "SELECT * FROM post_versions WHERE platform = ? AND post_id = ? ORDER BY version",
        (platform, post_id),
    )
