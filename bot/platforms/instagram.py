"""Instagram (business account) connector over facebook-sdk's GraphAPI: comments and replies on media."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.domain import ActionKind, Comment, Platform
from bot.platforms._common import links_in, parse_time
from bot.platforms.base import CommentState, NotFound
from bot.platforms.graph import GraphConnector, Unavailable

IG_COMMENT_FIELDS = "id,text,timestamp,username,from,hidden,like_count,parent_id"


class InstagramConnector(GraphConnector):
    """An Instagram business account (page_id = its IG user id).

    The comments edge takes no `since`, so each poll walks every comment of each recent media
    (with replies nested in the same response) and the cursor filters what was delivered before.
    """

    platform = Platform.INSTAGRAM
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.DELETE, ActionKind.REPLY})
    posts_edge = "media"
    posts_fields = "id,timestamp,caption,permalink"
    post_text_field = "caption"
    post_time_field = "timestamp"
    post_link_field = "permalink"
    hide_param = "hide"
    reply_edge = "replies"

    def _post_comments(self, post_id: str, since: float | None) -> Iterator[Comment]:
        fields = f"{IG_COMMENT_FIELDS},replies{{{IG_COMMENT_FIELDS}}}"
        for batch in self._pages(f"{post_id}/comments", {"fields": fields, "limit": self.page_limit(50)}):
            for raw in batch:
                nested = raw.get("replies") or {}
                replies = list(nested.get("data") or [])
                top = {k: v for k, v in raw.items() if k != "replies"}
                yield self.to_comment(top, post_id)
                for reply in replies:
                    yield self.to_comment(reply, post_id, parent=str(top["id"]))
                paging = nested.get("paging") or {}
                after = (paging.get("cursors") or {}).get("after")
                if paging.get("next") and after:
                    # Only the first page of a comment's replies is nested: read the rest from its edge.
                    rest = {"fields": IG_COMMENT_FIELDS, "limit": self.page_limit(50), "after": after}
                    for more in self._pages(f"{top['id']}/replies", rest):
                        for reply in more:
                            yield self.to_comment(reply, post_id, parent=str(top["id"]))

    def to_comment(self, raw: Mapping[str, Any], media_id: str, parent: str | None = None) -> Comment:
        author = raw.get("from") or {}
        text = raw.get("text") or ""
        return Comment(
            platform=self.platform,
            page_id=self.page.page_id,
            post_id=media_id,
            id=str(raw["id"]),
            text=text,
            created_at=parse_time(raw["timestamp"]),
            author_id=author.get("id") or None,
            author_name=raw.get("username") or author.get("username"),
            parent_id=raw.get("parent_id") or parent,
            permalink=None,  # Instagram comments have no public permalink
            media=links_in(text),
            is_hidden=bool(raw.get("hidden", False)),
            raw=dict(raw),
        )

    def comment_state(self, comment_id: str) -> CommentState:
        try:
            raw = self._call(comment_id, {"fields": "id,hidden,parent_id"})
            ours: dict[str, str] = {}
            if not raw.get("parent_id"):
                replies = self._call(f"{comment_id}/replies", {"fields": "id,from,text", "limit": 50})
                ours = self._replies_by_page(replies)
        except Unavailable as exc:
            self._gone_or_denied(comment_id, exc, looked_up=True)
            return CommentState(exists=False)
        except NotFound:
            return CommentState(exists=False)
        return CommentState(
            exists=True,
            hidden=bool(raw.get("hidden")),
            removed=False,
            replies_by_us=tuple(ours),
            extra={"reply_texts": ours},
        )
