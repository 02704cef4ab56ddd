"""Running the review app: `serve` (waitress, foreground) and `BackgroundServer` (a thread, for tests and demo)."""

from __future__ import annotations

import signal
import socket
import threading
from typing import Any

from flask import Flask


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, so a taken port is an OSError here, before waitress starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    app: Flask,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 4,
    sockets: list[socket.socket] | None = None,
) -> None:
    """Serve `app` with waitress until interrupted (Ctrl-C, or SIGTERM: the requests in flight are given a
    few seconds and the call returns), on `sockets` when given, already bound.

    SIGTERM needs a handler: as a container's PID 1 a signal without one is ignored, so `docker stop` would
    wait out its timeout and kill the app (exit 137) instead of stopping it."""
    import waitress

    # Left untyped on purpose: keyword arguments for waitress.serve (itself untyped)
    options: dict[str, Any] = {"sockets": sockets} if sockets else {"host": host, "port": port}
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop_serving) if in_main_thread else None
    try:
        # waitress's loop ends on SystemExit, shutting its task threads down first
        waitress.serve(app, threads=threads, ident="modbot", clear_untrusted_proxy_headers=True, **options)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _stop_serving(signum: int, frame: object) -> None:
    raise SystemExit(0)


class BackgroundServer:
    """The app on a real socket in a daemon thread (port 0 picks a free one); `stop()` shuts it down cleanly."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        from werkzeug.serving import make_server

        self._server = make_server(host, port, app, threaded=True)
        self.host = host
        self.port = int(self._server.server_port)
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="modbot-web", daemon=True)

    def start(self) -> BackgroundServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
