"""The stats page (blueprint `stats`): what was flagged and decided over the last 7 to 365 days."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from bot.web.shared import state
from bot.web.stats import build_stats

bp = Blueprint("stats", __name__)


@bp.get("/stats")
def stats() -> Any:
    try:
        days = min(max(int(request.args.get("days", "30")), 7), 365)
    except ValueError:
        days = 30
    return render_template("stats.html", stats=build_stats(state().store, days=days), days=days)
