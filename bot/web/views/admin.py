"""Admin pages (blueprint `admin`, all under /admin/, admins only): users and roles, the policy as loaded,
and replaying a candidate policy over the archive (bot.web.replay_page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from bot.policy.explain import rule_thresholds
from bot.web import replay_page
from bot.web.security import ROLES, hash_password
from bot.web.shared import CAN_ADMIN, requires, state

bp = Blueprint("admin", __name__)
bp.add_url_rule("/admin/replay", view_func=requires(*CAN_ADMIN)(replay_page.replay_page), methods=["GET"])


@bp.get("/admin/users")
@requires(*CAN_ADMIN)
def users() -> Any:
    return render_template("users.html", users=state().store.users(), roles=ROLES)


@bp.post("/admin/users")
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
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<name>/remove")
@requires(*CAN_ADMIN)
def remove_user(name: str) -> Any:
    if name == g.user["name"]:
        flash("You cannot remove your own account while signed in with it.", "error")
    elif state().store.remove_user(name, actor=g.user["name"]):
        flash(f"Removed {name}.", "ok")
    else:
        flash(f"No user {name}.", "error")
    return redirect(url_for("admin.users"))


@bp.get("/admin/policy")
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
