"""Operations commands: `modbot init DIR` (deployment files from the package), `modbot db backup|vacuum`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli import db_option, resolve_db
from bot.deploy import DEFAULT_DB, InitError, plan_init, write_init
from bot.store.backup import BackupError, backup_database, vacuum_database


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    help="Database path to write into the new config.",
)
def init_command(directory: Path, db_path: str) -> None:
    """Write the shipped config, policy and systemd units into DIRECTORY for editing.

    Writes DIRECTORY/modbot.toml (the example config, with policy_dir pointing at the copy beside it and db
    at --db), DIRECTORY/moderation_policies/ and DIRECTORY/systemd/ (modbot.service, modbot-web.service).
    Refuses, writing nothing, when any of those files exists already.
    """
    try:
        written = write_init(plan_init(directory, db_path))
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write into {directory}: {exc}") from None
    for path in written:
        click.echo(f"wrote {path}")
    config = directory / "modbot.toml"
    click.echo(
        f"next: edit {config} (pages, alerts), put secrets in {directory / 'modbot.env'} (mode 0600), then\n"
        f"  modbot policy check {directory / 'moderation_policies'}\n"
        f"  modbot run --config {config} --dry-run --once"
    )


def _mib(size: int) -> str:
    return f"{size / 1_048_576:.1f} MiB"


@click.command("backup")
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


@click.command("vacuum")
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


def register(main: click.Group) -> None:
    """Attach the operations commands to the `modbot` CLI (backup and vacuum under `modbot db`)."""
    main.add_command(init_command)
    db_group = main.commands["db"]
    assert isinstance(db_group, click.Group)
    db_group.add_command(db_backup_command)
    db_group.add_command(db_vacuum_command)
