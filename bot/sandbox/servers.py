"""Loopback HTTP servers that speak the Graph (Facebook, Instagram), X v2 and Reddit wire formats."""

from __future__ import annotations

import base64
import bisect
import json
import math
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from bot.sandbox import media as sandbox_media
from bot.sandbox.state import Fault, Item, RequestRecord, SortedIndex, snowflake, snowflake_time

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

JSON = dict[str, Any]


class Reply(Exception):
    """Raised inside a route to answer with a given status, body and headers."""

    def __init__(
        self, status: int, body: Any, headers: dict[str, str] | None = None, content_type: str | None = None
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.content_type = content_type  # set: `body` is sent as this text instead of JSON


# --- formatting helpers -------------------------------------------------------------------------------


def graph_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def x_time(ts: float) -> str:
    dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def encode_cursor(key: tuple[float, int]) -> str:
    return base64.urlsafe_b64encode(f"{key[0]!r}:{key[1]}".encode()).decode().rstrip("=")


def decode_cursor(token: str | None) -> tuple[float, int] | None:
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        created, seq = raw.split(":")
        return (float(created), int(seq))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Reply(
            400, {"error": {"message": "Invalid cursor", "type": "OAuthException", "code": 100}}
        ) from exc


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value))) if value is not None else default
    except ValueError:
        return default


def walk(
    sandbox: Sandbox,
    platform: str,
    index: SortedIndex,
    *,
    newest_first: bool,
    after: tuple[float, int] | None = None,
    since: float | None = None,
    limit: int,
    keep: Callable[[Item], bool] = lambda item: not item.deleted,
) -> tuple[list[Item], bool]:
    """One page of `index` (O(page) plus skipped items): items past `after`, not older than `since`."""
    items = sandbox.world.items
    keys = index.keys
    out: list[Item] = []
    positions: Iterator[int]
    if newest_first:
        start = bisect.bisect_left(keys, after) if after else len(keys)
        positions = iter(range(start - 1, -1, -1))
    else:
        if after:
            start = bisect.bisect_right(keys, after)
        elif since is not None:
            start = bisect.bisect_left(keys, (since, -1))
        else:
            start = 0
        positions = iter(range(start, len(keys)))
    for pos in positions:
        if since is not None and keys[pos][0] < since:
            break
        item = items[(platform, index.ids[pos])]
        if not keep(item):
            continue
        if len(out) == limit:
            return out, True
        out.append(item)
    return out, False


# --- the HTTP handler ---------------------------------------------------------------------------------

Route = tuple[str, re.Pattern[str], str, Callable[..., Any]]


class PlatformServer(ThreadingHTTPServer):
    """One platform's server. Subclasses list their routes and render their wire shapes."""

    daemon_threads = True
    allow_reuse_address = True
    platform = ""

    def __init__(self, sandbox: Sandbox, host: str, port: int) -> None:
        self.sandbox = sandbox
        self.world = sandbox.world
        self.stopping = threading.Event()
        self.window_start = time.time()
        self.window_calls = 0
        super().__init__((host, port), SandboxHandler)
        self.routes: list[Route] = [(m, re.compile(p), name, fn) for m, p, name, fn in self.route_table()]

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        raise NotImplementedError

    def find_route(
        self, method: str, path: str
    ) -> tuple[str, Callable[..., Any] | None, re.Match[str] | None]:
        for route_method, pattern, endpoint, fn in self.routes:
            match = pattern.fullmatch(path) if route_method == method else None
            if match:
                return endpoint, fn, match
        return "unknown", None, None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    # Budget and rate headers: a generous default so normal traffic never paces; tests lower it.
    def count_call(self, endpoint: str) -> tuple[int, int, float]:
        """(limit, calls so far, reset time) of the budget this request counts against."""
        limit, window = self.sandbox.budgets[self.platform]
        now = time.time()
        with self.world.lock:
            if now - self.window_start >= window:
                self.window_start, self.window_calls = now, 0
            self.window_calls += 1
            return limit, self.window_calls, self.window_start + window

    def rate_headers(self, limit: int, used: int, reset_at: float) -> dict[str, str]:
        return {}

    def check_auth(self, handler: SandboxHandler) -> None:
        raise NotImplementedError

    def before_route(self, handler: SandboxHandler, endpoint: str) -> None:
        """A platform's checks on an authenticated request before its route runs."""

    def fault_reply(self, fault: Fault) -> Reply:
        raise NotImplementedError


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, keep-alive clients wait ~40 ms per request.
    disable_nagle_algorithm = True
    server: PlatformServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silent: the sandbox keeps its own request log, and must not print tokens."""

    def do_GET(self) -> None:
        self.dispatch("GET")

    def do_POST(self) -> None:
        self.dispatch("POST")

    def do_PUT(self) -> None:
        self.dispatch("PUT")

    def do_DELETE(self) -> None:
        self.dispatch("DELETE")

    def read_request(self) -> None:
        url = urlsplit(self.path)
        self.url_path = url.path
        self.query = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.json_body: Any = None
        self.form: dict[str, str] = {}
        ctype = self.headers.get("content-type", "")
        if raw and "json" in ctype:
            try:
                self.json_body = json.loads(raw)
            except ValueError:
                self.json_body = None
        elif raw:
            self.form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        self.params = {**self.query, **self.form}

    def dispatch(self, method: str) -> None:
        server = self.server
        self.read_request()
        if self.url_path == "/_sandbox/state":
            self.send_json(200, server.sandbox.state_json(server.platform))
            return
        if method == "GET" and self.url_path.startswith(sandbox_media.MEDIA_PREFIX):
            sandbox_media.serve(self)
            return
        endpoint, fn, match = server.find_route(method, self.url_path)
        logged = {k: v for k, v in self.params.items() if k not in ("access_token", "password")}
        fault = server.sandbox.faults.take(server.platform, endpoint) if fn else None
        limit, used, reset_at = server.count_call(endpoint)
        headers = server.rate_headers(limit, used, reset_at)
        over_budget = fault is None and fn is not None and used > limit
        if over_budget:
            # Over budget: answer like the platform does once its limit is spent.
            fault = Fault(kind="429", reset_seconds=max(reset_at - time.time(), 1.0))
        for hook in list(server.sandbox.hooks):
            hook(server.platform, endpoint, dict(logged))
        fault_kind = fault.kind if fault else None
        if fault is not None and fault.kind in ("reset", "timeout"):
            self.log(method, endpoint, logged, -1, fault_kind)
            if fault.kind == "timeout":
                server.stopping.wait(fault.delay or 30.0)
            self.reset_connection()
            return
        if fault is not None and fault.kind == "slow":
            server.stopping.wait(fault.delay)
        if fault is not None and fault.kind == "malformed" and fn is not None:
            self.log(method, endpoint, logged, 200, fault_kind)
            self.send_raw(200, b'{"data": [{"id": "1", "mess', "application/json; charset=UTF-8", headers)
            return
        try:
            if fn is None or match is None:
                raise Reply(404, server.not_found_body(self.url_path))  # type: ignore[attr-defined]
            if fault is not None and fault.kind != "slow":
                raise server.fault_reply(fault)
            server.check_auth(self)
            server.before_route(self, endpoint)
            with server.world.lock:
                body = fn(server, self, **match.groupdict())
            status = 200
        except Reply as reply:
            # Over budget, the rate headers are this budget's own (X: the endpoint's), not the fault's.
            headers = {**reply.headers, **headers} if over_budget else {**headers, **reply.headers}
            status, body = reply.status, reply.body
            if reply.content_type is not None:
                self.log(method, endpoint, logged, status, fault_kind)
                self.send_raw(status, str(body).encode(), reply.content_type, headers)
                return
        # Logged before answering, so a client that has its answer always finds the request in the log.
        self.log(method, endpoint, logged, status, fault_kind)
        self.send_json(status, body, headers)

    def log(self, method: str, endpoint: str, params: dict[str, str], status: int, fault: str | None) -> None:
        self.server.sandbox.log_request(
            RequestRecord(
                platform=self.server.platform,
                method=method,
                path=self.url_path,
                endpoint=endpoint,
                params=params,
                time=time.time(),
                status=status,
                fault=fault,
            )
        )

    def reset_connection(self) -> None:
        """Drop the TCP connection with an RST, as a crashed proxy or overloaded server would."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            return
        self.connection.close()

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_raw(status, data, "application/json; charset=UTF-8", headers or {})

    def send_raw(self, status: int, data: bytes, ctype: str, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


# --- Graph API (Facebook Pages) -----------------------------------------------------------------------

# Graph serves its released versions (an expired one is quietly upgraded); a version path segment it
# has not released is an unknown path.
GRAPH_NEWEST_VERSION = (26, 0)
GRAPH_ATTACHMENT = {"photo": "photo", "video": "video_inline", "gif": "animated_image_share", "link": "share"}
V = r"(?:/v\d+\.\d+)?"


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
    """Facebook Graph API for a Page: posts, comments (filter=stream|toplevel), hide, delete, reply."""

    platform = "facebook"

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            ("GET", V + r"/(?P<page>[^/]+)/(?:posts|feed|published_posts)", "posts", GraphServer.list_posts),
            ("GET", V + r"/(?P<obj>[^/]+)/comments", "comments", GraphServer.list_comments),
            ("POST", V + r"/(?P<obj>[^/]+)/comments", "reply", GraphServer.post_comment),
            ("GET", V + r"/(?P<obj>[^/]+)", "object", GraphServer.get_object),
            ("POST", V + r"/(?P<obj>[^/]+)", "hide", GraphServer.update_object),
            ("DELETE", V + r"/(?P<obj>[^/]+)", "delete", GraphServer.delete_object),
        ]

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

    # The permissions a Page token needs: to read comments, and to hide, delete and reply.
    READ_PERMISSION = "pages_read_engagement"
    MANAGE_PERMISSION = "pages_manage_engagement"

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
        return {
            "id": item.id,
            "created_time": graph_time(item.created),
            "message": item.text,
            "permalink_url": self.permalink(item),
        }

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
        limit = _int(handler.params.get("limit"), 25, 1, 100)
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
            limit=_int(handler.params.get("limit"), 25, 1, 100),
        )
        fields = handler.params.get("fields")
        data = [select_fields(self.render_comment(i), fields) for i in items]
        return self.page_body(handler, data, items, more)

    def get_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj)
        if item.post_id is not None:
            self.can_read(obj)
        body = self.render_comment(item) if item.post_id else self.render_post(item)
        return select_fields(body, handler.params.get("fields"))

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


# --- Instagram Graph API ------------------------------------------------------------------------------


NESTED_PAGE = 25  # items in the first page of a nested edge (Graph's default limit)


class InstagramServer(GraphServer):
    """Instagram Graph API for a business account: media, comments with nested replies, hide, delete."""

    platform = "instagram"
    READ_PERMISSION = "instagram_basic"
    MANAGE_PERMISSION = "instagram_manage_comments"

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [
            ("GET", V + r"/(?P<user>[^/]+)/media", "media", InstagramServer.list_media),
            ("GET", V + r"/(?P<obj>[^/]+)/comments", "comments", InstagramServer.list_comments),
            ("GET", V + r"/(?P<obj>[^/]+)/replies", "replies", InstagramServer.list_replies),
            ("POST", V + r"/(?P<obj>[^/]+)/replies", "reply", InstagramServer.post_reply),
            ("POST", V + r"/(?P<obj>[^/]+)/comments", "reply", InstagramServer.post_top_level),
            ("GET", V + r"/(?P<obj>[^/]+)", "object", GraphServer.get_object),
            ("POST", V + r"/(?P<obj>[^/]+)", "hide", InstagramServer.update_object),
            ("DELETE", V + r"/(?P<obj>[^/]+)", "delete", GraphServer.delete_object),
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
        return {
            "id": item.id,
            "caption": item.text,
            "timestamp": graph_time(item.created),
            "media_type": "IMAGE",
            "permalink": f"https://www.instagram.com/p/{item.id[-11:]}/",
            "comments_count": len(self.world.comments_by_post.get((self.platform, item.id), ())),
        }

    def list_media(self, handler: SandboxHandler, user: str) -> JSON:
        return self.list_posts(handler, user)

    def list_comments(self, handler: SandboxHandler, obj: str) -> JSON:
        target = self.world.live(self.platform, obj)
        if target is None or target.post_id is not None:
            raise self.missing(obj)
        self.can_read(obj)
        items, more = walk(
            self.sandbox,
            self.platform,
            self.world.children[(self.platform, obj)],
            newest_first=True,
            after=decode_cursor(handler.params.get("after")),
            limit=_int(handler.params.get("limit"), 25, 1, 50),
        )
        fields = handler.params.get("fields")
        nested = fields is not None and "replies" in fields
        data = []
        for item in items:
            obj_json = select_fields(self.render_comment(item), fields)
            if nested:
                # A nested edge holds its first page only; the rest is behind paging.next, as on Instagram.
                replies, more_replies = walk(
                    self.sandbox,
                    self.platform,
                    self.world.children[(self.platform, item.id)],
                    newest_first=False,
                    limit=NESTED_PAGE,
                )
                if replies:
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
                    obj_json["replies"] = nested_body
            data.append(obj_json)
        return self.page_body(handler, data, items, more)

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

    def list_replies(self, handler: SandboxHandler, obj: str) -> JSON:
        target = self.world.live(self.platform, obj)
        if target is None or target.post_id is None:
            raise self.missing(obj)
        self.can_read(obj)
        items, more = walk(
            self.sandbox,
            self.platform,
            self.world.children[(self.platform, obj)],
            newest_first=False,
            after=decode_cursor(handler.params.get("after")),
            limit=_int(handler.params.get("limit"), 25, 1, 50),
        )
        data = [select_fields(self.render_comment(i), handler.params.get("fields")) for i in items]
        return self.page_body(handler, data, items, more)

    def update_object(self, handler: SandboxHandler, obj: str) -> JSON:
        item = self.world.live(self.platform, obj)
        if item is None:
            raise self.missing(obj, "post")
        self.can_manage(obj, "post")
        if "hide" in handler.params:
            item.hidden = handler.params["hide"].lower() == "true"
        return {"success": True}


# --- X API v2 -----------------------------------------------------------------------------------------

X_MEDIA = {"photo": ("3", "photo"), "video": ("7", "video"), "gif": ("16", "animated_gif")}


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
        limit = _int(handler.params.get("max_results"), 10, 5, 100)
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
        if raw_max is not None and not 10 <= _int(raw_max, 10, 0, 1000) <= 100:
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
            limit=_int(raw_max, 10, 10, 100),
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


X_SEARCH_WINDOW_SECONDS = 7 * 86400.0
X_OPERATOR_ALIASES = {"in_reply_to_status_id": "in_reply_to_tweet_id"}
# Operators the sandbox understands, with the values X accepts for each (from: takes a username or an id).
X_OPERATOR_VALUES = {"conversation_id": r"\d+", "in_reply_to_tweet_id": r"\d+", "from": r"\w{1,20}"}


# --- Reddit -------------------------------------------------------------------------------------------


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
                {"x-ratelimit-remaining": "0.0", "x-ratelimit-used": "600", "x-ratelimit-reset": "60"},
            )

    @staticmethod
    def invalid_token() -> Reply:
        return Reply(
            401,
            {"message": "Unauthorized", "error": 401},
            {"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'},
        )

    def fault_reply(self, fault: Fault) -> Reply:
        if fault.kind == "429":
            limit = self.sandbox.budgets[self.platform][0]
            return Reply(
                429,
                {"message": "Too Many Requests", "error": 429},
                {
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
        return {
            "kind": "t3",
            "data": {
                "id": item.id,
                "name": f"t3_{item.id}",
                "title": item.text[:300],
                "selftext": item.text,
                "author": item.author_name,
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
        limit = _int(handler.params.get("limit"), 25, 1, 100)
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
        limit = _int(handler.params.get("limit"), 25, 1, 100)
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
        budget = [_int(handler.params.get("limit"), 200, 1, 500)]
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


REDDIT_AGENT_RULE = re.compile(r"[\w.-]+:[\w.-]+:[\w.-]+ \(by /u/[\w-]{3,20}\)")


class RedditTokenServer(RedditServer):
    """www.reddit.com: the only host that issues OAuth tokens (POST /api/v1/access_token). Every API path
    is unknown here."""

    def route_table(self) -> list[tuple[str, str, str, Callable[..., Any]]]:
        return [("POST", r"/api/v1/access_token/?", "token", RedditServer.access_token)]

    def check_auth(self, handler: SandboxHandler) -> None:
        return  # the token endpoint checks the Basic credentials itself


SERVER_CLASSES: dict[str, type[PlatformServer]] = {
    "facebook": GraphServer,
    "instagram": InstagramServer,
    "x": XServer,
    "reddit": RedditServer,
}
