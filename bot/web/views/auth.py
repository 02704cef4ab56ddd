"""Signing in and out of the review app (blueprint `auth`): rate-limited, audited, one session record each."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from bot.web.security import verify_password
from bot.web.shared import begin_session, client_addr, end_session, safe_next, state

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    name = (request.form.get("username") or "").strip()[:100]
    password = request.form.get("password") or ""
    addr = client_addr()
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
    begin_session(row, addr)
    st.store.append_audit(row["name"], "web_login", None, {"addr": addr})
    return redirect(safe_next(request.form.get("next"), url_for("queue.queue")))


@bp.post("/logout")
def logout() -> Any:
    end_session()
    if g.user:
        state().store.append_audit(g.user["name"], "web_logout", None, {})
    return redirect(url_for("auth.login"))
