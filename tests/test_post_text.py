"""The text of the post a comment answers (issue 12.3): each adapter returns it from the platform's own
fields through the real SDK (Graph `message` / `caption`, X's root tweet `text`, Reddit's `title` and
`selftext`), the pipeline archives it with the comments, and the item page's Context panel shows it. Graph
and X read it from the posts listing the poll already makes (no extra call); Reddit asks /api/info once
per post it has not seen, and again for a commented-on post every POST_REREAD_SECONDS. A post without text
never fails a poll."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
import requests

from bot.moderation import Moderator
from bot.pipeline import CycleReport, Pipeline
from bot.platforms import make_connector
from bot.platforms.reddit import POST_REREAD_SECONDS
from bot.policy import load_policy
from bot.sandbox import Sandbox
from bot.store import Store
from bot.store import media as store_media
from tests.test_daemon import POLICY, KeywordScorer
from tests.test_thread_context import item_page, section

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

PLATFORMS = ("facebook", "instagram", "x", "reddit")
POST = "Road closed on Lohman <b>today</b> from 9 to 5; use Main St."
ESCAPED = "Road closed on Lohman &lt;b&gt;today&lt;/b&gt; from 9 to 5; use Main St."


@pytest.fixture
def world() -> Iterator[Sandbox]:
    sb = Sandbox.start(seed="empty")
    try:
        yield sb
    finally:
        sb.stop()


def poll(
    sb: Sandbox, store: Store, platform: str, clock: Callable[[], float] | None = None
) -> tuple[CycleReport, Counter[str]]:
    """One real pipeline cycle (the connector on `clock`, when given); returns its report and the sandbox's
    calls by endpoint."""
    sb.clear_requests()
    page = sb.page_config(platform)
    connector = make_connector(page, sb.environ, **({"clock": clock} if clock else {}))
    try:
        report = Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer())).run_cycle(page, connector)
    finally:
        connector.close()
    return report, Counter(r.endpoint for r in sb.requests if r.endpoint != "token")


def verdict_of(store: Store, platform: str, comment_id: str) -> int:
    row = store._one("SELECT id FROM verdicts WHERE comment_uid = ?", (f"{platform}:{comment_id}",))
    assert row is not None, f"{platform}:{comment_id} was not judged"
    return int(row["id"])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_post_text_is_archived_with_its_comments_and_shown_in_context(
    world: Sandbox, store: Store, platform: str
) -> None:
    title = "Road closure" if platform == "reddit" else None
    post_id = world.add_post(platform, POST, title=title)
    cid = world.add_comment(platform, post_id, "Thanks for the heads up!", author="ann")

    report, calls = poll(world, store, platform)
    assert report.archived == 1

    row = store_media.post(store, platform, post_id)
    assert row is not None
    expected = f"Road closure\n\n{POST}" if platform == "reddit" else POST
    assert row["text"] == expected and row["page_id"] == world.page_config(platform).page_id
    assert row["permalink"] and row["created_at"]
    audited = store._query(
        "SELECT event FROM audit WHERE subject = ? ORDER BY id", (f"{platform}:post:{post_id}",)
    )
    assert [a["event"] for a in audited] == ["post_archived"]

    panel = section(item_page(store, verdict_of(store, platform, cid)), "ctx-post")
    assert ESCAPED in panel and "<b>today" not in panel
    if platform == "reddit":
        assert "Road closure" in panel

    # The text came with calls the poll makes anyway: Graph and X, the posts listing; Reddit, one lookup.
    if platform == "reddit":
        assert calls["info"] == 1
    else:
        assert not calls.keys() & {"object", "lookup", "lookup_many", "info"}, calls


@pytest.mark.parametrize("platform", PLATFORMS)
def test_an_edited_post_keeps_its_newest_text_and_a_known_post_costs_no_call(
    world: Sandbox, store: Store, platform: str
) -> None:
    post_id = world.add_post(platform, "Parade on Saturday.")
    world.add_comment(platform, post_id, "first", author="ann")
    poll(world, store, platform)

    world.edit_comment(platform, post_id, "Parade moved to Sunday.")
    world.add_comment(platform, post_id, "second", author="bob")
    report, calls = poll(world, store, platform)
    assert report.archived == 1
    row = store_media.post(store, platform, post_id)
    assert row is not None
    if platform == "reddit":
        # Reddit's post was looked up once; a known post is not asked for again so soon (see below).
        assert row["text"] == "Parade on Saturday." and calls["info"] == 0
    else:
        assert row["text"] == "Parade moved to Sunday."
        audited = store._query(
            "SELECT event FROM audit WHERE subject = ? ORDER BY id", (f"{platform}:post:{post_id}",)
        )
        assert [a["event"] for a in audited] == ["post_archived", "post_edited"]
        # the earlier text stays on record, as a version, and the item page shows it under the newest
        versions = store_media.post_versions(store, platform, post_id)
        assert [(v["version"], v["text"]) for v in versions] == [
            (1, "Parade on Saturday."),
            (2, "Parade moved to Sunday."),
        ]
        second = store._one("SELECT id FROM verdicts ORDER BY id DESC LIMIT 1")
        assert second is not None
        html = item_page(store, int(second["id"]))
        assert "Parade moved to Sunday." in section(html, "ctx-post")
        m = re.search(r'id="ctx-post-versions"(.*?)</details>', html, re.S)
        assert m is not None and "Edited: 1 earlier text," in m.group(1)
        assert re.findall(
            r'data-version="(\d+)"[^>]*>archived <time>[^<]+</time>: <bdi>([^<]+)', m.group(1)
        ) == [("1", "Parade on Saturday.")]


@pytest.mark.parametrize("platform", ("facebook", "instagram", "x"))
def test_a_post_without_text_does_not_fail_the_poll(world: Sandbox, store: Store, platform: str) -> None:
    bare = world.add_post(platform, "")  # a photo posted without words or caption
    worded = world.add_post(platform, "Lost dog near the library.")
    on_bare = world.add_comment(platform, bare, "What a photo", author="ann")
    world.add_comment(platform, worded, "Is it brown?", author="bob")

    report, _ = poll(world, store, platform)
    assert report.archived == 2
    assert store_media.post(store, platform, bare) is None
    worded_row = store_media.post(store, platform, worded)
    assert worded_row is not None and worded_row["text"] == "Lost dog near the library."
    panel = section(item_page(store, verdict_of(store, platform, on_bare)), "ctx-post")
    assert "The post's text is not archived" in panel


def test_a_failed_reddit_post_lookup_does_not_fail_the_poll_and_is_asked_again(
    world: Sandbox, store: Store, no_sdk_retry_sleep: None
) -> None:
    post_id = world.add_post("reddit", "Lost dog near the library.")
    cid = world.add_comment("reddit", post_id, "Is it brown?", author="ann")
    world.faults.set("reddit", "info", "500")

    report, calls = poll(world, store, "reddit")
    assert report.archived == 1 and calls["info"] >= 1
    assert store_media.post(store, "reddit", post_id) is None
    assert "The post's text is not archived" in section(
        item_page(store, verdict_of(store, "reddit", cid)), "ctx-post"
    )

    world.clear_faults()
    world.add_comment("reddit", post_id, "Found it?", author="bob")
    report, calls = poll(world, store, "reddit")
    assert report.archived == 1 and calls["info"] == 1
    row = store_media.post(store, "reddit", post_id)
    assert row is not None and row["text"] == "Lost dog near the library."


def test_an_edited_reddit_post_is_read_again_while_it_is_commented_on(world: Sandbox, store: Store) -> None:
    offset = [0.0]

    def clock() -> float:
        return time.time() + offset[0]

    post_id = world.add_post("reddit", "Parade on Saturday.", title="Parade")
    other = world.add_post("reddit", "Lost dog near the library.", title="Lost dog")
    world.add_comment("reddit", post_id, "first", author="ann")
    world.add_comment("reddit", other, "is it brown?", author="bob")
    _, calls = poll(world, store, "reddit", clock)
    assert calls["info"] == 1  # both posts, one call

    world.edit_comment("reddit", post_id, "Parade moved to Sunday.")
    world.edit_comment("reddit", other, "Found: the dog is home.")
    offset[0] = POST_REREAD_SECONDS - 60  # too soon: a known post is not read again
    world.add_comment("reddit", post_id, "second", author="cy")
    _, calls = poll(world, store, "reddit", clock)
    row = store_media.post(store, "reddit", post_id)
    assert calls["info"] == 0 and row is not None and row["text"] == "Parade\n\nParade on Saturday."

    offset[0] = POST_REREAD_SECONDS + 1  # due, and commented on again: read again in the poll's one call
    world.add_comment("reddit", post_id, "third", author="dee")
    report, calls = poll(world, store, "reddit", clock)
    assert report.archived == 1 and calls["info"] == 1
    row = store_media.post(store, "reddit", post_id)
    assert row is not None and row["text"] == "Parade\n\nParade moved to Sunday."
    audited = store._query(
        "SELECT event FROM audit WHERE subject = ? ORDER BY id", (f"reddit:post:{post_id}",)
    )
    assert [a["event"] for a in audited] == ["post_archived", "post_edited"]
    assert [v["text"] for v in store_media.post_versions(store, "reddit", post_id)] == [
        "Parade\n\nParade on Saturday.",
        "Parade\n\nParade moved to Sunday.",
    ]
    # the post nobody commented on since keeps its text until it is (or a recheck reads it)
    quiet = store_media.post(store, "reddit", other)
    assert quiet is not None and quiet["text"] == "Lost dog\n\nLost dog near the library."

    # read just now: the next comment costs no lookup
    world.add_comment("reddit", post_id, "fourth", author="eve")
    _, calls = poll(world, store, "reddit", clock)
    assert calls["info"] == 0


def test_a_deleted_reddit_post_keeps_its_title(world: Sandbox, store: Store) -> None:
    post_id = world.add_post("reddit", "We found the owner, thanks all.", title="Lost dog")
    world.add_comment("reddit", post_id, "Great news", author="ann")
    with world.world.lock:
        world.world.items[("reddit", post_id)].deleted = True
    poll(world, store, "reddit")
    row = store_media.post(store, "reddit", post_id)
    assert row is not None and row["text"] == "Lost dog"


@pytest.mark.parametrize(("platform", "edge", "text_field"), [("facebook", "posts", "message"), ("instagram", "media", "caption")])  # fmt: skip
def test_graph_sandbox_serves_the_post_text_only_when_asked(
    world: Sandbox, platform: str, edge: str, text_field: str
) -> None:
    world.add_post(platform, "Parade on Saturday.")
    page = world.page_config(platform)
    url = f"{world.base_url(platform).rstrip('/')}/{page.api_version}/{page.page_id}/{edge}"
    token = world.environ[page.credential_env["token"]]

    def listed(fields: str) -> dict[str, object]:
        r = requests.get(url, params={"access_token": token, "fields": fields}, timeout=5)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert len(data) == 1
        return dict(data[0])

    assert text_field not in listed("id")
    assert listed(f"id,{text_field}")[text_field] == "Parade on Saturday."
    assert re.fullmatch(r"\d+(_\d+)?", str(listed("id")["id"]))
