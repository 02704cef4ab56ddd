"""Archiving comments' photos, GIFs and videos: which hosts a page's media may come from, what the bytes
are (sniffed, never taken from a header), and fetching them within a per-cycle time budget.

A medium is fetched only from an address the platform gave, on that platform's media hosts, over HTTPS,
never from a private or loopback address, never through a redirect to another host. A page pointed at a
sandbox (its base_url is not the platform's) takes media from the sandbox's own host and nowhere else.
Failures are recorded (bot.store.media) and retried by later cycles with backoff; nothing here raises
into a poll cycle, and no cycle spends more than `MediaLimits.cycle_budget_seconds` on media.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from bot.config import DEFAULT_BASE_URLS, PageConfig
from bot.domain import Comment, Platform
from bot.store import Store
from bot.store import media as store_media

log = logging.getLogger(__name__)

# Each platform's media hosts (a name or any subdomain of it), where its API's media URLs point.
MEDIA_HOSTS: dict[Platform, tuple[str, ...]] = {
    Platform.FACEBOOK: ("fbcdn.net",),
    Platform.INSTAGRAM: ("cdninstagram.com", "fbcdn.net"),
    Platform.X: ("pbs.twimg.com", "video.twimg.com"),
    Platform.REDDIT: ("i.redd.it", "preview.redd.it", "external-preview.redd.it"),
}
# What may be archived, by its first bytes. SVG and HTML (script carriers) are never among them.
CONTENT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "video/mp4")
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
}
MAX_REDIRECTS = 3


@dataclass(kw_only=True, frozen=True)
class MediaLimits:
    """How much a page's media may cost: bytes per file, seconds per request and per cycle, retries."""

    max_bytes: int = 10 * 1024 * 1024
    timeout_seconds: float = 5.0
    cycle_budget_seconds: float = 3.0
    max_per_cycle: int = 25
    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 6 * 3600.0
    max_attempts: int = 8


class MediaRefused(Exception):
    """This address can never be archived as given: not allowed, not an image, too large, or gone."""


class MediaUnavailable(Exception):
    """This try failed in a way that may pass (timeout, connection error, 5xx, rate limit): retry later."""


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves declare, if it is one that may be archived."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    return None


def _host_matches(host: str, suffixes: Iterable[str]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


@dataclass(kw_only=True, frozen=True)
class HostRules:
    """Where one page's media may come from."""

    platform: Platform
    suffixes: tuple[str, ...]
    sandbox_netloc: str | None = None  # host:port of the page's sandbox (sandbox mode only)
    resolve: Callable[[str, int], list[str]] = field(default=lambda host, port: _resolve(host, port))

    @classmethod
    def for_page(cls, page: PageConfig) -> HostRules:
        base = page.base_url.rstrip("/")
        sandbox = None if base == DEFAULT_BASE_URLS[page.platform].rstrip("/") else urlsplit(base).netloc
        return cls(
            platform=page.platform, suffixes=MEDIA_HOSTS[page.platform], sandbox_netloc=sandbox or None
        )

    def check(self, url: str) -> None:
        """Raise MediaRefused unless `url` is one this page's platform may have given."""
        parts = urlsplit(url)
        if parts.username or parts.password:
            raise MediaRefused("the address carries credentials")
        if self.sandbox_netloc is not None:
            if parts.scheme not in ("http", "https") or parts.netloc != self.sandbox_netloc:
                raise MediaRefused(f"not the sandbox's own host ({self.sandbox_netloc})")
            return
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme != "https":
            raise MediaRefused(f"not HTTPS ({parts.scheme or 'no scheme'})")
        if not _host_matches(host, self.suffixes):
            raise MediaRefused(f"host {host or '(none)'} is not one of {self.platform.value}'s media hosts")
        try:
            port = parts.port or 443
        except ValueError:
            raise MediaRefused("the address has a bad port") from None
        if port != 443:
            raise MediaRefused(f"port {port} is not HTTPS's")
        for address in self.resolve(host, port):
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not ip.is_global:
                raise MediaRefused(f"host {host} resolves to a non-public address ({ip})")


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise MediaUnavailable(f"cannot resolve {host}: {exc}") from None
    return sorted({str(info[4][0]) for info in infos})


def fetch_medium(
    session: requests.Session, url: str, rules: HostRules, limits: MediaLimits, deadline: float
) -> tuple[bytes, str]:
    """The bytes at `url` and their sniffed type, or MediaRefused / MediaUnavailable. Ends by `deadline`."""
    first_netloc = urlsplit(url).netloc
    for _ in range(MAX_REDIRECTS + 1):
        rules.check(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            raise MediaUnavailable("no time left in this cycle's media budget")
        timeout = min(limits.timeout_seconds, remaining)
        try:
            response = session.get(
                url,
                stream=True,
                allow_redirects=False,
                timeout=(timeout, timeout),
                headers={"Accept": "image/png,image/jpeg,image/gif,image/webp,video/mp4"},
            )
        except requests.RequestException as exc:
            raise MediaUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from None
        with response:
            if response.is_redirect:
                target = urljoin(url, response.headers.get("location", ""))
                if urlsplit(target).netloc != first_netloc:
                    raise MediaRefused(f"redirected to another host ({urlsplit(target).netloc or 'none'})")
                url = target
                continue
            return _read_body(response, limits, deadline)
    raise MediaRefused(f"more than {MAX_REDIRECTS} redirects")


def _read_body(response: requests.Response, limits: MediaLimits, deadline: float) -> tuple[bytes, str]:
    status = response.status_code
    if status in (404, 410):
        raise MediaRefused(f"gone on the platform (HTTP {status})")
    if status == 429 or status >= 500:
        raise MediaUnavailable(f"HTTP {status}")
    if status != 200:
        raise MediaRefused(f"HTTP {status}")
    declared = response.headers.get("content-type", "").lower()
    if "svg" in declared or "html" in declared or "xml" in declared:
        raise MediaRefused(f"declared as {declared.split(';')[0]}, which is never archived")
    length = response.headers.get("content-length")
    if length and length.isdigit() and int(length) > limits.max_bytes:
        raise MediaRefused(f"too large ({int(length)} bytes; the cap is {limits.max_bytes})")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limits.max_bytes:
                raise MediaRefused(f"too large (over the cap of {limits.max_bytes} bytes)")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise MediaUnavailable("took longer than this cycle's media budget")
    except requests.RequestException as exc:
        raise MediaUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from None
    data = b"".join(chunks)
    kind = sniff(data)
    if kind is None:
        raise MediaRefused(f"not a PNG, JPEG, GIF, WebP or MP4 (starts {data[:8]!r})")
    return data, kind


@dataclass(kw_only=True)
class MediaReport:
    """What one cycle's media step did."""

    queued: int = 0
    stored: int = 0
    failed: int = 0
    refused: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


class MediaArchiver:
    """Queues each fetched comment's media and archives what is due, page by page, within a time budget."""

    def __init__(
        self,
        store: Store,
        limits: MediaLimits | None = None,
        *,
        session_factory: Callable[[], requests.Session] = requests.Session,
        rules_for: Callable[[PageConfig], HostRules] = HostRules.for_page,
    ) -> None:
        self.store = store
        self.limits = limits or MediaLimits()
        self._session_factory = session_factory
        self._rules_for = rules_for

    def queue(self, comments: Iterable[Comment]) -> int:
        return store_media.queue_media(self.store, comments)

    def archive_due(self, page: PageConfig) -> MediaReport:
        """Fetch this page's due media until the budget is spent; the rest waits for the next cycle."""
        report = MediaReport()
        started = time.monotonic()
        deadline = started + self.limits.cycle_budget_seconds
        rows = store_media.due_media(
            self.store, page.platform.value, page.page_id, now=time.time(), limit=self.limits.max_per_cycle
        )
        if not rows:
            return report
        rules = self._rules_for(page)
        session = self._session_factory()
        session.trust_env = False  # no proxy or .netrc credentials from the environment sent to a CDN
        session.headers["User-Agent"] = "modbot-media-archiver"
        try:
            for row in rows:
                if time.monotonic() >= deadline - 0.05:
                    break
                self._archive_one(session, row, rules, deadline, report)
        finally:
            session.close()
        report.seconds = time.monotonic() - started
        if report.stored or report.failed or report.refused:
            log.info(
                "%s: media %d stored, %d to retry, %d refused in %.2fs",
                page.name, report.stored, report.failed, report.refused, report.seconds,
                extra={"page": page.name, "platform": page.platform.value},
            )  # fmt: skip
        return report

    def _archive_one(
        self,
        session: requests.Session,
        row: store_media.MediaRow,
        rules: HostRules,
        deadline: float,
        report: MediaReport,
    ) -> None:
        try:
            data, kind = fetch_medium(session, row.url, rules, self.limits, deadline)
        except MediaRefused as exc:
            store_media.record_failure(
                self.store, row, str(exc), permanent=True, next_attempt_at=None, give_up=False
            )
            report.refused += 1
            report.errors.append(f"{row.comment_uid} {row.url}: {exc}")
            return
        except MediaUnavailable as exc:
            attempt = row.attempts + 1
            delay = min(self.limits.retry_base_seconds * 2 ** (attempt - 1), self.limits.retry_max_seconds)
            store_media.record_failure(
                self.store,
                row,
                str(exc),
                permanent=False,
                next_attempt_at=time.time() + delay,
                give_up=attempt >= self.limits.max_attempts,
            )
            report.failed += 1
            report.errors.append(f"{row.comment_uid} {row.url}: {exc}")
            return
        store_media.record_stored(self.store, row, data, kind)
        report.stored += 1
