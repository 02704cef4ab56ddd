"""The transparency report of the demo month in a real Chromium (issue 13 item 2): written by `modbot report`
from the demo's database and opened from a file:// URL, its charts are drawn, its figures are the
database's, it fits an 800 px page without sideways scrolling (on screen and printed), it fetches nothing,
and no comment text, author or id from the database is anywhere in it. A screenshot is saved as an artifact."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.demo import run_demo
from bot.domain import parse_timestamp
from bot.store import Store
from tests.browser.test_review_app import ARTIFACTS, pytestmark

__all__ = ["pytestmark"]

PRINT_WIDTH = 800


def _utc(value: str | None) -> datetime | None:
    dt = parse_timestamp(value)
    return None if dt is None else dt.astimezone(UTC)


def _in(value: str | None, first: datetime, end: datetime) -> bool:
    dt = _utc(value)
    return dt is not None and first <= dt < end


def _expected(store: Store, first: datetime, end: datetime) -> dict[str, int]:
    """The month's headline figures, counted here in Python from the raw rows (not by the report's SQL)."""
    comments = {
        r["uid"]
        for r in store._query("SELECT uid, created_at FROM comments")
        if _in(r["created_at"], first, end)
    }
    actions = store._query("SELECT verdict_id, kind, status, finished_at FROM actions")
    done = [a for a in actions if a["status"] == "done" and _in(a["finished_at"], first, end)]
    removed: dict[int, datetime] = {}  # verdict -> when its removal was first completed
    for a in actions:
        when = _utc(a["finished_at"])
        if a["status"] == "done" and a["kind"] in ("hide", "delete") and when:
            vid = int(a["verdict_id"])
            removed[vid] = min(removed.get(vid, when), when)
    alerts = store._query("SELECT status, sent_at FROM alerts")
    urgent = store._query("SELECT created_at FROM verdicts WHERE urgent = 1")
    return {
        "comments-seen": len(comments),
        "actions-total": len(done),
        "removals-carried-out": sum(1 for when in removed.values() if first <= when < end),
        "alerts-sent": sum(1 for a in alerts if a["status"] == "sent" and _in(a["sent_at"], first, end)),
        "urgent-items": sum(1 for v in urgent if _in(v["created_at"], first, end)),
    }


def _personal_data(store: Store) -> set[str]:
    """Every comment's text, author and ids, every moderator's name and every reply's text."""
    values: set[str] = set()
    for r in store._query(
        "SELECT uid, page_id, post_id, comment_id, parent_id, author_id, author_name, text, permalink FROM comments"
    ):
        values |= {str(v) for v in r.values() if v}
    values |= {r["moderator"] for r in store._query("SELECT moderator FROM reviews")}
    values |= {r["text"] for r in store._query("SELECT text FROM actions WHERE text IS NOT NULL")}
    return values


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("report")
    run_demo(
        root / "demo", cycles=2, port=0, interval_seconds=0.5, serve_app=False, install_signals=False,
        echo=lambda _line: None,
    )  # fmt: skip
    db = root / "demo" / "modbot.db"
    with Store(db, migrate=False) as store:
        newest = _utc(store._query("SELECT MAX(created_at) AS t FROM comments")[0]["t"])
        assert newest is not None
        first = datetime(newest.year, newest.month, 1, tzinfo=UTC)
        end = datetime(first.year + first.month // 12, first.month % 12 + 1, 1, tzinfo=UTC)
        expected = _expected(store, first, end)
        personal = _personal_data(store)
    month = first.strftime("%Y-%m")
    out = root / f"report-{month}.html"
    result = CliRunner().invoke(
        main, ["report", "--db", str(db), "--month", month, "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The demo acts, alerts and archives in its month: a report of zeros would prove nothing.
    assert expected["comments-seen"] > 20 and expected["removals-carried-out"] > 0, expected
    assert expected["alerts-sent"] > 0 and expected["urgent-items"] > 0
    assert expected["actions-total"] > expected["removals-carried-out"]
    assert len(personal) > 100
    return {"path": out, "month": month, "expected": expected, "personal": personal}


def test_the_demo_months_report_renders_with_the_databases_figures_and_no_personal_data(
    browser: Any, report: dict[str, Any]
) -> None:
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    requested: list[str] = []

    def refuse(route: Any) -> None:
        requested.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), refuse)  # a self-contained file needs nothing else
    try:
        page.goto(report["path"].as_uri())
        assert page.title() == f"Comment moderation report · {report['month']}"

        # The figures shown are the database's.
        shown = {key: page.inner_text(f"#{key}").strip() for key in report["expected"]}
        assert shown == {key: str(n) for key, n in report["expected"].items()}

        # Every chart is an inline SVG the browser laid out with a real size, inside the page's width.
        boxes = page.eval_on_selector_all(
            "svg",
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return {w: r.width, h: r.height, left: r.left, right: r.right,"
            " marks: e.querySelectorAll('rect, path, line, circle').length}; })",
        )
        assert len(boxes) >= 3, boxes  # actions by category, by platform, removals reversed per rule
        for box in boxes:
            assert box["w"] > 100 and box["h"] > 20 and box["marks"] > 0, box
            assert box["left"] >= 0 and box["right"] <= PRINT_WIDTH, box

        # Printable: nothing wider than an 800 px page, on screen or in print.
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            widths = page.evaluate(
                "() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
                " view: document.documentElement.clientWidth})"
            )
            assert widths["view"] <= PRINT_WIDTH and widths["doc"] <= widths["view"], (media, widths)
            assert widths["body"] <= widths["view"], (media, widths)
        page.emulate_media(media="screen")

        # No comment text, author name or id: neither in what a reader sees nor in the markup.
        text, markup = page.inner_text("body"), page.content()
        assert not re.search(r"built-in method|object at 0x", text)  # a template slip shows as such
        leaked = sorted(v for v in report["personal"] if v in text or v in markup)
        assert leaked == [], leaked
        assert requested == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "transparency-report.png"), full_page=True)
    finally:
        context.close()
