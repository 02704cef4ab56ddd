"""Verdicts: what the policy decided about each comment version, with the scores and rules behind it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import ActionKind, ReviewStatus, Verdict
from bot.store import core
from bot.store.core import StoreBase, _dumps
from bot.store.rows import VerdictRow


class VerdictStore(StoreBase):
    """Recording and reading verdicts."""

    def record_verdict(self, comment_uid: str, comment_version: int, verdict: Verdict) -> int:
        """Record one verdict (as record_verdicts does); returns its id."""
        return self.record_verdicts([(comment_uid, comment_version, verdict)])[0]

    def record_verdicts(self, items: Sequence[tuple[str, int, Verdict]]) -> list[int]:
        """Record (comment uid, version, verdict) triples in one transaction, each audited; ids in input order.
        A verdict that allows the comment leaves nothing to review; any other enters the review queue."""
        ids: list[int] = []
        with self.transaction() as conn:
            for comment_uid, comment_version, verdict in items:
                allowed = verdict.action == ActionKind.ALLOW
                cur = conn.execute(
                    """INSERT INTO verdicts (comment_uid, comment_version, created_at, action, urgent, score,
                       categories, rule_id, clause, reason, reply, scores, matches, policy_version, scorer,
                       dry_run, review_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        comment_uid,
                        comment_version,
                        core.utcnow(),
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
                        ReviewStatus.NONE if allowed else ReviewStatus.PENDING,
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
                ids.append(verdict_id)
        return ids

    def verdicts_for(self, comment_uid: str) -> list[VerdictRow]:
        return self._rows(
            VerdictRow, "SELECT * FROM verdicts WHERE comment_uid = ? ORDER BY id", (comment_uid,)
        )

    def verdict(self, verdict_id: int) -> VerdictRow | None:
        return self._row(VerdictRow, "SELECT * FROM verdicts WHERE id = ?", (verdict_id,))

    def latest_verdicts(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], VerdictRow]:
        """The newest verdict for each (comment uid, version) that has one."""
        found: dict[tuple[str, int], VerdictRow] = {}
        uids = sorted({uid for uid, _ in pairs})
        wanted = set(pairs)
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            rows = self._rows(
                VerdictRow,
                f"SELECT * FROM verdicts WHERE comment_uid IN ({','.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            )
            for row in rows:
                key = (row["comment_uid"], int(row["comment_version"]))
                if key in wanted:
                    found[key] = row  # later ids overwrite earlier ones: the newest wins
        return found


def _match_dict(m: Any) -> dict[str, Any]:
    return {
        "rule_id": m.rule_id,
        "category": m.category,
        "action": m.action.value,
        "urgent": m.urgent,
        "dry_run": m.dry_run,
        "evidence": list(m.evidence),
    }
