"""Under systemd each log line carries its syslog priority, so `journalctl -p warning` finds the warnings."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logging_setup import setup_logging


@pytest.fixture
def restore_root():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


def emit_all(log: logging.Logger) -> None:
    log.debug("dbg")
    log.info("fine")
    log.warning("careful")
    log.error("broken")
    log.critical("down")


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_journal_stream_prefixes_each_line_with_its_priority(monkeypatch, restore_root, log_format):
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    out = io.StringIO()
    setup_logging(log_format, "DEBUG", stream=out)
    emit_all(logging.getLogger("modbot.test"))
    lines = out.getvalue().splitlines()
    assert [line[:3] for line in lines] == ["<7>", "<6>", "<4>", "<3>", "<2>"]
    assert "careful" in lines[2]


def test_a_traceback_keeps_its_priority_on_every_line(monkeypatch, restore_root):
    monkeypatch.setenv("JOURNAL_STREAM", "8:1")
    out = io.StringIO()
    setup_logging("text", "INFO", stream=out)
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("modbot.test").exception("failed")
    lines = out.getvalue().splitlines()
    assert len(lines) > 2
    assert all(line.startswith("<3>") for line in lines)


def test_no_prefix_outside_systemd_unless_switched_on(monkeypatch, restore_root):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    out = io.StringIO()
    setup_logging("text", "INFO", stream=out)
    logging.getLogger("modbot.test").warning("careful")
    assert not out.getvalue().startswith("<")
    forced = io.StringIO()
    setup_logging("text", "INFO", stream=forced, syslog_prefix=True)
    logging.getLogger("modbot.test").warning("careful")
    assert forced.getvalue().startswith("<4>")
