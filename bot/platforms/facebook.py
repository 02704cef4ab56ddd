"""Facebook Page connector over facebook-sdk's GraphAPI: comments and replies on the page's recent posts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.domain import ActionKind, Comment, Media, MediaKind, Platform
from bot.platforms._common import parse_time
from bot.platforms.base import CommentState, NotFound
from bot.platforms.graph import GraphConnector, Unavailable

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


class FacebookConnector(GraphConnector):
    """A Facebook Page: comments and replies on recent posts; hide, unhide, delete, reply."""

    platform = Platform.FACEBOOK
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.DELETE, ActionKind.REPLY})
    posts_edge = "posts"
    posts_fields = "id,created_time,message,permalink_url"
    post_text_field = "message"
    post_time_field = "created_time"
    post_link_field = "permalink_url"
    hide_param = "is_hidden"
    reply_edge = "comments"

    def _post_comments(self, post_id: str, since: float | None) -> Iterator[Comment]:
        args: dict[str, Any] = {
            "fields": FB_COMMENT_FIELDS,
            "filter": "stream",
            "order": "reverse_chronological",
            "limit": self.page_limit(100),
        }
        if since is not None:
            # A second early: `since` may be exclusive, and ids settle the boundary.
            args["since"] = int(since) - 1
        for batch in self._pages(f"{post_id}/comments", args):
            for raw in batch:
                yield self.to_comment(raw, post_id)

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

    def comment_state(self, comment_id: str) -> CommentState:
        try:
            raw = self._call(comment_id, {"fields": "id,is_hidden,message"})
            replies = self._call(
                f"{comment_id}/comments", {"fields": "id,from,message", "filter": "stream", "limit": 100}
            )
        except Unavailable as exc:
            self._gone_or_denied(comment_id, exc, looked_up=True)
            return CommentState(exists=False)
        except NotFound:
            return CommentState(exists=False)
        ours = self._replies_by_page(replies)
        return CommentState(
            exists=True,
            hidden=bool(raw.get("is_hidden")),
            removed=False,
            replies_by_us=tuple(ours),
            extra={"reply_texts": ours},
        )


def graph_media(attachment: Mapping[str, Any] | None) -> tuple[Media, ...]:
    if not attachment:
        return ()
    kind = ATTACHMENT_KINDS.get(str(attachment.get("type")), MediaKind.OTHER)
    image = ((attachment.get("media") or {}).get("image") or {}).get("src")
    url = attachment.get("url") or image or (attachment.get("target") or {}).get("url")
    # `image` is the file itself for a photo and the poster frame for a video; `url` may be its page.
    return (Media(kind, url, preview_url=image if kind is not MediaKind.LINK else None),)
