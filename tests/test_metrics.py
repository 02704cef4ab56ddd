"""/metrics: Prometheus text read from a real database at scrape time; off by default; admins and local scrapers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Platform
from bot.moderation import Moderator
from bot.pipeline import Pipeline
from bot.platforms import make_connector
from bot.policy import load_policy
from bot.sandbox.sandbox import Sandbox
from bot.store import Store
from bot.store.ops import acknowledge
from bot.web import create_app
from tests.browser.seed import comment, judge, seed_plain, verdict
from tests.conftest import login
from tests.test_daemon import POLICY, KeywordScorer

# Every test here runs with the review app's users in the store (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("users")

REMOTE = {"REMOTE_ADDR": "203.0.113.9"}
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def ids(store):
    ids = seed_plain(store)
    # A second urgent verdict, acknowledged: it must not count as unacknowledged.
    ids["acked"] = judge(
        store, comment("c9", "Another threat", minutes_ago=5), verdict("hide", "threat", urgent=True)
    )
    acknowledge(store, ids["acked"], "ada")
    act = Action(
        kind=ActionKind.HIDE,
        comment_uid="facebook:lcpd:c2",
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        comment_id="c2",
    )
    row = store.journal_action(act, "k1", ids["urgent_threat"])
    store.complete_action(int(row["id"]), ActionResult(action=act, status=ActionStatus.DONE))
    store.journal_action(
        Action(
            kind=ActionKind.HIDE,
            comment_uid="reddit:x:c3",
            platform=Platform.REDDIT,
            page_id="LasCrucesPD",
            comment_id="c3",
        ),
        "k2",
    )
    alert = store.record_alert(ids["urgent_threat"], "facebook:lcpd:c2", "email")
    store.finish_alert(int(alert["id"]), sent=True)
    store.record_alert(ids["urgent_threat"], "facebook:lcpd:c2", "webhook")
    store.update_page_status(
        "lcpd-facebook",
        "facebook",
        "lcpd",
        state="ok",
        last_poll_at="2026-12-01T10:00:05+00:00",
        last_success_at="2026-12-01T10:00:00+00:00",
    )
    return ids


def scrape(client, environ=LOCAL):
    r = client.get("/metrics", environ_base=environ)
    assert r.status_code == 200, r.status_code
    samples = {}
    for fam in text_string_to_metric_families(r.get_data(as_text=True)):
        for s in fam.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return r, samples


def by(samples, name):
    return {labels: v for (n, labels), v in samples.items() if n == name}


def test_figures_equal_the_database(store, ids):
    app = create_app(store, metrics=True)
    r, samples = scrape(app.test_client())
    assert r.headers["Content-Type"].startswith("text/plain; version=")
    q = store._query
    archived = {
        (("platform", x["platform"]),): float(x["n"])
        for x in q("SELECT platform, COUNT(DISTINCT uid) AS n FROM comments GROUP BY platform")
    }
    assert by(samples, "modbot_comments_archived_total") == archived
    assert archived == {(("platform", "facebook"),): 5.0, (("platform", "reddit"),): 1.0}
    verdicts = by(samples, "modbot_verdicts_total")
    assert verdicts[(("action", "hide"), ("category", "threat"))] == 2.0
    assert verdicts[(("action", "hide"), ("category", "spam"))] == 1.0
    assert sum(verdicts.values()) == q("SELECT COUNT(*) AS n FROM verdicts")[0]["n"]
    assert by(samples, "modbot_actions") == {
        (("kind", "hide"), ("status", "done")): 1.0,
        (("kind", "hide"), ("status", "pending")): 1.0,
    }
    assert by(samples, "modbot_alerts") == {
        (("channel", "email"), ("status", "sent")): 1.0,
        (("channel", "webhook"), ("status", "pending")): 1.0,
    }
    page = (("page", "lcpd-facebook"), ("platform", "facebook"))
    success = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC).timestamp()
    assert by(samples, "modbot_page_last_success_timestamp_seconds") == {page: success}
    assert by(samples, "modbot_page_last_poll_timestamp_seconds") == {page: success + 5}
    queue = by(samples, "modbot_review_queue")
    for x in q("SELECT review_status, COUNT(*) AS n FROM verdicts GROUP BY review_status"):
        assert queue[(("status", x["review_status"]),)] == float(x["n"])
    assert by(samples, "modbot_urgent_unacknowledged") == {(): 1.0}

    # Read at scrape time: a new comment shows at the next scrape, without restarting the app.
    judge(store, comment("c10", "Yet another", platform=Platform.REDDIT, page_id="LasCrucesPD"), verdict())
    _, again = scrape(app.test_client())
    assert by(again, "modbot_comments_archived_total")[(("platform", "reddit"),)] == 2.0


def test_off_by_default(store, ids):
    app = create_app(store)
    assert app.test_client().get("/metrics", environ_base=LOCAL).status_code == 404
    client = app.test_client()
    assert login(client, "ada").status_code == 302
    assert client.get("/metrics").status_code == 404


def test_remote_non_admin_refused_admin_allowed(store, ids):
    app = create_app(store, metrics=True)
    assert app.test_client().get("/metrics", environ_base=REMOTE).status_code == 403
    mod = app.test_client()
    assert login(mod, "mia").status_code == 302
    assert mod.get("/metrics", environ_base=REMOTE).status_code == 403
    admin = app.test_client()
    assert login(admin, "ada").status_code == 302
    _, samples = scrape(admin, REMOTE)
    assert by(samples, "modbot_urgent_unacknowledged") == {(): 1.0}
    _, local = scrape(app.test_client(), {"REMOTE_ADDR": "::1"})
    assert local == samples


def test_forwarded_request_is_not_loopback(store, ids):
    # A trusted proxy on this host forwarding a remote client: the client is remote.
    app = create_app(store, metrics=True, trusted_proxies=("127.0.0.1",))
    fwd = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert app.test_client().get("/metrics", environ_base=fwd).status_code == 403
    # A proxy on this host the config does not name: the forwarding header alone refuses it.
    plain = create_app(store, metrics=True)
    assert plain.test_client().get("/metrics", environ_base=fwd).status_code == 403
    assert plain.test_client().get("/metrics", environ_base=LOCAL).status_code == 200


def test_config_key(tmp_path):
    from bot.config import ConfigError, load_settings

    base = f"[modbot]\ndb = '{tmp_path}/x.db'\n"
    (tmp_path / "a.toml").write_text(base)
    assert load_settings(tmp_path / "a.toml").web.metrics is False
    (tmp_path / "b.toml").write_text(base + "[web]\nmetrics = true\n")
    assert load_settings(tmp_path / "b.toml").web.metrics is True
    (tmp_path / "c.toml").write_text(base + '[web]\nmetrics = "yes"\n')
    with pytest.raises(ConfigError, match="web.metrics"):
        load_settings(tmp_path / "c.toml")


def test_a_real_poll_records_its_duration_and_metrics_shows_it(store: Store) -> None:
    """A poll cycle against the sandbox stores how long it took in page_status; /metrics exposes it."""

    def seed(sb: Sandbox) -> None:
        post = sb.insert_post("facebook", "Road closed on Lohman", created=time.time() - 600)
        sb.insert_comment("facebook", post.id, "when does it reopen?", author="Ann", created=time.time() - 60)

    sb = Sandbox.start(seed=seed, platforms=("facebook",))
    try:
        page = sb.page_config("facebook")
        report = Pipeline(store, Moderator(load_policy(POLICY), KeywordScorer())).run_cycle(
            page, make_connector(page, sb.environ)
        )
    finally:
        sb.stop()
    assert report.fetched == 1
    (status,) = store.page_statuses()
    assert status["last_poll_seconds"] > 0
    assert status["last_poll_seconds"] == pytest.approx(report.seconds)

    _, samples = scrape(create_app(store, metrics=True).test_client())
    labels = (("page", page.name), ("platform", "facebook"))
    assert by(samples, "modbot_page_last_poll_duration_seconds") == {labels: status["last_poll_seconds"]}
