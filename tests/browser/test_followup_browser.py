"""What follows a verdict, in a real Chromium (issue 12.4-12.6): a moderator acknowledges an urgent item,
escalates an item to a supervisor who alone may then decide it, and an admin pauses and resumes a page on
the health page; each checked on the page and in the database, with a screenshot saved as an artifact."""

from __future__ import annotations

import json
import re

import pytest

from bot.store import Store
from bot.store import ops as store_ops
from bot.web import close_app, create_app
from bot.web.security import hash_password
from bot.web.server import BackgroundServer
from tests.browser.seed import PASSWORD, add_users, seed_plain
from tests.browser.test_review_app import ARTIFACTS, pytestmark, signed_in

__all__ = ["pytestmark"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("followup") / "modbot.db")
    add_users(store)
    store.upsert_user("sam", hash_password(PASSWORD), "supervisor")
    ids = seed_plain(store)
    store.update_page_status("lcpd-fb", "facebook", "lcpd", state="running")
    app = create_app(store)
    server = BackgroundServer(app).start()
    yield {"store": store, "ids": ids, "url": server.url}
    server.stop()
    close_app(app)
    store.close()


def test_a_moderator_acknowledges_an_urgent_item(browser, world):
    store, vid = world["store"], world["ids"]["urgent_threat"]
    assert store_ops.acknowledgement(store, vid) is None
    context, page = signed_in(browser, world, "mia")
    try:
        page.goto(f"{world['url']}/item/{vid}")
        assert "not acknowledged" in page.inner_text("#followup") or "no alert" in page.inner_text(
            "#followup"
        )
        with page.expect_navigation():
            page.click("#ack-form button.d-ack")
        assert f"#{vid} acknowledged" in page.inner_text(".flashes")
        assert "Acknowledged by mia" in page.inner_text("#followup .ack")
        assert page.locator("#ack-form").count() == 0  # nothing left to acknowledge
        ack = store_ops.acknowledgement(store, vid)
        assert ack is not None and ack["user"] == "mia"
        audit = [r for r in store.audit_rows() if r["event"] == "alert_acknowledged"]
        assert [(r["actor"], json.loads(r["details"])["verdict_id"]) for r in audit] == [("mia", vid)]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-ack.png"), full_page=True)
    finally:
        context.close()


def test_an_escalated_item_waits_for_its_supervisor(browser, world):
    store, vid = world["store"], world["ids"]["old_flag"]
    context, page = signed_in(browser, world, "mia")
    try:
        page.goto(f"{world['url']}/item/{vid}")
        page.select_option("#assignee", "sam")
        page.uncheck("input[name=advance]")
        with page.expect_navigation():
            page.click("button[value=escalate]")
        assert "assigned to sam" in page.inner_text(".flashes")
        assert store.verdict(vid)["review_status"] == "escalated"
        held = store_ops.assignment(store, vid)
        assert held is not None and (held["assignee"], held["assigned_by"]) == ("sam", "mia")

        page.goto(f"{world['url']}/queue?status=escalated")
        row = page.locator(".q-item", has=page.locator(f"input.pick[value='{vid}']"))
        assert "held by sam" in row.locator(".badge.holder").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-escalated.png"), full_page=True)

        # The moderator's decision is refused; the item stays escalated and held by sam.
        page.goto(f"{world['url']}/item/{vid}")
        assert "Held by sam" in page.inner_text("#followup .holder")
        page.uncheck("input[name=advance]")
        with page.expect_navigation():
            page.click("button[value=keep]")
        assert "a supervisor decides it" in page.inner_text(".flashes")
        assert store.verdict(vid)["review_status"] == "escalated"
    finally:
        context.close()

    context, page = signed_in(browser, world, "sam")
    try:
        page.goto(f"{world['url']}/item/{vid}")
        page.uncheck("input[name=advance]")
        with page.expect_navigation():
            page.click("button[value=keep]")
        assert store.verdict(vid)["review_status"] == "kept"
        assert "supervisor decides" not in page.inner_text(".flashes")
    finally:
        context.close()


def test_an_admin_pauses_and_resumes_a_page(browser, world):
    store = world["store"]
    context, page = signed_in(browser, world, "ada")
    try:
        page.goto(f"{world['url']}/health")
        row = page.locator("tr.page-row[data-page='lcpd-fb']")
        assert "is-paused" not in (row.get_attribute("class") or "")
        row.locator("input[name=reason]").fill("storm drill")
        with page.expect_navigation():
            row.locator("button.pause").click()
        assert "lcpd-fb paused" in page.inner_text(".flashes")
        assert "is-paused" in (row.get_attribute("class") or "")
        assert "paused by ada" in row.locator(".paused-by").inner_text()
        assert "storm drill" in row.locator(".paused-by").inner_text()
        assert store_ops.is_paused(store, "lcpd-fb")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-health.png"), full_page=True)

        with page.expect_navigation():
            row.locator("button.resume").click()
        assert "lcpd-fb resumed" in page.inner_text(".flashes")
        assert "is-paused" not in (row.get_attribute("class") or "")
        assert row.locator("button.pause").count() == 1
        assert not store_ops.is_paused(store, "lcpd-fb")

        events = [(r["event"], r["actor"]) for r in store.audit_rows(subject="page:lcpd-fb")]
        assert events == [("page_paused", "ada"), ("page_resumed", "ada")]
        checked, problems = store.verify_audit()
        assert checked > 0 and problems == []
    finally:
        context.close()


def test_a_moderator_cannot_pause_a_page(browser, world):
    context, page = signed_in(browser, world, "mia")
    try:
        page.goto(f"{world['url']}/health")
        assert page.locator("tr.page-row[data-page='lcpd-fb'] button.pause").count() == 0
        assert re.search(r"lcpd-fb", page.inner_text("table.health"))
    finally:
        context.close()
