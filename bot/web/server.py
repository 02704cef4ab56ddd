"""Running the review app: `serve` (waitress, foreground) and `BackgroundServer` (a thread, for tests and demo)."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8080, threads: int = 4) -> None:
    """Serve `app` with waitress until interrupted."""
    import waitress

    waitress.serve(
        app, host=host, port=port, threads=threads, ident="modbot", clear_untrusted_proxy_headers=True
    )


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
