"""The archive: comments and their versions (an edited text is a new version), where each comment stands now
on its platform, and the comments their authors deleted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.domain import ActionStatus, Comment, without_lone_surrogates
from bot.store import core
from bot.store.core import StoreBase, _dumps, _iso, text_sha256
from bot.store.rows import ArchivedInScope, CommentRow
from bot.store.textmatch import text_norm_sha256


@dataclass(frozen=True)
class ArchiveResult:
    uid: str
    version: int
    new_version: bool  # False when this exact text was already archived as the latest version


# A comment's author deleted it on the platform (found by a recheck); `deleted` means we deleted it.
DELETED_BY_AUTHOR = "deleted_by_author"
# How each comment_state value reads to a person (review app, `modbot flagged`, export).
STATE_LABELS = {
    "visible": "visible",
    "hidden": "hidden",
    "deleted": "deleted",
    DELETED_BY_AUTHOR: "deleted by author",
}


def storable_comment(c: Comment) -> Comment:
    """The comment with text fields SQLite can store (lone surrogates → U+FFFD; `raw` keeps the original)."""
    fields = {
        "text": c.text,
        "author_name": c.author_name,
        "author_id": c.author_id,
        "permalink": c.permalink,
    }
    clean = {k: without_lone_surrogates(v) for k, v in fields.items() if v is not None}
    if all(clean[k] == fields[k] for k in clean):
        return c
    return replace(c, **clean)  # type: ignore[arg-type]


class ArchiveStore(StoreBase):
    """Comments, their versions and their state."""

    def archive_comments(self, comments: Iterable[Comment]) -> list[ArchiveResult]:
        """Archive comments before anything else happens to them. An edited text becomes a new version."""
        results: list[ArchiveResult] = []
        now = core.utcnow()
        with self.transaction() as conn:
            for c in comments:
                c = storable_comment(c)
                digest = text_sha256(c.text)
                row = conn.execute(
                    "SELECT version, text_sha256 FROM comments WHERE uid = ? ORDER BY version DESC LIMIT 1",
                    (c.uid,),
                ).fetchone()
                if row is not None and row[1] == digest:
                    results.append(ArchiveResult(c.uid, int(row[0]), False))
                    continue
                version = 1 if row is None else int(row[0]) + 1
                conn.execute(
                    """INSERT INTO comments (uid, version, platform, page_id, post_id, comment_id, parent_id,
                       author_id, author_name, text, text_sha256, text_norm_sha256, created_at, permalink, media,
                       is_hidden, raw, archived_at, post_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,
                       (SELECT MAX(version) FROM post_versions WHERE platform = ? AND post_id = ?))""",
                    (
                        c.uid,
                        version,
                        c.platform.value,
                        c.page_id,
                        c.post_id,
                        c.id,
                        c.parent_id,
                        c.author_id,
                        c.author_name,
                        c.text,
                        digest,
                        text_norm_sha256(c.text),
                        _iso(c.created_at),
                        c.permalink,
                        _dumps([m.record() for m in c.media]),
                        int(c.is_hidden),
                        _dumps(c.raw),
                        now,
                        # the post's version this text answers: its latest archived one (NULL: none yet)
                        c.platform.value,
                        c.post_id,
                    ),
                )
                if row is None:
                    conn.execute(
                        "INSERT OR IGNORE INTO comment_state (uid, state, updated_at) VALUES (?, ?, ?)",
                        (c.uid, "hidden" if c.is_hidden else "visible", now),
                    )
                self._audit(
                    conn,
                    "modbot",
                    "comment_archived" if version == 1 else "comment_edited",
                    c.uid,
                    {"version": version, "text_sha256": digest},
                )
                results.append(ArchiveResult(c.uid, version, True))
        return results

    def archive_comment(self, comment: Comment) -> ArchiveResult:
        return self.archive_comments([comment])[0]

    def comment_versions(self, uid: str) -> list[CommentRow]:
        return self._rows(CommentRow, "SELECT * FROM comments WHERE uid = ? ORDER BY version", (uid,))

    def latest_comment(self, uid: str) -> CommentRow | None:
        return self._row(
            CommentRow, "SELECT * FROM comments WHERE uid = ? ORDER BY version DESC LIMIT 1", (uid,)
        )

    def comment_state(self, uid: str) -> str | None:
        row = self._one("SELECT state FROM comment_state WHERE uid = ?", (uid,))
        return row["state"] if row else None

    def has_reply_text(self, platform: str, parent_comment_id: str, text: str) -> bool:
        """Whether the archive holds a reply to this comment with exactly this text (e.g. the page's own)."""
        row = self._one(
            "SELECT 1 AS x FROM comments WHERE platform = ? AND parent_id = ? AND text = ? LIMIT 1",
            (platform, parent_comment_id, text),
        )
        return row is not None

    def archived_counts_by_page(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(comments, comment versions) in the archive per (platform, page_id): counted, not accumulated."""
        rows = self._query(
            "SELECT platform, page_id, COUNT(DISTINCT uid) AS comments, COUNT(*) AS versions FROM comments "
            "GROUP BY platform, page_id"
        )
        return {(r["platform"], r["page_id"]): (int(r["comments"]), int(r["versions"])) for r in rows}

    # -- author deletions -------------------------------------------------------------------------
    # A recheck compares what it listed in full with the archive; comments missing from the platform are
    # marked deleted_by_author (never removed from the archive), with an audit row saying how it was known.
    def archived_in_scope(
        self, platform: str, page_id: str, *, post_id: str | None = None, since: datetime | None = None
    ) -> list[ArchivedInScope]:
        """One row per archived comment of a page (optionally one post, created at or after `since`):
        uid, comment_id, post_id, state, and whether a delete of ours is still pending for it."""
        clauses = ["c.platform = ?", "c.page_id = ?", "c.version = 1"]
        params: list[Any] = [platform, page_id]
        if post_id is not None:
            clauses.append("c.post_id = ?")
            params.append(post_id)
        if since is not None:
            clauses.append("c.created_at >= ?")
            params.append(_iso(since))
        return self._rows(
            ArchivedInScope,
            f"""SELECT c.uid, c.comment_id, c.post_id, COALESCE(s.state, 'visible') AS state,
                   EXISTS (SELECT 1 FROM actions a WHERE a.comment_uid = c.uid AND a.kind = 'delete'
                           AND a.status = ?) AS delete_pending
               FROM comments c LEFT JOIN comment_state s ON s.uid = c.uid
               WHERE {" AND ".join(clauses)} ORDER BY c.uid""",
            [ActionStatus.PENDING, *params],
        )

    def mark_deleted_by_author(self, gone: Mapping[str, str], actor: str = "modbot") -> list[str]:
        """Mark comments (uid → how it was established) as deleted by their author; returns those newly
        marked. A comment we deleted, or one already marked, is left as it is."""
        marked: list[str] = []
        now = core.utcnow()
        with self.transaction() as conn:
            for uid, evidence in gone.items():
                row = conn.execute("SELECT state FROM comment_state WHERE uid = ?", (uid,)).fetchone()
                before = row[0] if row else "visible"
                if before in ("deleted", DELETED_BY_AUTHOR):
                    continue
                conn.execute(
                    "INSERT INTO comment_state (uid, state, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(uid) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                    (uid, DELETED_BY_AUTHOR, now),
                )
                self._audit(
                    conn, actor, "comment_gone", uid, {"state_before": before, "evidence": evidence[:500]}
                )
                marked.append(uid)
        return marked

    def mark_reappeared(self, states: Mapping[str, str], actor: str = "modbot") -> list[str]:
        """Comments marked deleted_by_author that a later full listing shows again (uid → visible/hidden):
        the mark was wrong, so it is undone, with an audit row. Returns the uids changed."""
        changed: list[str] = []
        now = core.utcnow()
        with self.transaction() as conn:
            for uid, state in states.items():
                cur = conn.execute(
                    "UPDATE comment_state SET state = ?, updated_at = ? WHERE uid = ? AND state = ?",
                    (state, now, uid, DELETED_BY_AUTHOR),
                )
                if cur.rowcount:
                    self._audit(conn, actor, "comment_reappeared", uid, {"state": state})
                    changed.append(uid)
        return changed
