"""Doxxing cues of bot/scoring/rules_places.py: house numbers without a street suffix, apartments, a house
described, a plate with no "plate" word, a relative's account or the children's school, tied to an officer or a
private person, in English and Spanish; the author's own home, reports and emergencies are left alone."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def doxxing(text: str) -> float:
    return detect(normalize(text), ScoreInput(text=text)).scores["doxxing"]


@pytest.mark.parametrize(
    "text",
    [
        "el oficial Baca vive en la 2741 Picacho, por si alguien le quiere hacer una visita",
        "ese agente se queda en el departamento 12 de la 1830 Valley, ya saben",
        "Officer Nunez lives at 3517 Sonoma Ranch apt 9",
        "la vieja que llamó a la policía vive en la casa azul con el portón negro por la Amador",
        "Deputy Lujan's personal ride is a black Silverado KRT 204, parks it on Main every shift",
        "the snitch's daughter is on instagram @mari.lopez.05, go tell her what her mom did",
        "la escuela de los hijos del sargento Rivas es la primaria Sunrise, pa que sepan",
        "el tipo que denuncio a mi primo vive en el 915 de la calle Nogal, apartment C, vayan a saludarlo",
        "here's where the rat lives, 2210 w amador apt c, his car is the grey altima",
        "la soplona vive en la 1450 calle del norte depto b, ya saben",
    ],
)
def test_a_place_plate_or_relative_tied_to_a_person_is_hide_level(text: str) -> None:
    assert doxxing(text) >= 0.85


@pytest.mark.parametrize(
    "text",
    [
        "yo vivo en la 2741 Picacho y anoche se robaron mi troca, ya hice reporte",
        "my house is the blue one on Amador, we had a great block party last night",
        "Officer Baca spent 20 years on the force, thank you for your service",
        "a white truck with plates KRT 204 just hit my car and took off on Main, call 911",
        "my kids go to Sunrise Elementary and the officers there are great",
        "la comandancia está en la 217 E Picacho, abren a las 8",
        "we waited 45 minutes for an officer and nobody came",
        "I live at 1200 Calle Luna and my camera caught the truck that hit my fence, ya hice reporte",
        "vivimos en la 881 Calle Pino, quien nos puede ayudar con el reporte?",
        "Apt B at the Sonoma Ranch complex finally got its leak fixed, thanks to the manager",
    ],
)
def test_own_home_reports_and_quantities_are_not_doxxing(text: str) -> None:
    assert doxxing(text) < 0.5
