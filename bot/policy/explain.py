"""Explaining decisions: each rule's thresholds as people read them, and which signals of a verdict crossed which."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.policy.schema import Condition, Policy, Rule

# How each part of a rule reads: `all` must hold, one of `any`, and no `unless`.
PARTS = (("all", "needs"), ("any", "one of"), ("unless", "unless"))


def rule_thresholds(rule: Rule) -> list[str]:
    """Every condition of the rule as text, e.g. ["threat >= 0.995", "unless counter_speech >= 0.5"]."""
    out: list[str] = []
    for part, label in PARTS:
        for cond in getattr(rule, part):
            out.append(cond.describe() if part == "all" else f"{label} {cond.describe()}")
    return out


@dataclass(kw_only=True, frozen=True)
class ConditionCheck:
    """One condition of a rule held against one verdict's scores."""

    part: str  # all | any | unless
    text: str  # the condition as policy authors wrote it ("threat >= 0.995")
    signal: str | None
    value: float | None  # the verdict's score for that signal
    holds: bool | None  # None: not a signal (keywords, pattern, media): the match evidence says


@dataclass(kw_only=True, frozen=True)
class RuleExplanation:
    rule_id: str
    title: str
    action: str
    urgent: bool
    decisive: bool
    dry_run: bool
    evidence: tuple[str, ...]
    checks: tuple[ConditionCheck, ...]
    in_policy: bool  # False: the rule is no longer in the current policy (thresholds unknown)


def _check(part: str, cond: Condition, scores: Mapping[str, float]) -> ConditionCheck:
    if cond.signal is None:
        return ConditionCheck(part=part, text=cond.describe(), signal=None, value=None, holds=None)
    value = float(scores.get(cond.signal, 0.0))
    holds = (cond.min is None or value >= cond.min) and (cond.max is None or value <= cond.max)
    return ConditionCheck(part=part, text=cond.describe(), signal=cond.signal, value=value, holds=holds)


def explain_matches(
    policy: Policy | None,
    matches: Sequence[Mapping[str, Any]],
    scores: Mapping[str, float],
    decisive_rule: str | None,
) -> list[RuleExplanation]:
    """For each rule a verdict matched (as stored: rule_id, title, evidence...), its conditions with the
    verdict's value for each signal and whether it crossed the threshold. Thresholds come from `policy`
    (the current one); a rule it no longer has is listed with its recorded evidence only."""
    rules = {r.id: r for r in policy.rules} if policy is not None else {}
    out: list[RuleExplanation] = []
    for m in matches:
        rule_id = str(m.get("rule_id") or "")
        rule = rules.get(rule_id)
        checks: list[ConditionCheck] = []
        if rule is not None:
            for part, _label in PARTS:
                checks.extend(_check(part, c, scores) for c in getattr(rule, part))
        out.append(
            RuleExplanation(
                rule_id=rule_id,
                title=str(m.get("title") or (rule.title if rule else rule_id)),
                action=str(m.get("action") or (rule.action.value if rule else "")),
                urgent=bool(m.get("urgent")),
                decisive=rule_id == decisive_rule,
                dry_run=bool(m.get("dry_run")),
                evidence=tuple(str(e) for e in m.get("evidence") or ()),
                checks=tuple(checks),
                in_policy=rule is not None,
            )
        )
    out.sort(key=lambda e: not e.decisive)
    return out
