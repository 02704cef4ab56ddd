"""Optional Detoxify scorer: a Detoxify checkpoint run fully offline from local files, long comments chunked."""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.scoring.base import ALL_SIGNALS, ScoreInput, Scorer

log = logging.getLogger(__name__)

CHECKPOINT_ENV = "MODBOT_DETOXIFY_CHECKPOINT"
CONFIG_DIR_ENV = "MODBOT_DETOXIFY_CONFIG_DIR"
DEVICE_ENV = "MODBOT_DETOXIFY_DEVICE"
BATCH_SIZE_ENV = "MODBOT_DETOXIFY_BATCH_SIZE"
TRUST_PICKLE_ENV = "MODBOT_DETOXIFY_TRUST_PICKLE"

# Detoxify's own renames (detoxify.load_checkpoint), then ours onto the policy signals.
_DETOXIFY_RENAMES = {
    "toxic": "toxicity",
    "identity_hate": "identity_attack",
    "severe_toxic": "severe_toxicity",
}
LABEL_TO_SIGNAL = {
    "toxicity": "toxicity",
    "severe_toxicity": "severe_toxicity",
    "obscene": "obscenity",
    "threat": "threat",
    "insult": "insult",
    "identity_attack": "identity_attack",
    "sexual_explicit": "sexual",
}
# The architectures Detoxify ships; anything else in a checkpoint is refused rather than getattr'd blindly.
_MODEL_CLASSES = {
    "BertForSequenceClassification",
    "RobertaForSequenceClassification",
    "XLMRobertaForSequenceClassification",
    "AlbertForSequenceClassification",
}
_TOKENIZER_CLASSES = {"BertTokenizer", "RobertaTokenizer", "XLMRobertaTokenizer", "AlbertTokenizer"}
# Buffers that some transformers versions persist and others don't; their absence changes nothing.
_IGNORABLE_KEYS = ("position_ids", "token_type_ids")


class DetoxifyError(RuntimeError):
    """The Detoxify backend cannot be built: missing packages, files, or an unusable checkpoint."""


@dataclass(kw_only=True, frozen=True, slots=True)
class DetoxifyOptions:
    checkpoint: Path
    config_dir: Path
    device: str = "cpu"
    batch_size: int = 16
    window_overlap: int = 32
    trust_pickle: bool = False

    @classmethod
    def from_env(
        cls,
        checkpoint: str | Path | None = None,
        config_dir: str | Path | None = None,
        device: str | None = None,
        batch_size: int | None = None,
        trust_pickle: bool | None = None,
    ) -> DetoxifyOptions:
        """Constructor arguments win; otherwise MODBOT_DETOXIFY_* environment variables."""
        ckpt = checkpoint or os.environ.get(CHECKPOINT_ENV)
        cfg = config_dir or os.environ.get(CONFIG_DIR_ENV)
        if not ckpt or not cfg:
            raise DetoxifyError(
                f"the detoxify scorer needs a local checkpoint and HuggingFace config directory: "
                f"set {CHECKPOINT_ENV} and {CONFIG_DIR_ENV}"
            )
        if trust_pickle is None:
            trust_pickle = os.environ.get(TRUST_PICKLE_ENV, "") == "1"
        return cls(
            checkpoint=Path(ckpt),
            config_dir=Path(cfg),
            device=device or os.environ.get(DEVICE_ENV, "cpu"),
            batch_size=batch_size or int(os.environ.get(BATCH_SIZE_ENV, "16")),
            trust_pickle=trust_pickle,
        )


def _import_torch_transformers() -> tuple[Any, Any]:
    # Offline before transformers/huggingface_hub are imported: they read these at import time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise DetoxifyError(
            f"the detoxify scorer needs the 'detoxify' extra (torch, transformers): {exc}"
        ) from exc
    return torch, transformers


def load_detoxify_checkpoint(options: DetoxifyOptions) -> tuple[Any, Any, list[str]]:
    """Build (model, tokenizer, class names) from local files only.

    detoxify.load_checkpoint would call `config_class.from_pretrained(model_type)` on the hub even when
    given a local config path, so the model is built here from the local config and the checkpoint's
    state_dict, and the tokenizer is read from the same local directory.
    """
    torch, transformers = _import_torch_transformers()
    if not options.checkpoint.is_file():
        raise DetoxifyError(f"detoxify checkpoint not found: {options.checkpoint}")
    if not (options.config_dir / "config.json").is_file():
        raise DetoxifyError(f"no config.json in the detoxify config directory {options.config_dir}")
    try:
        loaded = torch.load(
            options.checkpoint, map_location=options.device, weights_only=not options.trust_pickle
        )
    except (pickle.UnpicklingError, RuntimeError, OSError, EOFError, ValueError) as exc:
        hint = "" if options.trust_pickle else f" (if you trust the file, set {TRUST_PICKLE_ENV}=1)"
        raise DetoxifyError(f"cannot read detoxify checkpoint {options.checkpoint}: {exc}{hint}") from exc
    if not isinstance(loaded, dict) or "config" not in loaded or "state_dict" not in loaded:
        raise DetoxifyError("a Detoxify checkpoint must hold the training 'config' and the 'state_dict'")
    try:
        arch = loaded["config"]["arch"]["args"]
        classes = list(loaded["config"]["dataset"]["args"]["classes"])
    except (KeyError, TypeError) as exc:
        raise DetoxifyError(f"checkpoint config lacks arch.args or dataset.args.classes: {exc}") from exc
    model_name = arch.get("model_name")
    tokenizer_name = arch.get("tokenizer_name")
    if model_name not in _MODEL_CLASSES or tokenizer_name not in _TOKENIZER_CLASSES:
        raise DetoxifyError(f"unsupported Detoxify architecture {model_name}/{tokenizer_name}")
    model_class = getattr(transformers, model_name)
    config = model_class.config_class.from_pretrained(
        str(options.config_dir), num_labels=int(arch["num_classes"]), local_files_only=True
    )
    model = model_class(config)
    state_dict = dict(loaded["state_dict"])
    if all(k.startswith("model.") for k in state_dict):  # Lightning modules keep the network as .model
        state_dict = {k[len("model.") :]: v for k, v in state_dict.items()}
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    bad = [k for k in list(missing) + list(unexpected) if not k.endswith(_IGNORABLE_KEYS)]
    if bad:
        raise DetoxifyError(f"checkpoint does not fit the config in {options.config_dir}: {sorted(bad)[:5]}")
    model.to(options.device)
    model.eval()
    tokenizer = getattr(transformers, tokenizer_name).from_pretrained(
        str(options.config_dir), local_files_only=True
    )
    return model, tokenizer, [_DETOXIFY_RENAMES.get(c, c) for c in classes]


class DetoxifyScorer(Scorer):
    """Scores comments with a Detoxify model; every label we know maps onto a policy signal."""

    name = "detoxify"

    def __init__(
        self,
        *,
        checkpoint: str | Path | None = None,
        config_dir: str | Path | None = None,
        device: str | None = None,
        batch_size: int | None = None,
        trust_pickle: bool | None = None,
        max_length: int | None = None,
    ) -> None:
        self.options = DetoxifyOptions.from_env(checkpoint, config_dir, device, batch_size, trust_pickle)
        self._torch, _ = _import_torch_transformers()
        self.model, self.tokenizer, self.class_names = load_detoxify_checkpoint(self.options)
        self.signals = [LABEL_TO_SIGNAL.get(c) for c in self.class_names]
        self.max_length = max_length or self._model_max_length()
        self._prefix, self._suffix = self._special_tokens()
        self.window = self.max_length - len(self._prefix) - len(self._suffix)
        if self.window < 8:
            raise DetoxifyError(f"max_length {self.max_length} leaves no room for text")
        self.overlap = min(self.options.window_overlap, self.window // 4)
        # torch modules are not documented as safe for concurrent forward passes; serialise them.
        self._lock = threading.Lock()

    def _model_max_length(self) -> int:
        config = self.model.config
        limit = int(getattr(config, "max_position_embeddings", 512))
        if config.model_type in ("roberta", "xlm-roberta"):
            limit -= 2  # RoBERTa positions start after the padding index
        tok_limit = int(getattr(self.tokenizer, "model_max_length", limit) or limit)
        return min(limit, tok_limit) if tok_limit < 100_000 else limit

    def _special_tokens(self) -> tuple[list[int], list[int]]:
        """The ids a tokenizer puts before and after one sequence ([CLS] … [SEP], <s> … </s>).

        Learned from the tokenizer's own output because transformers 5 dropped
        build_inputs_with_special_tokens from the fast tokenizers.
        """
        plain = self.tokenizer("hello", add_special_tokens=False)["input_ids"]
        full = self.tokenizer("hello")["input_ids"]
        for pos in range(len(full) - len(plain) + 1):
            if full[pos : pos + len(plain)] == plain:
                return list(full[:pos]), list(full[pos + len(plain) :])
        raise DetoxifyError("cannot tell where the tokenizer puts its special tokens")

    def windows(self, text: str) -> list[list[int]]:
        """Token windows covering the whole comment (overlapping), each with special tokens added."""
        ids = self.tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
        step = self.window - self.overlap
        starts = range(0, max(len(ids) - self.overlap, 1), step)
        return [self._prefix + list(ids[s : s + self.window]) + self._suffix for s in starts]

    def predict_labels(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Raw Detoxify label probabilities per comment: the max over that comment's windows."""
        torch = self._torch
        owners: list[int] = []
        chunks: list[list[int]] = []
        for i, text in enumerate(texts):
            for window in self.windows(text):
                owners.append(i)
                chunks.append(window)
        best = torch.zeros((len(texts), len(self.class_names)))
        with self._lock, torch.inference_mode():
            for start in range(0, len(chunks), self.options.batch_size):
                batch = chunks[start : start + self.options.batch_size]
                enc = self.tokenizer.pad(
                    {"input_ids": batch}, return_tensors="pt", return_attention_mask=True
                )
                enc = {k: v.to(self.options.device) for k, v in enc.items()}
                probs = torch.sigmoid(self.model(**enc).logits).float().cpu()
                for row, owner in enumerate(owners[start : start + self.options.batch_size]):
                    best[owner] = torch.maximum(best[owner], probs[row])
        return [dict(zip(self.class_names, row.tolist(), strict=True)) for row in best]

    def score_batch(self, items: Sequence[ScoreInput]) -> list[dict[str, float]]:
        raw = self.predict_labels([item.text for item in items])
        out = []
        for labels in raw:
            scores: dict[str, float] = {}
            for name, signal in zip(self.class_names, self.signals, strict=True):
                if signal is not None and signal in ALL_SIGNALS:
                    scores[signal] = max(scores.get(signal, 0.0), float(labels[name]))
            out.append(scores)
        return out
