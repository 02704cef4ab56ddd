"""`modbot db backup` (online backup API, copy's audit chain verified) and `modbot db vacuum`, on real SQLite."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.store import Store
from tests.test_store import make_comment


def seeded(path: Path, comments: int = 50) -> None:
    with Store(path) as store:
        store.archive_comments(make_comment(f"10_{i}", f"comment number {i}") for i in range(comments))
        for i in range(20):
            store.append_audit("tester", "note", f"s{i}", {"i": i})


def test_backup_copies_the_live_database_and_verifies_the_copys_audit_chain(tmp_path: Path) -> None:
    db, out = tmp_path / "live.db", tmp_path / "backups" / "copy.db"
    out.parent.mkdir()
    seeded(db)
    # The daemon keeps writing while the backup runs.
    stop = threading.Event()

    def write() -> None:
        with Store(db) as writer:
            n = 0
            while not stop.is_set() and n < 2000:
                writer.append_audit("daemon", "tick", None, {"n": n})
                n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        result = CliRunner().invoke(main, ["db", "backup", str(out), "--db", str(db)])
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert "backup OK" in result.output and "audit chain OK" in result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["copy.db"]  # no .partial, no -wal beside it
    with Store(out, migrate=False) as copy:
        rows, problems = copy.verify_audit()
        assert problems == [] and rows >= 21
        assert copy.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 50
        backup_rows = copy.conn.execute("SELECT count(*) FROM audit WHERE event = 'db_backup'").fetchone()[0]
        assert backup_rows == 1  # the backup is itself on the record, in the copy too
    verify = CliRunner().invoke(main, ["audit", "verify", "--db", str(out)])
    assert verify.exit_code == 0, verify.output


def test_backup_never_overwrites_and_needs_a_database(tmp_path: Path) -> None:
    db, out = tmp_path / "live.db", tmp_path / "copy.db"
    seeded(db, comments=2)
    out.write_bytes(b"yesterday's backup")
    again = CliRunner().invoke(main, ["db", "backup", str(out), "--db", str(db)])
    assert again.exit_code == 1 and "not overwriting" in again.output
    assert out.read_bytes() == b"yesterday's backup"
    missing = CliRunner().invoke(
        main, ["db", "backup", str(tmp_path / "n.db"), "--db", str(tmp_path / "none.db")]
    )
    assert missing.exit_code == 1 and "no database at" in missing.output
    assert not (tmp_path / "none.db").exists()


def test_backup_of_a_tampered_database_exits_1_naming_the_row(tmp_path: Path) -> None:
    db, out = tmp_path / "live.db", tmp_path / "copy.db"
    seeded(db, comments=2)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("UPDATE audit SET details = '{\"i\":99}' WHERE id = 3")
    raw.commit()
    raw.close()
    result = CliRunner().invoke(main, ["db", "backup", str(out), "--db", str(db)])
    assert result.exit_code == 1
    assert "audit chain BROKEN" in result.output and "row 3: hash does not match" in result.output
    assert out.is_file()  # kept: the archive all the same


def test_vacuum_gives_free_pages_back_and_keeps_every_row(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    seeded(db)
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE scratch (blob BLOB)")
    raw.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 4000,) for _ in range(1000)])
    raw.commit()
    raw.execute("DROP TABLE scratch")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = db.stat().st_size
    assert before > 4_000_000
    result = CliRunner().invoke(main, ["db", "vacuum", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "vacuum OK" in result.output
    assert db.stat().st_size < 1_000_000
    with Store(db, migrate=False) as store:
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 50
        assert store.verify_audit()[1] == []


def test_shell_completion_completes_the_db_commands() -> None:
    # What `eval "$(_MODBOT_COMPLETE=bash_source modbot)"` (README) wires bash to ask.
    runner = CliRunner()
    script = runner.invoke(main, [], prog_name="modbot", env={"_MODBOT_COMPLETE": "bash_source"})
    assert (
        "_modbot_completion" in script.output
        and "complete -o nosort -F _modbot_completion modbot" in script.output
    )
    env = {"_MODBOT_COMPLETE": "bash_complete", "COMP_WORDS": "modbot db ", "COMP_CWORD": "2"}
    words = runner.invoke(main, [], prog_name="modbot", env=env)
    assert {"plain,backup", "plain,vacuum", "plain,migrate"} <= set(words.output.split())
