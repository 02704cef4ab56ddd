"""Scorer registry: names to scorers, and the combined scorer's max-with-provenance convention."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import pytest

from bot.scoring.base import ScoreInput, Scorer
from bot.scoring.registry import CombinedScorer, UnknownScorerError, build_scorer

HAS_DEFAULT = importlib.util.find_spec("bot.scoring.default") is not None


class FixedScorer(Scorer):
    """A real Scorer whose scores are given up front: lets the combination rule be checked exactly."""

    def __init__(self, name: str, rows: list[dict[str, float]]) -> None:
        self.name = name
        self.rows = rows

    def score_batch(self, items: Sequence[ScoreInput]) -> list[dict[str, float]]:
        return [dict(self.rows[i % len(self.rows)]) for i in range(len(items))]


def test_combined_takes_max_and_records_each_backend():
    a = FixedScorer("bundled", [{"toxicity": 0.2, "threat": 0.9, "institution_target": 1.0}])
    b = FixedScorer("detoxify", [{"toxicity": 0.7, "threat": 0.1, "obscenity": 0.4}])
    combined = CombinedScorer([a, b])
    assert combined.name == "bundled+detoxify"
    (result,) = combined.score_batch([ScoreInput(text="x")])
    assert result == {
        "toxicity": 0.7,
        "threat": 0.9,
        "institution_target": 1.0,
        "obscenity": 0.4,
        "bundled.toxicity": 0.2,
        "detoxify.toxicity": 0.7,
        "bundled.threat": 0.9,
        "detoxify.threat": 0.1,
    }


def test_combined_needs_two_distinct_scorers():
    a = FixedScorer("bundled", [{}])
    with pytest.raises(ValueError):
        CombinedScorer([a])
    with pytest.raises(ValueError):
        CombinedScorer([a, FixedScorer("bundled", [{}])])


@pytest.mark.parametrize("name", ["", "rules", "bundled+", "bundled+bundled", "perspective"])
def test_unknown_names_are_rejected(name):
    with pytest.raises(UnknownScorerError, match="bundled\\+detoxify"):
        build_scorer(name)


@pytest.mark.skipif(not HAS_DEFAULT, reason="bot.scoring.default not built yet")
def test_bundled_is_the_default_scorer():
    from bot.scoring.default import DefaultScorer

    scorer = build_scorer("bundled")
    assert isinstance(scorer, DefaultScorer)
    scores = scorer.score("thank you officers for your help")
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_detoxify_without_files_fails_clearly(monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from bot.scoring.detoxify_backend import DetoxifyError

    monkeypatch.delenv("MODBOT_DETOXIFY_CHECKPOINT", raising=False)
    monkeypatch.delenv("MODBOT_DETOXIFY_CONFIG_DIR", raising=False)
    with pytest.raises(DetoxifyError, match="MODBOT_DETOXIFY_CONFIG_DIR"):
        build_scorer("detoxify")


@pytest.mark.skipif(not HAS_DEFAULT, reason="bot.scoring.default not built yet")
def test_bundled_plus_detoxify_from_environment(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tests.test_detoxify_backend import build_tiny_detoxify

    checkpoint, config_dir = build_tiny_detoxify(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MODBOT_DETOXIFY_CHECKPOINT", str(checkpoint))
    monkeypatch.setenv("MODBOT_DETOXIFY_CONFIG_DIR", str(config_dir))
    scorer = build_scorer("bundled+detoxify")
    assert isinstance(scorer, CombinedScorer)
    results = scorer.score_batch([ScoreInput(text="thank you officers"), ScoreInput(text="you are an idiot")])
    for row in results:
        for signal in ("toxicity", "insult", "threat", "identity_attack"):
            assert row[signal] == max(row[f"bundled.{signal}"], row[f"detoxify.{signal}"])
        assert "detoxify.obscenity" in row or "obscenity" in row
        assert all(0.0 <= v <= 1.0 for v in row.values())
    detox_only = build_scorer("detoxify", detoxify_checkpoint=checkpoint, detoxify_config_dir=config_dir)
    assert detox_only.name == "detoxify"
