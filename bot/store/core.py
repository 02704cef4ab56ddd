"""What every table group of the store shares: the connection, `transaction()`, row queries, migrations
and the audit chain.

Every write that matters appends an audit row in the same transaction; each audit row carries the SHA-256 of
the previous one, so an edit anywhere breaks the chain. `utcnow` is the store's one clock: every table group
calls it as `core.utcnow()`, so a test that sets the clock sets it in one place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar, cast

import sqlite_utils

from bot.store.rows import AuditRow
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION
from bot.store.textmatch import text_norm_sha256

GENESIS_HASH = "0" * 64

R = TypeVar("R")  # a row shape: one of bot.store.rows's TypedDicts


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


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
class AuditProblem:
    row_id: int
    problem: str


class StoreBase:
    """A thread-safe handle on the moderation database. One writer at a time (a lock), WAL for readers."""

    @classmethod
    def open_for_daemon(cls, path: str | Path) -> Self:
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
        # Migration 11 back-fills comments.text_norm_sha256 in SQL with the same code the archive uses.
        conn.create_function("modbot_text_norm_sha256", 1, text_norm_sha256, deterministic=True)
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self._lock = threading.RLock()
        if migrate:
            self.migrate()

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Self:
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

    def _rows(self, shape: type[R], sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[R]:
        """`_query` with its rows typed as `shape`, a TypedDict of bot.store.rows whose columns the SQL selects."""
        return cast(list[R], self._query(sql, params))

    def _row(self, shape: type[R], sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> R | None:
        """`_one` with its row typed as `shape` (see `_rows`)."""
        return cast(R | None, self._one(sql, params))

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

    def count(self, table: str) -> int:
        if table not in self.db.table_names():
            raise StoreError(f"no table {table!r}")
        row = self._one(f'SELECT COUNT(*) AS n FROM "{table}"')  # noqa: S608 - name checked above
        return int(row["n"]) if row else 0

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

    def audit_rows(self, subject: str | None = None, limit: int = 1000) -> list[AuditRow]:
        if subject is None:
            return self._rows(AuditRow, "SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
        return self._rows(AuditRow, "SELECT * FROM audit WHERE subject = ? ORDER BY id", (subject,))

    def last_audit_event(self, events: Sequence[str]) -> AuditRow | None:
        """The newest audit row whose event is one of `events`."""
        marks = ",".join("?" * len(events))
        return self._row(
            AuditRow, f"SELECT * FROM audit WHERE event IN ({marks}) ORDER BY id DESC LIMIT 1", list(events)
        )
