"""Graph API plumbing Facebook and Instagram share: one paced GraphAPI per page, errors mapped to types."""

from __future__ import annotations

import abc
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NoReturn, TypedDict

import facebook
import requests

from bot.config import PageConfig
from bot.domain import Comment, Platform
from bot.platforms._common import TimeCursor, TimeCursorState, action_result, parse_time
from bot.platforms._http import install_log_scrubber, paced_session, redact, register_secret
from bot.platforms.base import (
    ActionResponse,
    AuthError,
    CompleteListing,
    Connector,
    FetchedPost,
    FetchResult,
    NotFound,
    PermanentError,
    PermissionDenied,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.platforms.pacing import Pacer, graph_rate_info

GRAPH_HOST_URL = "https://graph.facebook.com/"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008})
AUTH_CODES = frozenset({102, 190, 463, 467})
TRANSIENT_CODES = frozenset({1, 2})
PERMISSION_CODES = frozenset({3, 10})  # plus 200-299, and 100 when its message names a permission


MIN_PAGE_SIZE = 5


class GraphCursor(TypedDict):
    """A Graph page's cursor: per recent post, the newest comment time seen on it and the ids at that time."""

    posts: dict[str, TimeCursorState]


class TooMuchData(TransientError):
    """Graph refused a list request as too heavy (a non-JSON answer, or error 1 "reduce the amount of
    data"): the same request would fail again, so the page size is halved before the next try."""


class Unavailable(NotFound):
    """Graph error 100/33: the object does not exist *or* this token may not see or change it. Never
    taken as "gone" on its own word: `GraphConnector._gone_or_denied` looks again and decides."""


class GraphConnector(Connector):
    """Graph API plumbing: one GraphAPI per page over a paced session; every error mapped to a type.

    Fetching (recent posts, then each post's comments against a per-post TimeCursor) and hide, unhide,
    delete and reply are the same on Facebook and Instagram except for a few names, which each subclass
    sets, and `_post_comments`, which reads one post's comments.
    """

    platform: Platform
    posts_edge: str  # the page's recent posts ("posts" / "media")
    posts_fields: str  # asked for in the posts listing itself, the post's text among them: no extra call
    post_text_field: str  # the post's text ("message" / "caption"), absent when the post has none
    post_time_field: str  # "created_time" / "timestamp"
    post_link_field: str  # "permalink_url" / "permalink"
    hide_param: str  # the POST field that hides a comment ("is_hidden" / "hide")
    reply_edge: str  # the edge a reply is posted to ("comments" / "replies")
    calls = 0  # API calls made by the current fetch
    _partial_posts: set[str]  # posts whose listing in the current fetch was cut short (see CompleteListing)

    def __init__(
        self,
        page: PageConfig,
        environ: Mapping[str, str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        super().__init__(page, environ)
        token = page.secret("token", environ)
        register_secret(token)
        install_log_scrubber()
        self.pacer = pacer or Pacer(self.platform, clock=clock, sleep=sleep)
        # The rewriting adapter points this page's requests at page.base_url without touching the
        # module-global FACEBOOK_GRAPH_URL, so pages with different base URLs can poll in parallel.
        session, self._adapter = paced_session(
            self.pacer,
            graph_rate_info,
            page.timeout_seconds,
            base_url=page.base_url,
            rewrite_from=GRAPH_HOST_URL,
        )
        self._graph = facebook.GraphAPI(access_token=token, timeout=page.timeout_seconds, session=session)
        self._graph.version = page.api_version
        self._statuses: list[int] = []
        self._partial_posts = set()
        self.page_size = 100  # halved each time Graph refuses a list request as too much data
        session.hooks["response"].append(self._note_status)

    def _note_status(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._statuses.append(response.status_code)

    @property
    def requests_sent(self) -> int:
        return self._adapter.requests_sent

    def close(self) -> None:
        self._graph.session.close()

    # --- one narrow call layer ---

    def _call(
        self,
        path: str,
        args: dict[str, Any] | None = None,
        post_args: dict[str, Any] | None = None,
        method: str | None = None,
    ) -> Any:
        self._statuses.clear()
        try:
            result = self._graph.request(
                f"{self._graph.version}/{path}", args=args, post_args=post_args, method=method
            )
        except PlatformError:
            raise
        except facebook.GraphAPIError as exc:
            raise self._graph_error(exc) from None
        except requests.Timeout:
            raise TransientError(
                f"{self.platform.value}: request timed out", platform=self.platform
            ) from None
        except requests.ConnectionError:
            raise TransientError(
                f"{self.platform.value}: connection failed", platform=self.platform
            ) from None
        except requests.RequestException as exc:
            raise TransientError(
                f"{self.platform.value}: HTTP error {type(exc).__name__}", platform=self.platform
            ) from None
        except (ValueError, KeyError, TypeError):
            # Malformed JSON or a response without a content-type.
            raise TransientError(
                f"{self.platform.value}: malformed response", platform=self.platform
            ) from None
        status = self._statuses[-1] if self._statuses else 200
        if status >= 500:
            raise TransientError(
                f"{self.platform.value}: HTTP {status}", status=status, platform=self.platform
            )
        if not isinstance(result, dict):
            raise TransientError(f"{self.platform.value}: unexpected response shape", platform=self.platform)
        return result

    def _graph_error(self, exc: facebook.GraphAPIError) -> PlatformError:
        status = self._statuses[-1] if self._statuses else None
        if not isinstance(exc.result, dict) and "Maintype" in str(exc.result):
            # facebook-sdk's words for an answer that is not JSON (Graph's "reduce the amount of data" page).
            return TooMuchData(
                f"{self.platform.value}: Graph answered HTTP {status} with a non-JSON body",
                status=status,
                platform=self.platform,
            )
        result = exc.result if isinstance(exc.result, dict) else {}
        error: dict[str, Any] = result["error"] if isinstance(result.get("error"), dict) else {}
        code = error.get("code")
        subcode = error.get("error_subcode")
        message = redact(
            f"{self.platform.value}: Graph error {code}/{subcode}: {error.get('message') or exc}"
        )
        if code in AUTH_CODES:
            return AuthError(message, status=status, platform=self.platform)
        if code in RATE_LIMIT_CODES:
            retry_at = self.pacer.limit_lifts_at()
            return RateLimited(message, retry_at=retry_at, status=status, platform=self.platform)
        text = str(error.get("message", ""))
        if code == 1 and "reduce the amount of data" in text:
            return TooMuchData(message, status=status, platform=self.platform)
        if code == 100 and (subcode == 33 or "does not exist" in text):
            # Deleted, or not readable with this token's permissions: Graph says the same for both.
            return Unavailable(message, status=status, platform=self.platform)
        if (
            code in PERMISSION_CODES
            or (isinstance(code, int) and 200 <= code <= 299)
            or (code == 100 and "permission" in text.lower())
        ):
            return PermissionDenied(message, status=status, platform=self.platform)
        if code in TRANSIENT_CODES or error.get("is_transient") or (status or 0) >= 500 or not error:
            return TransientError(message, status=status, platform=self.platform)
        return PermanentError(message, status=status, platform=self.platform)

    def _pages(self, path: str, args: dict[str, Any]) -> Any:
        """Every result page of a connection, following paging.cursors.after while paging.next exists."""
        args = dict(args)
        while True:
            try:
                page = self._call(path, args)
            except TooMuchData as exc:
                self._shrink_pages(exc, args.get("limit"))
            self.calls += 1
            yield page.get("data") or []
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            args["after"] = after

    def page_limit(self, most: int) -> int:
        """The `limit` to ask for: the endpoint's maximum, or less once Graph has refused that much."""
        return min(most, max(MIN_PAGE_SIZE, self.page_size))

    def _shrink_pages(self, exc: TooMuchData, refused: Any) -> NoReturn:
        """Cap every later request at half the refused `limit` and fail this fetch (the daemon backs off),
        so the refused request is not repeated as it was every cycle."""
        sent = int(refused) if isinstance(refused, int) else self.page_size
        self.page_size = max(MIN_PAGE_SIZE, min(self.page_size, sent) // 2)
        raise TooMuchData(
            f"{exc}; limit {sent} -> {self.page_size}", status=exc.status, platform=self.platform
        ) from None

    # --- fetching ---

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        self.calls = 0
        old = dict((cursor or {}).get("posts") or {})
        posts_limit = self.page_limit(min(self.page.posts_limit, 100))
        try:
            posts = self._call(
                f"{self.page.page_id}/{self.posts_edge}", {"fields": self.posts_fields, "limit": posts_limit}
            )
        except TooMuchData as exc:
            self._shrink_pages(exc, posts_limit)
        self.calls += 1
        new_cursor: dict[str, TimeCursorState] = {}
        comments: list[Comment] = []
        complete: list[CompleteListing] = []
        fetched_posts: list[FetchedPost] = []
        self._partial_posts = set()
        for post in posts.get("data") or []:
            post_id = str(post["id"])
            fetched_posts.append(self.to_post(post))
            thread = TimeCursor(old.get(post_id))
            full_read = thread.ts is None  # no `since`: every page of the post's comments is read
            listed: set[str] = set()
            for comment in self._post_comments(post_id, thread.ts):
                ts = comment.created_at.timestamp()
                listed.add(comment.id)
                if thread.is_new(comment.id, ts):
                    comments.append(comment)
                thread.saw(comment.id, ts)
            if full_read and post_id not in self._partial_posts:
                complete.append(CompleteListing(frozenset(listed), post_id=post_id))
            state = thread.state()
            if state is not None:
                new_cursor[post_id] = state
        comments.sort(key=lambda c: (c.created_at, c.id))
        return FetchResult(
            comments=comments,
            cursor=GraphCursor(posts=new_cursor),
            api_calls=self.calls,
            complete=tuple(complete),
            posts=tuple(fetched_posts),
        )

    def to_post(self, raw: Mapping[str, Any]) -> FetchedPost:
        """A post from the listing; Graph leaves a field out when the post has no value for it."""
        text = raw.get(self.post_text_field)
        created = raw.get(self.post_time_field)
        return FetchedPost(
            post_id=str(raw["id"]),
            text=text if isinstance(text, str) and text.strip() else None,
            created_at=parse_time(created) if isinstance(created, str) else None,
            permalink=raw.get(self.post_link_field) or None,
        )

    def comments_gone(self, comment_ids: Sequence[str]) -> dict[str, str]:
        """One GET per comment: Graph answers error 100/33 for an object that no longer exists, while a
        hidden comment is still returned. (A batched `?ids=` lookup fails as a whole if any id is gone.)
        100/33 also means "not readable with this token", so it counts only once the page's own posts
        are shown to be readable; otherwise PermissionDenied."""
        gone: dict[str, str] = {}
        for comment_id in comment_ids:
            try:
                self._call(comment_id, {"fields": "id"})
            except Unavailable as exc:
                self._gone_or_denied(comment_id, exc, looked_up=True)
                gone[comment_id] = f"GET {comment_id}: {exc}"[:300]
            except NotFound as exc:
                gone[comment_id] = f"GET {comment_id}: {exc}"[:300]
        return gone

    def _gone_or_denied(self, obj_id: str, error: Unavailable, *, looked_up: bool = False) -> None:
        """Returns if `obj_id` is really gone; raises PermissionDenied if 100/33 meant a missing permission.

        A change refused with 100/33 on an object this token can still read is a permission problem
        (e.g. pages_manage_engagement missing). An object it cannot read is gone only if the token can
        read the page's own posts; if not, reading is what the token lacks (pages_read_engagement)."""
        if not looked_up:
            try:
                self._call(obj_id, {"fields": "id"})
            except Unavailable:
                pass
            else:
                raise PermissionDenied(
                    f"{error} (the object exists: the token lacks the permission for this call)",
                    status=error.status,
                    platform=self.platform,
                )
        try:
            self._call(f"{self.page.page_id}/{self.posts_edge}", {"fields": "id", "limit": 1})
        except Unavailable:
            raise PermissionDenied(
                f"{error} (the page itself cannot be read with this token)",
                status=error.status,
                platform=self.platform,
            ) from None

    @abc.abstractmethod
    def _post_comments(self, post_id: str, since: float | None) -> Iterator[Comment]:
        """The comments (and replies) on one post, all pages; `since` is the post's cursor time, if any."""

    def _replies_by_page(self, replies: Mapping[str, Any]) -> dict[str, str]:
        """Id → text of the replies in a Graph list response that this page wrote (Facebook calls the
        text `message`, Instagram `text`), so crash reconciliation can tell one reply from another."""
        return {
            str(r["id"]): str(r.get("message") or r.get("text") or "")
            for r in replies.get("data") or []
            if (r.get("from") or {}).get("id") == self.page.page_id
        }

    # --- actions ---

    def _set_hidden(self, comment_id: str, hidden: bool) -> ActionResponse:
        action = "hide" if hidden else "unhide"
        try:
            response = self._call(comment_id, post_args={self.hide_param: "true" if hidden else "false"})
        except Unavailable as exc:
            self._gone_or_denied(comment_id, exc)
            return action_result(action, comment_id, already="gone")
        except NotFound:
            return action_result(action, comment_id, already="gone")
        return action_result(action, comment_id, response=response)

    def hide_comment(self, comment_id: str) -> ActionResponse:
        return self._set_hidden(comment_id, True)

    def unhide_comment(self, comment_id: str) -> ActionResponse:
        return self._set_hidden(comment_id, False)

    def delete_comment(self, comment_id: str) -> ActionResponse:
        try:
            response = self._call(comment_id, method="DELETE")
        except Unavailable as exc:
            self._gone_or_denied(comment_id, exc)
            return action_result("delete", comment_id, already="gone")
        except NotFound:
            return action_result("delete", comment_id, already="gone")
        return action_result("delete", comment_id, response=response)

    def reply_to_comment(self, comment_id: str, text: str) -> ActionResponse:
        try:
            response = self._call(f"{comment_id}/{self.reply_edge}", post_args={"message": text})
        except Unavailable as exc:
            self._gone_or_denied(comment_id, exc)
            return action_result("reply", comment_id, already="gone", reply_id=None)
        except NotFound:
            return action_result("reply", comment_id, already="gone", reply_id=None)
        return action_result("reply", comment_id, reply_id=response.get("id"), response=response)
