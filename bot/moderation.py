"""Scoring plus policy: turns comments into Verdicts. Pure apart from the scorer's own computation."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.domain import ActionKind, Comment, Verdict
from bot.policy import Policy, decide, load_policy
from bot.scoring.base import ScoreInput, Scorer
from bot.scoring.normalize import HEAD_CHARS, TAIL_CHARS

log = logging.getLogger(__name__)

# The category, rule and flag a comment gets when it cannot be scored (or decided) at all: it goes to a
# person with the reason, and its neighbours in the batch are judged as usual.
UNSCORABLE = "unscorable"
# The flag for a comment longer than the scorer scans (Normalized.truncated): its middle was never read, so
# "no rule matched" proves nothing and a person reads it.
TOO_LONG = "too_long_to_scan"
SCAN_LIMIT_CHARS = HEAD_CHARS + TAIL_CHARS


def route_unscanned(verdict: Verdict, item: ScoreInput) -> Verdict:
    """A comment the scorer read only in part is not allowed unread: an ALLOW becomes a FLAG for a person.
    A verdict that already acts (hide, delete, flag, reply) stands, with the note in its reason."""
    if len(item.text) <= SCAN_LIMIT_CHARS:
        return verdict
    note = (
        f"Longer than the {SCAN_LIMIT_CHARS:,}-character scan limit ({len(item.text):,} characters): only "
        f"the first {HEAD_CHARS:,} and last {TAIL_CHARS:,} were scored."
    )
    if verdict.action is not ActionKind.ALLOW:
        return dataclasses.replace(verdict, reason=f"{verdict.reason} {note}")
    return dataclasses.replace(
        verdict,
        action=ActionKind.FLAG,
        categories=(TOO_LONG,),
        rule_id=TOO_LONG,
        reason=f"{note} A person must read the rest.",
    )


def unscorable_verdict(policy: Policy, item: ScoreInput, scorer: str, error: BaseException) -> Verdict:
    """A FLAG for a person: the comment could not be judged automatically, and why."""
    why = f"{type(error).__name__}: {error}"
    if len(why) > 300:
        why = why[:299] + "\u2026"
    return Verdict(
        action=ActionKind.FLAG,
        urgent=False,
        score=0.0,
        categories=(UNSCORABLE,),
        rule_id=UNSCORABLE,
        clause=None,
        reason=f"Could not be scored automatically ({why}); a person must read it.",
        reply=None,
        scores={},
        matches=(),
        policy_version=policy.version,
        scorer=scorer,
        dry_run=False,
    )


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
        """One verdict per item, in order. Never raises for an item's content: if the batch fails, each
        item is judged on its own, and one that still fails is flagged `unscorable` with the reason."""
        policy = self._policy  # one policy for the whole batch, even if a reload lands meanwhile
        try:
            scores = self.scorer.score_batch(items)
            return [
                route_unscanned(decide(policy, item, s, self.scorer.name), item)
                for item, s in zip(items, scores, strict=True)
            ]
        except Exception as exc:  # noqa: BLE001 - any failure of one comment's content is flagged, not fatal
            if len(items) == 1:
                return [self._unscorable(policy, items[0], exc)]
            log.warning(
                "scoring a batch of %d failed (%s: %s); judging each comment on its own",
                len(items), type(exc).__name__, exc,
            )  # fmt: skip
        verdicts = []
        for item in items:
            try:
                verdict = decide(policy, item, self.scorer.score_batch([item])[0], self.scorer.name)
                verdicts.append(route_unscanned(verdict, item))
            except Exception as exc:  # noqa: BLE001 - any failure of one comment's content is flagged, not fatal
                verdicts.append(self._unscorable(policy, item, exc))
        return verdicts

    def _unscorable(self, policy: Policy, item: ScoreInput, exc: BaseException) -> Verdict:
        log.error(
            "a comment could not be scored (%s: %s); flagged for a person", type(exc).__name__, exc,
            exc_info=not isinstance(exc, UnicodeError | RecursionError),
        )  # fmt: skip
        return unscorable_verdict(policy, item, self.scorer.name, exc)

    def judge(self, item: ScoreInput) -> Verdict:
        return self.judge_batch([item])[0]
