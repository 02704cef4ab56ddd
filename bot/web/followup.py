"""Review-app pages for what follows a verdict: acknowledging an urgent alert, escalating an item to a
supervisor (who holds what), and the pages' health with pause and resume for admins."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask, abort, flash, g, redirect, render_template, request, url_for

from bot.health import page_health
from bot.store import Store
from bot.store.ops import (
    acknowledge,
    acknowledgement,
    assign,
    assignment,
    first_alert_at,
    pause_page,
    resume_page,
)

log = logging.getLogger(__name__)

# Who may take escalated items: supervisors decide them, admins may too.
CAN_SUPERVISE = ("supervisor", "admin")


def may_decide(role: str, review_status: str | None, decision: str) -> str | None:
    """Why `role` may not make `decision` on an item in `review_status`, or None when it may. An escalated
    item waits for a supervisor: a moderator can still add a note to it, nothing else."""
    if review_status == "escalated" and role not in CAN_SUPERVISE and decision != "note":
        return "This item is escalated: a supervisor decides it (you can add a note)."
    return None


def supervisors(store: Store) -> list[str]:
    return [u["name"] for u in store.users() if u["role"] in CAN_SUPERVISE and not u["disabled"]]


def item_followup(store: Store, item: dict[str, Any]) -> dict[str, Any]:
    """What the item page shows about alerts, acknowledgement and who holds the item."""
    vid = int(item["id"])
    return {
        "first_alert_at": first_alert_at(store, vid) if item.get("urgent") else None,
        "ack": acknowledgement(store, vid),
        "assignment": assignment(store, vid),
        "supervisors": supervisors(store),
    }


def after_escalate(app: Flask, verdict_id: int, assignee: str | None, by: str) -> str | None:
    """Assign an escalated item and tell the assignee (alert channels, if any); a message for the flash."""
    st = app.extensions["modbot"]
    if not assignee:
        return None
    user = st.store.user(assignee)
    if user is None or user["role"] not in CAN_SUPERVISE:
        return f"{assignee} is not a supervisor; the item is escalated but not assigned."
    assign(st.store, verdict_id, assignee, by)
    notify = app.extensions.get("modbot_notify")
    if notify is not None:
        notify(verdict_id, assignee, by)
    return f"assigned to {assignee}"


def escalation_notifier(store: Store, settings: Any) -> Any:
    """A function that alerts, off the request thread, that an item was escalated to someone; None when no
    alert channel is configured (the escalated queue still shows who holds what)."""
    if settings is None or (settings.alerts.email is None and settings.alerts.webhook is None):
        return None
    from bot.alerts import Alerter
    from bot.escalation import escalated_message

    alerter = Alerter(store, settings.alerts)

    def notify(verdict_id: int, assignee: str, by: str) -> None:
        message = escalated_message(store, verdict_id, assignee, by, public_url=settings.web.public_url)
        if message is not None:
            threading.Thread(
                target=alerter.deliver, args=(message,), name="modbot-escalation", daemon=True
            ).start()

    return notify


def register_followup_routes(
    app: Flask, requires: Any, can_decide: tuple[str, ...], can_admin: tuple[str, ...]
) -> None:
    def store() -> Store:
        return app.extensions["modbot"].store  # type: ignore[no-any-return]

    @app.post("/item/<int:verdict_id>/ack")
    @requires(*can_decide)
    def acknowledge_item(verdict_id: int) -> Any:
        item = store().review_item(verdict_id)
        if item is None:
            abort(404, description=f"There is no queue item #{verdict_id}.")
        if not item["urgent"]:
            flash("Only urgent items are alerted, so only they are acknowledged.", "error")
        else:
            ack = acknowledge(store(), verdict_id, g.user["name"])
            if ack is not None and ack["user"] == g.user["name"]:
                flash(f"#{verdict_id} acknowledged: no re-alert will be sent.", "ok")
            elif ack is not None:
                flash(f"#{verdict_id} was already acknowledged by {ack['user']}.", "ok")
        back = request.form.get("back") or url_for("queue")
        return redirect(url_for("item", verdict_id=verdict_id, back=back))

    @app.get("/health")
    def health() -> Any:
        pages = app.extensions["modbot"].page_configs
        return render_template("health.html", pages=page_health(store(), pages))

    @app.post("/health/<name>/<verb>")
    @requires(*can_admin)
    def pause_resume(name: str, verb: str) -> Any:
        known = {p.name for p in page_health(store(), app.extensions["modbot"].page_configs)}
        if name not in known:
            abort(404, description=f"There is no page {name!r}.")
        who = g.user["name"]
        if verb == "pause":
            reason = (request.form.get("reason") or "").strip()[:300] or None
            done = pause_page(store(), name, who, reason)
            flash(
                f"{name} paused: the daemon stops polling it." if done else f"{name} was already paused.",
                "ok",
            )
        elif verb == "resume":
            done = resume_page(store(), name, who)
            flash(f"{name} resumed." if done else f"{name} was not paused.", "ok")
        else:
            abort(404)
        return redirect(url_for("health"))
