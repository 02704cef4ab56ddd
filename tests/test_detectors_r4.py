"""Round-4 misjudgements (group violence, home-hunting menace, lawful sentences, stated ages), through the shipped policy."""

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
        "All Mexicans are dirty animals and should be shot",
        "all immigrants should be lined up and shot",
        "someone should kill all the Muslims",
        "Mexicans should be deported in boxes",
        "those Jews deserve to be gassed",
        "a todos los mexicanos hay que matarlos",
        "hay que matar a todos los inmigrantes",
    ],
)
def test_violence_called_for_against_a_protected_group_is_threat_and_hate(
    moderator: Moderator, text: str
) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert (verdict.action, verdict.urgent) == (ActionKind.HIDE, True), verdict.rule_id
    assert verdict.scores["threat"] >= 0.85
    assert verdict.scores["hate"] >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "all cops should be fired",
        "My neighbor keeps saying all Mexicans should be shot, I reported him",
        "it's racist to say immigrants should be shot",
        'someone posted "all Mexicans should be shot" and nobody removed it, disgusting',
        "nobody is saying immigrants should be deported in boxes",
    ],
)
def test_accountability_and_condemned_group_violence_stay_up(moderator: Moderator, text: str) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.action is ActionKind.ALLOW, verdict.rule_id
    assert verdict.scores["threat"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to find out where you live and pay you a visit, pig",
        "I'm going to find out where you live and pay you a visit",
        "I'll find your house",
        "gonna pay you a visit at home",
        "we'll be seeing you soon officer, I know your address",
        "voy a averiguar dónde vives y te voy a hacer una visita",
    ],
)
def test_hunting_the_addressees_home_is_hidden_urgently(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent, rule) == (ActionKind.HIDE, True, "threat-violence")


def test_the_epithet_pig_adds_no_removal_weight(moderator: Moderator) -> None:
    with_pig = moderator.judge(
        ScoreInput(text="I'm going to find out where you live and pay you a visit, pig")
    )
    without = moderator.judge(ScoreInput(text="I'm going to find out where you live and pay you a visit"))
    assert with_pig.scores["threat"] == without.scores["threat"]
    for text in ("pig", "you pig", "the pigs were out in force on Lohman tonight"):
        action, urgent, rule = judge(moderator, text)
        assert action is ActionKind.ALLOW and not urgent, (text, rule)


@pytest.mark.parametrize(
    "text",
    [
        "I'll pay you a visit at the station to file a complaint",
        "come visit us at the fair",
        "I'll see you soon at the council meeting",
        "how do I find out where you live if I'm registering to vote?",
    ],
)
def test_visits_and_meetings_stay_up_unflagged(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent) == (ActionKind.ALLOW, False), rule


@pytest.mark.parametrize(
    "text",
    [
        "the shooter at the mall last week should get the death penalty",
        "the guy who killed that officer deserves the death penalty",
        "hope he gets the chair",
        "that monster should rot in jail for the rest of his life",
        "that monster should get life in prison without parole",
        "the shooter should be executed by the state",
        "ojalá le den pena de muerte a ese asesino",
        "que se pudra en la cárcel",
    ],
)
def test_asking_for_a_lawful_sentence_is_not_a_threat(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent) == (ActionKind.ALLOW, False), rule


@pytest.mark.parametrize(
    "text",
    ["someone should shoot the shooter", "someone should shoot the shooter, the death penalty is too slow"],
)
def test_vigilante_violence_next_to_a_sentence_is_still_a_threat(moderator: Moderator, text: str) -> None:
    action, urgent, rule = judge(moderator, text)
    assert action in (ActionKind.HIDE, ActionKind.FLAG) and urgent, rule
    assert rule in ("threat-violence", "threat-possible")


@pytest.mark.parametrize(
    "text",
    [
        "Her name is Maria Lopez, she's 16 and she was the one arrested for the fight at Mayfield High",
        "His name is Tony Baca, he's 15 and the cops picked him up for the break-in last week",
        "se llama Ana Torres, tiene 16 y la arrestaron por la pelea en la prepa Mayfield",
    ],
)
def test_stated_age_of_a_named_juvenile_in_an_arrest_carries_juvenile_info(
    moderator: Moderator, text: str
) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.scores["juvenile_info"] >= 0.6
    assert "juvenile-information" in {m.rule_id for m in verdict.matches}
    assert verdict.action is ActionKind.FLAG


@pytest.mark.parametrize(
    "text",
    [
        "he's 15 minutes late every shift, Sgt. Baca should be written up",
        "my son is 16 and just got his license, any tips from officers on safe driving?",
    ],
)
def test_numbers_that_are_not_a_juvenile_in_custody(moderator: Moderator, text: str) -> None:
    verdict = moderator.judge(ScoreInput(text=text))
    assert verdict.scores["juvenile_info"] < 0.6
