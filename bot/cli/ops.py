"""`modbot init DIR`: the deployment files shipped in the package, written out for editing."""

from __future__ import annotations

from pathlib import Path

import click

from bot.deploy import DEFAULT_DB, InitError, plan_init, write_init


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
