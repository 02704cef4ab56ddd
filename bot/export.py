"""Records export: every archived comment in a date range, every version, with verdicts, actions and reviews.

Hidden and deleted comments are included: a removal on the platform never removes the public record.
`current_state` is visible, hidden, deleted (by the page) or deleted_by_author (its author deleted it).
Each comment's photos, GIFs and videos are listed with the SHA-256 of the archived bytes (or why they are
not archived); `export_with_media` writes a ZIP holding the records and the files themselves.
JSON keeps every value exactly; CSV flattens to one row per record (comment version, verdict, action,
review) and defuses spreadsheet formulas in text cells (see `_cell`), with each version's SHA-256 kept so
the original text can be verified against the JSON or the database.
The post each comment answers is part of that comment's record: every comment carries its post's archived text,
and the export lists every version of the posts its comments answer (JSON: `posts`; CSV: `post_version` rows).
Each comment version names the post version it answered (`post_version`, the post's latest when the comment
was archived): in JSON on each of its `versions`, in CSV on its version and verdict rows, whose post columns
then hold that version's text, so a post edited later still shows what the comment was answering.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO, TypedDict

from bot.store import STATE_LABELS, Store
from bot.store import media as store_media
from bot.store.rows import (
    ActionRow,
    CommentRow,
    ExportPostRows,
    MediaAddressRow,
    ReviewRow,
    VerdictRow,
)

FORMATS = ("csv", "json")
EXPORT_FORMAT_VERSION = 1


class CsvRow(TypedDict, total=False):
    """One CSV row: a comment version, verdict, action, medium or review (or, after them, a post version).
    The columns in order; a row leaves out the ones that do not apply to it, which stay empty."""

    uid: str
    record: str  # version, verdict, action, medium, review or post_version
    record_id: int
    at: str | None
    platform: str
    page_id: str
    post_id: str
    comment_id: str
    parent_id: str | None
    author_id: str | None
    author_name: str | None
    comment_created_at: str
    current_state: str | None
    comment_version: int
    verdict_id: int | None
    kind: str
    status: str | None
    actor: str | None
    text: str | None
    text_sha256: str
    rule_id: str | None
    clause: str | None
    categories: object  # parsed JSON, written back as JSON
    score: float
    detail: str | None
    permalink: str | None
    media: object  # parsed JSON, written back as JSON
    # verdict rows: the full policy version and every signal score, so a CSV alone explains each decision
    policy_version: str
    scores: object  # parsed JSON, written back as JSON
    # medium rows: the SHA-256 of the archived file (in a --with-media export, media/<sha256>.<ext>)
    media_sha256: str | None
    # the post the comment answers, as archived: on a comment's rows its latest text (empty when the post was
    # never archived); on a post_version row (after every comment's rows) the text of that version
    post_text: str | None
    post_text_sha256: str | None
    post_version: int | None


# The header, in CsvRow's order: consumers read the columns by position too, so new ones go at the end.
CSV_COLUMNS: tuple[str, ...] = tuple(CsvRow.__annotations__)
MEDIA_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
}


class ExportError(ValueError):
    pass


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    @property
    def start_iso(self) -> str:
        return f"{self.start.isoformat()}T00:00:00+00:00"

    @property
    def end_exclusive_iso(self) -> str:
        if self.end == date.max:
            # No day after it to start from: ISO 8601's 24:00, the end of that day, sorts the same way.
            return f"{self.end.isoformat()}T24:00:00+00:00"
        return f"{(self.end + timedelta(days=1)).isoformat()}T00:00:00+00:00"


def parse_range(start: str, end: str) -> DateRange:
    """Two YYYY-MM-DD dates (UTC days, both included)."""
    try:
        first = date.fromisoformat(start.strip())
        last = date.fromisoformat(end.strip())
    except ValueError:
        raise ExportError("dates must be YYYY-MM-DD") from None
    if last < first:
        raise ExportError(f"the range ends ({last}) before it starts ({first})")
    return DateRange(first, last)


# -- the records the export writes (JSON as is; CSV flattens them) ---------------------------------------


class ExportedVersion(TypedDict):
    """One archived version of a comment."""

    version: int
    text: str
    text_sha256: str
    archived_at: str
    hidden_when_fetched: bool
    author_name: str | None
    permalink: str | None
    media: object  # parsed JSON: the media records as archived
    raw: object  # parsed JSON: the platform's own record
    # The version of the post (in `posts`) this text answered: the latest when it was archived; None when
    # not known (the post's text was not archived before it).
    post_version: int | None


class ExportedVerdict(TypedDict):
    """A verdict on one version: its columns (VerdictRow's), flags as booleans, JSON columns parsed, last."""

    id: int
    comment_uid: str
    comment_version: int
    created_at: str
    action: str
    urgent: bool
    score: float
    rule_id: str | None
    clause: str | None
    reason: str
    reply: str | None
    policy_version: str
    scorer: str
    dry_run: bool
    review_status: str
    updated_at: str | None
    categories: object  # parsed JSON list
    scores: object  # parsed JSON object
    matches: object  # parsed JSON list


class ExportedAction(TypedDict):
    """A journaled platform action: its columns (ActionRow's), the platform's answer parsed."""

    id: int
    idempotency_key: str
    comment_uid: str
    verdict_id: int | None
    kind: str
    platform: str
    page_id: str
    comment_id: str
    text: str | None
    actor: str
    reason: str | None
    status: str
    attempts: int
    detail: str | None
    response: object  # parsed JSON, None when the platform gave none
    created_at: str
    updated_at: str
    finished_at: str | None
    next_attempt_at: float | None


class ExportedMedium(TypedDict):
    """One archived (or attempted) medium address of a comment."""

    position: int
    kind: str
    role: str  # "media": the file itself; "preview": the platform's poster frame or still
    url: str
    status: str
    sha256: str | None
    content_type: str | None
    size: int | None
    file: str | None  # media/<sha256>.<ext> in a --with-media export; None when not archived
    error: str | None
    fetched_at: str | None


class ExportedPostVersion(TypedDict):
    """One text a post has had, oldest version 1."""

    version: int
    text: str
    text_sha256: str
    archived_at: str


class ExportedPost(TypedDict):
    """A post the exported comments answer: its latest text and every version of it."""

    platform: str
    page_id: str
    post_id: str
    created_at: str | None
    permalink: str | None
    text: str
    text_sha256: str
    archived_at: str
    versions: list[ExportedPostVersion]


class ExportRecord(TypedDict):
    """One comment and everything on file about it."""

    uid: str
    platform: str
    page_id: str
    post_id: str
    comment_id: str
    parent_id: str | None
    author_id: str | None
    author_name: str | None
    created_at: str
    permalink: str | None
    current_state: str | None
    # "deleted by author": its author deleted it on the platform; "deleted": we did.
    current_state_label: str | None
    state_updated_at: str | None
    versions: list[ExportedVersion]
    verdicts: list[ExportedVerdict]
    actions: list[ExportedAction]
    reviews: list[ReviewRow]
    media: list[ExportedMedium]
    # The post this comment answers, as archived now (None: the platform never gave its text): its latest
    # text. Its every version is in the export's `posts`; which one each version of the comment answered is
    # that version's `post_version`.
    post_text: str | None
    post_text_sha256: str | None
    post_version: int | None


def _json_field(value: str | None, default: object) -> object:
    """A JSON column parsed; `default` when NULL, the text itself when it does not parse."""
    if value is None:
        return default
    try:
        parsed: object = json.loads(value)
    except ValueError:
        return value
    return parsed


def collect_records(store: Store, dates: DateRange) -> list[ExportRecord]:
    """One record per comment created in the range, with everything on file about it."""
    return _collect(store, dates)[0]


def collect_posts(store: Store, dates: DateRange) -> list[ExportedPost]:
    """Every archived post the range's comments answer, with every version of its text, oldest first;
    ordered by platform and post id. A post never archived is not listed (its comments' post_text is None)."""
    return _collect(store, dates)[1]


@dataclass(kw_only=True)
class _OnFile:
    """One comment's rows from the bulk export query."""

    versions: list[CommentRow] = field(default_factory=list)
    verdicts: list[VerdictRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)


def _collect(store: Store, dates: DateRange) -> tuple[list[ExportRecord], list[ExportedPost]]:
    uids = store.export_comment_uids(dates.start_iso, dates.end_exclusive_iso)
    rows = store.export_rows(uids)
    posts = _posts_by_key(store.export_post_rows([(v["platform"], v["post_id"]) for v in rows["versions"]]))
    grouped: dict[str, _OnFile] = defaultdict(_OnFile)
    for v in rows["versions"]:
        grouped[v["uid"]].versions.append(v)
    for verdict in rows["verdicts"]:
        grouped[verdict["comment_uid"]].verdicts.append(verdict)
    for action in rows["actions"]:
        grouped[action["comment_uid"]].actions.append(action)
    for review in rows["reviews"]:
        grouped[review["comment_uid"]].reviews.append(review)
    states = {s["uid"]: s for s in rows["state"]}
    media = store_media.media_for(store, uids)
    records: list[ExportRecord] = []
    for uid in uids:
        g = grouped[uid]
        first = g.versions[0]
        state = states.get(uid)
        post = posts.get((first["platform"], first["post_id"]))
        latest = post["versions"][-1] if post and post["versions"] else None
        records.append(
            {
                "uid": uid,
                "platform": first["platform"],
                "page_id": first["page_id"],
                "post_id": first["post_id"],
                "comment_id": first["comment_id"],
                "parent_id": first["parent_id"],
                "author_id": first["author_id"],
                "author_name": first["author_name"],
                "created_at": first["created_at"],
                "permalink": first["permalink"],
                "current_state": state["state"] if state else None,
                "current_state_label": STATE_LABELS.get(state["state"], state["state"]) if state else None,
                "state_updated_at": state["updated_at"] if state else None,
                "versions": [_version(v) for v in g.versions],
                "verdicts": [_verdict(r) for r in g.verdicts],
                "actions": [_action(a) for a in g.actions],
                "reviews": list(g.reviews),
                "media": [_medium(m) for m in media.get(uid, [])],
                "post_text": post["text"] if post else None,
                "post_text_sha256": post["text_sha256"] if post else None,
                "post_version": latest["version"] if latest else None,
            }
        )
    return records, [posts[k] for k in sorted(posts)]


def _version(v: CommentRow) -> ExportedVersion:
    return {
        "version": v["version"],
        "text": v["text"],
        "text_sha256": v["text_sha256"],
        "archived_at": v["archived_at"],
        "hidden_when_fetched": bool(v["is_hidden"]),
        "author_name": v["author_name"],
        "permalink": v["permalink"],
        "media": _json_field(v["media"], []),
        "raw": _json_field(v["raw"], {}),
        "post_version": v.get("post_version"),  # absent from a database not yet migrated
    }


def _verdict(r: VerdictRow) -> ExportedVerdict:
    return {
        "id": r["id"],
        "comment_uid": r["comment_uid"],
        "comment_version": r["comment_version"],
        "created_at": r["created_at"],
        "action": r["action"],
        "urgent": bool(r["urgent"]),
        "score": r["score"],
        "rule_id": r["rule_id"],
        "clause": r["clause"],
        "reason": r["reason"],
        "reply": r["reply"],
        "policy_version": r["policy_version"],
        "scorer": r["scorer"],
        "dry_run": bool(r["dry_run"]),
        "review_status": r["review_status"],
        "updated_at": r["updated_at"],
        "categories": _json_field(r["categories"], []),
        "scores": _json_field(r["scores"], {}),
        "matches": _json_field(r["matches"], []),
    }


def _action(a: ActionRow) -> ExportedAction:
    return {**a, "response": _json_field(a["response"], None)}


def _answered_post_columns(
    rec: ExportRecord, texts: dict[tuple[str, str, int], ExportedPostVersion], version: int | None
) -> CsvRow:
    """The post columns of a CSV row about one comment version: the post's text as that version answered it.
    When which version it answered is not known, the post's latest text (as on the comment's other rows) with
    post_version empty; a row never pairs one version's number with another's text."""
    answered = next((v["post_version"] for v in rec["versions"] if v["version"] == version), None)
    if answered is None:
        return {"post_version": None}
    pv = texts.get((rec["platform"], rec["post_id"], answered))
    return {
        "post_text": pv["text"] if pv else None,
        "post_text_sha256": pv["text_sha256"] if pv else None,
        "post_version": answered,
    }


def _posts_by_key(rows: ExportPostRows) -> dict[tuple[str, str], ExportedPost]:
    posts: dict[tuple[str, str], ExportedPost] = {}
    for p in rows["posts"]:
        posts[(p["platform"], p["post_id"])] = {
            "platform": p["platform"],
            "page_id": p["page_id"],
            "post_id": p["post_id"],
            "created_at": p["created_at"],
            "permalink": p["permalink"],
            "text": p["text"],
            "text_sha256": p["text_sha256"],
            "archived_at": p["archived_at"],
            "versions": [],
        }
    for v in rows["versions"]:
        post = posts.get((v["platform"], v["post_id"]))
        if post is not None:  # post_versions rows are written with their posts row, in one transaction
            post["versions"].append(
                {
                    "version": v["version"],
                    "text": v["text"],
                    "text_sha256": v["text_sha256"],
                    "archived_at": v["archived_at"],
                }
            )
    return posts


def _medium(row: MediaAddressRow) -> ExportedMedium:
    """One archived (or attempted) medium address of a comment, as the export lists it."""
    ctype = row["content_type"]
    return {
        "position": row["position"],
        "kind": row["kind"],
        "role": row["role"],
        "url": row["url"],
        "status": row["status"],
        "sha256": row["sha256"],
        "content_type": ctype,
        "size": row["size"],
        "file": f"media/{row['sha256']}.{MEDIA_EXTENSIONS.get(ctype or '', 'bin')}"
        if row["sha256"]
        else None,
        "error": row["error"],
        "fetched_at": row["fetched_at"],
    }


def export_records(
    store: Store, dates: DateRange, fmt: str, out: TextIO, *, actor: str = "modbot-cli"
) -> int:
    """Write the export to `out` in `fmt` ('csv' or 'json'); audit who exported what. Returns the comment count."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}")
    records, posts = _collect(store, dates)
    _write(records, posts, dates, fmt, out)
    _audit_export(store, actor, dates, fmt, len(records), None)
    return len(records)


def _write(
    records: list[ExportRecord], posts: list[ExportedPost], dates: DateRange, fmt: str, out: TextIO
) -> None:
    if fmt == "json":
        write_json(records, dates, out, posts=posts)
    else:
        write_csv(records, out, posts=posts)


def _audit_export(
    store: Store, actor: str, dates: DateRange, fmt: str, count: int, media_files: int | None
) -> None:
    details: dict[str, str | int] = {
        "from": dates.start.isoformat(),
        "to": dates.end.isoformat(),
        "format": fmt,
        "comments": count,
    }
    if media_files is not None:
        details["media_files"] = media_files
    store.append_audit(actor, "records_exported", None, details)


def export_with_media(
    store: Store, dates: DateRange, fmt: str, path: Path, *, actor: str = "modbot-cli"
) -> int:
    """Write a ZIP at `path`: records.<fmt>, every archived medium of those comments as media/<sha256>.<ext>,
    and media/SHA256SUMS (`sha256sum -c` checks the files). Returns the comment count."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}")
    records, posts = _collect(store, dates)
    text = io.StringIO()
    _write(records, posts, dates, fmt, text)
    # A medium has a file exactly when it has a SHA-256 (it was archived).
    files = {m["sha256"]: m["file"] for r in records for m in r["media"] if m["sha256"] and m["file"]}
    sums: list[str] = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"records.{fmt}", text.getvalue())
        for digest, data, _ctype in store_media.blobs(store, files):
            archive.writestr(files[digest], data)
            sums.append(f"{digest}  {files[digest].removeprefix('media/')}\n")
        archive.writestr("media/SHA256SUMS", "".join(sums))
    _audit_export(store, actor, dates, fmt, len(records), len(sums))
    return len(records)


def export_text(store: Store, dates: DateRange, fmt: str, *, actor: str) -> tuple[str, int]:
    buf = io.StringIO()
    count = export_records(store, dates, fmt, buf, actor=actor)
    return buf.getvalue(), count


def write_json(
    records: Sequence[ExportRecord],
    dates: DateRange,
    out: TextIO,
    *,
    posts: Sequence[ExportedPost] = (),
) -> None:
    document = {
        "export": {
            "format_version": EXPORT_FORMAT_VERSION,
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "from": dates.start.isoformat(),
            "to": dates.end.isoformat(),
            "comments": len(records),
            "note": "Every archived comment created in the range (UTC), every version, including comments "
            "hidden or deleted on the platform, with the verdicts, actions and moderator reviews on file, "
            "and every archived version of the posts they answer.",
            "posts": len(posts),
        },
        "comments": records,
        "posts": list(posts),
    }
    json.dump(document, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")


def _cell(value: object) -> str:
    """Text for a CSV cell. A leading = + - @ (or tab/CR) would run as a formula in a spreadsheet, so it
    gets a leading apostrophe; the text_sha256 column still names the exact original."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text and (text[0] in "\t\r\n" or text.lstrip(_IGNORED_LEAD)[:1] in _FORMULA_LEAD):
        return "'" + text
    return text


# Spreadsheets read past these at the start of a cell before deciding whether it is a formula: every
# whitespace and invisible formatting character (LF, space, NBSP, zero-width space, BOM...).
_IGNORED_LEAD = (
    "".join(
        ch for ch in map(chr, range(0x3000 + 1)) if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")
    )
    + "\ufeff\u2060\u180e"
)
# What starts a formula: = + - @, and their full-width and small forms, which some spreadsheets fold.
_FORMULA_LEAD = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")


def write_csv(records: Sequence[ExportRecord], out: TextIO, *, posts: Sequence[ExportedPost] = ()) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    texts = {(p["platform"], p["post_id"], v["version"]): v for p in posts for v in p["versions"]}
    for rec in records:
        common: CsvRow = {
            "uid": rec["uid"],
            "platform": rec["platform"],
            "page_id": rec["page_id"],
            "post_id": rec["post_id"],
            "comment_id": rec["comment_id"],
            "parent_id": rec["parent_id"],
            "author_id": rec["author_id"],
            "author_name": rec["author_name"],
            "comment_created_at": rec["created_at"],
            "current_state": rec["current_state"],
            "permalink": rec["permalink"],
            "post_text": rec["post_text"],
            "post_text_sha256": rec["post_text_sha256"],
            "post_version": rec["post_version"],
        }
        rows: list[CsvRow] = []
        for v in rec["versions"]:
            rows.append(
                {
                    **common,
                    "record": "version",
                    "record_id": v["version"],
                    "at": v["archived_at"],
                    "comment_version": v["version"],
                    "status": "hidden when fetched" if v["hidden_when_fetched"] else "",
                    "actor": v["author_name"],
                    "text": v["text"],
                    "text_sha256": v["text_sha256"],
                    "permalink": v["permalink"],
                    "media": v["media"],
                    **_answered_post_columns(rec, texts, v["version"]),
                }
            )
        for r in rec["verdicts"]:
            rows.append(
                {
                    **common,
                    "record": "verdict",
                    "record_id": r["id"],
                    "at": r["created_at"],
                    "comment_version": r["comment_version"],
                    "verdict_id": r["id"],
                    "kind": r["action"] + (" (urgent)" if r["urgent"] else ""),
                    "status": r["review_status"],
                    "actor": f"policy {r['policy_version'][:12]} / {r['scorer']}",
                    "text": r["reply"],
                    "rule_id": r["rule_id"],
                    "clause": r["clause"],
                    "categories": r["categories"],
                    "score": r["score"],
                    "detail": r["reason"],
                    "policy_version": r["policy_version"],
                    "scores": r["scores"],
                    **_answered_post_columns(rec, texts, r["comment_version"]),
                }
            )
        for a in rec["actions"]:
            rows.append(
                {
                    **common,
                    "record": "action",
                    "record_id": a["id"],
                    "at": a["finished_at"] or a["created_at"],
                    "verdict_id": a["verdict_id"],
                    "kind": a["kind"],
                    "status": a["status"],
                    "actor": a["actor"],
                    "text": a["text"],
                    "detail": a["detail"] or a["reason"],
                }
            )
        for m in rec["media"]:
            rows.append(
                {
                    **common,
                    "record": "medium",
                    "record_id": m["position"],
                    "at": m["fetched_at"],
                    "kind": f"{m['kind']} ({m['role']})",
                    "status": m["status"],
                    "text": m["url"],
                    "detail": m["error"]
                    or (f"{m['content_type']}, {m['size']} bytes" if m["sha256"] else ""),
                    "media_sha256": m["sha256"],
                }
            )
        for review in rec["reviews"]:
            rows.append(
                {
                    **common,
                    "record": "review",
                    "record_id": review["id"],
                    "at": review["created_at"],
                    "verdict_id": review["verdict_id"],
                    "kind": review["decision"],
                    "actor": review["moderator"],
                    "text": review["note"],
                }
            )
        for row in rows:
            writer.writerow({col: _cell(row.get(col)) for col in CSV_COLUMNS})
    # The posts' version history after every comment's rows, so a reader that goes comment by comment
    # meets them last; one row per version, as a comment's versions are.
    for post in posts:
        for pv in post["versions"]:
            post_row: CsvRow = {
                "record": "post_version",
                "record_id": pv["version"],
                "at": pv["archived_at"],
                "platform": post["platform"],
                "page_id": post["page_id"],
                "post_id": post["post_id"],
                "text": pv["text"],
                "text_sha256": pv["text_sha256"],
                "permalink": post["permalink"],
                "post_text": pv["text"],
                "post_text_sha256": pv["text_sha256"],
                "post_version": pv["version"],
            }
            writer.writerow({col: _cell(post_row.get(col)) for col in CSV_COLUMNS})
