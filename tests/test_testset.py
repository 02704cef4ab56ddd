"""Our labelled police-page comments, one file per behaviour, run through the default scorer and the policy.

`tests/data/behaviours/` regroups every case the earlier rounds wrote (each keeps its `origin` round) by what it
checks. These are the sets the thresholds were chosen on, so their floors guard against regressions; they are
not evidence of generalisation. The honest figure is `fresh_2026_12.jsonl`, written before the learned scorer
was tuned and scored once (its figures are in MODEL_CARD.md and in the issue note).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.moderation import Moderator
from bot.scoring.evaluate import URGENT_CATEGORIES, EvalReport, evaluate, load_test_set

DATA = Path(__file__).resolve().parent / "data"
BEHAVIOURS = DATA / "behaviours"
FRESH = DATA / "fresh_2026_12.jsonl"
FRESH_B = DATA / "fresh_2026_12b.jsonl"
FRESH_C = DATA / "fresh_2026_12c.jsonl"
FRESH_D = DATA / "fresh_2026_12d.jsonl"
FRESH_E = DATA / "fresh_2026_12e.jsonl"
FRESH_F = DATA / "fresh_2026_12f.jsonl"
FRESH_G = DATA / "fresh_2026_12g.jsonl"
FRESH_H = DATA / "fresh_2026_12h.jsonl"
FRESH_I = DATA / "fresh_2026_12i.jsonl"
FRESH_J = DATA / "fresh_2026_12j.jsonl"
FRESH_K = DATA / "fresh_2026_12k.jsonl"
FRESH_L = DATA / "fresh_2026_12l.jsonl"
FRESH_M = DATA / "fresh_2026_12m.jsonl"
FRESH_N = DATA / "fresh_2026_12n.jsonl"
FRESH_O = DATA / "fresh_2026_12o.jsonl"
FRESH_P = DATA / "fresh_2026_12p.jsonl"  # the live blind set

# behaviour: (decision-accuracy floor, urgent-recall floor or None), about 0.03 below what the shipped scorer measured
# when it was set; the figures are model 6f5ccc620e1dbd09's with policy a53b8afd (2026-12-04, eighth round; b5cd5b67 moves none), with
# cbf9e7693eccabfc's in brackets where they moved (as measured before this round added cases; MODEL_CARD.md), so a
# regression fails. No must-stay-up case may be removed anywhere.
FLOORS: dict[str, tuple[float, float | None]] = {
    "allegations_stay_up": (0.97, None),  # measured 0.98 [cbf9e769: 1.00]
    "borderline_for_review": (0.91, None),  # measured 0.94 [cbf9e769: 0.93] (0.94 with 4a698b4f)
    "counter_speech_and_identity": (0.94, None),  # measured 0.99 [cbf9e769: 1.00] (0.97 with 4a698b4f)
    "crime_reports": (0.95, None),  # measured 0.99
    "crimes_in_progress": (
        0.78,
        0.87,
    ),  # measured 0.81 / 1.00 [cbf9e769: 0.81 / 0.90] (urgent 0.70 before crime-happening-now)
    "criticism_of_police": (0.96, None),  # measured 0.99
    "doxxing": (0.95, 0.95),  # measured 0.99 / 0.99
    "doxxing_spanish_forms": (
        0.91,
        0.93,
    ),  # measured 0.93 / 0.96 [cbf9e769: 0.95 / 0.96] (0.82 before bot/scoring/rules_places.py)
    "doxxing_workplace": (0.94, 0.97),  # measured 1.00 / 1.00 of 17 (0.59 / 0.30 before the work-shift cue)
    "emergencies": (0.97, 0.97),  # measured 1.00 / 1.00
    "evasion_spellings": (0.91, 0.97),  # measured 0.92 / 1.00 [cbf9e769: 0.94 / 1.00]
    "everyday_comments": (0.85, None),  # measured 0.88
    "habitual_not_happening": (
        0.90,
        0.75,
    ),  # measured 1.00 / 0.80 [cbf9e769: 0.94 / 0.80] (0.69 before the habitual cue)
    "harassment_and_abuse": (0.88, None),  # measured 0.92 (0.82 before the corpus-trained model)
    "hate_english": (0.95, None),  # measured 1.00 (0.98 with 4a698b4f)
    "hate_spanish": (0.97, None),  # measured 1.00
    "juvenile_information": (0.93, None),  # measured 0.96
    "menace_as_warning": (0.57, 0.97),  # measured 0.60 / 1.00
    "protected_speech_mixed": (0.96, None),  # measured 1.00
    "sexual_and_obscene": (0.92, None),  # measured 0.95 [cbf9e769: 0.93] (0.95 with 4a698b4f)
    "spam": (0.97, None),  # measured 1.00
    "spam_obfuscated_and_deals": (
        0.89,
        None,
    ),  # measured 0.91 of 32 [cbf9e769: 0.92 of 26] (0.77 before the spelled-address cues)
    "threats_english": (
        0.80,
        0.90,
    ),  # measured 0.86 / 0.96 [cbf9e769: 0.85 / 0.96] (0.84 / 0.93 with 4a698b4f)
    "threats_spanish": (
        0.87,
        0.93,
    ),  # measured 0.91 / 0.96 (0.94 with e5576e64: 3 explicit threats now flagged urgently, not hidden)
    "unauthorised_media": (0.97, None),  # measured 1.00
    "veiled_and_idioms": (0.88, 0.97),  # measured 0.92 / 1.00 (0.71 / 0.43 before the families_veiled model)
    "violent_words_not_threats": (0.85, None),  # measured 0.91 [cbf9e769: 0.89]
    "vulgarity_stays_up": (0.97, None),  # measured 1.00
}


@pytest.fixture(scope="module")
def report(moderator: Moderator) -> EvalReport:
    return evaluate(load_test_set(BEHAVIOURS), moderator.judge_batch)


def test_every_behaviour_has_a_file_and_a_floor() -> None:
    files = {p.stem for p in BEHAVIOURS.glob("*.jsonl")}
    assert files == set(FLOORS)


def test_behaviour_sets_cover_what_they_must() -> None:
    cases = load_test_set(BEHAVIOURS)
    assert len(cases) >= 1500
    assert sum(c.lang in ("es", "mixed") for c in cases) >= 400
    assert sum(c.must_stay_up for c in cases) >= 600
    assert all(c.urgent for c in cases if c.category in URGENT_CATEGORIES)
    for behaviour, n in Counter(c.behaviour for c in cases).items():
        assert n >= 10, behaviour


@pytest.mark.parametrize(
    "path",
    [
        FRESH,
        FRESH_B,
        FRESH_C,
        FRESH_D,
        FRESH_E,
        FRESH_F,
        FRESH_G,
        FRESH_H,
        FRESH_I,
        FRESH_J,
        FRESH_K,
        FRESH_L,
        FRESH_M,
        FRESH_N,
        FRESH_O,
        FRESH_P,
    ],
    ids=lambda p: p.stem,
)
def test_fresh_set_is_shaped_as_promised(path: Path) -> None:
    """At least 150 cases, half Spanish, half must-stay-up (written before tuning; see the module docstring)."""
    cases = load_test_set(path)
    assert len(cases) >= 150
    assert sum(c.lang in ("es", "mixed") for c in cases) >= 0.45 * len(cases)
    assert sum(c.must_stay_up for c in cases) >= 0.45 * len(cases)


def test_no_must_stay_up_comment_is_removed(report: EvalReport) -> None:
    removed = [(r.case.behaviour, r.case.id, r.case.text, r.verdict.rule_id) for r in report.wrongly_removed]
    assert removed == []


@pytest.mark.parametrize("behaviour", sorted(FLOORS))
def test_behaviour_floor(behaviour: str, report: EvalReport) -> None:
    accuracy_floor, urgent_floor = FLOORS[behaviour]
    figures = {b.behaviour: b for b in report.behaviours()}[behaviour]
    failures = [
        (r.case.id, r.decision, r.case.text)
        for r in report.results
        if r.case.behaviour == behaviour and not r.acceptable
    ]
    assert figures.accuracy >= accuracy_floor, failures
    if urgent_floor is not None:
        assert figures.urgent_recall is not None and figures.urgent_recall >= urgent_floor
