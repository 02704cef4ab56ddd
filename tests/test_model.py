"""The bundled toxicity model: artifact, predictions, and the training code path on a tiny synthetic set."""

from __future__ import annotations

import csv
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli.scoring import train_command
from bot.scoring.features import FeatureSpec, featurize, normalize_comment
from bot.scoring.model import (
    ARTIFACT_PATH,
    ArtifactError,
    load_bundled_model,
    load_model_file,
    save_artifact,
)

REQUIRED = ("toxicity", "severe_toxicity", "insult", "identity_attack", "threat", "sexual")


@pytest.fixture(scope="module")
def model():
    return load_bundled_model()


def test_artifact_is_small_and_loads_fast():
    assert ARTIFACT_PATH.stat().st_size <= 10_000_000
    started = time.perf_counter()
    fresh = load_model_file(ARTIFACT_PATH)
    assert time.perf_counter() - started < 1.0
    assert set(REQUIRED) <= set(fresh.attributes)


def test_load_is_cached_and_version_is_the_artifact_hash(model):
    assert load_bundled_model() is model
    assert load_bundled_model(ARTIFACT_PATH) is model
    assert model.version == hashlib.sha256(ARTIFACT_PATH.read_bytes()).hexdigest()[:16]
    assert set(model.thresholds) == set(model.attributes)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())


def test_outputs_are_probabilities_shaped_per_batch(model):
    texts = ["thank you for your help today", "", "!!!", "you are an idiot", "x" * 5000]
    probs = model.predict(texts)
    assert set(probs) == set(model.attributes)
    for values in probs.values():
        assert values.shape == (len(texts),)
        assert np.all((values >= 0) & (values <= 1))
    empty = model.predict([])
    assert all(v.shape == (0,) for v in empty.values())


def test_batch_equals_single(model):
    texts = ["I am a proud Muslim woman", "someone should hang that traitor", "what time do you open?", ""]
    batch = model.predict(texts)
    for i, text in enumerate(texts):
        single = model.predict([text])
        for attr in model.attributes:
            assert single[attr][0] == pytest.approx(batch[attr][i], abs=1e-6)


def test_violent_threat_outscores_harmless_sentence(model):
    probs = model.predict(
        ["someone should hang that traitor and his whole family", "thanks for keeping the roads safe tonight"]
    )
    assert probs["threat"][0] > 0.5 > probs["threat"][1]
    assert probs["threat"][0] - probs["threat"][1] > 0.5


@pytest.mark.xfail(
    strict=True,
    reason="known defect (MODEL_CARD.md): event announcements with a time read as menace (0.56-0.68); "
    "the everyday_schedules family halved it but not below the policy's urgent-flag threshold",
)
def test_event_announcements_are_not_threats(model):
    probs = model.predict(["the parade starts at noon", "the fireworks start at 9 tonight"])
    assert max(probs["threat"]) < 0.2


def test_identity_attack_outscores_self_identification(model):
    probs = model.predict(["muslims are filthy terrorists and subhuman animals", "I am a proud Muslim woman"])
    assert probs["identity_attack"][0] > probs["identity_attack"][1] + 0.3
    assert probs["toxicity"][1] < 0.2


def test_insult_and_sexual_go_the_right_way(model):
    probs = model.predict(["you are an idiot and a coward", "send me naked pics", "thank you officers"])
    assert probs["insult"][0] > 0.8 > 0.2 > probs["insult"][2]
    assert probs["sexual"][1] > 0.5 > 0.1 > probs["sexual"][0]


def test_spanish_threat_and_neutral_identity(model):
    probs = model.predict(["te voy a matar", "soy mexicana y orgullosa"])
    assert probs["threat"][0] > 0.5 > 0.1 > probs["threat"][1]
    assert probs["toxicity"][1] < 0.2


def test_ngram_block_reads_folded_text_like_raw_text(model):
    # The default scorer passes lowercased, evasion-folded text to the n-grams: punctuation and case must not
    # matter there. The encoder and context blocks are held fixed to isolate the n-gram block.
    emb = model.embed(["you are an idiot"])
    ctx = np.zeros((1, len(model.context_inputs)), dtype=np.float32)
    raw = model.predict(["YOU ARE AN IDIOT!!! @cop123 https://t.co/abc"], embeddings=emb, context=ctx)
    folded = model.predict(["you are an idiot xuser xurl"], embeddings=emb, context=ctx)
    pre = model.predict(
        [normalize_comment("YOU ARE AN IDIOT!!! @cop123 https://t.co/abc")],
        normalized=True,
        embeddings=emb,
        context=ctx,
    )
    for attr in model.attributes:
        assert raw[attr][0] == pytest.approx(folded[attr][0], abs=1e-6)
        assert raw[attr][0] == pytest.approx(pre[attr][0], abs=1e-6)


def test_the_model_reads_the_embedding_and_the_context(model):
    assert model.uses_encoder and model.embed_weights.shape == (512, len(model.attributes))
    assert list(model.context_inputs) == [
        "institution_target",
        "counter_speech",
        "self_identity",
        "negated",
        "slur",
    ]
    assert model.mlp is not None
    assert model.mlp["mlp_w1"].shape[:2] == (len(model.attributes), 512 + len(model.context_inputs))
    with pytest.raises(ValueError, match="embeddings shape"):
        model.predict(["one", "two"], embeddings=np.zeros((1, 512), dtype=np.float32))


def test_normalize_comment_handles_tweet_artefacts():
    assert normalize_comment("RT @bob: So GOOOOD &amp;amp; #BlueLivesMatter https://t.co/x") == (
        "xuser so good blue lives matter xurl"
    )
    assert normalize_comment("Él está aquí, ¿sí?") == "el esta aqui si"


def test_features_are_stable_and_rows_sorted():
    spec = FeatureSpec(word_bits=12, char_bits=12)
    rows, cols, values = featurize(["hello world", "", "hello"], spec)
    assert np.all(np.diff(rows) >= 0)
    assert set(rows.tolist()) == {0, 1, 2}
    assert cols.max() < spec.n_features
    again = featurize(["hello world", "", "hello"], spec)
    assert np.array_equal(cols, again[1]) and np.array_equal(values, again[2])
    # Each document's word block and char block are unit length.
    word = cols < (1 << spec.word_bits)
    assert np.sum(values[(rows == 0) & word] ** 2) == pytest.approx(1.0, rel=1e-5)
    assert np.sum(values[(rows == 0) & ~word] ** 2) == pytest.approx(1.0, rel=1e-5)


def test_missing_and_incompatible_artifacts_raise(tmp_path):
    with pytest.raises(ArtifactError, match="not found"):
        load_model_file(tmp_path / "nope.npz")
    path = tmp_path / "old.npz"
    spec = FeatureSpec(word_bits=4, char_bits=4)
    arrays = {
        "weights": np.zeros((spec.n_features, 1), dtype=np.float16),
        "bias": np.zeros(1, dtype=np.float32),
        "calibration": np.array([[1.0, 0.0]], dtype=np.float32),
    }
    meta = {
        "attributes": ["toxicity"],
        "feature_version": -1,
        "feature_spec": {"word_bits": 4, "char_bits": 4},
    }
    save_artifact(path, arrays, meta)
    with pytest.raises(ArtifactError, match="feature version"):
        load_model_file(path)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ArtifactError, match="unreadable"):
        load_model_file(tmp_path / "junk.npz")


# --- training code path on a synthetic miniature of the four sources ----------------------------------
# Made-up marker words stand in for abuse ("zorgblat") so the fixture carries no offensive text.


def _write_tiny_sources(root: Path) -> None:
    rng = np.random.default_rng(0)
    filler = ["today", "street", "people", "news", "game", "weather", "really", "think", "again", "city"]

    def sentence(marker: str | None) -> str:
        words = list(rng.choice(filler, size=5))
        if marker:
            words.insert(int(rng.integers(0, 5)), marker)
        return " ".join(words)

    (root / "davidson").mkdir(parents=True)
    with open(root / "davidson" / "labeled_data.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"])
        for i in range(120):
            cls = i % 3
            marker = {0: "grobnik zorgblat", 1: "zorgblat", 2: None}[cls]
            writer.writerow([i, 3, 0, 0, 0, cls, "RT @someone: " + sentence(marker)])
    for task, marker in (("hate", "grobnik"), ("offensive", "zorgblat")):
        base = root / "tweeteval" / task
        base.mkdir(parents=True)
        for split, n in (("train", 80), ("val", 40)):
            labels = [i % 2 for i in range(n)]
            texts = [sentence(marker if y else None) for y in labels]
            (base / f"{split}_text.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
            (base / f"{split}_labels.txt").write_text("\n".join(map(str, labels)) + "\n", encoding="utf-8")
    (root / "threatgram").mkdir()
    rows = [{"reply": sentence("krumbash" if i % 3 == 2 else None), "Label": i % 3} for i in range(150)]
    (root / "threatgram" / "labeled_15076.json").write_text(json.dumps(rows), encoding="utf-8")


def test_train_command_end_to_end_is_deterministic(tmp_path):
    pytest.importorskip("sklearn")
    data = tmp_path / "data"
    _write_tiny_sources(data)
    runner = CliRunner()
    cache = tmp_path / "embeddings.npz"  # shared: the second run must give the same bytes from the cache
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name / "model.npz"
        result = runner.invoke(
            train_command,
            ["--data-dir", str(data), "--out", str(out), "--no-bias-report", "--cache", str(cache)],
        )
        assert result.exit_code == 0, (result.output, repr(result.exception))
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    metrics = json.loads(outs[0].with_suffix(".metrics.json").read_text())
    assert metrics["version"] == load_model_file(outs[0]).version
    assert metrics["metrics"]["toxicity"]["roc_auc"] > 0.9

    trained = load_model_file(outs[0])
    probs = trained.predict(["the weather today zorgblat", "the weather today", "people krumbash street"])
    assert probs["toxicity"][0] > probs["toxicity"][1]
    assert probs["threat"][2] > probs["threat"][1]


def test_train_command_rejects_missing_data(tmp_path):
    result = CliRunner().invoke(
        train_command, ["--data-dir", str(tmp_path), "--out", str(tmp_path / "m.npz")]
    )
    assert result.exit_code != 0
    assert "no labeled data" in result.output


def test_encoder_drops_to_one_thread_when_busy_and_the_embedding_does_not_change(monkeypatch):
    from bot.scoring import encoder as enc

    monkeypatch.delenv("MODBOT_ENCODER_THREADS", raising=False)
    shared = enc.shared_encoder()
    texts = ["I will find you and hurt you", "Gracias por su servicio", "k1ll all c0ps " * 30]
    fresh = enc.SentenceEncoder(threads=None)
    fresh._model = shared._loaded()  # the 65 MB table is loaded once per process
    fresh.threads = 2
    monkeypatch.setattr(enc, "busy_cpus", lambda: False)
    assert fresh.threads_now() == 2
    two = fresh.encode(texts)
    fresh._busy_checked = float("-inf")
    monkeypatch.setattr(enc, "busy_cpus", lambda: True)
    assert fresh.threads_now() == 1
    one = fresh.encode(texts)
    # Bit-identical on some CPUs; on others OpenBLAS blocks a one-thread product differently (measured 8.9e-8).
    assert np.allclose(one, two, rtol=0, atol=1e-6)
    assert enc.SentenceEncoder(threads=2).threads_now() == 2  # a count given is kept, busy or not
    monkeypatch.setenv("MODBOT_ENCODER_THREADS", "2")
    assert enc.SentenceEncoder().threads_now() == 2
