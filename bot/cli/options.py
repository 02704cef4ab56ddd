"""What several command groups share: the --config/--db options and how they resolve, opening the store,
loading a policy or a scorer, each failure turned into one `Error:` line instead of a traceback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from bot.config import ConfigError, Settings, load_settings
from bot.policy import PolicyError, load_policy

DEFAULT_CONFIG = Path("config/modbot.toml")


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
    """--db, else the config's db path, else ./modbot.db."""
    if db:
        return Path(db)
    settings = settings_from(config)
    return settings.db_path if settings else Path("modbot.db")


def db_option(f: Any) -> Any:
    """The --config and --db options of every command that reads the database."""
    f = click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (TOML).")(f)
    return click.option(
        "--db", type=click.Path(dir_okay=False), help="SQLite database (default: from config)."
    )(f)


def open_store(db: str | None, config: str | None, *, must_exist: bool = True) -> Any:
    """The store for --db/--config, migrated; with must_exist, a missing file is an error naming the fix."""
    from bot.store import Store

    path = resolve_db(db, config)
    if must_exist and not path.exists():
        raise click.ClickException(
            f"no database at {path} (run `modbot db migrate` or start the daemon first)"
        )
    return Store(path)


def open_existing_store(db: str | None, config: str | None) -> Any:
    """The store for --db/--config as it is (not migrated); a missing file is an error."""
    from bot.store import Store

    path = resolve_db(db, config)
    if not path.exists():
        raise click.ClickException(f"no database at {path} (check --db or the config's db path)")
    return Store(path, migrate=False)


def load_policy_or_exit(path: Path) -> Any:
    """The policy at PATH, or an error listing every problem in it."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        hint = ""
        if not Path(path).exists():  # e.g. an installed modbot run outside the source checkout
            hint = "\n(pass --policy DIR, or set MODBOT_POLICY_DIR to the policy directory)"
        raise click.ClickException("invalid policy:\n  " + "\n  ".join(exc.errors) + hint) from None


def build_named_scorer(name: str) -> Any:
    """The scorer NAME from the registry (bundled, detoxify, bundled+detoxify), or an error saying why not."""
    from bot.scoring.registry import build_scorer

    try:
        return build_scorer(name)
    except (ValueError, ImportError, OSError) as exc:
        raise click.ClickException(f"cannot build scorer {name!r}: {exc}") from None


def bundled_or_rules_scorer(name: str) -> Any:
    """`--scorer bundled|rules` of eval and bench score; warns when the bundled model cannot be loaded."""
    from bot.scoring.default import DefaultScorer

    if name == "rules":
        return DefaultScorer(use_model=False)
    scorer = DefaultScorer()
    if not scorer.uses_model:
        click.echo(
            f"warning: bundled model unavailable ({scorer.model_error}); scoring with rules only", err=True
        )
    return scorer
