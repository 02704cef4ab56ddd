"""Alerts against a real SMTP server (aiosmtpd) and a real HTTP receiver on 127.0.0.1: delivery, signature,
retries, store records, no secrets in bodies."""

from __future__ import annotations

import email
import email.policy
import json
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bot.alerts import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Alerter,
    page_problem_message,
    urgent_comment_message,
    verify_signature,
)
from bot.config import AlertsConfig, EmailAlertConfig, WebhookAlertConfig
from bot.store import Store
from tests.conftest_webhook import Receiver

SECRET = "whsec-test-3f9a8b7c6d5e"  # noqa: S105 - test value


class SmtpSink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Any:
    import socket

    with socket.socket() as s:  # aiosmtpd's readiness check cannot use port 0, so pick a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, sink
    controller.stop()


def _message(verdict_id: int = 7) -> Any:
    return urgent_comment_message(
        verdict_id=verdict_id,
        comment_uid="facebook:104_9",
        platform="facebook",
        page="lcpd-fb",
        text="I am going to shoot up the station tonight " + "x" * 900,
        permalink="https://www.facebook.com/104/posts/1?comment_id=9",
        author="Some Person",
        action="hide",
        rule_id="threat-violence",
        clause="Comments that threaten or promote violence against any person, officer, group or place.",
        categories=["threat"],
        reason="Threat of violence [threat-violence]",
        created_at="2026-01-01T00:00:00+00:00",
    )


def _config(smtp_port: int | None = None, url: str | None = None, attempts: int = 3) -> AlertsConfig:
    return AlertsConfig(
        email=EmailAlertConfig(host="127.0.0.1", port=smtp_port, recipients=("sgt@lcpd.test",))
        if smtp_port
        else None,
        webhook=WebhookAlertConfig(url=url, secret_env="MODBOT_TEST_HOOK_SECRET") if url else None,
        max_attempts=attempts,
    )


def test_email_and_signed_webhook_delivered_and_recorded(store: Store, smtp: Any, receiver: Receiver) -> None:
    controller, sink = smtp
    alerter = Alerter(
        store,
        _config(controller.port, receiver.url),
        {"MODBOT_TEST_HOOK_SECRET": SECRET},
        sleep=lambda s: None,
    )
    assert alerter.deliver(_message()) == {"email": True, "webhook": True}

    assert len(sink.messages) == 1
    envelope = sink.messages[0]
    assert envelope.rcpt_tos == ["sgt@lcpd.test"]
    parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
    mail = str(parsed["Subject"]) + "\n" + parsed.get_content()
    for needle in ("URGENT threat", "facebook", "comment_id=9", "threat-violence", "shoot up the station"):
        assert needle in mail
    assert SECRET not in mail

    body, headers = receiver.bodies[0]
    payload = json.loads(body)
    assert payload["event"] == "urgent_comment" and payload["rule"] == "threat-violence"
    assert payload["permalink"].endswith("comment_id=9") and payload["clause"].startswith("Comments that")
    assert len(payload["excerpt"]) <= 500 and payload["excerpt"].startswith("I am going to shoot")
    stamp = headers[TIMESTAMP_HEADER]
    assert verify_signature(SECRET, body, stamp, headers[SIGNATURE_HEADER])
    assert not verify_signature("wrong-secret", body, stamp, headers[SIGNATURE_HEADER])
    # A replay an hour later, or with the timestamp moved forward to look fresh, is refused.
    assert not verify_signature(SECRET, body, stamp, headers[SIGNATURE_HEADER], now=int(stamp) + 3600)
    assert not verify_signature(
        SECRET, body, str(int(stamp) + 3600), headers[SIGNATURE_HEADER], now=int(stamp) + 3600
    )
    assert not verify_signature(SECRET, body + b" ", stamp, headers[SIGNATURE_HEADER])
    assert SECRET.encode() not in body

    rows = {r["channel"]: r for r in store._query("SELECT * FROM alerts")}
    assert rows["email"]["status"] == "sent" and rows["webhook"]["status"] == "sent"
    # Delivering the same verdict's alert again (e.g. after a restart) sends nothing twice.
    assert alerter.deliver(_message()) == {"email": True, "webhook": True}
    assert len(sink.messages) == 1 and len(receiver.bodies) == 1


def test_webhook_retries_5xx_then_succeeds(store: Store, receiver: Receiver) -> None:
    receiver.fail_next = 2
    sleeps: list[float] = []
    alerter = Alerter(store, _config(url=receiver.url, attempts=5), {}, backoff_base=1.0, sleep=sleeps.append)
    assert alerter.deliver(_message()) == {"webhook": True}
    assert len(sleeps) == 2 and 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0  # exponential, jittered
    row = store._query("SELECT * FROM alerts")[0]
    assert row["status"] == "sent" and row["attempts"] == 3
    assert SIGNATURE_HEADER not in receiver.bodies[0][1]  # no secret configured: unsigned


def test_bounded_attempts_then_failed(store: Store, receiver: Receiver) -> None:
    receiver.fail_next = 99
    alerter = Alerter(store, _config(url=receiver.url, attempts=3), {}, sleep=lambda s: None)
    assert alerter.deliver(_message()) == {"webhook": False}
    row = store._query("SELECT * FROM alerts")[0]
    assert row["status"] == "failed" and row["attempts"] == 3 and "HTTP 500" in row["error"]
    assert receiver.fail_next == 96


def test_client_error_is_not_retried(store: Store, receiver: Receiver) -> None:
    receiver.fail_next, receiver.status_when_failing = 99, 400
    alerter = Alerter(store, _config(url=receiver.url, attempts=5), {}, sleep=lambda s: None)
    assert alerter.deliver(_message()) == {"webhook": False}
    assert receiver.fail_next == 98


def test_unreachable_smtp_fails_after_retries(store: Store) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    alerter = Alerter(store, _config(smtp_port=port, attempts=2), {}, sleep=lambda s: None)
    assert alerter.deliver(_message()) == {"email": False}
    assert store._query("SELECT status FROM alerts")[0]["status"] == "failed"


def test_background_worker_and_page_alerts(store: Store, receiver: Receiver) -> None:
    alerter = Alerter(store, _config(url=receiver.url), {}, sleep=lambda s: None)
    alerter.submit(page_problem_message("lcpd-x", "x", "auth_failed", "401 Unauthorized"))
    alerter.submit(page_problem_message("lcpd-x", "x", "auth_failed", "401 Unauthorized again"))
    assert alerter.flush(10)
    alerter.close()
    events = [json.loads(b)["event"] for b, _ in receiver.bodies]
    assert events == ["page_problem", "page_problem"]
    assert [r["status"] for r in store._query("SELECT * FROM alerts ORDER BY id")] == ["sent", "sent"]
