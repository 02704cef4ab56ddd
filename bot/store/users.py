"""The review app's users and their sign-in sessions (a new password or a removal ends every session)."""

from __future__ import annotations

import sqlite3

from bot.store import core
from bot.store.core import StoreBase
from bot.store.rows import UserRow, UserSummary, WebSessionRow


class UserStore(StoreBase):
    """Users and web sessions."""

    def upsert_user(self, name: str, password_hash: str, role: str, actor: str = "admin-cli") -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, "
                "disabled = 0",
                (name, password_hash, role, core.utcnow()),
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

    def web_session(self, session_id: str) -> WebSessionRow | None:
        return self._row(WebSessionRow, "SELECT * FROM web_sessions WHERE id = ?", (session_id,))

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

    def user(self, name: str) -> UserRow | None:
        return self._row(UserRow, "SELECT * FROM users WHERE name = ? AND disabled = 0", (name,))

    def users(self) -> list[UserSummary]:
        return self._rows(UserSummary, "SELECT name, role, created_at, disabled FROM users ORDER BY name")
