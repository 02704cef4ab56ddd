"""Which version of its post each comment answered (comments.post_version, migration 12): set on archive to
the post's latest version (the pipeline archives a cycle's posts before its comments), back-filled for a
database from before it, shown on the item page when the post was edited after the comment, and carried by
the records export."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain import Comment, Platform
from bot.export import export_text, parse_range
from bot.sandbox import Sandbox
from bot.store import SCHEMA_VERSION, Store
from bot.store import media as store_media
from bot.store.core import text_sha256
from tests.browser.seed import verdict
from tests.test_post_text import poll, verdict_of
from tests.test_thread_context import item_page

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
POST_V1 = "Road closed on <b>Lohman</b> until 5pm."
POST_V2 = "=Road open again; the closure was moved to <i>Main St</i>."  # a leading = is defused in CSV
V1_ESCAPED = "Road closed on &lt;b&gt;Lohman&lt;/b&gt; until 5pm."
V2_ESCAPED = "=Road open again; the closure was moved to &lt;i&gt;Main St&lt;/i&gt;."
EDITED = "the post was edited after this comment"


def archive_post(store: Store, text: str, post_id: str = "p1") -> None:
    store_media.archive_posts(
        store, [store_media.PostText(platform="facebook", page_id="lcpd", post_id=post_id, text=text)]
    )


def put(store: Store, cid: str, text: str, *, minute: int, post_id: str = "p1") -> int:
    """Archive a comment on the post and judge it; returns the verdict id."""
    c = Comment(
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        post_id=post_id,
        id=cid,
        text=text,
        created_at=T0 + timedelta(minutes=minute),
        author_id=f"id-{cid}",
        author_name=cid.title(),
        raw={"id": cid},
    )
    archived = store.archive_comment(c)
    return store.record_verdict(c.uid, archived.version, verdict("flag"))


def post_versions_of(store: Store) -> dict[tuple[str, int], int | None]:
    rows = store._query("SELECT uid, version, post_version FROM comments ORDER BY uid, version")
    return {(r["uid"], r["version"]): r["post_version"] for r in rows}


# -- archive ---------------------------------------------------------------------------------------------


def test_a_comment_before_and_one_after_the_post_is_edited_carry_versions_1_and_2(store: Store) -> None:
    archive_post(store, POST_V1)
    first = put(store, "c1", "Which detour do we take?", minute=1)
    archive_post(store, POST_V2)
    second = put(store, "c2", "Thanks for the update", minute=2)
    assert post_versions_of(store) == {("facebook:c1", 1): 1, ("facebook:c2", 1): 2}
    # the queue's row for each verdict carries the post version its comment version answered
    assert [store.review_item(v)["post_version"] for v in (first, second)] == [1, 2]  # type: ignore[index]


def test_an_unchanged_comment_keeps_its_version_and_an_edit_answers_the_post_as_it_is_now(
    store: Store,
) -> None:
    archive_post(store, POST_V1)
    put(store, "c1", "Which detour do we take?", minute=1)
    archive_post(store, POST_V2)
    archive_post(store, POST_V2)  # the same text again: no new post version
    c1 = Comment(
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        post_id="p1",
        id="c1",
        text="Which detour do we take?",
        created_at=T0 + timedelta(minutes=1),
        raw={"id": "c1"},
    )
    assert store.archive_comment(c1).new_version is False  # fetched again, unchanged: still answers version 1
    assert post_versions_of(store) == {("facebook:c1", 1): 1}
    store.archive_comment(dataclasses.replace(c1, text="Which detour now?"))
    assert post_versions_of(store) == {("facebook:c1", 1): 1, ("facebook:c1", 2): 2}


def test_a_comment_on_a_post_never_archived_has_no_post_version(store: Store) -> None:
    archive_post(store, POST_V1, post_id="other")
    put(store, "c1", "What happened here?", minute=1, post_id="p-gone")
    assert post_versions_of(store) == {("facebook:c1", 1): None}


@pytest.fixture
def world() -> Iterator[Sandbox]:
    sb = Sandbox.start(seed="empty")
    try:
        yield sb
    finally:
        sb.stop()


@pytest.mark.parametrize("platform", ("facebook", "x"))
def test_the_pipeline_archives_the_post_before_its_comments(
    world: Sandbox, store: Store, platform: str
) -> None:
    # A comment and the post it answers arrive in the same cycle: the comment answers that text, version 1.
    post_id = world.add_post(platform, "Parade on Saturday.")
    first = world.add_comment(platform, post_id, "see you there", author="ann")
    poll(world, store, platform)
    # The post is edited and a second comment arrives in the next cycle: it answers version 2.
    world.edit_comment(platform, post_id, "Parade moved to Sunday.")
    second = world.add_comment(platform, post_id, "which time on Sunday?", author="bob")
    poll(world, store, platform)
    assert post_versions_of(store) == {(f"{platform}:{first}", 1): 1, (f"{platform}:{second}", 1): 2}
    html = item_page(store, verdict_of(store, platform, first))
    answered = re.search(r'id="ctx-post-answered" data-version="1">(.*?)</div>', html, re.S)
    assert answered is not None and EDITED in answered.group(1) and "Parade on Saturday." in answered.group(1)
    assert EDITED not in item_page(store, verdict_of(store, platform, second))


# -- migration 12 ----------------------------------------------------------------------------------------


def iso(minute: int) -> str:
    return (T0 + timedelta(minutes=minute)).isoformat(timespec="microseconds")


def test_a_database_at_schema_11_gets_post_version_back_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Store(path, migrate=False)
    assert old.migrate(target=11) == list(range(1, 12))
    assert "post_version" not in {r[1] for r in old.conn.execute("PRAGMA table_info(comments)")}
    # A post archived at minute 10 and edited at minute 20; another post of the same id on another platform.
    for platform, post_id, version, text, minute in (
        ("facebook", "p1", 1, POST_V1, 10),
        ("facebook", "p1", 2, POST_V2, 20),
        ("x", "p1", 1, "another platform's post", 0),
    ):
        old.conn.execute(
            "INSERT INTO post_versions (platform, post_id, version, text, text_sha256, archived_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (platform, post_id, version, text, text_sha256(text), iso(minute)),
        )
    # Comments archived by the version-11 code: before the post was archived, between its versions, at the
    # very time of the edit, after it (a second version of the same comment), and on a post never archived.
    for uid, version, post_id, minute in (
        ("facebook:early", 1, "p1", 5),
        ("facebook:between", 1, "p1", 15),
        ("facebook:at-edit", 1, "p1", 20),
        ("facebook:between", 2, "p1", 25),
        ("facebook:elsewhere", 1, "p-gone", 25),
    ):
        old.conn.execute(
            "INSERT INTO comments (uid, version, platform, page_id, post_id, comment_id, text, text_sha256,"
            " created_at, raw, archived_at) VALUES (?, ?, 'facebook', 'lcpd', ?, ?, 't', 'h', ?, '{}', ?)",
            (uid, version, post_id, uid.split(":")[1], iso(0), iso(minute)),
        )
    old.close()

    upgraded = Store(path)
    assert upgraded.schema_version() == SCHEMA_VERSION == 12
    expected = {
        ("facebook:at-edit", 1): 2,
        ("facebook:between", 1): 1,
        ("facebook:between", 2): 2,
        ("facebook:early", 1): None,  # the text it answered was not archived
        ("facebook:elsewhere", 1): None,
    }
    assert post_versions_of(upgraded) == expected
    assert upgraded.migrate() == []  # applied once: opening it again changes nothing
    upgraded.close()
    again = Store(path)
    assert post_versions_of(again) == expected
    assert again.verify_audit()[1] == []
    # and a comment archived now gets the post's latest version
    put(again, "new", "hello", minute=30)
    assert post_versions_of(again)[("facebook:new", 1)] == 2
    again.close()


# -- item page -------------------------------------------------------------------------------------------


def answered_block(html: str) -> str:
    m = re.search(
        r'id="ctx-post-answered"(.*?)<div class="comment-text post-text" id="ctx-post">', html, re.S
    )
    assert m is not None, "no #ctx-post-answered on the page"
    return m.group(1)


def test_the_item_page_shows_the_text_the_comment_answered_when_the_post_was_edited(store: Store) -> None:
    archive_post(store, POST_V1)
    first = put(store, "c1", "Which detour do we take?", minute=1)
    archive_post(store, POST_V2)
    second = put(store, "c2", "Thanks for the update", minute=2)

    html = item_page(store, first)
    block = answered_block(html)
    assert 'data-version="1"' in block and EDITED in block
    assert V1_ESCAPED in block and "<b>Lohman" not in html  # escaped, like every text
    assert "version 2" in block  # what the post says now follows, in #ctx-post
    assert V2_ESCAPED in re.search(r'id="ctx-post">(.*?)</div>', html, re.S).group(1)  # type: ignore[union-attr]

    block = answered_block(item_page(store, second))
    assert 'data-version="2"' in block and EDITED not in block
    assert "answered the post's current text (version 2)" in block
    assert V1_ESCAPED not in block


def test_a_post_never_edited_shows_no_version_note(store: Store) -> None:
    archive_post(store, POST_V1)
    html = item_page(store, put(store, "c1", "Which detour do we take?", minute=1))
    assert 'id="ctx-post-answered"' not in html and EDITED not in html
    assert V1_ESCAPED in html


def test_a_comment_archived_before_its_post_says_the_version_is_not_known(store: Store) -> None:
    vid = put(store, "c1", "Which detour do we take?", minute=1)
    archive_post(store, POST_V1)
    archive_post(store, POST_V2)
    block = answered_block(item_page(store, vid))
    assert "is not known" in block and EDITED not in block and "data-version" not in block


# -- export ----------------------------------------------------------------------------------------------


def test_the_export_carries_each_comment_versions_post_version(store: Store) -> None:
    archive_post(store, POST_V1)
    put(store, "c1", "Which detour do we take?", minute=1)
    archive_post(store, POST_V2)
    put(store, "c2", "Thanks for the update", minute=2)
    put(store, "c3", "What happened here?", minute=3, post_id="p-gone")
    dates = parse_range("2026-12-01", "2026-12-01")

    doc = json.loads(export_text(store, dates, "json", actor="test")[0])
    by_id = {c["comment_id"]: c for c in doc["comments"]}
    assert {cid: [v["post_version"] for v in c["versions"]] for cid, c in by_id.items()} == {
        "c1": [1],
        "c2": [2],
        "c3": [None],
    }
    assert (
        by_id["c1"]["post_version"] == 2 and by_id["c1"]["post_text"] == POST_V2
    )  # the post's latest, as before

    rows = list(csv.DictReader(io.StringIO(export_text(store, dates, "csv", actor="test")[0])))
    about_version = {
        (r["comment_id"], r["record"]): (r["post_version"], r["post_text"], r["post_text_sha256"])
        for r in rows
        if r["record"] in ("version", "verdict")
    }
    for record in ("version", "verdict"):
        # the rows about a comment version carry the post as that version answered it
        assert about_version[("c1", record)] == ("1", POST_V1, text_sha256(POST_V1))
        assert about_version[("c2", record)] == ("2", "'" + POST_V2, text_sha256(POST_V2))
        assert about_version[("c3", record)] == ("", "", "")
