"""Logging for the daemon: text or JSON lines, with context fields (page, platform, comment, action, rule), scrubbed of secrets."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.platforms._http import install_log_scrubber, redact

# Fields a log call may pass in `extra=` that JSON lines carry as top-level keys.
CONTEXT_FIELDS = (
    "page",
    "platform",
    "comment_uid",
    "action",
    "rule",
    "status",
    "idempotency_key",
    "channel",
    "verdict_id",
    "retry_at",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, context fields, and exc for tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines; context fields appended as key=value; secrets scrubbed."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ctx = " ".join(f"{n}={getattr(record, n)}" for n in CONTEXT_FIELDS[:5] if getattr(record, n, None))
        return redact(f"{line} [{ctx}]" if ctx else line)


# syslog(3) priorities, which journald reads from a "<N>" line prefix (sd-daemon(3)).
SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def syslog_priority(levelno: int) -> int:
    """The syslog priority for a logging level (levels between the named ones round down to the milder)."""
    for level in sorted(SYSLOG_PRIORITY, reverse=True):
        if levelno >= level:
            return SYSLOG_PRIORITY[level]
    return 7


class JournalPrefix(logging.Formatter):
    """Wraps a formatter and prefixes every line of its output with ``<N>`` so `journalctl -p` can filter."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{syslog_priority(record.levelno)}>"
        # journald treats every newline as a new entry: prefix each one, so a traceback stays at its level.
        return "\n".join(prefix + line for line in self.inner.format(record).split("\n"))


def under_journald(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """True when systemd connected stderr to the journal (it sets $JOURNAL_STREAM for the service)."""
    return bool((os.environ if environ is None else environ).get("JOURNAL_STREAM"))


def setup_logging(
    log_format: str = "text",
    level: str = "INFO",
    stream: TextIO | None = None,
    *,
    syslog_prefix: bool | None = None,
) -> None:
    """Configure the root logger once for the daemon process (replaces earlier handlers).

    ``syslog_prefix`` None means: prefix lines with their syslog priority when running under journald.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter: logging.Formatter = JsonFormatter() if log_format == "json" else TextFormatter()
    if syslog_prefix is None:
        syslog_prefix = under_journald()
    handler.setFormatter(JournalPrefix(formatter) if syslog_prefix else formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # APScheduler logs every job run at INFO; keep it to warnings so the daemon's own lines stand out.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    install_log_scrubber()
