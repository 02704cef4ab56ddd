"""Juvenile rule (NM Stat. § 32A-2-32.1): a minor in an arrest or a school incident who is identified by name,
family, school or address reaches the flag level (0.6); a minor without an identifier, or a number that is not an
age, does not."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def juvenile(text: str) -> float:
    return detect(normalize(text), ScoreInput(text=text)).scores["juvenile_info"]


@pytest.mark.parametrize(
    "text",
    [
        "the 15 year old they arrested is Johnny Perez from Onate High",
        "My daughter's friend, 14, was picked up by your officers at Lynn Middle School today — her name is Sofia Reyes",
        "arrestaron a mi sobrino de 15 años en la secundaria Zia, se llama Mateo Ruiz",
        "Her name is Maria Lopez, she's 16 and she was the one arrested for the fight at Mayfield High",
        "His name is Tony Baca, he's 15 and the cops picked him up for the break-in last week",
        "se llama Ana Torres, tiene 16 y la arrestaron por la pelea en la prepa Mayfield",
        "el plebe de los Gallegos, el de 16, fue el que disparó en la fiesta",
    ],
)
def test_an_identified_minor_in_an_arrest_is_flag_level(text: str) -> None:
    assert juvenile(text) >= 0.6


def test_a_minor_in_an_arrest_without_an_identifier_stays_below_flag_level() -> None:
    assert 0.0 < juvenile("a 16 year old was arrested downtown last night") < 0.6


@pytest.mark.parametrize(
    "text",
    [
        "he's 15 minutes late every shift, Sgt. Baca should be written up",
        "my son is 16 and just got his license, any tips from officers on safe driving?",
        "bringing my 9 year old to the parade",
        "Congrats to the Mayfield High seniors on graduation",
    ],
)
def test_numbers_that_are_not_a_juvenile_in_custody(text: str) -> None:
    assert juvenile(text) < 0.6


def test_an_identified_juvenile_is_not_also_a_crime_report_to_dispatch() -> None:
    text = "His name is Tony Baca, he's 15 and the cops picked him up for the break-in last week"
    result = detect(normalize(text), ScoreInput(text=text))
    assert result.scores["juvenile_info"] >= 0.6 and result.scores["crime_report"] <= 0.5


def test_evidence_lists_the_minor_the_arrest_and_the_identifiers() -> None:
    text = "the 15 year old they arrested is Johnny Perez from Onate High"
    (why,) = detect(normalize(text), ScoreInput(text=text)).evidence["juvenile_info"]
    assert "15 year old" in why and "arrested" in why and "name" in why and "school" in why


@pytest.mark.parametrize(
    "text",
    [
        "those 13 year olds who got picked up for the break-ins were Aiden and Luis Portillo",
        "los chamacos que agarraron robando son los hijos de la señora Castillo, el mas chico tiene 14",
        "That 12 year old that set the fire at Sierra Middle is Noah Alvarez",
    ],
)
def test_plural_ages_relatives_and_arson_identify_a_juvenile(text: str) -> None:
    assert juvenile(text) >= 0.6


@pytest.mark.parametrize(
    "text",
    [
        "ya se sabe quien fue, es el sobrino de los Baca, tiene 15 y va a Mayfield",
        "todos saben quienes fueron, la hija de los Ortega tiene 16 y estudia en Onate",
    ],
)
def test_who_did_it_with_age_family_and_school_identifies_a_juvenile(text: str) -> None:
    """'Quien fue' names the culprit as 'fue el que' does; 'va a' a local school is a school (fresh-k and -l)."""
    assert juvenile(text) >= 0.6


def test_a_parent_about_their_own_child_at_school_is_not_juvenile_information() -> None:
    assert juvenile("mi hijo tiene 16 y va a Onate, le gusto mucho la platica de seguridad") < 0.6


@pytest.mark.parametrize(
    "text",
    [
        "the teen they booked for the car break-ins is the middle Espinoza boy from Hadley",
        "the juvenile who set the dumpster fire was the oldest Garrison kid, everybody knows",
    ],
)
def test_a_family_named_with_an_age_word_before_it_identifies_a_juvenile(text: str) -> None:
    """'the youngest Harmon boy' names a child as 'the Harmon boy' does; setting a fire is the offence (fresh-o)."""
    assert juvenile(text) >= 0.6


def test_a_family_named_child_without_an_offence_is_not_juvenile_information() -> None:
    assert juvenile("The youngest Salcido girl won the science fair at Zia Middle, so proud of her") < 0.6
