"""Domain types that flow through the pipeline: Comment, Media, Verdict, Action, ActionResult. No I/O."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class Platform(enum.StrEnum):
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    REDDIT = "reddit"


class MediaKind(enum.StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    GIF = "gif"
    LINK = "link"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Media:
    """An attachment on a comment; only its kind and addresses, never its bytes (see bot.media).

    `preview_url` is the platform's own still of it where it gives one: a video's poster frame, a GIF's
    thumbnail, or the image file of a photo whose `url` is the page that shows it (Facebook)."""

    kind: MediaKind
    url: str | None = None
    preview_url: str | None = None

    def record(self) -> dict[str, str | None]:
        """How a comment version records this medium (`preview_url` only where there is one)."""
        out = {"kind": self.kind.value, "url": self.url}
        if self.preview_url is not None:
            out["preview_url"] = self.preview_url
        return out


def parse_timestamp(value: str | None) -> datetime | None:
    """A stored ISO 8601 timestamp as an aware datetime (naive ones are UTC); None when empty or unreadable."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def epoch_seconds(value: str | None) -> float | None:
    """A stored timestamp as Unix time (parse_timestamp's reading); None when empty or unreadable."""
    dt = parse_timestamp(value)
    return None if dt is None else dt.timestamp()


def without_lone_surrogates(text: str) -> str:
    """`text` with any unpaired UTF-16 surrogate (valid in JSON as "\\ud800", not text anywhere else:
    SQLite, re2, email and logs all refuse it) replaced by U+FFFD; proper text comes back unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


@dataclass(kw_only=True, frozen=True, slots=True)
class Comment:
    """One public comment (or reply) as fetched from a platform.

    `uid` is unique across platforms and pages; `id` is the platform's own id, which is what
    the connector's actions take.
    """

    platform: Platform
    page_id: str
    post_id: str
    id: str
    text: str
    created_at: datetime
    author_id: str | None = None
    author_name: str | None = None
    parent_id: str | None = None
    permalink: str | None = None
    media: tuple[Media, ...] = ()
    is_hidden: bool = False
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def uid(self) -> str:
        return f"{self.platform.value}:{self.id}"


class ActionKind(enum.StrEnum):
    """What the bot (or a moderator) does to a comment. Order of severity: see ACTION_SEVERITY."""

    ALLOW = "allow"
    FLAG = "flag"
    REPLY = "reply"
    HIDE = "hide"
    DELETE = "delete"
    # Moderator-only or reversal actions.
    UNHIDE = "unhide"
    APPROVE = "approve"
    REPORT = "report"


# Severity used to pick the decisive rule when several match: the strongest removal wins.
ACTION_SEVERITY: dict[ActionKind, int] = {
    ActionKind.ALLOW: 0,
    ActionKind.FLAG: 1,
    ActionKind.REPLY: 2,
    ActionKind.HIDE: 3,
    ActionKind.DELETE: 4,
}


@dataclass(kw_only=True, frozen=True, slots=True)
class RuleMatch:
    """One policy rule that matched a comment, with the evidence that made it match."""

    rule_id: str
    title: str
    category: str
    clause: str
    action: ActionKind
    urgent: bool
    dry_run: bool
    evidence: tuple[str, ...] = ()
    reply: str | None = None


@dataclass(kw_only=True, frozen=True, slots=True)
class Verdict:
    """The policy engine's decision about one comment. Pure data: acting on it is a separate step."""

    action: ActionKind
    urgent: bool
    score: float
    categories: tuple[str, ...]
    rule_id: str | None
    clause: str | None
    reason: str
    reply: str | None
    scores: dict[str, float]
    matches: tuple[RuleMatch, ...]
    policy_version: str
    scorer: str
    dry_run: bool = False

    @property
    def removes(self) -> bool:
        return self.action in (ActionKind.HIDE, ActionKind.DELETE)


class ActionStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    DRY_RUN = "dry_run"


class ReviewStatus(enum.StrEnum):
    """Where a verdict stands with the moderators (verdicts.review_status)."""

    NONE = "none"  # an allow verdict: nothing for a person to review
    PENDING = "pending"  # in the queue
    ESCALATED = "escalated"  # in the queue, for a supervisor
    CONFIRMED = "confirmed"
    RESTORED = "restored"
    DELETED = "deleted"
    KEPT = "kept"


# In the review queue: waiting for a person's decision.
OPEN_REVIEW_STATUSES = (ReviewStatus.PENDING, ReviewStatus.ESCALATED)


class AlertStatus(enum.StrEnum):
    """How delivering one alert on one channel went (alerts.status)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(kw_only=True, frozen=True, slots=True)
class Action:
    """A request to change a comment on its platform."""

    kind: ActionKind
    comment_uid: str
    platform: Platform
    page_id: str
    comment_id: str
    text: str | None = None  # reply text or report reason
    actor: str = "modbot"  # "modbot" for the daemon, else the moderator's user name
    reason: str = ""


@dataclass(kw_only=True, frozen=True, slots=True)
class ActionResult:
    """What happened when an Action was carried out (or not)."""

    action: Action
    status: ActionStatus
    detail: str = ""
    # The connector's ActionResponse, or what bot.actions noted instead (retry_at, auth_failed, waiting).
    platform_response: Mapping[str, object] | None = None
    finished_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def success(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.DRY_RUN)
