"""`modbot sandbox`: the four loopback platform servers run standalone, for the demo and manual testing."""

from __future__ import annotations

import click

from bot.sandbox.sandbox import PLATFORMS
from bot.sandbox.standalone import run_sandbox


@click.command("sandbox")
@click.option(
    "--seed",
    type=click.Choice(["demo", "bulk", "empty"]),
    default="demo",
    show_default=True,
    help="demo: LCPD threads written for the demo; bulk: 25 posts x 400 comments per platform.",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it loopback)."
)
@click.option(
    "--port-base",
    type=int,
    default=0,
    show_default=True,
    help="First port: facebook, instagram, x, reddit, reddit's token host get N .. N+4. 0 picks free ports.",
)
def sandbox_command(seed: str, host: str, port_base: int) -> None:
    """Run loopback Facebook, Instagram, X and Reddit API servers with fake credentials."""
    ports = {p: port_base + i for i, p in enumerate((*PLATFORMS, "reddit_token"))} if port_base else None
    run_sandbox(seed=seed, host=host, ports=ports, echo=click.echo)
