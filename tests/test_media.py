"""Archiving comments' media: the sandboxes' real PNG/GIF bytes stored by SHA-256 through a real poll cycle,
the host allow-list, sniffing, size cap, redirects, the per-cycle budget, retries, and the records export
listing every medium (and, with media, holding the files whose hashes match)."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.config import PageConfig
from bot.domain import Comment, Media, MediaKind, Platform
from bot.export import DateRange, collect_records, export_with_media
from bot.media import HostRules, MediaArchiver, MediaLimits, MediaRefused, fetch_medium, sniff
from bot.moderation import Moderator
from bot.pipeline import Pipeline
from bot.platforms import make_connector
from bot.policy import load_policy
from bot.sandbox import media as sandbox_media
from bot.sandbox.sandbox import Sandbox
from bot.store import Store
from bot.store import media as store_media
from tests.test_daemon import POLICY, KeywordScorer

PLATFORMS = ("facebook", "x", "reddit")


def _served(sb: Sandbox, platform: str, path: str) -> bytes:
    return requests.get(sb.base_url(platform).rstrip("/") + path, timeout=5).content


def test_sandbox_serves_real_png_gif_and_a_poster_frame() -> None:
    png = sandbox_media.png("a.png")
    gif = sandbox_media.gif("b.gif")
    assert sniff(png) == "image/png" and sniff(gif) == "image/gif"
    assert png != sandbox_media.png("other.png")  # each medium its own bytes
    assert sandbox_media.poster_of("/_sandbox/media/ab12.mp4") == "/_sandbox/media/ab12-poster.png"
    assert sniff(sandbox_media.mp4("c.mp4")) == "video/mp4"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_cycle_archives_each_medium_by_sha256(platform: str, store: Store) -> None:
    def seed(sb: Sandbox) -> None:
        post = sb.insert_post(platform, "Road closed on Lohman", created=time.time() - 600)
        sb.insert_comment(
            platform, post.id, "look at this", author="Ann", media=["photo"], created=time.time() - 300
        )
        sb.insert_comment(
            platform, post.id, "and this", author="Bo", media=["gif"], created=time.time() - 200
        )

    sb = Sandbox.start(seed=seed, platforms=(platform,))
    try:
        page = sb.page_config(platform)
        pipeline = Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer()))
        report = pipeline.run_cycle(page, make_connector(page, sb.environ))
        assert report.media.queued >= 2 and report.media.stored >= 2, report.media
        rows = store._query("SELECT * FROM comment_media WHERE status = 'stored'")
        kinds = {r["kind"] for r in rows}
        assert {"photo", "gif"} <= kinds
        for r in rows:
            data, ctype = store_media.blob(store, r["sha256"]) or (b"", "")
            assert hashlib.sha256(data).hexdigest() == r["sha256"]
            assert ctype in ("image/png", "image/gif") and ctype == r["content_type"]
            # the same bytes the sandbox serves at that address
            assert requests.get(r["url"], timeout=5).content == data
        # a second cycle fetches nothing again
        again = pipeline.run_cycle(page, make_connector(page, sb.environ), recheck=True)
        assert again.media.stored == 0 and store_media.media_counts(store).get("pending", 0) == 0
    finally:
        sb.stop()


def test_a_video_keeps_its_poster_frame(store: Store) -> None:
    def seed(sb: Sandbox) -> None:
        post = sb.insert_post("facebook", "Parade today", created=time.time() - 600)
        sb.insert_comment(
            "facebook", post.id, "video of it", author="Cy", media=["video"], created=time.time() - 60
        )

    sb = Sandbox.start(seed=seed, platforms=("facebook",))
    try:
        page = sb.page_config("facebook")
        Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer())).run_cycle(
            page, make_connector(page, sb.environ)
        )
        rows = {r["role"]: r for r in store._query("SELECT * FROM comment_media")}
        assert rows["preview"]["status"] == "stored" and rows["preview"]["content_type"] == "image/png"
        assert rows["preview"]["url"].endswith("-poster.png")
        assert rows["media"]["status"] == "stored" and rows["media"]["content_type"] == "video/mp4"
    finally:
        sb.stop()


# -- the rules: hosts, types, size, redirects, budget ----------------------------------------------------


class MediaHandler(BaseHTTPRequestHandler):
    """A loopback server with an endpoint per way fetching a medium can go wrong."""

    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        MediaHandler.hits[self.path] = MediaHandler.hits.get(self.path, 0) + 1
        png = sandbox_media.png(self.path)
        port = self.server.server_address[1]
        if self.path == "/ok.png":
            self._send(200, png, "image/png")
        elif self.path == "/svg":
            self._send(
                200, b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/png"
            )
        elif self.path == "/html":
            self._send(200, b"<html><body>hello</body></html>", "image/jpeg")
        elif self.path == "/big":
            self._send(200, png + b"\0" * 50_000, "image/png")
        elif self.path == "/same-host-redirect":
            self._send(302, b"", "text/plain", {"Location": "/ok.png"})
        elif self.path == "/other-host-redirect":
            self._send(302, b"", "text/plain", {"Location": f"http://localhost:{port}/ok.png"})
        elif self.path == "/flaky":
            status = 503 if MediaHandler.hits[self.path] == 1 else 200
            self._send(status, png if status == 200 else b"busy", "image/png")
        elif self.path.startswith("/slow"):
            time.sleep(1.5)
            self._send(200, png, "image/png")
        elif self.path == "/gone":
            self._send(404, b"no", "text/plain")
        else:
            self._send(404, b"no", "text/plain")


@pytest.fixture
def media_server() -> Iterator[str]:
    MediaHandler.hits = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), MediaHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _rules(netloc: str) -> HostRules:
    return HostRules(platform=Platform.FACEBOOK, suffixes=("fbcdn.net",), sandbox_netloc=netloc)


def _fetch(url: str, rules: HostRules, limits: MediaLimits | None = None) -> tuple[bytes, str]:
    with requests.Session() as s:
        return fetch_medium(s, url, rules, limits or MediaLimits(), time.monotonic() + 10)


def test_only_the_platforms_media_hosts_over_https_and_never_a_private_address() -> None:
    public = HostRules(
        platform=Platform.FACEBOOK, suffixes=("fbcdn.net",), resolve=lambda host, port: ["157.240.1.1"]
    )
    public.check("https://scontent-ams4-1.xx.fbcdn.net/v/t39/p.jpg")  # allowed
    for url, why in [
        ("https://www.facebook.com/photo.php?fbid=1", "not one of facebook's media hosts"),
        ("https://evilfbcdn.net/p.jpg", "not one of facebook's media hosts"),
        ("http://scontent.xx.fbcdn.net/p.jpg", "not HTTPS"),
        ("https://user:pw@scontent.xx.fbcdn.net/p.jpg", "credentials"),
        ("https://scontent.xx.fbcdn.net:8443/p.jpg", "port 8443"),
    ]:
        with pytest.raises(MediaRefused, match=why):
            public.check(url)
    for address in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "192.168.0.4"):
        rebound = HostRules(
            platform=Platform.FACEBOOK, suffixes=("fbcdn.net",), resolve=lambda h, p, a=address: [a]
        )
        with pytest.raises(MediaRefused, match="non-public address"):
            rebound.check("https://scontent.xx.fbcdn.net/p.jpg")


def test_sandbox_mode_allows_the_sandbox_host_and_nothing_else() -> None:
    sb = Sandbox.start(platforms=("facebook",))
    try:
        rules = HostRules.for_page(sb.page_config("facebook"))
        netloc = sb.base_url("facebook").split("//", 1)[1].rstrip("/")
        assert rules.sandbox_netloc == netloc
        rules.check(f"http://{netloc}/_sandbox/media/x.png")
        with pytest.raises(MediaRefused, match="sandbox's own host"):
            rules.check("https://scontent.xx.fbcdn.net/p.jpg")
        with pytest.raises(MediaRefused, match="sandbox's own host"):
            rules.check("http://127.0.0.1:1/_sandbox/media/x.png")
    finally:
        sb.stop()


def test_sniffed_type_size_cap_and_redirects(media_server: str) -> None:
    rules = _rules(media_server)
    base = f"http://{media_server}"
    data, ctype = _fetch(f"{base}/ok.png", rules)
    assert ctype == "image/png" and sniff(data) == "image/png"
    with pytest.raises(MediaRefused, match="not a PNG"):
        _fetch(f"{base}/svg", rules)  # declared image/png; the bytes are SVG
    with pytest.raises(MediaRefused, match="not a PNG"):
        _fetch(f"{base}/html", rules)
    with pytest.raises(MediaRefused, match="too large"):
        _fetch(f"{base}/big", rules, MediaLimits(max_bytes=10_000))
    assert _fetch(f"{base}/same-host-redirect", rules)[1] == "image/png"
    with pytest.raises(MediaRefused, match="another host"):
        _fetch(f"{base}/other-host-redirect", rules)
    assert "/ok.png" in MediaHandler.hits and MediaHandler.hits.get("/ok.png", 0) == 2  # never via localhost


def _comment(uid_n: int, *urls: str) -> Comment:
    return Comment(
        platform=Platform.FACEBOOK,
        page_id="p1",
        post_id="post1",
        id=f"c{uid_n}",
        text="see",
        created_at=datetime.now(UTC),
        media=tuple(Media(MediaKind.PHOTO, u) for u in urls),
    )


def _page(netloc: str) -> PageConfig:
    """A page whose base_url is the test server: in sandbox mode, its media host is that server."""
    return PageConfig(
        name="test", platform=Platform.FACEBOOK, page_id="p1", credential_env={}, base_url=f"http://{netloc}"
    )


def test_failures_are_recorded_and_retried_and_the_budget_bounds_a_cycle(
    media_server: str, store: Store
) -> None:
    base = f"http://{media_server}"
    store.archive_comments([_comment(1, f"{base}/flaky"), _comment(2, f"{base}/gone", f"{base}/svg")])
    limits = MediaLimits(cycle_budget_seconds=2.0, retry_base_seconds=0.0)
    archiver = MediaArchiver(store, limits)
    archiver.queue([_comment(1, f"{base}/flaky"), _comment(2, f"{base}/gone", f"{base}/svg")])
    first = archiver.archive_due(_page(media_server))
    assert (first.stored, first.failed, first.refused) == (0, 1, 2)
    status = {r["url"].rsplit("/", 1)[1]: r for r in store._query("SELECT * FROM comment_media")}
    assert status["flaky"]["status"] == "failed" and "503" in status["flaky"]["error"]
    assert status["gone"]["status"] == "refused" and "gone" in status["gone"]["error"]
    second = archiver.archive_due(_page(media_server))
    assert second.stored == 1 and second.refused == 0  # the refused are not tried again
    assert MediaHandler.hits["/gone"] == 1 and MediaHandler.hits["/svg"] == 1

    # Slow media: the cycle stops at its budget; what is left waits for the next cycle.
    slow = [_comment(10 + n, f"{base}/slow{n}") for n in range(5)]
    store.archive_comments(slow)
    archiver.queue(slow)
    tight = MediaArchiver(store, MediaLimits(cycle_budget_seconds=1.0, timeout_seconds=5.0))
    started = time.monotonic()
    report = tight.archive_due(_page(media_server))
    assert time.monotonic() - started < 1.6
    assert report.stored == 0 and report.failed == 1  # one try cut off at the budget, recorded to retry
    assert store_media.media_counts(store)["pending"] == 4


# -- the records export ---------------------------------------------------------------------------------


def test_records_export_lists_every_medium_and_with_media_holds_matching_files(
    store: Store, tmp_path: Path
) -> None:
    def seed(sb: Sandbox) -> None:
        post = sb.insert_post("facebook", "Parade today", created=time.time() - 600)
        sb.insert_comment(
            "facebook", post.id, "photo", author="Di", media=["photo"], created=time.time() - 60
        )
        sb.insert_comment(
            "facebook", post.id, "video", author="Ed", media=["video"], created=time.time() - 50
        )
        sb.insert_comment("facebook", post.id, "link", author="Fi", media=["link"], created=time.time() - 40)

    sb = Sandbox.start(seed=seed, platforms=("facebook",))
    try:
        page = sb.page_config("facebook")
        Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer())).run_cycle(
            page, make_connector(page, sb.environ)
        )
    finally:
        sb.stop()
    today = datetime.now(UTC).date()
    dates = DateRange(today, today)
    records = {r["versions"][0]["text"]: r for r in collect_records(store, dates)}
    listed = [m for r in records.values() for m in r["media"]]
    assert len(listed) == 3  # the photo, the video and its poster frame; a link is not a medium
    assert all(m["status"] == "stored" and len(m["sha256"]) == 64 for m in listed)
    assert records["link"]["media"] == []

    out = tmp_path / "records.zip"
    assert export_with_media(store, dates, "json", out, actor="test") == 3
    with zipfile.ZipFile(out) as archive:
        doc = json.loads(archive.read("records.json"))
        sums = dict(line.split("  ")[::-1] for line in archive.read("media/SHA256SUMS").decode().splitlines())
        exported = [m for c in doc["comments"] for m in c["media"]]
        assert {m["sha256"] for m in exported} == {m["sha256"] for m in listed}
        for m in exported:
            data = archive.read(m["file"])
            assert hashlib.sha256(data).hexdigest() == m["sha256"] == sums[m["file"].removeprefix("media/")]
    audit = store.audit_rows(limit=5)[0]
    assert audit["event"] == "records_exported" and json.loads(audit["details"])["media_files"] == 3

    text = io.StringIO()
    from bot.export import write_csv

    write_csv(collect_records(store, dates), text)
    medium_rows = [line for line in text.getvalue().splitlines() if ",medium," in line]
    assert len(medium_rows) == 3 and all(m["sha256"] in text.getvalue() for m in listed)
