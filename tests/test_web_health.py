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


def test_readyz_judges_each_page_by_its_configured_interval(tmp_path: Path) -> None:
    from bot.config import PageConfig, Settings
    from bot.domain import Platform
    from bot.web import close_app

    def page(name: str, interval: float) -> PageConfig:
        return PageConfig(
            name=name,
            platform=Platform.REDDIT,
            page_id=name,
            credential_env={"token": "QA_UNUSED_TOKEN"},
            base_url="http://127.0.0.1:9/",
            interval_seconds=interval,
        )

    db = tmp_path / "h.db"
    with Store(db) as store:
        # Polled every 30 minutes, last 5 minutes ago: on schedule (the 3 × 60 s default would call it stale).
        store.update_page_status(
            "slow", "reddit", "slow", state="ok", last_poll_at=_ago(5), last_success_at=_ago(5)
        )
    settings = Settings(db_path=db, policy_dir=tmp_path, pages=(page("slow", 1800), page("quick", 60)))
    app = create_app(settings)
    try:
        client = app.test_client()
        r = client.get("/readyz")
        assert r.status_code == 200 and r.get_json() == {"status": "ok", "pages": 1, "not_ok": 0}
        # Polled every minute, last 10 minutes ago: stale.
        with Store(db) as store:
            store.update_page_status(
                "quick", "reddit", "quick", state="ok", last_poll_at=_ago(10), last_success_at=_ago(10)
            )
        r = client.get("/readyz")
        assert r.status_code == 503 and r.get_json() == {"status": "degraded", "pages": 2, "not_ok": 1}
    finally:
        close_app(app)
