"""The hand-written training comments: every line usable, labels as the category says, the newest blind set unread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.scoring import corpus
from bot.scoring.corpus import CorpusError, load_corpus, read_file

DATA = Path(__file__).resolve().parent / "data"


def test_every_training_file_parses_and_is_labelled() -> None:
    comments = load_corpus()
    sources = {c.source for c in comments}
    assert {"pages_police_pages_a", "pages_police_pages_b"} <= sources
    assert len(comments) > 1400
    for c in comments:
        assert c.text and c.split in {"train", "val"}
        assert set(c.labels) <= {
            "toxicity", "severe_toxicity", "insult", "identity_attack", "threat", "sexual",
            "report_crime", "report_emergency",
        }  # fmt: skip
    val = sum(c.split == "val" for c in comments) / len(comments)
    assert 0.12 < val < 0.28


def test_the_live_blind_sets_are_never_training_data() -> None:
    """The honest figures come from the blind set not yet retired (p): training reads not a line of it."""
    live = [p for p in sorted(DATA.glob("fresh_2026_12*.jsonl")) if p.name not in corpus.RETIRED_BLIND_SETS]
    assert {p.name for p in live} >= {"fresh_2026_12p.jsonl"}
    trained = {c.text.lower() for c in load_corpus()}
    for path in live:
        blind = {json.loads(line)["text"].strip().lower() for line in path.read_text().splitlines() if line}
        assert not blind & trained, path.name


def test_must_stay_up_comments_teach_no_harm() -> None:
    stay_up = [c for c in load_corpus() if c.must_stay_up]
    assert len(stay_up) > 700
    for c in stay_up:
        assert "toxicity" not in c.labels  # profane criticism: whether it is "toxic" is taste, so unknown
        assert (
            c.labels["insult"]
            == c.labels["threat"]
            == c.labels["identity_attack"]
            == c.labels["sexual"]
            == 0.0
        )
        assert c.labels["report_crime"] == c.labels["report_emergency"] == 0.0


def test_labels_follow_the_category(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    rows = [
        {
            "text": "the guy in the red hoodie is pulling on car doors at Target right now",
            "category": "crime_report",
        },
        {"text": "you better watch your back when you leave the station", "category": "threat"},
        {"text": "damn this heat, pinche calor", "category": "vulgarity", "must_stay_up": True},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    crime, threat, profanity = list(read_file(path, "t"))
    assert crime.labels["report_crime"] == 1.0 and crime.labels["threat"] == 0.0
    assert threat.labels["threat"] == 1.0 and threat.labels["report_crime"] == 0.0
    assert "insult" not in threat.labels  # unknown, not negative: a threat may or may not insult
    assert profanity.labels["insult"] == 0.0 and "toxicity" not in profanity.labels


def test_the_split_is_by_content_and_stable(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    line = json.dumps({"text": "Gracias oficial Baca por ayudar a mi mama", "category": "none"})
    a.write_text(line + "\n")
    b.write_text("\n\n" + line + "\n")
    assert next(read_file(a, "a")).split == next(read_file(b, "b")).split


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"text": "", "category": "none"}), "no text"),
        (json.dumps({"text": "hola", "category": "rudeness"}), "unknown category 'rudeness'"),
        (json.dumps({"text": "hola", "category": "none", "must_stay_up": False}), "must_stay_up is false"),
    ],
)
def test_a_bad_line_is_refused_with_its_place(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "ok", "category": "none"}) + "\n" + line + "\n")
    with pytest.raises(CorpusError, match=rf"bad\.jsonl:2: .*{message}"):
        list(read_file(path, "bad"))
