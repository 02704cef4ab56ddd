"""Detoxify backend: a tiny random checkpoint in Detoxify's format, scored offline with chunking."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from bot.scoring.base import ALL_SIGNALS, ScoreInput  # noqa: E402
from bot.scoring.detoxify_backend import (  # noqa: E402
    LABEL_TO_SIGNAL,
    DetoxifyError,
    DetoxifyScorer,
)

ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
WORDS = [
    "the",
    "a",
    "you",
    "are",
    "i",
    "will",
    "officer",
    "police",
    "thank",
    "help",
    "today",
    "street",
    "city",
    "idiot",
    "coward",
    "threat",
    "kill",
    "good",
    "bad",
    "news",
    "people",
    "time",
    "what",
    "when",
    "where",
    "is",
    "it",
    "to",
    "and",
    "of",
    "in",
    "on",
    "for",
    "not",
    "this",
    "that",
]


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def _record(self) -> None:
        type(self).requests.append(f"{self.command} {self.path}")
        self.send_response(503)
        self.end_headers()

    do_GET = do_HEAD = do_POST = do_CONNECT = _record

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        return


@pytest.fixture
def hub_trap(monkeypatch):
    """A loopback server standing in for the hub and any proxy: it records every request it gets."""
    _RecordingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(var, url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    yield _RecordingHandler.requests
    server.shutdown()
    server.server_close()


def build_tiny_detoxify(
    root: Path, model_type: str = "bert-base-uncased", seed: int = 0
) -> tuple[Path, Path]:
    """Write a randomly initialised 2-layer BERT in Detoxify's checkpoint format plus its HF config dir."""
    config_dir = root / "hf-config"
    config_dir.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *"abcdefghijklmnopqrstuvwxyz"]
    vocab += ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"]
    (config_dir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(vocab_file=str(config_dir / "vocab.txt"), model_max_length=64)
    tokenizer.save_pretrained(str(config_dir))
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=64,
        num_labels=len(ORIGINAL_CLASSES),
    )
    config.save_pretrained(str(config_dir))
    torch.manual_seed(seed)
    model = transformers.BertForSequenceClassification(config)
    checkpoint = root / "toxic_tiny.ckpt"
    torch.save(
        {
            "config": {
                "arch": {
                    "args": {
                        "model_type": model_type,
                        "model_name": "BertForSequenceClassification",
                        "tokenizer_name": "BertTokenizer",
                        "num_classes": len(ORIGINAL_CLASSES),
                    }
                },
                "dataset": {"args": {"classes": ORIGINAL_CLASSES}},
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    return checkpoint, config_dir


@pytest.fixture(scope="module")
def tiny_files(tmp_path_factory):
    return build_tiny_detoxify(tmp_path_factory.mktemp("detoxify"))


def test_scores_offline_with_signals_in_range(tiny_files, hub_trap):
    checkpoint, config_dir = tiny_files
    scorer = DetoxifyScorer(checkpoint=checkpoint, config_dir=config_dir, batch_size=3)
    assert scorer.class_names == [
        "toxicity",
        "severe_toxicity",
        "obscene",
        "threat",
        "insult",
        "identity_attack",
    ]
    items = [
        ScoreInput(text="thank you officer"),
        ScoreInput(text="you are an idiot"),
        ScoreInput(text=""),
        ScoreInput(text="zzz"),
    ]
    results = scorer.score_batch(items)
    assert len(results) == len(items)
    expected = {"toxicity", "severe_toxicity", "obscenity", "threat", "insult", "identity_attack"}
    for scores in results:
        assert set(scores) == expected
        assert set(scores) <= set(ALL_SIGNALS)
        assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert results[0] != results[1]  # a random model still tells different inputs apart
    assert scorer.score("thank you officer") == pytest.approx(results[0])
    assert hub_trap == []


def test_long_comment_is_chunked_and_scored_by_its_worst_window(tiny_files, hub_trap):
    checkpoint, config_dir = tiny_files
    scorer = DetoxifyScorer(checkpoint=checkpoint, config_dir=config_dir, batch_size=4)
    assert scorer.max_length == 64
    # Find the short phrase this random model scores highest on, then bury it in a long comment.
    phrases = [" ".join(WORDS[i : i + 4]) for i in range(0, len(WORDS) - 4, 2)]
    raw = scorer.predict_labels(phrases)
    worst = max(range(len(phrases)), key=lambda i: raw[i]["threat"])
    filler = "the city street news today is good " * 30  # ~210 tokens: several windows
    long_text = filler + phrases[worst] + " " + filler
    windows = scorer.windows(long_text)
    assert len(windows) >= 4
    assert all(len(w) <= 64 for w in windows)
    n_tokens = len(scorer.tokenizer(long_text, add_special_tokens=False)["input_ids"])
    covered = sum(len(w) - 2 for w in windows) - scorer.overlap * (len(windows) - 1)
    assert covered == n_tokens  # every token lands in some window: nothing silently truncated

    long_scores = scorer.predict_labels([long_text])[0]
    per_window = []
    for w in windows:
        enc = scorer.tokenizer.pad({"input_ids": [w]}, return_tensors="pt")
        with torch.inference_mode():
            per_window.append(torch.sigmoid(scorer.model(**enc).logits)[0])
    expected = torch.stack(per_window).max(dim=0).values
    assert [long_scores[c] for c in scorer.class_names] == pytest.approx(expected.tolist(), abs=1e-5)
    # Batched together with short comments the long one gets the same scores.
    mixed = scorer.predict_labels(["thank you", long_text, "help"])[1]
    assert mixed == pytest.approx(long_scores, abs=1e-5)
    assert hub_trap == []


def test_matches_detoxify_itself_when_its_config_is_local(tmp_path, hub_trap):
    """Same checkpoint through detoxify's own loader (possible offline only when model_type is a local
    path, which real Detoxify checkpoints never have) gives the same probabilities: the format matches."""
    detoxify = pytest.importorskip("detoxify")
    root = tmp_path / "local"
    root.mkdir()
    checkpoint, config_dir = build_tiny_detoxify(
        root, model_type=str(tmp_path / "local" / "hf-config"), seed=1
    )
    theirs = detoxify.Detoxify(checkpoint=str(checkpoint), huggingface_config_path=str(config_dir))
    ours = DetoxifyScorer(checkpoint=checkpoint, config_dir=config_dir)
    texts = ["thank you officer", "you are an idiot and a coward"]
    expected = theirs.predict(texts)
    got = ours.predict_labels(texts)
    for i in range(len(texts)):
        for label in ours.class_names:
            assert got[i][label] == pytest.approx(expected[label][i], abs=1e-5)
    assert hub_trap == []


def test_hub_model_type_is_never_resolved(tmp_path, hub_trap):
    """Detoxify 0.5 fetches the config of arch.model_type from the hub; we build from local files."""
    checkpoint, config_dir = build_tiny_detoxify(tmp_path, model_type="unitary/not-on-this-machine")
    scorer = DetoxifyScorer(checkpoint=checkpoint, config_dir=config_dir)
    assert 0.0 <= scorer.score("hello")["toxicity"] <= 1.0
    assert hub_trap == []


def test_options_from_environment(tiny_files, monkeypatch, hub_trap):
    checkpoint, config_dir = tiny_files
    monkeypatch.setenv("MODBOT_DETOXIFY_CHECKPOINT", str(checkpoint))
    monkeypatch.setenv("MODBOT_DETOXIFY_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("MODBOT_DETOXIFY_BATCH_SIZE", "2")
    scorer = DetoxifyScorer()
    assert scorer.options.batch_size == 2
    assert scorer.options.checkpoint == checkpoint


def test_missing_configuration_and_files_fail_clearly(tmp_path, monkeypatch, tiny_files):
    monkeypatch.delenv("MODBOT_DETOXIFY_CHECKPOINT", raising=False)
    monkeypatch.delenv("MODBOT_DETOXIFY_CONFIG_DIR", raising=False)
    with pytest.raises(DetoxifyError, match="MODBOT_DETOXIFY_CHECKPOINT"):
        DetoxifyScorer()
    checkpoint, config_dir = tiny_files
    with pytest.raises(DetoxifyError, match="not found"):
        DetoxifyScorer(checkpoint=tmp_path / "missing.ckpt", config_dir=config_dir)
    with pytest.raises(DetoxifyError, match="config.json"):
        DetoxifyScorer(checkpoint=checkpoint, config_dir=tmp_path)
    bogus = tmp_path / "bogus.ckpt"
    torch.save({"state_dict": {}}, bogus)
    with pytest.raises(DetoxifyError, match="'config'"):
        DetoxifyScorer(checkpoint=bogus, config_dir=config_dir)


def test_label_map_targets_known_signals():
    assert set(LABEL_TO_SIGNAL.values()) <= set(ALL_SIGNALS)
    assert LABEL_TO_SIGNAL["sexual_explicit"] == "sexual"
    assert LABEL_TO_SIGNAL["obscene"] == "obscenity"
