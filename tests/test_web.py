"""Review app over Flask's test client: headers, cookies, CSRF, roles, rate limit, escaping, queue, decisions."""

from __future__ import annotations

import re

import pytest

from bot.sandbox import Sandbox
from bot.store import QueueFilter, Store
from bot.web import create_app
from bot.web.security import CONTENT_SECURITY_POLICY, LoginLimiter, safe_http_url
from tests.browser.seed import (
    PASSWORD,
    XSS_TEXT,
    add_users,
    comment,
    judge,
    seed_from_sandbox,
    verdict,
)
from tests.conftest import login, signed_in, token

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")


# -- headers and cookies -----------------------------------------------------------------------------
def test_every_page_carries_a_strict_csp_and_hardening_headers(app):
    client, _ = signed_in(app)
    for path in ("/login", "/queue", "/stats", "/static/app.js"):
        r = client.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert csp == CONTENT_SECURITY_POLICY
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        r.close()  # static files are streamed from an open file
    html = client.get("/queue").get_data(as_text=True)
    # No inline script anywhere: only the static file.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert " style=" not in html and "onclick" not in html


def test_session_cookie_is_httponly_samesite_and_secure_when_asked(store, ids):
    for secure in (False, True):
        app = create_app(store, secure_cookies=secure)
        client = app.test_client()
        r = login(client)
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure


def test_signed_out_users_are_sent_to_sign_in(app):
    client = app.test_client()
    r = client.get("/item/1")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=/item/1")
    t = token(client)
    assert client.post("/bulk", data={"csrf_token": t, "decision": "confirm"}).status_code == 401


def test_login_redirect_never_leaves_the_site(app):
    client = app.test_client()
    t = token(client)
    r = client.post(
        "/login", data={"csrf_token": t, "username": "mia", "password": PASSWORD, "next": "//evil.example/x"}
    )
    assert r.headers["Location"] == "/queue"


# -- CSRF ----------------------------------------------------------------------------------------------
def test_state_changing_requests_need_the_csrf_token(app, store, ids):
    client, good = signed_in(app)
    vid = ids["old_flag"]
    assert client.post(f"/item/{vid}/decide", data={"decision": "keep"}).status_code == 400
    assert (
        client.post(f"/item/{vid}/decide", data={"decision": "keep", "csrf_token": "x" * 43}).status_code
        == 403
    )
    assert client.post("/logout").status_code == 400
    assert store.reviews_for("facebook:c1") == []
    ok = client.post(f"/item/{vid}/decide", data={"decision": "keep", "csrf_token": good})
    assert ok.status_code == 302
    assert [r["decision"] for r in store.reviews_for("facebook:c1")] == ["keep"]
    # The header form works too (for scripts), and the login form is protected as well.
    r = client.post(
        f"/item/{vid}/decide", data={"decision": "note", "note": "n"}, headers={"X-CSRF-Token": good}
    )
    assert r.status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "mia", "password": PASSWORD}).status_code == 400


def test_a_token_from_another_session_is_refused(app, ids):
    _, other_token = signed_in(app, "ada")
    client, _ = signed_in(app, "mia")
    r = client.post(f"/item/{ids['old_flag']}/decide", data={"decision": "keep", "csrf_token": other_token})
    assert r.status_code == 403


# -- sign-in rate limit ----------------------------------------------------------------------------------
def test_failed_logins_are_rate_limited_per_user_and_address(store, ids):
    now = [1000.0]
    app = create_app(store, limiter=LoginLimiter(max_failures=5, window=300, clock=lambda: now[0]))
    client = app.test_client()
    for _ in range(5):
        assert login(client, password="wrong password").status_code == 401
    # Even the right password is refused now, from this address, for this user...
    assert login(client).status_code == 429
    # ...but the same user from another address, and another user from this one, still get in.
    assert login(app.test_client(), addr="10.0.0.2").status_code == 302
    assert login(app.test_client(), name="ada").status_code == 302
    now[0] += 301
    assert login(app.test_client()).status_code == 302


def test_unknown_user_and_wrong_password_look_the_same(app):
    a = login(app.test_client(), name="nobody")
    b = login(app.test_client(), password="not the password")
    assert a.status_code == b.status_code == 401
    assert "Wrong user name or password." in a.get_data(as_text=True)
    assert "Wrong user name or password." in b.get_data(as_text=True)


# -- roles ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "allowed", "forbidden"),
    [
        ("mia", ["/queue", "/stats", "/item/1"], ["/export", "/admin/users", "/admin/policy"]),
        ("rex", ["/queue", "/stats", "/export", "/item/1"], ["/admin/users", "/admin/policy"]),
        ("ada", ["/queue", "/stats", "/export", "/admin/users", "/admin/policy"], []),
    ],
)
def test_roles_reach_only_their_pages(app, name, allowed, forbidden):
    client, _ = signed_in(app, name)
    for path in allowed:
        assert client.get(path).status_code == 200, path
    for path in forbidden:
        assert client.get(path).status_code == 403, path


def test_records_staff_cannot_decide(app, store, ids):
    client, t = signed_in(app, "rex")
    r = client.post(f"/item/{ids['old_flag']}/decide", data={"decision": "confirm", "csrf_token": t})
    assert r.status_code == 403
    assert (
        client.post(
            "/bulk", data={"decision": "confirm", "ids": ids["old_flag"], "csrf_token": t}
        ).status_code
        == 403
    )
    assert 'name="decision"' not in client.get(f"/item/{ids['old_flag']}").get_data(as_text=True)
    assert store.reviews_for("facebook:c1") == []


def test_removing_a_user_ends_their_session(app, store):
    client, _ = signed_in(app, "mia")
    assert client.get("/queue").status_code == 200
    store.remove_user("mia")
    assert client.get("/queue").status_code == 302


def test_admin_manages_users_in_the_app(app, store):
    client, t = signed_in(app, "ada")
    r = client.post(
        "/admin/users", data={"csrf_token": t, "name": "newmod", "role": "moderator", "password": "pw-123456"}
    )
    assert r.status_code == 302
    assert store.user("newmod")["role"] == "moderator"
    assert store.user("newmod")["password_hash"].startswith("$argon2")
    client.post(
        "/admin/users",
        data={"csrf_token": t, "name": "bad name!", "role": "moderator", "password": "pw-123456"},
    )
    assert store.user("bad name!") is None
    client.post("/admin/users/newmod/remove", data={"csrf_token": t})
    assert store.user("newmod") is None
    client.post("/admin/users/ada/remove", data={"csrf_token": t})
    assert store.user("ada") is not None  # never yourself


# -- hostile text --------------------------------------------------------------------------------------
def test_comment_text_author_and_urls_are_escaped_and_inert(app, ids):
    client, _ = signed_in(app)
    for path in ("/queue", f"/item/{ids['xss']}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
        assert 'href="javascript' not in html.lower()
    item = client.get(f"/item/{ids['xss']}").get_data(as_text=True)
    assert '<span class="url">javascript:alert(5)</span>' in item  # the permalink, as text
    assert '<span class="url">https://cdn.example.org/p.jpg</span>' in item  # links off by default


def test_live_links_are_http_only_with_rel_attributes(store, ids):
    judge(
        store,
        comment("c9", "see link", permalink="https://www.facebook.com/1/posts/2?comment_id=9"),
        verdict(),
    )
    app = create_app(store, links_live=True)
    client, _ = signed_in(app)
    vid = store.review_queue(QueueFilter(search="see link"))[0]["id"]
    html = client.get(f"/item/{vid}").get_data(as_text=True)
    assert (
        '<a class="url" href="https://www.facebook.com/1/posts/2?comment_id=9" '
        'rel="noopener noreferrer nofollow ugc" target="_blank">'
    ) in html
    xss = client.get(f"/item/{ids['xss']}").get_data(as_text=True)
    assert 'href="javascript' not in xss.lower() and "javascript:alert(5)" in xss


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "/relative",
        'https://a.example/"onmouseover=x',
        "vbscript:x",
        "http:///nohost",
        None,
        "",
    ],
)
def test_unsafe_urls_never_become_links(url):
    assert safe_http_url(url) is None


# -- queue ------------------------------------------------------------------------------------------------
def test_queue_lists_urgent_first_then_oldest_and_hides_allowed(app, ids):
    client, _ = signed_in(app)
    html = client.get("/queue").get_data(as_text=True)
    order = [int(x) for x in re.findall(r'name="ids" value="(\d+)"', html)]
    assert order == [ids["urgent_threat"], ids["old_flag"], ids["spam"], ids["xss"]]
    assert ids["allowed"] not in order
    assert 'class="q-item is-urgent"' in html and "1 urgent" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("platform=reddit", ["spam"]),
        ("category=threat", ["urgent_threat", "old_flag"]),
        ("category=spam", ["spam"]),
        ("action=flag", ["old_flag", "xss"]),
        ("q=parking", ["old_flag"]),
        ("q=Mallory", ["xss"]),
        ("q=%25", []),  # LIKE wildcards are matched literally
        ("urgent=1", ["urgent_threat"]),
        ("page=LasCrucesPD", ["spam"]),
    ],
)
def test_queue_filters_and_search(app, ids, query, expected):
    client, _ = signed_in(app)
    html = client.get(f"/queue?{query}").get_data(as_text=True)
    assert [int(x) for x in re.findall(r'name="ids" value="(\d+)"', html)] == [ids[k] for k in expected]


def test_item_page_shows_clause_scores_and_full_history(app, store, ids):
    store.archive_comment(comment("c1", "Old flagged comment about parking, edited"))
    client, t = signed_in(app)
    client.post(
        f"/item/{ids['old_flag']}/decide",
        data={"decision": "note", "note": "checked the plates", "csrf_token": t},
    )
    html = client.get(f"/item/{ids['old_flag']}").get_data(as_text=True)
    assert "Comments that threaten or promote violence" in html
    assert "Archived version 1" in html and "Archived version 2" in html and "edited" in html
    assert "checked the plates" in html and "Review: note" in html
    assert "Audit rows" in html and "review_note" in html
    assert "<meter" in html


# -- decisions -------------------------------------------------------------------------------------------
def test_confirm_keep_escalate_need_no_platform_and_are_audited(app, store, ids):
    client, t = signed_in(app)
    client.post(f"/item/{ids['urgent_threat']}/decide", data={"decision": "confirm", "csrf_token": t})
    client.post(
        f"/item/{ids['old_flag']}/decide", data={"decision": "escalate", "note": "sergeant", "csrf_token": t}
    )
    client.post(f"/item/{ids['xss']}/decide", data={"decision": "keep", "csrf_token": t})
    assert store.verdict(ids["urgent_threat"])["review_status"] == "confirmed"
    assert store.verdict(ids["old_flag"])["review_status"] == "escalated"
    assert store.verdict(ids["xss"])["review_status"] == "kept"
    assert store.count("actions") == 0
    events = {(r["actor"], r["event"]) for r in store.audit_rows()}
    assert {("mia", "review_confirm"), ("mia", "review_escalate"), ("mia", "review_keep")} <= events
    # Escalated items stay in the open queue; decided ones leave it.
    open_ids = [r["id"] for r in store.review_queue()]
    assert open_ids == [ids["old_flag"], ids["spam"]]
    assert store.verify_audit()[1] == []


def test_note_needs_text_and_unknown_decisions_are_refused(app, store, ids):
    client, t = signed_in(app)
    r = client.post(
        f"/item/{ids['old_flag']}/decide", data={"decision": "note", "csrf_token": t}, follow_redirects=True
    )
    assert "write the note first" in r.get_data(as_text=True)
    r = client.post(
        f"/item/{ids['old_flag']}/decide", data={"decision": "nuke", "csrf_token": t}, follow_redirects=True
    )
    assert "unknown decision" in r.get_data(as_text=True)
    assert store.reviews_for("facebook:c1") == []


def test_restore_without_a_connector_fails_visibly_and_records_nothing(app, store, ids):
    client, t = signed_in(app)
    r = client.post(
        f"/item/{ids['urgent_threat']}/decide",
        data={"decision": "restore", "csrf_token": t},
        follow_redirects=True,
    )
    assert "no connector configured" in r.get_data(as_text=True)
    assert store.verdict(ids["urgent_threat"])["review_status"] == "pending"
    assert [a["status"] for a in store.actions_for("facebook:c2")] == ["failed"]


def test_bulk_confirm_and_advance_to_next_item(app, store, ids):
    client, t = signed_in(app)
    r = client.post(
        "/bulk", data={"csrf_token": t, "decision": "confirm", "ids": [ids["old_flag"], ids["xss"]]}
    )
    assert r.status_code == 302
    assert {store.verdict(i)["review_status"] for i in (ids["old_flag"], ids["xss"])} == {"confirmed"}
    assert (
        client.post("/bulk", data={"csrf_token": t, "decision": "delete", "ids": ids["spam"]}).status_code
        == 302
    )
    assert store.verdict(ids["spam"])["review_status"] == "pending"  # delete is never a bulk action
    r = client.post(
        f"/item/{ids['urgent_threat']}/decide", data={"decision": "keep", "advance": "1", "csrf_token": t}
    )
    assert r.headers["Location"].startswith(f"/item/{ids['spam']}")


@pytest.fixture
def sandboxed(tmp_path):
    sandbox = Sandbox.start(seed=None, platforms=["facebook", "reddit"])
    store = Store(tmp_path / "sb.db")
    add_users(store)
    world = seed_from_sandbox(store, sandbox)
    yield store, world
    for c in world.connectors.values():
        c.close()
    store.close()
    sandbox.stop()


def test_restore_and_delete_change_the_sandbox_platforms_through_the_journal(sandboxed):
    store, world = sandboxed
    sandbox = world.sandbox
    app = create_app(store, connectors=world.connectors)
    client, t = signed_in(app)
    fp = world.comment_ids["false_positive"]
    assert sandbox.comment("facebook", fp)["hidden"] is True
    client.post(f"/item/{world.ids['false_positive']}/decide", data={"decision": "restore", "csrf_token": t})
    assert sandbox.comment("facebook", fp)["hidden"] is False
    assert store.comment_state(f"facebook:{fp}") == "visible"
    assert store.verdict(world.ids["false_positive"])["review_status"] == "restored"

    spam = world.comment_ids["reddit_spam"]
    client.post(f"/item/{world.ids['reddit_spam']}/decide", data={"decision": "restore", "csrf_token": t})
    assert sandbox.comment("reddit", spam)["approved"] is True
    assert [a["kind"] for a in store.actions_for(f"reddit:{spam}")] == ["hide", "approve"]

    threat = world.comment_ids["threat"]
    client.post(f"/item/{world.ids['threat']}/decide", data={"decision": "delete", "csrf_token": t})
    assert (
        sandbox.comment("facebook", threat) is None or sandbox.comment("facebook", threat)["deleted"] is True
    )
    assert store.comment_state(f"facebook:{threat}") == "deleted"
    deleted = [a for a in store.actions_for(f"facebook:{threat}") if a["kind"] == "delete"]
    assert [(a["status"], a["actor"]) for a in deleted] == [("done", "mia")]
    # A deleted comment cannot be restored; the button is off and the server refuses too.
    r = client.post(
        f"/item/{world.ids['threat']}/decide",
        data={"decision": "restore", "csrf_token": t},
        follow_redirects=True,
    )
    assert "cannot be changed" in r.get_data(as_text=True)

    flagged = world.comment_ids["flag1"]
    client.post(
        f"/item/{world.ids['flag1']}/decide",
        data={"decision": "hide", "note": "names a minor", "csrf_token": t},
    )
    assert sandbox.comment("facebook", flagged)["hidden"] is True
    review = store.reviews_for(f"facebook:{flagged}")[-1]
    assert (review["decision"], review["moderator"]) == ("confirm", "mia") and "names a minor" in review[
        "note"
    ]
    assert store.verify_audit()[1] == []


def test_dry_run_journals_but_leaves_the_platform_alone(sandboxed):
    store, world = sandboxed
    app = create_app(store, connectors=world.connectors, dry_run=True)
    client, t = signed_in(app)
    fp = world.comment_ids["false_positive"]
    client.post(f"/item/{world.ids['false_positive']}/decide", data={"decision": "restore", "csrf_token": t})
    assert world.sandbox.comment("facebook", fp)["hidden"] is True
    assert [a["status"] for a in store.actions_for(f"facebook:{fp}") if a["kind"] == "unhide"] == ["dry_run"]
    assert "dry run" in store.reviews_for(f"facebook:{fp}")[-1]["note"]


# -- stats -----------------------------------------------------------------------------------------------
def test_stats_page_draws_four_charts_with_the_override_rate(sandboxed):
    store, world = sandboxed
    app = create_app(store, connectors=world.connectors)
    client, t = signed_in(app)
    client.post(f"/item/{world.ids['false_positive']}/decide", data={"decision": "restore", "csrf_token": t})
    html = client.get("/stats").get_data(as_text=True)
    assert html.count('<svg class="chart"') == 4
    assert "<td>threat-violence</td><td>2</td><td>1</td>" in html and "50%" in html
    assert "no data yet" not in html.split("Queue size")[0]
    assert client.get("/stats?days=7").status_code == 200
    assert client.get("/stats?days=nonsense").status_code == 200


def test_healthz_is_public_and_says_nothing_else(app):
    r = app.test_client().get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}


def test_text_of_xss_fixture_is_what_the_browser_test_uses():
    assert "<script>" in XSS_TEXT and "javascript:" in XSS_TEXT


def test_missing_page_credentials_are_reported_not_a_crash(store, ids, monkeypatch):
    from bot.config import PageConfig
    from bot.domain import Platform
    from bot.web.decisions import ConnectorPool

    monkeypatch.delenv("LCPD_FB_TOKEN_UNSET", raising=False)
    page = PageConfig(
        name="lcpd",
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        credential_env={"token": "LCPD_FB_TOKEN_UNSET"},
        base_url="http://127.0.0.1:9/",
    )
    app = create_app(store, connectors=ConnectorPool([page]))
    client, t = signed_in(app)
    r = client.post(
        f"/item/{ids['urgent_threat']}/decide",
        data={"decision": "restore", "csrf_token": t},
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert "LCPD_FB_TOKEN_UNSET" in r.get_data(as_text=True) and "is not set" in r.get_data(as_text=True)
    assert store.verdict(ids["urgent_threat"])["review_status"] == "pending"


def test_advance_skips_the_item_just_escalated_and_keeps_the_queue_filters(app, store, ids):
    client, t = signed_in(app)
    # Escalated items stay open for a supervisor: "next" must not show the same item again.
    r = client.post(
        f"/item/{ids['urgent_threat']}/decide",
        data={"decision": "escalate", "advance": "1", "back": "/queue", "csrf_token": t},
    )
    assert store.verdict(ids["urgent_threat"])["review_status"] == "escalated"
    assert r.headers["Location"].startswith(f"/item/{ids['old_flag']}")
    # A moderator working a filtered view (spam only) goes on to the next item of that view.
    r = client.post(
        f"/item/{ids['old_flag']}/decide",
        data={"decision": "keep", "advance": "1", "back": "/queue?category=spam", "csrf_token": t},
    )
    assert r.headers["Location"].startswith(f"/item/{ids['spam']}")
    assert "category%3Dspam" in r.headers["Location"] or "category=spam" in r.headers["Location"]


def test_pages_are_shown_by_their_configured_names(store, ids, tmp_path):
    from bot.config import PageConfig, Settings
    from bot.domain import Platform
    from bot.web import close_app

    page = PageConfig(
        name="lcpd-facebook",
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        credential_env={"token": "QA_UNUSED_TOKEN"},
        base_url="http://127.0.0.1:9/",
    )
    settings = Settings(db_path=store.path, policy_dir=tmp_path, pages=(page,))
    named = create_app(settings)
    try:
        client, _ = signed_in(named)
        queue = client.get("/queue").get_data(as_text=True)
        assert (
            "facebook · lcpd-facebook ·" in queue and '<option value="lcpd" >lcpd-facebook</option>' in queue
        )
        item = client.get(f"/item/{ids['old_flag']}").get_data(as_text=True)
        assert "page lcpd-facebook (lcpd)" in item
    finally:
        close_app(named)
