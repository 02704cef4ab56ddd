"""Reddit connector over praw: a moderated subreddit's comments; remove/approve/report/reply."""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypedDict
from urllib.parse import urlsplit

import praw
import praw.exceptions
import prawcore
import requests

from bot.config import DEFAULT_TOKEN_URLS, REDDIT_USER_AGENT, ConfigError, PageConfig
from bot.domain import ActionKind, Comment, Media, MediaKind, Platform
from bot.platforms._common import TimeCursor, TimeCursorState, action_result, from_epoch, links_in
from bot.platforms._http import install_log_scrubber, paced_session, redact, register_secret
from bot.platforms.base import (
    ActionResponse,
    AuthError,
    CommentState,
    CompleteListing,
    Connector,
    FetchedPost,
    FetchResult,
    NotFound,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.platforms.pacing import Pacer, reddit_rate_info

PAGE_SIZE = 100
REDDIT_RATE_HEADERS = ("x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset")
DELETED = "[deleted]"
REDDIT_MEDIA_HOSTS = frozenset({"i.redd.it", "preview.redd.it"})
REMOVED_SELFTEXT = frozenset({"[deleted]", "[removed]"})
KNOWN_POSTS = 500  # post ids the cursor remembers as archived, so their text is not looked up again
# A known post that has new comments has its text read again at most this often (seconds), in the same
# /api/info call as the posts not seen before: the comment listing does not say when a post was edited,
# and a post being commented on is the one whose edits matter. A quiet post's edit waits for a recheck.
POST_REREAD_SECONDS = 900.0

log = logging.getLogger(__name__)


class RedditCursor(TypedDict, total=False):
    """A subreddit's cursor: where the comment listing was read to (absent before any comment), and the
    posts whose text was read, oldest first, with when each was last read (absent while there are none)."""

    comments: TimeCursorState
    posts: list[str]
    post_read_at: dict[str, float]


class RedditConnector(Connector):
    """One subreddit (page_id) that the configured account moderates.

    Hiding is a reversible mod removal (`remove(spam=False)`); unhide and approve both approve.
    """

    platform = Platform.REDDIT
    supported_actions = frozenset(
        {
            ActionKind.HIDE,
            ActionKind.UNHIDE,
            ActionKind.DELETE,
            ActionKind.REPLY,
            ActionKind.APPROVE,
            ActionKind.REPORT,
        }
    )

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
        creds = {
            role: page.secret(role, environ)
            for role in ("client_id", "client_secret", "username", "password")
        }
        for role in ("client_secret", "password"):
            register_secret(creds[role])
        install_log_scrubber()
        self.pacer = pacer or Pacer(self.platform, clock=clock, sleep=sleep)
        self._clock = clock
        # The Pacer is the one pacing authority: the rate-limit headers are read there and hidden from
        # prawcore, whose own limiter would otherwise sleep (up to the whole reset window) inside a poll.
        session, self._adapter = paced_session(
            self.pacer, reddit_rate_info, page.timeout_seconds, strip_headers=REDDIT_RATE_HEADERS
        )
        # Two hosts: the API (oauth.reddit.com) and the token endpoint (www.reddit.com), which refuses
        # API calls just as the API host refuses token requests.
        base = page.base_url.rstrip("/")
        token_host = (page.token_url or DEFAULT_TOKEN_URLS[Platform.REDDIT]).rstrip("/")
        user_agent = page.user_agent or reddit_user_agent(page.reddit_app_id, creds["username"])
        if not REDDIT_USER_AGENT.fullmatch(user_agent):
            raise ConfigError(
                f"page {page.name!r}: user agent {user_agent!r} does not follow Reddit's rule "
                "'<platform>:<app ID>:<version> (by /u/<username>)' (check reddit_app_id and the username)"
            )
        self.user_agent = user_agent
        self._reddit = praw.Reddit(
            client_id=creds["client_id"],
            client_secret=creds["client_secret"],
            username=creds["username"],
            password=creds["password"],
            user_agent=user_agent,
            oauth_url=base,
            reddit_url=token_host,
            check_for_updates=False,
            timeout=max(1, round(page.timeout_seconds)),
            requestor_kwargs={"session": session},
        )
        self._session = session
        self._username = creds["username"]
        self.calls = 0

    @property
    def requests_sent(self) -> int:
        return self._adapter.requests_sent

    def close(self) -> None:
        self._session.close()

    # --- one narrow call layer ---

    def _run(self, what: str, fn: Callable[[], Any]) -> Any:
        # prawcore sleeps before a request when its own limiter says so; refuse first while limited.
        self.pacer.check()
        self.calls += 1
        try:
            return fn()
        except PlatformError:
            raise
        except prawcore.RequestException as exc:
            original = exc.original_exception
            if isinstance(original, PlatformError):
                raise original from None
            kind = "timed out" if isinstance(original, requests.Timeout) else "connection failed"
            raise TransientError(f"reddit: {what}: {kind}", platform=self.platform) from None
        except prawcore.TooManyRequests:
            raise self._rate_limited(what) from None
        except (prawcore.InvalidToken, prawcore.OAuthException, prawcore.InsufficientScope) as exc:
            status = getattr(getattr(exc, "response", None), "status_code", None)
            raise AuthError(
                f"reddit: {what}: {type(exc).__name__}", status=status, platform=self.platform
            ) from None
        except prawcore.NotFound:
            raise NotFound(f"reddit: {what}: not found", status=404, platform=self.platform) from None
        except (prawcore.ServerError, prawcore.BadJSON) as exc:
            status = getattr(getattr(exc, "response", None), "status_code", None)
            raise TransientError(
                f"reddit: {what}: {type(exc).__name__}", status=status, platform=self.platform
            ) from None
        except prawcore.ResponseException as exc:
            status = exc.response.status_code
            if status == 429:
                raise self._rate_limited(what) from None
            if status == 401:
                raise AuthError(
                    f"reddit: {what}: unauthorized", status=status, platform=self.platform
                ) from None
            if status >= 500:
                raise TransientError(
                    f"reddit: {what}: HTTP {status}", status=status, platform=self.platform
                ) from None
            raise PermanentError(
                f"reddit: {what}: HTTP {status}", status=status, platform=self.platform
            ) from None
        except praw.exceptions.RedditAPIException as exc:
            codes = {item.error_type for item in exc.items}
            message = redact(f"reddit: {what}: {', '.join(sorted(codes))}")
            if codes & {"DELETED_COMMENT", "THREAD_LOCKED", "TOO_OLD", "NOT_FOUND"}:
                raise NotFound(message, platform=self.platform) from None
            if "RATELIMIT" in codes:
                retry_at = self.pacer.clock() + 60.0
                self.pacer.block_until(retry_at)
                raise RateLimited(message, retry_at=retry_at, platform=self.platform) from None
            raise PermanentError(message, platform=self.platform) from None
        except (prawcore.PrawcoreException, praw.exceptions.PRAWException) as exc:
            raise PermanentError(
                redact(f"reddit: {what}: {type(exc).__name__}"), platform=self.platform
            ) from None
        except (KeyError, TypeError, ValueError):
            # prawcore raises bare KeyErrors on some malformed answers (e.g. a 401 without www-authenticate).
            raise TransientError(f"reddit: {what}: malformed response", platform=self.platform) from None

    def _rate_limited(self, what: str) -> RateLimited:
        # The adapter has already read the reset time from the 429's headers into the pacer.
        retry_at = self.pacer.limit_lifts_at()
        return RateLimited(
            f"reddit: {what}: rate limited", retry_at=retry_at, status=429, platform=self.platform
        )

    # --- reading ---

    def _listing(self) -> Iterator[list[dict[str, Any]]]:
        path = f"r/{self.page.page_id}/comments/"
        after: str | None = None
        while True:
            params: dict[str, Any] = {"limit": PAGE_SIZE}
            if after:
                params["after"] = after
            body = self._run(
                "list comments",
                functools.partial(self._reddit.request, method="GET", path=path, params=params),
            )
            data = body.get("data") or {} if isinstance(body, dict) else {}
            yield [
                child.get("data") or {} for child in data.get("children") or [] if child.get("kind") == "t1"
            ]
            after = data.get("after")
            if not after:
                return

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        """The subreddit's comment listing, newest first, down to the cursor (one listing covers every post)."""
        self.calls = 0
        thread = TimeCursor((cursor or {}).get("comments"))
        comments: list[Comment] = []
        listed: set[str] = set()
        oldest: float | None = None
        for batch in self._listing():
            reached_old = False
            for raw in batch:
                ts = float(raw["created_utc"])
                if thread.ts is not None and ts < thread.ts:
                    reached_old = True
                    break
                oldest = ts if oldest is None else min(oldest, ts)
                if raw.get("author") == DELETED and raw.get("body") == DELETED:
                    continue
                listed.add(str(raw["id"]))
                comment = self.to_comment(raw)
                if thread.is_new(comment.id, ts):
                    comments.append(comment)
                thread.saw(comment.id, ts)
            if reached_old:
                break
        comments.sort(key=lambda c: (c.created_at, c.id))
        state = thread.state()
        # The listing is capped (about 1,000 comments) and newest first: what it proves complete is the
        # span from its oldest comment to now, across every post. Archived times are whole seconds, so
        # the span starts at the next whole second to leave nothing at its edge in doubt.
        complete = (
            (CompleteListing(frozenset(listed), since=from_epoch(math.floor(oldest) + 1)),)
            if oldest is not None
            else ()
        )
        known = [str(p) for p in (cursor or {}).get("posts") or []]
        # When each known post's text was last read (a cursor from before this was kept: never, so once now).
        read_at = {str(k): float(v) for k, v in ((cursor or {}).get("post_read_at") or {}).items()}
        now = self._clock()
        posts = self._posts(
            p
            for p in dict.fromkeys(c.post_id for c in comments if c.post_id)
            if p not in known or now - read_at.get(p, 0.0) >= POST_REREAD_SECONDS
        )
        fetched = [p.post_id for p in posts]
        known = ([p for p in known if p not in fetched] + fetched)[-KNOWN_POSTS:]
        read_at.update(dict.fromkeys(fetched, now))
        new_cursor: RedditCursor = {"comments": state} if state else {}
        if known:
            new_cursor["posts"] = known
            new_cursor["post_read_at"] = {p: read_at[p] for p in known if p in read_at}
        return FetchResult(
            comments=comments,
            cursor=new_cursor,
            api_calls=self.calls,
            complete=complete,
            posts=tuple(posts),
        )

    def _posts(self, post_ids: Iterable[str]) -> list[FetchedPost]:
        """The submissions these comments answer, 100 fullnames per /api/info call, once per post (and
        again every POST_REREAD_SECONDS while it is commented on): the comment listing names a post
        (link_id) but does not carry its selftext. A failed lookup is logged and leaves the posts out: the
        poll goes on, and they are asked for again with their next new comment (or the next recheck), since
        only posts the lookup returned are remembered (or marked read) in the cursor."""
        ids = list(post_ids)
        posts: list[FetchedPost] = []
        for i in range(0, len(ids), PAGE_SIZE):
            batch = ids[i : i + PAGE_SIZE]
            try:
                body = self._run(
                    "post text",
                    functools.partial(
                        self._reddit.request,
                        method="GET",
                        path="api/info/",
                        params={"id": ",".join(f"t3_{p}" for p in batch)},
                    ),
                )
            except (TransientError, PermanentError, RateLimited) as exc:
                log.warning("reddit: post text of %d posts not fetched: %s", len(batch), exc)
                return posts
            children = (body.get("data") or {}).get("children") or [] if isinstance(body, dict) else []
            for child in children:
                raw = child.get("data") or {} if isinstance(child, dict) else {}
                if child.get("kind") == "t3" and str(raw.get("id") or "") in batch:
                    posts.append(self.to_post(raw))
        return posts

    def to_post(self, raw: Mapping[str, Any]) -> FetchedPost:
        """A submission's title, and its selftext below it when it has one (a link post has none)."""
        title = str(raw.get("title") or "").strip()
        selftext = str(raw.get("selftext") or "").strip()
        if selftext in REMOVED_SELFTEXT:
            selftext = ""
        text = "\n\n".join(t for t in (title, selftext) if t)
        permalink = raw.get("permalink")
        created = raw.get("created_utc")
        return FetchedPost(
            post_id=str(raw["id"]),
            text=text or None,
            created_at=from_epoch(created) if isinstance(created, int | float) else None,
            permalink=f"https://www.reddit.com{permalink}"
            if isinstance(permalink, str) and permalink.startswith("/")
            else permalink,
        )

    def comments_gone(self, comment_ids: Sequence[str]) -> dict[str, str]:
        """/api/info, 100 fullnames per call. A comment its author deleted comes back with author and body
        "[deleted]"; one a moderator or admin removed keeps its author (or shows body "[removed]") and so
        still counts as existing. An id /api/info does not return at all is not taken as proof either."""
        gone: dict[str, str] = {}
        ids = list(dict.fromkeys(c.removeprefix("t1_") for c in comment_ids))
        for i in range(0, len(ids), PAGE_SIZE):
            batch = ids[i : i + PAGE_SIZE]
            fullnames = ",".join(f"t1_{c}" for c in batch)
            body = self._run(
                "comments gone",
                functools.partial(
                    self._reddit.request, method="GET", path="api/info/", params={"id": fullnames}
                ),
            )
            if not isinstance(body, dict):
                raise TransientError(
                    "reddit: comments gone: unexpected response shape", platform=self.platform
                )
            for child in (body.get("data") or {}).get("children") or []:
                raw = child.get("data") or {} if isinstance(child, dict) else {}
                comment_id = str(raw.get("id") or "")
                if comment_id in batch and raw.get("author") == DELETED and raw.get("body") == DELETED:
                    gone[comment_id] = "api/info: author and body [deleted]"
        return gone

    def to_comment(self, raw: Mapping[str, Any]) -> Comment:
        parent = str(raw.get("parent_id") or "")
        permalink = raw.get("permalink")
        return Comment(
            platform=self.platform,
            page_id=self.page.page_id,
            post_id=str(raw.get("link_id") or "").removeprefix("t3_"),
            id=str(raw["id"]),
            text=raw.get("body") or "",
            created_at=from_epoch(raw["created_utc"]),
            author_id=raw.get("author_fullname"),
            author_name=raw.get("author"),
            parent_id=parent.removeprefix("t1_") if parent.startswith("t1_") else None,
            permalink=f"https://www.reddit.com{permalink}"
            if permalink and permalink.startswith("/")
            else permalink,
            media=reddit_media(raw),
            is_hidden=reddit_removed(raw),
            raw=dict(raw),
        )

    def comment_state(self, comment_id: str) -> CommentState:
        body = self._run(
            "comment state",
            lambda: self._reddit.request(method="GET", path="api/info/", params={"id": f"t1_{comment_id}"}),
        )
        children = ((body or {}).get("data") or {}).get("children") or []
        if not children:
            return CommentState(exists=False)
        raw = children[0].get("data") or {}
        if raw.get("author") == DELETED and raw.get("body") == DELETED:
            return CommentState(exists=False)
        removed = reddit_removed(raw)
        link = str(raw.get("link_id") or "").removeprefix("t3_")
        ours = self._replies_by_us(comment_id, link) if link else {}
        return CommentState(
            exists=True,
            hidden=removed,
            removed=removed,
            replies_by_us=tuple(ours),
            extra={"approved": bool(raw.get("approved")), "reply_texts": ours},
        )

    def _replies_by_us(self, comment_id: str, link: str) -> dict[str, str]:
        """Id → body of this account's direct replies to a comment, from the comment's own thread page.

        The same request praw's ``Comment.refresh()`` makes (the comment's permalink), newest replies first
        so that a reply made moments before a crash is inside the first 100.
        """
        body = self._run(
            "comment replies",
            lambda: self._reddit.request(
                method="GET", path=f"comments/{link}/_/{comment_id}", params={"limit": 100, "sort": "new"}
            ),
        )
        if not isinstance(body, list) or len(body) < 2 or not isinstance(body[1], dict):
            raise TransientError("reddit: comment replies: unexpected response shape", platform=self.platform)
        me = self._username.lower()
        queue = list((body[1].get("data") or {}).get("children") or [])
        while queue:  # with context the comment may sit below its parents
            child = queue.pop()
            data = child.get("data") or {} if isinstance(child, dict) else {}
            if child.get("kind") != "t1":
                continue
            replies = data.get("replies")
            children = (replies.get("data") or {}).get("children") or [] if isinstance(replies, dict) else []
            if data.get("id") != comment_id:
                queue.extend(children)
                continue
            return {
                str(r["data"]["id"]): str(r["data"].get("body") or "")
                for r in children
                if r.get("kind") == "t1" and str((r.get("data") or {}).get("author") or "").lower() == me
            }
        return {}

    # --- actions ---

    def _comment(self, comment_id: str) -> praw.models.Comment:
        # Built from the id alone: the moderation calls below need only its fullname, so nothing is fetched.
        return self._reddit.comment(id=comment_id.removeprefix("t1_"))

    def hide_comment(self, comment_id: str) -> ActionResponse:
        self._run("remove", lambda: self._comment(comment_id).mod.remove(spam=False))
        return action_result("hide", comment_id, removed=True)

    def delete_comment(self, comment_id: str) -> ActionResponse:
        # A moderator cannot delete someone else's comment; removal is the strongest reversible step.
        self._run("remove", lambda: self._comment(comment_id).mod.remove(spam=False))
        return action_result("delete", comment_id, removed=True)

    def unhide_comment(self, comment_id: str) -> ActionResponse:
        self._run("approve", lambda: self._comment(comment_id).mod.approve())
        return action_result("unhide", comment_id, approved=True)

    def approve_comment(self, comment_id: str) -> ActionResponse:
        self._run("approve", lambda: self._comment(comment_id).mod.approve())
        return action_result("approve", comment_id, approved=True)

    def report_comment(self, comment_id: str, reason: str) -> ActionResponse:
        self._run("report", lambda: self._comment(comment_id).report(reason[:100]))
        return action_result("report", comment_id)

    def reply_to_comment(self, comment_id: str, text: str) -> ActionResponse:
        try:
            reply = self._run("reply", lambda: self._comment(comment_id).reply(text))
        except NotFound:
            return action_result("reply", comment_id, already="gone", reply_id=None)
        return action_result("reply", comment_id, reply_id=getattr(reply, "id", None))


def reddit_user_agent(app_id: str, username: str) -> str:
    """Reddit's required form, "<platform>:<app ID>:<version> (by /u/<username>)"."""
    try:
        version = importlib.metadata.version("modbot")
    except importlib.metadata.PackageNotFoundError:
        version = "0.0.0"
    return f"python:{app_id}:v{version} (by /u/{username.removeprefix('/u/').removeprefix('u/')})"


def reddit_removed(raw: Mapping[str, Any]) -> bool:
    """Whether a comment is withheld from the public: removed, spam, or filtered. A comment AutoModerator
    filtered reads `removed: false, spam: false` with `banned_by: "AutoModerator"` in the moderator view."""
    return bool(raw.get("removed") or raw.get("spam") or (raw.get("banned_by") and not raw.get("approved")))


def reddit_media(raw: Mapping[str, Any]) -> tuple[Media, ...]:
    """One Media per medium: an image comment carries `media_metadata` and its preview URL in the body."""
    media: list[Media] = []
    embedded: set[str] = set()  # media_metadata ids; the body's preview/i.redd.it links name them
    for key, entry in (raw.get("media_metadata") or {}).items():
        if not isinstance(entry, dict):
            continue
        embedded.add(str(entry.get("id") or key))
        source = entry.get("s") or {}
        kind = {"Image": MediaKind.PHOTO, "AnimatedImage": MediaKind.GIF, "RedditVideo": MediaKind.VIDEO}.get(
            str(entry.get("e")), MediaKind.OTHER
        )
        media.append(Media(kind, source.get("u") or source.get("gif") or source.get("mp4")))
    for link in links_in(raw.get("body") or ""):
        url = link.url or ""
        parts = urlsplit(url if "://" in url else "https://" + url)
        path = parts.path.lower()
        if parts.netloc in REDDIT_MEDIA_HOSTS and path.strip("/").rsplit(".", 1)[0] in embedded:
            continue  # the same image as a media_metadata entry
        if path.endswith((".mp4", ".mov", ".webm")) or parts.netloc == "v.redd.it":
            media.append(Media(MediaKind.VIDEO, url))
        elif path.endswith((".jpg", ".jpeg", ".png", ".webp")) or parts.netloc in REDDIT_MEDIA_HOSTS:
            media.append(Media(MediaKind.PHOTO, url))
        else:
            media.append(link)
    return tuple(media)
