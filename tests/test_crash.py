"""Crash safety: SIGKILL the daemon process at random points of a busy cycle, restart it, and check that
nothing was lost and nothing was done twice (archive, verdicts, and the platform's own request log)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.demo import sandbox_config_text
from bot.moderation import Moderator
from bot.policy import load_policy
from bot.sandbox.sandbox import Sandbox
from bot.scoring.base import ScoreInput
from bot.scoring.default import DefaultScorer
from bot.store import Store

REPO = Path(__file__).resolve().parent.parent
POLICY = REPO / "moderation_policies"
KILLS = 6

TEXTS = [
    "Thanks for keeping us informed!",
    "I'll shoot the next cop I see. Watch me.",
    "Make $5000/week working from home!!! No experience needed. Click here http://bit.ly/3xQwErT",
    "Someone is breaking into cars on Main St right now!! Near the farmers market",
    "The police in this town are useless.",
    "Maybe if you pigs actually patrolled Lohman there'd be fewer crashes.",
]


# Each lists the page's own replies its own way; Instagram and Facebook share the Graph shape but not its edges.
CRASH_PLATFORMS = ("facebook", "instagram", "x", "reddit")
ARRIVING = 6  # new comments per platform posted between two kills


def seed(
    sandbox: Sandbox, platforms: tuple[str, ...] = ("facebook",), posts: int = 6, comments: int = 80
) -> None:
    rng = random.Random(158)
    start = time.time() - 7200
    for platform, p in ((pl, p) for pl in platforms for p in range(posts)):
        post = sandbox.insert_post(platform, f"LCPD notice #{p}", created=start + p)
        for c in range(comments):
            text = rng.choice(TEXTS)
            sandbox.insert_comment(
                platform,
                post.id,
                f"{text} #{p}-{c}",
                author=f"user {rng.randrange(500)}",
                created=start + 10 + p * 100 + c,
            )


def _daemon(config: Path, env: dict[str, str], log: Any, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config), *extra],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _write(record: Any) -> tuple[str, str, str] | None:
    """(platform, comment id, kind) of a successful write request in the sandbox log, else None.

    X replies are left out: the tweet replied to is in the JSON body, which the log does not keep."""
    if record.method not in ("POST", "PUT", "DELETE") or record.status != 200:
        return None
    if record.platform == "x" and record.endpoint == "hidden":
        return "x", record.path.split("/")[-2], "hide"
    if record.platform == "x" and record.endpoint == "reply":
        return None
    if record.platform in ("facebook", "instagram") and record.endpoint in ("hide", "reply"):
        parts = record.path.rstrip("/").split("/")
        return record.platform, parts[-2] if record.endpoint == "reply" else parts[-1], record.endpoint
    if record.platform == "reddit" and record.endpoint == "remove":
        return "reddit", record.params.get("id", f"<no id: {record.params}>").removeprefix("t1_"), "hide"
    if record.platform == "reddit" and record.endpoint == "comment":
        return (
            "reddit",
            record.params.get("thing_id", f"<no id: {record.params}>").removeprefix("t1_"),
            "reply",
        )
    if record.endpoint == "token":
        return None  # Reddit's OAuth token request
    return record.platform, record.path, f"unexpected {record.endpoint}"


def test_sigkill_mid_cycle_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("MODBOT_CRASH_SEED", "2026")))
    sandbox = Sandbox.start(
        seed=lambda sb: seed(sb, CRASH_PLATFORMS, posts=4, comments=70), platforms=CRASH_PLATFORMS
    )
    try:
        db = tmp_path / "crash.db"
        config = tmp_path / "modbot.toml"
        config.write_text(
            sandbox_config_text(
                sandbox, db_path=db, policy_dir=POLICY, platforms=CRASH_PLATFORMS, interval_seconds=0.5
            )
        )
        env = {**os.environ, **sandbox.environ, "PYTHONPATH": str(REPO)}
        # Platform latency (as on the real internet) stretches the acting phase over a few seconds.
        for platform in CRASH_PLATFORMS:
            sandbox.faults.set(platform, "*", "slow", delay=0.02)
        # What the policy says should happen to each seeded comment (recomputed at the end, when the
        # comments that arrived between kills are on the platforms too).
        moderator = Moderator(load_policy(POLICY), DefaultScorer())

        def what_is_due() -> tuple[dict[tuple[str, str], Any], set[tuple[str, str, str]]]:
            seeded = {
                (platform, cid): c
                for platform in CRASH_PLATFORMS
                for cid in sandbox.comment_ids(platform)
                if (c := sandbox.comment(platform, cid))
                and not c["by_page"]
                and c["text"].split(" #")[0] in TEXTS
            }
            verdicts = moderator.judge_batch([ScoreInput(text=c["text"]) for c in seeded.values()])
            due = {
                (platform, cid, v.action.value)
                for (platform, cid), v in zip(seeded, verdicts, strict=True)
                if v.action.value in ("hide", "reply", "delete")
            }
            return seeded, due

        seeded, due = what_is_due()
        arrival_posts = {
            platform: sandbox.insert_post(platform, "LCPD update", created=time.time() - 60).id
            for platform in CRASH_PLATFORMS
        }
        kill_points = []
        with open(tmp_path / "daemon.log", "wb") as log:
            journaled = 0
            for i in range(KILLS):
                proc = _daemon(config, env, log)
                deadline = time.monotonic() + 30
                while not db.exists() and time.monotonic() < deadline:
                    time.sleep(0.02)
                started = time.monotonic()
                if i % 2 == 0 or journaled >= len(due):
                    # Anywhere: start-up, reconcile, fetch, archive, scoring or acting.
                    time.sleep(rng.uniform(0.05, 1.2))
                else:
                    # Certainly inside the acting phase: once a few more actions are journaled.
                    target = min(journaled + rng.randint(5, 40), len(due))
                    while time.monotonic() < deadline:
                        with Store(db, migrate=False) as peek:
                            if peek.count("actions") >= target:
                                break
                        time.sleep(0.01)
                    time.sleep(rng.uniform(0, 0.03))
                delay = time.monotonic() - started
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                with Store(db) as peek:
                    progress = (peek.count("comments"), peek.count("actions"), len(peek.pending_actions()))
                journaled = progress[1]
                kill_points.append((round(delay, 2), progress))
                # The page does not wait for modbot: new comments arrive while it is down.
                for platform in CRASH_PLATFORMS:
                    for n in range(ARRIVING):
                        sandbox.insert_comment(
                            platform,
                            arrival_posts[platform],
                            f"{rng.choice(TEXTS)} #k{i}-{n}",
                            author=f"late user {rng.randrange(500)}",
                        )
            # Two clean cycles: the second one lets replies posted just before a kill show up in a fetch.
            final = _daemon(config, env, log, "--once")
            assert final.wait(60) == 0
            final = _daemon(config, env, log, "--once")
            assert final.wait(60) == 0
        print("SIGKILL at (seconds, (archived, journaled, pending)):", kill_points)
        kill_targets = len(due)
        seeded, due = what_is_due()
        assert len(due) > kill_targets  # the comments that arrived between kills were due something too

        assert len(due) > 100  # a busy cycle
        assert {p for p, _, _ in due} == set(CRASH_PLATFORMS)
        # At least one kill landed inside the acting phase (some but not all actions journaled).
        assert any(0 < journaled < len(due) for _, (_, journaled, _) in kill_points), kill_points

        writes = Counter(w for r in sandbox.requests if (w := _write(r)) is not None)
        # X replies, counted from the platform's side: every reply request made exactly one reply.
        x_replies = [c for i in sandbox.comment_ids("x") if (c := sandbox.comment("x", i))["by_page"]]
        x_reply_requests = [r for r in sandbox.requests if r.endpoint == "reply" and r.platform == "x"]
        assert len(x_replies) == len([r for r in x_reply_requests if r.status == 200])
        writes.update(("x", c["parent_id"], "reply") for c in x_replies)
        # Every due action reached the platform exactly once; nothing else was written. X cannot say
        # whether a reply is hidden, so a hide pending at a kill is sent again there (hiding is idempotent).
        assert {k: n for k, n in writes.items() if n != 1 and k[::2] != ("x", "hide")} == {}
        assert set(writes) == due

        with Store(db) as store:
            # Every comment archived once: one version per uid (same text), all seeded comments present.
            rows = store._query("SELECT uid, MAX(version) AS v, COUNT(*) AS n FROM comments GROUP BY uid")
            assert all(r["v"] == 1 and r["n"] == 1 for r in rows)
            assert {f"{p}:{cid}" for p, cid in seeded} <= {r["uid"] for r in rows}
            # One verdict per comment version, even across restarts.
            dupes = store._query(
                "SELECT comment_uid FROM verdicts GROUP BY comment_uid, comment_version HAVING COUNT(*) > 1"
            )
            assert dupes == []
            # Every platform write has a journal row, done, and none is left pending.
            journal = {
                (r["platform"], r["comment_id"], r["kind"]): r["status"]
                for r in store._query("SELECT * FROM actions")
            }
            assert set(journal) == due
            assert set(journal.values()) == {"done"}
            assert store.pending_actions() == []
            assert store.verify_audit()[1] == []
        for platform, cid, kind in due:
            if kind == "hide":
                state = sandbox.comment(platform, cid)
                assert state["hidden"] or state["removed"]
            elif kind == "reply":
                assert len(sandbox.replies_to(platform, cid)) == 1
    finally:
        sandbox.stop()


# The sandbox endpoints that carry each platform's hide and reply writes.
WRITE_ENDPOINTS = {
    "facebook": {"hide": "hide", "reply": "reply"},
    "instagram": {"hide": "hide", "reply": "reply"},
    "x": {"hide": "hidden", "reply": "reply"},
    "reddit": {"hide": "remove", "reply": "comment"},
}


@pytest.mark.parametrize("platform", ["facebook", "instagram", "x", "reddit"])
@pytest.mark.parametrize("phase", ["before", "after"])
def test_kill_between_journal_and_completion_is_reconciled(tmp_path: Path, phase: str, platform: str) -> None:
    """The narrowest windows, made deterministic: pending row written and its attempt counted, platform
    called (or not), process gone. No fetch ran since, so only the platform itself can say the reply exists."""
    from datetime import UTC, datetime

    from bot.actions import action_key, connector_key, reconcile_pending
    from bot.domain import Action, ActionKind, Comment, Platform
    from bot.platforms import make_connector

    sandbox = Sandbox.start(seed=lambda sb: seed(sb, (platform,), posts=2, comments=5), platforms=(platform,))
    try:
        page = sandbox.page_config(platform)
        connector = make_connector(page, sandbox.environ)
        cid = sandbox.comment_ids(platform)[1]
        uid = f"{platform}:{cid}"
        with Store(tmp_path / "m.db") as store:
            store.archive_comment(
                Comment(
                    platform=Platform(platform),
                    page_id=page.page_id,
                    post_id="p",
                    id=cid,
                    text="x",
                    created_at=datetime.now(UTC),
                )
            )
            for kind in (ActionKind.HIDE, ActionKind.REPLY):
                action = Action(
                    kind=kind,
                    comment_uid=uid,
                    platform=Platform(platform),
                    page_id=page.page_id,
                    comment_id=cid,
                    text="Call 911.",
                )
                row = store.journal_action(action, action_key(action.comment_uid, 1, kind))
                store.mark_action_attempt(int(row["id"]))  # carry_out counts the attempt before calling
                if phase == "after":
                    (
                        connector.hide_comment(cid)
                        if kind is ActionKind.HIDE
                        else connector.reply_to_comment(cid, "Call 911.")
                    )
            assert not store.has_reply_text(platform, cid, "Call 911.")  # the archive cannot tell
            results = reconcile_pending(store, {connector_key(Platform(platform), page.page_id): connector})
            assert [r.status.value for r in results] == ["done", "done"]
            endpoints = Counter(
                r.endpoint for r in sandbox.requests if r.method in ("POST", "PUT") and r.status == 200
            )
            names = WRITE_ENDPOINTS[platform]
            # X does not say whether a reply is hidden, so its hide is sent again: harmless, hiding is idempotent.
            x_rehide = platform == "x" and phase == "after"
            assert endpoints[names["hide"]] == 1 + x_rehide and endpoints[names["reply"]] == 1, endpoints
            assert [r["text"] for r in sandbox.replies_to(platform, cid) if r["by_page"]] == ["Call 911."]
            if phase == "after":
                assert results[1].detail == "reconciled: the page has already replied on the platform"
                assert x_rehide or results[0].detail == "reconciled: already hidden on the platform"
            assert store.pending_actions() == []
    finally:
        sandbox.stop()
