"""The `modbot` command line: the one group and its registration; each command group lives in its own module
here and is a thin layer over library calls. Nothing outside bot/cli/ imports this package."""

from __future__ import annotations

import sqlite3
from typing import Any

import click

from bot.cli import bench, daemon, db, ops, policy, replay, sandbox, score, scoring, web


def _unusable_database(exc: sqlite3.DatabaseError) -> bool:
    """A --db path that is not a modbot database, is damaged, or cannot be opened (not a bug of ours)."""
    if type(exc) is sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return True
    return isinstance(exc, sqlite3.OperationalError) and "unable to open database" in str(exc)


class ModbotGroup(click.Group):
    """The command group; a database file that cannot be used is one error line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            if not _unusable_database(exc):
                raise
            click.echo(
                f"Error: cannot use the database: {exc} (check --db or the config's db path)", err=True
            )
            ctx.exit(1)


@click.group(cls=ModbotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="modbot")
def main() -> None:
    """modbot: comment moderation for public agencies' official social media pages.

    Polls the configured pages, archives every comment, scores it against the department's
    takedown policy (Attachment A), acts (hide, reply, flag for a human) and records every decision.
    """


for _command in (
    score.score,
    policy.policy,
    db.audit,
    db.db,
    ops.init_command,
    daemon.run_command,
    daemon.status_command,
    daemon.demo_command,
    web.serve_command,
    web.user_group,
    web.flagged_command,
    web.review_command,
    web.export_command,
    replay.replay_command,
    replay.report_command,
    scoring.eval_command,
    scoring.train_command,
    sandbox.sandbox_command,
    bench.bench_group,
):
    main.add_command(_command)
