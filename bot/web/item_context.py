"""Review-app routes for an item's archived media: the stored bytes by SHA-256, same origin, served inline
only when they are an allow-listed raster image (never SVG, never HTML), and the archived rows an item
page shows (a video by its poster frame). Media the platform removed stays viewable from the archive."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort, g

from bot.store import context as store_context
from bot.store import media as store_media
from bot.store.rows import ArchivedImage, QueueRow, ThreadContext
from bot.web.shared import CAN_DECIDE, state

# Served inline only as one of these; anything else (SVG, HTML, video, unknown) is refused.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
_SHA256 = re.compile(r"[0-9a-f]{64}")

bp = Blueprint("item_context", __name__)


@bp.get("/media/<sha256>")
def media_blob(sha256: str) -> Any:
    if g.user is None:
        abort(401, description="Sign in to see archived media.")
    if g.user["role"] not in CAN_DECIDE:
        abort(403, description="Archived media is for moderators.")
    if not _SHA256.fullmatch(sha256):
        abort(404, description="There is no such archived medium.")
    found = store_media.blob(state().store, sha256)
    if found is None:
        abort(404, description="There is no such archived medium.")
    data, content_type = found
    if content_type not in INLINE_IMAGE_TYPES:
        abort(415, description="This archived medium is not an image the app shows; see the records export.")
    resp = Response(data, mimetype=content_type)
    resp.headers["Content-Disposition"] = "inline"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, max-age=3600"
    return resp


@bp.app_template_global()
def archived_images(comment_uid: str) -> list[ArchivedImage]:
    """The comment's archived media the item page can show: for each attachment its stored image, or for
    a video its stored poster frame; whatever the platform later did with the original."""
    rows = store_media.media_for(state().store, [comment_uid]).get(comment_uid, [])
    shown: dict[int, ArchivedImage] = {}
    for r in rows:
        if r["status"] != store_media.STORED or r["content_type"] not in INLINE_IMAGE_TYPES:
            continue
        pos = int(r["position"])
        # the medium itself wins over its preview when both are images
        if pos not in shown or r["role"] == store_media.ROLE_MEDIA:
            shown[pos] = {"sha256": r["sha256"], "kind": r["kind"], "role": r["role"], "url": r["url"]}
    return [shown[p] for p in sorted(shown)]


@bp.app_template_global()
def thread_context(item: QueueRow) -> ThreadContext:
    """What surrounds the item's comment, from the archive only: its post (when archived) and the version of
    it the comment answered, the comment it answers, its nearest neighbours on the post, the author's other comments on the page with their
    decisions, and the same text from the same author on other pages, as one group."""
    store = state().store
    before, after = store_context.thread_neighbours(store, item)
    by_author, author_total = store_context.author_on_page(store, item)
    versions = store_context.post_versions(store, item["platform"], item["post_id"])
    answered = item.get("post_version")
    return {
        "post": store_context.post_text(store, item["platform"], item["post_id"]),
        "post_versions": versions,
        # The post's text as the judged comment version answered it (None: not known which).
        "post_answered": next((v for v in versions if v["version"] == answered), None),
        "parent": store_context.parent_comment(store, item["platform"], item.get("parent_id")),
        "before": before,
        "after": after,
        "by_author": by_author,
        "author_total": author_total,
        "also_on": store_context.same_text_elsewhere(store, item),
    }
