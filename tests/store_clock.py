"""Setting the store's clock in a test: every module that stamps store rows reads the patched function."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

# Every store module stamps rows through bot.store.core.utcnow (called as core.utcnow(), so patching it there
# reaches all of them).
CLOCK_MODULES = ("bot.store.core",)


def set_store_clock(monkeypatch: pytest.MonkeyPatch, clock: Callable[[], str]) -> None:
    """Make the store stamp rows with `clock()` (an ISO time) instead of the wall clock."""
    patched = 0
    for name in CLOCK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(module, "utcnow", None)):
            monkeypatch.setattr(module, "utcnow", clock)
            patched += 1
    assert patched, "no store clock found to set"
