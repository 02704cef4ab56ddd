"""The connectors against recorded-shape fixtures written from each platform's documentation (bodies,
error bodies, headers), replayed from loopback; and the sandbox checked to answer in the same shapes."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from bot.config import PageConfig
from bot.domain import MediaKind, Platform
from bot.platforms import make_connector
from bot.platforms.base import AuthError, PermissionDenied, TransientError
from bot.platforms.x import tweet_time
from bot.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "data" / "platform_fixtures"
ENV = {
    "FX_TOKEN": "EAAGfixtureToken0123456789",
    "FX_X_CK": "fixtureConsumerKey",
    "FX_X_CS": "fixtureConsumerSecret",
    "FX_X_AT": "1500-fixtureAccessToken",
    "FX_X_ATS": "fixtureAccessTokenSecret",
    "FX_R_ID": "fixtureClientId",
    "FX_R_SECRET": "fixtureClientSecret",
    "FX_R_USER": "LCPD_modbot",
    "FX_R_PASS": "fixturePassword",
}
pytestmark = pytest.mark.usefixtures("no_sdk_retry_sleep")


def fixture(platform: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{platform}.json").read_text())


def exchange(platform: str, name: str) -> dict[str, Any]:
    return next(e for e in fixture(platform)["exchanges"] if e["name"] == name)


class Replay(ThreadingHTTPServer):
    """Answers each request with the first fixture exchange whose method, path and query match."""

    daemon_threads = True

    def __init__(self, exchanges: list[dict[str, Any]]) -> None:
        self.exchanges = exchanges
        self.log: list[tuple[str, str, dict[str, str], int]] = []
        super().__init__(("127.0.0.1", 0), ReplayHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ReplayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Replay

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def answer(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        params = dict(parse_qsl(url.query)) | (dict(parse_qsl(raw)) if "=" in raw else {})
        match = next(
            (
                e
                for e in self.server.exchanges
                if e["method"] == method
                and re.fullmatch(e["path"], url.path)
                and e.get("query_has", "") in ("", *params)
            ),
            None,
        )
        status = match["status"] if match else 404
        body = match["body"] if match else {"error": {"message": "no fixture", "code": 2500}}
        ctype = (match or {}).get("content_type") or "application/json; charset=UTF-8"
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.server.log.append((method, url.path, params, status))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in ((match or {}).get("headers") or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.answer("GET")

    def do_POST(self) -> None:
        self.answer("POST")

    def do_PUT(self) -> None:
        self.answer("PUT")

    def do_DELETE(self) -> None:
        self.answer("DELETE")


def serve(exchanges: list[dict[str, Any]]) -> Replay:
    server = Replay(exchanges)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.fixture
def replay() -> Iterator[Any]:
    servers: list[Replay] = []

    def start(platform: str, host: str | None = None) -> Replay:
        exchanges = [e for e in fixture(platform)["exchanges"] if e.get("host") == host]
        servers.append(serve(exchanges))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def page(platform: str, base_url: str, **overrides: Any) -> PageConfig:
    creds = {
        "facebook": {"token": "FX_TOKEN"},
        "instagram": {"token": "FX_TOKEN"},
        "x": {"consumer_key": "FX_X_CK", "consumer_secret": "FX_X_CS", "access_token": "FX_X_AT",
              "access_token_secret": "FX_X_ATS"},
        "reddit": {"client_id": "FX_R_ID", "client_secret": "FX_R_SECRET", "username": "FX_R_USER",
                   "password": "FX_R_PASS"},
    }[platform]  # fmt: skip
    page_id = {"facebook": "104729381234567", "instagram": "17841405822304914", "x": "783214"}.get(
        platform, "LasCrucesPD"
    )
    fields: dict[str, Any] = {"name": f"fx-{platform}", "platform": Platform(platform), "page_id": page_id}
    fields |= {"credential_env": creds, "base_url": base_url, "timeout_seconds": 5.0, **overrides}
    return PageConfig(**fields)


# --- the connectors against the documented shapes ---------------------------------------------------------


def test_facebook_fixture_fetch_and_the_documented_errors(replay):
    server = replay("facebook")
    connector = make_connector(page("facebook", server.url + "/"), ENV)
    comments = connector.fetch_new_comments(None).comments
    assert [c.id for c in comments] == ["1234567890_8811", "1234567890_8812"]
    assert comments[1].parent_id == "1234567890_8811"
    assert [m.kind for m in comments[1].media] == [MediaKind.PHOTO]
    with pytest.raises(PermissionDenied):  # 100/33 on a comment the token can still read
        connector.hide_comment("1234567890_8811")
    with pytest.raises(PermissionDenied):  # (#200) Requires pages_manage_engagement
        connector.delete_comment("1234567890_8812")
    with pytest.raises(AuthError):  # 190/463
        connector.comment_state("1234567890_8812")
    connector.close()


def test_facebook_fixture_non_json_answer_halves_the_page_size(replay):
    server = replay("facebook")
    connector = make_connector(page("facebook", server.url + "/"), ENV)
    with pytest.raises(TransientError, match="non-JSON"):
        list(connector._pages("104729381234567/feed", {"limit": 100}))
    assert connector.page_limit(100) == 50
    connector.close()


def test_instagram_fixture_follows_nested_replies(replay):
    server = replay("instagram")
    base = server.url + "/"
    ig = fixture("instagram")
    nested = ig["exchanges"][1]["body"]["data"][0]["replies"]["paging"]
    nested["next"] = nested["next"].replace("https://graph.facebook.com/", base)
    connector = make_connector(page("instagram", base), ENV)
    ids = {c.id for c in connector.fetch_new_comments(None).comments}
    assert ids == {"17923456789012345", "17934567890123456", "17945678901234567"}
    connector.close()


def test_x_fixture_fetch_recovers_from_the_since_id_400_and_counts_media_once(replay, fake_clock):
    server = replay("x")
    connector = make_connector(page("x", server.url), ENV, clock=fake_clock, sleep=fake_clock.sleep)
    since = "1862990300000000000"
    fake_clock.now = tweet_time(since) + 3600  # this clock thinks the cursor is an hour old
    result = connector.fetch_new_comments({"posts": {"1862990200000000000": since}})
    searches = [(p, s) for m, path, p, s in server.log if path == "/2/tweets/search/recent"]
    assert [s for _, s in searches] == [400, 200]
    assert searches[1][0]["start_time"] == "2026-11-25T15:11:00Z" and "since_id" not in searches[1][0]
    by_id = {c.id: c for c in result.comments}
    assert [m.kind for m in by_id["1863000200000000002"].media] == [MediaKind.PHOTO]
    assert by_id["1863000200000000002"].author_name == "solanowatch"
    timeline = next(p for m, path, p, s in server.log if path.endswith("/tweets"))
    assert timeline["exclude"] == "replies,retweets"
    with pytest.raises(PermissionDenied, match="Application-Only"):
        connector.hide_comment("1863000100000000001")
    assert connector.hide_comment("1863000200000000002")["ok"]
    connector.close()


def test_reddit_fixture_token_host_automoderator_and_image(replay):
    api, token = replay("reddit"), replay("reddit", host="token")
    connector = make_connector(page("reddit", api.url, token_url=token.url), ENV)
    by_id = {c.id: c for c in connector.fetch_new_comments(None).comments}
    assert [m.kind for m in by_id["m2x9k1q"].media] == [MediaKind.PHOTO]
    assert by_id["m2x9j7a"].is_hidden is True  # AutoModerator filtered it
    assert [p for _, p, _, _ in token.log] == ["/api/v1/access_token"]
    assert all(p != "/api/v1/access_token" for _, p, _, _ in api.log)
    connector.close()


# --- the sandbox answers in the same shapes --------------------------------------------------------------


# Keys present only on some items (a reply's parent, an image's media_metadata...).
OPTIONAL_KEYS = frozenset(
    {"next", "parent", "attachment", "in_reply_to_user_id", "referenced_tweets", "media_metadata"}
)


def assert_same_shape(documented: Any, sandbox: Any, where: str = "") -> None:
    """Every key of the documented shape is in the sandbox's answer, with the same JSON type."""
    if isinstance(documented, dict):
        assert isinstance(sandbox, dict), where
        for key, value in documented.items():
            if key in OPTIONAL_KEYS:
                continue  # present only on some items
            assert key in sandbox, f"{where}.{key}"
            if documented[key] is not None and sandbox[key] is not None:
                assert_same_shape(value, sandbox[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(sandbox, list), where
        if documented and sandbox:
            assert_same_shape(documented[0], sandbox[0], f"{where}[0]")
    else:
        assert type(documented) is type(sandbox) or {type(documented), type(sandbox)} <= {int, float}, where


def test_sandbox_graph_answers_in_the_documented_shapes(sandbox):
    token = {"access_token": sandbox.tokens["facebook"]}
    base = sandbox.base_url("facebook") + "v25.0/"
    post = sandbox.posts("facebook")[0]
    comments = requests.get(
        base + f"{post}/comments", params={**token, "fields": "id,created_time,from,message,permalink_url,is_hidden"},
        timeout=5,
    ).json()  # fmt: skip
    assert_same_shape(exchange("facebook", "comments")["body"], comments, "comments")
    posts = requests.get(base + f"{sandbox.page_config('facebook').page_id}/posts", params={**token, "fields": "id,created_time"}, timeout=5).json()  # fmt: skip
    assert_same_shape(exchange("facebook", "posts")["body"], posts, "posts")
    sandbox.revoke_permission("facebook", "pages_manage_engagement")
    cid = sandbox.comment_ids("facebook")[0]
    refused = requests.post(base + cid, data={**token, "is_hidden": "true"}, timeout=5)
    documented = exchange("facebook", "hide_without_permission")
    assert refused.status_code == documented["status"]
    assert_same_shape(documented["body"], refused.json(), "hide")
    assert (refused.json()["error"]["code"], refused.json()["error"]["error_subcode"]) == (100, 33)


def test_sandbox_x_answers_in_the_documented_shapes(empty_sandbox):
    sb = empty_sandbox
    post = sb.add_post("x", "Lohman Ave is closed.")
    sb.add_comment("x", post, "Found this on Solano", media=["photo"])
    bearer = {"Authorization": "Bearer " + sb.x_credentials["bearer_token"]}
    fields = {
        "tweet.fields": "author_id,created_at,conversation_id,in_reply_to_user_id,attachments,referenced_tweets,entities",
        "expansions": "author_id,attachments.media_keys",
        "media.fields": "url,type",
    }
    search = requests.get(
        sb.base_url("x") + "/2/tweets/search/recent",
        params={"query": f"conversation_id:{post} is:reply", **fields}, headers=bearer, timeout=5,
    ).json()  # fmt: skip
    assert_same_shape(exchange("x", "search")["body"], search, "search")
    old = sb.add_comment("x", post, "old", created_at=datetime.now(UTC).timestamp() - 8 * 86400)
    refused = requests.get(
        sb.base_url("x") + "/2/tweets/search/recent",
        params={"query": f"conversation_id:{post} is:reply", "since_id": old}, headers=bearer, timeout=5,
    )  # fmt: skip
    documented = exchange("x", "search_since_id_too_old")
    assert refused.status_code == documented["status"]
    assert_same_shape(documented["body"], refused.json(), "since_id")
    hide = requests.put(
        sb.base_url("x") + f"/2/tweets/{old}/hidden", json={"hidden": True}, headers=bearer, timeout=5
    )
    assert hide.status_code == 403
    assert hide.json() == exchange("x", "hide_app_only")["body"]


def test_sandbox_reddit_and_instagram_answer_in_the_documented_shapes(sandbox: Sandbox, connect):
    reddit = connect(sandbox, "reddit")
    listing = reddit._reddit.request(method="GET", path="r/LasCrucesPD/comments/", params={"limit": 5})
    assert_same_shape(exchange("reddit", "comments")["body"], listing, "reddit")
    ig = connect(sandbox, "instagram")
    media = sandbox.posts("instagram")[0]
    comments = ig._call(f"{media}/comments", {"fields": "id,text,timestamp,username,from,hidden,like_count"})
    documented = exchange("instagram", "comments")["body"]
    documented["data"][0].pop("replies")
    assert_same_shape(documented, comments, "instagram")
