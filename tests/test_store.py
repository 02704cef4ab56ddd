"""Store: migrations, archive versions, verdicts, the action journal and the audit chain on real SQLite."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Comment, Media, MediaKind, Platform
from bot.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError


def make_comment(cid: str = "10_1", text: str = "hello", **kw) -> Comment:
    base = dict(
        platform=Platform.FACEBOOK,
        page_id="lcpd",
        post_id="10",
        id=cid,
        text=text,
        created_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
        author_id="u1",
        author_name="Ana",
        media=(Media(MediaKind.PHOTO, "http://127.0.0.1/p.jpg"),),
        raw={"id": cid, "message": text},
    )
    base.update(kw)
    return Comment(**base)


def test_fresh_database_gets_every_migration_once(tmp_path):
    s = Store(tmp_path / "a.db")
    assert s.schema_version() == SCHEMA_VERSION == max(MIGRATIONS)
    assert s.migrate() == []  # idempotent
    s.close()
    reopened = Store(tmp_path / "a.db")
    assert reopened.schema_version() == SCHEMA_VERSION
    assert {"comments", "verdicts", "actions", "reviews", "cursors", "audit", "alerts"} <= set(
        reopened.db.table_names()
    )
    reopened.close()


def test_old_database_is_upgraded_in_place_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    s = Store(path, migrate=False)
    assert s.migrate(target=1) == [1]
    # A row written by the version-1 code, before the later tables existed.
    s.conn.execute(
        "INSERT INTO comments (uid, version, platform, page_id, post_id, comment_id, text, text_sha256,"
        " created_at, raw, archived_at) VALUES ('facebook:1', 1, 'facebook', 'p', '1', '1', 't', 'h', 'x', '{}', 'x')"
    )
    s.close()
    upgraded = Store(path)
    assert upgraded.schema_version() == SCHEMA_VERSION
    assert upgraded.count("comments") == 1
    assert "alerts" in upgraded.db.table_names()
    assert upgraded.verify_audit()[1] == []
    upgraded.close()


def test_wal_mode_for_sharing_with_the_review_app(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_archive_keeps_every_version_of_an_edited_comment(store):
    first = store.archive_comment(make_comment(text="original text"))
    again = store.archive_comment(make_comment(text="original text"))
    edited = store.archive_comment(make_comment(text="edited text"))
    assert (first.version, first.new_version) == (1, True)
    assert (again.version, again.new_version) == (1, False)
    assert (edited.version, edited.new_version) == (2, True)
    versions = store.comment_versions("facebook:10_1")
    assert [v["text"] for v in versions] == ["original text", "edited text"]
    assert '"message":"original text"' in versions[0]["raw"]
    assert '"kind":"photo"' in versions[0]["media"]


def test_action_journal_pending_then_done_and_idempotent_key(store):
    c = make_comment()
    store.archive_comment(c)
    action = Action(
        kind=ActionKind.HIDE,
        comment_uid=c.uid,
        platform=c.platform,
        page_id=c.page_id,
        comment_id=c.id,
        reason="threat",
    )
    row = store.journal_action(action, "hide:facebook:10_1:v1")
    assert row["status"] == "pending"
    assert store.journal_action(action, "hide:facebook:10_1:v1")["id"] == row["id"]
    assert [a["id"] for a in store.pending_actions()] == [row["id"]]
    store.complete_action(
        row["id"],
        ActionResult(
            action=action, status=ActionStatus.DONE, detail="ok", platform_response={"success": True}
        ),
    )
    assert store.pending_actions() == []
    assert store.action(row["id"])["status"] == "done"
    assert store.comment_state(c.uid) == "hidden"
    with pytest.raises(StoreError):
        store.complete_action(9999, ActionResult(action=action, status=ActionStatus.DONE))


def test_review_moves_verdict_status_and_is_audited_under_moderator(store):
    from bot.domain import Verdict

    c = make_comment()
    res = store.archive_comment(c)
    v = Verdict(
        action=ActionKind.FLAG,
        urgent=False,
        score=0.7,
        categories=("vulgarity",),
        rule_id="vulgarity",
        clause="c",
        reason="r",
        reply=None,
        scores={"vulgarity": 0.9},
        matches=(),
        policy_version="abc",
        scorer="bundled",
    )
    vid = store.record_verdict(c.uid, res.version, v)
    assert store.verdict(vid)["review_status"] == "pending"
    store.record_review(c.uid, vid, "sgt.lopez", "keep", "criticism, protected")
    assert store.verdict(vid)["review_status"] == "kept"
    assert any(r["actor"] == "sgt.lopez" and r["event"] == "review_keep" for r in store.audit_rows(c.uid))
    with pytest.raises(StoreError):
        store.record_review(c.uid, vid, "sgt.lopez", "vaporise")


def test_cursor_roundtrip(store):
    assert store.get_cursor("fb") is None
    store.set_cursor("fb", {"posts": {"1": "2026-01-01T00:00:00+0000"}})
    store.set_cursor("fb", {"posts": {"1": "2026-01-02T00:00:00+0000"}})
    assert store.get_cursor("fb") == {"posts": {"1": "2026-01-02T00:00:00+0000"}}


def test_audit_chain_verifies_and_detects_tampering(tmp_path):
    path = tmp_path / "t.db"
    s = Store(path)
    for i in range(5):
        s.archive_comment(make_comment(cid=f"10_{i}", text=f"comment {i}"))
    count, problems = s.verify_audit()
    assert count >= 6 and problems == []
    # The database refuses edits to the audit table outright.
    with pytest.raises(sqlite3.IntegrityError):
        s.conn.execute("UPDATE audit SET actor = 'someone' WHERE id = 3")
    with pytest.raises(sqlite3.IntegrityError):
        s.conn.execute("DELETE FROM audit WHERE id = 3")
    s.close()
    # Someone with the file drops the guard and edits a row: the chain shows it.
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("UPDATE audit SET details = '{\"version\":9}' WHERE id = 3")
    raw.commit()
    raw.close()
    s = Store(path)
    _, problems = s.verify_audit()
    assert [p.row_id for p in problems] == [3]
    s.close()


def test_audit_chain_detects_a_deleted_row(tmp_path):
    path = tmp_path / "d.db"
    s = Store(path)
    for i in range(4):
        s.archive_comment(make_comment(cid=f"10_{i}", text=f"c{i}"))
    s.close()
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER audit_no_delete")
    raw.execute("DELETE FROM audit WHERE id = 2")
    raw.commit()
    raw.close()
    s = Store(path)
    _, problems = s.verify_audit()
    assert problems and problems[0].row_id == 3
    s.close()
