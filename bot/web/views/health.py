"""Health (blueprint `health`): the probes a supervisor or load balancer asks (/healthz, /readyz, no
sign-in), the pages' health for signed-in staff, and pause and resume for admins."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from bot.health import page_health, polled_page_states
from bot.store.ops import pause_page, resume_page
from bot.web.shared import CAN_ADMIN, requires, state

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    # Alive means the database answers, not just that the process does.
    try:
        state().store._query("SELECT 1")
    except sqlite3.Error as exc:
        log.error("healthz: database unusable: %s", exc)
        return {"status": "database unusable"}, 503
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> Any:
    """For a load balancer: 503 while any page polled by the daemon is not ok (stale, failing, ...)."""
    try:  # each page judged stale by its own configured poll interval
        states = polled_page_states(state().store, state().page_configs)
    except sqlite3.Error as exc:
        log.error("readyz: database unusable: %s", exc)
        return {"status": "database unusable"}, 503
    not_ok = sum(1 for s in states.values() if s != "ok")
    body = {"status": "ok" if not_ok == 0 else "degraded", "pages": len(states), "not_ok": not_ok}
    return body, (200 if not_ok == 0 else 503)


@bp.get("/health")
def health() -> Any:
    st = state()
    return render_template("health.html", pages=page_health(st.store, st.page_configs))


@bp.post("/health/<name>/<verb>")
@requires(*CAN_ADMIN)
def pause_resume(name: str, verb: str) -> Any:
    st = state()
    known = {p.name for p in page_health(st.store, st.page_configs)}
    if name not in known:
        abort(404, description=f"There is no page {name!r}.")
    who = g.user["name"]
    if verb == "pause":
        reason = (request.form.get("reason") or "").strip()[:300] or None
        done = pause_page(st.store, name, who, reason)
        flash(
            f"{name} paused: the daemon stops polling it." if done else f"{name} was already paused.",
            "ok",
        )
    elif verb == "resume":
        done = resume_page(st.store, name, who)
        flash(f"{name} resumed." if done else f"{name} was not paused.", "ok")
    else:
        abort(404)
    return redirect(url_for("health.health"))
