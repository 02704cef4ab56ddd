"""The JSON-lines form of `modbot score --jsonl`: input lines parsed and checked one by one into ScoreInput,
verdicts written back as one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from bot.domain import ActionKind, Verdict, without_lone_surrogates
from bot.policy.schema import MEDIA_KINDS
from bot.scoring.base import ScoreInput


def verdict_record(item_id: Any, verdict: Verdict) -> dict[str, Any]:
    """The JSON-lines shape of a verdict. A 'reply' verdict keeps the comment up and sends it to a human,
    so it is reported as action 'flag' with the reply text."""
    action = ActionKind.FLAG if verdict.action is ActionKind.REPLY else verdict.action
    return {
        "id": item_id,
        "action": action.value,
        "urgent": verdict.urgent,
        "score": round(float(verdict.score), 4),
        "categories": list(verdict.categories),
        "rule": verdict.rule_id,
        "reason": verdict.reason,
        "reply": verdict.reply,
    }


MAX_LINE_BYTES = 1_000_000
_SKIP_CHUNK = 1 << 16


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line or None when longer than `limit` bytes, its length). An over-long line is read
    past in fixed-size chunks, never held in memory whole."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield lineno, chunk, len(chunk)
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = stream.readline(_SKIP_CHUNK)
            if not chunk:
                break
            size += len(chunk)
        yield lineno, None, size


def parse_score_lines(
    stream: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, ScoreInput | None, Any, str | None]]:
    """(line number, input, id, error) per non-blank line. Decoding is per line, so one line of bad
    bytes is reported and skipped instead of ending the run; so is a line over `max_line_bytes`."""
    for lineno, raw, size in bounded_lines(stream, max_line_bytes):
        if raw is None:
            yield lineno, None, None, f"longer than {max_line_bytes:,} bytes ({size:,}); not read"
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, None, f"not valid UTF-8 (byte {exc.start + 1})"
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        except RecursionError:
            yield lineno, None, None, "not usable JSON (nested too deeply)"
            continue
        if not isinstance(obj, dict):
            yield lineno, None, None, "expected a JSON object"
            continue
        item_id = obj.get("id")
        # the id is how a caller matches verdicts to inputs; a line without one is malformed, not anonymous
        if isinstance(item_id, bool) or not isinstance(item_id, str | int) or item_id == "":
            yield lineno, None, None, "'id' is required and must be a non-empty string or an integer"
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield lineno, None, item_id, "'text' is required and must be a string"
            continue
        media = obj.get("media", [])
        if media is None:
            media = []
        if not isinstance(media, list) or not all(isinstance(m, str) for m in media):
            yield lineno, None, item_id, "'media' must be a list of strings"
            continue
        bad = [m for m in media if m not in MEDIA_KINDS]
        if bad:
            yield lineno, None, item_id, f"unknown media kind(s) {bad}; allowed: {', '.join(MEDIA_KINDS)}"
            continue
        platform = obj.get("platform")
        if platform is not None and not isinstance(platform, str):
            yield lineno, None, item_id, "'platform' must be a string"
            continue
        authorized = obj.get("author_authorized", False)
        if not isinstance(authorized, bool):
            yield lineno, None, item_id, "'author_authorized' must be true or false"
            continue
        yield (
            lineno,
            ScoreInput(
                # "\ud800" is valid JSON but not text: score the rest of it rather than lose the line
                text=without_lone_surrogates(text),
                media=tuple(media),
                author_authorized=authorized,
                platform=platform,
            ),
            item_id,
            None,
        )


def json_line(record: dict[str, Any]) -> str:
    """One output line; an id holding a lone surrogate (valid JSON, not encodable text) is escaped."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True)
    return line
