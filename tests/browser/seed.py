"""Review-app test data: verdicts written the way the daemon writes them, on comments archived from a real
sandbox platform (or built directly when no platform is involved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.actions import action_key, carry_out
from bot.domain import Action, ActionKind, Comment, Media, MediaKind, Platform, Verdict
from bot.platforms import make_connector
from bot.sandbox import Sandbox
from bot.store import Store
from bot.web.security import hash_password

PASSWORD = "correct horse battery"  # noqa: S105 - test account
XSS_TEXT = (
    '<script>alert("xss")</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(2)">click</a> javascript:alert(3)'
)
CLAUSES = {
    "threat": "Comments that threaten or promote violence against any person, officer, group or place.",
    "doxxing": "Comments that disclose personal identifying information of any person, such as home "
    "addresses, phone numbers, vehicle plates or places of work.",
    "spam": "Spam, advertising and repeated identical posts.",
    "vulgarity": "Comments containing obscene or vulgar language.",
}


def verdict(
    action: str = "flag",
    category: str = "threat",
    *,
    rule_id: str | None = None,
    urgent: bool = False,
    score: float = 0.7,
) -> Verdict:
    return Verdict(
        action=ActionKind(action),
        urgent=urgent,
        score=score,
        categories=(category,),
        rule_id=rule_id or f"{category}-rule",
        clause=CLAUSES.get(category, f"Attachment A clause for {category}."),
        reason=f"{category} signal {score:.2f}",
        reply=None,
        scores={category: score, "toxicity": 0.31},
        matches=(),
        policy_version="testpolicy0123456789",
        scorer="bundled",
    )


def add_users(store: Store) -> None:
    hashed = hash_password(PASSWORD)
    for name, role in (("mia", "moderator"), ("ada", "admin"), ("rex", "records")):
        store.upsert_user(name, hashed, role)


def comment(
    cid: str,
    text: str,
    *,
    platform: Platform = Platform.FACEBOOK,
    page_id: str = "lcpd",
    minutes_ago: int = 60,
    author: str = "Ana Lucero",
    permalink: str | None = None,
    media: tuple[Media, ...] = (),
    hidden: bool = False,
) -> Comment:
    return Comment(
        platform=platform,
        page_id=page_id,
        post_id="p1",
        id=cid,
        text=text,
        created_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
        author_id=f"id-{author.split()[0].lower()}",
        author_name=author,
        permalink=permalink,
        media=media,
        is_hidden=hidden,
        raw={"id": cid, "message": text},
    )


def judge(store: Store, c: Comment, v: Verdict) -> int:
    archived = store.archive_comment(c)
    return store.record_verdict(c.uid, archived.version, v)


def seed_plain(store: Store) -> dict[str, int]:
    """A small queue without any platform: ids of the verdicts by name."""
    ids = {
        "old_flag": judge(
            store, comment("c1", "Old flagged comment about parking", minutes_ago=600), verdict()
        ),
        "urgent_threat": judge(
            store,
            comment("c2", "I will hurt the officer on Main St", minutes_ago=30, author="Bad Actor"),
            verdict("hide", "threat", urgent=True, score=0.93),
        ),
        "spam": judge(
            store,
            comment(
                "c3",
                "Buy cheap followers now",
                platform=Platform.REDDIT,
                page_id="LasCrucesPD",
                minutes_ago=90,
            ),
            verdict("hide", "spam", score=0.88),
        ),
        "xss": judge(
            store,
            comment(
                "c4",
                XSS_TEXT,
                minutes_ago=45,
                author='<b onmouseover="alert(4)">Mallory</b>',
                permalink="javascript:alert(5)",
                media=(
                    Media(MediaKind.LINK, "javascript:alert(6)"),
                    Media(MediaKind.PHOTO, "https://cdn.example.org/p.jpg"),
                ),
            ),
            verdict("flag", "vulgarity"),
        ),
        "allowed": judge(
            store, comment("c5", "Thank you officers!", minutes_ago=20), verdict("allow", "none")
        ),
    }
    return ids


@dataclass
class SandboxWorld:
    sandbox: Sandbox
    connectors: dict[str, Any]
    ids: dict[str, int]  # verdict ids by name
    comment_ids: dict[str, str]  # platform comment ids by name


def seed_from_sandbox(store: Store, sandbox: Sandbox) -> SandboxWorld:
    """Comments posted on the sandbox's Facebook and Reddit, fetched and archived through the real
    connectors, judged, and (for removals) hidden on the platform through carry_out, as the daemon does."""
    fb_page = sandbox.page_config("facebook")
    rd_page = sandbox.page_config("reddit")
    fb = make_connector(fb_page, sandbox.environ)
    rd = make_connector(rd_page, sandbox.environ)
    fb_post = sandbox.add_post("facebook", "Coffee with a Cop this Saturday at Branigan Library.")
    rd_post = sandbox.add_post("reddit", "Lohman Ave closed after a crash.")
    names = {
        "threat": (
            "facebook",
            fb_post,
            "I know where officer Ruiz lives and I'm going to shoot him tonight",
            "Bad Actor",
        ),
        "false_positive": (
            "facebook",
            fb_post,
            "Cops here kill it at community events, great job",
            "Linda Chavez",
        ),
        "flag1": ("facebook", fb_post, "This department is a joke and the chief should resign", "Ray Ortega"),
        "flag2": ("facebook", fb_post, "Where do I pick up an accident report?", "Marcus Bell"),
        "xss": ("facebook", fb_post, XSS_TEXT, "Mallory"),
        "reddit_spam": ("reddit", rd_post, "FREE crypto giveaway, DM me now!!!", "spammer99"),
    }
    comment_ids = {}
    for key, (platform, post, text, author) in names.items():
        comment_ids[key] = sandbox.add_comment(platform, post, text, author=author)
    fetched = fb.fetch_new_comments(None).comments + rd.fetch_new_comments(None).comments
    by_id = {c.id: c for c in fetched}
    plan = {
        "threat": verdict("hide", "threat", urgent=True, score=0.95, rule_id="threat-violence"),
        "false_positive": verdict("hide", "threat", score=0.9, rule_id="threat-violence"),
        "flag1": verdict("flag", "harassment", score=0.6, rule_id="harassment-possible"),
        "flag2": verdict("flag", "crime_report", score=0.55, rule_id="crime-report"),
        "xss": verdict("flag", "vulgarity", score=0.6, rule_id="vulgarity-possible"),
        "reddit_spam": verdict("hide", "spam", score=0.97, rule_id="spam"),
    }
    connectors = {"facebook:" + fb_page.page_id: fb, "reddit:" + rd_page.page_id: rd}
    ids: dict[str, int] = {}
    for key, v in plan.items():
        c = by_id[comment_ids[key]]
        archived = store.archive_comment(c)
        vid = store.record_verdict(c.uid, archived.version, v)
        ids[key] = vid
        if v.removes:
            action = Action(
                kind=v.action,
                comment_uid=c.uid,
                platform=c.platform,
                page_id=c.page_id,
                comment_id=c.id,
                reason=v.reason,
            )
            result = carry_out(
                store,
                connectors[f"{c.platform.value}:{c.page_id}"],
                action,
                action_key(c.uid, archived.version, v.action),
                verdict_id=vid,
            )
            assert result.success, result.detail
    return SandboxWorld(sandbox, connectors, ids, comment_ids)
