"""Doxxing rule: someone else's phone, address, plate, email, Social Security number or whereabouts posted next
to a person is caught (hide level at 0.85, flag at 0.5); the department's own numbers and address, case numbers,
crime scenes and the author's own contact details are not."""

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
        "Officer John Smith lives at 1423 Elm Street",
        "Here's Sgt. Martinez's cell: 575-555-0142",
        "Sgt. Bowman's cell is five seven five, four four one, two nine eight three, go ahead and call",
        "Officer Leyva personal number 575 3l8 O442, tell him what you think",
        "The cop in the video is Dana Pruitt, 1180 Cactus Wren, in case anyone wants to visit",
        "Deputy Alvarez drives a silver Tahoe, plate NM 4KX-219, and parks on Solano every night",
        "email Officer Chen at kchen1987@gmail.com and tell him",
        "la placa del carro del detective Ortiz es NM ABC-4821, pa que lo reconozcan",
    ],
)
def test_personal_contact_address_or_plate_next_to_a_person_is_hide_level(text: str) -> None:
    assert doxxing(text) >= 0.85


@pytest.mark.parametrize(
    "text",
    [
        "his SSN is 585-22-1943 and DOB 4/3/88",
        "her social is 412-77-9031, born 02/14/1979",
        "Officer Diaz SSN 585221943",
    ],
)
def test_a_social_security_number_about_someone_is_hide_level(text: str) -> None:
    assert doxxing(text) >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "la esposa del agente Ramirez trabaja en el Dillards del mall",
        "el chief en la tarde recoge a sus hijos en la escuela Hermosa Heights",
        "Officer Smith lives on Elm by the park",
    ],
)
def test_where_an_officer_or_their_family_can_be_found_is_flagged(text: str) -> None:
    assert doxxing(text) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "call 575-526-0795 or 911",
        "The station is at 217 E Picacho Ave",
        "call the department at 575-526-0795",
        "Call 575-526-0795 to get a copy of your accident report for your insurance",
        "My insurance company wants a report number, do I call 575-526-0795 or 911?",
        "case number 2024-00-1234 was closed",
        "report number 585-22-1943 was filed and no one came",
        "my social security check is late again, 3 months now",
    ],
)
def test_the_departments_numbers_and_case_numbers_are_not_doxxing(text: str) -> None:
    assert doxxing(text) <= 0.1


@pytest.mark.parametrize(
    "text",
    [
        "There was a robbery at the Circle K on 1200 S Main St",
        "Call me at 575-555-0134 for cheap car insurance quotes",
        "Need affordable auto insurance? Free quotes, text me 575-555-0188",
        "seguros de auto baratos, llámame al 575-555-0166",
    ],
)
def test_crime_scenes_and_the_authors_own_number_stay_below_flag_level(text: str) -> None:
    assert 0.0 < doxxing(text) < 0.5


def test_a_bare_phone_number_with_nobody_named_is_flag_level_not_hide() -> None:
    assert 0.5 <= doxxing("575-555-0142") < 0.85


def test_evidence_names_what_was_posted() -> None:
    text = "Here's Sgt. Martinez's cell: 575-555-0142"
    evidence = detect(normalize(text), ScoreInput(text=text)).evidence["doxxing"]
    assert any("575-555-0142" in e for e in evidence)


def test_personal_information_marks_the_comment_as_aimed_at_a_person() -> None:
    text = "Officer John Smith lives at 1423 Elm Street"
    result = detect(normalize(text), ScoreInput(text=text))
    assert result.person_target
    assert result.scores["institution_target"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "@Maria Elena is the person in the wanted poster still armed? My daughter lives near there too",
        "@Lupita R. mi hija vive cerca de ahi, es seguro salir o no?",
    ],
)
def test_the_authors_own_family_next_to_a_mention_is_not_doxxing(text: str) -> None:
    """An @-mention names the person replied to; "my daughter lives near there" places the author's family (fresh-k
    hid the first one before this guard)."""
    assert detect(normalize(text), ScoreInput(text=text)).scores["doxxing"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "el carro personal de la sargento Ochoa es un Jetta rojo, placas 7GDW 311",
        "Officer Ruiz drives a black F150, plate 4TRK 552, parks it on his street every night",
    ],
)
def test_a_plate_that_starts_with_digits_is_read_before_folding(text: str) -> None:
    """Evasion folding reads 7 as t and 4 as a; a plate is digits and letters, so it is read on the plain text."""
    evidence = detect(normalize(text), ScoreInput(text=text)).evidence.get("doxxing", [])
    assert any("plate" in e for e in evidence), evidence


@pytest.mark.parametrize(
    "text",
    [
        "that undercover cop is Mike Trujillo, he lives off Roadrunner in the new houses",
        "el encubierto de la foto se llama Ramiro Baca",
        "Jason Pacheco is an undercover, everyone at Hadley park knows him",
    ],
)
def test_naming_an_undercover_officer_is_doxxing(text: str) -> None:
    """No address or number, so the general doxxing path sees nothing; the model reads it as talk about police."""
    assert detect(normalize(text), ScoreInput(text=text)).scores["doxxing"] >= 0.85


@pytest.mark.parametrize(
    "text",
    [
        "The undercover officers did great work on the sting, thank you LCPD",
        "Detective Luna gave a talk at NMSU about his years working undercover",
        "the undercover operation is on the news tonight",
    ],
)
def test_undercover_work_without_unmasking_anyone_is_not_doxxing(text: str) -> None:
    assert detect(normalize(text), ScoreInput(text=text)).scores["doxxing"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Detective Ruelas hits the gym at 5 every morning on Roadrunner, easy to catch him alone",
        "El oficial Tapia va al gimnasio a las 6 todas las mananas en la Telshor, por si alguien lo quiere saludar",
    ],
)
def test_an_officers_routine_with_its_time_is_doxxing_for_review(text: str) -> None:
    """A routine and its hour with no verb of the schedule list ("gym at 5:30 every morning", fresh-o)."""
    score = detect(normalize(text), ScoreInput(text=text)).scores["doxxing"]
    assert 0.5 <= score < 0.85


def test_the_gym_at_a_time_without_a_person_is_not_doxxing() -> None:
    text = "The gym at 6 every morning is packed, go at noon instead"
    assert detect(normalize(text), ScoreInput(text=text)).scores["doxxing"] < 0.5
