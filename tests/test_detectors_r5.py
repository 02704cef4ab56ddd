"""Round-5 gaps from the blind set (identity numbers, missing people, slang threats, prize/dating spam, explicit sexual comments), through the shipped policy."""

from __future__ import annotations

import pytest

from bot.domain import ActionKind
from bot.moderation import Moderator
from bot.scoring.base import ScoreInput


def scores(moderator: Moderator, text: str) -> tuple[ActionKind, bool, dict[str, float]]:
    verdict = moderator.judge(ScoreInput(text=text))
    return verdict.action, verdict.urgent, dict(verdict.scores)


@pytest.mark.parametrize(
    "text",
    [
        "his SSN is 585-22-1943 and DOB 4/3/88",
        "her social is 412-77-9031, born 02/14/1979",
        "Officer Diaz SSN 585221943",
    ],
)
def test_a_social_security_number_about_someone_is_hidden_urgently(moderator: Moderator, text: str) -> None:
    action, urgent, s = scores(moderator, text)
    assert (action, urgent) == (ActionKind.HIDE, True), s
    assert s["doxxing"] >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "call the department at 575-526-0795",
        "case number 2024-00-1234 was closed",
        "report number 585-22-1943 was filed and no one came",
        "my social security check is late again, 3 months now",
    ],
)
def test_phone_and_case_numbers_are_not_identity_numbers(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.ALLOW, s
    assert s["doxxing"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "my 6 yr old wandered off at Young Park 10 min ago, red shirt, please help",
        "can't find my son, he's autistic, last seen near the Walmart on Valley 20 minutes ago",
        "my grandma with dementia walked away from the house an hour ago, please help",
        "se me perdió mi hijo en el mall ahorita, traía camisa azul, ayuda",
        "ayuda!! hay alguien tratando de meterse a mi casa ahorita, estoy sola con mis hijos",
        "auxilio alguien está intentando entrar a mi casa, estoy con mis hijos",
    ],
)
def test_a_missing_child_or_a_break_in_now_is_an_emergency(moderator: Moderator, text: str) -> None:
    _, urgent, s = scores(moderator, text)
    assert urgent, s
    assert s["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "my son went missing in 2019 and the case is still open",
        "I lost my keys at Young Park, please help",
        "my dog ran off 10 min ago please help",
        "hace un año alguien trató de meterse a mi casa",
        "quiero entrar a la academia de policía, ayuda con los requisitos",
    ],
)
def test_old_disappearances_lost_things_and_wanting_in_are_not_emergencies(
    moderator: Moderator, text: str
) -> None:
    _, _, s = scores(moderator, text)
    assert s["emergency"] < 0.8, s


@pytest.mark.parametrize(
    "text",
    [
        "I'm bringing my 9 for you",
        "ima pull up with the glock on that pig",
        "deserves to get capped … I'd do it myself",
        "that cop deserves to get capped, I'd do it myself",
        "gonna light that cruiser up with whoever is sitting in it",
        "we gonna light them pigs up",
    ],
)
def test_slang_weapon_threats_are_hidden_urgently(moderator: Moderator, text: str) -> None:
    action, urgent, s = scores(moderator, text)
    assert (action, urgent) == (ActionKind.HIDE, True), s
    assert s["threat"] >= 0.85


def test_menace_at_an_officers_home_goes_to_a_human_urgently(moderator: Moderator) -> None:
    action, urgent, s = scores(moderator, "his house isn't that far from mine. tick tock")
    assert action is not ActionKind.ALLOW and urgent, s
    assert s["threat"] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "light up the tree at the plaza",
        "gonna light the tree up at the plaza tonight",
        "bringing my 9 year old to the parade",
        "I'm bringing my 9 and 11 year old to national night out",
        "my phone is at 9%",
        "the Cowboys got smoked last night lol",
        "our team deserves to get smoked if they play like that",
        "I'd do it myself if the city won't fix the pothole",
        "his house isn't that far from mine, we carpool to the game",
    ],
)
def test_numbers_lights_and_sports_slang_are_not_threats(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.ALLOW, s
    assert s["threat"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Ganaste un iPhone 16!! reclama tu premio aquí 👉 bit.ly/3xYz",
        "Felicidades ganaste $500 reclama tu premio en premios-gratis.com",
        "Congratulations you won a $1000 Walmart gift card, claim here >> gifts4u.top",
        "Hot singles in Doña Ana County want to meet you tonight >> datelocal69.site",
        "Lonely moms near Las Cruces are waiting for you tonight, click datingnow.xyz",
    ],
)
def test_prize_and_dating_bait_with_a_link_is_hidden_as_spam(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.HIDE, s
    assert s["spam"] >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "mi hijo ganó un premio en la feria de ciencias, muy orgullosa",
        "you won the raffle at the LCPD open house, pick up your prize at the front desk",
        "Congrats to the softball team, you won the tournament!",
        "my sister is single and looking for a date lol",
    ],
)
def test_real_prizes_and_dating_talk_stay_up(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.ALLOW, s
    assert s["spam"] < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "I'd bend her over the hood",
        "that deputy is fine, I'd bend him over the cruiser",
        "strip search me slowly and then sit on his face",
    ],
)
def test_explicit_sexual_comments_about_officers_are_flagged(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is not ActionKind.ALLOW, s
    assert s["sexual"] >= 0.6


@pytest.mark.parametrize(
    "text",
    [
        "I'll show you what's under these shorts, pics for $20",
        "I'll show you what's under my skirt officer, $20 for pics",
    ],
)
def test_paid_sexual_pictures_are_hidden(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.HIDE, s
    assert s["sexual"] >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "the officer bent over the hood to read the VIN",
        "I'd bend over backwards to help this department",
        "Santa pics for $20 at the mesilla plaza this weekend",
        "I'll show you what's under the hood, it's a V8",
        "strip the old paint slowly before you repaint",
    ],
)
def test_bending_hoods_and_paid_santa_pics_are_not_sexual(moderator: Moderator, text: str) -> None:
    action, _, s = scores(moderator, text)
    assert action is ActionKind.ALLOW, s
    assert s["sexual"] < 0.6
