"""The rows the store returns, typed: one TypedDict per table (its columns as bot.store.schema leaves them)
and per read-side query. Plain dicts at run time, so `row["id"]` and `dict(row)` work as before; mypy knows
each column's type. A database opened without migrating may lack the newest columns. At the end, the shapes
the review app builds from those rows for its pages (also plain dicts, so the templates read them as before)."""

from __future__ import annotations

from typing import Literal, TypedDict


class _ArchivedText(TypedDict):
    """What every archived comment version row carries: where it is, who wrote it, its text."""

    uid: str
    version: int
    platform: str
    page_id: str
    post_id: str
    comment_id: str
    parent_id: str | None
    author_id: str | None
    author_name: str | None
    text: str
    text_sha256: str


class CommentRow(_ArchivedText):
    """One archived version of a comment (comments)."""

    text_norm_sha256: str | None  # bot.store.textmatch; NULL only in a database not yet migrated
    created_at: str
    permalink: str | None
    media: str  # JSON list of the media records
    is_hidden: int
    raw: str  # JSON: the platform's own record
    archived_at: str
    # The version of its post (post_versions) this text answered: the latest when it was archived. NULL when
    # not known (the post's text not archived before it), or in a database not yet migrated.
    post_version: int | None


class CommentStateRow(TypedDict):
    """Where a comment stands now (comment_state), derived from completed actions."""

    uid: str
    state: str  # a STATE_LABELS key
    updated_at: str


class ArchivedInScope(TypedDict):
    """An archived comment of a page as a recheck compares it with the platform's listing."""

    uid: str
    comment_id: str
    post_id: str
    state: str
    delete_pending: int


class VerdictRow(TypedDict):
    """What the policy decided about one comment version (verdicts)."""

    id: int
    comment_uid: str
    comment_version: int
    created_at: str
    action: str
    urgent: int
    score: float
    categories: str  # JSON list
    rule_id: str | None
    clause: str | None
    reason: str
    reply: str | None
    scores: str  # JSON object
    matches: str  # JSON list
    policy_version: str
    scorer: str
    dry_run: int
    review_status: str  # a ReviewStatus value
    updated_at: str | None


class ActionRow(TypedDict):
    """One journaled platform action (actions)."""

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
    status: str  # an ActionStatus value
    attempts: int
    detail: str | None
    response: str | None  # JSON: the platform's answer
    created_at: str
    updated_at: str
    finished_at: str | None
    next_attempt_at: float | None


class ReviewRow(TypedDict):
    """A moderator's decision (reviews)."""

    id: int
    comment_uid: str
    verdict_id: int | None
    moderator: str
    decision: str
    note: str | None
    created_at: str


class AlertRow(TypedDict):
    """One alert on one channel, about a verdict or (verdict_id NULL) a page (alerts)."""

    id: int
    verdict_id: int | None
    comment_uid: str
    channel: str
    status: str  # an AlertStatus value
    attempts: int
    error: str | None
    created_at: str
    sent_at: str | None


class UrgentActionProblem(TypedDict):
    """A live action of an urgent verdict that has not reached the platform, with no alert yet."""

    id: int
    verdict_id: int
    kind: str
    status: str
    detail: str | None
    attempts: int
    comment_uid: str
    text: str
    permalink: str | None
    rule_id: str | None
    stage: str  # "retrying" or "failed"


class UserRow(TypedDict):
    """A review-app user (users)."""

    name: str
    password_hash: str
    role: str
    created_at: str
    disabled: int


class UserSummary(TypedDict):
    """A user as listed, without the password hash."""

    name: str
    role: str
    created_at: str
    disabled: int


class WebSessionRow(TypedDict):
    """A review-app sign-in (web_sessions); times are epoch seconds."""

    id: str
    user: str
    created_at: float
    last_seen: float
    addr: str | None


class LeaseRow(TypedDict):
    """One daemon's lease on a page (page_leases)."""

    page_key: str
    owner: str
    expires_at: float
    acquired_at: str
    renewed_at: str


class AuditRow(TypedDict):
    """One link of the audit chain (audit)."""

    id: int
    ts: str
    actor: str
    event: str
    subject: str | None
    details: str  # JSON object
    prev_hash: str
    hash: str


class AcknowledgementRow(TypedDict):
    """Who took an urgent verdict in hand, and when (alert_acks)."""

    verdict_id: int
    user: str
    acked_at: str
    first_alert_at: str | None
    seconds: float | None  # from the first alert to the acknowledgement


class AssignmentRow(TypedDict):
    """Who holds an escalated item (assignments)."""

    verdict_id: int
    assignee: str
    assigned_by: str
    assigned_at: str
    note: str | None


class PauseRow(TypedDict):
    """A page an admin paused from the review app (page_pauses)."""

    page: str
    paused_by: str
    paused_at: str
    reason: str | None


class PostRow(TypedDict):
    """A post's latest archived text (posts)."""

    platform: str
    post_id: str
    page_id: str
    text: str
    text_sha256: str
    created_at: str | None
    permalink: str | None
    archived_at: str


class PostVersionRow(TypedDict):
    """One text a post has had (post_versions), oldest version 1."""

    platform: str
    post_id: str
    version: int
    text: str
    text_sha256: str
    archived_at: str


class MediaAddressRow(TypedDict):
    """One media address of a comment and how archiving it went (comment_media, without the page columns)."""

    comment_uid: str
    url: str
    position: int
    role: str
    kind: str
    status: str
    sha256: str | None
    content_type: str | None
    size: int | None
    attempts: int
    error: str | None
    fetched_at: str | None


class PageStatusRow(TypedDict):
    """How a page's polling stands (page_status); the newer columns are absent from an unmigrated database."""

    page: str
    platform: str
    state: str
    last_poll_at: str | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    comments_seen: int
    api_calls: int
    state_since: str | None
    page_id: str | None
    last_poll_seconds: float | None


class QueueRow(VerdictRow):
    """A verdict in the review queue, with the comment version it judged and the comment's current state."""

    text: str
    author_name: str | None
    author_id: str | None
    platform: str
    page_id: str
    post_id: str
    comment_id: str
    parent_id: str | None
    permalink: str | None
    media: str  # JSON list of the media records
    comment_created_at: str
    hidden_at_fetch: int  # the comment's is_hidden when archived
    post_version: int | None  # the post version that comment version answered (CommentRow's)
    state: str  # a STATE_LABELS key; "visible" when no action has moved it


class CommentHistory(TypedDict):
    """Everything on record about one comment, each list oldest first (the audit rows by id)."""

    versions: list[CommentRow]
    verdicts: list[VerdictRow]
    actions: list[ActionRow]
    reviews: list[ReviewRow]
    audit: list[AuditRow]
    state: str | None


class ExportRows(TypedDict):
    """Everything on file about a set of comments, for the records export (QueueStore.export_rows): each
    table's rows for them, the versions by comment and version, the rest by id."""

    versions: list[CommentRow]
    verdicts: list[VerdictRow]
    actions: list[ActionRow]
    reviews: list[ReviewRow]
    state: list[CommentStateRow]


class ExportPostRows(TypedDict):
    """The posts a set of comments answers, for the records export (QueueStore.export_post_rows): their
    latest text and every version, by platform and post id."""

    posts: list[PostRow]
    versions: list[PostVersionRow]


class ContextCommentRow(_ArchivedText):
    """The latest archived version of a comment around an item (bot.store.context: its parent, neighbours and
    the author's other comments), with its state and its latest verdict and review (None: it has none)."""

    created_at: str
    permalink: str | None
    state: str  # a STATE_LABELS key; "visible" when no action has moved it
    verdict_id: int | None
    action: str | None
    review_status: str | None
    urgent: int | None
    review_decision: str | None
    reviewed_by: str | None
    reviewed_at: str | None


class AlsoOnPageRow(TypedDict):
    """The same text from the same author on one other page (bot.store.context.same_text_elsewhere)."""

    page_id: str
    n: int
    first_at: str
    last_at: str
    verdict_id: int | None  # the newest verdict on it there, None when none judged it


class ActionsPerDayRow(TypedDict):
    """Completed actions on one UTC day of one kind, by the deciding verdict's first category."""

    day: str  # YYYY-MM-DD
    kind: str
    category: str  # "none" when no verdict or no category
    n: int


class OverrideRateRow(TypedDict):
    """Per rule ("-": none), verdicts that auto-removed a comment and how many were restored or confirmed."""

    rule_id: str
    removed: int
    restored: int | None
    confirmed: int | None


class ActionLatencyRow(TypedDict):
    """Seconds from a comment's creation to one completed action on it."""

    kind: str
    actor: str
    seconds: float | None


class QueueSpanRow(TypedDict):
    """When a queued verdict entered the queue and when a final review took it out (None: still in)."""

    id: int
    entered: str
    left_at: str | None


# -- what the review app builds from those rows ------------------------------------------------------------


class OverrideRate(TypedDict):
    """One rule's auto-removals on the stats page, and the share of them a moderator restored."""

    rule_id: str
    removed: int
    restored: int
    confirmed: int
    rate: float  # restored / removed, 0.0 when none removed


class QueueViewFilters(TypedDict):
    """The queue view's filters as read from a query string (bot.web.views.queue); None: not filtered."""

    status: str  # a STATUS_FILTERS key
    platform: str | None
    page: str | None
    category: str | None
    action: str | None
    q: str | None
    urgent: bool


class DecoratedVerdict(VerdictRow):
    """A verdict as the item page and the queue show it: its JSON columns parsed."""

    categories_list: list[str]
    top_scores: list[tuple[str, float]]  # the scores of 0.05 and more, highest first, at most six
    media_list: list[dict[str, object]]  # JSON: the media records as archived
    matches_list: list[dict[str, object]]  # JSON: the rule matches as recorded


class QueueItem(QueueRow, DecoratedVerdict):
    """A queue row as the queue and the item page show it (QueueRow with DecoratedVerdict's parsed columns)."""


class TimelineEvent(TypedDict):
    """One entry of an item's history as one timeline, with the row it is about."""

    at: str
    kind: Literal["version", "verdict", "action", "review"]
    row: CommentRow | DecoratedVerdict | ActionRow | ReviewRow


class ItemFollowup(TypedDict):
    """What an item page shows about alerts, acknowledgement and who holds the item."""

    first_alert_at: str | None  # None when not urgent, or no alert was sent
    ack: AcknowledgementRow | None
    assignment: AssignmentRow | None
    supervisors: list[str]


class ArchivedImage(TypedDict):
    """An archived image an item page shows for one attachment (the medium itself, or a video's poster)."""

    sha256: str | None
    kind: str
    role: str
    url: str


class ThreadContext(TypedDict):
    """What surrounds an item's comment, from the archive only (bot.web.item_context.thread_context)."""

    post: PostRow | None
    post_versions: list[PostVersionRow]
    post_answered: PostVersionRow | None  # the post's text the judged version answered (None: not known)
    parent: ContextCommentRow | None
    before: list[ContextCommentRow]
    after: list[ContextCommentRow]
    by_author: list[ContextCommentRow]
    author_total: int
    also_on: list[AlsoOnPageRow]
