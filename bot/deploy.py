"""The deployment files shipped with modbot (policy, example config, systemd units) and `modbot init`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.paths import shipped_dir

DEFAULT_DB = "/var/lib/modbot/modbot.db"
UNITS = ("modbot.service", "modbot-web.service")


class InitError(RuntimeError):
    pass


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def initial_config(example: str, db: str) -> str:
    """The example config with its paths made right for a config in DIR: the policy beside it (DIR's
    moderation_policies/), the database at `db`."""
    out = example
    for key, value in (("db", db), ("policy_dir", "moderation_policies")):
        out, count = re.subn(rf"^{key} = .*$", f"{key} = {_toml_string(value)}", out, count=1, flags=re.M)
        if count != 1:
            raise InitError(f"the shipped example config has no `{key} = ...` line to set")
    return out


@dataclass(frozen=True)
class InitPlan:
    """What `modbot init DIR` writes: {target path: text}."""

    files: dict[Path, str]

    def existing(self) -> list[Path]:
        return sorted(p for p in self.files if p.exists() or p.is_symlink())


def plan_init(target: Path, db: str = DEFAULT_DB) -> InitPlan:
    config_src = shipped_dir("config")
    policy_src = shipped_dir("moderation_policies")
    example = (config_src / "modbot.example.toml").read_text(encoding="utf-8")
    files: dict[Path, str] = {target / "modbot.toml": initial_config(example, db)}
    for src in sorted(policy_src.iterdir()):
        if src.is_file():
            files[target / "moderation_policies" / src.name] = src.read_text(encoding="utf-8")
    for unit in UNITS:
        files[target / "systemd" / unit] = (config_src / unit).read_text(encoding="utf-8")
    return InitPlan(files)


def write_init(plan: InitPlan) -> list[Path]:
    """Write every file of the plan, or none: any that exists already stops it before anything is written."""
    existing = plan.existing()
    if existing:
        names = "\n  ".join(str(p) for p in existing)
        raise InitError(f"not overwriting {len(existing)} existing file(s):\n  {names}")
    written: list[Path] = []
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:  # "x": never replace a file made meanwhile
            fh.write(text)
        written.append(path)
    return written
