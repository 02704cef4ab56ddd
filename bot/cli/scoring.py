"""`modbot eval FILE` (a labelled test set scored with the policy) and `modbot train` (the bundled model)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.options import bundled_or_rules_scorer
from bot.paths import default_policy_dir
from bot.scoring.model import ARTIFACT_PATH
from bot.scoring.train import DEFAULT_C, SEED, default_data_dir, train_model, write_training_metrics


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
        policy = load_policy(Path(policy_dir) if policy_dir else default_policy_dir())
    except PolicyError as exc:
        raise click.ClickException("invalid policy:\n  " + "\n  ".join(exc.errors)) from None
    moderator = Moderator(policy, bundled_or_rules_scorer(scorer_name))
    report = evaluate(cases, moderator.judge_batch)
    click.echo(f"policy {policy.name} ({policy.version}), scorer {scorer_name}")
    click.echo(format_report(report, show_failures=show))
    if strict and report.wrongly_removed:
        click.echo(
            f"--strict: {len(report.wrongly_removed)} must-stay-up comment(s) would be removed", err=True
        )
        sys.exit(1)


@click.command("train")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Labeled data folder (default: $MODBOT_TRAIN_DATA or ../shared/data beside the checkout).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=ARTIFACT_PATH,
    show_default=True,
    help="Where to write the model artifact.",
)
@click.option(
    "--metrics-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write metrics and bias figures as JSON (default: beside the artifact, .metrics.json).",
)
@click.option("--seed", type=int, default=SEED, show_default=True, help="Random seed for splits.")
@click.option("--c", "c", type=float, default=DEFAULT_C, show_default=True, help="Inverse L2 strength.")
@click.option("--sample", type=int, default=None, help="Train on a random subsample (smoke tests only).")
@click.option("--no-bias-report", is_flag=True, help="Skip the refit without the families (bias comparison).")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Embedding cache file (default: $MODBOT_CACHE_DIR or ~/.cache/modbot, per encoder version).",
)
def train_command(
    data_dir: Path | None,
    out_path: Path,
    metrics_out: Path | None,
    seed: int,
    c: float,
    sample: int | None,
    no_bias_report: bool,
    cache_path: Path | None,
) -> None:
    """Train the bundled toxicity model from the labeled data and write its artifact."""
    try:
        import scipy.sparse  # noqa: F401
        import sklearn.linear_model  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(f"training needs the 'train' extra (scikit-learn, scipy): {exc}") from exc
    data_dir = data_dir or default_data_dir()
    if not (data_dir / "davidson" / "labeled_data.csv").is_file():
        raise click.ClickException(f"no labeled data in {data_dir} (set --data-dir or MODBOT_TRAIN_DATA)")
    report = train_model(
        data_dir,
        out_path,
        seed=seed,
        c=c,
        sample=sample,
        bias_report=not no_bias_report,
        log=click.echo,
        cache_path=cache_path,
    )
    version = write_training_metrics(report, out_path, metrics_out or out_path.with_suffix(".metrics.json"))
    size_mb = out_path.stat().st_size / 1e6
    click.echo(f"wrote {out_path} ({size_mb:.1f} MB, version {version}) in {report.seconds}s")
