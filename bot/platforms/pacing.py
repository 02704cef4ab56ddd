"""Client-side rate-limit pacing shared by every connector: slow down before a limit, stop after a 429."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.domain import Platform
from bot.platforms.base import RateLimited

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateInfo:
    """What one response's headers say about the budget left. Times are epoch seconds."""

    remaining: float | None = None
    limit: float | None = None
    reset_at: float | None = None


class Pacer:
    """Keeps one page's requests under its platform's limits.

    `before_request()` runs before every HTTP request: it raises RateLimited at once while a
    limit is in force (never hammering a platform that said 429), and sleeps a little when the
    remaining budget is low so that it is spread over the time left until the reset.
    `observe()` runs after every response with what its headers said.

    Limits are kept per bucket: "" for platforms with one budget (Graph, Reddit); X budgets each
    endpoint separately, so a spent hide-reply budget does not stop polling.
    """

    def __init__(
        self,
        platform: Platform,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        low_water: float = 0.1,
        max_pause: float = 5.0,
    ) -> None:
        self.platform = platform
        self.clock = clock
        self.sleep = sleep
        self.low_water = low_water  # fraction of the budget below which requests are spread out
        self.max_pause = max_pause  # a poll never sleeps longer than this per request; the daemon reschedules
        self.slept = 0.0
        self._blocked: dict[str, float] = {}
        self._pause: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def blocked_until(self) -> float:
        """When the single-budget ("") limit lifts; 0 if none is in force."""
        return self._blocked.get("", 0.0)

    def check(self, bucket: str = "") -> None:
        """Raise RateLimited if a limit is in force now."""
        now = self.clock()
        until = self._blocked.get(bucket, 0.0)
        if now < until:
            where = f" ({bucket})" if bucket else ""
            raise RateLimited(
                f"{self.platform.value}{where}: rate limit in force for {until - now:.0f} more seconds",
                retry_at=until,
                platform=self.platform,
                status=429,
            )

    def before_request(self, bucket: str = "") -> None:
        self.check(bucket)
        wait = min(self._pause.get(bucket, 0.0) - self.clock(), self.max_pause)
        if wait > 0:
            log.debug("%s: pacing, sleeping %.2f s before the next request", self.platform.value, wait)
            self.slept += wait
            self.sleep(wait)

    def block_until(self, retry_at: float, bucket: str = "") -> None:
        with self._lock:
            self._blocked[bucket] = max(self._blocked.get(bucket, 0.0), retry_at)

    def limit_lifts_at(self, bucket: str = "", fallback: float = 60.0) -> float:
        """When a limit the platform just reported on `bucket` lifts, for RateLimited.retry_at.

        That is the reset its headers gave, already recorded by observe(); when they gave none, the
        bucket is blocked for `fallback` seconds from now, so the next request is refused rather than sent.
        """
        now = self.clock()
        until = self._blocked.get(bucket, 0.0)
        if until <= now:
            until = now + fallback
            self.block_until(until, bucket)
        return until

    def observe(self, info: RateInfo, bucket: str = "") -> None:
        if info.remaining is None or info.reset_at is None:
            return
        now = self.clock()
        with self._lock:
            if info.remaining <= 0:
                self._blocked[bucket] = max(self._blocked.get(bucket, 0.0), info.reset_at)
                return
            limit = info.limit or 0.0
            if limit and info.remaining > limit * self.low_water:
                self._pause.pop(bucket, None)
                return
            # Spread what is left evenly over the time to the reset, so the limit is never hit.
            self._pause[bucket] = now + max(info.reset_at - now, 0.0) / (info.remaining + 1)


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def x_rate_info(headers: Mapping[str, str], now: float) -> RateInfo:
    """X sends x-rate-limit-limit/remaining/reset (reset is an epoch time)."""
    return RateInfo(
        remaining=_float(headers.get("x-rate-limit-remaining")),
        limit=_float(headers.get("x-rate-limit-limit")),
        reset_at=_float(headers.get("x-rate-limit-reset")),
    )


def reddit_rate_info(headers: Mapping[str, str], now: float) -> RateInfo:
    """Reddit sends x-ratelimit-remaining/used/reset (reset in seconds from now)."""
    remaining = _float(headers.get("x-ratelimit-remaining"))
    used = _float(headers.get("x-ratelimit-used"))
    reset = _float(headers.get("x-ratelimit-reset"))
    return RateInfo(
        remaining=remaining,
        limit=(remaining + used) if remaining is not None and used is not None else None,
        reset_at=now + reset if reset is not None else None,
    )


# Graph usage headers are percentages of a rolling one-hour window.
GRAPH_WINDOW_SECONDS = 3600.0


def graph_usage(headers: Mapping[str, str]) -> tuple[float | None, float]:
    """Highest usage percentage in x-app-usage / x-business-use-case-usage, and minutes to regain access."""
    highest: float | None = None
    regain_minutes = 0.0
    for name in ("x-app-usage", "x-page-usage", "x-business-use-case-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries: list[Mapping[str, object]] = []
        if isinstance(data, dict) and name == "x-business-use-case-usage":
            for value in data.values():
                if isinstance(value, list):
                    entries.extend(v for v in value if isinstance(v, dict))
        elif isinstance(data, dict):
            entries.append(data)
        for entry in entries:
            for key in ("call_count", "total_cputime", "total_time"):
                value = entry.get(key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    highest = value if highest is None else max(highest, float(value))
            regain = entry.get("estimated_time_to_regain_access")
            if isinstance(regain, int | float) and not isinstance(regain, bool):
                regain_minutes = max(regain_minutes, float(regain))
    return highest, regain_minutes


def graph_rate_info(headers: Mapping[str, str], now: float) -> RateInfo:
    used, regain_minutes = graph_usage(headers)
    if used is None:
        return RateInfo()
    if used >= 100:
        return RateInfo(remaining=0, limit=100, reset_at=now + max(regain_minutes * 60, 60.0))
    return RateInfo(remaining=100 - used, limit=100, reset_at=now + GRAPH_WINDOW_SECONDS)
