"""The database's schema: every migration, in order, and the version a current database is at."""

from __future__ import annotations

SCHEMA_VERSION = 12


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
        # A comment's photos, GIFs and videos are part of the record (bot.store.media): the bytes once per
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
        # The people side of moderation (bot.store.ops). One acknowledgement per urgent verdict: who took it
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
    11: [
        # The item page's context (bot.store.context) reads by thread, by author and by text; without these
        # each query walked every comment of the platform or page. Each index ends with the order the page
        # lists in, so a capped list reads only the rows it shows.
        "CREATE INDEX comments_post ON comments(platform, post_id, created_at, uid)",
        "CREATE INDEX comments_author ON comments(author_id, platform, page_id, created_at, uid)",
        # A name stands for the author only when the platform gave no id (bot.store.context._author_clause).
        """CREATE INDEX comments_author_name ON comments(author_name, platform, page_id, created_at, uid)
           WHERE author_id IS NULL""",
        # "The same text" as a person means it (bot.store.textmatch: case, accents, spacing, punctuation,
        # emoji and links' tracking parameters aside), computed at archive time; rows archived before this
        # migration get it here, from the function the Store registers on its connection.
        "ALTER TABLE comments ADD COLUMN text_norm_sha256 TEXT",
        "UPDATE comments SET text_norm_sha256 = modbot_text_norm_sha256(text)",
        # The same text from the same author on other pages: the text first, so a prolific author costs no
        # more than anyone, and page_id last for the GROUP BY page_id (else SQLite walks the author's index).
        "CREATE INDEX comments_text ON comments(text_norm_sha256, platform, author_id, page_id)",
        # Every text a post has had, as comments have versions (posts keeps the latest, for the item page):
        # an edited post is part of the record too. Before this only the latest text was kept, so a post
        # archived earlier starts at version 1 with the text it has now.
        """CREATE TABLE post_versions (
            platform TEXT NOT NULL, post_id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL, archived_at TEXT NOT NULL, PRIMARY KEY (platform, post_id, version))""",
        """INSERT INTO post_versions (platform, post_id, version, text, text_sha256, archived_at)
           SELECT platform, post_id, 1, text, text_sha256, archived_at FROM posts""",
    ],
    12: [
        # Which version of its post (post_versions) each comment version answered: the post's latest version
        # when the comment was archived (the pipeline archives the posts of a cycle before its comments).
        # NULL when not known: the post's text was never archived, or not before this comment was.
        "ALTER TABLE comments ADD COLUMN post_version INTEGER",
        # Rows archived before this migration: the latest version archived at or before the comment was
        # (both times are bot.store.core.utcnow's ISO text, so they compare as text). A post archived before
        # migration 11 starts at version 1 as of its posts.archived_at, so earlier comments stay NULL: the
        # text they answered was not kept.
        """UPDATE comments SET post_version = (
               SELECT MAX(pv.version) FROM post_versions pv
               WHERE pv.platform = comments.platform AND pv.post_id = comments.post_id
                 AND pv.archived_at <= comments.archived_at)""",
    ],
}
