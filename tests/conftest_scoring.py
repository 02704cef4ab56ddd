"""The shipped policy with the default scorer, shared by every test that judges comments end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.moderation import Moderator
from bot.policy import load_policy
from bot.scoring.default import DefaultScorer

POLICY_DIR = Path(__file__).resolve().parent.parent / "moderation_policies"


@pytest.fixture(scope="session")
def moderator() -> Moderator:
    """Built once: the scorer and policy are read-only during tests."""
    return Moderator(load_policy(POLICY_DIR), DefaultScorer())
