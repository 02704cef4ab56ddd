"""Helpers shared by the connectors: timestamp cursors, time parsing, link extraction, action results."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypedDict, Unpack

from bot.domain import Media, MediaKind
from bot.platforms.base import ActionExtras, ActionResponse

_URL = re.compile(r"https?://[^\s<>\"']+|\bwww\.[^\s<>\"']+", re.I)


def parse_time(value: str) -> datetime:
    """Graph ("2019-12-16T12:09:40+0000") and X ("2020-07-06T15:58:10.000Z") times, as aware UTC."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    elif re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    return datetime.fromisoformat(text).astimezone(UTC)


def from_epoch(value: float) -> datetime:
    return datetime.fromtimestamp(float(value), UTC)


def links_in(text: str) -> tuple[Media, ...]:
    return tuple(Media(MediaKind.LINK, m.rstrip(".,;:!?)")) for m in _URL.findall(text or ""))


class TimeCursorState(TypedDict):
    """A TimeCursor as a page's cursor keeps it (JSON): the newest timestamp, and the ids seen at it."""

    ts: float
    ids: list[str]


class TimeCursor:
    """The newest timestamp seen on one thread and the ids seen at exactly that timestamp.

    Items older than the timestamp were all delivered before; items at the same timestamp are told
    apart by id, so comments sharing a second are neither missed nor delivered twice.
    """

    def __init__(self, state: Mapping[str, Any] | None = None) -> None:
        state = state or {}
        ts = state.get("ts")
        self.ts: float | None = float(ts) if ts is not None else None
        self.ids: set[str] = set(state.get("ids", ()))
        self._new_ts = self.ts
        self._new_ids = set(self.ids)

    def is_new(self, item_id: str, ts: float) -> bool:
        if self.ts is None or ts > self.ts:
            return True
        return ts == self.ts and item_id not in self.ids

    def saw(self, item_id: str, ts: float) -> None:
        if self._new_ts is None or ts > self._new_ts:
            self._new_ts, self._new_ids = ts, {item_id}
        elif ts == self._new_ts:
            self._new_ids.add(item_id)

    def state(self) -> TimeCursorState | None:
        if self._new_ts is None:
            return None
        return {"ts": self._new_ts, "ids": sorted(self._new_ids)}


def action_result(
    action: str, comment_id: str, *, already: str | None = None, **extra: Unpack[ActionExtras]
) -> ActionResponse:
    """The dict every action returns. `already` says why nothing had to change ("gone", "hidden"...)."""
    return {"ok": True, "action": action, "comment_id": comment_id, "already": already, **extra}
