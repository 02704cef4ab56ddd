"""Graph API plumbing the Facebook and Instagram servers share: errors, permissions, usage headers, paging,
and the routes both answer alike."""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

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
from bot.sandbox.state import Fault, Item

# Graph serves its released versions (an expired one is quietly upgraded); a version path segment it
# has not released is an unknown path.
GRAPH_NEWEST_VERSION = (26, 0)
V = r"(?:/v\d+\.\d+)?"


def graph_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def select_fields(obj: JSON, fields: str | None) -> JSON:
    """Graph returns only the requested fields (and always the id)."""
    if not fields:
        return obj
    wanted = {"id"} | {f.split("{")[0].split(".")[0].strip() for f in _split_fields(fields)}
    return {k: v for k, v in obj.items() if k in wanted}


def _split_fields(fields: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in fields:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += (ch == "{") - (ch == "}")
        cur += ch
    out.append(cur)
    return out


class GraphServer(PlatformServer):
    """A Graph API host: what the Facebook Page and Instagram account servers answer alike. Subclasses
    set the platform, its permissions and routes, and render its objects."""

    @staticmethod
    def error(
        code: int, message: str, *, status: int = 400, subcode: int | None = None, **extra: Any
    ) -> Reply:
        err: JSON = {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AsandboxTrace",
        }
        if subcode is not None:
            err["error_subcode"] = subcode
        err.update(extra)
        return Reply(status, {"error": err})

    def not_found_body(self, path: str) -> JSON:
        return {
            "error": {"message": "Unknown path components: " + path, "type": "OAuthException", "code": 2500}
        }

    def missing(self, obj_id: str, method: str = "get") -> Reply:
        return self.error(
            100,
            f"Unsupported {method} request. Object with ID '{obj_id}' does not exist, cannot be loaded due to "
            "missing permissions, or does not support this operation.",
            subcode=33,
        )

    # The permissions a token needs: to read comments, and to hide, delete and reply.
    READ_PERMISSION: ClassVar[str]
    MANAGE_PERMISSION: ClassVar[str]

    def granted(self, permission: str) -> bool:
        return permission in self.sandbox.graph_permissions[self.platform]

    def can_read(self, obj: str) -> None:
        """Without the read permission Graph will not load comments: 100/33, as for a deleted object."""
        if not self.granted(self.READ_PERMISSION):
            raise self.missing(obj)

    def can_manage(self, obj: str, method: str) -> None:
        """Without the manage permission a change is refused with the same 100/33 as a missing object."""
        if not self.granted(self.MANAGE_PERMISSION):
            raise self.missing(obj, method)

    def rate_headers(self, limit: int, used: int, reset_at: float) -> dict[str, str]:
        pct = min(100, int(used * 100 / max(limit, 1)))
        if pct < 1:
            # Graph sends its usage headers only once usage registers (a whole percent of the budget):
            # a client must not depend on seeing them on every answer.
            return {}
        usage = {"call_count": pct, "total_cputime": max(pct - 2, 0), "total_time": max(pct - 1, 0)}
        headers = {"x-app-usage": json.dumps(usage)}
        page_id = self.world.page_ids.get(self.platform, "0")
        regain = 0 if pct < 100 else max(1, math.ceil((reset_at - time.time()) / 60))
        headers["x-business-use-case-usage"] = json.dumps(
            {page_id: [{"type": "pages", **usage, "estimated_time_to_regain_access": regain}]}
        )
        return headers

    def check_auth(self, handler: SandboxHandler) -> None:
        if handler.params.get("access_token") != self.sandbox.tokens[self.platform]:
            raise self.error(190, "Invalid OAuth access token - Cannot parse access token")

    def before_route(self, handler: SandboxHandler, endpoint: str) -> None:
        version = re.match(r"/v(\d+)\.(\d+)/", handler.url_path)
        if version and (int(version.group(1)), int(version.group(2))) > GRAPH_NEWEST_VERSION:
            raise Reply(400, self.not_found_body(handler.url_path))
        # A list request heavier than Graph will serve is answered with a non-JSON error page.
        most = self.sandbox.graph_data_limit.get(self.platform)
        limit = handler.params.get("limit")
        if most is not None and limit is not None and limit.isdigit() and int(limit) > most:
            raise Reply(
                500,
                "Please reduce the amount of data you're asking for, then retry your request",
                content_type="text/html; charset=utf-8",
            )

    def fault_reply(self, fault: Fault) -> Reply:
        if fault.kind == "429":
            page_id = self.world.page_ids.get(self.platform, "0")
            regain = max(1, math.ceil(fault.reset_seconds / 60))
            usage = {"call_count": 100, "total_cputime": 40, "total_time": 60}
            headers = {
                "x-app-usage": json.dumps(usage),
                "x-business-use-case-usage": json.dumps(
                    {page_id: [{"type": "pages", **usage, "estimated_time_to_regain_access": regain}]}
                ),
            }
            reply = self.error(4, "(#4) Application request limit reached", status=403, is_transient=True)
            reply.headers = headers
            return reply
        if fault.kind == "expired_token":
            return self.error(
                190, "Error validating access token: Session has expired on Monday, 23-Nov-26.", subcode=463
            )
        if fault.kind == "500":
            return self.error(1, "An unknown error has occurred.", status=500, is_transient=True)
        return self.error(2, "Service temporarily unavailable", status=503, is_transient=True)

    # Rendering

    def render_comment(self, item: Item) -> JSON:
        raise NotImplementedError

    def render_post(self, item: Item) -> JSON:
        raise NotImplementedError

    def page_body(self, handler: SandboxHandler, data: list[JSON], items: list[Item], more: bool) -> JSON:
        body: JSON = {"data": data}
        if items:
            cursors = {"before": encode_cursor(items[0].key), "after": encode_cursor(items[-1].key)}
            body["paging"] = {"cursors": cursors}
            if more:
                params = {**handler.query, "after": cursors["after"]}
                params.pop("before", None)
                body["paging"]["next"] = f"{self.base_url}{handler.url_path}?{urlencode(params)}"
        return body

    # Routes

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        """The platform's own routes, then those every Graph host answers alike: an object's comments, and
        the object itself, read, changed (hidden) and deleted. The object routes come last: their pattern
        also matches every edge's path."""
        cls = type(self)
        obj = V + r"/(?P<obj>[^/]+)"
        return [
            *self.edge_routes(),
            ("GET", obj + "/comments", "comments", cls.list_comments),
            ("GET", obj, "object", GraphServer.get_object),
            ("POST", obj, "hide", cls.update_object),
            ("DELETE", obj, "delete", GraphServer.delete_object),
        ]

    def edge_routes(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        """The routes only this platform has (its posts or media, its reply edges)."""
        raise NotImplementedError

    def list_comments(self, handler: SandboxHandler, obj: str) -> JSON:
        """GET /{object}/comments, as this platform pages and nests them."""
        raise NotImplementedError

    def update_object(self, handler: SandboxHandler, obj: str) -> JSON:
        """POST /{object}: change it (hide or unhide a comment), with this platform's parameter."""
        raise NotImplementedError

    def list_posts(self, handler: SandboxHandler, page: str) -> JSON:
        if page not in (self.world.page_ids[self.platform], "me"):
            raise self.missing(page)
        if not self.granted(self.READ_PERMISSION):
            raise self.error(
                10,
                f"(#10) This endpoint requires the '{self.READ_PERMISSION}' permission or the "
                "'Page Public Content Access' feature.",
                status=403,
            )
        limit = int_param(handler.params.get("limit"), 25, 1, 100)
        items, more = walk(
            self.sandbox,
            self.platform,
            self.world.posts[self.platform],
            newest_first=True,
            after=decode_cursor(handler.params.get("after")),
            limit=limit,
        )
        data = [select_fields(self.render_post(i), handler.params.get("fields")) for i in items]
        return self.page_body(handler, data, items, more)

    def get_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj)
        if item.post_id is not None:
            self.can_read(obj)
        body = self.render_comment(item) if item.post_id else self.render_post(item)
        return select_fields(body, handler.params.get("fields"))

    def delete_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj, "delete")
        self.can_manage(obj, "delete")
        item.deleted = True
        return {"success": True}

    def post_comment(self, handler: SandboxHandler, obj: str) -> JSON:
        target = self.world.live(self.platform, obj)
        if target is None:
            raise self.missing(obj, "post")
        self.can_manage(obj, "post")
        message = handler.params.get("message", "")
        post_id = target.post_id or target.id
        parent = target.id if target.post_id else None
        new = self.sandbox.insert_comment(self.platform, post_id, message, parent=parent, by_page=True)
        return {"id": new.id}
