"""`modbot db migrate|backup|vacuum` and `modbot audit verify`: the database and its tamper-evident audit
chain."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.options import db_option, resolve_db
from bot.store.backup import BackupError, backup_database, vacuum_database


@click.group()
def audit() -> None:
    """Check the tamper-evident audit chain."""


@audit.command("verify")
@db_option
def audit_verify(db: str | None, config: str | None) -> None:
    """Recompute the audit chain's SHA-256 links; exit 1 if any row was altered, removed or reordered."""
    from bot.store import Store

    path = resolve_db(db, config)
    if not path.exists():
        raise click.ClickException(f"no database at {path}")
    with Store(path, migrate=False) as store:
        count, problems = store.verify_audit()
    if problems:
        click.echo(f"audit chain BROKEN: {len(problems)} problem(s) in {count} rows", err=True)
        for p in problems[:50]:
            click.echo(f"  row {p.row_id}: {p.problem}", err=True)
        sys.exit(1)
    click.echo(f"audit chain OK: {count} rows verified in {path}")


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command("migrate")
@db_option
def db_migrate(db: str | None, config: str | None) -> None:
    """Create the database or apply pending schema migrations."""
    from bot.store import Store

    path = resolve_db(db, config)
    with Store(path, migrate=False) as store:
        applied = store.migrate()
        version = store.schema_version()
    click.echo(
        f"{path}: schema version {version}" + (f" (applied {applied})" if applied else " (up to date)")
    )


def _mib(size: int) -> str:
    return f"{size / 1_048_576:.1f} MiB"


@db.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def db_backup_command(out: Path, db: str | None, config: str | None) -> None:
    """Copy the live database to OUT (a new file) and verify the copy's audit chain.

    Uses SQLite's online backup API, so the daemon and the review app keep running; no sqlite3 CLI is needed.
    OUT is written whole or not at all, and is never overwritten. Exits 1 when the copy fails its integrity
    check or its audit chain is broken (the copy is kept: it is still the archive).
    """
    try:
        result = backup_database(resolve_db(db, config), out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    if result.integrity != "ok" or result.problems:
        click.echo(f"backup written to {out}, but the copy is NOT sound:", err=True)
        if result.integrity != "ok":
            click.echo(f"  integrity check: {result.integrity[:500]}", err=True)
        if result.problems:
            click.echo(
                f"  audit chain BROKEN: {len(result.problems)} problem(s) in {result.audit_rows} rows",
                err=True,
            )
            for p in result.problems[:50]:
                click.echo(f"    row {p.row_id}: {p.problem}", err=True)
        sys.exit(1)
    click.echo(f"backup OK: {out} ({_mib(result.size)}); audit chain OK: {result.audit_rows} rows verified")


@db.command("vacuum")
@db_option
def db_vacuum_command(db: str | None, config: str | None) -> None:
    """Rebuild the database without its free pages (VACUUM) and truncate the write-ahead log.

    Safe while the daemon runs: writers wait while it works (a few seconds for a large archive).
    """
    try:
        result = vacuum_database(resolve_db(db, config))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"vacuum OK: {_mib(result.size_before)} -> {_mib(result.size_after)}")
