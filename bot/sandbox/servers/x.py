"""X API v2: the account's timeline, recent search, tweet lookup, hide replies and replies, budgeted per endpoint."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.sandbox import media as sandbox_media
from bot.sandbox.servers.base import (
    JSON,
    PlatformServer,
    Reply,
    SandboxHandler,
    decode_cursor,
    encode_cursor,
    int_param,
    walk,
)
from bot.sandbox.state import Fault, Item, SortedIndex, snowflake, snowflake_time

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

X_MEDIA = {"photo": ("3", "photo"), "video": ("7", "video"), "gif": ("16", "animated_gif")}
X_SEARCH_WINDOW_SECONDS = 7 * 86400.0
X_OPERATOR_ALIASES = {"in_reply_to_status_id": "in_reply_to_tweet_id"}
# Operators the sandbox understands, with the values X accepts for each (from: takes a username or an id).
X_OPERATOR_VALUES = {"conversation_id": r"\d+", "in_reply_to_tweet_id": r"\d+", "from": r"\w{1,20}"}


def x_time(ts: float) -> str:
    dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


class XServer(PlatformServer):
    """X API v2: the account's tweets, recent search by conversation, tweet lookup, hide replies."""

    platform = "x"

    def __init__(self, sandbox: Sandbox, host: str, port: int) -> None:
        self.endpoint_windows: dict[str, tuple[float, int]] = {}  # endpoint -> (window start, calls)
        super().__init__(sandbox, host, port)

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            ("GET", r"/2/users/(?P<user>\d+)/tweets", "tweets", XServer.user_tweets),
            ("GET", r"/2/tweets/search/recent", "search", XServer.search_recent),
            ("PUT", r"/2/tweets/(?P<tweet>\d+)/hidden", "hidden", XServer.hide_reply),
            ("GET", r"/2/tweets/(?P<tweet>\d+)", "lookup", XServer.lookup),
            ("GET", r"/2/tweets", "lookup_many", XServer.lookup_many),
            ("POST", r"/2/tweets", "reply", XServer.create_tweet),
        ]

    @staticmethod
    def problem(status: int, title: str, detail: str) -> Reply:
        return Reply(status, {"title": title, "detail": detail, "type": "about:blank", "status": status})

    def not_found_body(self, path: str) -> JSON:
        return {"errors": [{"message": "Sorry, that page does not exist", "code": 34}]}

    def malformed_body_reply(self) -> Reply:
        return self.problem(400, "Invalid Request", "One or more parameters to your request was invalid.")

    def count_call(self, endpoint: str) -> tuple[int, int, float]:
        """X budgets each endpoint on its own window (hide replies: 50 per 15 minutes per user...)."""
        limit, window = (
            self.sandbox.endpoint_budgets.get((self.platform, endpoint))
            or self.sandbox.budgets[self.platform]
        )
        now = time.time()
        with self.world.lock:
            start, calls = self.endpoint_windows.get(endpoint, (now, 0))
            if now - start >= window:
                start, calls = now, 0
            self.endpoint_windows[endpoint] = (start, calls + 1)
            return limit, calls + 1, start + window

    def rate_headers(self, limit: int, used: int, reset_at: float) -> dict[str, str]:
        return {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(limit - used, 0)),
            "x-rate-limit-reset": str(int(reset_at)),
        }

    def check_auth(self, handler: SandboxHandler) -> None:
        auth = handler.headers.get("authorization", "")
        tokens = self.sandbox.x_credentials
        if auth in (f"Bearer {tokens['bearer_token']}", f"Bearer {tokens['user_token']}"):
            return
        # OAuth 1.0a signatures are computed for api.twitter.com, so only the consumer key is checked.
        if auth.startswith("OAuth ") and f'oauth_consumer_key="{tokens["consumer_key"]}"' in auth:
            return
        raise self.problem(401, "Unauthorized", "Unauthorized")

    def fault_reply(self, fault: Fault) -> Reply:
        if fault.kind == "429":
            reply = self.problem(429, "Too Many Requests", "Too Many Requests")
            limit = self.sandbox.budgets[self.platform][0]
            reply.headers = {
                "x-rate-limit-limit": str(limit),
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(int(time.time() + fault.reset_seconds)),
            }
            return reply
        if fault.kind == "expired_token":
            return self.problem(401, "Unauthorized", "Unauthorized")
        if fault.kind == "500":
            return self.problem(500, "Internal Server Error", "Internal Server Error")
        return self.problem(503, "Service Unavailable", "Service Unavailable")

    def render_tweet(self, item: Item, fields: set[str]) -> JSON:
        obj: JSON = {"id": item.id, "text": item.text, "edit_history_tweet_ids": [item.id]}
        full: JSON = {
            "author_id": item.author_id,
            "created_at": x_time(item.created),
            "conversation_id": item.post_id or item.id,
        }
        if item.retweet_of:
            full["referenced_tweets"] = [{"type": "retweeted", "id": item.retweet_of}]
        if item.post_id:
            parent = self.world.get(self.platform, item.parent_id or item.post_id)
            full["in_reply_to_user_id"] = parent.author_id if parent else None
            full["referenced_tweets"] = [{"type": "replied_to", "id": item.parent_id or item.post_id}]
        keys = self.media_keys(item)
        if keys:
            full["attachments"] = {"media_keys": keys}
        urls: list[JSON] = [
            {"start": 0, "end": 23, "url": "https://t.co/sandbox", "expanded_url": url}
            for kind, url in item.media
            if kind == "link"
        ]
        # An attached photo or video also appears as a t.co link to its own page, with its media_key.
        name = item.author_name or "i"
        for n, key in enumerate(keys, start=1):
            medium = "video" if key.startswith(("7_", "16_")) else "photo"
            urls.append(
                {
                    "start": len(item.text) + 1,
                    "end": len(item.text) + 24,
                    "url": f"https://t.co/m{key.replace('_', '')}",
                    "expanded_url": f"https://x.com/{name}/status/{item.id}/{medium}/{n}",
                    "display_url": f"pic.x.com/m{key.replace('_', '')}",
                    "media_key": key,
                }
            )
        if urls:
            full["entities"] = {"urls": urls}
        obj.update({k: v for k, v in full.items() if k in fields and v is not None})
        return obj

    def media_keys(self, item: Item) -> list[str]:
        return [
            f"{X_MEDIA[kind][0]}_{item.id}{i}" for i, (kind, _) in enumerate(item.media) if kind in X_MEDIA
        ]

    def includes(self, items: list[Item], expansions: set[str]) -> JSON:
        includes: JSON = {}
        if "author_id" in expansions:
            users: dict[str, JSON] = {}
            for item in items:
                if item.author_id and item.author_id not in users:
                    name = item.author_name or item.author_id
                    users[item.author_id] = {"id": item.author_id, "name": name.title(), "username": name}
            if users:
                includes["users"] = list(users.values())
        if "attachments.media_keys" in expansions:
            media = []
            for item in items:
                for i, (kind, url) in enumerate(item.media):
                    if kind not in X_MEDIA:
                        continue
                    entry: JSON = {"media_key": f"{X_MEDIA[kind][0]}_{item.id}{i}", "type": X_MEDIA[kind][1]}
                    url = sandbox_media.absolute(self.base_url, url)
                    entry["url" if kind == "photo" else "preview_image_url"] = (
                        url if kind == "photo" else sandbox_media.poster_of(url)
                    )
                    media.append(entry)
            if media:
                includes["media"] = media
        return includes

    def listing(self, handler: SandboxHandler, items: list[Item], more: bool) -> JSON:
        fields = set(handler.params.get("tweet.fields", "").split(","))
        expansions = set(handler.params.get("expansions", "").split(","))
        if not items:
            return {"meta": {"result_count": 0}}
        body: JSON = {"data": [self.render_tweet(i, fields) for i in items]}
        includes = self.includes(items, expansions)
        if includes:
            body["includes"] = includes
        meta: JSON = {"newest_id": items[0].id, "oldest_id": items[-1].id, "result_count": len(items)}
        if more:
            meta["next_token"] = encode_cursor(items[-1].key)
        body["meta"] = meta
        return body

    def user_tweets(self, handler: SandboxHandler, user: str) -> JSON:
        if user != self.world.page_ids[self.platform]:
            return {"meta": {"result_count": 0}}
        limit = int_param(handler.params.get("max_results"), 10, 5, 100)
        exclude = set(handler.params.get("exclude", "").split(","))
        if not exclude <= {"", "replies", "retweets"}:
            raise self.invalid_request(
                "exclude",
                handler.params["exclude"],
                "The `exclude` query parameter value is not one of [retweets,replies]",
            )
        # The timeline is everything the account wrote, its own replies included, unless excluded.
        index = self.world.posts[self.platform]
        if "replies" not in exclude:
            index = SortedIndex()
            for item in self.world.items.values():
                if item.platform == self.platform and item.by_page:
                    index.add(item)
        skip_retweets = "retweets" in exclude
        items, more = walk(
            self.sandbox,
            self.platform,
            index,
            newest_first=True,
            after=decode_cursor(handler.params.get("pagination_token")),
            limit=limit,
            keep=lambda item: not item.deleted and not (skip_retweets and item.retweet_of),
        )
        return self.listing(handler, items, more)

    def search_recent(self, handler: SandboxHandler) -> JSON:
        """Recent search for the operators the connector uses, ANDed as on X; any other term is a 400."""
        terms = self.parse_query(handler.params.get("query", ""))
        raw_max = handler.params.get("max_results")
        if raw_max is not None and not 10 <= int_param(raw_max, 10, 0, 1000) <= 100:
            raise self.problem(400, "Invalid Request", "max_results must be between 10 and 100")
        world = self.world
        if "in_reply_to_tweet_id" in terms:
            # Top-level comments are indexed under their post, replies under their parent: direct replies.
            index = world.children.get((self.platform, terms["in_reply_to_tweet_id"])) or SortedIndex()
        elif "conversation_id" in terms:
            index = world.comments_by_post.get((self.platform, terms["conversation_id"])) or SortedIndex()
        else:
            index = world.comments_by_platform[self.platform]  # from: alone (replies only, not posts)
        author = terms.get("from", "").lower()
        since_id, start_time = self.search_window(handler)

        def keep(item: Item) -> bool:
            if item.deleted or int(item.id) <= since_id or item.created < start_time:
                return False
            if author and author not in (str(item.author_id), (item.author_name or "").lower()):
                return False
            if "conversation_id" in terms and item.post_id != terms["conversation_id"]:
                return False
            return "is:reply" not in terms or item.post_id is not None

        items, more = walk(
            self.sandbox,
            self.platform,
            index,
            newest_first=True,
            after=decode_cursor(handler.params.get("next_token")),
            limit=int_param(raw_max, 10, 10, 100),
            keep=keep,
        )
        return self.listing(handler, items, more)

    def search_window(self, handler: SandboxHandler) -> tuple[int, float]:
        """(since_id, start_time) of a recent search, refused as X refuses them: recent search covers the
        last seven days, so a since_id or start_time older than that is a 400, and the two cannot be mixed."""
        window_start = time.time() - X_SEARCH_WINDOW_SECONDS
        edge = datetime.fromtimestamp(window_start, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        raw_since, raw_start = handler.params.get("since_id"), handler.params.get("start_time")
        if raw_since and raw_start:
            raise self.invalid_request(
                "start_time",
                raw_start,
                "Invalid use of 'since_id' or 'until_id' in conjunction with 'start_time' or 'end_time'.",
            )
        since_id = 0
        if raw_since:
            if not raw_since.isdigit():
                raise self.invalid_request("since_id", raw_since, f"Invalid 'since_id':'{raw_since}'.")
            since_id = int(raw_since)
            if snowflake_time(since_id) < window_start:
                smallest = snowflake(window_start, 0)
                raise self.invalid_request(
                    "since_id",
                    raw_since,
                    f"Invalid 'since_id':'{raw_since}'. 'since_id' must be a tweet id created after {edge}. "
                    f"Please use a 'since_id' that is larger than {smallest}",
                )
        start_time = window_start
        if raw_start:
            try:
                start_time = datetime.fromisoformat(raw_start.replace("Z", "+00:00")).timestamp()
            except ValueError:
                raise self.invalid_request(
                    "start_time", raw_start, f"Invalid 'start_time':'{raw_start}'."
                ) from None
            if start_time < window_start:
                raise self.invalid_request(
                    "start_time",
                    raw_start,
                    f"Invalid 'start_time':'{raw_start}'. 'start_time' must be on or after {edge}",
                )
        return since_id, start_time

    @staticmethod
    def invalid_request(parameter: str, value: str, message: str) -> Reply:
        """X's 400 for a bad parameter: the problem fields, with the reason in `errors[].message`."""
        return Reply(
            400,
            {
                "errors": [{"parameters": {parameter: [value]}, "message": message}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            },
        )

    def parse_query(self, query: str) -> dict[str, str]:
        """The query's terms as {operator: value}; X rejects a query without a standalone operator."""
        terms: dict[str, str] = {}
        for term in query.split():
            name, _, value = term.partition(":")
            name = X_OPERATOR_ALIASES.get(name, name)
            if term == "is:reply":
                terms["is:reply"] = ""
            elif re.fullmatch(X_OPERATOR_VALUES.get(name, "(?!)"), value):
                terms[name] = value
            else:
                raise self.problem(400, "Invalid Request", f"The sandbox does not support the term {term!r}")
        if not terms.keys() & {"conversation_id", "in_reply_to_tweet_id", "from"}:
            raise self.problem(
                400,
                "Invalid Request",
                "There were errors processing your request: query needs a standalone operator",
            )
        return terms

    def lookup(self, handler: SandboxHandler, tweet: str) -> JSON:
        item = self.world.live(self.platform, tweet)
        if item is None:
            return {
                "errors": [
                    {
                        "value": tweet,
                        "detail": f"Could not find tweet with id: [{tweet}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "id",
                        "resource_id": tweet,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                ]
            }
        fields = set(handler.params.get("tweet.fields", "").split(","))
        return {"data": self.render_tweet(item, fields)}

    def lookup_many(self, handler: SandboxHandler) -> JSON:
        """GET /2/tweets?ids=…: up to 100 ids; found tweets in `data`, each missing one as an error (200)."""
        ids = [i for i in handler.params.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100 or not all(i.isdigit() for i in ids):
            raise self.problem(400, "Invalid Request", "The `ids` query parameter value must be 1 to 100 ids")
        fields = set(handler.params.get("tweet.fields", "").split(","))
        body: JSON = {}
        data = [self.render_tweet(item, fields) for i in ids if (item := self.world.live(self.platform, i))]
        errors = [self.not_found_error(i) for i in ids if self.world.live(self.platform, i) is None]
        if data:
            body["data"] = data
        if errors:
            body["errors"] = errors
        return body

    @staticmethod
    def not_found_error(tweet: str) -> JSON:
        return {
            "value": tweet,
            "detail": f"Could not find tweet with id: [{tweet}].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "ids",
            "resource_id": tweet,
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }

    def require_user_context(self, handler: SandboxHandler) -> None:
        """Hiding and posting need a user: X refuses the app-only bearer token with this 403."""
        if handler.headers.get("authorization", "") == f"Bearer {self.sandbox.x_credentials['bearer_token']}":
            raise Reply(
                403,
                {
                    "title": "Unsupported Authentication",
                    "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
                    "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
                    "type": "https://api.twitter.com/2/problems/unsupported-authentication",
                    "status": 403,
                },
            )

    def hide_reply(self, handler: SandboxHandler, tweet: str) -> JSON:
        self.require_user_context(handler)
        item = self.world.live(self.platform, tweet)
        if item is None:
            raise self.problem(404, "Not Found Error", f"Could not find tweet with id: [{tweet}].")
        if item.post_id is None or item.by_page:
            raise self.problem(403, "Forbidden", "You cannot hide this Tweet.")
        hidden = bool((handler.json_body or {}).get("hidden"))
        if hidden and not item.hidden:
            conversation = self.world.comments_by_post.get((self.platform, item.post_id)) or SortedIndex()
            count = sum(1 for i in conversation.ids if self.world.items[(self.platform, i)].hidden)
            if count >= self.sandbox.x_hidden_reply_cap:
                # X documents the cap (725 per conversation) but not this answer's wording.
                raise self.problem(
                    403,
                    "Forbidden",
                    f"You have reached the maximum number of hidden replies ({self.sandbox.x_hidden_reply_cap}) "
                    "for this conversation.",
                )
        item.hidden = hidden
        return {"data": {"hidden": hidden}}

    def create_tweet(self, handler: SandboxHandler) -> JSON:
        self.require_user_context(handler)
        body = handler.json_body or {}
        parent_id = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if not str(body.get("text") or "").strip() and not body.get("media"):
            # X refuses a tweet with neither text nor media.
            raise self.problem(400, "Invalid Request", "One or more parameters to your request was invalid.")
        parent = self.world.live(self.platform, str(parent_id)) if parent_id else None
        if parent_id and parent is None:
            raise self.problem(
                403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you."
            )
        if parent is None:
            post = self.sandbox.insert_post(self.platform, body.get("text", ""))
            return {"data": {"id": post.id, "text": post.text, "edit_history_tweet_ids": [post.id]}}
        new = self.sandbox.insert_comment(
            self.platform, parent.post_id or parent.id, body.get("text", ""), parent=parent.id, by_page=True
        )
        return {"data": {"id": new.id, "text": new.text, "edit_history_tweet_ids": [new.id]}}
