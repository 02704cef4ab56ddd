"""The moderators' review app (Flask, server-rendered): `create_app` builds it from the blueprints in
bot.web.views (queue and items, decisions, records, stats, admin, health, auth), item media and /metrics,
with the template filters, request hooks and error pages they share."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, g, render_template, session
from markupsafe import Markup

from bot.config import Settings
from bot.domain import parse_timestamp
from bot.paths import default_policy_dir
from bot.store import STATE_LABELS, Store
from bot.web import item_context
from bot.web.decisions import DECISIONS, ConnectorPool, Decider, connector_lookup
from bot.web.followup import escalation_notifier
from bot.web.metrics import register_metrics
from bot.web.proxy import TrustedProxies, parse_networks
from bot.web.security import LoginLimiter, csrf_token, safe_http_url
from bot.web.shared import (
    CAN_ADMIN,
    CAN_DECIDE,
    CAN_EXPORT,
    DEFAULT_IDLE_MINUTES,
    SESSION_HOURS,
    WebState,
    from_json,
    load_user_and_check_csrf,
    security_headers,
    state,
)
from bot.web.stats import human_seconds
from bot.web.views import admin, auth, decisions, health, queue, records, stats

log = logging.getLogger(__name__)

# Every route of the app, by area (/metrics registers itself: it has a collector to set up).
BLUEPRINTS: tuple[Blueprint, ...] = (
    auth.bp,
    queue.bp,
    decisions.bp,
    records.bp,
    stats.bp,
    admin.bp,
    health.bp,
    item_context.bp,
)


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
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
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

    # Left untyped on purpose: a Jinja context is free-form (values of every kind, callables too)
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


def _register_hooks(app: Flask) -> None:
    app.before_request(load_user_and_check_csrf)
    app.after_request(security_headers)

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


__all__ = ["create_app", "close_app"]
