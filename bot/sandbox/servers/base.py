"""What every sandbox platform server shares: the request handler, routing, fault switches, budgets."""

from __future__ import annotations

import base64
import bisect
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from bot.sandbox import media as sandbox_media
from bot.sandbox.state import Fault, Item, RequestRecord, SortedIndex

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

JSON = dict[str, Any]


class Reply(Exception):
    """Raised inside a route to answer with a given status, body and headers."""

    def __init__(
        self,
        status: int,
        body: Any,
        *,
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.content_type = content_type  # set: `body` is sent as this text instead of JSON


# --- request helpers ----------------------------------------------------------------------------------


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


def int_param(value: str | None, default: int, low: int, high: int) -> int:
    """A numeric parameter clamped to [low, high]; `default` when absent or not a whole number."""
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

    def not_found_body(self, path: str) -> JSON:
        """The body of this platform's 404 for a path no route matches."""
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

    def malformed_body_reply(self) -> Reply:
        """This platform's 400 for a JSON body that does not parse."""
        return Reply(400, {"error": {"message": "Invalid JSON body", "type": "BadRequest", "code": 400}})


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
        try:
            raw = self.rfile.read(length) if length else b""
        except OSError:
            raw = b""
        # A client that died mid-body (SIGKILL, a dropped link) sent no request: a real server never
        # acts on a body shorter than its Content-Length.
        self.incomplete = len(raw) < length
        self.json_body: Any = None
        self.malformed = False
        self.form: dict[str, str] = {}
        ctype = self.headers.get("content-type", "")
        if raw and "json" in ctype:
            try:
                self.json_body = json.loads(raw)
            except ValueError:
                self.malformed = True
        elif raw:
            self.form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        self.params = {**self.query, **self.form}

    def dispatch(self, method: str) -> None:
        server = self.server
        self.read_request()
        if self.incomplete:
            self.log(method, "incomplete", {}, -1, None)
            self.close_connection = True
            return
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
                raise Reply(404, server.not_found_body(self.url_path))
            if fault is not None and fault.kind != "slow":
                raise server.fault_reply(fault)
            server.check_auth(self)
            if self.malformed:
                raise server.malformed_body_reply()
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
