"""Online backup (SQLite's backup API, no sqlite3 CLI) with the copy's audit chain verified, and VACUUM."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.store import AuditProblem, Store


class BackupError(RuntimeError):
    pass


@dataclass(kw_only=True, frozen=True)
class BackupResult:
    out: Path
    size: int
    audit_rows: int
    problems: list[AuditProblem]  # of the copy's audit chain; empty when intact
    integrity: str  # PRAGMA integrity_check of the copy: "ok" when sound


@dataclass(frozen=True)
class VacuumResult:
    size_before: int
    size_after: int


def _file_size(path: Path) -> int:
    """The database's bytes on disk, its write-ahead log included."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def backup_database(src: Path, out: Path) -> BackupResult:
    """Copy the live database `src` to `out` while the daemon and the app keep using it.

    The copy is made by SQLite's online backup API in one step: one read transaction, which in WAL mode
    does not hold up the daemon's writes, so the copy is a consistent snapshot. It is written next to `out` and renamed into place only once complete, so `out` is never a
    half-written file. The copy is then checked on its own: PRAGMA integrity_check and the audit chain
    recomputed (Store.verify_audit). A copy whose chain is broken is kept (it is the archive all the same)
    and the problems are returned for the caller to report.
    """
    if not src.is_file():
        raise BackupError(f"no database at {src}")
    if out.exists():
        raise BackupError(f"{out} exists; not overwriting a backup (name a new file)")
    if out.resolve() == src.resolve():
        raise BackupError("the backup must be a different file from the database")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    with Store(src, migrate=False) as store:
        store.append_audit("modbot", "db_backup", None, {"out": str(out)})
        dest = sqlite3.connect(partial)
        try:
            store.conn.backup(dest)
            # A standalone file: a rollback journal, not WAL, so the copy is one file that can be moved.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    with Store(partial, migrate=False) as copy:
        rows, problems = copy.verify_audit()
        integrity = "; ".join(str(r[0]) for r in copy.conn.execute("PRAGMA integrity_check").fetchall())
    conn = sqlite3.connect(partial)  # Store opened it in WAL mode: back to one self-contained file
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    with partial.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, out)
    return BackupResult(
        out=out, size=out.stat().st_size, audit_rows=rows, problems=problems, integrity=integrity
    )


def vacuum_database(path: Path) -> VacuumResult:
    """VACUUM the database (rebuild it without free pages), then fold the write-ahead log back in.

    Safe while the daemon runs: VACUUM waits for the write lock like any writer (busy timeout 30 s) and holds
    it while it rebuilds, so writers pause for that long.
    """
    if not path.is_file():
        raise BackupError(f"no database at {path}")
    before = _file_size(path)
    with Store(path, migrate=False) as store:
        store.append_audit("modbot", "db_vacuum", None, {"size_before": before})
        store.conn.execute("VACUUM")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA optimize")
    return VacuumResult(before, _file_size(path))
