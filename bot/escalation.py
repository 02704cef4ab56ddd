"""Alerts that reach a person: links into the review app ([web] public_url), and re-alerts of urgent items
nobody acknowledged within [alerts] reack_minutes, each to the next address of [alerts] escalation."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.alerts import (
    Alerter,
    AlertMessage,
    Channel,
    EmailChannel,
    WebhookChannel,
    urgent_comment_message,
)
from bot.config import AlertsConfig, WebhookAlertConfig
from bot.domain import epoch_seconds
from bot.store import Store
from bot.store.ops import realert_channel, unacknowledged_urgent_alerts

log = logging.getLogger(__name__)


def item_url(public_url: str | None, verdict_id: int | None) -> str | None:
    """The item's page in the review app, or None when the app's address is not configured."""
    if not public_url or verdict_id is None:
        return None
    return f"{public_url.rstrip('/')}/item/{int(verdict_id)}"


def health_url(public_url: str | None) -> str | None:
    return f"{public_url.rstrip('/')}/health" if public_url else None


def urgent_message_for(
    store: Store,
    verdict_id: int,
    *,
    page_names: Mapping[tuple[str, str], str],
    public_url: str | None,
) -> AlertMessage | None:
    """The urgent alert for a recorded verdict, rebuilt from the store (None if it is gone)."""
    verdict = store.verdict(verdict_id)
    if verdict is None:
        return None
    comment = next(
        (
            v
            for v in store.comment_versions(verdict["comment_uid"])
            if v["version"] == verdict["comment_version"]
        ),
        None,
    )
    if comment is None:
        return None
    return urgent_comment_message(
        verdict_id=int(verdict["id"]),
        comment_uid=verdict["comment_uid"],
        platform=comment["platform"],
        page=page_names.get((comment["platform"], comment["page_id"]), comment["page_id"]),
        text=comment["text"],
        permalink=comment["permalink"],
        author=comment["author_name"] or comment["author_id"],
        action=verdict["action"],
        rule_id=verdict["rule_id"],
        clause=verdict["clause"],
        categories=json.loads(verdict["categories"]),
        reason=verdict["reason"],
        created_at=comment["created_at"],
        item_url=item_url(public_url, int(verdict["id"])),
    )


def realert_message(base: AlertMessage, level: int, address: str | None, minutes: float) -> AlertMessage:
    """The urgent alert again, saying that nobody acknowledged it and whom it now goes to."""
    to = f" (escalated to {address})" if address else ""
    head = (
        f"NOT ACKNOWLEDGED after {minutes:g} min: re-alert {level}{to}. Open the link and acknowledge it, "
        "or act on the comment."
    )
    payload = {
        **base.payload,
        "event": "urgent_comment_realert",
        "level": level,
        "escalated_to": address,
        "unacknowledged_minutes": minutes,
    }
    return dataclasses.replace(
        base,
        kind="urgent_comment_realert",
        subject=base.subject.replace(
            "[modbot] URGENT", f"[modbot] URGENT, NOT ACKNOWLEDGED (re-alert {level})", 1
        ),
        body=head + "\n\n" + base.body,
        payload=payload,
    )


def escalation_channels(
    address: str | None, level: int, config: AlertsConfig, environ: Mapping[str, str]
) -> list[Channel]:
    """Where re-alert `level` goes: the escalation address (email or webhook URL), or, with no escalation
    list, the configured channels again. Named realert<level>:<kind>, so each is recorded once."""
    channels: list[Any] = []
    if address is None:
        if config.email is not None:
            channels.append(EmailChannel(config.email, environ))
        if config.webhook is not None:
            channels.append(WebhookChannel(config.webhook, environ))
    elif address.startswith(("http://", "https://")):
        hook = config.webhook or WebhookAlertConfig(url=address)
        channels.append(WebhookChannel(dataclasses.replace(hook, url=address), environ))
    elif config.email is not None:
        channels.append(EmailChannel(dataclasses.replace(config.email, recipients=(address,)), environ))
    for channel in channels:
        channel.name = realert_channel(level, type(channel).name)
    return channels


class Reacknowledger:
    """Finds urgent items still waiting for a person, alerted but not acknowledged for reack_minutes since
    their latest alert, and alerts the next escalation address. Sends synchronously (call it off the poll
    threads: the daemon runs it as its own scheduled job)."""

    def __init__(
        self,
        store: Store,
        config: AlertsConfig,
        *,
        public_url: str | None,
        page_names: Mapping[tuple[str, str], str] | None = None,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        backoff_base: float = 1.0,
    ) -> None:
        self.store = store
        self.config = config
        self.public_url = public_url
        self.page_names = dict(page_names or {})
        self.environ = os.environ if environ is None else environ
        self.clock = clock
        self.backoff_base = backoff_base
        # With no escalation list, one re-alert through the configured channels.
        self.targets: list[str | None] = list(config.escalation) or [None]

    @property
    def enabled(self) -> bool:
        return self.config.reack_minutes > 0 and (
            bool(self.config.escalation) or self.config.email is not None or self.config.webhook is not None
        )

    def due(self, now: float | None = None) -> list[tuple[int, int, str | None]]:
        """(verdict id, re-alert level, address) for every re-alert due at `now` (epoch seconds)."""
        if not self.enabled:
            return []
        at = self.clock() if now is None else now
        wait = self.config.reack_minutes * 60.0
        rows = unacknowledged_urgent_alerts(self.store)
        by_verdict: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            by_verdict.setdefault(int(r["verdict_id"]), []).append(r)
        out: list[tuple[int, int, str | None]] = []
        for verdict_id, alerts in by_verdict.items():
            if not any(a["status"] == "sent" for a in alerts):
                continue  # the first alert has not reached anyone yet: it is still being retried
            level = max((_level(a["channel"]) for a in alerts), default=0)
            if level >= len(self.targets):
                continue  # the escalation list is used up; the item stays urgent in the queue
            last = max((epoch_seconds(a["sent_at"]) or epoch_seconds(a["created_at"]) or 0.0) for a in alerts)
            if at - last >= wait:
                out.append((verdict_id, level + 1, self.targets[level]))
        return out

    def run(self, now: float | None = None) -> list[int]:
        """Send every re-alert due; returns the verdict ids re-alerted."""
        done: list[int] = []
        for verdict_id, level, address in self.due(now):
            base = urgent_message_for(
                self.store, verdict_id, page_names=self.page_names, public_url=self.public_url
            )
            if base is None:
                continue
            message = realert_message(base, level, address, self.config.reack_minutes)
            channels = escalation_channels(address, level, self.config, self.environ)
            if not channels:
                log.error("re-alert %d of verdict %d: no channel can reach %s", level, verdict_id, address)
                continue
            sender = Alerter(
                self.store, self.config, self.environ, channels=channels, backoff_base=self.backoff_base
            )
            outcome = sender.deliver(message)
            log.warning(
                "urgent verdict %d not acknowledged for %g min: re-alert %d to %s: %s",
                verdict_id, self.config.reack_minutes, level, address or "the alert channels",
                ", ".join(f"{k} {'sent' if v else 'failed'}" for k, v in outcome.items()),
                extra={"comment_uid": base.comment_uid},
            )  # fmt: skip
            done.append(verdict_id)
        return done


def _level(channel: str) -> int:
    """The re-alert level a channel name records (realert2:email → 2); the first alert is level 0."""
    if not channel.startswith("realert"):
        return 0
    head = channel.removeprefix("realert").split(":", 1)[0]
    return int(head) if head.isdigit() else 0


def escalated_message(
    store: Store, verdict_id: int, assignee: str, by: str, *, public_url: str | None
) -> AlertMessage | None:
    """The notice that an item was escalated to `assignee` (a supervisor) by `by`, with its link."""
    item = store.review_item(verdict_id)
    if item is None:
        return None
    link = item_url(public_url, verdict_id)
    subject = (
        f"[modbot] escalated to {assignee}: item #{verdict_id} on {item['platform']} page {item['page_id']}"
    )
    body = "\n".join(
        [
            f"{by} escalated review item #{verdict_id} to {assignee}: it needs a supervisor's decision.",
            "",
            *([f"Review:    {link}", ""] if link else []),
            f"Rule:      {item['rule_id'] or '-'}",
            f"Action:    {item['action']}",
            "",
            "Comment:",
            f"  {' '.join((item['text'] or '').split())[:500]}",
        ]
    )
    payload = {
        "event": "item_escalated",
        "verdict_id": verdict_id,
        "assignee": assignee,
        "by": by,
        "platform": item["platform"],
        "page_id": item["page_id"],
        "rule": item["rule_id"],
        "item_url": link,
    }
    # Recorded as an alert about the assignment (not the verdict: the urgent alert keeps its own row).
    return AlertMessage(
        kind="item_escalated",
        subject=subject,
        body=body,
        payload=payload,
        comment_uid=f"escalation:{verdict_id}:{assignee}",
    )
