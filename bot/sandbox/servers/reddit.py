"""Reddit: the OAuth API host (oauth.reddit.com) for one moderated subreddit, and the token host (www.reddit.com)."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox import media as sandbox_media
from bot.sandbox.servers.base import JSON, PlatformServer, Reply, SandboxHandler, int_param, walk
from bot.sandbox.state import Fault, Item

# Reddit throttles agents that do not follow "<platform>:<app ID>:<version> (by /u/<username>)".
REDDIT_AGENT_RULE = re.compile(r"[\w.-]+:[\w.-]+:[\w.-]+ \(by /u/[\w-]{3,20}\)")


class RedditServer(PlatformServer):
    """Reddit OAuth API (oauth.reddit.com) for one subreddit the account moderates: comments listing,
    remove/approve/report. Tokens are issued only by RedditTokenServer (www.reddit.com), as on Reddit."""

    platform = "reddit"

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            # The API host has no token endpoint: a password grant sent here is refused like any
            # unauthenticated API call.
            ("POST", r"/api/v1/access_token/?", "token", RedditServer.token_on_api_host),
            ("GET", r"/r/(?P<sub>[^/]+)/comments/?", "comments", RedditServer.list_comments),
            ("GET", r"/r/(?P<sub>[^/]+)/new/?", "new", RedditServer.list_new),
            ("GET", r"/api/info/?", "info", RedditServer.info),
            (
                "GET",
                r"(?:/r/(?P<sub>[^/]+))?/comments/(?P<link>[0-9a-z]+)(?:/[^/]*(?:/(?P<focus>[0-9a-z]+))?)?/?",
                "thread",
                RedditServer.thread,
            ),
            ("POST", r"/api/remove/?", "remove", RedditServer.remove),
            ("POST", r"/api/approve/?", "approve", RedditServer.approve),
            ("POST", r"/api/report/?", "report", RedditServer.report),
            ("POST", r"/api/comment/?", "comment", RedditServer.comment),
            ("GET", r"/api/v1/me/?", "me", RedditServer.me),
        ]

    def not_found_body(self, path: str) -> JSON:
        return {"message": "Not Found", "error": 404}

    def rate_headers(self, limit: int, used: int, reset_at: float) -> dict[str, str]:
        # Reddit sends all three or none; prawcore depends on that.
        return {
            "x-ratelimit-remaining": f"{max(limit - used, 0):.1f}",
            "x-ratelimit-used": str(used),
            "x-ratelimit-reset": str(max(int(reset_at - time.time()), 0)),
        }

    def check_auth(self, handler: SandboxHandler) -> None:
        auth = handler.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and auth[7:] in self.sandbox.reddit_tokens:
            return
        raise self.invalid_token()

    def before_route(self, handler: SandboxHandler, endpoint: str) -> None:
        # Reddit throttles agents that do not follow "<platform>:<app ID>:<version> (by /u/<username>)".
        if not REDDIT_AGENT_RULE.match(handler.headers.get("user-agent", "")):
            raise Reply(
                429,
                {"message": "Too Many Requests", "error": 429},
                headers={
                    "x-ratelimit-remaining": "0.0",
                    "x-ratelimit-used": "600",
                    "x-ratelimit-reset": "60",
                },
            )

    @staticmethod
    def invalid_token() -> Reply:
        return Reply(
            401,
            {"message": "Unauthorized", "error": 401},
            headers={"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'},
        )

    def fault_reply(self, fault: Fault) -> Reply:
        if fault.kind == "429":
            limit = self.sandbox.budgets[self.platform][0]
            return Reply(
                429,
                {"message": "Too Many Requests", "error": 429},
                headers={
                    "x-ratelimit-remaining": "0.0",
                    "x-ratelimit-used": str(limit),
                    "x-ratelimit-reset": str(int(fault.reset_seconds)),
                },
            )
        if fault.kind == "expired_token":
            return self.invalid_token()
        status = int(fault.kind) if fault.kind in ("500", "503") else 503
        return Reply(status, {"message": "Internal Server Error", "error": status})

    # Rendering

    def render_comment(self, item: Item) -> JSON:
        sub = self.world.page_ids[self.platform]
        post = item.post_id or ""
        deleted = item.deleted
        data: JSON = {
            "id": item.id,
            "name": f"t1_{item.id}",
            "author": "[deleted]" if deleted else item.author_name,
            "author_fullname": None if deleted else f"t2_{item.author_id}",
            "body": "[deleted]" if deleted else item.text,
            "body_html": "",
            "created": item.created,
            "created_utc": item.created,
            "link_id": f"t3_{post}",
            "parent_id": f"t1_{item.parent_id}" if item.parent_id else f"t3_{post}",
            "subreddit": sub,
            "subreddit_id": "t5_sandbox",
            "subreddit_name_prefixed": f"r/{sub}",
            "permalink": f"/r/{sub}/comments/{post}/_/{item.id}/",
            "link_permalink": f"https://www.reddit.com/r/{sub}/comments/{post}/_/",
            "score": 1,
            "ups": 1,
            "downs": 0,
            "num_reports": len(item.reports),
            "user_reports": [[reason, 1] for reason in item.reports],
            "mod_reports": [],
            "removed": item.removed,
            "approved": item.approved,
            "spam": False,
            # In the moderator view a comment AutoModerator filtered is neither removed nor spam: only
            # banned_by tells.
            "banned_by": self.sandbox.reddit_username if item.removed else item.filtered_by,
            "approved_by": self.sandbox.reddit_username if item.approved else None,
            "distinguished": "moderator" if item.by_page else None,
            "stickied": False,
            "is_submitter": item.by_page,
            "replies": "",
            "edited": False,
        }
        media = {}
        for i, (kind, url) in enumerate(item.media):
            url = sandbox_media.absolute(self.base_url, url)
            if kind in ("photo", "gif"):
                media_id = f"m{item.id}{i}"
                if kind == "photo" and not deleted:
                    # An image comment's body carries the image's preview URL (with a query string), as
                    # Reddit's does, beside media_metadata (whose URL the sandbox serves).
                    data["body"] += (
                        f"\n\nhttps://preview.redd.it/{media_id}.png?width=640&format=png&auto=webp&s=0f1e2d"
                    )
                media[media_id] = {
                    "status": "valid",
                    "e": "Image" if kind == "photo" else "AnimatedImage",
                    "m": "image/jpg" if kind == "photo" else "image/gif",
                    "s": {"u": url, "x": 640, "y": 480}
                    if kind == "photo"
                    else {"gif": url, "x": 480, "y": 270},
                    "id": media_id,
                }
            elif url not in data["body"]:
                # Links and videos on Reddit are URLs in the body text.
                data["body"] += f" {url}"
        if media:
            data["media_metadata"] = media
        return {"kind": "t1", "data": data}

    def render_post(self, item: Item) -> JSON:
        sub = self.world.page_ids[self.platform]
        # Without a title of its own a post's text up to 300 characters is its title (Reddit's limit) and
        # the rest, if any, its selftext; a deleted submission keeps its title, its selftext "[deleted]".
        title = item.title if item.title is not None else item.text[:300]
        selftext = item.text if item.title is not None else item.text[300:]
        if item.deleted:
            selftext = "[deleted]"
        return {
            "kind": "t3",
            "data": {
                "id": item.id,
                "name": f"t3_{item.id}",
                "title": title,
                "selftext": selftext,
                "author": "[deleted]" if item.deleted else item.author_name,
                "created_utc": item.created,
                "subreddit": sub,
                "permalink": f"/r/{sub}/comments/{item.id}/_/",
                "num_comments": len(self.world.comments_by_post.get((self.platform, item.id), ())),
                "is_self": True,
            },
        }

    def listing_body(self, children: list[JSON], after: str | None, before: str | None) -> JSON:
        return {
            "kind": "Listing",
            "data": {
                "after": after,
                "before": before,
                "dist": len(children),
                "modhash": None,
                "geo_filter": "",
                "children": children,
            },
        }

    def fullname_key(self, fullname: str | None) -> tuple[float, int] | None:
        if not fullname:
            return None
        item = self.world.get(self.platform, fullname.split("_", 1)[-1])
        return item.key if item else None

    # Routes

    def access_token(self, handler: SandboxHandler) -> JSON:
        auth = handler.headers.get("authorization", "")
        creds = self.sandbox.reddit_credentials
        expected = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode()).decode()
        if auth != f"Basic {expected}":
            raise Reply(401, {"message": "Unauthorized", "error": 401})
        form = handler.form
        if form.get("username") != creds["username"] or form.get("password") != creds["password"]:
            return {"error": "invalid_grant"}
        token = self.sandbox.issue_reddit_token()
        return {"access_token": token, "token_type": "bearer", "expires_in": 86400, "scope": "*"}

    def token_on_api_host(self, handler: SandboxHandler) -> JSON:
        raise self.invalid_token()

    def check_sub(self, sub: str) -> None:
        if sub.lower() != self.world.page_ids[self.platform].lower():
            raise Reply(404, {"reason": "banned", "message": "Not Found", "error": 404})

    def list_comments(self, handler: SandboxHandler, sub: str) -> JSON:
        self.check_sub(sub)
        index = self.world.comments_by_platform[self.platform]
        limit = int_param(handler.params.get("limit"), 25, 1, 100)
        before = handler.params.get("before")
        if before:
            key = self.fullname_key(before)
            if key is None:
                return self.listing_body([], None, None)
            # The page just newer than `before`, shown newest first.
            items, _ = walk(self.sandbox, self.platform, index, newest_first=False, after=key, limit=limit)
            items.reverse()
            more = False
        else:
            after = handler.params.get("after")
            key = self.fullname_key(after)
            if after and key is None:
                return self.listing_body([], None, None)
            items, more = walk(self.sandbox, self.platform, index, newest_first=True, after=key, limit=limit)
        children = [self.render_comment(i) for i in items]
        after_name = f"t1_{items[-1].id}" if items and more else None
        before_name = f"t1_{items[0].id}" if items and (before or handler.params.get("after")) else None
        return self.listing_body(children, after_name, before_name)

    def list_new(self, handler: SandboxHandler, sub: str) -> JSON:
        self.check_sub(sub)
        limit = int_param(handler.params.get("limit"), 25, 1, 100)
        key = self.fullname_key(handler.params.get("after"))
        items, more = walk(
            self.sandbox,
            self.platform,
            self.world.posts[self.platform],
            newest_first=True,
            after=key,
            limit=limit,
        )
        children = [self.render_post(i) for i in items]
        return self.listing_body(children, f"t3_{items[-1].id}" if items and more else None, None)

    def info(self, handler: SandboxHandler) -> JSON:
        children = []
        for fullname in handler.params.get("id", "").split(","):
            item = self.world.get(self.platform, fullname.split("_", 1)[-1])
            if item is None:
                continue
            children.append(self.render_comment(item) if item.post_id else self.render_post(item))
        return self.listing_body(children, None, None)

    def thread(
        self, handler: SandboxHandler, link: str, sub: str | None, focus: str | None
    ) -> JSON | list[JSON]:
        """A post's comment tree, or one comment's subtree (its permalink): [post listing, comment listing].

        Replies nest under ``replies``; past `limit` comments the rest are one ``more`` stub per parent.
        Sorts: "new" is newest first, "old" and every other sort oldest first (all scores are equal here).
        """
        if sub is not None:
            self.check_sub(sub)
        post = self.world.live(self.platform, link)
        if post is None or post.post_id is not None:
            raise Reply(404, {"message": "Not Found", "error": 404})
        budget = [int_param(handler.params.get("limit"), 200, 1, 500)]
        newest_first = handler.params.get("sort") == "new"
        if focus:
            item = self.world.get(self.platform, focus)
            if item is None or item.post_id != link:
                return [
                    self.listing_body([self.render_post(post)], None, None),
                    self.listing_body([], None, None),
                ]
            budget[0] -= 1
            roots = [self.render_tree(item, budget, newest_first, depth=0)]
        else:
            roots = self.render_children(link, budget, newest_first, depth=0, parent=f"t3_{link}")
        return [self.listing_body([self.render_post(post)], None, None), self.listing_body(roots, None, None)]

    def render_tree(self, item: Item, budget: list[int], newest_first: bool, depth: int) -> JSON:
        rendered = self.render_comment(item)
        rendered["data"]["depth"] = depth
        children = self.render_children(item.id, budget, newest_first, depth + 1, parent=f"t1_{item.id}")
        if children:
            rendered["data"]["replies"] = self.listing_body(children, None, None)
        return rendered

    def render_children(
        self, parent_id: str, budget: list[int], newest_first: bool, depth: int, parent: str
    ) -> list[JSON]:
        index = self.world.children.get((self.platform, parent_id))
        ids = list(index.ids) if index else []
        if newest_first:
            ids.reverse()
        out: list[JSON] = []
        for pos, child_id in enumerate(ids):
            child = self.world.items[(self.platform, child_id)]
            if child.deleted and not self.world.children.get((self.platform, child.id)):
                continue  # Reddit drops a deleted comment that has no replies
            if budget[0] <= 0:
                rest = ids[pos:]
                out.append(
                    {
                        "kind": "more",
                        "data": {
                            "count": len(rest),
                            "name": f"t1_{rest[0]}",
                            "id": rest[0],
                            "parent_id": parent,
                            "depth": depth,
                            "children": rest,
                        },
                    }
                )
                break
            budget[0] -= 1
            out.append(self.render_tree(child, budget, newest_first, depth))
        return out

    def target(self, handler: SandboxHandler, key: str = "id") -> Item | None:
        fullname = handler.params.get(key, "")
        return self.world.live(self.platform, fullname.split("_", 1)[-1])

    def remove(self, handler: SandboxHandler) -> JSON:
        item = self.target(handler)
        if item is not None:
            item.removed, item.approved, item.filtered_by = True, False, None
        return {}

    def approve(self, handler: SandboxHandler) -> JSON:
        item = self.target(handler)
        if item is not None:
            item.removed, item.approved, item.filtered_by = False, True, None
        return {}

    def report(self, handler: SandboxHandler) -> JSON:
        item = self.target(handler)
        if item is not None:
            item.reports.append(handler.params.get("reason", ""))
        return {"json": {"errors": []}}

    def comment(self, handler: SandboxHandler) -> JSON:
        parent = self.target(handler, "thing_id")
        if parent is None:
            return {"json": {"errors": [["DELETED_COMMENT", "that comment has been deleted", "parent"]]}}
        new = self.sandbox.insert_comment(
            self.platform,
            parent.post_id or parent.id,
            handler.params.get("text", ""),
            parent=parent.id if parent.post_id else None,
            by_page=True,
        )
        return {"json": {"errors": [], "data": {"things": [self.render_comment(new)]}}}

    def me(self, handler: SandboxHandler) -> JSON:
        return {"name": self.sandbox.reddit_username, "id": "sandboxmod", "is_mod": True}


class RedditTokenServer(RedditServer):
    """www.reddit.com: the only host that issues OAuth tokens (POST /api/v1/access_token). Every API path
    is unknown here."""

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [("POST", r"/api/v1/access_token/?", "token", RedditServer.access_token)]

    def check_auth(self, handler: SandboxHandler) -> None:
        return  # the token endpoint checks the Basic credentials itself
