"""Hand-written police-page comments as training data: what generated families cannot give the model.

The generated families (bot/scoring/families*.py) vary a few templates per behaviour, and four blind rounds
showed the model learns the templates, not the behaviour: each round fixed the wordings it was written for and
the next blind set scored the same 85-87%. These files are free-written comments, one author's shapes each,
labelled by the Attachment A category a moderator would give them:

- `training_data/police_pages_*.jsonl`: written as training data by engineers who read only General Order 158.
- The retired blind sets `tests/data/fresh_2026_12{,b,...,o}.jsonl`: each was scored once, before any tuning on
  it, and that first score stays the honest figure for the model then shipped (their `.first-score.txt`).
  Once a newer blind set has been committed and scored, an older one is no longer evidence of anything, and
  its comments are worth more as training data than as a regression floor. The newest blind set is never read
  here (`RETIRED_BLIND_SETS` names the ones that are).

A category says which heads a comment is an example of and which it is a counter-example of; a head the
category says nothing about stays unknown (masked), as with the public sources.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.paths import REPO_ROOT

TRAINING_DIR = REPO_ROOT / "training_data"
RETIRED_BLIND_SETS: tuple[str, ...] = (
    "fresh_2026_12.jsonl",
    "fresh_2026_12b.jsonl",
    "fresh_2026_12c.jsonl",
    "fresh_2026_12d.jsonl",
    "fresh_2026_12e.jsonl",
    "fresh_2026_12f.jsonl",
    "fresh_2026_12g.jsonl",
    "fresh_2026_12h.jsonl",
    "fresh_2026_12i.jsonl",
    "fresh_2026_12j.jsonl",
    "fresh_2026_12k.jsonl",
    "fresh_2026_12l.jsonl",
    "fresh_2026_12m.jsonl",
    "fresh_2026_12n.jsonl",
    "fresh_2026_12o.jsonl",
)
BLIND_DIR = REPO_ROOT / "tests" / "data"
VAL_PERCENT = 20

_CLEAN = {"threat": 0.0, "identity_attack": 0.0, "sexual": 0.0, "insult": 0.0, "severe_toxicity": 0.0}
# Category -> the language-head labels it implies. Toxicity of a must-stay-up comment is a matter of taste (profane criticism
# of the police), so it stays unknown; insult 0 there is what keeps criticism of the institution off the
# harassment signal.
_LANGUAGE_LABELS: dict[str, dict[str, float]] = {
    "none": dict(_CLEAN),
    "threat": {"threat": 1.0, "toxicity": 1.0, "sexual": 0.0},
    "harassment": {"insult": 1.0, "toxicity": 1.0, "identity_attack": 0.0},
    "hate": {"identity_attack": 1.0, "toxicity": 1.0, "sexual": 0.0},
    "sexual": {"sexual": 1.0, "toxicity": 1.0, "threat": 0.0, "identity_attack": 0.0},
    "obscenity": {"sexual": 1.0, "toxicity": 1.0, "threat": 0.0, "identity_attack": 0.0},
    "vulgarity": {"toxicity": 1.0, "threat": 0.0, "identity_attack": 0.0},
    "allegation": {"threat": 0.0, "identity_attack": 0.0, "sexual": 0.0},
    "crime_report": {"threat": 0.0, "identity_attack": 0.0, "sexual": 0.0, "insult": 0.0},
    "emergency": {"threat": 0.0, "identity_attack": 0.0, "sexual": 0.0, "insult": 0.0},
    "spam": dict(_CLEAN),
    "doxxing": {"identity_attack": 0.0, "sexual": 0.0},
    "juvenile_info": {"threat": 0.0, "identity_attack": 0.0, "sexual": 0.0},
    "unauthorized_media": dict(_CLEAN),
}


# Plus the report heads: every hand-written comment is an example of exactly one of them or a counter-example
# of both.
CATEGORY_LABELS: dict[str, dict[str, float]] = {
    category: {
        **labels,
        "report_crime": 1.0 if category == "crime_report" else 0.0,
        "report_emergency": 1.0 if category == "emergency" else 0.0,
    }
    for category, labels in _LANGUAGE_LABELS.items()
}


class CorpusError(ValueError):
    """A corpus line that cannot be used: bad JSON, no text, or a category the mapping does not know."""


@dataclass(kw_only=True, frozen=True, slots=True)
class CorpusComment:
    text: str
    labels: dict[str, float]
    source: str  # "pages_<file stem>" or "retired_<file stem>"
    split: str  # "train" | "val"
    lang: str
    must_stay_up: bool


def _split(text: str) -> str:
    """A stable split by content: the same comment lands on the same side in every run and every file."""
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return "val" if digest[0] * 100 // 256 < VAL_PERCENT else "train"


def read_file(path: Path, source: str) -> Iterator[CorpusComment]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        text = str(row.get("text") or "").strip()
        category = str(row.get("category") or "")
        if not text:
            raise CorpusError(f"{path}:{n}: no text")
        if category not in CATEGORY_LABELS:
            raise CorpusError(f"{path}:{n}: unknown category {category!r}")
        must_stay_up = bool(row.get("must_stay_up", category == "none"))
        if category == "none" and not must_stay_up:
            raise CorpusError(f"{path}:{n}: category none but must_stay_up is false")
        # Profanity that stays up (category vulgarity, must stay up) is aimed at no one: a clean example.
        labels = dict(CATEGORY_LABELS["none" if must_stay_up else category])
        yield CorpusComment(
            text=text,
            labels=labels,
            source=source,
            split=_split(text),
            lang=str(row.get("lang") or "en"),
            must_stay_up=must_stay_up,
        )


def corpus_files(training_dir: Path = TRAINING_DIR, blind_dir: Path = BLIND_DIR) -> list[tuple[Path, str]]:
    files = [(p, f"pages_{p.stem}") for p in sorted(training_dir.glob("*.jsonl"))]
    files += [(blind_dir / name, f"retired_{Path(name).stem}") for name in RETIRED_BLIND_SETS]
    return [(p, s) for p, s in files if p.is_file()]


def load_corpus(training_dir: Path = TRAINING_DIR, blind_dir: Path = BLIND_DIR) -> list[CorpusComment]:
    """Every hand-written comment, de-duplicated by text (the first file that has it keeps it)."""
    seen: set[str] = set()
    out = []
    for path, source in corpus_files(training_dir, blind_dir):
        for comment in read_file(path, source):
            key = comment.text.lower()
            if key not in seen:
                seen.add(key)
                out.append(comment)
    return out
