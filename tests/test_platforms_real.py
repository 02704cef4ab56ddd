"""Real-platform behaviour the connectors must survive: each test reproduces, on the strict loopback
sandbox, one way the platforms differ from a kind imitation (issue 10)."""

from __future__ import annotations

import pytest
import requests

from bot.config import ConfigError, parse_settings
from bot.sandbox import Sandbox

FB_PAGE = {"name": "fb", "platform": "facebook", "page_id": "1", "token_env": "FB_TOKEN"}
REDDIT_PAGE = {
    "name": "r",
    "platform": "reddit",
    "page_id": "LasCrucesPD",
    "client_id_env": "R_ID",
    "client_secret_env": "R_SECRET",
    "username_env": "R_USER",
    "password_env": "R_PASS",
}

pytestmark = pytest.mark.usefixtures("no_sdk_retry_sleep")


# --- Reddit -------------------------------------------------------------------------------------------


def password_grant(sb: Sandbox, host: str) -> requests.Response:
    creds = sb.reddit_credentials
    return requests.post(
        host + "/api/v1/access_token",
        auth=(creds["client_id"], creds["client_secret"]),
        data={"grant_type": "password", "username": creds["username"], "password": creds["password"]},
        timeout=5,
    )


def test_reddit_sandbox_issues_tokens_only_on_its_www_host(sandbox):
    assert password_grant(sandbox, sandbox.token_url("reddit")).json()["token_type"] == "bearer"
    refused = password_grant(sandbox, sandbox.base_url("reddit"))
    assert refused.status_code == 401


def test_reddit_login_asks_the_token_host_and_reads_from_the_api_host(sandbox, connect):
    connector = connect(sandbox, "reddit")
    result = connector.fetch_new_comments(None)
    assert result.comments
    log = [r for r in sandbox.requests if r.platform == "reddit"]
    assert [r.status for r in log if r.endpoint == "token"] == [200]
    assert all(r.status == 200 for r in log if r.endpoint == "comments")


def test_reddit_pages_get_a_token_host_setting_with_the_real_default():
    page = parse_settings({"pages": [REDDIT_PAGE]}).pages[0]
    assert page.base_url == "https://oauth.reddit.com"
    assert page.token_url == "https://www.reddit.com"
    page = parse_settings({"pages": [{**REDDIT_PAGE, "token_url": "http://127.0.0.1:9"}]}).pages[0]
    assert page.token_url == "http://127.0.0.1:9"
    with pytest.raises(ConfigError, match=r"pages\[0\]\.token_url"):
        parse_settings({"pages": [{**FB_PAGE, "token_url": "https://www.facebook.com"}]})
