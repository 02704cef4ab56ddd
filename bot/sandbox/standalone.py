"""The sandbox run standalone (`modbot sandbox`): start it, say how to point modbot at it, serve until stopped."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from bot.sandbox.sandbox import SANDBOX_SECRETS, Sandbox, env_var


def describe(sandbox: Sandbox) -> str:
    """What a person needs to point modbot at the sandbox: base URLs, page ids and env vars."""
    lines = []
    for platform in sandbox.servers:
        page = sandbox.page_config(platform)
        token = f"   token_url = {page.token_url}" if page.token_url else ""
        lines.append(f"{platform:10} base_url = {page.base_url}{token}   page_id = {page.page_id}")
    lines.append("")
    lines.append("# fake credentials (shell):")
    for platform, creds in SANDBOX_SECRETS.items():
        for role, value in creds.items():
            lines.append(f"export {env_var(platform, role)}={value}")
    return "\n".join(lines)


def pages_toml(sandbox: Sandbox) -> str:
    """`[[pages]]` tables for a modbot config that watches every sandbox platform."""
    blocks = []
    for platform in sandbox.servers:
        page = sandbox.page_config(platform)
        lines = [
            "[[pages]]",
            f'name = "{page.name}"',
            f'platform = "{platform}"',
            f'page_id = "{page.page_id}"',
            f'base_url = "{page.base_url}"',
        ]
        if page.token_url:
            lines.append(f'token_url = "{page.token_url}"')
        lines += [f'{role}_env = "{var}"' for role, var in page.credential_env.items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def run_sandbox(
    seed: str = "demo",
    host: str = "127.0.0.1",
    ports: Mapping[str, int] | None = None,
    *,
    block: bool = True,
    stop_event: threading.Event | None = None,
    bulk_posts: int = 25,
    bulk_comments: int = 400,
    echo: Callable[[str], None] = print,
) -> Sandbox:
    """Start the sandbox and print (with `echo`) how to use it; with block=True, serve until interrupted (or
    stop_event)."""
    sandbox = Sandbox.start(
        seed=seed, host=host, ports=ports, bulk_posts=bulk_posts, bulk_comments=bulk_comments
    )
    echo(describe(sandbox))
    echo("\n# config (TOML):\n" + pages_toml(sandbox))
    if not block:
        return sandbox
    event = stop_event or threading.Event()
    try:
        while not event.wait(0.5):
            pass
    except KeyboardInterrupt:
        echo("stopping sandbox")
    finally:
        sandbox.stop()
    return sandbox
