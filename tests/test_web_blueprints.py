"""The review app's routes as blueprints by area (issue 15 item 2): every URL where it was, each under its
area's endpoint name; every endpoint a template or view links to exists; the nav marks the page it is on;
no page or redirect fails for any role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.web.shared import PUBLIC_ENDPOINTS
from tests.conftest import signed_in

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

WEB = Path(__file__).resolve().parent.parent / "bot" / "web"
ITEM = "/item/<int(max=9223372036854775807):verdict_id>"
GET, POST = frozenset({"GET"}), frozenset({"POST"})

# The whole URL map: rule, endpoint, methods (HEAD and OPTIONS aside). The URLs are the ones the app had
# before the routes moved into blueprints; only the endpoint names gained their area.
URL_MAP = {
    ("/static/<path:filename>", "static", GET),
    ("/favicon.ico", "favicon", GET),
    ("/login", "auth.login", GET | POST),
    ("/logout", "auth.logout", POST),
    ("/", "queue.index", GET),
    ("/queue", "queue.queue", GET),
    (ITEM, "queue.item", GET),
    (ITEM + "/decide", "decisions.decide", POST),
    ("/bulk", "decisions.bulk", POST),
    ("/item/<int:verdict_id>/ack", "decisions.acknowledge_item", POST),
    ("/export", "records.export_form", GET),
    ("/export/download", "records.export_download", GET),
    ("/stats", "stats.stats", GET),
    ("/admin/users", "admin.users", GET),
    ("/admin/users", "admin.save_user", POST),
    ("/admin/users/<name>/remove", "admin.remove_user", POST),
    ("/admin/policy", "admin.policy", GET),
    ("/admin/replay", "admin.replay_page", GET),
    ("/healthz", "health.healthz", GET),
    ("/readyz", "health.readyz", GET),
    ("/health", "health.health", GET),
    ("/health/<name>/<verb>", "health.pause_resume", POST),
    ("/media/<sha256>", "item_context.media_blob", GET),
    ("/metrics", "metrics.metrics", GET),
}

URL_FOR = re.compile(r"""url_for\(\s*['"]([\w.]+)['"]""")
ENDPOINT_TEST = re.compile(r"""request\.endpoint\s*(?:==|!=|not in|in)\s*(\([^)]*\)|'[^']*'|"[^"]*")""")
QUOTED = re.compile(r"""['"]([\w.]+)['"]""")


def named_endpoints() -> dict[str, set[str]]:
    """Endpoint name -> the files (templates and web modules) that link to it or test for it."""
    found: dict[str, set[str]] = {}
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        names = set(URL_FOR.findall(text))
        for group in ENDPOINT_TEST.findall(text):
            names.update(QUOTED.findall(group))
        for name in names:
            found.setdefault(name, set()).add(str(path.relative_to(WEB)))
    return found


def test_every_url_is_where_it_was_under_its_areas_endpoint(app):
    rules = {
        (r.rule, r.endpoint, frozenset((r.methods or set()) - {"HEAD", "OPTIONS"}))
        for r in app.url_map.iter_rules()
    }
    assert rules == URL_MAP
    # Only the static files and the favicon are the app's own; every page belongs to an area.
    assert {e for _, e, _ in rules if "." not in e} == {"static", "favicon"}


def test_every_endpoint_a_template_or_view_names_exists(app):
    registered = {r.endpoint for r in app.url_map.iter_rules()}
    named = named_endpoints()
    # the scan must see the links, or this test proves nothing
    assert {"queue.queue", "queue.item", "decisions.decide", "admin.users", "stats.stats"} <= named.keys()
    missing = {name: sorted(files) for name, files in named.items() if name not in registered}
    assert not missing, f"url_for / request.endpoint names no route: {missing}"
    assert registered >= PUBLIC_ENDPOINTS


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/queue", "Queue"),
        ("/item/{old_flag}", "Queue"),
        ("/stats", "Stats"),
        ("/health", "Health"),
        ("/export", "Records export"),
        ("/admin/users", "Users"),
        ("/admin/policy", "Policy"),
        ("/admin/replay", None),
    ],
)
def test_the_nav_marks_the_page_it_is_on(app, ids, path, link):
    client, _ = signed_in(app, "ada")
    html = client.get(path.format(**ids)).get_data(as_text=True)
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'class="on">([^<]+)</a>', nav) == ([link] if link else [])


def test_no_page_fails_for_any_role(app, ids):
    pages = [
        "/",
        "/queue",
        "/queue?status=all&urgent=1",
        "/queue?offset=50",
        *(f"/item/{i}?back=/queue%3Fstatus%3Dall" for i in ids.values()),
        "/stats?days=7",
        "/health",
        "/export",
        "/admin/users",
        "/admin/policy",
        "/admin/replay",
        "/healthz",
        "/readyz",
        "/item/999999",
        "/no-such-page",
    ]
    expected = {
        "ada": {},
        "mia": {"/export": 403, "/admin/users": 403, "/admin/policy": 403, "/admin/replay": 403},
        "rex": {"/admin/users": 403, "/admin/policy": 403, "/admin/replay": 403},
    }
    for name, refused in expected.items():
        client, _ = signed_in(app, name)
        for page in pages:
            r = client.get(page)
            want = 404 if page in ("/item/999999", "/no-such-page") else refused.get(page, 200)
            if page == "/":
                want = 302
            assert r.status_code == want, (name, page, r.status_code)
    anonymous = app.test_client()
    r = anonymous.get("/queue?status=all")
    assert r.status_code == 302 and r.headers["Location"] == "/login?next=/queue?status%3Dall"
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.post("/bulk").status_code == 400  # no CSRF token: refused before anything else


def test_the_redirects_name_the_moved_endpoints(app, ids, store):
    client, t = signed_in(app, "ada")
    vid = ids["old_flag"]
    r = client.post(f"/item/{vid}/decide", data={"csrf_token": t, "decision": "note", "note": "seen"})
    assert r.status_code == 302 and r.headers["Location"] == f"/item/{vid}?back=/queue"
    r = client.post("/bulk", data={"csrf_token": t, "decision": "confirm", "back": "/queue?status=all"})
    assert r.status_code == 302 and r.headers["Location"] == "/queue?status=all"
    r = client.post(f"/item/{ids['urgent_threat']}/ack", data={"csrf_token": t})
    assert r.status_code == 302 and r.headers["Location"].startswith(f"/item/{ids['urgent_threat']}?back=")
    r = client.get("/export/download?from=2026-05-01&to=2026-01-01&format=csv")
    assert r.status_code == 302 and r.headers["Location"].startswith("/export?from=2026-05-01")
    r = client.post(
        "/admin/users", data={"csrf_token": t, "name": "new.user", "role": "records", "password": ""}
    )
    assert r.status_code == 302 and r.headers["Location"] == "/admin/users"
    r = client.post("/admin/users/nobody/remove", data={"csrf_token": t})
    assert r.status_code == 302 and r.headers["Location"] == "/admin/users"
    assert client.post("/health/nowhere/pause", data={"csrf_token": t}).status_code == 404
    r = client.post("/logout", data={"csrf_token": t})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert client.get("/queue").status_code == 302
