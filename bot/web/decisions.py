"""Moderator decisions on queued verdicts: confirm, restore, hide, delete, keep, escalate, note.

Decisions that change a comment on its platform go through `bot.actions.carry_out`, the same journal the
daemon writes, so the platform and the record agree; the review itself is recorded (with an audit row in
the moderator's name) only once the platform change has been made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.actions import action_key, carry_out, connector_key
from bot.config import ConfigError, PageConfig
from bot.domain import Action, ActionKind, ActionStatus, Platform
from bot.platforms.base import Connector, PlatformError
from bot.store import DELETED_BY_AUTHOR, Store

# decision → (label, what record_review calls it). "hide" is a confirm that also hides a flagged comment.
DECISIONS: dict[str, tuple[str, str]] = {
    "confirm": ("Confirm", "confirm"),
    "restore": ("Restore", "restore"),
    "hide": ("Hide", "confirm"),
    "delete": ("Delete", "delete"),
    "keep": ("Keep up", "keep"),
    "escalate": ("Escalate", "escalate"),
    "note": ("Add note", "note"),
}
BULK_DECISIONS = ("confirm", "restore", "hide", "keep", "escalate")

ConnectorLookup = Callable[[str, str], Connector | None]


@dataclass(kw_only=True, frozen=True)
class DecisionOutcome:
    verdict_id: int
    decision: str
    ok: bool
    message: str
    action_status: str | None = None
    review_id: int | None = None


class ConnectorPool:
    """Connectors for the configured pages, built on first use and reused (one per platform:page_id)."""

    def __init__(
        self,
        pages: Iterable[PageConfig] = (),
        environ: Mapping[str, str] | None = None,
        factory: Callable[..., Connector] | None = None,
    ) -> None:
        self._pages = {connector_key(p.platform, p.page_id): p for p in pages}
        self._environ = environ
        self._factory = factory
        self._built: dict[str, Connector] = {}
        self._lock = threading.Lock()

    def __call__(self, platform: str, page_id: str) -> Connector | None:
        key = connector_key(platform, page_id)
        with self._lock:
            if key in self._built:
                return self._built[key]
            page = self._pages.get(key)
            if page is None:
                return None
            factory = self._factory
            if factory is None:
                from bot.platforms import make_connector

                factory = make_connector
            connector = factory(page, self._environ)
            self._built[key] = connector
            return connector

    def close(self) -> None:
        with self._lock:
            for connector in self._built.values():
                connector.close()
            self._built.clear()


def connector_lookup(
    connectors: Mapping[str, Connector] | ConnectorLookup | ConnectorPool | None,
) -> ConnectorLookup:
    """Accept a mapping keyed "platform:page_id" (as reconcile_pending takes), a lookup function, or None."""
    if connectors is None:
        return lambda platform, page_id: None
    if isinstance(connectors, Mapping):
        mapping = connectors
        return lambda platform, page_id: mapping.get(connector_key(platform, page_id))
    return connectors


def _platform_action(decision: str, platform: Platform) -> ActionKind | None:
    if decision == "restore":
        # Reddit has no "unhide" for a removed comment: a moderator approves it back.
        return ActionKind.APPROVE if platform is Platform.REDDIT else ActionKind.UNHIDE
    if decision == "hide":
        return ActionKind.HIDE
    if decision == "delete":
        return ActionKind.DELETE
    return None


class Decider:
    """Applies decisions; one at a time, so two moderators clicking the same item cannot race on the platform."""

    def __init__(self, store: Store, connectors: ConnectorLookup, *, dry_run: bool = False) -> None:
        self.store = store
        self.connectors = connectors
        self.dry_run = dry_run
        self._lock = threading.Lock()

    def decide(
        self, verdict_id: int, decision: str, moderator: str, note: str | None = None
    ) -> DecisionOutcome:
        note = (note or "").strip() or None
        if decision not in DECISIONS:
            return DecisionOutcome(
                verdict_id=verdict_id, decision=decision, ok=False, message=f"unknown decision {decision!r}"
            )
        if decision == "note" and not note:
            return DecisionOutcome(
                verdict_id=verdict_id, decision=decision, ok=False, message="write the note first"
            )
        with self._lock:
            item = self.store.review_item(verdict_id)
            if item is None:
                return DecisionOutcome(
                    verdict_id=verdict_id, decision=decision, ok=False, message=f"no verdict {verdict_id}"
                )
            platform = Platform(item["platform"])
            kind = _platform_action(decision, platform)
            status: str | None = None
            if kind is not None:
                if item["state"] == "deleted" and decision in ("restore", "hide"):
                    return DecisionOutcome(
                        verdict_id=verdict_id,
                        decision=decision,
                        ok=False,
                        message="the comment was deleted on the platform; it cannot be changed",
                    )
                if item["state"] == DELETED_BY_AUTHOR:
                    return DecisionOutcome(
                        verdict_id=verdict_id,
                        decision=decision,
                        ok=False,
                        message="its author deleted the comment on the platform; it stays in the records "
                        "but cannot be changed there",
                    )
                done_reviews = len(
                    [r for r in self.store.reviews_for(item["comment_uid"]) if r["verdict_id"] == verdict_id]
                )
                action = Action(
                    kind=kind,
                    comment_uid=item["comment_uid"],
                    platform=platform,
                    page_id=item["page_id"],
                    comment_id=item["comment_id"],
                    actor=moderator,
                    reason=f"moderator {decision}" + (f": {note}" if note else ""),
                )
                # A failed attempt keeps its key (carry_out retries it); a later deliberate decision gets a new one.
                key = action_key(
                    item["comment_uid"],
                    int(item["comment_version"]),
                    kind,
                    f"review{verdict_id}.{done_reviews}",
                )
                try:
                    connector = self.connectors(platform.value, item["page_id"])
                except (ConfigError, PlatformError) as exc:
                    # e.g. the page's credential variable is not set; the message names it, never a secret.
                    return DecisionOutcome(
                        verdict_id=verdict_id,
                        decision=decision,
                        ok=False,
                        message=f"cannot reach {platform.value} page {item['page_id']}: {exc}",
                    )
                result = carry_out(
                    self.store,
                    connector,
                    action,
                    key,
                    verdict_id=verdict_id,
                    dry_run=self.dry_run,
                )
                status = result.status.value
                if not result.success:
                    verb = "is still pending" if result.status is ActionStatus.PENDING else "failed"
                    return DecisionOutcome(
                        verdict_id=verdict_id,
                        decision=decision,
                        ok=False,
                        message=f"{kind.value} on {platform.value} {verb}: {result.detail}",
                        action_status=status,
                    )
            recorded = DECISIONS[decision][1]
            if decision == "hide":
                note = "hidden by moderator" + (f": {note}" if note else "")
            if status == ActionStatus.DRY_RUN.value:
                note = (note + " " if note else "") + "(dry run: platform not changed)"
            review_id = self.store.record_review(item["comment_uid"], verdict_id, moderator, recorded, note)
        done = {
            "confirm": "confirmed",
            "restore": "restored",
            "hide": "hidden",
            "delete": "deleted",
            "keep": "kept up",
            "escalate": "escalated",
            "note": "note added to",
        }[decision]
        return DecisionOutcome(
            verdict_id=verdict_id,
            decision=decision,
            ok=True,
            message=f"#{verdict_id} {done}",
            action_status=status,
            review_id=review_id,
        )

    def decide_many(
        self, verdict_ids: Iterable[int], decision: str, moderator: str, note: str | None = None
    ) -> list[DecisionOutcome]:
        return [self.decide(v, decision, moderator, note) for v in verdict_ids]
