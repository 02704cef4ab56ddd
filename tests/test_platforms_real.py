"""Real-platform behaviour the connectors must survive: each test reproduces, on the strict loopback
sandbox, one way the platforms differ from a kind imitation (issue 10)."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from bot.config import ConfigError, MissingSecret, parse_settings
from bot.domain import MediaKind
from bot.platforms import make_connector
from bot.platforms.base import PermissionDenied, PlatformError, RateLimited, TransientError
from bot.platforms.x import HiddenReplyCapReached
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


REDDIT_AGENT = "python:gov.lascruces.modbot-tests:v0.1.0 (by /u/LCPD_modbot)"


def password_grant(sb: Sandbox, host: str, agent: str = REDDIT_AGENT) -> requests.Response:
    creds = sb.reddit_credentials
    return requests.post(
        host + "/api/v1/access_token",
        auth=(creds["client_id"], creds["client_secret"]),
        data={"grant_type": "password", "username": creds["username"], "password": creds["password"]},
        headers={"User-Agent": agent},
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


def test_reddit_sandbox_throttles_a_generic_user_agent(sandbox):
    assert password_grant(sandbox, sandbox.token_url("reddit"), agent="modbot/0.1").status_code == 429


def test_reddit_user_agent_is_built_from_the_app_id_and_the_account(sandbox, connect):
    connector = connect(sandbox, "reddit", reddit_app_id="gov.lascruces.modbot")
    assert re.fullmatch(r"python:gov\.lascruces\.modbot:v[\w.]+ \(by /u/LCPD_modbot\)", connector.user_agent)
    assert connector.fetch_new_comments(None).comments  # the sandbox, like Reddit, does not throttle it


def test_reddit_user_agent_format_is_checked_before_any_request(sandbox):
    with pytest.raises(ConfigError, match=r"pages\[0\]\.user_agent.*by /u/"):
        parse_settings({"pages": [{**REDDIT_PAGE, "user_agent": "modbot/0.1 (public agency)"}]})
    with pytest.raises(ConfigError, match="reddit_app_id"):
        parse_settings({"pages": [{**REDDIT_PAGE, "reddit_app_id": "two words"}]})
    env = {**sandbox.environ, "MODBOT_SANDBOX_REDDIT_USERNAME": "not a name!"}
    with pytest.raises(ConfigError, match="Reddit's rule"):
        make_connector(sandbox.page_config("reddit"), env)
    assert not [r for r in sandbox.requests if r.platform == "reddit"]


def test_reddit_pages_get_a_token_host_setting_with_the_real_default():
    page = parse_settings({"pages": [REDDIT_PAGE]}).pages[0]
    assert page.base_url == "https://oauth.reddit.com"
    assert page.token_url == "https://www.reddit.com"
    page = parse_settings({"pages": [{**REDDIT_PAGE, "token_url": "http://127.0.0.1:9"}]}).pages[0]
    assert page.token_url == "http://127.0.0.1:9"
    with pytest.raises(ConfigError, match=r"pages\[0\]\.token_url"):
        parse_settings({"pages": [{**FB_PAGE, "token_url": "https://www.facebook.com"}]})


# --- X ------------------------------------------------------------------------------------------------

DAY = 86400.0


def test_x_sandbox_refuses_a_since_id_older_than_the_search_window_with_the_real_400(empty_sandbox):
    sb = empty_sandbox
    post = sb.add_post("x", "Weekly update", created_at=time.time() - 8 * DAY)
    old_reply = sb.add_comment("x", post, "old", created_at=time.time() - 8 * DAY)
    response = requests.get(
        sb.base_url("x") + "/2/tweets/search/recent",
        params={"query": f"conversation_id:{post} is:reply", "since_id": old_reply},
        headers={"Authorization": "Bearer " + sb.x_credentials["bearer_token"]},
        timeout=5,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "Invalid Request"
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert body["errors"][0]["parameters"] == {"since_id": [old_reply]}
    assert "'since_id' must be a tweet id created after" in body["errors"][0]["message"]


def test_x_keeps_reading_a_post_whose_newest_reply_is_over_a_week_old(empty_sandbox, connect):
    sb = empty_sandbox
    post = sb.add_post("x", "Weekly update", created_at=time.time() - 9 * DAY)
    old_reply = sb.add_comment("x", post, "first!", created_at=time.time() - 8 * DAY)
    connector = connect(sb, "x")
    cursor = {"posts": {post: old_reply}}  # what the last poll, eight days ago, left
    fresh = sb.add_comment("x", post, "still open on Sundays?")

    result = connector.fetch_new_comments(cursor)

    assert [c.id for c in result.comments] == [fresh]
    assert result.cursor == {"posts": {post: fresh}}
    searches = [r for r in sb.requests if r.endpoint == "search"]
    assert searches and all(r.status == 200 for r in searches)
    assert "since_id" not in searches[0].params and "start_time" in searches[0].params
    assert connector.fetch_new_comments(result.cursor).comments == []


def test_x_recovers_when_the_platform_refuses_a_since_id_its_own_clock_thought_recent(
    empty_sandbox, connect, fake_clock
):
    sb = empty_sandbox
    post = sb.add_post("x", "Weekly update", created_at=time.time() - 9 * DAY)
    old_reply = sb.add_comment("x", post, "first!", created_at=time.time() - 7 * DAY - 60)
    fake_clock.now = time.time() - 3600  # this host's clock runs an hour behind X's
    connector = connect(sb, "x")
    fresh = sb.add_comment("x", post, "still open on Sundays?")

    result = connector.fetch_new_comments({"posts": {post: old_reply}})

    assert [c.id for c in result.comments] == [fresh]
    assert [r.status for r in sb.requests if r.endpoint == "search"] == [400, 200]


def test_x_watches_the_accounts_posts_not_its_own_replies(empty_sandbox, connect):
    sb = empty_sandbox
    older = sb.add_post("x", "Road closure on Lohman Ave.", created_at=time.time() - 3600)
    newer = sb.add_post("x", "Shelter in place lifted.", created_at=time.time() - 1800)
    for i in range(6):  # the account answers people under the newer post
        asked = sb.add_comment("x", newer, f"question {i}", created_at=time.time() - 1700 + i)
        sb.insert_comment(
            "x", newer, f"answer {i}", parent=asked, by_page=True, created=time.time() - 1600 + i
        )
    late = sb.add_comment("x", older, "Is Lohman open again?")
    connector = connect(sb, "x", posts_limit=5)

    result = connector.fetch_new_comments(None)

    assert late in {c.id for c in result.comments}
    assert set(result.cursor["posts"]) == {older, newer}
    timeline = next(r for r in sb.requests if r.endpoint == "tweets")
    assert set(timeline.params["exclude"].split(",")) == {"replies", "retweets"}


X_APP_ONLY = {"name": "x", "platform": "x", "page_id": "783214", "bearer_token_env": "X_BEARER"}


def test_an_x_page_with_only_an_app_bearer_token_is_refused_at_config_time(sandbox):
    with pytest.raises(ConfigError, match="user-context credentials to hide and reply"):
        parse_settings({"pages": [X_APP_ONLY]})
    env = {k: v for k, v in sandbox.environ.items() if "CONSUMER" not in k and "USER_TOKEN" not in k}
    with pytest.raises(MissingSecret, match="user-context credentials"):
        make_connector(sandbox.page_config("x"), env)


def test_x_sandbox_refuses_app_only_tokens_for_hide_and_reply(sandbox):
    reply = next(i for i in sandbox.comment_ids("x") if not sandbox.comment("x", i)["by_page"])
    response = requests.put(
        sandbox.base_url("x") + f"/2/tweets/{reply}/hidden",
        json={"hidden": True},
        headers={"Authorization": "Bearer " + sandbox.x_credentials["bearer_token"]},
        timeout=5,
    )
    assert response.status_code == 403
    assert response.json()["type"] == "https://api.twitter.com/2/problems/unsupported-authentication"
    assert sandbox.comment("x", reply)["hidden"] is False


def test_x_hides_and_replies_with_an_oauth2_user_token(sandbox, connect):
    connector = connect(sandbox, "x", credential_env={"user_token": "MODBOT_SANDBOX_X_USER_TOKEN"})
    reply = next(i for i in sandbox.comment_ids("x") if not sandbox.comment("x", i)["by_page"])
    connector.hide_comment(reply)
    assert sandbox.comment("x", reply)["hidden"] is True
    assert connector.reply_to_comment(reply, "Please call 575-526-0795.")["reply_id"]
    assert connector.fetch_new_comments(None).comments


def test_x_hide_without_user_context_is_a_typed_permission_error(sandbox, connect):
    connector = connect(sandbox, "x")
    connector._client.consumer_key = None  # the keys vanished after start-up: tweepy raises TypeError
    reply = next(i for i in sandbox.comment_ids("x") if not sandbox.comment("x", i)["by_page"])
    with pytest.raises(PermissionDenied, match="user-context"):
        connector.hide_comment(reply)


def test_x_hide_past_the_hidden_reply_cap_is_flagged_for_a_person(sandbox, connect):
    sandbox.x_hidden_reply_cap = 1
    connector = connect(sandbox, "x")
    post = sandbox.posts("x")[0]
    first, second = sandbox.add_comment("x", post, "one"), sandbox.add_comment("x", post, "two")
    connector.hide_comment(first)
    with pytest.raises(HiddenReplyCapReached, match="725"):
        connector.hide_comment(second)


# --- Facebook and Instagram (Graph) -------------------------------------------------------------------

GRAPH = ("facebook", "instagram")
MANAGE = {"facebook": "pages_manage_engagement", "instagram": "instagram_manage_comments"}
READ = {"facebook": "pages_read_engagement", "instagram": "instagram_basic"}


def members_comment(sb: Sandbox, platform: str) -> str:
    return next(i for i in sb.comment_ids(platform) if not sb.comment(platform, i)["by_page"])


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_sandbox_answers_100_33_for_a_missing_permission_as_for_a_deleted_comment(sandbox, platform):
    sandbox.revoke_permission(platform, MANAGE[platform])
    cid = members_comment(sandbox, platform)
    url = sandbox.base_url(platform) + f"v25.0/{cid}"
    token = sandbox.tokens[platform]
    denied = requests.post(url, data={"access_token": token, "is_hidden": "true", "hide": "true"}, timeout=5)
    sandbox.delete_comment(platform, cid)
    deleted = requests.post(url, data={"access_token": token, "is_hidden": "true", "hide": "true"}, timeout=5)
    for response in (denied, deleted):
        error = response.json()["error"]
        assert (error["code"], error["error_subcode"]) == (100, 33)


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_hide_without_the_manage_permission_is_permission_denied_not_gone(sandbox, connect, platform):
    sandbox.revoke_permission(platform, MANAGE[platform])
    connector = connect(sandbox, platform)
    cid = members_comment(sandbox, platform)
    with pytest.raises(PermissionDenied, match="lacks the permission"):
        connector.hide_comment(cid)
    with pytest.raises(PermissionDenied):
        connector.delete_comment(cid)
    assert sandbox.comment(platform, cid)["hidden"] is False


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_recheck_without_the_read_permission_does_not_mark_comments_deleted(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = members_comment(sandbox, platform)
    sandbox.revoke_permission(platform, READ[platform])
    with pytest.raises(PermissionDenied):
        connector.comments_gone([cid])
    with pytest.raises(PermissionDenied):
        connector.comment_state(cid)


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_still_reports_a_really_deleted_comment_as_gone(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = members_comment(sandbox, platform)
    sandbox.delete_comment(platform, cid)
    assert connector.hide_comment(cid)["already"] == "gone"
    assert set(connector.comments_gone([cid])) == {cid}
    assert connector.comment_state(cid).exists is False


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_non_json_too_much_data_halves_the_page_size_instead_of_repeating(sandbox, connect, platform):
    sandbox.graph_data_limit[platform] = 20
    connector = connect(sandbox, platform)
    limits: list[int] = []
    result = None
    for _ in range(4):
        try:
            result = connector.fetch_new_comments(None)
            break
        except TransientError as exc:
            assert "non-JSON" in str(exc)
            limits.append(int(next(r for r in reversed(sandbox.requests) if r.status == 500).params["limit"]))
    assert result is not None and set(c.id for c in result.comments) == set(sandbox.comment_ids(platform))
    assert limits == sorted(set(limits), reverse=True) and len(limits) <= 3  # never the same request twice
    assert all(int(r.params["limit"]) <= 20 for r in sandbox.requests[-3:] if "limit" in r.params)


def test_reddit_comment_filtered_by_automoderator_reads_as_hidden_in_fetch_and_state(sandbox, connect):
    connector = connect(sandbox, "reddit")
    cid = members_comment(sandbox, "reddit")
    sandbox.automod_filter(cid)
    fetched = {c.id: c for c in connector.fetch_new_comments(None).comments}[cid]
    assert (fetched.raw["removed"], fetched.raw["spam"], fetched.raw["banned_by"]) == (
        False,
        False,
        "AutoModerator",
    )
    assert fetched.is_hidden is True
    assert connector.comment_state(cid).hidden is True
    connector.approve_comment(cid)
    assert {c.id: c for c in connector.fetch_new_comments(None).comments}[cid].is_hidden is False


@pytest.mark.parametrize("platform", ["reddit", "x"])
def test_an_image_comment_has_exactly_one_attachment(empty_sandbox, connect, platform):
    sb = empty_sandbox
    post = sb.add_post(platform, "Have you seen this dog?")
    cid = sb.add_comment(platform, post, "Found him on Solano Dr.", media=["photo"])
    connector = connect(sb, platform)
    comment = {c.id: c for c in connector.fetch_new_comments(None).comments}[cid]
    if platform == "reddit":
        assert "preview.redd.it/" in comment.text and "?width=" in comment.text
    else:
        assert any("/photo/1" in u["expanded_url"] for u in comment.raw["entities"]["urls"])
    assert [m.kind for m in comment.media] == [MediaKind.PHOTO]


def test_graph_api_version_is_validated_and_defaults_to_a_current_one():
    assert parse_settings({"pages": [FB_PAGE]}).pages[0].api_version == "v25.0"
    assert parse_settings({"pages": [{**FB_PAGE, "api_version": "v24.0"}]}).pages[0].api_version == "v24.0"
    for bad in ("21.0", "v21", "latest", "v21.0/"):
        with pytest.raises(ConfigError, match=r"pages\[0\]\.api_version"):
            parse_settings({"pages": [{**FB_PAGE, "api_version": bad}]})
    with pytest.raises(ConfigError, match="api_version"):
        parse_settings({"pages": [{**REDDIT_PAGE, "api_version": "v25.0"}]})


def test_graph_sandbox_refuses_a_version_graph_has_not_released(sandbox, connect):
    connector = connect(sandbox, "facebook", api_version="v99.0")
    with pytest.raises(PlatformError):
        connector.fetch_new_comments(None)
    assert connect(sandbox, "facebook", api_version="v25.0").fetch_new_comments(None).comments


def test_status_shows_each_graph_pages_api_version(tmp_path):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.store import Store

    Store(tmp_path / "m.db").close()
    config = tmp_path / "modbot.toml"
    config.write_text(
        '[modbot]\ndb = "m.db"\n[[pages]]\nname = "lcpd-fb"\nplatform = "facebook"\npage_id = "1"\n'
        'token_env = "FB_TOKEN"\napi_version = "v24.0"\n'
    )
    result = CliRunner().invoke(main, ["status", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert re.search(r"graph api:\s+v24\.0", result.output)


def test_instagram_reads_every_reply_past_the_first_nested_page(empty_sandbox, connect):
    sb = empty_sandbox
    media = sb.add_post("instagram", "Meet Officer Ruiz", created_at=time.time() - 7200)
    top = sb.add_comment("instagram", media, "Welcome!", created_at=time.time() - 7000)
    replies = [
        sb.add_comment("instagram", media, f"reply {i}", parent=top, created_at=time.time() - 6000 + i)
        for i in range(40)
    ]
    connector = connect(sb, "instagram")
    result = connector.fetch_new_comments(None)
    got = {c.id: c for c in result.comments}
    assert set(replies) <= set(got) and all(got[r].parent_id == top for r in replies)
    assert any(r.endpoint == "replies" for r in sb.requests)  # the nested page alone did not hold them
    assert result.complete and set(replies) <= result.complete[0].comment_ids


def test_x_sandbox_keeps_a_budget_and_headers_per_endpoint(sandbox, connect, fake_clock):
    sandbox.set_endpoint_budget("x", "hidden", 2, 900)
    connector = connect(sandbox, "x")
    post = sandbox.posts("x")[0]
    first, second, third = (sandbox.add_comment("x", post, f"reply {i}") for i in range(3))
    connector.hide_comment(first)
    connector.hide_comment(second)
    with pytest.raises(RateLimited) as info:
        connector.hide_comment(third)
    assert info.value.retry_at >= fake_clock() + 800
    # The second answer said none were left: the third was refused here, without a request.
    assert [r.status for r in sandbox.requests if r.endpoint == "hidden"] == [200, 200]
    assert connector.fetch_new_comments(None).comments  # search and timeline have budgets of their own
    over = requests.put(
        sandbox.base_url("x") + f"/2/tweets/{third}/hidden",
        json={"hidden": True},
        headers={"Authorization": "Bearer " + sandbox.x_credentials["user_token"]},
        timeout=5,
    )
    assert over.status_code == 429 and over.headers["x-rate-limit-remaining"] == "0"
    assert over.headers["x-rate-limit-limit"] == "2"


@pytest.mark.parametrize("platform", GRAPH)
def test_graph_sandbox_sends_usage_headers_only_once_usage_registers(sandbox, connect, fake_clock, platform):
    sandbox.set_budget(platform, 400, 3600)
    url = (
        sandbox.base_url(platform)
        + f"v25.0/{sandbox.page_config(platform).page_id}/{'posts' if platform == 'facebook' else 'media'}"
    )
    first = requests.get(url, params={"access_token": sandbox.tokens[platform]}, timeout=5)
    assert "x-app-usage" not in first.headers
    for _ in range(4):
        later = requests.get(url, params={"access_token": sandbox.tokens[platform]}, timeout=5)
    assert json.loads(later.headers["x-app-usage"])["call_count"] >= 1
    connector = connect(sandbox, platform)
    assert connector.fetch_new_comments(None).comments  # paces from the headers once they come


def test_readme_says_what_each_connector_needs_and_the_limits():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = " ".join(readme.split("## Platforms:")[1].split("\n## ")[0].split())
    for fact in (
        "pages_manage_engagement",
        "instagram_manage_comments",
        "user context",
        "user_token",
        "<platform>:<app ID>:<version> (by /u/<username>)",
        "7 days",
        "725 replies per conversation",
        "1,000 comments",
        "token_url",
        "permission_denied",
    ):
        assert fact in section, fact


def test_x_does_not_watch_the_accounts_retweets(empty_sandbox, connect):
    sb = empty_sandbox
    post = sb.add_post("x", "Road closure on Lohman Ave.", created_at=time.time() - 3600)
    for i in range(5):
        sb.add_retweet(f"17000000000000000{i:02d}", created_at=time.time() - 600 + i)
    comment = sb.add_comment("x", post, "Is Lohman open again?")
    result = connect(sb, "x", posts_limit=5).fetch_new_comments(None)
    assert [c.id for c in result.comments] == [comment]
    assert set(result.cursor["posts"]) == {post}
