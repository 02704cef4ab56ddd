"""Registers the commands that live beside the code they drive (sandbox, daemon, scoring, web)."""

from __future__ import annotations

import click


@click.group("bench")
def bench_group() -> None:
    """Benchmarks that print figures: scorer throughput/latency, a full poll cycle, a policy replay."""


def register(main: click.Group) -> None:
    """Attach every optional command group to the `modbot` CLI."""
    from bot import ops_cli
    from bot.daemon_cli import bench_cycle_command, demo_command, run_command, status_command
    from bot.replay_cli import bench_replay_command, replay_command, report_command
    from bot.sandbox.cli import sandbox_command
    from bot.scoring.cli import bench_score_command, eval_command
    from bot.scoring.train import train_command
    from bot.web_cli import export_command, flagged_command, review_command, serve_command, user_group

    for command in (serve_command, user_group, flagged_command, review_command, export_command):
        main.add_command(command)
    for command in (run_command, status_command, sandbox_command, eval_command, train_command):
        main.add_command(command)
    bench_group.add_command(bench_score_command, "score")
    bench_group.add_command(bench_cycle_command, "cycle")
    bench_group.add_command(bench_replay_command, "replay")
    main.add_command(replay_command)
    main.add_command(report_command)
    main.add_command(demo_command, "demo")
    main.add_command(bench_group)
    ops_cli.register(main)
