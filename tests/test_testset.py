"""Our labelled police-page test set, run through the full default scorer and the shipped policy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.moderation import Moderator
from bot.policy import load_policy
from bot.scoring.base import CATEGORY_SIGNALS
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
    for category in CATEGORY_SIGNALS:
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


# Blind sets written in voices the main set lacks (slang, Spanglish, sarcasm, replies, indirect menace). Each was
# scored once before any tuning on it; the figures in its commit message are the honest generalisation measure.
# round2 and round2b were tuned on afterwards, round2c a little, round2d not at all. Floors sit a little below
# the measured values so that a regression fails; the must-stay-up assertion is absolute.
# blind_es and blind_es2 are Spanish/Spanglish in the page's regional voice. blind_es scored 82.3/77.1 before any
# Spanish work; blind_es2, written after it and scored once before tuning, 81.7/61.9 (the honest figure; the rules
# before the Spanish work scored 62.2/42.9 on it). blind_es3, written after all that tuning and scored once,
# 78.9/68.4 (68.4/52.6 before the Spanish work). All three were tuned on afterwards.
BLIND_SETS = {
    # file: (decision-accuracy floor, urgent-recall floor); measured 100/100, 100/100, 97.6/100, 73.8/26.7,
    # 100/100, 100/100, 100/100
    "blind_round2.jsonl": (0.95, 0.95),
    "blind_round2b.jsonl": (0.95, 0.95),
    "blind_round2c.jsonl": (0.92, 0.90),
    "blind_round2d.jsonl": (0.64, 0.10),
    "blind_es.jsonl": (0.95, 0.95),
    "blind_es2.jsonl": (0.95, 0.95),
    "blind_es3.jsonl": (0.95, 0.95),
}
SPANISH_BLIND_SETS = ("blind_es.jsonl", "blind_es2.jsonl", "blind_es3.jsonl")


BLIND_CATEGORIES = CATEGORY_SIGNALS


@pytest.fixture(scope="module")
def blind_reports(moderator: Moderator) -> dict[str, EvalReport]:
    return {
        name: evaluate(load_test_set(ROOT / "tests" / "data" / name), moderator.judge_batch)
        for name in BLIND_SETS
    }


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_set_is_shaped_like_the_page(name: str) -> None:
    cases = load_test_set(ROOT / "tests" / "data" / name)
    assert len(cases) >= 60
    assert sum(c.must_stay_up for c in cases) >= 0.4 * len(cases)
    assert sum(c.lang == "es" for c in cases) >= 5
    assert all(c.urgent for c in cases if c.category in URGENT_CATEGORIES)
    assert {"threat", "emergency", "doxxing", "harassment", "hate", "spam"} <= {c.category for c in cases}


def test_main_blind_sets_cover_every_category() -> None:
    for name in ("blind_round2.jsonl", "blind_round2b.jsonl"):
        cases = load_test_set(ROOT / "tests" / "data" / name)
        categories = Counter(c.category for c in cases)
        missing = [c for c in BLIND_CATEGORIES if categories[c] == 0]
        assert missing == [], (name, missing)
    assert len(load_test_set(ROOT / "tests" / "data" / "blind_round2.jsonl")) >= 150
    assert len(load_test_set(ROOT / "tests" / "data" / "blind_round2b.jsonl")) >= 80


@pytest.mark.parametrize("name", SPANISH_BLIND_SETS)
def test_spanish_blind_sets_cover_every_category_in_spanish(name: str) -> None:
    cases = load_test_set(ROOT / "tests" / "data" / name)
    assert all(c.lang in ("es", "mixed") for c in cases)
    assert sum(c.lang == "mixed" for c in cases) >= 3
    categories = Counter(c.category for c in cases)
    assert [c for c in BLIND_CATEGORIES if categories[c] == 0] == []


@pytest.mark.parametrize("name", SPANISH_BLIND_SETS)
def test_spanish_blind_sets_hold_up_in_spanish(name: str, blind_reports: dict[str, EvalReport]) -> None:
    report = blind_reports[name]
    assert report.by_lang("es") >= 0.95
    assert report.by_lang("mixed") >= 0.95


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_set_never_removes_protected_speech(name: str, blind_reports: dict[str, EvalReport]) -> None:
    removed = [(r.case.id, r.case.text, r.verdict.rule_id) for r in blind_reports[name].wrongly_removed]
    assert removed == []


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_set_floors(name: str, blind_reports: dict[str, EvalReport]) -> None:
    accuracy_floor, urgent_floor = BLIND_SETS[name]
    report = blind_reports[name]
    failures = [(r.case.id, r.decision, r.case.text) for r in report.results if not r.acceptable]
    assert report.decision_accuracy >= accuracy_floor, failures
    assert report.urgent_recall_for(URGENT_CATEGORIES) >= urgent_floor
