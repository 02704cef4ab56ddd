"""Context signals the model reads (scores in [0, 1], inputs, not vetoes), English and Spanish: institution_target
(aimed at the police or government as an institution), counter_speech (quotes or condemns hate), self_identity
(the speaker's own identity) and negated (the harmful statement is negated); each is checked both ways."""

from __future__ import annotations

import random

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def scores(text: str) -> dict[str, float]:
    return detect(normalize(text), ScoreInput(text=text)).scores


@pytest.mark.parametrize(
    "text",
    [
        "you pigs are a disgrace",
        "LCPD is a corrupt gang of thugs",
        "the chief needs to resign",
        "cops lie every day",
        "ACAB",
        "la policía nomás sirve para acosar a la raza",
        "pinches puercos corruptos",
        "la chota vale verga aqui en Cruces",
    ],
)
def test_criticism_of_the_institution_is_institution_target(text: str) -> None:
    assert scores(text)["institution_target"] >= 0.9


@pytest.mark.parametrize(
    "text", ["you guys never answer the phone", "ustedes nunca contestan el telefono", "fuck 12"]
)
def test_you_guys_and_12_on_the_page_address_the_department(text: str) -> None:
    assert 0.5 <= scores(text)["institution_target"] < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "@Maria you guys are wrong about this",
        "I have 12 kids and a blue truck",
        "My neighbor Linda is so nice",
        "immigrants are animals",
    ],
)
def test_replies_to_commenters_and_bare_numbers_are_not_institution_target(text: str) -> None:
    assert scores(text)["institution_target"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live Officer Baca",
        "Officer John Smith lives at 1423 Elm Street",
        "sabemos donde vives oficial, y conocemos a tu familia",
        "@sara.lp we all know you're the one who called the cops on us",
    ],
)
def test_a_comment_aimed_at_one_person_is_not_institution_target(text: str) -> None:
    result = detect(normalize(text), ScoreInput(text=text))
    assert result.person_target
    assert result.scores["institution_target"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        'He called me a "wetback", that is racist',
        "me gritaron 'pinche mojado' en el Albertsons y eso es puro racismo",
        "My neighbor keeps saying all Mexicans should be shot, I reported him",
        "it's racist to say immigrants should be shot",
        'someone posted "all Mexicans should be shot" and nobody removed it, disgusting',
        "Someone spray painted 'go back to mexico' on my neighbor's fence. That's a hate crime",
        "Calling every immigrant a criminal is racist and you know it",
    ],
)
def test_quoting_or_condemning_hate_is_strong_counter_speech(text: str) -> None:
    assert scores(text)["counter_speech"] >= 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shame on whoever wrote that", 0.5),
        ("eso es racismo y no esta bien", 0.5),
        ('the chief said "we will do better" at the meeting', 0.3),
        ("nobody is saying immigrants should be deported in boxes", 0.5),
    ],
)
def test_condemnation_or_quotation_alone_is_weaker_counter_speech(text: str, expected: float) -> None:
    assert scores(text)["counter_speech"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "immigrants are animals",
        "Muslims don't belong in this country",
        "Nomas queria decir que soy gay y mexicano y aqui me siento seguro. Gracias.",
        "Thank you officers!",
    ],
)
def test_hate_itself_and_plain_statements_are_not_counter_speech(text: str) -> None:
    assert scores(text)["counter_speech"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "As a gay man I feel safe here",
        "as a Black woman I appreciate the outreach",
        "I'm a proud Mexican and I back the blue",
        "soy inmigrante y estoy orgulloso",
        "soy indocumentado y orgulloso, aqui pago mis taxes",
        "Nomas queria decir que soy gay y mexicano y aqui me siento seguro. Gracias.",
    ],
)
def test_the_speakers_own_identity_is_self_identity(text: str) -> None:
    assert scores(text)["self_identity"] >= 0.7


@pytest.mark.parametrize(
    "text", ["immigrants are animals", "those gays are everywhere", "los inmigrantes son ratas"]
)
def test_talk_about_a_group_is_not_self_identity(text: str) -> None:
    assert scores(text)["self_identity"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt a cop",
        "I don't hate immigrants",
        "not all immigrants are criminals",
        "Don't call immigrants criminals, they work harder than you",
        "no voy a matar a nadie",
        "no odio a los policias, odio el abuso de poder",
        "no todos los inmigrantes son criminales",
        "nadie deberia matar a nadie",
    ],
)
def test_a_negated_harmful_statement_is_negated(text: str) -> None:
    assert scores(text)["negated"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "no Mexicans allowed",
        "Muslims don't belong in this country",
        "I'm not racist but Mexicans are lazy",
        "crimes against Mexicans keep rising",
        "immigrants are animals",
    ],
)
def test_a_ban_a_disclaimer_or_hostility_is_not_negation(text: str) -> None:
    assert scores(text)["negated"] == 0.0


def test_ya_is_already_in_a_spanish_comment() -> None:
    spanish = detect(normalize("se cayo y no reacciona, ya llame"), ScoreInput(text=""))
    english = detect(normalize("ya gonna regret this"), ScoreInput(text=""))
    assert not spanish.second_person
    assert english.second_person


def test_group_mention_and_news_flags() -> None:
    news = detect(normalize("the suspect was arrested according to police"), ScoreInput(text=""))
    group = detect(normalize("the Muslim community center opens Friday"), ScoreInput(text=""))
    assert news.news and not news.group_mention
    assert group.group_mention and not group.news


# Harsh criticism of the police in both languages, with vulgarity, epithets and evasions (generated).
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


def test_generated_criticism_is_aimed_at_the_institution_and_trips_no_structural_rule() -> None:
    texts = generated_criticism()
    results = [detect(normalize(t), ScoreInput(text=t)).scores for t in texts]
    alarms = {"doxxing": 0.5, "emergency": 0.7, "crime_report": 0.7, "spam": 0.6, "juvenile_info": 0.6}
    tripped = [(t, k) for t, s in zip(texts, results, strict=True) for k, v in alarms.items() if s[k] >= v]
    assert tripped == []
    # "12" alone is not read as the police (it is a number far more often), so a few subjects are missed.
    aimed = sum(s["institution_target"] >= 0.5 for s in results)
    assert aimed >= 0.95 * len(texts)
