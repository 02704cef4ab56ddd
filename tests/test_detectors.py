"""Rule detectors and the default scorer: each Attachment A category, in English and Spanish, and the speech
that must stay up, judged through the shipped policy."""

from __future__ import annotations

import pytest

from bot.domain import ActionKind
from bot.moderation import Moderator
from bot.scoring.base import ALL_SIGNALS, ScoreInput
from bot.scoring.default import DefaultScorer, combine
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


@pytest.fixture(scope="module")
def rules_only() -> DefaultScorer:
    return DefaultScorer(use_model=False)


def top(scorer: DefaultScorer, text: str, **kw: object) -> dict[str, float]:
    return scorer.score(ScoreInput(text=text, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "signal", "minimum"),
    [
        ("I will shoot the next cop I see", "threat", 0.85),
        ("voy a matar a ese policía", "threat", 0.85),
        ("There's a bomb in the police station", "threat", 0.85),
        ("kill all cops", "threat", 0.85),
        ("I w\u200bill k1ll y0u", "threat", 0.85),
        ("I know where you live", "harassment", 0.9),
        ("Sé dónde vives, oficial", "harassment", 0.9),
        ("Officer John Smith lives at 1423 Elm Street", "doxxing", 0.85),
        ("Here's Sgt. Martinez's cell: 575-555-0142", "doxxing", 0.85),
        ("immigrants are animals", "hate", 0.9),
        ("regrésate a tu país", "hate", 0.9),
        ("send nudes", "sexual", 0.9),
        ("suck my dick pigs", "obscenity", 0.7),
        ("Officer John Smith beats his wife", "allegation", 0.6),
        ("my car was stolen last night", "crime_report", 0.7),
        ("me robaron mi troca anoche", "crime_report", 0.7),
        ("someone is breaking into my neighbor's house right now", "emergency", 0.7),
        ("hay un hombre con una pistola en Walmart ahora", "emergency", 0.7),
        ("Work from home and earn $500/day, DM me", "spam", 0.9),
        ("the 15 year old they arrested is Johnny Perez from Onate High", "juvenile_info", 0.6),
    ],
)
def test_rules_detect_each_category(
    rules_only: DefaultScorer, text: str, signal: str, minimum: float
) -> None:
    assert top(rules_only, text)[signal] >= minimum


@pytest.mark.parametrize(
    ("text", "signal", "maximum"),
    [
        ("this policy is killing our town", "threat", 0.3),
        ("the man who shot a deputy was arrested", "threat", 0.3),
        ("shoot me an email with the report", "threat", 0.1),
        ("We shot some hoops with the officers", "threat", 0.1),
        ("no voy a matar a nadie", "threat", 0.3),
        ("I don't hate immigrants", "hate", 0.3),
        ("call 575-526-0795 or 911", "doxxing", 0.1),
        ("The station is at 217 E Picacho Ave", "doxxing", 0.1),
        ("There was a robbery at the Circle K on 1200 S Main St", "doxxing", 0.5),
        ("this is bullshit", "obscenity", 0.5),
        ("f*** the police", "obscenity", 0.5),
        ("LCPD plants evidence all the time", "allegation", 0.5),
        ("The shooting range is open Saturdays", "emergency", 0.5),
        ("This is the guy who broke into my car last week", "emergency", 0.5),
    ],
)
def test_rules_stay_quiet_on_hard_negatives(
    rules_only: DefaultScorer, text: str, signal: str, maximum: float
) -> None:
    assert top(rules_only, text)[signal] <= maximum


def test_context_signals(rules_only: DefaultScorer) -> None:
    assert top(rules_only, "you pigs are a disgrace")["institution_target"] >= 0.5
    assert top(rules_only, "As a gay man I feel safe here")["self_identity"] >= 0.7
    assert top(rules_only, "soy inmigrante y estoy orgulloso")["self_identity"] >= 0.7
    assert top(rules_only, 'He called me a "wetback", that is racist')["counter_speech"] >= 0.5
    assert top(rules_only, "I would never hurt a cop")["negated"] >= 0.8
    # Stalking an officer is aimed at a person, not criticism of the institution.
    assert top(rules_only, "I know where you live Officer Baca")["institution_target"] < 0.5


def test_unauthorized_media(rules_only: DefaultScorer) -> None:
    assert top(rules_only, "look", media=("photo",), author_authorized=False)["unauthorized_media"] >= 0.9
    assert top(rules_only, "look", media=("video",), author_authorized=True)["unauthorized_media"] == 0.0
    assert (
        top(rules_only, "news story", media=("link",), author_authorized=False)["unauthorized_media"] == 0.0
    )


def test_scores_are_known_signals_in_range(rules_only: DefaultScorer) -> None:
    for scores in rules_only.score_batch(
        [ScoreInput(text=t) for t in ("", "hello", "I will kill you 🔫", "x" * 50_000)]
    ):
        assert set(scores) <= set(ALL_SIGNALS)
        assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_model_cannot_turn_criticism_into_hate_or_harassment() -> None:
    text = "you pigs are a disgrace"
    norm = normalize(text)
    rules = detect(norm, ScoreInput(text=text))
    scores = combine(rules, {"toxicity": 0.99, "insult": 0.99, "identity_attack": 0.99, "threat": 0.2}, norm)
    assert scores["hate"] < 0.55 and scores["harassment"] < 0.55 and scores["threat"] < 0.5


def test_model_alone_never_reaches_a_removal_threshold() -> None:
    text = "they are the worst people"
    norm = normalize(text)
    rules = detect(norm, ScoreInput(text=text))
    scores = combine(
        rules, {"toxicity": 1.0, "insult": 1.0, "identity_attack": 1.0, "threat": 1.0, "sexual": 1.0}, norm
    )
    assert max(scores[c] for c in ("threat", "hate", "harassment", "sexual")) < 0.85


@pytest.mark.parametrize(
    "text",
    [
        "LCPD is a corrupt gang of thugs",
        "defund the police",
        "you pigs are a disgrace",
        "ACAB",
        "f*** the police",
        "fuck 12",
        "🐷🐷 oink oink",
        "Officer John Smith beats his wife",
        "Pinches puercos, nomás sirven para molestar",
        "The officer who killed my son should be charged with murder",
        "He called my son a f****t at school",
        "I'm not threatening anyone, see you at the ballot box",
    ],
)
def test_protected_speech_is_never_removed(moderator: Moderator, text: str) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.action not in (ActionKind.HIDE, ActionKind.DELETE), verdict.reason


@pytest.mark.parametrize(
    ("text", "action", "urgent"),
    [
        ("I will shoot the next cop I see", ActionKind.HIDE, True),
        ("hay un hombre con una pistola en Walmart ahora", ActionKind.REPLY, True),
        ("Officer John Smith lives at 1423 Elm Street", ActionKind.HIDE, True),
        ("my bike got stolen from outside the library", ActionKind.REPLY, False),
        ("Thank you officers!", ActionKind.ALLOW, False),
    ],
)
def test_policy_decisions(moderator: Moderator, text: str, action: ActionKind, urgent: bool) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert (verdict.action, verdict.urgent) == (action, urgent), verdict.reason


def test_explain_names_the_evidence(rules_only: DefaultScorer) -> None:
    evidence = rules_only.explain("I will shoot the next cop I see")
    assert any("shoot" in e for e in evidence["threat"])
