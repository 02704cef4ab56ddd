"""Comments their authors delete on the platform: a recheck marks them deleted_by_author (never drops them),
on all four platforms via the sandbox; hidden comments, posts out of the window and failed checks do not."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.actions import carry_out
from bot.cli import main
from bot.domain import Action, ActionKind, ActionStatus, Platform
from bot.export import DateRange, export_records
from bot.moderation import Moderator
from bot.pipeline import Pipeline
from bot.platforms import make_connector
from bot.platforms.base import Connector
from bot.policy import load_policy
from bot.sandbox.sandbox import Sandbox
from bot.store import Store
from tests.test_daemon import BENIGN, CRITICISM, POLICY, THREAT, KeywordScorer

PLATFORMS = ["facebook", "instagram", "x", "reddit"]
# The sandbox endpoint that answers each connector's comments_gone lookup.
LOOKUP_ENDPOINT = {"facebook": "object", "instagram": "object", "x": "lookup_many", "reddit": "info"}
OTHER = "See you at the community meeting on Thursday."


class World:
    """A sandbox with one post and three comments on it, a store, and a pipeline, for one platform."""

    def __init__(self, platform: str, tmp_path: Path, **page: Any) -> None:
        self.platform = platform
        self.sb = Sandbox.start(seed=None, platforms=(platform,))
        self.post = self.sb.insert_post(
            platform, "Traffic advisory: Lohman Ave. closed.", created=time.time() - 3600
        )
        self.ids = [
            self.sb.insert_comment(
                platform, self.post.id, text, author=f"Person {n}", created=time.time() - 900 + n
            ).id
            for n, text in enumerate([BENIGN, CRITICISM, OTHER])
        ]
        self.page = self.sb.page_config(platform, **page)
        self.connector: Connector = make_connector(self.page, self.sb.environ)
        self.store = Store(tmp_path / f"{platform}.db")
        self.pipeline = Pipeline(self.store, Moderator(load_policy(POLICY), KeywordScorer()))

    def uid(self, comment_id: str) -> str:
        return f"{self.platform}:{comment_id}"

    def state(self, comment_id: str) -> str | None:
        return self.store.comment_state(self.uid(comment_id))

    def gone_rows(self, comment_id: str | None = None) -> list[dict[str, Any]]:
        rows = self.store._query("SELECT * FROM audit WHERE event = 'comment_gone' ORDER BY id")
        return [r for r in rows if comment_id is None or r["subject"] == self.uid(comment_id)]

    def close(self) -> None:
        self.connector.close()
        self.store.close()
        self.sb.stop()


@pytest.fixture(params=PLATFORMS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    w = World(request.param, tmp_path)
    yield w
    w.close()


def test_recheck_marks_a_comment_its_author_deleted_and_keeps_it(world: World) -> None:
    w = world
    assert w.pipeline.run_cycle(w.page, w.connector).archived == 3
    gone, kept = w.ids[1], [w.ids[0], w.ids[2]]
    w.sb.delete_comment(w.platform, gone)

    # A normal poll reads only what is new: it cannot tell, and changes nothing.
    w.pipeline.run_cycle(w.page, w.connector)
    assert w.state(gone) == "visible" and not w.gone_rows()

    w.sb.clear_requests()
    report = w.pipeline.run_cycle(w.page, w.connector, recheck=True)
    assert report.gone_checked == 1 and report.gone == 1 and report.gone_check_error is None
    assert w.state(gone) == "deleted_by_author"
    assert [w.state(c) for c in kept] == ["visible", "visible"]
    # The archive still holds the comment, word for word.
    assert [v["text"] for v in w.store.comment_versions(w.uid(gone))] == [CRITICISM]
    (row,) = w.gone_rows(gone)
    details = json.loads(row["details"])
    assert row["actor"] == "modbot" and details["state_before"] == "visible"
    assert (
        f"missing from a full listing of {'the page' if w.platform == 'reddit' else 'post ' + w.post.id}"
        in (details["evidence"])
    )
    # Exactly one extra request: the lookup that proved it (one per comment on Graph, per 100 on X/Reddit).
    # (A Reddit recheck also re-reads its posts' text: one /api/info call of t3_ fullnames, counted apart.)
    lookups = [
        r
        for r in w.sb.requests
        if r.endpoint == LOOKUP_ENDPOINT[w.platform] and not str(r.params.get("id", "")).startswith("t3_")
    ]
    post_lookups = [r for r in w.sb.requests if str(r.params.get("id", "")).startswith("t3_")]
    assert len(post_lookups) == (1 if w.platform == "reddit" else 0)
    assert len(lookups) == 1 and gone in lookups[0].path + json.dumps(lookups[0].params)
    assert w.store.verify_audit()[1] == []

    # Once marked, it is no longer a candidate: a second recheck asks nothing and writes nothing.
    audit_before = w.store.count("audit")
    again = w.pipeline.run_cycle(w.page, w.connector, recheck=True)
    assert again.gone_checked == 0 and again.gone == 0 and w.store.count("audit") == audit_before


def test_a_comment_hidden_by_the_bot_is_not_taken_for_deleted(world: World) -> None:
    w = world
    threat = w.sb.insert_comment(
        w.platform, w.post.id, THREAT, author="Person T", created=time.time() - 60
    ).id
    w.pipeline.run_cycle(w.page, w.connector)
    assert w.state(threat) == "hidden"  # the bot hid it (a mod removal on Reddit)
    report = w.pipeline.run_cycle(w.page, w.connector, recheck=True)
    assert report.gone == 0 and w.state(threat) == "hidden" and not w.gone_rows()
    # Even asked directly, the platform's lookup says a hidden/removed comment still exists...
    assert w.connector.comments_gone([threat, w.ids[0]]) == {}
    # ...and once its author deletes it, it is gone (its state before is kept in the audit row).
    w.sb.delete_comment(w.platform, threat)
    assert set(w.connector.comments_gone([threat, w.ids[0]])) == {threat}
    assert w.pipeline.run_cycle(w.page, w.connector, recheck=True).gone == 1
    assert json.loads(w.gone_rows(threat)[0]["details"])["state_before"] == "hidden"


def test_a_comment_we_deleted_stays_deleted_not_deleted_by_author(tmp_path: Path) -> None:
    w = World("facebook", tmp_path)
    try:
        w.pipeline.run_cycle(w.page, w.connector)
        action = Action(
            kind=ActionKind.DELETE,
            comment_uid=w.uid(w.ids[0]),
            platform=Platform.FACEBOOK,
            page_id=w.page.page_id,
            comment_id=w.ids[0],
            actor="mia",
        )
        assert carry_out(w.store, w.connector, action, "test-delete").status is ActionStatus.DONE
        assert w.state(w.ids[0]) == "deleted"
        report = w.pipeline.run_cycle(w.page, w.connector, recheck=True)
        assert report.gone_checked == 0 and w.state(w.ids[0]) == "deleted" and not w.gone_rows()

        # The other way round: a moderator's hide on a comment its author deleted ends "already gone",
        # and must not turn the record into "hidden".
        w.sb.delete_comment("facebook", w.ids[1])
        assert w.pipeline.run_cycle(w.page, w.connector, recheck=True).gone == 1
        hide = Action(
            kind=ActionKind.HIDE,
            comment_uid=w.uid(w.ids[1]),
            platform=Platform.FACEBOOK,
            page_id=w.page.page_id,
            comment_id=w.ids[1],
            actor="mia",
        )
        result = carry_out(w.store, w.connector, hide, "test-hide")
        assert result.status is ActionStatus.DONE and w.state(w.ids[1]) == "deleted_by_author"
    finally:
        w.close()


@pytest.mark.parametrize("platform", ["facebook", "instagram", "x"])
def test_a_post_that_left_the_posts_window_is_no_evidence(tmp_path: Path, platform: str) -> None:
    # X lists at least 5 posts per request; Facebook/Instagram take posts_limit as it is.
    limit = 5 if platform == "x" else 1
    w = World(platform, tmp_path, posts_limit=limit)
    try:
        w.pipeline.run_cycle(w.page, w.connector)
        for n in range(limit):  # newer posts push the first one out of the window
            newer = w.sb.insert_post(platform, f"Update {n}", created=time.time() - 100 + n)
            w.sb.insert_comment(platform, newer.id, OTHER, author="Person N", created=time.time() - 50 + n)
        w.sb.delete_comment(platform, w.ids[0])  # even a real deletion there is not seen without a listing
        report = w.pipeline.run_cycle(w.page, w.connector, recheck=True)
        assert report.archived == limit and report.gone_checked == 0 and report.gone == 0
        assert [w.state(c) for c in w.ids] == ["visible"] * 3 and not w.gone_rows()
    finally:
        w.close()


def test_a_failed_check_changes_nothing_and_the_next_recheck_finishes_it(world: World) -> None:
    w = world
    w.pipeline.run_cycle(w.page, w.connector)
    w.sb.delete_comment(w.platform, w.ids[2])
    w.sb.faults.set(w.platform, LOOKUP_ENDPOINT[w.platform], "503")
    audit_before = w.store.count("audit")
    report = w.pipeline.run_cycle(w.page, w.connector, recheck=True)  # the cycle itself completes
    assert report.gone_checked == 1 and report.gone == 0
    assert report.gone_check_error is not None and "TransientError" in report.gone_check_error
    assert w.state(w.ids[2]) == "visible" and w.store.count("audit") == audit_before
    w.sb.clear_faults()
    assert w.pipeline.run_cycle(w.page, w.connector, recheck=True).gone == 1
    assert w.state(w.ids[2]) == "deleted_by_author"


def test_a_wrong_mark_is_undone_when_the_comment_is_listed_again(tmp_path: Path) -> None:
    w = World("facebook", tmp_path)
    try:
        w.pipeline.run_cycle(w.page, w.connector)
        assert w.store.mark_deleted_by_author({w.uid(w.ids[0]): "test"}) == [w.uid(w.ids[0])]
        w.pipeline.run_cycle(w.page, w.connector, recheck=True)
        assert w.state(w.ids[0]) == "visible"
        events = [r["event"] for r in w.store.audit_rows(subject=w.uid(w.ids[0]))]
        assert events[-2:] == ["comment_gone", "comment_reappeared"]
    finally:
        w.close()


def test_reddit_listing_proves_only_the_span_it_covers(tmp_path: Path) -> None:
    w = World("reddit", tmp_path)
    try:
        fetched = w.connector.fetch_new_comments(None)
        (scope,) = fetched.complete
        oldest = min(c.created_at.timestamp() for c in fetched.comments)
        assert scope.post_id is None and scope.since is not None
        assert oldest < scope.since.timestamp() <= oldest + 1
        assert scope.comment_ids == {c.id for c in fetched.comments}
    finally:
        w.close()


def test_export_and_flagged_show_deleted_by_author(tmp_path: Path) -> None:
    w = World("facebook", tmp_path)
    try:
        threat = w.sb.insert_comment(
            "facebook", w.post.id, THREAT, author="Person T", created=time.time() - 60
        ).id
        w.pipeline.run_cycle(w.page, w.connector)
        w.sb.delete_comment("facebook", threat)
        w.pipeline.run_cycle(w.page, w.connector, recheck=True)
        (item,) = [r for r in w.store.review_queue() if r["comment_id"] == threat]
        assert item["state"] == "deleted_by_author"

        today = datetime.now(UTC).date()
        for fmt in ("json", "csv"):
            out = io.StringIO()
            export_records(w.store, DateRange(today - timedelta(days=1), today), fmt, out)
            if fmt == "json":
                (rec,) = [c for c in json.loads(out.getvalue())["comments"] if c["comment_id"] == threat]
                assert rec["current_state"] == "deleted_by_author"
                assert rec["current_state_label"] == "deleted by author"
                assert [v["text"] for v in rec["versions"]] == [THREAT]
            else:
                rows = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["comment_id"] == threat]
                assert rows and {r["current_state"] for r in rows} == {"deleted_by_author"}
        flagged = CliRunner().invoke(main, ["flagged", "--db", w.store.path], catch_exceptions=False)
        assert flagged.exit_code == 0 and "deleted by author" in flagged.output
        as_json = CliRunner().invoke(
            main, ["flagged", "--json", "--db", w.store.path], catch_exceptions=False
        )
        assert json.loads(as_json.output.splitlines()[0])["state"] == "deleted_by_author"
    finally:
        w.close()


def test_review_app_shows_deleted_by_author_and_refuses_to_act(tmp_path: Path) -> None:
    from bot.web import create_app
    from tests.browser.seed import add_users, seed_plain
    from tests.conftest import signed_in

    with Store(tmp_path / "web.db") as store:
        add_users(store)
        ids = seed_plain(store)
        uid = store.review_item(ids["urgent_threat"])["comment_uid"]
        store.mark_deleted_by_author({uid: "test: missing from a full listing; GET: 100/33"})
        client, csrf = signed_in(create_app(store))
        queue = client.get("/queue").get_data(as_text=True)
        assert 'class="badge state-deleted_by_author"' in queue and "deleted by author" in queue
        page = client.get(f"/item/{ids['urgent_threat']}").get_data(as_text=True)
        assert "Its author deleted this comment" in page
        for button in ("restore", "delete"):
            assert re.search(rf'value="{button}"[^>]*disabled', page), button
        answer = client.post(
            f"/item/{ids['urgent_threat']}/decide",
            data={"csrf_token": csrf, "decision": "restore"},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "its author deleted the comment on the platform" in answer
        assert store.comment_state(uid) == "deleted_by_author" and store.actions_for(uid) == []
