"""One poll cycle for one page: fetch → archive → score → decide → record → act → alert → advance the cursor.

Every step is idempotent, so a cycle cut short anywhere (crash, SIGKILL, shutdown) is simply run again:
comments already archived are not archived twice, verdicts already recorded are reused, actions already
done are not repeated (their idempotency keys come from comment uid, version and kind), and the cursor
moves only after everything it covers has been handled.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.actions import DEFAULT_RETRY, RetryPolicy, action_key, carry_out, connector_key, reconcile_pending
from bot.alerts import Alerter, action_alert_subject, action_problem_message, urgent_comment_message
from bot.config import PageConfig
from bot.domain import Action, ActionKind, ActionStatus, Comment, Verdict, without_lone_surrogates
from bot.escalation import item_url
from bot.media import MediaArchiver, MediaReport
from bot.moderation import Moderator, score_input
from bot.platforms.base import (
    AuthError,
    CompleteListing,
    Connector,
    FetchedPost,
    FetchResult,
    PermissionDenied,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.store import DELETED_BY_AUTHOR, Store, storable_comment, utcnow
from bot.store import media as store_media
from bot.store.rows import VerdictRow

log = logging.getLogger(__name__)

SCORE_BATCH = 512
DRY_RUN_CURSOR_SUFFIX = "#dry-run"
# Verdict actions that change the comment on its platform; FLAG and ALLOW only queue or record.
ACTING_KINDS = frozenset({ActionKind.HIDE, ActionKind.DELETE, ActionKind.REPLY})


class CycleInterrupted(Exception):
    """The daemon is stopping: the cycle stopped between two actions and did not advance the cursor."""


class LeaseLost(Exception):
    """Another daemon holds this page now: the cycle stopped before its next platform write, cursor unmoved."""


# Called before every platform write of a page's cycle; raises LeaseLost when this process may not act.
WriteGuard = Callable[[PageConfig], None]


@dataclass(kw_only=True, frozen=True)
class Decision:
    """What to do with one archived comment version, from a fresh Verdict or a recorded one."""

    comment: Comment
    version: int
    verdict_id: int
    action: ActionKind
    urgent: bool
    reply: str | None
    rule_id: str | None
    clause: str | None
    categories: tuple[str, ...]
    reason: str
    fresh: bool = False  # judged in this cycle (not a recorded verdict presented again)

    @classmethod
    def from_verdict(cls, comment: Comment, version: int, verdict_id: int, v: Verdict) -> Decision:
        return cls(
            comment=comment,
            version=version,
            verdict_id=verdict_id,
            action=v.action,
            urgent=v.urgent,
            reply=v.reply,
            rule_id=v.rule_id,
            clause=v.clause,
            categories=v.categories,
            reason=v.reason,
            fresh=True,
        )

    @classmethod
    def from_row(cls, comment: Comment, version: int, row: VerdictRow) -> Decision:
        return cls(
            comment=comment,
            version=version,
            verdict_id=int(row["id"]),
            action=ActionKind(row["action"]),
            urgent=bool(row["urgent"]),
            reply=row.get("reply"),
            rule_id=row.get("rule_id"),
            clause=row.get("clause"),
            categories=tuple(json.loads(row.get("categories") or "[]")),
            reason=row.get("reason") or "",
        )


@dataclass(kw_only=True)
class CycleReport:
    """What one cycle did, for logs, `modbot demo` and the benchmark."""

    page: str
    platform: str
    fetched: int = 0
    archived: int = 0  # new comment versions written
    judged: int = 0  # verdicts recorded in this cycle
    verdicts: Counter[str] = field(default_factory=Counter)  # by verdict action, for new verdicts
    categories: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)  # "hide:done", "reply:dry_run", ...
    reconciled: int = 0
    urgent: list[Decision] = field(default_factory=list)
    alerts: int = 0
    api_calls: int = 0
    gone_checked: int = 0  # archived comments missing from a full listing, looked up on the platform
    gone: int = 0  # of those, newly marked deleted_by_author
    gone_check_error: str | None = None  # why the check was skipped this time (nothing was changed)
    media: MediaReport = field(default_factory=MediaReport)  # photos/videos queued and archived (bot.media)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """Runs cycles for any page; shared by the daemon's jobs (thread-safe: the store serialises writes)."""

    def __init__(
        self,
        store: Store,
        moderator: Moderator,
        *,
        alerter: Alerter | None = None,
        dry_run: bool = False,
        stop: threading.Event | None = None,
        score_batch: int = SCORE_BATCH,
        guard: WriteGuard | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        media: MediaArchiver | None = None,
        public_url: str | None = None,
    ) -> None:
        self.store = store
        self.media = media if media is not None else MediaArchiver(store)
        self.public_url = public_url  # [web] public_url: alerts link to the item in the review app
        self.guard = guard
        self.retry = retry
        self._action_alerts: set[str] = set()  # action alerts raised by this process (see _alert_actions)
        self.moderator = moderator
        self.alerter = alerter
        self.dry_run = dry_run
        self.stop = stop or threading.Event()
        self.score_batch = score_batch

    def run_cycle(self, page: PageConfig, connector: Connector, *, recheck: bool = False) -> CycleReport:
        """One full cycle. Platform errors from fetching propagate (the daemon schedules around them);
        a RateLimited answer to an action ends the cycle early with RateLimited, cursor unmoved.

        With `recheck`, every recent comment is fetched, not only those past the cursor: an edited text
        is archived as a new version and judged; unchanged comments are neither re-archived nor re-judged,
        and actions already done are not repeated (their idempotency keys)."""
        report = CycleReport(page=page.name, platform=page.platform.value)
        started = time.monotonic()
        mark = time.monotonic()
        cursor = None if recheck else self.store.get_cursor(self.cursor_name(page))
        fetched = connector.fetch_new_comments(cursor)
        # Text every later step can handle (store, scorer, alerts, logs); the archived raw JSON keeps the
        # platform's exact original.
        fetched = dataclasses.replace(fetched, comments=[storable_comment(c) for c in fetched.comments])
        report.fetched = len(fetched.comments)
        report.api_calls += fetched.api_calls
        report.timings["fetch"] = time.monotonic() - mark

        mark = time.monotonic()
        # Archive first: a public record exists before anything else happens to the comment. The posts
        # they answer go in the same transaction (a post the platform gave no text for is left out), and
        # before the comments: each comment version records the post version it answered (the latest).
        with self.store.transaction():
            store_media.archive_posts(self.store, post_texts(page, fetched.posts))
            archived = self.store.archive_comments(fetched.comments)
        report.archived = sum(1 for a in archived if a.new_version)
        # Their photos and videos are noted now and fetched at the end of the cycle, within its budget.
        report.media.queued = self.media.queue(fetched.comments)
        report.timings["archive"] = time.monotonic() - mark
        try:
            # After archiving, so that a reply posted just before a crash is in the archive to be found.
            self._reconcile(page, connector, report)

            self._check_stop(page)  # archived is safe to stop after: the cursor has not moved
            decisions = self._decide(page, fetched.comments, [a.version for a in archived], report)

            mark = time.monotonic()
            self._act_and_alert(page, connector, decisions, report)
            report.timings["act"] = time.monotonic() - mark
        finally:
            # Also when acting ended the cycle early (the platform failing): that is when it matters.
            self._alert_actions(page)

        if recheck and fetched.complete:
            mark = time.monotonic()
            self._note_author_deletions(page, connector, fetched, report)
            report.timings["gone"] = time.monotonic() - mark

        # Only now is everything the cursor covers archived, judged and acted on.
        self.store.set_cursor(self.cursor_name(page), fetched.cursor)
        self._archive_media(page, report)
        now = utcnow()
        report.seconds = time.monotonic() - started
        self.store.update_page_status(
            page.name,
            page.platform.value,
            page.page_id,
            state="ok",
            last_poll_at=now,
            last_success_at=now,
            last_poll_seconds=report.seconds,
            comments_seen=report.archived,
            api_calls=report.api_calls,
        )
        log.info(
            "cycle %s: %d fetched, %d new, %d judged, actions %s, %d urgent in %.2fs",
            page.name, report.fetched, report.archived, report.judged, dict(report.actions),
            len(report.urgent), report.seconds,
            extra={"page": page.name, "platform": page.platform.value},
        )  # fmt: skip
        return report

    def cursor_name(self, page: PageConfig) -> str:
        """Where this page's cursor is kept. A dry run keeps its own: the comments it covered were not
        acted on, so the live cursor must not move past them."""
        return f"{page.name}{DRY_RUN_CURSOR_SUFFIX}" if self.dry_run else page.name

    # -- steps ------------------------------------------------------------------------------------
    def _reconcile(self, page: PageConfig, connector: Connector, report: CycleReport) -> None:
        """Retry this page's actions left pending (rate limits, transient errors, a crash)."""
        if not self.store.pending_actions(page.platform.value, page.page_id):
            return
        results = reconcile_pending(
            self.store,
            {connector_key(page.platform, page.page_id): connector},
            dry_run=self.dry_run,
            only=(page.platform.value, page.page_id),
            before_call=lambda: self._guard(page),
            retry=self.retry,
        )
        report.reconciled = len(results)
        for r in results:
            report.actions[f"{r.action.kind.value}:{r.status.value}"] += 1

    def _decide(
        self, page: PageConfig, comments: Sequence[Comment], versions: Sequence[int], report: CycleReport
    ) -> list[Decision]:
        """A decision per fetched comment: recorded verdicts are reused, the rest are scored in batches."""
        pairs = [(c.uid, v) for c, v in zip(comments, versions, strict=True)]
        known = self.store.latest_verdicts(pairs) if pairs else {}
        decisions: list[Decision] = []
        todo: list[tuple[Comment, int]] = []
        seen: set[tuple[str, int]] = set()
        for comment, version in zip(comments, versions, strict=True):
            key = (comment.uid, version)
            if key in seen:  # the same comment twice in one fetch (a platform paging quirk)
                continue
            seen.add(key)
            row = known.get(key)
            if row is not None:
                decisions.append(Decision.from_row(comment, version, row))
            else:
                todo.append((comment, version))
        for i in range(0, len(todo), self.score_batch):
            self._check_stop(page)
            chunk = todo[i : i + self.score_batch]
            mark = time.monotonic()
            verdicts = self.moderator.judge_batch([score_input(c, page.authorized_authors) for c, _ in chunk])
            judged_at = time.monotonic()
            report.timings["judge"] = report.timings.get("judge", 0.0) + judged_at - mark
            ids = self.store.record_verdicts(
                [(c.uid, v, verdict) for (c, v), verdict in zip(chunk, verdicts, strict=True)]
            )
            report.timings["record"] = report.timings.get("record", 0.0) + time.monotonic() - judged_at
            for (comment, version), verdict, verdict_id in zip(chunk, verdicts, ids, strict=True):
                decisions.append(Decision.from_verdict(comment, version, verdict_id, verdict))
                report.verdicts[verdict.action.value] += 1
                report.categories.update(verdict.categories)
            report.judged += len(chunk)
        return decisions

    def _act_and_alert(
        self, page: PageConfig, connector: Connector, decisions: Sequence[Decision], report: CycleReport
    ) -> None:
        # Alerts are queued before any action, so that a person hears about a threat as early as possible.
        # Recorded verdicts come round again after a crash or in a recheck: alerting and acting on them is
        # idempotent (alerts already sent and actions already done are skipped), and the report counts
        # only what this cycle newly did, so a recheck does not look like a burst of urgent comments.
        for d in decisions:
            if d.urgent:
                if d.fresh:
                    report.urgent.append(d)
                if self.alerter is not None and self.alerter.enabled:
                    self._alert(page, d)
                    report.alerts += int(d.fresh)
        for d in decisions:
            if d.action not in ACTING_KINDS:
                continue
            if d.action is ActionKind.REPLY and not d.reply:
                continue
            if connector.supported_actions and d.action not in connector.supported_actions:
                # The platform has no such action (e.g. hiding on some platforms): the verdict stays queued
                # for a person, which is what FLAG would do.
                report.actions[f"{d.action.value}:unsupported"] += 1
                continue
            self._check_stop(page)
            self._guard(page)
            action = Action(
                kind=d.action,
                comment_uid=d.comment.uid,
                platform=d.comment.platform,
                page_id=d.comment.page_id,
                comment_id=d.comment.id,
                text=d.reply if d.action is ActionKind.REPLY else None,
                reason=f"{d.rule_id}: {d.clause}" if d.rule_id else d.reason,
            )
            result = carry_out(
                self.store,
                connector,
                action,
                action_key(d.comment.uid, d.version, d.action),
                verdict_id=d.verdict_id,
                dry_run=self.dry_run,
                retry=self.retry,
            )
            answer = result.platform_response or {}
            if answer.get("waiting"):
                # Backing off after a failed attempt (the reconcile step above counted it): the rest of
                # the page goes on, and a later cycle retries this one once it is due.
                continue
            if d.fresh or not result.detail.startswith("already"):
                report.actions[f"{d.action.value}:{result.status.value}"] += 1
            if not result.detail.startswith("already"):
                log.log(
                    logging.WARNING if d.urgent or not result.success else logging.INFO,
                    "%s %s on %s: %s (rule %s)%s",
                    d.action.value, d.comment.uid, page.name, result.status.value, d.rule_id,
                    " [URGENT]" if d.urgent else "",
                    extra={"page": page.name, "platform": page.platform.value, "comment_uid": d.comment.uid,
                           "action": d.action.value, "rule": d.rule_id, "status": result.status.value},
                )  # fmt: skip
            retry_at = answer.get("retry_at")  # bot.actions puts the epoch time the limit lifts there
            if result.status is ActionStatus.PENDING and isinstance(retry_at, int | float):
                # Everything after this would hit the same limit; the daemon reschedules the page.
                raise RateLimited(f"{page.name}: rate limited while acting", retry_at=float(retry_at))
            if result.status is ActionStatus.PENDING:
                # The platform is failing (5xx, timeouts): stop acting and let the daemon back off rather
                # than wait out a timeout per remaining action. The cursor stays, so nothing is skipped.
                raise TransientError(f"{page.name}: platform error while acting: {result.detail}")
            if result.status is ActionStatus.FAILED and answer.get("auth_failed"):
                # The token stopped working mid-cycle: stop the page (cursor unmoved, nothing skipped).
                error = PermissionDenied if answer.get("permission_denied") else AuthError
                raise error(f"{page.name}: credentials rejected while acting: {result.detail}")
            if not result.detail.startswith("already") and result.status is not ActionStatus.DRY_RUN:
                report.api_calls += 1

    def _note_author_deletions(
        self, page: PageConfig, connector: Connector, fetched: FetchResult, report: CycleReport
    ) -> None:
        """Mark archived comments their authors deleted on the platform as deleted_by_author.

        Only scopes the fetch listed in full count (a post that left the posts window proves nothing);
        a comment missing from one is a candidate, and only the platform's own lookup of it (NotFound,
        "[deleted]"...) marks it. Hidden/removed comments still exist, so the lookup never takes them for
        deleted. Comments we deleted (or are deleting) are not candidates. If the lookup fails, nothing
        changes: the next recheck tries again. The archive keeps every comment regardless.
        """
        platform = page.platform.value
        # platform comment id → (uid, the scope it was missing from)
        candidates: dict[str, tuple[str, str]] = {}
        reappeared: dict[str, str] = {}
        hidden_now = {c.id: c.is_hidden for c in fetched.comments}
        for scope in fetched.complete:
            rows = self.store.archived_in_scope(
                platform, page.page_id, post_id=scope.post_id, since=scope.since
            )
            for row in rows:
                listed = row["comment_id"] in scope.comment_ids
                if listed and row["state"] == DELETED_BY_AUTHOR:
                    hidden = hidden_now.get(row["comment_id"], False)
                    reappeared[row["uid"]] = "hidden" if hidden else "visible"
                elif (
                    not listed
                    and row["state"] not in ("deleted", DELETED_BY_AUTHOR)
                    and not row["delete_pending"]
                ):
                    candidates[row["comment_id"]] = (row["uid"], _describe(scope))
        if reappeared:
            for uid in self.store.mark_reappeared(reappeared):
                log.warning(
                    "%s: %s was marked deleted by its author but is listed again; mark undone",
                    page.name, uid, extra={"page": page.name, "platform": platform, "comment_uid": uid},
                )  # fmt: skip
        if not candidates:
            return
        report.gone_checked = len(candidates)
        sent_before = getattr(connector, "requests_sent", None)
        try:
            gone = connector.comments_gone(sorted(candidates))
        except AuthError:
            raise
        except PlatformError as exc:
            # Never a reason to fail the cycle or to mark anything: the next recheck asks again.
            report.gone_check_error = f"{type(exc).__name__}: {exc}"
            log.warning(
                "%s: could not check %d comment(s) missing from the listing: %s",
                page.name, len(candidates), report.gone_check_error,
                extra={"page": page.name, "platform": platform},
            )  # fmt: skip
            return
        finally:
            sent_after = getattr(connector, "requests_sent", None)
            if isinstance(sent_before, int) and isinstance(sent_after, int):
                report.api_calls += sent_after - sent_before
        marked = self.store.mark_deleted_by_author(
            {
                candidates[cid][0]: f"missing from a full listing of {candidates[cid][1]}; {evidence}"
                for cid, evidence in gone.items()
                if cid in candidates
            }
        )
        report.gone = len(marked)
        for uid in marked:
            log.info(
                "%s: %s deleted by its author on %s (kept in the archive)",
                page.name, uid, platform,
                extra={"page": page.name, "platform": platform, "comment_uid": uid},
            )  # fmt: skip

    def _alert_actions(self, page: PageConfig) -> None:
        """An urgent comment whose hide/delete/reply did not reach the platform is a person's to handle
        now: alert once when the first attempt fails (retries go on) and once if it is given up."""
        if self.dry_run:
            return
        try:
            problems = self.store.urgent_action_problems(page.platform.value, page.page_id)
        except Exception:  # the cycle's own error (if any) is the one to report; this is logged
            log.exception("%s: could not look up failed urgent actions", page.name)
            return
        for p in problems:
            subject = action_alert_subject(int(p["id"]), p["stage"])
            if subject in self._action_alerts:
                continue
            self._action_alerts.add(subject)
            log.error(
                "%s: URGENT %s of %s %s (%d attempt(s)): %s",
                page.name, p["kind"], p["comment_uid"], "given up" if p["stage"] == "failed" else "failing",
                int(p["attempts"] or 0), p["detail"],
                extra={"page": page.name, "platform": page.platform.value, "comment_uid": p["comment_uid"],
                       "action": p["kind"], "status": p["status"]},
            )  # fmt: skip
            if self.alerter is None or not self.alerter.enabled:
                continue
            self.alerter.submit(
                action_problem_message(
                    action_id=int(p["id"]),
                    stage=p["stage"],
                    kind=p["kind"],
                    comment_uid=p["comment_uid"],
                    platform=page.platform.value,
                    page=page.name,
                    text=p["text"],
                    permalink=p["permalink"],
                    rule_id=p["rule_id"],
                    attempts=int(p["attempts"] or 0),
                    detail=p["detail"] or "",
                    item_url=item_url(self.public_url, p.get("verdict_id")),
                )
            )

    def _archive_media(self, page: PageConfig, report: CycleReport) -> None:
        """Fetch the page's due photos and videos, bounded by the media budget. Last, because acting comes
        first; and never a reason to fail the cycle: what is not archived now is retried by a later one."""
        mark = time.monotonic()
        queued = report.media.queued
        try:
            report.media = self.media.archive_due(page)
        except Exception:
            log.exception("%s: archiving media failed; a later cycle tries again", page.name)
        report.media.queued = queued
        report.timings["media"] = time.monotonic() - mark

    def _guard(self, page: PageConfig) -> None:
        if self.guard is not None and not self.dry_run:
            self.guard(page)

    def _check_stop(self, page: PageConfig) -> None:
        if self.stop.is_set():
            raise CycleInterrupted(f"{page.name}: stopping; the cycle resumes from the saved cursor")

    def _alert(self, page: PageConfig, d: Decision) -> None:
        assert self.alerter is not None
        c = d.comment
        self.alerter.submit(
            urgent_comment_message(
                verdict_id=d.verdict_id,
                comment_uid=c.uid,
                platform=c.platform.value,
                page=page.name,
                text=c.text,
                permalink=c.permalink,
                author=c.author_name or c.author_id,
                action=d.action.value,
                rule_id=d.rule_id,
                clause=d.clause,
                categories=d.categories,
                reason=d.reason,
                created_at=c.created_at.isoformat(),
                item_url=item_url(self.public_url, d.verdict_id),
            )
        )


def post_texts(page: PageConfig, posts: Sequence[FetchedPost]) -> list[store_media.PostText]:
    """The fetched posts that have text, as the store archives them (lone surrogates made storable, as in
    a comment's text)."""
    out: list[store_media.PostText] = []
    for p in posts:
        if not p.text:
            continue
        out.append(
            store_media.PostText(
                platform=page.platform.value,
                page_id=page.page_id,
                post_id=p.post_id,
                text=without_lone_surrogates(p.text),
                created_at=p.created_at.isoformat() if p.created_at else None,
                permalink=p.permalink,
            )
        )
    return out


def _describe(scope: CompleteListing) -> str:
    """Where a comment was missing from, for the audit row: "post 123", "the page since 2026-11-20T…"."""
    where = f"post {scope.post_id}" if scope.post_id is not None else "the page"
    return where + (f" since {scope.since.isoformat(timespec='seconds')}" if scope.since is not None else "")
