"""What follows a verdict in the review app: who may decide an escalated item, escalating an item to a
supervisor (who holds what, and telling them), and what an item page shows about alerts and
acknowledgement. The routes are in bot.web.views (decisions, health)."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask

from bot.store import Store
from bot.store.ops import acknowledgement, assign, assignment, first_alert_at
from bot.store.rows import ItemFollowup, QueueRow

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


def item_followup(store: Store, item: QueueRow) -> ItemFollowup:
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
