"""The sandbox itself: seeds, the state endpoint, the request log, fault switches, the standalone runner."""

from __future__ import annotations

import json
import socket
import threading
import time
import tomllib

import pytest
import requests
from click.testing import CliRunner

from bot.cli.sandbox import sandbox_command
from bot.config import parse_settings
from bot.platforms import make_connector
from bot.sandbox import Sandbox
from bot.sandbox.seeds import DEMO_COMMENTS, DEMO_POSTS
from bot.sandbox.standalone import run_sandbox

PLATFORMS = ("facebook", "instagram", "x", "reddit")
REDDIT_AGENT = "python:gov.lascruces.modbot-tests:v0.1.0 (by /u/LCPD_modbot)"


def test_demo_seed_has_the_lcpd_threads_on_every_platform(sandbox):
    for platform in PLATFORMS:
        assert len(sandbox.posts(platform)) == len(DEMO_POSTS)
        comments = [sandbox.comment(platform, i) for i in sandbox.comment_ids(platform)]
        assert 20 <= len(comments) <= 40
        texts = " ".join(c["text"] for c in comments)
        for phrase in (
            "pigs",
            "ACAB",
            "I'll shoot the next cop",
            "Calle Sombra",
            "breaking into cars",
            "¿Cuándo",
        ):
            assert phrase in texts
        assert any(c["media"] and c["media"][0][0] == "photo" for c in comments)
        assert any(c["media"] and c["media"][0][0] == "video" for c in comments)
        assert any(c["parent_id"] for c in comments)
        assert any(c["by_page"] for c in comments)
    assert len(DEMO_COMMENTS) == len(sandbox.comment_ids("facebook"))


def test_state_endpoint_serves_json_for_out_of_process_tests(sandbox):
    connector = make_connector(sandbox.page_config("facebook"), sandbox.environ)
    cid = sandbox.comment_ids("facebook")[0]
    connector.hide_comment(cid)
    state = requests.get(sandbox.base_url("facebook") + "_sandbox/state", timeout=5).json()
    assert state["platform"] == "facebook"
    assert len(state["posts"]) == 4
    assert {c["id"]: c["hidden"] for c in state["comments"]}[cid] is True
    assert state["requests"] == 1
    for platform in ("instagram", "x", "reddit"):
        body = requests.get(sandbox.servers[platform].base_url + "/_sandbox/state", timeout=5).json()
        assert body["platform"] == platform and body["comments"]
    connector.close()


def test_request_log_records_calls_without_tokens(sandbox):
    connector = make_connector(sandbox.page_config("facebook"), sandbox.environ)
    connector.fetch_new_comments(None)
    log = [r for r in sandbox.requests if r.platform == "facebook"]
    assert log[0].method == "GET" and log[0].endpoint == "posts" and log[0].status == 200
    assert {r.endpoint for r in log} == {"posts", "comments"}
    assert all("access_token" not in r.params for r in log)
    assert all(r.params.get("filter") == "stream" for r in log if r.endpoint == "comments")
    sandbox.clear_requests()
    assert sandbox.requests == []
    connector.close()


def test_graph_rejects_a_wrong_token_with_error_190(sandbox):
    url = sandbox.base_url("facebook") + "v25.0/" + sandbox.page_config("facebook").page_id + "/posts"
    body = requests.get(url, params={"access_token": "wrong"}, timeout=5).json()
    assert body["error"]["code"] == 190


def test_graph_paging_next_carries_the_token_and_cursor(sandbox):
    post = sandbox.posts("facebook")[0]
    url = sandbox.base_url("facebook") + f"v25.0/{post}/comments"
    token = sandbox.tokens["facebook"]
    first = requests.get(
        url, params={"access_token": token, "limit": 3, "filter": "stream"}, timeout=5
    ).json()
    assert len(first["data"]) == 3
    assert "access_token=" in first["paging"]["next"] and "after=" in first["paging"]["next"]
    second = requests.get(first["paging"]["next"], timeout=5).json()
    assert not {c["id"] for c in first["data"]} & {c["id"] for c in second["data"]}


def test_reddit_rate_headers_come_all_three_together(sandbox):
    token = requests.post(
        sandbox.token_url("reddit") + "/api/v1/access_token",
        auth=(sandbox.reddit_credentials["client_id"], sandbox.reddit_credentials["client_secret"]),
        data={
            "grant_type": "password",
            "username": "LCPD_modbot",
            "password": sandbox.reddit_credentials["password"],
        },
        headers={"User-Agent": REDDIT_AGENT},
        timeout=5,
    ).json()["access_token"]
    response = requests.get(
        sandbox.base_url("reddit") + "/r/LasCrucesPD/comments/",
        headers={"Authorization": f"bearer {token}", "User-Agent": REDDIT_AGENT},
        params={"limit": 5},
        timeout=5,
    )
    listing = response.json()
    assert listing["kind"] == "Listing" and len(listing["data"]["children"]) == 5
    assert {"x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset"} <= set(response.headers)
    unauthorized = requests.get(sandbox.base_url("reddit") + "/r/LasCrucesPD/comments/", timeout=5)
    assert unauthorized.status_code == 401
    assert 'error="invalid_token"' in unauthorized.headers["www-authenticate"]


def test_fault_switches_validate_and_expire(sandbox):
    with pytest.raises(ValueError):
        sandbox.faults.set("facebook", "*", "explode")
    with pytest.raises(ValueError):
        sandbox.faults.set("myspace", "*", "500")
    sandbox.faults.set("x", "search", "503", seconds=0.2)
    assert sandbox.faults.take("x", "search") is not None
    assert sandbox.faults.take("x", "tweets") is None  # other endpoints unaffected
    time.sleep(0.25)
    assert sandbox.faults.take("x", "search") is None
    sandbox.faults.set("reddit", "*", "500", count=2)
    assert sandbox.faults.take("reddit", "comments") and sandbox.faults.take("reddit", "info")
    assert sandbox.faults.take("reddit", "comments") is None


def test_over_budget_requests_get_429():
    with Sandbox.start(seed="demo", platforms=("x",)) as sb:
        sb.set_budget("x", 2, 600)
        url = sb.base_url("x") + "/2/users/783214/tweets"
        headers = {"Authorization": f"Bearer {sb.x_credentials['bearer_token']}"}
        statuses = [requests.get(url, headers=headers, timeout=5).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]


def test_bulk_seed_is_served_quickly_to_the_real_connectors():
    with Sandbox.start(seed="bulk", bulk_posts=5, bulk_comments=400) as sb:
        for platform in PLATFORMS:
            connector = make_connector(sb.page_config(platform), sb.environ)
            started = time.monotonic()
            result = connector.fetch_new_comments(None)
            elapsed = time.monotonic() - started
            assert len(result.comments) == 2000
            assert any(c.parent_id for c in result.comments)
            assert elapsed < 10, (platform, elapsed)
            again = connector.fetch_new_comments(result.cursor)
            assert again.comments == []
            connector.close()


def test_run_sandbox_prints_urls_and_credentials(capsys):
    sb = run_sandbox(seed="empty", block=False)
    try:
        out = capsys.readouterr().out
        for platform in PLATFORMS:
            assert sb.base_url(platform).rstrip("/") in out
        assert "export MODBOT_SANDBOX_FB_TOKEN=" in out
        assert "export MODBOT_SANDBOX_REDDIT_PASSWORD=" in out
        toml = out.split("# config (TOML):", 1)[1]
        settings = parse_settings(tomllib.loads(toml))
        assert [p.platform.value for p in settings.pages] == list(PLATFORMS)
        assert settings.pages[0] == sb.page_config("facebook", timeout_seconds=15.0)
    finally:
        sb.stop()


def test_run_sandbox_blocks_until_stopped():
    stop = threading.Event()
    done: list[Sandbox] = []
    thread = threading.Thread(
        target=lambda: done.append(run_sandbox(seed="empty", stop_event=stop)), daemon=True
    )
    thread.start()
    time.sleep(0.2)
    assert thread.is_alive()
    stop.set()
    thread.join(timeout=5)
    assert done and not thread.is_alive()


def test_sandbox_command_has_help():
    result = CliRunner().invoke(sandbox_command, ["--help"])
    assert result.exit_code == 0
    assert "--seed" in result.output and "--port-base" in result.output


def _x_post(sandbox, body: bytes, *, length: int | None = None) -> bytes:
    """POST /2/tweets over a raw socket, so the body can be cut short as a killed client leaves it."""
    host, port = sandbox.servers["x"].server_address[:2]
    head = (
        "POST /2/tweets HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"Authorization: Bearer {sandbox.x_credentials['user_token']}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body) if length is None else length}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(head.encode() + body)
        if length is not None:
            conn.shutdown(socket.SHUT_WR)  # the client dies mid-body
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_x_never_acts_on_a_body_cut_short(sandbox):
    """A reply whose sender was killed mid-body must not post anything (a real server never sees it)."""
    parent = sandbox.comment_ids("x")[0]
    posts, comments = len(sandbox.posts("x")), len(sandbox.comment_ids("x"))
    body = json.dumps({"text": "Please call 911.", "reply": {"in_reply_to_tweet_id": parent}}).encode()
    assert _x_post(sandbox, body[:20], length=len(body)) == b""
    assert (len(sandbox.posts("x")), len(sandbox.comment_ids("x"))) == (posts, comments)
    assert [r.status for r in sandbox.requests if r.platform == "x"] == [-1]


def test_x_refuses_bad_json_and_an_empty_tweet_with_400(sandbox):
    posts = len(sandbox.posts("x"))
    for body in (b'{"text": "half', json.dumps({"text": "  "}).encode()):
        answer = _x_post(sandbox, body)
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
        assert b"Invalid Request" in answer
    assert len(sandbox.posts("x")) == posts
