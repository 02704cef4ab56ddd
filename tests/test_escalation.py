"""Re-alerting unacknowledged urgent items (bot.escalation.Reacknowledger) against a real SQLite store, a real
SMTP server (aiosmtpd) and a real webhook receiver on 127.0.0.1: an urgent item nobody acknowledged for
[alerts] reack_minutes after its latest alert goes to the next address of [alerts] escalation, once per
step, never past the last address; an acknowledged one is left alone. Only the clock is set by the test."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.alerts import Alerter
from bot.config import AlertsConfig, EmailAlertConfig
from bot.domain import Platform
from bot.escalation import Reacknowledger, urgent_message_for
from bot.store import Store
from tests.conftest_webhook import Receiver
from tests.store_clock import set_store_clock
from tests.test_alerts import smtp
from tests.test_transparency import _comment, _verdict

try:  # bot/store.py is becoming a package (bot.store.ops); either layout works
    from bot.store.ops import acknowledge
except ImportError:
    from bot.store.ops import acknowledge

__all__ = ["smtp"]  # the SMTP server fixture of tests/test_alerts.py

REACK_MINUTES = 10.0
WAIT = REACK_MINUTES * 60
PUBLIC_URL = "https://modbot.lcpd.test"
DESK, LIEUTENANT, CAPTAIN = "desk@lcpd.test", "lt-ruiz@lcpd.test", "capt-ode@lcpd.test"


class Clock:
    """One clock for the store's stamps and the re-alerter's `now` (epoch seconds), moved by the test."""

    def __init__(self) -> None:
        self.t = datetime(2026, 3, 14, 22, 0, tzinfo=UTC).timestamp()

    def __call__(self) -> float:
        return self.t

    def iso(self) -> str:
        return datetime.fromtimestamp(self.t, UTC).isoformat(timespec="microseconds")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    set_store_clock(monkeypatch, c.iso)
    return c


def _config(smtp_port: int, hook_url: str) -> AlertsConfig:
    return AlertsConfig(
        email=EmailAlertConfig(host="127.0.0.1", port=smtp_port, recipients=(DESK,)),
        max_attempts=1,
        reack_minutes=REACK_MINUTES,
        escalation=(LIEUTENANT, CAPTAIN, hook_url),
    )


def _urgent_item(store: Store, config: AlertsConfig, n: int) -> int:
    """An urgent comment judged and alerted as the daemon does: its first alert goes to the desk."""
    c = _comment(
        n,
        Platform.FACEBOOK,
        f"Someone is breaking into number {n} Quillfeather St right now",
        datetime.now(UTC),
    )
    archived = store.archive_comment(c)
    vid = store.record_verdict(
        c.uid, archived.version, _verdict("reply", "crime-in-progress", "emergency", "p-1", urgent=True)
    )
    message = urgent_message_for(store, vid, page_names={}, public_url=PUBLIC_URL)
    assert message is not None
    assert Alerter(store, config, {}, sleep=lambda s: None).deliver(message) == {"email": True}
    return vid


def _mails(sink: Any) -> list[tuple[list[str], str, str]]:
    """(recipients, subject, body) of every mail the SMTP server received."""
    out = []
    for envelope in sink.messages:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        out.append((list(envelope.rcpt_tos), str(parsed["Subject"]), parsed.get_content()))
    return out


def _realerts(store: Store, vid: int) -> list[tuple[str, str]]:
    rows = store._query(
        "SELECT channel, status FROM alerts WHERE verdict_id = ? AND channel LIKE 'realert%' ORDER BY id",
        (vid,),
    )
    return [(r["channel"], r["status"]) for r in rows]


def test_unacknowledged_items_climb_the_escalation_list_once_per_step_and_stop_at_its_end(
    store: Store, smtp: Any, receiver: Receiver, clock: Clock
) -> None:
    controller, sink = smtp
    config = _config(controller.port, receiver.url)
    vid = _urgent_item(store, config, 1)
    assert [m[0] for m in _mails(sink)] == [[DESK]]
    reack = Reacknowledger(store, config, public_url=PUBLIC_URL, environ={}, clock=clock, backoff_base=0)
    assert reack.enabled

    # Not yet: a second short of reack_minutes after the alert.
    clock.t += WAIT - 1
    assert reack.due() == [] and reack.run() == []
    assert len(sink.messages) == 1

    # reack_minutes after the alert, nobody has acknowledged it: the first escalation address is alerted.
    clock.t += 1
    assert reack.run() == [vid]
    to, subject, body = _mails(sink)[-1]
    assert to == [LIEUTENANT]
    assert "NOT ACKNOWLEDGED (re-alert 1)" in subject
    assert f"escalated to {LIEUTENANT}" in body and f"{PUBLIC_URL}/item/{vid}" in body
    assert _realerts(store, vid) == [("realert1:email", "sent")]

    # The same step is not sent twice: neither at once, nor later while its own wait runs.
    assert reack.run() == []
    clock.t += WAIT - 1
    assert reack.run() == []
    assert len(sink.messages) == 2

    # reack_minutes after the re-alert: the next address, then the last (a webhook).
    clock.t += 1
    assert reack.run() == [vid]
    assert _mails(sink)[-1][0] == [CAPTAIN] and "re-alert 2" in _mails(sink)[-1][1]
    clock.t += WAIT
    assert reack.run() == [vid]
    assert len(sink.messages) == 3  # the last step is no mail
    ((body_bytes, _headers),) = receiver.bodies
    payload = json.loads(body_bytes)
    assert payload["event"] == "urgent_comment_realert"
    assert (payload["level"], payload["escalated_to"], payload["verdict_id"]) == (3, receiver.url, vid)
    assert _realerts(store, vid) == [
        ("realert1:email", "sent"),
        ("realert2:email", "sent"),
        ("realert3:webhook", "sent"),
    ]

    # The list is used up: however long it stays unacknowledged, nothing goes past its last address.
    for _ in range(3):
        clock.t += WAIT * 10
        assert reack.due() == [] and reack.run() == []
    assert len(sink.messages) == 3 and len(receiver.bodies) == 1
    assert len(_realerts(store, vid)) == 3


def test_an_acknowledged_item_is_not_realerted(
    store: Store, smtp: Any, receiver: Receiver, clock: Clock
) -> None:
    controller, sink = smtp
    config = _config(controller.port, receiver.url)
    acked = _urgent_item(store, config, 1)
    waiting = _urgent_item(store, config, 2)
    reack = Reacknowledger(store, config, public_url=PUBLIC_URL, environ={}, clock=clock, backoff_base=0)

    clock.t += 60
    assert acknowledge(store, acked, "mod-ines") is not None
    clock.t += WAIT
    # Only the item nobody acknowledged goes on to the lieutenant.
    assert reack.run() == [waiting]
    assert [m[0] for m in _mails(sink)] == [[DESK], [DESK], [LIEUTENANT]]
    assert f"/item/{waiting}" in _mails(sink)[-1][2]
    assert _realerts(store, acked) == []

    # Acknowledged after its first re-alert, it climbs no further.
    clock.t += 60
    assert acknowledge(store, waiting, "mod-ines") is not None
    for _ in range(3):
        clock.t += WAIT
        assert reack.run() == []
    assert len(sink.messages) == 3 and receiver.bodies == []
    assert _realerts(store, acked) == [] and _realerts(store, waiting) == [("realert1:email", "sent")]
