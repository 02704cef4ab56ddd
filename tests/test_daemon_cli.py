"""`modbot bench cycle` (small, as a smoke test of the measuring harness) and `modbot status --db`."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main


def test_bench_cycle_small_run_prints_figures_and_status_reads_its_database(tmp_path: Path) -> None:
    keep = tmp_path / "bench"
    result = CliRunner().invoke(
        main,
        ["bench", "cycle", "--posts", "2", "--comments", "30", "--platform", "facebook", "--platform", "reddit",
         "--action-share", "0.2", "--keep", str(keep)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"comments:\s+120\b", out)
    assert re.search(r"throughput:\s+\d+ comments/s", out)
    assert re.search(r"API calls:\s+\d+ \(\d+\.\d+ per comment", out)
    assert re.search(r"peak RSS \(daemon\):\s+\d+ MB", out)
    assert "hide:done" in out and "lcpd-reddit" in out and "lcpd-facebook" in out

    status = CliRunner().invoke(main, ["status", "--db", str(keep / "bench.db")])
    assert status.exit_code == 0, status.output
    assert "lcpd-facebook (facebook " in status.output and "state:        ok since" in status.output
    assert re.search(r"actions:\s+0 pending, \d+ done, 0 failed", status.output)
    assert CliRunner().invoke(main, ["status", "--db", str(keep / "bench.db"), "--check"]).exit_code == 0


def test_status_without_a_database_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["status", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no database" in result.output
