"""Normalisation undoes the common filter-evasion tricks, keeps numbers intact and stays linear on hostile input."""

from __future__ import annotations

import time

import pytest

from bot.scoring.normalize import HEAD_CHARS, TAIL_CHARS, fold_plain, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ƒυck the police", "fuck the police"),  # Latin f-hook + Greek upsilon
        ("I will k1ll c0ps", "i will kill cops"),
        ("5h00t", "shoot"),
        ("@ss", "ass"),
        ("sh!t", "shit"),
        ("f u c k you", "fuck you"),
        ("f.u.c.k", "fuck"),
        ("k-i-l-l", "kill"),
        ("kiiiiill", "kill"),
        ("shoooot", "shoot"),
        ("fuuuuck", "fuck"),
        ("f*ck", "fuck"),
        ("f***ing pigs", "fucking pigs"),
        ("I w\u200bill sh\u200boot", "i will shoot"),  # zero-width spaces
        ("\U0001d41f\U0001d42e\U0001d41c\U0001d424", "fuck"),  # mathematical bold
        ("ＫＩＬＬ", "kill"),  # full width
        ("z\u0337a\u0337l\u0337g\u0337o\u0337 kill", "zalgo kill"),  # combining overlays
        ("k i l l t h e c o p s", "kill the cops"),  # spaced and run together
        ("voy a mátalo", "voy a matalo"),  # accents folded for matching
        ("Oñate High", "onate high"),
        ("\u0456'm g\u043enna sh\u043e\u043et", "im gonna shoot"),  # Cyrillic look-alikes
        ("go b@ck to m3xico", "go back to mexico"),
    ],
)
def test_evasions_are_undone(text: str, expected: str) -> None:
    assert normalize(text).folded == expected


def test_emoji_become_words() -> None:
    assert normalize("🔫🔫 at the station").folded == "gun gun at the station"
    assert normalize("🐷 🔪 💣").folded == "pig knife bomb"


def test_masked_slur_is_resolved_against_the_lexicon() -> None:
    folded = normalize("n*****s").folded
    assert "*" not in folded and folded.startswith("n") and folded.endswith("s") and len(folded) == 7


@pytest.mark.parametrize(
    "text",
    [
        "Call 575-526-0795 or 911",
        "1st place 9mm 10am",
        "$500/day",
        "Plate ABC1234",
        "mike.torres88@gmail.com",
    ],
)
def test_numbers_and_addresses_are_not_read_as_leetspeak(text: str) -> None:
    norm = normalize(text)
    digits = [ch for ch in text if ch.isdigit()]
    assert [ch for ch in norm.plain if ch.isdigit()] == digits
    assert [ch for ch in norm.folded if ch.isdigit()] == digits


def test_original_is_kept_for_display_and_evasions_are_counted() -> None:
    norm = normalize("I w\u200bill k1ll")
    assert norm.original == "I w\u200bill k1ll"
    assert norm.evasions >= 2
    assert normalize("plain words here").evasions == 0


def test_sentence_ends_become_boundaries() -> None:
    assert normalize("Stop it. Kill the lights!").tokens == ("stop", "it", ".", "kill", "the", "lights", ".")


def test_plain_ascii_is_untouched_by_folding() -> None:
    text = "Thanks, LCPD! (575) 526-0795."
    assert fold_plain(text) == text


def test_long_input_is_truncated_visibly_and_keeps_its_tail() -> None:
    text = "ok " * 20_000 + "I will kill you"
    norm = normalize(text)
    assert norm.truncated
    assert norm.folded.endswith("i will kill you")
    assert len(norm.plain) <= HEAD_CHARS + TAIL_CHARS + 1
    assert not normalize("short").truncated


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 200_000,
        "\u0301" * 200_000,  # nothing but combining marks
        "f u c k " * 30_000,  # one endless spelled-out run
        "k1" * 100_000,
        "*" * 200_000,
        "\u200b".join("x" * 50_000),
        "🔫" * 60_000,
        ("a." * 100_000),
    ],
)
def test_hostile_input_is_bounded(hostile: str) -> None:
    start = time.perf_counter()
    norm = normalize(hostile)
    elapsed = time.perf_counter() - start
    assert isinstance(norm.folded, str)
    # Generous bound for a loaded CI machine; quadratic behaviour would take minutes here.
    assert elapsed < 3.0, f"{elapsed:.2f}s"
