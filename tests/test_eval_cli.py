"""`modbot eval` and `modbot bench score`: they run, print the figures, and --strict fails on removed speech."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.bench import bench_score_command
from bot.cli.scoring import eval_command
from bot.scoring.evaluate import LabelledSetError, load_test_set

from .conftest_scoring import POLICY_DIR
from .test_testset import BEHAVIOURS as TEST_SET


def write_cases(path: Path, cases: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    return path


def test_eval_prints_the_figures_on_the_bundled_set() -> None:
    result = CliRunner().invoke(eval_command, [str(TEST_SET), "--policy", str(POLICY_DIR), "--strict"])
    assert result.exit_code == 0, result.output
    for needle in (
        "precision",
        "recall",
        "decision accuracy",
        "urgent recall",
        "MUST-STAY-UP COMMENTS HIDDEN OR DELETED: 0",
        "threats_spanish",  # one line per behaviour
    ):
        assert needle in result.output


def test_eval_lists_removed_protected_speech_and_strict_fails(tmp_path: Path) -> None:
    # Deliberately mislabelled: a real threat marked must-stay-up, so the policy hides a "protected" case.
    cases = write_cases(
        tmp_path / "cases.jsonl",
        [
            {
                "id": "a",
                "text": "I will shoot the next cop I see",
                "category": "none",
                "acceptable": ["allow"],
                "must_stay_up": True,
            },
            {"id": "b", "text": "Thank you officers", "category": "none", "acceptable": ["allow"]},
        ],
    )
    lenient = CliRunner().invoke(eval_command, [str(cases), "--policy", str(POLICY_DIR)])
    assert lenient.exit_code == 0
    assert "MUST-STAY-UP COMMENTS HIDDEN OR DELETED: 1" in lenient.output
    assert "I will shoot the next cop I see" in lenient.output
    strict = CliRunner().invoke(eval_command, [str(cases), "--policy", str(POLICY_DIR), "--strict"])
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "text": "hi", "category": "nonsense", "acceptable": ["allow"]}', "unknown category"),
        ('{"id": "x", "text": "hi", "category": "none", "acceptable": ["explode"]}', "acceptable"),
        (
            '{"id": "x", "text": "hi", "category": "none", "acceptable": ["hide"], "must_stay_up": true}',
            "must_stay_up",
        ),
        ("not json", "not JSON"),
    ],
)
def test_bad_test_set_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(LabelledSetError, match=message):
        load_test_set(path)
    result = CliRunner().invoke(eval_command, [str(path), "--policy", str(POLICY_DIR)])
    assert result.exit_code != 0 and "bad.jsonl:1" in result.output


def test_bench_score_runs_and_reports_throughput_and_latency() -> None:
    result = CliRunner().invoke(bench_score_command, ["-n", "200", "--batch-size", "32"])
    assert result.exit_code == 0, result.output
    assert "comments/s" in result.output and "p99" in result.output and "p50" in result.output


def test_commands_have_help() -> None:
    assert eval_command.help and bench_score_command.help


def test_bench_score_adversarial_prints_the_worst_case() -> None:
    result = CliRunner().invoke(bench_score_command, ["-n", "50", "--adversarial"])
    assert result.exit_code == 0, result.output
    assert "worst case:" in result.output and "menace cue and harm word" in result.output


def test_adversarial_inputs_reach_the_scan_limit_and_score() -> None:
    from bot.scoring.bench import SCAN_LIMIT_CHARS, adversarial_inputs
    from bot.scoring.default import DefaultScorer

    items = adversarial_inputs()
    assert all(len(item.text) == SCAN_LIMIT_CHARS for _, item in items)
    scores = DefaultScorer(use_model=False).score_batch([item for _, item in items])
    assert all(0.0 <= v <= 1.0 for s in scores for v in s.values())
