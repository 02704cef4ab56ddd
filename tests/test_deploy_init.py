"""The wheel carries the policy, example config and systemd units; `modbot init DIR` writes them out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import load_settings
from bot.policy import load_policy

REPO = Path(__file__).resolve().parent.parent


def test_init_writes_an_editable_deployment_whose_config_and_policy_load(tmp_path: Path) -> None:
    target = tmp_path / "etc-modbot"
    result = CliRunner().invoke(main, ["init", str(target), "--db", str(tmp_path / "state" / "modbot.db")])
    assert result.exit_code == 0, result.output
    assert (target / "systemd" / "modbot.service").read_text() == (
        REPO / "config" / "modbot.service"
    ).read_text()
    assert (target / "systemd" / "modbot-web.service").is_file()
    settings = load_settings(target / "modbot.toml")
    assert settings.policy_dir == target / "moderation_policies"
    assert settings.db_path == tmp_path / "state" / "modbot.db"
    shipped = load_policy(REPO / "moderation_policies")
    assert load_policy(settings.policy_dir).version == shipped.version


def test_init_refuses_to_overwrite_and_then_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "etc-modbot"
    (target / "systemd").mkdir(parents=True)
    mine = target / "systemd" / "modbot.service"
    mine.write_text("# the department's own unit\n")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert "not overwriting 1 existing file" in result.output and str(mine) in result.output
    assert mine.read_text() == "# the department's own unit\n"
    assert not (target / "modbot.toml").exists()
    assert not (target / "moderation_policies").exists()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the working tree (tracked and new files), so the in-tree build leaves nothing in the checkout.
    src = tmp_path_factory.mktemp("src")
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        if rel.startswith("tests/") or not (REPO / rel).is_file():
            continue
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, src / rel)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (whl,) = out.glob("modbot-*.whl")
    return whl


def test_the_wheel_carries_the_policy_example_config_and_units(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("config/modbot.example.toml", "config/modbot.service", "config/modbot-web.service"):
        assert f"bot/_shipped/{rel}" in names
    for policy_file in (REPO / "moderation_policies").iterdir():
        assert f"bot/_shipped/moderation_policies/{policy_file.name}" in names
    with zipfile.ZipFile(wheel) as zf:
        assert (
            zf.read("bot/_shipped/moderation_policies/attachment_a.yaml")
            == (REPO / "moderation_policies" / "attachment_a.yaml").read_bytes()
        )
    assert not any(n.endswith("modbot.toml") and "example" not in n for n in names)


def test_an_installed_wheel_finds_its_policy_and_inits_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MODBOT_POLICY_DIR", "MODBOT_CONFIG")}
    env["PYTHONPATH"] = str(site)  # the installed copy, not this checkout

    def modbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import bot.paths as p; print(p.default_policy_dir())"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.strip() == str(site / "bot" / "_shipped" / "moderation_policies"), where.stderr
    check = modbot("policy", "check")
    assert check.returncode == 0 and "policy OK" in check.stdout, check.stderr
    init = modbot("init", str(tmp_path / "x"))
    assert init.returncode == 0, init.stderr
    assert modbot("policy", "check", str(tmp_path / "x" / "moderation_policies")).returncode == 0
    again = modbot("init", str(tmp_path / "x"))
    assert again.returncode == 1 and "not overwriting" in again.stderr
