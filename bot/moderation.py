"""Scoring plus policy: turns comments into Verdicts. Pure apart from the scorer's own computation."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from bot.domain import Comment, Verdict
from bot.policy import Policy, decide, load_policy
from bot.scoring.base import ScoreInput, Scorer


def score_input(comment: Comment, authorized_authors: frozenset[str] = frozenset()) -> ScoreInput:
    """What the scorer is allowed to see of a comment."""
    authorized = bool(
        authorized_authors
        and (
            (comment.author_id or "") in authorized_authors
            or (comment.author_name or "") in authorized_authors
        )
    )
    return ScoreInput(
        text=comment.text,
        media=tuple(m.kind.value for m in comment.media),
        author_authorized=authorized,
        platform=comment.platform.value,
    )


class Moderator:
    """Holds the live policy and scorer. `reload_policy` swaps atomically; a bad policy keeps the old one."""

    def __init__(self, policy: Policy, scorer: Scorer) -> None:
        self._policy = policy
        self.scorer = scorer
        self._lock = threading.Lock()

    @property
    def policy(self) -> Policy:
        return self._policy

    def reload_policy(self, path: str | Path) -> Policy:
        """Load and validate the whole policy first; only a valid one replaces the current one."""
        new = load_policy(path)
        with self._lock:
            self._policy = new
        return new

    def judge_batch(self, items: Sequence[ScoreInput]) -> list[Verdict]:
        policy = self._policy  # one policy for the whole batch, even if a reload lands meanwhile
        scores = self.scorer.score_batch(items)
        return [decide(policy, item, s, self.scorer.name) for item, s in zip(items, scores, strict=True)]

    def judge(self, item: ScoreInput) -> Verdict:
        return self.judge_batch([item])[0]
