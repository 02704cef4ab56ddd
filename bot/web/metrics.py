"""`/metrics` in the Prometheus text format: figures read from the database at scrape time.

Off unless `[web] metrics = true`. Then a signed-in admin may read it, and so may a scraper on this host
(a direct loopback peer, not a request a proxy forwarded). Each app has its own CollectorRegistry, so
two apps in one process (tests, the demo) never share or double-register collectors.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector

from bot.domain import epoch_seconds
from bot.store import Store
from bot.store.ops import unacknowledged_urgent_count

ENDPOINT = "metrics.metrics"
bp = Blueprint("metrics", __name__)


class StoreCollector(Collector):
    """Every figure is a query at scrape time: nothing is counted in memory, so restarts lose nothing."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        q = self.store._query
        archived = CounterMetricFamily(
            "modbot_comments_archived", "Comments in the archive (distinct, any version)", labels=["platform"]
        )
        for r in q(
            "SELECT platform, COUNT(DISTINCT uid) AS n FROM comments GROUP BY platform ORDER BY platform"
        ):
            archived.add_metric([r["platform"]], float(r["n"]))
        yield archived

        verdicts = CounterMetricFamily(
            "modbot_verdicts",
            "Verdicts by action and category (a verdict with several categories counts once in each; "
            "none: no category)",
            labels=["action", "category"],
        )
        for r in q(
            """SELECT v.action AS action, COALESCE(j.value, 'none') AS category, COUNT(*) AS n
               FROM verdicts v LEFT JOIN json_each(CASE WHEN json_valid(v.categories) THEN v.categories
                                                        ELSE '[]' END) j
               GROUP BY 1, 2 ORDER BY 1, 2"""
        ):
            verdicts.add_metric([r["action"], str(r["category"])], float(r["n"]))
        yield verdicts

        actions = GaugeMetricFamily(
            "modbot_actions", "Action journal rows by kind and status", labels=["kind", "status"]
        )
        for r in q(
            "SELECT kind, status, COUNT(*) AS n FROM actions GROUP BY kind, status ORDER BY kind, status"
        ):
            actions.add_metric([r["kind"], r["status"]], float(r["n"]))
        yield actions

        alerts = GaugeMetricFamily(
            "modbot_alerts", "Alerts by channel and status", labels=["channel", "status"]
        )
        for r in q(
            "SELECT channel, status, COUNT(*) AS n FROM alerts GROUP BY channel, status ORDER BY 1, 2"
        ):
            alerts.add_metric([r["channel"], r["status"]], float(r["n"]))
        yield alerts

        success = GaugeMetricFamily(
            "modbot_page_last_success_timestamp_seconds",
            "When the page's last successful poll finished (Unix time)",
            labels=["page", "platform"],
        )
        polled = GaugeMetricFamily(
            "modbot_page_last_poll_timestamp_seconds",
            "When the page was last polled, successfully or not (Unix time)",
            labels=["page", "platform"],
        )
        duration = GaugeMetricFamily(
            "modbot_page_last_poll_duration_seconds",
            "How long the page's last completed poll took (fetch, archive, judge, act)",
            labels=["page", "platform"],
        )
        for s in self.store.page_statuses():
            labels = [s["page"], s["platform"]]
            if (t := epoch_seconds(s.get("last_success_at"))) is not None:
                success.add_metric(labels, t)
            if (t := epoch_seconds(s.get("last_poll_at"))) is not None:
                polled.add_metric(labels, t)
            if s.get("last_poll_seconds") is not None:
                duration.add_metric(labels, float(s["last_poll_seconds"]))
        yield success
        yield polled
        yield duration

        queue = GaugeMetricFamily("modbot_review_queue", "Verdicts by review status", labels=["status"])
        for r in q("SELECT review_status, COUNT(*) AS n FROM verdicts GROUP BY review_status ORDER BY 1"):
            queue.add_metric([r["review_status"]], float(r["n"]))
        yield queue

        # As the re-alerting reads it (bot.escalation): urgent, still open, nobody has taken it in hand.
        unacked = unacknowledged_urgent_count(self.store)
        yield GaugeMetricFamily(
            "modbot_urgent_unacknowledged",
            "Urgent verdicts still open that nobody has acknowledged",
            value=float(unacked),
        )


def _loopback_peer() -> bool:
    """The direct peer is this host, and no proxy stands between: a request the app's proxy handling
    rewrote, or one carrying forwarding headers (a proxy on this host the config does not name), is not."""
    if "modbot.proxy_peer" in request.environ:
        return False
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address((request.remote_addr or "").strip()).is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics() -> Response:
    registry: CollectorRegistry | None = current_app.extensions.get("modbot_metrics")
    if registry is None:
        abort(404)
    user = g.get("user")
    if not (user and user["role"] == "admin") and not _loopback_peer():
        abort(403, description="Metrics are for admins and for a scraper on this host.")
    return Response(generate_latest(registry), mimetype=None, content_type=CONTENT_TYPE_LATEST)


def register_metrics(app: Flask, store: Store, enabled: bool) -> None:
    """Route /metrics (always, so that disabled answers 404 rather than a sign-in redirect); collect only
    when enabled, into a registry of the app's own."""
    if enabled:
        registry = CollectorRegistry()
        registry.register(StoreCollector(store))
        app.extensions["modbot_metrics"] = registry
    app.register_blueprint(bp)
