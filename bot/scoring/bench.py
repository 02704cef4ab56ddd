"""Throughput and latency benchmark of a scorer over a realistic mixed corpus of police-page comments."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.scoring.base import ScoreInput, Scorer

# Fragments for generated comments: mostly ordinary talk, some criticism, some harm, in both languages.
_FRAGMENTS = (
    "Thank you officers for keeping us safe.",
    "Is Lohman still closed because of the accident?",
    "This department needs better training and more accountability.",
    "My car was broken into last week and nobody called me back.",
    "Why do you need military vehicles in a town this size?",
    "Great job at the community event this weekend, the kids loved the K9.",
    "The traffic on Telshor is terrible every single morning.",
    "I have been waiting three hours for someone to come out.",
    "LCPD needs to release the body camera footage now.",
    "¿Cuándo abren las oficinas de registros?",
    "Gracias por su servicio, que Dios los bendiga.",
    "La policía nunca viene a nuestro barrio cuando la necesitamos.",
    "Someone should look into the speeding on Valley Drive near the school.",
    "The chief should answer questions at the next council meeting.",
    "shoot me a message if you have the report number",
    "f*** the police, you never do anything",
    "I will find you and hurt you",
    "Work from home and earn $500/day, DM me",
    "Officer Smith lives at 123 Elm Street",
    "hay un hombre con una pistola en el parque ahora",
    "k1ll all c0ps",
    "what a bunch of clowns running this city",
    "Stay safe out there and happy holidays to everyone working tonight.",
    "My neighbor's dog has been barking all night, who do I call?",
)


def build_corpus(n: int = 5000, seed: int = 158, test_set: str | Path | None = None) -> list[ScoreInput]:
    """`n` comments: the test set's texts (if given) plus generated ones of realistic, skewed lengths."""
    rng = random.Random(seed)
    texts: list[str] = []
    if test_set is not None:
        from bot.scoring.evaluate import load_test_set

        texts.extend(c.text for c in load_test_set(test_set))
    while len(texts) < n:
        # Most comments are one or two sentences; a few are long rants.
        k = rng.choices((1, 2, 3, 6, 20), weights=(45, 30, 15, 8, 2))[0]
        texts.append(" ".join(rng.choice(_FRAGMENTS) for _ in range(k)))
    rng.shuffle(texts)
    return [ScoreInput(text=t, media=("photo",) if i % 50 == 0 else ()) for i, t in enumerate(texts[:n])]


@dataclass(kw_only=True, frozen=True, slots=True)
class BenchResult:
    comments: int
    batch_size: int
    throughput: float  # comments per second, scored in batches
    p50_ms: float  # latency of one comment scored on its own
    p99_ms: float
    max_ms: float
    mean_chars: float
    uses_model: bool

    def format(self) -> str:
        return (
            f"scorer benchmark: {self.comments} comments (mean {self.mean_chars:.0f} chars), single process, "
            f"model {'on' if self.uses_model else 'OFF (rules only)'}\n"
            f"  throughput (batches of {self.batch_size}): {self.throughput:,.0f} comments/s\n"
            f"  latency per comment (scored alone): p50 {self.p50_ms:.3f} ms, p99 {self.p99_ms:.3f} ms, "
            f"max {self.max_ms:.3f} ms"
        )


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def run_bench(scorer: Scorer, corpus: Sequence[ScoreInput], batch_size: int = 64) -> BenchResult:
    """Score the corpus once in batches (throughput) and once comment by comment (latency)."""
    scorer.score_batch(corpus[: min(len(corpus), batch_size)])  # warm caches and compiled patterns
    start = time.perf_counter()
    for i in range(0, len(corpus), batch_size):
        scorer.score_batch(corpus[i : i + batch_size])
    elapsed = time.perf_counter() - start
    latencies = []
    for item in corpus:
        t0 = time.perf_counter()
        scorer.score_batch([item])
        latencies.append((time.perf_counter() - t0) * 1000.0)
    latencies.sort()
    return BenchResult(
        comments=len(corpus),
        batch_size=batch_size,
        throughput=len(corpus) / elapsed if elapsed > 0 else float("inf"),
        p50_ms=_percentile(latencies, 0.50),
        p99_ms=_percentile(latencies, 0.99),
        max_ms=latencies[-1] if latencies else 0.0,
        mean_chars=sum(len(c.text) for c in corpus) / len(corpus) if corpus else 0.0,
        uses_model=bool(getattr(scorer, "uses_model", False)),
    )


# Inputs built to make a scanner slow: one token or pattern repeated up to the 25,000-character scan limit.
ADVERSARIAL_SEEDS: tuple[tuple[str, str], ...] = (
    ("menace cue and harm word", "cute gun u "),
    ("mentions", "@x "),
    ("weapon emoji", "\U0001f52b "),
    ("insult aimed at the page", "fuck you pig "),
    ("spelled letters", "k i l l "),
    ("digits", "1 2 3 4 5 6 7 8 9 0 "),
    ("negators", "no no not never "),
    ("quotes", '"'),
    ("leet and masks", "k1ll f*ck c0p "),
    ("one long word", "a"),
    ("spanish threat words", "te voy a matar "),
)
SCAN_LIMIT_CHARS = 25_000


def adversarial_inputs(chars: int = SCAN_LIMIT_CHARS) -> list[tuple[str, ScoreInput]]:
    return [
        (name, ScoreInput(text=(seed * (chars // len(seed) + 1))[:chars])) for name, seed in ADVERSARIAL_SEEDS
    ]


def run_adversarial(scorer: Scorer, repeats: int = 3) -> list[tuple[str, float]]:
    """Milliseconds to score each adversarial comment alone (best of `repeats`), slowest first."""
    out = []
    for name, item in adversarial_inputs():
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            scorer.score_batch([item])
            best = min(best, (time.perf_counter() - t0) * 1000.0)
        out.append((name, best))
    return sorted(out, key=lambda r: -r[1])
