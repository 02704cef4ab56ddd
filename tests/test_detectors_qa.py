"""Misjudgements a QA pass found, each with variants and near misses, judged through the shipped policy."""

from __future__ import annotations

import pytest

from bot.domain import ActionKind
from bot.moderation import Moderator
from bot.scoring.base import ScoreInput


def judge(moderator: Moderator, text: str) -> tuple[ActionKind, bool, str | None]:
    verdict = moderator.judge(ScoreInput(text=text))
    return verdict.action, verdict.urgent, verdict.rule_id


@pytest.mark.parametrize(
    "text",
    [
        "This officer deserves a medal",
        "That deputy deserves a raise for what she did on Sunday",
        "ese oficial se merece una medalla",
        "He deserves a bullet-proof vest like every other officer",
        "the report needs a bullet point for each stop",
        "this bill deserves to die in committee",
        "@Leah Torres he robbed three stores with a gun, what did you expect",
        "el tipo asaltó la tienda con una pistola, qué esperaban",
        "we will make the city pay damages",
        "we're going to make them pay for the lawsuit, see you in court",
        "I know where the station is, I'll see you at the council meeting",
        "Officer Ramirez should be fired for what he did to that family",
        "Call 575-526-0795 to get a copy of your accident report for your insurance",
        "My insurance company wants a report number, do I call 575-526-0795 or 911?",
        "call me crazy but insurance rates in Las Cruces are insane",
        "I almost fainted when I saw the price of my ticket",
        "My grandpa collapsed last year and your officers did CPR until EMS came, thank you",
    ],
)
def test_praise_discussion_and_official_numbers_stay_up_unflagged(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent) == (ActionKind.ALLOW, False), rule


@pytest.mark.parametrize(
    "text",
    [
        "That cop deserves a bullet",
        "that pig deserves a bullet",
        "every one of those cops needs a bullet in the head",
        "He deserves a bullet for what he did",
        "someone should put a bullet in him",
        "ojalá le den un balazo",
        "ese puerco merece un balazo",
        "I know where that officer lives and I'm going to make him pay.",
        "I know where that deputy parks every night and I'll make her pay",
        "sé dónde vive ese oficial y me las va a pagar",
    ],
)
def test_lethal_wishes_and_stalking_with_retribution_are_hidden_urgently(
    moderator: Moderator, text: str
) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent) == (ActionKind.HIDE, True), rule


def test_retribution_without_stalking_goes_to_a_human(moderator: Moderator) -> None:
    action, urgent, rule = judge(moderator, "I'm going to make him pay")
    assert (action, urgent, rule) == (ActionKind.FLAG, True, "threat-possible")


@pytest.mark.parametrize(
    "text",
    [
        "F*** you Officer Ramirez, you racist piece of shit",
        "Sgt. Lopez you are a worthless piece of garbage",
        "chinga tu madre oficial Gutierrez, pinche cobarde",
    ],
)
def test_abuse_of_a_named_officer_is_flagged_never_hidden(moderator: Moderator, text: str) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.action is ActionKind.FLAG
    assert verdict.rule_id == "harassment-possible"
    assert verdict.scores["harassment"] < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 575-555-0134 for cheap car insurance quotes",
        "Need affordable auto insurance? Free quotes, text me 575-555-0188",
        "seguros de auto baratos, llámame al 575-555-0166",
    ],
)
def test_commercial_solicitation_is_spam(moderator: Moderator, text: str) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.action in (ActionKind.HIDE, ActionKind.FLAG)
    assert verdict.rule_id in ("spam", "spam-possible")
    assert verdict.scores["doxxing"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "My daughter's friend, 14, was picked up by your officers at Lynn Middle School today — her name is Sofia Reyes",
        "arrestaron a mi sobrino de 15 años en la secundaria Zia, se llama Mateo Ruiz",
    ],
)
def test_named_juvenile_in_police_custody_is_flagged(moderator: Moderator, text: str) -> None:
    assert judge(moderator, text)[2] == "juvenile-information"


@pytest.mark.parametrize(
    "text",
    [
        "an old man just collapsed outside the library on Branigan, somebody is doing CPR",
        "a woman fainted in the parking lot",
        "kid fell in the pool and isn't breathing",
        "there's a car crash on Lohman, people are hurt",
        "un señor se desmayó afuera del Walmart de Valley, alguien llame una ambulancia",
    ],
)
def test_medical_emergencies_get_the_urgent_reply(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent, rule) == (ActionKind.REPLY, True, "emergency-now")
