"""The policy engine: (comment, scores) → Verdict. Pure: no I/O, no clock, no platform calls."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import re2

from bot.domain import ACTION_SEVERITY, ActionKind, RuleMatch, Verdict
from bot.policy.schema import Condition, Policy, Rule, fold
from bot.scoring.base import CATEGORY_SIGNALS, MODEL_SIGNALS, ScoreInput

# Signals that measure harm; the verdict's single `score` is the highest of these.
HARM_SIGNALS = frozenset(CATEGORY_SIGNALS) | frozenset(MODEL_SIGNALS)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re2._Regexp:
    return re2.compile(pattern)


@lru_cache(maxsize=256)
def _keyword_regex(words: tuple[str, ...]) -> re2._Regexp:
    alternatives = "|".join(re2.escape(w) for w in sorted(words, key=len, reverse=True))
    return re2.compile(rf"(?:^|[^\w])(?:{alternatives})(?:$|[^\w])")


def _condition_holds(
    cond: Condition, item: ScoreInput, folded: str, scores: Mapping[str, float]
) -> str | None:
    """Evidence text when the condition holds, else None."""
    if cond.signal is not None:
        value = scores.get(cond.signal, 0.0)
        if cond.min is not None and value < cond.min:
            return None
        if cond.max is not None and value > cond.max:
            return None
        return f"{cond.signal}={value:.2f}"
    if cond.keywords:
        m = _keyword_regex(cond.keywords).search(folded)
        return "keyword match" if m else None
    if cond.pattern is not None:
        return "pattern match" if _compiled(cond.pattern).search(folded) else None
    if cond.media:
        kinds = sorted(set(item.media) & set(cond.media))
        return f"media: {', '.join(kinds)}" if kinds else None
    if cond.author_authorized is not None:
        return (
            f"author_authorized={item.author_authorized}"
            if item.author_authorized == cond.author_authorized
            else None
        )
    return None


def match_rule(
    rule: Rule, item: ScoreInput, scores: Mapping[str, float], folded: str | None = None
) -> RuleMatch | None:
    """The rule's match for this comment, or None. `all` must all hold, then at least one of `any` (if given);
    any `unless` condition that holds vetoes the rule."""
    text = fold(item.text) if folded is None else folded
    evidence: list[str] = []
    for cond in rule.all:
        got = _condition_holds(cond, item, text, scores)
        if got is None:
            return None
        evidence.append(got)
    if rule.any:
        hits = [e for c in rule.any if (e := _condition_holds(c, item, text, scores)) is not None]
        if not hits:
            return None
        evidence.extend(hits)
    for cond in rule.unless:
        if _condition_holds(cond, item, text, scores) is not None:
            return None
    return RuleMatch(
        rule_id=rule.id,
        title=rule.title,
        category=rule.category,
        clause=rule.clause,
        action=rule.action,
        urgent=rule.urgent,
        dry_run=rule.dry_run,
        evidence=tuple(evidence),
        reply=rule.reply,
    )


def decide(policy: Policy, item: ScoreInput, scores: Mapping[str, float], scorer: str = "bundled") -> Verdict:
    """Evaluate every enabled rule; the most severe live match decides, urgency is the OR of all matches.

    A rule in dry_run mode is recorded as a match but never decides the action, so a new rule can be
    watched on live traffic before it removes anything.
    """
    folded = fold(item.text)
    matches = [m for r in policy.enabled_rules if (m := match_rule(r, item, scores, folded)) is not None]
    live = [m for m in matches if not m.dry_run]
    harm = max((v for k, v in scores.items() if k in HARM_SIGNALS), default=0.0)
    if not live:
        shadow = f" (dry-run rules matched: {', '.join(m.rule_id for m in matches)})" if matches else ""
        return Verdict(
            action=ActionKind.ALLOW,
            urgent=False,
            score=harm,
            categories=(),
            rule_id=None,
            clause=None,
            reason="No rule matched: allowed." + shadow,
            reply=None,
            scores=dict(scores),
            matches=tuple(matches),
            policy_version=policy.version,
            scorer=scorer,
            dry_run=False,
        )
    # Earlier rules win ties, so policy authors order rules by precedence.
    decisive = max(live, key=lambda m: (ACTION_SEVERITY[m.action], -live.index(m)))
    urgent = any(m.urgent for m in live)
    categories = tuple(dict.fromkeys(m.category for m in live))
    reply = decisive.reply or next((m.reply for m in live if m.reply), None)
    reason = (
        f"{decisive.title} [{decisive.rule_id}] ({'; '.join(decisive.evidence)}). "
        f"Attachment A: \u201c{decisive.clause}\u201d"
    )
    return Verdict(
        action=decisive.action,
        urgent=urgent,
        score=harm,
        categories=categories,
        rule_id=decisive.rule_id,
        clause=decisive.clause,
        reason=reason,
        reply=reply,
        scores=dict(scores),
        matches=tuple(matches),
        policy_version=policy.version,
        scorer=scorer,
        dry_run=False,
    )
