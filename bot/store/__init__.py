"""The SQLite store (via sqlite-utils): the only package that speaks SQL.

One module per table group, each a mixin over one shared connection, `transaction()` and audit chain
(bot.store.core): the archive (comments and versions), verdicts, the action journal, reviews, alerts, users
and sessions, pages (cursors, status, leases), and the read-side queue and statistics queries; the schema and
its migrations are in bot.store.schema, and the rows the queries return are typed in bot.store.rows. `Store`
is all of them in one handle. Media and posts, the people side of moderation, history queries, item context
and backups are function modules beside them that take the open Store (bot.store.media, .ops, .history,
.context, .backup).
"""

from __future__ import annotations

from bot.store.alerts import AlertStore
from bot.store.archive import DELETED_BY_AUTHOR, STATE_LABELS, ArchiveResult, storable_comment
from bot.store.core import (
    GENESIS_HASH,
    AuditProblem,
    DatabaseUnusable,
    StoreError,
    text_sha256,
    utcnow,
)
from bot.store.pages import Lease, PageStore
from bot.store.queue import OPEN_QUEUE, QueueFilter, QueueStore
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION
from bot.store.users import UserStore

__all__ = [
    "DELETED_BY_AUTHOR",
    "GENESIS_HASH",
    "MIGRATIONS",
    "OPEN_QUEUE",
    "SCHEMA_VERSION",
    "STATE_LABELS",
    "ArchiveResult",
    "AuditProblem",
    "DatabaseUnusable",
    "Lease",
    "QueueFilter",
    "Store",
    "StoreError",
    "storable_comment",
    "text_sha256",
    "utcnow",
]


class Store(QueueStore, AlertStore, UserStore, PageStore):
    """A thread-safe handle on the moderation database: every table group's operations on one connection."""
