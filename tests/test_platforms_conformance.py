"""Every connector, through its real SDK, against the loopback sandbox: fetch, cursors, actions, faults."""

from __future__ import annotations

import json
import logging
import time
import traceback
from datetime import timedelta

import pytest

from bot.domain import ActionKind, MediaKind, Platform
from bot.platforms import make_connector
from bot.platforms._common import TimeCursorState
from bot.platforms.base import (
    ActionResponse,
    AuthError,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.platforms.graph import GraphCursor
from bot.platforms.reddit import RedditCursor
from bot.platforms.x import XCursor
from bot.sandbox import Sandbox

PLATFORMS = ("facebook", "instagram", "x", "reddit")
COMMENTS_ENDPOINT = {"facebook": "comments", "instagram": "comments", "x": "search", "reddit": "comments"}
HIDDEN_FIELD = {"facebook": "hidden", "instagram": "hidden", "x": "hidden", "reddit": "removed"}

pytestmark = pytest.mark.usefixtures("no_sdk_retry_sleep")


def seed_thread(sb: Sandbox, platform: str, n: int, base: float) -> tuple[str, float]:
    """One post with n comments a second apart (whole seconds, as Graph reports them), the last three
    sharing one second; returns (post id, newest timestamp)."""
    post = sb.add_post(platform, "Road closure on Lohman Ave.", created_at=base)
    for i in range(n):
        sb.add_comment(
            platform, post, f"comment {i}", author=f"user {i % 7}", created_at=base + 10 + min(i, n - 3)
        )
    return post, base + 10 + n - 3


@pytest.mark.parametrize("platform", PLATFORMS)
def test_first_poll_returns_every_comment_as_domain_objects(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    result = connector.fetch_new_comments(None)

    ids = [c.id for c in result.comments]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(sandbox.comment_ids(platform))
    assert len(ids) >= 30
    json.dumps(result.cursor)  # persisted as JSON
    assert result.api_calls >= 1
    for comment in result.comments:
        state = sandbox.comment(platform, comment.id)
        assert comment.platform is Platform(platform)
        assert comment.page_id == sandbox.page_config(platform).page_id
        assert comment.post_id == state["post_id"]
        assert comment.parent_id == state["parent_id"]
        assert comment.text.startswith(state["text"])
        assert comment.created_at.utcoffset() == timedelta(0)
        assert abs(comment.created_at.timestamp() - state["created"]) < 1.0
        assert comment.author_id and comment.author_name
        assert comment.raw and isinstance(comment.raw, dict)
        if platform != "instagram":  # Instagram comments carry no attachments
            kinds = {m.kind for m in comment.media}
            assert {MediaKind(k) for k, _ in state["media"]} <= kinds, comment
    assert any(c.parent_id for c in result.comments)
    assert (
        any(c.media and c.media[0].kind is MediaKind.PHOTO for c in result.comments)
        or platform == "instagram"
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_polls_page_through_and_never_miss_or_repeat(empty_sandbox, connect, platform):
    sb = empty_sandbox
    base = float(int(time.time()) - 10_000)
    post, newest = seed_thread(sb, platform, 230, base)
    connector = connect(sb, platform)

    first = connector.fetch_new_comments(None)
    assert len(first.comments) == 230
    pages = [r for r in sb.requests if r.endpoint == COMMENTS_ENDPOINT[platform]]
    assert len(pages) >= 3  # followed the result pages

    # Arrivals between polls: one in the same second as the newest seen, later ones, and a reply.
    same_second = sb.add_comment(platform, post, "same second", created_at=newest)
    later = sb.add_comment(platform, post, "later", created_at=newest + 5)
    reply = sb.add_comment(platform, post, "a reply", parent=first.comments[0].id, created_at=newest + 6)
    second = connector.fetch_new_comments(first.cursor)
    assert sorted(c.id for c in second.comments) == sorted([same_second, later, reply])
    assert {c.id: c.parent_id for c in second.comments}[reply] == first.comments[0].id

    third = connector.fetch_new_comments(second.cursor)
    assert third.comments == []
    assert set(sb.comment_ids(platform)) == {c.id for c in first.comments + second.comments}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_comment_arriving_in_the_middle_of_a_paged_fetch_is_delivered_exactly_once(
    empty_sandbox, connect, platform
):
    sb = empty_sandbox
    post, newest = seed_thread(sb, platform, 230, float(int(time.time()) - 10_000))
    arrived: list[str] = []

    def add_during_second_page(p: str, endpoint: str, params: dict[str, str]) -> None:
        hits = sum(1 for r in sb.requests if r.endpoint == endpoint and r.platform == p)
        if p == platform and endpoint == COMMENTS_ENDPOINT[platform] and hits == 1 and not arrived:
            arrived.append(sb.add_comment(platform, post, "arrived mid-fetch", created_at=newest + 1))

    sb.hooks.append(add_during_second_page)
    connector = connect(sb, platform)
    first = connector.fetch_new_comments(None)
    second = connector.fetch_new_comments(first.cursor)
    delivered = [c.id for c in first.comments + second.comments]
    assert arrived
    assert len(delivered) == len(set(delivered)) == 231
    assert set(delivered) == set(sb.comment_ids(platform))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_new_post_is_picked_up_and_old_cursor_entries_are_dropped(sandbox, connect, platform):
    connector = connect(sandbox, platform, posts_limit=5)
    first = connector.fetch_new_comments(None)
    post = sandbox.add_post(platform, "BREAKING: shelter in place near Picacho Ave.")
    comment = sandbox.add_comment(platform, post, "What is going on??")
    second = connector.fetch_new_comments(first.cursor)
    assert [c.id for c in second.comments] == [comment]
    assert second.comments[0].post_id == post


def target_comment(sb: Sandbox, platform: str) -> str:
    return next(i for i in sb.comment_ids(platform) if not sb.comment(platform, i)["by_page"])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_hide_and_unhide_are_idempotent(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = target_comment(sandbox, platform)
    field = HIDDEN_FIELD[platform]
    for _ in range(2):
        result = connector.hide_comment(cid)
        assert result["ok"] and result["comment_id"] == cid
        assert sandbox.comment(platform, cid)[field] is True
    state = connector.comment_state(cid)
    assert state.exists
    assert state.hidden in (True, None)  # X does not report hidden state
    if platform != "x":
        assert state.hidden is True
    for _ in range(2):
        assert connector.unhide_comment(cid)["ok"]
        assert sandbox.comment(platform, cid)[field] is False
    if platform != "x":
        assert connector.comment_state(cid).hidden is False


@pytest.mark.parametrize("platform", PLATFORMS)
def test_reply_lands_under_the_comment_and_is_reported_by_comment_state(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = target_comment(sandbox, platform)
    text = "Please call 911 in an emergency, or 575-526-0795 for non-emergencies."
    result = connector.reply_to_comment(cid, text)
    reply_id = result["reply_id"]
    replies = sandbox.replies_to(platform, cid)
    assert [(r["id"], r["text"], r["by_page"]) for r in replies if r["by_page"]] == [(reply_id, text, True)]
    assert connector.comment_state(cid).replies_by_us == (reply_id,)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_comment_state_lists_only_the_pages_own_direct_replies(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = target_comment(sandbox, platform)
    post = sandbox.comment(platform, cid)["post_id"]
    assert connector.comment_state(cid).replies_by_us == ()
    # Someone else's reply, and the page's reply to a different comment, are not ours to this one.
    sandbox.add_comment(platform, post, "I agree", author="neighbour", parent=cid)
    elsewhere = sandbox.add_comment(platform, post, "another comment", author="someone else")
    connector.reply_to_comment(elsewhere, "Thanks, we are looking into it.")
    assert connector.comment_state(cid).replies_by_us == ()
    first = connector.reply_to_comment(cid, "Please call 911 in an emergency.")["reply_id"]
    second = connector.reply_to_comment(cid, "Update: officers are on scene.")["reply_id"]
    state = connector.comment_state(cid)
    assert sorted(state.replies_by_us) == sorted([first, second])
    # Each platform also says what each reply said, so reconciliation can tell two replies apart.
    assert state.extra["reply_texts"] == {
        first: "Please call 911 in an emergency.",
        second: "Update: officers are on scene.",
    }
    assert connector.comment_state(elsewhere).replies_by_us != ()


@pytest.mark.parametrize("platform", ["facebook", "instagram", "reddit"])
def test_delete_is_idempotent(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = target_comment(sandbox, platform)
    first = connector.delete_comment(cid)
    second = connector.delete_comment(cid)
    assert first["ok"] and second["ok"]
    state = connector.comment_state(cid)
    if platform == "reddit":  # a moderator's strongest step is removal
        assert sandbox.comment(platform, cid)["removed"] is True
        assert state.exists and state.removed is True
    else:
        assert sandbox.comment(platform, cid)["deleted"] is True
        assert second["already"] == "gone"
        assert not state.exists


def test_reddit_approve_and_report(sandbox, connect):
    connector = connect(sandbox, "reddit")
    cid = target_comment(sandbox, "reddit")
    connector.hide_comment(cid)
    for _ in range(2):
        assert connector.approve_comment(cid)["ok"]
    state = sandbox.comment("reddit", cid)
    assert state["approved"] is True and state["removed"] is False
    connector.report_comment(cid, "Threat of violence (GO 158 Att. A)")
    assert sandbox.comment("reddit", cid)["reports"] == ["Threat of violence (GO 158 Att. A)"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_action_on_a_comment_the_author_deleted_succeeds(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cid = target_comment(sandbox, platform)
    sandbox.delete_comment(platform, cid)
    calls = {
        ActionKind.HIDE: lambda: connector.hide_comment(cid),
        ActionKind.UNHIDE: lambda: connector.unhide_comment(cid),
        ActionKind.DELETE: lambda: connector.delete_comment(cid),
        ActionKind.REPLY: lambda: connector.reply_to_comment(cid, "Thank you"),
        ActionKind.APPROVE: lambda: connector.approve_comment(cid),
        ActionKind.REPORT: lambda: connector.report_comment(cid, "spam"),
    }
    for kind, call in calls.items():
        if kind in connector.supported_actions:
            assert call()["ok"], kind
        else:
            with pytest.raises(PermanentError):
                call()
    assert connector.comment_state(cid).exists is False
    if platform != "reddit":
        assert connector.hide_comment(cid)["already"] == "gone"


FAULTS = [
    ("429", RateLimited),
    ("500", TransientError),
    ("503", TransientError),
    ("timeout", TransientError),
    ("reset", TransientError),
    ("malformed", TransientError),
    ("expired_token", AuthError),
]


@pytest.mark.parametrize("kind,error", FAULTS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_fault_maps_to_typed_error_and_the_connector_recovers(
    sandbox, connect, fake_clock, platform, kind, error
):
    connector = connect(sandbox, platform, timeout_seconds=0.4)
    sandbox.faults.set(platform, "*", kind, delay=3.0, reset_seconds=60)
    started = time.monotonic()
    with pytest.raises(error) as info:
        connector.fetch_new_comments(None)
    assert time.monotonic() - started < 5
    assert info.value.platform is Platform(platform)
    assert type(info.value) is error
    if error is RateLimited:
        assert fake_clock() < info.value.retry_at <= fake_clock() + 3600
        fake_clock.advance(3600)
    sandbox.clear_faults()
    assert len(connector.fetch_new_comments(None).comments) >= 30


@pytest.mark.parametrize("platform", PLATFORMS)
def test_faults_on_actions_are_typed_too(sandbox, connect, platform):
    connector = connect(sandbox, platform, timeout_seconds=0.4)
    cid = target_comment(sandbox, platform)
    sandbox.faults.set(platform, "*", "503")
    with pytest.raises(TransientError):
        connector.hide_comment(cid)
    sandbox.faults.set(platform, "*", "timeout", delay=3.0)
    with pytest.raises(TransientError):
        connector.reply_to_comment(cid, "hello")
    sandbox.clear_faults()
    assert connector.hide_comment(cid)["ok"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_slow_responses_within_the_timeout_succeed(sandbox, connect, platform):
    connector = connect(sandbox, platform, timeout_seconds=2.0)
    sandbox.faults.set(platform, "*", "slow", delay=0.05)
    assert len(connector.fetch_new_comments(None).comments) >= 30


@pytest.mark.parametrize("platform", ["facebook", "x"])
def test_a_fault_with_a_count_ends_after_that_many_requests(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    sandbox.faults.set(platform, "*", "500", count=1)
    with pytest.raises(TransientError):
        connector.fetch_new_comments(None)
    assert connector.fetch_new_comments(None).comments


@pytest.mark.parametrize("platform", PLATFORMS)
def test_under_429_no_more_than_one_request_per_reset_window(sandbox, connect, fake_clock, platform):
    connector = connect(sandbox, platform)
    sandbox.faults.set(platform, "*", "429", reset_seconds=60)
    sandbox.clear_requests()
    start = fake_clock()
    sent_at: list[float] = []
    for _ in range(40):  # 40 polls, 15 s apart: 10 reset windows
        before = len(sandbox.requests)
        with pytest.raises(RateLimited) as info:
            connector.fetch_new_comments(None)
        if len(sandbox.requests) > before:
            sent_at.append(fake_clock())
        assert info.value.retry_at > fake_clock()
        fake_clock.advance(15)
    windows = (fake_clock() - start) / 60
    assert 1 <= len(sandbox.requests) <= windows + 1
    assert all(b - a >= 60 for a, b in zip(sent_at, sent_at[1:], strict=False))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_slows_down_before_the_budget_runs_out(sandbox, connect, fake_clock, platform):
    sandbox.set_budget(platform, 40, 600)
    connector = connect(sandbox, platform)
    cursor = None
    for _ in range(60):
        result = connector.fetch_new_comments(cursor)
        cursor = result.cursor
        if connector.pacer.slept > 0:
            break
    assert connector.pacer.slept > 0
    assert fake_clock.sleeps and max(fake_clock.sleeps) <= connector.pacer.max_pause
    assert not [r for r in sandbox.requests if r.status == 429]


def test_unsupported_actions_raise_permanent_error(sandbox, connect):
    connector = connect(sandbox, "x")
    assert ActionKind.DELETE not in connector.supported_actions
    with pytest.raises(PermanentError):
        connector.delete_comment("1")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_tokens_never_appear_in_logs_or_errors(sandbox, connect, fake_clock, platform, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = [value for name, value in sandbox.environ.items() if not name.endswith("_USERNAME")]
    connector = connect(sandbox, platform, timeout_seconds=0.4)
    texts: list[str] = []
    result = connector.fetch_new_comments(None)
    cid = result.comments[0].id
    connector.hide_comment(cid)
    connector.unhide_comment(cid)
    connector.reply_to_comment(cid, "Thanks for reaching out")
    connector.comment_state(cid)
    for kind in ("expired_token", "500", "malformed", "reset", "timeout", "429"):
        sandbox.faults.set(platform, "*", kind, delay=2.0)
        for call in (lambda: connector.fetch_new_comments(None), lambda: connector.hide_comment(cid)):
            try:
                call()
            except PlatformError as exc:
                texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        sandbox.clear_faults()
        fake_clock.advance(7200)
    assert len(texts) >= 6
    logged = caplog.text
    assert "127.0.0.1" in logged  # the SDKs' and urllib3's debug lines were captured
    for secret in secrets:
        assert secret not in logged
        for text in texts:
            assert secret not in text


def test_make_connector_needs_the_credentials_in_the_environment(sandbox):
    from bot.config import MissingSecret

    page = sandbox.page_config("facebook")
    with pytest.raises(MissingSecret, match="MODBOT_SANDBOX_FB_TOKEN"):
        make_connector(page, environ={})


def test_x_spent_hide_budget_does_not_stop_polling(sandbox, connect, fake_clock):
    connector = connect(sandbox, "x")
    cid = target_comment(sandbox, "x")
    sandbox.faults.set("x", "hidden", "429", reset_seconds=900)
    with pytest.raises(RateLimited) as info:
        connector.hide_comment(cid)
    assert info.value.retry_at >= fake_clock() + 800
    assert connector.fetch_new_comments(None).comments  # other endpoints keep their own budget
    sandbox.clear_requests()
    with pytest.raises(RateLimited):
        connector.unhide_comment(cid)
    assert sandbox.requests == []  # refused locally, no request sent


def _is_action_response(result: object) -> bool:
    """Whether an action's result has ActionResponse's shape: every required key, no key it does not name."""
    keys = set(result) if isinstance(result, dict) else set()
    allowed = ActionResponse.__required_keys__ | ActionResponse.__optional_keys__
    return ActionResponse.__required_keys__ <= keys <= allowed


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_action_result_is_an_action_response(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    live = target_comment(sandbox, platform)
    post = sandbox.comment(platform, live)["post_id"]
    gone = sandbox.add_comment(platform, post, "deleted by its author", author="someone")
    sandbox.delete_comment(platform, gone)
    calls = {
        ActionKind.HIDE: lambda cid: connector.hide_comment(cid),
        ActionKind.UNHIDE: lambda cid: connector.unhide_comment(cid),
        ActionKind.REPLY: lambda cid: connector.reply_to_comment(cid, "Thank you"),
        ActionKind.APPROVE: lambda cid: connector.approve_comment(cid),
        ActionKind.REPORT: lambda cid: connector.report_comment(cid, "spam"),
        ActionKind.DELETE: lambda cid: connector.delete_comment(cid),  # last: the live comment is gone after
    }
    results = {
        (kind.value, which): call(cid)
        for which, cid in (("live", live), ("gone", gone))
        for kind, call in calls.items()
        if kind in connector.supported_actions
    }
    assert results and all(r["ok"] for r in results.values())
    assert [key for key, r in results.items() if not _is_action_response(r)] == []


def _has_shape(value: object, shape: type) -> bool:
    """Whether a dict holds every required key of the TypedDict `shape` and no key it does not name."""
    keys = set(value) if isinstance(value, dict) else set()
    return shape.__required_keys__ <= keys <= shape.__required_keys__ | shape.__optional_keys__


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_cursor_each_connector_returns_has_its_typed_shape(sandbox, connect, platform):
    connector = connect(sandbox, platform)
    cursor = connector.fetch_new_comments(None).cursor
    shape = {"facebook": GraphCursor, "instagram": GraphCursor, "x": XCursor, "reddit": RedditCursor}[
        platform
    ]
    assert _has_shape(cursor, shape), cursor
    if platform == "reddit":
        assert _has_shape(cursor["comments"], TimeCursorState) and cursor["posts"]
        assert set(cursor["post_read_at"]) == set(cursor["posts"])
    elif platform == "x":
        assert cursor["posts"] and all(v.isdigit() for v in cursor["posts"].values())
    else:
        assert cursor["posts"] and all(_has_shape(v, TimeCursorState) for v in cursor["posts"].values())
    # What the next poll reads back is that cursor after a JSON round trip through the store.
    again = connector.fetch_new_comments(json.loads(json.dumps(cursor)))
    assert again.comments == [] and _has_shape(again.cursor, shape)
