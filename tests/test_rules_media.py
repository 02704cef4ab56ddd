"""Unauthorised-media rule: a photo, video, gif or other attachment from an author not on the page's allowlist is
hide level (0.9); an allowlisted author, a plain link preview, or no attachment is never flagged."""

from __future__ import annotations

import pytest

from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect


def media_score(text: str, media: tuple[str, ...], authorized: bool) -> float:
    item = ScoreInput(text=text, media=media, author_authorized=authorized)
    return detect(normalize(text), item).scores["unauthorized_media"]


@pytest.mark.parametrize("kind", ["photo", "video", "gif", "other"])
def test_media_from_an_unauthorised_author_is_hide_level(kind: str) -> None:
    assert media_score("look", (kind,), authorized=False) >= 0.9


@pytest.mark.parametrize("kind", ["photo", "video", "gif", "other"])
def test_media_from_an_allowlisted_author_is_fine(kind: str) -> None:
    assert media_score("look", (kind,), authorized=True) == 0.0


def test_a_link_preview_is_not_media() -> None:
    assert media_score("news story", ("link",), authorized=False) == 0.0


def test_no_attachment_is_not_media() -> None:
    assert media_score("look at this", (), authorized=False) == 0.0


def test_media_is_judged_even_without_text() -> None:
    assert media_score("", ("photo",), authorized=False) >= 0.9


def test_evidence_names_the_kinds() -> None:
    item = ScoreInput(text="", media=("photo", "link", "video"))
    evidence = detect(normalize(""), item).evidence["unauthorized_media"]
    assert evidence == ["photo, video from an account not on the allowlist"]
