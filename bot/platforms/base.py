"""The one platform interface every connector implements, and the typed errors they raise."""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from bot.config import PageConfig
from bot.domain import ActionKind, Comment, Platform


class PlatformError(Exception):
    """Base for every error a connector raises. Messages never contain tokens or secrets."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, platform: Platform | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.platform = platform


class AuthError(PlatformError):
    """The token/credentials are invalid or expired: stop this page and alert a person."""

    page_state = "auth_failed"  # the page's state once the daemon has stopped it for this


class PermissionDenied(AuthError):
    """The credentials work but lack a permission (or the kind of authentication) the call needs: a page
    problem for a person, like an expired token. The daemon stops the page in state ``permission_denied``."""

    page_state = "permission_denied"


class RateLimited(PlatformError):
    """The platform says slow down. `retry_at` is the epoch time when the limit lifts."""

    retryable = True

    def __init__(self, message: str, *, retry_at: float, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_at = retry_at


class TransientError(PlatformError):
    """5xx, timeouts, connection resets, malformed bodies: retry with backoff."""

    retryable = True


class PermanentError(PlatformError):
    """The request can never succeed as made (bad request, forbidden, unsupported)."""


class NeedsPerson(PermanentError):
    """The platform will not make this change (a cap, a policy): the comment is left to a person, whose
    review queue still holds its verdict. Not a fault of the page or its credentials."""


class NotFound(PermanentError):
    """The object is gone. Actions treat this as success (idempotence)."""


class ActionExtras(TypedDict, total=False):
    """What an action's result may add, by platform and action (bot.platforms._common.action_result)."""

    reply_id: str | None  # a reply's id on the platform; None when the comment was gone
    response: object  # the platform's own answer, as its parsed JSON
    removed: bool  # Reddit: a moderator removal, its strongest step (for hide and delete)
    approved: bool  # Reddit: a moderator approval (for unhide and approve)


class ActionResponse(ActionExtras):
    """What a connector's action returns, journaled as the action's response: the action it made on which
    comment, and `already`, why nothing had to change ("gone"...), None when the platform changed it."""

    ok: bool
    action: str
    comment_id: str
    already: str | None


@dataclass(frozen=True)
class CompleteListing:
    """A scope the fetch listed in full: every comment that still exists in it is in `comment_ids`.

    An archived comment of the scope that is missing from the listing may have been deleted by its
    author; only `Connector.comments_gone` can say so for certain. `post_id` None means every post of
    the page, `since` None means however old.
    """

    comment_ids: frozenset[str]
    post_id: str | None = None
    since: datetime | None = None


@dataclass(kw_only=True, frozen=True)
class FetchedPost:
    """A post whose comments the fetch read, as the platform gave it. `text` is None where the platform
    gave none (a photo without a caption, a lookup that failed): the post is then simply not archived."""

    post_id: str
    text: str | None
    created_at: datetime | None = None
    permalink: str | None = None


@dataclass(kw_only=True, frozen=True)
class FetchResult:
    """New comments since the given cursor, and the cursor to persist once they are archived."""

    comments: list[Comment]
    cursor: Mapping[str, object]  # JSON; each connector's own shape (GraphCursor, XCursor, RedditCursor)
    api_calls: int = 0
    # Only scopes that were provably read in full (all result pages, no cap): absence is evidence only there.
    complete: tuple[CompleteListing, ...] = ()
    # The text of the posts those comments answer, from the same requests where the platform allows.
    posts: tuple[FetchedPost, ...] = ()


@dataclass(kw_only=True, frozen=True)
class CommentState:
    """What the platform says about a comment now, for reconciling journaled actions after a crash."""

    exists: bool
    hidden: bool | None = None  # None where the platform has no such notion or cannot tell
    removed: bool | None = None
    replies_by_us: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


class Connector(abc.ABC):
    """A platform backend for one configured page. Only `bot.platforms.*` modules import an SDK.

    Every method either returns plain domain data or raises a PlatformError subclass.
    Actions are idempotent: acting on a comment already in the target state, or gone, succeeds.
    """

    platform: Platform
    supported_actions: frozenset[ActionKind] = frozenset()

    def __init__(self, page: PageConfig, environ: Mapping[str, str] | None = None) -> None:
        self.page = page

    @abc.abstractmethod
    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        """Comments (and replies) on the page's recent posts that are newer than `cursor`."""

    @abc.abstractmethod
    def comment_state(self, comment_id: str) -> CommentState:
        """Current state of a comment on the platform."""

    def comments_gone(self, comment_ids: Sequence[str]) -> dict[str, str]:
        """Of these comments, those the platform says no longer exist, each with how that was established.

        A hidden or moderator-removed comment still exists. Raises a PlatformError when it cannot tell.
        This default asks `comment_state` once per comment; connectors override it with cheaper lookups.
        """
        gone: dict[str, str] = {}
        for comment_id in comment_ids:
            if not self.comment_state(comment_id).exists:
                gone[comment_id] = "comment state lookup: does not exist"
        return gone

    def hide_comment(self, comment_id: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot hide comments", platform=self.platform)

    def unhide_comment(self, comment_id: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot unhide comments", platform=self.platform)

    def delete_comment(self, comment_id: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot delete comments", platform=self.platform)

    def reply_to_comment(self, comment_id: str, text: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot reply to comments", platform=self.platform)

    def approve_comment(self, comment_id: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot approve comments", platform=self.platform)

    def report_comment(self, comment_id: str, reason: str) -> ActionResponse:
        raise PermanentError(f"{self.platform.value} cannot report comments", platform=self.platform)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release sessions/sockets."""
