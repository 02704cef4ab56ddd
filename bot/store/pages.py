"""Per page: the poll cursor, the status `modbot status` shows, and the lease one daemon holds on it."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.store import core
from bot.store.core import StoreBase, StoreError, _dumps
from bot.store.rows import LeaseRow, PageStatusRow


@dataclass(kw_only=True, frozen=True)
class Lease:
    """Who holds a page's lease and until when (epoch seconds)."""

    page_key: str
    owner: str
    expires_at: float
    held: bool  # whether it is the asking owner's


class PageStore(StoreBase):
    """Cursors, page status and page leases."""

    def get_cursor(self, page: str) -> dict[str, Any] | None:
        row = self._one("SELECT cursor FROM cursors WHERE page = ?", (page,))
        return json.loads(row["cursor"]) if row else None

    def set_cursor(self, page: str, cursor: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO cursors (page, cursor, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(page) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                (page, _dumps(cursor), core.utcnow()),
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
                    (core.utcnow(), page, fields["state"]),
                )
            for key, value in fields.items():
                if key in counters:
                    conn.execute(f"UPDATE page_status SET {key} = {key} + ? WHERE page = ?", (value, page))
                else:
                    conn.execute(f"UPDATE page_status SET {key} = ? WHERE page = ?", (value, page))

    def page_statuses(self) -> list[PageStatusRow]:
        return self._rows(PageStatusRow, "SELECT * FROM page_status ORDER BY page")

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
        stamp = core.utcnow()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT owner, expires_at FROM page_leases WHERE page_key = ?", (page_key,)
            ).fetchone()
            if row is not None and row[0] not in (owner, take_from) and float(row[1]) > at:
                return Lease(page_key=page_key, owner=str(row[0]), expires_at=float(row[1]), held=False)
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
        return Lease(page_key=page_key, owner=owner, expires_at=at + seconds, held=True)

    def release_lease(self, page_key: str, owner: str) -> bool:
        """Give the page up at once (clean shutdown), so another daemon need not wait for expiry."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM page_leases WHERE page_key = ? AND owner = ?", (page_key, owner))
            if cur.rowcount:
                self._audit(conn, "modbot", "lease_released", page_key, {"owner": owner})
            return bool(cur.rowcount)

    def leases(self) -> dict[str, LeaseRow]:
        """Every page lease by page key ({} on a database from before leases)."""
        if "page_leases" not in self.db.table_names():
            return {}
        return {r["page_key"]: r for r in self._rows(LeaseRow, "SELECT * FROM page_leases ORDER BY page_key")}
