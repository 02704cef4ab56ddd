"""The `modbot` command line: one group; each command is a thin layer over library calls."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

from bot.config import ConfigError, Settings, load_settings
from bot.domain import ActionKind, Verdict, without_lone_surrogates
from bot.paths import default_policy_dir
from bot.policy import PolicyError, load_policy
from bot.scoring.base import ScoreInput

DEFAULT_CONFIG = Path("config/modbot.toml")
MEDIA_KINDS = ("photo", "video", "gif", "link", "other")


def settings_from(config: str | None) -> Settings | None:
    """Settings from --config / $MODBOT_CONFIG / ./config/modbot.toml (if present); None when there is none."""
    path = config or os.environ.get("MODBOT_CONFIG")
    if path is None and DEFAULT_CONFIG.is_file():
        path = str(DEFAULT_CONFIG)
    if path is None:
        return None
    try:
        return load_settings(path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def resolve_db(db: str | None, config: str | None) -> Path:
    if db:
        return Path(db)
    settings = settings_from(config)
    return settings.db_path if settings else Path("modbot.db")


def db_option(f: Any) -> Any:
    f = click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (TOML).")(f)
    return click.option(
        "--db", type=click.Path(dir_okay=False), help="SQLite database (default: from config)."
    )(f)


def load_policy_or_exit(path: Path) -> Any:
    try:
        return load_policy(path)
    except PolicyError as exc:
        hint = ""
        if not Path(path).exists():  # e.g. an installed modbot run outside the source checkout
            hint = "\n(pass --policy DIR, or set MODBOT_POLICY_DIR to the policy directory)"
        raise click.ClickException("invalid policy:\n  " + "\n  ".join(exc.errors) + hint) from None


def build_named_scorer(name: str) -> Any:
    from bot.scoring.registry import build_scorer

    try:
        return build_scorer(name)
    except (ValueError, ImportError, OSError) as exc:
        raise click.ClickException(f"cannot build scorer {name!r}: {exc}") from None


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


# -- score -----------------------------------------------------------------------------------------
def verdict_record(item_id: Any, verdict: Verdict) -> dict[str, Any]:
    """The JSON-lines shape of a verdict. A 'reply' verdict keeps the comment up and sends it to a human,
    so it is reported as action 'flag' with the reply text."""
    action = ActionKind.FLAG if verdict.action is ActionKind.REPLY else verdict.action
    return {
        "id": item_id,
        "action": action.value,
        "urgent": verdict.urgent,
        "score": round(float(verdict.score), 4),
        "categories": list(verdict.categories),
        "rule": verdict.rule_id,
        "reason": verdict.reason,
        "reply": verdict.reply,
    }


MAX_LINE_BYTES = 1_000_000
_SKIP_CHUNK = 1 << 16


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line or None when longer than `limit` bytes, its length). An over-long line is read
    past in fixed-size chunks, never held in memory whole."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield lineno, chunk, len(chunk)
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = stream.readline(_SKIP_CHUNK)
            if not chunk:
                break
            size += len(chunk)
        yield lineno, None, size


def _parse_jsonl(
    stream: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, ScoreInput | None, Any, str | None]]:
    """(line number, input, id, error) per non-blank line. Decoding is per line, so one line of bad
    bytes is reported and skipped instead of ending the run; so is a line over `max_line_bytes`."""
    for lineno, raw, size in _bounded_lines(stream, max_line_bytes):
        if raw is None:
            yield lineno, None, None, f"longer than {max_line_bytes:,} bytes ({size:,}); not read"
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, None, f"not valid UTF-8 (byte {exc.start + 1})"
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        except RecursionError:
            yield lineno, None, None, "not usable JSON (nested too deeply)"
            continue
        if not isinstance(obj, dict):
            yield lineno, None, None, "expected a JSON object"
            continue
        item_id = obj.get("id")
        # the id is how a caller matches verdicts to inputs; a line without one is malformed, not anonymous
        if isinstance(item_id, bool) or not isinstance(item_id, str | int) or item_id == "":
            yield lineno, None, None, "'id' is required and must be a non-empty string or an integer"
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield lineno, None, item_id, "'text' is required and must be a string"
            continue
        media = obj.get("media", [])
        if media is None:
            media = []
        if not isinstance(media, list) or not all(isinstance(m, str) for m in media):
            yield lineno, None, item_id, "'media' must be a list of strings"
            continue
        bad = [m for m in media if m not in MEDIA_KINDS]
        if bad:
            yield lineno, None, item_id, f"unknown media kind(s) {bad}; allowed: {', '.join(MEDIA_KINDS)}"
            continue
        platform = obj.get("platform")
        if platform is not None and not isinstance(platform, str):
            yield lineno, None, item_id, "'platform' must be a string"
            continue
        authorized = obj.get("author_authorized", False)
        if not isinstance(authorized, bool):
            yield lineno, None, item_id, "'author_authorized' must be true or false"
            continue
        yield (
            lineno,
            ScoreInput(
                # "\ud800" is valid JSON but not text: score the rest of it rather than lose the line
                text=without_lone_surrogates(text),
                media=tuple(media),
                author_authorized=authorized,
                platform=platform,
            ),
            item_id,
            None,
        )


def _json_line(record: dict[str, Any]) -> str:
    """One output line; an id holding a lone surrogate (valid JSON, not encodable text) is escaped."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True)
    return line


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


@main.command()
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
            out.write(_json_line(verdict_record(item_id, verdict)) + "\n")
        out.flush()
        batch.clear()

    for lineno, item, item_id, error in _parse_jsonl(sys.stdin.buffer, max_line_bytes):
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


# -- policy ----------------------------------------------------------------------------------------
@main.group()
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


# -- audit and db ----------------------------------------------------------------------------------
@main.group()
def audit() -> None:
    """Check the tamper-evident audit chain."""


@audit.command("verify")
@db_option
def audit_verify(db: str | None, config: str | None) -> None:
    """Recompute the audit chain's SHA-256 links; exit 1 if any row was altered, removed or reordered."""
    from bot.store import Store

    path = resolve_db(db, config)
    if not path.exists():
        raise click.ClickException(f"no database at {path}")
    with Store(path, migrate=False) as store:
        count, problems = store.verify_audit()
    if problems:
        click.echo(f"audit chain BROKEN: {len(problems)} problem(s) in {count} rows", err=True)
        for p in problems[:50]:
            click.echo(f"  row {p.row_id}: {p.problem}", err=True)
        sys.exit(1)
    click.echo(f"audit chain OK: {count} rows verified in {path}")


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("migrate")
@db_option
def db_migrate(db: str | None, config: str | None) -> None:
    """Create the database or apply pending schema migrations."""
    from bot.store import Store

    path = resolve_db(db, config)
    with Store(path, migrate=False) as store:
        applied = store.migrate()
        version = store.schema_version()
    click.echo(
        f"{path}: schema version {version}" + (f" (applied {applied})" if applied else " (up to date)")
    )


def _register_optional_commands() -> None:
    """Commands that live beside the code they drive."""
    from bot.commands import register

    register(main)


_register_optional_commands()
