"""Audit the hash-pinned locks for known vulnerabilities: pip-audit online, a table of fixed releases offline.

    python scripts/audit_deps.py [--offline] [LOCK ...]      (default: requirements/*.lock)

Exit 1 when a pin is a release with a known vulnerability: one that pip-audit reports, or one older than a
fixed release in KNOWN_FIXED below (checked always, so a vulnerable pin fails the build on a machine that
cannot reach the vulnerability database too). When the database cannot be reached, pip-audit's part is
reported as skipped and does not fail the build, unless MODBOT_AUDIT_STRICT=1 (for a release machine that
must have the full audit).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

REPO = Path(__file__).resolve().parent.parent

# Releases that fixed a published vulnerability in a package this project installs: a pin older than the
# fixed release fails. pyproject.toml's floors are the same numbers for the direct dependencies.
KNOWN_FIXED: dict[str, list[tuple[str, str]]] = {
    "waitress": [("3.0.1", "CVE-2024-49768, CVE-2024-49769")],
    "requests": [("2.32.0", "CVE-2024-35195"), ("2.32.4", "CVE-2024-47081")],
    "werkzeug": [("3.0.6", "CVE-2024-49766, CVE-2024-49767")],
    "urllib3": [
        ("2.5.0", "CVE-2025-50181, CVE-2025-50182"),
        ("2.6.0", "CVE-2025-66418, CVE-2025-66471"),
        ("2.6.3", "CVE-2026-21441"),
        ("2.7.0", "CVE-2026-44432"),
    ],
    "jinja2": [("3.1.6", "CVE-2025-27516")],
    "setuptools": [("78.1.1", "CVE-2025-47273")],
    "idna": [("3.7", "CVE-2024-3651")],
    "certifi": [("2024.7.4", "CVE-2024-39689")],
    "torch": [("2.6.0", "CVE-2025-32434")],
}

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)
# What pip-audit says of a package it could not look up (the database unreachable, or not on PyPI).
_UNREACHED = ("could not be audited", "connection", "timed out", "resolve")


@dataclass(frozen=True)
class Finding:
    name: str
    version: str
    ids: str
    fixed_in: str
    source: str  # "pip-audit" or "known-fixed table"

    def line(self) -> str:
        return f"{self.name}=={self.version}: {self.ids} (fixed in {self.fixed_in}; {self.source})"


def read_pins(lock: Path) -> dict[str, str]:
    """{canonical name: version} of every `name==version` line of a pip-compile lock."""
    return {canonicalize_name(m[1]): m[2] for m in _PIN.finditer(lock.read_text())}


def _base_version(text: str) -> Version | None:
    try:
        return Version(Version(text).base_version)  # 2.13.0+cpu is 2.13.0 for this purpose
    except InvalidVersion:
        return None


def check_known_fixed(pins: dict[str, str]) -> list[Finding]:
    found: list[Finding] = []
    for name, version in sorted(pins.items()):
        have = _base_version(version)
        if have is None:
            continue
        for fixed, ids in KNOWN_FIXED.get(name, []):
            if have < Version(fixed):
                found.append(Finding(name, version, ids, fixed, "known-fixed table"))
    return found


@dataclass(frozen=True)
class AuditResult:
    findings: list[Finding]
    reached: bool  # False: the vulnerability database could not be consulted (for all or some packages)
    note: str


def classify_pip_audit(returncode: int, stdout: str, stderr: str = "") -> AuditResult:
    """Read pip-audit's `-f json` answer. No JSON at all (it crashed: no network, DNS) means unreached."""
    try:
        report = json.loads(stdout)
        deps = report["dependencies"]
    except (json.JSONDecodeError, KeyError, TypeError):
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        return AuditResult([], False, f"pip-audit gave no report (exit {returncode}): {tail[:300]}")
    findings: list[Finding] = []
    skipped: list[str] = []
    for dep in deps:
        if "skip_reason" in dep:
            skipped.append(f"{dep.get('name')}: {dep['skip_reason']}")
            continue
        for vuln in dep.get("vulns", []):
            ids = ", ".join([vuln.get("id", "?"), *vuln.get("aliases", [])])
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release"
            findings.append(Finding(dep["name"], dep.get("version", "?"), ids, fixed, "pip-audit"))
    unreached = [s for s in skipped if any(word in s.lower() for word in _UNREACHED)]
    if unreached:
        note = f"{len(unreached)} of {len(deps)} packages not looked up (e.g. {unreached[0][:200]})"
        return AuditResult(findings, False, note)
    return AuditResult(findings, True, f"{len(deps)} packages looked up")


def run_pip_audit(lock: Path, timeout: int = 600) -> AuditResult:
    cmd = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--timeout",
        "20",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return AuditResult([], False, f"pip-audit did not finish in {timeout} s")
    except OSError as exc:
        return AuditResult([], False, f"pip-audit could not run: {exc}")
    return classify_pip_audit(proc.returncode, proc.stdout, proc.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locks", nargs="*", type=Path, help="lock files (default: requirements/*.lock)")
    parser.add_argument("--offline", action="store_true", help="check the known-fixed table only")
    args = parser.parse_args(argv)
    locks = args.locks or sorted((REPO / "requirements").glob("*.lock"))
    strict = os.environ.get("MODBOT_AUDIT_STRICT") == "1"
    failed = False
    for lock in locks:
        pins = read_pins(lock)
        findings = check_known_fixed(pins)
        online = AuditResult([], False, "skipped (--offline)") if args.offline else run_pip_audit(lock)
        findings += online.findings
        status = "reached" if online.reached else "NOT reached"
        print(f"audit {lock.name}: {len(pins)} pins; vulnerability database {status}: {online.note}")
        if not online.reached and strict:
            print("audit: MODBOT_AUDIT_STRICT=1 and the database was not reached: failing", file=sys.stderr)
            failed = True
        for finding in findings:
            print(f"  VULNERABLE {finding.line()}", file=sys.stderr)
        failed = failed or bool(findings)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
