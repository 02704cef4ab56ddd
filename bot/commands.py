"""Registers the commands that live beside the code they drive (sandbox, daemon, scoring, web)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Attach every optional command group to the `modbot` CLI."""
    from bot.web_cli import export_command, flagged_command, review_command, serve_command, user_group

    for command in (serve_command, user_group, flagged_command, review_command, export_command):
        main.add_command(command)
