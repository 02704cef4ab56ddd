"""The admin page that replays a candidate policy (a directory on the server) over the archive."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import render_template, request

from bot.scoring.registry import SCORER_NAMES
from bot.web.shared import state

POLICY_SUFFIXES = (".yaml", ".yml")


def _candidate_problem(raw: str) -> str | None:
    """Why a policy path typed into the form cannot be replayed (None: it can). Only a directory or a
    YAML file is read, so the form cannot be used to read other files on the server."""
    path = Path(raw)
    if not path.is_absolute():
        return "give the policy directory as an absolute path on the server"
    if path.is_dir():
        return None
    if path.is_file() and path.suffix in POLICY_SUFFIXES:
        return None
    return f"{raw}: not a policy directory or .yaml file on the server"


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def replay_page() -> Any:
    """GET /admin/replay (the admin blueprint routes it, admins only): the form, and with a policy the report."""
    from bot.policy import PolicyError, load_policy
    from bot.replay import replay
    from bot.scoring.registry import build_scorer

    st = state()
    args = request.args
    policy_raw = (args.get("policy") or "").strip()
    scorer = args.get("scorer") or ""
    start, end = _day(args.get("from")), _day(args.get("to"))
    errors: list[str] = []
    report = None
    if scorer and scorer not in SCORER_NAMES:
        errors.append(f"unknown scorer {scorer!r}")
    if policy_raw and not errors:
        problem = _candidate_problem(policy_raw)
        if problem:
            errors.append(problem)
        else:
            try:
                candidate = load_policy(policy_raw)
            except PolicyError as exc:
                errors.extend(exc.errors)
            else:
                result = replay(
                    st.store,
                    candidate,
                    scorer_factory=lambda: build_scorer(scorer or "bundled"),
                    rescore_with=scorer or None,
                    start=start,
                    end=end,
                )
                report = result.as_dict() | {"seconds": result.seconds, "exit_code": result.exit_code}
    return render_template(
        "replay.html",
        report=report,
        errors=errors,
        policy=policy_raw or str(st.policy_dir or ""),
        scorer=scorer,
        scorers=SCORER_NAMES,
        start=args.get("from", ""),
        end=args.get("to", ""),
    )
