"""/healthz answers only when the database does; /readyz is 503 while a page is stale."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from bot.web.app import create_app
from tests.test_status import _ago


def test_readyz_reports_page_health(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.db")
    try:
        app = create_app(store)
        client = app.test_client()
        store.update_page_status("fresh", "facebook", "1", state="ok", last_poll_at=_ago(0.5))
        assert client.get("/readyz").status_code == 200
        store.update_page_status(
            "hung", "x", "3", state="ok", last_poll_at=_ago(60), last_success_at=_ago(60)
        )
        r = client.get("/readyz")
        assert r.status_code == 503 and r.get_json() == {"status": "degraded", "pages": 2, "not_ok": 1}
        assert client.get("/healthz").status_code == 200
    finally:
        store.close()


def test_healthz_fails_when_the_database_is_unusable(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    app = create_app(store)
    assert app.test_client().get("/healthz").status_code == 200
    store.conn.close()  # the database connection is gone: the process is alive but cannot work
    assert app.test_client().get("/healthz").status_code == 503
