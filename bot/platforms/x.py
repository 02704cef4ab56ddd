"""X connector over tweepy's v2 Client: replies to the account's recent posts; hide/unhide replies."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

import requests
import tweepy

from bot.config import X_OAUTH1_ROLES, X_USER_CONTEXT_HELP, MissingSecret, PageConfig
from bot.domain import ActionKind, Comment, Media, MediaKind, Platform
from bot.platforms._common import action_result, parse_time
from bot.platforms._http import install_log_scrubber, paced_session, redact, register_secret
from bot.platforms.base import (
    ActionResponse,
    AuthError,
    CommentState,
    CompleteListing,
    Connector,
    FetchedPost,
    FetchResult,
    NeedsPerson,
    NotFound,
    PermanentError,
    PermissionDenied,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.platforms.pacing import Pacer, x_rate_info

X_HOST_URL = "https://api.twitter.com"
TWEET_FIELDS = [
    "author_id",
    "created_at",
    "conversation_id",
    "in_reply_to_user_id",
    "attachments",
    "referenced_tweets",
    "entities",
]
# Recent search reaches back seven days; an hour's margin keeps replies at its edge out of a "complete" scope.
SEARCH_WINDOW = timedelta(days=7) - timedelta(hours=1)
# X answers 400 to a since_id (or start_time) older than its seven-day window. Older cursors are replaced
# by a start_time this far back: inside the window by a margin for clock skew and request latency.
SINCE_ID_MAX_AGE = timedelta(days=7) - timedelta(minutes=15)
X_EPOCH_MS = 1288834974657  # tweet ids are snowflakes: milliseconds since this epoch, shifted left 22 bits
LOOKUP_BATCH = 100  # ids per GET /2/tweets
NOT_FOUND_TYPE = "https://api.twitter.com/2/problems/resource-not-found"
UNSUPPORTED_AUTH_TYPE = "https://api.twitter.com/2/problems/unsupported-authentication"
HIDDEN_REPLY_CAP = 725  # hidden replies per conversation
MEDIA_KINDS = {"photo": MediaKind.PHOTO, "video": MediaKind.VIDEO, "animated_gif": MediaKind.GIF}


class XCursor(TypedDict):
    """An X page's cursor: per recent post, the newest reply id seen in its conversation (ids grow with time)."""

    posts: dict[str, str]


class XConnector(Connector):
    """The configured X account (page_id = its numeric user id)."""

    platform = Platform.X
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.REPLY})

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
        creds = {role: page.optional_secret(role, environ) for role in page.credential_env}
        for value in creds.values():
            register_secret(value)
        install_log_scrubber()
        # Hiding and replying need user context: OAuth 1.0a keys, or else an OAuth 2.0 user token. An
        # app-only bearer token alone is refused here, not at the first hide (where tweepy would raise a
        # bare TypeError and X would answer 403).
        oauth1 = all(creds.get(role) for role in X_OAUTH1_ROLES)
        user_token = creds.get("user_token")
        if not oauth1 and not user_token:
            unset = [
                f"{page.credential_env[r]} ({r})"
                for r in (*X_OAUTH1_ROLES, "user_token")
                if r in page.credential_env and not creds.get(r)
            ]
            raise MissingSecret(
                f"page {page.name!r}: {X_USER_CONTEXT_HELP}; not set: {', '.join(unset) or 'none configured'}"
            )
        self.pacer = pacer or Pacer(self.platform, clock=clock, sleep=sleep)
        # wait_on_rate_limit stays off: tweepy would sleep (or retry forever) inside a poll.
        self._client = tweepy.Client(
            bearer_token=creds.get("bearer_token") if oauth1 else user_token,
            consumer_key=creds.get("consumer_key") if oauth1 else None,
            consumer_secret=creds.get("consumer_secret") if oauth1 else None,
            access_token=creds.get("access_token") if oauth1 else None,
            access_token_secret=creds.get("access_token_secret") if oauth1 else None,
            return_type=dict,
            wait_on_rate_limit=False,
        )
        # tweepy's user_auth=True means OAuth 1.0a; an OAuth 2.0 user token travels as the bearer token.
        self._act_user_auth = oauth1
        _, self._adapter = paced_session(
            self.pacer,
            x_rate_info,
            page.timeout_seconds,
            base_url=page.base_url,
            rewrite_from=X_HOST_URL,
            session=self._client.session,
            bucket=x_bucket,
        )
        # Reads use the app bearer token when there is one (higher search limits), else user context.
        self._read_user_auth = oauth1 and not creds.get("bearer_token")
        self.calls = 0

    @property
    def requests_sent(self) -> int:
        return self._adapter.requests_sent

    def close(self) -> None:
        self._client.session.close()

    # --- one narrow call layer ---

    def _run(self, what: str, fn: Callable[[], Any]) -> Any:
        self.calls += 1
        try:
            return fn()
        except PlatformError:
            raise
        except tweepy.TooManyRequests as exc:
            # The adapter has already blocked this endpoint's bucket until the advertised reset.
            request = exc.response.request
            bucket = self._adapter.bucket_of(request) if request is not None else ""
            retry_at = self.pacer.limit_lifts_at(bucket)
            raise RateLimited(
                f"x: {what}: rate limited", retry_at=retry_at, status=429, platform=self.platform
            ) from None
        except tweepy.Unauthorized:
            raise AuthError(
                f"x: {what}: unauthorized (token invalid or revoked)", status=401, platform=self.platform
            ) from None
        except tweepy.NotFound:
            raise NotFound(f"x: {what}: not found", status=404, platform=self.platform) from None
        except tweepy.Forbidden as exc:
            problem = _problem(exc.response)
            detail = redact(str(problem.get("detail") or "; ".join(map(str, exc.api_messages)))[:300])
            if problem.get("type") == UNSUPPORTED_AUTH_TYPE:
                raise PermissionDenied(
                    f"x: {what}: {detail} ({X_USER_CONTEXT_HELP})", status=403, platform=self.platform
                ) from None
            if what == "hide" and _HIDE_CAP.search(detail):
                raise HiddenReplyCapReached(
                    f"x: hide: {detail} (X hides at most {HIDDEN_REPLY_CAP} replies per conversation)",
                    status=403,
                    platform=self.platform,
                ) from None
            raise PermanentError(
                f"x: {what}: HTTP 403: {detail}", status=403, platform=self.platform
            ) from None
        except tweepy.TwitterServerError as exc:
            status = exc.response.status_code
            raise TransientError(f"x: {what}: HTTP {status}", status=status, platform=self.platform) from None
        except tweepy.HTTPException as exc:
            status = exc.response.status_code
            detail = redact("; ".join(str(m) for m in exc.api_messages)[:300])
            raise PermanentError(
                f"x: {what}: HTTP {status}: {detail}", status=status, platform=self.platform
            ) from None
        except requests.Timeout:
            raise TransientError(f"x: {what}: request timed out", platform=self.platform) from None
        except requests.ConnectionError:
            raise TransientError(f"x: {what}: connection failed", platform=self.platform) from None
        except requests.RequestException as exc:
            raise TransientError(
                f"x: {what}: HTTP error {type(exc).__name__}", platform=self.platform
            ) from None
        except ValueError:
            raise TransientError(f"x: {what}: malformed response", platform=self.platform) from None
        except TypeError:
            # tweepy's OAuth 1.0a signing without keys ("Consumer key must be string or bytes").
            raise PermissionDenied(
                f"x: {what}: no user-context credentials ({X_USER_CONTEXT_HELP})", platform=self.platform
            ) from None
        except tweepy.TweepyException as exc:
            raise PermanentError(redact(f"x: {what}: {type(exc).__name__}"), platform=self.platform) from None

    def _check_shape(self, what: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise TransientError(f"x: {what}: unexpected response shape", platform=self.platform)
        return body

    # --- reading ---

    def _recent_posts(self) -> list[dict[str, Any]]:
        body = self._run(
            "list posts",
            lambda: self._client.get_users_tweets(
                self.page.page_id,
                max_results=max(5, min(self.page.posts_limit, 100)),
                # The account's own replies (modbot's among them) and retweets are not posts to watch.
                exclude=["replies", "retweets"],
                tweet_fields=["created_at", "conversation_id"],
                user_auth=self._read_user_auth,
            ),
        )
        return list(self._check_shape("list posts", body).get("data") or [])

    def _replies(self, post_id: str, since_id: str | None) -> Iterator[dict[str, Any]]:
        """Every result page of one conversation's replies newer than since_id. A since_id the search window
        no longer reaches is replaced by the window's start (the caller drops what it has seen by id)."""
        now = self.pacer.clock()
        start_time: datetime | None = None
        if since_id and tweet_time(since_id) < now - SINCE_ID_MAX_AGE.total_seconds():
            since_id, start_time = None, datetime.fromtimestamp(now, UTC) - SINCE_ID_MAX_AGE
        try:
            yield from self._search_replies(post_id, since_id, start_time)
        except PermanentError as exc:
            # Our clock may trail X's: the same refusal for a since_id we judged recent enough. X names
            # the window's edge in the message; start a minute inside it.
            if not (since_id and exc.status == 400 and "'since_id'" in str(exc)):
                raise
            edge = _WINDOW_EDGE.search(str(exc))
            start_time = (
                parse_time(edge.group(1)) + timedelta(minutes=1)
                if edge
                else datetime.fromtimestamp(now, UTC) - SINCE_ID_MAX_AGE + timedelta(minutes=10)
            )
            yield from self._search_replies(post_id, None, start_time)

    def _search_replies(
        self, post_id: str, since_id: str | None, start_time: datetime | None
    ) -> Iterator[dict[str, Any]]:
        next_token: str | None = None
        while True:
            params: dict[str, Any] = {
                "expansions": ["author_id", "attachments.media_keys"],
                "tweet_fields": TWEET_FIELDS,
                "media_fields": ["url", "type", "preview_image_url"],
                "user_fields": ["username", "name"],
                "max_results": 100,
                "user_auth": self._read_user_auth,
            }
            if since_id:
                params["since_id"] = since_id
            elif start_time is not None:
                params["start_time"] = start_time.strftime("%Y-%m-%dT%H:%M:%SZ")
            if next_token:
                params["next_token"] = next_token
            body = self._check_shape(
                "search replies",
                self._run(
                    "search replies",
                    functools.partial(
                        self._client.search_recent_tweets, f"conversation_id:{post_id} is:reply", **params
                    ),
                ),
            )
            yield body
            next_token = (body.get("meta") or {}).get("next_token")
            if not next_token:
                return

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        """Replies in each recent post's conversation newer than that post's since_id (ids grow with time)."""
        self.calls = 0
        old = dict((cursor or {}).get("posts") or {})
        new_cursor: dict[str, str] = {}
        comments: list[Comment] = []
        complete: list[CompleteListing] = []
        window_start = datetime.fromtimestamp(self.pacer.clock(), UTC) - SEARCH_WINDOW
        posts: list[FetchedPost] = []
        for post in self._recent_posts():
            post_id = str(post["id"])
            posts.append(self.to_post(post))
            since_id = old.get(post_id)
            newest = int(since_id) if since_id else 0
            seen: set[str] = set()
            listed: set[str] = set()
            for body in self._replies(post_id, since_id):
                includes = body.get("includes") or {}
                users = {u.get("id"): u for u in includes.get("users") or []}
                media = {m.get("media_key"): m for m in includes.get("media") or []}
                for raw in body.get("data") or []:
                    tweet_id = str(raw["id"])
                    listed.add(tweet_id)
                    if tweet_id in seen or (since_id and int(tweet_id) <= int(since_id)):
                        continue
                    seen.add(tweet_id)
                    comments.append(self.to_comment(raw, post_id, users, media))
                    newest = max(newest, int(tweet_id))
            if newest:
                new_cursor[post_id] = str(newest)
            if not since_id:
                # Every page of the conversation was read, but search sees only the last seven days.
                complete.append(CompleteListing(frozenset(listed), post_id=post_id, since=window_start))
        comments.sort(key=lambda c: (c.created_at, int(c.id)))
        return FetchResult(
            comments=comments,
            cursor=XCursor(posts=new_cursor),
            api_calls=self.calls,
            complete=tuple(complete),
            posts=tuple(posts),
        )

    def to_post(self, raw: Mapping[str, Any]) -> FetchedPost:
        """A conversation's root tweet from the timeline: `text` is a default field of every v2 tweet, so
        the listing already made carries it (no lookup per post)."""
        text = raw.get("text")
        created = raw.get("created_at")
        return FetchedPost(
            post_id=str(raw["id"]),
            text=text if isinstance(text, str) and text.strip() else None,
            created_at=parse_time(created) if isinstance(created, str) else None,
            permalink=f"https://x.com/i/status/{raw['id']}",
        )

    def comments_gone(self, comment_ids: Sequence[str]) -> dict[str, str]:
        """GET /2/tweets?ids=… (100 per call): a deleted reply comes back as a resource-not-found error.

        A hidden reply is still returned; a protected or suspended author's reply is an authorization
        error, which is not a deletion and is not counted as one."""
        gone: dict[str, str] = {}
        ids = list(dict.fromkeys(comment_ids))
        for i in range(0, len(ids), LOOKUP_BATCH):
            batch = ids[i : i + LOOKUP_BATCH]
            body = self._check_shape(
                "lookup many",
                self._run(
                    "lookup many",
                    functools.partial(self._client.get_tweets, batch, user_auth=self._read_user_auth),
                ),
            )
            found = {str(t.get("id")) for t in body.get("data") or []}
            for error in body.get("errors") or []:
                tweet_id = str(error.get("resource_id") or error.get("value") or "")
                if tweet_id in batch and tweet_id not in found and error.get("type") == NOT_FOUND_TYPE:
                    gone[tweet_id] = f"GET /2/tweets?ids: {error.get('title')}: {error.get('detail')}"[:300]
        return gone

    def to_comment(
        self,
        raw: Mapping[str, Any],
        post_id: str,
        users: Mapping[str, Mapping[str, Any]],
        media_by_key: Mapping[str, Mapping[str, Any]],
    ) -> Comment:
        author_id = raw.get("author_id")
        username = (users.get(author_id) or {}).get("username") if author_id else None
        replied_to = next(
            (ref.get("id") for ref in raw.get("referenced_tweets") or [] if ref.get("type") == "replied_to"),
            None,
        )
        media: list[Media] = []
        for key in (raw.get("attachments") or {}).get("media_keys") or []:
            entry = media_by_key.get(key) or {}
            kind = MEDIA_KINDS.get(str(entry.get("type")), MediaKind.OTHER)
            preview = entry.get("preview_image_url")
            media.append(Media(kind, entry.get("url") or preview, preview_url=preview))
        for url in (raw.get("entities") or {}).get("urls") or []:
            # An attachment is also listed as a t.co link to its own page (".../photo/1"): count it once.
            expanded = str(url.get("expanded_url") or url.get("url") or "")
            if url.get("media_key") or _MEDIA_PAGE.search(expanded):
                continue
            media.append(Media(MediaKind.LINK, expanded or None))
        return Comment(
            platform=self.platform,
            page_id=self.page.page_id,
            post_id=str(raw.get("conversation_id") or post_id),
            id=str(raw["id"]),
            text=raw.get("text") or "",
            created_at=parse_time(raw["created_at"]),
            author_id=author_id,
            author_name=username,
            parent_id=str(replied_to) if replied_to and str(replied_to) != post_id else None,
            permalink=f"https://x.com/{username or 'i'}/status/{raw['id']}",
            media=tuple(media),
            is_hidden=False,  # the v2 API does not say whether a reply is hidden
            raw=dict(raw),
        )

    def comment_state(self, comment_id: str) -> CommentState:
        try:
            body = self._check_shape(
                "lookup",
                self._run(
                    "lookup", lambda: self._client.get_tweet(comment_id, user_auth=self._read_user_auth)
                ),
            )
        except NotFound:
            return CommentState(exists=False)
        if not body.get("data"):
            return CommentState(exists=False)
        ours = self._replies_by_page(comment_id)
        return CommentState(
            exists=True,
            hidden=None,
            removed=False,
            replies_by_us=tuple(ours),
            extra={"reply_texts": ours},
        )

    def _replies_by_page(self, tweet_id: str) -> dict[str, str]:
        """Id → text of the account's own replies to one tweet (recent search: the last seven days).

        One search, both conditions in the query; the filter below re-checks them, so that a looser
        answer (or an operator the API ignores) can never make someone else's reply count as ours.
        """
        ours: dict[str, str] = {}
        next_token: str | None = None
        for _ in range(5):  # the account replies to one tweet a handful of times at most
            params: dict[str, Any] = {
                "tweet_fields": ["author_id", "referenced_tweets"],
                "max_results": 100,
                "user_auth": self._read_user_auth,
            }
            if next_token:
                params["next_token"] = next_token
            body = self._check_shape(
                "search own replies",
                self._run(
                    "search own replies",
                    functools.partial(
                        self._client.search_recent_tweets,
                        f"in_reply_to_tweet_id:{tweet_id} from:{self.page.page_id}",
                        **params,
                    ),
                ),
            )
            for raw in body.get("data") or []:
                replied_to = {
                    str(ref.get("id"))
                    for ref in raw.get("referenced_tweets") or []
                    if ref.get("type") == "replied_to"
                }
                if str(raw.get("author_id")) == self.page.page_id and tweet_id in replied_to:
                    ours[str(raw["id"])] = str(raw.get("text") or "")
            next_token = (body.get("meta") or {}).get("next_token")
            if not next_token:
                break
        return ours

    # --- actions ---

    def _set_hidden(self, comment_id: str, hidden: bool) -> ActionResponse:
        action = "hide" if hidden else "unhide"
        call = self._client.hide_reply if hidden else self._client.unhide_reply
        try:
            body = self._run(action, lambda: call(comment_id, user_auth=self._act_user_auth))
        except NotFound:
            return action_result(action, comment_id, already="gone")
        return action_result(action, comment_id, response=body)

    def hide_comment(self, comment_id: str) -> ActionResponse:
        return self._set_hidden(comment_id, True)

    def unhide_comment(self, comment_id: str) -> ActionResponse:
        return self._set_hidden(comment_id, False)

    def reply_to_comment(self, comment_id: str, text: str) -> ActionResponse:
        try:
            body = self._run(
                "reply",
                lambda: self._client.create_tweet(
                    text=text, in_reply_to_tweet_id=comment_id, user_auth=self._act_user_auth
                ),
            )
        except NotFound:
            return action_result("reply", comment_id, already="gone", reply_id=None)
        except PermanentError as exc:
            if exc.status == 403 and "deleted" in str(exc):
                return action_result("reply", comment_id, already="gone", reply_id=None)
            raise
        return action_result("reply", comment_id, reply_id=((body or {}).get("data") or {}).get("id"))


class HiddenReplyCapReached(NeedsPerson):
    """The conversation already has as many hidden replies as X allows: a person must decide."""


_HIDE_CAP = re.compile(r"maximum|limit|725", re.I)


def _problem(response: requests.Response | None) -> dict[str, Any]:
    """An X error body (RFC 7807 problem: title, detail, type), or {} if it is not JSON."""
    try:
        body = response.json() if response is not None else {}
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def tweet_time(tweet_id: str | int) -> float:
    """Epoch seconds at which a tweet id (a snowflake) was made."""
    return ((int(tweet_id) >> 22) + X_EPOCH_MS) / 1000.0


_NUMERIC_SEGMENT = re.compile(r"/\d+")
_MEDIA_PAGE = re.compile(r"^https?://(?:x|twitter)\.com/[^/]+/status/\d+/(?:photo|video)/\d+$")
_WINDOW_EDGE = re.compile(r"created after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)")


def x_bucket(method: str, path: str) -> str:
    """X budgets each endpoint separately: "PUT /2/tweets/:id/hidden", "GET /2/tweets/search/recent"..."""
    return method + " " + _NUMERIC_SEGMENT.sub("/:id", path)
