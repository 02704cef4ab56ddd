"""What the review app's blueprints share: the app's state and store, who may do what, the signed-in user
and the session record behind a sign-in, the CSRF check, security headers and safe redirect targets."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, g, redirect, request, session, url_for

from bot.store import Store
from bot.store.rows import UserRow
from bot.web.decisions import Decider
from bot.web.security import (
    CSRF_FORM_FIELD,
    CSRF_HEADER,
    HSTS,
    ROLES,
    SECURITY_HEADERS,
    LoginLimiter,
    csrf_problem,
    csrf_token,
    hash_fingerprint,
    safe_local_path,
)

log = logging.getLogger(__name__)

# Which roles may do what. Records staff read and export but never decide; only admins manage users.
CAN_DECIDE = ("moderator", "supervisor", "admin")
CAN_EXPORT = ("records", "admin")
CAN_ADMIN = ("admin",)

# Served without a sign-in (each of the probes and metrics answers for itself what it reveals).
PUBLIC_ENDPOINTS = {
    "auth.login",
    "static",
    "health.healthz",
    "health.readyz",
    "favicon",
    "metrics.metrics",  # its own check: admins and a scraper on this host
}

SESSION_HOURS = 12
DEFAULT_IDLE_MINUTES = 30.0
SESSION_ID_KEY = "sid"
SESSION_TOUCH_SECONDS = 30.0  # renew last_seen at most this often (a write per request is wasteful)

# SQLite's largest row id: a larger number in a URL names no item (404), not an overflow (500).
MAX_ROW_ID = 2**63 - 1


@dataclass(kw_only=True)
class WebState:
    store: Store
    decider: Decider
    links_live: bool
    limiter: LoginLimiter
    secret_generated: bool
    rule_titles: dict[str, str] = field(default_factory=dict)
    policy_dir: Path | None = None
    policy: Any = None  # the policy read at start, for explaining verdicts (the policy page re-reads it)
    closers: list[Callable[[], None]] = field(default_factory=list)
    page_names: dict[str, str] = field(default_factory=dict)  # page_id → the config's page name
    idle_seconds: float = 30 * 60.0  # a sign-in unused this long has ended
    hsts: bool = False  # served over HTTPS only (secure cookies): tell browsers never to use plain HTTP
    page_configs: tuple[Any, ...] = ()  # the configured pages (the health page lists them)


def state() -> WebState:
    """The running app's WebState (create_app puts it in the app's extensions)."""
    return current_app.extensions["modbot"]  # type: ignore[no-any-return]


def requires(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view decorator: 403 unless the signed-in user has one of `roles`."""

    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if g.user is None or g.user["role"] not in roles:
                abort(403, description=f"This page is for: {', '.join(roles)}.")
            return view(*args, **kwargs)

        return inner

    return wrap


def client_addr() -> str:
    return request.remote_addr or "unknown"


def safe_next(target: str | None, default: str) -> str:
    """Only a same-origin relative path, normalised (see safe_local_path); anything else: `default`."""
    return safe_local_path(target) or default


def from_json(value: str | None, default: Any = None) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


# -- the session record behind a sign-in ---------------------------------------------------------------
def _now() -> float:
    """The clock sessions are timed by (a function, so tests can move it)."""
    return time.time()


def _session_id(token: object) -> str | None:
    """What the database knows a session by: the SHA-256 of the cookie's random token."""
    if not isinstance(token, str) or len(token) < 32:
        return None
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _live_session(st: WebState, name: str) -> bool:
    """Whether this request's session is still on record for `name`, neither idle nor too old; renews it."""
    sid = _session_id(session.get(SESSION_ID_KEY))
    row = st.store.web_session(sid) if sid else None
    if row is None or row["user"] != name:
        return False
    now = _now()
    if (
        now - float(row["last_seen"]) > st.idle_seconds
        or now - float(row["created_at"]) > SESSION_HOURS * 3600
    ):
        st.store.end_web_session(str(sid))
        return False
    if now - float(row["last_seen"]) >= SESSION_TOUCH_SECONDS:
        st.store.touch_web_session(str(sid), now)
    return True


def begin_session(user: UserRow, addr: str) -> None:
    """Sign `user` (a users row whose password was just checked) in: a new cookie and its database record."""
    st = state()
    session.clear()
    session.permanent = True
    now = _now()
    st.store.end_idle_web_sessions(now - st.idle_seconds, now - SESSION_HOURS * 3600)
    token = secrets.token_urlsafe(32)
    st.store.start_web_session(str(_session_id(token)), user["name"], now, addr)
    session[SESSION_ID_KEY] = token
    session["user"] = user["name"]
    session["fp"] = hash_fingerprint(user["password_hash"])
    csrf_token(session)  # a fresh token for the new session


def end_session() -> None:
    """Sign out: the database record goes first, so a copy of the cookie is worthless from now on."""
    sid = _session_id(session.get(SESSION_ID_KEY))
    if sid:
        state().store.end_web_session(sid)
    session.clear()


# -- request hooks: the current user, CSRF, headers --------------------------------------------------------
def load_user_and_check_csrf() -> Any:
    """Before every request: g.user from a live session, the CSRF token on every write, and a sign-in
    redirect (GET) or 401 for anything not public."""
    g.user = None
    name = session.get("user")
    if name:
        st = state()
        row = st.store.user(name)
        # A removed user, a changed password or a changed role ends the session at the next request;
        # so do logout and idleness, which only the server-side record knows about.
        if (
            row
            and hash_fingerprint(row["password_hash"]) == session.get("fp")
            and row["role"] in ROLES
            and _live_session(st, name)
        ):
            g.user = {"name": row["name"], "role": row["role"]}
        else:
            session.clear()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.form.get(CSRF_FORM_FIELD) or request.headers.get(CSRF_HEADER)
        problem = csrf_problem(session, sent)
        if problem is not None:
            log.warning(
                "review app: %s %s refused: CSRF token %s",
                request.method,
                request.path,
                "missing" if problem == 400 else "wrong",
            )
            abort(
                problem,
                description="The form's security token is missing or out of date. "
                "Reload the page and try again.",
            )
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.method == "GET":
            return redirect(
                url_for("auth.login", next=request.full_path if request.query_string else request.path)
            )
        abort(401)
    return None


def security_headers(response: Response) -> Response:
    """After every request: the security headers, HSTS when served over HTTPS, and no caching of pages."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if state().hsts:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
