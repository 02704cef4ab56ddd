"""Records export: the post each comment answers, as archived, and every version of it, in every format
(CSV, JSON, the --with-media ZIP, the review app's download)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.export import CSV_COLUMNS, collect_posts, collect_records, parse_range
from bot.store import Store
from bot.store import media as store_media
from bot.store.core import text_sha256
from bot.web import create_app
from tests.browser.seed import PASSWORD, add_users, comment

# The columns the export had before the post columns were appended: consumers read them by position too.
COLUMNS_BEFORE_POSTS = [
    "uid",
    "record",
    "record_id",
    "at",
    "platform",
    "page_id",
    "post_id",
    "comment_id",
    "parent_id",
    "author_id",
    "author_name",
    "comment_created_at",
    "current_state",
    "comment_version",
    "verdict_id",
    "kind",
    "status",
    "actor",
    "text",
    "text_sha256",
    "rule_id",
    "clause",
    "categories",
    "score",
    "detail",
    "permalink",
    "media",
    "policy_version",
    "scores",
    "media_sha256",
]
POST_V1 = "Road closed on Lohman Ave until 5pm."
POST_V2 = "=Road closed on Lohman Ave until 7pm (updated)."  # edited; a leading = is defused in CSV
RANGE = ("2026-03-01", "2026-03-31")


def on_post(cid: str, text: str, post_id: str) -> object:
    return dataclasses.replace(
        comment(cid, text), post_id=post_id, created_at=datetime(2026, 3, 2, 9, tzinfo=UTC)
    )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "posts.db"
    with Store(path) as s:
        add_users(s)
        store_media.archive_posts(
            s, [store_media.PostText(platform="facebook", page_id="lcpd", post_id="p1", text=POST_V1)]
        )
        store_media.archive_posts(
            s, [store_media.PostText(platform="facebook", page_id="lcpd", post_id="p1", text=POST_V2)]
        )
        s.archive_comment(on_post("c1", "Which detour do we take?", "p1"))
        s.archive_comment(on_post("c2", "Thanks for the update", "p1"))
        # Its post was never archived (the platform gave no text for it): an empty post text, no error.
        s.archive_comment(on_post("c3", "What happened here?", "p-gone"))
        # A post no exported comment answers stays out of the export.
        store_media.archive_posts(
            s,
            [store_media.PostText(platform="facebook", page_id="lcpd", post_id="p-other", text="Unrelated")],
        )
    return path


def cli_export(path, *extra: str) -> str:
    result = CliRunner().invoke(
        main,
        ["export", "--from", RANGE[0], "--to", RANGE[1], "--db", str(path), *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def check_json(doc: dict) -> None:
    by_id = {c["comment_id"]: c for c in doc["comments"]}
    for cid in ("c1", "c2"):
        assert by_id[cid]["post_id"] == "p1"
        assert by_id[cid]["post_text"] == POST_V2  # the post's latest archived text
        assert by_id[cid]["post_text_sha256"] == text_sha256(POST_V2)
        assert by_id[cid]["post_version"] == 2
    assert by_id["c3"]["post_id"] == "p-gone"
    assert by_id["c3"]["post_text"] is None and by_id["c3"]["post_version"] is None
    assert doc["export"]["posts"] == 1
    [post] = doc["posts"]
    assert (post["platform"], post["page_id"], post["post_id"], post["text"]) == (
        "facebook",
        "lcpd",
        "p1",
        POST_V2,
    )
    assert [(v["version"], v["text"], v["text_sha256"]) for v in post["versions"]] == [
        (1, POST_V1, text_sha256(POST_V1)),
        (2, POST_V2, text_sha256(POST_V2)),
    ]
    assert all(v["archived_at"] for v in post["versions"])


def check_csv(text: str) -> None:
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header[: len(COLUMNS_BEFORE_POSTS)] == COLUMNS_BEFORE_POSTS  # appended, not reordered
    assert header[len(COLUMNS_BEFORE_POSTS) :] == ["post_text", "post_text_sha256", "post_version"]
    comment_rows = [r for r in rows if r["record"] == "version"]
    assert [(r["comment_id"], r["post_id"]) for r in comment_rows] == [
        ("c1", "p1"),
        ("c2", "p1"),
        ("c3", "p-gone"),
    ]
    for r in comment_rows[:2]:
        assert r["post_text"] == "'" + POST_V2  # defused like every text cell; the SHA-256 names the original
        assert r["post_text_sha256"] == text_sha256(POST_V2) and r["post_version"] == "2"
    assert comment_rows[2]["post_text"] == "" and comment_rows[2]["post_version"] == ""
    post_rows = [r for r in rows if r["record"] == "post_version"]
    assert rows[-len(post_rows) :] == post_rows  # after every comment's rows
    assert [(r["post_id"], r["record_id"], r["text"], r["text_sha256"]) for r in post_rows] == [
        ("p1", "1", POST_V1, text_sha256(POST_V1)),
        ("p1", "2", "'" + POST_V2, text_sha256(POST_V2)),
    ]
    assert all(r["at"] and r["uid"] == "" and r["platform"] == "facebook" for r in post_rows)


def test_cli_json_has_each_comments_post_text_and_both_post_versions(db):
    check_json(json.loads(cli_export(db, "--format", "json")))


def test_cli_csv_appends_the_post_columns_and_a_row_per_post_version(db, tmp_path):
    out = tmp_path / "records.csv"
    cli_export(db, "--format", "csv", "--out", str(out))
    check_csv(out.read_text(encoding="utf-8"))
    assert tuple(next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))) == CSV_COLUMNS


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_with_media_zip_holds_the_same_post_records(db, tmp_path, fmt):
    out = tmp_path / "records.zip"
    cli_export(db, "--format", fmt, "--with-media", "--out", str(out))
    with zipfile.ZipFile(out) as archive:
        body = archive.read(f"records.{fmt}").decode("utf-8")
    if fmt == "json":
        check_json(json.loads(body))
    else:
        check_csv(body)


def test_app_download_has_the_post_text_and_versions(db):
    with Store(db) as store:
        app = create_app(store)
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)
        ).group(1)
        client.post("/login", data={"csrf_token": token, "username": "rex", "password": PASSWORD})
        j = client.get(f"/export/download?from={RANGE[0]}&to={RANGE[1]}&format=json")
        assert j.status_code == 200
        check_json(j.get_json())
        c = client.get(f"/export/download?from={RANGE[0]}&to={RANGE[1]}&format=csv")
        assert c.status_code == 200
        check_csv(c.get_data(as_text=True))


def test_posts_of_comments_outside_the_range_are_not_listed(db):
    with Store(db) as store:
        assert collect_posts(store, parse_range("2026-04-01", "2026-04-30")) == []
        assert [p["post_id"] for p in collect_posts(store, parse_range(*RANGE))] == ["p1"]
        assert {r["comment_id"]: r["post_text"] for r in collect_records(store, parse_range(*RANGE))} == {
            "c1": POST_V2,
            "c2": POST_V2,
            "c3": None,
        }
