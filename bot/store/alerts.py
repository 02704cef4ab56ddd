"""Alerts: one row per verdict (or page) and channel, with how delivering it went."""

from __future__ import annotations

from bot.domain import ActionStatus, AlertStatus
from bot.store import core
from bot.store.core import StoreBase
from bot.store.rows import AlertRow, UrgentActionProblem


class AlertStore(StoreBase):
    """Recording alerts and their delivery, and finding urgent actions still to alert about."""

    def record_alert(self, verdict_id: int | None, comment_uid: str, channel: str) -> AlertRow:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO alerts (verdict_id, comment_uid, channel, status, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (verdict_id, comment_uid, channel, AlertStatus.PENDING, core.utcnow()),
            )
        row = self._row(
            AlertRow, "SELECT * FROM alerts WHERE verdict_id IS ? AND channel = ?", (verdict_id, channel)
        )
        assert row is not None
        return row

    def record_page_alert(self, subject: str, channel: str) -> AlertRow:
        """A new alert row about a page (not a verdict), e.g. its credentials stopped working."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alerts (verdict_id, comment_uid, channel, status, created_at) "
                "VALUES (NULL, ?, ?, ?, ?)",
                (subject, channel, AlertStatus.PENDING, core.utcnow()),
            )
            alert_id = int(cur.lastrowid or 0)
        row = self._row(AlertRow, "SELECT * FROM alerts WHERE id = ?", (alert_id,))
        assert row is not None
        return row

    def alert(self, alert_id: int) -> AlertRow | None:
        return self._row(AlertRow, "SELECT * FROM alerts WHERE id = ?", (alert_id,))

    def note_alert_attempt(self, alert_id: int, error: str | None) -> None:
        """Count one delivery attempt that did not (yet) succeed; finish_alert records the end."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE alerts SET attempts = attempts + 1, error = ? WHERE id = ?", (error, alert_id)
            )

    def finish_alert(self, alert_id: int, *, sent: bool, error: str | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE alerts SET status = ?, attempts = attempts + 1, error = ?, sent_at = ? WHERE id = ?",
                (
                    AlertStatus.SENT if sent else AlertStatus.FAILED,
                    error,
                    core.utcnow() if sent else None,
                    alert_id,
                ),
            )
            row = conn.execute("SELECT comment_uid, channel FROM alerts WHERE id = ?", (alert_id,)).fetchone()
            self._audit(
                conn,
                "modbot",
                "alert_sent" if sent else "alert_failed",
                row[0] if row else None,
                {"alert_id": alert_id, "channel": row[1] if row else None, "error": (error or "")[:300]},
            )

    def pending_alerts(self) -> list[AlertRow]:
        return self._rows(AlertRow, "SELECT * FROM alerts WHERE status != ? ORDER BY id", (AlertStatus.SENT,))

    def urgent_action_problems(
        self, platform: str, page_id: str, limit: int = 50
    ) -> list[UrgentActionProblem]:
        """Live actions of urgent verdicts on a page that did not reach the platform and have no alert yet
        for where they stand: ``stage`` "retrying" (pending after a failed attempt) or "failed"."""
        return self._rows(
            UrgentActionProblem,
            """SELECT * FROM (
                 SELECT a.id, a.verdict_id, a.kind, a.status, a.detail, a.attempts, a.comment_uid, c.text, c.permalink,
                        v.rule_id, CASE a.status WHEN :failed THEN 'failed' ELSE 'retrying' END AS stage
                 FROM actions a JOIN verdicts v ON v.id = a.verdict_id
                 JOIN comments c ON c.uid = v.comment_uid AND c.version = v.comment_version
                 WHERE a.platform = :platform AND a.page_id = :page_id AND v.urgent = 1
                   AND a.idempotency_key NOT LIKE 'dry-run:%'
                   AND (a.status = :failed OR (a.status = :pending AND a.next_attempt_at IS NOT NULL))
               ) p WHERE NOT EXISTS (
                 SELECT 1 FROM alerts al WHERE al.comment_uid = 'action:' || p.id || ':' || p.stage)
               ORDER BY p.id LIMIT :limit""",
            {
                "platform": platform,
                "page_id": page_id,
                "limit": limit,
                "failed": ActionStatus.FAILED,
                "pending": ActionStatus.PENDING,
            },
        )
