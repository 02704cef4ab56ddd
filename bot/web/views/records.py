"""The records export (blueprint `records`): the form and the CSV or JSON download, for records staff and
admins; every download is audited by bot.export."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for

from bot.export import ExportError, export_text, parse_range
from bot.web.shared import CAN_EXPORT, requires, state

bp = Blueprint("records", __name__)


@bp.get("/export")
@requires(*CAN_EXPORT)
def export_form() -> Any:
    today = date.today()
    # After an error the form comes back with what was typed, not the defaults.
    start = (request.args.get("from") or date(today.year, 1, 1).isoformat())[:32]
    end = (request.args.get("to") or today.isoformat())[:32]
    fmt = request.args.get("format") if request.args.get("format") in ("csv", "json") else "csv"
    return render_template("export.html", start=start, end=end, fmt=fmt)


@bp.get("/export/download")
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
        return redirect(url_for("records.export_form") + "?" + urlencode(typed))
    body, _count = export_text(state().store, dates, fmt, actor=g.user["name"])
    name = f"modbot-records-{dates.start}-{dates.end}.{fmt}"
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
