"""The container image: Dockerfile shape, its health check against a real review app, and (where a container
engine runs) a real build and start of the image."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.store import Store

REPO = Path(__file__).resolve().parent.parent
HEALTH = REPO / "scripts" / "container-health.sh"


def instructions() -> list[tuple[str, str]]:
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_runs_the_one_install_script_as_a_non_root_user_with_a_state_volume() -> None:
    steps = instructions()
    runs = " ".join(rest for word, rest in steps if word == "RUN")
    assert "/src/scripts/install.sh /opt/modbot" in runs  # the same script make and CI run
    assert "/src/scripts/check_install.sh /opt/modbot" in runs
    assert "pip install" not in runs  # no second, unpinned install path
    users = [rest for word, rest in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("VOLUME", '["/var/lib/modbot"]') in steps
    assert ("ENTRYPOINT", '["/opt/modbot/bin/modbot"]') in steps
    assert ("CMD", '["run", "--config", "/etc/modbot/modbot.toml"]') in steps  # the daemon by default
    health = [rest for word, rest in steps if word == "HEALTHCHECK"]
    assert len(health) == 1 and "modbot-health" in health[0]
    copied = [rest for word, rest in steps if word == "COPY"]
    assert "scripts/container-health.sh /usr/local/bin/modbot-health" in copied
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".git", ".venv", "config/modbot.toml", "*.db"} <= set(ignored)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(role: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "MODBOT_ROLE": role, "MODBOT_BIN": str(Path(sys.executable).parent), **env}
    full["PYTHONPATH"] = str(REPO)
    return subprocess.run(["sh", str(HEALTH)], env=full, capture_output=True, text=True, timeout=60)


def test_health_check_passes_while_the_review_app_answers_and_fails_when_it_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "modbot.db"
    Store(db).close()
    port = free_port()
    env = {**os.environ, "MODBOT_WEB_SECRET": secrets.token_urlsafe(48), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        up = health("app", MODBOT_WEB_PORT=str(port))
        assert up.returncode == 0, up.stderr
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
    # SIGTERM is handled, not left to its default action: as a container's PID 1 it would be ignored, and
    # `docker stop` would kill the app after its timeout (exit 137)
    assert proc.returncode == 0
    down = health("app", MODBOT_WEB_PORT=str(port))
    assert down.returncode == 1 and f"127.0.0.1:{port}/healthz" in down.stderr


def test_health_check_of_the_daemon_is_modbot_status_check(tmp_path: Path) -> None:
    config = tmp_path / "modbot.toml"
    config.write_text(f'[modbot]\ndb = "{tmp_path / "none.db"}"\n')
    missing = health("daemon", MODBOT_CONFIG=str(config))
    assert missing.returncode == 1 and "no database at" in missing.stderr
    wrong = health("neither")
    assert wrong.returncode == 2


def container_engine() -> str | None:
    for engine in ("podman", "docker"):
        if shutil.which(engine) is None:
            continue
        try:
            info = subprocess.run([engine, "info"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if info.returncode == 0:
            return engine
    return None


ENGINE = container_engine()
DOCKERFILE_BASE = "python:3.11-slim-bookworm"  # the Dockerfile's ARG PYTHON_IMAGE default
HOST_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def build_command(engine: str, tag: str) -> list[str]:
    """`ENGINE build` of this checkout. MODBOT_TEST_BASE_IMAGE builds on another base than the Dockerfile's
    python:3.11-slim-bookworm (a machine that cannot pull it: scripts/local-base-image.sh makes a stand-in);
    MODBOT_TEST_BUILD_ARGS adds engine options (shell words), e.g. the host's CA bundle for a machine
    behind a TLS-intercepting proxy (podman: `-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro`)."""
    command = [engine, "build", "-t", tag]
    if engine == "podman":
        command += ["--format", "docker"]  # podman's default (OCI) format drops the HEALTHCHECK
        if Path(HOST_CA_BUNDLE).is_file():
            # The host's trust store for the build's pip only (a build volume, not in the image): behind a
            # TLS-intercepting proxy the image's own store refuses PyPI's certificate.
            command += ["-v", f"{HOST_CA_BUNDLE}:{HOST_CA_BUNDLE}:ro"]
    base = os.environ.get("MODBOT_TEST_BASE_IMAGE")
    if base:
        command += ["--build-arg", f"PYTHON_IMAGE={base}"]
    return [*command, *shlex.split(os.environ.get("MODBOT_TEST_BUILD_ARGS", "")), str(REPO)]


@pytest.mark.slow
@pytest.mark.skipif(ENGINE is None, reason="no container engine runs here (docker/podman info fails)")
def test_the_image_builds_runs_as_non_root_and_its_app_passes_the_health_check() -> None:
    assert ENGINE is not None
    tag = f"modbot-test:{uuid.uuid4().hex[:8]}"
    name = f"modbot-test-{uuid.uuid4().hex[:8]}"
    volume = f"modbot-test-{uuid.uuid4().hex[:8]}"

    def engine(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([ENGINE, *args], capture_output=True, text=True, timeout=timeout)

    base = os.environ.get("MODBOT_TEST_BASE_IMAGE") or DOCKERFILE_BASE
    if engine("image", "inspect", base).returncode != 0:
        try:
            pulled = engine("pull", base, timeout=180)
        except subprocess.TimeoutExpired:
            pulled = None
        if pulled is None or pulled.returncode != 0:
            # The engine runs but its registry is out of reach (no Docker Hub here): an environment limit, not a
            # product failure. scripts/local-base-image.sh builds a stand-in; MODBOT_TEST_BASE_IMAGE names it.
            pytest.skip(
                f"base image {base} is not here and cannot be pulled; see scripts/local-base-image.sh"
            )
    build = subprocess.run(build_command(ENGINE, tag), capture_output=True, text=True, timeout=3000)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    try:
        check = engine("image", "inspect", "--format", "{{json .Config.Healthcheck}}", tag)
        assert check.returncode == 0 and "/usr/local/bin/modbot-health" in check.stdout, check.stdout
        ids = engine("run", "--rm", "--entrypoint", "sh", tag, "-c", "id -u; id -g")
        assert ids.returncode == 0 and ids.stdout.split() == ["10001", "10001"], ids.stdout + ids.stderr
        version = engine("run", "--rm", tag, "--version")
        assert version.returncode == 0 and "modbot" in version.stdout
        # The daemon is the default command; the shipped config names its secrets, and none are given here:
        # a configuration error, exit 2, which a restart policy should not retry.
        daemon = engine("run", "--rm", tag)
        assert daemon.returncode == 2 and "environment variable(s) not set" in daemon.stderr, daemon.stderr
        started = engine(
            "run", "-d", "--read-only", "--name", name, "-v", f"{volume}:/var/lib/modbot",
            tag, "serve", "--host", "0.0.0.0", "--demo-secret",
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
        deadline = time.monotonic() + 90
        while True:
            probe = engine("exec", name, "modbot-health")
            if probe.returncode == 0:
                break
            assert time.monotonic() < deadline, probe.stderr
            time.sleep(2)
        state = engine("exec", name, "stat", "-c", "%u:%g %a", "/var/lib/modbot", "/var/lib/modbot/modbot.db")
        assert state.stdout.splitlines() == ["10001:10001 750", "10001:10001 644"], (
            state.stdout + state.stderr
        )
        began = time.monotonic()
        stopped = engine("stop", "-t", "30", name)
        assert stopped.returncode == 0, stopped.stderr
        assert time.monotonic() - began < 20  # SIGTERM stopped it; it was not killed at the timeout
        code = engine("inspect", "--format", "{{.State.ExitCode}}", name)
        assert code.stdout.strip() == "0", code.stdout + code.stderr
    finally:
        engine("rm", "-f", name)
        engine("rmi", "-f", tag)
        engine("volume", "rm", "-f", volume)


def test_readme_documents_the_container() -> None:
    readme = (REPO / "README.md").read_text()
    deployment = readme[readme.index("## Deployment") :]
    assert re.search(r"docker build -t modbot \.", deployment)
    assert "modbot-health" in deployment and "/var/lib/modbot" in deployment
