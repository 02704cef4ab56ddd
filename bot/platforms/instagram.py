"""Instagram (business account) connector over facebook-sdk's GraphAPI: comments and replies on media."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import ActionKind, Comment, Platform
from bot.platforms._common import TimeCursor, links_in, parse_time
from bot.platforms.base import CommentState, FetchResult, NotFound
from bot.platforms.graph import GraphConnector

IG_COMMENT_FIELDS = "id,text,timestamp,username,from,hidden,like_count,parent_id"


class InstagramConnector(GraphConnector):
    """An Instagram business account (page_id = its IG user id).

    The comments edge takes no `since`, so each poll walks every comment of each recent media
    (with replies nested in the same response) and the cursor filters what was delivered before.
    """

    platform = Platform.INSTAGRAM
    supported_actions = frozenset({ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.DELETE, ActionKind.REPLY})
    hide_param = "hide"
    reply_edge = "replies"

    def fetch_new_comments(self, cursor: Mapping[str, Any] | None) -> FetchResult:
        self.calls = 0
        old = dict((cursor or {}).get("posts") or {})
        media = self._call(
            f"{self.page.page_id}/media", {"fields": "id,timestamp", "limit": min(self.page.posts_limit, 100)}
        )
        self.calls += 1
        new_cursor: dict[str, Any] = {}
        comments: list[Comment] = []
        fields = f"{IG_COMMENT_FIELDS},replies{{{IG_COMMENT_FIELDS}}}"
        for item in media.get("data") or []:
            media_id = str(item["id"])
            thread = TimeCursor(old.get(media_id))
            for batch in self._pages(f"{media_id}/comments", {"fields": fields, "limit": 50}):
                for raw in batch:
                    replies = (raw.get("replies") or {}).get("data") or []
                    top = {k: v for k, v in raw.items() if k != "replies"}
                    for entry in (top, *replies):
                        comment = self.to_comment(
                            entry, media_id, parent=None if entry is top else str(top["id"])
                        )
                        ts = comment.created_at.timestamp()
                        if thread.is_new(comment.id, ts):
                            comments.append(comment)
                        thread.saw(comment.id, ts)
            state = thread.state()
            if state is not None:
                new_cursor[media_id] = state
        comments.sort(key=lambda c: (c.created_at, c.id))
        return FetchResult(comments=comments, cursor={"posts": new_cursor}, api_calls=self.calls)

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
            ours: tuple[str, ...] = ()
            if not raw.get("parent_id"):
                replies = self._call(f"{comment_id}/replies", {"fields": "id,from", "limit": 50})
                ours = self._replies_by_page(replies)
        except NotFound:
            return CommentState(exists=False)
        return CommentState(exists=True, hidden=bool(raw.get("hidden")), removed=False, replies_by_us=ours)
