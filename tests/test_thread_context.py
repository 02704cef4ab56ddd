"""The item page's context, from the archive only: the post (when archived), the parent of a reply, the
nearest comments on the same post, the author's other comments on the page with their decisions, and the
same text from the same author on other pages as one "also on" group; unrelated comments stay out and
every text is escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Comment, Platform
from bot.store import Store
from bot.store import context as store_context
from bot.store import media as store_media
from bot.web import create_app
from tests.browser.seed import XSS_TEXT, verdict
from tests.conftest import login

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def put(
    store: Store,
    cid: str,
    text: str,
    *,
    minute: int,
    author: str | None = "ann",
    post: str = "p1",
    page: str = "lcpd",
    parent: str | None = None,
    judge: str | None = None,
    platform: Platform = Platform.FACEBOOK,
) -> int | None:
    c = Comment(
        platform=platform,
        page_id=page,
        post_id=post,
        id=cid,
        text=text,
        created_at=T0 + timedelta(minutes=minute),
        author_id=f"id-{author}" if author else None,
        author_name=author.title() if author else None,
        parent_id=parent,
        raw={"id": cid},
    )
    archived = store.archive_comment(c)
    if judge is None:
        return None
    return store.record_verdict(c.uid, archived.version, verdict(judge))


def section(html: str, ident: str) -> str:
    m = re.search(rf'id="{ident}"(.*?)(?:</ul>|</p>)', html, re.S)
    assert m is not None, f"no #{ident} on the page"
    return m.group(1)


def item_page(store: Store, verdict_id: int) -> str:
    client = create_app(store).test_client()
    assert login(client).status_code == 302
    r = client.get(f"/item/{verdict_id}")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_parent_post_and_nearest_comments_in_the_thread(store: Store) -> None:
    put(store, "top", "Where was the road closed?", minute=0, author="bob", judge="allow")
    for i in range(1, 8):  # seven before the item, at minutes 1..7
        put(store, f"b{i}", f"before number {i}", minute=i, author="cy")
    vid = put(store, "it", "you all deserve it", minute=10, parent="top", judge="flag")
    for i in range(1, 8):  # seven after, at minutes 11..17
        put(store, f"a{i}", f"after number {i}", minute=10 + i, author="cy")
    put(store, "other-post", "comment on another post", minute=10, post="p2", author="cy")
    put(store, "other-plat", "same post id, other platform", minute=10, platform=Platform.REDDIT)
    assert vid is not None

    html = item_page(store, vid)
    assert "The post's text is not archived" in section(html, "ctx-post")
    parent = section(html, "ctx-parent")
    assert "Where was the road closed?" in parent and "Bob" in parent and "allow" in parent

    thread = section(html, "ctx-thread")
    listed = re.findall(r"(before|after) number (\d)", thread)
    # the five nearest on each side, in time order, the item itself between them
    assert listed == [("before", str(i)) for i in range(3, 8)] + [("after", str(i)) for i in range(1, 6)]
    assert thread.index("before number 7") < thread.index("this comment") < thread.index("after number 1")
    assert "another post" not in html and "other platform" not in html

    store_media.archive_posts(
        store,
        [
            store_media.PostText(
                platform="facebook", page_id="lcpd", post_id="p1", text="Road closed on Lohman <b>today</b>"
            )
        ],
    )
    post = section(item_page(store, vid), "ctx-post")
    assert "Road closed on Lohman &lt;b&gt;today&lt;/b&gt;" in post and "<b>today" not in post


def test_a_reply_whose_parent_is_not_archived_says_so(store: Store) -> None:
    vid = put(store, "r1", "reply to a missing parent", minute=0, parent="gone", judge="flag")
    assert vid is not None
    assert "Comment gone is not archived." in section(item_page(store, vid), "ctx-parent")
    top = put(store, "t1", "top level", minute=1, judge="flag")
    assert top is not None
    assert 'id="ctx-parent"' not in item_page(store, top)


def test_the_authors_other_comments_on_the_page_with_their_decisions(store: Store) -> None:
    kept = put(store, "k", "first one, kept up", minute=0, post="p0", judge="flag")
    confirmed = put(store, "h", "second one, hidden", minute=1, post="p2", judge="hide")
    put(store, "n", "third one, never judged", minute=2, post="p3")
    put(store, "x", "someone else on the page", minute=3, post="p2", author="dee", judge="flag")
    put(store, "y", "ann on another page", minute=4, page="other", judge="flag")
    vid = put(store, "it", "the item itself", minute=5, judge="flag")
    assert kept and confirmed and vid
    store.record_review("facebook:k", kept, "mia", "keep")
    store.record_review("facebook:h", confirmed, "ada", "confirm", "clear threat")

    html = item_page(store, vid)
    by_author = section(html, "ctx-author")
    rows = re.findall(r'data-uid="([^"]+)"(.*?)</li>', by_author, re.S)
    assert [uid for uid, _ in rows] == ["facebook:n", "facebook:h", "facebook:k"]  # newest first
    body = dict(rows)
    assert "review kept" in body["facebook:k"] and "(keep by mia)" in body["facebook:k"]
    assert "bot: <b>hide</b>" in body["facebook:h"] and "review confirmed" in body["facebook:h"]
    assert "(confirm by ada)" in body["facebook:h"]
    assert f'href="/item/{confirmed}"' in body["facebook:h"]
    assert "not judged" in body["facebook:n"]
    assert "someone else" not in by_author and "another page" not in by_author

    rows_, total = store_context.author_on_page(store, store.review_item(vid) or {}, limit=2)
    assert [r["uid"] for r in rows_] == ["facebook:n", "facebook:h"] and total == 3


def test_the_same_text_on_other_pages_is_one_also_on_group(store: Store) -> None:
    text = "Call 555-0101 for the officer's home address"
    vid = put(store, "it", text, minute=10, judge="flag")
    put(store, "e1", text, minute=1, page="eastside")
    east = put(store, "e2", text, minute=2, page="eastside", post="p9", judge="hide")
    put(store, "w1", text, minute=3, page="westside")
    put(store, "s1", text, minute=4, page="southside", author="dee")  # another author
    put(store, "s2", "Call 555-0102 for the officer's home address", minute=5, page="northside")  # other text
    put(store, "s3", text, minute=6, page="reddit-page", platform=Platform.REDDIT)  # another platform
    assert vid is not None

    also = section(item_page(store, vid), "ctx-also-on")
    pages = re.findall(r'<span class="also-page"><bdi>([^<]+)</bdi> \((\d+)×', also)
    assert pages == [("westside", "1"), ("eastside", "2")]
    assert f'href="/item/{east}"' in also
    for other in ("southside", "northside", "reddit-page"):
        assert other not in also

    alone = put(store, "solo", "nobody else wrote this", minute=20, judge="flag")
    assert alone is not None and 'id="ctx-also-on"' not in item_page(store, alone)


def test_one_text_in_other_case_spacing_punctuation_accents_and_emoji_is_one_group(store: Store) -> None:
    vid = put(
        store,
        "it",
        "The officer on Lohman is a liar. Share: https://t.example/x?id=4&utm_source=fb",
        minute=9,
        judge="flag",
    )
    put(
        store,
        "e1",
        "the OFFICER on lohman   is a LIAR!!! 😡😡 share https://t.example/x?id=4&fbclid=Ab",
        minute=1,
        page="eastside",
    )
    put(
        store,
        "e2",
        "The officer on Lohmán is a liar… Share: https://t.example/x?id=4",
        minute=2,
        page="eastside",
    )
    put(
        store,
        "w1",
        "The officer on Lohman is a liar.\n\nShare: https://t.example/x?id=4",
        minute=3,
        page="westside",
    )
    put(
        store,
        "n1",
        "The officer on Lohman is not a liar. Share: https://t.example/x?id=4",
        minute=4,
        page="northside",
    )
    put(
        store,
        "n2",
        "The officer on Lohman is a liar. Share: https://t.example/x?id=5",
        minute=5,
        page="northside",
    )
    put(
        store,
        "d1",
        "the officer on lohman is a liar share https://t.example/x?id=4",
        minute=6,
        page="southside",
        author="dee",
    )
    assert vid is not None

    also = section(item_page(store, vid), "ctx-also-on")
    pages = re.findall(r'<span class="also-page"><bdi>([^<]+)</bdi> \((\d+)×', also)
    # one group per page, newest first; a word or a link's own parameter changed is another text, and
    # another author's copy is not the author's
    assert pages == [("westside", "1"), ("eastside", "2")]
    assert "northside" not in also and "southside" not in also


def test_emoji_only_comments_match_only_when_identical(store: Store) -> None:
    vid = put(store, "it", "👍👍", minute=9, judge="flag")
    put(store, "a1", "😡😡", minute=1, page="eastside")
    put(store, "a2", "!!!", minute=2, page="westside")
    assert vid is not None and 'id="ctx-also-on"' not in item_page(store, vid)
    put(store, "a3", "👍👍", minute=3, page="northside")
    pages = re.findall(r"<bdi>([^<]+)</bdi> \(", section(item_page(store, vid), "ctx-also-on"))
    assert pages == ["northside"]


def test_html_in_context_comments_is_escaped(store: Store) -> None:
    put(store, "top", XSS_TEXT, minute=0, author="mal")
    put(store, "sib", XSS_TEXT, minute=1, author="ann", page="lcpd", post="p1")
    put(store, "far", XSS_TEXT, minute=2, author="ann", page="elsewhere")
    vid = put(store, "it", XSS_TEXT, minute=3, parent="top", judge="flag")
    assert vid is not None
    html = item_page(store, vid)
    context = html[html.index('id="context"') : html.index('class="panel history"')]
    assert "<script>" not in context and "<img src=x" not in context
    assert "&lt;script&gt;" in section(html, "ctx-parent")
    assert "&lt;script&gt;" in section(html, "ctx-thread")
    assert "elsewhere" in section(html, "ctx-also-on")
