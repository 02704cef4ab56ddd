"""What the rules emit: only structural and context signals, each in [0, 1]; the language of a comment (threat,
hate, harassment, sexual content) is never scored by a rule, however violent or hateful it is."""

from __future__ import annotations

import pytest

from bot.scoring.base import ALL_SIGNALS, ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import LANGUAGE_SIGNALS, RULE_SIGNALS, detect


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "I will shoot the next cop I see",
        "voy a matar a ese policía",
        "immigrants are animals",
        "send nudes",
        "I know where you live",
        "x" * 50_000,
    ],
)
def test_rules_never_score_language(text: str) -> None:
    result = detect(normalize(text), ScoreInput(text=text))
    assert set(result.scores) == set(RULE_SIGNALS)
    assert not LANGUAGE_SIGNALS & set(result.scores) and not LANGUAGE_SIGNALS & set(result.evidence)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())


def test_rule_signals_are_known_signals() -> None:
    assert set(RULE_SIGNALS) <= set(ALL_SIGNALS)
    assert {"institution_target", "counter_speech", "self_identity", "negated"} <= set(RULE_SIGNALS)
