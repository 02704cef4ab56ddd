"""The item page's archived media: a real poll cycle against the sandbox stores its PNG/GIF and a video's
poster frame; the review app serves them same-origin by SHA-256, inline and nosniff, only as an
allow-listed raster image (SVG refused), to signed-in moderators only, and still after the platform
removed the original."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests

from bot.moderation import Moderator
from bot.pipeline import Pipeline
from bot.platforms import make_connector
from bot.policy import load_policy
from bot.sandbox.sandbox import Sandbox
from bot.store import Store
from bot.store import media as store_media
from bot.web import create_app
from tests.browser.seed import add_users
from tests.conftest import login
from tests.test_daemon import POLICY, KeywordScorer

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

IMG_RE = re.compile(r'<img src="(/media/[0-9a-f]{64})"')


def _archive(store: Store, platform: str, media: list[str]) -> tuple[Sandbox, str]:
    def seed(sb: Sandbox) -> None:
        post = sb.insert_post(platform, "Road closed on Lohman", created=time.time() - 600)
        sb.insert_comment(
            platform, post.id, "look at this", author="Ann", media=media, created=time.time() - 60
        )

    sb = Sandbox.start(seed=seed, platforms=(platform,))
    page = sb.page_config(platform)
    Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer())).run_cycle(
        page, make_connector(page, sb.environ)
    )
    row = store._one("SELECT comment_uid FROM comment_media WHERE status = 'stored' LIMIT 1")
    assert row is not None
    return sb, row["comment_uid"]


def _verdict_id(store: Store, uid: str) -> int:
    row = store._one("SELECT id FROM verdicts WHERE comment_uid = ? ORDER BY id DESC LIMIT 1", (uid,))
    assert row is not None
    return int(row["id"])


@pytest.mark.parametrize(
    ("platform", "kind", "ctype"), [("facebook", "photo", "image/png"), ("reddit", "gif", "image/gif")]
)
def test_the_item_page_shows_the_archived_image_same_origin(
    store: Store, platform: str, kind: str, ctype: str
) -> None:
    sb, uid = _archive(store, platform, [kind])
    try:
        stored = store._one("SELECT url, sha256 FROM comment_media WHERE comment_uid = ?", (uid,))
        original = requests.get(stored["url"], timeout=5).content
        client = create_app(store).test_client()
        assert login(client).status_code == 302
        page = client.get(f"/item/{_verdict_id(store, uid)}")
        assert page.status_code == 200
        assert "img-src 'self';" in page.headers["Content-Security-Policy"]
        assert "data:" not in page.headers["Content-Security-Policy"]
        srcs = IMG_RE.findall(page.get_data(as_text=True))
        assert srcs == [f"/media/{stored['sha256']}"]
        r = client.get(srcs[0])
        assert r.status_code == 200
        assert r.data == original
        assert r.headers["Content-Type"] == ctype
        assert r.headers["Content-Disposition"] == "inline"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        sb.stop()


def test_a_video_shows_its_poster_frame_and_removed_media_stays_viewable(store: Store) -> None:
    sb, uid = _archive(store, "facebook", ["video"])
    rows = {r["role"]: r for r in store._query("SELECT * FROM comment_media WHERE comment_uid = ?", (uid,))}
    sb.stop()  # the platform (and its media host) is gone: the archive still serves the frame
    client = create_app(store).test_client()
    assert login(client).status_code == 302
    srcs = IMG_RE.findall(client.get(f"/item/{_verdict_id(store, uid)}").get_data(as_text=True))
    assert srcs == [f"/media/{rows['preview']['sha256']}"]
    frame = client.get(srcs[0])
    assert frame.status_code == 200 and frame.headers["Content-Type"] == "image/png"
    assert frame.data.startswith(b"\x89PNG")
    # the video itself is not served inline
    assert client.get(f"/media/{rows['media']['sha256']}").status_code == 415


def test_svg_and_html_are_refused_and_unknown_hashes_404(store: Store) -> None:
    sb, uid = _archive(store, "reddit", ["photo"])
    sb.stop()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    html = b"<html><script>alert(1)</script></html>"
    row = store_media.MediaRow(
        comment_uid=uid, url="https://example.invalid/a.svg", kind="photo", role="media", attempts=0
    )
    bad = [store_media.record_stored(store, row, svg, "image/svg+xml")]
    bad.append(store_media.record_stored(store, row, html, "text/html"))
    client = create_app(store).test_client()
    assert login(client).status_code == 302
    for digest in bad:
        r = client.get(f"/media/{digest}")
        assert r.status_code == 415 and b"<script>" not in r.data
    assert client.get("/media/" + "0" * 64).status_code == 404
    assert client.get("/media/not-a-hash").status_code == 404


def test_unauthenticated_and_non_moderators_are_refused(store: Store) -> None:
    sb, uid = _archive(store, "facebook", ["photo"])
    sb.stop()
    digest = store._one("SELECT sha256 FROM comment_media WHERE comment_uid = ?", (uid,))["sha256"]
    data = store_media.blob(store, digest)
    assert data is not None
    app = create_app(store)
    anon = app.test_client().get(f"/media/{digest}")
    assert anon.status_code in (302, 401) and data[0] not in anon.data
    records = app.test_client()
    assert login(records, "rex").status_code == 302
    r = records.get(f"/media/{digest}")
    assert r.status_code == 403 and data[0] not in r.data


def test_the_review_cli_applies_the_supervisor_rule_like_the_app(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import main
    from tests.browser.seed import seed_plain

    path = str(tmp_path / "cli.db")
    with Store(path) as s:
        add_users(s)
        ids = seed_plain(s)
    vid = str(ids["old_flag"])

    def run(*args: str) -> object:
        return CliRunner().invoke(main, ["review", vid, *args, "--db", path])

    assert run("--escalate", "--as", "mia").exit_code == 0  # type: ignore[attr-defined]
    refused = run("--keep", "--as", "mia")
    assert refused.exit_code == 1 and "supervisor decides" in refused.output  # type: ignore[attr-defined]
    assert run("--note", "seen", "--as", "mia").exit_code == 0  # type: ignore[attr-defined]
    with Store(path) as s:
        assert s.verdict(ids["old_flag"])["review_status"] == "escalated"
    assert run("--keep", "--as", "ada").exit_code == 0  # type: ignore[attr-defined]
    with Store(path) as s:
        assert s.verdict(ids["old_flag"])["review_status"] == "kept"
