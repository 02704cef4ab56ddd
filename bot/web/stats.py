"""Figures for the stats page: actions per day by category, override rate per rule, latency, queue size."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from markupsafe import Markup

from bot.store import Store
from bot.store.ops import ack_latencies
from bot.store.rows import ActionsPerDayRow, OverrideRate
from bot.web import charts

# Latency buckets (upper bound in seconds, label) for "time from comment to action".
LATENCY_BUCKETS: tuple[tuple[float, str], ...] = (
    (60, "< 1 min"),
    (300, "1–5 min"),
    (900, "5–15 min"),
    (3600, "15–60 min"),
    (6 * 3600, "1–6 h"),
    (24 * 3600, "6–24 h"),
    (float("inf"), "> 1 day"),
)


@dataclass(kw_only=True, frozen=True)
class Stats:
    days: list[str]
    actions_chart: Markup
    actions_table: list[ActionsPerDayRow]
    categories: list[str]
    override_chart: Markup
    overrides: list[OverrideRate]
    latency_chart: Markup
    latency_rows: list[tuple[str, int]]
    latency_median: float | None
    latency_p90: float | None
    queue_chart: Markup
    queue_sizes: list[int]
    # Urgent alerts: seconds from the first alert to a person's acknowledgement in the app.
    ack_count: int = 0
    ack_median: float | None = None
    ack_p90: float | None = None


def _parse(ts: str) -> datetime:
    dt = datetime.fromisoformat(ts)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def human_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def build_stats(store: Store, days: int = 30, today: date | None = None) -> Stats:
    today = today or datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    day_list = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    short = [d[5:] for d in day_list]
    since = f"{first.isoformat()}T00:00:00"

    # Removals and replies per day, stacked by the deciding verdict's category.
    per_cat: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(day_list, 0))
    table: list[ActionsPerDayRow] = []
    for row in store.stats_actions_per_day(since):
        if row["day"] in day_list:
            per_cat[row["category"]][row["day"]] += int(row["n"])
        table.append(row)
    categories = sorted(per_cat, key=lambda c: -sum(per_cat[c].values()))
    actions_chart = charts.stacked_bars(
        "Actions per day by category",
        short,
        [(c, [per_cat[c][d] for d in day_list]) for c in categories],
    )

    overrides: list[OverrideRate] = []
    for rule in store.stats_override_rates():
        removed = int(rule["removed"] or 0)
        restored = int(rule["restored"] or 0)
        overrides.append(
            {
                "rule_id": rule["rule_id"],
                "removed": removed,
                "restored": restored,
                "confirmed": int(rule["confirmed"] or 0),
                "rate": restored / removed if removed else 0.0,
            }
        )
    override_chart = charts.ratio_bars(
        "Auto-removals later restored by a moderator, per rule",
        [(o["rule_id"], o["rate"], f"{o['restored']}/{o['removed']} restored") for o in overrides],
    )

    latencies = [float(r["seconds"]) for r in store.stats_action_latencies(since) if r["seconds"] is not None]
    counts = [0] * len(LATENCY_BUCKETS)
    for s in latencies:
        for i, (limit, _) in enumerate(LATENCY_BUCKETS):
            if s < limit:
                counts[i] += 1
                break
    labels = [label for _, label in LATENCY_BUCKETS]
    latency_chart = charts.stacked_bars("Time from comment to action", labels, [("actions", counts)])
    median = statistics.median(latencies) if latencies else None
    p90 = (
        statistics.quantiles(latencies, n=10)[-1]
        if len(latencies) >= 2
        else (latencies[0] if latencies else None)
    )

    # Queue size at the end of each day: entered on or before that day, not yet out by then.
    ends = [_parse(f"{d}T23:59:59.999999+00:00") for d in day_list]
    sizes = [0] * len(day_list)
    for span in store.stats_queue_spans():
        entered = _parse(span["entered"])
        left = _parse(span["left_at"]) if span["left_at"] else None
        for i, end in enumerate(ends):
            if entered <= end and (left is None or left > end):
                sizes[i] += 1
    queue_chart = charts.line("Items waiting for review at the end of each day", short, sizes)

    acks = ack_latencies(store, since)
    return Stats(
        days=day_list,
        actions_chart=actions_chart,
        actions_table=table,
        categories=categories,
        override_chart=override_chart,
        overrides=overrides,
        latency_chart=latency_chart,
        latency_rows=list(zip(labels, counts, strict=True)),
        latency_median=median,
        latency_p90=p90,
        queue_chart=queue_chart,
        queue_sizes=sizes,
        ack_count=len(acks),
        ack_median=statistics.median(acks) if acks else None,
        ack_p90=statistics.quantiles(acks, n=10)[-1] if len(acks) >= 2 else (acks[0] if acks else None),
    )
