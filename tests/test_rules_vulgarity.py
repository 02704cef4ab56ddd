"""Vulgarity and obscenity rules: profane words from vulgar.txt and obscene.txt are counted (one vulgar word is
0.6, never the 0.8 that flags vulgarity alone), graphic or gratuitous profanity is obscene (0.7), ordinary words
are neither."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def scores(text: str) -> dict[str, float]:
    return detect(normalize(text), ScoreInput(text=text)).scores


@pytest.mark.parametrize(
    ("text", "vulgarity"),
    [("this is bullshit", 0.6), ("what the hell is this crap", 0.75), ("fuck this shit, damn it all", 0.85)],
)
def test_vulgarity_grows_with_the_number_of_profane_words(text: str, vulgarity: float) -> None:
    assert scores(text)["vulgarity"] == vulgarity


@pytest.mark.parametrize(
    "text", ["this is bullshit", "f*** the police", "ƒυck the police", "damn that was fast"]
)
def test_one_vulgar_word_is_not_obscene(text: str) -> None:
    s = scores(text)
    assert 0.5 <= s["vulgarity"] < 0.8
    assert s["obscenity"] < 0.5


@pytest.mark.parametrize("text", ["suck my dick pigs", "fuck this fucking shit, fucking fuck fuck"])
def test_graphic_or_gratuitous_profanity_is_obscene(text: str) -> None:
    assert scores(text)["obscenity"] >= 0.7


@pytest.mark.parametrize(
    "text", ["Thank you officers!", "Scunthorpe and Essex are in England", "the assessment is due Friday"]
)
def test_ordinary_words_are_neither(text: str) -> None:
    s = scores(text)
    assert s["vulgarity"] == 0.0 and s["obscenity"] == 0.0


def test_evidence_counts_the_words() -> None:
    text = "what the hell is this crap"
    assert detect(normalize(text), ScoreInput(text=text)).evidence["vulgarity"] == ["2 profane word(s)"]


@pytest.mark.parametrize(
    "text",
    [
        "ahi les va una foto de mi verga pa los del reten",
        "gonna send a pic of my dick to whoever runs this page",
    ],
)
def test_offering_a_photo_of_ones_genitals_is_obscene(text: str) -> None:
    """'verga' alone is vulgar Mexican slang ('a la verga'); a photo of one's own is obscene (fresh-o)."""
    assert detect(normalize(text), ScoreInput(text=text)).scores["obscenity"] >= 0.6
