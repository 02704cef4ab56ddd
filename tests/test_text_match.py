"""What counts as "the same text" for the item page's "also on" group (bot.store.textmatch)."""

from __future__ import annotations

import pytest

from bot.store.textmatch import matching_text, text_norm_sha256

SAME = [
    ("Call 555-0101 for the officer's HOME address!!!", "call 555 0101 for the officers home address"),
    ("  Stay   safe\n\tout there  ", "stay safe out there"),
    ("Café Ñandú", "CAFE nandu"),
    ("You are a liar 😡😡👍🏽", "you are a liar"),
    ("zero\u200bwidth and soft\u00adhyphen", "zerowidth and softhyphen"),
    ("ﬁne Ｆｕｌｌｗｉｄｔｈ", "fine fullwidth"),
    ("don’t", "dont"),
    (
        "see https://example.com/a?id=3&utm_source=fb&utm_medium=x&fbclid=XYZ.",
        "see https://example.com/a?id=3",
    ),
    ("https://x.example/p?igshid=abc&si=def", "https://x.example/p"),
]
DIFFERENT = [
    ("call 555-0101", "call 555-0102"),
    ("he is a liar", "he is not a liar"),
    ("https://example.com/a?id=3", "https://example.com/a?id=4"),
    ("👍", "😡"),
    ("!!!", "???"),
    ("ab", "a b"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_text_however_written(a: str, b: str) -> None:
    assert matching_text(a) == matching_text(b)
    assert text_norm_sha256(a) == text_norm_sha256(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_texts_stay_different(a: str, b: str) -> None:
    assert text_norm_sha256(a) != text_norm_sha256(b)


def test_what_is_compared() -> None:
    assert matching_text("The OFFICER's car — on Lohmán Ave.!") == "the officers car on lohman ave"
    # nothing left after folding: only the identical text matches
    assert matching_text("👍👍") != matching_text("👍")
