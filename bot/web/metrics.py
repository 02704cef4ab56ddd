"""`/metrics` in the Prometheus text format: figures read from the database at scrape time.

Off unless `[web] metrics = true`. Then a signed-in admin may read it, and so may a scraper on this host
(a direct loopback peer, not a request a proxy forwarded). Each app has its own CollectorRegistry, so
two apps in one process (tests, the demo) never share or double-register collectors.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence

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

    def _counted(
        self,
        family: type[CounterMetricFamily | GaugeMetricFamily],
        name: str,
        documentation: str,
        labels: Sequence[str],
        sql: str,
    ) -> Metric:
        """A metric with one sample per row of a GROUP BY query: the row's `labels` columns (the query names
        its columns as the labels) and its count `n`."""
        metric = family(name, documentation, labels=labels)
        for r in self.store._query(sql):
            metric.add_metric([str(r[label]) for label in labels], float(r["n"]))
        return metric

    def collect(self) -> Iterator[Metric]:
        yield self._counted(
            CounterMetricFamily,
            "modbot_comments_archived",
            "Comments in the archive (distinct, any version)",
            ["platform"],
            "SELECT platform, COUNT(DISTINCT uid) AS n FROM comments GROUP BY platform ORDER BY platform",
        )
        yield self._counted(
            CounterMetricFamily,
            "modbot_verdicts",
            "Verdicts by action and category (a verdict with several categories counts once in each; "
            "none: no category)",
            ["action", "category"],
            """SELECT v.action AS action, COALESCE(j.value, 'none') AS category, COUNT(*) AS n
               FROM verdicts v LEFT JOIN json_each(CASE WHEN json_valid(v.categories) THEN v.categories
                                                        ELSE '[]' END) j
               GROUP BY 1, 2 ORDER BY 1, 2""",
        )
        yield self._counted(
            GaugeMetricFamily,
            "modbot_actions",
            "Action journal rows by kind and status",
            ["kind", "status"],
            "SELECT kind, status, COUNT(*) AS n FROM actions GROUP BY kind, status ORDER BY kind, status",
        )
        yield self._counted(
            GaugeMetricFamily,
            "modbot_alerts",
            "Alerts by channel and status",
            ["channel", "status"],
            "SELECT channel, status, COUNT(*) AS n FROM alerts GROUP BY channel, status ORDER BY 1, 2",
        )

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
            if (seconds := s.get("last_poll_seconds")) is not None:
                duration.add_metric(labels, float(seconds))
        yield success
        yield polled
        yield duration

        yield self._counted(
            GaugeMetricFamily,
            "modbot_review_queue",
            "Verdicts by review status",
            ["status"],
            "SELECT review_status AS status, COUNT(*) AS n FROM verdicts GROUP BY review_status ORDER BY 1",
        )

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
