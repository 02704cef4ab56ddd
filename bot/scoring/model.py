"""The bundled multi-attribute model: linear heads over sentence embeddings, hashed n-grams and context, numpy only."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.scoring.features import FEATURE_VERSION, FeatureSpec, featurize

ARTIFACT_PATH = Path(__file__).resolve().parent.parent / "data" / "toxicity_model.npz"
# A fixed zip timestamp keeps the artifact byte-identical across training runs.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class ArtifactError(RuntimeError):
    """The model artifact is missing, corrupt or from an incompatible feature version."""


def save_artifact(path: Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> str:
    """Write arrays and JSON metadata as a deterministic .npz; return the artifact's version hash."""
    payload = dict(arrays)
    payload["meta_json"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(payload):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(payload[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)
    tmp.replace(path)
    return artifact_version(path)


def artifact_version(path: Path) -> str:
    """Short content hash of the artifact file: changes exactly when the model changes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# Artifact layout version: 2 adds the sentence-embedding block and the context inputs to the n-gram block.
MODEL_FORMAT = 2
# Context signals the rules compute and the heads take as inputs (their learned weights are in the model card).
CONTEXT_INPUTS: tuple[str, ...] = ("institution_target", "counter_speech", "self_identity", "negated", "slur")


class BundledModel:
    """Calibrated probabilities per attribute from three blocks of inputs, one linear head per attribute.

    logit = ngrams(folded text) . W_ngram + embedding(text) . W_embed + context . W_context + bias
    The embedding reads meaning in any of the encoder's languages; the hashed n-grams keep spelling and slur
    detail the encoder blurs; the context inputs are the rules' protected-speech signals.
    """

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        calibration: np.ndarray,
        *,
        spec: FeatureSpec,
        attributes: Sequence[str],
        version: str,
        meta: Mapping[str, Any] | None = None,
        embed_weights: np.ndarray | None = None,
        context_weights: np.ndarray | None = None,
        encoder: Any | None = None,
        mlp: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        if weights.shape != (spec.n_features, len(attributes)):
            raise ArtifactError(f"weights shape {weights.shape} does not match the feature spec")
        self.weights = weights
        # float32 copy: the gather in logits() is the hot path and float16 arithmetic is slow in numpy.
        self._weights32 = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.calibration = calibration.astype(np.float32)  # per attribute: Platt slope, intercept
        self.spec = spec
        self.attributes: tuple[str, ...] = tuple(attributes)
        self.version = version
        self.meta: dict[str, Any] = dict(meta or {})
        n_attr = len(self.attributes)
        if embed_weights is not None and embed_weights.shape[1:] != (n_attr,):
            raise ArtifactError(
                f"embedding weights shape {embed_weights.shape} does not match the attributes"
            )
        self.embed_weights = None if embed_weights is None else embed_weights.astype(np.float32)
        self.context_inputs: tuple[str, ...] = tuple(self.meta.get("context_inputs", ()))
        if context_weights is not None and context_weights.shape != (len(self.context_inputs), n_attr):
            raise ArtifactError(f"context weights shape {context_weights.shape} does not match the inputs")
        self.context_weights = None if context_weights is None else context_weights.astype(np.float32)
        self._encoder = encoder
        # Per head, a one-hidden-layer ReLU MLP over [embedding, context] whose logit adds to the linear one.
        self.mlp: dict[str, np.ndarray] | None = None
        if mlp is not None:
            w1 = mlp["mlp_w1"]
            n_in = (0 if self.embed_weights is None else self.embed_weights.shape[0]) + len(
                self.context_inputs
            )
            if w1.ndim != 3 or w1.shape[:2] != (n_attr, n_in):
                raise ArtifactError(f"MLP weights shape {w1.shape} does not match the inputs")
            self.mlp = {k: np.asarray(v, dtype=np.float32) for k, v in mlp.items()}

    @property
    def uses_encoder(self) -> bool:
        return self.embed_weights is not None

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from bot.scoring.encoder import shared_encoder

            self._encoder = shared_encoder()
        return self._encoder

    @property
    def thresholds(self) -> dict[str, float]:
        """Max-F1 thresholds chosen on validation data at training time (advisory; the policy decides)."""
        return {k: float(v) for k, v in self.meta.get("thresholds", {}).items()}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.encoder.encode(list(texts)), dtype=np.float32)

    def context_of(self, texts: Sequence[str]) -> np.ndarray:
        """The rules' context signals for raw texts (the default scorer passes its own instead)."""
        return context_matrix(texts, self.context_inputs)

    def logits(
        self,
        texts: Sequence[str],
        normalized: bool = False,
        *,
        embeddings: np.ndarray | None = None,
        embed_texts: Sequence[str] | None = None,
        context: np.ndarray | None = None,
    ) -> np.ndarray:
        """Raw (uncalibrated) decision values, shape (len(texts), len(attributes)).

        `texts` feed the n-gram block; `embeddings` (computed from `texts` when not given) the embedding
        block (or `embed_texts`, when the encoder should read other text than the n-grams); `context`
        (computed by the rules when not given) the context block.
        """
        n = len(texts)
        if n == 0:
            return np.zeros((0, len(self.attributes)), dtype=np.float32)
        rows, cols, values = featurize(texts, self.spec, normalized=normalized)
        contrib = self._weights32[cols] * values[:, None]
        # Rows arrive sorted and every comment has at least one char n-gram (the padding), so a
        # segmented sum over row starts gives one line of logits per comment.
        starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
        if len(starts) != n:
            raise ArtifactError("feature extraction dropped a comment")  # featurize guarantees otherwise
        z: np.ndarray = np.add.reduceat(contrib, starts, axis=0) + self.bias
        emb: np.ndarray | None = None
        if self.embed_weights is not None:
            if embeddings is None:
                emb = self.embed(texts if embed_texts is None else embed_texts)
            else:
                emb = np.asarray(embeddings, dtype=np.float32)
            if emb.shape != (n, self.embed_weights.shape[0]):
                raise ValueError(
                    f"embeddings shape {emb.shape}, expected ({n}, {self.embed_weights.shape[0]})"
                )
            z = z + emb @ self.embed_weights
        ctx: np.ndarray | None = None
        if self.context_inputs and (self.context_weights is not None or self.mlp is not None):
            ctx = self.context_of(texts) if context is None else np.asarray(context, dtype=np.float32)
            if self.context_weights is not None:
                z = z + ctx @ self.context_weights
        if self.mlp is not None:
            dense = np.hstack([b for b in (emb, ctx) if b is not None]).astype(np.float32)
            z = z + mlp_logits(
                dense, self.mlp["mlp_w1"], self.mlp["mlp_b1"], self.mlp["mlp_w2"], self.mlp["mlp_b2"]
            )
        return z

    def predict(
        self,
        texts: Sequence[str],
        normalized: bool = False,
        *,
        embeddings: np.ndarray | None = None,
        embed_texts: Sequence[str] | None = None,
        context: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        """Calibrated probabilities in [0, 1], one array of len(texts) per attribute."""
        z = self.logits(
            texts, normalized=normalized, embeddings=embeddings, embed_texts=embed_texts, context=context
        )
        z = z * self.calibration[:, 0] + self.calibration[:, 1]
        probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return {name: probs[:, j] for j, name in enumerate(self.attributes)}


def context_matrix(texts: Sequence[str], names: Sequence[str] = CONTEXT_INPUTS) -> np.ndarray:
    """The rules' context signals `names` for raw texts, one row per text (training and `predict` share it)."""
    from bot.scoring.base import ScoreInput
    from bot.scoring.normalize import normalize
    from bot.scoring.rules import detect

    out = np.zeros((len(texts), len(names)), dtype=np.float32)
    for i, text in enumerate(texts):
        scores = detect(normalize(text), ScoreInput(text=text)).scores
        out[i] = [scores.get(name, 0.0) for name in names]
    return out


def mlp_logits(
    dense: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """The per-head ReLU MLPs' output logits, shape (n, heads): w1 (heads, inputs, hidden), b1 and w2
    (heads, hidden), b2 (heads,). One batched product for every head; training calls it too."""
    hidden = np.maximum(np.einsum("ni,hij->hnj", dense, w1) + b1[:, None], 0)
    return np.asarray(np.einsum("hnj,hj->nh", hidden, w2) + b2)


def load_model_file(path: Path) -> BundledModel:
    """Load an artifact written by save_artifact (no pickle is ever loaded)."""
    if not path.is_file():
        raise ArtifactError(f"model artifact not found: {path} (run `modbot train` to build it)")
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(npz["meta_json"].tobytes().decode("utf-8"))
            weights = npz["weights"]
            bias = npz["bias"]
            calibration = npz["calibration"]
            embed_weights = npz["embed_weights"] if "embed_weights" in npz.files else None
            context_weights = npz["context_weights"] if "context_weights" in npz.files else None
            mlp = (
                {k: npz[k] for k in ("mlp_w1", "mlp_b1", "mlp_w2", "mlp_b2")}
                if "mlp_w1" in npz.files
                else None
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ArtifactError(f"model artifact {path} is unreadable: {exc}") from exc
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ArtifactError(
            f"model artifact {path} was built with feature version {meta.get('feature_version')}, "
            f"this code uses {FEATURE_VERSION}; run `modbot train`"
        )
    if meta.get("format", 1) > MODEL_FORMAT:
        raise ArtifactError(f"model artifact {path} has format {meta.get('format')}, newer than this code")
    if embed_weights is not None:
        from bot.scoring.encoder import EncoderUnavailable, encoder_version

        try:
            installed = encoder_version()
        except EncoderUnavailable as exc:
            raise ArtifactError(str(exc)) from exc
        if meta.get("encoder") != installed:
            raise ArtifactError(
                f"model artifact {path} was trained on encoder {meta.get('encoder')}, "
                f"this install has {installed}; run `modbot train`"
            )
    spec = FeatureSpec(**meta["feature_spec"])
    return BundledModel(
        weights,
        bias,
        calibration,
        spec=spec,
        attributes=meta["attributes"],
        version=artifact_version(path),
        meta=meta,
        embed_weights=embed_weights,
        context_weights=context_weights,
        mlp=mlp,
    )


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> BundledModel:
    return load_model_file(path)


def load_bundled_model(path: Path | str | None = None) -> BundledModel:
    """The bundled model (cached per path); defaults to the artifact shipped in bot/data/."""
    return _load_cached(Path(path).resolve() if path is not None else ARTIFACT_PATH)
