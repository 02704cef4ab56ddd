"""`modbot policy check|show`: validate a moderation policy as a whole, list its rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bot.cli.options import load_policy_or_exit
from bot.domain import ActionKind
from bot.paths import default_policy_dir
from bot.policy import PolicyError, load_policy


@click.group()
def policy() -> None:
    """Inspect and validate moderation policies."""


def policy_path_option(f: Any) -> Any:
    """PATH or --policy DIR (the option installed copies are documented to take); the same thing."""
    f = click.option(
        "--policy", "policy_opt", type=click.Path(), help="Policy file or directory (same as PATH)."
    )(f)
    return click.argument("path", required=False, type=click.Path())(f)


def _policy_target(path: str | None, policy_opt: str | None) -> Path:
    if path and policy_opt and Path(path) != Path(policy_opt):
        raise click.UsageError("give the policy as PATH or as --policy, not two different ones")
    chosen = path or policy_opt
    return Path(chosen) if chosen else default_policy_dir()


@policy.command("check")
@policy_path_option
def policy_check(path: str | None, policy_opt: str | None) -> None:
    """Validate the policy at PATH (a directory of YAML files or one file) as a whole.

    Exits 0 when valid; otherwise lists every error (file, rule id, field) and exits 1. Includes the
    viewpoint guard: removal rules keyed on terms of opinion about the police or government are rejected.
    """
    target = _policy_target(path, policy_opt)
    try:
        pol = load_policy(target)
    except PolicyError as exc:
        click.echo(f"policy check failed: {len(exc.errors)} error(s)", err=True)
        for error in exc.errors:
            click.echo(f"  - {error}", err=True)
        sys.exit(1)
    enabled = len(pol.enabled_rules)
    removing = sum(1 for r in pol.enabled_rules if r.action in (ActionKind.HIDE, ActionKind.DELETE))
    click.echo(
        f"policy OK: {pol.name} · {len(pol.rules)} rules ({enabled} enabled, {removing} remove) · version {pol.version}"
    )


@policy.command("show")
@policy_path_option
def policy_show(path: str | None, policy_opt: str | None) -> None:
    """List the rules of the policy at PATH: id, action, urgency, category, thresholds and clause."""
    from bot.policy.explain import rule_thresholds

    pol = load_policy_or_exit(_policy_target(path, policy_opt))
    click.echo(f"{'RULE':28} {'ACTION':6} {'CATEGORY':18} {'FLAGS':16} THRESHOLDS")
    for r in pol.rules:
        flags = " ".join(
            f for f, on in (("urgent", r.urgent), ("dry-run", r.dry_run), ("disabled", not r.enabled)) if on
        )
        limits = ", ".join(rule_thresholds(r)) or "-"
        click.echo(f"{r.id:28} {r.action.value:6} {r.category:18} {flags or '-':16} {limits}")
        click.echo(f"    clause: \u201c{r.clause}\u201d")
