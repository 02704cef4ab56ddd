"""`modbot bench score|cycle|replay|context`: benchmarks that print figures (the scorer, one full poll cycle over
the sandbox, a policy replay over a generated archive, the item page's context queries over one)."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.options import build_named_scorer, bundled_or_rules_scorer, load_policy_or_exit
from bot.paths import REPO_ROOT, default_policy_dir

DEFAULT_TEST_SET = REPO_ROOT / "tests" / "data" / "behaviours"


@click.group("bench")
def bench_group() -> None:
    """Benchmarks that print figures: scorer throughput/latency, a full poll cycle, a policy replay, the item
    page's context queries."""


@bench_group.command("score")
@click.option("-n", "--comments", default=5000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--test-set",
    type=click.Path(exists=True),
    default=None,
    help="Labelled JSONL file or folder whose texts join the generated corpus (default: the bundled test set if present).",
)
@click.option(
    "--scorer", "scorer_name", type=click.Choice(["bundled", "rules"]), default="bundled", show_default=True
)
@click.option(
    "--adversarial",
    is_flag=True,
    help="Also time inputs built to be slow (one pattern repeated to the 25,000-character scan limit).",
)
def bench_score_command(
    comments: int, batch_size: int, test_set: str | None, scorer_name: str, adversarial: bool
) -> None:
    """Benchmark the default scorer in one process: comments/s in batches and p50/p99 latency per comment."""
    from bot.scoring.bench import build_corpus, run_adversarial, run_bench

    if test_set is None and DEFAULT_TEST_SET.exists():
        test_set = str(DEFAULT_TEST_SET)
    corpus = build_corpus(comments, test_set=test_set)
    result = run_bench(bundled_or_rules_scorer(scorer_name), corpus, batch_size=batch_size)
    click.echo(result.format())
    click.echo("  targets: >= 1,000 comments/s (goal 2,000), p99 <= 10 ms")
    if adversarial:
        timings = run_adversarial(bundled_or_rules_scorer(scorer_name))
        click.echo("adversarial comments (25,000 characters each), scored alone:")
        for name, ms in timings:
            click.echo(f"  {name:<28}{ms:8.1f} ms")
        click.echo(f"  worst case: {timings[0][1]:.1f} ms ({timings[0][0]}); target < 50 ms")


@bench_group.command("cycle")
@click.option(
    "--posts", type=click.IntRange(1, 100), default=25, show_default=True, help="Posts per platform."
)
@click.option(
    "--comments", type=click.IntRange(1, 10_000), default=400, show_default=True, help="Comments per post."
)
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["facebook", "instagram", "x", "reddit"]),
    help="Platforms to include (repeatable; default all four).",
)
@click.option("--scorer", default="bundled", show_default=True, help="Scorer name, as in [modbot] scorer.")
@click.option("--action-share", type=click.FloatRange(0, 1), default=0.03, show_default=True,
              help="Share of seeded comments the policy acts on.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Journal actions as dry_run instead of calling the sandbox.")
@click.option(
    "--keep", "keep_dir", type=click.Path(file_okay=False), help="Keep the database and config here."
)
def bench_cycle_command(
    posts: int,
    comments: int,
    platforms: tuple[str, ...],
    scorer: str,
    action_share: float,
    dry_run: bool,
    keep_dir: str | None,
) -> None:
    """One poll cycle over the sandbox (default 4 platforms x 25 posts x 400 comments, all new), actions
    included. Prints wall time, comments/s, API calls per comment and the daemon's peak RSS. The sandbox
    runs in a separate process so its memory is not counted."""
    from bot.bench import PLATFORMS, format_result, run_cycle_bench

    result = run_cycle_bench(
        posts=posts,
        comments=comments,
        platforms=platforms or PLATFORMS,
        scorer=scorer,
        action_share=action_share,
        dry_run=dry_run,
        keep_dir=Path(keep_dir) if keep_dir else None,
    )
    click.echo(format_result(result))


@bench_group.command("replay")
@click.option("--versions", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000))
@click.option(
    "--policy",
    "policy_dir",
    type=click.Path(exists=True),
    help="Candidate policy (default: the shipped one).",
)
@click.option("--scorer", "scorer_name", default=None, help="Score every version again with this scorer.")
@click.option(
    "--keep", "keep_dir", type=click.Path(file_okay=False), help="Keep the benchmark database here."
)
def bench_replay_command(
    versions: int, policy_dir: str | None, scorer_name: str | None, keep_dir: str | None
) -> None:
    """Build an archive of VERSIONS judged comment versions, replay a policy over all of them and print the
    time (the target is under 2 minutes for 100,000 with recorded scores)."""
    from bot.replay_bench import format_bench, run_replay_bench

    policy = load_policy_or_exit(Path(policy_dir) if policy_dir else default_policy_dir())
    result = run_replay_bench(
        versions=versions,
        policy=policy,
        scorer_factory=lambda name: build_named_scorer(name),
        rescore_with=scorer_name,
        keep_dir=Path(keep_dir) if keep_dir else None,
    )
    click.echo(format_bench(result))


@bench_group.command("context")
@click.option("--comments", default=100_000, show_default=True, type=click.IntRange(100, 10_000_000))
@click.option("--items", default=200, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--keep", "keep_dir", type=click.Path(file_okay=False), help="Keep the benchmark database here."
)
def bench_context_command(comments: int, items: int, keep_dir: str | None) -> None:
    """Build an archive of COMMENTS comments, then time the item page's context queries (thread, author,
    same text elsewhere, a comment by uid) for ITEMS judged items, with the context indexes and without."""
    from bot.context_bench import format_context_bench, run_context_bench

    result = run_context_bench(comments=comments, items=items, keep_dir=Path(keep_dir) if keep_dir else None)
    click.echo(format_context_bench(result))
