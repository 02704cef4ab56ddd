"""Where modbot's own files are: the repository root and the moderation policy a command uses by default.

This module imports nothing from bot/, so any layer may use it (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout's root (in an installed wheel: the site-packages folder, where no repository files are).
REPO_ROOT = PACKAGE_DIR.parent
# setup.py copies the checkout's moderation_policies/ and config/ here when it builds a wheel.
SHIPPED_DIR = PACKAGE_DIR / "_shipped"


def shipped_dir(name: str) -> Path:
    """The shipped folder NAME ("moderation_policies" or "config"): inside an installed wheel, else the
    checkout's own (a source checkout or an editable install)."""
    packaged = SHIPPED_DIR / name
    return packaged if packaged.is_dir() else REPO_ROOT / name


def default_policy_dir() -> Path:
    """$MODBOT_POLICY_DIR, else ./moderation_policies, else the policy shipped with the package (inside an
    installed wheel, or the checkout's)."""
    env = os.environ.get("MODBOT_POLICY_DIR")
    if env:
        return Path(env)
    local = Path("moderation_policies")
    return local if local.is_dir() else shipped_dir("moderation_policies")
