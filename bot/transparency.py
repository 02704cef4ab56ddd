"""The monthly transparency report: what moderation did in a month, aggregated, with no personal data.

Only counts, rule ids, categories, platforms, durations and policy versions leave the database: no comment
text, no author, no id of a comment, post, page or person. The HTML is one self-contained, printable file
(the review app's SVG charts inline, no script, nothing fetched), fit to publish on the department's site.
"""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.domain import ActionStatus
from bot.store import Store

FORMATS = ("html", "csv", "json")
ACK_NOTE = (
    "Acknowledged: the time from an urgent verdict to a person acknowledging it in the review app. "
    "Also shown: the time to the first alert delivered about it, and to a moderator's first review of it."
)
DATING_NOTE = (
    "Each event counts in the month (UTC, from the first day 00:00 up to, not including, the next month's "
    "first day) in which it happened: a comment when it was written, an action when the platform completed "
    "it, an alert when it was delivered, a decision when it was made; times measured from an urgent "
    "decision (to its alert, first review and acknowledgement) count in the decision's month."
)
REMOVED_NOTE = (
    "Removals carried out: comments hidden or deleted on the platform in the month, automatically or by a "
    "moderator (the platform confirmed the action). A decision to remove whose action failed or is still "
    "pending is not counted."
)
DECISIONS_NOTE = (
    "Decisions to hide or delete made in the month (dry runs left out), and how many of them have been "
    "carried out on the platform so far; decisions are not removals."
)
WEB_DIR = Path(__file__).resolve().parent / "web"


class ReportError(ValueError):
    pass


def parse_month(value: str) -> date:
    """YYYY-MM → the first day of that month."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportError("the month must be YYYY-MM, e.g. 2026-03")
    return date(int(m.group(1)), int(m.group(2)), 1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


# -- the month's records --------------------------------------------------------------------------------
# Aggregates only: no query below returns comment text, an author, or any id of a comment, post or page.
#
# One basis for every figure: each event is dated by its own timestamp, read as UTC, and falls in the month
# when it lies in [first day 00:00, next month's first day 00:00). The stored times are ISO text, but not
# all of one form (a platform's answer may carry a local offset, e.g. -06:00), so comparing the text would
# put 18:00-06:00 on the 31st in the wrong month: every time is first rewritten by SQLite as UTC
# 'YYYY-MM-DDTHH:MM:SS.SSS' (strftime truncates below the millisecond, so a time never rounds up into the
# next month), and the bounds are written the same way.
def _utc(column: str) -> str:
    return f"strftime('%Y-%m-%dT%H:%M:%f', {column})"


def _in_month(column: str) -> str:
    return f"{_utc(column)} >= :lo AND {_utc(column)} < :hi"


def month_bounds(first: date) -> dict[str, str]:
    """The query parameters :lo and :hi (UTC, the form _utc writes) of the month that starts on `first`."""
    return {"lo": f"{first.isoformat()}T00:00:00.000", "hi": f"{_next_month(first).isoformat()}T00:00:00.000"}


DONE = ActionStatus.DONE.value
# 911 as a number of its own: "call 911" and "(911)" count, "case 29115" and "9110" do not.
_CALL_911 = re.compile(r"\b911\b")


def comments_seen(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """Per platform: comments (and comment versions) archived that were written in the month."""
    return store._query(
        f"""SELECT platform, COUNT(DISTINCT uid) AS comments, COUNT(*) AS versions FROM comments
            WHERE {_in_month("created_at")} GROUP BY platform ORDER BY platform""",
        month,
    )


def completed_actions(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """Actions the platform completed in the month (not dry runs, not failed or pending ones): kind,
    platform, who (modbot or a moderator), the deciding verdict's rule and first category, counted."""
    return store._query(
        f"""SELECT a.kind AS kind, a.platform AS platform,
                CASE WHEN a.actor = 'modbot' THEN 'automatic' ELSE 'moderator' END AS by_whom,
                COALESCE(v.rule_id, '-') AS rule_id,
                COALESCE(json_extract(v.categories, '$[0]'), 'none') AS category, COUNT(*) AS n
            FROM actions a LEFT JOIN verdicts v ON v.id = a.verdict_id
            WHERE a.status = :done AND {_in_month("a.finished_at")}
            GROUP BY kind, platform, by_whom, rule_id, category ORDER BY kind, platform, rule_id""",
        {**month, "done": DONE},
    )


def replies_pointing_to_911(store: Store, month: dict[str, str]) -> int:
    """Replies completed in the month that point to 911. SQLite has no regex, so LIKE only narrows the rows
    and the count is made here; only the number leaves this function."""
    rows = store._query(
        f"""SELECT text FROM actions WHERE kind = 'reply' AND status = :done AND text LIKE '%911%'
              AND {_in_month("finished_at")}""",
        {**month, "done": DONE},
    )
    return sum(1 for r in rows if _CALL_911.search(r["text"] or ""))


def removals_carried_out(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """Per rule: the verdicts whose hide or delete was carried out (automatically, or by a moderator deciding
    on the item), dated by when the platform first completed it, and how many of those a moderator then put
    back (a restore review). A removal that failed or is still pending removed nothing; a dry run's action
    is never done."""
    return store._query(
        f"""SELECT rule_id, COUNT(*) AS removed, SUM(restored) AS restored FROM (
                SELECT COALESCE(v.rule_id, '-') AS rule_id, MIN({_utc("a.finished_at")}) AS removed_at,
                    EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id AND r.decision = 'restore')
                        AS restored
                FROM actions a JOIN verdicts v ON v.id = a.verdict_id
                WHERE a.status = :done AND a.kind IN ('hide', 'delete')
                GROUP BY v.id)
            WHERE removed_at >= :lo AND removed_at < :hi
            GROUP BY rule_id ORDER BY removed DESC, rule_id""",
        {**month, "done": DONE},
    )


def removal_decisions(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """Per rule: verdicts of the month that decided hide or delete (dry runs left out), and how many of
    them had a removal carried out by the time of the report. Decisions, not removals."""
    return store._query(
        f"""SELECT COALESCE(v.rule_id, '-') AS rule_id, COUNT(*) AS decided,
                SUM(EXISTS (SELECT 1 FROM actions a WHERE a.verdict_id = v.id AND a.status = :done
                            AND a.kind IN ('hide', 'delete'))) AS carried_out
            FROM verdicts v WHERE v.action IN ('hide', 'delete') AND v.dry_run = 0
              AND {_in_month("v.created_at")}
            GROUP BY rule_id ORDER BY decided DESC, rule_id""",
        {**month, "done": DONE},
    )


def action_delays(store: Store, month: dict[str, str]) -> list[float]:
    """Seconds from a comment's creation to each action on it completed in the month."""
    rows = store._query(
        f"""SELECT (julianday(a.finished_at) - julianday(c.created_at)) * 86400.0 AS seconds
            FROM actions a JOIN comments c ON c.uid = a.comment_uid AND c.version = 1
            WHERE a.status = :done AND {_in_month("a.finished_at")}""",
        {**month, "done": DONE},
    )
    return [float(r["seconds"]) for r in rows if r["seconds"] is not None]


def urgent_items(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """For each urgent verdict decided in the month: seconds from it to the first alert delivered about it,
    to a moderator's first review of it and to a person's acknowledgement of it in the review app (None
    where that has not happened). The times belong to the verdict's month, wherever they end."""
    acks = "alert_acks" in store.db.table_names()  # a database opened without migrating may predate it
    acked = (
        "(julianday((SELECT MIN(k.acked_at) FROM alert_acks k WHERE k.verdict_id = v.id))"
        " - julianday(v.created_at)) * 86400.0"
        if acks
        else "NULL"
    )
    return store._query(
        f"""SELECT (julianday((SELECT MIN({_utc("al.sent_at")}) FROM alerts al WHERE al.verdict_id = v.id
                               AND al.status = 'sent')) - julianday(v.created_at)) * 86400.0 AS alerted,
                (julianday((SELECT MIN({_utc("r.created_at")}) FROM reviews r WHERE r.verdict_id = v.id))
                 - julianday(v.created_at)) * 86400.0 AS reviewed,
                {acked} AS acknowledged
            FROM verdicts v WHERE v.urgent = 1 AND {_in_month("v.created_at")}""",
        month,
    )


def alerts_sent(store: Store, month: dict[str, str]) -> dict[str, int]:
    """Alerts delivered in the month, per channel (email, webhook), about comments or about pages."""
    rows = store._query(
        f"""SELECT channel, CASE WHEN verdict_id IS NULL THEN 'operations' ELSE 'comment' END AS about,
                COUNT(*) AS n FROM alerts WHERE status = 'sent' AND {_in_month("sent_at")}
            GROUP BY channel, about ORDER BY channel, about""",
        month,
    )
    return {f"{r['channel']}:{r['about']}": int(r["n"]) for r in rows}


def policy_versions(store: Store, month: dict[str, str]) -> list[dict[str, Any]]:
    """Each policy version that decided verdicts in the month: first and last use (UTC), verdicts."""
    return store._query(
        f"""SELECT policy_version, MIN({_utc("created_at")}) AS first_used,
                MAX({_utc("created_at")}) AS last_used, COUNT(*) AS verdicts
            FROM verdicts WHERE {_in_month("created_at")}
            GROUP BY policy_version ORDER BY first_used""",
        month,
    )


def duration_summary(values: list[float]) -> dict[str, Any]:
    """Count, median and 90th percentile (seconds) of durations; None when there are none."""
    values = sorted(v for v in values if v >= 0)
    if not values:
        return {"count": 0, "median_seconds": None, "p90_seconds": None}
    p90 = statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) >= 2 else values[0]
    return {
        "count": len(values),
        "median_seconds": round(statistics.median(values), 1),
        "p90_seconds": round(p90, 1),
    }


@dataclass(kw_only=True)
class TransparencyReport:
    month: str
    start: date
    end: date  # exclusive
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": {
                "month": self.month,
                "from": self.start.isoformat(),
                "to_exclusive": self.end.isoformat(),
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "note": "Aggregated figures only; no comment text, names or ids. Times are UTC.",
                "dating": DATING_NOTE,
            },
            **self.figures,
        }


def build_report(store: Store, first: date) -> TransparencyReport:
    """Every figure of the month that starts on `first`, each event dated by its own UTC time."""
    end = _next_month(first)
    month = month_bounds(first)
    seen = comments_seen(store, month)

    by_kind: Counter[str] = Counter()
    by_whom: Counter[str] = Counter()
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    by_platform_actions: dict[str, Counter[str]] = defaultdict(Counter)
    for row in completed_actions(store, month):
        n = int(row["n"])
        kind = row["kind"]
        by_kind[kind] += n
        by_whom[row["by_whom"]] += n
        by_category[row["category"]][kind] += n
        by_rule[row["rule_id"]][kind] += n
        by_platform_actions[row["platform"]][kind] += n

    overrides = []
    for row in removals_carried_out(store, month):
        removed, restored = int(row["removed"]), int(row["restored"] or 0)
        overrides.append(
            {
                "rule": row["rule_id"],
                "removed": removed,
                "restored": restored,
                "override_rate": round(restored / removed, 4) if removed else 0.0,
            }
        )
    removed_total = sum(o["removed"] for o in overrides)
    restored_total = sum(o["restored"] for o in overrides)
    decisions = removal_decisions(store, month)
    urgent = urgent_items(store, month)
    alerts = alerts_sent(store, month)

    def plain(counters: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
        return {k: dict(sorted(v.items())) for k, v in sorted(counters.items())}

    def delays(key: str) -> list[float]:
        return [float(r[key]) for r in urgent if r[key] is not None]

    report = TransparencyReport(month=first.strftime("%Y-%m"), start=first, end=end)
    report.figures = {
        "comments_seen": {
            "comments": sum(int(r["comments"]) for r in seen),
            "versions": sum(int(r["versions"]) for r in seen),
            "by_platform": {r["platform"]: int(r["comments"]) for r in seen},
        },
        "actions": {
            "total": sum(by_kind.values()),
            "by_kind": dict(sorted(by_kind.items())),
            "by_whom": dict(sorted(by_whom.items())),
            "by_category": plain(by_category),
            "by_rule": plain(by_rule),
            "by_platform": plain(by_platform_actions),
        },
        "removals_reversed": {
            "removed": removed_total,
            "restored": restored_total,
            "override_rate": round(restored_total / removed_total, 4) if removed_total else 0.0,
            "by_rule": overrides,
            "counted": REMOVED_NOTE,
        },
        "removal_decisions": {
            "decided": sum(int(r["decided"]) for r in decisions),
            "carried_out": sum(int(r["carried_out"] or 0) for r in decisions),
            "by_rule": {r["rule_id"]: int(r["decided"]) for r in decisions},
            "counted": DECISIONS_NOTE,
        },
        "time_to_action": duration_summary(action_delays(store, month)),
        "urgent": {
            "items": len(urgent),
            "time_to_alert": duration_summary(delays("alerted")),
            "time_to_first_review": duration_summary(delays("reviewed")),
            "time_to_acknowledgement": duration_summary(delays("acknowledged")),
            "acknowledgement": ACK_NOTE,
        },
        "alerts_sent": {"total": sum(alerts.values()), "by_channel": alerts},
        "replies_pointing_to_911": replies_pointing_to_911(store, month),
        "policy_versions": [
            {
                "version": r["policy_version"],
                "first_used": r["first_used"][:19] + "Z",
                "last_used": r["last_used"][:19] + "Z",
                "verdicts": int(r["verdicts"]),
            }
            for r in policy_versions(store, month)
        ],
    }
    return report


# -- output -------------------------------------------------------------------------------------------
def _flatten(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for k, v in value.items():
            out.extend(_flatten(f"{prefix}.{k}" if prefix else str(k), v))
        return out
    if isinstance(value, list):
        out = []
        for i, v in enumerate(value):
            key = v.get("rule") or v.get("version") if isinstance(v, dict) else None
            out.extend(_flatten(f"{prefix}[{key or i}]", v))
        return out
    return [(prefix, value)]


def write_csv(report: TransparencyReport, out: io.TextIOBase | Any) -> None:
    """Two columns, figure and value: one row per figure (e.g. `actions.by_rule.spam.hide`, 4)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["figure", "value"])
    for key, value in _flatten("", report.as_dict()):
        writer.writerow([key, "" if value is None else value])


def _chart_css() -> str:
    """The review app's chart rules, so the report's SVG looks as it does in the app."""
    css = (WEB_DIR / "static" / "app.css").read_text(encoding="utf-8")
    return "\n".join(
        line for line in css.splitlines() if re.match(r"(svg\.chart|\.s\d|ul\.legend|\.sw)\b", line)
    )


def render_html(report: TransparencyReport) -> str:
    import jinja2

    from bot.web import charts
    from bot.web.stats import human_seconds

    d = report.as_dict()
    actions = d["actions"]
    kinds = sorted(actions["by_kind"])
    categories = sorted(actions["by_category"], key=lambda c: -sum(actions["by_category"][c].values()))
    platforms = sorted(actions["by_platform"])
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(WEB_DIR / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["dur"] = human_seconds
    return env.get_template("transparency_report.html").render(
        r=d,
        kinds=kinds,
        css=_chart_css(),
        category_chart=charts.stacked_bars(
            "Actions by category",
            categories,
            [(k, [actions["by_category"][c].get(k, 0) for c in categories]) for k in kinds],
        ),
        platform_chart=charts.stacked_bars(
            "Actions by platform",
            platforms,
            [(k, [actions["by_platform"][p].get(k, 0) for p in platforms]) for k in kinds],
        ),
        override_chart=charts.ratio_bars(
            "Removals carried out that a moderator reversed, per rule",
            [
                (o["rule"], o["override_rate"], f"{o['restored']}/{o['removed']} reversed")
                for o in d["removals_reversed"]["by_rule"]
            ],
        ),
    )


def render_report(report: TransparencyReport, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "html":
        return render_html(report)
    buf = io.StringIO()
    if fmt == "json":
        json.dump(report.as_dict(), buf, ensure_ascii=False, indent=1)
        buf.write("\n")
    else:
        write_csv(report, buf)
    return buf.getvalue()
