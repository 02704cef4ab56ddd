"""The moderators' review app (Flask, server-rendered): queue, item history, decisions, stats, export, users."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup

from bot.config import Settings
from bot.domain import parse_timestamp
from bot.export import ExportError, export_text, parse_range
from bot.paths import default_policy_dir
from bot.policy.explain import explain_matches, rule_thresholds
from bot.store import STATE_LABELS, Store
from bot.store.ops import assignments_for, next_in_queue
from bot.web.decisions import BULK_DECISIONS, DECISIONS, ConnectorPool, Decider, connector_lookup
from bot.web.followup import (
    after_escalate,
    escalation_notifier,
    item_followup,
    may_decide,
    register_followup_routes,
)
from bot.web.proxy import TrustedProxies, parse_networks
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
    hash_password,
    safe_http_url,
    safe_local_path,
    verify_password,
)
from bot.web.stats import build_stats, human_seconds

log = logging.getLogger(__name__)

# Which roles may do what. Records staff read and export but never decide; only admins manage users.
CAN_DECIDE = ("moderator", "supervisor", "admin")
CAN_EXPORT = ("records", "admin")
CAN_ADMIN = ("admin",)
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": ("pending", "escalated"),
    "pending": ("pending",),
    "escalated": ("escalated",),
    "reviewed": ("confirmed", "restored", "deleted", "kept"),
    "all": None,
}
PAGE_SIZE = 50


@dataclass
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
    from flask import current_app

    return current_app.extensions["modbot"]  # type: ignore[no-any-return]


def _read_policy(policy_dir: Path | None) -> Any:
    if policy_dir is None:
        return None
    from bot.policy import PolicyError, load_policy

    try:
        return load_policy(policy_dir)
    except (PolicyError, OSError) as exc:
        log.warning("review app: cannot read policy at %s for rule titles: %s", policy_dir, exc)
        return None


def create_app(
    source: Settings | Store | str | Path,
    *,
    connectors: Any = None,
    secret_key: str | None = None,
    links_live: bool | None = None,
    secure_cookies: bool = False,
    dry_run: bool | None = None,
    policy_dir: str | Path | None = None,
    limiter: LoginLimiter | None = None,
    idle_minutes: float | None = None,
    trusted_proxies: tuple[str, ...] | None = None,
    metrics: bool | None = None,
) -> Flask:
    """Build the review app.

    `source` is the Settings (database, pages, [web] options), an open Store, or a database path.
    `connectors` is a mapping "platform:page_id" → Connector, a lookup function (platform, page_id), or
    None: with Settings, connectors for the configured pages are built on first use.
    Without `secret_key` a random one is generated (sessions then end when the process does).
    A sign-in is a row in the database's web_sessions table as well as a signed cookie: it ends at logout,
    at a password change or account removal, after `idle_minutes` unused (default [web] idle_minutes, 30)
    and SESSION_HOURS after sign-in, whatever the cookie says.
    """
    settings = source if isinstance(source, Settings) else None
    closers: list[Callable[[], None]] = []
    if isinstance(source, Store):
        store = source
    elif isinstance(source, Settings):
        store = Store(source.db_path)
    else:
        store = Store(Path(source))
    if store is not source:
        closers.append(store.close)
    if connectors is None and settings is not None and settings.pages:
        pool = ConnectorPool(settings.pages)
        closers.append(pool.close)
        connectors = pool
    if links_live is None:
        links_live = settings.web.links_live if settings else False
    if dry_run is None:
        dry_run = settings.dry_run if settings else False
    if idle_minutes is None:
        idle_minutes = settings.web.idle_minutes if settings else DEFAULT_IDLE_MINUTES
    if policy_dir is None and settings is not None:
        policy_dir = settings.policy_dir
    if policy_dir is None:
        policy_dir = default_policy_dir()

    app = Flask(__name__)
    if trusted_proxies is None:
        trusted_proxies = settings.web.trusted_proxies if settings else ()
    if trusted_proxies:
        app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(trusted_proxies))  # type: ignore[method-assign]
    generated = secret_key is None
    if generated:
        log.warning("review app: using a random session key; sign-ins end when this process stops")
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_urlsafe(48),
        SESSION_COOKIE_NAME="modbot_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        MAX_CONTENT_LENGTH=1024 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    policy_obj = _read_policy(Path(policy_dir) if policy_dir else None)
    app.extensions["modbot"] = WebState(
        store=store,
        decider=Decider(store, connector_lookup(connectors), dry_run=dry_run),
        links_live=bool(links_live),
        limiter=limiter or LoginLimiter(),
        secret_generated=generated,
        rule_titles={r.id: r.title for r in policy_obj.rules} if policy_obj else {},
        policy_dir=Path(policy_dir) if policy_dir else None,
        policy=policy_obj,
        closers=closers,
        page_names={p.page_id: p.name for p in settings.pages} if settings else {},
        idle_seconds=float(idle_minutes) * 60.0,
        hsts=secure_cookies,
        page_configs=tuple(settings.pages) if settings else (),
    )
    app.extensions["modbot_notify"] = escalation_notifier(store, settings)
    _register_filters(app)
    _register_hooks(app)
    _register_routes(app)
    register_followup_routes(app, requires, CAN_DECIDE, CAN_ADMIN)
    from bot.web.item_context import register_item_context

    register_item_context(app, CAN_DECIDE)
    from bot.web.metrics import register_metrics

    if metrics is None:
        metrics = settings.web.metrics if settings else False
    register_metrics(app, store, metrics)
    return app


def close_app(app: Flask) -> None:
    """Release what create_app opened (its own Store, connectors)."""
    for close in reversed(app.extensions["modbot"].closers):
        close()


# -- template helpers --------------------------------------------------------------------------------
def age(value: str | None) -> str:
    dt = parse_timestamp(value)
    if dt is None:
        return ""
    seconds = (datetime.now(UTC) - dt).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def short_ts(value: str | None) -> str:
    dt = parse_timestamp(value)
    return dt.strftime("%Y-%m-%d %H:%M UTC") if dt else (value or "")


def from_json(value: str | None, default: Any = None) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def render_url(url: str | None) -> Markup:
    """A URL from a platform, shown as inert text unless links are turned on; even then only http(s)."""
    if not url:
        return Markup("")
    safe = safe_http_url(url) if state().links_live else None
    if safe is None:
        return Markup('<span class="url">{}</span>').format(url)
    return Markup(
        '<a class="url" href="{}" rel="noopener noreferrer nofollow ugc" target="_blank">{}</a>'
    ).format(safe, safe)


def page_name(page_id: str | None) -> str:
    """The page's name from the config (lcpd-facebook) where known: moderators do not read page ids."""
    return state().page_names.get(page_id or "", page_id or "")


def state_label(value: str | None) -> str:
    """A comment_state value as moderators read it ("deleted_by_author" → "deleted by author")."""
    return STATE_LABELS.get(value or "", value or "unknown")


def _register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        age=age,
        ts=short_ts,
        fromjson=from_json,
        url=render_url,
        dur=human_seconds,
        page_name=page_name,
        state_label=state_label,
    )

    @app.context_processor
    def inject() -> dict[str, Any]:
        user = g.get("user")
        return {
            "user": user,
            "csrf_token": lambda: csrf_token(session),
            "can_decide": bool(user and user["role"] in CAN_DECIDE),
            "can_export": bool(user and user["role"] in CAN_EXPORT),
            "can_admin": bool(user and user["role"] in CAN_ADMIN),
            "decisions": DECISIONS,
            "rule_titles": state().rule_titles,
            "links_live": state().links_live,
        }


# -- hooks: auth, CSRF, headers ----------------------------------------------------------------------
PUBLIC_ENDPOINTS = {
    "login",
    "static",
    "healthz",
    "readyz",
    "favicon",
    "metrics.metrics",
}  # metrics: own check


def _register_hooks(app: Flask) -> None:
    @app.before_request
    def load_user() -> Any:
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
                    url_for("login", next=request.full_path if request.query_string else request.path)
                )
            abort(401)
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if state().hsts:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    for code, title in (
        (400, "Bad request"),
        (401, "Sign in required"),
        (403, "Not allowed"),
        (404, "Not found"),
        (413, "Too large"),
        (429, "Too many attempts"),
    ):

        def handler(exc: Any, code: int = code, title: str = title) -> tuple[str, int]:
            return render_template("error.html", code=code, title=title, message=exc.description), code

        app.register_error_handler(code, handler)


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


def requires(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if g.user is None or g.user["role"] not in roles:
                abort(403, description=f"This page is for: {', '.join(roles)}.")
            return view(*args, **kwargs)

        return inner

    return wrap


def _client_addr() -> str:
    return request.remote_addr or "unknown"


def _safe_next(target: str | None, default: str) -> str:
    """Only a same-origin relative path, normalised (see safe_local_path); anything else: `default`."""
    return safe_local_path(target) or default


# -- routes --------------------------------------------------------------------------------------------
def _queue_filters(args: Mapping[str, str]) -> dict[str, Any]:
    status = args.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    return {
        "status": status,
        "platform": args.get("platform") or None,
        "page": args.get("page") or None,
        "category": args.get("category") or None,
        "action": args.get("action") or None,
        "q": (args.get("q") or "").strip()[:200] or None,
        "urgent": args.get("urgent") == "1",
    }


def _queue_kwargs(f: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "statuses": STATUS_FILTERS[f["status"]],
        "platform": f["platform"],
        "page_id": f["page"],
        "category": f["category"],
        "action": f["action"],
        "search": f["q"],
        "urgent_only": f["urgent"],
    }


def _next_item(back: str, current: int) -> int | None:
    """The item after `current` in the order of the queue view the moderator came from (same filters).
    Asked before the decision is recorded, while `current` still has its place in that order."""
    f = _queue_filters(dict(parse_qsl(urlsplit(back).query)))
    return next_in_queue(state().store, current, _queue_kwargs(f))


def _decorate(item: dict[str, Any]) -> dict[str, Any]:
    item = dict(item)
    item["categories_list"] = from_json(item.get("categories"), [])
    scores = from_json(item.get("scores"), {}) or {}
    item["top_scores"] = sorted(((k, v) for k, v in scores.items() if v >= 0.05), key=lambda kv: -kv[1])[:6]
    item["media_list"] = from_json(item.get("media"), []) or []
    item["matches_list"] = from_json(item.get("matches"), []) or []
    return item


def _timeline(history: dict[str, Any]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for v in history["versions"]:
        events.append({"at": v["archived_at"], "kind": "version", "row": v})
    for v in history["verdicts"]:
        events.append({"at": v["created_at"], "kind": "verdict", "row": _decorate(v)})
    for a in history["actions"]:
        events.append({"at": a["created_at"], "kind": "action", "row": a})
    for r in history["reviews"]:
        events.append({"at": r["created_at"], "kind": "review", "row": r})
    events.sort(key=lambda e: parse_timestamp(e["at"]) or datetime.min.replace(tzinfo=UTC))
    return events


SESSION_HOURS = 12
DEFAULT_IDLE_MINUTES = 30.0
SESSION_ID_KEY = "sid"
SESSION_TOUCH_SECONDS = 30.0  # renew last_seen at most this often (a write per request is wasteful)

# SQLite's largest row id: a larger number in a URL names no item (404), not an overflow (500).
MAX_ROW_ID = 2**63 - 1


def _register_routes(app: Flask) -> None:
    @app.get("/favicon.ico")
    def favicon() -> Any:
        return app.send_static_file("favicon.svg")

    @app.get("/healthz")
    def healthz() -> Any:
        # Alive means the database answers, not just that the process does.
        try:
            state().store._query("SELECT 1")
        except sqlite3.Error as exc:
            log.error("healthz: database unusable: %s", exc)
            return {"status": "database unusable"}, 503
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> Any:
        """For a load balancer: 503 while any page polled by the daemon is not ok (stale, failing, ...)."""
        from bot.health import polled_page_states

        try:  # each page judged stale by its own configured poll interval
            states = polled_page_states(state().store, state().page_configs)
        except sqlite3.Error as exc:
            log.error("readyz: database unusable: %s", exc)
            return {"status": "database unusable"}, 503
        not_ok = sum(1 for s in states.values() if s != "ok")
        body = {"status": "ok" if not_ok == 0 else "degraded", "pages": len(states), "not_ok": not_ok}
        return body, (200 if not_ok == 0 else 503)

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        if request.method == "GET":
            return render_template("login.html", next=request.args.get("next", ""))
        name = (request.form.get("username") or "").strip()[:100]
        password = request.form.get("password") or ""
        addr = _client_addr()
        st = state()
        wait = st.limiter.retry_after(name, addr)
        if wait > 0:
            log.warning("review app: login for %r from %s rate-limited", name, addr)
            abort(429, description=f"Too many failed sign-ins. Try again in {int(wait // 60) + 1} minutes.")
        row = st.store.user(name) if name else None
        if not verify_password(row["password_hash"] if row else None, password) or row is None:
            st.limiter.failed(name, addr)
            log.warning("review app: failed sign-in for %r from %s", name, addr)
            flash("Wrong user name or password.", "error")
            return render_template("login.html", next=request.form.get("next", ""), username=name), 401
        st.limiter.succeeded(name, addr)
        session.clear()
        session.permanent = True
        now = _now()
        st.store.end_idle_web_sessions(now - st.idle_seconds, now - SESSION_HOURS * 3600)
        token = secrets.token_urlsafe(32)
        st.store.start_web_session(str(_session_id(token)), row["name"], now, addr)
        session[SESSION_ID_KEY] = token
        session["user"] = row["name"]
        session["fp"] = hash_fingerprint(row["password_hash"])
        csrf_token(session)  # a fresh token for the new session
        st.store.append_audit(row["name"], "web_login", None, {"addr": addr})
        return redirect(_safe_next(request.form.get("next"), url_for("queue")))

    @app.post("/logout")
    def logout() -> Any:
        sid = _session_id(session.get(SESSION_ID_KEY))
        if sid:
            state().store.end_web_session(sid)  # a copy of the cookie is worthless from now on
        if g.user:
            state().store.append_audit(g.user["name"], "web_logout", None, {})
        session.clear()
        return redirect(url_for("login"))

    @app.get("/")
    def index() -> Any:
        return redirect(url_for("queue"))

    @app.get("/queue")
    def queue() -> Any:
        st = state()
        f = _queue_filters(request.args)
        try:
            offset = max(0, int(request.args.get("offset", "0")))
        except ValueError:
            offset = 0
        kwargs = _queue_kwargs(f)
        items = [_decorate(i) for i in st.store.review_queue(**kwargs, limit=PAGE_SIZE, offset=offset)]
        holders = assignments_for(st.store, [int(i["id"]) for i in items])
        total = st.store.review_queue_count(**kwargs)
        urgent_open = st.store.review_queue_count(urgent_only=True)
        open_total = st.store.review_queue_count()
        query = {k: ("1" if v is True else v) for k, v in f.items() if v not in (None, False)}
        return render_template(
            "queue.html",
            items=items,
            total=total,
            offset=offset,
            page_size=PAGE_SIZE,
            filters=f,
            facets=st.store.queue_facets(),
            statuses=list(STATUS_FILTERS),
            query=query,
            qs=urlencode(query),
            urgent_open=urgent_open,
            open_total=open_total,
            bulk_decisions=BULK_DECISIONS,
            holders=holders,
        )

    @app.get(f"/item/<int(max={MAX_ROW_ID}):verdict_id>")
    def item(verdict_id: int) -> Any:
        st = state()
        row = st.store.review_item(verdict_id)
        if row is None:
            abort(404, description=f"There is no queue item #{verdict_id}.")
        history = st.store.comment_history(row["comment_uid"])
        back = _safe_next(request.args.get("back"), url_for("queue"))
        explained = explain_matches(
            st.policy,
            from_json(row.get("matches"), []) or [],
            from_json(row.get("scores"), {}) or {},
            row["rule_id"],
        )
        return render_template(
            "item.html",
            explained=explained,
            followup=item_followup(st.store, row),
            current_policy=st.policy,
            item=_decorate(row),
            history=history,
            timeline=_timeline(history),
            back=back,
        )

    @app.post(f"/item/<int(max={MAX_ROW_ID}):verdict_id>/decide")
    @requires(*CAN_DECIDE)
    def decide(verdict_id: int) -> Any:
        decision = request.form.get("decision", "")
        note = (request.form.get("note") or "")[:2000]
        back = _safe_next(request.form.get("back"), url_for("queue"))
        nxt = _next_item(back, verdict_id) if request.form.get("advance") == "1" else None
        current = state().store.verdict(verdict_id)
        refused = may_decide(g.user["role"], current["review_status"] if current else None, decision)
        if refused is not None:
            flash(refused, "error")
            return redirect(url_for("item", verdict_id=verdict_id, back=back))
        outcome = state().decider.decide(verdict_id, decision, g.user["name"], note)
        if outcome.ok and decision == "escalate":
            assigned = after_escalate(current_app, verdict_id, request.form.get("assignee"), g.user["name"])
            outcome = replace(outcome, message=outcome.message + (f"; {assigned}" if assigned else ""))
        flash(outcome.message, "ok" if outcome.ok else "error")
        if not outcome.ok or decision == "note":
            return redirect(url_for("item", verdict_id=verdict_id, back=back))
        if nxt is not None:
            return redirect(url_for("item", verdict_id=nxt, back=back))
        return redirect(back)

    @app.post("/bulk")
    @requires(*CAN_DECIDE)
    def bulk() -> Any:
        decision = request.form.get("decision", "")
        back = _safe_next(request.form.get("back"), url_for("queue"))
        if decision not in BULK_DECISIONS:
            flash(f"{decision or 'that'} is not a bulk decision.", "error")
            return redirect(back)
        try:
            ids = [int(x) for x in request.form.getlist("ids")][:500]
        except ValueError:
            abort(400, description="bad item ids")
        if any(not 0 < i <= MAX_ROW_ID for i in ids):
            abort(400, description="bad item ids")
        if not ids:
            flash("Select at least one item first.", "error")
            return redirect(back)
        allowed = []
        for i in ids:
            current = state().store.verdict(i)
            refused = may_decide(g.user["role"], current["review_status"] if current else None, decision)
            if refused is not None:
                flash(f"#{i}: {refused}", "error")
            else:
                allowed.append(i)
        outcomes = state().decider.decide_many(allowed, decision, g.user["name"], request.form.get("note"))
        good = [o for o in outcomes if o.ok]
        bad = [o for o in outcomes if not o.ok]
        if good:
            flash(f"{DECISIONS[decision][0]}: {len(good)} item(s) done.", "ok")
        for o in bad:
            flash(o.message, "error")
        return redirect(back)

    @app.get("/stats")
    def stats() -> Any:
        try:
            days = min(max(int(request.args.get("days", "30")), 7), 365)
        except ValueError:
            days = 30
        return render_template("stats.html", stats=build_stats(state().store, days=days), days=days)

    @app.get("/export")
    @requires(*CAN_EXPORT)
    def export_form() -> Any:
        today = date.today()
        # After an error the form comes back with what was typed, not the defaults.
        start = (request.args.get("from") or date(today.year, 1, 1).isoformat())[:32]
        end = (request.args.get("to") or today.isoformat())[:32]
        fmt = request.args.get("format") if request.args.get("format") in ("csv", "json") else "csv"
        return render_template("export.html", start=start, end=end, fmt=fmt)

    @app.get("/export/download")
    @requires(*CAN_EXPORT)
    def export_download() -> Any:
        fmt = request.args.get("format", "csv")
        try:
            dates = parse_range(request.args.get("from", ""), request.args.get("to", ""))
            if fmt not in ("csv", "json"):
                raise ExportError("format must be csv or json")
        except ExportError as exc:
            flash(str(exc), "error")
            typed = {"from": request.args.get("from", ""), "to": request.args.get("to", ""), "format": fmt}
            return redirect(url_for("export_form") + "?" + urlencode(typed))
        body, _count = export_text(state().store, dates, fmt, actor=g.user["name"])
        name = f"modbot-records-{dates.start}-{dates.end}.{fmt}"
        mimetype = "text/csv" if fmt == "csv" else "application/json"
        return Response(
            body,
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/admin/users")
    @requires(*CAN_ADMIN)
    def users() -> Any:
        return render_template("users.html", users=state().store.users(), roles=ROLES)

    @app.post("/admin/users")
    @requires(*CAN_ADMIN)
    def save_user() -> Any:
        name = (request.form.get("name") or "").strip()
        role = request.form.get("role", "")
        password = request.form.get("password") or ""
        if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
            flash("User names are letters, digits, dot, dash or underscore (up to 64).", "error")
        elif role not in ROLES:
            flash(f"Role must be one of {', '.join(ROLES)}.", "error")
        else:
            try:
                state().store.upsert_user(name, hash_password(password), role, actor=g.user["name"])
                flash(f"Saved {name} ({role}).", "ok")
            except ValueError as exc:
                flash(str(exc), "error")
        return redirect(url_for("users"))

    @app.post("/admin/users/<name>/remove")
    @requires(*CAN_ADMIN)
    def remove_user(name: str) -> Any:
        if name == g.user["name"]:
            flash("You cannot remove your own account while signed in with it.", "error")
        elif state().store.remove_user(name, actor=g.user["name"]):
            flash(f"Removed {name}.", "ok")
        else:
            flash(f"No user {name}.", "error")
        return redirect(url_for("users"))

    @app.get("/admin/policy")
    @requires(*CAN_ADMIN)
    def policy() -> Any:
        from bot.policy import PolicyError, load_policy

        st = state()
        pol = None
        errors: list[str] = []
        if st.policy_dir is not None:
            try:
                pol = load_policy(st.policy_dir)
            except PolicyError as exc:
                errors = exc.errors
            except OSError as exc:
                errors = [str(exc)]
        return render_template(
            "policy.html",
            policy=pol,
            errors=errors,
            policy_dir=st.policy_dir,
            thresholds={r.id: rule_thresholds(r) for r in pol.rules} if pol else {},
        )

    from bot.web.replay_page import register as register_replay

    register_replay(app)


__all__ = ["create_app", "close_app"]
