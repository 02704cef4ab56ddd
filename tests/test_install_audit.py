"""The hash-pinned locks match pyproject.toml, and scripts/audit_deps.py fails on a known-vulnerable pin."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
LOCKS = REPO / "requirements"
FAKE_HASH = "--hash=sha256:" + "0" * 64


def audit_module():
    spec = importlib.util.spec_from_file_location("audit_deps", REPO / "scripts" / "audit_deps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_deps"] = module
    spec.loader.exec_module(module)
    return module


def run_audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "audit_deps.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_known_vulnerable_pin_fails_the_audit_even_without_the_database(tmp_path: Path) -> None:
    lock = tmp_path / "old.lock"
    lock.write_text(
        f"requests==2.31.0 \\\n    {FAKE_HASH}\nurllib3==2.8.0 \\\n    {FAKE_HASH}\n"
        f"waitress==3.0.0 \\\n    {FAKE_HASH}\n"
    )
    proc = run_audit("--offline", str(lock))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "requests==2.31.0: CVE-2024-35195" in proc.stderr
    assert "requests==2.31.0: CVE-2024-47081" in proc.stderr
    assert "waitress==3.0.0: CVE-2024-49768" in proc.stderr
    assert "urllib3" not in proc.stderr  # 2.8.0 is past every fixed release in the table


def test_the_shipped_locks_pass_the_audit() -> None:
    proc = run_audit("--offline")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "audit runtime.lock" in proc.stdout and "audit dev.lock" in proc.stdout


def test_pip_audit_answers_are_read_as_found_unreached_or_clean() -> None:
    audit = audit_module()
    crashed = audit.classify_pip_audit(
        1, "", "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'"
    )
    assert crashed.reached is False and crashed.findings == [] and "api.osv.dev" in crashed.note
    unreached = audit.classify_pip_audit(
        0,
        json.dumps(
            {
                "dependencies": [
                    {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited"}
                ],
                "fixes": [],
            }
        ),
    )
    assert unreached.reached is False and unreached.findings == []
    found = audit.classify_pip_audit(
        1,
        json.dumps(
            {
                "dependencies": [
                    {
                        "name": "waitress",
                        "version": "3.0.0",
                        "vulns": [
                            {
                                "id": "GHSA-9298-4cf8-g4wj",
                                "aliases": ["CVE-2024-49768"],
                                "fix_versions": ["3.0.1"],
                            }
                        ],
                    },
                    {"name": "click", "version": "8.5.1", "vulns": []},
                ],
                "fixes": [],
            }
        ),
    )
    assert found.reached is True
    assert [f.line() for f in found.findings] == [
        "waitress==3.0.0: GHSA-9298-4cf8-g4wj, CVE-2024-49768 (fixed in 3.0.1; pip-audit)"
    ]


def locked(lock: Path) -> dict[str, tuple[str, int]]:
    """{name: (version, number of hashes)} of a pip-compile lock."""
    text = lock.read_text()
    out: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block)
        if m:
            out[canonicalize_name(m[1])] = (m[2], block.count("--hash=sha256:"))
    return out


def test_the_locks_pin_every_dependency_of_pyproject_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    runtime, dev = locked(LOCKS / "runtime.lock"), locked(LOCKS / "dev.lock")
    # Changing pyproject.toml's dependencies without `make lock` fails here.
    wanted = [(runtime, spec) for spec in project["project"]["dependencies"]]
    extras = project["project"]["optional-dependencies"]
    wanted += [
        (dev, spec) for spec in project["project"]["dependencies"] + extras["dev"] + extras["detoxify"]
    ]
    wanted += [(lock, spec) for lock in (runtime, dev) for spec in project["build-system"]["requires"]]
    for lock, spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in lock, f"{spec} is not in the lock: run `make lock`"
        assert req.specifier.contains(Version(lock[name][0]), prereleases=True), (spec, lock[name][0])
    for lock in (runtime, dev):
        assert all(hashes >= 1 for _, hashes in lock.values())
    # One resolution: a package in both locks has the same version in both.
    assert {n: v for n, (v, _) in runtime.items() if dev[n][0] != v} == {}
    assert dev["torch"][0] == "2.13.0+cpu"  # the CPU build, never a CUDA one


def test_pyproject_floors_exclude_releases_with_known_vulnerabilities() -> None:
    deps = {
        canonicalize_name(Requirement(s).name): Requirement(s)
        for s in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    assert "psutil" not in deps  # nothing imports it
    for name, too_old, fixed in (
        ("waitress", "3.0.0", "3.0.1"),
        ("requests", "2.32.3", "2.32.4"),
        ("werkzeug", "3.0.5", "3.0.6"),
        ("urllib3", "2.6.3", "2.7.0"),
    ):
        assert not deps[name].specifier.contains(too_old), name
        assert deps[name].specifier.contains(fixed), name
    assert not deps["sqlite-utils"].specifier.contains("5.0")
