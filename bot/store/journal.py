"""The action journal: every platform action written `pending` before the call and settled after it, so a
crash never loses or repeats one; a completed action moves the comment's state."""

from __future__ import annotations

from typing import Any

from bot.domain import Action, ActionResult, ActionStatus
from bot.store import core
from bot.store.archive import DELETED_BY_AUTHOR
from bot.store.core import StoreBase, StoreError, _dumps
from bot.store.rows import ActionRow

# Where a completed action leaves the comment on its platform.
_STATE_AFTER = {"hide": "hidden", "delete": "deleted", "unhide": "visible", "approve": "visible"}


class JournalStore(StoreBase):
    """Journaling, retrying and settling platform actions."""

    def journal_action(
        self, action: Action, idempotency_key: str, verdict_id: int | None = None
    ) -> ActionRow:
        """Write the action as `pending` BEFORE the platform call. Returns the row (existing if the key is known)."""
        row, _created = self._journal(
            action, idempotency_key, verdict_id, status=ActionStatus.PENDING, event="action_pending"
        )
        return row

    def journal_dry_run(
        self, action: Action, idempotency_key: str, verdict_id: int | None = None
    ) -> tuple[ActionRow, bool]:
        """Record what a dry run would have done, settled (`dry_run`) in the same transaction, so no crash
        can leave it pending for a live run to carry out. Returns (row, whether it was written now)."""
        return self._journal(
            action,
            idempotency_key,
            verdict_id,
            status=ActionStatus.DRY_RUN,
            event="action_dry_run",
            detail="dry run: platform not called",
        )

    def _journal(
        self,
        action: Action,
        idempotency_key: str,
        verdict_id: int | None,
        *,
        status: ActionStatus,
        event: str,
        detail: str | None = None,
    ) -> tuple[ActionRow, bool]:
        """Journal the action under its idempotency key with `status` and audit it as `event`, unless the key
        is already journaled; a status other than pending is settled at once (finished now). Returns (the
        key's row, whether it was written now)."""
        now = core.utcnow()
        finished_at = None if status is ActionStatus.PENDING else now
        with self.transaction() as conn:
            known = conn.execute(
                "SELECT 1 FROM actions WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
            if known is None:
                conn.execute(
                    """INSERT INTO actions (idempotency_key, comment_uid, verdict_id, kind, platform, page_id,
                       comment_id, text, actor, reason, status, detail, created_at, updated_at, finished_at)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        *_action_values(action, idempotency_key, verdict_id),
                        status.value,
                        detail,
                        now,
                        now,
                        finished_at,
                    ),
                )
                self._audit(
                    conn,
                    action.actor,
                    event,
                    action.comment_uid,
                    {"kind": action.kind.value, "key": idempotency_key, "verdict_id": verdict_id},
                )
        found = self._row(ActionRow, "SELECT * FROM actions WHERE idempotency_key = ?", (idempotency_key,))
        assert found is not None
        return found, known is None

    def mark_action_attempt(self, action_id: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE actions SET attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (core.utcnow(), action_id),
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
                "UPDATE actions SET status = ?, next_attempt_at = ?, detail = ?, updated_at = ? WHERE id = ?",
                (ActionStatus.PENDING, next_attempt_at, detail[:500], core.utcnow(), action_id),
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
                    core.utcnow(),
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
                    "WHERE comment_state.state != ?",
                    (row[0], new_state, finished, DELETED_BY_AUTHOR),
                )
            self._audit(
                conn,
                result.action.actor,
                f"action_{result.status.value}",
                row[0],
                {"action_id": action_id, "kind": row[1], "detail": result.detail[:500]},
            )

    def action(self, action_id: int) -> ActionRow | None:
        return self._row(ActionRow, "SELECT * FROM actions WHERE id = ?", (action_id,))

    def pending_actions(self, platform: str | None = None, page_id: str | None = None) -> list[ActionRow]:
        """Journaled actions still to be carried out, oldest first: every page's, or one page's."""
        if platform is None and page_id is None:
            return self._rows(
                ActionRow, "SELECT * FROM actions WHERE status = ? ORDER BY id", (ActionStatus.PENDING,)
            )
        if platform is None or page_id is None:
            raise StoreError("pending_actions: a page is named by its platform and its page id, both")
        return self._rows(
            ActionRow,
            "SELECT * FROM actions WHERE status = ? AND platform = ? AND page_id = ? ORDER BY id",
            (ActionStatus.PENDING, platform, page_id),
        )

    def actions_for(self, comment_uid: str) -> list[ActionRow]:
        return self._rows(
            ActionRow, "SELECT * FROM actions WHERE comment_uid = ? ORDER BY id", (comment_uid,)
        )

    def retrying_actions_by_page(self) -> dict[tuple[str, str], int]:
        """Pending actions that have already failed at least once (backing off), per (platform, page_id)."""
        if "next_attempt_at" not in {c.name for c in self.db["actions"].columns}:
            return {}
        rows = self._query(
            "SELECT platform, page_id, COUNT(*) AS n FROM actions WHERE status = ? "
            "AND next_attempt_at IS NOT NULL GROUP BY platform, page_id",
            (ActionStatus.PENDING,),
        )
        return {(r["platform"], r["page_id"]): int(r["n"]) for r in rows}

    def action_counts_by_page(self) -> dict[tuple[str, str], dict[str, int]]:
        """Journal rows per (platform, page_id) and status."""
        rows = self._query(
            "SELECT platform, page_id, status, COUNT(*) AS n FROM actions GROUP BY platform, page_id, status"
        )
        out: dict[tuple[str, str], dict[str, int]] = {}
        for r in rows:
            out.setdefault((r["platform"], r["page_id"]), {})[r["status"]] = int(r["n"])
        return out


def _action_values(action: Action, idempotency_key: str, verdict_id: int | None) -> tuple[Any, ...]:
    """The journal columns an action fills, in the order (idempotency_key, comment_uid, verdict_id, kind,
    platform, page_id, comment_id, text, actor, reason) the INSERT lists them."""
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
