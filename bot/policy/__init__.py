"""Attachment A as data: load and validate policy files, and decide verdicts from scores."""

from bot.policy.engine import decide, match_rule
from bot.policy.schema import VIEWPOINT_TERMS, Policy, PolicyError, Rule, load_policy, viewpoint_violations

__all__ = [
    "VIEWPOINT_TERMS",
    "Policy",
    "PolicyError",
    "Rule",
    "decide",
    "load_policy",
    "match_rule",
    "viewpoint_violations",
]
