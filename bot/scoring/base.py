"""The scoring interface: a batch of comments in, per-signal scores in [0, 1] out."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass

# Signals a scorer may emit. Policy rules refer to these names; `modbot policy check` rejects others.
# Category signals (one per Attachment A category):
CATEGORY_SIGNALS: tuple[str, ...] = (
    "threat",  # threats and violence against officers, people or places
    "harassment",  # harassment, abuse, stalking of a person
    "doxxing",  # home address, phone, plate, workplace of a named person
    "hate",  # hate speech / identity attacks / slurs against protected groups
    "sexual",  # sexual content
    "obscenity",  # obscene content (graphic, gratuitously profane)
    "vulgarity",  # vulgar words without more (never hidden on its own)
    "allegation",  # allegations of crimes/misconduct by named people (defamation-like)
    "crime_report",  # a crime reported on the page instead of to 911 / non-emergency
    "emergency",  # an emergency happening now (urgent)
    "spam",  # spam, scams, contact-me schemes, link farms
    "unauthorized_media",  # photo/video posted by an author not on the page's allowlist
    "juvenile_info",  # identifying information about juveniles in arrests (NM Stat. 32A-2-32.1)
)
# Model signals (the bundled model and Detoxify):
MODEL_SIGNALS: tuple[str, ...] = (
    "toxicity",
    "insult",
    "identity_attack",
    "severe_toxicity",
    "report_crime",  # the bundled model's reading: a crime reported here instead of to dispatch
    "report_emergency",  # ... an emergency happening now
)
# Context signals that rules use to keep protected speech up (never a reason to remove):
CONTEXT_SIGNALS: tuple[str, ...] = (
    "institution_target",  # aimed at the police/government as an institution (criticism, epithets like "pigs")
    "counter_speech",  # quotes or condemns hate / reports abuse
    "self_identity",  # speaker describing their own identity
    "negated",  # the harmful statement is negated ("I don't hate immigrants")
    "slur",  # a slur from the lexicon (any language): an input the model weighs, never a removal on its own
    "happening_now",  # a now marker ("right now", "ahorita") with no past, news or habitual frame: a policy input
)
ALL_SIGNALS: tuple[str, ...] = CATEGORY_SIGNALS + MODEL_SIGNALS + CONTEXT_SIGNALS


@dataclass(kw_only=True, frozen=True, slots=True)
class ScoreInput:
    """What a scorer sees of a comment."""

    text: str
    media: tuple[str, ...] = ()  # attachment kinds: photo, video, gif, link, other
    author_authorized: bool = False  # author is on the page's allowlist for posting media
    platform: str | None = None


class Scorer(abc.ABC):
    """Scores a batch. Implementations are pure (no I/O after construction) and thread-safe."""

    name: str = "scorer"

    @abc.abstractmethod
    def score_batch(self, items: Sequence[ScoreInput]) -> list[dict[str, float]]:
        """One dict per item, in order; keys from ALL_SIGNALS, values in [0, 1]."""

    def score(self, item: ScoreInput | str) -> dict[str, float]:
        if isinstance(item, str):
            item = ScoreInput(text=item)
        return self.score_batch([item])[0]
