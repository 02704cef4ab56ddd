"""Instagram business account on the Graph API: media, comments with nested replies, hide, delete, reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bot.sandbox.servers.base import JSON, SandboxHandler, decode_cursor, encode_cursor, int_param, walk
from bot.sandbox.servers.graph import GraphServer, V, graph_time, select_fields
from bot.sandbox.state import Item

NESTED_PAGE = 25  # items in the first page of a nested edge (Graph's default limit)


class InstagramServer(GraphServer):
    """Instagram Graph API for a business account: media, comments with nested replies, hide, delete."""

    platform = "instagram"
    READ_PERMISSION = "instagram_basic"
    MANAGE_PERMISSION = "instagram_manage_comments"

    def edge_routes(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            ("GET", V + r"/(?P<user>[^/]+)/media", "media", InstagramServer.list_media),
            ("GET", V + r"/(?P<obj>[^/]+)/replies", "replies", InstagramServer.list_replies),
            ("POST", V + r"/(?P<obj>[^/]+)/replies", "reply", InstagramServer.post_reply),
            ("POST", V + r"/(?P<obj>[^/]+)/comments", "reply", InstagramServer.post_top_level),
        ]

    def render_comment(self, item: Item) -> JSON:
        obj: JSON = {
            "id": item.id,
            "text": item.text,
            "timestamp": graph_time(item.created),
            "username": item.author_name or "",
            "from": {"id": item.author_id or "", "username": item.author_name or ""},
            "hidden": item.hidden,
            "like_count": 0,
            "media": {"id": item.post_id},
        }
        if item.parent_id:
            obj["parent_id"] = item.parent_id
        return obj

    def render_post(self, item: Item) -> JSON:
        obj: JSON = {
            "id": item.id,
            "timestamp": graph_time(item.created),
            "media_type": "IMAGE",
            "permalink": f"https://www.instagram.com/p/{item.id[-11:]}/",
            "comments_count": len(self.world.comments_by_post.get((self.platform, item.id), ())),
        }
        if item.text:
            # A media posted without a caption has no `caption` field at all.
            obj["caption"] = item.text
        return obj

    def list_media(self, handler: SandboxHandler, user: str) -> JSON:
        return self.list_posts(handler, user)

    def list_comments(self, handler: SandboxHandler, obj: str) -> JSON:
        """GET /{ig-media-id}/comments: a media's top-level comments, newest first, each with the first page
        of its replies when the fields ask for `replies`."""
        return self._list_edge(handler, obj, replies=False)

    def list_replies(self, handler: SandboxHandler, obj: str) -> JSON:
        """GET /{ig-comment-id}/replies: a comment's replies, oldest first."""
        return self._list_edge(handler, obj, replies=True)

    def _list_edge(self, handler: SandboxHandler, obj: str, *, replies: bool) -> JSON:
        """One page of a media's comments or of a comment's replies; the other kind of object is missing."""
        target = self.world.live(self.platform, obj)
        if target is None or (target.post_id is not None) != replies:
            raise self.missing(obj)
        self.can_read(obj)
        items, more = walk(
            self.sandbox,
            self.platform,
            self.world.children[(self.platform, obj)],
            newest_first=not replies,
            after=decode_cursor(handler.params.get("after")),
            limit=int_param(handler.params.get("limit"), 25, 1, 50),
        )
        fields = handler.params.get("fields")
        nested = not replies and fields is not None and "replies" in fields
        data = []
        for item in items:
            obj_json = select_fields(self.render_comment(item), fields)
            if nested and (first_replies := self._nested_replies(handler, item)) is not None:
                obj_json["replies"] = first_replies
            data.append(obj_json)
        return self.page_body(handler, data, items, more)

    def _nested_replies(self, handler: SandboxHandler, item: Item) -> JSON | None:
        """A comment's `replies` edge nested in a comments page (None: it has none). A nested edge holds its
        first page only; the rest is behind paging.next, as on Instagram."""
        replies, more_replies = walk(
            self.sandbox,
            self.platform,
            self.world.children[(self.platform, item.id)],
            newest_first=False,
            limit=NESTED_PAGE,
        )
        if not replies:
            return None
        nested_body: JSON = {"data": [self.render_comment(r) for r in replies]}
        cursors = {
            "before": encode_cursor(replies[0].key),
            "after": encode_cursor(replies[-1].key),
        }
        nested_body["paging"] = {"cursors": cursors}
        if more_replies:
            version = handler.url_path.split("/")[1] if handler.url_path.startswith("/v") else ""
            query = urlencode(
                {"access_token": handler.params.get("access_token", ""), "limit": NESTED_PAGE,
                 "after": cursors["after"]}
            )  # fmt: skip
            path = f"/{version}/{item.id}/replies" if version else f"/{item.id}/replies"
            nested_body["paging"]["next"] = f"{self.base_url}{path}?{query}"
        return nested_body

    def post_reply(self, handler: SandboxHandler, obj: str) -> JSON:
        """POST /{ig-comment-id}/replies: Instagram replies only to comments, never to media."""
        target = self.world.live(self.platform, obj)
        if target is not None and not target.post_id:
            raise self.error(100, "Unsupported post request: replies are made on a comment, not on media.")
        return self.post_comment(handler, obj)

    def post_top_level(self, handler: SandboxHandler, obj: str) -> JSON:
        """POST /{ig-media-id}/comments: a new top-level comment; a comment id here is an error, as on Instagram."""
        target = self.world.live(self.platform, obj)
        if target is not None and target.post_id:
            raise self.error(
                100, "Unsupported post request: use /{ig-comment-id}/replies to reply to a comment."
            )
        return self.post_comment(handler, obj)

    def update_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj, "post")
        self.can_manage(obj, "post")
        if "hide" in handler.params:
            item.hidden = handler.params["hide"].lower() == "true"
        return {"success": True}
