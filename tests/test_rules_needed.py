"""Why each structural rule exists: comments the learned model alone would let through.

The bundled model judges language (threat, hate, harassment, sexual). Doxxing, spam, unauthorised media, the
juvenile statute, crime reports and emergencies are structure or page rules it has no head for, and its heads
stay low on them. Each case here asserts both halves: the model alone scores it below every flag threshold of
the shipped policy, and the rule catches it.
"""

from __future__ import annotations

import pytest

from bot.moderation import Moderator
from bot.policy import Policy
from bot.scoring.base import ScoreInput
from bot.scoring.default import LANGUAGE_HEADS
from bot.scoring.model import load_bundled_model
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect

# The policy signal each model head feeds (bot/scoring/default.py: LANGUAGE_HEADS).
HEAD_SIGNALS = {head: signal for signal, head in LANGUAGE_HEADS.items()}


def _lowest_thresholds(policy: Policy) -> dict[str, float]:
    """Per model head, the lowest `min` any enabled rule of the shipped policy puts on its signal."""
    lowest: dict[str, float] = {}
    for rule in policy.rules:
        for cond in (*rule.all, *rule.any):
            if rule.enabled and cond.signal in HEAD_SIGNALS.values() and cond.min is not None:
                head = LANGUAGE_HEADS[cond.signal]
                lowest[head] = min(lowest.get(head, 1.0), cond.min)
    return lowest


CASES = [
    # (rule signal, minimum rule score, the comment, media kinds, author authorised)
    ("doxxing", 0.85, "The home address of Deputy Maria Chavez is 1418 Calle del Sur", (), False),
    ("doxxing", 0.85, "Sgt. Reyes cell is 575-555-0148, call him and tell him what you think", (), False),
    ("doxxing", 0.5, "El SSN del oficial Herrera es 585-22-1937", (), False),
    (
        "doxxing",
        0.7,
        "el que puso la queja trabaja en la Pepsi de la Valley, turno de noche, se llama Ruben",
        (),
        False,
    ),
    (
        "doxxing",
        0.7,
        "la novia del sheriff trabaja en el banco de la Lohman, maneja una Jeep roja",
        (),
        False,
    ),
    ("spam", 0.9, "Earn $500 a day from home, DM me on WhatsApp for details", (), False),
    ("spam", 0.6, "Gana dinero desde casa, mandame mensaje por WhatsApp", (), False),
    ("unauthorized_media", 0.9, "look at this", ("photo",), False),
    ("emergency", 0.7, "my neighbor collapsed and is not breathing, we are on Solano Dr", (), False),
    ("emergency", 0.7, "mi vecino se desmayo y no respira, estamos en la calle Solano", (), False),
    ("crime_report", 0.7, "Someone broke into my car last night on El Paseo and took my laptop", (), False),
    (
        "juvenile_info",
        0.6,
        "The 15 year old arrested at Onate High is Jayden Morales",
        (),
        False,
    ),
]


@pytest.mark.parametrize(("signal", "floor", "text", "media", "authorised"), CASES)
def test_the_rule_catches_what_the_model_alone_misses(
    signal: str, floor: float, text: str, media: tuple[str, ...], authorised: bool, moderator: Moderator
) -> None:
    model = load_bundled_model()
    heads = model.predict([text])
    limits = _lowest_thresholds(moderator.policy)
    assert set(limits) == set(HEAD_SIGNALS)
    assert all(float(heads[name][0]) < limit for name, limit in limits.items()), (heads, limits)
    item = ScoreInput(text=text, media=media, author_authorized=authorised)
    assert detect(normalize(text), item).scores[signal] >= floor
    verdict = moderator.judge_batch([item])[0]
    assert verdict.action.value != "allow", verdict
