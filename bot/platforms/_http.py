"""The one HTTP layer under every SDK: base-URL rewriting, timeouts, pacing, and secret scrubbing."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from bot.platforms.pacing import Pacer, RateInfo

# Loggers of the SDKs and their transport; some log URLs with tokens or request headers at DEBUG.
SDK_LOGGERS = (
    "urllib3",
    "tweepy",
    "prawcore",
    "praw",
    "facebook",
    "requests_oauthlib",
    "oauthlib",
    "requests",
)
# The module loggers known to log request details; named explicitly so that they are filtered even
# when created (imported) after the scrubber is installed.
KNOWN_SDK_LOGGERS = (
    "urllib3.connectionpool",
    "tweepy.client",
    "prawcore.sessions",
    "prawcore.auth",
    "prawcore.rate_limit",
    "requests_oauthlib.oauth1_auth",
    "oauthlib.oauth1.rfc5849",
    "oauthlib.oauth1.rfc5849.signature",
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_TOKEN_PARAM = re.compile(
    r"((?:access_token|client_secret|password|oauth_token|oauth_signature)=)[^&\s'\"]+", re.I
)
_AUTH_HEADER = re.compile(r"((?:bearer|basic|oauth)\s+)[A-Za-z0-9._~+/=%\-,\"]+", re.I)


def register_secret(value: str | None) -> None:
    """Remember a secret so that it is scrubbed from every SDK log line and every error message."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """The text with every known secret, token query parameter and Authorization value replaced."""
    text = _TOKEN_PARAM.sub(r"\1[redacted]", text)
    text = _AUTH_HEADER.sub(r"\1[redacted]", text)
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "[redacted]")
    return text


class SecretScrubber(logging.Filter):
    """Rewrites SDK log records so no token reaches any handler (tweepy logs its Authorization header)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


_scrubber = SecretScrubber()


def install_log_scrubber(prefixes: Iterable[str] = SDK_LOGGERS) -> None:
    """Attach the scrubber to the SDK loggers (filters do not inherit, so to each existing child too)."""
    names = set(prefixes) | set(KNOWN_SDK_LOGGERS)
    names.update(
        name
        for name in list(logging.Logger.manager.loggerDict)
        if any(name == p or name.startswith(p + ".") for p in prefixes)
    )
    for name in names:
        logger = logging.getLogger(name)
        if _scrubber not in logger.filters:
            logger.addFilter(_scrubber)


class PacedAdapter(HTTPAdapter):
    """Every request of one connector passes here: pacing first, then the base URL and timeout, then
    the rate-limit headers of the response."""

    def __init__(
        self,
        *,
        pacer: Pacer,
        rate_info: Callable[[Any, float], RateInfo],
        timeout: float,
        base_url: str | None = None,
        rewrite_from: str | None = None,
        strip_headers: tuple[str, ...] = (),
        bucket: Callable[[str, str], str] | None = None,
    ) -> None:
        super().__init__(pool_connections=2, pool_maxsize=4, max_retries=0)
        self.strip_headers = strip_headers
        self.bucket = bucket
        self.pacer = pacer
        self.rate_info = rate_info
        self.timeout = timeout
        self.base = urlsplit(base_url) if base_url else None
        self.rewrite_from = urlsplit(rewrite_from) if rewrite_from else None
        self.requests_sent = 0

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        bucket = self.bucket_of(request)
        self.pacer.before_request(bucket)
        if self.base is not None and request.url:
            url = urlsplit(request.url)
            if self.rewrite_from is None or url.netloc == self.rewrite_from.netloc:
                prefix = self.base.path.rstrip("/")
                request.url = urlunsplit(
                    (self.base.scheme, self.base.netloc, prefix + url.path, url.query, "")
                )
        # The page's timeout bounds every call, whatever the SDK passed (tweepy passes none).
        passed = kwargs.get("timeout")
        kwargs["timeout"] = self.timeout if not isinstance(passed, int | float) else min(passed, self.timeout)
        self.requests_sent += 1
        response = super().send(request, *args, **kwargs)
        now = self.pacer.clock()
        info = self.rate_info(response.headers, now)
        self.pacer.observe(info, bucket)
        if response.status_code == 429:
            self.pacer.block_until(
                info.reset_at if info.reset_at and info.reset_at > now else now + 60.0, bucket
            )
        for name in self.strip_headers:
            response.headers.pop(name, None)
        return response

    def bucket_of(self, request: requests.PreparedRequest) -> str:
        """The rate-limit bucket a request counts against ("" where the platform has one budget)."""
        if self.bucket is None:
            return ""
        return self.bucket(request.method or "GET", urlsplit(request.url or "").path)


def paced_session(
    pacer: Pacer,
    rate_info: Callable[[Any, float], RateInfo],
    timeout: float,
    *,
    base_url: str | None = None,
    rewrite_from: str | None = None,
    session: requests.Session | None = None,
    strip_headers: tuple[str, ...] = (),
    bucket: Callable[[str, str], str] | None = None,
) -> tuple[requests.Session, PacedAdapter]:
    """A requests session whose every request (http and https) goes through one PacedAdapter."""
    session = session or requests.Session()
    adapter = PacedAdapter(
        pacer=pacer,
        rate_info=rate_info,
        timeout=timeout,
        base_url=base_url,
        rewrite_from=rewrite_from,
        strip_headers=strip_headers,
        bucket=bucket,
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session, adapter
