"""The default scorer: normalise, run the structural rules and the bundled model, combine into policy signals."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bot.scoring.base import ALL_SIGNALS, CATEGORY_SIGNALS, MODEL_SIGNALS, ScoreInput, Scorer
from bot.scoring.normalize import Normalized, normalize
from bot.scoring.rules import RuleResult, detect

log = logging.getLogger(__name__)

# The model judges language (threats, hate, harassment, sexual content); the rules judge structure (numbers,
# addresses, links, media, the juvenile statute, crimes and emergencies) and supply the context inputs the
# model reads. Each language category is one model head, calibrated; the policy's thresholds decide.
LANGUAGE_HEADS: dict[str, str] = {
    "threat": "threat",
    "hate": "identity_attack",
    "harassment": "insult",
    "sexual": "sexual",
}


def combine(rules: RuleResult, model: Mapping[str, float], norm: Normalized) -> dict[str, float]:
    """Merge rule scores and model probabilities into one signal dict."""
    s = dict(rules.scores)
    for signal, head in LANGUAGE_HEADS.items():
        if head in model:
            s[signal] = max(s.get(signal, 0.0), float(model[head]))
    for name in MODEL_SIGNALS:
        if name in model:
            s[name] = float(model[name])
    return {k: round(min(1.0, max(0.0, v)), 4) for k, v in s.items() if k in ALL_SIGNALS}


class DefaultScorer(Scorer):
    """The bundled scorer: rules plus the bundled model. Pure and thread-safe after construction."""

    name = "bundled"

    def __init__(self, model: Any | None = None, *, use_model: bool = True) -> None:
        self.model = model
        self.model_error: str | None = None
        if model is None and use_model:
            self.model = self._load_model()

    def _load_model(self) -> Any | None:
        try:
            from bot.scoring.model import ArtifactError, load_bundled_model
        except ImportError as exc:
            self.model_error = f"bundled model code unavailable: {exc}"
            log.warning("scoring with rules only: %s", self.model_error)
            return None
        try:
            return load_bundled_model()
        except ArtifactError as exc:
            self.model_error = str(exc)
            log.warning("scoring with rules only: %s", exc)
            return None

    @property
    def uses_model(self) -> bool:
        return self.model is not None

    def score_batch(self, items: Sequence[ScoreInput]) -> list[dict[str, float]]:
        normalized = [normalize(item.text) for item in items]
        rule_results = [detect(norm, item) for norm, item in zip(normalized, items, strict=True)]
        model_rows: list[dict[str, float]] = [{} for _ in items]
        if self.model is not None and items:
            predictions = self.model.predict(
                # The n-grams read the folded text, so evasions ("k1ll", "ƒυck") look like the words it learned.
                [norm.folded for norm in normalized],
                # The encoder reads the comment as written (case, accents, punctuation carry meaning), or the
                # folded words when evasions were undone: "m e x i c a n s" means nothing to it spaced out.
                embed_texts=[
                    norm.folded if norm.evasions else item.text
                    for norm, item in zip(normalized, items, strict=True)
                ],
                context=np.array(
                    [[r.scores.get(name, 0.0) for name in self.model.context_inputs] for r in rule_results],
                    dtype=np.float32,
                ).reshape(len(items), len(self.model.context_inputs)),
            )
            for name, values in predictions.items():
                for i, value in enumerate(values):
                    model_rows[i][name] = float(value)
        out = []
        for norm, rules, model in zip(normalized, rule_results, model_rows, strict=True):
            scores = combine(rules, model, norm)
            for name in CATEGORY_SIGNALS:
                scores.setdefault(name, 0.0)
            out.append(scores)
        return out

    def explain(self, item: ScoreInput | str) -> dict[str, list[str]]:
        """The rule evidence behind each signal, for moderators and `modbot eval`."""
        if isinstance(item, str):
            item = ScoreInput(text=item)
        return detect(normalize(item.text), item).evidence
