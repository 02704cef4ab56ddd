"""`modbot bench replay`: an archive of many judged comment versions, and one replay over all of them, timed.

The archive is written through the Store as the daemon writes it (comments, then verdicts decided by the
shipped policy on the scorer's real scores); only the replay is timed. Texts are drawn from the cycle
benchmark's everyday and actionable comments, each made unique, so the policy's keyword and pattern rules
read a different string every time.
"""

from __future__ import annotations

import random
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bench import ACTIONABLE, ORDINARY
from bot.domain import Comment, Platform
from bot.paths import default_policy_dir
from bot.policy import Policy, decide, load_policy
from bot.scoring.base import ScoreInput, Scorer
from bot.store import Store

BATCH = 5000


@dataclass(kw_only=True)
class ReplayBenchResult:
    versions: int
    build_seconds: float
    replay_seconds: float
    changed: int
    rescored: int
    scorer: str
    peak_rss_mb: float
    db_path: Path | None  # None: removed after the run


def build_archive(path: Path, versions: int, scorer: Scorer, policy: Policy, *, rng_seed: int = 158) -> None:
    """`versions` comments (one version each) over the last 30 days, each with its verdict."""
    rng = random.Random(rng_seed)
    pool = ORDINARY + ACTIONABLE
    scored = dict(zip(pool, scorer.score_batch([ScoreInput(text=t) for t in pool]), strict=True))
    platforms = list(Platform)
    now = datetime.now(UTC)
    with Store(path) as store:
        for first in range(0, versions, BATCH):
            comments: list[Comment] = []
            verdicts = []
            for n in range(first, min(first + BATCH, versions)):
                base = rng.choice(ACTIONABLE if rng.random() < 0.05 else ORDINARY)
                platform = platforms[n % len(platforms)]
                c = Comment(
                    platform=platform,
                    page_id="bench",
                    post_id=f"p{n // 400}",
                    id=f"c{n}",
                    text=f"{base} #{n}",
                    created_at=now - timedelta(seconds=rng.uniform(0, 30 * 86400)),
                    author_id=f"a{n % 5000}",
                    author_name=f"bench user {n % 5000}",
                    raw={"id": f"c{n}"},
                )
                comments.append(c)
                scores = scored[base]
                verdicts.append(decide(policy, ScoreInput(text=c.text, platform=platform.value), scores))
            archived = store.archive_comments(comments)
            store.record_verdicts([(a.uid, a.version, v) for a, v in zip(archived, verdicts, strict=True)])


def run_replay_bench(
    *,
    versions: int,
    policy: Policy,
    scorer_factory: Callable[[str], Scorer],
    rescore_with: str | None = None,
    keep_dir: Path | None = None,
) -> ReplayBenchResult:
    from bot.replay import replay

    workdir = keep_dir or Path(tempfile.mkdtemp(prefix="modbot-bench-replay-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "replay-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    scorer = scorer_factory("bundled")
    started = time.monotonic()
    build_archive(db, versions, scorer, load_policy(default_policy_dir()))
    built = time.monotonic() - started
    replay_scorer = scorer if rescore_with in (None, scorer.name) else scorer_factory(str(rescore_with))
    try:
        with Store(db, migrate=False) as store:
            report = replay(store, policy, scorer_factory=lambda: replay_scorer, rescore_with=rescore_with)
    finally:
        if keep_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return ReplayBenchResult(
        versions=report.compared,
        build_seconds=built,
        replay_seconds=report.seconds,
        changed=report.changed,
        rescored=report.rescored,
        scorer=report.scorer,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        db_path=db if keep_dir is not None else None,
    )


def format_bench(r: ReplayBenchResult) -> str:
    rate = r.versions / r.replay_seconds if r.replay_seconds else 0.0
    target = "within" if r.replay_seconds < 120 * r.versions / 100_000 else "OVER"
    return "\n".join(
        [
            f"archived versions: {r.versions} (archive built in {r.build_seconds:.1f} s"
            + (f", kept in {r.db_path})" if r.db_path else ")"),
            f"replay:            {r.replay_seconds:.1f} s ({rate:.0f} versions/s; scorer {r.scorer}, "
            f"{r.rescored} scored again)",
            f"target:            {target} 2 minutes per 100,000 versions",
            f"would change:      {r.changed}",
            f"peak RSS:          {r.peak_rss_mb:.0f} MB",
        ]
    )
