"""Carry out actions on platforms: journaled before the call, completed after, exactly once per key, never raising.

Rules (the daemon and the review app both rely on them):

* The action is written to the journal as ``pending`` before the platform is called, and completed
  (``done`` / ``failed`` / ``dry_run``) with the platform's answer afterwards. A crash in between leaves a
  ``pending`` row, which :func:`reconcile_pending` settles on the next start by asking the platform.
* An idempotency key names one intended change (see :func:`action_key`). If its row is already ``done``
  the platform is not called again. A ``failed`` row is retried when the same key is carried out again (a
  failure means the platform did not make the change).
* A dry run journals under its own key (:func:`dry_run_key`), written ``dry_run`` at once: it records what
  would have been done and never settles, blocks or overwrites the live action of the same key, so a live
  run after a dry run still does everything that is due.
* Errors never escape. How each platform error ends:

  ===================  ==========================================================================
  NotFound             hide/delete: ``done`` (the comment is gone, which is what was wanted);
                       other kinds: ``failed``.
  AuthError            ``failed`` at once: a person must renew the credentials.
  PermissionDenied     (an AuthError) ``failed`` at once: a person must grant the token a permission.
  NeedsPerson          ``failed``, "left for a person" (e.g. X's hidden-reply cap); the verdict stays queued.
  PermanentError       ``failed``.
  RateLimited          stays ``pending``, next tried at the platform's ``retry_at`` (in the result);
                       ``failed`` once the row is older than the retry policy's time limit.
  TransientError       stays ``pending``, next tried after an exponential, jittered delay (seconds,
                       then minutes: :class:`RetryPolicy`); ``failed`` after the same time limit.
  anything else        ``failed`` (a connector bug), logged with its traceback.
  ===================  ==========================================================================

  A result whose status is ``pending`` means "not settled, try again later": the daemon retries it in the
  first cycle after its ``next_attempt_at`` through :func:`reconcile_pending` (after a restart too), so a
  failing action is retried for as long as the policy allows, never given up after one burst of calls. The
  result's ``platform_response`` carries ``{"retry_at": epoch}`` for a rate limit, ``{"auth_failed": True}``
  for rejected credentials (with ``"permission_denied": True`` when a permission is missing) and ``{"waiting": True, "next_attempt_at": epoch}`` when the platform was not
  called because the row's next attempt is not due yet.
"""

from __future__ import annotations

import html
import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import Action, ActionKind, ActionResult, ActionStatus, Platform
from bot.platforms.base import (
    ActionResponse,
    AuthError,
    CommentState,
    Connector,
    NeedsPerson,
    NotFound,
    PermissionDenied,
    PlatformError,
    RateLimited,
    TransientError,
)
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """When a retryable failure (rate limit, 5xx, timeout) is tried again, and when it is given up.

    Attempt n waits ``base_seconds * 2**(n-1)`` (capped at ``max_seconds``) times a random factor in
    [0.5, 1]; an action is given up (``failed``) once it has been failing for ``give_up_after_seconds``
    since it was journaled, however many attempts that took.
    """

    base_seconds: float = 15.0
    max_seconds: float = 900.0
    give_up_after_seconds: float = 6 * 3600.0

    def delay(self, attempts: int) -> float:
        raw = min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds)
        return raw * random.uniform(0.5, 1.0)  # noqa: S311 - jitter so retries do not arrive in lockstep


DEFAULT_RETRY = RetryPolicy()

# Kinds whose goal is met when the comment no longer exists.
_GONE_IS_DONE = frozenset({ActionKind.HIDE, ActionKind.DELETE})
PLATFORM_ACTIONS = frozenset(
    {
        ActionKind.HIDE,
        ActionKind.UNHIDE,
        ActionKind.DELETE,
        ActionKind.REPLY,
        ActionKind.APPROVE,
        ActionKind.REPORT,
    }
)


def action_key(comment_uid: str, version: int, kind: ActionKind | str, scope: str = "auto") -> str:
    """The idempotency key for one change to one comment version.

    The daemon uses scope "auto"; the review app should pass something naming the review decision
    (e.g. ``f"review{review_id}"``) so that a moderator's deliberate second action is not swallowed.
    """
    kind_value = kind.value if isinstance(kind, ActionKind) else str(kind)
    return f"{scope}:{comment_uid}:v{version}:{kind_value}"


DRY_RUN_PREFIX = "dry-run:"


def dry_run_key(idempotency_key: str) -> str:
    """The journal key a dry run records `idempotency_key` under: a namespace live runs never look in."""
    if idempotency_key.startswith(DRY_RUN_PREFIX):
        return idempotency_key
    return DRY_RUN_PREFIX + idempotency_key


def connector_key(platform: Platform | str, page_id: str) -> str:
    """Key of a connector in the mapping given to :func:`reconcile_pending`: ``"facebook:12345"``."""
    value = platform.value if isinstance(platform, Platform) else str(platform)
    return f"{value}:{page_id}"


@dataclass(kw_only=True, frozen=True)
class _Outcome:
    status: ActionStatus
    detail: str
    response: Mapping[str, object] | None = None
    retry_at: float | None = None
    auth_failed: bool = False
    permission_denied: bool = False


def _call_platform(connector: Connector, action: Action) -> ActionResponse:
    """The connector method for the action's kind."""
    cid = action.comment_id
    kind = action.kind
    if kind is ActionKind.HIDE:
        return connector.hide_comment(cid)
    if kind is ActionKind.UNHIDE:
        return connector.unhide_comment(cid)
    if kind is ActionKind.DELETE:
        return connector.delete_comment(cid)
    if kind is ActionKind.REPLY:
        if not action.text:
            raise ValueError("a reply needs text")
        return connector.reply_to_comment(cid, action.text)
    if kind is ActionKind.APPROVE:
        return connector.approve_comment(cid)
    if kind is ActionKind.REPORT:
        return connector.report_comment(cid, action.text or action.reason or "violates page policy")
    raise ValueError(f"{kind.value!r} is not a platform action")


def _attempt(connector: Connector, action: Action) -> _Outcome:
    """One platform call, its error mapped to an outcome by the table in the module docstring."""
    try:
        response = _call_platform(connector, action)
    except NotFound as exc:
        if action.kind in _GONE_IS_DONE:
            return _Outcome(
                status=ActionStatus.DONE, detail=f"comment no longer exists on {action.platform.value}: {exc}"
            )
        return _Outcome(
            status=ActionStatus.FAILED, detail=f"comment no longer exists on {action.platform.value}: {exc}"
        )
    except NeedsPerson as exc:
        return _Outcome(status=ActionStatus.FAILED, detail=f"left for a person to decide: {exc}")
    except PermissionDenied as exc:
        return _Outcome(
            status=ActionStatus.FAILED,
            detail=f"permission denied on {action.platform.value} ({exc}); grant the page's token the permission",
            auth_failed=True,
            permission_denied=True,
        )
    except AuthError as exc:
        return _Outcome(
            status=ActionStatus.FAILED,
            detail=f"authentication failed on {action.platform.value} ({exc}); renew the page's credentials",
            auth_failed=True,
        )
    except RateLimited as exc:
        return _Outcome(status=ActionStatus.PENDING, detail=f"rate limited: {exc}", retry_at=exc.retry_at)
    except TransientError as exc:
        return _Outcome(status=ActionStatus.PENDING, detail=f"temporary platform error: {exc}")
    except PlatformError as exc:
        return _Outcome(status=ActionStatus.FAILED, detail=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a connector bug must not take the daemon down; record it for a person
        log.exception("connector raised an unexpected error for %s %s", action.kind.value, action.comment_uid)
        return _Outcome(status=ActionStatus.FAILED, detail=f"unexpected error: {type(exc).__name__}: {exc}")
    return _Outcome(
        status=ActionStatus.DONE,
        detail="ok",
        response=response if isinstance(response, dict) else {"result": response},
    )


def _age_seconds(row: Mapping[str, Any], now: float) -> float:
    """How long ago the row was journaled: the clock a retry's time limit runs on."""
    try:
        created = datetime.fromisoformat(str(row["created_at"])).timestamp()
    except (KeyError, ValueError):
        return 0.0
    return max(now - created, 0.0)


def _log_extra(action: Action, key: str, status: ActionStatus) -> dict[str, Any]:
    return {
        "platform": action.platform.value,
        "comment_uid": action.comment_uid,
        "action": action.kind.value,
        "status": status.value,
        "idempotency_key": key,
    }


def carry_out(
    store: Store,
    connector: Connector | None,
    action: Action,
    idempotency_key: str,
    *,
    verdict_id: int | None = None,
    dry_run: bool = False,
    retry: RetryPolicy = DEFAULT_RETRY,
    now: float | None = None,
) -> ActionResult:
    """Journal `action` under `idempotency_key`, call the platform (unless already done, not yet due for
    its next attempt, or dry run), record.

    Never raises for platform or connector trouble; see the module docstring for how each ends.
    """
    if action.kind not in PLATFORM_ACTIONS:
        return ActionResult(
            action=action,
            status=ActionStatus.FAILED,
            detail=f"{action.kind.value!r} is not a platform action",
        )
    if dry_run:
        # Its own namespace, written settled in one step: a dry run never consumes (or leaves pending)
        # the live action a later real run must carry out.
        key = dry_run_key(idempotency_key)
        row, created = store.journal_dry_run(action, key, verdict_id=verdict_id)
        if not created:
            return ActionResult(
                action=action, status=ActionStatus.DRY_RUN, detail=f"already dry_run (action {row['id']})"
            )
        log.debug(
            "dry run: would %s %s",
            action.kind.value,
            action.comment_uid,
            extra=_log_extra(action, key, ActionStatus.DRY_RUN),
        )
        return ActionResult(action=action, status=ActionStatus.DRY_RUN, detail="dry run: platform not called")
    row = store.journal_action(action, idempotency_key, verdict_id=verdict_id)
    status = ActionStatus(row["status"])
    if status is ActionStatus.DONE:
        # Exactly once: this key's change was already made.
        return ActionResult(
            action=action,
            status=status,
            detail=f"already {status.value} (action {row['id']})",
            platform_response=_loads(row.get("response")),
        )
    action_id = int(row["id"])
    if connector is None:
        result = ActionResult(
            action=action,
            status=ActionStatus.FAILED,
            detail=f"no connector configured for {action.platform.value} page {action.page_id}",
        )
        store.complete_action(action_id, result)
        return result
    at = time.time() if now is None else now
    due = row.get("next_attempt_at")
    if status is ActionStatus.PENDING and due is not None and float(due) > at:
        # Backing off: the platform failed this action moments ago; asking again now would not help.
        return ActionResult(
            action=action,
            status=ActionStatus.PENDING,
            detail=f"waiting to retry ({int(row.get('attempts') or 0)} attempt(s) so far): {row.get('detail') or ''}",
            platform_response={"waiting": True, "next_attempt_at": float(due)},
        )
    attempts = int(row.get("attempts") or 0) + 1
    store.mark_action_attempt(action_id)
    outcome = _attempt(connector, action)
    response = outcome.response
    if outcome.retry_at is not None:
        response = {"retry_at": outcome.retry_at}  # when the limit lifts, for the caller's scheduling
    elif outcome.auth_failed:  # the caller stops using these credentials
        response = (
            {"auth_failed": True, "permission_denied": True}
            if outcome.permission_denied
            else {"auth_failed": True}
        )
    result = ActionResult(
        action=action, status=outcome.status, detail=outcome.detail, platform_response=response
    )
    if outcome.status is ActionStatus.PENDING:
        age = _age_seconds(row, at)
        if age >= retry.give_up_after_seconds:
            result = ActionResult(
                action=action,
                status=ActionStatus.FAILED,
                detail=f"gave up after {attempts} attempt(s) over {age / 60:.0f} min: {outcome.detail}",
                platform_response=response,
            )
        else:
            next_at = at + retry.delay(attempts)
            if outcome.retry_at is not None:
                next_at = max(next_at, outcome.retry_at)
            store.schedule_action_retry(action_id, next_at, outcome.detail)
            # Left pending on purpose: reconcile_pending retries it once next_at has passed, same key.
            log.warning(
                "%s %s not settled (attempt %d), next try in %.0fs: %s",
                action.kind.value,
                action.comment_uid,
                attempts,
                next_at - at,
                outcome.detail,
                extra=_log_extra(action, idempotency_key, outcome.status),
            )
            return result
    store.complete_action(action_id, result)
    # Callers log successes with their own context (page, rule); failures are logged here too.
    level = logging.DEBUG if result.success else logging.ERROR
    log.log(
        level,
        "%s %s: %s (%s)",
        action.kind.value,
        action.comment_uid,
        outcome.status.value,
        outcome.detail,
        extra=_log_extra(action, idempotency_key, outcome.status),
    )
    return result


def action_from_row(row: Mapping[str, Any]) -> Action:
    """Rebuild the Action a journal row describes."""
    return Action(
        kind=ActionKind(row["kind"]),
        comment_uid=row["comment_uid"],
        platform=Platform(row["platform"]),
        page_id=row["page_id"],
        comment_id=row["comment_id"],
        text=row.get("text"),
        actor=row.get("actor") or "modbot",
        reason=row.get("reason") or "",
    )


def _settled_by_state(
    kind: ActionKind, state: CommentState, text: str | None = None
) -> tuple[ActionStatus, str] | None:
    """Whether the platform's current state shows the change was already made (or cannot be made)."""
    if not state.exists:
        if kind in _GONE_IS_DONE:
            return ActionStatus.DONE, "comment no longer exists on the platform"
        return ActionStatus.FAILED, "comment no longer exists on the platform"
    if kind is ActionKind.HIDE and (state.hidden or state.removed):
        return ActionStatus.DONE, "already hidden on the platform"
    if kind is ActionKind.DELETE and state.removed:
        return ActionStatus.DONE, "already removed on the platform"
    if kind is ActionKind.UNHIDE and state.hidden is False and not state.removed:
        return ActionStatus.DONE, "already visible on the platform"
    if kind is ActionKind.REPLY and _replied_on_platform(state, text):
        return ActionStatus.DONE, "the page has already replied on the platform"
    return None


def _replied_on_platform(state: CommentState, text: str | None) -> bool:
    """Whether the platform lists a reply by the page that is this one.

    Where the connector also gives each reply's text (``extra["reply_texts"]``: every connector does) the
    reply must say the same thing, so a moderator's later, different reply to the same comment is still
    sent; where it does not, any reply by the page counts.
    """
    if not state.replies_by_us:
        return False
    texts = state.extra.get("reply_texts")
    if not isinstance(texts, Mapping) or not text:
        return True
    wanted = _comparable(text)
    return any(_comparable(str(said)) == wanted for said in texts.values())


def _comparable(text: str) -> str:
    """Reply text as platforms echo it back: X puts the @names replied to in front, escapes &<> and
    shortens links to t.co; spacing may change."""
    text = _LEADING_MENTIONS.sub("", html.unescape(text))
    text = _LINK.sub(" ", text)
    return " ".join(text.split()).casefold()


_LINK = re.compile(r"https?://\S+|www\.\S+")
_LEADING_MENTIONS = re.compile(r"^\s*(?:@\w+\s+)+")


def _reply_seen_in_archive(store: Store, action: Action) -> bool:
    """A reply the platform no longer lists (older than X's seven-day search, say) shows in the archive."""
    return bool(action.text) and store.has_reply_text(
        action.platform.value, action.comment_id, action.text or ""
    )


def reconcile_pending(
    store: Store,
    connectors: Mapping[str, Connector],
    *,
    dry_run: bool = False,
    retry: RetryPolicy = DEFAULT_RETRY,
    now: float | None = None,
    only: tuple[str, str] | None = None,
    defer_uncertain: bool = False,
    before_call: Callable[[], None] | None = None,
) -> list[ActionResult]:
    """Settle every `pending` journal row, e.g. after a crash, by asking the platform where the comment stands.

    `connectors` is keyed by :func:`connector_key` (``"platform:page_id"``). Rows for pages without a
    connector are left pending. A change the platform already shows is marked done without a second call;
    otherwise the action is retried under its own key. Auth errors end the row as failed for a person.
    `only` = (platform, page_id) limits the work to one page's rows.

    A reply is the one action that is not idempotent on the platform. Every connector lists the page's own
    replies to a comment in ``comment_state`` (Facebook and Instagram by their reply edges, X by a recent
    search, Reddit by the comment's thread page); a reply counts as made when one is listed, with the same
    text where the platform says what each reply said (X, Reddit). Failing that, a pending reply whose
    platform call was never made (``attempts == 0``) is simply made; otherwise it counts as made if the
    archive holds a reply to the comment with exactly the reply's text (fetched by a later poll). With
    `defer_uncertain` such a reply is left pending until the next fetch has been archived (the daemon's
    start-up pass); without it, it is sent again (at least once, only when the platform's own listing
    missed it: X's search index lagging behind, or a Reddit comment with more than 100 newer replies).

    `before_call` runs before each row's first platform call; whatever it raises (the daemon's "this page's
    lease is no longer ours") ends the pass there, rows not yet reached left as they were.
    """
    results: list[ActionResult] = []
    rows = store.pending_actions() if only is None else store.pending_actions(*only)
    for row in rows:
        action = action_from_row(row)
        key = row["idempotency_key"]
        connector = connectors.get(connector_key(action.platform, action.page_id))
        if connector is None:
            results.append(
                ActionResult(
                    action=action,
                    status=ActionStatus.PENDING,
                    detail="no connector for this page; left pending",
                )
            )
            continue
        if dry_run:
            # A dry-run daemon never calls the platform, not even to finish an earlier live run's work.
            results.append(
                ActionResult(action=action, status=ActionStatus.PENDING, detail="dry run: left pending")
            )
            continue
        due = row.get("next_attempt_at")
        if due is not None and float(due) > (time.time() if now is None else now):
            # Backing off after a failed attempt: neither the check nor the retry is due yet.
            results.append(
                ActionResult(
                    action=action,
                    status=ActionStatus.PENDING,
                    detail=f"waiting to retry: {row.get('detail') or ''}",
                    platform_response={"waiting": True, "next_attempt_at": float(due)},
                )
            )
            continue
        if before_call is not None:
            before_call()
        try:
            state = connector.comment_state(action.comment_id)
        except NotFound:
            state = CommentState(exists=False)
        except AuthError as exc:
            result = ActionResult(
                action=action,
                status=ActionStatus.FAILED,
                detail=f"authentication failed on {action.platform.value} ({exc}); renew the page's credentials",
            )
            store.complete_action(int(row["id"]), result)
            results.append(result)
            continue
        except PlatformError as exc:
            results.append(
                _check_failed(store, row, action, f"could not check the comment: {exc}", retry, now)
            )
            continue
        except Exception as exc:  # a connector bug: leave the row pending for a later try, and say why
            log.exception("checking %s for reconciliation failed", action.comment_uid)
            results.append(
                _check_failed(store, row, action, f"could not check the comment: {exc!r}", retry, now)
            )
            continue
        settled = _settled_by_state(action.kind, state, action.text)
        if settled is None and action.kind is ActionKind.REPLY and int(row.get("attempts") or 0) > 0:
            if _reply_seen_in_archive(store, action):
                settled = (ActionStatus.DONE, "the page's reply is in the archive")
            elif defer_uncertain:
                results.append(
                    ActionResult(
                        action=action,
                        status=ActionStatus.PENDING,
                        detail="left pending until the next fetch shows the reply",
                    )
                )
                continue
        if settled is not None:
            result = ActionResult(action=action, status=settled[0], detail=f"reconciled: {settled[1]}")
            store.complete_action(int(row["id"]), result)
            log.info(
                "reconciled %s %s: %s",
                action.kind.value,
                action.comment_uid,
                settled[1],
                extra=_log_extra(action, key, settled[0]),
            )
            results.append(result)
            continue
        results.append(
            carry_out(store, connector, action, key, verdict_id=row.get("verdict_id"), retry=retry, now=now)
        )
    return results


def _check_failed(
    store: Store,
    row: Mapping[str, Any],
    action: Action,
    detail: str,
    retry: RetryPolicy,
    now: float | None,
) -> ActionResult:
    """The platform could not say where the comment stands: back off like a failed call (without counting
    an attempt: ``attempts`` says whether the platform call itself was ever made), give up after the limit."""
    at = time.time() if now is None else now
    age = _age_seconds(row, at)
    if age >= retry.give_up_after_seconds:
        result = ActionResult(
            action=action, status=ActionStatus.FAILED, detail=f"gave up after {age / 60:.0f} min: {detail}"
        )
        store.complete_action(int(row["id"]), result)
        return result
    store.schedule_action_retry(int(row["id"]), at + retry.delay(int(row.get("attempts") or 0) + 1), detail)
    return ActionResult(action=action, status=ActionStatus.PENDING, detail=detail)


def _loads(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return {"raw": raw}
    return value if isinstance(value, dict) else {"result": value}
