"""`modbot bench cycle`: one full poll cycle over a large sandbox (default 4 platforms x 25 posts x 400 comments).

The sandbox runs in a child process so that its memory and CPU are not counted as the daemon's. The daemon
side is the real thing: connectors over HTTP, the store on disk, the configured scorer, actions included.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.paths import REPO_ROOT

PLATFORMS = ("facebook", "instagram", "x", "reddit")

# Everyday comments, and a share of comments the policy acts on (hide, reply) so the cycle includes actions.
ORDINARY = [
    "Thanks for keeping us informed!",
    "When will the road reopen?",
    "Great work by the officers involved.",
    "This is the third time this month, something needs to change.",
    "Shared with my neighborhood group.",
    "Why wasn't this posted earlier?",
    "Stay safe out there everyone.",
    "Gracias por la información.",
    "The police in this town are useless.",
    "Does anyone know if the library is still open?",
    "Prayers for the families.",
    "Maybe if you pigs actually patrolled Lohman there'd be fewer crashes.",
]
ACTIONABLE = [
    "I'll shoot the next cop I see. Watch me.",
    "Make $5000/week working from home!!! No experience needed. Click here http://bit.ly/3xQwErT",
    "Someone is breaking into cars on Main St right now!! Near the farmers market",
]


def seed_bench(
    sandbox: Any,
    *,
    posts: int,
    comments_per_post: int,
    platforms: tuple[str, ...],
    action_share: float,
    rng_seed: int = 158,
) -> None:
    """The sandbox's bulk threads, with `action_share` of the comments drawn from ACTIONABLE."""
    from bot.sandbox.seeds import seed_bulk

    def choose_text(rng: random.Random) -> str:
        return rng.choice(ACTIONABLE if rng.random() < action_share else ORDINARY)

    seed_bulk(
        sandbox,
        posts=posts,
        comments_per_post=comments_per_post,
        platforms=platforms,
        rng_seed=rng_seed,
        choose_text=choose_text,
        author_prefix="bench user",
        media_share=0.01,
    )


def serve_sandbox(args: dict[str, Any]) -> None:
    """Child process: start the seeded sandbox, write the config, print one JSON line, serve until stdin closes."""
    from bot.demo import sandbox_config_text
    from bot.sandbox.sandbox import Sandbox

    platforms = tuple(args["platforms"])
    t0 = time.monotonic()
    sandbox = Sandbox.start(
        seed=lambda sb: seed_bench(
            sb,
            posts=args["posts"],
            comments_per_post=args["comments"],
            platforms=platforms,
            action_share=args["action_share"],
        ),
        platforms=platforms,
    )
    Path(args["config"]).write_text(
        sandbox_config_text(
            sandbox,
            db_path=Path(args["db"]),
            policy_dir=Path(args["policy_dir"]),
            platforms=platforms,
            interval_seconds=3600.0,
            scorer=args["scorer"],
            dry_run=args["dry_run"],
        ),
        encoding="utf-8",
    )
    print(
        json.dumps({"ready": True, "environ": sandbox.environ, "seed_seconds": time.monotonic() - t0}),
        flush=True,
    )
    for line in sys.stdin:
        if line.strip() == "stats":
            counts = Counter(f"{r.platform} {r.method} {r.endpoint}" for r in sandbox.requests)
            print(json.dumps({"requests": dict(counts)}), flush=True)
    sandbox.stop()


@dataclass(kw_only=True)
class BenchResult:
    comments: int = 0
    wall_seconds: float = 0.0
    startup_seconds: float = 0.0
    api_calls: int = 0
    sandbox_requests: int = 0
    peak_rss_mb: float = 0.0
    actions: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    per_page: list[str] = field(default_factory=list)


def run_cycle_bench(
    *,
    posts: int = 25,
    comments: int = 400,
    platforms: tuple[str, ...] = PLATFORMS,
    scorer: str = "bundled",
    action_share: float = 0.03,
    dry_run: bool = False,
    keep_dir: Path | None = None,
) -> BenchResult:
    """Seed the sandbox (child process), then run one daemon cycle per page in this process and measure it."""
    from bot.config import load_settings
    from bot.daemon import Daemon
    from bot.logging_setup import setup_logging
    from bot.platforms import make_connector

    setup_logging("text", "ERROR")
    workdir = keep_dir or Path(tempfile.mkdtemp(prefix="modbot-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "bench.toml"
    db = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    args = {
        "posts": posts,
        "comments": comments,
        "platforms": list(platforms),
        "action_share": action_share,
        "config": str(config),
        "db": str(db),
        "policy_dir": str(REPO_ROOT / "moderation_policies"),
        "scorer": scorer,
        "dry_run": dry_run,
    }
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import json,sys; from bot.bench import serve_sandbox; serve_sandbox(json.loads(sys.argv[1]))",
            json.dumps(args),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        hello = json.loads(child.stdout.readline())
        environ = dict(hello["environ"])
        settings = load_settings(config)
        # Each page must see every post in one cycle.
        settings = replace(
            settings, pages=tuple(replace(p, posts_limit=max(posts, p.posts_limit)) for p in settings.pages)
        )
        result = BenchResult()
        started = time.monotonic()
        daemon = Daemon(
            settings,
            environ=environ,
            connector_factory=lambda page: make_connector(page, environ),
            max_cycles=1,
        )
        daemon.start()
        result.startup_seconds = time.monotonic() - started
        daemon.wait()
        result.wall_seconds = time.monotonic() - started
        daemon.shutdown()
        result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        for report in daemon.reports:
            result.comments += report.fetched
            result.api_calls += report.api_calls
            result.actions.update(report.actions)
            result.verdicts.update(report.verdicts)
            for k, v in report.timings.items():
                result.timings[k] = result.timings.get(k, 0.0) + v
            result.per_page.append(
                f"{report.page:18} {report.fetched:6} comments in {report.seconds:6.1f}s "
                f"({', '.join(f'{k} {v:.1f}s' for k, v in report.timings.items())}), {report.api_calls} API calls"
            )
        stopped = [rt.page.name for rt in daemon.pages.values() if rt.cycles < 1]
        if stopped:
            result.per_page.append(f"pages without a completed cycle: {', '.join(stopped)}")
        child.stdin.write("stats\n")
        child.stdin.flush()
        stats = json.loads(child.stdout.readline())
        result.sandbox_requests = sum(stats["requests"].values())
        return result
    finally:
        child.stdin.close()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)
        child.stdout.close()


def format_result(r: BenchResult) -> str:
    rate = r.comments / r.wall_seconds if r.wall_seconds else 0.0
    per = r.sandbox_requests / r.comments if r.comments else 0.0
    lines = [
        f"comments:          {r.comments}",
        f"wall time:         {r.wall_seconds:.1f} s (start-up incl. policy, scorer, connectors: {r.startup_seconds:.1f} s)",
        f"throughput:        {rate:.0f} comments/s",
        f"API calls:         {r.sandbox_requests} ({per:.3f} per comment; fetch+actions counted by the daemon: {r.api_calls})",
        f"peak RSS (daemon): {r.peak_rss_mb:.0f} MB",
        "verdicts:          " + ", ".join(f"{k} {v}" for k, v in r.verdicts.most_common()),
        "actions:           " + (", ".join(f"{k} {v}" for k, v in sorted(r.actions.items())) or "-"),
        "phase time summed over pages: " + ", ".join(f"{k} {v:.1f}s" for k, v in r.timings.items()),
        *("  " + p for p in r.per_page),
    ]
    return "\n".join(lines)
