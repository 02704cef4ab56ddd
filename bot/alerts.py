"""Alerts to people: urgent comments and page failures, by email (SMTP) and signed JSON webhook, with retries.

Every alert is a row in the store (`alerts` table) before it is sent, and is finished as sent or failed.
Delivery is at least once: a crash during a send retries it on the next start. Message bodies carry the
comment excerpt, platform, permalink, rule and clause; never tokens or other secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import queue
import random
import smtplib
import sqlite3
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol

import requests

from bot.config import AlertsConfig, EmailAlertConfig, WebhookAlertConfig
from bot.store import Store

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Modbot-Signature"
TIMESTAMP_HEADER = "X-Modbot-Timestamp"
EXCERPT_CHARS = 500


class DeliveryError(Exception):
    """One attempt failed. `retryable` False means further attempts cannot help (e.g. HTTP 400)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(kw_only=True, frozen=True)
class AlertMessage:
    """One alert, rendered once and sent to every channel."""

    kind: str  # "urgent_comment" or "page_problem"
    subject: str
    body: str
    payload: dict[str, Any]
    comment_uid: str  # for page problems: "page:<name>"
    verdict_id: int | None = None


class Channel(Protocol):
    name: str

    def send(self, message: AlertMessage) -> None: ...


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def urgent_comment_message(
    *,
    verdict_id: int | None,
    comment_uid: str,
    platform: str,
    page: str,
    text: str,
    permalink: str | None,
    author: str | None,
    action: str,
    rule_id: str | None,
    clause: str | None,
    categories: list[str] | tuple[str, ...],
    reason: str,
    created_at: str | None = None,
    item_url: str | None = None,
) -> AlertMessage:
    """The alert for an urgent verdict (threat, emergency, doxxing...). `item_url`: the item in the review
    app ([web] public_url), where it is acknowledged and decided."""
    cut = excerpt(text)
    what = ", ".join(categories) or "urgent"
    subject = f"[modbot] URGENT {what} on {platform} page {page}"
    lines = [
        f"An urgent comment needs attention ({what}).",
        "",
        *([f"Review:    {item_url}  (open it to acknowledge)", ""] if item_url else []),
        f"Platform:  {platform} (page {page})",
        f"Link:      {permalink or '(no link available)'}",
        f"Author:    {author or '(unknown)'}",
        f"Posted:    {created_at or '(unknown)'}",
        f"Action:    {action}",
        f"Rule:      {rule_id or '-'}",
        f"Clause:    {clause or '-'}",
        "",
        "Comment:",
        f"  {cut}",
        "",
        f"Why: {reason}",
        "",
        "If someone may be in danger now, call 911. The comment is archived; review it in the moderation queue.",
    ]
    payload = {
        "event": "urgent_comment",
        "verdict_id": verdict_id,
        "comment_uid": comment_uid,
        "platform": platform,
        "page": page,
        "permalink": permalink,
        "author": author,
        "created_at": created_at,
        "action": action,
        "rule": rule_id,
        "clause": clause,
        "categories": list(categories),
        "reason": reason,
        "excerpt": cut,
        "item_url": item_url,
    }
    return AlertMessage(
        kind="urgent_comment",
        subject=subject,
        body="\n".join(lines),
        payload=payload,
        comment_uid=comment_uid,
        verdict_id=verdict_id,
    )


def page_problem_message(
    page: str, platform: str, state: str, problem: str, health_url: str | None = None
) -> AlertMessage:
    """The alert when a page stops being moderated (e.g. its token expired); `health_url`: the app's
    health page."""
    subject = f"[modbot] page {page} ({platform}) stopped: {state}"
    body = "\n".join(
        [
            f"modbot stopped moderating {platform} page {page}: {state}.",
            "",
            f"Problem: {problem}",
            "",
            "Comments on this page are NOT being archived or moderated until this is fixed.",
            "Renew the page's credentials (the environment variables named in the config) and restart modbot.",
            *([f"Health:  {health_url}"] if health_url else []),
        ]
    )
    payload = {
        "event": "page_problem",
        "page": page,
        "platform": platform,
        "state": state,
        "problem": problem,
        "health_url": health_url,
    }
    return AlertMessage(
        kind="page_problem", subject=subject, body=body, payload=payload, comment_uid=f"page:{page}"
    )


def page_trouble_message(
    page: str, platform: str, state: str, problem: str, seconds: float, health_url: str | None = None
) -> AlertMessage:
    """The alert when a page has been in trouble (backoff, rate limit, errors, the database) for a while:
    modbot keeps trying, but comments may be piling up unmoderated."""
    minutes = seconds / 60
    subject = f"[modbot] page {page} ({platform}) in trouble: {state}"
    body = "\n".join(
        [
            f"modbot has not moderated {platform} page {page} normally for {minutes:.0f} min: {state}.",
            "",
            f"Problem: {problem}",
            "",
            "modbot keeps retrying with backoff; until it recovers, new comments on this page may wait "
            "unmoderated. `modbot status` shows where it stands.",
            *([f"Health:  {health_url}"] if health_url else []),
        ]
    )
    payload = {
        "event": "page_trouble",
        "page": page,
        "platform": platform,
        "state": state,
        "problem": problem,
        "seconds": round(seconds, 1),
        "health_url": health_url,
    }
    return AlertMessage(
        kind="page_trouble", subject=subject, body=body, payload=payload, comment_uid=f"page:{page}"
    )


def action_problem_message(
    *,
    action_id: int,
    stage: str,
    kind: str,
    comment_uid: str,
    platform: str,
    page: str,
    text: str,
    permalink: str | None,
    rule_id: str | None,
    attempts: int,
    detail: str,
    item_url: str | None = None,
) -> AlertMessage:
    """The alert when an urgent comment's action did not reach the platform: `stage` "retrying" after the
    first failed attempt (modbot keeps trying), "failed" when it has given up."""
    cut = excerpt(text)
    if stage == "failed":
        headline = f"modbot GAVE UP trying to {kind} an urgent comment; it is still up on {platform}."
        todo = f"Do it by hand now: {kind} the comment on {platform}, then record it in the review queue."
    else:
        headline = f"modbot could not {kind} an urgent comment on {platform}; it keeps retrying."
        todo = f"The comment stays up until a retry succeeds. If it must come down now, {kind} it by hand."
    subject = f"[modbot] URGENT action {stage}: {kind} on {platform} page {page}"
    lines = [
        headline,
        "",
        *([f"Review:    {item_url}", ""] if item_url else []),
        f"Platform:  {platform} (page {page})",
        f"Link:      {permalink or '(no link available)'}",
        f"Rule:      {rule_id or '-'}",
        f"Attempts:  {attempts}",
        f"Problem:   {detail}",
        "",
        "Comment:",
        f"  {cut}",
        "",
        todo,
    ]
    payload = {
        "event": f"action_{stage}",
        "action_id": action_id,
        "action": kind,
        "comment_uid": comment_uid,
        "platform": platform,
        "page": page,
        "permalink": permalink,
        "rule": rule_id,
        "attempts": attempts,
        "problem": detail,
        "excerpt": cut,
        "item_url": item_url,
    }
    return AlertMessage(
        kind=f"action_{stage}",
        subject=subject,
        body="\n".join(lines),
        payload=payload,
        comment_uid=action_alert_subject(action_id, stage),
    )


def action_alert_subject(action_id: int, stage: str) -> str:
    """What an action alert is recorded under in the alerts table (one per action and stage)."""
    return f"action:{action_id}:{stage}"


class EmailChannel:
    """Plain-text email over SMTP (optionally STARTTLS and login; credentials from env vars by name)."""

    name = "email"

    def __init__(self, config: EmailAlertConfig, environ: Mapping[str, str]) -> None:
        self.config = config
        self.username = environ.get(config.username_env) if config.username_env else None
        self.password = environ.get(config.password_env) if config.password_env else None
        for name in (config.username_env, config.password_env):
            if name and not environ.get(name):
                log.warning(
                    "alerts.email: environment variable %s is not set; sending without SMTP login", name
                )

    def send(self, message: AlertMessage) -> None:
        c = self.config
        msg = EmailMessage()
        msg["Subject"] = message.subject
        msg["From"] = c.sender
        msg["To"] = ", ".join(c.recipients)
        msg.set_content(message.body)
        try:
            with self._connect() as smtp:
                if c.starttls and not c.ssl:
                    # A verifying context: without one smtplib accepts any certificate, and the login below
                    # would hand the password to whoever sits in the middle.
                    smtp.starttls(context=self._tls_context())
                if self.username and self.password:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP login refused ({exc.smtp_code})", retryable=False) from None
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError("SMTP server refused every recipient", retryable=False) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP {c.host}:{c.port}: {type(exc).__name__}: {exc}") from None
        if refused:
            log.warning("alert email refused for %d recipient(s)", len(refused))

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.config.ca_file:
            context.load_verify_locations(cafile=self.config.ca_file)
        return context

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c.ssl:
            return smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout_seconds, context=self._tls_context())
        return smtplib.SMTP(c.host, c.port, timeout=c.timeout_seconds)


class WebhookChannel:
    """JSON POST; with a secret, the body's HMAC-SHA256 goes in X-Modbot-Signature as ``sha256=<hex>``."""

    name = "webhook"

    def __init__(self, config: WebhookAlertConfig, environ: Mapping[str, str]) -> None:
        self.config = config
        self.secret = environ.get(config.secret_env) if config.secret_env else None
        if config.secret_env and not self.secret:
            log.warning(
                "alerts.webhook: environment variable %s is not set; alerts go unsigned", config.secret_env
            )
        self.session = requests.Session()

    def send(self, message: AlertMessage) -> None:
        body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": "modbot-alerts/0.1"}
        if self.secret:
            timestamp = str(int(time.time()))
            headers[TIMESTAMP_HEADER] = timestamp
            headers[SIGNATURE_HEADER] = f"sha256={_digest(self.secret, timestamp, body)}"
        try:
            resp = self.session.post(
                self.config.url, data=body, headers=headers, timeout=self.config.timeout_seconds
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"webhook: {type(exc).__name__}") from None
        if resp.status_code >= 500 or resp.status_code == 429:
            raise DeliveryError(f"webhook answered HTTP {resp.status_code}")
        if resp.status_code >= 400:
            raise DeliveryError(f"webhook answered HTTP {resp.status_code}", retryable=False)


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    # The timestamp is inside the signed bytes, so a receiver that checks its age refuses a replay.
    return hmac.new(
        secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256
    ).hexdigest()


def verify_signature(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    max_age: float = 300.0,
    now: float | None = None,
) -> bool:
    """For receivers: is `signature` this body's HMAC-SHA256 over ``timestamp.body``, signed within `max_age` s?

    `timestamp` is the X-Modbot-Timestamp header, `signature` the X-Modbot-Signature header. A stale or
    future-dated timestamp (beyond `max_age`) is refused, so a captured request cannot be replayed later;
    a receiver that must refuse a replay inside the window also remembers the signatures it has seen.
    """
    if not signature or not signature.startswith("sha256=") or not timestamp or not timestamp.isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > max_age:
        return False
    return hmac.compare_digest(_digest(secret, timestamp, body), signature.removeprefix("sha256="))


@dataclass
class _Job:
    message: AlertMessage
    done: threading.Event = field(default_factory=threading.Event)


class Alerter:
    """Sends alerts on a worker thread so a slow mail server never holds up a poll cycle."""

    def __init__(
        self,
        store: Store,
        config: AlertsConfig,
        environ: Mapping[str, str] | None = None,
        *,
        channels: list[Channel] | None = None,
        backoff_base: float = 1.0,
        backoff_max: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        env = os.environ if environ is None else environ
        self.store = store
        self.max_attempts = max(1, config.max_attempts)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.sleep = sleep
        if channels is None:
            channels = []
            if config.email is not None:
                channels.append(EmailChannel(config.email, env))
            if config.webhook is not None:
                channels.append(WebhookChannel(config.webhook, env))
        self.channels = channels
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.failed = 0

    @property
    def enabled(self) -> bool:
        return bool(self.channels)

    # -- delivery ---------------------------------------------------------------------------------
    def deliver(self, message: AlertMessage) -> dict[str, bool]:
        """Send to every channel now (blocking), with bounded retries; record each in the store."""
        outcome: dict[str, bool] = {}
        for channel in self.channels:
            if message.verdict_id is not None:
                row = self.store.record_alert(message.verdict_id, message.comment_uid, channel.name)
                if row["status"] == "sent":
                    outcome[channel.name] = True  # already delivered before a restart
                    continue
            else:
                try:
                    row = self.store.record_page_alert(message.comment_uid, channel.name)
                except sqlite3.Error as exc:
                    # The database may be the very trouble being reported (full, read-only): send anyway.
                    log.error(
                        "alert about %s cannot be recorded (%s); sending it anyway", message.comment_uid, exc
                    )
                    outcome[channel.name] = self._deliver_one(channel, message, None)
                    continue
            outcome[channel.name] = self._deliver_one(channel, message, int(row["id"]))
        return outcome

    def _record(self, write: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        """A write about an alert; a failing database must not stop the alert itself."""
        try:
            write(*args, **kwargs)
        except sqlite3.Error as exc:
            log.error("could not record an alert's delivery: %s", exc)

    def _deliver_one(self, channel: Channel, message: AlertMessage, alert_id: int | None) -> bool:
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                channel.send(message)
            except DeliveryError as exc:
                error = str(exc)
                log.warning(
                    "alert %d via %s failed (attempt %d/%d): %s",
                    alert_id, channel.name, attempt, self.max_attempts, error,
                    extra={"comment_uid": message.comment_uid, "channel": channel.name},
                )  # fmt: skip
                if not exc.retryable or attempt == self.max_attempts:
                    break
                if alert_id is not None:
                    self._record(self.store.note_alert_attempt, alert_id, error)
                delay = min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)
                self.sleep(delay * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not crypto
                continue
            if alert_id is not None:
                self._record(self.store.finish_alert, alert_id, sent=True)
            self.sent += 1
            log.info(
                "alert %d sent via %s", alert_id, channel.name,
                extra={"comment_uid": message.comment_uid, "channel": channel.name},
            )  # fmt: skip
            return True
        if alert_id is not None:
            self._record(self.store.finish_alert, alert_id, sent=False, error=error)
        self.failed += 1
        return False

    # -- background worker ------------------------------------------------------------------------
    def submit(self, message: AlertMessage) -> None:
        """Queue an alert for the worker thread (started on first use)."""
        if not self.channels:
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="modbot-alerts", daemon=True)
            self._thread.start()
        self._queue.put(_Job(message))

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                self.deliver(job.message)
            except Exception:  # one broken alert must not stop the others; it stays pending in the store
                log.exception("alert delivery crashed")
            finally:
                if job is not None:
                    job.done.set()
                self._queue.task_done()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every queued alert has been handled; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self, timeout: float = 5.0) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)
