"""Commands over the archive's history: `modbot replay` (a candidate policy over past comments) and `modbot
report` (the monthly transparency report). Each parses its options and calls library code."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from bot.cli.options import (
    build_named_scorer,
    db_option,
    load_policy_or_exit,
    open_existing_store,
    settings_from,
)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter("must be a date, YYYY-MM-DD", param_hint=option) from None


def _write_output(text: str, out: str | None) -> None:
    if not out:
        sys.stdout.write(text)
        return
    tmp = Path(out).with_name(Path(out).name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
    tmp.replace(out)  # a half-written report never sits under the final name


@click.command("replay")
@click.option(
    "--policy",
    "policy_dir",
    required=True,
    type=click.Path(exists=True),
    help="Candidate policy (dir or file).",
)
@click.option(
    "--scorer",
    "scorer_name",
    default=None,
    help="Score every version again with this scorer (bundled, detoxify, bundled+detoxify). "
    "Default: reuse each version's recorded scores, so only the policy changes.",
)
@click.option(
    "--from", "start", default=None, help="First day, YYYY-MM-DD (UTC); default: the first archived."
)
@click.option("--to", "end", default=None, help="Last day, YYYY-MM-DD (UTC), included; default: today.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@db_option
def replay_command(
    policy_dir: str,
    scorer_name: str | None,
    start: str | None,
    end: str | None,
    fmt: str,
    out: str | None,
    db: str | None,
    config: str | None,
) -> None:
    """Re-judge every archived comment version in the range with a candidate policy (and scorer), without
    acting and without writing verdicts, and report what would change against what was recorded.

    Listed first: comments a moderator restored or kept up that the candidate would hide, and comments the
    protected-speech signals (institution target, counter-speech, self-identity, negation) mark that it would
    newly hide. Then the old -> new action matrix, per rule what is newly caught and released, and every
    comment newly hidden or released with its text, rule and scores. Exit status 3 when the candidate would
    hide anything a moderator restored or kept up (gate policy changes on it), 0 otherwise.
    """
    from bot.replay import render, replay

    first, last = _day(start, "--from"), _day(end, "--to")
    if first and last and last < first:
        raise click.BadParameter(f"the range ends ({last}) before it starts ({first})", param_hint="--to")
    candidate = load_policy_or_exit(Path(policy_dir))
    settings = settings_from(config)
    authorized = (
        frozenset().union(*(p.authorized_authors for p in settings.pages)) if settings else frozenset()
    )
    fallback = scorer_name or (settings.scorer if settings else "bundled")
    with open_existing_store(db, config) as store:
        report = replay(
            store,
            candidate,
            scorer_factory=lambda: build_named_scorer(fallback),
            rescore_with=scorer_name,
            start=first,
            end=last,
            authorized_authors=authorized,
        )
    _write_output(render(report, fmt), out)
    click.echo(
        f"modbot replay: {report.compared} version(s) compared in {report.seconds:.1f} s, {report.changed} "
        f"would change, {len(report.would_hide_restored)} a moderator kept up would be hidden"
        + (f" (written to {out})" if out else ""),
        err=True,
    )
    sys.exit(report.exit_code)


@click.command("report")
@click.option("--month", required=True, help="The month, YYYY-MM (UTC).")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "csv", "json"]), default="html", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@db_option
def report_command(month: str, fmt: str, out: str | None, db: str | None, config: str | None) -> None:
    """The monthly transparency report, aggregated and free of personal data (no comment text, no names,
    no ids): comments seen, actions by category, rule and platform, removals moderators reversed (override
    rate per rule), median and 90th-percentile time to action and to the acknowledgement (and first review)
    of urgent items, alerts sent, replies pointing to 911, and the policy versions in force. HTML is one
    self-contained, printable file with its charts inline."""
    from bot.transparency import ReportError, build_report, parse_month, render_report

    try:
        first = parse_month(month)
    except ReportError as exc:
        raise click.BadParameter(str(exc), param_hint="--month") from None
    with open_existing_store(db, config) as store:
        report = build_report(store, first)
    _write_output(render_report(report, fmt), out)
    if out:
        click.echo(f"modbot report: {month} written to {out} ({fmt})", err=True)
