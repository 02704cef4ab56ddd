"""Allegation rule: misconduct alleged against a named person (title and name, a full name, a badge number) reaches
the human-review level (0.6), English and Spanish; the same words about the institution, an unnamed officer, a
news report of a charge, or a figure of speech ("killed it") do not."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def allegation(text: str) -> float:
    return detect(normalize(text), ScoreInput(text=text)).scores["allegation"]


@pytest.mark.parametrize(
    "text",
    [
        "Officer John Smith beats his wife",
        "Sgt. Lopez takes bribes from the towing companies",
        "Maria Gonzales at records sells drugs out of her car",
        "badge 4471 planted evidence on my brother",
        "el oficial Gurule le pega a su esposa, todo el barrio lo sabe",
        "la agente Dominguez manejaba borracha y sus compañeros la taparon",
        # A private person pointed at for a crime (fresh-k and -l: "<name> is the one who burned down ...").
        "Mi vecina Sandra Olivas is the one who burned her ex's car",
        "Javier Chavez es el que robo las herramientas del vecino",
        "The babysitter on Elks, Karen Whitley, slaps the kids she watches",
    ],
)
def test_misconduct_alleged_against_a_named_person_goes_to_review(text: str) -> None:
    assert allegation(text) >= 0.6


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        ("LCPD plants evidence all the time", 0.2),
        ("that officer planted evidence on my cousin", 0.4),
        ("Officer Daniel Ortiz was arrested and charged with DUI according to the news", 0.5),
        ("Officer Ramirez should be fired for what he did to that family", 0.0),
        ("Officer Diaz gave a killer presentation at the school", 0.0),
        ("Officer Diaz killed it at the talent show", 0.0),
    ],
)
def test_institution_unnamed_news_and_figures_of_speech_stay_below_review(text: str, ceiling: float) -> None:
    assert allegation(text) <= ceiling


def test_an_allegation_against_a_named_officer_is_about_a_person_not_the_institution() -> None:
    text = "Officer John Smith beats his wife"
    result = detect(normalize(text), ScoreInput(text=text))
    assert result.person_target and result.scores["institution_target"] < 0.5
    assert result.evidence["allegation"] == ["Officer John Smith: beats"]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez is the one who organized the toy drive, thank her!",
        "Sgt. Nava fue el que saco a mi hijo del carro",
    ],
)
def test_the_one_who_helped_is_not_an_allegation(text: str) -> None:
    assert allegation(text) < 0.6


@pytest.mark.parametrize(
    "text",
    [
        "If the mayor really lied to council about the budget, he should face charges like anyone else",
        "Si el sargento Olivas de verdad robo de la evidencia, que lo corran y lo juzguen",
    ],
)
def test_misconduct_under_if_is_a_condition_not_an_accusation(text: str) -> None:
    """fresh-o: 'If the chief lied ... he should be charged' was flagged as an allegation against a named person."""
    assert detect(normalize(text), ScoreInput(text=text)).scores["allegation"] < 0.6


def test_si_as_yes_does_not_make_a_condition() -> None:
    text = "Sí, el oficial Baca robo ese dinero, todos saben"
    assert detect(normalize(text), ScoreInput(text=text)).scores["allegation"] >= 0.6
