"""Registers the commands that live beside the code they drive (sandbox, daemon, scoring, web)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Attach every optional command group to the `modbot` CLI."""
