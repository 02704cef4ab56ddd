"""Our labelled police-page test set, run through the full default scorer and the shipped policy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.moderation import Moderator
from bot.policy import load_policy
from bot.scoring.default import DefaultScorer
from bot.scoring.evaluate import URGENT_CATEGORIES, EvalReport, evaluate, load_test_set

ROOT = Path(__file__).resolve().parent.parent
TEST_SET = ROOT / "tests" / "data" / "police_comments.jsonl"
POLICY_DIR = ROOT / "moderation_policies"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    moderator = Moderator(load_policy(POLICY_DIR), DefaultScorer())
    return evaluate(load_test_set(TEST_SET), moderator.judge_batch)


def test_test_set_covers_what_it_must() -> None:
    cases = load_test_set(TEST_SET)
    assert len(cases) >= 300
    assert sum(c.lang == "es" for c in cases) >= 50
    assert sum("evasion" in c.note for c in cases) >= 40
    categories = Counter(c.category for c in cases)
    for category in (
        "threat",
        "harassment",
        "doxxing",
        "hate",
        "sexual",
        "obscenity",
        "vulgarity",
        "allegation",
        "crime_report",
        "emergency",
        "spam",
        "unauthorized_media",
        "juvenile_info",
    ):
        assert categories[category] >= 3, category
    assert sum(c.must_stay_up for c in cases) >= 80
    assert all(c.urgent for c in cases if c.category in URGENT_CATEGORIES)


def test_no_must_stay_up_comment_is_removed(report: EvalReport) -> None:
    removed = [(r.case.id, r.case.text, r.verdict.rule_id) for r in report.wrongly_removed]
    assert removed == []


def test_threats_emergencies_and_doxxing_are_urgent(report: EvalReport) -> None:
    assert report.urgent_recall_for(URGENT_CATEGORIES) >= 0.95


def test_decisions_are_acceptable(report: EvalReport) -> None:
    failures = [(r.case.id, r.decision, r.case.text) for r in report.results if not r.acceptable]
    assert report.decision_accuracy >= 0.90, failures


def test_spanish_and_evasions_hold_up(report: EvalReport) -> None:
    assert report.by_lang("es") >= 0.85
    assert report.evasion_accuracy >= 0.85
