"""Indirect wording (round 2): menace without violent verbs, indirect emergencies, disguised PII, and the
figures of speech that must stay up. Sentences here are not in any test set."""

from __future__ import annotations

import pytest

from bot.domain import ActionKind
from bot.moderation import Moderator
from bot.scoring.base import ScoreInput


def judge(moderator: Moderator, text: str):  # noqa: ANN201 - a Verdict
    return moderator.judge_batch([ScoreInput(text=text)])[0]


@pytest.mark.parametrize(
    "text",
    [
        "something terrible is going to happen to that sergeant, count on it",
        "deputy you better start wearing a vest to the gym too",
        "that trooper wont be smiling once they find him in the canal",
        "the precinct deserves a molotov honestly",
        "gasoline is cheap and the substation on Valley is all wood",
        "we know which church your wife goes to, officer",
        "los de la patrulla 40 ya tienen los dias contados",
        "hope your cruiser brakes hold up officer, accidents happen",
    ],
)
def test_menace_without_violent_verbs_is_an_urgent_flag(moderator: Moderator, text: str) -> None:
    verdict = judge(moderator, text)
    assert verdict.urgent, (text, verdict.rule_id, verdict.scores.get("threat"))
    assert verdict.action in (ActionKind.FLAG, ActionKind.HIDE)


@pytest.mark.parametrize(
    "text",
    [
        "my grandma is gonna murder me when she sees my tattoo",
        "I will die on this hill: the chief must resign",
        "you will pay for this at the ballot box in November",
        "see you at the hearing, your lawsuit is coming",
        "nobody is saying hurt anyone, we want the officers fired",
        "shoot us a message if you want to volunteer at the vigil",
        "today is his last shift before retirement, thank you Sgt. Lucero",
        "Karma is coming for this department and her name is the DOJ",
        "where were you when my truck got stolen? nowhere, as usual",
        "my boss will kill me, stuck in traffic behind this crash",
    ],
)
def test_figures_of_speech_and_criticism_are_not_removed(moderator: Moderator, text: str) -> None:
    verdict = judge(moderator, text)
    assert verdict.action not in (ActionKind.HIDE, ActionKind.DELETE), (text, verdict.rule_id)
    assert verdict.action is not ActionKind.REPLY, (text, verdict.rule_id)


@pytest.mark.parametrize(
    "text",
    [
        "my uncle with alzheimers wandered off an hour ago and we cant find him anywhere",
        "a kid just fell into the acequia by Mesquite st, people trying to reach him",
        "my neighbor is screaming and I hear banging through the wall, apt 12",
        "power line down and sparking on Espina near the bus stop",
        "some guy has been following me for 10 blocks, im on Amador now",
    ],
)
def test_indirect_emergencies_get_the_call_911_reply(moderator: Moderator, text: str) -> None:
    verdict = judge(moderator, text)
    assert verdict.action is ActionKind.REPLY and verdict.urgent, (text, verdict.rule_id)


@pytest.mark.parametrize(
    "text",
    [
        "Sgt. Bowman's cell is five seven five, four four one, two nine eight three, go ahead and call",
        "Officer Leyva personal number 575 3l8 O442, tell him what you think",
        "The cop in the video is Dana Pruitt, 1180 Cactus Wren, in case anyone wants to visit",
    ],
)
def test_disguised_personal_information_is_doxxing(moderator: Moderator, text: str) -> None:
    verdict = judge(moderator, text)
    assert verdict.urgent and verdict.scores["doxxing"] >= 0.5, (text, verdict.scores.get("doxxing"))


def test_one_menace_hint_alone_is_not_a_threat(moderator: Moderator) -> None:
    # "careful" aimed at officers with no second hint is advice, not menace.
    verdict = judge(moderator, "be careful out there tonight officers, roads are icy")
    assert not verdict.urgent and verdict.action is ActionKind.ALLOW
