"""Click commands `modbot eval FILE` and `modbot bench score` (registered by bot.cli)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from bot.paths import REPO_ROOT
from bot.scoring.base import Scorer

DEFAULT_TEST_SET = REPO_ROOT / "tests" / "data" / "behaviours"


def _policy_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    env = os.environ.get("MODBOT_POLICY_DIR")
    if env:
        return Path(env)
    local = Path("moderation_policies")
    return local if local.is_dir() else REPO_ROOT / "moderation_policies"


def _scorer(name: str) -> Scorer:
    from bot.scoring.default import DefaultScorer

    if name == "rules":
        return DefaultScorer(use_model=False)
    scorer = DefaultScorer()
    if not scorer.uses_model:
        click.echo(
            f"warning: bundled model unavailable ({scorer.model_error}); scoring with rules only", err=True
        )
    return scorer


@click.command("eval")
@click.argument("file", type=click.Path(exists=True))
@click.option("--policy", "policy_dir", type=click.Path(exists=True), help="Policy file or directory.")
@click.option(
    "--scorer",
    "scorer_name",
    type=click.Choice(["bundled", "rules"]),
    default="bundled",
    show_default=True,
    help="bundled = rules plus the bundled model; rules = rule detectors only.",
)
@click.option("--strict", is_flag=True, help="Exit 1 if any must-stay-up comment would be hidden or deleted.")
@click.option(
    "--show", default=40, show_default=True, type=click.IntRange(0, 100_000), help="Failures to list."
)
def eval_command(file: str, policy_dir: str | None, scorer_name: str, strict: bool, show: int) -> None:
    """Score a labelled JSONL test set (a file, or a folder of one file per behaviour) with the policy and
    print precision/recall, figures per behaviour, decision accuracy, urgent recall and every must-stay-up
    comment that would be hidden.

    Each line: {"id", "text", "category", "acceptable": [...], "must_stay_up", "urgent", "lang", "media",
    "author_authorized", "note"}; see tests/data/behaviours/.
    """
    from bot.moderation import Moderator
    from bot.policy import PolicyError, load_policy
    from bot.scoring.evaluate import LabelledSetError, evaluate, format_report, load_test_set

    try:
        cases = load_test_set(file)
    except LabelledSetError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        policy = load_policy(_policy_dir(policy_dir))
    except PolicyError as exc:
        raise click.ClickException("invalid policy:\n  " + "\n  ".join(exc.errors)) from None
    moderator = Moderator(policy, _scorer(scorer_name))
    report = evaluate(cases, moderator.judge_batch)
    click.echo(f"policy {policy.name} ({policy.version}), scorer {scorer_name}")
    click.echo(format_report(report, show_failures=show))
    if strict and report.wrongly_removed:
        click.echo(
            f"--strict: {len(report.wrongly_removed)} must-stay-up comment(s) would be removed", err=True
        )
        sys.exit(1)


@click.command("score")
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
    result = run_bench(_scorer(scorer_name), corpus, batch_size=batch_size)
    click.echo(result.format())
    click.echo("  targets: >= 1,000 comments/s (goal 2,000), p99 <= 10 ms")
    if adversarial:
        timings = run_adversarial(_scorer(scorer_name))
        click.echo("adversarial comments (25,000 characters each), scored alone:")
        for name, ms in timings:
            click.echo(f"  {name:<28}{ms:8.1f} ms")
        click.echo(f"  worst case: {timings[0][1]:.1f} ms ({timings[0][0]}); target < 50 ms")
