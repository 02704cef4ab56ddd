"""Security plumbing for the review app: password hashes, CSRF tokens, login rate limits, safe links, headers."""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("moderator", "supervisor", "admin", "records")

# Strict by design: no inline script or style anywhere, nothing from another origin, never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def hash_fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash, kept in the session so a password change ends old sessions."""
    import hashlib

    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


# -- CSRF --------------------------------------------------------------------------------------------
CSRF_SESSION_KEY = "csrf"
CSRF_FORM_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token(session: MutableMapping[str, Any]) -> str:
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def csrf_problem(session: MutableMapping[str, Any], sent: str | None) -> int | None:
    """None when `sent` matches the session's token; else the HTTP status to refuse with (400 missing, 403 wrong)."""
    if not sent:
        return 400
    expected = session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not hmac.compare_digest(expected.encode(), sent.encode()):
        return 403
    return None


# -- login rate limit --------------------------------------------------------------------------------
class LoginLimiter:
    """Failed sign-ins in a sliding `window` of seconds: at most `max_failures` per (user, client address),
    and at most `max_address_failures` per address whatever the user names (a spray of names from one
    address is stopped too). A success clears only its own (user, address) count."""

    def __init__(
        self,
        *,
        max_failures: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_address_failures: int = 20,
    ) -> None:
        self.max_failures = max_failures
        self.max_address_failures = max_address_failures
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self.clock()
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] >= self.window:
            q.popleft()
        return q

    def _wait(self, q: deque[float], limit: int) -> float:
        if len(q) < limit:
            return 0.0
        return max(0.0, self.window - (self.clock() - q[-limit]))

    def retry_after(self, user: str, addr: str) -> float:
        """Seconds until another attempt is allowed; 0 when one is allowed now."""
        with self._lock:
            per_user = self._wait(self._recent((user.casefold(), addr)), self.max_failures)
            # The address bucket is keyed with an empty user name, which no account can have.
            per_addr = self._wait(self._recent(("", addr)), self.max_address_failures)
            return max(per_user, per_addr)

    def failed(self, user: str, addr: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent((user.casefold(), addr)).append(now)
            self._recent(("", addr)).append(now)
            # Bound memory under a spray of made-up names.
            if len(self._failures) > 10_000:
                for k in [k for k, q in self._failures.items() if not q][:5_000]:
                    del self._failures[k]

    def succeeded(self, user: str, addr: str) -> None:
        with self._lock:
            self._failures.pop((user.casefold(), addr), None)


# -- session key ---------------------------------------------------------------------------------------
MIN_SECRET_CHARS = 32
MIN_SECRET_BITS = 100.0


def secret_key_problem(secret: str) -> str | None:
    """Why `secret` is not fit to sign sessions (None when it is): too short, or too predictable.

    The estimate is the string's own symbol entropy (Shannon, per character, times its length): a random
    key of 32+ characters from any usual alphabet (hex, base64, token_urlsafe) scores well above
    MIN_SECRET_BITS; "a" * 32, 40 spaces or "abcd" repeated score near zero.
    """
    if len(secret) < MIN_SECRET_CHARS:
        return f"too short: use at least {MIN_SECRET_CHARS} random characters"
    if not secret.strip():
        return "only whitespace"
    counts: dict[str, int] = {}
    for ch in secret:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(secret)
    bits = -n * sum(c / n * math.log2(c / n) for c in counts.values())
    period = next((p for p in range(1, n // 2 + 1) if all(secret[i] == secret[i % p] for i in range(n))), n)
    if period < n:
        return f"too predictable (its first {period} character(s) repeated): generate a random one"
    if len(counts) < 10 or bits < MIN_SECRET_BITS:
        return (
            f"too predictable (about {bits:.0f} bits from {len(counts)} distinct characters; want "
            f"{MIN_SECRET_BITS:.0f}+): generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    return None


def is_loopback(host: str) -> bool:
    """Whether `host` (a bind address or name) only accepts connections from this machine."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


HSTS = "max-age=31536000; includeSubDomains"


# -- links -------------------------------------------------------------------------------------------
def safe_http_url(url: str | None) -> str | None:
    """`url` if it is a plain http(s) URL with a host; None for javascript:, data:, relative and odd URLs."""
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if any(ch in candidate for ch in "\x00\r\n\t<>\"' ") or len(candidate) > 2048:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


# Characters kept as they are when a local path is re-quoted (RFC 3986 pchar and "/"; "%" keeps escapes).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def safe_local_path(target: str | None) -> str | None:
    """`target` as a normalised same-origin relative path ("/queue?status=pending"), or None.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so "/\t/evil.example"
    and "/\\evil.example" are other sites; anything with a control character, whitespace or a backslash,
    a scheme, a host, or a path not starting with exactly one "/" is refused. What passes is re-quoted, so
    it can never split a header or carry markup.
    """
    if not target or not isinstance(target, str) or len(target) > 2048 or target.startswith("//"):
        return None
    if any(ch.isspace() or ch == "\\" or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    path = quote(parts.path, safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "?")
    return urlunsplit(("", "", path, query, ""))
