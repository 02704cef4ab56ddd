"""Comment normalisation and hashed word/char n-gram features shared by training and inference."""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Bumped whenever normalize_comment or the hashing changes, because old weights then mean nothing.
FEATURE_VERSION = 1

_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|org|net|gov|ly|co|io)(?:/\S*)?", re.I)
_MENTION_RE = re.compile(r"@\w+")
_RT_RE = re.compile(r"(?:^|\s)rt(?=\s|:|$)")
_HASHTAG_RE = re.compile(r"#(\w+)")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_REPEAT_RE = re.compile(r"(.)\1{2,}")
_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def normalize_comment(text: str) -> str:
    """Lowercase, placeholder mentions/URLs, unescape HTML, split hashtags, fold accents and repeats.

    Works the same on raw tweets and on text the evasion folder already lowercased: both end up as
    space-separated word tokens without punctuation, so the model never depends on punctuation.
    """
    text = html.unescape(html.unescape(text))  # tweets in the data are sometimes double-escaped
    text = _URL_RE.sub(" xurl ", text)
    text = _MENTION_RE.sub(" xuser ", text)
    # "#BlueLivesMatter" -> "Blue Lives Matter" before lowercasing loses the word boundaries.
    text = _HASHTAG_RE.sub(lambda m: " " + _CAMEL_RE.sub(" ", m.group(1)) + " ", text)
    text = text.lower()
    if not text.isascii():  # ASCII has no decomposition and no combining marks: the common case skips both
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _RT_RE.sub(" ", text)
    text = _REPEAT_RE.sub(r"\1\1", text)
    text = text.replace("’", "'")
    return " ".join(_TOKEN_RE.findall(text))


@dataclass(kw_only=True, frozen=True, slots=True)
class FeatureSpec:
    """Sizes of the two hashed blocks; stored in the artifact so inference hashes like training did."""

    word_bits: int = 18
    char_bits: int = 18
    char_min: int = 2
    char_max: int = 5

    @property
    def n_features(self) -> int:
        return (1 << self.word_bits) + (1 << self.char_bits)


# Odd 64-bit multipliers for the polynomial char n-gram hash; fixed so hashes are stable across runs.
_POLY = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _word_hashes(tokens: list[str], mask: int) -> list[int]:
    grams = tokens + [a + " " + b for a, b in zip(tokens, tokens[1:], strict=False)]
    return [zlib.crc32(g.encode("utf-8")) & mask for g in grams]


def featurize(
    texts: Sequence[str], spec: FeatureSpec, normalized: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (rows, cols, values) of the sparse feature matrix, rows sorted ascending.

    Each document gets binary word uni/bi-gram features and binary char n-gram features (over the
    normalised text padded with spaces), each block L2-normalised so long comments don't dominate.
    """
    docs = list(texts) if normalized else [normalize_comment(t) for t in texts]
    n_word = 1 << spec.word_bits
    word_mask = n_word - 1
    char_mask = np.uint64((1 << spec.char_bits) - 1)

    word_rows: list[int] = []
    word_cols: list[int] = []
    for i, doc in enumerate(docs):
        hashes = _word_hashes(doc.split(), word_mask)
        word_rows.extend([i] * len(hashes))
        word_cols.extend(hashes)

    # Char n-grams: hash every window of the concatenated, space-padded documents at once in numpy.
    padded = [(" " + d + " ").encode("utf-8") for d in docs]
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    buf = np.frombuffer(b"".join(padded), dtype=np.uint8).astype(np.uint64)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    char_rows_parts = []
    char_cols_parts = []
    h = buf.copy()
    for n in range(2, spec.char_max + 1):
        # h[i] holds the hash of buf[i:i+n] after this step.
        h = h[:-1] * _POLY + buf[n - 1 :]
        if n < spec.char_min:
            continue
        start = doc_of[: len(h)]
        valid = start == doc_of[n - 1 :]
        mixed = (h[valid] ^ np.uint64(n)) * _MIX
        char_rows_parts.append(start[valid])
        char_cols_parts.append(((mixed >> np.uint64(40)) & char_mask).astype(np.int64) + n_word)

    rows = np.concatenate([np.asarray(word_rows, dtype=np.int64), *char_rows_parts])
    cols = np.concatenate([np.asarray(word_cols, dtype=np.int64), *char_cols_parts])
    n_total = spec.n_features
    # Sorted by row, duplicates collapsed to presence: np.unique's answer, but a sort and a neighbour compare are
    # several times faster on these ~400 keys per comment than its hash table (numpy >= 2.3) plus a sort.
    keys = np.sort(rows * n_total + cols)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    rows = keys // n_total
    cols = keys % n_total
    is_word = (cols < n_word).astype(np.int64)
    # Per-(row, block) counts for the L2 normalisation of each block.
    block = rows * 2 + is_word
    counts = np.bincount(block, minlength=2 * len(docs))
    values = 1.0 / np.sqrt(counts[block])
    return rows, cols, values.astype(np.float32)
