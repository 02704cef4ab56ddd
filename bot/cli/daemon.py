"""Operating the daemon: `modbot run`, `modbot status` (per page, from the database) and `modbot demo`."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from bot.cli.options import resolve_db, settings_from
from bot.config import ConfigError, Settings, load_settings
from bot.health import DEFAULT_INTERVAL, MIN_STALE_SECONDS, ago, derived_state

EXIT_CONFIG = 2
# The database cannot be used (read-only, missing directory, full, corrupt): restarting will not help, so
# the systemd unit lists it in RestartPreventExitStatus= beside EXIT_CONFIG.
EXIT_DATABASE = 3
ONCE_ATTEMPTS = 3  # --once: failed polls in a row before a page is given up for the run


def _load_or_exit(config: str) -> Settings:
    try:
        return load_settings(config)
    except ConfigError as exc:
        click.echo(f"modbot: configuration error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)


def _default_config() -> str:
    return os.environ.get("MODBOT_CONFIG", "config/modbot.toml")


@click.command("run")
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    default=_default_config,
    show_default="$MODBOT_CONFIG or config/modbot.toml",
    help="Config file (TOML).",
)
@click.option("--dry-run", is_flag=True, help="Do everything except change comments on the platforms.")
@click.option("--once", is_flag=True, help="Run one poll cycle per page, then exit.")
@click.option(
    "--once-timeout",
    type=click.FloatRange(1, 86400),
    default=300.0,
    show_default=True,
    help="With --once: exit after this many seconds even if a page has not completed its cycle.",
)
def run_command(config: str, dry_run: bool, once: bool, once_timeout: float) -> None:
    """Run the moderation daemon: poll every enabled page on its schedule, archive, score, act, alert.

    A bad config or a missing token fails at start naming the key (exit 2); a database that cannot be used
    (read-only, full, corrupt) fails with a one-line reason (exit 3). SIGTERM/SIGINT finish the
    action in flight and exit 0; SIGHUP reloads the policy (an invalid one is logged and the old one kept).
    With --once each page gets one cycle: a page whose poll fails 3 times in a row is given up, and the run
    ends after --once-timeout seconds regardless; exit 1 names the pages that did not complete.
    With --dry-run every action is journaled as dry_run (under its own keys and cursor, so a later live run
    still acts on everything due) and no platform is changed.
    """
    from bot.daemon import Daemon
    from bot.logging_setup import setup_logging
    from bot.policy import PolicyError
    from bot.store import DatabaseUnusable

    settings = _load_or_exit(config)
    setup_logging(settings.log_format, settings.log_level, syslog_prefix=settings.log_syslog_prefix)
    if not any(p.enabled for p in settings.pages):
        click.echo(f"modbot: configuration error: {config}: pages: no enabled page to watch", err=True)
        sys.exit(EXIT_CONFIG)
    daemon = Daemon(
        settings,
        dry_run=dry_run or None,
        max_cycles=1 if once else None,
        once_attempts=ONCE_ATTEMPTS if once else None,
        deadline_seconds=once_timeout if once else None,
    )
    try:
        clean = daemon.run()
    except ConfigError as exc:
        click.echo(f"modbot: configuration error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    except PolicyError as exc:
        click.echo("modbot: invalid policy:\n  " + "\n  ".join(exc.errors), err=True)
        sys.exit(EXIT_CONFIG)
    except DatabaseUnusable as exc:
        click.echo(f"modbot: {exc}", err=True)
        sys.exit(EXIT_DATABASE)
    except sqlite3.Error as exc:  # the database failing during start-up, after it opened
        click.echo(f"modbot: {DatabaseUnusable(str(settings.db_path), exc)}", err=True)
        sys.exit(EXIT_DATABASE)
    incomplete = daemon.incomplete
    if incomplete:
        click.echo(f"modbot: page(s) without a complete cycle: {', '.join(incomplete)}", err=True)
    if not clean:
        # A poll was stuck in a network call at the deadline; its work is journaled and resumes on the
        # next start. Skip the interpreter's join of worker threads so the exit stays prompt.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1 if incomplete else 0)
    if incomplete:
        sys.exit(1)


@click.command("status")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (TOML).")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database (default: from config).")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 if a page is not ok or an action/alert failed (for monitoring).",
)
@click.option(
    "--stale-intervals",
    type=click.FloatRange(min=1.0),
    default=3.0,
    show_default=True,
    help="A page with no completed poll for this many of its intervals (at least 5 minutes) is stale.",
)
def status_command(config: str | None, db: str | None, check: bool, stale_intervals: float) -> None:
    """Per page: last poll, state, last error, review queue size, pending and failed actions."""
    from bot.store import Store

    # The same resolution as every other command: --db, else the config's db (--config, $MODBOT_CONFIG or
    # ./config/modbot.toml), else ./modbot.db. The config, when there is one, also names the pages.
    settings = settings_from(config)
    db_path = resolve_db(db, config)
    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}")
    with Store(db_path, migrate=False) as store:
        statuses = {s["page"]: s for s in store.page_statuses()}
        queues = store.queue_counts_by_page()
        actions = store.action_counts_by_page()
        archived = store.archived_counts_by_page()
        retrying = store.retrying_actions_by_page()
        alerts_unsent = len([a for a in store.pending_alerts() if a["status"] == "pending"])
        alerts_failed = len([a for a in store.pending_alerts() if a["status"] == "failed"])
        comments = store.count("comments")
        leases = store.leases()
        policy_event = store.last_audit_event(("policy_reloaded", "policy_reload_rejected"))
    pages: list[tuple[str, str, str | None, float]] = []
    if settings is not None:
        pages = [(p.name, p.platform.value, p.page_id, p.interval_seconds) for p in settings.pages]
    graph_versions = {
        p.name: p.api_version
        for p in (settings.pages if settings is not None else ())
        if p.platform.value in ("facebook", "instagram")
    }
    known = {name for name, _, _, _ in pages}
    pages += [
        (name, s["platform"], s.get("page_id"), DEFAULT_INTERVAL)
        for name, s in statuses.items()
        if name not in known
    ]
    click.echo(f"database {db_path}: {comments} archived comment versions")
    if not pages:
        click.echo("no pages polled yet")
    states: dict[str, str] = {}
    for name, platform, page_id, interval in pages:
        s: Mapping[str, Any] = statuses.get(name, {})
        key = (platform, page_id) if page_id else None
        queue = queues.get(key, 0) if key else 0
        acts = actions.get(key, {}) if key else {}
        state, why = derived_state(s, stale_after=max(stale_intervals * interval, MIN_STALE_SECONDS))
        states[name] = state
        click.echo(f"{name} ({platform}{' ' + page_id if page_id else ''})")
        since = f" since {ago(s.get('state_since'))}" if s.get("state_since") else ""
        click.echo(f"  state:        {state}{since}{f' ({why})' if why else ''}")
        if name in graph_versions:
            click.echo(f"  graph api:    {graph_versions[name]}")
        click.echo(
            f"  last poll:    {ago(s.get('last_poll_at'))}   last success: {ago(s.get('last_success_at'))}"
        )
        if s.get("last_error"):
            click.echo(f"  last error:   {s['last_error']} ({ago(s.get('last_error_at'))})")
        n_comments, n_versions = archived.get(key, (0, 0)) if key else (0, 0)
        click.echo(
            f"  comments:     {n_comments} archived ({n_versions} versions)   api calls: {s.get('api_calls', 0)}"
        )
        click.echo(f"  review queue: {queue}")
        waiting = retrying.get(key, 0) if key else 0
        click.echo(
            f"  actions:      {acts.get('pending', 0)} pending"
            + (f" ({waiting} retrying after a failure)" if waiting else "")
            + f", {acts.get('done', 0)} done, {acts.get('failed', 0)} failed, {acts.get('dry_run', 0)} dry-run"
        )
    click.echo(f"alerts: {alerts_unsent} unsent, {alerts_failed} failed")
    policy_rejected = bool(policy_event and policy_event["event"] == "policy_reload_rejected")
    if policy_event is not None:
        detail = json.loads(policy_event["details"] or "{}")
        if policy_rejected:
            errors = "; ".join(detail.get("errors", []))[:300]
            click.echo(
                f"policy: last reload REJECTED {ago(policy_event['ts'])} (still running "
                f"{detail.get('kept', '?')}): {errors}"
            )
        else:
            click.echo(f"policy: reloaded {ago(policy_event['ts'])} ({detail.get('version', '?')})")
    if leases:
        click.echo("leases (the daemon acting for each page; others wait for expiry):")
        for page_key, lease in leases.items():
            left = float(lease["expires_at"]) - time.time()
            when = f"until {left:.0f}s from now" if left >= 0 else f"expired {-left:.0f}s ago"
            click.echo(f"  {page_key}: {lease['owner']} ({when})")
    if check:
        problems = [n for n, st in states.items() if st != "ok"]
        failed_actions = sum(a.get("failed", 0) for a in actions.values())
        # A lease nobody renews: the daemon that acted for the page has stopped and no other took over.
        unheld = [k for k, lease in leases.items() if float(lease["expires_at"]) < time.time()]
        if problems or failed_actions or alerts_failed or policy_rejected or unheld:
            click.echo(
                f"CHECK FAILED: pages not ok: {', '.join(problems) or '-'}; failed actions: {failed_actions}; "
                f"failed alerts: {alerts_failed}{'; policy reload rejected' if policy_rejected else ''}"
                + (f"; lease held by nobody: {', '.join(map(str, unheld))}" if unheld else ""),
                err=True,
            )
            sys.exit(1)


@click.command("demo")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default="./demo-data",
    show_default=True,
    help="Where the demo database and config go (the database is recreated).",
)
@click.option("--cycles", type=click.IntRange(1, 1000), default=None, help="Exit after N poll rounds.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Review app port."
)
@click.option(
    "--interval",
    type=click.FloatRange(0.2, 3600),
    default=5.0,
    show_default=True,
    help="Seconds between polls.",
)
@click.option("--dry-run", is_flag=True, help="Journal actions as dry_run instead of changing the sandbox.")
@click.option("--no-web", is_flag=True, help="Do not serve the review app.")
def demo_command(
    data_dir: str, cycles: int | None, port: int, interval: float, dry_run: bool, no_web: bool
) -> None:
    """Run modbot end to end on this machine: sandbox Facebook/Instagram/X/Reddit with realistic LCPD
    threads, the daemon polling them, and the review app. Nothing leaves 127.0.0.1.

    Prints what it did (verdicts, actions, categories, urgent items, alerts) and where to look.
    Without --cycles it runs until Ctrl-C; new comments arrive between rounds.
    """
    from bot.demo import run_demo
    from bot.logging_setup import setup_logging
    from bot.policy import PolicyError

    # The demo prints its own account of each cycle; the log shows only what went wrong.
    setup_logging("text", "ERROR")
    try:
        run_demo(
            Path(data_dir),
            cycles=cycles,
            port=port,
            interval_seconds=interval,
            dry_run=dry_run,
            serve_app=not no_web,
            echo=click.echo,
        )
    except PolicyError as exc:
        # e.g. modbot installed from a wheel, run outside a source checkout: no moderation_policies/ here
        raise click.ClickException(
            "invalid policy:\n  " + "\n  ".join(exc.errors) + "\n(run from a source checkout, or set "
            "MODBOT_POLICY_DIR to a policy directory)"
        ) from None
