"""Pytest fixture for a real webhook receiver on 127.0.0.1 (registered via pytest_plugins)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class Receiver(ThreadingHTTPServer):
    """Records every POSTed body; `fail_next` answers that many posts with `status_when_failing`."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.bodies: list[tuple[bytes, dict[str, str]]] = []
        self.fail_next = 0
        self.status_when_failing = 500

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.fail_next > 0:
            self.server.fail_next -= 1
            self.send_response(self.server.status_when_failing)
            self.end_headers()
            return
        self.server.bodies.append((body, dict(self.headers)))
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
