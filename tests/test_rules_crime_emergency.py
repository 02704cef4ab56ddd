"""Crime-report and emergency rules, English and Spanish: an emergency happening now (danger, medical collapse, a
missing child, a standing hazard) reaches the urgent-reply level (0.7); a crime reported on the page reaches the
crime-report level (0.7); stories, hypotheticals, news, long-past events and figures of speech do not."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def scores(text: str) -> dict[str, float]:
    return detect(normalize(text), ScoreInput(text=text)).scores


@pytest.mark.parametrize(
    "text",
    [
        "someone is breaking into my neighbor's house right now",
        "hay un hombre con una pistola en Walmart ahora",
        "AYUDA hay un hombre con pistola afuera del circle k ahorita",
        "call 911 ahorita there's a man con pistola en el parque",
        "auxilio alguien se metio a mi casa, estoy escondida en el baño",
        "ayuda!! hay alguien tratando de meterse a mi casa ahorita, estoy sola con mis hijos",
        "auxilio alguien está intentando entrar a mi casa, estoy con mis hijos",
        "some guy has been following me for 10 blocks, im on Amador now",
        "my neighbor is screaming and I hear banging through the wall, apt 12",
        "hay un carro en llamas en la Valley y el señor sigue adentro",
    ],
)
def test_danger_happening_now_is_an_emergency(text: str) -> None:
    assert scores(text)["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "an old man just collapsed outside the library on Branigan, somebody is doing CPR",
        "a woman fainted in the parking lot",
        "kid fell in the pool and isn't breathing",
        "a kid just fell into the acequia by Mesquite st, people trying to reach him",
        "there's a car crash on Lohman, people are hurt",
        "un señor se desmayó afuera del Walmart de Valley, alguien llame una ambulancia",
        "my tio no respira y no despierta, que hago??",
        "mi abuelita se cayo y no reacciona, ya llame pero nadie contesta",
        "power line down and sparking on Espina near the bus stop",
    ],
)
def test_medical_emergencies_and_standing_hazards_are_emergencies(text: str) -> None:
    assert scores(text)["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "my 6 yr old wandered off at Young Park 10 min ago, red shirt, please help",
        "can't find my son, he's autistic, last seen near the Walmart on Valley 20 minutes ago",
        "my grandma with dementia walked away from the house an hour ago, please help",
        "my uncle with alzheimers wandered off an hour ago and we cant find him anywhere",
        "se me perdió mi hijo en el mall ahorita, traía camisa azul, ayuda",
    ],
)
def test_a_vulnerable_person_missing_now_is_an_emergency(text: str) -> None:
    assert scores(text)["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "my son went missing in 2019 and the case is still open",
        "I lost my keys at Young Park, please help",
        "my dog ran off 10 min ago please help",
        "hace un año alguien trató de meterse a mi casa",
        "quiero entrar a la academia de policía, ayuda con los requisitos",
        "I almost fainted when I saw the price of my ticket",
        "My grandpa collapsed last year and your officers did CPR until EMS came, thank you",
        "el video de la balacera en la Solano esta en las noticias, que miedo",
        "This is the guy who broke into my car last week",
        "@Leah Torres he robbed three stores with a gun, what did you expect",
        "the man who shot a deputy was arrested",
        "be careful out there tonight officers, roads are icy",
    ],
)
def test_stories_news_hedges_and_lost_things_are_not_emergencies(text: str) -> None:
    assert scores(text)["emergency"] < 0.7


@pytest.mark.parametrize(
    "text",
    [
        "The shooting range is open Saturdays",
        "We shot some hoops with the officers",
        "shoot me an email with the report",
        "my boss will kill me, stuck in traffic behind this crash",
    ],
)
def test_figures_of_speech_with_danger_words_are_not_emergencies(text: str) -> None:
    assert scores(text)["emergency"] <= 0.3


@pytest.mark.parametrize(
    "text",
    [
        "my car was stolen last night",
        "me robaron mi troca anoche",
        "my bike got stolen from outside the library",
        "en la casa de la esquina venden cristal todo el dia",
        "unos chavos andan rayando las paredes del parque cada noche",
        "nos vaciaron la traila mientras estabamos en misa",
        "me estan llegando mensajes de uno que dice que es del IRS y me pide dinero",
        'Someone spray painted "wetback" on my garage, I reported it. This is a hate crime.',
    ],
)
def test_crimes_reported_on_the_page_are_crime_reports(text: str) -> None:
    assert scores(text)["crime_report"] >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "where were you when my truck got stolen? nowhere, as usual",
        "my son went missing in 2019 and the case is still open",
        "el tipo asaltó la tienda con una pistola, qué esperaban",
        "His name is Tony Baca, he's 15 and the cops picked him up for the break-in last week",
    ],
)
def test_complaints_long_past_events_and_juvenile_cases_are_not_crime_reports(text: str) -> None:
    assert scores(text)["crime_report"] < 0.7


def test_a_crime_reported_as_happening_now_is_also_an_emergency() -> None:
    s = scores("someone is breaking into my neighbor's house right now")
    assert s["crime_report"] >= 0.7 and s["emergency"] >= 0.9


def test_evidence_quotes_the_danger_and_the_time() -> None:
    text = "hay un hombre con una pistola en Walmart ahora"
    evidence = detect(normalize(text), ScoreInput(text=text)).evidence["emergency"]
    assert any("pistola" in e and "ahora" in e for e in evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Whenever there's a fight at the bars downtown it's the same three cops standing around",
        "siempre que hay balacera en la colonia nadie llega",
        "every time someone passes out at the park you post about it a week later",
    ],
)
def test_a_habit_is_not_an_emergency_now(text: str) -> None:
    assert scores(text)["emergency"] < 0.7


def test_a_habit_with_a_now_marker_is_still_an_emergency() -> None:
    assert (
        scores("cada vez que toma se pone asi, ahorita esta golpeando a mi tia con un cuchillo")["emergency"]
        >= 0.7
    )


def test_an_address_given_with_an_emergency_is_not_hide_level_doxxing() -> None:
    found = scores("mi abuelita no respira, estamos en la 815 de la Amador numero 4, ayuda por favor")
    assert found["emergency"] >= 0.88 and found["doxxing"] <= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "alguien se robo mi bici anoche, ya hice reporte, caso 26-104411",
        "someone broke into my car on Solano, I already filed a police report",
    ],
)
def test_a_crime_already_reported_gets_no_911_reply(text: str) -> None:
    assert scores(text)["crime_report"] < 0.7


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("some dude is trying car doors in the Walgreens lot on Lohman right now", True),
        ("ahorita mismo estan sacando cosas de la casa de mi vecina, es una van gris", True),
        ("right now I am so done with this department, my car got broken into last month", False),
        ("ahorita no tengo tiempo pero luego les cuento como me robaron la bici el año pasado", False),
    ],
)
def test_happening_now_is_a_now_marker_without_a_past_frame(text: str, now: bool) -> None:
    """The policy's crime-happening-now rule reads it with the model's report_crime head (the model alone has no
    sense of tense: it scores last month's break-in as a report too)."""
    assert (scores(text)["happening_now"] >= 0.5) is now


@pytest.mark.parametrize(
    "text",
    [
        "a pickup is going the wrong way on Lohman right now, cars are swerving",
        "va un carro en sentido contrario en la Main ahorita, cuidado",
        "there's a drunk driver all over the road on Valley rn",
        "ahorita va un vato manejando bien borracho por la Solano, casi atropella a alguien",
    ],
)
def test_a_wrong_way_or_drunk_driver_now_is_an_emergency(text: str) -> None:
    """The model alone reads these as traffic talk (fresh-l: a wrong-way driver "ahorita" was allowed)."""
    assert scores(text)["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "quick question, if I see someone checking car doors at the mall should I call 911 or non-emergency?",
        "si veo a alguien robando en la tienda, llamo al 911 o al otro numero?",
    ],
)
def test_asking_what_to_do_if_is_not_a_crime_report(text: str) -> None:
    s = scores(text)
    assert s["crime_report"] <= 0.5 and s["emergency"] < 0.7


def test_pointing_at_who_does_it_is_an_allegation_not_an_emergency() -> None:
    """'X is the one breaking into the trucks at night' is a habit alleged of a person, not a break-in now."""
    s = scores("Everybody on Solano knows Marcus Dean is the one breaking into the trucks at night")
    assert s["emergency"] < 0.7


@pytest.mark.parametrize(
    "text",
    [
        "se quema el monte detras de la escuela y ya va para las casas",
        "the grass fire by the arroyo is spreading toward the houses on Sonoma Ranch",
        "there's smoke and flames in the field and it's getting close to our fence",
    ],
)
def test_a_fire_moving_toward_houses_is_an_emergency(text: str) -> None:
    """No danger word with a now marker, so the other paths miss it (fresh-m: a brush fire near houses, in Spanish)."""
    assert scores(text)["emergency"] >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "last summer the fire came close to the houses but the firefighters stopped it",
        "I'm burning up, this heat is coming into the house through every window",
        "mi hijo se quemó la mano con la estufa, ya va a la casa de su abuela",
    ],
)
def test_a_past_fire_or_heat_is_not_a_fire_emergency(text: str) -> None:
    assert scores(text)["emergency"] < 0.7
