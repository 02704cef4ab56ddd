"""The sandbox's in-memory world: posts, comments, per-post indexes, a request log and fault switches."""

from __future__ import annotations

import bisect
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

PLATFORMS = ("facebook", "instagram", "x", "reddit")
MEDIA_KINDS = ("photo", "video", "gif", "link", "other")
FAULT_KINDS = ("429", "500", "503", "slow", "timeout", "malformed", "expired_token", "reset")


@dataclass(kw_only=True)
class Item:
    """A post by the page, or a comment/reply on one. Platform-neutral; each server renders its wire shape."""

    platform: str
    id: str
    post_id: str | None  # None for a post
    text: str
    created: float  # epoch seconds
    seq: int
    author_id: str | None = None
    author_name: str | None = None
    parent_id: str | None = None  # the comment replied to; None for a top-level comment
    media: list[tuple[str, str]] = field(default_factory=list)  # (kind, url)
    hidden: bool = False
    deleted: bool = False
    removed: bool = False
    approved: bool = False
    reports: list[str] = field(default_factory=list)
    by_page: bool = False
    retweet_of: str | None = None  # X: the account's retweet of this tweet (a timeline entry, not a post)
    filtered_by: str | None = None  # Reddit: held back by a filter (AutoModerator) awaiting a moderator
    title: str | None = None  # Reddit: a submission's title apart from its selftext (`text`)

    @property
    def key(self) -> tuple[float, int]:
        return (self.created, self.seq)

    def state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "post_id": self.post_id,
            "parent_id": self.parent_id,
            "text": self.text,
            "created": self.created,
            "author_id": self.author_id,
            "author_name": self.author_name,
            "media": [list(m) for m in self.media],
            "hidden": self.hidden,
            "deleted": self.deleted,
            "removed": self.removed,
            "approved": self.approved,
            "reports": list(self.reports),
            "by_page": self.by_page,
            "filtered_by": self.filtered_by,
        }


class SortedIndex:
    """Item ids ordered by (created, seq); insertion keeps order, lookups are O(log n + page)."""

    def __init__(self) -> None:
        self.keys: list[tuple[float, int]] = []
        self.ids: list[str] = []

    def add(self, item: Item) -> None:
        pos = bisect.bisect_right(self.keys, item.key)
        self.keys.insert(pos, item.key)
        self.ids.insert(pos, item.id)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, kw_only=True)
class RequestRecord:
    platform: str
    method: str
    path: str
    endpoint: str
    params: dict[str, str]
    time: float
    status: int = 0
    fault: str | None = None


@dataclass(kw_only=True)
class Fault:
    kind: str
    count: int | None = None  # answer this many matching requests, then stop; None = until `until`/cleared
    until: float | None = None  # epoch time the fault ends
    delay: float = 0.0  # slow: added latency; timeout: how long to hang
    reset_seconds: float = 60.0  # 429: seconds until the advertised reset

    def active(self, now: float) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        return not (self.until is not None and now >= self.until)


class Faults:
    """Per-(platform, endpoint) fault switches; endpoint "*" matches every endpoint of the platform."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[tuple[str, str], Fault] = {}

    def set(
        self,
        platform: str,
        endpoint: str,
        kind: str,
        *,
        count: int | None = None,
        seconds: float | None = None,
        delay: float = 0.0,
        reset_seconds: float = 60.0,
    ) -> Fault:
        if platform not in PLATFORMS:
            raise ValueError(f"unknown platform {platform!r}")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(FAULT_KINDS)}")
        fault = Fault(
            kind=kind,
            count=count,
            until=time.time() + seconds if seconds is not None else None,
            delay=delay,
            reset_seconds=reset_seconds,
        )
        with self._lock:
            self._faults[(platform, endpoint)] = fault
        return fault

    def clear(self, platform: str | None = None) -> None:
        with self._lock:
            for key in [k for k in self._faults if platform is None or k[0] == platform]:
                del self._faults[key]

    def take(self, platform: str, endpoint: str) -> Fault | None:
        """The fault to apply to this request (consuming one of its count), if any."""
        now = time.time()
        with self._lock:
            for key in ((platform, endpoint), (platform, "*")):
                fault = self._faults.get(key)
                if fault is None:
                    continue
                if not fault.active(now):
                    del self._faults[key]
                    continue
                if fault.count is not None:
                    fault.count -= 1
                return fault
        return None


class World:
    """All platforms' posts and comments. Every mutation and read holds one lock (requests are short)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.items: dict[tuple[str, str], Item] = {}
        self.posts: dict[str, SortedIndex] = defaultdict(SortedIndex)  # platform → page posts
        self.comments_by_post: dict[tuple[str, str], SortedIndex] = defaultdict(SortedIndex)
        self.comments_by_platform: dict[str, SortedIndex] = defaultdict(SortedIndex)
        self.children: dict[tuple[str, str], SortedIndex] = defaultdict(SortedIndex)
        self.page_ids: dict[str, str] = {}
        self.page_names: dict[str, str] = {}
        self._seq = 0
        self._counters: dict[str, int] = defaultdict(int)

    def next_seq(self) -> int:
        with self.lock:
            self._seq += 1
            return self._seq

    def new_id(self, platform: str, post_id: str | None = None, created: float | None = None) -> str:
        """Ids in each platform's style. X ids are snowflakes: the creation time in milliseconds since
        X's epoch, shifted left 22 bits, over a sequence number, so they grow with time and tell their
        age (recent search refuses a since_id older than its window by reading it)."""
        with self.lock:
            self._counters[platform] += 1
            n = self._counters[platform]
        if platform == "x":
            return str(snowflake(time.time() if created is None else created, n))
        if platform == "facebook":
            if post_id is None:
                return f"{self.page_ids['facebook']}_{100000 + n}"
            return f"{post_id.split('_')[-1]}_{500000 + n}"
        if platform == "instagram":
            return str(17850000000000000 + n)
        return _base36(1_000_000 + n)

    def add(self, item: Item) -> Item:
        with self.lock:
            self.items[(item.platform, item.id)] = item
            if item.post_id is None:
                self.posts[item.platform].add(item)
            else:
                self.comments_by_post[(item.platform, item.post_id)].add(item)
                self.comments_by_platform[item.platform].add(item)
                # Top-level comments are indexed as children of their post, replies under their parent.
                self.children[(item.platform, item.parent_id or item.post_id)].add(item)
        return item

    def get(self, platform: str, item_id: str) -> Item | None:
        return self.items.get((platform, item_id))

    def live(self, platform: str, item_id: str) -> Item | None:
        item = self.items.get((platform, item_id))
        return None if item is None or item.deleted else item


X_EPOCH_MS = 1288834974657  # X's snowflake epoch (2010-11-04T01:42:54.657Z)


def snowflake(created: float, seq: int) -> int:
    return ((int(created * 1000) - X_EPOCH_MS) << 22) | (seq & 0x3FFFFF)


def snowflake_time(tweet_id: int) -> float:
    """Epoch seconds a snowflake id was made at."""
    return ((tweet_id >> 22) + X_EPOCH_MS) / 1000.0


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"
