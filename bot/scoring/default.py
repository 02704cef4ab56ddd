"""The default scorer: normalise, run the rule detectors and the bundled model, combine into policy signals."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from bot.scoring.base import ALL_SIGNALS, CATEGORY_SIGNALS, MODEL_SIGNALS, ScoreInput, Scorer
from bot.scoring.normalize import Normalized, normalize
from bot.scoring.rules import RuleResult, detect

log = logging.getLogger(__name__)

# How far the model alone may push a category when the rules saw nothing of its structure: enough to
# put a comment in front of a human (policy "possible" rules), never enough to hide it.
MODEL_ONLY_CAP = 0.58
# The model may lift a category up to this when the rules saw the structure (a violent verb near a
# target, a protected group named, an insult aimed at someone) but not a full pattern.
MODEL_ASSISTED_CAP = 0.86


def combine(rules: RuleResult, model: Mapping[str, float], norm: Normalized) -> dict[str, float]:
    """Merge rule scores and model probabilities into one signal dict.

    The rules decide structure and the protected-speech exceptions; the model adds recall only where the
    rules saw a target. Criticism of the institution never becomes harassment or hate through the model.
    """
    s = dict(rules.scores)
    insult = float(model.get("insult", 0.0))
    identity = float(model.get("identity_attack", 0.0))
    m_threat = float(model.get("threat", 0.0))
    m_sexual = float(model.get("sexual", 0.0))
    severe = float(model.get("severe_toxicity", 0.0))
    institution = s["institution_target"] >= 0.5
    protected = s["counter_speech"] >= 0.5 or s["self_identity"] >= 0.7 or s["negated"] >= 0.8

    # Threat: a model hit counts only with a violent word near a target, and never past the rule patterns'
    # own confidence (a true threat needs intent, which the rules look for).
    if s["negated"] < 0.8:
        if rules.violent_target and not rules.news and (rules.future or rules.second_person):
            s["threat"] = max(s["threat"], min(MODEL_ASSISTED_CAP - 0.2, 0.3 + 0.45 * m_threat))
        elif rules.violent_target and not rules.news:
            # "Cops kill more people here than anywhere": a statement, not a threat, whatever the model says.
            s["threat"] = max(s["threat"], min(0.45, 0.3 + 0.2 * m_threat))
        elif not (rules.news or rules.idiom or rules.recounted or rules.sentenced) and m_threat >= 0.65:
            # The model alone is sure of a threat the rules cannot parse: a human looks (urgent flag).
            s["threat"] = max(s["threat"], min(MODEL_ONLY_CAP, 0.5 + 0.1 * m_threat))
        elif not rules.news and s["negated"] < 0.8:
            s["threat"] = max(s["threat"], min(MODEL_ONLY_CAP - 0.1, m_threat * 0.55))

    # A violent act, a target and intent in one sentence: the model decides how sure; said by "I/we" or to
    # "you" it can reach the hide threshold, otherwise it stays a (urgent) flag for a human.
    if rules.threat_composed and s["negated"] < 0.8:
        cap = 0.9 if rules.threat_directed and not rules.joking else 0.8
        s["threat"] = max(s["threat"], min(cap, 0.55 + 0.4 * m_threat))

    if rules.quoted_violence:
        # Violence against a group quoted to condemn or report it: the speaker threatens nobody.
        s["threat"] = min(s["threat"], 0.45)

    # Hate: the model lifts it only when a protected group is named and nothing marks the speech as
    # counter-speech, self-description or negation. The police are not a protected group.
    if rules.group_mention and not protected:
        s["hate"] = max(s["hate"], min(MODEL_ASSISTED_CAP, identity * 0.9))
    elif not protected and not institution:
        s["hate"] = max(s["hate"], min(MODEL_ONLY_CAP - 0.1, identity * 0.5))
    if protected:
        s["hate"] = min(s["hate"], 0.45)

    # Harassment: insults aimed at a person, not at the department, and not quoted or condemned.
    aimed = rules.person_target or s["harassment"] >= 0.5
    if not institution and not protected:
        base = max(insult, severe)
        if aimed:
            s["harassment"] = max(s["harassment"], min(MODEL_ASSISTED_CAP, base * 0.9))
        elif rules.second_person:
            s["harassment"] = max(s["harassment"], min(MODEL_ONLY_CAP, base * 0.6))
        else:
            s["harassment"] = max(s["harassment"], min(0.45, base * 0.5))
    elif s["harassment"] < 0.9:
        s["harassment"] = min(s["harassment"], 0.45)
    if rules.named_abuse and s["negated"] < 0.8:
        # Abuse of a named official goes to a human even when aimed through the institution; raised only to
        # review level, never to the hide threshold (harsh words about a public official are protected).
        s["harassment"] = max(s["harassment"], 0.6)

    # Sexual content: the model adds to the lexicon, never replaces it.
    if s["sexual"] > 0:
        s["sexual"] = max(s["sexual"], min(0.95, 0.5 * s["sexual"] + 0.5 * m_sexual + 0.1))
    else:
        s["sexual"] = max(s["sexual"], min(MODEL_ONLY_CAP, m_sexual * 0.6))

    for name in MODEL_SIGNALS:
        if name in model:
            v = float(model[name])
            # Model signals feed the policy's low-confidence review rules; aimed at the institution they
            # say nothing about a person, so they are reported damped.
            if name in ("insult", "toxicity"):
                if institution or protected:
                    v *= 0.5
                elif not (rules.person_target or rules.second_person or rules.group_mention):
                    # Profanity with nobody to aim at ("this is bullshit") is not abuse of a person.
                    v = min(v, 0.85)
            s[name] = v
    if norm.evasions and any(s[c] >= 0.5 for c in ("threat", "hate", "harassment", "sexual")):
        # Obfuscating a harmful word is itself evidence of knowing intent.
        for c in ("threat", "hate", "harassment", "sexual"):
            if s[c] >= 0.5:
                s[c] = min(0.99, s[c] + 0.03)
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
            # The model sees the folded text, so evasions ("k1ll", "ƒυck") look like the words it learned.
            texts = [norm.folded for norm in normalized]
            predictions = self.model.predict(texts)
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
