"""Records export: every comment in the range, every version, hidden and deleted ones too, CSV and JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
from datetime import UTC, datetime

import pytest

from bot.actions import carry_out
from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Media, MediaKind, Platform
from bot.export import (
    CSV_COLUMNS,
    ExportedAction,
    ExportedMedium,
    ExportedPost,
    ExportedPostVersion,
    ExportedVerdict,
    ExportedVersion,
    ExportError,
    ExportRecord,
    collect_records,
    export_records,
    parse_range,
)
from bot.store import Store
from bot.store import media as store_media
from bot.web import create_app
from tests.browser.seed import PASSWORD, add_users, comment, verdict


def at(day: str, text: str, cid: str, **kw):
    return dataclasses.replace(
        comment(cid, text, **kw), created_at=datetime.fromisoformat(day).replace(tzinfo=UTC)
    )


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "export.db")
    # In range: an edited comment (two versions), one hidden and one deleted on the platform.
    s.archive_comment(at("2026-03-01T10:00:00", "first words", "e1"))
    s.archive_comment(at("2026-03-01T10:00:00", "first words, edited later", "e1"))
    for cid, kind, text in (
        ("h1", ActionKind.HIDE, '=HYPERLINK("http://x") hidden one'),
        ("d1", ActionKind.DELETE, "deleted one"),
    ):
        c = at("2026-06-15T23:59:59", text, cid)
        version = s.archive_comment(c).version
        vid = s.record_verdict(c.uid, version, verdict(kind.value, "spam"))
        action = Action(kind=kind, comment_uid=c.uid, platform=c.platform, page_id=c.page_id, comment_id=c.id)
        row = s.journal_action(action, f"auto:{c.uid}:{kind.value}", verdict_id=vid)
        s.complete_action(row["id"], ActionResult(action=action, status=ActionStatus.DONE, detail="ok"))
        s.record_review(c.uid, vid, "mia", "confirm", "clear spam")
    # Outside the range on both sides.
    s.archive_comment(at("2025-12-31T23:59:59", "last year", "old"))
    s.archive_comment(at("2027-01-01T00:00:00", "next year", "new"))
    yield s
    s.close()


def test_range_is_whole_utc_days_with_both_ends_included(store):
    records = collect_records(store, parse_range("2026-01-01", "2026-12-31"))
    assert [r["comment_id"] for r in records] == ["e1", "d1", "h1"]  # by time, then uid
    assert [r["comment_id"] for r in collect_records(store, parse_range("2026-06-15", "2026-06-15"))] == [
        "d1",
        "h1",
    ]
    assert collect_records(store, parse_range("2026-06-16", "2026-12-31")) == []


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-02-01", "2026-01-01"), ("yesterday", "2026-01-01"), ("2026-13-01", "2026-12-01")],
)
def test_bad_ranges_are_refused(start, end):
    with pytest.raises(ExportError):
        parse_range(start, end)


def test_json_keeps_every_version_and_hidden_and_deleted_comments(store):
    buf = io.StringIO()
    assert export_records(store, parse_range("2026-01-01", "2026-12-31"), "json", buf, actor="rex") == 3
    doc = json.loads(buf.getvalue())
    by_id = {c["comment_id"]: c for c in doc["comments"]}
    assert [v["text"] for v in by_id["e1"]["versions"]] == ["first words", "first words, edited later"]
    assert by_id["h1"]["current_state"] == "hidden" and by_id["d1"]["current_state"] == "deleted"
    assert by_id["h1"]["versions"][0]["text"].startswith("=HYPERLINK")  # JSON is exact
    assert by_id["d1"]["actions"][0]["kind"] == "delete" and by_id["d1"]["actions"][0]["status"] == "done"
    assert by_id["d1"]["reviews"][0]["moderator"] == "mia"
    assert by_id["d1"]["verdicts"][0]["categories"] == ["spam"]
    assert doc["export"]["from"] == "2026-01-01" and doc["export"]["comments"] == 3
    exported = [r for r in store.audit_rows() if r["event"] == "records_exported"]
    assert exported[0]["actor"] == "rex" and '"comments":3' in exported[0]["details"]


def test_csv_has_a_row_per_version_verdict_action_and_review_and_defuses_formulas(store):
    buf = io.StringIO()
    export_records(store, parse_range("2026-01-01", "2026-12-31"), "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    kinds = [(r["comment_id"], r["record"]) for r in rows]
    assert kinds == [
        ("e1", "version"), ("e1", "version"),
        ("d1", "version"), ("d1", "verdict"), ("d1", "action"), ("d1", "review"),
        ("h1", "version"), ("h1", "verdict"), ("h1", "action"), ("h1", "review"),
    ]  # fmt: skip
    hidden = rows[6]
    assert hidden["text"].startswith("'=HYPERLINK")  # a spreadsheet shows it instead of running it
    assert hidden["current_state"] == "hidden" and rows[2]["current_state"] == "deleted"
    assert len(hidden["text_sha256"]) == 64
    assert rows[7]["clause"] and rows[7]["rule_id"] == "spam-rule"
    # the CSV alone explains the decision: full policy version and every signal score
    verdict = store.verdict(int(rows[7]["verdict_id"]))
    assert rows[7]["policy_version"] == verdict["policy_version"] and len(rows[7]["policy_version"]) >= 16
    assert json.loads(rows[7]["scores"]) == json.loads(verdict["scores"]) != {}


def test_app_download_for_records_and_admin_only(store, tmp_path):
    add_users(store)
    app = create_app(store)
    for name, status in (("rex", 200), ("ada", 200), ("mia", 403)):
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)
        ).group(1)
        client.post("/login", data={"csrf_token": token, "username": name, "password": PASSWORD})
        r = client.get("/export/download?from=2026-01-01&to=2026-12-31&format=csv")
        assert r.status_code == status, name
        if status == 200:
            assert (
                r.headers["Content-Disposition"]
                == 'attachment; filename="modbot-records-2026-01-01-2026-12-31.csv"'
            )
            assert r.get_data(as_text=True).count("\r\n") == 11
            j = client.get("/export/download?from=2026-01-01&to=2026-12-31&format=json")
            assert len(j.get_json()["comments"]) == 3
            bad = client.get("/export/download?from=2026-12-31&to=2026-01-01&format=csv")
            assert bad.status_code == 302


def test_reddit_and_unknown_state_round_trip(tmp_path):
    with Store(tmp_path / "r.db") as s:
        s.archive_comment(comment("r1", "plain", platform=Platform.REDDIT, page_id="LasCrucesPD"))
        day = datetime.now(UTC).date().isoformat()
        records = collect_records(s, parse_range(day, day))
    assert records[0]["platform"] == "reddit" and records[0]["current_state"] == "visible"
    assert records[0]["verdicts"] == [] and records[0]["actions"] == []


def test_carry_out_is_what_fills_the_actions_export(tmp_path):
    with Store(tmp_path / "c.db") as s:
        c = comment("x1", "text")
        s.archive_comment(c)
        carry_out(
            s,
            None,
            Action(
                kind=ActionKind.HIDE,
                comment_uid=c.uid,
                platform=c.platform,
                page_id=c.page_id,
                comment_id=c.id,
            ),
            "k1",
            dry_run=True,
        )
        day = datetime.now(UTC).date().isoformat()
        record = collect_records(s, parse_range(day, day))[0]
    assert [(a["kind"], a["status"]) for a in record["actions"]] == [("hide", "dry_run")]


# The export's exact shape, as consumers (spreadsheets, scripts) read it: the CSV header in order, and every
# JSON object's keys in order. A change here is a change to the export format, not a refactoring.
CSV_HEADER = (
    "uid,record,record_id,at,platform,page_id,post_id,comment_id,parent_id,author_id,author_name,"
    "comment_created_at,current_state,comment_version,verdict_id,kind,status,actor,text,text_sha256,rule_id,"
    "clause,categories,score,detail,permalink,media,policy_version,scores,media_sha256,post_text,"
    "post_text_sha256,post_version"
)
JSON_KEYS = {
    "document": ["export", "comments", "posts"],
    "export": ["format_version", "generated_at", "from", "to", "comments", "note", "posts"],
    "comment": [
        "uid", "platform", "page_id", "post_id", "comment_id", "parent_id", "author_id", "author_name",
        "created_at", "permalink", "current_state", "current_state_label", "state_updated_at", "versions",
        "verdicts", "actions", "reviews", "media", "post_text", "post_text_sha256", "post_version",
    ],
    "version": [
        "version", "text", "text_sha256", "archived_at", "hidden_when_fetched", "author_name", "permalink",
        "media", "raw", "post_version",
    ],
    "verdict": [
        "id", "comment_uid", "comment_version", "created_at", "action", "urgent", "score", "rule_id", "clause",
        "reason", "reply", "policy_version", "scorer", "dry_run", "review_status", "updated_at", "categories",
        "scores", "matches",
    ],
    "action": [
        "id", "idempotency_key", "comment_uid", "verdict_id", "kind", "platform", "page_id", "comment_id",
        "text", "actor", "reason", "status", "attempts", "detail", "response", "created_at", "updated_at",
        "finished_at", "next_attempt_at",
    ],
    "review": ["id", "comment_uid", "verdict_id", "moderator", "decision", "note", "created_at"],
    "medium": [
        "position", "kind", "role", "url", "status", "sha256", "content_type", "size", "file", "error",
        "fetched_at",
    ],
    "post": [
        "platform", "page_id", "post_id", "created_at", "permalink", "text", "text_sha256", "archived_at",
        "versions",
    ],
    "post_version": ["version", "text", "text_sha256", "archived_at"],
}  # fmt: skip


def test_csv_header_and_json_keys_are_exactly_the_published_format(store):
    store_media.archive_posts(
        store, [store_media.PostText(platform="facebook", page_id="lcpd", post_id="p1", text="Parade today")]
    )
    c = at("2026-06-15T12:00:00", "look", "m1", media=(Media(MediaKind.PHOTO, "http://127.0.0.1/a.jpg"),))
    store.archive_comment(c)
    store_media.queue_media(store, [c])
    [due] = store_media.due_media(store, "facebook", "lcpd", now=time.time(), limit=10)
    store_media.record_stored(store, due, b"\xff\xd8jpeg", "image/jpeg")
    dates = parse_range("2026-01-01", "2026-12-31")

    buf = io.StringIO()
    export_records(store, dates, "csv", buf)
    assert buf.getvalue().split("\r\n", 1)[0] == CSV_HEADER
    assert ",".join(CSV_COLUMNS) == CSV_HEADER

    buf = io.StringIO()
    export_records(store, dates, "json", buf)
    doc = json.loads(buf.getvalue())
    judged = next(r for r in doc["comments"] if r["comment_id"] == "d1")
    with_media = next(r for r in doc["comments"] if r["comment_id"] == "m1")
    found = {
        "document": doc,
        "export": doc["export"],
        "comment": judged,
        "version": judged["versions"][0],
        "verdict": judged["verdicts"][0],
        "action": judged["actions"][0],
        "review": judged["reviews"][0],
        "medium": with_media["media"][0],
        "post": doc["posts"][0],
        "post_version": doc["posts"][0]["versions"][0],
    }
    assert {name: list(obj) for name, obj in found.items()} == JSON_KEYS
    # The types the export's callers see name the same keys, in the same order.
    for name, shape in (
        ("comment", ExportRecord),
        ("version", ExportedVersion),
        ("verdict", ExportedVerdict),
        ("action", ExportedAction),
        ("medium", ExportedMedium),
        ("post", ExportedPost),
        ("post_version", ExportedPostVersion),
    ):
        assert list(shape.__annotations__) == JSON_KEYS[name], name
