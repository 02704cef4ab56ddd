"""`modbot bench context`: the item page's context queries (bot.store.context) over a large archive, timed.

The archive is written through the Store as the daemon writes it: comments on several pages and platforms,
many of them from the same few thousand authors and with the same everyday texts (so "also on" has groups
to find), a share of them judged. Each context query then runs for a sample of judged items, with the
archive's indexes and, for comparison, with the context indexes dropped (on the same database).
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bench import ACTIONABLE, ORDINARY
from bot.domain import ActionKind, Comment, Platform, Verdict
from bot.store import Store
from bot.store import context as store_context
from bot.store.rows import QueueRow

BATCH = 5000
PAGES = 8  # per platform
COMMENTS_PER_POST = 400
AUTHORS = 5000
JUDGED_SHARE = 0.1
# The indexes migration 11 added for these queries (bot.store.schema).
CONTEXT_INDEXES = ("comments_post", "comments_author", "comments_author_name", "comments_text")


@dataclass
class QueryTiming:
    name: str
    ms: list[float] = field(default_factory=list)

    def line(self) -> str:
        ordered = sorted(self.ms)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        return (
            f"{self.name:22} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   "
            f"max {ordered[-1]:7.2f} ms"
        )


@dataclass(kw_only=True)
class ContextBenchResult:
    comments: int
    build_seconds: float
    items: int
    indexed: list[QueryTiming]
    unindexed: list[QueryTiming]
    db_path: Path | None  # None: removed after the run


def _verdict() -> Verdict:
    return Verdict(
        action=ActionKind.FLAG,
        urgent=False,
        score=0.6,
        categories=("insult",),
        rule_id="bench",
        clause="bench",
        reason="bench",
        reply=None,
        scores={"insult": 0.6},
        matches=(),
        policy_version="bench",
        scorer="bench",
    )


def build_archive(path: Path, comments: int, *, rng_seed: int = 158) -> None:
    """`comments` comments (one version each) over 30 days; JUDGED_SHARE of them with a verdict."""
    rng = random.Random(rng_seed)
    platforms = list(Platform)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    verdict = _verdict()
    with Store(path) as store:
        for first in range(0, comments, BATCH):
            batch: list[Comment] = []
            for n in range(first, min(first + BATCH, comments)):
                author = rng.randrange(AUTHORS)
                batch.append(
                    Comment(
                        platform=platforms[n % len(platforms)],
                        page_id=f"page{rng.randrange(PAGES)}",
                        post_id=f"p{n // COMMENTS_PER_POST}",
                        id=f"c{n}",
                        text=rng.choice(ACTIONABLE if rng.random() < 0.05 else ORDINARY),
                        created_at=start + timedelta(seconds=rng.uniform(0, 30 * 86400)),
                        author_id=f"a{author}",
                        author_name=f"bench user {author}",
                        raw={"id": f"c{n}"},
                    )
                )
            archived = store.archive_comments(batch)
            store.record_verdicts(
                [(a.uid, a.version, verdict) for a in archived if rng.random() < JUDGED_SHARE]
            )


def _time_queries(store: Store, items: list[QueueRow]) -> list[QueryTiming]:
    queries: list[tuple[str, Callable[[QueueRow], object]]] = [
        ("thread neighbours", lambda it: store_context.thread_neighbours(store, it)),
        ("author on the page", lambda it: store_context.author_on_page(store, it)),
        ("same text elsewhere", lambda it: store_context.same_text_elsewhere(store, it)),
        (
            "a comment by uid",
            lambda it: store_context.parent_comment(store, it["platform"], it["comment_id"]),
        ),
    ]
    timings = [QueryTiming(name) for name, _ in queries]
    for item in items:
        for timing, (_, run) in zip(timings, queries, strict=True):
            t0 = time.perf_counter()
            run(item)
            timing.ms.append((time.perf_counter() - t0) * 1000.0)
    return timings


def run_context_bench(
    *, comments: int = 100_000, items: int = 200, unindexed_items: int = 20, keep_dir: Path | None = None
) -> ContextBenchResult:
    workdir = keep_dir or Path(tempfile.mkdtemp(prefix="modbot-bench-context-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "context-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    started = time.monotonic()
    build_archive(db, comments)
    built = time.monotonic() - started
    try:
        with Store(db, migrate=False) as store:
            ids = [int(r["id"]) for r in store._query("SELECT id FROM verdicts ORDER BY id")]
            picked = random.Random(7).sample(ids, min(items, len(ids)))
            sample = [it for it in (store.review_item(v) for v in picked) if it is not None]
            indexed = _time_queries(store, sample)
            for name in CONTEXT_INDEXES:
                store.conn.execute(f"DROP INDEX IF EXISTS {name}")
            unindexed = _time_queries(store, sample[:unindexed_items])
    finally:
        if keep_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return ContextBenchResult(
        comments=comments,
        build_seconds=built,
        items=len(sample),
        indexed=indexed,
        unindexed=unindexed,
        db_path=db if keep_dir is not None else None,
    )


def format_context_bench(r: ContextBenchResult) -> str:
    lines = [
        f"archived comments: {r.comments} (archive built in {r.build_seconds:.1f} s"
        + (f", kept in {r.db_path}; its context indexes are dropped)" if r.db_path else ")"),
        f"with the context indexes, per query, over {r.items} judged items:",
        *("  " + t.line() for t in r.indexed),
        f"without them (for comparison), over {len(r.unindexed[0].ms) if r.unindexed else 0} items:",
        *("  " + t.line() for t in r.unindexed),
    ]
    return "\n".join(lines)
