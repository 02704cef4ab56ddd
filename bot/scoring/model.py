"""The bundled multi-attribute toxicity model: hashed n-gram logistic regressions, pure-numpy inference."""

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


class BundledModel:
    """Predicts calibrated probabilities per attribute for a batch of comments."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        calibration: np.ndarray,
        spec: FeatureSpec,
        attributes: Sequence[str],
        version: str,
        meta: Mapping[str, Any] | None = None,
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

    @property
    def thresholds(self) -> dict[str, float]:
        """Max-F1 thresholds chosen on validation data at training time (advisory; the policy decides)."""
        return {k: float(v) for k, v in self.meta.get("thresholds", {}).items()}

    def logits(self, texts: Sequence[str], normalized: bool = False) -> np.ndarray:
        """Raw (uncalibrated) decision values, shape (len(texts), len(attributes))."""
        n = len(texts)
        if n == 0:
            return np.zeros((0, len(self.attributes)), dtype=np.float32)
        rows, cols, values = featurize(texts, self.spec, normalized=normalized)
        contrib = self._weights32[cols] * values[:, None]
        # Rows arrive sorted and every comment has at least one char n-gram (the padding), so a
        # segmented sum over row starts gives one line of logits per comment.
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        if len(starts) != n:
            raise ArtifactError("feature extraction dropped a comment")  # featurize guarantees otherwise
        return np.add.reduceat(contrib, starts, axis=0) + self.bias

    def predict(self, texts: Sequence[str], normalized: bool = False) -> dict[str, np.ndarray]:
        """Calibrated probabilities in [0, 1], one array of len(texts) per attribute."""
        z = self.logits(texts, normalized=normalized) * self.calibration[:, 0] + self.calibration[:, 1]
        probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return {name: probs[:, j] for j, name in enumerate(self.attributes)}


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
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ArtifactError(f"model artifact {path} is unreadable: {exc}") from exc
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ArtifactError(
            f"model artifact {path} was built with feature version {meta.get('feature_version')}, "
            f"this code uses {FEATURE_VERSION}; run `modbot train`"
        )
    spec = FeatureSpec(**meta["feature_spec"])
    return BundledModel(weights, bias, calibration, spec, meta["attributes"], artifact_version(path), meta)


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> BundledModel:
    return load_model_file(path)


def load_bundled_model(path: Path | str | None = None) -> BundledModel:
    """The bundled model (cached per path); defaults to the artifact shipped in bot/data/."""
    return _load_cached(Path(path).resolve() if path is not None else ARTIFACT_PATH)
