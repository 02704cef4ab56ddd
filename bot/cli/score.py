"""`modbot score`: one TEXT, or JSON lines on stdin, judged against the policy; the verdicts printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bot.cli.options import build_named_scorer, load_policy_or_exit
from bot.domain import Verdict
from bot.paths import default_policy_dir
from bot.policy.schema import MEDIA_KINDS
from bot.score_jsonl import MAX_LINE_BYTES, json_line, parse_score_lines, verdict_record
from bot.scoring.base import ScoreInput


def _print_verdict(verdict: Verdict) -> None:
    shown = verdict_record(None, verdict)
    head = verdict.action.value.upper()
    if verdict.urgent:
        head += "  [URGENT]"
    click.echo(f"{head}   harm score {verdict.score:.2f}")
    if verdict.rule_id:
        click.echo(f"  rule:       {verdict.rule_id}")
        click.echo(f"  clause:     \u201c{verdict.clause}\u201d")
    click.echo(f"  categories: {', '.join(verdict.categories) or '-'}")
    click.echo(f"  reason:     {verdict.reason}")
    if shown["reply"]:
        click.echo(f"  reply:      {verdict.reply}")
    top = sorted(((k, v) for k, v in verdict.scores.items() if v >= 0.05), key=lambda kv: -kv[1])[:8]
    if top:
        click.echo("  signals:    " + ", ".join(f"{k} {v:.2f}" for k, v in top))
    click.echo(f"  policy {verdict.policy_version} · scorer {verdict.scorer}")


@click.command()
@click.argument("text", required=False)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read JSON lines {id, text, media, platform?} on stdin; write one verdict per line.",
)
@click.option("--media", multiple=True, type=click.Choice(MEDIA_KINDS), help="Attachment kind (repeatable).")
@click.option("--author-authorized", is_flag=True, help="The author may post media on the page.")
@click.option("--policy", "policy_dir", type=click.Path(exists=True), help="Policy file or directory.")
@click.option(
    "--scorer",
    "scorer_name",
    default="bundled",
    show_default=True,
    help="bundled, detoxify or bundled+detoxify.",
)
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--max-line-bytes",
    default=MAX_LINE_BYTES,
    show_default=True,
    type=click.IntRange(1, None),
    help="With --jsonl: a longer line is reported and skipped without being read into memory.",
)
def score(
    text: str | None,
    jsonl: bool,
    media: tuple[str, ...],
    author_authorized: bool,
    policy_dir: str | None,
    scorer_name: str,
    batch_size: int,
    max_line_bytes: int,
) -> None:
    """Score TEXT (or JSON lines on stdin with --jsonl) against the policy and print the verdict.

    With --jsonl, each output line is {id, action, urgent, score, categories, rule, reason, reply}, in input
    order. A malformed line is reported on stderr with its line number and skipped; the rest are scored and the
    exit status is 1.
    """
    from bot.moderation import Moderator

    if jsonl == (text is not None):
        raise click.UsageError("give either TEXT or --jsonl (reading stdin), not both or neither")
    live_policy = load_policy_or_exit(Path(policy_dir) if policy_dir else default_policy_dir())
    moderator = Moderator(live_policy, build_named_scorer(scorer_name))
    if text is not None:
        _print_verdict(
            moderator.judge(ScoreInput(text=text, media=media, author_authorized=author_authorized))
        )
        return
    failures = 0
    batch: list[tuple[Any, ScoreInput]] = []
    out = sys.stdout

    def flush() -> None:
        verdicts = moderator.judge_batch([item for _, item in batch])
        for (item_id, _), verdict in zip(batch, verdicts, strict=True):
            out.write(json_line(verdict_record(item_id, verdict)) + "\n")
        out.flush()
        batch.clear()

    for lineno, item, item_id, error in parse_score_lines(sys.stdin.buffer, max_line_bytes):
        if error is not None:
            failures += 1
            # Order of output must follow input: emit what came before this line first.
            if batch:
                flush()
            ident = f" (id {item_id!r})" if item_id is not None else ""
            click.echo(f"modbot score: line {lineno}{ident}: {error}; skipped", err=True)
            continue
        assert item is not None
        batch.append((item_id, item))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if failures:
        click.echo(f"modbot score: {failures} malformed line(s) skipped", err=True)
        sys.exit(1)
