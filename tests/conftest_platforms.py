"""Pytest fixtures for the platform connectors and the sandbox (registered via pytest_plugins)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from bot.platforms import make_connector
from bot.platforms.base import Connector
from bot.sandbox import Sandbox

PLATFORM_NAMES = ("facebook", "instagram", "x", "reddit")


class FakeClock:
    """An epoch clock that only moves when told to; `sleep` advances it instead of blocking."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """All four platform servers on 127.0.0.1 with the demo seed."""
    sb = Sandbox.start(seed="demo")
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def empty_sandbox() -> Iterator[Sandbox]:
    sb = Sandbox.start(seed="empty")
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def no_sdk_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """prawcore sleeps 2-4 s between its retries of 5xx/connection errors; tests do not wait for that."""
    import prawcore.sessions

    monkeypatch.setattr(prawcore.sessions.FiniteRetryStrategy, "_sleep_seconds", lambda self: 0.0)


@pytest.fixture
def connect(fake_clock: FakeClock) -> Iterator[Callable[..., Connector]]:
    """connect(sandbox, platform, **page_overrides) → a real connector on the fake clock and sleep."""
    made: list[Connector] = []

    def factory(sb: Sandbox, platform: str, **overrides: object) -> Connector:
        connector = make_connector(
            sb.page_config(platform, **overrides), sb.environ, clock=fake_clock, sleep=fake_clock.sleep
        )
        made.append(connector)
        return connector

    yield factory
    for connector in made:
        connector.close()
