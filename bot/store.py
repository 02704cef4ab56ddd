"""The SQLite store (via sqlite-utils): archive, verdicts, action journal, reviews, cursors, alerts, audit chain.

This is the one module that speaks SQL. Every write that matters appends an audit row in the same
transaction; each audit row carries the SHA-256 of the previous one, so an edit anywhere breaks the chain.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.domain import Action, ActionResult, ActionStatus, Comment, Verdict, without_lone_surrogates

GENESIS_HASH = "0" * 64
SCHEMA_VERSION = 10


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate from a platform's JSON: kept exactly, as its \\u escape (SQLite takes no other).
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return text


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


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Each migration is a list of statements, applied once, in order, inside one transaction.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE comments (
            uid TEXT NOT NULL, version INTEGER NOT NULL,
            platform TEXT NOT NULL, page_id TEXT NOT NULL, post_id TEXT NOT NULL, comment_id TEXT NOT NULL,
            parent_id TEXT, author_id TEXT, author_name TEXT, text TEXT NOT NULL, text_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL, permalink TEXT, media TEXT NOT NULL DEFAULT '[]',
            is_hidden INTEGER NOT NULL DEFAULT 0, raw TEXT NOT NULL, archived_at TEXT NOT NULL,
            PRIMARY KEY (uid, version))""",
        "CREATE INDEX comments_created ON comments(created_at)",
        "CREATE INDEX comments_page ON comments(platform, page_id)",
        """CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT, comment_uid TEXT NOT NULL, comment_version INTEGER NOT NULL,
            created_at TEXT NOT NULL, action TEXT NOT NULL, urgent INTEGER NOT NULL, score REAL NOT NULL,
            categories TEXT NOT NULL, rule_id TEXT, clause TEXT, reason TEXT NOT NULL, reply TEXT,
            scores TEXT NOT NULL, matches TEXT NOT NULL, policy_version TEXT NOT NULL, scorer TEXT NOT NULL,
            dry_run INTEGER NOT NULL DEFAULT 0,
            review_status TEXT NOT NULL DEFAULT 'none',
            FOREIGN KEY (comment_uid, comment_version) REFERENCES comments(uid, version))""",
        "CREATE INDEX verdicts_comment ON verdicts(comment_uid)",
        "CREATE INDEX verdicts_queue ON verdicts(review_status, urgent, created_at)",
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
            comment_uid TEXT NOT NULL, verdict_id INTEGER, kind TEXT NOT NULL, platform TEXT NOT NULL,
            page_id TEXT NOT NULL, comment_id TEXT NOT NULL, text TEXT, actor TEXT NOT NULL, reason TEXT,
            status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, detail TEXT,
            response TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT)""",
        "CREATE INDEX actions_status ON actions(status)",
        "CREATE INDEX actions_comment ON actions(comment_uid)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT, comment_uid TEXT NOT NULL, verdict_id INTEGER,
            moderator TEXT NOT NULL, decision TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL)""",
        "CREATE INDEX reviews_comment ON reviews(comment_uid)",
        """CREATE TABLE cursors (
            page TEXT PRIMARY KEY, cursor TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL)""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, actor TEXT NOT NULL, event TEXT NOT NULL,
            subject TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
        # Append-only: the database itself refuses edits; the hash chain catches edits made around it.
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
           BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END""",
    ],
    2: [
        """CREATE TABLE alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT, verdict_id INTEGER, comment_uid TEXT NOT NULL,
            channel TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT, created_at TEXT NOT NULL, sent_at TEXT,
            UNIQUE (verdict_id, channel))""",
        """CREATE TABLE page_status (
            page TEXT PRIMARY KEY, platform TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'ok',
            last_poll_at TEXT, last_success_at TEXT, last_error TEXT, last_error_at TEXT,
            comments_seen INTEGER NOT NULL DEFAULT 0, api_calls INTEGER NOT NULL DEFAULT 0)""",
    ],
    3: [
        # Comments removed on the platform by us or a moderator are still records; this tracks where
        # each one stands now, derived from completed actions.
        "ALTER TABLE verdicts ADD COLUMN updated_at TEXT",
        """CREATE TABLE comment_state (
            uid TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL)""",
        """CREATE TABLE users (
            name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
            created_at TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0)""",
    ],
    4: [
        # One daemon acts for a page at a time: the holder renews its lease every cycle (and while acting);
        # another daemon takes the page only once the lease has expired. Keyed by "platform:page_id", the
        # thing platform writes go to, whatever each daemon's config calls the page.
        """CREATE TABLE page_leases (
            page_key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL,
            acquired_at TEXT NOT NULL, renewed_at TEXT NOT NULL)""",
    ],
    5: [
        # A failing action is retried with backoff until a time limit, not given up after one burst of
        # calls: the epoch time its next attempt is due (NULL: due now).
        "ALTER TABLE actions ADD COLUMN next_attempt_at REAL",
    ],
    6: [
        # Review-app sign-ins, so the server can end them: at logout, password change, account removal,
        # or when idle. The cookie carries a random token; only its SHA-256 is stored.
        """CREATE TABLE web_sessions (
            id TEXT PRIMARY KEY, user TEXT NOT NULL, created_at REAL NOT NULL, last_seen REAL NOT NULL,
            addr TEXT)""",
        "CREATE INDEX web_sessions_user ON web_sessions(user)",
    ],
    7: [
        # `modbot status` derives what it shows from what happened: since when a page has been in its
        # state, and which page id a page name stands for (two pages may share a platform).
        "ALTER TABLE page_status ADD COLUMN state_since TEXT",
        "ALTER TABLE page_status ADD COLUMN page_id TEXT",
        # Every cycle asks for its page's pending actions and its urgent actions in trouble.
        "CREATE INDEX actions_page_status ON actions(platform, page_id, status)",
    ],
    8: [
        # A comment's photos, GIFs and videos are part of the record (bot.store_media): the bytes once per
        # SHA-256, and per comment each address the platform gave, with how fetching it went.
        """CREATE TABLE media_blobs (
            sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,
            stored_at TEXT NOT NULL)""",
        """CREATE TABLE comment_media (
            comment_uid TEXT NOT NULL, url TEXT NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL,
            kind TEXT NOT NULL, platform TEXT NOT NULL, page_id TEXT NOT NULL, status TEXT NOT NULL,
            sha256 TEXT REFERENCES media_blobs(sha256), content_type TEXT, size INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0, error TEXT, next_attempt_at REAL,
            created_at TEXT NOT NULL, fetched_at TEXT, PRIMARY KEY (comment_uid, url))""",
        "CREATE INDEX comment_media_due ON comment_media(platform, page_id, status, next_attempt_at)",
        # The posts comments answer, so a moderator sees what a comment is about (latest text per post).
        """CREATE TABLE posts (
            platform TEXT NOT NULL, post_id TEXT NOT NULL, page_id TEXT NOT NULL, text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL, created_at TEXT, permalink TEXT, archived_at TEXT NOT NULL,
            PRIMARY KEY (platform, post_id))""",
    ],
    9: [
        # The people side of moderation (bot.store_ops). One acknowledgement per urgent verdict: who took it
        # in hand, and when (the first alert's time kept beside it, so "alert to acknowledgement" needs no
        # join with a table that may be pruned).
        """CREATE TABLE alert_acks (
            verdict_id INTEGER PRIMARY KEY, user TEXT NOT NULL, acked_at TEXT NOT NULL,
            first_alert_at TEXT, seconds REAL)""",
        # The person an escalated item is assigned to (one holder at a time; reassigning replaces it).
        """CREATE TABLE assignments (
            verdict_id INTEGER PRIMARY KEY, assignee TEXT NOT NULL, assigned_by TEXT NOT NULL,
            assigned_at TEXT NOT NULL, note TEXT)""",
        # Pages an admin paused from the review app; the daemon skips their polls until resumed.
        """CREATE TABLE page_pauses (
            page TEXT PRIMARY KEY, paused_by TEXT NOT NULL, paused_at TEXT NOT NULL, reason TEXT)""",
    ],
    10: [
        # How long the page's last completed poll took (seconds), for /metrics.
        "ALTER TABLE page_status ADD COLUMN last_poll_seconds REAL",
    ],
}


class StoreError(RuntimeError):
    pass


class DatabaseUnusable(StoreError):
    """The database cannot be opened for use: its directory or file is read-only or missing, the disk is
    full, or the file is corrupt or not a database. A person must fix it; restarting will not."""

    def __init__(self, path: str, cause: BaseException) -> None:
        self.path = path
        self.cause = cause
        text = str(cause) or type(cause).__name__
        low = text.lower()
        if "malformed" in low or "not a database" in low or "corrupt" in low:
            why = f"it is corrupt or not a modbot database ({text})"
        elif "readonly" in low or "read-only" in low or isinstance(cause, PermissionError):
            why = f"it is read-only ({text})"
        elif "full" in low or getattr(cause, "errno", None) == 28:
            why = f"the disk is full ({text})"
        else:
            why = text
        super().__init__(f"cannot use the database {path}: {why}")


@dataclass(frozen=True)
class ArchiveResult:
    uid: str
    version: int
    new_version: bool  # False when this exact text was already archived as the latest version


@dataclass(frozen=True)
class Lease:
    """Who holds a page's lease and until when (epoch seconds)."""

    page_key: str
    owner: str
    expires_at: float
    held: bool  # whether it is the asking owner's


@dataclass(frozen=True)
class AuditProblem:
    row_id: int
    problem: str


# A comment's author deleted it on the platform (found by a recheck); `deleted` means we deleted it.
DELETED_BY_AUTHOR = "deleted_by_author"
# How each comment_state value reads to a person (review app, `modbot flagged`, export).
STATE_LABELS = {
    "visible": "visible",
    "hidden": "hidden",
    "deleted": "deleted",
    DELETED_BY_AUTHOR: "deleted by author",
}

# Where a completed action leaves the comment on its platform.
_STATE_AFTER = {"hide": "hidden", "delete": "deleted", "unhide": "visible", "approve": "visible"}


class Store:
    """A thread-safe handle on the moderation database. One writer at a time (a lock), WAL for readers."""

    @classmethod
    def open_for_daemon(cls, path: str | Path) -> Store:
        """Open (and migrate) the database, or raise DatabaseUnusable with a one-line reason."""
        try:
            store = cls(path)
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseUnusable(str(path), exc) from None
        return store

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self._lock = threading.RLock()
        if migrate:
            self.migrate()

    # -- plumbing ---------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE so two processes never deadlock upgrading locks)."""
        with self._lock:
            if self.conn.in_transaction:  # nested: join the outer one
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # SQLite has already rolled back after some errors (SQLITE_FULL, for one); a second
                # ROLLBACK would then raise and hide the error that matters.
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            cur = self.conn.execute(sql, params)
            cols = [c[0] for c in cur.description or ()]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> dict[str, Any] | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    def schema_version(self) -> int:
        if "schema_migrations" not in self.db.table_names():
            return 0
        row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
        return int(row["v"] or 0) if row else 0

    def migrate(self, target: int = SCHEMA_VERSION) -> list[int]:
        """Apply pending migrations up to `target`; returns the versions applied."""
        applied: list[int] = []
        with self.transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self.schema_version()
            for version in sorted(MIGRATIONS):
                if current < version <= target:
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        (version, utcnow()),
                    )
                    applied.append(version)
            if applied:
                self._audit(conn, "modbot", "schema_migrated", None, {"versions": applied})
        return applied

    # -- audit chain --------------------------------------------------------------------------------
    @staticmethod
    def _audit_hash(
        prev_hash: str, ts: str, actor: str, event: str, subject: str | None, details: str
    ) -> str:
        payload = _dumps([prev_hash, ts, actor, event, subject, details])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _audit(
        self,
        conn: sqlite3.Connection,
        actor: str,
        event: str,
        subject: str | None,
        details: Mapping[str, Any],
    ) -> str:
        row = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS_HASH
        ts = utcnow()
        body = _dumps(details)
        digest = self._audit_hash(prev, ts, actor, event, subject, body)
        conn.execute(
            "INSERT INTO audit (ts, actor, event, subject, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
            (ts, actor, event, subject, body, prev, digest),
        )
        return digest

    def append_audit(self, actor: str, event: str, subject: str | None, details: Mapping[str, Any]) -> str:
        with self.transaction() as conn:
            return self._audit(conn, actor, event, subject, details)

    def verify_audit(self) -> tuple[int, list[AuditProblem]]:
        """Recompute the chain; returns (rows checked, problems). An empty problem list means intact."""
        problems: list[AuditProblem] = []
        prev = GENESIS_HASH
        count = 0
        expected_id = None
        for row in self._query("SELECT * FROM audit ORDER BY id"):
            count += 1
            if expected_id is not None and row["id"] != expected_id:
                problems.append(AuditProblem(row["id"], f"gap: expected row {expected_id}"))
            expected_id = row["id"] + 1
            if row["prev_hash"] != prev:
                problems.append(AuditProblem(row["id"], "prev_hash does not match the previous row's hash"))
            digest = self._audit_hash(
                row["prev_hash"], row["ts"], row["actor"], row["event"], row["subject"], row["details"]
            )
            if digest != row["hash"]:
                problems.append(AuditProblem(row["id"], "hash does not match the row's contents"))
            prev = row["hash"]
        return count, problems

    def audit_rows(self, subject: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        if subject is None:
            return self._query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
        return self._query("SELECT * FROM audit WHERE subject = ? ORDER BY id", (subject,))

    # -- archive ----------------------------------------------------------------------------------
    def archive_comments(self, comments: Iterable[Comment]) -> list[ArchiveResult]:
        """Archive comments before anything else happens to them. An edited text becomes a new version."""
        results: list[ArchiveResult] = []
        now = utcnow()
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
                       author_id, author_name, text, text_sha256, created_at, permalink, media, is_hidden,
                       raw, archived_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
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
                        _iso(c.created_at),
                        c.permalink,
                        _dumps([m.record() for m in c.media]),
                        int(c.is_hidden),
                        _dumps(c.raw),
                        now,
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

    def comment_versions(self, uid: str) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM comments WHERE uid = ? ORDER BY version", (uid,))

    def latest_comment(self, uid: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM comments WHERE uid = ? ORDER BY version DESC LIMIT 1", (uid,))

    def comment_state(self, uid: str) -> str | None:
        row = self._one("SELECT state FROM comment_state WHERE uid = ?", (uid,))
        return row["state"] if row else None

    def count(self, table: str) -> int:
        if table not in self.db.table_names():
            raise StoreError(f"no table {table!r}")
        row = self._one(f'SELECT COUNT(*) AS n FROM "{table}"')  # noqa: S608 - name checked above
        return int(row["n"]) if row else 0

    # -- verdicts ---------------------------------------------------------------------------------
    def record_verdict(self, comment_uid: str, comment_version: int, verdict: Verdict) -> int:
        review_status = "none" if verdict.action.value == "allow" else "pending"
        with self.transaction() as conn:
            cur = conn.execute(
                """INSERT INTO verdicts (comment_uid, comment_version, created_at, action, urgent, score,
                   categories, rule_id, clause, reason, reply, scores, matches, policy_version, scorer, dry_run,
                   review_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    comment_uid,
                    comment_version,
                    utcnow(),
                    verdict.action.value,
                    int(verdict.urgent),
                    verdict.score,
                    _dumps(list(verdict.categories)),
                    verdict.rule_id,
                    verdict.clause,
                    verdict.reason,
                    verdict.reply,
                    _dumps(verdict.scores),
                    _dumps([_match_dict(m) for m in verdict.matches]),
                    verdict.policy_version,
                    verdict.scorer,
                    int(verdict.dry_run),
                    review_status,
                ),
            )
            verdict_id = int(cur.lastrowid or 0)
            self._audit(
                conn,
                "modbot",
                "verdict",
                comment_uid,
                {
                    "verdict_id": verdict_id,
                    "version": comment_version,
                    "action": verdict.action.value,
                    "urgent": verdict.urgent,
                    "rule": verdict.rule_id,
                    "policy_version": verdict.policy_version,
                    "score": round(verdict.score, 4),
                },
            )
        return verdict_id

    def verdicts_for(self, comment_uid: str) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM verdicts WHERE comment_uid = ? ORDER BY id", (comment_uid,))

    def verdict(self, verdict_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM verdicts WHERE id = ?", (verdict_id,))

    def has_verdict(self, comment_uid: str, comment_version: int) -> bool:
        row = self._one(
            "SELECT 1 AS x FROM verdicts WHERE comment_uid = ? AND comment_version = ? LIMIT 1",
            (comment_uid, comment_version),
        )
        return row is not None

    def set_review_status(self, verdict_id: int, status: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE verdicts SET review_status = ?, updated_at = ? WHERE id = ?",
                (status, utcnow(), verdict_id),
            )

    # -- action journal ---------------------------------------------------------------------------
    def journal_action(
        self, action: Action, idempotency_key: str, verdict_id: int | None = None
    ) -> dict[str, Any]:
        """Write the action as `pending` BEFORE the platform call. Returns the row (existing if the key is known)."""
        now = utcnow()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM actions WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
            if row is None:
                conn.execute(
                    """INSERT INTO actions (idempotency_key, comment_uid, verdict_id, kind, platform, page_id,
                       comment_id, text, actor, reason, status, created_at, updated_at)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        *_action_values(action, idempotency_key, verdict_id),
                        ActionStatus.PENDING.value,
                        now,
                        now,
                    ),
                )
                self._audit(
                    conn,
                    action.actor,
                    "action_pending",
                    action.comment_uid,
                    {"kind": action.kind.value, "key": idempotency_key, "verdict_id": verdict_id},
                )
        found = self._one("SELECT * FROM actions WHERE idempotency_key = ?", (idempotency_key,))
        assert found is not None
        return found

    def journal_dry_run(
        self, action: Action, idempotency_key: str, verdict_id: int | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Record what a dry run would have done, settled (`dry_run`) in the same transaction, so no crash
        can leave it pending for a live run to carry out. Returns (row, whether it was written now)."""
        now = utcnow()
        with self.transaction() as conn:
            cur = conn.execute(
                """INSERT OR IGNORE INTO actions (idempotency_key, comment_uid, verdict_id, kind, platform,
                   page_id, comment_id, text, actor, reason, status, detail, created_at, updated_at,
                   finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    *_action_values(action, idempotency_key, verdict_id),
                    ActionStatus.DRY_RUN.value,
                    "dry run: platform not called",
                    now,
                    now,
                    now,
                ),
            )
            created = bool(cur.rowcount)
            if created:
                self._audit(
                    conn,
                    action.actor,
                    "action_dry_run",
                    action.comment_uid,
                    {"kind": action.kind.value, "key": idempotency_key, "verdict_id": verdict_id},
                )
        found = self._one("SELECT * FROM actions WHERE idempotency_key = ?", (idempotency_key,))
        assert found is not None
        return found, created

    def mark_action_attempt(self, action_id: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE actions SET attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (utcnow(), action_id),
            )

    def schedule_action_retry(self, action_id: int, next_attempt_at: float, detail: str) -> None:
        """Keep a journaled action pending, to be tried again at `next_attempt_at` (epoch seconds). A row
        that had failed (carried out again, failing again for a retryable reason) becomes pending again."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT comment_uid, status FROM actions WHERE id = ?", (action_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no journaled action {action_id}")
            conn.execute(
                "UPDATE actions SET status = 'pending', next_attempt_at = ?, detail = ?, updated_at = ? "
                "WHERE id = ?",
                (next_attempt_at, detail[:500], utcnow(), action_id),
            )
            if row[1] != ActionStatus.PENDING.value:
                self._audit(
                    conn,
                    "modbot",
                    "action_retrying",
                    row[0],
                    {"action_id": action_id, "detail": detail[:500]},
                )

    def complete_action(self, action_id: int, result: ActionResult) -> None:
        """Record the platform's answer for a journaled action (done, failed or dry_run)."""
        with self.transaction() as conn:
            row = conn.execute("SELECT comment_uid, kind FROM actions WHERE id = ?", (action_id,)).fetchone()
            if row is None:
                raise StoreError(f"no journaled action {action_id}")
            finished = result.finished_at.isoformat(timespec="microseconds")
            conn.execute(
                "UPDATE actions SET status = ?, detail = ?, response = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                (
                    result.status.value,
                    result.detail,
                    None if result.platform_response is None else _dumps(result.platform_response),
                    utcnow(),
                    finished,
                    action_id,
                ),
            )
            new_state = _STATE_AFTER.get(row[1])
            if result.status is ActionStatus.DONE and new_state:
                # An action on a comment its author had deleted ends "already gone": it changed nothing,
                # so it must not make the record say the comment is hidden or that we deleted it.
                conn.execute(
                    "INSERT INTO comment_state (uid, state, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(uid) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at "
                    f"WHERE comment_state.state != '{DELETED_BY_AUTHOR}'",
                    (row[0], new_state, finished),
                )
            self._audit(
                conn,
                result.action.actor,
                f"action_{result.status.value}",
                row[0],
                {"action_id": action_id, "kind": row[1], "detail": result.detail[:500]},
            )

    def action(self, action_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM actions WHERE id = ?", (action_id,))

    def pending_actions(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM actions WHERE status = 'pending' ORDER BY id")

    def actions_for(self, comment_uid: str) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM actions WHERE comment_uid = ? ORDER BY id", (comment_uid,))

    # -- reviews ----------------------------------------------------------------------------------
    def record_review(
        self, comment_uid: str, verdict_id: int | None, moderator: str, decision: str, note: str | None = None
    ) -> int:
        """A moderator's decision; also moves the verdict's review status. Audited under the moderator's name."""
        status = {
            "confirm": "confirmed",
            "restore": "restored",
            "delete": "deleted",
            "keep": "kept",
            "escalate": "escalated",
            "note": None,
        }
        if decision not in status:
            raise StoreError(f"unknown review decision {decision!r}")
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reviews (comment_uid, verdict_id, moderator, decision, note, created_at) "
                "VALUES (?,?,?,?,?,?)",
                (comment_uid, verdict_id, moderator, decision, note, utcnow()),
            )
            new_status = status[decision]
            if verdict_id is not None and new_status is not None:
                conn.execute(
                    "UPDATE verdicts SET review_status = ?, updated_at = ? WHERE id = ?",
                    (new_status, utcnow(), verdict_id),
                )
            self._audit(
                conn,
                moderator,
                f"review_{decision}",
                comment_uid,
                {"verdict_id": verdict_id, "note": note or ""},
            )
            return int(cur.lastrowid or 0)

    def reviews_for(self, comment_uid: str) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM reviews WHERE comment_uid = ? ORDER BY id", (comment_uid,))

    # -- cursors and page status ------------------------------------------------------------------
    def get_cursor(self, page: str) -> dict[str, Any] | None:
        row = self._one("SELECT cursor FROM cursors WHERE page = ?", (page,))
        return json.loads(row["cursor"]) if row else None

    def set_cursor(self, page: str, cursor: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO cursors (page, cursor, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(page) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                (page, _dumps(cursor), utcnow()),
            )

    def update_page_status(self, page: str, platform: str, page_id: str | None = None, **fields: Any) -> None:
        """Set a page's status fields (counters are added to). A change of `state` stamps state_since."""
        allowed = {
            "state",
            "last_poll_at",
            "last_success_at",
            "last_poll_seconds",
            "last_error",
            "last_error_at",
        }
        counters = {"comments_seen", "api_calls"}
        unknown = set(fields) - allowed - counters
        if unknown:
            raise StoreError(f"unknown page status field(s): {sorted(unknown)}")
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO page_status (page, platform) VALUES (?, ?)", (page, platform))
            if page_id is not None:
                conn.execute("UPDATE page_status SET page_id = ? WHERE page = ?", (page_id, page))
            if "state" in fields:
                conn.execute(
                    "UPDATE page_status SET state_since = ? WHERE page = ? AND "
                    "(state_since IS NULL OR state IS NOT ?)",
                    (utcnow(), page, fields["state"]),
                )
            for key, value in fields.items():
                if key in counters:
                    conn.execute(f"UPDATE page_status SET {key} = {key} + ? WHERE page = ?", (value, page))
                else:
                    conn.execute(f"UPDATE page_status SET {key} = ? WHERE page = ?", (value, page))

    def page_statuses(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM page_status ORDER BY page")

    # -- page leases ------------------------------------------------------------------------------
    def hold_lease(
        self,
        page_key: str,
        owner: str,
        seconds: float,
        *,
        now: float | None = None,
        take_from: str | None = None,
    ) -> Lease:
        """Take or renew `owner`'s lease on a page for `seconds` from `now` (epoch). Succeeds when nobody
        holds it, `owner` already does, the holder's lease has expired, or the holder is `take_from` (a
        holder the caller knows to be dead); a take-over is audited.
        Returns the lease as it stands afterwards; `held` says whether it is `owner`'s."""
        at = time.time() if now is None else now
        stamp = utcnow()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT owner, expires_at FROM page_leases WHERE page_key = ?", (page_key,)
            ).fetchone()
            if row is not None and row[0] not in (owner, take_from) and float(row[1]) > at:
                return Lease(page_key, str(row[0]), float(row[1]), held=False)
            if row is None or row[0] != owner:
                conn.execute(
                    "INSERT INTO page_leases (page_key, owner, expires_at, acquired_at, renewed_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(page_key) DO UPDATE SET owner = excluded.owner, "
                    "expires_at = excluded.expires_at, acquired_at = excluded.acquired_at, "
                    "renewed_at = excluded.renewed_at",
                    (page_key, owner, at + seconds, stamp, stamp),
                )
                details: dict[str, Any] = {"owner": owner}
                if row is not None:
                    details["previous_owner"] = row[0]
                    details["expired_seconds_ago"] = round(at - float(row[1]), 1)
                self._audit(conn, "modbot", "lease_taken", page_key, details)
            else:
                conn.execute(
                    "UPDATE page_leases SET expires_at = ?, renewed_at = ? WHERE page_key = ?",
                    (at + seconds, stamp, page_key),
                )
        return Lease(page_key, owner, at + seconds, held=True)

    def release_lease(self, page_key: str, owner: str) -> bool:
        """Give the page up at once (clean shutdown), so another daemon need not wait for expiry."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM page_leases WHERE page_key = ? AND owner = ?", (page_key, owner))
            if cur.rowcount:
                self._audit(conn, "modbot", "lease_released", page_key, {"owner": owner})
            return bool(cur.rowcount)

    def leases(self) -> dict[str, dict[str, Any]]:
        """Every page lease by page key ({} on a database from before leases)."""
        if "page_leases" not in self.db.table_names():
            return {}
        return {r["page_key"]: r for r in self._query("SELECT * FROM page_leases ORDER BY page_key")}

    # -- alerts -----------------------------------------------------------------------------------
    def record_alert(self, verdict_id: int | None, comment_uid: str, channel: str) -> dict[str, Any]:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO alerts (verdict_id, comment_uid, channel, status, created_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                (verdict_id, comment_uid, channel, utcnow()),
            )
        row = self._one("SELECT * FROM alerts WHERE verdict_id IS ? AND channel = ?", (verdict_id, channel))
        assert row is not None
        return row

    def finish_alert(self, alert_id: int, *, sent: bool, error: str | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE alerts SET status = ?, attempts = attempts + 1, error = ?, sent_at = ? WHERE id = ?",
                ("sent" if sent else "failed", error, utcnow() if sent else None, alert_id),
            )
            row = conn.execute("SELECT comment_uid, channel FROM alerts WHERE id = ?", (alert_id,)).fetchone()
            self._audit(
                conn,
                "modbot",
                "alert_sent" if sent else "alert_failed",
                row[0] if row else None,
                {"alert_id": alert_id, "channel": row[1] if row else None, "error": (error or "")[:300]},
            )

    def pending_alerts(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM alerts WHERE status != 'sent' ORDER BY id")

    # -- users (for the review app) ---------------------------------------------------------------
    def upsert_user(self, name: str, password_hash: str, role: str, actor: str = "admin-cli") -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, "
                "disabled = 0",
                (name, password_hash, role, utcnow()),
            )
            # A new password (or role) ends every sign-in made with the old one.
            ended = self._end_user_sessions(conn, name)
            self._audit(conn, actor, "user_saved", name, {"role": role, "sessions_ended": ended})

    def remove_user(self, name: str, actor: str = "admin-cli") -> bool:
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM users WHERE name = ?", (name,))
            ended = self._end_user_sessions(conn, name)
            if cur.rowcount:
                self._audit(conn, actor, "user_removed", name, {"sessions_ended": ended})
            return bool(cur.rowcount)

    # -- review-app sessions ------------------------------------------------------------------------
    @staticmethod
    def _end_user_sessions(conn: sqlite3.Connection, name: str) -> int:
        return int(conn.execute("DELETE FROM web_sessions WHERE user = ?", (name,)).rowcount or 0)

    def start_web_session(self, session_id: str, user: str, now: float, addr: str | None = None) -> None:
        """Record a sign-in under `session_id` (the SHA-256 of the cookie's token, never the token)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO web_sessions (id, user, created_at, last_seen, addr) VALUES (?, ?, ?, ?, ?)",
                (session_id, user, now, now, addr),
            )

    def web_session(self, session_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM web_sessions WHERE id = ?", (session_id,))

    def touch_web_session(self, session_id: str, now: float) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE web_sessions SET last_seen = ? WHERE id = ?", (now, session_id))

    def end_web_session(self, session_id: str) -> bool:
        with self.transaction() as conn:
            return bool(conn.execute("DELETE FROM web_sessions WHERE id = ?", (session_id,)).rowcount)

    def end_idle_web_sessions(self, idle_before: float, started_before: float) -> int:
        """Drop sessions unused since `idle_before` or begun before `started_before` (epoch seconds)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?",
                (idle_before, started_before),
            )
            return int(cur.rowcount or 0)

    def user(self, name: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,))

    def users(self) -> list[dict[str, Any]]:
        return self._query("SELECT name, role, created_at, disabled FROM users ORDER BY name")

    # -- review app queries -----------------------------------------------------------------------
    # Read-side queries for the moderators' review app, `modbot flagged` and the records export.
    _QUEUE_SELECT = """SELECT v.*, c.text, c.author_name, c.author_id, c.platform, c.page_id, c.post_id,
        c.comment_id, c.parent_id, c.permalink, c.media, c.created_at AS comment_created_at,
        c.is_hidden AS hidden_at_fetch, COALESCE(s.state, 'visible') AS state
        FROM verdicts v JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version
        LEFT JOIN comment_state s ON s.uid = v.comment_uid"""

    @staticmethod
    def _queue_where(
        statuses: Sequence[str] | None,
        platform: str | None,
        page_id: str | None,
        category: str | None,
        action: str | None,
        search: str | None,
        urgent_only: bool,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if statuses:
            clauses.append(f"v.review_status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        else:
            clauses.append("v.review_status != 'none'")
        for column, value in (("c.platform", platform), ("c.page_id", page_id), ("v.action", action)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if category:
            clauses.append("EXISTS (SELECT 1 FROM json_each(v.categories) j WHERE j.value = ?)")
            params.append(category)
        if urgent_only:
            clauses.append("v.urgent = 1")
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(c.text LIKE ? ESCAPE '\\' OR c.author_name LIKE ? ESCAPE '\\' OR c.author_id LIKE ? ESCAPE '\\')"
            )
            params.extend([like, like, like])
        return " AND ".join(clauses), params

    def review_queue(
        self,
        *,
        statuses: Sequence[str] | None = ("pending", "escalated"),
        platform: str | None = None,
        page_id: str | None = None,
        category: str | None = None,
        action: str | None = None,
        search: str | None = None,
        urgent_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Verdicts awaiting a moderator (or any reviewed status), urgent first, then oldest first."""
        where, params = self._queue_where(statuses, platform, page_id, category, action, search, urgent_only)
        return self._query(
            f"{self._QUEUE_SELECT} WHERE {where} ORDER BY v.urgent DESC, v.created_at ASC, v.id ASC "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def review_queue_count(
        self,
        *,
        statuses: Sequence[str] | None = ("pending", "escalated"),
        platform: str | None = None,
        page_id: str | None = None,
        category: str | None = None,
        action: str | None = None,
        search: str | None = None,
        urgent_only: bool = False,
    ) -> int:
        where, params = self._queue_where(statuses, platform, page_id, category, action, search, urgent_only)
        row = self._one(
            "SELECT COUNT(*) AS n FROM verdicts v JOIN comments c ON c.uid = v.comment_uid "
            f"AND c.version = v.comment_version WHERE {where}",
            params,
        )
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

    def review_item(self, verdict_id: int) -> dict[str, Any] | None:
        """One verdict with the comment version it judged and the comment's current state."""
        return self._one(f"{self._QUEUE_SELECT} WHERE v.id = ?", (verdict_id,))

    def verdict_ids_for_review(self, verdict_ids: Iterable[int]) -> list[int]:
        ids = [int(i) for i in verdict_ids]
        if not ids:
            return []
        rows = self._query(f"SELECT id FROM verdicts WHERE id IN ({','.join('?' * len(ids))})", ids)
        return sorted(int(r["id"]) for r in rows)

    def comment_history(self, uid: str) -> dict[str, Any]:
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

    def export_rows(self, uids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Every version, verdict, action, review and current state for the given comments, in bulk."""
        out: dict[str, list[dict[str, Any]]] = {
            "versions": [],
            "verdicts": [],
            "actions": [],
            "reviews": [],
            "state": [],
        }
        tables = (
            ("versions", "SELECT * FROM comments WHERE uid IN ({}) ORDER BY uid, version"),
            ("verdicts", "SELECT * FROM verdicts WHERE comment_uid IN ({}) ORDER BY id"),
            ("actions", "SELECT * FROM actions WHERE comment_uid IN ({}) ORDER BY id"),
            ("reviews", "SELECT * FROM reviews WHERE comment_uid IN ({}) ORDER BY id"),
            ("state", "SELECT * FROM comment_state WHERE uid IN ({})"),
        )
        # SQLite caps bound parameters; 500 per query stays far below every build's limit.
        for i in range(0, len(uids), 500):
            chunk = list(uids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for key, sql in tables:
                out[key].extend(self._query(sql.format(marks), chunk))
        return out

    def stats_actions_per_day(self, since: str) -> list[dict[str, Any]]:
        """Completed actions per UTC day, kind and the deciding verdict's first category."""
        return self._query(
            """SELECT substr(COALESCE(a.finished_at, a.created_at), 1, 10) AS day, a.kind AS kind,
                   COALESCE(json_extract(v.categories, '$[0]'), 'none') AS category, COUNT(*) AS n
               FROM actions a LEFT JOIN verdicts v ON v.id = a.verdict_id
               WHERE a.status IN ('done', 'dry_run') AND COALESCE(a.finished_at, a.created_at) >= ?
               GROUP BY day, kind, category ORDER BY day""",
            (since,),
        )

    def stats_override_rates(self) -> list[dict[str, Any]]:
        """Per rule: verdicts that auto-removed a comment, and how many a moderator later restored."""
        return self._query(
            """SELECT COALESCE(v.rule_id, '-') AS rule_id, COUNT(*) AS removed,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id
                        AND r.decision = 'restore') THEN 1 ELSE 0 END) AS restored,
                   SUM(CASE WHEN v.review_status IN ('confirmed', 'deleted') THEN 1 ELSE 0 END) AS confirmed
               FROM verdicts v WHERE v.action IN ('hide', 'delete')
               GROUP BY v.rule_id ORDER BY removed DESC, rule_id"""
        )

    def stats_action_latencies(self, since: str) -> list[dict[str, Any]]:
        """Seconds from a comment's creation to each completed action on it, for the latency chart."""
        return self._query(
            """SELECT a.kind AS kind, a.actor AS actor,
                   (julianday(a.finished_at) - julianday(c.created_at)) * 86400.0 AS seconds
               FROM actions a JOIN comments c ON c.uid = a.comment_uid AND c.version = 1
               WHERE a.status IN ('done', 'dry_run') AND a.finished_at IS NOT NULL AND a.finished_at >= ?""",
            (since,),
        )

    def stats_queue_spans(self) -> list[dict[str, Any]]:
        """When each queued verdict entered the queue and when a final review took it out (NULL: still in)."""
        return self._query(
            """SELECT v.id, v.created_at AS entered,
                   (SELECT MIN(r.created_at) FROM reviews r WHERE r.verdict_id = v.id
                      AND r.decision IN ('confirm', 'restore', 'delete', 'keep')) AS left_at
               FROM verdicts v WHERE v.action != 'allow'"""
        )

    # -- daemon helpers ---------------------------------------------------------------------------
    # Batch reads/writes for the poll cycle (one transaction per batch) and the `modbot status` overview.
    def record_verdicts(self, items: Sequence[tuple[str, int, Verdict]]) -> list[int]:
        """Record many verdicts in one transaction; ids in input order."""
        with self.transaction():
            return [self.record_verdict(uid, version, verdict) for uid, version, verdict in items]

    def latest_verdicts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """The newest verdict for each (comment uid, version) that has one."""
        found: dict[tuple[str, int], dict[str, Any]] = {}
        uids = sorted({uid for uid, _ in pairs})
        wanted = set(pairs)
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            rows = self._query(
                f"SELECT * FROM verdicts WHERE comment_uid IN ({','.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            )
            for row in rows:
                key = (row["comment_uid"], int(row["comment_version"]))
                if key in wanted:
                    found[key] = row  # later ids overwrite earlier ones: the newest wins
        return found

    def pending_actions_for(self, platform: str, page_id: str) -> list[dict[str, Any]]:
        return self._query(
            "SELECT * FROM actions WHERE status = 'pending' AND platform = ? AND page_id = ? ORDER BY id",
            (platform, page_id),
        )

    def record_page_alert(self, subject: str, channel: str) -> dict[str, Any]:
        """A new alert row about a page (not a verdict), e.g. its credentials stopped working."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alerts (verdict_id, comment_uid, channel, status, created_at) "
                "VALUES (NULL, ?, ?, 'pending', ?)",
                (subject, channel, utcnow()),
            )
            alert_id = int(cur.lastrowid or 0)
        row = self._one("SELECT * FROM alerts WHERE id = ?", (alert_id,))
        assert row is not None
        return row

    def alert(self, alert_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM alerts WHERE id = ?", (alert_id,))

    def note_alert_attempt(self, alert_id: int, error: str | None) -> None:
        """Count one delivery attempt that did not (yet) succeed; finish_alert records the end."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE alerts SET attempts = attempts + 1, error = ? WHERE id = ?", (error, alert_id)
            )

    def urgent_action_problems(self, platform: str, page_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """Live actions of urgent verdicts on a page that did not reach the platform and have no alert yet
        for where they stand: ``stage`` "retrying" (pending after a failed attempt) or "failed"."""
        return self._query(
            """SELECT * FROM (
                 SELECT a.id, a.verdict_id, a.kind, a.status, a.detail, a.attempts, a.comment_uid, c.text, c.permalink,
                        v.rule_id, CASE a.status WHEN 'failed' THEN 'failed' ELSE 'retrying' END AS stage
                 FROM actions a JOIN verdicts v ON v.id = a.verdict_id
                 JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version
                 WHERE a.platform = ? AND a.page_id = ? AND v.urgent = 1
                   AND a.idempotency_key NOT LIKE 'dry-run:%'
                   AND (a.status = 'failed' OR (a.status = 'pending' AND a.next_attempt_at IS NOT NULL))
               ) p WHERE NOT EXISTS (
                 SELECT 1 FROM alerts al WHERE al.comment_uid = 'action:' || p.id || ':' || p.stage)
               ORDER BY p.id LIMIT ?""",
            (platform, page_id, limit),
        )

    def queue_counts_by_page(self) -> dict[tuple[str, str], int]:
        """Verdicts awaiting review per (platform, page_id)."""
        rows = self._query(
            """SELECT c.platform AS platform, c.page_id AS page_id, COUNT(*) AS n
               FROM verdicts v JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version
               WHERE v.review_status = 'pending' GROUP BY c.platform, c.page_id"""
        )
        return {(r["platform"], r["page_id"]): int(r["n"]) for r in rows}

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

    def retrying_actions_by_page(self) -> dict[tuple[str, str], int]:
        """Pending actions that have already failed at least once (backing off), per (platform, page_id)."""
        if "next_attempt_at" not in {c.name for c in self.db["actions"].columns}:
            return {}
        rows = self._query(
            "SELECT platform, page_id, COUNT(*) AS n FROM actions WHERE status = 'pending' "
            "AND next_attempt_at IS NOT NULL GROUP BY platform, page_id"
        )
        return {(r["platform"], r["page_id"]): int(r["n"]) for r in rows}

    def last_audit_event(self, events: Sequence[str]) -> dict[str, Any] | None:
        """The newest audit row whose event is one of `events`."""
        marks = ",".join("?" * len(events))
        return self._one(
            f"SELECT * FROM audit WHERE event IN ({marks}) ORDER BY id DESC LIMIT 1", list(events)
        )

    def action_counts_by_page(self) -> dict[tuple[str, str], dict[str, int]]:
        """Journal rows per (platform, page_id) and status."""
        rows = self._query(
            "SELECT platform, page_id, status, COUNT(*) AS n FROM actions GROUP BY platform, page_id, status"
        )
        out: dict[tuple[str, str], dict[str, int]] = {}
        for r in rows:
            out.setdefault((r["platform"], r["page_id"]), {})[r["status"]] = int(r["n"])
        return out

    # -- author deletions -------------------------------------------------------------------------
    # A recheck compares what it listed in full with the archive; comments missing from the platform are
    # marked deleted_by_author (never removed from the archive), with an audit row saying how it was known.
    def archived_in_scope(
        self, platform: str, page_id: str, *, post_id: str | None = None, since: datetime | None = None
    ) -> list[dict[str, Any]]:
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
        return self._query(
            f"""SELECT c.uid, c.comment_id, c.post_id, COALESCE(s.state, 'visible') AS state,
                   EXISTS (SELECT 1 FROM actions a WHERE a.comment_uid = c.uid AND a.kind = 'delete'
                           AND a.status = 'pending') AS delete_pending
               FROM comments c LEFT JOIN comment_state s ON s.uid = c.uid
               WHERE {" AND ".join(clauses)} ORDER BY c.uid""",
            params,
        )

    def mark_deleted_by_author(self, gone: Mapping[str, str], actor: str = "modbot") -> list[str]:
        """Mark comments (uid → how it was established) as deleted by their author; returns those newly
        marked. A comment we deleted, or one already marked, is left as it is."""
        marked: list[str] = []
        now = utcnow()
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
        now = utcnow()
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


def _match_dict(m: Any) -> dict[str, Any]:
    return {
        "rule_id": m.rule_id,
        "category": m.category,
        "action": m.action.value,
        "urgent": m.urgent,
        "dry_run": m.dry_run,
        "evidence": list(m.evidence),
    }


def _action_values(action: Action, idempotency_key: str, verdict_id: int | None) -> tuple[Any, ...]:
    """The journal columns an action fills, in the order (idempotency_key, comment_uid, verdict_id, kind,
    platform, page_id, comment_id, text, actor, reason) both INSERTs list them."""
    return (
        idempotency_key,
        action.comment_uid,
        verdict_id,
        action.kind.value,
        action.platform.value,
        action.page_id,
        action.comment_id,
        action.text,
        action.actor,
        action.reason,
    )
