"""Facebook Page connector over facebook-sdk's GraphAPI; also the Graph plumbing Instagram reuses."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import facebook
import requests

from bot.config import PageConfig
from bot.domain import ActionKind, Comment, Media, MediaKind, Platform
from bot.platforms._common import TimeCursor, action_result, parse_time
from bot.platforms._http import install_log_scrubber, paced_session, redact, register_secret
from bot.platforms.base import (
    AuthError,
    CommentState,
    Connector,
    FetchResult,
    NotFound,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.platforms.pacing import Pacer, graph_rate_info

GRAPH_HOST_URL = "https://graph.facebook.com/"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008})
AUTH_CODES = frozenset({102, 190, 463, 467})
TRANSIENT_CODES = frozenset({1, 2})
ATTACHMENT_KINDS = {
    "photo": MediaKind.PHOTO,
    "album": MediaKind.PHOTO,
    "video_inline": MediaKind.VIDEO,
    "video_autoplay": MediaKind.VIDEO,
    "video": MediaKind.VIDEO,
    "animated_image_share": MediaKind.GIF,
    "animated_image_video": MediaKind.GIF,
    "animated_image_autoplay": MediaKind.GIF,
    "share": MediaKind.LINK,
}
FB_COMMENT_FIELDS = "id,message,from,created_time,attachment,permalink_url,is_hidden,parent{id}"


class GraphConnector(Connector):
    """Graph API plumbing: one GraphAPI per page over a paced session; every error mapped to a type."""

    platform: Platform
    calls = 0  # API calls made by the current fetch

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
        result = exc.result if isinstance(exc.result, dict) else {}
        error: dict[str, Any] = result["error"] if isinstance(result.get("error"), dict) else {}
        code = error.get("code")
        subcode = error.get("error_subcode")
        status = self._statuses[-1] if self._statuses else None
        message = redact(
            f"{self.platform.value}: Graph error {code}/{subcode}: {error.get('message') or exc}"
        )
        if code in AUTH_CODES:
            return AuthError(message, status=status, platform=self.platform)
        if code in RATE_LIMIT_CODES:
            now = self.pacer.clock()
            retry_at = self.pacer.blocked_until if self.pacer.blocked_until > now else now + 60.0
            self.pacer.block_until(retry_at)
            return RateLimited(message, retry_at=retry_at, status=status, platform=self.platform)
        if code == 100 and ("does not exist" in str(error.get("message", "")) or subcode == 33):
            return NotFound(message, status=status, platform=self.platform)
        if code in TRANSIENT_CODES or error.get("is_transient") or (status or 0) >= 500 or not error:
            return TransientError(message, status=status, platform=self.platform)
        return PermanentError(message, status=status, platform=self.platform)

    def _pages(self, path: str, args: dict[str, Any]) -> Any:
        """Every result page of a connection, following paging.cursors.after while paging.next exists."""
        args = dict(args)
        while True:
            page = self._call(path, args)
            self.calls += 1
            yield page.get("data") or []
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            args["after"] = after


class FacebookConnector(GraphConnector):
    """A Facebook Page: comments and replies on recent posts; hide, unhide, delete, reply."""

    platform = Platform.FACEBOOK
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.DELETE, ActionKind.REPLY})

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        self.calls = 0
        old = dict((cursor or {}).get("posts") or {})
        posts = self._call(
            f"{self.page.page_id}/posts",
            {"fields": "id,created_time", "limit": min(self.page.posts_limit, 100)},
        )
        self.calls += 1
        new_cursor: dict[str, Any] = {}
        comments: list[Comment] = []
        for post in posts.get("data") or []:
            post_id = str(post["id"])
            thread = TimeCursor(old.get(post_id))
            args: dict[str, Any] = {
                "fields": FB_COMMENT_FIELDS,
                "filter": "stream",
                "order": "reverse_chronological",
                "limit": 100,
            }
            if thread.ts is not None:
                # A second early: `since` may be exclusive, and ids settle the boundary.
                args["since"] = int(thread.ts) - 1
            for batch in self._pages(f"{post_id}/comments", args):
                for raw in batch:
                    comment = self.to_comment(raw, post_id)
                    ts = comment.created_at.timestamp()
                    if thread.is_new(comment.id, ts):
                        comments.append(comment)
                    thread.saw(comment.id, ts)
            state = thread.state()
            if state is not None:
                new_cursor[post_id] = state
        comments.sort(key=lambda c: (c.created_at, c.id))
        return FetchResult(comments=comments, cursor={"posts": new_cursor}, api_calls=self.calls)

    def to_comment(self, raw: Mapping[str, Any], post_id: str) -> Comment:
        author = raw.get("from") or {}
        parent = raw.get("parent") or {}
        return Comment(
            platform=self.platform,
            page_id=self.page.page_id,
            post_id=post_id,
            id=str(raw["id"]),
            text=raw.get("message") or "",
            created_at=parse_time(raw["created_time"]),
            author_id=author.get("id"),
            author_name=author.get("name"),
            parent_id=parent.get("id"),
            permalink=raw.get("permalink_url"),
            media=graph_media(raw.get("attachment")),
            is_hidden=bool(raw.get("is_hidden", False)),
            raw=dict(raw),
        )

    def _set_hidden(self, comment_id: str, hidden: bool) -> dict[str, Any]:
        action = "hide" if hidden else "unhide"
        try:
            response = self._call(comment_id, post_args={"is_hidden": "true" if hidden else "false"})
        except NotFound:
            return action_result(action, comment_id, already="gone")
        return action_result(action, comment_id, response=response)

    def hide_comment(self, comment_id: str) -> dict[str, Any]:
        return self._set_hidden(comment_id, True)

    def unhide_comment(self, comment_id: str) -> dict[str, Any]:
        return self._set_hidden(comment_id, False)

    def delete_comment(self, comment_id: str) -> dict[str, Any]:
        try:
            response = self._call(comment_id, method="DELETE")
        except NotFound:
            return action_result("delete", comment_id, already="gone")
        return action_result("delete", comment_id, response=response)

    def reply_to_comment(self, comment_id: str, text: str) -> dict[str, Any]:
        try:
            response = self._call(f"{comment_id}/comments", post_args={"message": text})
        except NotFound:
            return action_result("reply", comment_id, already="gone", reply_id=None)
        return action_result("reply", comment_id, reply_id=response.get("id"), response=response)

    def comment_state(self, comment_id: str) -> CommentState:
        try:
            raw = self._call(comment_id, {"fields": "id,is_hidden,message"})
            replies = self._call(
                f"{comment_id}/comments", {"fields": "id,from", "filter": "stream", "limit": 100}
            )
        except NotFound:
            return CommentState(exists=False)
        ours = tuple(
            str(r["id"])
            for r in replies.get("data") or []
            if (r.get("from") or {}).get("id") == self.page.page_id
        )
        return CommentState(exists=True, hidden=bool(raw.get("is_hidden")), removed=False, replies_by_us=ours)


def graph_media(attachment: Mapping[str, Any] | None) -> tuple[Media, ...]:
    if not attachment:
        return ()
    kind = ATTACHMENT_KINDS.get(str(attachment.get("type")), MediaKind.OTHER)
    image = ((attachment.get("media") or {}).get("image") or {}).get("src")
    url = attachment.get("url") or image or (attachment.get("target") or {}).get("url")
    return (Media(kind, url),)
