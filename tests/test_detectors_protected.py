"""Viewpoint safety: hundreds of generated harsh criticisms of the police, in both languages, with vulgarity,
epithets and evasions, and not one of them may be hidden or deleted by the default scorer plus shipped policy."""

from __future__ import annotations

import random

from bot.domain import ActionKind
from bot.moderation import Moderator
from bot.scoring.base import ScoreInput

SUBJECTS = (
    "LCPD",
    "the police",
    "you pigs",
    "these cops",
    "this department",
    "Chief Miller",
    "the chief",
    "officers",
    "you guys",
    "12",
    "the pigs",
    "Las Cruces PD",
    "every cop in this city",
    "the sheriff's office",
    "the city council",
    "la policía",
    "los puercos",
    "la chota",
    "ustedes",
    "el jefe de policía",
    "la jura",
)
PREDICATES = (
    "are a disgrace",
    "are corrupt thugs",
    "should all be fired",
    "are a gang with badges",
    "need to be defunded",
    "are worthless",
    "can go to hell",
    "are the real criminals",
    "murdered an innocent man",
    "lie every single day",
    "are fascists",
    "are bullies",
    "deserve zero respect",
    "are a bunch of clowns",
    "killed Jason and got away with it",
    "should be abolished",
    "should be charged with murder",
    "are racist pigs",
    "are a joke",
    "beat people and lie about it",
    "son unos corruptos",
    "no sirven para nada",
    "son una vergüenza",
    "son unos pinches cobardes",
    "mataron a un inocente",
)
PREFIXES = ("", "fuck ", "f*** ", "honestly ", "ACAB. ", "🐷🐷 ", "Defund! ", "chinga tu madre, ", "ƒυck ")
SUFFIXES = (
    "",
    " ACAB",
    " 🐷",
    " #DefundThePolice",
    ", fuck you",
    ". Shame!",
    " oink oink",
    " 1312",
    ", pendejos",
    " 🖕",
)


def generated_criticism(n: int = 600, seed: int = 1312) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(PREFIXES)}{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}{rng.choice(SUFFIXES)}"
        for _ in range(n)
    ]


def test_generated_criticism_is_never_removed(moderator: Moderator) -> None:
    texts = generated_criticism()
    verdicts = moderator.judge_batch([ScoreInput(text=t) for t in texts])
    removed = [
        (t, v.rule_id)
        for t, v in zip(texts, verdicts, strict=True)
        if v.action in (ActionKind.HIDE, ActionKind.DELETE)
    ]
    assert removed == []


def test_generated_criticism_rarely_raises_urgent_alarms(moderator: Moderator) -> None:
    texts = generated_criticism()
    verdicts = moderator.judge_batch([ScoreInput(text=t) for t in texts])
    urgent = [t for t, v in zip(texts, verdicts, strict=True) if v.urgent]
    assert len(urgent) <= len(texts) * 0.02, urgent[:20]
