"""Builds the configured scorer by name: "bundled", "detoxify", or a combination such as "bundled+detoxify"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.scoring.base import ScoreInput, Scorer

BACKENDS: tuple[str, ...] = ("bundled", "detoxify")
SCORER_NAMES: tuple[str, ...] = ("bundled", "detoxify", "bundled+detoxify")


class UnknownScorerError(ValueError):
    """The configured scorer name is not one this build knows."""


class CombinedScorer(Scorer):
    """Runs several scorers; each signal is the max over them, and every signal that more than one
    backend emitted is also reported per backend as "<backend>.<signal>" so a reviewer can see which
    backend drove it. Signals only one backend emits (the rules' categories and context) pass through.
    """

    def __init__(self, scorers: Sequence[Scorer]) -> None:
        if len(scorers) < 2:
            raise ValueError("a combined scorer needs at least two scorers")
        names = [s.name for s in scorers]
        if len(set(names)) != len(names):
            raise ValueError(f"combined scorers need distinct names, got {names}")
        self.scorers = tuple(scorers)
        self.name = "+".join(names)

    def score_batch(self, items: Sequence[ScoreInput]) -> list[dict[str, float]]:
        per_backend = [scorer.score_batch(items) for scorer in self.scorers]
        out = []
        for i in range(len(items)):
            rows = [
                (scorer.name, results[i]) for scorer, results in zip(self.scorers, per_backend, strict=True)
            ]
            merged: dict[str, float] = {}
            emitted_by: dict[str, int] = {}
            for _, row in rows:
                for signal, value in row.items():
                    merged[signal] = max(merged.get(signal, 0.0), value)
                    emitted_by[signal] = emitted_by.get(signal, 0) + 1
            for backend, row in rows:
                for signal, value in row.items():
                    if emitted_by[signal] > 1:
                        merged[f"{backend}.{signal}"] = value
            out.append(merged)
        return out


def _build_bundled(**_: Any) -> Scorer:
    # Imported lazily: the default scorer pulls in the rules and the model artifact.
    from bot.scoring.default import DefaultScorer

    return DefaultScorer()


def _build_detoxify(
    checkpoint: str | Path | None = None,
    config_dir: str | Path | None = None,
    device: str | None = None,
    batch_size: int | None = None,
    **_: Any,
) -> Scorer:
    # Imported lazily: torch and transformers are an optional extra.
    from bot.scoring.detoxify_backend import DetoxifyScorer

    return DetoxifyScorer(checkpoint=checkpoint, config_dir=config_dir, device=device, batch_size=batch_size)


_BUILDERS: dict[str, Callable[..., Scorer]] = {"bundled": _build_bundled, "detoxify": _build_detoxify}


def build_scorer(
    name: str,
    *,
    detoxify_checkpoint: str | Path | None = None,
    detoxify_config_dir: str | Path | None = None,
    detoxify_device: str | None = None,
    detoxify_batch_size: int | None = None,
) -> Scorer:
    """The scorer called `name`. Detoxify options default to the MODBOT_DETOXIFY_* environment variables.

    Raises UnknownScorerError for a name it does not know, and DetoxifyError when the detoxify backend
    is asked for but its packages or local files are missing.
    """
    parts = [p.strip() for p in name.split("+")]
    unknown = [p for p in parts if p not in _BUILDERS]
    if unknown or not parts or len(set(parts)) != len(parts):
        raise UnknownScorerError(f"unknown scorer {name!r}; choose one of {', '.join(SCORER_NAMES)}")
    options = {
        "checkpoint": detoxify_checkpoint,
        "config_dir": detoxify_config_dir,
        "device": detoxify_device,
        "batch_size": detoxify_batch_size,
    }
    scorers = [_BUILDERS[p](**options) for p in parts]
    return scorers[0] if len(scorers) == 1 else CombinedScorer(scorers)
