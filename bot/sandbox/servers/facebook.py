"""Facebook Page on the Graph API: posts, comments (filter=stream|toplevel), hide, delete, reply."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.sandbox import media as sandbox_media
from bot.sandbox.servers.base import JSON, SandboxHandler, decode_cursor, int_param, walk
from bot.sandbox.servers.graph import GraphServer, V, graph_time, select_fields
from bot.sandbox.state import Item

GRAPH_ATTACHMENT = {"photo": "photo", "video": "video_inline", "gif": "animated_image_share", "link": "share"}


class FacebookServer(GraphServer):
    """Facebook Graph API for a Page: posts, comments (filter=stream|toplevel), hide, delete, reply."""

    platform = "facebook"
    READ_PERMISSION = "pages_read_engagement"
    MANAGE_PERMISSION = "pages_manage_engagement"

    def edge_routes(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            ("GET", V + r"/(?P<page>[^/]+)/(?:posts|feed|published_posts)", "posts", GraphServer.list_posts),
            ("POST", V + r"/(?P<obj>[^/]+)/comments", "reply", GraphServer.post_comment),
        ]

    # Rendering

    def permalink(self, item: Item) -> str:
        post = (item.post_id or item.id).split("_")[-1]
        page = self.world.page_ids[self.platform]
        if item.post_id is None:
            return f"https://www.facebook.com/{page}/posts/{post}"
        return f"https://www.facebook.com/{page}/posts/{post}?comment_id={item.id.split('_')[-1]}"

    def render_comment(self, item: Item) -> JSON:
        obj: JSON = {
            "id": item.id,
            "created_time": graph_time(item.created),
            "message": item.text,
            "permalink_url": self.permalink(item),
            "is_hidden": item.hidden,
            "like_count": 0,
            "comment_count": len(self.world.children.get((self.platform, item.id), ())),
            "can_hide": not item.by_page,
        }
        if item.author_id:
            obj["from"] = {"name": item.author_name or "", "id": item.author_id}
        if item.parent_id:
            parent = self.world.get(self.platform, item.parent_id)
            obj["parent"] = {
                "id": item.parent_id,
                "created_time": graph_time(parent.created if parent else item.created),
            }
        if item.media:
            kind, url = item.media[0]
            url = sandbox_media.absolute(self.base_url, url)
            attachment: JSON = {"type": GRAPH_ATTACHMENT.get(kind, "unavailable"), "url": url}
            if kind in ("photo", "video", "gif"):
                # The image is the photo itself, or a video's poster frame.
                image = url if kind == "photo" else sandbox_media.poster_of(url)
                attachment["media"] = {"image": {"src": image, "height": 720, "width": 960}}
                attachment["target"] = {"id": str(abs(hash(url)) % 10**15), "url": url}
            obj["attachment"] = attachment
        return obj

    def render_post(self, item: Item) -> JSON:
        obj: JSON = {
            "id": item.id,
            "created_time": graph_time(item.created),
            "permalink_url": self.permalink(item),
        }
        if item.text:
            # Graph leaves `message` out of a post that has none (a photo posted without words).
            obj["message"] = item.text
        return obj

    # Routes

    def list_comments(self, handler: SandboxHandler, obj: str) -> JSON:
        target = self.world.live(self.platform, obj)
        if target is None:
            raise self.missing(obj)
        self.can_read(obj)
        stream = handler.params.get("filter") == "stream" and target.post_id is None
        index = (
            self.world.comments_by_post[(self.platform, obj)]
            if stream
            else self.world.children[(self.platform, obj)]
        )
        since = handler.params.get("since")
        items, more = walk(
            self.sandbox,
            self.platform,
            index,
            newest_first=handler.params.get("order") == "reverse_chronological",
            after=decode_cursor(handler.params.get("after")),
            since=_parse_since(since),
            limit=int_param(handler.params.get("limit"), 25, 1, 100),
        )
        fields = handler.params.get("fields")
        data = [select_fields(self.render_comment(i), fields) for i in items]
        return self.page_body(handler, data, items, more)

    def update_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj, "post")
        self.can_manage(obj, "post")
        if "is_hidden" in handler.params:
            if item.post_id is None or item.by_page:
                raise self.error(100, "(#100) This comment cannot be hidden")
            item.hidden = handler.params["is_hidden"].lower() == "true"
        return {"success": True}


def _parse_since(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
