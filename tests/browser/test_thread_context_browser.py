"""The item page's Context panel in a real Chromium: the archived post, the parent of a reply and the
nearest comments render as text (hostile markup inert), with a screenshot saved as a test artifact."""

from __future__ import annotations

import re
from pathlib import Path

from bot.store import Store
from bot.store import media as store_media
from bot.web import close_app, create_app
from bot.web.server import BackgroundServer
from tests.browser.seed import XSS_TEXT, add_users
from tests.browser.test_review_app import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, pytestmark, signed_in
from tests.test_thread_context import put

__all__ = ["pytestmark"]


def test_the_context_panel_shows_post_parent_and_thread(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    store = Store(tmp_path / "modbot.db")
    add_users(store)
    put(store, "top", "Which road is closed?", minute=0, author="bob")
    put(store, "sib", XSS_TEXT, minute=1, author="mal")
    vid = put(store, "it", "you deserve what is coming", minute=2, parent="top", judge="flag")
    put(store, "later", "thanks for the update", minute=3, author="cy")
    store_media.archive_posts(
        store,
        [
            store_media.PostText(
                platform="facebook", page_id="lcpd", post_id="p1", text="Road closed on Lohman"
            )
        ],
    )
    app = create_app(store)
    server = BackgroundServer(app).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            context, page = signed_in(browser, {"url": server.url}, "mia")
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{server.url}/item/{vid}")
            assert page.inner_text("#ctx-post") == "Road closed on Lohman"
            assert "Which road is closed?" in page.inner_text("#ctx-parent")
            thread = page.inner_text("#ctx-thread")
            assert re.search(
                r"<script>alert\(\"xss\"\)</script>.*this comment.*thanks for the update", thread, re.S
            )
            assert page.locator("#context script, #context img").count() == 0
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "review-item-context.png"), full_page=True)
            assert dialogs == []
            context.close()
            browser.close()
    finally:
        server.stop()
        close_app(app)
        store.close()
