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

from bot.store import Store
from bot.store.history import (
    action_delays,
    alerts_sent,
    comments_seen,
    completed_actions,
    policy_versions,
    removal_overrides,
    replies_pointing_to_911,
    urgent_ack_delays,
    urgent_delays,
)

FORMATS = ("html", "csv", "json")
ACK_NOTE = (
    "Acknowledged: the time from an urgent verdict to a person acknowledging it in the review app. "
    "Also shown: the time to the first alert delivered about it, and to a moderator's first review of it."
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


@dataclass
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
            },
            **self.figures,
        }


def build_report(store: Store, first: date) -> TransparencyReport:
    """Every figure of the month that starts on `first`."""
    end = _next_month(first)
    lo, hi = f"{first.isoformat()}T00:00:00+00:00", f"{end.isoformat()}T00:00:00+00:00"
    seen = comments_seen(store, lo, hi)
    by_platform = {k: v for k, v in seen.items() if ":" not in k}
    versions = sum(v for k, v in seen.items() if k.endswith(":versions"))

    by_kind: Counter[str] = Counter()
    by_whom: Counter[str] = Counter()
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    by_platform_actions: dict[str, Counter[str]] = defaultdict(Counter)
    for row in completed_actions(store, lo, hi):
        n = int(row["n"])
        kind = row["kind"]
        by_kind[kind] += n
        by_whom[row["by_whom"]] += n
        by_category[row["category"]][kind] += n
        by_rule[row["rule_id"]][kind] += n
        by_platform_actions[row["platform"]][kind] += n

    overrides = []
    for row in removal_overrides(store, lo, hi):
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
    urgent_count, to_alert, to_review = urgent_delays(store, lo, hi)
    alerts = alerts_sent(store, lo, hi)

    def plain(counters: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
        return {k: dict(sorted(v.items())) for k, v in sorted(counters.items())}

    report = TransparencyReport(month=first.strftime("%Y-%m"), start=first, end=end)
    report.figures = {
        "comments_seen": {
            "comments": sum(by_platform.values()),
            "versions": versions,
            "by_platform": by_platform,
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
        },
        "time_to_action": duration_summary(action_delays(store, lo, hi)),
        "urgent": {
            "items": urgent_count,
            "time_to_alert": duration_summary(to_alert),
            "time_to_first_review": duration_summary(to_review),
            "time_to_acknowledgement": duration_summary(urgent_ack_delays(store, lo, hi)),
            "acknowledgement": ACK_NOTE,
        },
        "alerts_sent": {"total": sum(alerts.values()), "by_channel": alerts},
        "replies_pointing_to_911": replies_pointing_to_911(store, lo, hi),
        "policy_versions": [
            {
                "version": r["policy_version"],
                "first_used": r["first_used"][:19] + "Z",
                "last_used": r["last_used"][:19] + "Z",
                "verdicts": int(r["verdicts"]),
            }
            for r in policy_versions(store, lo, hi)
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
            "Removals reversed by a moderator, per rule",
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
