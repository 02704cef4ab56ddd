"""The item page's context queries (bot.store.context) are answered from indexes, not by walking the archive:
each statement the real functions run is captured from the connection and put to `EXPLAIN QUERY PLAN`;
a database made before the indexes existed gets them on upgrade, with text_norm_sha256 back-filled (and its posts' texts as version 1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain import Comment, Platform
from bot.store import Store, text_sha256
from bot.store import context as store_context
from bot.store import media as store_media
from bot.store.textmatch import text_norm_sha256
from tests.browser.seed import verdict

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CONTEXT_INDEXES = {"comments_post", "comments_author", "comments_author_name", "comments_text"}


def judged_item(store: Store, *, author_id: str | None) -> dict[str, Any]:
    """A small archive (two pages, two posts, a few authors) and the review item of one judged comment."""
    comments = [
        Comment(
            platform=Platform.FACEBOOK,
            page_id="lcpd" if n % 3 else "eastside",
            post_id=f"p{n % 2}",
            id=f"c{n}",
            text=f"comment {n % 4}",
            created_at=T0 + timedelta(minutes=n),
            author_id=(author_id and f"id-{n % 3}") or None,
            author_name=f"Author {n % 3}",
            parent_id="c0" if n == 7 else None,
            raw={"id": n},
        )
        for n in range(12)
    ]
    store.archive_comments(comments)
    vid = store.record_verdict("facebook:c7", 1, verdict("flag"))
    item = store.review_item(vid)
    assert item is not None
    return item


def plans_of(store: Store, run: Callable[[], object]) -> list[tuple[str, list[str]]]:
    """Each statement `run` executes on the store's connection, with its query plan's lines."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        run()
    finally:
        store.conn.set_trace_callback(None)
    assert statements, "the function ran no query"
    return [(sql, [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]) for sql in statements]


def comments_access(plan: list[str]) -> str:
    """How the outer query reaches the comments table (alias c)."""
    found = [line for line in plan if re.match(r"(SEARCH|SCAN) c\b", line)]
    assert len(found) == 1, plan
    return found[0]


@pytest.mark.parametrize("author_id", ["id", None], ids=["by author id", "by author name only"])
def test_every_context_query_uses_an_index_on_what_it_asks(store: Store, author_id: str | None) -> None:
    item = judged_item(store, author_id=author_id)
    author_index = "comments_author" if author_id else "comments_author_name"
    author_key = "author_id=?" if author_id else "author_name=?"
    expected: list[tuple[str, Callable[[], object], str, list[str]]] = [
        (
            "thread",
            lambda: store_context.thread_neighbours(store, item),
            "comments_post",
            ["platform=?", "post_id=?", "(created_at,uid)"],
        ),
        (
            "author",
            lambda: store_context.author_on_page(store, item),
            author_index,
            [author_key, "platform=?", "page_id=?"],
        ),
        (
            "also on",
            lambda: store_context.same_text_elsewhere(store, item),
            "comments_text",
            ["text_norm_sha256=?", "platform=?", "author_id=?"],
        ),
        (
            "parent",
            lambda: store_context.parent_comment(store, "facebook", item["parent_id"]),
            "sqlite_autoindex_comments_1",
            ["uid=?"],
        ),
    ]
    for name, run, index, keys in expected:
        for sql, plan in plans_of(store, run):
            assert not [line for line in plan if line.startswith("SCAN")], (name, sql, plan)
            access = comments_access(plan)
            assert f"INDEX {index} (" in access, (name, access)
            for key in keys:
                assert key in access, (name, key, access)
    # and the queries still answer: the item's neighbours on post p1, its author's comments on the page
    before, after = store_context.thread_neighbours(store, item)
    assert [r["comment_id"] for r in before] == ["c1", "c3", "c5"] and [r["comment_id"] for r in after] == [
        "c9",
        "c11",
    ]
    rows, total = store_context.author_on_page(store, item)
    assert [r["comment_id"] for r in rows] == ["c10", "c4", "c1"] and total == 3


def test_a_database_from_before_the_indexes_gets_them_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Store(path, migrate=False)
    old.migrate(target=10)
    # Rows written by the version-10 code, before text_norm_sha256 existed.
    for n, text in enumerate(["Hello, WORLD!", "hello world", "goodbye world"]):
        old.conn.execute(
            "INSERT INTO comments (uid, version, platform, page_id, post_id, comment_id, author_id, text,"
            " text_sha256, created_at, raw, archived_at) VALUES (?, 1, 'reddit', 'r', 'p', ?, 'u', ?, ?, ?,"
            " '{}', 'x')",
            (f"reddit:{n}", str(n), text, text_sha256(text), f"2026-12-01T12:0{n}:00+00:00"),
        )
    old.conn.execute(
        "INSERT INTO posts (platform, post_id, page_id, text, text_sha256, archived_at)"
        " VALUES ('reddit', 'p', 'r', 'Parade moved to Sunday.', ?, '2026-12-01T12:00:00+00:00')",
        (text_sha256("Parade moved to Sunday."),),
    )
    names = {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert not CONTEXT_INDEXES & names
    old.close()

    upgraded = Store(path)
    names = {r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert names >= CONTEXT_INDEXES
    rows = upgraded._query("SELECT text, text_norm_sha256 FROM comments ORDER BY uid")
    assert [r["text_norm_sha256"] for r in rows] == [text_norm_sha256(r["text"]) for r in rows]
    assert rows[0]["text_norm_sha256"] == rows[1]["text_norm_sha256"] != rows[2]["text_norm_sha256"]
    # a comment archived now carries it too, and it matches the back-filled one
    upgraded.archive_comment(
        Comment(
            platform=Platform.REDDIT,
            page_id="r2",
            post_id="q",
            id="new",
            text="HELLO   world.",
            created_at=T0,
            author_id="u",
            raw={},
        )
    )
    latest = upgraded.latest_comment("reddit:new")
    assert latest is not None and latest["text_norm_sha256"] == rows[0]["text_norm_sha256"]
    # the post archived before versions were kept starts at version 1, with the text it has now
    assert [(v["version"], v["text"]) for v in store_media.post_versions(upgraded, "reddit", "p")] == [
        (1, "Parade moved to Sunday.")
    ]
    store_media.archive_posts(
        upgraded,
        [store_media.PostText(platform="reddit", page_id="r", post_id="p", text="Parade cancelled.")],
    )
    assert [v["version"] for v in store_media.post_versions(upgraded, "reddit", "p")] == [1, 2]
    assert upgraded.verify_audit()[1] == []
    upgraded.close()
