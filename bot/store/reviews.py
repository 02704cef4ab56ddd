"""Reviews: moderators' decisions on verdicts, each moving the verdict's review status."""

from __future__ import annotations

from bot.domain import ReviewStatus
from bot.store import core
from bot.store.core import StoreBase, StoreError
from bot.store.rows import ReviewRow

# What each review decision makes of the verdict's review status ("note" leaves it as it is).
REVIEW_OUTCOMES: dict[str, ReviewStatus | None] = {
    "confirm": ReviewStatus.CONFIRMED,
    "restore": ReviewStatus.RESTORED,
    "delete": ReviewStatus.DELETED,
    "keep": ReviewStatus.KEPT,
    "escalate": ReviewStatus.ESCALATED,
    "note": None,
}


class ReviewStore(StoreBase):
    """Recording and reading moderators' decisions."""

    def record_review(
        self, comment_uid: str, verdict_id: int | None, moderator: str, decision: str, note: str | None = None
    ) -> int:
        """A moderator's decision; also moves the verdict's review status. Audited under the moderator's name."""
        if decision not in REVIEW_OUTCOMES:
            raise StoreError(f"unknown review decision {decision!r}")
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reviews (comment_uid, verdict_id, moderator, decision, note, created_at) "
                "VALUES (?,?,?,?,?,?)",
                (comment_uid, verdict_id, moderator, decision, note, core.utcnow()),
            )
            new_status = REVIEW_OUTCOMES[decision]
            if verdict_id is not None and new_status is not None:
                conn.execute(
                    "UPDATE verdicts SET review_status = ?, updated_at = ? WHERE id = ?",
                    (new_status, core.utcnow(), verdict_id),
                )
            self._audit(
                conn,
                moderator,
                f"review_{decision}",
                comment_uid,
                {"verdict_id": verdict_id, "note": note or ""},
            )
            return int(cur.lastrowid or 0)

    def reviews_for(self, comment_uid: str) -> list[ReviewRow]:
        return self._rows(
            ReviewRow, "SELECT * FROM reviews WHERE comment_uid = ? ORDER BY id", (comment_uid,)
        )
