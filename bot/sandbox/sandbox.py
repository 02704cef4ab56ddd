"""The Sandbox: four loopback platform servers sharing one world, with helpers for tests and the demo."""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.config import PageConfig
from bot.domain import Platform
from bot.sandbox.media import EXTENSIONS as SANDBOX_MEDIA_KINDS
from bot.sandbox.media import new_media_path
from bot.sandbox.servers import SERVER_CLASSES, PlatformServer, RedditTokenServer
from bot.sandbox.state import MEDIA_KINDS, PLATFORMS, Faults, Item, RequestRecord, World

# Fake credentials: long and distinctive so a test can search logs and errors for them.
SANDBOX_SECRETS: dict[str, dict[str, str]] = {
    "facebook": {"token": "EAAGsandboxFacebookPageToken7f3a9c1d2e"},
    "instagram": {"token": "IGQVsandboxInstagramToken51be20aa77"},
    "x": {
        "bearer_token": "AAAAsandboxXBearerTokenC0ffee123456",
        "consumer_key": "sandboxXConsumerKey1a2b3c",
        "consumer_secret": "sandboxXConsumerSecret3c4d5e6f",
        "access_token": "1500-sandboxXAccessToken5e6f7a8b",
        "access_token_secret": "sandboxXAccessTokenSecret7a8b9c",
        # An OAuth 2.0 user access token (user context, like the OAuth 1.0a keys above).
        "user_token": "sandboxXOAuth2UserToken4d5e6f7a8b",
    },
    "reddit": {
        "client_id": "sandboxRedditClientId",
        "client_secret": "sandboxRedditClientSecret9d0e1f",
        "username": "LCPD_modbot",
        "password": "sandboxRedditPasswordF1f2f3",
    },
}
ENV_PREFIX = {"facebook": "FB", "instagram": "IG", "x": "X", "reddit": "REDDIT"}
PAGE_IDS = {
    "facebook": "104729381234567",
    "instagram": "17841405822304914",
    "x": "783214",
    "reddit": "LasCrucesPD",
}
PAGE_NAMES = {
    "facebook": "Las Cruces Police Department",
    "instagram": "lascrucespd",
    "x": "LCPD",
    "reddit": "LCPD_modbot",
}
# Generous defaults (calls per window) so normal traffic never paces; tests lower them with set_budget().
DEFAULT_BUDGETS = {
    "facebook": (1_000_000, 3600.0),
    "instagram": (1_000_000, 3600.0),
    "x": (1_000_000, 900.0),
    "reddit": (1_000_000, 600.0),
}

MediaSpec = tuple[str, str] | str | Any


def env_var(platform: str, role: str) -> str:
    return f"MODBOT_SANDBOX_{ENV_PREFIX[platform]}_{role.upper()}"


class Sandbox:
    """Start with `Sandbox.start(seed="demo")`; stop with `.stop()` (or use it as a context manager)."""

    def __init__(self) -> None:
        self.world = World()
        self.world.page_ids.update(PAGE_IDS)
        self.world.page_names.update(PAGE_NAMES)
        self.faults = Faults()
        self.tokens = {p: SANDBOX_SECRETS[p]["token"] for p in ("facebook", "instagram")}
        self.x_credentials = dict(SANDBOX_SECRETS["x"])
        self.reddit_credentials = dict(SANDBOX_SECRETS["reddit"])
        self.reddit_username = self.reddit_credentials["username"]
        self.reddit_tokens: set[str] = set()
        # Permissions the Graph tokens were granted; revoke_permission() takes one away.
        self.graph_permissions: dict[str, set[str]] = {
            "facebook": {"pages_read_engagement", "pages_manage_engagement"},
            "instagram": {"instagram_basic", "instagram_manage_comments"},
        }
        # Largest `limit` a Graph list request may ask for before Graph answers with a non-JSON page.
        self.graph_data_limit: dict[str, int | None] = {"facebook": None, "instagram": None}
        self.x_hidden_reply_cap = 725  # X hides at most this many replies per conversation
        self.budgets: dict[str, tuple[int, float]] = dict(DEFAULT_BUDGETS)
        # X only: a budget for one endpoint ("hidden", "search"...), on its own window.
        self.endpoint_budgets: dict[tuple[str, str], tuple[int, float]] = {}
        self.servers: dict[str, PlatformServer] = {}
        # Hosts that only issue tokens (Reddit's www.reddit.com), by platform.
        self.token_servers: dict[str, PlatformServer] = {}
        self._threads: list[threading.Thread] = []
        self._log: list[RequestRecord] = []
        # Called as hook(platform, endpoint, params) when a request arrives, before it is answered:
        # lets a test add a comment in the middle of a paged fetch.
        self.hooks: list[Callable[[str, str, dict[str, str]], None]] = []
        self._log_lock = threading.Lock()

    @classmethod
    def start(
        cls,
        seed: str | Callable[[Sandbox], None] | None = "demo",
        *,
        host: str = "127.0.0.1",
        ports: Mapping[str, int] | None = None,
        platforms: Iterable[str] = PLATFORMS,
        bulk_posts: int = 25,
        bulk_comments: int = 400,
    ) -> Sandbox:
        """Seed the world ("demo", "bulk", "empty"/None, or a function), then serve every platform."""
        sandbox = cls()
        from bot.sandbox import seeds

        if seed == "demo":
            seeds.seed_demo(sandbox)
        elif seed == "bulk":
            seeds.seed_bulk(sandbox, posts=bulk_posts, comments_per_post=bulk_comments)
        elif callable(seed):
            seed(sandbox)
        elif seed not in (None, "empty"):
            raise ValueError(f"unknown seed {seed!r}; use demo, bulk or empty")
        for platform in platforms:
            port = (ports or {}).get(platform, 0)
            sandbox.servers[platform] = sandbox._serve(SERVER_CLASSES[platform](sandbox, host, port))
            if platform == "reddit":
                token_port = (ports or {}).get("reddit_token", 0)
                sandbox.token_servers[platform] = sandbox._serve(RedditTokenServer(sandbox, host, token_port))
        return sandbox

    def _serve(self, server: PlatformServer) -> PlatformServer:
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-{type(server).__name__}",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)
        return server

    def stop(self) -> None:
        for server in [*self.servers.values(), *self.token_servers.values()]:
            server.stopping.set()
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- configuration for clients ---

    def base_url(self, platform: str | Platform) -> str:
        platform = str(platform)
        url = self.servers[platform].base_url
        # Graph URLs are joined as base + "v25.0/...", so they keep a trailing slash like the default.
        return url + "/" if platform in ("facebook", "instagram") else url

    def token_url(self, platform: str | Platform) -> str | None:
        """The host that issues tokens, where the platform has a separate one (Reddit's www host)."""
        server = self.token_servers.get(str(platform))
        return server.base_url if server is not None else None

    @property
    def environ(self) -> dict[str, str]:
        """Every fake credential under the environment variable names page_config() uses."""
        return {
            env_var(p, role): value for p, creds in SANDBOX_SECRETS.items() for role, value in creds.items()
        }

    def page_config(self, platform: str | Platform, **overrides: Any) -> PageConfig:
        """A PageConfig pointed at this sandbox; pass `environ=sandbox.environ` to the connector."""
        platform = str(platform)
        fields: dict[str, Any] = {
            "name": f"sandbox-{platform}",
            "platform": Platform(platform),
            "page_id": PAGE_IDS[platform],
            "credential_env": {role: env_var(platform, role) for role in SANDBOX_SECRETS[platform]},
            "base_url": self.base_url(platform),
            "timeout_seconds": 5.0,
        }
        if self.token_url(platform):
            fields["token_url"] = self.token_url(platform)
        fields.update(overrides)
        return PageConfig(**fields)

    def set_budget(self, platform: str, limit: int, window_seconds: float) -> None:
        """Lower a platform's advertised rate-limit budget (calls per window) to exercise pacing."""
        self.budgets[platform] = (limit, window_seconds)
        server = self.servers.get(platform)
        if server is not None:
            server.window_start, server.window_calls = time.time(), 0
            getattr(server, "endpoint_windows", {}).clear()

    def revoke_permission(self, platform: str, permission: str) -> None:
        """The page admin removes one permission from the Graph token (it stays valid otherwise)."""
        self.graph_permissions[platform].discard(permission)

    def set_endpoint_budget(self, platform: str, endpoint: str, limit: int, window_seconds: float) -> None:
        """Give one X endpoint its own budget, as X does (e.g. hide replies: 50 per 15 minutes)."""
        if platform != "x":
            raise ValueError("only X budgets endpoints separately")
        self.endpoint_budgets[(platform, endpoint)] = (limit, window_seconds)
        server = self.servers.get(platform)
        if server is not None:
            server.endpoint_windows.pop(endpoint, None)  # type: ignore[attr-defined]

    def clear_faults(self) -> None:
        self.faults.clear()

    def issue_reddit_token(self) -> str:
        token = "sandbox-reddit-bearer-" + secrets.token_hex(8)
        self.reddit_tokens.add(token)
        return token

    # --- request log ---

    def log_request(self, record: RequestRecord) -> None:
        with self._log_lock:
            self._log.append(record)

    @property
    def requests(self) -> list[RequestRecord]:
        with self._log_lock:
            return list(self._log)

    def clear_requests(self) -> None:
        with self._log_lock:
            self._log.clear()

    # --- world ---

    def insert_post(
        self, platform: str, text: str, *, created: float | None = None, title: str | None = None
    ) -> Item:
        world = self.world
        created = time.time() if created is None else created
        item = Item(
            platform=platform,
            id=world.new_id(platform, created=created),
            post_id=None,
            text=text,
            created=created,
            seq=world.next_seq(),
            author_id=PAGE_IDS[platform],
            author_name=PAGE_NAMES[platform],
            by_page=True,
            title=title,
        )
        return world.add(item)

    def insert_comment(
        self,
        platform: str,
        post_id: str,
        text: str,
        *,
        author: str | tuple[str, str] | None = None,
        media: Iterable[MediaSpec] = (),
        parent: str | None = None,
        created: float | None = None,
        by_page: bool = False,
    ) -> Item:
        world = self.world
        with world.lock:
            if world.get(platform, post_id) is None:
                raise KeyError(f"{platform}: no post {post_id!r}")
            if by_page:
                author_id, author_name = PAGE_IDS[platform], PAGE_NAMES[platform]
            else:
                author_id, author_name = author_identity(platform, author)
            created = time.time() if created is None else created
            item = Item(
                platform=platform,
                id=world.new_id(platform, post_id, created),
                post_id=post_id,
                text=text,
                created=created,
                seq=world.next_seq(),
                author_id=author_id,
                author_name=author_name,
                parent_id=parent,
                media=[_media(m, text) for m in media],
                by_page=by_page,
            )
            return world.add(item)

    def add_post(
        self,
        platform: str | Platform,
        text: str,
        *,
        created_at: float | None = None,
        title: str | None = None,
    ) -> str:
        """Add a post by the page; on Reddit `title` sets the submission's title apart from its selftext."""
        return self.insert_post(str(platform), text, created=created_at, title=title).id

    def add_comment(
        self,
        platform: str | Platform,
        post_id: str,
        text: str,
        *,
        author: str | tuple[str, str] | None = None,
        media: Iterable[MediaSpec] = (),
        parent: str | None = None,
        created_at: float | None = None,
    ) -> str:
        """Add a comment (or a reply, with `parent`) as a member of the public would; returns its id."""
        return self.insert_comment(
            str(platform), post_id, text, author=author, media=media, parent=parent, created=created_at
        ).id

    def edit_comment(self, platform: str | Platform, comment_id: str, text: str) -> None:
        """The author edits their comment: same id and time, new text."""
        with self.world.lock:
            item = self.world.get(str(platform), comment_id)
            if item is None:
                raise KeyError(comment_id)
            item.text = text

    def add_retweet(self, tweet_id: str, *, created_at: float | None = None) -> str:
        """The X account retweets a tweet: an entry of its timeline unless retweets are excluded."""
        item = self.insert_post("x", f"RT @someone: retweet of {tweet_id}", created=created_at)
        item.retweet_of = tweet_id
        return item.id

    def automod_filter(self, comment_id: str) -> None:
        """Reddit's AutoModerator filters a comment: held for moderators, shown to nobody else."""
        with self.world.lock:
            item = self.world.get("reddit", comment_id)
            if item is None:
                raise KeyError(comment_id)
            item.filtered_by = "AutoModerator"

    def delete_comment(self, platform: str | Platform, comment_id: str) -> None:
        """The author deletes their comment (outside the bot's control)."""
        with self.world.lock:
            item = self.world.get(str(platform), comment_id)
            if item is None:
                raise KeyError(comment_id)
            item.deleted = True

    def posts(self, platform: str | Platform) -> list[str]:
        """The page's post ids, newest first."""
        with self.world.lock:
            return list(reversed(self.world.posts[str(platform)].ids))

    def comment_ids(self, platform: str | Platform, post_id: str | None = None) -> list[str]:
        """Live comment ids, oldest first (of one post, or of the whole platform)."""
        world = self.world
        with world.lock:
            index = (
                world.comments_by_platform[str(platform)]
                if post_id is None
                else world.comments_by_post[(str(platform), post_id)]
            )
            return [i for i in index.ids if not world.items[(str(platform), i)].deleted]

    def comment(self, platform: str | Platform, comment_id: str) -> dict[str, Any] | None:
        """A comment's current state (hidden, deleted, removed, approved, reports...), or None if unknown."""
        with self.world.lock:
            item = self.world.get(str(platform), comment_id)
            return item.state() if item else None

    def replies_to(self, platform: str | Platform, comment_id: str) -> list[dict[str, Any]]:
        world = self.world
        with world.lock:
            index = world.children.get((str(platform), comment_id))
            return [world.items[(str(platform), i)].state() for i in (index.ids if index else [])]

    def state_json(self, platform: str) -> dict[str, Any]:
        world = self.world
        with world.lock:
            posts = [world.items[(platform, i)].state() for i in world.posts[platform].ids]
            comments = [world.items[(platform, i)].state() for i in world.comments_by_platform[platform].ids]
        return {
            "platform": platform,
            "page_id": PAGE_IDS[platform],
            "posts": posts,
            "comments": comments,
            "requests": sum(1 for r in self.requests if r.platform == platform),
        }


_anon = itertools.count(1)


def author_identity(platform: str, author: str | tuple[str, str] | None) -> tuple[str, str]:
    """(id, name) for an author given by name; ids are stable per name and look like the platform's."""
    if isinstance(author, tuple):
        return author
    name = author or f"user{next(_anon)}"
    n = zlib.crc32(name.encode())
    if platform == "facebook":
        return str(100000000000000 + n), name
    if platform == "instagram":
        return str(17841400000000000 + n), name.lower().replace(" ", "_")
    if platform == "x":
        return str(10_000_000 + n), name.replace(" ", "")
    return format(n, "x"), name.replace(" ", "_")


def _media(spec: MediaSpec, text: str = "") -> tuple[str, str]:
    if isinstance(spec, str):
        kind, url = spec, ""
    elif isinstance(spec, tuple):
        kind, url = spec
    else:
        kind, url = str(spec.kind), spec.url or ""
    if kind not in MEDIA_KINDS:
        raise ValueError(f"media kind {kind!r} is not one of {', '.join(MEDIA_KINDS)}")
    if not url and kind == "link":
        found = re.search(r"(?:https?://|www\.)\S+", text)
        url = found.group(0) if found else ""
    if not url and kind in SANDBOX_MEDIA_KINDS:
        # Served by the sandbox itself (real PNG/GIF bytes), on the host of whichever server renders it.
        url = new_media_path(kind)
    if not url:
        ext = {"link": "html", "other": "bin"}[kind]
        url = f"https://media.example.org/sandbox/{secrets.token_hex(4)}.{ext}"
    return kind, url
