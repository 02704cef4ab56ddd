"""Deciding queue items (blueprint `decisions`): one item, a selection in bulk, and acknowledging an urgent
alert. Who may decide what is bot.web.followup.may_decide; carrying a decision out is bot.web.decisions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for

from bot.store.ops import acknowledge
from bot.web.decisions import BULK_DECISIONS, DECISIONS
from bot.web.followup import after_escalate, may_decide
from bot.web.shared import CAN_DECIDE, MAX_ROW_ID, requires, safe_next, state
from bot.web.views.queue import next_item

bp = Blueprint("decisions", __name__)


@bp.post(f"/item/<int(max={MAX_ROW_ID}):verdict_id>/decide")
@requires(*CAN_DECIDE)
def decide(verdict_id: int) -> Any:
    decision = request.form.get("decision", "")
    note = (request.form.get("note") or "")[:2000]
    back = safe_next(request.form.get("back"), url_for("queue.queue"))
    nxt = next_item(back, verdict_id) if request.form.get("advance") == "1" else None
    current = state().store.verdict(verdict_id)
    refused = may_decide(g.user["role"], current["review_status"] if current else None, decision)
    if refused is not None:
        flash(refused, "error")
        return redirect(url_for("queue.item", verdict_id=verdict_id, back=back))
    outcome = state().decider.decide(verdict_id, decision, g.user["name"], note)
    if outcome.ok and decision == "escalate":
        assigned = after_escalate(current_app, verdict_id, request.form.get("assignee"), g.user["name"])
        outcome = replace(outcome, message=outcome.message + (f"; {assigned}" if assigned else ""))
    flash(outcome.message, "ok" if outcome.ok else "error")
    if not outcome.ok or decision == "note":
        return redirect(url_for("queue.item", verdict_id=verdict_id, back=back))
    if nxt is not None:
        return redirect(url_for("queue.item", verdict_id=nxt, back=back))
    return redirect(back)


@bp.post("/bulk")
@requires(*CAN_DECIDE)
def bulk() -> Any:
    decision = request.form.get("decision", "")
    back = safe_next(request.form.get("back"), url_for("queue.queue"))
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


@bp.post("/item/<int:verdict_id>/ack")
@requires(*CAN_DECIDE)
def acknowledge_item(verdict_id: int) -> Any:
    store = state().store
    item = store.review_item(verdict_id)
    if item is None:
        abort(404, description=f"There is no queue item #{verdict_id}.")
    if not item["urgent"]:
        flash("Only urgent items are alerted, so only they are acknowledged.", "error")
    else:
        ack = acknowledge(store, verdict_id, g.user["name"])
        if ack is not None and ack["user"] == g.user["name"]:
            flash(f"#{verdict_id} acknowledged: no re-alert will be sent.", "ok")
        elif ack is not None:
            flash(f"#{verdict_id} was already acknowledged by {ack['user']}.", "ok")
    back = request.form.get("back") or url_for("queue.queue")
    return redirect(url_for("queue.item", verdict_id=verdict_id, back=back))
