"""Alert mail checks the SMTP server's certificate: STARTTLS and implicit TLS to a real server with a self-signed cert."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bot.alerts import DeliveryError, EmailChannel, page_problem_message
from bot.config import EmailAlertConfig
from tests.test_alerts import SmtpSink

pytestmark = pytest.mark.skipif(
    shutil.which("openssl") is None, reason="needs the openssl CLI to make a cert"
)


@pytest.fixture(scope="module")
def cert(tmp_path_factory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("tls")
    key, crt = d / "key.pem", d / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(crt)],
        check=True, capture_output=True,
    )  # fmt: skip
    return crt, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def starttls_server(cert) -> Any:
    crt, key = cert
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(crt, key)
    sink = SmtpSink()
    port = free_port()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_require_tls=True,
    )
    controller.start()
    yield port, sink
    controller.stop()


def channel(port: int, **kw: Any) -> EmailChannel:
    config = EmailAlertConfig(
        host="127.0.0.1", port=port, recipients=("sgt@lcpd.test",), timeout_seconds=5, **kw
    )
    return EmailChannel(config, {})


def message():
    return page_problem_message("Main page", "facebook", "failing", "HTTP 500")


def test_starttls_refuses_a_certificate_nobody_trusts(starttls_server):
    port, sink = starttls_server
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError"):
        channel(port, starttls=True).send(message())
    assert sink.messages == []


def test_starttls_delivers_when_the_ca_is_configured(starttls_server, cert):
    port, sink = starttls_server
    channel(port, starttls=True, ca_file=str(cert[0])).send(message())
    assert len(sink.messages) == 1


def test_implicit_tls_verifies_too(cert):
    crt, key = cert
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(crt, key)
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        with pytest.raises(DeliveryError):
            channel(port, ssl=True).send(message())
        assert sink.messages == []
        channel(port, ssl=True, ca_file=str(crt)).send(message())
        assert len(sink.messages) == 1
    finally:
        controller.stop()
