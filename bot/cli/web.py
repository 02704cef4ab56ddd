"""The review side: `modbot serve`, `modbot user add|remove|list`, `modbot flagged`, `modbot review` and
`modbot export`."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from bot.cli.options import db_option, open_store, resolve_db, settings_from

PASSWORD_ENV = "MODBOT_USER_PASSWORD"  # noqa: S105 - the variable's name, not a password
DEFAULT_SECRET_ENV = "MODBOT_WEB_SECRET"  # noqa: S105 - the variable's name


# -- serve ---------------------------------------------------------------------------------------------
@click.command("serve")
@db_option
@click.option("--host", default=None, help="Address to listen on (default: [web] host, else 127.0.0.1).")
@click.option(
    "--port", default=None, type=click.IntRange(0, 65535), help="Port (default: [web] port, else 8080)."
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--secure-cookies", is_flag=True, help="Send the session cookie only over HTTPS (use behind TLS)."
)
@click.option(
    "--demo-secret",
    is_flag=True,
    help="Generate a throwaway session key instead of reading it from the environment (demo/testing only).",
)
def serve_command(
    db: str | None,
    config: str | None,
    host: str | None,
    port: int | None,
    threads: int,
    secure_cookies: bool,
    demo_secret: bool,
) -> None:
    """Serve the moderators' review app (queue, decisions, stats, records export) with waitress.

    The session key comes from the environment variable named by [web] secret_key_env (default
    MODBOT_WEB_SECRET); the app refuses to start without it (or with a short or predictable one) unless
    --demo-secret is given. Cookies are Secure, with HSTS, under --secure-cookies and whenever the app
    listens on anything but loopback. Accounts are managed with `modbot user add`.
    """
    from bot.web import create_app
    from bot.web.security import is_loopback, secret_key_problem
    from bot.web.server import bind, serve

    settings = settings_from(config)
    if settings is not None and db:
        settings = dataclasses.replace(settings, db_path=Path(db))
    secret_env = settings.web.secret_key_env if settings else DEFAULT_SECRET_ENV
    secret = os.environ.get(secret_env)
    if not secret:
        if not demo_secret:
            raise click.ClickException(
                f"no session key: set the environment variable {secret_env} to a long random string "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`), "
                "or pass --demo-secret for a throwaway one"
            )
        click.echo(
            "modbot serve: using a random session key (demo mode): sign-ins end when it stops", err=True
        )
    elif (problem := secret_key_problem(secret)) is not None:
        raise click.ClickException(f"{secret_env} is {problem}")
    bind_host = host or (settings.web.host if settings else "127.0.0.1")
    if not secure_cookies and not is_loopback(bind_host):
        # Reachable from other machines: the session must never cross the network in clear.
        secure_cookies = True
        click.echo(
            f"modbot serve: listening on {bind_host}, not loopback: cookies are Secure (serve it behind TLS)",
            err=True,
        )
    source: Any = settings if settings is not None else resolve_db(db, None)
    app = create_app(source, secret_key=secret or None, secure_cookies=secure_cookies)
    store = app.extensions["modbot"].store
    if not store.users():
        click.echo(
            "modbot serve: no accounts yet; add one with `modbot user add NAME --role admin`", err=True
        )
    bind_port = port if port is not None else (settings.web.port if settings else 8080)
    try:
        bound = bind(bind_host, bind_port)
    except OSError as exc:  # the port is taken, or the address is not this machine's: one line, no traceback
        raise click.ClickException(
            f"cannot listen on {bind_host}:{bind_port}: {exc.strerror or exc}"
            + (
                " (another program is using it; pick another with --port)"
                if exc.errno == errno.EADDRINUSE
                else ""
            )
        ) from None
    click.echo(f"modbot review app on http://{bind_host}:{bind_port}/ (database {store.path})", err=True)
    serve(app, host=bind_host, port=bind_port, threads=threads, sockets=[bound])


# -- users ---------------------------------------------------------------------------------------------
@click.group("user")
def user_group() -> None:
    """Manage review-app accounts (argon2-hashed passwords in the database)."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["moderator", "supervisor", "admin", "records"]),
    default="moderator",
    show_default=True,
    help="moderator: reviews; supervisor: also decides escalated items; admin: also users, policy and "
    "pausing pages; records: read-only and export.",
)
@db_option
def user_add(name: str, role: str, db: str | None, config: str | None) -> None:
    """Add user NAME (or reset its password and role). The password is read from $MODBOT_USER_PASSWORD
    or prompted for; it is never taken as an argument, so it never lands in shell history."""
    from bot.web.security import hash_password

    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise click.BadParameter("letters, digits, dot, dash or underscore (up to 64)", param_hint="NAME")
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        password = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    with open_store(db, config, must_exist=False) as store:
        existed = store.user(name) is not None
        store.upsert_user(name, hashed, role, actor=f"cli:{os.environ.get('USER', 'unknown')}")
    click.echo(f"{'updated' if existed else 'added'} {name} ({role})")


@user_group.command("remove")
@click.argument("name")
@db_option
def user_remove(name: str, db: str | None, config: str | None) -> None:
    """Remove user NAME; their open sessions end at their next request."""
    with open_store(db, config) as store:
        removed = store.remove_user(name, actor=f"cli:{os.environ.get('USER', 'unknown')}")
    if not removed:
        raise click.ClickException(f"no user {name!r}")
    click.echo(f"removed {name}")


@user_group.command("list")
@db_option
def user_list(db: str | None, config: str | None) -> None:
    """List accounts and their roles."""
    with open_store(db, config) as store:
        for u in store.users():
            click.echo(f"{u['name']:24} {u['role']:10} since {u['created_at'][:10]}")


# -- flagged -------------------------------------------------------------------------------------------
def queue_filter_options(f: Any) -> Any:
    options = [
        click.option(
            "--status",
            type=click.Choice(["open", "pending", "escalated", "reviewed", "all"]),
            default="open",
            show_default=True,
            help="open = pending + escalated.",
        ),
        click.option("--platform", type=click.Choice(["facebook", "instagram", "x", "reddit"])),
        click.option("--page", "page_id", help="Page id / subreddit."),
        click.option("--category", help="Policy category, e.g. threat."),
        click.option("--action", type=click.Choice(["flag", "reply", "hide", "delete"])),
        click.option("--search", help="Text or author contains."),
        click.option("--urgent", is_flag=True, help="Urgent items only."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.command("flagged")
@db_option
@queue_filter_options
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def flagged_command(
    db: str | None,
    config: str | None,
    status: str,
    platform: str | None,
    page_id: str | None,
    category: str | None,
    action: str | None,
    search: str | None,
    urgent: bool,
    limit: int,
    as_json: bool,
) -> None:
    """The flagged-items log: verdicts waiting for a moderator, urgent first, then oldest.

    Each entry shows the verdict id (for `modbot review ID`), action, categories, where and when, the
    comment's state on the platform, the text and the Attachment A clause.
    """
    from bot.store import STATE_LABELS, QueueFilter
    from bot.web.views.queue import STATUS_FILTERS

    with open_store(db, config) as store:
        filters = QueueFilter(
            statuses=STATUS_FILTERS[status],
            platform=platform,
            page_id=page_id,
            category=category,
            action=action,
            search=search,
            urgent_only=urgent,
        )
        rows = store.review_queue(filters, limit=limit)
        total = store.review_queue_count(filters)
    out = sys.stdout
    if as_json:
        for r in rows:
            record = {
                "id": r["id"],
                "comment_uid": r["comment_uid"],
                "version": r["comment_version"],
                "platform": r["platform"],
                "page_id": r["page_id"],
                "action": r["action"],
                "urgent": bool(r["urgent"]),
                "score": round(float(r["score"]), 4),
                "categories": json.loads(r["categories"]),
                "rule": r["rule_id"],
                "clause": r["clause"],
                "review_status": r["review_status"],
                "state": r["state"],
                "author": r["author_name"],
                "text": r["text"],
                "created_at": r["comment_created_at"],
                "flagged_at": r["created_at"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if not rows:
        click.echo("nothing flagged matches" if status != "open" else "queue is empty")
        return
    for r in rows:
        cats = ",".join(json.loads(r["categories"])) or "-"
        head = f"#{r['id']:<6} {'URGENT ' if r['urgent'] else '       '}{r['action'].upper():6} {cats:18}"
        where = f"{r['platform']}/{r['page_id']}"
        state = STATE_LABELS.get(r["state"], r["state"])
        click.echo(f"{head} {where:24} {r['comment_created_at'][:16]}  {state:8} {r['review_status']}")
        text = " ".join((r["text"] or "").split())
        click.echo(
            f"        {r['author_name'] or r['author_id'] or '?'}: {text[:150]}{'…' if len(text) > 150 else ''}"
        )
        if r["rule_id"]:
            click.echo(f"        rule {r['rule_id']}: \u201c{r['clause'] or ''}\u201d")
    click.echo(f"{len(rows)} shown of {total}", err=True)


# -- review --------------------------------------------------------------------------------------------
@click.command("review")
@click.argument("verdict_id", type=int)
@click.option(
    "--restore",
    "decisions",
    flag_value="restore",
    multiple=True,
    help="Unhide (FB/IG/X) or approve (Reddit).",
)
@click.option(
    "--confirm",
    "decisions",
    flag_value="confirm",
    multiple=True,
    help="Agree with the bot; no platform change.",
)
@click.option(
    "--hide", "decisions", flag_value="hide", multiple=True, help="Hide the comment on the platform."
)
@click.option(
    "--delete", "decisions", flag_value="delete", multiple=True, help="Delete the comment on the platform."
)
@click.option(
    "--keep",
    "decisions",
    flag_value="keep",
    multiple=True,
    help="No violation: leave it up and close the item.",
)
@click.option(
    "--escalate",
    "decisions",
    flag_value="escalate",
    multiple=True,
    help="Send to a supervisor; stays in the queue.",
)
@click.option("--note", default=None, help="Recorded with the decision (alone: adds a note).")
@click.option(
    "--as", "moderator", required=True, help="Your review-app user name (recorded in the audit chain)."
)
@click.option("--dry-run", is_flag=True, help="Journal the platform action without calling the platform.")
@db_option
def review_command(
    verdict_id: int,
    decisions: tuple[str, ...],
    note: str | None,
    moderator: str,
    dry_run: bool,
    db: str | None,
    config: str | None,
) -> None:
    """Record a moderator's decision on queue item VERDICT_ID (from `modbot flagged`).

    --restore, --hide and --delete change the comment on its platform through the action journal, and
    need --config for the page's credentials; the review is recorded only if the platform change succeeds.
    """
    from bot.config import ConfigError
    from bot.platforms.base import PlatformError
    from bot.web.decisions import ConnectorPool, Decider
    from bot.web.followup import may_decide

    if len(set(decisions)) > 1:
        # never guess between, say, --keep and --delete: the last flag would silently win
        raise click.UsageError(
            "give one decision, not " + " and ".join(f"--{d}" for d in dict.fromkeys(decisions))
        )
    decision = decisions[0] if decisions else None
    if decision is None:
        if not note:
            raise click.UsageError(
                "give a decision (--restore/--confirm/--hide/--delete/--keep/--escalate) or --note"
            )
        decision = "note"
    settings = settings_from(config)
    pool = ConnectorPool(settings.pages if settings else ())
    with open_store(db, config) as store:
        user = store.user(moderator)
        if user is None:
            raise click.ClickException(f"no review-app user {moderator!r} (add one with `modbot user add`)")
        current = store.review_item(verdict_id)
        # the same rule the review app applies: an escalated item is a supervisor's (or an admin's) to decide
        refused = may_decide(user["role"], current["review_status"] if current else None, decision)
        if refused is not None:
            raise click.ClickException(f"{moderator} ({user['role']}): {refused}")
        if decision in ("restore", "hide", "delete") and not dry_run:
            item = store.review_item(verdict_id)
            if item is not None:
                where = f"{item['platform']} page {item['page_id']}"
                try:
                    connector = pool(item["platform"], item["page_id"])
                except (ConfigError, PlatformError) as exc:
                    # e.g. the page's credential variable is not set: one line naming it, no traceback
                    pool.close()
                    raise click.ClickException(f"cannot reach {where}: {exc}") from None
                if connector is None:
                    pool.close()
                    raise click.ClickException(
                        f"no configured page for {where}: pass --config "
                        "with that page's credentials (or --dry-run)"
                    )
        decider = Decider(store, pool, dry_run=dry_run or bool(settings and settings.dry_run))
        try:
            outcome = decider.decide(verdict_id, decision, moderator, note)
        finally:
            pool.close()
    if not outcome.ok:
        click.echo(f"modbot review: {outcome.message}", err=True)
        sys.exit(1)
    suffix = f" (platform action {outcome.action_status})" if outcome.action_status else ""
    click.echo(outcome.message + suffix)


# -- export --------------------------------------------------------------------------------------------
@click.command("export")
@click.option("--from", "start", required=True, help="First day, YYYY-MM-DD (UTC).")
@click.option("--to", "end", required=True, help="Last day, YYYY-MM-DD (UTC), included.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout)."
)
@click.option(
    "--with-media",
    is_flag=True,
    help="Write a ZIP (needs --out): the records plus every archived photo/video file and SHA256SUMS.",
)
@click.option("--as", "actor", default=None, help="Name recorded in the audit chain (default: cli:$USER).")
@db_option
def export_command(
    start: str,
    end: str,
    fmt: str,
    out: str | None,
    with_media: bool,
    actor: str | None,
    db: str | None,
    config: str | None,
) -> None:
    """Export the records of every comment created in a date range: all versions (also of hidden and
    deleted comments), verdicts, actions, reviews, media with their SHA-256 and the posts they answer (every
    version of each post's text), as CSV or JSON. The export
    is audited. With --with-media, a ZIP that also holds the media files."""
    from bot.export import ExportError, export_records, export_with_media, parse_range

    try:
        dates = parse_range(start, end)
    except ExportError as exc:
        raise click.BadParameter(str(exc), param_hint="--from/--to") from None
    if with_media and not out:
        raise click.BadParameter(
            "a --with-media export is a ZIP file: give --out FILE.zip", param_hint="--out"
        )
    who = actor or f"cli:{os.environ.get('USER', 'unknown')}"
    with open_store(db, config) as store:
        if out and with_media:
            tmp = Path(out).with_name(Path(out).name + ".part")
            try:
                count = export_with_media(store, dates, fmt, tmp, actor=who)
            except OSError as exc:
                raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
            tmp.replace(out)
        elif out:
            tmp = Path(out).with_name(Path(out).name + ".part")
            try:
                fh = tmp.open("w", encoding="utf-8", newline="")
            except OSError as exc:  # checked before anything is exported or audited
                raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
            with fh:
                count = export_records(store, dates, fmt, fh, actor=who)
            tmp.replace(out)  # a half-written export never sits under the final name
        else:
            count = export_records(store, dates, fmt, sys.stdout, actor=who)
    click.echo(
        f"exported {count} comment(s) from {dates.start} to {dates.end} as {fmt}"
        + (f" to {out}" if out else ""),
        err=True,
    )
