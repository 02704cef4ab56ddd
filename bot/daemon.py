"""The moderation daemon: one scheduled poll job per page, fault handling per page, signals, clean shutdown.

Start-up order: open the store, build the policy, scorer and one connector per enabled page (a missing
token fails here, naming the variable), settle actions left pending by a crash, re-queue unsent alerts,
then poll every page at once and every `interval_seconds` (± jitter) after that.

Pages are leased (see :meth:`Store.hold_lease`): a live daemon acts for a page only while it holds the page's
lease in the database, renewed at the start of every cycle and before platform writes; any number of daemons
may share one database, and a page held by another is left alone ("standby", logged) until that lease
expires. A dry run takes no lease: it writes nothing to the platforms and must not hold up a live daemon.

Per-page faults never stop the daemon: RateLimited reschedules that page's next poll at `retry_at`;
TransientError backs off exponentially with jitter; AuthError stops that page (state ``auth_failed``, or
``permission_denied`` when the token lacks a permission) and alerts a person. SIGTERM/SIGINT finish the action in flight and exit 0; SIGHUP reloads the policy (an
invalid policy is logged and the old one kept).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import random
import signal
import socket
import sqlite3
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.actions import DEFAULT_RETRY, RetryPolicy, connector_key, reconcile_pending
from bot.alerts import Alerter, page_problem_message, page_trouble_message
from bot.config import ConfigError, PageConfig, Settings, missing_secrets
from bot.escalation import Reacknowledger, health_url, urgent_message_for
from bot.moderation import Moderator
from bot.pipeline import CycleInterrupted, CycleReport, LeaseLost, Pipeline
from bot.platforms.base import AuthError, Connector, PlatformError, RateLimited, TransientError
from bot.policy import PolicyError, load_policy
from bot.scoring.base import Scorer
from bot.sd_notify import notify, watchdog_interval
from bot.store import Store, utcnow
from bot.store.ops import is_paused

log = logging.getLogger(__name__)

ConnectorFactory = Callable[[PageConfig], Connector]
# Transient-error backoff: base * 2^(failures-1), capped, times a random factor in [0.5, 1].
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 900.0
REPORTS_KEPT = 256
SHUTDOWN_SECONDS = 8.0  # leaves margin inside the 10 s a service manager usually grants


@dataclass(kw_only=True)
class PageRuntime:
    """The daemon's live state for one page."""

    page: PageConfig
    connector: Connector
    state: str = "ok"
    failures: int = 0  # consecutive transient failures
    cycles: int = 0
    stopped: bool = False  # auth failed: no more polls until restart
    last_recheck: float = float(
        "-inf"
    )  # monotonic time of the last full re-read (edits), see recheck_seconds
    leased: bool = False  # this daemon holds the page's lease
    lease_renewed: float = float("-inf")  # monotonic time of the last successful renewal
    held_by: str | None = None  # the other daemon holding the page, while we wait
    held_until: float | None = None  # epoch expiry of that daemon's lease
    errors: int = 0  # failed polls since the last good one (any cause)
    trouble_since: float | None = None  # epoch time this page last left "ok"
    trouble_alerted: bool = False  # a person was told about the current trouble
    last_error_sig: str | None = None  # the last unexpected error, to log its traceback only once
    repeats: int = 0  # how many polls in a row ended with that same error
    gave_up: bool = False  # --once: this page did not complete its cycle within the bounds

    @property
    def job_id(self) -> str:
        return f"poll:{self.page.name}"

    @property
    def lease_key(self) -> str:
        return connector_key(self.page.platform, self.page.page_id)


def database_problem(exc: BaseException) -> str | None:
    """What is wrong with the database, when `exc` says it is full, read-only, unopenable or damaged."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error):
        if "full" in text:
            return "is full"
        if "readonly" in text or "read-only" in text:
            return "is read-only"
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return "is corrupt"
        if "unable to open" in text or "disk i/o" in text:
            return "cannot be opened or written"
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC, e.g. from the WAL
        return "is full"
    return None


def _owner_is_dead(owner: str) -> bool:
    """Whether a lease owner ("host:pid:start") is a process on this host that no longer exists.
    Unknown hosts and live (or unreadable) pids count as alive: then only the lease's expiry frees it."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this process under another start id (a second Daemon in it): alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. PermissionError: it exists, under another user
        return False
    return False


def default_connector_factory(environ: Mapping[str, str] | None) -> ConnectorFactory:
    def build(page: PageConfig) -> Connector:
        from bot.platforms import make_connector

        return make_connector(page, environ=environ)

    return build


def build_scorer(name: str) -> Scorer:
    """The scorer named in the config ([modbot] scorer), from the scoring registry."""
    try:
        from bot.scoring.registry import build_scorer as registry_build
    except ImportError:
        # The registry is optional in a trimmed install; the bundled scorer needs nothing else.
        if name != "bundled":
            raise
        from bot.scoring.default import DefaultScorer

        return DefaultScorer()
    return registry_build(name)


class Daemon:
    """Owns the store, moderator, alerter, connectors and scheduler for one `modbot run`."""

    def __init__(
        self,
        settings: Settings,
        *,
        dry_run: bool | None = None,
        scorer: Scorer | None = None,
        connector_factory: ConnectorFactory | None = None,
        environ: Mapping[str, str] | None = None,
        max_cycles: int | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
        backoff_base: float = BACKOFF_BASE_SECONDS,
        backoff_max: float = BACKOFF_MAX_SECONDS,
        alert_backoff_base: float = 1.0,
        action_retry_base: float = DEFAULT_RETRY.base_seconds,
        once_attempts: int | None = None,
        deadline_seconds: float | None = None,
        trouble_alert_seconds: float | None = None,
    ) -> None:
        self.settings = settings
        self.dry_run = settings.dry_run if dry_run is None else dry_run
        self._scorer = scorer
        self._connector_factory = connector_factory or default_connector_factory(environ)
        self._own_connectors = connector_factory is None  # then our environ is where the secrets are
        self.environ = environ
        self.max_cycles = max_cycles
        self.on_cycle = on_cycle
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.alert_backoff_base = alert_backoff_base
        self.action_retry_base = action_retry_base
        # Bounds for `modbot run --once`: a page whose poll fails this many times in a row is given up,
        # and the whole run stops after deadline_seconds, however the pages are doing.
        self.once_attempts = once_attempts
        self.deadline_seconds = deadline_seconds
        self._deadline: float | None = None
        # A page in backoff, rate limited or failing for this long alerts a person (once per episode).
        self.trouble_alert_seconds = (
            settings.trouble_alert_seconds if trouble_alert_seconds is None else trouble_alert_seconds
        )
        self.stopping = threading.Event()
        self._reload_requested = threading.Event()
        self._wake = threading.Event()
        self._running = 0
        self._running_lock = threading.Condition()
        self.pages: dict[str, PageRuntime] = {}
        # Recent cycle reports (for the demo and the benchmark); bounded so a long run does not grow.
        self.reports: deque[CycleReport] = deque(maxlen=REPORTS_KEPT)
        self.store: Store | None = None
        self.scheduler: BackgroundScheduler | None = None
        self.pipeline: Pipeline | None = None
        self.alerter: Alerter | None = None
        self.moderator: Moderator | None = None
        # Names this process in page leases: which host, which pid, and which start (a pid is reused).
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease_seconds = settings.lease_seconds

    # -- start-up ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Open everything and schedule the jobs. ConfigError (missing token) and PolicyError propagate."""
        policy = load_policy(self.settings.policy_dir)
        try:
            scorer = self._scorer or build_scorer(self.settings.scorer)
        except (ValueError, ImportError, OSError) as exc:
            where = self.settings.source or "<config>"
            raise ConfigError(
                f"{where}: modbot.scorer: cannot build {self.settings.scorer!r}: {exc}"
            ) from None
        self.moderator = Moderator(policy, scorer)
        pages = [p for p in self.settings.pages if p.enabled]
        unset = missing_secrets(pages, self.environ) if self._own_connectors else []
        if unset:
            # all of them at once, so the operator fixes the environment in one go, not one restart each
            where = self.settings.source or "<config>"
            raise ConfigError(f"{where}: environment variable(s) not set: {', '.join(unset)}")
        connectors = {p.name: self._connector_factory(p) for p in pages}
        self.store = Store.open_for_daemon(self.settings.db_path)  # DatabaseUnusable: a one-line reason
        self.alerter = Alerter(
            self.store, self.settings.alerts, self.environ, backoff_base=self.alert_backoff_base
        )
        self.pipeline = Pipeline(
            self.store,
            self.moderator,
            alerter=self.alerter,
            dry_run=self.dry_run,
            stop=self.stopping,
            guard=self._guard_lease,
            retry=RetryPolicy(
                base_seconds=self.action_retry_base, give_up_after_seconds=self.settings.action_retry_seconds
            ),
            public_url=self.settings.web.public_url,
        )
        for page in pages:
            rt = PageRuntime(page=page, connector=connectors[page.name])
            self.pages[page.name] = rt
            if self._take_lease(rt):
                self.store.update_page_status(page.name, page.platform.value, page.page_id, state="starting")
        log.info(
            "modbot starting: %d page(s), policy %s (%s), scorer %s%s, db %s",
            len(pages), policy.name, policy.version, scorer.name, " [DRY RUN]" if self.dry_run else "",
            self.settings.db_path,
        )  # fmt: skip
        if not self.alerter.enabled:
            # Threats, doxxing and emergencies would then wait, unseen, until someone opens the queue.
            log.warning(
                "no alert channel configured ([alerts.email] or [alerts.webhook]): urgent comments "
                "will only appear in the review queue"
            )
        self._reconcile_all()
        self._resume_alerts()
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=max(1, min(len(pages), 8)))},
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
            timezone=UTC,
        )
        now = datetime.now(UTC)
        for rt in self.pages.values():
            self.scheduler.add_job(
                self._poll,
                IntervalTrigger(
                    seconds=rt.page.interval_seconds, jitter=rt.page.jitter_seconds or None, timezone=UTC
                ),
                args=(rt.page.name,),
                id=rt.job_id,
                name=rt.job_id,
                next_run_time=now,
            )
        ping = watchdog_interval()
        if ping:
            # Runs in the scheduler's pool: a scheduler that stops running jobs stops the pings, and
            # systemd (WatchdogSec=) restarts the daemon.
            self.scheduler.add_job(lambda: notify("WATCHDOG=1"), IntervalTrigger(seconds=ping), id="watchdog")
        reack = self.settings.alerts.reack_minutes
        if reack > 0 and self.alerter.enabled:
            self.scheduler.add_job(
                self._realert,
                IntervalTrigger(seconds=max(1.0, min(60.0, reack * 60.0 / 4)), timezone=UTC),
                id="realert",
                name="realert",
            )
        self.scheduler.start()
        notify("READY=1")

    def _reconcile_all(self) -> None:
        """Before any poll: settle what a previous run left pending, asking each platform what it shows.
        Only pages this daemon holds: another daemon's pending actions are that daemon's to settle."""
        assert self.store is not None
        if not self.store.pending_actions():
            return
        results = []
        for rt in self.pages.values():
            if not rt.leased and not self.dry_run:
                continue
            try:
                # Replies the platform cannot confirm wait for each page's first fetch (see reconcile_pending).
                results += reconcile_pending(
                    self.store,
                    {rt.lease_key: rt.connector},
                    dry_run=self.dry_run,
                    defer_uncertain=True,
                    only=(rt.page.platform.value, rt.page.page_id),
                    before_call=functools.partial(self._guard_lease, rt.page),
                    retry=self.pipeline.retry if self.pipeline else DEFAULT_RETRY,
                )
            except LeaseLost as exc:
                log.warning("%s: %s", rt.page.name, exc)
        summary: dict[str, int] = {}
        for r in results:
            summary[r.status.value] = summary.get(r.status.value, 0) + 1
        log.info("reconciled %d pending action(s) from an earlier run: %s", len(results), summary)

    def _resume_alerts(self) -> None:
        """Alerts recorded but never finished (a crash mid-send) are sent again."""
        assert self.store is not None and self.alerter is not None
        if not self.alerter.enabled:
            return
        names = self._page_names()
        seen: set[int] = set()
        for row in self.store.pending_alerts():
            if row["status"] != "pending" or row["verdict_id"] is None or row["verdict_id"] in seen:
                continue
            seen.add(int(row["verdict_id"]))
            message = urgent_message_for(
                self.store,
                int(row["verdict_id"]),
                page_names=names,
                public_url=self.settings.web.public_url,
            )
            if message is not None:
                self.alerter.submit(message)

    def _page_names(self) -> dict[tuple[str, str], str]:
        return {(rt.page.platform.value, rt.page.page_id): rt.page.name for rt in self.pages.values()}

    def _realert(self) -> None:
        """The re-alert job: urgent items nobody acknowledged within [alerts] reack_minutes."""
        if self.store is None or self.stopping.is_set():
            return
        try:
            Reacknowledger(
                self.store,
                self.settings.alerts,
                public_url=self.settings.web.public_url,
                page_names=self._page_names(),
                environ=self.environ,
                backoff_base=self.alert_backoff_base,
            ).run()
        except Exception:  # the next run tries again; polling must not suffer
            log.exception("re-alert of unacknowledged urgent items failed")

    # -- the job ----------------------------------------------------------------------------------
    def _poll(self, name: str) -> None:
        """One scheduled poll of one page; every outcome is recorded in page_status."""
        rt = self.pages[name]
        if self.stopping.is_set() or rt.stopped:
            return
        with self._running_lock:
            self._running += 1
        try:
            self._poll_page(rt)
        finally:
            with self._running_lock:
                self._running -= 1
                self._running_lock.notify_all()

    def _poll_page(self, rt: PageRuntime) -> None:
        assert self.pipeline is not None and self.store is not None
        page = rt.page
        extra = {"page": page.name, "platform": page.platform.value}
        try:
            if is_paused(self.store, page.name):
                self._paused(rt)
                return
            if not self._take_lease(rt):
                self._standby(rt)
                return
        except sqlite3.Error as exc:
            self._unexpected(rt, exc)
            return
        now = time.monotonic()
        recheck = page.recheck_seconds > 0 and now - rt.last_recheck >= page.recheck_seconds
        try:
            report = self.pipeline.run_cycle(page, rt.connector, recheck=recheck)
        except CycleInterrupted:
            log.info(
                "%s: cycle interrupted by shutdown; it resumes on the next start", page.name, extra=extra
            )
            return
        except LeaseLost as exc:
            log.warning("%s: %s", page.name, exc, extra=extra)
            self._standby(rt)
            return
        except RateLimited as exc:
            retry_at = datetime.fromtimestamp(max(exc.retry_at, time.time() + 1.0), UTC)
            self._page_error(
                rt, "rate_limited", f"rate limited until {retry_at.isoformat(timespec='seconds')}"
            )
            self._reschedule(rt, retry_at)
            return
        except AuthError as exc:
            self._stop_page(rt, str(exc), exc.page_state)
            return
        except TransientError as exc:
            self._back_off(rt, "backoff", str(exc))
            return
        except PlatformError as exc:
            self._back_off(rt, "error", f"{type(exc).__name__}: {exc}")
            return
        except Exception as exc:  # a bug in one page's cycle must not stop the other pages
            self._unexpected(rt, exc)
            return
        if rt.trouble_since is not None:
            log.info(
                "%s: recovered after %.0fs in trouble", page.name, time.time() - rt.trouble_since, extra=extra
            )
        rt.trouble_since, rt.trouble_alerted, rt.last_error_sig, rt.repeats = None, False, None, 0
        rt.failures = 0
        rt.errors = 0
        rt.state = "ok"
        rt.cycles += 1
        if recheck:
            rt.last_recheck = now
        self.reports.append(report)
        if self.on_cycle is not None:
            try:
                self.on_cycle(report)
            except Exception:  # a reporting hook (demo output) must not break polling
                log.exception("on_cycle hook failed")
        self._check_done()

    def _paused(self, rt: PageRuntime) -> None:
        """An admin paused the page in the review app: no polls, no actions, until it is resumed."""
        assert self.store is not None
        if rt.state != "paused":
            rt.state = "paused"
            log.warning(
                "%s: paused from the review app; not polled until resumed", rt.page.name,
                extra={"page": rt.page.name, "platform": rt.page.platform.value},
            )  # fmt: skip
            self.store.update_page_status(
                rt.page.name, rt.page.platform.value, rt.page.page_id, state="paused"
            )
        self._check_done()

    # -- leases -----------------------------------------------------------------------------------
    def _take_lease(self, rt: PageRuntime) -> bool:
        """Take or renew this page's lease; False while another daemon holds it. A dry run needs none."""
        if self.dry_run:
            return True
        assert self.store is not None
        lease = self.store.hold_lease(rt.lease_key, self.owner, self.lease_seconds)
        if not lease.held and _owner_is_dead(lease.owner):
            # A daemon on this machine that no longer runs (killed, crashed): nothing can still be writing
            # under its lease, so its pages need not wait out the expiry.
            log.warning(
                "%s: lease holder %s is no longer running; taking the page over", rt.page.name, lease.owner,
                extra={"page": rt.page.name, "platform": rt.page.platform.value},
            )  # fmt: skip
            lease = self.store.hold_lease(rt.lease_key, self.owner, self.lease_seconds, take_from=lease.owner)
        if lease.held:
            if not rt.leased:
                log.info(
                    "%s: lease taken (%s, for %.0fs at a time)", rt.page.name, self.owner, self.lease_seconds,
                    extra={"page": rt.page.name, "platform": rt.page.platform.value},
                )  # fmt: skip
            rt.leased, rt.held_by = True, None
            rt.lease_renewed = time.monotonic()
            return True
        if rt.held_by != lease.owner:
            until = datetime.fromtimestamp(lease.expires_at, UTC).isoformat(timespec="seconds")
            log.warning(
                "%s: held by another daemon (%s, lease until %s); waiting, this daemon will not act on it",
                rt.page.name, lease.owner, until,
                extra={"page": rt.page.name, "platform": rt.page.platform.value},
            )  # fmt: skip
        rt.leased, rt.held_by, rt.held_until = False, lease.owner, lease.expires_at
        return False

    def _guard_lease(self, page: PageConfig) -> None:
        """Before a platform write: renew the lease if a quarter of it has gone by; LeaseLost if taken."""
        rt = self.pages[page.name]
        if rt.leased and time.monotonic() - rt.lease_renewed < self.lease_seconds / 4:
            return  # renewed moments ago: nobody can have taken it since
        if not self._take_lease(rt):
            raise LeaseLost(f"lease now held by {rt.held_by}; stopped before the next platform write")

    def _standby(self, rt: PageRuntime) -> None:
        """Another daemon holds the page: poll again when its lease would run out (or at the interval)."""
        rt.state = "standby"
        if self.max_cycles is not None:
            rt.stopped = True  # --once: say so and finish rather than wait for another daemon
            self._check_done()
            return
        if rt.held_until is not None:
            wait = min(max(rt.held_until - time.time(), 0.0) + 0.2, rt.page.interval_seconds)
            self._reschedule(rt, datetime.now(UTC) + timedelta(seconds=wait))

    def _release_leases(self) -> None:
        if self.store is None:
            return
        for rt in self.pages.values():
            if rt.leased:
                try:
                    self.store.release_lease(rt.lease_key, self.owner)
                except Exception:  # the lease then simply expires; nothing else depends on it
                    log.warning("%s: could not release the lease", rt.page.name, exc_info=True)
                rt.leased = False

    def _back_off(self, rt: PageRuntime, state: str, message: str) -> None:
        """Poll this page again after an exponential, jittered delay (not at the next interval)."""
        rt.failures += 1
        delay = min(self.backoff_base * 2 ** (rt.failures - 1), self.backoff_max)
        delay *= random.uniform(0.5, 1.0)  # noqa: S311 - jitter so pages do not retry in lockstep
        self._page_error(rt, state, f"{message} (attempt {rt.failures}; retrying in {delay:.0f}s)")
        self._reschedule(rt, datetime.now(UTC) + timedelta(seconds=delay))

    def _unexpected(self, rt: PageRuntime, exc: Exception) -> None:
        """An error no connector table knows (a bug, or the database failing): one traceback per distinct
        error, not one per poll; back off; a database that is full, read-only or corrupt alerts at once."""
        extra = {"page": rt.page.name, "platform": rt.page.platform.value}
        sig = f"{type(exc).__name__}: {exc}"
        db_problem = database_problem(exc)
        if sig != rt.last_error_sig:
            rt.last_error_sig, rt.repeats = sig, 1
            if db_problem is None:
                log.exception("%s: poll cycle failed", rt.page.name, extra=extra)
            else:
                log.error("%s: the database %s: %s", rt.page.name, db_problem, exc, extra=extra)
        else:
            rt.repeats += 1
        state = "db_error" if db_problem else "error"
        again = f" (the same error {rt.repeats} times in a row)" if rt.repeats > 1 else ""
        self._back_off(rt, state, f"{sig}{again}")

    def _page_error(self, rt: PageRuntime, state: str, message: str) -> None:
        assert self.store is not None
        rt.state = state
        rt.errors += 1
        if rt.trouble_since is None:
            rt.trouble_since = time.time()
        log.warning(
            "%s: %s: %s",
            rt.page.name,
            state,
            message,
            extra={"page": rt.page.name, "platform": rt.page.platform.value},
        )
        now = utcnow()
        try:
            self.store.update_page_status(
                rt.page.name,
                rt.page.platform.value,
                rt.page.page_id,
                state=state,
                last_poll_at=now,
                last_error=message[:500],
                last_error_at=now,
            )
        except sqlite3.Error as exc:  # the database itself is the trouble: the alert below still goes out
            log.error("%s: could not record the page's state (%s)", rt.page.name, exc)
        trouble_for = time.time() - rt.trouble_since
        if not rt.trouble_alerted and (state == "db_error" or trouble_for >= self.trouble_alert_seconds):
            rt.trouble_alerted = True
            if self.alerter is not None:
                self.alerter.submit(
                    page_trouble_message(
                        rt.page.name,
                        rt.page.platform.value,
                        state,
                        message,
                        trouble_for,
                        health_url(self.settings.web.public_url),
                    )
                )
        if self.once_attempts is not None and rt.errors >= self.once_attempts and not rt.stopped:
            self._give_up(rt, f"{rt.errors} failed poll(s) in a row, the last: {message}")

    def _give_up(self, rt: PageRuntime, why: str) -> None:
        """--once: stop trying this page (the run reports it and exits non-zero) instead of retrying forever."""
        rt.stopped = rt.gave_up = True
        log.error(
            "%s: giving up for this run: %s", rt.page.name, why,
            extra={"page": rt.page.name, "platform": rt.page.platform.value},
        )  # fmt: skip
        if self.scheduler is not None:
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(rt.job_id)
        self._check_done()

    @property
    def incomplete(self) -> list[str]:
        """Pages that did not finish their cycles (--once): given up, stopped on bad credentials, or cut
        off by the deadline. Pages another daemon holds are not counted: that daemon acts for them."""
        if self.max_cycles is None:
            return []
        return [
            name
            for name, rt in self.pages.items()
            if rt.gave_up or (rt.state not in ("standby", "paused") and rt.cycles < self.max_cycles)
        ]

    def _stop_page(self, rt: PageRuntime, problem: str, state: str = "auth_failed") -> None:
        """Credentials rejected (or lacking a permission, state ``permission_denied``): stop this page,
        tell a person, keep the others running."""
        rt.stopped = True
        self._page_error(rt, state, problem)
        log.error(
            "%s: authentication failed; page stopped until the credentials are renewed and modbot restarted",
            rt.page.name,
            extra={"page": rt.page.name, "platform": rt.page.platform.value},
        )
        if self.scheduler is not None:
            with contextlib.suppress(JobLookupError):  # already removed if shutdown raced us
                self.scheduler.remove_job(rt.job_id)
        if self.alerter is not None:
            self.alerter.submit(
                page_problem_message(
                    rt.page.name,
                    rt.page.platform.value,
                    state,
                    problem,
                    health_url(self.settings.web.public_url),
                )
            )
        self._check_done()

    def _reschedule(self, rt: PageRuntime, when: datetime) -> None:
        if self.scheduler is None or self.stopping.is_set():
            return
        try:
            self.scheduler.modify_job(rt.job_id, next_run_time=when)
        except JobLookupError:
            log.debug("job %s gone; not rescheduled", rt.job_id)

    def _check_done(self) -> None:
        if self.max_cycles is None:
            return
        # A page paused from the review app has nothing to do in this run.
        if all(
            rt.stopped or rt.cycles >= self.max_cycles or rt.state == "paused" for rt in self.pages.values()
        ):
            self.request_stop()
        elif self.scheduler is not None:
            # Pages that finished their cycles stop polling while the others catch up.
            for rt in self.pages.values():
                if rt.cycles >= self.max_cycles and not rt.stopped:
                    with contextlib.suppress(JobLookupError):
                        self.scheduler.pause_job(rt.job_id)

    # -- control ----------------------------------------------------------------------------------
    def request_stop(self) -> None:
        self.stopping.set()
        self._wake.set()

    def request_reload(self) -> None:
        self._reload_requested.set()
        self._wake.set()

    def reload_policy(self) -> bool:
        """Swap in the policy from disk; an invalid one is logged and the running one kept."""
        assert self.moderator is not None
        try:
            policy = self.moderator.reload_policy(self.settings.policy_dir)
        except PolicyError as exc:
            log.error(
                "policy reload rejected, keeping %s: %s", self.moderator.policy.version, "; ".join(exc.errors)
            )
            if self.store is not None:
                # On the record and in `modbot status`: the file on disk is not what is running.
                try:
                    self.store.append_audit(
                        "modbot",
                        "policy_reload_rejected",
                        None,
                        {"kept": self.moderator.policy.version, "errors": [e[:300] for e in exc.errors[:20]]},
                    )
                except sqlite3.Error as db_exc:
                    log.error("could not record the rejected reload: %s", db_exc)
            return False
        log.info("policy reloaded: %s (%s)", policy.name, policy.version)
        if self.store is not None:
            self.store.append_audit("modbot", "policy_reloaded", None, {"version": policy.version})
        return True

    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT stop, SIGHUP reloads. Only possible from the main thread."""
        signal.signal(signal.SIGTERM, lambda *_: self.request_stop())
        signal.signal(signal.SIGINT, lambda *_: self.request_stop())
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, lambda *_: self.request_reload())

    def wait(self) -> None:
        """Block until a stop is requested (or the deadline passes), serving reload requests meanwhile."""
        if self.deadline_seconds is not None and self._deadline is None:
            self._deadline = time.monotonic() + self.deadline_seconds
        while not self.stopping.is_set():
            self._wake.wait(0.2 if self._deadline is not None else 1.0)
            self._wake.clear()
            if self._deadline is not None and time.monotonic() >= self._deadline:
                for rt in self.pages.values():
                    if (
                        rt.state not in ("standby", "paused")
                        and not rt.stopped
                        and rt.cycles < (self.max_cycles or 0)
                    ):
                        rt.gave_up = True
                        log.error(
                            "%s: no complete cycle within %.0fs (state %s); stopping",
                            rt.page.name, self.deadline_seconds or 0, rt.state,
                            extra={"page": rt.page.name, "platform": rt.page.platform.value},
                        )  # fmt: skip
                self.request_stop()
                break
            if self._reload_requested.is_set():
                self._reload_requested.clear()
                self.reload_policy()

    def shutdown(self, timeout: float = SHUTDOWN_SECONDS) -> bool:
        """Stop polling, let in-flight actions finish and be recorded. False if a job was still running at
        the deadline (its work is journaled and resumes on the next start)."""
        self.stopping.set()
        deadline = time.monotonic() + timeout
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        with self._running_lock:
            while self._running and time.monotonic() < deadline:
                self._running_lock.wait(max(0.0, min(0.2, deadline - time.monotonic())))
            clean = self._running == 0
        if self.alerter is not None:
            self.alerter.flush(max(0.0, min(2.0, deadline - time.monotonic())))
            self.alerter.close(0.5)
        for rt in self.pages.values():
            try:
                rt.connector.close()
            except Exception:  # closing sockets at exit; nothing left to protect
                log.debug("closing connector for %s failed", rt.page.name, exc_info=True)
        if clean and self.store is not None:
            # No poll is running any more, so no write can follow: the pages are free for another daemon.
            self._release_leases()
            self.store.close()
        log.info("modbot stopped%s", "" if clean else " (a poll was still running at the deadline)")
        return clean

    def run(self) -> bool:
        """Start, wait for a stop, shut down. Returns whether shutdown was clean."""
        if threading.current_thread() is threading.main_thread():
            # Before start(): a stop requested during a slow start-up (reconciling) is honoured at once after.
            self.install_signal_handlers()
        self.start()
        try:
            self.wait()
        finally:
            notify("STOPPING=1")
            clean = self.shutdown()
        return clean
