"""The review app in a real Chromium, against real sandbox platforms: login, urgent item, restore, bulk,
export, hostile comments inert, CSRF, roles, and screenshots of the queue and stats pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.sandbox import Sandbox
from bot.store import Store
from bot.web import close_app, create_app
from bot.web.server import BackgroundServer
from tests.browser.seed import PASSWORD, add_users, seed_from_sandbox

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    sandbox = Sandbox.start(seed=None, platforms=["facebook", "reddit"])
    store = Store(tmp_path_factory.mktemp("web") / "modbot.db")
    add_users(store)
    seeded = seed_from_sandbox(store, sandbox)
    app = create_app(store, connectors=seeded.connectors)
    server = BackgroundServer(app).start()
    yield {"sandbox": sandbox, "store": store, "seeded": seeded, "url": server.url}
    server.stop()
    close_app(app)
    for connector in seeded.connectors.values():
        connector.close()
    store.close()
    sandbox.stop()


def signed_in(browser, world, name: str):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(world["url"] + "/queue")
    assert "/login" in page.url  # signed-out users are sent to the sign-in page
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue"))
    return context, page


def test_review_urgent_item_and_restore_a_hidden_comment_on_the_platform(browser, world):
    sandbox, store, seeded = world["sandbox"], world["store"], world["seeded"]
    context, page = signed_in(browser, world, "mia")
    try:
        first = page.locator(".q-item").first
        assert "is-urgent" in first.get_attribute("class")
        assert "shoot him tonight" in first.inner_text()
        assert "URGENT" in first.inner_text()
        assert "threaten or promote violence" in first.inner_text()  # the Attachment A clause, in the list
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

        # Keyboard: j selects the first (urgent) item, Enter opens it, c confirms it.
        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/item/{seeded.ids['threat']}\b"))
        assert "attachment a" in page.inner_text("blockquote.clause").lower()
        page.screenshot(path=str(ARTIFACTS / "review-item.png"), full_page=True)
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.keyboard.press("c")
        page.wait_for_url(lambda url: f"/item/{seeded.ids['threat']}?" not in url)
        assert store.verdict(seeded.ids["threat"])["review_status"] == "confirmed"
        assert sandbox.comment("facebook", seeded.comment_ids["threat"])["hidden"] is True

        # The false positive was hidden by the bot; restoring it unhides it on the platform.
        cid = seeded.comment_ids["false_positive"]
        assert sandbox.comment("facebook", cid)["hidden"] is True
        page.goto(world["url"] + f"/item/{seeded.ids['false_positive']}")
        page.fill("#note", "sports idiom, not a threat")
        with page.expect_navigation():
            page.click("button[value=restore]")
        assert "restored" in page.inner_text(".flashes")
        assert sandbox.comment("facebook", cid)["hidden"] is False
        restore = [a for a in store.actions_for(f"facebook:{cid}") if a["kind"] == "unhide"]
        assert [(a["status"], a["actor"]) for a in restore] == [("done", "mia")]
        audit = [r for r in store.audit_rows(subject=f"facebook:{cid}") if r["event"] == "review_restore"]
        assert audit and audit[0]["actor"] == "mia" and "sports idiom" in audit[0]["details"]
    finally:
        context.close()


def test_bulk_confirm_from_the_queue(browser, world):
    store, seeded = world["store"], world["seeded"]
    context, page = signed_in(browser, world, "mia")
    try:
        for key in ("flag1", "flag2"):
            page.check(f"input.pick[value='{seeded.ids[key]}']")
        assert page.inner_text("#selected-count") == "2 selected"
        with page.expect_navigation():
            page.click("button.bulk-btn[value=confirm]")
        assert "Confirm: 2 item(s) done." in page.inner_text(".flashes")
        assert {store.verdict(seeded.ids[k])["review_status"] for k in ("flag1", "flag2")} == {"confirmed"}
        assert page.locator(f"input.pick[value='{seeded.ids['flag1']}']").count() == 0  # left the queue
    finally:
        context.close()


def test_hostile_comment_renders_inert(browser, world):
    seeded = world["seeded"]
    context, page = signed_in(browser, world, "mia")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in ("/queue", f"/item/{seeded.ids['xss']}"):
            page.goto(world["url"] + path)
            page.mouse.move(400, 400)
            assert '<script>alert("xss")</script>' in page.inner_text("main")  # shown as text
            scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
            assert scripts == ["/static/app.js"]
            hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href') || '')")
            assert not [h for h in hrefs if h.strip().lower().startswith("javascript")]
            assert page.locator("img").count() == 0
        page.screenshot(path=str(ARTIFACTS / "review-hostile-item.png"), full_page=True)
        assert dialogs == []
    finally:
        context.close()


def test_post_without_csrf_token_is_rejected(browser, world):
    store, seeded = world["store"], world["seeded"]
    context, page = signed_in(browser, world, "mia")
    try:
        vid = seeded.ids["xss"]
        before = len(store.reviews_for(store.verdict(vid)["comment_uid"]))
        url = world["url"] + f"/item/{vid}/decide"
        missing = page.request.post(url, form={"decision": "keep"}, max_redirects=0)
        wrong = page.request.post(url, form={"decision": "keep", "csrf_token": "forged"}, max_redirects=0)
        assert (missing.status, wrong.status) == (400, 403)
        assert len(store.reviews_for(store.verdict(vid)["comment_uid"])) == before
    finally:
        context.close()


def test_non_admin_cannot_reach_admin_pages(browser, world):
    context, page = signed_in(browser, world, "mia")
    try:
        for path in ("/admin/users", "/admin/policy", "/export"):
            response = page.goto(world["url"] + path)
            assert response.status == 403, path
        assert page.locator("nav a[href='/admin/users']").count() == 0
    finally:
        context.close()


def test_records_export_and_stats(browser, world):
    seeded = world["seeded"]
    context, page = signed_in(browser, world, "rex")
    try:
        assert page.locator("#bulk-form .bulk-btn").count() == 0  # records staff read, never decide
        page.click("nav a[href='/export']")
        page.check("input[value=json]")
        with page.expect_download() as info:
            page.click("#export-form button[type=submit]")
        document = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        by_id = {c["comment_id"]: c for c in document["comments"]}
        threat = by_id[seeded.comment_ids["threat"]]
        assert threat["current_state"] == "hidden"  # hidden on the platform, still in the records
        assert threat["versions"][0]["text"].startswith("I know where officer Ruiz lives")
        assert len(document["comments"]) == 6

        page.click("nav a[href='/stats']")
        assert page.locator("svg.chart").count() == 4
        page.screenshot(path=str(ARTIFACTS / "review-stats.png"), full_page=True)
    finally:
        context.close()


def test_long_unbroken_author_and_text_never_widen_the_page(browser, world):
    # Runs last in this module: it adds one item to the shared queue.
    from tests.browser.seed import comment, judge, verdict

    store = world["store"]
    vid = judge(
        store,
        comment(
            "long1",
            "see https://example.com/" + "a" * 700 + " \u202eoverride",
            page_id="lcpd-long",
            author="Z" * 300,
        ),
        verdict("flag", "spam"),
    )
    context, page = signed_in(browser, world, "mia")
    try:
        for path in ("/queue?page=lcpd-long", f"/item/{vid}"):
            page.goto(world["url"] + path)
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], (path, widths)
    finally:
        context.close()
